#!/bin/sh
# baseline.sh LOCKGRAPH TESTDATA: the CI-gate pipeline. Each run saves its graph; a
# merge of the saved graphs gives exactly the findings of one big run; with the
# merge of the earlier runs as --baseline, a run over everything lists exactly the
# findings the earlier runs did not have (exit 1 only if there are some), counted
# as known otherwise; suppressions need a reason and are listed with it.
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/baseline: $*" >&2; exit 1; }
# the findings' own signatures (not those of the findings folded into them)
sigs() {
	python3 -c 'import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print(f["signature"])' "$1" | sort
}

cd "$td" || fail "no testdata"
# four "runs": real logs and captures whose findings only appear together
set -- "public/amdgpu-kfd-sdma-stats-notifier-lock-mmap-sem-truncated.txt" \
	"public/amdgpu-kfd-fork-prange-dqm-interleaved-console.txt" \
	"lab/abba_ab/trace.dat" "lab/abba_ba/trace.dat"
"$lg" analyze -j1 --format=json "$@" >"$tmp/big.json" 2>/dev/null
[ $? -eq 1 ] || fail "the big run: expected findings"
k=0
for run in "$@"; do
	k=$((k + 1))
	"$lg" analyze --format=json --save="$tmp/run$k.json" "$run" >/dev/null 2>&1
	[ $? -le 1 ] || fail "run $k: --save failed"
done
"$lg" analyze --format=json "$tmp"/run1.json "$tmp"/run2.json "$tmp"/run3.json \
	"$tmp"/run4.json >"$tmp/merged.json" 2>/dev/null
sigs "$tmp/big.json" >"$tmp/big.sigs"
sigs "$tmp/merged.json" >"$tmp/merged.sigs"
[ -s "$tmp/big.sigs" ] || fail "no findings to compare"
cmp -s "$tmp/big.sigs" "$tmp/merged.sigs" || fail "merged saved graphs: other findings than the big run"

# yesterday: runs 1-3, merged and kept; today: run 4 arrives (the second ABBA boot)
"$lg" analyze --format=json --save="$tmp/known.json" "$tmp"/run1.json "$tmp"/run2.json \
	"$tmp"/run3.json >"$tmp/old.json" 2>/dev/null
sigs "$tmp/old.json" >"$tmp/old.sigs"
[ -s "$tmp/old.sigs" ] || fail "the earlier runs should have findings (the amdkfd cycles)"
comm -23 "$tmp/big.sigs" "$tmp/old.sigs" >"$tmp/new.expected"
[ -s "$tmp/new.expected" ] || fail "run 4 should bring a new finding (the lab ABBA cycle)"
"$lg" analyze --format=json --baseline="$tmp/known.json" "$tmp/known.json" "$tmp/run4.json" \
	>"$tmp/gate.json" 2>/dev/null
[ $? -eq 1 ] || fail "gate: a new finding must exit 1"
sigs "$tmp/gate.json" >"$tmp/gate.sigs"
cmp -s "$tmp/new.expected" "$tmp/gate.sigs" || fail "gate: not exactly the new findings"
grep -q '"lab_a"' "$tmp/gate.json" || fail "gate: the new finding should be the lab ABBA cycle"
grep -q "\"baseline\": $(wc -l <"$tmp/old.sigs")," "$tmp/gate.json" ||
	fail "gate: the known findings are not counted"

# the same gate from a list of signatures (as a dashboard would export them)
{ echo "# accepted on 2026-11-26"; sed 's/$/ seen before/' "$tmp/old.sigs"; } >"$tmp/known.sigs"
"$lg" analyze --format=json --baseline="$tmp/known.sigs" "$tmp/known.json" "$tmp/run4.json" \
	>"$tmp/gate2.json" 2>/dev/null
sigs "$tmp/gate2.json" >"$tmp/gate2.sigs"
cmp -s "$tmp/new.expected" "$tmp/gate2.sigs" || fail "gate from signatures: not exactly the new findings"

# yesterday's runs alone against their own baseline: nothing new, exit 0
"$lg" analyze --baseline="$tmp/known.json" "$tmp/known.json" >/dev/null 2>&1
[ $? -eq 0 ] || fail "nothing new must exit 0"

# a suppression, with its reason, listed; without one, an error naming the line
new=$(head -1 "$tmp/new.expected")
printf '# false positives\n%s lab_a/lab_b are test locks\n' "$new" >"$tmp/supp"
"$lg" analyze --format=json --baseline="$tmp/known.json" --suppress="$tmp/supp" \
	"$tmp/known.json" "$tmp/run4.json" >"$tmp/supp.json" 2>/dev/null
rc=$?
left=$(comm -23 "$tmp/new.expected" - <<EOS
$new
EOS
)
if [ -z "$left" ]; then [ $rc -eq 0 ] || fail "suppressed: expected exit 0"; fi
grep -q "\"reason\": \"lab_a/lab_b are test locks\"" "$tmp/supp.json" || fail "suppression not listed"
grep -q "\"signature\": \"$new\"" "$tmp/supp.json" || fail "suppressed signature not listed"
# the JSON with a suppression listed still meets the published schema
py=$(dirname "$0")/../validate-schema.py
python3 "$py" "$td/../docs/schema/lockgraph-1.schema.json" "$tmp/supp.json" ||
	fail "output with a suppression does not meet the schema"
printf '%s\n' "$new" >"$tmp/noreason"
"$lg" analyze --suppress="$tmp/noreason" "$tmp/run4.json" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "suppression without reason: expected exit 2"
grep -q "noreason:1: a suppression needs its reason" "$tmp/err" || fail "no reason: message"
# a file that is no signature list is read as an input: a plain log, knowing nothing
printf 'just a console line\n' >"$tmp/junk"
"$lg" analyze --baseline="$tmp/junk" "$tmp/known.json" "$tmp/run4.json" >/dev/null 2>&1
[ $? -eq 1 ] || fail "a baseline knowing nothing must leave the findings in (exit 1)"
"$lg" analyze --baseline="$tmp/missing" "$tmp/run4.json" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "missing baseline: expected exit 2"
grep -q "missing: No such file or directory" "$tmp/err" || fail "missing baseline: message"
exit 0
