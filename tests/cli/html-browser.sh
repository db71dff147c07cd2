#!/bin/sh
# html-browser.sh LOCKGRAPH TESTDATA: the HTML page of a real merged case, as a browser
# renders it (Debian's chromium, headless): the script ran (the filter box is shown, it is
# hidden without JavaScript), both findings of testdata/merge/amdkfd-cycle are in the
# rendered table with their drawings, and nothing was fetched. Skipped (77) without chromium.
# Set LG_SCREENSHOT=FILE to also keep a screenshot to look at.
set -u
lg=$1 td=$2
fail() { echo "cli/html-browser: $*" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "cli/html-browser: skipped: no chromium (apt install chromium)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set --
while read -r rel; do
	case $rel in '#'* | '') continue ;; esac
	set -- "$@" "$td/$rel"
done <"$td/merge/amdkfd-cycle/inputs"
"$lg" analyze -q --format=html -o "$tmp/page.html" "$@"
[ $? -le 1 ] || fail "lockgraph failed"
# a profile of its own, no network: a fetch would fail and show in the DOM as missing parts
flags="--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=$tmp/profile
	--proxy-server=127.0.0.1:9 --virtual-time-budget=2000"
timeout 120 "$browser" $flags --dump-dom "file://$tmp/page.html" >"$tmp/dom.html" 2>"$tmp/err" ||
	fail "chromium failed: $(tail -3 "$tmp/err")"
grep -q '<input id="filter" type="search" placeholder="filter findings">' "$tmp/dom.html" ||
	fail "the script did not run (the filter box is still hidden)"
# the rows between the findings table's start and its end (the browser adds <tbody> to others)
rows=$(tr '\n' ' ' <"$tmp/dom.html" | sed 's/.*id="findings-table"//; s/<\/table>.*//' |
	grep -o '<tr>' | wc -l)
rows=$((rows - 1))	# the header row
[ "$rows" -eq 2 ] || fail "$rows rows in the rendered findings table, want 2"
grep -q 'reservation_ww_class_mutex' "$tmp/dom.html" || fail "the first cycle is missing"
grep -q '&amp;adev-&gt;notifier_lock' "$tmp/dom.html" || fail "the second cycle is missing"
svgs=$(grep -o '<svg' "$tmp/dom.html" | wc -l)
[ "$svgs" -eq 2 ] || fail "$svgs drawings rendered, want 2"
if [ -n "${LG_SCREENSHOT:-}" ]; then
	timeout 120 "$browser" $flags --window-size=1200,1600 --screenshot="$LG_SCREENSHOT" \
		"file://$tmp/page.html" >/dev/null 2>&1 || fail "no screenshot"
fi
exit 0
