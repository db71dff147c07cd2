#!/bin/sh
# tests/vm/run.sh [LOCKGRAPH]: the VM rig, end to end (docs/vm-rig.md).
#
# Builds (or reuses) a lockdep kernel, builds the lgvm test module against
# it, packs an initramfs with lockgraph and the shared libraries it needs,
# boots it under QEMU, and checks what the guest's "lockgraph watch" saw
# (check.py). LOCKGRAPH defaults to build/lockgraph of this tree.
#
# Environment:
#   LG_VM_WORK   work directory, kept (default: a temporary one, removed
#                unless the run fails)
#   LG_VM_LOADS  the load runs that measure the event rate watch keeps up
#                with: comma-separated ROUNDS:PAUSE_US of guest-load.sh
#                (default 200:0, about 15 s under TCG; "" for none, which
#                also leaves out check.py's controls)
#   LG_VM_BUFFER watch's --buffer-size in the guest (default: watch's own)
#   LG_VM_ACCEL  tcg or kvm (default: kvm when /dev/kvm works, else tcg)
#   LG_VM_CACHE, LG_VM_JOBS: build-kernel.sh
# Exit status: 0 all checks passed, 1 a check failed, 77 something the rig
# needs is missing (ctest reports a skip).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
lg=$(readlink -f "${1:-$top/build/lockgraph}")
loads=${LG_VM_LOADS-200:0}

say() { echo "vm: $*" >&2; }
skip() { say "SKIP: $*"; exit 77; }

for tool in qemu-system-x86_64 busybox cpio gzip make gcc python3 flock; do
	command -v "$tool" >/dev/null || skip "no $tool (tests/vm/README: packages)"
done
[ -x "$lg" ] || skip "no lockgraph at $lg (build first)"
[ -r /usr/src/linux-source-6.1.tar.xz ] || skip "no /usr/src/linux-source-6.1.tar.xz"
busybox=$(command -v busybox)
# a dynamic busybox would need its libraries too; Debian's busybox-static is static
if ldd "$busybox" >/dev/null 2>&1; then
	skip "$busybox is dynamic: install busybox-static"
fi

if [ -n "${LG_VM_WORK:-}" ]; then
	work=$LG_VM_WORK
	rm -rf "$work"
	mkdir -p "$work"
	keep=1
else
	work=$(mktemp -d /tmp/lgvm.XXXXXX)
	keep=0
fi
ok=0
cleanup() { [ $keep = 1 ] || [ $ok = 0 ] || rm -rf "$work"; }
trap cleanup EXIT

t_start=$(date +%s)
kdir=$("$here/build-kernel.sh")
t_kernel=$(date +%s)

# the module builds in a copy: M= writes its objects beside the sources
mkdir -p "$work/module"
cp "$here/module/lgvm.c" "$here/module/Kbuild" "$work/module/"
make -s -C "$kdir" M="$work/module" modules >&2

# initramfs: busybox (static), lockgraph with every library ldd lists (and
# the loader), the module and the guest scripts
root=$work/root
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/lib" "$root/lib64"
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$lg" "$root/bin/lockgraph"
ldd "$lg" | awk '/=> \//{ print $3 } /^[ \t]*\//{ print $1 }' | while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
cp "$work/module/lgvm.ko" "$root/lgvm.ko"
cp "$here/guest-init.sh" "$root/init"
cp "$here/guest-scenario.sh" "$here/guest-load.sh" "$root/"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.cpio.gz"

# KVM only when it works: in some nested set-ups QEMU starts and the guest
# never gets past the decompressor (lab-kit README), so a short probe boot
# must reach our init's first line
accel=${LG_VM_ACCEL:-}
boot() { # boot ACCEL CPU TIMEOUT APPEND
	rm -f "$work/console.log"
	truncate -s 0 "$work/disk.img"
	truncate -s 256M "$work/disk.img"
	timeout "$3" qemu-system-x86_64 -accel "$1" -cpu "$2" -M pc -smp 2 -m 1024 \
		-display none -monitor none -no-reboot -serial "file:$work/console.log" \
		-kernel "$kdir/arch/x86/boot/bzImage" -initrd "$work/initramfs.cpio.gz" \
		-append "console=ttyS0,115200 nokaslr panic=-1 $4" \
		-drive "file=$work/disk.img,format=raw,if=virtio" </dev/null >&2
}
if [ -z "$accel" ]; then
	accel=tcg
	if [ -w /dev/kvm ]; then
		boot kvm host,-arch-capabilities 60 "lgvm.loads= " || true
		grep -q 'lgvm-init: start' "$work/console.log" 2>/dev/null && accel=kvm
		say "KVM probe: $accel"
	fi
fi
if [ "$accel" = kvm ]; then cpu=host,-arch-capabilities; else cpu=max; fi

t_boot=$(date +%s)
say "booting ($accel)"
boot "$accel" "$cpu" 900 "lgvm.loads=$loads ${LG_VM_BUFFER:+lgvm.buffer=$LG_VM_BUFFER}" || {
	say "QEMU failed or timed out; console: $work/console.log"
	keep=1
	exit 1
}
t_end=$(date +%s)
grep -q 'lgvm-init: done' "$work/console.log" || {
	tail -40 "$work/console.log" >&2
	say "the guest did not finish; console: $work/console.log"
	keep=1
	exit 1
}
(cd "$work" && tar -xf disk.img)
say "kernel $((t_kernel - t_start)) s, boot and run $((t_end - t_boot)) s ($accel)"

cat "$work/out/cycles.txt"
if python3 "$here/check.py" "$lg" "$work"; then
	ok=1
else
	keep=1
	say "work directory kept: $work"
	exit 1
fi
