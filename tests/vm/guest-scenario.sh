#!/bin/sh
# The work lockgraph watch traces in the guest (guest-init.sh): the lgvm
# module's phases, one load each (module/lgvm.c says why the ABBA pair
# needs two loads). Any failure is written down for the host's checks:
# a phase that did not run proves nothing.
set -u
rc=0
for phase in ab ba mmu; do
	if insmod /lgvm.ko phase=$phase && rmmod lgvm; then
		echo "$phase ok" >>/out/phases
	else
		echo "$phase failed" >>/out/phases
		rc=1
	fi
	# __might_resched() prints one "sleeping function" report a second:
	# each phase's report must come out
	sleep 1
done
exit $rc
