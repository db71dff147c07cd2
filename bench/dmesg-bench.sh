#!/bin/sh
# dmesg-bench.sh [LOCKGRAPH [DIR]]: the dmesg path against the cost of reading the bytes.
#
# Makes (once, in DIR, default ${TMPDIR:-/tmp}/lockgraph-bench) a 1 GiB noise-heavy log
# and a 200 MiB report-dense log from the real logs in testdata/ (bench/make-dmesg.py),
# then times on each, best of three, warm page cache:
#   cat FILE >/dev/null                       floor 1: reading the bytes
#   grep -c -F -f BANNERS FILE                floor 2: finding the report banners
#   lockgraph analyze -j1 --format=json FILE  (peak RSS too)
# and, on the dense log, lockgraph writing no reports (--format=dot) and json-c alone
# printing and building the reports of its JSON (json-floor, built beside lockgraph);
# and the dense log cut in 8 files, read with -j1 and -j2 (outputs compared); and that
# no report is lost among the noise (each log inside analysed alone gives as many).
# Prints MB/s and the ratios the goals in docs/performance.md are stated in.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lg=${1:-$here/../build/lockgraph}
jf=$(dirname "$lg")/json-floor
dir=${2:-${TMPDIR:-/tmp}/lockgraph-bench}
mkdir -p "$dir"
noise=$dir/noise-1g.log dense=$dir/dense-200m.log
# (made again when the list of logs it holds is missing or older than the generator)
[ -s "$noise" ] && [ "$noise.reports" -nt "$here/make-dmesg.py" ] ||
	python3 "$here/make-dmesg.py" noise 1024 "$noise" >"$noise.reports"
[ -s "$dense" ] && [ "$dense.reports" -nt "$here/make-dmesg.py" ] ||
	python3 "$here/make-dmesg.py" dense 200 "$dense" >"$dense.reports"

# the banner lines lockgraph opens a report on (report_kinds[] in parsers/dmesg/kinds.c)
cat >"$dir/banners" <<'B'
possible circular locking dependency detected
possible recursive locking detected
possible irq lock inversion dependency detected
inconsistent lock state
Invalid wait context
bad unlock balance detected!
held lock freed!
lock held when returning to user space!
suspicious RCU usage
still has locks held!
sleeping function called from invalid context
BUG: scheduling while atomic
BUG: scheduling in a non-blocking section
INFO: task 
Showing all locks held in the system
BUG: workqueue leaked lock
BUG: MAX_
B

. "$here/lib.sh"

printf '%-26s %9s %9s %9s %9s %8s %8s %8s\n' file MB cat_s grep_s lg_s lg_MB/s lg/grep RSS_MB
for f in "$noise" "$dense"; do
	size=$(stat -c %s "$f")
	cat "$f" >/dev/null
	best /dev/null cat "$f"; c=$best
	best "$dir/out" grep -c -F -f "$dir/banners" "$f"; g=$best
	best "$dir/out" "$lg" analyze -j1 --format=json "$f"; l=$best
	printf '%-26s %9s %9.2f %9.2f %9.2f %9s %8.2f %8s\n' "$(basename "$f")" \
		$((size / 1048576)) "$c" "$g" "$l" "$(mbs "$size" "$l")" \
		"$(calc "$l / $g")" "$(rss "$lg" analyze -j1 --format=json "$f")"
done

# nothing lost among the noise: each log analysed alone, times its uses, must give the
# reports the big log gives
for f in "$noise" "$dense"; do
	python3 - "$lg" "$here/.." "$f" <<'PY'
import collections, json, subprocess, sys
lg, root, big = sys.argv[1:4]
uses = collections.Counter(open(big + ".reports").read().split())
names = sorted(uses)
out = subprocess.run([lg, "analyze", "-j2", "--format=json"] + names, cwd=root,
                     capture_output=True, text=True).stdout
alone = sum(i["reports"] * uses[n] for n, i in zip(names, json.loads(out)["inputs"]))
out = subprocess.run([lg, "analyze", "-j1", "--format=json", big], capture_output=True,
                     text=True).stdout
found = json.loads(out)["inputs"][0]["reports"]
print("%s: %d reports; its %d logs alone give %d: %s" % (big.split("/")[-1], found,
      sum(uses.values()), alone, "nothing lost" if found == alone else "DIFFERENT"))
PY
done

# what of the dense log's time is JSON: lockgraph writing no report (--format=dot: the
# graph's picture only), and json-c alone printing (and building) the same report objects
# (bench/json-floor.c, on the document lockgraph wrote)
best "$dir/out" "$lg" analyze -j1 -q --format=dot "$dense"; d=$best
"$lg" analyze -j1 -q --format=json "$dense" >"$dir/dense.json" || true
printf 'dense log without JSON (--format=dot) %.2f s (%s MB/s); %s\n' "$d" \
	"$(mbs "$(stat -c %s "$dense")" "$d")" "$("$jf" "$dir/dense.json")"
rm -f "$dir/dense.json"

# many files on both cores
rm -f "$dir"/part.*
split -n l/8 -d "$dense" "$dir/part."
best "$dir/out" "$lg" analyze -j1 --format=json "$dir"/part.*; s1=$best
best "$dir/out" "$lg" analyze -j2 --format=json "$dir"/part.*; s2=$best
"$lg" analyze -j1 --format=json "$dir"/part.* >"$dir/j1.json" 2>&1 || true
"$lg" analyze -j2 --format=json "$dir"/part.* >"$dir/j2.json" 2>&1 || true
same=identical
cmp -s "$dir/j1.json" "$dir/j2.json" || same=DIFFERENT
printf '8 files of the dense log: -j1 %.2f s, -j2 %.2f s (%.2fx), output %s\n' "$s1" "$s2" \
	"$(calc "$s1 / $s2")" "$same"
rm -f "$dir"/part.* "$dir/j1.json" "$dir/j2.json" "$dir/out"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
