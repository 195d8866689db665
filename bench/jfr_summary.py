#!/usr/bin/env python3
"""Where a job's CPU goes, from a JFR recording of the product during a batch (bench/suite.py --jfr DIR).

usage: bench/jfr_summary.py RECORDING.jfr --jobs 100 [--top 15]
Prints Markdown tables: the processes the JVM started per job (jdk.ProcessStart, by program and git subcommand,
and by the product method that started them), and the Java CPU samples (jdk.ExecutionSample) by the nearest
product method on the stack, by the package of the sampled method, by thread, and the hottest methods.
Uses `jfr` from JAVA_HOME (JDK 21+).
"""
import argparse
import collections
import os
import re
import subprocess

OURS = "ai.matrix.architect."
FRAME = re.compile(r"^\s+([\w$.<>]+)\(.*\)\s+line:")
THREAD = re.compile(r'^\s+(?:sampledThread|eventThread) = "([^"]*)"')
COMMAND = re.compile(r'^\s+command = "(.*)')  # a multi-line command (a commit message) ends lines later


def events(path, name):
    """Yields (thread, command, frames) per event of type `name`, frames from the sampled method outwards."""
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
    out = subprocess.run([jfr, "print", "--events", name, "--stack-depth", "96", path], check=True,
                         capture_output=True, text=True).stdout
    thread = command = None
    frames = []
    for line in out.splitlines():
        if line.startswith(name + " {"):
            thread, command, frames = None, None, []
        elif line == "}":
            yield thread, command, frames
        elif m := THREAD.match(line):
            thread = m.group(1)
        elif m := COMMAND.match(line):
            command = m.group(1)
        elif m := FRAME.match(line):
            frames.append(m.group(1))


def program(command):
    """`git <subcommand>` past git's `-c key=value` options, else the program's name."""
    words = command.split()
    name = os.path.basename(words[0])
    if name != "git":
        return name
    i = 1
    while i < len(words):
        if words[i] == "-c" or words[i] == "-C":
            i += 2
        elif words[i].startswith("-"):
            i += 1
        elif "=" in words[i] and words[i - 1] != "-c":
            i += 1  # the value of an option split by spaces (e.g. core.sshCommand=ssh -o …)
        else:
            return "git " + words[i]
    return "git"


def ours(frames, skip=()):
    """The nearest product method on the stack, skipping the classes in `skip` (the process runners themselves)."""
    mine = [f.removeprefix(OURS) for f in frames if f.startswith(OURS)]
    return next((f for f in mine if f.rsplit(".", 1)[0] not in skip), mine[0] if mine else "(no product frame)")


def package(frame):
    parts = frame.split(".")
    pkg = [p for p in parts[:-2] if p and p[0].islower()]
    return ".".join(pkg[:4] if pkg[:3] == ["ai", "matrix", "architect"] else pkg[:3]) or frame


def thread_group(name):
    return re.sub(r"\d+", "N", name or "?")


def show(title, counter, total, per_job=None, top=15):
    print(f"| {title} | samples | share |" + (" per job |" if per_job else ""))
    print("| --- | ---: | ---: |" + (" ---: |" if per_job else ""))
    for key, n in counter.most_common(top):
        extra = f" {n / per_job:.1f} |" if per_job else ""
        print(f"| `{key}` | {n} | {100 * n / total:.1f}% |{extra}")
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--jobs", type=int, required=True, help="jobs in the recorded batch")
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    starts = list(events(args.recording, "jdk.ProcessStart"))
    print(f"Processes started: {len(starts)}, {len(starts) / args.jobs:.1f} per job\n")
    show("program", collections.Counter(program(c or "?") for _, c, _ in starts), len(starts), args.jobs, args.top)
    runners = ("workspace.Git", "sandbox.ProcessRunner")
    show("started by", collections.Counter(ours(f, runners) for _, _, f in starts), len(starts), args.jobs, args.top)
    samples = [(t, f) for t, _, f in events(args.recording, "jdk.ExecutionSample") if f]
    total = len(samples)
    print(f"Java CPU samples (jdk.ExecutionSample): {total}\n")
    show("nearest product method on the stack", collections.Counter(ours(f) for _, f in samples), total,
         top=args.top)
    show("package of the sampled method", collections.Counter(package(f[0]) for _, f in samples), total, top=args.top)
    show("thread", collections.Counter(thread_group(t) for t, _ in samples), total, top=args.top)
    show("hottest method", collections.Counter(f[0] for _, f in samples), total, top=args.top)


if __name__ == "__main__":
    main()
