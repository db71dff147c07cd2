// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel logs: finds every lockdep-family report in a dmesg/console/syslog
 * file and turns it into a struct lg_report (docs/reports.md is the
 * contract). Three layers, one per section below:
 *
 *   framing  - strips what collectors add around the kernel's text
 *              (timestamps, caller ids, syslog, mail quoting, ...)
 *   streams  - routes lines by printk caller id, so a report is not broken
 *              by lines other CPUs print in the middle of it
 *   reports  - a per-stream state machine over the report grammar of
 *              kernel/locking/lockdep.c, kernel/sched/core.c and
 *              kernel/hung_task.c (§2, §4, §8 of kernel-formats.md in the
 *              shared corpus, outside this repository)
 *
 * It knows nothing of graphs or findings: it only fills reports.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph.h"
#include "obs.h"
#include "source.h"
#include "framing.h"
#include "lockline.h"
#include "parsers.h"
#include "rx.h"
#include "title.h"

/* ------------------------------------------------------------------ */
/* patterns                                                           */

enum pat {
	P_TRYING,	/* comm/pid is trying to acquire lock: */
	P_IRQ_TASK,	/* comm/pid [HC..] is trying to acquire: | takes: */
	P_TRY_LOCK,	/* comm/pid is trying to lock: */
	P_CHANGED,	/* comm/pid just changed the state of lock: */
	P_RELEASE,	/* comm/pid is trying to release lock (x) at: */
	P_FREEING,	/* comm/pid is freeing memory a-b, with a lock still held there! */
	P_LEAVING,	/* comm/pid is leaving the kernel with locks still held! */
	P_HELD_HDR,	/* N locks held by comm/pid: */
	P_NO_HELD,	/* no locks held by comm/pid. */
	P_IN_ATOMIC,	/* in_atomic(): ... name: comm */
	P_PREEMPT,	/* preempt_count: x, expected: y */
	P_SLEEP_HDR,	/* BUG: sleeping function called from invalid context at f:l */
	P_SCHED_ATOMIC,	/* BUG: scheduling while atomic: comm/pid/0x... */
	P_NONBLOCK,	/* BUG: scheduling in a non-blocking section: comm/pid/n */
	P_HUNG,		/* INFO: task comm:pid blocked for more than N seconds. */
	P_INCONS,	/* inconsistent {A} -> {B} usage. */
	P_SAFE_UNSAFE,	/* X-safe -> X-unsafe lock order detected */
	P_RCU_LINE,	/* file:line message! */
	P_STILL_HELD,	/* comm/pid still has locks held! */
	P_WQ_LEAK,	/* BUG: workqueue leaked lock or atomic: comm/0x../pid */
	P_CPU_LINE,	/* CPU: n PID: p Comm: c */
	P_CONTEXT,	/* context-{X:Y} */
	P_TOOK,		/* but this lock took another, X-unsafe lock in the past: */
	P_TAKEN,	/* but this lock was taken by another, X-safe lock in the past: */
	P_CONNECTS,	/* but this new dependency connects a X-irq-safe lock: */
	P_TO_UNSAFE,	/* to a X-irq-unsafe lock: */
	P_LOCKDEP_WARN,	/* WARNING: CPU: 0 PID: 1 at kernel/locking/lockdep.c:N */
	P_SPINLOCK,	/* BUG: spinlock bad magic on CPU#0, comm/pid */
	P_OLD_PID,	/* Pid: 35, comm: kswapd0 */
	P__COUNT,
};

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

struct dmesg_patterns {
	struct rx *rx[P__COUNT];
};

