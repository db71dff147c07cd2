#!/bin/sh
# /init of the VM rig's initramfs (tests/vm/run.sh packs it). Runs in the
# guest: mounts what lockgraph watch needs, runs the capture around the
# lgvm module's phases (guest-scenario.sh), then the load runs that measure
# how many events per second watch keeps up with, and writes everything to
# the virtio disk as a tar archive, the only way out of the guest besides
# the console. Lines starting "lgvm-init:" on the console are run.sh's
# progress markers.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp /out
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tracefs tracefs /sys/kernel/tracing
echo "lgvm-init: start"

# elapsed centiseconds since boot, for the event rates
now_cs() { cut -d' ' -f1 /proc/uptime | tr -d .; }

# lgvm.loads=R:P,... on the kernel command line: one load run per item, R
# rounds of guest-load.sh with a pause of P microseconds after each (the
# pause sets the event rate); lgvm.buffer=KB: watch's --buffer-size
loads=$(sed -n 's/.*lgvm\.loads=\([0-9,:]*\).*/\1/p' /proc/cmdline)
buffer=$(sed -n 's/.*lgvm\.buffer=\([0-9]*\).*/\1/p' /proc/cmdline)

t0=$(now_cs)
lockgraph watch ${buffer:+--buffer-size=$buffer} --name vm-watch --save /out/saved.json \
	--format=json --graph -o /out/watch.json -- /bin/sh /guest-scenario.sh \
	>/out/watch.out 2>/out/watch.err
echo $? >/out/watch.rc
echo "$(( $(now_cs) - t0 ))" >/out/watch.cs
# the cycles as lockgraph prints them, from the guest's own saved graph
lockgraph analyze --color=never --kind=cycle /out/saved.json >/out/cycles.txt 2>&1
# watch removes its instance on the way out: what is left is its defect
ls /sys/kernel/tracing/instances >/out/instances.after
cat /sys/kernel/tracing/tracing_on >/out/top-tracing_on
echo "lgvm-init: watch done, status $(cat /out/watch.rc)"

# Load runs: a workload that takes locks as fast as the guest can, traced
# with the default buffer; events and lost events per run are in each
# saved graph, the elapsed time in its .cs file.
k=0
for item in $(echo "$loads" | tr , ' '); do
	k=$((k + 1))
	rounds=${item%%:*} pause=${item#*:}
	[ "$pause" != "$item" ] || pause=0
	t0=$(now_cs)
	lockgraph watch ${buffer:+--buffer-size=$buffer} -q --name "load-$k" \
		--save "/out/load-$k.json" -o /dev/null -- /bin/sh /guest-load.sh "$rounds" "$pause" \
		2>"/out/load-$k.err"
	echo $? >"/out/load-$k.rc"
	echo "$(( $(now_cs) - t0 ))" >"/out/load-$k.cs"
	echo "$item" >"/out/load-$k.item"
	echo "lgvm-init: load $item done"
done

dmesg >/out/dmesg.txt
cat /proc/lockdep_stats >/out/lockdep_stats 2>/dev/null
tar -cf /dev/vda out
sync
echo "lgvm-init: done"
reboot -f
