#!/bin/sh
# nothing-lost.sh LOCKGRAPH TESTDATA: every report header line found in every
# log of testdata/ is the headline of a report lockgraph emitted (parsed, or
# emitted incomplete with a reason): none is silently dropped.
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# headers as docs/reports.md lists them, after the printk framing
re='(WARNING: possible (circular|recursive|irq lock inversion)|WARNING: inconsistent lock state|\[ (INFO|BUG): |WARNING: [A-Z-]+-safe -> |WARNING: (bad unlock balance|held lock freed|lock held when returning|suspicious RCU usage)|BUG: sleeping function called from invalid context|BUG: scheduling while atomic|INFO: task .* blocked for more than)'
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
[ "$bad" -eq 0 ]
