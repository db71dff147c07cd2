#!/usr/bin/env python3
# survey.py LOCKGRAPH TESTDATA: every real input of testdata/ analysed together
# (testdata/merge/survey/): every finding no report proved — listed or folded into another —
# has a judgement written by reading (judgements.tsv) with the confidence and reasons it
# gets; at most 1 in 20 likely ones is judged spurious; the findings the reports printed
# themselves (proved.tsv) are all still there, proved. Prints the counts by verdict and
# reason (the survey's figures).
import collections
import json
import os
import subprocess
import sys

lg, td = sys.argv[1], sys.argv[2]
sv = os.path.join(td, "merge", "survey")
failed = []


def rows(name):
    for line in open(os.path.join(sv, name)):
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


inputs = [os.path.join(td, p) for p in open(os.path.join(sv, "corpus.txt")).read().split()]
out = subprocess.run([lg, "analyze", "-q", "--format=json", *inputs], stdout=subprocess.PIPE)
if out.returncode != 1:
    sys.exit(f"survey: lockgraph exited {out.returncode}, expected 1 (findings)")
d = json.loads(out.stdout)
if len(d["inputs"]) != len(inputs) or any(i["error"] for i in d["inputs"]):
    sys.exit("survey: not every input was read")

judged = {r[1]: r for r in rows("judgements.tsv")}
seen = set()
count = collections.Counter()
reasons = collections.Counter()
for top in d["findings"]:
    for f in [top] + top["also"]:
        if f["confidence"] == "proved":
            continue
        sig = f["signature"]
        seen.add(sig)
        j = judged.get(sig)
        if not j:
            failed.append(f"{sig} ({f['confidence']}) has no judgement: {f['title']}")
            continue
        want_reasons = [] if j[3] == "-" else j[3].split(",")
        if f["confidence"] != j[2] or f["reasons"] != want_reasons:
            failed.append(f"{j[0]} {sig}: judged as {j[2]} {want_reasons}, lockgraph now says "
                          f"{f['confidence']} {f['reasons']}: judge it again")
        count[(f["confidence"], j[4])] += 1
        for r in f["reasons"]:
            reasons[r] += 1
for sig, j in judged.items():
    if sig not in seen:
        failed.append(f"{j[0]} {sig}: judged, but lockgraph no longer gives it: {j[6]}")

likely = sum(n for (c, v), n in count.items() if c == "likely")
spurious = count[("likely", "spurious")]
if spurious * 20 > likely:
    failed.append(f"{spurious} of {likely} likely unproved findings judged spurious (bar: 1 in 20)")

top = {f["signature"]: f for f in d["findings"]}
for sig, title in rows("proved.tsv"):
    if sig not in top or top[sig]["confidence"] != "proved":
        failed.append(f"proved finding lost or weakened: {sig} {title}")

listed = collections.Counter(f["confidence"] for f in d["findings"])
print(f"survey: {len(inputs)} inputs, {len(d['findings'])} findings listed "
      f"({', '.join(f'{n} {c}' for c, n in sorted(listed.items()))}), "
      f"{sum(len(f['also']) for f in d['findings'])} folded into them")
for (c, v), n in sorted(count.items()):
    print(f"survey: unproved {c}, judged {v}: {n}")
print("survey: weak by reason: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))
print(f"survey: likely judged spurious: {spurious} of {likely}")
for f in failed:
    print("survey:", f, file=sys.stderr)
sys.exit(1 if failed else 0)
