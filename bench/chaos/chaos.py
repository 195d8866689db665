#!/usr/bin/env python3
"""The chaos suite, full size (issue 14): N jobs through 1 api + W workers on PostgreSQL while workers are killed
(SIGKILL) and stopped (SIGTERM) at random and the database goes away once; then every job is checked.

Each job: one created file, a sandboxed VERIFY of 1-3 s, and a `command` deploy target that prints the release it
was asked for and whether it resumes one. Workers run with a 2 s x 4 heartbeat, so a killed worker's stage is
revived in under 10 s. Checks (printed as one Markdown table row):
  - every job is terminal (and how many succeeded);
  - no stage ran more than once, except after its worker was killed or stopped;
  - every repeated deploy call of a release said MATRIX_RELEASE_RESUMED=true with the same release id;
  - every succeeded job's branch was pushed, once;
  - no API call answered a 5xx other than 503 (a client polls the API all along).

The outage is either a real restart of the local PostgreSQL cluster (--outage restart; needs root, and stops every
other user of that server for a moment) or a cut of a TCP proxy in front of it for --outage-seconds (--outage proxy,
the default, which leaves other users alone).

usage: bench/chaos/chaos.py [--jar target/matrix-architect.jar] [--jobs 1000] [--workers 3] [--kills 5]
                            [--sigterms 1] [--outage proxy|restart|none] [--outage-seconds 5]
Needs: a JDK 21+, git, bwrap, psql and PostgreSQL at 127.0.0.1:5432 (trust auth).
"""
import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import hops  # noqa: E402  (the bench's shared setup code)

TERMINAL = hops.TERMINAL


class Proxy:
    """A TCP proxy to PostgreSQL that can be cut: open connections dropped, new ones closed at once."""

    def __init__(self, port=5432):
        self.target = (hops.PG, port)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.cut = False
        self.open = set()
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            client, _ = self.server.accept()
            if self.cut:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(a, b), daemon=True).start()

    def pump(self, a, b):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass

    def outage(self, seconds):
        self.cut = True
        with self.lock:
            for s in self.open:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.open.clear()
        time.sleep(seconds)
        self.cut = False


class Cluster:
    def __init__(self, args, root, db, proxy):
        self.args, self.root, self.proxy = args, root, proxy
        self.port = hops.free_port()
        db_port = proxy.port if proxy else 5432
        deploy = 'echo "deploy-call $MATRIX_RELEASE_ID resumed=$MATRIX_RELEASE_RESUMED"; sleep 1'
        self.env = dict(
            os.environ, ARCHITECT_REPO_ROOTS=os.path.join(root, "repos"),
            ARCHITECT_ARTIFACTS_DIR=os.path.join(root, "artifacts"), ARCHITECT_ADMIN_PASSWORD=hops.PASSWORD,
            LOG_LEVEL="WARN", ARCHITECT_SANDBOX="bwrap", ARCHITECT_SHUTDOWN_GRACE="2s",
            ARCHITECT_SECURITY_JOBS_PER_CALLER="100000",
            SPRING_DATASOURCE_URL=f"jdbc:postgresql://{hops.PG}:{db_port}/{db}",
            SPRING_DATASOURCE_USERNAME="postgres", SPRING_DATASOURCE_PASSWORD="",
            DB_SCHEDULER_HEARTBEAT_INTERVAL="2s", DB_SCHEDULER_MISSED_HEARTBEATS_LIMIT="4",
            # a killed worker's connections linger on the server until it notices; small pools keep the total
            # of api, workers and their replacements under PostgreSQL's default limit of 100
            SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE="5",
            SPRING_APPLICATION_JSON=json.dumps({"architect": {"deploy-targets": {
                "staging": {"environment": "staging", "command": deploy}}}}))
        self.workers = {}
        self.started = 0
        self.gone = set()

    def start_api(self):
        env = dict(self.env, SERVER_PORT=str(self.port), ARCHITECT_DATA_DIR=os.path.join(self.root, "api"))
        self.api_proc = hops.start(self.args.jar, "api", env, os.path.join(self.root, "api.log"))
        self.api = hops.Api(f"http://127.0.0.1:{self.port}")
        self.api.wait_ready([self.api_proc])
        self.api.token = self.api.call(
            "POST", "/api/auth/token", {"username": "admin", "password": hops.PASSWORD})["access_token"]

    def start_worker(self):
        self.started += 1
        name = f"w{self.started}"
        port = hops.free_port()
        env = dict(self.env, SERVER_PORT=str(port), ARCHITECT_DATA_DIR=os.path.join(self.root, name),
                   ARCHITECT_WORKER_NAME=name)
        proc = hops.start(self.args.jar, "worker", env, os.path.join(self.root, name + ".log"))
        hops.wait_worker(proc, port)
        self.workers[name] = proc[0]

    def stop_worker(self, name, sig):
        proc = self.workers.pop(name)
        self.gone.add(name)
        proc.send_signal(sig)
        proc.wait(timeout=120)
        self.start_worker()

    def close(self):
        for p in list(self.workers.values()) + [self.api_proc[0]]:
            p.terminate()
        for p in list(self.workers.values()) + [self.api_proc[0]]:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()


