#!/usr/bin/env python3
"""Issue 13's benchmark suite: the trivial job as a bare script, on the Celery peer and on the product, in one run.

For every setup: `--warmup` + `--jobs` jobs one after the other (p50 end to end, p50 sum of stage work), then
`--batch` jobs submitted at once (throughput in jobs/min from the first submission to the last finish, and CPU per
job: the CPU time of the setup's processes over the batch divided by the batch). Prints a Markdown table with the
ratios to the bare script and to Celery, and a second one with where the CPU was spent.

Setups (`--setups`, in this order by default):
  bare      bench/trivial-job.sh (clone, write, commit, bwrap true, push); batch run `--concurrency` at a time;
            CPU: the scripts and everything they start
  celery    bench/celery_chain.py under /usr/bin/python3 (Debian's python3-celery, python3-redis), Redis at
            BENCH_REDIS (default redis://127.0.0.1:6379/7), prefork worker with `--concurrency` processes;
            CPU: the worker, its pool processes and their children, and redis-server (shared with anything else
            using that Redis)
  h2        the product's jar, `serve` on H2
  pg        the product's jar, `serve` on PostgreSQL (a fresh database)
  pg-split  the product's jar, 1 `api` + `--workers` `worker` processes on PostgreSQL
            product CPU: its JVMs and the processes they started (git, bwrap, sh), plus the PostgreSQL backends
            serving its database

usage: bench/suite.py [--jar target/matrix-architect.jar] [--jobs 20] [--warmup 5] [--batch 100]
                      [--concurrency 4] [--workers 2] [--setups bare,celery,h2,pg,pg-split] [--json out.json]
                      [--jfr DIR] [--env KEY=VALUE ...]
--jfr DIR records the batch of every product JVM with JFR (settings=profile) into DIR (the recording adds CPU; make
profile runs separate from the table's run). Needs what bench/hops.py needs, plus Redis and python3-celery.
"""
import argparse
import concurrent.futures
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hops  # noqa: E402
import proc_cpu  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = {"bare": "bare shell script (clone, write, commit, bwrap true, push)",
         "celery": "Celery {celery} + Redis, a chain of six tasks",
         "h2": "ours, H2, `serve`", "pg": "ours, PostgreSQL, `serve`",
         "pg-split": "ours, PostgreSQL, 1 `api` + {workers} `worker`"}


def row(serial, batch, seconds, cpu):
    return {"jobs": len(serial), "e2e": statistics.median(x["e2e"] for x in serial),
            "work": statistics.median(x["work"] for x in serial), "batch": batch,
            "throughput": batch / seconds * 60, "cpu": (cpu["own"] + cpu["children"]) / batch,
            "cpu_own": cpu["own"] / batch, "cpu_children": cpu["children"] / batch}


def run_bare(args, root):
    origin = "file://" + hops.bare_repo(os.path.join(root, "repos"))
    script = os.path.join(HERE, "trivial-job.sh")

    def one(n):
        t0 = time.perf_counter()
        subprocess.run([script, origin, str(n), os.path.join(root, f"ws-{n}")], check=True)
        return (time.perf_counter() - t0) * 1000

    serial = []
    for n in range(args.warmup + args.jobs):
        ms = one(n)
        if n >= args.warmup:
            serial.append({"e2e": ms, "work": ms})
    first = args.warmup + args.jobs
    r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.time()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as ex:
        list(ex.map(one, range(first, first + args.batch)))
    seconds, r1 = time.time() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000
    return row(serial, args.batch, seconds, {"own": 0, "children": cpu})


def run_celery(args, root):
    origin = "file://" + hops.bare_repo(os.path.join(root, "repos"))
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "celery_chain.py"), "--origin", origin,
                          "--workdir", root, "--jobs", str(args.jobs), "--warmup", str(args.warmup),
                          "--batch", str(args.batch), "--concurrency", str(args.concurrency)],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out)
    cpu = r["cpu"]
    result = row(r["serial"], r["batch"], r["batch_seconds"],
                 {"own": cpu["own"] + r["db_ms"], "children": cpu["children"]})
    result["cpu_db"] = r["db_ms"] / r["batch"]
    return result


