#!/bin/sh
# quickstart.sh demo|test|vm
#   demo: install what is missing, build, run 'lockgraph analyze' on a real log
#   test: install what is missing, build (plain and ASan+UBSan), run every test,
#         and run each libFuzzer target for 30 s
#   vm:   install what is missing, build, run only the VM rig (ctest label vm:
#         lockgraph watch on a lockdep kernel under QEMU, tests/vm/run.sh)
# Works on a fresh Debian 12 as root or through sudo.
set -eu
cd "$(dirname "$0")"

PACKAGES="build-essential cmake pkg-config libtraceevent-dev libtracefs-dev libtracecmd-dev
libjson-c-dev libpcre2-dev zlib1g-dev liblzma-dev libzstd-dev libcmocka-dev libgraphviz-dev gzip xz-utils
zstd"
# only the tests need these: the JSON Schema validator, html5lib and chromium for the HTML
# page, graphviz for the DOT check, clang for the libFuzzer smoke runs, time and valgrind
# for the memory checks, Universal Ctags for function lengths (tests/structure.py), Dask for
# the contrib/dask pipeline
TEST_PACKAGES="python3 python3-jsonschema python3-html5lib graphviz clang time valgrind
universal-ctags chromium python3-distributed"
# the VM rig (tests/vm/, docs/vm-rig.md): a kernel built from Debian's source package,
# booted under QEMU with a busybox initramfs
VM_PACKAGES="linux-source-6.1 bc flex bison libelf-dev libssl-dev dwarves cpio kmod
qemu-system-x86 busybox-static python3"

install_missing() {
	missing=""
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "quickstart: installing$missing"
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

build() { # build DIR [cmake args...]
	dir=$1
	shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
	cmake --build "$dir" -j"$(nproc)"
}

case "${1:-}" in
demo)
	install_missing
	build build
	echo
	# two boots of a lab kernel whose union holds a cycle neither showed (likely);
	# two real splats of different years that only seem to make one (weak), and the
	# OOM reaper seen in one report reaching a mutex taken in another (weak)
	./build/lockgraph analyze \
		testdata/lab/abba_ab/trace.dat testdata/lab/abba_ba/trace.dat \
		testdata/public/amdgpu-kfd-sdma-stats-notifier-lock-mmap-sem-truncated.txt \
		testdata/public/amdgpu-kfd-fork-prange-dqm-interleaved-console.txt \
		testdata/public/syzbot-oom-reaper-recursive-mmu-notifier.txt \
		testdata/public/rdma-mlx5-odp-umem-mutex-mmu-notifier-fs-reclaim.txt || [ $? -eq 1 ]
	;;
test)
	PACKAGES="$PACKAGES $TEST_PACKAGES $VM_PACKAGES"
	install_missing
	build build
	(cd build && ctest --output-on-failure -j"$(nproc)")
	build build-asan -DLG_SANITIZE=ON
	# not the VM rig: it checks watch against a lockdep kernel, not memory errors, and
	# a sanitized lockgraph in an emulated guest would only read more slowly
	(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j"$(nproc)" -LE vm)
	# every fuzz target for a short smoke run (fuzz/README.md)
	fuzz/run.sh 30
	;;
vm)
	PACKAGES="$PACKAGES $VM_PACKAGES"
	install_missing
	build build
	(cd build && ctest --output-on-failure -L vm)
	;;
*)
	echo "usage: ./quickstart.sh demo|test|vm" >&2
	exit 2
	;;
esac