def poll(cluster, answers, stop):
    """A client reading the API all along; counts answers by status."""
    while not stop.is_set():
        for path in ("/api/jobs?limit=50", "/api/stats"):
            req = urllib.request.Request(cluster.api.base + path)
            req.add_header("Authorization", "Bearer " + cluster.api.token)
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    code = r.status
            except urllib.error.HTTPError as e:
                code = e.code
            except OSError:
                code = "no answer"
            answers[code] = answers.get(code, 0) + 1
        time.sleep(0.2)


def job_body(bare, n):
    body = hops.trivial_job(bare, n)
    body["verify"] = {"commands": [f"sleep {1 + n % 3}"]}
    body["deploy"] = {"target": "staging"}
    return body


def check(cluster, ids, bare, db):
    attempt_on = re.compile(r"\[(\w+)\] attempt (\d+) on (\S+)")
    deploy_call = re.compile(r"deploy-call (\S+) resumed=(\w+)")
    branches = subprocess.run(["git", "--git-dir", bare, "for-each-ref", "--format=%(refname:short)",
                               "refs/heads/architect/"], capture_output=True, text=True, check=True).stdout.split()
    counts = dict(succeeded=0, not_succeeded=0, reruns=0, bad_reruns=0, resumed_deploys=0, bad_deploys=0,
                  missing_branches=0)
    for job_id in ids:
        job = cluster.api.call("GET", f"/api/jobs/{job_id}")
        counts["succeeded" if job["status"] == "succeeded" else "not_succeeded"] += 1
        req = urllib.request.Request(cluster.api.base + f"/api/jobs/{job_id}/logs")
        req.add_header("Authorization", "Bearer " + cluster.api.token)
        with urllib.request.urlopen(req, timeout=60) as r:
            log = r.read().decode()
        attempts = {}
        for stage, _, worker in attempt_on.findall(log):
            attempts.setdefault(stage, []).append(worker)
        for stage, on in attempts.items():
            for earlier in on[:-1]:
                counts["reruns"] += 1
                if earlier not in cluster.gone:
                    counts["bad_reruns"] += 1
                    print(f"  {job_id} {stage} ran again after {earlier}, which was not killed: {on}")
        release = "rel_" + job_id.removeprefix("job_")
        # the release's own record says how many calls there were; a killed attempt's log line may be lost with
        # its worker, so the log must agree from the last call back
        calls = deploy_call.findall(log)
        attempts = int(subprocess.run(
            ["psql", "-Atq", "-h", hops.PG, "-U", "postgres", "-d", db, "-c",
             f"select count(*) from release_attempts where release_id = '{release}'"],
            capture_output=True, text=True, check=True).stdout.strip() or 0)
        expected = ([(release, "false")] + [(release, "true")] * (attempts - 1))[-len(calls):] if calls else []
        if not calls or len(calls) > attempts or calls != expected:
            counts["bad_deploys"] += 1
            print(f"  {job_id} deploy calls {calls}, release attempts {attempts}")
        counts["resumed_deploys"] += attempts - 1
        if job["status"] == "succeeded" and f"architect/{job_id}" not in branches:
            counts["missing_branches"] += 1
    counts["extra_branches"] = len(branches) - counts["succeeded"] + counts["missing_branches"]
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", default="target/matrix-architect.jar")
    ap.add_argument("--jobs", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--sigterms", type=int, default=1)
    ap.add_argument("--outage", choices=["proxy", "restart", "none"], default="proxy")
    ap.add_argument("--outage-seconds", type=float, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    random.seed(args.seed)
    root = tempfile.mkdtemp(prefix="bench-chaos-")
    os.makedirs(os.path.join(root, "repos"))
    bare = hops.bare_repo(os.path.join(root, "repos"))
    db = "chaos_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", "-q", "-h", hops.PG, "-U", "postgres", "-d", "test", "-c", f"create database {db}"],
                   check=True)
    proxy = Proxy() if args.outage == "proxy" else None
    cluster = Cluster(args, root, db, proxy)
    answers, stop = {}, threading.Event()
    t0 = time.time()
    try:
        cluster.start_api()
        for _ in range(args.workers):
            cluster.start_worker()
        poller = threading.Thread(target=poll, args=(cluster, answers, stop), daemon=True)
        poller.start()
        ids = [cluster.api.call("POST", "/api/jobs", job_body(bare, n))["id"] for n in range(args.jobs)]
        # the faults, spread over the run while jobs are still going
        faults = ["kill"] * args.kills + ["term"] * args.sigterms + ([args.outage] if args.outage != "none" else [])
        random.shuffle(faults)
        for fault in faults:
            time.sleep(random.uniform(3, 10))
            victim = random.choice(sorted(cluster.workers))
            if fault == "kill":
                cluster.stop_worker(victim, signal.SIGKILL)
            elif fault == "term":
                cluster.stop_worker(victim, signal.SIGTERM)
            elif fault == "proxy":
                proxy.outage(args.outage_seconds)
            else:
                version = sorted(os.listdir("/etc/postgresql"))[-1]
                subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
            print(f"{time.time() - t0:6.1f} s  {fault} {victim if fault in ('kill', 'term') else ''}", flush=True)
        deadline = time.time() + 3600
        while time.time() < deadline:
            try:
                page = cluster.api.call("GET", "/api/stats")
                if page["active_jobs"] == 0:
                    break
            except OSError:
                pass
            time.sleep(2)
        stop.set()
        poller.join()
        counts = check(cluster, ids, bare, db)
        elapsed = time.time() - t0
        server_errors = sum(n for code, n in answers.items() if isinstance(code, int) and code >= 500 and code != 503)
        print("| jobs | succeeded | workers killed / stopped | outage | stage re-runs (after a kill or stop) |"
              " other re-runs | resumed deploys | wrong deploy calls | branches missing / extra |"
              " API answers | 5xx other than 503 | minutes |")
        print("|---:|---:|---|---|---:|---:|---:|---:|---|---|---:|---:|")
        print(f"| {args.jobs} | {counts['succeeded']} | {args.kills} / {args.sigterms} | {args.outage}"
              f" {args.outage_seconds:g} s | {counts['reruns'] - counts['bad_reruns']} | {counts['bad_reruns']} |"
              f" {counts['resumed_deploys']} | {counts['bad_deploys']} | {counts['missing_branches']} /"
              f" {counts['extra_branches']} | {dict(sorted(answers.items(), key=str))} | {server_errors} |"
              f" {elapsed / 60:.1f} |")
        ok = (counts["not_succeeded"] == 0 and counts["bad_reruns"] == 0 and counts["bad_deploys"] == 0
              and counts["missing_branches"] == 0 and server_errors == 0)
        sys.exit(0 if ok else 1)
    finally:
        cluster.close()
        # killed workers' sessions may linger on the server for a moment
        subprocess.run(["psql", "-q", "-h", hops.PG, "-U", "postgres", "-d", "test", "-c",
                        f"drop database {db} with (force)"])


if __name__ == "__main__":
    main()
