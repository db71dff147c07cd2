#!/bin/sh
# snapshot.sh LOCKGRAPH TESTDATA OUTDIR
# Writes everything a user sees for every testdata input and merge case into
# OUTDIR: full JSON (with --graph), text, DOT, standard error and exit status,
# and the saved graph of each merge case. Golden files are subset checks; a
# refactor that must not change output is checked by taking a snapshot before
# and after and comparing them with 'diff -r' (an empty diff is the pass).
# Not run by ctest: the reference is the tree before the change, not a file.
set -u
lockgraph=$1 data=$2 out=$3
mkdir -p "$out"

run() { # run NAME ARGS...: one file per output format, stderr and status
	name=$1
	shift
	for fmt in json text dot; do
		extra=""
		[ "$fmt" = json ] && extra="--graph"
		"$lockgraph" analyze -j1 --color=never --format=$fmt $extra "$@" \
			>"$out/$name.$fmt" 2>"$out/$name.$fmt.err"
		echo "exit $?" >>"$out/$name.$fmt.err"
	done
}

find "$data" -type f \( -name '*.txt' -o -name '*.log' -o -name '*.dat' \) \
	! -path '*/merge/*' | LC_ALL=C sort | while read -r f; do
	rel=${f#"$data"/}
	run "$(echo "$rel" | tr / _)" "$f"
done

for dir in "$data"/merge/*/; do
	case=$(basename "$dir")
	list=$dir/inputs
	[ -f "$list" ] || list=$dir/corpus.txt
	set --
	while read -r line; do
		case $line in "#"* | "") continue ;; esac
		set -- "$@" "$data/$line"
	done <"$list"
	run "merge_$case" "$@"
	"$lockgraph" analyze -j1 --format=json --save="$out/merge_$case.saved" "$@" \
		>/dev/null 2>&1
	[ -f "$dir/saved.json" ] && run "merge_$case.from-saved" "$dir/saved.json"
done
exit 0
