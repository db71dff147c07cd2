#!/bin/sh
# nothing-lost.sh LOCKGRAPH TESTDATA: every report header line found in every
# log of testdata/ is the headline of a report lockgraph emitted (parsed, or
# emitted incomplete with a reason): none is silently dropped.
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# headers as docs/reports.md lists them, after the printk framing
re='(WARNING: possible (circular|recursive|irq lock inversion)|WARNING: inconsistent lock state|\[ (INFO|BUG): |WARNING: [A-Z-]+-safe -> |WARNING: (bad unlock balance|held lock freed|lock held when returning|suspicious RCU usage)|BUG: sleeping function called from invalid context|BUG: scheduling while atomic|INFO: task .* blocked for more than|DEPT: Circular dependency has been detected)'
bad=0 files=0 headers=0
for f in "$td"/syzkaller/*.txt "$td"/public/*.txt "$td"/lab/*/dmesg.log; do
	files=$((files + 1))
	# syzkaller's own TITLE:/ALT: header lines are not kernel output
	want=$(grep -vE "^(TITLE|ALT): " "$f" | grep -cE "$re")
	"$lg" analyze --format=json "$f" >"$tmp/out" 2>/dev/null
	got=$(grep -E '"headline": ' "$tmp/out" | grep -cE "$re")
	headers=$((headers + want))
	if [ "$got" -lt "$want" ]; then
		echo "nothing-lost: $f: $want header line(s), $got report(s) with such a headline" >&2
		bad=$((bad + 1))
	fi
done
echo "nothing-lost: $headers header lines in $files files, $bad file(s) with a header not reported"

# /proc/lockdep dumps: every class line is a lockdep-class report, every irq_context: line
# a lockdep-chain report
for f in "$td"/public/proc-lockdep-*.txt "$td"/synthetic/proc-lockdep-*.txt; do
	want=$(grep -cE '^([0-9a-f]{8,}|\(____ptrval____\)) .*: |^irq_context: [0-9]+$' "$f")
	got=$("$lg" analyze --format=json "$f" 2>/dev/null | grep -cE '"kind": "lockdep-(class|chain)"')
	if [ "$got" -ne "$want" ]; then
		echo "nothing-lost: $f: $want class or chain line(s), $got report(s)" >&2
		bad=$((bad + 1))
	fi
done

# logs back to back (as in a long console capture) give the reports of each. A syzbot
# hung-task log twice, another log between: the second header (a task name holding a
# newline, "INFO: task a\nb:12 blocked for more than ...", printed by caller [T41])
# arrives while the first report is still open in that caller's stream; it used to be
# swallowed by it.
hung=$td/syzkaller/linux-report-1001.txt other=$td/public/vfio-intx-irq-inversion-fs-reclaim.txt
a=$("$lg" analyze -j1 --format=json "$hung" "$other" "$hung" 2>/dev/null | grep -c '"headline": ')
cat "$hung" "$other" "$hung" >"$tmp/seq.log"
b=$("$lg" analyze -j1 --format=json "$tmp/seq.log" 2>/dev/null | grep -c '"headline": ')
if [ "$a" -ne 3 ] || [ "$b" -ne "$a" ]; then
	echo "nothing-lost: 1001 + vfio + 1001 back to back: $b report(s), apart $a (3)" >&2
	bad=$((bad + 1))
fi
# A report's backtrace ends at the first line that belongs to none: a hung-task log whose
# last line is a frame, then a journal whose first line is a driver's message ("i2c i2c-3:
# NAK from device ...") and whose next report's frames follow, as in a long capture: the
# hung task keeps its own frames only (a test of the line's first byte alone took the
# journal's "i2c" for "irq event stamp:" and its WARNING's frame into the hung task's).
hung=$td/public/amdkfd-hung-task-mmput-in-mmu-notifier-compaction.txt
next=$td/public/bugzilla-journald-i915-userptr-mmu-notifier-warning-wrapped.txt
cat "$hung" "$next" >"$tmp/seq2.log"
frames() {
	"$lg" analyze -j1 --format=json "$1" 2>/dev/null |
		python3 -c 'import json, sys; print(len(json.load(sys.stdin)["reports"][0]["frames"]))'
}
a=$(frames "$hung") b=$(frames "$tmp/seq2.log")
if [ "${a:-0}" -eq 0 ] || [ "${b:-0}" -ne "$a" ]; then
	echo "nothing-lost: hung task + journal back to back: $b frame(s), alone $a" >&2
	bad=$((bad + 1))
fi
[ "$bad" -eq 0 ]
