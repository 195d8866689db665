#!/usr/bin/env python3
"""Resident memory of `serve` (issue 13): starts the jar on H2 with the given JVM options, runs N trivial jobs, then
answers M job-list requests (limit=200) from 4 clients, and prints VmRSS at each point.

usage: bench/mem.py JAR JOBS LISTS [JVM options ...]; LIVE=1 adds the heap after a full GC, NMT=1 (with
-XX:NativeMemoryTracking=summary) the JVM's native memory summary. Results: docs/benchmarks.md, "Memory".
"""
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hops  # noqa: E402


def main():
    jar, jobs, lists, opts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    root = tempfile.mkdtemp(prefix="bench-mem-")
    repos = os.path.join(root, "repos")
    os.makedirs(repos)
    bare = hops.bare_repo(repos)
    port = hops.free_port()
    env = dict(os.environ, ARCHITECT_DATA_DIR=os.path.join(root, "data"), ARCHITECT_REPO_ROOTS=repos,
               ARCHITECT_ADMIN_PASSWORD=hops.PASSWORD, SERVER_PORT=str(port), LOG_LEVEL="WARN",
               ARCHITECT_SANDBOX="bwrap", ARCHITECT_SECURITY_JOBS_PER_CALLER="100000")
    out = open(os.path.join(root, "serve.log"), "w")
    p = subprocess.Popen(hops.java() + opts + ["-jar", jar, "serve"], env=env, stdout=out, stderr=subprocess.STDOUT)
    jcmd = os.path.join(hops.java_home(), "bin", "jcmd")

    def rss():
        for line in open(f"/proc/{p.pid}/status"):
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024

    try:
        api = hops.Api(f"http://127.0.0.1:{port}")
        api.wait_ready([(p, out.name)])
        api.token = api.call("POST", "/api/auth/token",
                             {"username": "admin", "password": hops.PASSWORD})["access_token"]
        print("started: rss", rss(), "MiB")
        for n in range(jobs):
            api.call("POST", "/api/jobs", hops.trivial_job(bare, n))
        while api.call("GET", "/api/stats")["active_jobs"] > 0:
            time.sleep(1)
        print(f"after {jobs} jobs: rss", rss(), "MiB")

        def lister():
            for _ in range(lists // 4):
                api.call("GET", "/api/jobs?limit=200")

        threads = [threading.Thread(target=lister) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"after {lists} lists: rss", rss(), "MiB")
        time.sleep(12)
        print("12 s later: rss", rss(), "MiB")
        if os.environ.get("LIVE"):
            subprocess.run([jcmd, str(p.pid), "GC.run"], capture_output=True)
            print(subprocess.run([jcmd, str(p.pid), "GC.heap_info"], capture_output=True, text=True).stdout)
        if os.environ.get("NMT"):
            print(subprocess.run([jcmd, str(p.pid), "VM.native_memory", "summary"],
                                 capture_output=True, text=True).stdout)
    finally:
        p.terminate()
        p.wait()


if __name__ == "__main__":
    main()
