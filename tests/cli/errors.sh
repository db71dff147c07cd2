#!/bin/sh
# errors.sh LOCKGRAPH TESTDATA: exit codes and one-line errors on bad input.
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/errors: $*" >&2; exit 1; }

# a missing file among good ones: the others are still analysed, exit 2
"$lg" analyze --format=json "$tmp/missing.log" "$td/lab/abba_both/dmesg.log" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "missing file: expected exit 2"
grep -q "missing.log: No such file or directory" "$tmp/err" || fail "missing file: no message"
grep -q '"kind": "circular"' "$tmp/out" || fail "missing file: the good input was not analysed"

# results that cannot be written: one line naming where, exit 2
"$lg" analyze --format=json -o "$tmp/no-such-dir/out.json" "$td/lab/abba_both/dmesg.log" \
	>/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "-o into a missing directory: expected exit 2"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "-o into a missing directory: $(cat "$tmp/err")"
grep -q "^lockgraph: cannot write $tmp/no-such-dir/out.json: No such file or directory\$" \
	"$tmp/err" || fail "-o into a missing directory: $(cat "$tmp/err")"
if [ -w /dev/full ]; then
	"$lg" analyze --format=json "$td/lab/abba_both/dmesg.log" >/dev/full 2>"$tmp/err"
	[ $? -eq 2 ] || fail ">/dev/full: expected exit 2"
	[ "$(cat "$tmp/err")" = "lockgraph: writing standard output failed: No space left on device" ] ||
		fail ">/dev/full: $(cat "$tmp/err")"
fi

# a directory
"$lg" analyze "$tmp" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "directory: expected exit 2"
grep -q "Is a directory" "$tmp/err" || fail "directory: no message"

# usage errors
"$lg" analyze >/dev/null 2>&1; [ $? -eq 2 ] || fail "no FILE: expected exit 2"
"$lg" analyze --format=xml "$td/lab/none/dmesg.log" >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad format: expected exit 2"
"$lg" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown command: expected exit 2"
"$lg" --help >/dev/null || fail "--help must exit 0"

# empty input and standard input
: >"$tmp/empty.log"
"$lg" analyze --format=json "$tmp/empty.log" >"$tmp/out" || fail "empty file: expected exit 0"
grep -q '"reports": 0' "$tmp/out" || fail "empty file: expected 0 reports"
"$lg" analyze --format=json - <"$td/lab/recursive/dmesg.log" >"$tmp/out"
grep -q '"kind": "recursive"' "$tmp/out" || fail "stdin: report not found"

# compressed inputs, recognised by magic, not by name
for z in gzip xz zstd; do
	command -v $z >/dev/null || continue
	$z -c <"$td/lab/abba_both/dmesg.log" >"$tmp/log.$z.bin"
	"$lg" analyze --format=json "$tmp/log.$z.bin" >"$tmp/out" 2>"$tmp/err"
	# exit 1: the log's cycle, a finding; read to its end without a word on stderr
	[ $? -eq 1 ] || fail "$z: expected exit 1: $(cat "$tmp/err")"
	[ -s "$tmp/err" ] && fail "$z: $(cat "$tmp/err")"
	grep -q '"lines": 325,' "$tmp/out" || fail "$z: not read to its end (325 lines)"
	grep -q '"kind": "circular"' "$tmp/out" || fail "$z: report not found"
	grep -q "\"compression\": \"$z\"" "$tmp/out" || fail "$z: compression not named"
done
# two zstd frames one after the other (zstd a; zstd b; cat) read as one input
if command -v zstd >/dev/null; then
	head -n 200 "$td/lab/abba_both/dmesg.log" | zstd -c >"$tmp/two.zst"
	tail -n +201 "$td/lab/abba_both/dmesg.log" | zstd -c >>"$tmp/two.zst"
	"$lg" analyze --format=json "$tmp/two.zst" >"$tmp/out" 2>"$tmp/err"
	[ $? -eq 1 ] || fail "two zstd frames: expected exit 1: $(cat "$tmp/err")"
	grep -q '"lines": 325,' "$tmp/out" || fail "two zstd frames: not read to the end"
	# cut inside the second frame: truncated
	head -c $(($(wc -c <"$tmp/two.zst") - 20)) "$tmp/two.zst" >"$tmp/cut.zst"
	"$lg" analyze "$tmp/cut.zst" >/dev/null 2>"$tmp/err"
	[ $? -eq 2 ] || fail "truncated zstd: expected exit 2"
	grep -q "cut.zst: input ends in the middle of a record" "$tmp/err" ||
		fail "truncated zstd: $(cat "$tmp/err")"
fi
# a truncated compressed file: an error naming the file, exit 2
gzip -c <"$td/lab/abba_both/dmesg.log" | head -c 3000 >"$tmp/cut.gz"
"$lg" analyze "$tmp/cut.gz" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "truncated gzip: expected exit 2"
grep -q "cut.gz" "$tmp/err" || fail "truncated gzip: message does not name the file"
# reports are kept in a file in $TMPDIR: when none can be made there, the input's
# reports are lost, said in one line naming the input and the directory, exit 2;
# the other inputs (here: none with reports) are analysed as usual
# (the empty input sorts after the other in one place, before it in the other)
cp "$tmp/empty.log" "$tmp/zz-empty.log"
TMPDIR="$tmp/no-such-dir" "$lg" analyze --format=json "$td/lab/abba_both/dmesg.log" \
	"$tmp/empty.log" "$tmp/zz-empty.log" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "no spool: expected exit 2"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "no spool: expected one line: $(cat "$tmp/err")"
grep -q "abba_both/dmesg.log: 1 report(s) lost: they could not be kept in a file in $tmp/no-such-dir: No such file or directory" \
	"$tmp/err" || fail "no spool: message: $(cat "$tmp/err")"
grep -q '"error": "its reports could not be kept in a temporary file' "$tmp/out" ||
	fail "no spool: the input does not say so"
grep -q '"kind": "circular"' "$tmp/out" && fail "no spool: a lost report was written"
# a spool that runs out of room part-way (a file size limit: EFBIG, as a full disk's
# ENOSPC): the inputs read before keep their reports, the later ones say what they lost,
# and the analysis and output go on with what was kept. The output goes through a pipe:
# the limit would cut a file of it too (at whichever report filled the spool, so the
# test failed only now and then)
( trap '' XFSZ; ulimit -f 128; "$lg" analyze -q --format=text "$td"/syzkaller/*.txt \
	2>"$tmp/err"; echo $? >"$tmp/rc" ) | cat >"$tmp/out"
[ "$(cat "$tmp/rc")" -eq 2 ] || fail "spool full: expected exit 2"
grep -q "report(s) lost: they could not be kept in a file in .*: File too large" "$tmp/err" ||
	fail "spool full: no message: $(head -3 "$tmp/err")"
grep -q "analysis failed" "$tmp/err" && fail "spool full: the analysis failed"
grep -q "^graph: [1-9][0-9]* classes" "$tmp/out" || fail "spool full: nothing analysed"
grep -q "report(s), [1-9]" "$tmp/out" || fail "spool full: no input kept its reports"
echo "cli/errors: ok"
