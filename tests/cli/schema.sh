#!/bin/sh
# schema.sh LOCKGRAPH TESTDATA SCHEMA VALIDATOR: real outputs validate against the
# documented JSON Schema (docs/schema/lockgraph-1.schema.json): every testdata log alone,
# every cross-input case, and all logs at once.
set -u
lg=$1 td=$2 schema=$3 validate=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/schema: $*" >&2; exit 1; }
n=0
for f in "$td"/syzkaller/*.txt "$td"/public/*.txt "$td"/lab/*/dmesg.log; do
	n=$((n + 1))
	"$lg" analyze --format=json "$f" >"$tmp/$n.json" 2>/dev/null
	[ $? -le 1 ] || fail "$f: lockgraph failed"
done
for c in "$td"/merge/*/inputs; do
	n=$((n + 1))
	set --
	while read -r rel; do
		case $rel in '#'*|'') continue ;; esac
		set -- "$@" "$td/$rel"
	done <"$c"
	"$lg" analyze --format=json "$@" >"$tmp/$n.json"
	[ $? -le 1 ] || fail "$c: lockgraph failed"
done
n=$((n + 1))
"$lg" analyze --format=json "$td"/syzkaller/*.txt "$td"/public/*.txt "$td"/lab/*/dmesg.log \
	>"$tmp/$n.json" 2>/dev/null
# --graph lists, with reports and traces
n=$((n + 1))
"$lg" analyze --format=json --graph "$td"/lab/mmu_notifier/dmesg.log "$td"/lab/mmu_notifier/trace.dat \
	"$td"/host/*.dat >"$tmp/$n.json" 2>/dev/null
# a missing input: error fields filled in, still valid
n=$((n + 1))
"$lg" analyze --format=json "$tmp/missing.log" >"$tmp/$n.json" 2>/dev/null
# the Debian package python3-jsonschema, or any python3 that has it first on PATH
py=python3
python3 -c 'import jsonschema' 2>/dev/null || py=/usr/bin/python3
"$py" -c 'import jsonschema' 2>/dev/null || fail "python3 with jsonschema is needed"
"$py" "$validate" "$schema" "$tmp"/*.json || fail "schema violations (above)"
