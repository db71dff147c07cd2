#!/bin/sh
# saved-bench.sh [LOCKGRAPH [DIR [N]]] — saved graphs of a fleet: N runs of one kernel
# (bench/make-runs.py, from testdata's real logs), each saved alone as a shard would be,
# then merged into one saved graph for the first 10, 100, ..., N of them. Prints for each
# merge its size against the sum of the shards it merged (what saving every report whole
# gives) and against the per-input table it must hold, the time and peak memory of the
# merge against `cat` of the same shards (the floor: reading them), and checks that the
# merged graph analyses exactly as the logs themselves do (JSON with --graph, byte for byte).
# Needs python3 and GNU time; about 1 GB of disk in DIR for N = 10000.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lg=$(realpath "${1:-$here/../build/lockgraph}")
dir=${2:-${TMPDIR:-/tmp}/lockgraph-bench/runs}
n=${3:-10000}
tm=/usr/bin/time

mkdir -p "$dir"
if [ ! -f "$dir/runs-$n.tsv" ]; then
	echo "making $n runs in $dir"
	python3 "$here/make-runs.py" "$n" "$dir/logs" >"$dir/runs-$n.tsv"
fi
cut -f1 "$dir/runs-$n.tsv" >"$dir/logs.list"
echo "saving each run alone (xargs -P$(nproc))"
start=$(date +%s.%N)
xargs -P"$(nproc)" -I{} "$lg" analyze -q --format=json --save={}.saved {} -o /dev/null \
	<"$dir/logs.list" || [ $? -eq 123 ]	# 123: some run had findings (exit 1)
echo "  $(echo "$(date +%s.%N) - $start" | bc) s for $n runs"
reports=$(awk -F'\t' '{s += $2} END {print s}' "$dir/runs-$n.tsv")
echo "  report logs in the runs: $reports"

printf '\n%7s %12s %12s %8s %12s %10s %9s %9s %9s\n' runs merged shards ratio \
	per-input rest cat merge peak
k=10
while [ $k -le "$n" ]; do
	head -n $k "$dir/logs.list" | sed 's/$/.saved/' >"$dir/shards"
	shards=$(xargs cat <"$dir/shards" | wc -c)
	c0=$(date +%s.%N)
	xargs cat <"$dir/shards" >/dev/null
	cat_s=$(echo "$(date +%s.%N) - $c0" | bc)
	# shellcheck disable=SC2046
	$tm -f '%e %M' -o "$dir/time" "$lg" analyze -q --save="$dir/merged-$k.json" \
		$(cat "$dir/shards") -o /dev/null || [ $? -eq 1 ]
	# shellcheck disable=SC2046
	set -- $(tail -n 1 "$dir/time")	# GNU time's first line says the exit status
	wall=$1 peak=$2
	merged=$(wc -c <"$dir/merged-$k.json")
	# the per-input table: each input's line and its repeated reports' lines
	table=$(grep -E '^(,?\{"path"|\[)' "$dir/merged-$k.json" | wc -c)
	printf '%7d %12d %12d %8.3f %12d %10d %9.2f %9.2f %8dM\n' $k "$merged" "$shards" \
		"$(echo "$merged / $shards" | bc -l)" "$table" $((merged - table)) "$cat_s" "$wall" \
		$((peak / 1024))
	k=$((k * 10))
done

# nothing lost: the largest merge analyses as the logs do
last=$((k / 10))
head -n $last "$dir/logs.list" >"$dir/last.list"
# shellcheck disable=SC2046
"$lg" analyze -q --format=json --graph $(cat "$dir/last.list") >"$dir/direct.json" || [ $? -eq 1 ]
"$lg" analyze -q --format=json --graph "$dir/merged-$last.json" >"$dir/via-saved.json" ||
	[ $? -eq 1 ]
if cmp -s "$dir/direct.json" "$dir/via-saved.json"; then
	echo "merged graph of $last runs analyses exactly as the $last logs (JSON --graph identical)"
else
	echo "DIFFERENT: merged graph of $last runs against the logs" >&2
	exit 1
fi
