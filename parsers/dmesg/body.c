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

/* A lock from a parsed lock line into arena strings, interned: they repeat. */
static struct lg_lock make_lock(struct dmesg_state *st, const struct lock_line *ll)
{
	struct lg_lock l = { 0 };

	l.line = st->lock_first_line ? st->lock_first_line : st->line_no;
	l.cls = intern_span(st, ll->head.name);
	if (ll->at.text[0])
		l.at = intern_str(st, ll->at.text);
	if (ll->head.usage.len)
		l.usage = intern_span(st, ll->head.usage);
	if (ll->head.wait.len)
		l.wait = intern_span(st, ll->head.wait);
	return l;
}

/* The list being filled is complete: it keeps only what it holds. */
static void held_list_done(struct dmesg_state *st, struct stream *s)
{
	if (s->held_is_subject)
		vec_fit(st->arena, &s->r->held);
	else if (s->held_target)
		vec_fit(st->arena, &s->held_target->locks);
}

static struct lg_held_list *new_held_list(struct dmesg_state *st, struct stream *s,
					  struct span comm, struct span pid, long declared,
					  bool in_dump, bool *subject)
{
	struct lg_report *r = s->r;
	struct lg_held_list hl = { 0 };
	long p = span_long(pid);
	const char *c = intern_span(st, comm);

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
	static const struct lit bottoms[] = {
		LIT("ret_from_fork"), LIT("ret_from_fork_asm"),
		LIT("entry_SYSCALL_64_after_hwframe"), LIT("entry_SYSCALL_64_fastpath"),
		LIT("entry_SYSCALL_64"), LIT("entry_SYSENTER_compat"), LIT("entry_INT80_compat"),
		LIT("entry_SYSCALL_compat"), LIT("secondary_startup_64"),
		LIT("secondary_startup_64_no_verify"), LIT("common_startup_64"),
		LIT("x86_64_start_kernel"), LIT("start_kernel"), LIT("rest_init"),
		LIT("cpu_startup_entry"), LIT("start_secondary"), LIT("el0t_64_sync"),
		LIT("el0_sync"), LIT("el0t_64_irq"), LIT("ret_fast_syscall"),
		LIT("__primary_switched"), LIT("kernel_init"), LIT("cpu_idle"), LIT("do_idle"),
		LIT("syscall_call"), LIT("sysenter_past_esp"), LIT("system_call_fastpath"),
		LIT("ia32_sysret"), LIT("tracesys"), LIT("tracesys_phase2"), LIT("system_call"),
		LIT("int_signal"), LIT("ret_from_sys_call"),
	};
	size_t i, n = strcspn(f, "+ ");

	for (i = 0; i < ARRAY_SIZE(bottoms); i++)
		if (bottoms[i].len == n && !memcmp(f, bottoms[i].s, n))
			return true;
	return false;
}

