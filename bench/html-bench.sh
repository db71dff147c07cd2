#!/bin/sh
# html-bench.sh [LOCKGRAPH [DIR]]: how fast a big HTML page is made and how fast a browser opens it.
#
# Makes (once, in DIR, default ${TMPDIR:-/tmp}/lockgraph-bench) a log of 100,000 copies of
# a real lockdep report (testdata/lab/abba_both/dmesg.log's circular report), its two lab
# classes renamed in each of 10,000 groups: 100,000 reports and 10,000 proved cycles. Then,
# best of three, warm page cache:
#   lockgraph analyze --format=json FILE        the floor of making any page of it
#   lockgraph analyze --format=html -o PAGE FILE (size of the page too)
#   chromium --headless --screenshot PAGE       opening it: load, parse, script, first paint
#   chromium --headless --screenshot SMALL      the floor: the browser on a one-line page
# Needs chromium (Debian's package); prints seconds and sizes for docs/performance.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lg=${1:-$here/../build/lockgraph}
dir=${2:-${TMPDIR:-/tmp}/lockgraph-bench}
mkdir -p "$dir"
log=$dir/html-1e5-reports.log
src=$here/../testdata/lab/abba_both/dmesg.log
# lines 237-310: the circular report, read off lockgraph's JSON (line, end_line) once
[ -s "$log" ] || python3 - "$src" "$log" <<'PY'
import sys
lines = open(sys.argv[1], encoding='utf-8', errors='replace').read().splitlines()[236:310]
text = '\n'.join(lines) + '\n'
with open(sys.argv[2], 'w') as out:
    for i in range(100000):
        g = i % 10000
        out.write(text.replace('lab_a', f'lab_a{g}').replace('lab_b', f'lab_b{g}'))
PY
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "html-bench: chromium is needed" >&2; exit 1; }
best() { # best CMD...: best wall seconds of three
	b=""
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || [ $? -eq 1 ]
		e=$(date +%s.%N)
		b=$(echo "$s $e ${b:-999999}" | awk '{d = $2 - $1; print (d < $3 ? d : $3)}')
	done
	echo "$b"
}
page=$dir/html-1e5.html small=$dir/html-small.html
echo '<!DOCTYPE html><html lang="en"><title>x</title><p>x</p></html>' >"$small"
shot() { "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
	--user-data-dir="$dir/chromium" --window-size=1200,1000 --screenshot="$dir/shot.png" \
	"file://$1"; }
t_json=$(best "$lg" analyze -q -j1 --format=json -o "$dir/html-1e5.json" "$log")
t_html=$(best "$lg" analyze -q -j1 --format=html -o "$page" "$log")
t_open=$(best shot "$page")
t_floor=$(best shot "$small")
reports=$(grep -c 'possible circular locking dependency detected' "$log")
findings=$(grep -o 'id="f-[0-9]*"' "$page" | wc -l)
rows=$(grep -o '<td data-key="[0-9]*">' "$page" | wc -l)
printf 'input: %s MiB, %s reports\n' "$(($(stat -c %s "$log") / 1048576))" "$reports"
printf 'json: %.2f s   html: %.2f s, page %s MiB, %s finding rows, %s sections\n' \
	"$t_json" "$t_html" "$(($(stat -c %s "$page") / 1048576))" "$rows" "$findings"
printf 'browser opens the page: %.2f s; a one-line page: %.2f s; the page itself: %.2f s\n' \
	"$t_open" "$t_floor" "$(echo "$t_open $t_floor" | awk '{print $1 - $2}')"
