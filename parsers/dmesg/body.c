// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Lines inside an open report: lock lines split over several lines, the
 * lines a header announces (EXP_*), sections, held-lock lists, frames, and
 * the report's own stack (docs/reports.md "Reports and kinds", "Ends").
 */
#include <ctype.h>
#include <stdio.h>

#include "dmesg-local.h"

/*
 * The kernel version, from the first line that names it: "Linux version 6.1.0 ...",
 * a dump_stack() header "CPU: 0 PID: 1 Comm: x Not tainted 6.1.0 #1" (or "Tainted:
 * G W 6.1.0 #1"), or lockdep's ident line "6.1.0 #1 Not tainted". For coverage.
 */
void note_kernel(struct dmesg_state *st, struct span t)
{
	const char *p = t.s, *end = t.s + t.len, *v;
	const char *m;

	if (st->kernel_known)
		return;
	if (span_starts(t, "Linux version ")) {
		p += 14;
	} else if ((m = memmem(t.s, t.len, "Not tainted ", 12))) {
		p = m + 12;
	} else if (t.len && t.s[0] >= '0' && t.s[0] <= '9' &&
		   (span_ends(t, "Not tainted") || span_contains(t, " Tainted: "))) {
		/* lockdep's ident line: "6.12.0-rc3 #14 Tainted: G     U     OE" */
		p = t.s;
	} else if ((m = memmem(t.s, t.len, "Tainted: ", 9))) {
		/* the taint flags: capitals and blanks ("G        W", "G     U     OE") */
		p = m + 9;
		while (p < end && ((*p >= 'A' && *p <= 'Z') || *p == ' '))
			p++;
	} else {
		return;
	}
	for (v = p; v < end && *v != ' '; v++)
		;
	if (v == p || p[0] < '0' || p[0] > '9')
		return;
	st->kernel_known = true;
	obs_kernel(st->sink, p, (size_t)(v - p), st->line_no);
}

/* A lock from a parsed lock line into arena strings. */
static struct lg_lock make_lock(struct dmesg_state *st, const struct lock_line *ll)
{
	struct lg_lock l = { 0 };

	l.line = st->lock_first_line ? st->lock_first_line : st->line_no;
	l.cls = dup_span(st, ll->head.name);
	if (ll->at.text[0])
		l.at = dup_str(st, ll->at.text);
	if (ll->head.usage.len)
		l.usage = dup_span(st, ll->head.usage);
	if (ll->head.wait.len)
		l.wait = dup_span(st, ll->head.wait);
	return l;
}

static struct lg_held_list *new_held_list(struct dmesg_state *st, struct stream *s,
					  struct span comm, struct span pid, long declared,
					  bool in_dump, bool *subject)
{
	struct lg_report *r = s->r;
	struct lg_held_list hl = { 0 };
	long p = span_long(pid);
	const char *c = dup_span(st, comm);

	*subject = false;
	if (r->kind != LG_KIND_HELD_LOCKS && !in_dump) {
		if (!r->has_task && (s->kind->flags & K_TASK_OF_HELD)) {
			r->has_task = true;
			r->task.comm = c;
			r->task.pid = p;
		}
		if (r->has_task && r->task.pid == p && r->held_declared < 0) {
			*subject = true;
			r->held_declared = declared;
			r->held.n = 0;
			return NULL;
		}
	}
	hl.task.comm = c;
	hl.task.pid = p;
	hl.declared = declared;
	if (vec_push(st->arena, &r->other_tasks, hl)) {
		st->err = -ENOMEM;
		return NULL;
	}
	return &r->other_tasks.v[r->other_tasks.n - 1];
}