/* Lines that belong to a dump_stack() and do not end a backtrace. */
static bool backtrace_line(struct span t)
{
	static const struct lit lits[] = {
		LIT("<TASK>"), LIT("</TASK>"), LIT("<IRQ>"), LIT("</IRQ>"), LIT("<NMI>"),
		LIT("</NMI>"), LIT("<EOI>"), LIT("<SOFTIRQ>"), LIT("</SOFTIRQ>"),
		LIT("Call Trace:"), LIT("Call trace:"), LIT("Backtrace:"), LIT("RIP:"),
		LIT("Code:"), LIT("Hardware name:"), LIT("Workqueue:"), LIT("CPU:"),
		LIT("Tainted:"), LIT("Stack:"), LIT("Modules linked in:"), LIT("irq event stamp:"),
		LIT("hardirqs last"), LIT("softirqs last"), LIT("Exception stack"),
		LIT("---[ end"), LIT("Kernel Offset:"), LIT("Lost "), LIT("..."),
		LIT("Preemption disabled at:"), LIT("Pid:"), LIT("Comm:"), LIT("pstate:"),
		LIT("pc :"), LIT("lr :"), LIT("sp :"), LIT("x29:"), LIT("x27:"), LIT("x25:"),
		LIT("x23:"), LIT("x21:"), LIT("x19:"), LIT("x17:"), LIT("x15:"), LIT("x13:"),
		LIT("x11:"), LIT("x9 :"), LIT("x7 :"), LIT("x5 :"), LIT("x3 :"), LIT("x1 :"),
		LIT("Function entered at"), LIT("Unwind"), LIT("task:"), LIT("Sched_info"),
	};
	size_t i, n;

	if (!t.len)
		return true;
	for (i = 0; i < ARRAY_SIZE(lits); i++)
		if (span_starts_lit(t, &lits[i]))
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
	return t.len ? intern_span(st, t) : NULL;	/* a class name: interned */
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

/* A step of body_line(): the line is the report's, ends it, or goes to the next step. */
enum { LINE_ENDS = 0, LINE_TAKEN = 1, LINE_NEXT = -1 };

/*
 * A lock line split over lines: gathers pieces until it parses. LINE_TAKEN
 * when @t was kept as a piece; else @t (now maybe the joined line) goes on.
 */
static int join_line(struct dmesg_state *st, struct stream *s, struct span *t)
{
	struct lock_line ll;
	struct frame fr;
	struct span j;

	st->lock_first_line = 0;
	if (!s->join_len) {
		if (wants_join(*t) && s->expect != EXP_RELEASE_AT && s->expect != EXP_PREEMPT_AT) {
			join_start(s, *t, st->line_no);
			return LINE_TAKEN;
		}
		return LINE_NEXT;
	}
	/* another CPU's frames between the pieces, unless the piece is the site */
	if (frame_parse(t->s, t->len, &fr) &&
	    !(s->join_len >= 3 && !memcmp(s->join + s->join_len - 3, "at:", 3)))
		return LINE_TAKEN;
	j = join_add(s, *t);
	memcpy(st->scratch, j.s, j.len);
	*t = (struct span){ st->scratch, j.len };
	s->join_len = 0;
	st->lock_first_line = s->join_line;
	if (lock_line_parse(t->s, t->len, &ll) < 0 && s->join_parts < MAX_JOIN) {
		join_start(s, *t, s->join_line);
		s->join_parts = s->join_parts + 1;
		return LINE_TAKEN;
	}
	return LINE_NEXT;
}

/* The line a previous one announced (s->expect): a lock, a new dependency, a site. */
static int expected_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
	struct lock_line ll;
	struct frame fr;
	int rc;

	if (s->expect == EXP_NEWDEP) {
		if (newdep_line(st, s, t))
			return LINE_TAKEN;
	} else if (s->expect == EXP_RELEASE_AT || s->expect == EXP_PREEMPT_AT) {
		if (frame_parse(t.s, t.len, &fr)) {
			if (s->expect == EXP_RELEASE_AT && r->has_acquire)
				r->acquire.at = dup_str(st, fr.text);
			else if (s->expect == EXP_PREEMPT_AT)
				r->sleep.preempt_disabled_at = dup_str(st, fr.text);
			s->expect = EXP_NONE;
			return LINE_TAKEN;
		}
		s->expect = EXP_NONE;
	} else if (s->expect != EXP_NONE) {
		rc = lock_line_parse(t.s, t.len, &ll);
		if (rc == 1 && ll.index < 0) {
			struct lg_lock *slot = expected_lock(st, s, &ll);

			s->last_lock = ll.at.inlined ? slot : NULL;
			if (ll.rest.len)
				join_start(s, ll.rest, st->line_no);
			return LINE_TAKEN;
		}
		if (rc < 0) {
			join_start(s, t, st->line_no);
			return LINE_TAKEN;
		}
		if (++s->expect_tries > 8)
			s->expect = EXP_NONE;
	}
	return LINE_NEXT;
}

/* syzbot repeats a lock line once per inlined frame: the last one is the real site. */
static bool repeated_lock(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lock_line ll;

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
	return false;
}

/* ", at: sym" printed on its own after a split held-lock entry */
static bool split_site(struct dmesg_state *st, struct stream *s, struct span t)
{
	size_t skip = t.s[0] == ',' ? 5 : 3;
	struct span rest;
	struct frame fr;

	if (!s->last_held || !(span_starts(t, ", at:") || span_starts(t, "at:")))
		return false;
	rest = span_trim(t.s + skip, t.len - skip);
	if (frame_parse(rest.s, rest.len, &fr))
		s->last_held->at = dup_str(st, fr.text);
	s->last_held = NULL;
	return true;
}

