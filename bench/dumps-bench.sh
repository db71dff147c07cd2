#!/bin/sh
# dumps-bench.sh [LOCKGRAPH [DIR]]: a fleet's hung-task scans merged, against reading the
# bytes and against a bare hash set of the same lock pairs.
#
# Makes (once, in DIR, default ${TMPDIR:-/tmp}/lockgraph-bench) 1,000 boot logs of 250
# "Showing all locks held in the system" dumps each (bench/make-dmesg.py dumps: 250,000
# dumps, 10^5 classes, ~10^6 distinct lock pairs), then times, best of three, warm cache:
#   cat LOGS >/dev/null                              floor 1: reading the bytes
#   graph-bench --pairs pairs.bin                    floor 2: the pairs into a bare hash set
#   lockgraph analyze -j2 --format=json LOGS         (peak RSS too)
#   lockgraph analyze -jN --format=text -q LOGS      (no JSON: parsing and the graph;
#                                                     N = 1 and 2)
#   json-floor -j 2 on the JSON lockgraph wrote       floor 3: json-c alone printing (and
#                                                     building) the same report objects
# and checks nothing was lost: dumps (reports), held-lock lists and lines, lock pairs
# (graph evidence) and distinct pairs (graph edges) against what the generator wrote and
# the floor counted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lg=${1:-$here/../build/lockgraph}
gb=$(dirname "$lg")/graph-bench
jf=$(dirname "$lg")/json-floor
dir=${2:-${TMPDIR:-/tmp}/lockgraph-bench}
logs=$dir/dumps-1000
mkdir -p "$dir"
[ -s "$logs.counts" ] && [ "$logs.counts" -nt "$here/make-dmesg.py" ] || {
	rm -rf "$logs"
	python3 "$here/make-dmesg.py" dumps 1000 "$logs" >"$logs.counts"
}

. "$here/lib.sh"

set -- "$logs"/boot-*.log
size=$(cat "$@" | wc -c)
cat "$@" >/dev/null
best /dev/null cat "$@"; c=$best
floor=$("$gb" --pairs "$logs/pairs.bin")
h=$(echo "$floor" | sed 's/.*floor \([0-9.]*\) s/\1/')
best "$dir/dumps.json" "$lg" analyze -j2 --format=json "$@"; j2=$best
best "$dir/out" "$lg" analyze -j1 --format=text -q "$@"; t1=$best
best "$dir/out" "$lg" analyze -j2 --format=text -q "$@"; t2=$best
printf '%s boot logs, %s MB: cat %.2f s; hash-set floor %.2f s\n' "$#" \
	"$(calc "int($size / 1048576)")" "$c" "$h"
printf 'lockgraph -j2 JSON %.2f s (%s MB/s, %.1fx cat, %.1fx the hash set), peak RSS %s MB\n' \
	"$j2" "$(mbs "$size" "$j2")" "$(calc "$j2 / $c")" "$(calc "$j2 / $h")" \
	"$(rss "$lg" analyze -j2 --format=json "$@")"
printf 'lockgraph -j1 text -q %.2f s (%s MB/s), peak RSS %s MB\n' "$t1" \
	"$(mbs "$size" "$t1")" "$(rss "$lg" analyze -j1 --format=text -q "$@")"
printf 'lockgraph -j2 text -q %.2f s (%s MB/s)\n' "$t2" "$(mbs "$size" "$t2")"

# nothing lost: the JSON is one key a line, top-level keys indented by two; the graph's
# counts are the only numeric "classes", "edges" and "evidence"; in the reports a held-lock
# entry is the only "class" key of these reports, a held-lock list the only "declared" one
awk -v counts="$logs.counts" -v floor="$floor" '
	/^  "[a-z_]+": / { in_reports = /^  "reports": / }
	/^ *"reports": [0-9]/ { reports += $2 }
	in_reports && /^ *"class": / { held++ }
	in_reports && /^ *"declared": / { lists++ }
	/^ *"classes": [0-9]/ { classes = $2 + 0 }
	/^ *"edges": [0-9]/ { edges = $2 + 0 }
	/^ *"evidence": [0-9]/ { evidence = $2 + 0 }
	/^ *"type": "cycle"/ { cycles++ }
	END {
		while ((getline l < counts) > 0) { split(l, f, " "); want[f[1]] = f[2] }
		split(floor, fl, /[ ,]+/)	# pairs N distinct M ...
		ok = reports == want["dumps"] && held == want["held_lines"] &&
		     lists == want["held_lists"] && evidence == want["pairs"] && edges == fl[4]
		printf "found %d dumps, %d held-lock lists, %d held locks, %d pairs, %d distinct " \
		       "(%d classes, %d cycles); generated %d, %d, %d, %d, the floor counted %d: %s\n",
		       reports, lists, held, evidence, edges, classes, cycles, want["dumps"],
		       want["held_lists"], want["held_lines"], want["pairs"], fl[4],
		       ok ? "nothing lost" : "DIFFERENT"
	}' "$dir/dumps.json"
"$lg" analyze -j2 -q --format=json "$@" >"$dir/dumps.json" || true
printf 'floor 3, %s\n' "$("$jf" -j 2 "$dir/dumps.json")"
rm -f "$dir/dumps.json" "$dir/out"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
