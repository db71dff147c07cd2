#!/bin/sh
# run.sh [SECONDS [TARGET...]]: builds the libFuzzer targets with clang into build-fuzz/
# and runs each for SECONDS (default 60) on a corpus seeded from testdata/ (kept in
# build-fuzz/corpus-TARGET, so long runs can be resumed). A crash stops the run with
# exit 1 and leaves the input as build-fuzz/crash-*; see fuzz/README.md.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-analyze lockline tracedat}

CC=clang cmake -S . -B build-fuzz -DLG_FUZZ=ON -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target $(for t in $targets; do printf 'fuzz-%s ' "$t"; done) >/dev/null

seed() { # seed TARGET DIR
	mkdir -p "$2"
	if [ "$1" = analyze ]; then
		# saved graphs (an input format too): also into corpora seeded before they existed
		for f in testdata/merge/*/saved.json; do
			cp "$f" "$2/saved-$(basename "$(dirname "$f")").json"
		done
		for f in testdata/saved/*.json; do cp "$f" "$2/saved-$(basename "$f")"; done
		# /proc/lockdep, /proc/lockdep_chains and DEPT: the same
		for f in testdata/public/proc-lockdep-*.txt testdata/public/dept-*.txt \
			 testdata/synthetic/*.txt; do
			cp "$f" "$2/saved-$(basename "$f")"
		done
	fi
	[ -n "$(ls -A "$2" | grep -v '^saved-')" ] && return 0
	case $1 in
	analyze)
		cp testdata/syzkaller/*.txt testdata/public/*.txt testdata/synthetic/*.txt "$2"/
		for f in testdata/lab/*/dmesg.log; do cp "$f" "$2/$(basename "$(dirname "$f")").log"; done
		;;
	lockline)
		# every line of the real logs that holds a lock or a frame
		cat testdata/syzkaller/*.txt testdata/public/*.txt testdata/lab/*/dmesg.log |
			grep -a -E '\{|\+0x' | sort -u | head -4000 | split -l 1 - "$2/line-"
		;;
	tracedat)
		for f in testdata/lab/*/trace*.dat testdata/host/*.dat; do
			cp "$f" "$2/$(basename "$(dirname "$f")")-$(basename "$f")"
		done
		;;
	esac
}

for t in $targets; do
	corpus=build-fuzz/corpus-$t
	seed "$t" "$corpus"
	extra=
	case $t in
	tracedat)
		len=4000000
		# the reader child may ask libtracecmd for absurd allocations: let them
		# fail there (the parent's own memory stays under -rss_limit_mb)
		extra=-malloc_limit_mb=1000000
		;;
	analyze) len=1000000 ;;
	*) len=4096 ;;
	esac
	echo "fuzz: $t for ${secs}s"
	ASAN_OPTIONS=allocator_may_return_null=1 LSAN_OPTIONS=suppressions=fuzz/lsan.supp \
		./build-fuzz/fuzz/fuzz-$t "$corpus" -max_total_time="$secs" -max_len=$len $extra \
		-artifact_prefix=build-fuzz/ -print_final_stats=1 2>build-fuzz/fuzz-$t.log ||
		{ tail -40 build-fuzz/fuzz-$t.log; exit 1; }
	grep -E "stat::number_of_executed_units|stat::peak_rss_mb" build-fuzz/fuzz-$t.log
done
