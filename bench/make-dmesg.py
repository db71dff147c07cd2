#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make-dmesg.py KIND SIZE_MB OUT — build a benchmark log from the real logs in testdata/.

KIND noise: boot and driver chatter (every line of testdata/lab/*/dmesg.log outside its
    reports, re-timestamped) in segments of 64 KiB that each use one collector's framing
    (plain dmesg, [T123] caller ids, syslog, journal, <6> console levels), with one real
    report (a testdata log, as it was posted) every ~4 MB.
KIND dense: the real reports of testdata/ back to back, nothing between them.

Deterministic (fixed seed). Prints the testdata logs written into OUT, one per line
(a log used twice is listed twice): analysed one by one they must give as many
reports as OUT does (nothing lost among the noise).
"""
import glob
import os
import random
import re
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


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("noise", "dense"):
        sys.exit("usage: make-dmesg.py noise|dense SIZE_MB OUT")
    size = int(sys.argv[2]) * 1024 * 1024
    make = make_noise if sys.argv[1] == "noise" else make_dense
    print("\n".join(make(size, sys.argv[3])))


if __name__ == "__main__":
    main()
