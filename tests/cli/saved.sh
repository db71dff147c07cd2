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
sed 's/lockgraph-graph\/2/lockgraph-graph\/9/' "$tmp/s1.json" >"$tmp/v9.json"
"$lg" analyze "$tmp/v9.json" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "unknown schema: expected exit 2"
grep -q "v9.json: saved graph of schema 'lockgraph-graph/9'" "$tmp/err" || fail "unknown schema: message"
# traced evidence without the names it was printed with (found by fuzz-analyze: the cycle
# lab_a -> lab_b -> lab_a compared a missing name and crashed)
run -q --save "$tmp/ab.json" lab/abba_ab/trace.dat lab/abba_ba/trace.dat >/dev/null
sed 's/"from":"lab_a",//g' "$tmp/ab.json" >"$tmp/noname.json"
cmp -s "$tmp/ab.json" "$tmp/noname.json" && fail "evidence without names: sed changed nothing"
"$lg" analyze "$tmp/noname.json" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "evidence without names: expected exit 2"
grep -q "noname.json: saved graph is malformed: bad evidence" "$tmp/err" ||
	fail "evidence without names: message"

# Repetitions (docs/saved-graph.md): the same report hit again — another run, its lines
# moved by the noise before it, other pids, a hung task's headline with its own pid and
# wait — is saved as a reference to the first, and reads back whole.
hung=public/syzbot-hung-task-xt-table-fs-reclaim-held-locks.txt
kfd=public/amdgpu-kfd-fork-prange-dqm-interleaved-console.txt
mkdir "$tmp/rep"
# the hung-task log has 1 report (line 1) naming 13 tasks' held locks; kfd 1 (a circular one)
cp "$hung" "$tmp/rep/run-00.log"
i=1
while [ $i -le 19 ]; do
	f=$(printf '%s/rep/run-%02d.log' "$tmp" $i)
	{
		seq $i | sed 's/^/noise /'
		sed -E "s#(held by [^/]*)/([0-9]+):#\1/$i\2:#; s#syz-executor:5236 blocked for more than 143#syz-executor:${i}5236 blocked for more than 1$i#" "$hung"
	} >"$f"
	i=$((i + 1))
done
cat "$kfd" "$hung" >"$tmp/rep/run-20.log"
grep -q "syz-executor:195236 blocked for more than 119 seconds" "$tmp/rep/run-19.log" ||
	fail "repetitions: the variant logs were not made"
reps=$(ls "$tmp"/rep/*.log)
run --format=json --save="$tmp/rep.json" $reps >/dev/null
whole=$(grep -c '^{"line":' "$tmp/rep.json")
again=$(grep -c '^\[' "$tmp/rep.json")
[ "$whole" -eq 2 ] && [ "$again" -eq 20 ] ||
	fail "repetitions: $whole whole reports and $again repetitions saved, expected 2 and 20"
grep -q '^\[0,20,104,195236,\[1925,1979,' "$tmp/rep.json" ||
	fail "repetitions: run-19's report is not saved as a repetition at lines 20-104, pid 195236"
grep -q '"INFO: task syz-executor:195236 blocked for more than 119 seconds."\]' "$tmp/rep.json" ||
	fail "repetitions: run-19's own headline is not saved"
run --format=json --graph $reps >"$tmp/rep-direct.json"
run --format=json --graph "$tmp/rep.json" >"$tmp/rep-saved.json"
cmp -s "$tmp/rep-direct.json" "$tmp/rep-saved.json" ||
	fail "repetitions: reading the saved graph differs from reading the logs (JSON)"
run --format=text $reps >"$tmp/rep-direct.txt"
run --format=text "$tmp/rep.json" >"$tmp/rep-saved.txt"
cmp -s "$tmp/rep-direct.txt" "$tmp/rep-saved.txt" ||
	fail "repetitions: reading the saved graph differs from reading the logs (text)"
# across saved graphs: each shard holds the report whole, their merge once
run --save="$tmp/rep-a.json" $(ls "$tmp"/rep/run-0*.log) >/dev/null
run --save="$tmp/rep-b.json" $(ls "$tmp"/rep/run-1*.log "$tmp"/rep/run-2*.log) >/dev/null
run --save="$tmp/rep-ab.json" "$tmp/rep-b.json" "$tmp/rep-a.json" >/dev/null
[ "$(grep -c '^{"line":' "$tmp/rep-ab.json")" -eq 2 ] ||
	fail "repetitions: a merge of two saved graphs keeps the repeated report twice"
run --format=json --graph "$tmp/rep-ab.json" >"$tmp/rep-ab.out"
cmp -s "$tmp/rep-direct.json" "$tmp/rep-ab.out" ||
	fail "repetitions: a merge of saved graphs with repetitions differs from the logs"
# 21 runs cost their inputs' table, not 21 reports: a repetition here is ~130 bytes
run --save="$tmp/rep-one.json" "$tmp/rep/run-00.log" >/dev/null
one=$(wc -c <"$tmp/rep-one.json")
[ "$(wc -c <"$tmp/rep.json")" -lt $((2 * one + 21 * 450)) ] ||
	fail "repetitions: the saved graph of 21 runs is $(wc -c <"$tmp/rep.json") bytes, one run's $one"
# a repetition must name an earlier whole report
sed '0,/^\[0,/s//[7,/' "$tmp/rep.json" >"$tmp/rep-bad.json"
"$lg" analyze "$tmp/rep-bad.json" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "bad repetition: expected exit 2"
grep -q "rep-bad.json: saved graph is malformed: bad repeated report" "$tmp/err" ||
	fail "bad repetition: message"

# the first format (lockgraph-graph/1, written by 0.1.0 before repetitions) still reads,
# as the inputs it was saved from
v1in="$hung $kfd lab/abba_ab/trace.dat"
run --format=json --graph $v1in >"$tmp/v1-direct.json"
run --format=json --graph saved/v1-hung-task-kfd-abba.json >"$tmp/v1.json"
cmp -s "$tmp/v1-direct.json" "$tmp/v1.json" || fail "a lockgraph-graph/1 file reads otherwise"
sed 's#lockgraph-graph/2#lockgraph-graph/1#' "$tmp/rep.json" >"$tmp/rep-v1.json"
"$lg" analyze "$tmp/rep-v1.json" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "a repetition in the first format: expected exit 2"

# --save after nothing was read still writes a graph; a bad path is an error
"$lg" analyze --save=/nonexistent/dir/x.json lab/none/dmesg.log >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "unwritable --save: expected exit 2"
grep -q "cannot write the saved graph: /nonexistent/dir/x.json" "$tmp/err" || fail "unwritable --save: message"
exit 0
