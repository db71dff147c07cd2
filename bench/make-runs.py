#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make-runs.py N OUTDIR — N console logs of runs of one kernel, made from testdata's real logs.

What a fleet of test machines running one kernel leaves behind: each run boots (the lab
boots' chatter, a different amount of it, so reports land on other lines), then hits some
of the kernel's bugs. The bugs are POOL real report logs of testdata/ (syzkaller's and the
public ones, as make-dmesg.py takes them), the k-th most frequent hit by a run with
probability 0.3/k: the first in about 30 % of runs, the 40th in under 1 %, most runs hit
none or one. Each hit is the real log with the run's own pids (every "comm/pid" and
"task comm:pid" moved by a per-run offset) and a hung task's own wait time.

Deterministic (fixed seed). Writes OUTDIR/run-NNNNN.log and prints, per run, how many
report logs it holds (tab-separated: file, count), so the reports can be counted.
"""
import importlib.util
import os
import random
import re
import sys

POOL = 40
HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("make_dmesg", os.path.join(HERE, "make-dmesg.py"))
make_dmesg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_dmesg)

# "held by comm/123:", "comm/123 is trying", "task comm:123 blocked", "pid: 123, name";
# not kworker/0:3's CPU, which is part of its name
PID = re.compile(rb"(?<=[\w\].)-]/)(\d+)(?=:\s| is | has | blocked| \[|\.\n)|(?<=task )(\S+:)(\d+)(?= blocked)|(?<=pid: )(\d+)")
WAIT = re.compile(rb"(?<=blocked for more than )\d+(?= seconds)")


def with_pids(data, offset, wait):
    def moved(m):
        if m.group(1):
            return str(int(m.group(1)) + offset).encode()
        if m.group(3):
            return m.group(2) + str(int(m.group(3)) + offset).encode()
        return str(int(m.group(4)) + offset).encode()

    return WAIT.sub(str(wait).encode(), PID.sub(moved, data))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, outdir = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(17)
    chatter = [(line + "\n").encode() for line in make_dmesg.chatter()]
    logs = make_dmesg.reports()
    pool = rnd.sample(logs, POOL)
    os.makedirs(outdir, exist_ok=True)
    for run in range(n):
        path = os.path.join(outdir, "run-%05d.log" % run)
        hits = 0
        with open(path, "wb") as f:
            f.writelines(chatter[:rnd.randrange(50, min(400, len(chatter)))])
            for k, (_, data) in enumerate(pool):
                if rnd.random() < 0.3 / (k + 1):
                    f.write(with_pids(data, rnd.randrange(1, 50000) * 10, rnd.randrange(120, 1200)))
                    hits += 1
        print("%s\t%d" % (path, hits))


if __name__ == "__main__":
    main()
