// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The dmesg parser's line patterns, compiled once per context (PCRE2, JIT):
 * header fields and the body lines that need more than a prefix.
 */
#include "dmesg-local.h"

static const char *const pat_src[P__COUNT] = {
	[P_TRYING] = "^(.+)/(\\d+) is trying to acquire lock:$",
	[P_IRQ_TASK] = "^(.+)/(\\d+) \\[(HC\\d\\[\\d+\\]:SC\\d\\[\\d+\\]:HE\\d:SE\\d)\\] "
		       "(?:is trying to acquire|takes):$",
	[P_TRY_LOCK] = "^(.+)/(\\d+) is trying to lock:$",
	[P_CHANGED] = "^(.+)/(\\d+) just changed the state of lock:$",
	[P_RELEASE] = "^(.+)/(\\d+) is trying to (?:release|contend) lock \\((.*)\\) at:\\s*(.*)$",
	[P_FREEING] = "^(.+)/(\\d+) is freeing memory \\S+, with a lock still held there!$",
	[P_LEAVING] = "^(.+)/(\\d+) is leaving the kernel with locks still held!$",
	[P_HELD_HDR] = "^(\\d+) locks? (?:held|on stack) by (.+)/(\\d+):",
	[P_NO_HELD] = "^no locks held by (.+)/(\\d+)\\.",
	[P_IN_ATOMIC] = "^in_atomic\\(\\): ?(\\d+), irqs_disabled\\(\\): ?(\\d+),"
			"(?: non_block: (\\d+),)? pid: (\\d+), name: (.*?)\\s*$",
	[P_PREEMPT] = "^preempt_count: ([0-9a-fx]+), expected: ([0-9a-fx]+)",
	[P_SLEEP_HDR] = "^(?:BUG|Debug): sleeping function called from invalid context at ?(\\S*)",
	[P_SCHED_ATOMIC] = "^BUG: scheduling while atomic: (.+)/(\\d+)/(0x[0-9a-f]+)",
	[P_NONBLOCK] = "^BUG: scheduling in a non-blocking section: (.+)/(\\d+)/(\\d+)",
	[P_HUNG] = "^INFO: task (.+):(\\d+) (?:blocked (?:in I/O wait )?for more than \\d+ seconds|"
		   "can't die for more than \\d+ seconds)",
	[P_INCONS] = "^inconsistent \\{([^}]*)\\} -> \\{([^}]*)\\} usage\\.",
	[P_SAFE_UNSAFE] = "^([A-Z]+(?:-READ)?)-safe -> [A-Z]+(?:-READ)?-unsafe lock order detected",
	[P_RCU_LINE] = "^(\\S+:\\d+) (.+)!\\s*$",
	[P_STILL_HELD] = "^(.+)/(\\d+) still has locks held!",
	[P_WQ_LEAK] = "^BUG: workqueue leaked lock or atomic: (.+)/(0x[0-9a-f]+)/(\\d+)",
	[P_CPU_LINE] = "^CPU: \\d+ (?:UID: \\d+ )?PID: (\\d+) Comm: (.*?) (?:Not tainted|Tainted:)",
	[P_CONTEXT] = "^context-\\{(\\d+):(\\d+)\\}",
	[P_TOOK] = "^but this lock took another, (\\S+)-unsafe lock in the past:\\s*(.*)$",
	[P_TAKEN] = "^but this lock was taken by another, (\\S+)-safe lock in the past:\\s*(.*)$",
	[P_CONNECTS] = "^but this new dependency connects a (\\S+)-irq-safe lock:\\s*(.*)$",
	[P_TO_UNSAFE] = "^to a (\\S+)-irq-unsafe lock:\\s*(.*)$",
	[P_LOCKDEP_WARN] = "^WARNING:(?: CPU: \\d+ PID: (\\d+))? at kernel/locking/lockdep\\.c:\\d+",
	[P_SPINLOCK] = "^BUG: (?:spin|rw)lock (.+) on CPU#\\d+, (.+)/(\\d+)",
	[P_OLD_PID] = "^Pid: (\\d+), comm: (\\S+)",
};

int dmesg_patterns_new(struct dmesg_patterns **out)
{
	struct dmesg_patterns *p = calloc(1, sizeof(*p));
	int i;

	*out = NULL;
	if (!p)
		return -ENOMEM;
	for (i = P_NONE + 1; i < P__COUNT; i++) {
		p->rx[i] = rx_new(pat_src[i]);
		if (!p->rx[i]) {
			dmesg_patterns_free(p);
			return -LG_EPATTERN;
		}
	}
	kind_header_starts(p->header_start);
	*out = p;
	return 0;
}

void dmesg_patterns_free(struct dmesg_patterns *p)
{
	int i;

	if (!p)
		return;
	for (i = 0; i < P__COUNT; i++)
		rx_free(p->rx[i]);
	free(p);
}

