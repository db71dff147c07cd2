#!/usr/bin/env python3
# check.py LOCKGRAPH WORKDIR: the host's checks of a VM rig run (run.sh).
#
# The expected results come from what module/lgvm.c does, not from a past
# output of lockgraph: lgvm_spin_a -> lgvm_spin_b in one load and
# lgvm_spin_b -> lgvm_spin_a in the next, a GFP_KERNEL allocation under both
# spinlocks, lgvm_mutex under both, and an mmu notifier taking
# lgvm_notifier_mutex. Each check is also run on a capture that lacks the
# module's locks (a load run) and must fail there: a check that cannot fail
# proves nothing.
import json
import os
import subprocess
import sys

lg, work = sys.argv[1], sys.argv[2]
out = os.path.join(work, "out")
A, B = "lgvm_spin_a", "lgvm_spin_b"
MUTEX, NOTIFIER_MUTEX = "lgvm_mutex", "lgvm_notifier_mutex"
MMU_MAP = "mmu_notifier_invalidate_range_start"
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def ok(msg):
    print("ok: " + msg)


def read(name):
    with open(os.path.join(out, name)) as f:
        return f.read()


def analyze(*inputs):
    r = subprocess.run([lg, "analyze", "--format=json", "--graph", *inputs],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit("analyze %s: exit %d: %s" % (inputs, r.returncode, r.stderr))
    return json.loads(r.stdout)


def abba_cycle(doc):
    """The A/B cycle, both edges, each with trace evidence; None when absent."""
    for f in doc["findings"]:
        if f["type"] != "cycle" or set(f["classes"]) != {A, B}:
            continue
        pairs = {(e["from"], e["to"]) for e in f["edges"]}
        if pairs != {(A, B), (B, A)}:
            continue
        if all(any(ev["kind"] == "trace" for ev in e["evidence"]) for e in f["edges"]):
            return f
    return None


def sleep_path_to(doc, end):
    """A sleep path from lgvm_spin_a or _b to @end, with trace evidence."""
    for f in doc["findings"]:
        if f["type"] != "sleep-path" or f["classes"][-1] != end:
            continue
        if f["classes"][0] not in (A, B):
            continue
        if all(any(ev["kind"] == "trace" for ev in e["evidence"]) for e in f["edges"]):
            return f
    return None


def has_edge(doc, frm, to):
    return any(e["from"] == frm and e["to"] == to for e in doc["graph"]["edge_list"])


def live_checks(doc, label):
    """The findings and edges the module's phases must leave in a capture: (name, passed)."""
    cyc = abba_cycle(doc)
    return [
        ("ABBA cycle %s <-> %s from trace evidence, reported: false" % (A, B),
         cyc is not None and cyc["reported"] is False),
        ("sleep path from a lgvm spinlock to %s" % MUTEX, sleep_path_to(doc, MUTEX) is not None),
        ("sleep path from a lgvm spinlock to fs_reclaim", sleep_path_to(doc, "fs_reclaim") is not None),
        ("fs_reclaim edges %s -> fs_reclaim and %s -> fs_reclaim" % (A, B),
         has_edge(doc, A, "fs_reclaim") and has_edge(doc, B, "fs_reclaim")),
        ("edge %s -> %s (the notifier's mutex)" % (MMU_MAP, NOTIFIER_MUTEX),
         has_edge(doc, MMU_MAP, NOTIFIER_MUTEX)),
    ]


def run_checks(checks, label):
    for name, passed in checks:
        (ok if passed else fail)("%s: %s" % (label, name))


# -- the guest's own record ------------------------------------------------
phases = read("phases").split("\n")
for p in ("ab", "ba", "mmu"):
    (ok if "%s ok" % p in phases else fail)("guest: phase %s ran" % p)
rc = read("watch.rc").strip()
# 1: findings; anything else is a usage error or a failed capture
(ok if rc == "1" else fail)("guest: watch exit status %s (1: findings)" % rc)
left = [i for i in read("instances.after").split() if i.startswith("lockgraph-")]
(ok if not left else fail)("guest: no tracefs instance left after watch (%s)" % (left or "none"))

# -- the live output, and the saved graph read back ---------------------------
live = json.load(open(os.path.join(out, "watch.json")))
run_checks(live_checks(live, "live"), "live")
saved_path = os.path.join(out, "saved.json")
saved = analyze(saved_path)
run_checks(live_checks(saved, "saved"), "saved")
# Nothing else in this boot takes locks in two orders: any other cycle comes from a held
# stack the capture got wrong (a lost release), as when watch's own tasks were left out
# per CPU (set_event_notrace_pid) and the runqueue lock stayed "held"
others = [" -> ".join(f["classes"]) for f in live["findings"]
          if f["type"] == "cycle" and set(f["classes"]) != {A, B}]
(ok if not others else fail)("live: no cycle but the module's (%d other(s)%s)" %
                              (len(others), ": " + "; ".join(others[:3]) if others else ""))
# printk's down_trylock() under the module's spinlocks takes (console_sem).lock, the
# semaphore's raw spinlock: a sleep path ending there is a misread name (lib/lockname.c)
sem = [f["title"] for f in live["findings"]
       if f["type"] == "sleep-path" and f["classes"][-1] == "(console_sem).lock"]
(ok if not sem else fail)("live: no sleep path ends at (console_sem).lock, a spinlock (%s)" %
                          (sem or "none"))
lc, sc = abba_cycle(live), abba_cycle(saved)
(ok if lc and sc and lc["signature"] == sc["signature"] else fail)(
    "saved graph gives the live cycle's signature")

inp = saved["inputs"][0]
lost = inp["lost_events"]
secs = int(read("watch.cs")) / 100
print("capture: %s events, %s lost, in %.1f s" % (inp["events"], lost, secs))
(ok if inp["events"] and inp["events"] > 0 else fail)("capture has events")
(ok if lost == 0 and not any("lost" in n for n in inp["notes"]) else fail)(
    "no event lost in the capture (lost_events %s, notes %s)" % (lost, inp["notes"]))

# -- the console: what lockdep itself said -----------------------------------
console = open(os.path.join(work, "console.log"), errors="replace").read()
(ok if "circular locking dependency" not in console else fail)(
    "console: lockdep did not report the ABBA pair (two loads)")
(ok if "Invalid wait context" in console and MUTEX in console else fail)(
    "console: lockdep's Invalid wait context for %s" % MUTEX)
(ok if "sleeping function called from invalid context" in console else fail)(
    "console: DEBUG_ATOMIC_SLEEP's report of the allocation under spinlocks")
(ok if "lgvm: phase mmu: 0" in console else fail)("console: the notifier ran")

# -- the other order: console log + saved graph -----------------------------
cons_path = os.path.join(work, "console.log")
both = analyze(cons_path, saved_path)
cyc = abba_cycle(both)
if cyc is None:
    fail("console + saved: the ABBA cycle")
else:
    # a saved graph's input keeps its own name and format (tracefs)
    fmts = [i["format"] for i in both["inputs"]]
    cons_i, saved_i = fmts.index("dmesg"), fmts.index("tracefs")
    from_inputs = {ev["input"] for e in cyc["edges"] for ev in e["evidence"]}
    (ok if {cons_i, saved_i} <= from_inputs else fail)(
        "console + saved: the cycle has evidence from both inputs (%s)" % sorted(from_inputs))
    (ok if cyc["signature"] == sc["signature"] else fail)(
        "console + saved: the same cycle as the live capture")
    (ok if cyc["reported"] is False else fail)(
        "console + saved: still reported: false (no single report shows both orders)")

# -- load runs: the event rate watch keeps up with, and the controls ---------
loads = sorted((f for f in os.listdir(out) if f.startswith("load-") and f.endswith(".json")),
               key=lambda f: int(f[5:-5]))
for f in loads:
    n = f[5:-5]
    doc = analyze(os.path.join(out, f))
    i = doc["inputs"][0]
    secs = int(read("load-%s.cs" % n)) / 100
    rate = i["events"] / secs if secs else 0
    lost = i["lost_events"] or 0
    print("load %s (rounds:pause_us %s): %d events read in %.1f s = %.0f events/s read, "
          "%d lost = %.0f events/s made (watch exit %s)" %
          (n, read("load-%s.item" % n).strip(), i["events"], secs, rate, lost,
           (i["events"] + lost) / secs if secs else 0, read("load-%s.rc" % n).strip()))
    # the control: a capture without the module's locks must fail every check
    for name, passed in live_checks(doc, "control"):
        (fail if passed else ok)("control %s: the check fails without the module: %s" % (f, name))
if not loads:
    print("no load runs: the checks' controls did not run")

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("all checks passed")
