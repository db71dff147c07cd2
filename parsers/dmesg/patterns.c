// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The dmesg parser's line patterns, compiled once per context (PCRE2, JIT):
 * header fields and the body lines that need more than a prefix.
 */
#include "dmesg-local.h"

/*
 * Each pattern with a literal that every line it matches contains, and where: match() tests
 * the literal before running PCRE2. Lines inside reports are tried against a dozen patterns
 * in turn ("^(.+)/(\\d+) ..." scans the whole line), and almost all fail on the literal. A
 * literal at the start or end is checked against the pattern when it is compiled.
 */
static const struct {
	const char *src;
	const char *lit;
	enum lit_at at;
} pats[P__COUNT] = {
	[P_TRYING] = { "^(.+)/(\\d+) is trying to acquire lock:$",
		" is trying to acquire lock:", LIT_END },
	[P_IRQ_TASK] = { "^(.+)/(\\d+) \\[(HC\\d\\[\\d+\\]:SC\\d\\[\\d+\\]:HE\\d:SE\\d)\\] "
		"(?:is trying to acquire|takes):$",
		":", LIT_END },
	[P_TRY_LOCK] = { "^(.+)/(\\d+) is trying to lock:$",
		" is trying to lock:", LIT_END },
	[P_CHANGED] = { "^(.+)/(\\d+) just changed the state of lock:$",
		" just changed the state of lock:", LIT_END },
	[P_RELEASE] = { "^(.+)/(\\d+) is trying to (?:release|contend) lock \\((.*)\\) at:\\s*(.*)$",
		"lock (", LIT_ANY },
	[P_FREEING] = { "^(.+)/(\\d+) is freeing memory \\S+, with a lock still held there!$",
		", with a lock still held there!", LIT_END },
	[P_LEAVING] = { "^(.+)/(\\d+) is leaving the kernel with locks still held!$",
		" is leaving the kernel with locks still held!", LIT_END },
	[P_HELD_HDR] = { "^(\\d+) locks? (?:held|on stack) by (.+)/(\\d+):",
		"by ", LIT_ANY },
	[P_NO_HELD] = { "^no locks held by (.+)/(\\d+)\\.",
		"no locks held by ", LIT_START },
	[P_IN_ATOMIC] = { "^in_atomic\\(\\): ?(\\d+), irqs_disabled\\(\\): ?(\\d+),"
		"(?: non_block: (\\d+),)? pid: (\\d+), name: (.*?)\\s*$",
		"in_atomic", LIT_START },
	[P_PREEMPT] = { "^preempt_count: ([0-9a-fx]+), expected: ([0-9a-fx]+)",
		"preempt_count: ", LIT_START },
	[P_SLEEP_HDR] = { "^(?:BUG|Debug): sleeping function called from invalid context at ?(\\S*)",
		"sleeping function called from invalid context at", LIT_ANY },
	[P_SCHED_ATOMIC] = { "^BUG: scheduling while atomic: (.+)/(\\d+)/(0x[0-9a-f]+)",
		"BUG: scheduling while atomic: ", LIT_START },
	[P_NONBLOCK] = { "^BUG: scheduling in a non-blocking section: (.+)/(\\d+)/(\\d+)",
		"BUG: scheduling in a non-blocking section: ", LIT_START },
	[P_HUNG] = { "^INFO: task (.+):(\\d+) (?:blocked (?:in I/O wait )?for more than \\d+ seconds|"
		"can't die for more than \\d+ seconds)",
		"INFO: task ", LIT_START },
	[P_INCONS] = { "^inconsistent \\{([^}]*)\\} -> \\{([^}]*)\\} usage\\.",
		"inconsistent ", LIT_START },
	[P_SAFE_UNSAFE] = { "^([A-Z]+(?:-READ)?)-safe -> [A-Z]+(?:-READ)?-unsafe lock order detected",
		"-unsafe lock order detected", LIT_ANY },
	[P_RCU_LINE] = { "^(\\S+:\\d+) (.+)!\\s*$",
		"!", LIT_ANY },
	[P_STILL_HELD] = { "^(.+)/(\\d+) still has locks held!",
		"still has locks held!", LIT_ANY },
	[P_WQ_LEAK] = { "^BUG: workqueue leaked lock or atomic: (.+)/(0x[0-9a-f]+)/(\\d+)",
		"BUG: workqueue leaked lock or atomic: ", LIT_START },
	[P_CPU_LINE] = { "^CPU: \\d+ (?:UID: \\d+ )?PID: (\\d+) Comm: (.*?) (?:Not tainted|Tainted:)",
		"CPU: ", LIT_START },
	[P_CONTEXT] = { "^context-\\{(\\d+):(\\d+)\\}",
		"context-", LIT_START },
	[P_TOOK] = { "^but this lock took another, (\\S+)-unsafe lock in the past:\\s*(.*)$",
		"but this lock took another, ", LIT_START },
	[P_TAKEN] = { "^but this lock was taken by another, (\\S+)-safe lock in the past:\\s*(.*)$",
		"but this lock was taken by another, ", LIT_START },
	[P_CONNECTS] = { "^but this new dependency connects a (\\S+)-irq-safe lock:\\s*(.*)$",
		"but this new dependency connects a ", LIT_START },
	[P_TO_UNSAFE] = { "^to a (\\S+)-irq-unsafe lock:\\s*(.*)$",
		"to a ", LIT_START },
	[P_LOCKDEP_WARN] = { "^WARNING:(?: CPU: \\d+ PID: (\\d+))? at kernel/locking/lockdep\\.c:\\d+",
		"at kernel/locking/lockdep.c:", LIT_ANY },
	[P_SPINLOCK] = { "^BUG: (?:spin|rw)lock (.+) on CPU#\\d+, (.+)/(\\d+)",
		"BUG: ", LIT_START },
	[P_OLD_PID] = { "^Pid: (\\d+), comm: (\\S+)",
		"Pid: ", LIT_START },
};

