// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * THE table of report kinds of the dmesg parser: what a header looks like,
 * which kind and subkind it opens, whether a stack and which parts the report
 * must have (with the exact "missing: ..." reason), and what its header line
 * holds. One row per header variant; a new kind is its enum and name in
 * lib/obs.h, a row here, and body rules (body.c) only if it prints new lines
 * (docs/reports.md "Adding a report kind").
 */
#include "dmesg-local.h"

/* ------------------------------------------------------------------ */
/* header lines                                                       */

/* The title inside "WARNING: x", "BUG: x", "[ INFO: x ]", "[ BUG: x ]". */
struct span title_text(struct span t)
{
	struct span in = t;

	if (span_starts(in, "[ ") && span_ends(in, " ]")) {
		in.s += 2;
		in.len -= 4;
	}
	if (span_starts(in, "WARNING: "))
		in.s += 9, in.len -= 9;
	else if (span_starts(in, "INFO: "))
		in.s += 6, in.len -= 6;
	else if (span_starts(in, "BUG: "))
		in.s += 5, in.len -= 5;
	else
		in.len = 0;
	return in;
}

/* "BUG: sleeping function called from invalid context at f:l" */
static void head_sleep(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
	struct span g[RX_MAX_GROUPS];

	if (match(st, P_SLEEP_HDR, t, g) && g[0].len)
		r->sleep.at = dup_span(st, g[0]);
	r->has_sleep = true;
}

/* "BUG: scheduling while atomic: comm/pid/0x..", "... in a non-blocking section: comm/pid/n" */
static void head_sched_atomic(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
	struct span g[RX_MAX_GROUPS];

	r->has_sleep = true;
	if (match(st, P_SCHED_ATOMIC, t, g)) {
		set_task(st, r, g[0], g[1]);
		r->sleep.preempt_count = dup_span(st, g[2]);
	} else if (match(st, P_NONBLOCK, t, g)) {
		set_task(st, r, g[0], g[1]);
		r->sleep.non_block = (int)span_long(g[2]);
	}
}

/* "INFO: task comm:pid blocked for more than N seconds." */
static void head_hung(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct span g[RX_MAX_GROUPS];

	if (match(st, P_HUNG, t, g))
		set_task(st, s->r, g[0], g[1]);
}

/* "WARNING: comm/pid still has locks held!" */
static void head_still_held(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct span g[RX_MAX_GROUPS];

	if (match(st, P_STILL_HELD, title_text(t), g))
		set_task(st, s->r, g[0], g[1]);
}

/* "BUG: workqueue leaked lock or atomic: comm/0x../pid": only a header that reads has a body */
static void head_wq_leak(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct span g[RX_MAX_GROUPS];

	if (match(st, P_WQ_LEAK, t, g)) {
		set_task(st, s->r, g[0], g[2]);
		s->sec = SEC_BODY;
	}
}

/* lockdep about itself: the header is what the report says */
static void head_internal(struct dmesg_state *st, struct stream *s, struct span t)
{
	(void)st;
	(void)t;
	if (s->r->task.pid < 0)
		s->foreign_dump = false;	/* old WARNING without a pid */
	s->r->detail = s->r->headline;
}

/* "BUG: spinlock bad magic on CPU#0, comm/pid" */
static void head_spinlock(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct span g[RX_MAX_GROUPS];

	if (match(st, P_SPINLOCK, t, g))
		set_task(st, s->r, g[1], g[2]);
	head_internal(st, s, t);
}

/*
 * "WARNING: CPU: 0 PID: 1 at kernel/locking/lockdep.c:N": the stack printed
 * next is another task's until a "CPU: … PID:" line names this pid.
 */
static void head_lockdep_warn(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct span g[RX_MAX_GROUPS];

	s->foreign_dump = true;
	if (match(st, P_LOCKDEP_WARN, t, g) && g[0].s)
		s->r->task.pid = span_long(g[0]);
	head_internal(st, s, t);
}

/* ------------------------------------------------------------------ */
/* what a finished report implies                                     */

/* "possible recursive locking": the lock taken twice is a cycle of one */
static void finish_recursive(struct dmesg_state *st, struct lg_report *r)
{
	if (r->has_acquire) {
		r->has_cycle = true;
		push_str(st, &r->cycle, r->acquire.cls);
	}
}

