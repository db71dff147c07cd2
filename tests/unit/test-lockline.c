// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lock and frame grammar, one row per real variant (the lines are copied
 * from logs in testdata/; §1.3-§1.5 of kernel-formats.md in the shared corpus,
 * outside this repository).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lockline.h"

struct lock_row {
	const char *line;
	int rc;
	int index;
	const char *name, *usage, *wait, *at;
};

static const struct lock_row lock_rows[] = {
	/* 6.1 lab kernel */
	{ " #0: ffffffffa00047f0 (lab_b){+.+.}-{3:3}, at: lab_ba+0x13/0x50 [lockdep_lab]", 1, 0,
	  "lab_b", "+.+.", "3:3", "lab_ba+0x13/0x50 [lockdep_lab]" },
	/* 4.9: two spaces, 6 usage chars, [<addr>] before the symbol */
	{ " #1:  (&p->lock){+.+.+.}, at: [<ffffffff815e4ded>] seq_read+0xdd/0x1290", 1, 1,
	  "&p->lock", "+.+.+.", NULL, "seq_read+0xdd/0x1290" },
	/* 5.5 syzbot: names with parentheses */
	{ "ffff88803d3d5d28 ((wq_completion)wg-kex-wireguard1){+.+.}, at: flush_workqueue+0xe6/0x1520",
	  1, -1, "(wq_completion)wg-kex-wireguard1", "+.+.", NULL, "flush_workqueue+0xe6/0x1520" },
	{ " #1: ffffc90000a3fe68 ((work_completion)(&sub_info->work)){+.+.}-{0:0}, at: "
	  "process_one_work+0x1d8/0x5f0",
	  1, 1, "(work_completion)(&sub_info->work)", "+.+.", "0:0", "process_one_work+0x1d8/0x5f0" },
	/* subclass and name version */
	{ " #2: 00000000b0f753ba (&type->s_umount_key#39/1){+.+.}, at: grab_super+0xb4/0x290", 1, 2,
	  "&type->s_umount_key#39/1", "+.+.", NULL, "grab_super+0xb4/0x290" },
	/* a name with a space */
	{ " #3: ffffffff8c0e1a28 (subsys mutex#2){+.+.}-{4:4}, at: bus_add_device+0x1b/0x90", 1, 3,
	  "subsys mutex#2", "+.+.", "4:4", "bus_add_device+0x1b/0x90" },
	/* syzbot symbolised inline repeat */
	{ "ffffffff8ba9ef80 (fs_reclaim){+.+.}-{0:0}, at: might_alloc include/linux/sched/mm.h:198 [inline]",
	  1, -1, "fs_reclaim", "+.+.", "0:0", "might_alloc" },
	/* mail-wrapped: the site is on the next line */
	{ " #0: ffff8d499f8d00d0 (&vcpu->mutex){+.+.}-{3:3}, at:", -1, 0, NULL, NULL, NULL, NULL },
	/* console-split: the name has not arrived yet */
	{ " #0: 00000000c7be3319 (", -1, 0, NULL, NULL, NULL, NULL },
	{ "[  184.760966] no lock here", 0, -1, NULL, NULL, NULL, NULL },
};

static void test_lockline_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lock_rows) / sizeof(lock_rows[0]); i++) {
		const struct lock_row *row = &lock_rows[i];
		struct lock_line ll;
		int rc = lock_line_parse(row->line, strlen(row->line), &ll);

		print_message("row %zu: %s\n", i, row->line);
		assert_int_equal(rc, row->rc);
		if (rc != 1)
			continue;
		assert_int_equal(ll.index, row->index);
		assert_int_equal(ll.head.name.len, strlen(row->name));
		assert_memory_equal(ll.head.name.s, row->name, strlen(row->name));
		assert_int_equal(ll.head.usage.len, strlen(row->usage));
		assert_memory_equal(ll.head.usage.s, row->usage, strlen(row->usage));
		if (row->wait) {
			assert_int_equal(ll.head.wait.len, strlen(row->wait));
			assert_memory_equal(ll.head.wait.s, row->wait, strlen(row->wait));
		} else {
			assert_int_equal(ll.head.wait.len, 0);
		}
		assert_string_equal(ll.at.text, row->at);
	}
}

struct frame_row {
	const char *line;
	bool ok, reliable;
	const char *text;
};

static const struct frame_row frame_rows[] = {
	{ "       __mutex_lock_common+0x190/0x21a0", true, true, "__mutex_lock_common+0x190/0x21a0" },
	{ " ? lab_ba+0x21/0x50 [lockdep_lab]", true, false, "lab_ba+0x21/0x50 [lockdep_lab]" },
	{ " [<ffffffff81d90469>] dump_stack+0xc1/0x128", true, true, "dump_stack+0xc1/0x128" },
	{ " [<ffffffff835cb340>] ? ldsem_down_read+0x3a0/0x3a0", true, false,
	  "ldsem_down_read+0x3a0/0x3a0" },
	{ " ? 0xffffffffa0000083", true, false, "0xffffffffa0000083" },
	{ "  __mutex_lock kernel/locking/mutex.c:747 [inline]", true, true, "__mutex_lock" },
	{ "print_usage_bug.part.0 (kernel/locking/lockdep.c:4048)", true, true,
	  "print_usage_bug.part.0" },
	{ "[<816d8460>] (dump_backtrace) from [<816d8790>] (show_stack+0x18/0x1c)", true, true,
	  "dump_backtrace" },
	{ "  __switch_to+0xf8/0x168 (T)", true, true, "__switch_to+0xf8/0x168" },
	{ "Call Trace:", false, false, NULL },
	{ "kthread", false, false, NULL },
	{ "lockdep_lab: scenario=non_block end (0)", false, false, NULL },
};

static void test_frame_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(frame_rows) / sizeof(frame_rows[0]); i++) {
		const struct frame_row *row = &frame_rows[i];
		struct frame fr;
		bool ok = frame_parse(row->line, strlen(row->line), &fr);

		print_message("row %zu: %s\n", i, row->line);
		assert_int_equal(ok, row->ok);
		if (!ok)
			continue;
		assert_int_equal(fr.reliable, row->reliable);
		assert_string_equal(fr.text, row->text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lockline_rows),
		cmocka_unit_test(test_frame_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
