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

# text: the two printed cycles, proved; the merged cycle rests on the 2020 inversion
# (dqm -> mmap_sem) and is folded into that report's cycle, weak, with its reasons
# (testdata/merge/amdkfd-cycle/README.md)
grep -q '^cycle: possible deadlock: &adev->notifier_lock -> &dqm->lock_hidden -> &mm->mmap_sem -> mmu_notifier_invalidate_range_start -> &adev->notifier_lock$' \
	"$tmp/text" || fail "text: the 2020 cycle is missing"
sed -n '/^cycle: possible deadlock: &adev->notifier_lock/,/^$/p' "$tmp/text" >"$tmp/block"
grep -q 'already shown by one report, proved, cycle:' "$tmp/block" || fail "text: not marked proved"
# the line of the evidence itself: the lock line of "is trying to acquire lock:"
grep -q "$a:5 acquisition, kfdtest/4081" "$tmp/block" || fail "text: no evidence from $a at its line"
grep -qF '    also      possible deadlock: &dqm->lock_hidden -> &mm->mmap_sem -> mmu_notifier_invalidate_range_start -> &prange->lock -> &dqm->lock_hidden (weak: held-list-only, mixed-kernels, cycle:' \
	"$tmp/block" || fail "text: the merged cycle is not folded in, weak, with its reasons"
grep -q '^cycle: possible deadlock: &dqm->lock_hidden -> &mm->mmap_sem' "$tmp/text" &&
	fail "text: the merged cycle is listed on its own"
grep -q '^graph: 9 classes, 17 edges; 2 finding(s): 2 proved, 0 likely, 0 weak; 1 more folded into them$' \
	"$tmp/text" || fail "text: summary line"

# weak findings come last, briefly, and alone do not fail the run
oom=$td/public/syzbot-oom-reaper-recursive-mmu-notifier.txt
odp=$td/public/rdma-mlx5-odp-umem-mutex-mmu-notifier-fs-reclaim.txt
"$lg" analyze --kind=sleep-path "$oom" "$odp" >"$tmp/weak"
[ $? -eq 0 ] || fail "weak only: expected exit 0"
"$lg" analyze --kind=sleep-path --fail-on=weak "$oom" "$odp" >/dev/null
[ $? -eq 1 ] || fail "weak only with --fail-on=weak: expected exit 1"
sed -n '/^weak findings:/,$p' "$tmp/weak" >"$tmp/weak.block"
grep -q '^sleep-path: possible sleep in atomic context: <oom_reaper> -> mmu_notifier_invalidate_range_start -> &umem_odp->umem_mutex$' \
	"$tmp/weak.block" || fail "weak: the OOM-reaper sleep path is not listed as weak"
grep -q '^    weak: blockable-notifier, sleep-path:' "$tmp/weak.block" || fail "weak: reason missing"

# a merged cycle gets lockdep's unsafe scenario, with where the evidence took each lock
"$lg" analyze "$td/lab/abba_ab/trace.dat" "$td/lab/abba_ba/trace.dat" >"$tmp/abba"
[ $? -eq 1 ] || fail "abba: expected the likely cycle (exit 1)"
sed -n '/Possible unsafe locking scenario:/,/DEADLOCK/p' "$tmp/abba" >"$tmp/scenario"
cat >"$tmp/scenario.want" <<'EOS'
     Possible unsafe locking scenario:

           CPU0                    CPU1
           ----                    ----
      lock(lab_a);
                                   lock(lab_b);
      lock(lab_b);
                                   lock(lab_a);

     *** DEADLOCK ***
EOS
cmp -s "$tmp/scenario" "$tmp/scenario.want" || fail "abba: not lockdep's scenario"
grep -q "^    CPU0 lock(lab_b) holding lab_a: $td/lab/abba_ab/trace.dat, lab_ab/" "$tmp/abba" ||
	fail "abba: CPU0's wait without its evidence"
grep -q "^    CPU1 lock(lab_a) holding lab_b: $td/lab/abba_ba/trace.dat, lab_ba/" "$tmp/abba" ||
	fail "abba: CPU1's wait without its evidence"

# lockdep's priming says so on the evidence: the msm report's "-> #3" link (line 15) is
# dma_resv_lockdep()'s boot-time __dma_fence_might_wait() under the notifier map
msm=$td/public/msm-devfreq-dma-fence-map-mmu-notifier-fs-reclaim.txt
"$lg" analyze "$msm" >"$tmp/msm"
grep -qF "$msm:15 chain-link [mmu_notifier, dma_fence] (lockdep priming: an order the kernel declares, not an acquisition)" \
	"$tmp/msm" || fail "msm: the priming link is not marked"
[ "$(grep -c "lockdep priming" "$tmp/msm")" -eq 1 ] || fail "msm: only the one priming link is priming"

# DOT: the two cycles' classes, their edges in red
"$lg" analyze --format=dot "$a" "$b" >"$tmp/dot"
[ $? -eq 1 ] || fail "dot: expected exit 1"
head -1 "$tmp/dot" | grep -q '^digraph lockgraph {$' || fail "dot: header"
for c in '&dqm->lock_hidden' '&mm->mmap_sem' 'mmu_notifier_invalidate_range_start' \
	'&prange->lock' 'reservation_ww_class_mutex' '&adev->notifier_lock'; do
	grep -qF "[label=\"$c\"" "$tmp/dot" || fail "dot: node $c missing"
done
# classes of no finding are left out
grep -qF 'dup_mmap_sem' "$tmp/dot" && fail "dot: dup_mmap_sem is in no finding"
[ "$(grep -c "color=red" "$tmp/dot")" -eq 7 ] ||
	fail "dot: expected 7 finding edges (4 + 3)"
# confidence in the legend; a weak finding's edges dashed
grep -qF 'F1 (proved): possible deadlock: &dqm->lock_hidden -> reservation_ww_class_mutex' "$tmp/dot" ||
	fail "dot: legend without confidence"
"$lg" analyze --format=dot --kind=sleep-path "$oom" "$odp" >"$tmp/dot-weak"
grep -qF 'F1 (weak): possible sleep in atomic context: <oom_reaper>' "$tmp/dot-weak" ||
	fail "dot: the weak sleep path is not marked weak"
[ "$(grep -c 'style=dashed' "$tmp/dot-weak")" -eq 2 ] || fail "dot: weak edges not dashed"
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg "$tmp/dot" >"$tmp/svg" || fail "dot: graphviz rejects the output"
	grep -q '<svg' "$tmp/svg" || fail "dot: no svg"
fi
exit 0