/* Frames that end a stack: what is printed after them is not cut off. */
static bool bottom_frame(const char *f)
{
	static const char *const bottoms[] = {
		"ret_from_fork", "ret_from_fork_asm", "entry_SYSCALL_64_after_hwframe",
		"entry_SYSCALL_64_fastpath", "entry_SYSCALL_64", "entry_SYSENTER_compat",
		"entry_INT80_compat", "entry_SYSCALL_compat", "secondary_startup_64",
		"secondary_startup_64_no_verify", "common_startup_64", "x86_64_start_kernel",
		"start_kernel", "rest_init", "cpu_startup_entry", "start_secondary",
		"el0t_64_sync", "el0_sync", "el0t_64_irq", "ret_fast_syscall", "__primary_switched",
		"kernel_init", "cpu_idle", "do_idle", "syscall_call", "sysenter_past_esp",
		"system_call_fastpath", "ia32_sysret", "tracesys", "tracesys_phase2",
		"system_call", "int_signal", "ret_from_sys_call",
	};
	size_t i, n = strcspn(f, "+ ");

	for (i = 0; i < sizeof(bottoms) / sizeof(bottoms[0]); i++)
		if (strlen(bottoms[i]) == n && !memcmp(f, bottoms[i], n))
			return true;
	return false;
}

/* Lines that belong to a dump_stack() and do not end a backtrace. */
static bool backtrace_line(struct span t)
{
	static const char *const lits[] = {
		"<TASK>", "</TASK>", "<IRQ>", "</IRQ>", "<NMI>", "</NMI>", "<EOI>", "<SOFTIRQ>",
		"</SOFTIRQ>", "Call Trace:", "Call trace:", "Backtrace:", "RIP:", "Code:",
		"Hardware name:", "Workqueue:", "CPU:", "Tainted:", "Stack:", "Modules linked in:",
		"irq event stamp:", "hardirqs last", "softirqs last", "Exception stack",
		"---[ end", "Kernel Offset:", "Lost ", "...", "Preemption disabled at:",
		"Pid:", "Comm:", "pstate:", "pc :", "lr :", "sp :", "x29:", "x27:", "x25:", "x23:",
		"x21:", "x19:", "x17:", "x15:", "x13:", "x11:", "x9 :", "x7 :", "x5 :", "x3 :",
		"x1 :", "Function entered at", "Unwind", "task:", "Sched_info",
	};
	size_t i, n;

	if (!t.len)
		return true;
	for (i = 0; i < sizeof(lits) / sizeof(lits[0]); i++)
		if (span_starts(t, lits[i]))
			return true;
	/* registers "RAX: ...", "R10: ...", "FS:  ...", "CR2: ..." */
	for (n = 0; n < t.len && n < 5 && (isupper((unsigned char)t.s[n]) || isdigit((unsigned char)t.s[n])); n++)
		;
	if (n >= 2 && n < t.len && t.s[n] == ':')
		return true;
	/* arm registers " r7:81d67c90 r6:82222b24" */
	if (t.len > 3 && t.s[0] == 'r' && isdigit((unsigned char)t.s[1]) &&
	    (t.s[2] == ':' || (isdigit((unsigned char)t.s[2]) && t.s[3] == ':')))
		return true;
	/* raw stack words "ffff88003fc03e28 ffffffff8108b70a" */
	for (n = 0; n < t.len && isxdigit((unsigned char)t.s[n]); n++)
		;
	if (n >= 8 && (n == t.len || t.s[n] == ' '))
		return true;
	return false;
}

static void held_entry(struct dmesg_state *st, struct stream *s, const struct lock_line *ll)
{
	struct lg_report *r = s->r;
	struct lg_lock l;
	lg_lock_vec *v;

	if (ll->released)
		return;
	l = make_lock(st, ll);
	v = s->held_is_subject ? &r->held : s->held_target ? &s->held_target->locks : NULL;
	if (!v)
		return;
	/* syzbot repeats an entry once per inlined frame: keep the last, non-inline one */
	if (v->n && ll->index >= 0 && v->n - 1 == (uint32_t)ll->index) {
		/* the innermost inlined site stays known: "trylock_super" tells a trylock */
		const char *via = v->v[v->n - 1].via ? v->v[v->n - 1].via : v->v[v->n - 1].at;

		v->v[v->n - 1] = l;
		v->v[v->n - 1].via = via;
	} else if (vec_push(st->arena, v, l)) {
		st->err = -ENOMEM;
		return;
	}
	s->last_held = !ll->has_at ? &v->v[v->n - 1] : NULL;
}