def pg_backends(db):
    if not db:
        return []
    out = subprocess.run(["psql", "-At", "-h", hops.PG, "-U", "postgres", "-d", "test", "-c",
                          f"select pid from pg_stat_activity where datname = '{db}'"],
                         check=True, capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def wait_all(api, ids, timeout=900):
    """Polls the job list (summaries) until every job in `ids` is finished; returns their summaries."""
    deadline, wanted = time.time() + timeout, set(ids)
    while True:
        done, cursor = {}, ""
        while True:
            page = api.call("GET", "/api/jobs?limit=200" + (f"&cursor={cursor}" if cursor else ""))
            done.update({j["id"]: j for j in page["items"] if j["id"] in wanted and j["status"] in hops.TERMINAL})
            cursor = page.get("next_cursor")
            if not cursor:
                break
        if len(done) == len(wanted):
            return list(done.values())
        if time.time() > deadline:
            sys.exit(f"{len(wanted) - len(done)} of {len(wanted)} jobs did not finish")
        time.sleep(0.5)


def jfr(prod, args, setup, command):
    for i, pid in enumerate(prod.pids()):
        extra = [f"filename={os.path.join(os.path.abspath(args.jfr), f'{setup}-{i}.jfr')}", "settings=profile"] \
            if command == "JFR.start" else []
        subprocess.run([os.path.join(hops.java_home(), "bin", "jcmd"), str(pid), command, "name=bench"] + extra,
                       check=True, stdout=subprocess.DEVNULL)


def run_product(args, setup):
    workers = args.workers if setup == "pg-split" else 1
    with hops.product(args.jar, setup, args.env, workers) as prod:
        serial = hops.serial(prod, args.jobs, args.warmup)
        first = args.warmup + args.jobs
        if args.jfr:
            jfr(prod, args, setup, "JFR.start")
        threads0, db0 = proc_cpu.threads(prod.pids()), proc_cpu.snapshot(pg_backends(prod.db))
        cpu0, t0 = proc_cpu.snapshot(prod.pids()), time.time()
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            ids = list(ex.map(lambda n: prod.api.call("POST", "/api/jobs", hops.trivial_job(prod.bare, n))["id"],
                              range(first, first + args.batch)))
        jobs = wait_all(prod.api, ids)
        cpu = proc_cpu.spent(cpu0, proc_cpu.snapshot(prod.pids()))
        db = proc_cpu.spent(db0, proc_cpu.snapshot(pg_backends(prod.db)))
        threads = proc_cpu.threads_spent(threads0, proc_cpu.threads(prod.pids()))
        if args.jfr:
            jfr(prod, args, setup, "JFR.stop")
        failed = [j for j in jobs if j["status"] != "succeeded"]
        if failed:
            sys.exit(f"{len(failed)} jobs of the batch did not succeed, e.g. {failed[0]}")
        end = max(hops.ts(j["finished_at"]) for j in jobs) / 1000
        r = row(serial, args.batch, end - t0, {"own": cpu["own"] + db["own"], "children": cpu["children"]})
        r["cpu_db"] = (db["own"] + db["children"]) / args.batch
        r["jvm_threads"] = {name: ms / args.batch for name, ms in threads.items()}
        return r


def ratio(value, base):
    return f"{value / base:.1f}×" if base else "–"


def table(rows, names):
    bare, cel = rows.get("bare"), rows.get("celery")

    def cell(r, key, fmt, against):
        refs = [f"{ratio(r[key], ref[key])} {label}" for label, ref in against if ref and ref is not r]
        return fmt.format(r[key]) + (f" ({' / '.join(refs)})" if refs else "")

    both = [("bare", bare), ("Celery", cel)]
    print(f"| setup | p50 end to end ms | p50 sum of stage work ms | throughput, {args_batch(rows)} at once, jobs/min "
          "| CPU per job ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for setup, r in rows.items():
        print(f"| {names[setup]} | {cell(r, 'e2e', '{:,.0f}', both)} | {cell(r, 'work', '{:,.0f}', both)} "
              f"| {cell(r, 'throughput', '{:,.0f}', both)} | {cell(r, 'cpu', '{:,.0f}', both)} |")
    print()
    print("| setup | jobs one after the other | CPU per job: processes themselves ms | of which database ms "
          "| their children ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for setup, r in rows.items():
        db = f"{r['cpu_db']:,.0f}" if "cpu_db" in r else ""
        print(f"| {names[setup]} | {r['jobs']} | {r['cpu_own']:,.0f} | {db} | {r['cpu_children']:,.0f} |")
    print()
    print("| setup | JVM threads' own CPU per job, ms (kernel thread names, digits as N) |")
    print("| --- | --- |")
    for setup, r in rows.items():
        if "jvm_threads" in r:
            top = list(r["jvm_threads"].items())[:10]
            print(f"| {names[setup]} | " + ", ".join(f"`{n}` {ms:.0f}" for n, ms in top) + " |")


def args_batch(rows):
    return next(iter(rows.values()))["batch"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", default="target/matrix-architect.jar")
    ap.add_argument("--jobs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--concurrency", type=int, default=4, help="bare scripts at a time, Celery pool processes")
    ap.add_argument("--workers", type=int, default=2, help="worker processes in the pg-split setup")
    ap.add_argument("--setups", default="bare,celery,h2,pg,pg-split")
    ap.add_argument("--json", help="also write the measurements to this file")
    ap.add_argument("--jfr", help="record each product JVM during the batch into this directory")
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for every product process")
    args = ap.parse_args()
    if args.jfr:
        os.makedirs(args.jfr, exist_ok=True)
    celery = subprocess.run(["/usr/bin/python3", "-c", "import celery; print(celery.__version__)"],
                            capture_output=True, text=True).stdout.strip()
    names = {k: v.format(celery=celery, workers=args.workers) for k, v in NAMES.items()}
    rows = {}
    for setup in args.setups.split(","):
        load0 = os.getloadavg()[0]
        if setup in ("bare", "celery"):
            root = tempfile.mkdtemp(prefix=f"bench-{setup}-")
            try:
                rows[setup] = (run_bare if setup == "bare" else run_celery)(args, root)
            finally:
                shutil.rmtree(root, ignore_errors=True)
        else:
            rows[setup] = run_product(args, setup)
        rows[setup]["load"] = [load0, os.getloadavg()[0]]
        print(f"{setup}: {json.dumps(rows[setup])}", file=sys.stderr, flush=True)
    table(rows, names)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"args": vars(args), "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
