#!/bin/sh
# trace-inputs.sh LOCKGRAPH TESTDATA: a trace.dat is recognised by its magic however it
# comes — compressed, on standard input, under any name — and gives the same result.
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/trace-inputs: $*" >&2; exit 1; }
a=$td/lab/abba_ab/trace.dat
b=$td/lab/abba_ba/trace.dat

"$lg" analyze --format=json --graph "$a" "$b" >"$tmp/plain.json"
[ $? -eq 1 ] || fail "plain: expected the cycle (exit 1)"
gzip -c "$a" >"$tmp/a.gz"
xz -c "$b" >"$tmp/renamed.log.xz"
"$lg" analyze --format=json --graph "$tmp/a.gz" - <"$tmp/renamed.log.xz" >"$tmp/other.json"
[ $? -eq 1 ] || fail "gzip + xz on stdin: expected the cycle (exit 1)"
python3 - "$tmp/plain.json" "$tmp/other.json" <<'PY' || fail "results differ"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert [i["format"] for i in b["inputs"]] == ["trace.dat", "trace.dat"], b["inputs"]
# inputs in name order: "-" (the xz one) before the gzip file
assert [i["compression"] for i in b["inputs"]] == ["xz", "gzip"], b["inputs"]
key = lambda d: sorted((e["from"], e["to"], e["evidence_count"]) for e in d["graph"]["edge_list"])
assert key(a) == key(b), "edges differ"
assert [f["signature"] for f in a["findings"]] == [f["signature"] for f in b["findings"]]
PY
exit 0