/* "N locks held by comm/pid:", "no locks held by comm/pid." and the "#i:" entries. */
static bool held_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
	struct span g[RX_MAX_GROUPS];
	struct lock_line ll;
	bool subject;
	long n;
	int rc;

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
		n = span_long(g[0]);
		if (n > MAX_LOCK_DEPTH || n < 0)
			obs_diag(st->sink, LG_SEV_WARNING, st->line_no, -1,
				 "held-lock list claims %.*s locks; lockdep keeps at most %d per task",
				 (int)(g[0].len < 24 ? g[0].len : 24), g[0].s, MAX_LOCK_DEPTH);
		g[0] = g[1];
		g[1] = g[2];
	} else if (match(st, P_NO_HELD, t, g)) {
		n = 0;
	} else {
		return false;
	}
	held_list_done(st, s);
	s->held_target = new_held_list(st, s, g[0], g[1], n,
				       s->sec == SEC_DUMP && r->kind == LG_KIND_HUNG_TASK,
				       &subject);
	s->held_is_subject = subject;
	if (s->sec != SEC_DUMP)
		s->sec = SEC_HELD;
	return true;
}

/* A stack frame: kept in a chain entry or the report's stack, or passed over. */
static bool frame_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
	struct frame fr;

	if (!frame_parse(t.s, t.len, &fr))
		return false;
	if (s->foreign_dump)
		return true;
	if (s->sec == SEC_CHAIN && s->chain_cur) {
		if (fr.reliable)
			push_str(st, &s->chain_cur->frames, intern_str(st, fr.text));
	} else if (s->sec == SEC_BACKTRACE ||
		   (s->sec != SEC_TRACE && s->sec != SEC_DUMP && kind_has_backtrace(s) &&
		    !s->backtrace_started && r->kind == LG_KIND_HUNG_TASK)) {
		s->sec = SEC_BACKTRACE;
		s->backtrace_started = true;
		s->frames_seen = true;
		if (fr.reliable) {
			s->at_bottom = bottom_frame(fr.text);
			push_str(st, &r->frames, intern_str(st, fr.text));
		}
	}
	return true;
}

/* Where the report's own stack begins: "stack backtrace:", "Call Trace:", "CPU: … Comm:". */
static int stack_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
	struct span g[RX_MAX_GROUPS];
	long pid;

	if (span_starts(t, "stack backtrace:")) {
		if (s->sec == SEC_BACKTRACE && s->frames_seen)
			/* a second stack: lockdep's "Nested lock" prints two */
			return LINE_ENDS;
		enter_backtrace(s);
		return LINE_TAKEN;
	}
	if (kind_stack_after_marker(s->kind, r, s) && !s->backtrace_started)
		return LINE_NEXT;	/* another task's dump_stack() inside the report */
	if (span_starts(t, "Call Trace:") || span_starts(t, "Call trace:") ||
	    span_starts(t, "Backtrace:")) {
		enter_backtrace(s);
		return LINE_TAKEN;
	}
	if (!match(st, P_CPU_LINE, t, g) && !match(st, P_OLD_PID, t, g))
		return LINE_NEXT;
	pid = span_long(g[0]);
	note_kernel(st, t);
	/* another task's dump_stack() (fault injection) inside the report */
	if (r->task.pid >= 0 && pid >= 0 && pid != r->task.pid) {
		s->foreign_dump = true;
		return LINE_TAKEN;
	}
	s->foreign_dump = false;
	/* dump_stack() header: the stack of the task the report is about */
	/* both patterns capture (pid, comm) */
	if (!r->has_task && r->kind != LG_KIND_HELD_LOCKS)
		set_task(st, r, g[1], g[0]);
	if (s->sec != SEC_BACKTRACE && r->kind != LG_KIND_HELD_LOCKS)
		enter_backtrace(s);
	return LINE_TAKEN;
}

/* "-> #k (lock){..}" of a circular report's dependency chain */
static bool chain_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_chain_entry ce = { 0 };
	struct lg_report *r = s->r;
	const char *p = t.s + 4;
	struct lock_line ll;
	struct span rest;

	if (!span_starts(t, "-> #"))
		return false;
	ce.index = (unsigned int)strtoul(p, NULL, 10);
	while (p < t.s + t.len && *p != ' ')
		p++;
	rest = span_trim(p, (size_t)(t.s + t.len - p));
	if (lock_line_parse(rest.s, rest.len, &ll) != 1)
		return false;
	ce.lock = make_lock(st, &ll);
	if (vec_push(st->arena, &r->chain, ce))
		st->err = -ENOMEM;
	else
		s->chain_cur = &r->chain.v[r->chain.n - 1];
	s->sec = SEC_CHAIN;
	return true;
}