int dmesg_patterns_new(struct dmesg_patterns **out)
{
	struct dmesg_patterns *p = calloc(1, sizeof(*p));
	int i;

	*out = NULL;
	if (!p)
		return -ENOMEM;
	for (i = 0; i < P__COUNT; i++) {
		p->rx[i] = rx_new(pat_src[i]);
		if (!p->rx[i]) {
			dmesg_patterns_free(p);
			return -LG_EPATTERN;
		}
	}
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

bool dmesg_probe(const unsigned char *head, size_t len)
{
	(void)head;
	(void)len;
	return true;
}

/* ------------------------------------------------------------------ */
/* report state                                                       */

enum section {
	SEC_HEAD,	/* ident line, "----" rule */
	SEC_BODY,
	SEC_CHAIN,	/* frames under "-> #k" */
	SEC_TRACE,	/* frames we do not keep: usage traces, irq dependency trees */
	SEC_HELD,	/* "#i:" entries */
	SEC_BACKTRACE,	/* dump_stack() */
	SEC_DUMP,	/* Showing all locks held in the system */
};

enum expect {
	EXP_NONE,
	EXP_ACQUIRE,
	EXP_HOLDING,
	EXP_NEWDEP,	/* "(a){..} -> (b){..}" */
	EXP_IRQ_SAFE,
	EXP_IRQ_UNSAFE,
	EXP_IRQ_TOOK,	/* this lock took other */
	EXP_IRQ_TAKEN,	/* this lock was taken by other */
	EXP_RELEASE_AT,	/* "[<addr>] sym" after "release lock (x) at:" */
	EXP_PREEMPT_AT,	/* after "Preemption disabled at:" */
	EXP_LOCK_LINE,	/* held-lock-freed: the lock after the header */
};

#define MAX_STREAMS 64
#define MAX_JOIN 8
#define JOIN_MAX 2048
#define NOISE_LIMIT 200
#define REPORT_MAX_LINES 4000
#define ATTACH_WINDOW 400
/* include/linux/sched.h: the most locks lockdep tracks per task */
#define MAX_LOCK_DEPTH 48

struct text_lines {
	char *buf;
	size_t len, cap;
	size_t *offs;
	uint32_t n, cap_lines;
};

struct stream {
	char caller[12];
	struct lg_report *r;	/* the open report, or NULL */
	enum section sec;
	enum expect expect;
	unsigned int expect_tries;
	struct lg_held_list *held_target;	/* list receiving "#i:" lines */
	bool held_is_subject;
	struct lg_chain_entry *chain_cur;
	bool frames_seen;	/* in SEC_BACKTRACE */
	bool at_bottom;		/* the last frame ends a stack (ret_from_fork, </TASK>, ...) */
	bool backtrace_started;	/* "stack backtrace:" / "Call Trace:" seen */
	bool dump_closed;
	bool reopened;		/* a hung-task report taking its held-lock dump */
	bool foreign_dump;	/* frames now printed belong to another task */
	struct lg_lock *last_lock;	/* the lock line before, if its site was [inline] */
	struct lg_lock *last_held;	/* a held entry still waiting for its ", at:" */
	unsigned long noise_run;
	/* DEPT: the context whose [S] was read, its class, past the contexts */
	char dept_ctx;
	const char *dept_start;
	bool dept_info;
	unsigned long banner_line;	/* "=====" waiting for a title, 0 when none */
	unsigned long last_line;

	/* a hung-task scan: the held-lock dump printed after it attaches back */
	struct lg_report *hung[16];
	unsigned int nhung;
	unsigned long hung_end_line;

	/* a lock line split over several lines */
	char join[JOIN_MAX];
	size_t join_len;
	unsigned long join_line;
	unsigned int join_parts;

	struct text_lines lines;	/* the open report's text, for its title */
};

/*
 * A report's title waits for more of the log: syzkaller looks past the end of
 * a report (a frame in a later Call Trace of the same task), so the lines of
 * its stream keep being collected for TITLE_LOOKAHEAD lines.
 */
#define TITLE_LOOKAHEAD 300
#define MAX_PENDING_TITLES 16

struct pending_title {
	struct lg_report *r;
	struct stream *s;
	struct text_lines lines;
	unsigned int extra;
};

struct dmesg_state {
	unsigned long lock_first_line;	/* where the lock line being read began, if split */
	struct record_decoder records;	/* rsyslog #012, quoted-printable (framing.c) */
	struct pending_title pending[MAX_PENDING_TITLES];
	unsigned int npending;
	struct parser_state *ps;
	struct dmesg_patterns *pat;
	struct obs_sink *sink;
	struct arena *arena;
	struct stream streams[MAX_STREAMS];
	unsigned int nstreams;
	struct stream *current;
	bool has_callers;
	bool kernel_known;	/* the input's kernel version was found */
	unsigned long line_no;
	unsigned long noise;
	struct span title_text;	/* the current line as titles see it */
	int err;
	char scratch[JOIN_MAX * 2];
};

static bool match(struct dmesg_state *st, enum pat p, struct span t, struct span *g)
{
	return rx_match(st->pat->rx[p], t.s, t.len, g);
}

static const char *dup_span(struct dmesg_state *st, struct span sp)
{
	const char *s = arena_strndup(st->arena, sp.s ? sp.s : "", sp.s ? sp.len : 0);

	if (!s)
		st->err = -ENOMEM;
	return s;
}

static const char *dup_str(struct dmesg_state *st, const char *s)
{
	const char *d = arena_strdup(st->arena, s);

	if (!d)
		st->err = -ENOMEM;
	return d;
}

static long span_long(struct span sp)
{
	char buf[24];

	if (!sp.s || !sp.len || sp.len >= sizeof(buf))
		return -1;
	memcpy(buf, sp.s, sp.len);
	buf[sp.len] = '\0';
	return strtol(buf, NULL, 10);
}

/*
 * The kernel version, from the first line that names it: "Linux version 6.1.0 ...",
 * a dump_stack() header "CPU: 0 PID: 1 Comm: x Not tainted 6.1.0 #1" (or "Tainted:
 * G W 6.1.0 #1"), or lockdep's ident line "6.1.0 #1 Not tainted". For coverage.
 */
static void note_kernel(struct dmesg_state *st, struct span t)
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

static void set_task(struct dmesg_state *st, struct lg_report *r, struct span comm,
		     struct span pid)
{
	if (r->has_task)
		return;
	r->has_task = true;
	r->task.comm = dup_span(st, comm);
	r->task.pid = span_long(pid);
}

static void push_str(struct dmesg_state *st, lg_str_vec *v, const char *s)
{
	if (s && vec_push(st->arena, v, s))
		st->err = -ENOMEM;
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

static void text_lines_add(struct text_lines *tl, struct span t)
{
	if (tl->n >= REPORT_MAX_LINES)
		return;
	if (tl->len + t.len + 1 > tl->cap) {
		size_t ncap = (tl->cap ? tl->cap * 2 : 8192) + t.len + 1;
		char *nb = realloc(tl->buf, ncap);

		if (!nb)
			return;
		tl->buf = nb;
		tl->cap = ncap;
	}
	if (tl->n == tl->cap_lines) {
		uint32_t nc = tl->cap_lines ? tl->cap_lines * 2 : 64;
		size_t *no = realloc(tl->offs, nc * sizeof(*no));

		if (!no)
			return;
		tl->offs = no;
		tl->cap_lines = nc;
	}
	tl->offs[tl->n++] = tl->len;
	memcpy(tl->buf + tl->len, t.s, t.len);
	tl->len += t.len;
	tl->buf[tl->len++] = '\0';
}

static void title_compute(struct dmesg_state *st, struct pending_title *p)
{
	char title[512];
	const char **lines;
	uint32_t i;

	if (!p->r->title && p->lines.n && st->ps->titles) {
		lines = malloc(p->lines.n * sizeof(*lines));
		if (lines) {
			for (i = 0; i < p->lines.n; i++)
				lines[i] = p->lines.buf + p->lines.offs[i];
			if (title_for_report_flags(st->ps->titles, lines, p->lines.n,
						   st->has_callers ? TITLE_CALLER_ROUTED : 0, title,
						   sizeof(title)) == 0)
				p->r->title = dup_str(st, title);
			free(lines);
		}
	}
	if (!p->r->title)
		p->r->title = p->r->headline;
	free(p->lines.buf);
	free(p->lines.offs);
	*p = st->pending[--st->npending];
}

/* Hands the stream's collected lines over to a pending title. */
static void title_defer(struct dmesg_state *st, struct stream *s, struct lg_report *r)
{
	struct pending_title *p;
	unsigned int i;

	for (i = 0; i < st->npending; i++)
		if (st->pending[i].r == r)
			return;	/* a hung-task report reopened for its dump */
	if (st->npending == MAX_PENDING_TITLES)
		title_compute(st, &st->pending[0]);
	p = &st->pending[st->npending++];
	p->r = r;
	p->s = s;
	p->lines = s->lines;
	p->extra = 0;
	memset(&s->lines, 0, sizeof(s->lines));
}

/* Every line of a stream also goes to the titles still waiting in it. */
static void title_feed(struct dmesg_state *st, struct stream *s, struct span t)
{
	unsigned int i = 0;

	while (i < st->npending) {
		struct pending_title *p = &st->pending[i];

		if (p->s != s) {
			i++;
			continue;
		}
		text_lines_add(&p->lines, t);
		if (++p->extra >= TITLE_LOOKAHEAD)
			title_compute(st, p);	/* moves the last entry into slot i */
		else
			i++;
	}
}

/* ------------------------------------------------------------------ */
/* headers                                                            */

struct header {
	enum lg_kind kind;
	enum lg_subkind sub;
	bool banner_title;	/* a title that normally sits under a "=====" rule */
};

/* Titles under a "=====" rule, after "WARNING: ", "BUG: " or "[ INFO: ... ]". */
static const struct {
	const char *text;
	enum lg_kind kind;
	enum lg_subkind sub;
} banner_titles[] = {
	{ "possible circular locking dependency detected", LG_KIND_CIRCULAR, LG_SUB_NONE },
	{ "possible recursive locking detected", LG_KIND_RECURSIVE, LG_SUB_NONE },
	{ "possible irq lock inversion dependency detected", LG_KIND_IRQ_INVERSION, LG_SUB_NONE },
	{ "inconsistent lock state", LG_KIND_INCONSISTENT, LG_SUB_NONE },
	{ "Invalid wait context", LG_KIND_INVALID_WAIT_CONTEXT, LG_SUB_NONE },
	{ "bad unlock balance detected!", LG_KIND_BAD_UNLOCK, LG_SUB_NONE },
	{ "held lock freed!", LG_KIND_HELD_LOCK_FREED, LG_SUB_NONE },
	{ "lock held when returning to user space!", LG_KIND_HELD_AT_RETURN, LG_SUB_NONE },
	{ "suspicious RCU usage", LG_KIND_RCU, LG_SUB_NONE },
	{ "Nested lock was not taken", LG_KIND_LOCKDEP_INTERNAL, LG_SUB_NESTED_LOCK },
	{ "bad contention detected!", LG_KIND_LOCKDEP_INTERNAL, LG_SUB_BAD_CONTENTION },
	{ "chain_key collision", LG_KIND_LOCKDEP_INTERNAL, LG_SUB_CHAIN_KEY },
};

/* The title inside "WARNING: x", "BUG: x", "[ INFO: x ]", "[ BUG: x ]". */
static struct span title_text(struct span t)
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

/* The first letters of every header classify() knows: most lines are out at one look. */
static bool header_start(char c)
{
	return c == 'W' || c == 'B' || c == 'I' || c == '[' || c == 'D' || c == 'S';
}

static bool classify(struct dmesg_state *st, struct span t, struct header *h)
{
	struct span in;
	size_t i;

	memset(h, 0, sizeof(*h));
	if (!t.len || !header_start(t.s[0]))
		return false;
	in = title_text(t);
	if (in.len) {
		for (i = 0; i < sizeof(banner_titles) / sizeof(banner_titles[0]); i++) {
			size_t n = strlen(banner_titles[i].text);

			/* old RCU title: "[ INFO: suspicious RCU usage. ]" */
			if (in.len >= n && !memcmp(in.s, banner_titles[i].text, n) &&
			    (in.len == n || (in.len == n + 1 && in.s[n] == '.'))) {
				h->kind = banner_titles[i].kind;
				h->sub = banner_titles[i].sub;
				h->banner_title = true;
				return true;
			}
		}
		if (match(st, P_SAFE_UNSAFE, in, NULL)) {
			h->kind = LG_KIND_IRQ_UNSAFE_ORDER;
			h->banner_title = true;
			return true;
		}
		if (span_ends(in, "still has locks held!") && match(st, P_STILL_HELD, in, NULL)) {
			h->kind = LG_KIND_HELD_AT_RETURN;
			h->sub = LG_SUB_STILL_HAS_LOCKS;
			h->banner_title = true;
			return true;
		}
	}
	if (span_starts(t, "BUG: sleeping function called from invalid context") ||
	    span_starts(t, "Debug: sleeping function called from invalid context")) {
		h->kind = LG_KIND_SLEEP_IN_ATOMIC;
		return true;
	}
	if (span_starts(t, "BUG: scheduling while atomic: ")) {
		h->kind = LG_KIND_SCHED_ATOMIC;
		return true;
	}
	if (span_starts(t, "BUG: scheduling in a non-blocking section: ")) {
		h->kind = LG_KIND_SCHED_ATOMIC;
		h->sub = LG_SUB_NON_BLOCK_SECTION;
		return true;
	}
	/* newer kernels tell a task waiting for I/O: "blocked in I/O wait for more than" */
	if (span_starts(t, "INFO: task ") &&
	    (span_contains(t, " blocked for more than ") || span_contains(t, " can't die for more than ") ||
	     span_contains(t, " blocked in I/O wait for more than "))) {
		h->kind = LG_KIND_HUNG_TASK;
		return true;
	}
	if (span_starts(t, "Showing all locks held in the system")) {
		h->kind = LG_KIND_HELD_LOCKS;
		return true;
	}
	if (span_starts(t, "BUG: workqueue leaked lock or atomic: ")) {
		h->kind = LG_KIND_HELD_AT_RETURN;
		h->sub = LG_SUB_WQ_LEAKED;
		return true;
	}
	if (span_starts(t, "BUG: MAX_") && span_ends(t, "too low!")) {
		h->kind = LG_KIND_LOCKDEP_INTERNAL;
		h->sub = LG_SUB_MAX_LOCKDEP;
		return true;
	}
	if (span_starts(t, "INFO: trying to register non-static key.")) {
		h->kind = LG_KIND_LOCKDEP_INTERNAL;
		h->sub = LG_SUB_NON_STATIC_KEY;
		return true;
	}
	if (span_starts(t, "BUG: looking up invalid subclass: ")) {
		h->kind = LG_KIND_LOCKDEP_INTERNAL;
		h->sub = LG_SUB_INVALID_SUBCLASS;
		return true;
	}
	if ((span_starts(t, "BUG: spinlock ") || span_starts(t, "BUG: rwlock ")) &&
	    match(st, P_SPINLOCK, t, NULL)) {
		h->kind = LG_KIND_LOCKDEP_INTERNAL;
		h->sub = LG_SUB_SPINLOCK;
		return true;
	}
	if (span_starts(t, "WARNING:") && span_contains(t, "kernel/locking/lockdep.c:") &&
	    match(st, P_LOCKDEP_WARN, t, NULL)) {
		h->kind = LG_KIND_LOCKDEP_INTERNAL;
		h->sub = LG_SUB_LOCKDEP_WARNING;
		return true;
	}
	if (span_starts(t, "INFO: lockdep is turned off.")) {
		h->kind = LG_KIND_LOCKDEP_INTERNAL;
		h->sub = LG_SUB_LOCKDEP_OFF;
		return true;
	}
	if (span_starts(t, "DEPT: Circular dependency has been detected")) {
		h->kind = LG_KIND_DEPT_CIRCULAR;
		h->banner_title = true;
		return true;
	}
	return false;
}

static bool is_rule(struct span t, char c)
{
	size_t i;

	if (t.len < 10)
		return false;
	for (i = 0; i < t.len; i++)
		if (t.s[i] != c)
			return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* report life cycle                                                  */

static void finish_cycle(struct dmesg_state *st, struct lg_report *r)
{
	uint32_t i, max = 0;
	const char **by_index;
	bool ok = true;

	if (r->kind == LG_KIND_RECURSIVE) {
		if (r->has_acquire) {
			r->has_cycle = true;
			push_str(st, &r->cycle, r->acquire.cls);
		}
		return;
	}
	if (r->kind != LG_KIND_CIRCULAR || !r->chain.n)
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

static void add_edge(struct dmesg_state *st, struct lg_report *r, const char *from, const char *to)
{
	struct lg_edge_pair e = { from, to };
	uint32_t i;

	if (!from || !to || !strcmp(from, to))
		return;
	for (i = 0; i < r->edges.n; i++)
		if (!strcmp(r->edges.v[i].from, from) && !strcmp(r->edges.v[i].to, to))
			return;
	if (vec_push(st->arena, &r->edges, e))
		st->err = -ENOMEM;
}

static void finish_edges(struct dmesg_state *st, struct lg_report *r)
{
	uint32_t i, upto;

	if ((r->kind != LG_KIND_INCONSISTENT && r->kind != LG_KIND_INVALID_WAIT_CONTEXT) ||
	    !r->has_acquire)
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

static bool kind_has_backtrace(const struct lg_report *r)
{
	if (r->kind == LG_KIND_HELD_LOCKS)
		return false;
	if (r->kind == LG_KIND_HELD_AT_RETURN && r->subkind == LG_SUB_NONE)
		return false;	/* lockdep_sys_exit() prints no stack */
	if (r->kind == LG_KIND_LOCKDEP_INTERNAL && r->subkind == LG_SUB_LOCKDEP_OFF)
		return false;
	return true;
}

/*
 * Reports whose own stack follows a "stack backtrace:" line: a dump_stack()
 * printed before that line (fault injection, another CPU) is not theirs.
 */
static bool stack_after_marker(const struct lg_report *r)
{
	switch (r->kind) {
	case LG_KIND_SLEEP_IN_ATOMIC:
		/* in_atomic() is printed right after the header: a stack before it is not ours */
		return r->sleep.in_atomic < 0;
	case LG_KIND_SCHED_ATOMIC:
	case LG_KIND_HUNG_TASK:
	case LG_KIND_HELD_LOCKS:
	case LG_KIND_DEPT_CIRCULAR:	/* "CPU: … Comm:" then "Call Trace:" */
		return false;
	case LG_KIND_HELD_AT_RETURN:
		return r->subkind == LG_SUB_STILL_HAS_LOCKS;
	case LG_KIND_LOCKDEP_INTERNAL:
		return r->subkind == LG_SUB_NESTED_LOCK || r->subkind == LG_SUB_BAD_CONTENTION ||
		       r->subkind == LG_SUB_CHAIN_KEY;
	default:
		return true;
	}
}

/* Why the report is not complete, or NULL. */
static const char *missing_part(const struct lg_report *r, const struct stream *s)
{
	switch (r->kind) {
	case LG_KIND_CIRCULAR:
		if (!r->has_acquire)
			return "missing: the lock being acquired";
		if (!r->has_holding)
			return "missing: the lock already held";
		if (!r->has_cycle)
			return "missing: the dependency chain";
		break;
	case LG_KIND_RECURSIVE:
	case LG_KIND_IRQ_UNSAFE_ORDER:
		if (!r->has_acquire)
			return "missing: the lock being acquired";
		if (!r->has_holding)
			return "missing: the lock already held";
		break;
	case LG_KIND_IRQ_INVERSION:
		if (!r->has_acquire)
			return "missing: the lock whose state changed";
		if (!r->edges.n)
			return "missing: the other lock";
		break;
	case LG_KIND_INCONSISTENT:
		if (!r->has_acquire)
			return "missing: the lock taken";
		if (!r->irq.usage_to)
			return "missing: the usage change";
		break;
	case LG_KIND_INVALID_WAIT_CONTEXT:
	case LG_KIND_BAD_UNLOCK:
	case LG_KIND_HELD_LOCK_FREED:
		if (!r->has_acquire)
			return "missing: the lock";
		break;
	case LG_KIND_HELD_AT_RETURN:
		if (r->held_declared < 0)
			return "missing: the held-lock list";
		if (r->held_declared > 0 && r->held.n < (uint32_t)r->held_declared &&
		    r->subkind == LG_SUB_NONE)
			return "truncated: held-lock list ends early";
		break;
	case LG_KIND_RCU:
		if (!r->detail)
			return "missing: the suspicious access";
		break;
	case LG_KIND_SLEEP_IN_ATOMIC:
		if (r->sleep.in_atomic < 0)
			return "missing: the in_atomic() line";
		break;
	case LG_KIND_HELD_LOCKS:
		if (!s->dump_closed)
			return "truncated: no closing rule after the held-lock dump";
		break;
	case LG_KIND_DEPT_CIRCULAR:
		if (!r->edges.n)
			return "missing: the contexts' [S] and [W]";
		break;
	default:
		break;
	}
	/* lockdep prints every lock a task holds: fewer entries than the header says is a cut */
	if (r->held_declared > 0 && r->held.n < (uint32_t)r->held_declared &&
	    !(r->kind == LG_KIND_HELD_AT_RETURN && r->subkind != LG_SUB_NONE))
		return "truncated: held-lock list ends early";
	if (kind_has_backtrace(r) && !s->frames_seen)
		return "truncated: no stack backtrace";
	return NULL;
}

static void end_report(struct dmesg_state *st, struct stream *s, const char *why)
{
	struct lg_report *r = s->r;
	const char *miss;

	if (!r)
		return;
	r->end_line = s->last_line;
	finish_cycle(st, r);
	finish_edges(st, r);
	miss = missing_part(r, s);
	if (!miss && why)
		miss = why;
	r->complete = miss == NULL;
	r->reason = miss ? dup_str(st, miss) : NULL;
	if (s->reopened && r->reason) {
		/* a hung-task report reopened for its dump keeps its own verdict */
		r->complete = false;
		miss = r->reason;
	}
	s->reopened = false;
	if (!r->title)
		title_defer(st, s, r);
	if (obs_report_end(st->sink, r))
		st->err = -ENOMEM;
	if (r->kind == LG_KIND_HUNG_TASK) {
		if (!s->nhung || s->hung[s->nhung - 1] != r) {
			/* a scan of more hung tasks than we track: the dump goes to the latest */
			if (s->nhung == sizeof(s->hung) / sizeof(s->hung[0]))
				memmove(s->hung, s->hung + 1, --s->nhung * sizeof(s->hung[0]));
			s->hung[s->nhung++] = r;
		}
		s->hung_end_line = s->last_line;
	} else if (r->kind != LG_KIND_LOCKDEP_INTERNAL || r->subkind != LG_SUB_LOCKDEP_OFF) {
		s->nhung = 0;
	}
	s->r = NULL;
	s->lines.n = 0;
	s->lines.len = 0;
	s->join_len = 0;
}

static void start_report(struct dmesg_state *st, struct stream *s, const struct header *h,
			 unsigned long line, struct span t)
{
	struct lg_report *r = obs_report_begin(st->sink, h->kind, line);

	if (!r) {
		st->err = -ENOMEM;
		return;
	}
	r->subkind = h->sub;
	r->headline = dup_span(st, t);
	s->r = r;
	s->sec = SEC_HEAD;
	s->expect = EXP_NONE;
	s->held_target = NULL;
	s->chain_cur = NULL;
	s->frames_seen = false;
	s->foreign_dump = h->kind == LG_KIND_LOCKDEP_INTERNAL && h->sub == LG_SUB_LOCKDEP_WARNING;
	s->last_held = NULL;
	s->last_lock = NULL;
	s->at_bottom = false;
	s->backtrace_started = false;
	s->dump_closed = false;
	s->noise_run = 0;
	s->dept_ctx = 0;
	s->dept_start = NULL;
	s->dept_info = false;
	s->join_len = 0;
	s->lines.n = 0;
	s->lines.len = 0;
}

/* ------------------------------------------------------------------ */
/* body lines                                                         */

static struct lg_held_list *new_held_list(struct dmesg_state *st, struct lg_report *r,
					  struct span comm, struct span pid, long declared,
					  bool in_dump, bool *subject)
{
	struct lg_held_list hl = { 0 };
	long p = span_long(pid);
	const char *c = dup_span(st, comm);

	*subject = false;
	if (r->kind != LG_KIND_HELD_LOCKS && !in_dump) {
		if (!r->has_task && (r->kind == LG_KIND_RCU || r->kind == LG_KIND_HELD_AT_RETURN ||
				     r->kind == LG_KIND_LOCKDEP_INTERNAL)) {
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
static void join_start(struct stream *s, struct span t, unsigned long line)
{
	size_t n = t.len < JOIN_MAX - 1 ? t.len : JOIN_MAX - 1;

	s->join_line = line;
	memcpy(s->join, t.s, n);
	s->join_len = n;
	s->join_parts = 1;
}

/* Appends a continuation: no blank inside "(name" or before "){", ", at:", "{3:3}". */
static struct span join_add(struct stream *s, struct span t)
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

static void enter_backtrace(struct stream *s)
{
	s->sec = SEC_BACKTRACE;
	s->backtrace_started = true;
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
static bool body_line(struct dmesg_state *st, struct stream *s, struct span t)
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
		s->held_target = new_held_list(st, r, g[1], g[2], n,
					       s->sec == SEC_DUMP && r->kind == LG_KIND_HUNG_TASK,
					       &subject);
		s->held_is_subject = subject;
		if (s->sec != SEC_DUMP)
			s->sec = SEC_HELD;
		return true;
	}
	if (match(st, P_NO_HELD, t, g)) {
		bool subject;

		s->held_target = new_held_list(st, r, g[0], g[1], 0,
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
						      kind_has_backtrace(r) && !s->backtrace_started &&
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
	if (stack_after_marker(r) && !s->backtrace_started)
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

/* ------------------------------------------------------------------ */
/* outside reports                                                    */

static void header_fields(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r = s->r;
	struct span g[RX_MAX_GROUPS];

	switch (r->kind) {
	case LG_KIND_SLEEP_IN_ATOMIC:
		if (match(st, P_SLEEP_HDR, t, g) && g[0].len) {
			r->has_sleep = true;
			r->sleep.at = dup_span(st, g[0]);
		}
		r->has_sleep = true;
		s->sec = SEC_BODY;
		break;
	case LG_KIND_SCHED_ATOMIC:
		r->has_sleep = true;
		if (match(st, P_SCHED_ATOMIC, t, g)) {
			set_task(st, r, g[0], g[1]);
			r->sleep.preempt_count = dup_span(st, g[2]);
		} else if (match(st, P_NONBLOCK, t, g)) {
			set_task(st, r, g[0], g[1]);
			r->sleep.non_block = (int)span_long(g[2]);
		}
		s->sec = SEC_BODY;
		break;
	case LG_KIND_HUNG_TASK:
		if (match(st, P_HUNG, t, g))
			set_task(st, r, g[0], g[1]);
		s->sec = SEC_BODY;
		break;
	case LG_KIND_HELD_AT_RETURN:
		if (r->subkind == LG_SUB_STILL_HAS_LOCKS) {
			struct span in = title_text(t);

			if (match(st, P_STILL_HELD, in, g))
				set_task(st, r, g[0], g[1]);
		} else if (r->subkind == LG_SUB_WQ_LEAKED && match(st, P_WQ_LEAK, t, g)) {
			set_task(st, r, g[0], g[2]);
			s->sec = SEC_BODY;
		}
		break;
	case LG_KIND_HELD_LOCKS:
		s->sec = SEC_DUMP;
		break;
	case LG_KIND_LOCKDEP_INTERNAL:
		if (r->subkind == LG_SUB_SPINLOCK && match(st, P_SPINLOCK, t, g))
			set_task(st, r, g[1], g[2]);
		if (r->subkind == LG_SUB_LOCKDEP_WARNING && match(st, P_LOCKDEP_WARN, t, g) &&
		    g[0].s)
			r->task.pid = span_long(g[0]);
		if (r->task.pid < 0)
			s->foreign_dump = false;	/* old WARNING without a pid */
		if (r->subkind != LG_SUB_NESTED_LOCK && r->subkind != LG_SUB_BAD_CONTENTION &&
		    r->subkind != LG_SUB_CHAIN_KEY)
			s->sec = SEC_BODY;
		r->detail = r->headline;
		break;
	default:
		break;
	}
}

/* A hung-task scan prints one held-lock dump after all its tasks. */
static bool attach_to_hung(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct lg_report *r;
	bool dump, off, held;

	/* cheap tests first: this runs on every line outside a report */
	if (!s->nhung || st->line_no - s->hung_end_line > ATTACH_WINDOW)
		return false;
	dump = span_starts(t, "Showing all locks held in the system");
	off = !dump && span_starts(t, "INFO: lockdep is turned off.");
	held = !dump && !off && match(st, P_HELD_HDR, t, NULL);
	if (!dump && !off && !held)
		return false;
	r = s->hung[s->nhung - 1];
	if (off) {
		unsigned int i;

		for (i = 0; i < s->nhung; i++)
			s->hung[i]->lockdep_off = true;
		return true;
	}
	/* reopen the last hung-task report for its dump */
	s->r = r;
	s->sec = dump ? SEC_DUMP : SEC_HELD;
	s->expect = EXP_NONE;
	s->held_target = NULL;
	s->held_is_subject = false;
	s->frames_seen = true;
	s->reopened = true;
	s->dump_closed = false;
	s->noise_run = 0;
	s->lines.n = 0;
	if (held)
		body_line(st, s, t);
	return true;
}

/* After a dump: every hung task of the scan gets its own entry and the others. */
static void share_hung_dump(struct dmesg_state *st, struct stream *s)
{
	struct lg_report *last;
	lg_held_vec dump;
	unsigned int i;
	uint32_t j;

	if (s->nhung < 1)
		return;
	last = s->hung[s->nhung - 1];
	dump.v = last->other_tasks.v;
	dump.n = last->other_tasks.n;
	dump.cap = last->other_tasks.cap;
	if (!dump.n)
		return;
	for (i = 0; i < s->nhung; i++) {
		struct lg_report *h = s->hung[i];

		memset(&h->other_tasks, 0, sizeof(h->other_tasks));
		for (j = 0; j < dump.n; j++) {
			struct lg_held_list *hl = &dump.v[j];

			if (hl->task.pid == h->task.pid) {
				if (h->held_declared < 0) {
					h->held = hl->locks;
					h->held_declared = hl->declared;
				}
				if (h->complete && h->held_declared > 0 &&
				    h->held.n < (uint32_t)h->held_declared) {
					/* the rule of missing_part(), for a list found in the dump */
					h->complete = false;
					h->reason = dup_str(st, "truncated: held-lock list ends early");
				}
			} else if (vec_push(st->arena, &h->other_tasks, *hl)) {
				st->err = -ENOMEM;
			}
		}
		obs_report_end(st->sink, h);
	}
	/* the scan is complete: a later dump (sysrq-d) is nobody's */
	s->nhung = 0;
}

/*
 * Most lines of a log are boot and driver chatter. When nothing of this
 * stream waits for a continuation, a line can only matter if it opens a
 * report (headers start with one of a few letters; see classify()), is a
 * banner rule or a "... is trying to acquire lock:" paste: one look at its
 * first and last byte settles the rest.
 */
static bool chatter(const struct dmesg_state *st, const struct stream *s, struct span t)
{
	if (s->join_len || s->banner_line ||
	    (s->nhung && st->line_no - s->hung_end_line <= ATTACH_WINDOW))
		return false;
	return !header_start(t.s[0]) && t.s[0] != '=' && t.s[t.len - 1] != ':';
}

/* "INFO: task a" of "INFO: task a\nb:12 blocked for more than 143 seconds." */
static bool split_hung_header(struct span t)
{
	return span_starts(t, "INFO: task ") && !span_contains(t, " for more than ") &&
	       !span_contains(t, " blocked on ");
}

static void outside_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	struct header h;
	unsigned long line = st->line_no;

	if (!t.len)
		return;
	if (t.s[0] == 'L' && !st->kernel_known)
		note_kernel(st, t);
	if (chatter(st, s, t)) {
		st->noise++;
		return;
	}
	if (s->join_len && !s->r) {
		/* a header whose comm held a newline: "INFO: task a\nb:12 blocked ..." */
		struct span j = join_add(s, t);

		memcpy(st->scratch, j.s, j.len);
		t = (struct span){ st->scratch, j.len };
		s->join_len = 0;
		line = s->join_line;
		st->title_text = t;
	} else if (split_hung_header(t)) {
		join_start(s, t, st->line_no);
		return;
	}
	if (is_rule(t, '=')) {
		s->banner_line = st->line_no;
		return;
	}
	if (s->banner_line && is_rule(t, '-'))
		return;
	if (attach_to_hung(st, s, t))
		return;
	if (classify(st, t, &h)) {
		if (h.banner_title && s->banner_line && st->line_no - s->banner_line <= 4)
			line = s->banner_line;
		s->banner_line = 0;
		start_report(st, s, &h, line, t);
		if (!s->r)
			return;
		text_lines_add(&s->lines, st->title_text);
		header_fields(st, s, t);
		if (h.kind == LG_KIND_LOCKDEP_INTERNAL && h.sub == LG_SUB_LOCKDEP_OFF)
			end_report(st, s, NULL);
		return;
	}
	/* a paste that starts at "comm/pid is trying to acquire lock:" */
	if (span_ends(t, " is trying to acquire lock:") && match(st, P_TRYING, t, NULL)) {
		h.kind = LG_KIND_CIRCULAR;
		h.sub = LG_SUB_NONE;
		start_report(st, s, &h, line, t);
		if (!s->r)
			return;
		s->sec = SEC_BODY;
		text_lines_add(&s->lines, st->title_text);
		body_line(st, s, t);
		return;
	}
	if (st->line_no - s->banner_line > 4)
		s->banner_line = 0;
	st->noise++;
}

static struct stream *stream_for(struct dmesg_state *st, const struct framing *f)
{
	unsigned int i;

	/* a line without a caller id continues whatever printed last */
	if (!f->caller[0] && st->current)
		return st->current;
	if (f->caller[0])
		st->has_callers = true;
	if (st->current && !strcmp(st->current->caller, f->caller))
		return st->current;
	for (i = 0; i < st->nstreams; i++)
		if (!strcmp(st->streams[i].caller, f->caller))
			return st->current = &st->streams[i];
	if (st->nstreams == MAX_STREAMS) {
		/* reuse the stream with no open report that was used least recently */
		unsigned int best = 0;

		for (i = 1; i < st->nstreams; i++)
			if (!st->streams[i].r &&
			    st->streams[i].last_line < st->streams[best].last_line)
				best = i;
		if (st->streams[best].r)
			return st->current = &st->streams[best];
		snprintf(st->streams[best].caller, sizeof(st->streams[best].caller), "%s",
			 f->caller);
		st->streams[best].nhung = 0;
		return st->current = &st->streams[best];
	}
	snprintf(st->streams[st->nstreams].caller, sizeof(st->streams[0].caller), "%s", f->caller);
	return st->current = &st->streams[st->nstreams++];
}

static void dmesg_line(struct dmesg_state *st, const char *line, size_t len)
{
	struct framing f;
	struct span t = strip_framing(line, len, &f);
	struct stream *s;

	if (f.foreign) {
		st->noise++;
		return;
	}
	{
		struct span d = drop_inner_timestamps(t, st->scratch + JOIN_MAX, JOIN_MAX);

		/* titles see the text with its indentation, as syzkaller does */
		if (d.s == t.s)
			st->title_text = (struct span){ t.s - f.indent, t.len + f.indent };
		else
			st->title_text = d;
		t = d;
	}
	s = stream_for(st, &f);
	s->last_line = st->line_no;
	if (st->npending)
		title_feed(st, s, st->title_text);
	if (s->r) {
		struct lg_report *r = s->r;
		struct header h;

		/* a new report header ends the open one (also one whose comm held a newline) */
		if (t.len && !s->join_len && (classify(st, t, &h) || split_hung_header(t)) &&
		    !(r->kind == LG_KIND_HUNG_TASK && h.kind == LG_KIND_HELD_LOCKS) &&
		    !(h.kind == LG_KIND_LOCKDEP_INTERNAL && h.sub == LG_SUB_LOCKDEP_OFF)) {
			char why[64];
			bool was_dump = s->sec == SEC_DUMP;

			snprintf(why, sizeof(why), "interrupted by another report at line %lu",
				 st->line_no);
			end_report(st, s, s->frames_seen || r->kind == LG_KIND_HELD_LOCKS ? NULL : why);
			if (was_dump)
				share_hung_dump(st, s);
			outside_line(st, s, t);
			return;
		}
		if (is_rule(t, '=') && s->sec != SEC_DUMP) {
			/* possibly the banner of the next report: decided by its title */
			s->banner_line = st->line_no;
			return;
		}
		text_lines_add(&s->lines, st->title_text);
		if (body_line(st, s, t))
			return;
		{
			bool was_dump = s->sec == SEC_DUMP;

			s->lines.n = s->lines.n ? s->lines.n - 1 : 0;
			if (was_dump && s->dump_closed) {
				/* the closing rule belongs to the dump */
				end_report(st, s, NULL);
				share_hung_dump(st, s);
				return;
			}
			end_report(st, s, s->noise_run > NOISE_LIMIT ? "truncated: report not finished"
								      : NULL);
			if (was_dump)
				share_hung_dump(st, s);
		}
	}
	outside_line(st, s, t);
}

/* One line as the kernel printed it, at input line @line_no. */
static void kernel_line(void *arg, const char *s, size_t len, unsigned long line_no)
{
	struct dmesg_state *st = arg;
	unsigned long now = st->line_no;

	if (st->err)
		return;
	st->line_no = line_no;
	dmesg_line(st, s, len);
	st->line_no = now;
}

/* One physical line: what a collector's encoding made of the kernel's lines (framing.c). */
static void dmesg_record(struct dmesg_state *st, const char *line, size_t len)
{
	decode_record(&st->records, line, len, st->line_no, kernel_line, st);
}

int dmesg_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink)
{
	struct dmesg_state *st = calloc(1, sizeof(*st));
	const char *line;
	size_t len;
	unsigned int i;
	int rc;

	if (!st)
		return -ENOMEM;
	st->ps = ps;
	st->pat = ps->dmesg;
	st->sink = sink;
	st->arena = obs_arena(sink);
	while ((rc = source_next_line(src, &line, &len)) > 0) {
		st->line_no = source_line_no(src);
		dmesg_record(st, line, len);
		if (st->err)
			break;
	}
	/* a quoted-printable line the input ended in the middle of */
	decode_record_end(&st->records, kernel_line, st);
	for (i = 0; i < st->nstreams; i++) {
		struct stream *s = &st->streams[i];

		if (s->r) {
			bool was_dump = s->sec == SEC_DUMP;
			bool cut = s->sec == SEC_BACKTRACE && s->frames_seen && !s->at_bottom &&
				   !s->reopened;

			end_report(st, s, cut ? "truncated: input ends inside the stack" : NULL);
			if (was_dump)
				share_hung_dump(st, s);
		}
		free(s->lines.buf);
		free(s->lines.offs);
	}
	while (st->npending)
		title_compute(st, &st->pending[st->npending - 1]);
	obs_count_lines(sink, st->line_no, st->noise);
	if (!rc && st->err)
		rc = st->err;
	if (rc < 0 && rc != st->err)
		obs_diag(sink, LG_SEV_ERROR, st->line_no + 1, (long long)source_offset(src),
			 "reading stopped: %s", lg_strerror(rc));
	free(st);
	return rc < 0 ? rc : 0;
}
