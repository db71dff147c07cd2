# Shell helpers of the bench scripts (sourced): timing, arithmetic, peak memory.
now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
# best OUT CMD...: the best wall time of three runs, in seconds, into $best; output to OUT
# (not /dev/null for grep: GNU grep stops at the first match when its output is /dev/null)
best() {
	best= out=$1
	shift
	for _ in 1 2 3; do
		t0=$(now)
		"$@" >"$out" 2>&1 || true
		t=$(calc "$(now) - $t0")
		if [ -z "$best" ] || [ "$(calc "$t < $best")" = 1 ]; then best=$t; fi
	done
}
rss() { # peak RSS in MB of one run
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'
}
mbs() { calc "int($1 / 1048576 / $2)"; } # mbs BYTES SECONDS: MB/s, whole
