// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Line framing: one row per prefix style docs/reports.md promises. Lines are
 * taken from logs in testdata/ where one has the style; the rest are built
 * from the collectors' formats (util-linux dmesg -x and -T, /dev/kmsg).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "framing.h"

struct row {
	const char *line;
	const char *text;	/* expected kernel text */
	const char *caller;
	bool foreign;
};

static const struct row rows[] = {
	/* lab/abba_both/dmesg.log (CR of the serial console) */
	{ "[    9.003565] WARNING: possible circular locking dependency detected\r",
	  "WARNING: possible circular locking dependency detected", "", false },
	/* syzkaller/linux-report-466.txt: caller id glued to the timestamp */
	{ "[ 2718.454151][ T3699]  #0: ffffffff8a79dbe8 (cb_lock){++++}, at: genl_rcv+0x19/0x40",
	  "#0: ffffffff8a79dbe8 (cb_lock){++++}, at: genl_rcv+0x19/0x40", "T3699", false },
	{ "[   32.750035][    C0]  [<ffffffff81d7bae6>] __io_req_task_cancel+0x66/0x180",
	  "[<ffffffff81d7bae6>] __io_req_task_cancel+0x66/0x180", "C0", false },
	/* public/bugzilla-journald-*: journald prefix */
	{ "Jul 08 14:49:22 i87k kernel: WARNING: CPU: 11 PID: 1021 at fs/ext4/inode.c:3925",
	  "WARNING: CPU: 11 PID: 1021 at fs/ext4/inode.c:3925", "", false },
	{ "Jul 08 14:49:22 i87k systemd[1]: Started Session 3 of user x.", "", "", true },
	/* mail quoting as in public/rcu-list-mmu-notifier-held-libvirtd-quoted.txt */
	{ ">  #0: ffff9f (mmu_notifier_invalidate_range_start){+.+.}, at: change_p4d_range+0x1/0x2",
	  "#0: ffff9f (mmu_notifier_invalidate_range_start){+.+.}, at: change_p4d_range+0x1/0x2",
	  "", false },
	{ ">> [  12.000001] BUG: scheduling while atomic: kswapd1/181/0x00000002",
	  "BUG: scheduling while atomic: kswapd1/181/0x00000002", "", false },
	/* public/rt-zswap-kswapd-scheduling-while-atomic.txt: "| " quoting */
	{ "| BUG: scheduling while atomic: kswapd1/181/0x00000002",
	  "BUG: scheduling while atomic: kswapd1/181/0x00000002", "", false },
	/* public/oom-reaper-gpf-*: dropped-messages marker glued before the timestamp */
	{ "** 3 printk messages dropped ** [  100.000000] oom_reaper: reaped process 1 (a.out)",
	  "oom_reaper: reaped process 1 (a.out)", "", false },
	/* public/amdgpu-kfd-sdma-*: a timestamp that lost its "[" */
	{ "  150.887733] ======================================================",
	  "======================================================", "", false },
	/* console levels, /dev/kmsg, dmesg -x, dmesg -T */
	{ "<4>[  1.000000] INFO: lockdep is turned off.", "INFO: lockdep is turned off.", "",
	  false },
	{ "4,1234,567890,-;BUG: sleeping function called from invalid context at x.c:1",
	  "BUG: sleeping function called from invalid context at x.c:1", "", false },
	{ "kern  :warn  : [  12.345678] WARNING: inconsistent lock state",
	  "WARNING: inconsistent lock state", "", false },
	{ "[Thu Nov 26 06:03:51 2026] WARNING: suspicious RCU usage",
	  "WARNING: suspicious RCU usage", "", false },
	/* public/msm-devfreq-*: a uniform 3-space indent of a commit message */
	{ "   -> #3 (dma_fence_map){++++}-{0:0}:", "-> #3 (dma_fence_map){++++}-{0:0}:", "",
	  false },
	/* a timestamp-only line is a blank line */
	{ "[  581.086846]", "", "", false },
};

static void test_framing_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct framing f;
		struct span t = strip_framing(rows[i].line, strlen(rows[i].line), &f);

		print_message("row %zu: %s\n", i, rows[i].line);
		assert_int_equal(f.foreign, rows[i].foreign);
		if (rows[i].foreign)
			continue;
		assert_int_equal(t.len, strlen(rows[i].text));
		assert_memory_equal(t.s, rows[i].text, t.len);
		assert_string_equal(f.caller, rows[i].caller);
	}
}

/* syzkaller/linux-report-118.txt and the 4.9 KERN_CONT split (kernel-formats §1.1) */
static void test_inner_timestamps(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "syzkaller login: [   16.305150] INFO: trying to register non-static key.",
		  "INFO: trying to register non-static key." },
		{ "([  337.270069] rtnl_mutex", "(rtnl_mutex" },
		{ "){+.+.+.}[  337.270069] , at:", "){+.+.+.}, at:" },
		{ "no timestamp inside [here]", "no timestamp inside [here]" },
	};
	char buf[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct span in = { cases[i].in, strlen(cases[i].in) };
		struct span out = drop_inner_timestamps(in, buf, sizeof(buf));

		print_message("case %zu: %s\n", i, cases[i].in);
		assert_int_equal(out.len, strlen(cases[i].out));
		assert_memory_equal(out.s, cases[i].out, out.len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_framing_rows),
		cmocka_unit_test(test_inner_timestamps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
