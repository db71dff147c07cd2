#!/bin/sh
# golden.sh LOCKGRAPH CHECK_JSON EXPECTED INPUT...
# Runs 'lockgraph analyze --format=json INPUT...' and checks the output against
# the hand-written EXPECTED file (testdata/README.md). analyze may exit 0 (no
# findings) or 1 (findings); 2 means it could not read an input: a failure.
set -u
lockgraph=$1 check=$2 expected=$3
shift 3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$lockgraph" analyze --format=json "$@" >"$out"
status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
	echo "golden: lockgraph exited $status on $*" >&2
	exit 1
fi
exec "$check" "$expected" "$out"