/* A "|" outside any group: the pattern is an alternation, "^" and "$" belong to one side. */
static bool top_alternation(const char *src)
{
	int depth = 0;
	bool in_class = false;

	for (; *src; src++) {
		if (*src == '\\' && src[1])
			src++;
		else if (in_class)
			in_class = *src != ']';
		else if (*src == '[')
			in_class = true;
		else if (*src == '(' || *src == ')')
			depth += *src == '(' ? 1 : -1;
		else if (*src == '|' && !depth)
			return true;
	}
	return false;
}

/*
 * Whether @lit is where pats[] says: spelled out right after the leading "^" (and not the
 * operand of a quantifier), or right before the final "$" (after no backslash). A literal
 * with a regexp metacharacter cannot be either.
 */
static bool lit_placed(const char *src, const char *lit, enum lit_at at)
{
	size_t n = strlen(lit), len = strlen(src);

	if (at == LIT_ANY)
		return true;
	if (!n || strpbrk(lit, "\\^$.|?*+()[]{}") || top_alternation(src))
		return false;
	if (at == LIT_START)
		return src[0] == '^' && !strncmp(src + 1, lit, n) && !strchr("?*+{", src[1 + n]);
	return len >= n + 2 && !strncmp(src + len - n - 1, lit, n) && src[len - 1] == '$' &&
	       src[len - n - 2] != '\\';
}

int dmesg_patterns_new(struct dmesg_patterns **out)
{
	struct dmesg_patterns *p = calloc(1, sizeof(*p));
	int i;

	*out = NULL;
	if (!p)
		return -ENOMEM;
	for (i = P_NONE + 1; i < P__COUNT; i++) {
		const char *src = pats[i].src;
		size_t n = strlen(pats[i].lit);

		p->lit[i] = pats[i].lit;
		p->lit_len[i] = n;
		p->lit_at[i] = pats[i].at;
		p->rx[i] = rx_new(src);
		if (!p->rx[i] || !lit_placed(src, pats[i].lit, pats[i].at)) {
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

