#!/bin/sh
# order.sh LOCKGRAPH TESTDATA: the output does not depend on the order of the inputs nor on
# how they were sharded into saved graphs. Every real log and capture of testdata/ is
# analysed in its name order, in three shuffled orders, and as saved shards cut in two
# ways (merged flat and nested): JSON (with --graph) and text (and HTML, once shuffled)
# must be the same byte for byte — inputs and reports listed in name order, findings, signatures and the evidence
# each edge keeps chosen by content, never by reading order (docs/graph.md, "Order").
# One exception, documented there: under sharding, the sample of sightings of a class
# seen in more than 8 inputs (locks[].seen) may differ; shards are compared without it.
set -u
lg=$1 td=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/order: $*" >&2; exit 1; }
run() { "$lg" analyze -q "$@"; }
# JSON without the sightings samples (locks[].seen), for the sharded runs
unseen() {
	python3 -c 'import json, sys
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k != "seen"}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
print(json.dumps(strip(json.load(open(sys.argv[1]))), indent=1))' "$1"
}

cd "$td" || fail "no testdata"
ls syzkaller/*.txt public/*.txt lab/*/dmesg.log lab/*/trace.dat host/*.dat >"$tmp/all"
[ "$(wc -l <"$tmp/all")" -ge 140 ] || fail "too few inputs"
# shellcheck disable=SC2046 # one path per word: testdata names have no spaces
run --format=json --graph $(cat "$tmp/all") >"$tmp/ref.json"
[ $? -eq 1 ] || fail "reference run: expected findings"
# shellcheck disable=SC2046
run $(cat "$tmp/all") >"$tmp/ref.txt"
# shellcheck disable=SC2046
run --format=html $(cat "$tmp/all") >"$tmp/ref.html"
grep -q '"confidence": "likely"' "$tmp/ref.json" || fail "no likely finding to compare"
grep -q '"confidence": "weak"' "$tmp/ref.json" || fail "no weak finding to compare"

# a fixed pseudo-random source per shuffle: the test is the same in every run
rand() { yes "$1" | head -c 100000; }
for seed in 1 2 3; do
	rand "$seed" >"$tmp/rand$seed"
	shuf --random-source="$tmp/rand$seed" "$tmp/all" >"$tmp/order$seed"
	cmp -s "$tmp/all" "$tmp/order$seed" && fail "shuffle $seed left the order as it was"
	# shellcheck disable=SC2046
	run --format=json --graph -j2 $(cat "$tmp/order$seed") >"$tmp/o$seed.json"
	cmp -s "$tmp/ref.json" "$tmp/o$seed.json" || fail "order $seed: other JSON"
	# shellcheck disable=SC2046
	run -j1 $(cat "$tmp/order$seed") >"$tmp/o$seed.txt"
	cmp -s "$tmp/ref.txt" "$tmp/o$seed.txt" || fail "order $seed: other text"
	if [ "$seed" = 1 ]; then
		# shellcheck disable=SC2046
		run --format=html $(cat "$tmp/order$seed") >"$tmp/o$seed.html"
		cmp -s "$tmp/ref.html" "$tmp/o$seed.html" || fail "order $seed: other HTML"
	fi
done

# three shards of a shuffled order, saved, merged flat and in reverse
split -n l/3 "$tmp/order1" "$tmp/s."
for s in "$tmp"/s.a?; do
	# shellcheck disable=SC2046
	run --format=json --save="$s.json" $(cat "$s") >/dev/null
	[ -s "$s.json" ] || fail "shard $s: nothing saved"
done
unseen "$tmp/ref.json" >"$tmp/ref.unseen"
run --format=json --graph "$tmp"/s.a?.json >"$tmp/m.json"
unseen "$tmp/m.json" >"$tmp/m.unseen"
cmp -s "$tmp/ref.unseen" "$tmp/m.unseen" || fail "3 saved shards: other JSON than one run"
run --format=json --graph "$tmp/s.ac.json" "$tmp/s.ab.json" "$tmp/s.aa.json" >"$tmp/m2.json"
cmp -s "$tmp/m.json" "$tmp/m2.json" || fail "3 saved shards, reversed: other JSON"
# two shards of another order, one of them saved twice over (a saved graph of saved graphs)
split -n l/2 "$tmp/order2" "$tmp/t."
# shellcheck disable=SC2046
run --format=json --save="$tmp/t1.json" $(cat "$tmp/t.aa") >/dev/null
# shellcheck disable=SC2046
run --format=json --save="$tmp/t2a.json" $(head -n 20 "$tmp/t.ab") >/dev/null
# shellcheck disable=SC2046
run --format=json --save="$tmp/t2.json" "$tmp/t2a.json" $(tail -n +21 "$tmp/t.ab") >/dev/null
run --format=json --graph "$tmp/t2.json" "$tmp/t1.json" >"$tmp/m3.json"
unseen "$tmp/m3.json" >"$tmp/m3.unseen"
cmp -s "$tmp/ref.unseen" "$tmp/m3.unseen" || fail "nested shards: other JSON than one run"
run "$tmp/t1.json" "$tmp/t2.json" >"$tmp/m3.txt"
# the text names the inputs the saved graphs hold, as the reference run does
cmp -s "$tmp/ref.txt" "$tmp/m3.txt" || fail "nested shards: other text than one run"
exit 0