/* Lines that open frames we do not keep: usage traces, irq dependency trees. */
static bool trace_line(struct span t)
{
	return span_starts(t, "-> (") || span_ends(t, " {") || span_starts(t, "}") ||
	       span_starts(t, "... key") || span_starts(t, "... acquired at:") ||
	       span_starts(t, "... which became") ||
	       (span_ends(t, " at:") &&
		(span_starts(t, "IN-") || span_starts(t, "HARDIRQ-") ||
		 span_starts(t, "SOFTIRQ-") || span_starts(t, "INITIAL ") ||
		 span_starts(t, "RECLAIM_FS"))) ||
	       span_starts(t, "the dependencies between") ||
	       span_starts(t, "the shortest dependencies between") ||
	       span_ends(t, "state was registered at:");
}

/* ------------------------------------------------------------------ */
/* body rules: lines that say what the next lines hold                */

static void take_context_tag(struct dmesg_state *st, struct stream *s, struct span t,
			     const struct span *g)
{
	(void)t;
	s->r->irq.context_tag = dup_span(st, g[2]);
}

/* "but this lock took another, X-unsafe lock in the past:" and its kin */
static void take_irq_state(struct dmesg_state *st, struct stream *s, struct span t,
			   const struct span *g)
{
	struct lock_line ll;

	(void)t;
	s->r->irq.state = dup_span(st, g[0]);
	/* mail reflow put the lock on the same line */
	if (g[1].len && lock_line_parse(g[1].s, g[1].len, &ll) == 1)
		expected_lock(st, s, &ll);
}

/* "comm/pid is trying to release lock (x) at:" and the site, maybe on the same line */
static void take_release(struct dmesg_state *st, struct stream *s, struct span t,
			 const struct span *g)
{
	struct lg_report *r = s->r;
	struct frame fr;

	(void)t;
	r->has_acquire = true;
	r->acquire.cls = dup_span(st, g[2]);
	if (g[3].len && frame_parse(g[3].s, g[3].len, &fr)) {
		r->acquire.at = dup_str(st, fr.text);
		s->expect = EXP_NONE;
	}
}

static void take_usage(struct dmesg_state *st, struct stream *s, struct span t,
		       const struct span *g)
{
	(void)t;
	s->r->irq.usage_from = dup_span(st, g[0]);
	s->r->irq.usage_to = dup_span(st, g[1]);
}

/* "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: swapper/0" */
static void take_in_atomic(struct dmesg_state *st, struct stream *s, struct span t,
			   const struct span *g)
{
	struct lg_report *r = s->r;

	(void)t;
	r->has_sleep = true;
	r->sleep.in_atomic = (int)span_long(g[0]);
	r->sleep.irqs_disabled = (int)span_long(g[1]);
	r->sleep.non_block = g[2].s ? (int)span_long(g[2]) : -1;
	set_task(st, r, g[4], g[3]);
}

static void take_preempt(struct dmesg_state *st, struct stream *s, struct span t,
			 const struct span *g)
{
	(void)t;
	s->r->sleep.preempt_count = dup_span(st, g[0]);
	s->r->sleep.expected = dup_span(st, g[1]);
}

/* "Preemption disabled at:" with the site on the same line or the next */
static void take_preempt_at(struct dmesg_state *st, struct stream *s, struct span t,
			    const struct span *g)
{
	struct span rest = span_trim(t.s + 23, t.len - 23);
	struct frame fr;

	(void)g;
	if (rest.len && frame_parse(rest.s, rest.len, &fr))
		s->r->sleep.preempt_disabled_at = dup_str(st, fr.text);
	else
		s->expect = EXP_PREEMPT_AT;
}

static void take_wait_context(struct dmesg_state *st, struct stream *s, struct span t,
			      const struct span *g)
{
	(void)st;
	(void)t;
	s->r->wait_context = (int)span_long(g[1]);
}

static void take_detail(struct dmesg_state *st, struct stream *s, struct span t,
			const struct span *g)
{
	(void)g;
	s->r->detail = dup_span(st, t);
}

static void take_lockdep_off(struct dmesg_state *st, struct stream *s, struct span t,
			     const struct span *g)
{
	(void)st;
	(void)t;
	(void)g;
	s->r->lockdep_off = true;
	if (s->sec == SEC_DUMP)
		s->dump_closed = true;
}

