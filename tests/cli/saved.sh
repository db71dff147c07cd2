#!/bin/sh
# saved.sh LOCKGRAPH TESTDATA: saved graphs (--save) read back as inputs give exactly
# the analysis of the original inputs: every log and capture in testdata/ cut in four
# shards, each saved, then merged in several ways — the JSON (with --graph) and the
# text must equal one big run byte for byte; merge order only renumbers inputs, so the
# findings of a reversed merge must be the same set.
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap "${KEEP:+:} rm -rf $tmp" EXIT
fail() { echo "cli/saved: $*" >&2; exit 1; }
run() { "$lg" analyze -j1 "$@" 2>>"$tmp/stderr"; }
sigs() { grep '"signature"' "$1" | sort; }

cd "$td" || fail "no testdata"
ls syzkaller/*.txt public/*.txt >"$tmp/logs"
n=$(wc -l <"$tmp/logs")
q=$((n / 4))
head -n $q "$tmp/logs" >"$tmp/l1"
sed -n "$((q + 1)),$((2 * q))p" "$tmp/logs" >"$tmp/l2"
sed -n "$((2 * q + 1)),$((3 * q))p" "$tmp/logs" >"$tmp/l3"
tail -n +$((3 * q + 1)) "$tmp/logs" >"$tmp/l4"
# captures and lab logs spread over the shards
echo lab/abba_ab/trace.dat >>"$tmp/l1"
echo lab/abba_ab/dmesg.log >>"$tmp/l2"
echo lab/abba_ba/trace.dat >>"$tmp/l2"
echo host/host-sched-kmem-contention-v7.dat >>"$tmp/l3"
echo lab/mmu_notifier/trace.dat >>"$tmp/l4"
echo lab/mmu_notifier/dmesg.log >>"$tmp/l4"
all=$(cat "$tmp/l1" "$tmp/l2" "$tmp/l3" "$tmp/l4")

run --format=json --graph $all >"$tmp/big.json"
[ $? -eq 1 ] || fail "the big run: expected findings (exit 1)"
run --format=text $all >"$tmp/big.txt"
[ "$(grep -c '"signature"' "$tmp/big.json")" -ge 3 ] || fail "the big run has too few findings to compare"

for i in 1 2 3 4; do
	run --format=json --save="$tmp/s$i.json" $(cat "$tmp/l$i") >/dev/null
	[ $? -le 1 ] || fail "saving shard $i failed"
	[ -s "$tmp/s$i.json" ] || fail "shard $i: nothing saved"
done

# the four saved shards at once
run --format=json --graph "$tmp"/s1.json "$tmp"/s2.json "$tmp"/s3.json "$tmp"/s4.json >"$tmp/m.json"
cmp -s "$tmp/big.json" "$tmp/m.json" || fail "merge of 4 saved shards differs from the big run (JSON)"
run --format=text "$tmp"/s1.json "$tmp"/s2.json "$tmp"/s3.json "$tmp"/s4.json >"$tmp/m.txt"
cmp -s "$tmp/big.txt" "$tmp/m.txt" || fail "merge of 4 saved shards differs from the big run (text)"

# associative: ((1 2) (3 4)), and saved graphs of saved graphs
run --format=json --save="$tmp/s12.json" "$tmp/s1.json" "$tmp/s2.json" >/dev/null
run --format=json --save="$tmp/s34.json" "$tmp/s3.json" "$tmp/s4.json" >/dev/null
run --format=json --graph "$tmp/s12.json" "$tmp/s34.json" >"$tmp/m2.json"
cmp -s "$tmp/big.json" "$tmp/m2.json" || fail "((1 2) (3 4)) differs from the big run"
run --format=json --save="$tmp/s234.json" "$tmp/s2.json" "$tmp/s34.json" >/dev/null
run --format=json --graph "$tmp/s1.json" "$tmp/s234.json" >"$tmp/m3.json"
cmp -s "$tmp/big.json" "$tmp/m3.json" || fail "(1 (2 (3 4))) differs from the big run"

# saved graphs mixed with the original inputs, read on two threads
run --format=json --graph -j2 "$tmp/s1.json" $(cat "$tmp/l2") "$tmp/s3.json" $(cat "$tmp/l4") \
	>"$tmp/m4.json"
cmp -s "$tmp/big.json" "$tmp/m4.json" || fail "saved and original inputs mixed differ from the big run"

# commutative: another order renumbers the inputs, the findings stay the same
run --format=json "$tmp/s34.json" "$tmp/s12.json" >"$tmp/rev.json"
sigs "$tmp/big.json" >"$tmp/sig.big"
sigs "$tmp/rev.json" >"$tmp/sig.rev"
cmp -s "$tmp/sig.big" "$tmp/sig.rev" || fail "reversed merge: other findings"

# a damaged saved graph is an error naming it, and adds nothing
head -c 3000 "$tmp/s1.json" >"$tmp/cut.json"
"$lg" analyze --format=json "$tmp/cut.json" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "truncated saved graph: expected exit 2"
grep -q "cut.json: .*saved graph ends in the middle" "$tmp/err" || fail "truncated saved graph: message"
grep -q '"reports": \[$' "$tmp/out" && grep -q '"kind": "' "$tmp/out" &&
	fail "truncated saved graph: reports were added"
sed 's/"kind":"circular"/"kind":"bogus"/' "$tmp/s1.json" >"$tmp/bad.json"
cmp -s "$tmp/bad.json" "$tmp/s1.json" && fail "bad kind: sed changed nothing"
"$lg" analyze "$tmp/bad.json" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "bad report kind: expected exit 2"
grep -q "bad.json: saved graph is malformed: bad report kind" "$tmp/err" || fail "bad report kind: message"
sed 's/lockgraph-graph\/1/lockgraph-graph\/9/' "$tmp/s1.json" >"$tmp/v9.json"
"$lg" analyze "$tmp/v9.json" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "unknown schema: expected exit 2"
grep -q "v9.json: saved graph of schema 'lockgraph-graph/9'" "$tmp/err" || fail "unknown schema: message"

# --save after nothing was read still writes a graph; a bad path is an error
"$lg" analyze --save=/nonexistent/dir/x.json lab/none/dmesg.log >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "unwritable --save: expected exit 2"
grep -q "cannot write the saved graph: /nonexistent/dir/x.json" "$tmp/err" || fail "unwritable --save: message"
exit 0