static bool held_list_full(const struct stream *s)
{
	const struct lg_report *r = s->r;

	if (s->held_is_subject)
		return r->held_declared >= 0 && r->held.n >= (uint32_t)r->held_declared;
	if (s->held_target)
		return s->held_target->declared >= 0 &&
		       s->held_target->locks.n >= (uint32_t)s->held_target->declared;
	return true;
}

/* The lock a body line announced (EXP_*) arrived; returns where it was stored. */
static struct lg_lock *expected_lock(struct dmesg_state *st, struct stream *s,
				     const struct lock_line *ll)
{
	struct lg_report *r = s->r;
	struct lg_lock l = make_lock(st, ll);
	struct lg_lock *slot = NULL;

	switch (s->expect) {
	case EXP_ACQUIRE:
	case EXP_LOCK_LINE:
		if (!r->has_acquire) {
			r->has_acquire = true;
			r->acquire = l;
			slot = &r->acquire;
		}
		break;
	case EXP_HOLDING:
		r->has_holding = true;
		r->holding = l;
		slot = &r->holding;
		break;
	case EXP_IRQ_SAFE:
		r->irq.safe = l.cls;
		break;
	case EXP_IRQ_UNSAFE:
		r->irq.unsafe = l.cls;
		break;
	case EXP_IRQ_TOOK:
		if (r->has_acquire)
			add_edge(st, r, r->acquire.cls, l.cls);
		r->irq.unsafe = l.cls;
		break;
	case EXP_IRQ_TAKEN:
		if (r->has_acquire)
			add_edge(st, r, l.cls, r->acquire.cls);
		r->irq.safe = l.cls;
		break;
	default:
		break;
	}
	s->expect = EXP_NONE;
	return slot;
}

/* "(a){..}-{..} -> (b){..}-{..}" of irq-unsafe-order */
static bool newdep_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lock_head a, b;
	const char *p;

	if (lock_head_parse(t.s, t.len, &a) != 1)
		return false;
	p = t.s + a.end;
	while (p < t.s + t.len && *p == ' ')
		p++;
	if (t.s + t.len - p < 3 || memcmp(p, "->", 2))
		return false;
	p += 2;
	while (p < t.s + t.len && *p == ' ')
		p++;
	if (lock_head_parse(p, (size_t)(t.s + t.len - p), &b) != 1)
		return false;
	add_edge(st, s->r, dup_span(st, a.name), dup_span(st, b.name));
	s->expect = EXP_NONE;
	return true;
}

/* Lines whose first half cannot stand alone: join with the next. */
static bool wants_join(struct span t)
{
	return span_ends(t, " at:") || span_ends(t, ", at:") || span_ends(t, "}-") || span_ends(t, "},") ||
	       span_ends(t, "name:") || span_ends(t, "invalid context at") ||
	       (span_starts(t, "INFO: task ") && !span_contains(t, " for more than "));
}

/* Begins gathering a split line, whose first piece is input line @line. */
void join_start(struct stream *s, struct span t, unsigned long line)
{
	size_t n = t.len < JOIN_MAX - 1 ? t.len : JOIN_MAX - 1;

	s->join_line = line;
	memcpy(s->join, t.s, n);
	s->join_len = n;
	s->join_parts = 1;
}

/* Appends a continuation: no blank inside "(name" or before "){", ", at:", "{3:3}". */
struct span join_add(struct stream *s, struct span t)
{
	bool space = true;

	if (s->join_len && (s->join[s->join_len - 1] == '(' || s->join[s->join_len - 1] == '-'))
		space = false;
	if (t.len && (t.s[0] == ')' || t.s[0] == '{' || t.s[0] == ','))
		space = false;
	if (space && s->join_len < JOIN_MAX - 1)
		s->join[s->join_len++] = ' ';
	if (s->join_len + t.len < JOIN_MAX) {
		memcpy(s->join + s->join_len, t.s, t.len);
		s->join_len += t.len;
	}
	s->join_parts++;
	return (struct span){ s->join, s->join_len };
}

/*
 * The class of a DEPT wait or event line, "[W] __raw_read_lock(&j->j_state_lock:8)"
 * or "[S] (unknown)(&(&j->j_wait_commit)->dmap:0)": what the last parenthesised
 * group holds, without DEPT's ":N" subclass id (docs/reports.md).
 */
