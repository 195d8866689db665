#!/usr/bin/env python3
"""Stage hand-over delay of a trivial job, measured through the HTTP API of the product's jar.

Starts the jar in one setup (H2 `serve`, PostgreSQL `serve`, or PostgreSQL `api` + `worker`s) with the bubblewrap
sandbox (ARCHITECT_SANDBOX=bwrap; `--env ARCHITECT_SANDBOX=docker` for Docker), submits trivial jobs
one after the other (the plan creates one file, verify command `true`, no tests required) and reads the stage
timestamps from GET /api/jobs/{id}. Prints one Markdown table row per setup:
  end to end   job created_at -> job finished_at
  to PLAN      job created_at -> PLAN started_at (enqueue -> first stage)
  hop          a stage's started_at - the previous stage's finished_at (the stages that ran, 5 hops per job)
  stage work   sum over stages of finished_at - started_at

usage: bench/hops.py [--jar target/matrix-architect.jar] [--jobs 20] [--warmup 3]
                     [--setups h2,pg,pg-split] [--workers 1] [--label after] [--env KEY=VALUE ...]
The setup code (`product`, `serial`) is shared with bench/suite.py.
Needs: a JDK 21+ (JAVA_HOME or /usr/lib/jvm/temurin-25-jdk-amd64), git, bwrap, psql and PostgreSQL at
127.0.0.1:5432 (trust auth) for the pg setups.
"""
import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import datetime

PASSWORD = "bench-admin-password-1"
PG = os.environ.get("BENCH_PG_HOST", "127.0.0.1")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java_home():
    return os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")


def java():
    return [os.path.join(java_home(), "bin", "java"), "--sun-misc-unsafe-memory-access=allow"]


def run(*cmd, cwd=None):
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="b@x",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="b@x")
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bare_repo(repos):
    work = os.path.join(repos, "work")
    os.makedirs(work)
    run("git", "init", "-q", "-b", "main", work)
    with open(os.path.join(work, "README.md"), "w") as f:
        f.write("bench\n")
    run("git", "add", ".", cwd=work)
    run("git", "commit", "-q", "-m", "init", cwd=work)
    bare = os.path.join(repos, "origin.git")
    run("git", "clone", "-q", "--bare", work, bare)
    return bare


def trivial_job(bare, n):
    return {
        "repo": {"kind": "git", "url": "file://" + bare, "ref": "main"},
        "goal": f"bench job {n}",
        "constraints": {"require_tests": False},
        "plan": {"summary": "one file", "steps": [
            {"id": "s1", "title": "write", "ops": [{"op": "create", "path": f"bench/{n}.txt", "content": "x\n"}]}]},
        "verify": {"commands": ["true"]},
        "auto_execute": True,
    }


class Api:
    def __init__(self, base):
        self.base = base
        self.token = None

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", "Bearer " + self.token)
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())

    def wait_ready(self, procs, seconds=120):
        deadline = time.time() + seconds
        while time.time() < deadline:
            for p, log in procs:
                if p.poll() is not None:
                    sys.exit(f"a process exited early; see {log}")
            try:
                self.call("GET", "/api/health")
                return
            except Exception:
                time.sleep(0.2)
        sys.exit("server did not start")


def start(jar, mode, env, log, java_opts=()):
    out = open(log, "w")
    cmd = java() + list(java_opts) + ["-jar", jar, mode]
    return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT), log


def wait_worker(proc, port):
    p, log = proc
    deadline = time.time() + 300
    while True:
        if p.poll() is not None or time.time() > deadline:
            sys.exit(f"worker did not start; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/health", timeout=5):
                return
        except Exception:
            time.sleep(0.2)


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() * 1000


def measure(job):
    stages = [s for s in job["stages"] if s.get("started_at") and s.get("finished_at")]
    hops, prev = [], None
    for s in stages:
        if prev is not None:
            hops.append(ts(s["started_at"]) - ts(prev["finished_at"]))
        prev = s
    return {
        "e2e": ts(job["finished_at"]) - ts(job["created_at"]),
        "plan": ts(stages[0]["started_at"]) - ts(job["created_at"]),
        "hops": hops,
        "work": sum(ts(s["finished_at"]) - ts(s["started_at"]) for s in stages),
    }


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Product:
    """One running setup of the product: its processes, API client, origin repository and database."""

    def __init__(self, api, bare, procs, db):
        self.api, self.bare, self.procs, self.db = api, bare, procs, db

    def pids(self):
        return [p.pid for p, _ in self.procs]


