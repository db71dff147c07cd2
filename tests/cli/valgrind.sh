#!/bin/sh
# valgrind.sh LOCKGRAPH TESTDATA: memcheck over a sample of real inputs — every report
# kind family, a cross-input merge, a capture — with no error and no leak.
set -u
lg=$1 td=$2
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed" >&2; exit 1; }
vg="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
run() {
	$vg "$lg" analyze --format=json --graph "$@" >/dev/null 2>"$tmp/vg"
	rc=$?
	if [ $rc -ge 2 ]; then
		echo "valgrind.sh: $*: exit $rc" >&2
		cat "$tmp/vg" >&2
		exit 1
	fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run "$td"/syzkaller/linux-report-352.txt "$td"/syzkaller/linux-report-669.txt
run "$td"/public/amdgpu-kfd-sdma-stats-notifier-lock-mmap-sem-truncated.txt \
	"$td"/public/amdgpu-kfd-fork-prange-dqm-interleaved-console.txt
run "$td"/public/syzbot-hung-task-xt-table-fs-reclaim-held-locks.txt
run "$td"/public/bugzilla-journald-i915-userptr-mmu-notifier-warning-wrapped.txt
run "$td"/lab/sleep_atomic/dmesg.log "$td"/lab/sleep_atomic/trace.dat
echo "valgrind.sh: memcheck clean"
