#!/bin/sh
# progress.sh LOCKGRAPH TESTDATA: the progress line of long reads shows on a terminal only.
# Real logs of testdata/public, read from a pipe that pauses past the one second after which
# the line is drawn: on a terminal (script(1) gives it one) the line shows bytes read and is
# cleared before the end; with -q, or with standard error not a terminal, it never shows.
# Skipped (77) without script(1).
set -u
lg=$1 td=$2
fail() { echo "cli/progress: $*" >&2; exit 1; }
command -v script >/dev/null 2>&1 || { echo "cli/progress: skipped: no script(1)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# about 3 MiB of real reports
: >"$tmp/big.log"
i=0
while [ "$(wc -c <"$tmp/big.log")" -lt 3000000 ]; do
	cat "$td"/public/*.txt >>"$tmp/big.log"
	i=$((i + 1))
	[ $i -lt 200 ] || fail "testdata/public is too small"
done
slow="( cat $tmp/big.log; sleep 1.5; cat $tmp/big.log )"

# on a terminal: drawn, then cleared ("\r" ESC "[K") before the shell prints EXIT
script -qec "sh -c '$slow | $lg analyze -j1 -o /dev/null -; echo EXIT=\$?'" /dev/null \
	>"$tmp/tty.out" 2>&1
grep -q 'EXIT=[01]' "$tmp/tty.out" || fail "lockgraph failed on a terminal: $(cat "$tmp/tty.out")"
grep -q 'lockgraph: 0/1 inputs, -: [0-9]* MiB read, 0:0[1-9] elapsed' "$tmp/tty.out" ||
	fail "no progress line on a terminal"
last=$(tr '\r' '\n' <"$tmp/tty.out" | grep -v '^$' | tail -1)
case $last in
*EXIT=*) ;;
*) fail "the progress line was not cleared: ends with '$last'" ;;
esac
printf '\033' >"$tmp/esc"
tr '\r' '\n' <"$tmp/tty.out" | grep -B1 'EXIT=' | head -1 | grep -q "$(cat "$tmp/esc")\[K" ||
	fail "the line before EXIT is not a cleared line"

# -q on a terminal, and a pipe: never
script -qec "sh -c '$slow | $lg analyze -q -j1 -o /dev/null -'" /dev/null >"$tmp/quiet.out" 2>&1
! grep -q 'MiB read' "$tmp/quiet.out" || fail "progress with -q"
sh -c "$slow | $lg analyze -j1 -o /dev/null -" 2>"$tmp/pipe.err"
! grep -q 'MiB read' "$tmp/pipe.err" || fail "progress on a pipe"
! grep -q "$(printf '\r')" "$tmp/pipe.err" || fail "a carriage return on a pipe"
exit 0