/* The chain "-> #k" read back as the cycle it closes. */
static void finish_circular(struct dmesg_state *st, struct lg_report *r)
{
	uint32_t i, max = 0;
	const char **by_index;
	bool ok = true;

	if (!r->chain.n)
		return;
	for (i = 0; i < r->chain.n; i++)
		if (r->chain.v[i].index > max)
			max = r->chain.v[i].index;
	if (max > 4096)
		return;
	by_index = arena_alloc(st->arena, (max + 1) * sizeof(*by_index));
	if (!by_index) {
		st->err = -ENOMEM;
		return;
	}
	for (i = 0; i < r->chain.n; i++)
		by_index[r->chain.v[i].index] = r->chain.v[i].lock.cls;
	/* "-> #0" is the lock being acquired: a report cut before it still says which */
	if (!by_index[0] && r->has_acquire)
		by_index[0] = r->acquire.cls;
	for (i = 0; i <= max; i++)
		if (!by_index[i])
			ok = false;
	if (!ok)
		return;
	r->has_cycle = true;
	for (i = 0; i <= max; i++)
		push_str(st, &r->cycle, by_index[i]);
}

/* Inconsistent state, invalid wait context: each lock held before the one taken is an edge. */
static void finish_held_edges(struct dmesg_state *st, struct lg_report *r)
{
	uint32_t i, upto;

	if (!r->has_acquire)
		return;
	/* lockdep re-checking held locks (irq enable): only what was taken before it */
	upto = r->held.n;
	for (i = 0; i < r->held.n; i++) {
		if (!strcmp(r->held.v[i].cls, r->acquire.cls)) {
			upto = i;
			break;
		}
	}
	for (i = 0; i < upto; i++)
		add_edge(st, r, r->held.v[i].cls, r->acquire.cls);
}

/* ------------------------------------------------------------------ */
/* the table                                                          */

#define H(text) .header = text, .header_len = sizeof(text) - 1
#define BANNER_TITLE (K_TITLE | K_BANNER)

#define NEED_ACQUIRED { PART_ACQUIRE, "missing: the lock being acquired" }
#define NEED_HOLDING { PART_HOLDING, "missing: the lock already held" }
#define NEED_THE_LOCK { PART_ACQUIRE, "missing: the lock" }
#define NEED_HELD_LIST { PART_HELD_LIST, "missing: the held-lock list" }

/*
 * Looked at in order; the first row a line fits wins. Title rows come first,
 * as a title under a banner is what lockdep prints for most kinds.
 */