/* RCU's "file:line message!" is looked for until found, and in RCU reports only. */
static bool rcu_wants_detail(const struct lg_report *r)
{
	return r->kind == LG_KIND_RCU && !r->detail;
}

struct body_rule {
	enum pat pat;		/* the line matches it (P_NONE: see prefix) */
	const char *prefix;	/* or starts with it */
	bool task;		/* groups 1 and 2 are the report's task: comm, pid */
	enum expect expect;	/* what the next lines hold (EXP_KEEP: as before) */
	enum section sec;	/* where the next lines are read (SEC_KEEP: as before) */
	void (*take)(struct dmesg_state *st, struct stream *s, struct span t, const struct span *g);
	bool (*when)(const struct lg_report *r);	/* only in reports where it says so */
};

/* In order: the first that fits takes the line. */
static const struct body_rule body_rules[] = {
	/* the report's task and the lock it takes */
	{ P_TRYING, NULL, true, EXP_ACQUIRE, SEC_BODY, NULL, NULL },
	{ P_IRQ_TASK, NULL, true, EXP_ACQUIRE, SEC_BODY, take_context_tag, NULL },
	{ P_TRY_LOCK, NULL, true, EXP_ACQUIRE, SEC_BODY, NULL, NULL },
	{ P_CHANGED, NULL, true, EXP_ACQUIRE, SEC_BODY, NULL, NULL },
	{ P_FREEING, NULL, true, EXP_ACQUIRE, SEC_BODY, NULL, NULL },
	{ P_NONE, "but task is already holding lock:", false, EXP_HOLDING, SEC_BODY, NULL, NULL },
	{ P_NONE, "and this task is already holding:", false, EXP_HOLDING, SEC_BODY, NULL, NULL },
	{ P_NONE, "which would create a new lock dependency:", false, EXP_NEWDEP, SEC_KEEP, NULL,
	  NULL },
	{ P_TOOK, NULL, false, EXP_IRQ_TOOK, SEC_BODY, take_irq_state, NULL },
	{ P_TAKEN, NULL, false, EXP_IRQ_TAKEN, SEC_BODY, take_irq_state, NULL },
	{ P_CONNECTS, NULL, false, EXP_IRQ_SAFE, SEC_BODY, take_irq_state, NULL },
	{ P_TO_UNSAFE, NULL, false, EXP_IRQ_UNSAFE, SEC_BODY, take_irq_state, NULL },
	{ P_RELEASE, NULL, true, EXP_RELEASE_AT, SEC_BODY, take_release, NULL },
	{ P_LEAVING, NULL, true, EXP_KEEP, SEC_BODY, NULL, NULL },
	{ P_INCONS, NULL, false, EXP_KEEP, SEC_BODY, take_usage, NULL },
	/* sleeping in atomic context */
	{ P_IN_ATOMIC, NULL, false, EXP_KEEP, SEC_BODY, take_in_atomic, NULL },
	{ P_PREEMPT, NULL, false, EXP_KEEP, SEC_KEEP, take_preempt, NULL },
	{ P_NONE, "Preemption disabled at:", false, EXP_KEEP, SEC_KEEP, take_preempt_at, NULL },
	{ P_CONTEXT, NULL, false, EXP_KEEP, SEC_KEEP, take_wait_context, NULL },
	{ P_RCU_LINE, NULL, false, EXP_KEEP, SEC_KEEP, take_detail, rcu_wants_detail },
	/* a held-lock dump inside the report (hung task) */
	{ P_NONE, "Showing all locks held in the system", false, EXP_KEEP, SEC_DUMP, NULL, NULL },
	{ P_NONE, "INFO: lockdep is turned off.", false, EXP_KEEP, SEC_KEEP, take_lockdep_off,
	  NULL },
};

static bool rule_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	const struct body_rule *b;
	struct span g[RX_MAX_GROUPS];

	for (b = body_rules; b < body_rules + ARRAY_SIZE(body_rules); b++) {
		if (b->when && !b->when(s->r))
			continue;
		if (b->pat != P_NONE ? !match(st, b->pat, t, g) : !span_starts(t, b->prefix))
			continue;
		if (b->task)
			set_task(st, s->r, g[0], g[1]);
		if (b->expect != EXP_KEEP) {
			s->expect = b->expect;
			s->expect_tries = 0;
		}
		if (b->sec != SEC_KEEP)
			s->sec = b->sec;
		if (b->take)
			b->take(st, s, t, g);
		return true;
	}
	return false;
}