@contextlib.contextmanager
def product(jar, setup, extra_env=(), workers=1, java_opts=()):
    """Starts `setup` (h2, pg or pg-split with `workers` worker processes) on a fresh data directory and database."""
    root = tempfile.mkdtemp(prefix="bench-hops-")
    repos = os.path.join(root, "repos")
    os.makedirs(repos)
    bare = bare_repo(repos)
    port = free_port()
    env = dict(os.environ, ARCHITECT_DATA_DIR=os.path.join(root, "data"), ARCHITECT_REPO_ROOTS=repos,
               ARCHITECT_ARTIFACTS_DIR=os.path.join(root, "artifacts"), ARCHITECT_ADMIN_PASSWORD=PASSWORD,
               SERVER_PORT=str(port), LOG_LEVEL="WARN", ARCHITECT_SANDBOX="bwrap")
    for kv in extra_env:
        k, v = kv.split("=", 1)
        env[k] = v
    db = None
    if setup.startswith("pg"):
        db = "bench_" + uuid.uuid4().hex[:12]
        subprocess.run(["psql", "-q", "-h", PG, "-U", "postgres", "-d", "test", "-c", f"create database {db}"],
                       check=True)
        env.update(SPRING_DATASOURCE_URL=f"jdbc:postgresql://{PG}:5432/{db}", SPRING_DATASOURCE_USERNAME="postgres",
                   SPRING_DATASOURCE_PASSWORD="")
    procs = []
    api = Api(f"http://127.0.0.1:{port}")
    try:
        if setup == "pg-split":
            procs.append(start(jar, "api", env, os.path.join(root, "api.log"), java_opts))
            api.wait_ready(procs)  # the api process migrates the database first
            for w in range(1, workers + 1):
                worker_port = free_port()
                worker_env = dict(env, SERVER_PORT=str(worker_port), ARCHITECT_DATA_DIR=os.path.join(root, f"w{w}"),
                                  ARCHITECT_WORKER_NAME=f"w{w}")
                procs.append(start(jar, "worker", worker_env, os.path.join(root, f"w{w}.log"), java_opts))
                wait_worker(procs[-1], worker_port)
        else:
            procs.append(start(jar, "serve", env, os.path.join(root, "serve.log"), java_opts))
            api.wait_ready(procs)
        api.token = api.call("POST", "/api/auth/token", {"username": "admin", "password": PASSWORD})["access_token"]
        yield Product(api, bare, procs, db)
    finally:
        for p, _ in procs:
            p.terminate()
        for p, _ in procs:
            p.wait(timeout=60)
        shutil.rmtree(root, ignore_errors=True)
        if db:
            subprocess.run(["psql", "-q", "-h", PG, "-U", "postgres", "-d", "test", "-c", f"drop database {db}"])


TERMINAL = ("succeeded", "failed", "cancelled", "rejected")


def run_one(api, bare, n):
    """Submits trivial job `n`, waits for it and returns the finished job; exits when it did not succeed."""
    job_id = api.call("POST", "/api/jobs", trivial_job(bare, n))["id"]
    deadline = time.time() + 300
    while True:
        job = api.call("GET", f"/api/jobs/{job_id}")
        if job["status"] in TERMINAL:
            break
        if time.time() > deadline:
            sys.exit(f"job {job_id} did not finish: {job['status']}")
        time.sleep(0.05)
    if job["status"] != "succeeded":
        sys.exit(f"job {job_id} {job['status']}: {job.get('error')}")
    return job


def serial(prod, jobs, warmup, first=0):
    """Runs warmup + jobs trivial jobs one after the other; returns the measurements of the last `jobs`."""
    results = []
    for n in range(first, first + warmup + jobs):
        job = run_one(prod.api, prod.bare, n)
        if n >= first + warmup:
            results.append(measure(job))
    return results


def setup_run(setup, args):
    with product(args.jar, setup, args.env, args.workers) as prod:
        return serial(prod, args.jobs, args.warmup)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", default="target/matrix-architect.jar")
    ap.add_argument("--jobs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--setups", default="h2,pg,pg-split")
    ap.add_argument("--workers", type=int, default=1, help="worker processes in the pg-split setup")
    ap.add_argument("--label", default="")
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for every process (e.g. polling)")
    args = ap.parse_args()
    names = {"h2": "H2, `serve`", "pg": "PostgreSQL, `serve`",
             "pg-split": f"PostgreSQL, 1 `api` + {args.workers} `worker`"}
    print("| build | setup | jobs | end to end p50 / p90 ms | created → PLAN p50 / p90 ms "
          "| hop p50 / p90 / max ms | stage work p50 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for setup in args.setups.split(","):
        r = setup_run(setup, args)
        e2e = [x["e2e"] for x in r]
        plan = [x["plan"] for x in r]
        hops = [h for x in r for h in x["hops"]]
        work = [x["work"] for x in r]
        print(f"| {args.label} | {names[setup]} | {len(r)} | {pct(e2e, 50):.0f} / {pct(e2e, 90):.0f} "
              f"| {pct(plan, 50):.0f} / {pct(plan, 90):.0f} "
              f"| {pct(hops, 50):.0f} / {pct(hops, 90):.0f} / {max(hops):.0f} | {statistics.median(work):.0f} |",
              flush=True)


if __name__ == "__main__":
    main()
