#!/bin/sh
# watch.sh LOCKGRAPH: 'lockgraph watch' on the running kernel (root and tracefs; skipped
# with exit 77 otherwise). A workload that allocates and sleeps is traced: events arrive,
# the saved graph reads back with 'analyze' to the same result, and what the kernel's
# events allow is in the graph (with CONFIG_LOCKDEP: fs_reclaim or <sleep> under held
# locks; without: the note saying why there is no lock order). After every run — a
# command that ends, one killed by a signal, a watch stopped by SIGINT or SIGTERM, a
# reader that dies, a command that cannot be run — no lockgraph-* instance is left and the top-level instance's
# settings (tracing_on, enabled events, tracer, buffer size) are as before.
set -u
lg=$1
tr=/sys/kernel/tracing
skip() { echo "cli/watch: SKIP: $*"; exit 77; }
fail() { echo "cli/watch: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || skip "not root: watch needs to make a tracefs instance"
if [ ! -d $tr/instances ]; then
	mount -t tracefs nodev $tr 2>/dev/null || skip "tracefs not mounted at $tr and cannot be"
fi
[ -d $tr/instances ] || skip "no tracefs instances at $tr"
grep -q '\[confidentiality\]' /sys/kernel/security/lockdown 2>/dev/null &&
	skip "kernel lockdown (confidentiality) forbids tracefs"
command -v python3 >/dev/null || skip "no python3 to read the JSON"

tmp=$(mktemp -d)
trap "${KEEP:+:} rm -rf $tmp" EXIT

# the top-level settings watch must not touch
state() {
	for f in tracing_on set_event current_tracer buffer_size_kb events/enable trace_clock; do
		echo "$f: $(cat $tr/$f 2>/dev/null | tr '\n' ' ')"
	done
}
instances() { ls $tr/instances | grep '^lockgraph-' | sort; }
state >"$tmp/before"
instances >"$tmp/inst.before"	# another watch may run (not ours to judge)
check_clean() {
	state >"$tmp/after"
	cmp -s "$tmp/before" "$tmp/after" || {
		diff "$tmp/before" "$tmp/after" >&2
		fail "$1: the top-level instance's settings changed"
	}
	# an instance is left over when the watch it is named after is gone; one whose watch
	# still runs is another's (CI may run two test trees at once)
	left=""
	for inst in $(instances | comm -23 - "$tmp/inst.before"); do
		kill -0 "${inst#lockgraph-}" 2>/dev/null || left="$left $inst"
	done
	[ -z "$left" ] || fail "$1: instance(s) left:$left"
}
# commands whose names no other run of this test shares (pgrep looks system-wide)
sleep_term=31.$$ sleep_dead=32.$$
# waits (up to 10 s) for the instance of watch $1 to exist, so that tracing is on
wait_instance() {
	i=0
	while [ ! -d $tr/instances/lockgraph-$1 ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "$2: instance lockgraph-$1 never appeared"
		kill -0 "$1" 2>/dev/null || fail "$2: watch ended before tracing"
		sleep 0.1
	done
	sleep 0.3
}

# 1. a workload that allocates and sleeps
"$lg" watch --save "$tmp/x.json" --format=json --graph -o "$tmp/out.json" -- \
	sh -c "dd if=/dev/zero of=$tmp/dd bs=64k count=64 2>/dev/null; ls -R /usr/lib >/dev/null;
	       sleep 0.2; rm -f $tmp/dd" 2>"$tmp/err"
rc=$?
[ $rc -le 1 ] || { cat "$tmp/err" >&2; fail "workload: exit $rc"; }
check_clean workload
[ -s "$tmp/x.json" ] || fail "workload: nothing saved"
if [ -e $tr/events/lock/lock_acquire ]; then lockdep=1; else lockdep=0; fi
python3 - "$tmp/x.json" "$tmp/out.json" $lockdep <<'EOF' || fail "workload: saved graph or output"
import json, sys
saved = json.load(open(sys.argv[1]))
out = json.load(open(sys.argv[2]))
lockdep = sys.argv[3] == "1"
inp = saved["inputs"][0]
assert len(saved["inputs"]) == 1, "one input"
assert inp["format"] == "tracefs", inp["format"]
assert inp["path"].startswith("tracefs:"), inp["path"]
assert inp["events"] > 0, "no events arrived"
assert out["inputs"][0]["events"] == inp["events"], "output and saved graph differ"
classes = {c["name"] for c in saved["trace_graph"]["classes"]}
if lockdep:
    # lock events with held locks: allocations and sleeps under them
    assert classes & {"fs_reclaim", "<sleep>"}, "no fs_reclaim or <sleep> class: %s" % classes
else:
    # no held locks can be known, so no edge; the input says why
    assert any("CONFIG_LOCKDEP" in n for n in inp["notes"]), inp["notes"]
    assert not saved["trace_graph"]["edges"], "edges without lock events"
EOF
if [ $lockdep = 0 ]; then
	grep -q "no lock:lock_acquire.*CONFIG_LOCKDEP" "$tmp/err" ||
		fail "workload: stderr does not say that the kernel lacks lock events"
fi
# the saved graph gives the same analysis as the live run
"$lg" analyze --format=json --graph "$tmp/x.json" >"$tmp/again.json"
rc2=$?
[ $rc2 -eq $rc ] || fail "analyze of the saved graph: exit $rc2, watch gave $rc"
cmp -s "$tmp/out.json" "$tmp/again.json" || fail "analyze of the saved graph differs from watch"

# 2. the command killed by a signal
"$lg" watch -q -- sh -c 'kill -KILL $$' >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -le 1 ] || fail "killed command: exit $rc"
grep -q "killed by signal 9" "$tmp/err" || fail "killed command: not said"
check_clean "killed command"

# 3. no command, stopped by SIGINT (Ctrl-C); what was seen is saved
"$lg" watch -q --save "$tmp/y.json" >/dev/null 2>"$tmp/err" &
pid=$!
wait_instance $pid SIGINT
kill -INT $pid
wait $pid
rc=$?
[ $rc -le 1 ] || { cat "$tmp/err" >&2; fail "SIGINT: exit $rc"; }
check_clean SIGINT
"$lg" analyze "$tmp/y.json" >/dev/null || [ $? -eq 1 ] || fail "SIGINT: saved graph unreadable"

# 4. SIGTERM while a command runs: the command is ended too
"$lg" watch -q -- sleep "$sleep_term" >/dev/null 2>"$tmp/err" &
pid=$!
wait_instance $pid SIGTERM
kill -TERM $pid
wait $pid
rc=$?
[ $rc -le 1 ] || { cat "$tmp/err" >&2; fail "SIGTERM: exit $rc"; }
check_clean SIGTERM
pgrep -fx "sleep $sleep_term" >/dev/null && fail "SIGTERM: the command still runs"

# 5. the trace reader dies: an error (exit 2), still no instance left
"$lg" watch -q -- sleep "$sleep_dead" >/dev/null 2>"$tmp/err" &
pid=$!
wait_instance $pid "dead reader"
# the reader is forked once the instance is up: on a loaded machine give it time
i=0
while ! reader=$(pgrep -P $pid -x lockgraph); do
	i=$((i + 1))
	[ $i -le 50 ] || fail "dead reader: no reader child found"
	sleep 0.1
done
kill -KILL $reader
wait $pid
rc=$?
[ $rc -eq 2 ] || fail "dead reader: exit $rc, expected 2"
grep -q "trace reader was killed by signal 9" "$tmp/err" || fail "dead reader: not said"
check_clean "dead reader"
pgrep -fx "sleep $sleep_dead" >/dev/null && fail "dead reader: the command still runs"

# 6. a command that cannot be run: exit 2, said, nothing left
"$lg" watch -q -- "$tmp/no-such-command" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "no command: exit $rc, expected 2"
grep -q "cannot run .*no-such-command" "$tmp/err" || fail "no command: not said"
[ -s "$tmp/out" ] && fail "no command: a report of nothing"
check_clean "no command"

# 7. on a terminal (script(1) gives one) the progress line shows the time traced and is
# cleared before watch's closing lines; without a terminal it never shows (the runs above)
if command -v script >/dev/null 2>&1; then
	script -qec "$lg watch -o /dev/null -- sleep 2.5; echo EXIT=\$?" /dev/null >"$tmp/tty" 2>&1
	grep -q 'EXIT=[01]' "$tmp/tty" || fail "terminal: watch failed: $(cat "$tmp/tty")"
	grep -Eq 'lockgraph: tracing, ([0-9]+ MiB of events read, )?0:0[1-9] elapsed' "$tmp/tty" || fail "terminal: no progress line"
	printf '\r\033[K' >"$tmp/clear"
	grep -qF "$(cat "$tmp/clear")" "$tmp/tty" || fail "terminal: the progress line is not cleared"
	for f in "$tmp"/err "$tmp"/out; do
		! grep -q 'elapsed' "$f" || fail "a progress line without a terminal ($f)"
	done
	check_clean terminal
fi

# 8. watch's own tasks (main thread, follower thread, reader) leave no lock events, COMMAND
# does: under lockdep their reading made events at the rate they were read (docs/vm-rig.md).
# A filter on common_pid; COMMAND's parent is watch, so its instance is lockgraph-$PPID.
ev=$tr/events/lock/contention_begin
[ -e $tr/events/lock/lock_acquire ] && ev=$tr/events/lock/lock_acquire
if [ -e $ev ]; then
	ev=${ev#$tr/}
	"$lg" watch -q -o /dev/null -- sh -c "sleep 0.5; echo \$\$ \$PPID >$tmp/ids;
		cat $tr/instances/lockgraph-\$PPID/$ev/filter >$tmp/filter" 2>"$tmp/err"
	rc=$?
	[ $rc -le 1 ] || { cat "$tmp/err" >&2; fail "untraced: exit $rc"; }
	read -r self parent <"$tmp/ids"
	f=$(cat "$tmp/filter")
	echo "$f" | grep -q "common_pid != $parent\b" || fail "untraced: watch $parent is traced: $f"
	echo "$f" | grep -q "common_pid != $self\b" && fail "untraced: COMMAND $self is not traced: $f"
	[ "$(echo "$f" | grep -o 'common_pid !=' | wc -l)" -eq 3 ] ||
		fail "untraced: expected watch, its follower and its reader: $f"
	check_clean untraced
fi
exit 0
