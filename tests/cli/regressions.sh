#!/bin/sh
# regressions.sh LOCKGRAPH DIR: hostile inputs — those that crashed a fuzz target, and
# captures built to (truncated, bit-flipped); see fuzz/README.md — each analysed without
# a crash: exit 0, 1 or 2 and, for 2, a one-line error naming the file.
set -u
lg=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for f in "$dir"/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	"$lg" analyze --format=json "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	case $rc in
	0 | 1) ;;
	2) grep -q "^lockgraph: $f: " "$tmp/err" || { echo "regressions: $f: exit 2 without a message naming it" >&2; exit 1; } ;;
	*) echo "regressions: $f: exit $rc" >&2; cat "$tmp/err" >&2; exit 1 ;;
	esac
done
[ "$n" -gt 0 ] || { echo "regressions: no input in $dir" >&2; exit 1; }
echo "regressions: $n input(s), none crashed"
