#!/bin/sh
# manpage.sh LOCKGRAPH MANPAGE: every option 'lockgraph analyze --help' (and watch --help) lists is in the man
# page, and the page renders without groff warnings (when groff is there).
set -u
lg=$1 man=$2
fail() { echo "cli/manpage: $*" >&2; exit 1; }
opts=$({ "$lg" analyze --help; "$lg" watch --help; } | grep -o -- '--[a-z][a-z-]*' | sort -u)
[ -n "$opts" ] || fail "no option in --help"
for o in $opts; do
	# the page writes '-' as '\-'
	grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" "$man" || fail "$o is not in the man page"
done
if command -v groff >/dev/null 2>&1; then
	w=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
	[ -z "$w" ] || fail "groff: $w"
fi
exit 0
