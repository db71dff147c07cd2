#!/bin/sh
# tests/vm/build-kernel.sh: build (or reuse) the lockdep kernel the VM rig boots.
#
# Prints the kernel's build directory (O=) on stdout; bzImage is in
# arch/x86/boot/ under it and an out-of-tree module builds with
# "make -C DIR M=...". Everything else goes to stderr.
#
# The build is about 8 minutes on 2 cores, so it is cached outside the clone,
# in ${XDG_CACHE_HOME:-$HOME/.cache}/lockgraph-vm/kernel-HASH, HASH covering the
# config fragment, the kernel source package's version and this recipe: a
# second run (or a second clone) reuses it, and changing any of the three
# builds afresh. LG_VM_CACHE overrides the cache directory, LG_VM_JOBS the
# make -j (default 3: the machines this runs on have 2 cores).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/kernel.config
tarball=/usr/src/linux-source-6.1.tar.xz
jobs=${LG_VM_JOBS:-3}
cache=${LG_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lockgraph-vm}

if [ ! -r "$tarball" ]; then
	echo "build-kernel: $tarball missing: apt-get install linux-source-6.1" >&2
	exit 1
fi
# the version, not the tarball's mtime: a reinstall of the same package
# must not throw away a good build
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown)
recipe_version=1
key=$( { cat "$fragment"; echo "$srcver"; echo "recipe $recipe_version"; } |
	sha256sum | cut -c1-16)
dir=$cache/kernel-$key
mkdir -p "$cache"

# two test trees running the rig at once must not build into the same
# directory: the second waits for the first and then reuses its kernel
exec 9>"$dir.lock"
flock 9

if [ -f "$dir/done" ]; then
	echo "build-kernel: cached kernel $dir" >&2
	echo "$dir/kernel"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
start=$(date +%s)
echo "build-kernel: no cached kernel for this config: building in $dir (about 8 min on 2 cores)" >&2
tar -C "$dir" -xf "$tarball"
src=$dir/linux-source-6.1
make -s -C "$src" O="$dir/kernel" allnoconfig KCONFIG_ALLCONFIG="$fragment" >&2

# allnoconfig silently drops an option whose dependencies are off: a
# kernel without, say, LOCKDEP would boot and make every check fail for
# a reason far from its cause, so stop here instead
missing=$(grep '^CONFIG_' "$fragment" | while IFS= read -r line; do
	grep -qx "$line" "$dir/kernel/.config" || echo "$line"
done)
if [ -n "$missing" ]; then
	echo "build-kernel: options of kernel.config not in .config:" >&2
	echo "$missing" >&2
	exit 1
fi

make -s -C "$src" O="$dir/kernel" -j"$jobs" all >&2
end=$(date +%s)
echo "$((end - start))" > "$dir/build-seconds"
echo "build-kernel: kernel built in $((end - start)) s" >&2
touch "$dir/done"
echo "$dir/kernel"
