#!/bin/sh
# guest-load.sh N [PAUSE]: N rounds of a small workload dense in lock events
# (a process forked and exec'd, procfs files read, a sysfs directory
# listed), for the load runs of guest-init.sh that measure what watch keeps
# up with; PAUSE microseconds of sleep after each round set the event rate.
i=0
while [ "$i" -lt "$1" ]; do
	cat /proc/self/status /proc/meminfo >/dev/null
	ls /sys/devices/system/cpu >/dev/null
	[ "${2:-0}" -gt 0 ] && usleep "$2"
	i=$((i + 1))
done