/* Known lines that carry nothing we keep (the first two: a detail). */
static const struct lit quiet_prefixes[] = {
	LIT("but this task is not holding:"), LIT("last function:"),
	LIT("which lock already depends on the new lock"), LIT("the existing dependency chain"),
	LIT("other info that might help us debug this"), LIT("Chain exists of:"),
	LIT("Possible unsafe locking scenario"), LIT("Possible interrupt unsafe locking scenario"),
	LIT("CPU0"), LIT("----"), LIT("lock("), LIT("rlock("), LIT("sync("), LIT("<Interrupt>"),
	LIT("local_irq_disable"), LIT("*** DEADLOCK ***"),
	LIT("May be due to missing lock nesting"), LIT("irq event stamp:"), LIT("hardirqs last"),
	LIT("softirqs last"), LIT("rcu_scheduler_active"),
	LIT("RCU nest depth:"), LIT("but there are no more locks to release"),
	LIT("and interrupts could create inverse lock ordering"),
	LIT("turning off the locking correctness validator"),
	LIT("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\""), LIT("Not tainted"),
	LIT("Tainted:"), LIT("task:"),
};
#define QUIET_DETAILS 2

static bool quiet_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(quiet_prefixes); i++)
		if (span_starts_lit(t, &quiet_prefixes[i]))
			break;
	if (i == ARRAY_SIZE(quiet_prefixes))
		return false;
	if (s->sec == SEC_CHAIN || s->sec == SEC_TRACE || s->sec == SEC_HEAD)
		s->sec = SEC_BODY;
	if (i < QUIET_DETAILS)
		s->r->detail = dup_span(st, t);
	if (t.s[0] == 'N' || t.s[0] == 'T')
		note_kernel(st, t);	/* hung task: "Not tainted 5.3.0-rc8+ #0" */
	return true;
}

/*
 * One line inside an open report. Return: true when the line was consumed by
 * the report (or counted as noise inside it), false when the report has ended
 * and the line must be looked at again from outside.
 */
bool body_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
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
	if (join_line(st, s, &t) == LINE_TAKEN || !t.len)
		return true;

	/* a hung-task report reopened for a held-lock list ends with the list */
	if ((s->reopened || r->kind == LG_KIND_HUNG_TASK) && s->sec == SEC_HELD && t.s[0] != '#' &&
	    !match(st, P_HELD_HDR, t, NULL) && !match(st, P_NO_HELD, t, NULL))
		return false;
	if (expected_line(st, s, t) == LINE_TAKEN)
		return true;

	/* "BUG: sleeping function called from invalid context at" + wrapped location */
	if (r->kind == LG_KIND_SLEEP_IN_ATOMIC && !r->sleep.at && r->sleep.in_atomic < 0 &&
	    t.len < 256 && !memchr(t.s, ' ', t.len) && memchr(t.s, ':', t.len)) {
		r->sleep.at = dup_span(st, t);
		return true;
	}
	if (repeated_lock(st, s, t) || split_site(st, s, t) || held_line(st, s, t))
		return true;
	if (s->sec == SEC_DUMP && is_rule(t, '=')) {
		s->dump_closed = true;
		return false;	/* the report is over; the rule itself is not a banner */
	}
	if (s->sec == SEC_HELD && r->kind == LG_KIND_HELD_AT_RETURN &&
	    r->subkind == LG_SUB_NONE && held_list_full(s))
		return false;	/* lockdep_sys_exit() stops after the list */
	if (frame_line(st, s, t))
		return true;
	rc = stack_line(st, s, t);
	if (rc != LINE_NEXT)
		return rc;

	if (s->sec == SEC_BACKTRACE && s->frames_seen && !backtrace_line(t))
		return false;
	if (s->sec == SEC_BACKTRACE && (span_starts(t, "</TASK>") || span_starts(t, "RIP: 0033:")))
		s->at_bottom = true;	/* end of the task stack, or back in user space */
	if (chain_line(st, s, t))
		return true;
	if (trace_line(t)) {
		s->sec = SEC_TRACE;
		return true;
	}
	if (rule_line(st, s, t) || quiet_line(st, s, t))
		return true;
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
