#!/bin/sh
# hostile.sh LOCKGRAPH TESTDATA: the rows of docs/hostile-input.md that have a test here
# (the others are in errors.sh and regressions.sh, or not done yet: see the table).
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/hostile: $*" >&2; exit 1; }

# an unreadable file: /proc/self/mem opens, and every read fails (even for root)
"$lg" analyze /proc/self/mem >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "unreadable: expected exit 2"
grep -q '^lockgraph: /proc/self/mem: ' "$tmp/err" || fail "unreadable: no message naming the file"

# trace-cmd's magic followed by garbage: a corrupt capture, said so
printf '\027\010\104tracing6\0\0\0garbage garbage garbage' >"$tmp/magic.dat"
"$lg" analyze "$tmp/magic.dat" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "wrong magic: expected exit 2"
grep -q "^lockgraph: $tmp/magic.dat: not a readable trace.dat" "$tmp/err" ||
	fail "wrong magic: message"

# format files that lie about field sizes: lock_acquire's name field claims 9 bytes
sed 's/\(field:__data_loc char\[\] name;\toffset:[0-9]*;\tsize:\)4;/\19;/' \
	"$td/lab/abba_ab/trace-v6.dat" >"$tmp/lie.dat"
cmp -s "$tmp/lie.dat" "$td/lab/abba_ab/trace-v6.dat" && fail "lying formats: sed changed nothing"
"$lg" analyze --format=json "$tmp/lie.dat" >"$tmp/out" 2>/dev/null
rc=$?
[ $rc -le 2 ] || fail "lying formats: exit $rc"

# 40 hung-task scans in a row, each with its held-lock dump (a real syzbot log repeated):
# each dump belongs to its own scan only, so the output grows linearly (it used to give
# every dump to the earlier scans' reports too, and grew quadratically)
hung=$td/syzkaller/linux-report-235.txt
"$lg" analyze -j1 --format=json "$hung" >"$tmp/one.json" 2>/dev/null
for i in $(seq 40); do cat "$hung"; done >"$tmp/hung40.log"
"$lg" analyze -j1 --format=json "$tmp/hung40.log" >"$tmp/forty.json" 2>/dev/null
one=$(wc -c <"$tmp/one.json") forty=$(wc -c <"$tmp/forty.json")
[ "$forty" -le $((one * 40)) ] || fail "40 hung-task scans: $forty bytes of JSON, one gives $one"
[ "$(grep -c '"kind": "hung-task"' "$tmp/forty.json")" -eq 40 ] ||
	fail "40 hung-task scans: not 40 hung-task reports"

# a held-lock list claiming 10^9 locks (the hung task's own list in a real syzbot dump):
# nothing is sized by the claim, the two printed entries are kept, the report is
# marked cut, and a warning names the line
sed 's/\] 2 locks held by kworker\/0:3\/7985:/] 1000000000 locks held by kworker\/0:3\/7985:/' \
	"$hung" >"$tmp/claim.log"
cmp -s "$hung" "$tmp/claim.log" && fail "10^9 locks: sed changed nothing"
/usr/bin/time -f %M -o "$tmp/rss" "$lg" analyze -j1 --format=json "$tmp/claim.log" \
	>"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] || fail "10^9 locks: expected exit 0"
grep -q "claim.log:413: held-lock list claims 1000000000 locks" "$tmp/err" ||
	fail "10^9 locks: no warning naming line 413"
grep -q '"reason": "truncated: held-lock list ends early"' "$tmp/out" ||
	fail "10^9 locks: the report is not marked cut"
grep -q "(work_completion)(&wb->release_work)" "$tmp/out" || fail "10^9 locks: printed entries lost"
[ "$(cat "$tmp/rss")" -lt 65536 ] || fail "10^9 locks: $(cat "$tmp/rss") KB of memory"

# 10^5 reports in one log (a short real report shape, repeated with other pids): every
# one is read and written out, and memory stays flat: reports go to the spool as the log is
# read, the graph keeps 8 pieces of evidence an edge, one finding for the one bug (33 MB
# measured; 129 MB before reports were spooled); 10^6 was measured by hand (hostile-input.md)
awk 'BEGIN { for (i = 0; i < 100000; i++) {
	t = sprintf("[%5d.%06d] ", i / 1000, i % 1000)
	printf "%sBUG: scheduling while atomic: kworker/%d:1/%d/0x00000002\n", t, i % 4, 100 + i
	printf "%s1 lock held by kworker/%d:1/%d:\n", t, i % 4, 100 + i
	printf "%s #0: ffff88810b6a0d38 (&rq->__lock){-.-.}-{2:2}, at: __schedule+0x1d3/0x1690\n", t
	printf "%sCPU: 0 PID: %d Comm: kworker Not tainted 6.1.0 #1\n", t, 100 + i
	printf "%sCall Trace:\n%s <TASK>\n%s dump_stack_lvl+0x4d/0x70\n", t, t, t
	printf "%s __schedule_bug+0x5e/0x70\n%s </TASK>\n", t, t } }' >"$tmp/many.log"