static const char *dept_class(struct dmesg_state *st, struct span t)
{
	size_t end, i, depth = 0;

	end = t.len;
	if (end && t.s[end - 1] == ':')
		end--;	/* the detail's "[W] wait(x):" before its stack */
	if (end < 3 || t.s[end - 1] != ')')
		return NULL;
	for (i = end; i-- > 0;) {
		if (t.s[i] == ')')
			depth++;
		else if (t.s[i] == '(' && !--depth)
			break;
	}
	if (i == (size_t)-1 || depth)
		return NULL;
	t = (struct span){ t.s + i + 1, end - 1 - (i + 1) };
	for (i = t.len; i > 0 && isdigit((unsigned char)t.s[i - 1]); i--)
		;
	if (i > 1 && i < t.len && t.s[i - 1] == ':')
		t.len = i - 1;
	return t.len ? dup_span(st, t) : NULL;
}

/*
 * A line of a DEPT report before its "information that might be helpful"
 * (the dump_stack() part is read as for every report): 1 consumed, 0 the
 * report is over, -1 not DEPT's (the ordinary grammar looks at it).
 * Each context's summary "[S] …" / "[W] …" pair is one edge: the wait [W]
 * blocked while the event context [S] was active, so S -> W.
 */
static int dept_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
	struct frame fr;

	if (s->dept_info)
		return -1;
	if (!t.len || span_starts(t, "----") || span_starts(t, "summary") || span_starts(t, "*** DEADLOCK ***") ||
	    span_starts(t, "stacktrace:") || span_starts(t, "(N/A)") || span_starts(t, "[S]: ") ||
	    span_starts(t, "[W]: ") || span_starts(t, "[E]: "))
		return 1;
	if (span_starts(t, "information that might be helpful")) {
		s->dept_info = true;
		s->sec = SEC_BODY;
		return 1;
	}
	if (span_starts(t, "context ") && t.len >= 9) {
		/* "context A", and "context A's detail" before the stacks */
		s->dept_ctx = t.s[8];
		s->dept_start = NULL;
		s->sec = SEC_BODY;
		return 1;
	}
	if (s->dept_ctx && t.len > 4 && t.s[0] == '[' && t.s[2] == ']' && t.s[3] == ' ' &&
	    strchr("SWE", t.s[1])) {
		const char *cls = t.s[t.len - 1] == ':' ? NULL : dept_class(st, t);

		if (t.s[1] == 'S' && cls)
			s->dept_start = cls;
		else if (t.s[1] == 'W' && cls && s->dept_start)
			add_edge(st, r, s->dept_start, cls);	/* deduplicated: printed twice */
		return 1;
	}
	/* the stacks of the detail: "[<addr>] func+off/size", "      func+off/size" */
	if (s->sec != SEC_HEAD && frame_parse(t.s, t.len, &fr))
		return 1;
	return -1;
}

/*
 * One line inside an open report. Return: true when the line was consumed by
 * the report (or counted as noise inside it), false when the report has ended
 * and the line must be looked at again from outside.
 */
