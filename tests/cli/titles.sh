#!/bin/sh
# titles.sh LOCKGRAPH TESTDATA: for every syzkaller log whose TITLE: is a
# lock-family title, one of lockgraph's reports must carry exactly that title.
# Not lock-family (no report expected to carry them): preempt-debug
# "using ... in preemptible code", a "kernel BUG" a splat trails, a reboot.
set -u
lg=$1 td=$2
hits=0 misses=0 skipped=0
for f in "$td"/syzkaller/linux-report-*.txt; do
	t=$(sed -n 's/^TITLE: //p' "$f" | head -n 1)
	[ -n "$t" ] || continue
	case "$t" in
	*"in preemptible code"* | "kernel BUG in "* | "unexpected kernel reboot")
		skipped=$((skipped + 1))
		continue
		;;
	esac
	if "$lg" analyze --format=json "$f" | grep -qF "\"title\": \"$t\""; then
		hits=$((hits + 1))
	else
		echo "titles: $f: no report titled '$t'" >&2
		misses=$((misses + 1))
	fi
done
echo "titles: $hits of $((hits + misses)) lock-family titles match syzkaller ($skipped not lock-family)"
[ "$misses" -eq 0 ] && [ "$hits" -gt 0 ]
