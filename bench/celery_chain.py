#!/usr/bin/python3
"""The Celery peer of issue 13: the trivial job as a chain of six Celery tasks, Redis as broker and result backend.

PLAN clones the origin, PATCH writes the file and commits, VERIFY runs `true` in bubblewrap over the workspace, GATE
checks that the job changed something, DEPLOY has no target, PUBLISH pushes the job's branch: the work of
bench/trivial-job.sh split as the original product split it. Each task adds its own duration to the state it passes on.

As a driver (run by bench/suite.py; needs Debian's python3-celery and python3-redis, so /usr/bin/python3):
  bench/celery_chain.py --origin file:///…/origin.git --workdir DIR [--jobs 20] [--warmup 3] [--batch 100]
                        [--concurrency 4] [--redis redis://127.0.0.1:6379/7]
starts a worker, runs the jobs one after the other, then `--batch` at once, and prints one JSON object.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import uuid

from celery import Celery, chain

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hops  # noqa: E402
import proc_cpu  # noqa: E402

REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/7")
QUEUE = os.environ.get("BENCH_CELERY_QUEUE", "bench")
app = Celery("bench", broker=REDIS, backend=REDIS)
app.conf.update(task_default_queue=QUEUE, worker_hijack_root_logger=False, result_expires=600,
                broker_connection_retry_on_startup=True)
sh = hops.run  # git with a neutral configuration and a fixed identity, output discarded


def timed(stage):
    """Wraps a stage's work so that it records its duration in ms and the end time on the job's state."""

    def wrap(fn):
        @app.task(name=f"bench.{stage}")
        def task(state):
            t0 = time.perf_counter()
            fn(state)
            state["work_ms"] = state.get("work_ms", 0) + (time.perf_counter() - t0) * 1000
            state["finished"] = time.time()
            return state

        return task

    return wrap


@timed("plan")
def plan(state):
    sh("git", "clone", "-q", "-b", "main", state["origin"], state["ws"])


@timed("patch")
def patch(state):
    ws, n = state["ws"], state["n"]
    sh("git", "checkout", "-q", "-b", f"bench/{n}", cwd=ws)
    os.makedirs(os.path.join(ws, "bench"), exist_ok=True)
    with open(os.path.join(ws, "bench", f"{n}.txt"), "w") as f:
        f.write("x\n")
    sh("git", "add", "-A", cwd=ws)
    sh("git", "commit", "-q", "-m", f"bench job {n}", cwd=ws)


@timed("verify")
def verify(state):
    links = []
    for d in ("bin", "sbin", "lib", "lib64"):
        if os.path.isdir("/usr/" + d):
            links += ["--symlink", "usr/" + d, "/" + d]
    sh("bwrap", "--ro-bind", "/usr", "/usr", *links, "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
       "--bind", state["ws"], "/workspace", "--chdir", "/workspace", "--remount-ro", "/", "--unshare-all",
       "--unshare-user", "--disable-userns", "--uid", "1000", "--gid", "1000", "--cap-drop", "ALL",
       "--die-with-parent", "--new-session", "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "true")


@timed("gate")
def gate(state):
    if not os.path.exists(os.path.join(state["ws"], "bench", f"{state['n']}.txt")):
        raise RuntimeError("nothing changed")


@timed("deploy")
def deploy(state):
    pass  # no deploy target, as in the product's trivial job


@timed("publish")
def publish(state):
    sh("git", "push", "-q", "origin", f"bench/{state['n']}", cwd=state["ws"])


def job(origin, workdir, n):
    state = {"origin": origin, "ws": os.path.join(workdir, f"ws-{n}"), "n": n, "submitted": time.time()}
    return chain(plan.s(state), patch.s(), verify.s(), gate.s(), deploy.s(), publish.s()).apply_async()


def start_worker(concurrency, log):
    cmd = [sys.executable, "-m", "celery", "-A", "celery_chain", "worker", "-Q", QUEUE, "--concurrency",
           str(concurrency), "--loglevel", "WARNING", "-n", f"bench-{uuid.uuid4().hex[:8]}@%h"]
    worker = subprocess.Popen(cmd, cwd=os.path.dirname(os.path.abspath(__file__)), stdout=log, stderr=log)
    deadline = time.time() + 60
    while not app.control.ping(timeout=0.5):
        if worker.poll() is not None or time.time() > deadline:
            sys.exit("celery worker did not start")
    return worker


def redis_pid():
    out = subprocess.run(["redis-cli", "-u", REDIS, "info", "server"], capture_output=True, text=True).stdout
    return int(next(l.split(":")[1] for l in out.splitlines() if l.startswith("process_id:")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--origin", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--jobs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--concurrency", type=int, default=4)
    args = ap.parse_args()
    app.control.purge()
    with open(os.path.join(args.workdir, "celery-worker.log"), "w") as log:
        worker = start_worker(args.concurrency, log)
        try:
            serial = []
            for n in range(args.warmup + args.jobs):
                state = job(args.origin, args.workdir, n).get(timeout=120)
                if n >= args.warmup:
                    serial.append({"e2e": (state["finished"] - state["submitted"]) * 1000, "work": state["work_ms"]})
            redis = [redis_pid()]
            cpu0, redis0, t0 = proc_cpu.snapshot(proc_cpu.tree(worker.pid)), proc_cpu.snapshot(redis), time.time()
            first = args.warmup + args.jobs
            results = [job(args.origin, args.workdir, n) for n in range(first, first + args.batch)]
            states = [r.get(timeout=600) for r in results]
            cpu = proc_cpu.spent(cpu0, proc_cpu.snapshot(proc_cpu.tree(worker.pid)))
            db = proc_cpu.spent_ms(redis0, proc_cpu.snapshot(redis))
            end = max(s["finished"] for s in states)
            print(json.dumps({"serial": serial, "batch": args.batch, "batch_seconds": end - t0, "cpu": cpu,
                              "db_ms": db}))
        finally:
            worker.terminate()
            worker.wait(timeout=60)


if __name__ == "__main__":
    main()