bool body_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
	struct span g[RX_MAX_GROUPS];
	struct lock_line ll;
	struct frame fr;
	int rc;

	if (r->kind == LG_KIND_DEPT_CIRCULAR) {
		rc = dept_line(st, s, t);
		if (rc >= 0)
			return rc;
	}

	/* what a lockdep WARN is about: "DEBUG_LOCKS_WARN_ON(id >= MAX_LOCKDEP_KEYS)" */
	if (r->kind == LG_KIND_LOCKDEP_INTERNAL && r->subkind == LG_SUB_LOCKDEP_WARNING &&
	    r->detail == r->headline && span_starts(t, "DEBUG_LOCKS_WARN_ON(")) {
		r->detail = dup_span(st, t);
		return true;
	}

	/* a lock line split over lines: gather pieces until it parses */
	st->lock_first_line = 0;
	if (s->join_len) {
		struct span j;

		/* another CPU's frames between the pieces, unless the piece is the site */
		if (frame_parse(t.s, t.len, &fr) && !(s->join_len >= 3 &&
						      !memcmp(s->join + s->join_len - 3, "at:", 3)))
			return true;
		j = join_add(s, t);
		memcpy(st->scratch, j.s, j.len);
		t = (struct span){ st->scratch, j.len };
		s->join_len = 0;
		st->lock_first_line = s->join_line;
		rc = lock_line_parse(t.s, t.len, &ll);
		if (rc < 0 && s->join_parts < MAX_JOIN) {
			join_start(s, t, s->join_line);
			s->join_parts = s->join_parts + 1;
			return true;
		}
	} else if (wants_join(t) && s->expect != EXP_RELEASE_AT && s->expect != EXP_PREEMPT_AT) {
		join_start(s, t, st->line_no);
		return true;
	}

	if (!t.len)
		return true;

	/* a hung-task report reopened for a held-lock list ends with the list */
	if ((s->reopened || r->kind == LG_KIND_HUNG_TASK) && s->sec == SEC_HELD && t.s[0] != '#' &&
	    !match(st, P_HELD_HDR, t, NULL) &&
	    !match(st, P_NO_HELD, t, NULL))
		return false;

	/* a lock the previous line announced */
	if (s->expect == EXP_NEWDEP) {
		if (newdep_line(st, s, t))
			return true;
	} else if (s->expect == EXP_RELEASE_AT || s->expect == EXP_PREEMPT_AT) {
		if (frame_parse(t.s, t.len, &fr)) {
			if (s->expect == EXP_RELEASE_AT && r->has_acquire)
				r->acquire.at = dup_str(st, fr.text);
			else if (s->expect == EXP_PREEMPT_AT)
				r->sleep.preempt_disabled_at = dup_str(st, fr.text);
			s->expect = EXP_NONE;
			return true;
		}
		s->expect = EXP_NONE;
	} else if (s->expect != EXP_NONE) {
		rc = lock_line_parse(t.s, t.len, &ll);
		if (rc == 1 && ll.index < 0) {
			struct lg_lock *slot = expected_lock(st, s, &ll);

			s->last_lock = ll.at.inlined ? slot : NULL;
			if (ll.rest.len)
				join_start(s, ll.rest, st->line_no);
			return true;
		}
		if (rc < 0) {
			join_start(s, t, st->line_no);
			return true;
		}
		if (++s->expect_tries > 8)
			s->expect = EXP_NONE;
	}

	/* "BUG: sleeping function called from invalid context at" + wrapped location */
	if (r->kind == LG_KIND_SLEEP_IN_ATOMIC && !r->sleep.at && r->sleep.in_atomic < 0 &&
	    t.len < 256 && !memchr(t.s, ' ', t.len) && memchr(t.s, ':', t.len)) {
		r->sleep.at = dup_span(st, t);
		return true;
	}

	/* syzbot repeats a lock line once per inlined frame: the last one is the real site */
	if (s->last_lock && t.s[0] != '#' && lock_line_parse(t.s, t.len, &ll) == 1 &&
	    ll.index < 0 && ll.head.name.len == strlen(s->last_lock->cls) &&
	    !memcmp(ll.head.name.s, s->last_lock->cls, ll.head.name.len)) {
		if (ll.at.text[0])
			s->last_lock->at = dup_str(st, ll.at.text);
		if (!ll.at.inlined)
			s->last_lock = NULL;
		return true;
	}
	s->last_lock = NULL;

	/* ", at: sym" printed on its own after a split held-lock entry */
	if (s->last_held && (span_starts(t, ", at:") || span_starts(t, "at:"))) {
		struct span rest = span_trim(t.s + (t.s[0] == ',' ? 5 : 3),
					     t.len - (t.s[0] == ',' ? 5 : 3));

		if (frame_parse(rest.s, rest.len, &fr))
			s->last_held->at = dup_str(st, fr.text);
		s->last_held = NULL;
		return true;
	}

	/* held-lock entries */
	if (t.s[0] == '#' && (s->sec == SEC_HELD || s->sec == SEC_DUMP)) {
		rc = lock_line_parse(t.s, t.len, &ll);
		if (rc == 1) {
			held_entry(st, s, &ll);
			return true;
		}
		if (rc < 0) {
			join_start(s, t, st->line_no);
			return true;
		}
	}
	if (match(st, P_HELD_HDR, t, g)) {
		bool subject;
		long n = span_long(g[0]);

		if (n > MAX_LOCK_DEPTH || n < 0)
			obs_diag(st->sink, LG_SEV_WARNING, st->line_no, -1,
				 "held-lock list claims %.*s locks; lockdep keeps at most %d per task",
				 (int)(g[0].len < 24 ? g[0].len : 24), g[0].s, MAX_LOCK_DEPTH);
		s->held_target = new_held_list(st, s, g[1], g[2], n,
					       s->sec == SEC_DUMP && r->kind == LG_KIND_HUNG_TASK,
					       &subject);
		s->held_is_subject = subject;
		if (s->sec != SEC_DUMP)
			s->sec = SEC_HELD;
		return true;
	}
	if (match(st, P_NO_HELD, t, g)) {
		bool subject;

		s->held_target = new_held_list(st, s, g[0], g[1], 0,
					       s->sec == SEC_DUMP && r->kind == LG_KIND_HUNG_TASK,
					       &subject);
		s->held_is_subject = subject;
		if (s->sec != SEC_DUMP)
			s->sec = SEC_HELD;
		return true;
	}
	if (s->sec == SEC_DUMP && is_rule(t, '=')) {
		s->dump_closed = true;
		return false;	/* the report is over; the rule itself is not a banner */
	}
	if (s->sec == SEC_HELD && r->kind == LG_KIND_HELD_AT_RETURN &&
	    r->subkind == LG_SUB_NONE && held_list_full(s))
		return false;	/* lockdep_sys_exit() stops after the list */

	/* frames */
	if (frame_parse(t.s, t.len, &fr)) {
		if (s->foreign_dump)
			return true;
		if (s->sec == SEC_CHAIN && s->chain_cur) {
			if (fr.reliable)
				push_str(st, &s->chain_cur->frames, dup_str(st, fr.text));
		} else if (s->sec == SEC_BACKTRACE || (s->sec != SEC_TRACE && s->sec != SEC_DUMP &&
						      kind_has_backtrace(s) && !s->backtrace_started &&
						      r->kind == LG_KIND_HUNG_TASK)) {
			s->sec = SEC_BACKTRACE;
			s->backtrace_started = true;
			s->frames_seen = true;
			if (fr.reliable) {
				s->at_bottom = bottom_frame(fr.text);
				push_str(st, &r->frames, dup_str(st, fr.text));
			}
		}
		return true;
	}

	/* section changes */
	if (span_starts(t, "stack backtrace:")) {
		if (s->sec == SEC_BACKTRACE && s->frames_seen)
			return false;	/* a second stack: lockdep's "Nested lock" prints two */
		enter_backtrace(s);
		return true;
	}
	if (kind_stack_after_marker(s->kind, r, s) && !s->backtrace_started)
		goto not_yet;	/* another task's dump_stack() inside the report */
	if (span_starts(t, "Call Trace:") || span_starts(t, "Call trace:") || span_starts(t, "Backtrace:")) {
		enter_backtrace(s);
		return true;
	}
	if (match(st, P_CPU_LINE, t, g) || match(st, P_OLD_PID, t, g)) {
		long pid = span_long(g[0]);

		note_kernel(st, t);
		/* another task's dump_stack() (fault injection) inside the report */
		if (r->task.pid >= 0 && pid >= 0 && pid != r->task.pid) {
			s->foreign_dump = true;
			return true;
		}
		s->foreign_dump = false;
		/* dump_stack() header: the stack of the task the report is about */
		/* both patterns capture (pid, comm) */
		if (!r->has_task && r->kind != LG_KIND_HELD_LOCKS)
			set_task(st, r, g[1], g[0]);
		if (s->sec != SEC_BACKTRACE && r->kind != LG_KIND_HELD_LOCKS)
			enter_backtrace(s);
		return true;
	}
