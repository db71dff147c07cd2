#!/bin/sh
# jobs.sh LOCKGRAPH TESTDATA: reading files on several threads (-j) gives exactly
# the output of a serial run: the same inputs, reports, findings, diagnostics, in
# the same order, with trace.dat captures, standard input and a missing file
# mixed in among the logs.
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/jobs: $*" >&2; exit 1; }

set -- "$td"/syzkaller/*.txt "$td"/public/*.txt "$td"/lab/abba_ab/trace.dat \
	"$tmp/missing.log" - "$td"/lab/*/dmesg.log "$td"/lab/abba_ba/trace.dat
[ $# -gt 100 ] || fail "expected more than 100 inputs, got $#"
for j in 1 2 3; do
	for f in json text; do
		"$lg" analyze -j$j --format=$f "$@" <"$td/lab/recursive/dmesg.log" \
			>"$tmp/out.$j.$f" 2>"$tmp/err.$j.$f"
		echo $? >"$tmp/rc.$j.$f"
	done
done
grep -qx 2 "$tmp/rc.1.json" || fail "a missing input must give exit 2"
grep -q "missing.log: No such file or directory" "$tmp/err.1.json" || fail "no message for the missing input"
[ "$(grep -c '"kind": "circular"' "$tmp/out.1.json")" -gt 10 ] || fail "reports not read"
grep -q '"path": "-"' "$tmp/out.1.json" || fail "standard input not read"
for j in 2 3; do
	for f in json text; do
		cmp -s "$tmp/out.1.$f" "$tmp/out.$j.$f" || fail "-j$j --format=$f output differs from -j1"
		cmp -s "$tmp/err.1.$f" "$tmp/err.$j.$f" || fail "-j$j --format=$f diagnostics differ from -j1"
		cmp -s "$tmp/rc.1.$f" "$tmp/rc.$j.$f" || fail "-j$j --format=$f exit status differs"
	done
done

# JSON serialises its reports on -j threads, in rounds of 512 reports a thread:
# 1,224 reports (the real logs 8 times over) are two rounds with -j2, a round
# with a short last share with -j3; every byte as with -j1
set --
for _ in 1 2 3 4 5 6 7 8; do set -- "$@" "$td"/syzkaller/*.txt "$td"/public/*.txt; done
for j in 1 2 3; do
	"$lg" analyze -j$j --format=json "$@" >"$tmp/many.$j" 2>/dev/null
done
[ "$(grep -c '"headline": ' "$tmp/many.1")" -gt 1100 ] || fail "expected over 1,100 reports"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/many.2" ||
	fail "-j2 JSON of 1,224 reports is not one JSON document"
for j in 2 3; do
	cmp -s "$tmp/many.1" "$tmp/many.$j" || fail "-j$j JSON of 1,224 reports differs from -j1"
done
# 1,071 reports (7 times over) with -j4: the fourth thread's share is empty
set --
for _ in 1 2 3 4 5 6 7; do set -- "$@" "$td"/syzkaller/*.txt "$td"/public/*.txt; done
for j in 1 4; do
	"$lg" analyze -j$j --format=json "$@" >"$tmp/some.$j" 2>/dev/null
done
cmp -s "$tmp/some.1" "$tmp/some.4" || fail "-j4 JSON of 1,071 reports differs from -j1"

# Distinct logs in name order with helpers: each input's reports go into the graph as
# it is taken over, while the helpers read on (lib/parallel.c, early ingest). The graph,
# evidence and findings must be those of a serial run; a trace among them (read by the
# caller, after the logs before it went in) makes the early ingest start over in order;
# --save needs the graph without reports
# (a missing file and a compressed copy among them: read by the helpers too)
gzip -c "$td/public/i915-capture-dma-fence-map-fs-reclaim.txt" >"$tmp/i915.txt.gz"
set -- "$td"/lab/*/dmesg.log "$td"/public/*.txt "$td"/syzkaller/*.txt "$tmp/i915.txt.gz" \
	"$tmp/missing.log"
for j in 1 2 3; do
	"$lg" analyze -j$j --format=json --graph "$@" >"$tmp/early.$j" 2>/dev/null
	"$lg" analyze -j$j --format=json --graph "$@" "$td/lab/abba_ba/trace.dat" \
		>"$tmp/early-trace.$j" 2>/dev/null
	"$lg" analyze -j$j -q --save "$tmp/early-save.$j" "$@" >/dev/null 2>&1
done
grep -q '"kind": "held-list"' "$tmp/early.1" || fail "no held-list evidence in the early-ingest case"
grep -q '"ts_ns"' "$tmp/early-trace.1" || fail "no traced evidence in the early-ingest case"
for j in 2 3; do
	cmp -s "$tmp/early.1" "$tmp/early.$j" || fail "-j$j graph of distinct logs differs from -j1"
	cmp -s "$tmp/early-trace.1" "$tmp/early-trace.$j" ||
		fail "-j$j graph of logs and a trace differs from -j1"
	cmp -s "$tmp/early-save.1" "$tmp/early-save.$j" || fail "-j$j saved graph differs from -j1"
done

# usage
"$lg" analyze -j0 "$td/lab/none/dmesg.log" >/dev/null 2>&1; [ $? -eq 2 ] || fail "-j0 must be refused"
"$lg" analyze --jobs=x "$td/lab/none/dmesg.log" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--jobs=x must be refused"
exit 0
