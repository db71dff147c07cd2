#!/usr/bin/env python3
# lab-truth.py LOCKGRAPH TESTDATA: every lab capture against its truth.json (written by
# the lab when the boot ran, not by lockgraph): each edge the run created is in the graph
# lockgraph builds from the trace.dat alone; a run that printed no splat gives no finding
# alone; and the partner captures together give the cycle truth.json names.
# Self-edges are the one exception: traces carry no subclass, so a class nested in itself
# gives no edge (docs/traces.md); they are checked to be absent, not present.
import json
import os
import subprocess
import sys

lg, td = sys.argv[1], sys.argv[2]
lab = os.path.join(td, "lab")
failed = []


def analyze(*paths):
    out = subprocess.run([lg, "analyze", "--format=json", "--graph", *paths],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if out.returncode not in (0, 1):
        failed.append(f"{paths}: exit {out.returncode}")
        return None
    return json.loads(out.stdout)


checked = 0
for scenario in sorted(os.listdir(lab)):
    truth_path = os.path.join(lab, scenario, "truth.json")
    trace = os.path.join(lab, scenario, "trace.dat")
    if not (os.path.exists(truth_path) and os.path.exists(trace)):
        continue
    truth = json.load(open(truth_path))
    d = analyze(trace)
    if d is None:
        continue
    edges = {(e["from"], e["to"]) for e in d["graph"]["edge_list"]}
    for a, b in truth.get("edges", []):
        checked += 1
        if a == b:
            if (a, b) in edges:
                failed.append(f"{scenario}: self-edge {a} -> {b} from a trace")
        elif (a, b) not in edges:
            failed.append(f"{scenario}: edge {a} -> {b} missing")
    if not truth.get("expect_splat") and d["findings"]:
        failed.append(f"{scenario}: clean run alone gave {[f['title'] for f in d['findings']]}")
    merge = truth.get("merge")
    if merge:
        partners = [os.path.join(lab, p, "trace.dat") for p in merge["with"]]
        if not all(os.path.exists(p) for p in partners):
            # fs_reclaim_shrinker and mmu_notifier_alloc were never captured
            print(f"lab-truth: {scenario}: partner {merge['with']} not in the corpus, skipped")
            continue
        m = analyze(trace, *partners)
        want = sorted(merge["cycle"])
        # the ground truth's cycle must be found, and trusted: likely (or proved)
        hits = [f for f in (m or {}).get("findings", [])
                if f["type"] == "cycle" and sorted(f["classes"]) == want]
        if m is not None and not hits:
            failed.append(f"{scenario}: merged with {merge['with']}: no cycle {want}")
        elif m is not None and hits[0]["confidence"] not in ("likely", "proved"):
            failed.append(f"{scenario}: merged cycle {want} is {hits[0]['confidence']} "
                          f"({hits[0]['reasons']})")
        checked += 1

for f in failed:
    print("lab-truth:", f, file=sys.stderr)
print(f"lab-truth: {checked} expectations checked, {len(failed)} failed")
sys.exit(1 if failed or not checked else 0)
