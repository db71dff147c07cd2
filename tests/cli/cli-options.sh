#!/bin/sh
# cli-options.sh LOCKGRAPH TESTDATA VERSION: help and version as users expect them, and the
# --kind / --context filters of analyze on real merged inputs (testdata/merge/).
set -u
lg=$1 td=$2 version=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/cli-options: $*" >&2; exit 1; }

# inputs of a merge case, as tests/CMakeLists.txt reads them
case_inputs() {
	grep -v '^#' "$td/merge/$1/inputs" | sed "s|^|$td/|"
}
# run NAME EXPECTED-STATUS ARGS...: lockgraph ARGS, stdout in $tmp/NAME, stderr in $tmp/NAME.err
run() {
	name=$1 want=$2
	shift 2
	"$lg" "$@" >"$tmp/$name" 2>"$tmp/$name.err"
	st=$?
	[ "$st" -eq "$want" ] ||
		fail "$name: exit $st, expected $want: $(head -c 300 "$tmp/$name.err")"
}
count() { grep -c -- "$1" "$2"; }
# no_findings FILE: the JSON output's "findings" array is empty
no_findings() {
	sed -n '/^  "findings": \[/,$p' "$1" | tr -d ' \n' | grep -q '^"findings":\[\]'
}
# findings_with CONTEXT FILE: how many findings of a JSON output list CONTEXT in "contexts"
findings_with() {
	awk -v c="\"$1\"" '
		/^  "findings"/ { on = 1 }
		on && /^      "contexts": \[$/ { inctx = 1; next }
		inctx && /^      \]/ { inctx = 0 }
		inctx && ($1 == c || $1 == c ",") { n++ }
		END { print n + 0 }' "$2"
}

## help and version

run help-analyze 0 help analyze
run analyze-help 0 analyze --help
cmp -s "$tmp/help-analyze" "$tmp/analyze-help" ||
	fail "'help analyze' differs from 'analyze --help'"
grep -q '^usage: lockgraph analyze' "$tmp/help-analyze" || fail "help analyze: no usage line"
run help 0 help
run dash-help 0 --help
run dash-h 0 -h
cmp -s "$tmp/help" "$tmp/dash-help" || fail "'help' differs from '--help'"
cmp -s "$tmp/help" "$tmp/dash-h" || fail "'-h' differs from '--help'"
grep -q '^   analyze ' "$tmp/help" || fail "help: analyze not in the command list"
run help-bad 2 help frobnicate
grep -q "frobnicate" "$tmp/help-bad.err" || fail "help frobnicate: message does not name it"

run version 0 --version
run version-cmd 0 version
cmp -s "$tmp/version" "$tmp/version-cmd" || fail "'version' differs from '--version'"
# "lockgraph X.Y.Z", X.Y.Z the project's version (CMakeLists.txt), maybe more after a space
first=$(head -n 1 "$tmp/version")
case "$first" in
"lockgraph $version" | "lockgraph $version "*) ;;
*) fail "--version: '$first', expected 'lockgraph $version'" ;;
esac

# writing help or version to a full device fails loudly
if [ -w /dev/full ]; then
	"$lg" help analyze >/dev/full 2>/dev/null && fail "help analyze >/dev/full: exit 0"
	"$lg" --version >/dev/full 2>/dev/null && fail "--version >/dev/full: exit 0"
fi

## --kind

