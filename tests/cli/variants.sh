#!/bin/sh
# variants.sh LOCKGRAPH TESTDATA: report variants of newer kernels, and ways of printing a
# log, that the corpus has no real sample of yet, checked on a real report rewritten that
# way: it must read as the original does (docs/reports.md).
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/variants: $*" >&2; exit 1; }
summary() {
	"$lg" analyze -q --format=json "$1" | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(d["inputs"][0]["lines"], [(r["kind"], r["line"], r["end_line"], r["title"], r["task"],
       r["cycle"], [h["class"] for h in r["held"]], r["complete"]) for r in d["reports"]],
      [f["signature"] for f in d["findings"]])'
}

# a hung task waiting for I/O (kernel/hung_task.c, 6.13 on): "INFO: task udevd:5612
# blocked in I/O wait for more than 143 seconds." (syzkaller's report 1000)
hung=$td/public/syzbot-hung-task-xt-table-fs-reclaim-held-locks.txt
sed 's/ blocked for more than / blocked in I\/O wait for more than /' "$hung" >"$tmp/iowait.txt"
cmp -s "$hung" "$tmp/iowait.txt" && fail "I/O wait: the rewrite changed nothing"
summary "$hung" >"$tmp/hung.sum"
grep -q "'hung-task', 1," "$tmp/hung.sum" || fail "the original hung task is not read"
summary "$tmp/iowait.txt" >"$tmp/iowait.sum"
cmp -s "$tmp/hung.sum" "$tmp/iowait.sum" || fail "blocked in I/O wait: not read as a hung task"

# a real console capture (CRLF) with CR alone as its line end, and with the CR shown as a
# literal "^M" by the pager it was copied from
con=$td/lab/abba_both/dmesg.log
summary "$con" >"$tmp/con.sum"
grep -q "'circular', 237," "$tmp/con.sum" || fail "the original console log is not read"
tr -d '\n' <"$con" >"$tmp/cr.log"
summary "$tmp/cr.log" >"$tmp/cr.sum"
cmp -s "$tmp/con.sum" "$tmp/cr.sum" || fail "CR line ends: not read as CRLF is"
sed 's/\r$/^M/' "$con" >"$tmp/caret.log"
summary "$tmp/caret.log" >"$tmp/caret.sum"
cmp -s "$tmp/con.sum" "$tmp/caret.sum" || fail "literal ^M line ends: not read as CRLF is"

# dmesg --reltime (-e): "[  +0.000003]" deltas, with a comma in some locales
for sep in . ,; do
	sed -E "s/^\[ *[0-9]+\.[0-9]+\]/[  +0${sep}000003]/" "$con" >"$tmp/rel.log"
	cmp -s "$con" "$tmp/rel.log" && fail "reltime: the rewrite changed nothing"
	summary "$tmp/rel.log" >"$tmp/rel.sum"
	cmp -s "$tmp/con.sum" "$tmp/rel.sum" || fail "dmesg --reltime '[  +0${sep}000003]': not read as the original"
done

# journalctl -k in a locale whose months are not English (Ukrainian, French), with hosts
for prefix in 'кві 09 19:54:36 spock kernel: ' 'déc. 03 19:54:36 hôte kernel: '; do
	sed -E "s/^\[ *[0-9]+\.[0-9]+\] /$prefix/" "$con" >"$tmp/local.log"
	summary "$tmp/local.log" >"$tmp/local.sum"
	cmp -s "$tmp/con.sum" "$tmp/local.sum" || fail "journal with '$prefix': not read as the original"
done

# rsyslog writes a message's newlines as "#012": the whole report as one syslog record
nolines() {
	"$lg" analyze -q --format=json "$1" | python3 -c 'import json, sys
d = json.load(sys.stdin)
print([(r["kind"], r["title"], r["task"], r["acquire"], r["holding"], r["cycle"],
       [h["class"] for h in r["held"]], r["complete"]) for r in d["reports"]])'
}
nolines "$con" >"$tmp/con.nolines"
tr -d '\r' <"$con" | sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' |
	awk 'BEGIN { printf "Dec  3 19:54:36 host kernel: " } { printf "%s#012", $0 } END { print "" }' \
	>"$tmp/rsyslog.log"
[ "$(wc -l <"$tmp/rsyslog.log")" -eq 1 ] || fail "rsyslog: the rewrite is not one record"
nolines "$tmp/rsyslog.log" >"$tmp/rsyslog.nolines"
cmp -s "$tmp/con.nolines" "$tmp/rsyslog.nolines" || fail "rsyslog '#012': not read as the original"

# a report mailed quoted-printable, kept raw by a list archive: "=3D" for '=', soft
# line breaks ("=" at the end) in the long lines
tr -d '\r' <"$con" | python3 -c 'import quopri, sys
sys.stdout.buffer.write(quopri.encodestring(sys.stdin.buffer.read()))' >"$tmp/qp.log"
grep -q '=3D=3D=3D' "$tmp/qp.log" && grep -q '=$' "$tmp/qp.log" ||
	fail "quoted-printable: the rewrite has no encoded banner or no soft break"
nolines "$tmp/qp.log" >"$tmp/qp.nolines"
cmp -s "$tmp/con.nolines" "$tmp/qp.nolines" || fail "quoted-printable: not read as the original"
exit 0