static const struct report_kind report_kinds[] = {
	/* lockdep's reports under a "=====" banner: kernel/locking/lockdep.c print_*() */
	{ H("possible circular locking dependency detected"),
	  .kind = LG_KIND_CIRCULAR, .flags = BANNER_TITLE, .stack = STACK_MARKED,
	  .needs = { NEED_ACQUIRED, NEED_HOLDING, { PART_CYCLE, "missing: the dependency chain" } },
	  .finish = finish_circular },
	{ H("possible recursive locking detected"),
	  .kind = LG_KIND_RECURSIVE, .flags = BANNER_TITLE, .stack = STACK_MARKED,
	  .needs = { NEED_ACQUIRED, NEED_HOLDING }, .finish = finish_recursive },
	{ H("possible irq lock inversion dependency detected"),
	  .kind = LG_KIND_IRQ_INVERSION, .flags = BANNER_TITLE, .stack = STACK_MARKED,
	  .needs = { { PART_ACQUIRE, "missing: the lock whose state changed" },
		     { PART_EDGES, "missing: the other lock" } } },
	{ H("inconsistent lock state"),
	  .kind = LG_KIND_INCONSISTENT, .flags = BANNER_TITLE, .stack = STACK_MARKED,
	  .needs = { { PART_ACQUIRE, "missing: the lock taken" },
		     { PART_USAGE, "missing: the usage change" } },
	  .finish = finish_held_edges },
	{ H("Invalid wait context"),
	  .kind = LG_KIND_INVALID_WAIT_CONTEXT, .flags = BANNER_TITLE, .stack = STACK_MARKED,
	  .needs = { NEED_THE_LOCK }, .finish = finish_held_edges },
	{ H("bad unlock balance detected!"),
	  .kind = LG_KIND_BAD_UNLOCK, .flags = BANNER_TITLE, .stack = STACK_MARKED,
	  .needs = { NEED_THE_LOCK } },
	{ H("held lock freed!"),
	  .kind = LG_KIND_HELD_LOCK_FREED, .flags = BANNER_TITLE, .stack = STACK_MARKED,
	  .needs = { NEED_THE_LOCK } },
	/* lockdep_sys_exit() prints the list and no stack */
	{ H("lock held when returning to user space!"),
	  .kind = LG_KIND_HELD_AT_RETURN, .flags = BANNER_TITLE | K_NO_BACKTRACE | K_TASK_OF_HELD,
	  .stack = STACK_FIRST, .needs = { NEED_HELD_LIST } },
	/* old kernels: "[ INFO: suspicious RCU usage. ]" (a final '.' is allowed for all) */
	{ H("suspicious RCU usage"),
	  .kind = LG_KIND_RCU, .flags = BANNER_TITLE | K_TASK_OF_HELD, .stack = STACK_MARKED,
	  .needs = { { PART_DETAIL, "missing: the suspicious access" } } },
	{ H("Nested lock was not taken"),
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_NESTED_LOCK,
	  .flags = BANNER_TITLE | K_TASK_OF_HELD, .stack = STACK_MARKED, .head = head_internal },
	{ H("bad contention detected!"),
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_BAD_CONTENTION,
	  .flags = BANNER_TITLE | K_TASK_OF_HELD, .stack = STACK_MARKED, .head = head_internal },
	{ H("chain_key collision"),
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_CHAIN_KEY,
	  .flags = BANNER_TITLE | K_TASK_OF_HELD, .stack = STACK_MARKED, .head = head_internal },
	/* "HARDIRQ-safe -> HARDIRQ-unsafe lock order detected" */
	{ .guard = P_SAFE_UNSAFE,
	  .kind = LG_KIND_IRQ_UNSAFE_ORDER, .flags = BANNER_TITLE, .stack = STACK_MARKED,
	  .needs = { NEED_ACQUIRED, NEED_HOLDING } },
	/* "WARNING: comm/pid still has locks held!" (lockdep's debug_check_no_locks_held()) */
	{ .tail = "still has locks held!", .guard = P_STILL_HELD,
	  .kind = LG_KIND_HELD_AT_RETURN, .sub = LG_SUB_STILL_HAS_LOCKS,
	  .flags = BANNER_TITLE | K_TASK_OF_HELD | K_SHORT_HELD_OK, .stack = STACK_MARKED,
	  .needs = { NEED_HELD_LIST }, .head = head_still_held },

	/* kernel/sched/core.c: __might_resched(), __schedule_bug() */
	{ H("BUG: sleeping function called from invalid context"),
	  .kind = LG_KIND_SLEEP_IN_ATOMIC, .stack = STACK_AFTER_NEEDS,
	  .needs = { { PART_IN_ATOMIC, "missing: the in_atomic() line" } },
	  .sec = SEC_BODY, .head = head_sleep },
	{ H("Debug: sleeping function called from invalid context"),
	  .kind = LG_KIND_SLEEP_IN_ATOMIC, .stack = STACK_AFTER_NEEDS,
	  .needs = { { PART_IN_ATOMIC, "missing: the in_atomic() line" } },
	  .sec = SEC_BODY, .head = head_sleep },
	{ H("BUG: scheduling while atomic: "),
	  .kind = LG_KIND_SCHED_ATOMIC, .sec = SEC_BODY, .head = head_sched_atomic },
	{ H("BUG: scheduling in a non-blocking section: "),
	  .kind = LG_KIND_SCHED_ATOMIC, .sub = LG_SUB_NON_BLOCK_SECTION,
	  .sec = SEC_BODY, .head = head_sched_atomic },

	/* kernel/hung_task.c; newer kernels tell a task waiting for I/O */
	{ H("INFO: task "), .has = " blocked for more than ",
	  .kind = LG_KIND_HUNG_TASK, .sec = SEC_BODY, .head = head_hung },
	{ H("INFO: task "), .has = " can't die for more than ",
	  .kind = LG_KIND_HUNG_TASK, .sec = SEC_BODY, .head = head_hung },
	{ H("INFO: task "), .has = " blocked in I/O wait for more than ",
	  .kind = LG_KIND_HUNG_TASK, .sec = SEC_BODY, .head = head_hung },
	/* debug_show_all_locks(): ends at its closing rule */
	{ H("Showing all locks held in the system"),
	  .kind = LG_KIND_HELD_LOCKS, .flags = K_NO_BACKTRACE,
	  .needs = { { PART_DUMP_CLOSED, "truncated: no closing rule after the held-lock dump" } },
	  .sec = SEC_DUMP },
	/* kernel/workqueue.c process_one_work() */
	{ H("BUG: workqueue leaked lock or atomic: "),
	  .kind = LG_KIND_HELD_AT_RETURN, .sub = LG_SUB_WQ_LEAKED,
	  .flags = K_TASK_OF_HELD | K_SHORT_HELD_OK, .needs = { NEED_HELD_LIST },
	  .head = head_wq_leak },

	/* lockdep and the spinlock debugger about themselves */
	{ H("BUG: MAX_"), .tail = "too low!",
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_MAX_LOCKDEP, .flags = K_TASK_OF_HELD,
	  .sec = SEC_BODY, .head = head_internal },
	{ H("INFO: trying to register non-static key."),
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_NON_STATIC_KEY, .flags = K_TASK_OF_HELD,
	  .sec = SEC_BODY, .head = head_internal },
	{ H("BUG: looking up invalid subclass: "),
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_INVALID_SUBCLASS, .flags = K_TASK_OF_HELD,
	  .sec = SEC_BODY, .head = head_internal },
	{ H("BUG: spinlock "), .guard = P_SPINLOCK,
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_SPINLOCK, .flags = K_TASK_OF_HELD,
	  .sec = SEC_BODY, .head = head_spinlock },
	{ H("BUG: rwlock "), .guard = P_SPINLOCK,
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_SPINLOCK, .flags = K_TASK_OF_HELD,
	  .sec = SEC_BODY, .head = head_spinlock },
	{ H("WARNING:"), .has = "kernel/locking/lockdep.c:", .guard = P_LOCKDEP_WARN,
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_LOCKDEP_WARNING, .flags = K_TASK_OF_HELD,
	  .sec = SEC_BODY, .head = head_lockdep_warn },
	/* a hung-task scan goes on past it: see dmesg.c attach_to_hung() */
	{ H("INFO: lockdep is turned off."),
	  .kind = LG_KIND_LOCKDEP_INTERNAL, .sub = LG_SUB_LOCKDEP_OFF,
	  .flags = K_TASK_OF_HELD | K_NO_BACKTRACE | K_ONE_LINE, .sec = SEC_BODY,
	  .head = head_internal },

	/* DEPT (docs/reports.md "DEPT"): "CPU: … Comm:" then "Call Trace:" */
	{ H("DEPT: Circular dependency has been detected"),
	  .kind = LG_KIND_DEPT_CIRCULAR, .flags = K_BANNER,
	  .needs = { { PART_EDGES, "missing: the contexts' [S] and [W]" } } },
};