amdkfd=$(case_inputs amdkfd-cycle)
# shellcheck disable=SC2086 # one path per word, testdata names have no spaces
set -- $amdkfd
[ $# -eq 2 ] || fail "amdkfd-cycle: expected two inputs"

run all 1 analyze --format=json "$@"
grep -q "\"version\": \"$version\"" "$tmp/all" || fail "JSON version is not $version"
n_all=$(count '^      "type": ' "$tmp/all")
[ "$n_all" -ge 1 ] || fail "amdkfd-cycle: no finding without a filter"
[ "$(count '^      "type": "cycle"' "$tmp/all")" -eq "$n_all" ] ||
	fail "amdkfd-cycle: expected cycles only"

run kind-cycle 1 analyze --format=json --kind=cycle "$@"
cmp -s "$tmp/all" "$tmp/kind-cycle" || fail "--kind=cycle changed the output of cycles only"

run kind-list 1 analyze --format=json --kind=sleep-path,cycle "$@"
cmp -s "$tmp/all" "$tmp/kind-list" || fail "--kind=sleep-path,cycle dropped a cycle"

run kind-sleep 0 analyze --format=json --kind=sleep-path "$@"
[ "$(count '^      "type": ' "$tmp/kind-sleep")" -eq 0 ] || fail "--kind=sleep-path: findings left"
no_findings "$tmp/kind-sleep" || fail "--kind=sleep-path: findings not empty"
# reports, inputs and graph are not filtered: all before "findings" is the same
sed '/^  "findings"/,$d' "$tmp/all" >"$tmp/all.head"
sed '/^  "findings"/,$d' "$tmp/kind-sleep" >"$tmp/kind-sleep.head"
grep -q '"kind": "circular"' "$tmp/all.head" || fail "amdkfd-cycle: no circular report"
cmp -s "$tmp/all.head" "$tmp/kind-sleep.head" || fail "--kind changed reports or graph"

run kind-irq-text 0 analyze --kind=irq-inversion "$@"
grep -q '^cycle: ' "$tmp/kind-irq-text" && fail "--kind=irq-inversion: text shows a cycle"
grep -q "; 0 finding(s): 0 proved, 0 likely, 0 weak; $n_all more left out by the filter" \
	"$tmp/kind-irq-text" || fail "--kind=irq-inversion: the summary hides what was left out"
run kind-cycle-text 1 analyze --kind=cycle "$@"
[ "$(count '^cycle: ' "$tmp/kind-cycle-text")" -eq "$n_all" ] ||
	fail "--kind=cycle: the text lost a cycle"

run dot-all 1 analyze --format=dot "$@"
run dot-sleep 0 analyze --format=dot --kind=sleep-path "$@"
grep -q 'label=' "$tmp/dot-all" || fail "dot: no finding drawn without a filter"
grep -q 'label=' "$tmp/dot-sleep" && fail "dot: --kind=sleep-path still draws a finding"

# -o and the filter; the exit status follows what is left
run kind-out 0 analyze -o "$tmp/out.json" --format=json --kind=sleep-path "$@"
no_findings "$tmp/out.json" || fail "-o with --kind: findings not empty"

## --context

oom=$(case_inputs oom-reaper-sleep)
# shellcheck disable=SC2086
set -- $oom
run oom-all 1 analyze --format=json "$@"
n_all=$(count '^      "type": ' "$tmp/oom-all")
run ctx-oom 1 analyze --format=json --context=oom_reaper "$@"
n_oom=$(count '^      "type": ' "$tmp/ctx-oom")
# every finding kept names oom_reaper among its contexts, and one without it was dropped
{ [ "$n_oom" -ge 1 ] && [ "$n_oom" -lt "$n_all" ]; } ||
	fail "--context=oom_reaper: $n_oom of $n_all findings kept"
[ "$(findings_with oom_reaper "$tmp/ctx-oom")" -eq "$n_oom" ] ||
	fail "--context=oom_reaper: a finding without oom_reaper is kept"
grep -q '"type": "sleep-path"' "$tmp/ctx-oom" || fail "--context=oom_reaper: the sleep path is gone"
grep -q 'fs_reclaim -> mmu_notifier_invalidate_range_start' "$tmp/oom-all" ||
	fail "oom-reaper-sleep: the fs_reclaim cycle is not found"
grep -q 'fs_reclaim -> mmu_notifier_invalidate_range_start' "$tmp/ctx-oom" &&
	fail "--context=oom_reaper: the fs_reclaim cycle is kept"

[ "$(findings_with oom_reaper "$tmp/oom-all")" -eq "$n_oom" ] ||
	fail "--context=oom_reaper: a finding with oom_reaper is dropped"

run ctx-fs 1 analyze --format=json --context=fs_reclaim "$@"
[ "$(count '^      "type": ' "$tmp/ctx-fs")" -eq 1 ] ||
	fail "--context=fs_reclaim: expected 1 finding"
grep -q 'fs_reclaim -> mmu_notifier_invalidate_range_start' "$tmp/ctx-fs" ||
	fail "--context=fs_reclaim: the fs_reclaim cycle is gone"

run ctx-list 1 analyze --format=json --context=hardirq,oom_reaper "$@"
cmp -s "$tmp/ctx-oom" "$tmp/ctx-list" || fail "--context=hardirq,oom_reaper differs from oom_reaper"
run ctx-irq 0 analyze --format=json --context=hardirq,softirq "$@"
no_findings "$tmp/ctx-irq" || fail "--context=hardirq,softirq: findings left"

# both: a finding must pass both lists. The one left is the weak OOM-reaper sleep path
# (blockable-notifier): exit 0 by default, 1 with --fail-on=weak.
run both-default 0 analyze --format=json --kind=sleep-path --context=oom_reaper "$@"
grep -q '"confidence": "weak"' "$tmp/both-default" || fail "the OOM-reaper sleep path is not weak"
run both 1 analyze --format=json --fail-on=weak --kind=sleep-path --context=oom_reaper "$@"
cmp -s "$tmp/both-default" "$tmp/both" || fail "--fail-on changed the output"
run fail-on-proved 1 analyze --format=json --fail-on=proved "$@"
run fail-on-bad 2 analyze --fail-on=maybe "$@"
[ "$(count '^      "type": ' "$tmp/both")" -eq 1 ] || fail "--kind + --context: expected 1 finding"
grep -q '^      "type": "sleep-path"' "$tmp/both" || fail "--kind + --context: not the sleep path"
run both-none 0 analyze --format=json --kind=irq-inversion --context=oom_reaper "$@"

# the same boot's console and capture: a fs_reclaim cycle, nothing in the OOM reaper
fsr=$(case_inputs fs-reclaim-dmesg-trace)
# shellcheck disable=SC2086
set -- $fsr
run fsr-fs 1 analyze --context=fs_reclaim "$@"
run fsr-oom 0 analyze --context=oom_reaper "$@"

## usage errors: exit 2, one line naming the bad value and the valid ones, nothing read

run bad-kind 2 analyze --kind=cycle,circular "$@"
[ "$(wc -l <"$tmp/bad-kind.err")" -eq 1 ] || fail "bad --kind: not one line"
grep -q "'circular'" "$tmp/bad-kind.err" || fail "bad --kind: the bad value is not named"
grep -q "cycle, sleep-path, irq-inversion" "$tmp/bad-kind.err" ||
	fail "bad --kind: the valid values are not named"
[ -s "$tmp/bad-kind" ] && fail "bad --kind: output written"

run bad-context 2 analyze --context=oom "$tmp/missing.log"
[ "$(wc -l <"$tmp/bad-context.err")" -eq 1 ] || fail "bad --context: not one line"
grep -q "'oom'" "$tmp/bad-context.err" || fail "bad --context: the bad value is not named"
grep -q "fs_reclaim, mmu_notifier, oom_reaper" "$tmp/bad-context.err" ||
	fail "bad --context: the valid values are not named"
grep -q "missing.log" "$tmp/bad-context.err" && fail "bad --context: inputs were read"

run empty-kind 2 analyze --kind= "$@"
grep -q "sleep-path" "$tmp/empty-kind.err" || fail "empty --kind: the valid values are not named"
run trailing-comma 2 analyze --kind=cycle, "$@"
run kind-case 2 analyze --kind=Cycle "$@"

# an unreadable input stays exit 2 with a filter
run unreadable 2 analyze --kind=cycle "$tmp/missing.log" "$@"

# the names --help lists are exactly those lockgraph takes
names() { sed -n 's/.*(valid: \(.*\))$/\1/p' "$1" | tr -d ,; }
for opt in kind context; do
	"$lg" analyze --$opt=, /dev/null 2>"$tmp/names.err" >/dev/null
	for n in $(names "$tmp/names.err"); do
		grep -q -- "$n" "$tmp/analyze-help" ||
			fail "--$opt value $n is not in analyze --help"
	done
done
echo "cli/cli-options: ok"
