#!/bin/sh
# findings.sh LOCKGRAPH TESTDATA: exit codes, text and DOT output of findings.
# The cross-input case is testdata/merge/amdkfd-cycle (see its README.md).
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/findings: $*" >&2; exit 1; }

a=$td/public/amdgpu-kfd-sdma-stats-notifier-lock-mmap-sem-truncated.txt
b=$td/public/amdgpu-kfd-fork-prange-dqm-interleaved-console.txt

# exit 1 when there are findings, 0 when there are none
"$lg" analyze "$a" "$b" >"$tmp/text"
[ $? -eq 1 ] || fail "findings: expected exit 1"
"$lg" analyze "$td/lab/none/dmesg.log" >/dev/null
[ $? -eq 0 ] || fail "control run: expected exit 0"
# an unreadable input still wins over findings: exit 2
"$lg" analyze "$a" "$b" "$tmp/missing" >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing input with findings: expected exit 2"

# text: the merged cycle, marked new, with evidence lines from both inputs
grep -q '^cycle: possible deadlock: &dqm->lock_hidden -> &mm->mmap_sem -> mmu_notifier_invalidate_range_start -> &prange->lock -> &dqm->lock_hidden$' \
	"$tmp/text" || fail "text: merged cycle missing"
sed -n '/^cycle: possible deadlock: &dqm->lock_hidden -> &mm->mmap_sem/,/^$/p' "$tmp/text" >"$tmp/block"
grep -q 'new: no single report shows it' "$tmp/block" || fail "text: not marked new"
grep -q "$a:1 acquisition, kfdtest/4081" "$tmp/block" || fail "text: no evidence from $a"
grep -q "$b:1 held-list, kfdtest/3939" "$tmp/block" || fail "text: no evidence from $b"
grep -q 'flags     held-list-only' "$tmp/block" || fail "text: flag missing"
grep -q '^graph: 9 classes, 17 edges; 3 finding(s), 1 not shown by any single report$' \
	"$tmp/text" || fail "text: summary line"

# DOT: the three cycles' classes, the merged cycle's edges in red
"$lg" analyze --format=dot "$a" "$b" >"$tmp/dot"
[ $? -eq 1 ] || fail "dot: expected exit 1"
head -1 "$tmp/dot" | grep -q '^digraph lockgraph {$' || fail "dot: header"
for c in '&dqm->lock_hidden' '&mm->mmap_sem' 'mmu_notifier_invalidate_range_start' \
	'&prange->lock' 'reservation_ww_class_mutex' '&adev->notifier_lock'; do
	grep -qF "[label=\"$c\"" "$tmp/dot" || fail "dot: node $c missing"
done
# classes of no finding are left out
grep -qF 'dup_mmap_sem' "$tmp/dot" && fail "dot: dup_mmap_sem is in no finding"
[ "$(grep -c "color=red" "$tmp/dot")" -eq 8 ] ||
	fail "dot: expected 8 finding edges (4 + 3 + 4, three shared)"
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg "$tmp/dot" >"$tmp/svg" || fail "dot: graphviz rejects the output"
	grep -q '<svg' "$tmp/svg" || fail "dot: no svg"
fi
exit 0