#define N_KINDS (sizeof(report_kinds) / sizeof(report_kinds[0]))

/* ------------------------------------------------------------------ */
/* lookups                                                            */

/* The line's title fits a K_TITLE row: the whole title, or its tail and guard. */
static bool title_fits(struct dmesg_state *st, const struct report_kind *k, struct span in)
{
	size_t n = k->header_len;

	if (k->header && (in.len < n || memcmp(in.s, k->header, n) ||
			  !(in.len == n || (in.len == n + 1 && in.s[n] == '.'))))
		return false;
	if (k->tail && !span_ends(in, k->tail))
		return false;
	return k->guard == P_NONE || match(st, k->guard, in, NULL);
}

static bool line_fits(struct dmesg_state *st, const struct report_kind *k, struct span t)
{
	if (t.len < k->header_len || t.s[0] != k->header[0] ||
	    memcmp(t.s, k->header, k->header_len))
		return false;
	if (k->tail && !span_ends(t, k->tail))
		return false;
	if (k->has && !span_contains(t, k->has))
		return false;
	return k->guard == P_NONE || match(st, k->guard, t, NULL);
}

/* The row of the header @t, or NULL when @t opens no report. */
const struct report_kind *kind_classify(struct dmesg_state *st, struct span t)
{
	const struct report_kind *k;
	struct span in;

	if (!t.len || !is_header_start(st, t.s[0]))
		return NULL;
	in = title_text(t);
	for (k = report_kinds; k < report_kinds + N_KINDS; k++) {
		if (k->flags & K_TITLE) {
			if (in.len && title_fits(st, k, in))
				return k;
		} else if (line_fits(st, k, t)) {
			return k;
		}
	}
	return NULL;
}

