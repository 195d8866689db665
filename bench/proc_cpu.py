"""CPU time of processes from /proc/<pid>/stat, for CPU per job in bench/suite.py and bench/celery_chain.py.

A process's time is its own utime + stime plus cutime + cstime, the time of the children it has waited for (git,
bwrap, sh): a job's child processes are counted in the process that started them once they exit.
"""
import os
import re

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14) ... starttime(19)
    return {"ppid": int(fields[1]), "own": int(fields[11]) + int(fields[12]),
            "children": int(fields[13]) + int(fields[14]), "start": int(fields[19])}


def tree(pid):
    """The process and all its descendants alive now."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(entry)
            if st:
                parents.setdefault(st["ppid"], []).append(int(entry))
    out, pending = [], [pid]
    while pending:
        p = pending.pop()
        out.append(p)
        pending.extend(parents.get(p, []))
    return out


def snapshot(pids):
    return {pid: st for pid in pids if (st := _stat(pid))}


def spent(before, after):
    """CPU ms spent between two snapshots: {"own": the processes themselves, "children": their reaped children}.

    A process absent from `before` (or a new one under a reused pid) counts from its start."""
    own = children = 0
    for pid, st in after.items():
        b = before.get(pid)
        if b is None or b["start"] != st["start"]:
            b = {"own": 0, "children": 0}
        own += st["own"] - b["own"]
        children += st["children"] - b["children"]
    return {"own": own * TICK_MS, "children": children * TICK_MS}


def spent_ms(before, after):
    s = spent(before, after)
    return s["own"] + s["children"]


def threads(pids):
    """CPU ticks per thread name (digits folded, as the kernel keeps them: 15 characters) of the processes."""
    out = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except FileNotFoundError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    raw = f.read()
            except FileNotFoundError:
                continue
            name = re.sub(r"\d+", "N", raw[raw.index("(") + 1:raw.rindex(")")])
            fields = raw.rsplit(")", 1)[1].split()
            key = (pid, tid)
            out[key] = (name, int(fields[11]) + int(fields[12]))
    return out


def threads_spent(before, after):
    """CPU ms per thread name between two `threads` snapshots, largest first."""
    spent = {}
    for key, (name, ticks) in after.items():
        prev = before.get(key, (name, 0))[1]
        spent[name] = spent.get(name, 0) + (ticks - prev) * TICK_MS
    return dict(sorted(spent.items(), key=lambda kv: -kv[1]))
