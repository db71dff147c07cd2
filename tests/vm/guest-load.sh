#!/bin/sh
# guest-load.sh N: N rounds of a workload dense in lock events (path walks
# in procfs and sysfs, small files read, processes forked), for the load
# runs of guest-init.sh that measure what watch keeps up with.
i=0
while [ "$i" -lt "$1" ]; do
	ls -R /sys/devices /sys/class >/dev/null 2>&1
	cat /proc/self/status /proc/meminfo /proc/interrupts >/dev/null
	i=$((i + 1))
done