not_yet:
	if (s->sec == SEC_BACKTRACE && s->frames_seen && !backtrace_line(t))
		return false;
	if (s->sec == SEC_BACKTRACE && (span_starts(t, "</TASK>") || span_starts(t, "RIP: 0033:")))
		s->at_bottom = true;	/* end of the task stack, or back in user space */

	if (span_starts(t, "-> #")) {
		struct lg_chain_entry ce = { 0 };
		const char *p = t.s + 4;
		struct span rest;

		ce.index = (unsigned int)strtoul(p, NULL, 10);
		while (p < t.s + t.len && *p != ' ')
			p++;
		rest = span_trim(p, (size_t)(t.s + t.len - p));
		rc = lock_line_parse(rest.s, rest.len, &ll);
		if (rc == 1) {
			ce.lock = make_lock(st, &ll);
			if (vec_push(st->arena, &r->chain, ce))
				st->err = -ENOMEM;
			else
				s->chain_cur = &r->chain.v[r->chain.n - 1];
			s->sec = SEC_CHAIN;
			return true;
		}
	}
	if (span_starts(t, "-> (") || span_ends(t, " {") || span_starts(t, "}") || span_starts(t, "... key") ||
	    span_starts(t, "... acquired at:") || span_starts(t, "... which became") ||
	    (span_ends(t, " at:") && (span_starts(t, "IN-") || span_starts(t, "HARDIRQ-") ||
				 span_starts(t, "SOFTIRQ-") || span_starts(t, "INITIAL ") ||
				 span_starts(t, "RECLAIM_FS")))) {
		s->sec = SEC_TRACE;
		return true;
	}
	if (span_starts(t, "the dependencies between") || span_starts(t, "the shortest dependencies between") ||
	    span_ends(t, "state was registered at:")) {
		s->sec = SEC_TRACE;
		return true;
	}

	/* header-like lines of the body */
	if (match(st, P_TRYING, t, g)) {
		set_task(st, r, g[0], g[1]);
		s->expect = EXP_ACQUIRE;
		s->expect_tries = 0;
		s->sec = SEC_BODY;
		return true;
	}
	if (match(st, P_IRQ_TASK, t, g)) {
		set_task(st, r, g[0], g[1]);
		r->irq.context_tag = dup_span(st, g[2]);
		s->expect = EXP_ACQUIRE;
		s->expect_tries = 0;
		s->sec = SEC_BODY;
		return true;
	}
	if (match(st, P_TRY_LOCK, t, g) || match(st, P_CHANGED, t, g) ||
	    match(st, P_FREEING, t, g)) {
		set_task(st, r, g[0], g[1]);
		s->expect = EXP_ACQUIRE;
		s->expect_tries = 0;
		s->sec = SEC_BODY;
		return true;
	}
	if (span_starts(t, "but task is already holding lock:") ||
	    span_starts(t, "and this task is already holding:")) {
		s->expect = EXP_HOLDING;
		s->expect_tries = 0;
		s->sec = SEC_BODY;
		return true;
	}
	if (span_starts(t, "which would create a new lock dependency:")) {
		s->expect = EXP_NEWDEP;
		s->expect_tries = 0;
		return true;
	}
	if (match(st, P_TOOK, t, g) || match(st, P_TAKEN, t, g) || match(st, P_CONNECTS, t, g) ||
	    match(st, P_TO_UNSAFE, t, g)) {
		bool took = span_starts(t, "but this lock took"), taken = span_starts(t, "but this lock was");

		r->irq.state = dup_span(st, g[0]);
		s->expect = took ? EXP_IRQ_TOOK : taken ? EXP_IRQ_TAKEN :
			    span_starts(t, "but this new") ? EXP_IRQ_SAFE : EXP_IRQ_UNSAFE;
		s->expect_tries = 0;
		s->sec = SEC_BODY;
		if (g[1].len) {	/* mail reflow put the lock on the same line */
			rc = lock_line_parse(g[1].s, g[1].len, &ll);
			if (rc == 1)
				expected_lock(st, s, &ll);
		}
		return true;
	}
	if (match(st, P_RELEASE, t, g)) {
		set_task(st, r, g[0], g[1]);
		r->has_acquire = true;
		r->acquire.cls = dup_span(st, g[2]);
		s->expect = EXP_RELEASE_AT;
		s->sec = SEC_BODY;
		if (g[3].len && frame_parse(g[3].s, g[3].len, &fr)) {
			r->acquire.at = dup_str(st, fr.text);
			s->expect = EXP_NONE;
		}
		return true;
	}
	if (match(st, P_LEAVING, t, g)) {
		set_task(st, r, g[0], g[1]);
		s->sec = SEC_BODY;
		return true;
	}
	if (match(st, P_INCONS, t, g)) {
		r->irq.usage_from = dup_span(st, g[0]);
		r->irq.usage_to = dup_span(st, g[1]);
		s->sec = SEC_BODY;
		return true;
	}
	if (match(st, P_IN_ATOMIC, t, g)) {
		r->has_sleep = true;
		r->sleep.in_atomic = (int)span_long(g[0]);
		r->sleep.irqs_disabled = (int)span_long(g[1]);
		r->sleep.non_block = g[2].s ? (int)span_long(g[2]) : -1;
		set_task(st, r, g[4], g[3]);
		s->sec = SEC_BODY;
		return true;
	}
	if (match(st, P_PREEMPT, t, g)) {
		r->sleep.preempt_count = dup_span(st, g[0]);
		r->sleep.expected = dup_span(st, g[1]);
		return true;
	}
	if (span_starts(t, "Preemption disabled at:")) {
		struct span rest = span_trim(t.s + 23, t.len - 23);

		if (rest.len && frame_parse(rest.s, rest.len, &fr))
			r->sleep.preempt_disabled_at = dup_str(st, fr.text);
		else
			s->expect = EXP_PREEMPT_AT;
		return true;
	}
	if (match(st, P_CONTEXT, t, g)) {
		r->wait_context = (int)span_long(g[1]);
		return true;
	}
	if (r->kind == LG_KIND_RCU && !r->detail && match(st, P_RCU_LINE, t, g)) {
		r->detail = dup_span(st, t);
		return true;
	}
	if (span_starts(t, "Showing all locks held in the system")) {
		s->sec = SEC_DUMP;
		return true;
	}
	if (span_starts(t, "INFO: lockdep is turned off.")) {
		r->lockdep_off = true;
		if (s->sec == SEC_DUMP)
			s->dump_closed = true;
		return true;
	}

	/* known lines that carry nothing we keep */
	if (span_starts(t, "which lock already depends on the new lock") ||
	    span_starts(t, "the existing dependency chain") ||
	    span_starts(t, "other info that might help us debug this") ||
	    span_starts(t, "Chain exists of:") || span_starts(t, "Possible unsafe locking scenario") ||
	    span_starts(t, "Possible interrupt unsafe locking scenario") || span_starts(t, "CPU0") ||
	    span_starts(t, "----") || span_starts(t, "lock(") || span_starts(t, "rlock(") ||
	    span_starts(t, "sync(") || span_starts(t, "<Interrupt>") || span_starts(t, "local_irq_disable") ||
	    span_starts(t, "*** DEADLOCK ***") || span_starts(t, "May be due to missing lock nesting") ||
	    span_starts(t, "irq event stamp:") || span_starts(t, "hardirqs last") ||
	    span_starts(t, "softirqs last") || span_starts(t, "rcu_scheduler_active") ||
	    span_starts(t, "RCU nest depth:") || span_starts(t, "but there are no more locks to release") ||
	    span_starts(t, "and interrupts could create inverse lock ordering") ||
	    span_starts(t, "turning off the locking correctness validator") ||
	    span_starts(t, "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\"") ||
	    span_starts(t, "Not tainted") || span_starts(t, "Tainted:") || span_starts(t, "task:") ||
	    span_starts(t, "but this task is not holding:") || span_starts(t, "last function:")) {
		if (s->sec == SEC_CHAIN || s->sec == SEC_TRACE || s->sec == SEC_HEAD)
			s->sec = SEC_BODY;
		if (span_starts(t, "but this task is not holding:") || span_starts(t, "last function:"))
			r->detail = dup_span(st, t);
		if (t.s[0] == 'N' || t.s[0] == 'T')
			note_kernel(st, t);	/* hung task: "Not tainted 5.3.0-rc8+ #0" */
		return true;
	}
	if (s->sec == SEC_HEAD) {
		/* the ident line "6.1.0 #1 Not tainted" and the "----" rule */
		note_kernel(st, t);
		return true;
	}

	/* noise inside the report */
	if (++s->noise_run > NOISE_LIMIT)
		return false;
	return true;
}

