#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make-dmesg.py KIND SIZE_MB OUT — build a benchmark log from the real logs in testdata/.
make-dmesg.py dumps BOOTS OUTDIR — a directory of BOOTS boot logs full of held-lock dumps.

KIND noise: boot and driver chatter (every line of testdata/lab/*/dmesg.log outside its
    reports, re-timestamped) in segments of 64 KiB that each use one collector's framing
    (plain dmesg, [T123] caller ids, syslog, journal, <6> console levels), with one real
    report (a testdata log, as it was posted) every ~4 MB.
KIND dense: the real reports of testdata/ back to back, nothing between them.

KIND dumps: BOOTS boot logs (OUTDIR/boot-NNNN.log), each some boot chatter of the lab logs
    and then DUMPS_PER_BOOT "Showing all locks held in the system" dumps in the shape of
    testdata's hung-task reports: khungtaskd's rcu_read_lock, then one task holding 5 locks
    of one code path. The kernel has CLASSES lock classes (the class names, usage and wait
    types of testdata's lock lines, made distinct by a number in the first identifier) in
    one global order, sleeping locks outermost; PATHS code paths take 5 of them in that order;
    each dump replays a random path, and 5 paths are planted inverted (deadlock cycles), as
    bench/graph-bench.c does in-process. Also writes OUTDIR/pairs.bin, every (from, to) pair
    of every path replayed (two little-endian uint32 class numbers each), for the hash-set
    floor (graph-bench --pairs).

Deterministic (fixed seed). noise and dense print the testdata logs written into OUT, one per
line (a log used twice is listed twice): analysed one by one they must give as many
reports as OUT does (nothing lost among the noise). dumps prints what was written: dumps,
held-lock lines, held-lock lists, pairs.
"""
import glob
import os
import random
import re
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
STAMP = re.compile(r"^\[\s*\d+\.\d+\] ")
# a line that opens a report in the lab logs: chatter stops there
REPORT_START = re.compile(r"^(=+|-+|WARNING: |BUG: |INFO: |\[ BUG|Showing all locks)")


def chatter():
    lines = []
    for path in sorted(glob.glob(os.path.join(ROOT, "testdata/lab/*/dmesg.log"))):
        with open(path, "rb") as f:
            for raw in f:
                text = STAMP.sub("", raw.decode("utf-8", "replace").rstrip("\n"), 1)
                if REPORT_START.match(text):
                    break
                if text:
                    lines.append(text)
    return lines


def reports():
    # console logs only: a /proc/lockdep dump is another input format; and not
    # linux-report-2.txt, a lone "INFO: lockdep is turned off." line, which after
    # another log's hung-task report rightly becomes part of that report
    files = sorted(p for p in glob.glob(os.path.join(ROOT, "testdata/syzkaller/*.txt")) +
                   glob.glob(os.path.join(ROOT, "testdata/public/*.txt"))
                   if not os.path.basename(p).startswith("proc-lockdep") and
                   not p.endswith("/linux-report-2.txt"))
    out = []
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        if not data.endswith(b"\n"):
            data += b"\n"
        out.append((os.path.relpath(path, ROOT), data))
    return out


def framer(style, rnd):
    task = rnd.randrange(1, 4000)

    def frame(t, text):
        sec, usec = int(t), int((t % 1) * 1e6)
        stamp = "[%5d.%06d]" % (sec, usec)
        hms = "%02d:%02d:%02d" % ((sec // 3600) % 24, (sec // 60) % 60, sec % 60)
        if style == 0:
            return "%s %s\n" % (stamp, text)
        if style == 1:
            return "%s[%7s] %s\n" % (stamp, "T%d" % task, text)
        if style == 2:
            return "Nov 26 %s buildhost kernel: %s %s\n" % (hms, stamp, text)
        if style == 3:
            return "Nov 26 %s buildhost kernel: %s\n" % (hms, text)
        return "<6>%s %s\n" % (stamp, text)
    return frame


def make_noise(size, out):
    rnd = random.Random(1)
    pool = chatter()
    reps = reports()
    seg, every = 64 * 1024, 4 * 1024 * 1024
    written = next_report = 0
    t = 0.0
    nreports = 0
    used = []
    with open(out, "wb", buffering=1 << 20) as f:
        while written < size:
            frame = framer(rnd.randrange(5), rnd)
            chunk = []
            n = 0
            while n < seg:
                t += rnd.random() * 0.001
                line = frame(t, pool[rnd.randrange(len(pool))])
                chunk.append(line)
                n += len(line)
            data = "".join(chunk).encode()
            if written >= next_report:
                name, rep = reps[nreports % len(reps)]
                data += rep
                used.append(name)
                nreports += 1
                next_report += every
            f.write(data)
            written += len(data)
    return used


def make_dense(size, out):
    reps = reports()
    written = n = 0
    used = []
    with open(out, "wb", buffering=1 << 20) as f:
        while written < size:
            name, data = reps[n % len(reps)]
            f.write(data)
            used.append(name)
            written += len(data)
            n += 1
    return used


DUMPS_PER_BOOT, CLASSES, PATHS, PATH_LOCKS = 250, 100000, 120000, 5
FIRST_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
LOCK_LINE = re.compile(r"#\d+: [0-9a-f]+ \((.+)\)\{(.{4})\}-\{(\d:\d)\}")
SITE = re.compile(r", at: ([A-Za-z0-9_]+\+0x[0-9a-f]+/0x[0-9a-f]+(?: [a-z0-9_/.-]+\.[ch]:\d+)?)$")


def lock_shapes():
    """The (class, usage, wait) and call sites of testdata's lock lines, by wait type."""
    classes, sites = {}, set()
    for path in sorted(glob.glob(os.path.join(ROOT, "testdata/syzkaller/*.txt")) +
                       glob.glob(os.path.join(ROOT, "testdata/public/*.txt"))):
        with open(path, "rb") as f:
            for raw in f:
                text = raw.decode("utf-8", "replace").rstrip("\n")
                m = LOCK_LINE.search(text)
                if not m:
                    continue
                name, usage, wait = m.groups()
                if "#" not in name and " " not in name:
                    classes[name] = (usage, wait)
                s = SITE.search(text)
                if s:
                    sites.add(s.group(1))
    by_wait = {}
    for name, (usage, wait) in sorted(classes.items()):
        by_wait.setdefault(wait, []).append((name, usage, wait))
    return by_wait, sorted(sites)


def make_dumps(boots, outdir):
    rnd = random.Random(1)
    by_wait, sites = lock_shapes()
    chat = chatter()[:200]
    # sleeping locks outermost, then lockdep maps, then spinning locks innermost; irq-safe
    # usage ('-') only innermost, irq-unsafe ('+') only outside: no irq inversion unplanted
    order = [("3:3", 6, "-?"), ("0:0", 1, "-?"), ("2:2", 3, "+?")]
    cls = []
    for wait, tenths, unwanted in order:
        shapes = [c for c in by_wait[wait] if not any(u in c[1] for u in unwanted)]
        for _ in range(CLASSES * tenths // 10):
            name, usage, w = shapes[len(cls) % len(shapes)]
            # not "name#k": lockdep's "#k" is a name version, folded into one class
            cls.append((FIRST_IDENT.sub(r"\g<0>%d" % len(cls), name, 1), usage, w,
                        0xffff888000000000 + rnd.randrange(1 << 32) * 8))
    n_sleep = CLASSES * 6 // 10
    paths = [sorted(rnd.sample(range(CLASSES), PATH_LOCKS)) for _ in range(PATHS)]
    for _ in range(5):  # inverted pairs: p takes a then b, q b then a
        p, q = rnd.randrange(PATHS), rnd.randrange(PATHS)
        a, b = paths[p][0], paths[p][1]
        if a < n_sleep and b < n_sleep and p != q:
            paths[q] = [b, a] + sorted(rnd.sample(range(n_sleep, CLASSES), PATH_LOCKS - 2))
    os.makedirs(outdir, exist_ok=True)
    dumps = held = lists = pairs = 0
    rule = "=" * 45
    with open(os.path.join(outdir, "pairs.bin"), "wb") as pf:
        for boot in range(boots):
            t = 0.0
            out = []

            def line(text):
                nonlocal t
                t += rnd.random() * 0.01
                out.append("[%5d.%06d] %s\n" % (int(t), int((t % 1) * 1e6), text))
            for text in chat:
                line(text)
            for _ in range(DUMPS_PER_BOOT):
                path = paths[rnd.randrange(PATHS)]
                pid = rnd.randrange(100, 30000)
                line("Showing all locks held in the system:")
                line("1 lock held by khungtaskd/25:")
                line(" #0: ffffffff8e937de0 (rcu_read_lock){....}-{1:2}, at: "
                     "debug_show_all_locks+0x55/0x2a0 kernel/locking/lockdep.c:6720")
                line("%d locks held by syz-executor.%d/%d:" % (len(path), pid % 6, pid))
                for i, c in enumerate(path):
                    name, usage, wait, addr = cls[c]
                    line(" #%d: %016x (%s){%s}-{%s}, at: %s" %
                         (i, addr, name, usage, wait, sites[(c + i) % len(sites)]))
                line("")
                line(rule)
                dumps += 1
                lists += 2
                held += 1 + len(path)
                for i in range(len(path)):
                    for j in range(i + 1, len(path)):
                        pf.write(struct.pack("<II", path[i], path[j]))
                        pairs += 1
            with open(os.path.join(outdir, "boot-%04d.log" % boot), "w") as f:
                f.write("".join(out))
    return ["dumps %d" % dumps, "held_lines %d" % held, "held_lists %d" % lists,
            "pairs %d" % pairs]


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("noise", "dense", "dumps"):
        sys.exit("usage: make-dmesg.py noise|dense SIZE_MB OUT | dumps BOOTS OUTDIR")
    if sys.argv[1] == "dumps":
        print("\n".join(make_dumps(int(sys.argv[2]), sys.argv[3])))
        return
    size = int(sys.argv[2]) * 1024 * 1024
    make = make_noise if sys.argv[1] == "noise" else make_dense
    print("\n".join(make(size, sys.argv[3])))


if __name__ == "__main__":
    main()