/usr/bin/time -f %M -o "$tmp/rss" "$lg" analyze -j1 --format=json "$tmp/many.log" >"$tmp/out" 2>/dev/null
# each report is a proved sleep-in-atomic finding, all of one bug: exit 1, one finding
[ $? -eq 1 ] || fail "10^5 reports: expected exit 1 (their finding)"
[ "$(grep -c '"signature": "sleep-path:' "$tmp/out")" -eq 1 ] ||
	fail "10^5 reports of one bug: expected one finding"
[ "$(grep -c '"kind": "sched-atomic"' "$tmp/out")" -eq 100000 ] || fail "10^5 reports: not all written"
grep -q '"reports": 100000,' "$tmp/out" || fail "10^5 reports: not all counted"
# (a sanitizer build keeps several times more: redzones, quarantine)
limit=65536
grep -q __asan_init "$lg" && limit=1048576
# (time adds a line about the exit status before its figure)
[ "$(tail -n 1 "$tmp/rss")" -lt $limit ] || fail "10^5 reports: $(tail -n 1 "$tmp/rss") KB of memory"
rm -f "$tmp/many.log" "$tmp/out"

# the live-capture stream's magic (lockgraph watch) followed by garbage (the tail of a
# compressed capture: the same bytes every run): read by the follower in this process,
# said corrupt, exit 2, no crash (several lengths)
for n in 1 7 300 5000 70000; do
	printf '\027\010\104lockgraph-tracefs-stream/1\n' >"$tmp/stream.bin"
	tail -c $n "$td/lab/abba_ab/trace.dat" >>"$tmp/stream.bin"
	"$lg" analyze "$tmp/stream.bin" >/dev/null 2>"$tmp/err"
	[ $? -eq 2 ] || fail "stream magic + $n bytes of garbage: expected exit 2"
	grep -q "^lockgraph: $tmp/stream.bin: " "$tmp/err" || fail "stream magic: no message naming the file"
done

# a line of 256 MiB: cut at 1 MiB with a warning, memory bounded
head -c 268435456 /dev/zero | tr '\0' a >"$tmp/long.log"
/usr/bin/env time -f %M -o "$tmp/rss" "$lg" analyze "$tmp/long.log" >/dev/null 2>"$tmp/err" ||
	[ $? -le 1 ] || fail "long line: exit status"
grep -q "1 line(s) longer than 1048576 bytes were cut" "$tmp/err" || fail "long line: no warning"
[ "$(cat "$tmp/rss")" -lt 65536 ] || fail "long line: $(cat "$tmp/rss") KB resident"
rm -f "$tmp/long.log"

# NUL bytes around a real report: still found
{ printf 'junk\0junk\n\0\0\0\n'; cat "$td/lab/recursive/dmesg.log"; printf '\0\n'; } >"$tmp/nul.log"
"$lg" analyze --format=json "$tmp/nul.log" >"$tmp/out"
[ $? -eq 1 ] || fail "NUL bytes: expected the finding (exit 1)"
grep -q '"kind": "recursive"' "$tmp/out" || fail "NUL bytes: report lost"

# invalid UTF-8 in task and class names: JSON and DOT stay valid UTF-8
LC_ALL=C sed 's/lab_obj_lock/lab_\xff\xfeobj/g; s/lab_recursive\/99/lab_\xc3\x28rec\/99/' \
	"$td/lab/recursive/dmesg.log" >"$tmp/utf.log"
"$lg" analyze --format=json "$tmp/utf.log" >"$tmp/out"
python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8"))' \
	"$tmp/out" || fail "invalid UTF-8: JSON is not UTF-8"
grep -q 'lab_\\ufffd\\ufffdobj\|lab_��obj' "$tmp/out" || fail "invalid UTF-8: no U+FFFD"
"$lg" analyze --format=dot "$tmp/utf.log" >"$tmp/out"
python3 -c 'import sys; open(sys.argv[1],"rb").read().decode("utf-8")' "$tmp/out" ||
	fail "invalid UTF-8: DOT is not UTF-8"

# a class name of 5000 nested parentheses: no crash, no time
python3 -c '
n = "(" * 5000 + "x" + ")" * 5000
print("WARNING: possible recursive locking detected")
print("a/1 is trying to acquire lock:")
print(" ffff (" + n + "){+.+.}-{3:3}, at: f+0x1/0x2")
print("")
print("but task is already holding lock:")
print(" ffff (" + n + "){+.+.}-{3:3}, at: f+0x1/0x2")' >"$tmp/paren.log"
timeout 10 "$lg" analyze --format=json "$tmp/paren.log" >/dev/null
rc=$?
[ $rc -le 1 ] || fail "nested parentheses: exit $rc"

# a compression bomb: 1 GiB of zeros in a 1 MB gzip, read as it decompresses
head -c 1073741824 /dev/zero | gzip -1 >"$tmp/bomb.gz"
/usr/bin/env time -f %M -o "$tmp/rss" "$lg" analyze "$tmp/bomb.gz" >/dev/null 2>&1
[ $? -le 1 ] || fail "bomb: exit status"
[ "$(cat "$tmp/rss")" -lt 65536 ] || fail "bomb: $(cat "$tmp/rss") KB resident"

# an endless standard input: memory stays flat while it reads
yes 'kernel: some driver chatter that is not a report' | "$lg" analyze - >/dev/null 2>&1 &
pid=$!
sleep 1
a=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null)
sleep 2
b=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null)
kill $pid 2>/dev/null
wait $pid 2>/dev/null
[ -n "$a" ] && [ -n "$b" ] || fail "endless stdin: lockgraph was not running"
[ "$b" -lt 65536 ] && [ "$b" -le $((a + 4096)) ] || fail "endless stdin: RSS $a KB -> $b KB"
exit 0