/* The first row of a kind: for reports opened without a header (a paste, a dump). */
const struct report_kind *kind_find(enum lg_kind kind, enum lg_subkind sub)
{
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		if (report_kinds[i].kind == kind && report_kinds[i].sub == sub)
			return &report_kinds[i];
	return NULL;
}

/* The first bytes a header can start with, for the one-look test of every line. */
void kind_header_starts(bool map[256])
{
	static const char title_starts[] = "WBI[";	/* "WARNING: ", "BUG: ", "INFO: ", "[ " */
	const char *c;
	size_t i;

	memset(map, 0, 256 * sizeof(map[0]));
	for (i = 0; i < N_KINDS; i++) {
		if (report_kinds[i].flags & K_TITLE) {
			for (c = title_starts; *c; c++)
				map[(unsigned char)*c] = true;
		} else {
			map[(unsigned char)report_kinds[i].header[0]] = true;
		}
	}
}

static bool has_part(enum part p, const struct lg_report *r, const struct stream *s)
{
	switch (p) {
	case PART_ACQUIRE:
		return r->has_acquire;
	case PART_HOLDING:
		return r->has_holding;
	case PART_CYCLE:
		return r->has_cycle;
	case PART_EDGES:
		return r->edges.n;
	case PART_USAGE:
		return r->irq.usage_to;
	case PART_HELD_LIST:
		return r->held_declared >= 0;
	case PART_HELD_ALL:
		return !(r->held_declared > 0 && r->held.n < (uint32_t)r->held_declared);
	case PART_DETAIL:
		return r->detail;
	case PART_IN_ATOMIC:
		return r->sleep.in_atomic >= 0;
	case PART_DUMP_CLOSED:
		return s->dump_closed;
	}
	return true;
}

static const char *missing_need(const struct report_kind *k, const struct lg_report *r,
				const struct stream *s)
{
	const struct need *n;

	for (n = k->needs; n < k->needs + KIND_MAX_NEEDS && n->missing; n++)
		if (!has_part(n->part, r, s))
			return n->missing;
	return NULL;
}

/* Why the report is not complete, or NULL. */
const char *kind_missing(const struct report_kind *k, const struct lg_report *r,
			 const struct stream *s)
{
	const char *miss = missing_need(k, r, s);

	if (miss)
		return miss;
	/* lockdep prints every lock a task holds: fewer entries than the header says is a cut */
	if (!(k->flags & K_SHORT_HELD_OK) && !has_part(PART_HELD_ALL, r, s))
		return "truncated: held-lock list ends early";
	if (!(k->flags & K_NO_BACKTRACE) && !s->frames_seen)
		return "truncated: no stack backtrace";
	return NULL;
}

/*
 * Reports whose own stack follows a "stack backtrace:" line: a dump_stack()
 * printed before that line (fault injection, another CPU) is not theirs.
 * In a sleep-in-atomic report, in_atomic() is printed right after the header:
 * a stack before it is not ours.
 */
bool kind_stack_after_marker(const struct report_kind *k, const struct lg_report *r,
			     const struct stream *s)
{
	switch (k->stack) {
	case STACK_MARKED:
		return true;
	case STACK_AFTER_NEEDS:
		return missing_need(k, r, s) != NULL;
	default:
		return false;
	}
}
