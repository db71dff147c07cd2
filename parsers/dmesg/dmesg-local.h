/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the files of the dmesg parser share: the parser's state, a stream's
 * state, the report kind table's row, and small helpers (static inline, so
 * the files call each other in one direction only):
 *
 *   dmesg.c      driver: lines -> caller-id streams -> open/close reports
 *   body.c       lines inside a report               (calls kinds.c)
 *   kinds.c      THE table of report kinds            (calls nothing here)
 *   patterns.c   compiled body-line patterns          (calls kinds.c)
 *   title-feed.c report text kept, with look-ahead, for title.c
 *
 * docs/reports.md is the contract; its "Adding a report kind" says what a
 * new kind takes.
 */
#ifndef LG_DMESG_LOCAL_H
#define LG_DMESG_LOCAL_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "framing.h"
#include "lockgraph.h"
#include "lockline.h"
#include "obs.h"
#include "parsers.h"
#include "rx.h"
#include "span.h"

/* ------------------------------------------------------------------ */
/* patterns (patterns.c)                                              */

enum pat {
	P_NONE,		/* no pattern: a report kind row without a guard */
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

enum lit_at {
	LIT_ANY,	/* anywhere in the line */
	LIT_START,	/* the line starts with it */
	LIT_END,	/* the line ends with it (or with it and a newline: "$") */
};

struct dmesg_patterns {
	struct rx *rx[P__COUNT];
	/* a literal each pattern's matches contain, and where (patterns.c) */
	const char *lit[P__COUNT];
	size_t lit_len[P__COUNT];
	enum lit_at lit_at[P__COUNT];
	/* the first bytes of every header in report_kinds[]: most lines are out at one look */
	bool header_start[256];
};

/* ------------------------------------------------------------------ */
/* state                                                              */

enum section {
	SEC_HEAD,	/* ident line, "----" rule */
	SEC_BODY,
	SEC_CHAIN,	/* frames under "-> #k" */
	SEC_TRACE,	/* frames we do not keep: usage traces, irq dependency trees */
	SEC_HELD,	/* "#i:" entries */
	SEC_BACKTRACE,	/* dump_stack() */
	SEC_DUMP,	/* Showing all locks held in the system */
	SEC_KEEP,	/* body_rules[]: the section stays as it was */
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
	EXP_KEEP,	/* body_rules[]: what is expected stays as it was */
};

#define MAX_STREAMS 64
/* hung tasks of one scan whose dump is still to come */
#define MAX_HUNG 16
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

struct report_kind;

struct stream {
	char caller[12];
	struct lg_report *r;	/* the open report, or NULL */
	const struct report_kind *kind;	/* its row of report_kinds[] */
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
	struct lg_report *hung[MAX_HUNG];
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

/* ------------------------------------------------------------------ */
/* report kinds (kinds.c)                                             */

/* What a report needs to be complete; each with its "missing: ..." text. */
enum part {
	PART_ACQUIRE,		/* the lock being acquired (or released, freed, ...) */
	PART_HOLDING,		/* the lock already held */
	PART_CYCLE,		/* the dependency chain closed into a cycle */
	PART_EDGES,		/* at least one edge */
	PART_USAGE,		/* "inconsistent {A} -> {B} usage." */
	PART_HELD_LIST,		/* the task's held-lock list header */
	PART_HELD_ALL,		/* every entry the held-lock list header announced */
	PART_DETAIL,		/* what the report is about (RCU: the access) */
	PART_IN_ATOMIC,		/* "in_atomic(): ..." */
	PART_DUMP_CLOSED,	/* the "=====" rule after a held-lock dump */
};

struct need {
	enum part part;
	const char *missing;	/* the report's reason when absent, byte for byte */
};

/* Where the report's own stack is: a dump_stack() elsewhere is not its. */
enum stack_at {
	STACK_FIRST,		/* the first stack printed */
	STACK_MARKED,		/* after "stack backtrace:" */
	STACK_AFTER_NEEDS,	/* after "stack backtrace:" until its needs are read */
};

#define KIND_MAX_NEEDS 3

/* Row flags. */
#define K_TITLE		0x01	/* header: the title in "WARNING: x", "BUG: x", "[ INFO: x ]" */
#define K_BANNER	0x02	/* sits under a "=====" rule: the report starts at the rule */
#define K_NO_BACKTRACE	0x04	/* prints no stack */
#define K_ONE_LINE	0x08	/* the header is all: ends at once, interrupts nothing */
#define K_TASK_OF_HELD	0x10	/* no task line: the task is whose locks are listed */
#define K_SHORT_HELD_OK	0x20	/* a held-lock list shorter than announced is no cut */

/*
 * One row per header variant (kinds.c). A line is a header of the row when it
 * starts with @header (K_TITLE: its title is @header, maybe with a final '.'),
 * ends with @tail, contains @has and matches @guard, where each is set.
 */
struct report_kind {
	const char *header;
	unsigned char header_len;
	const char *tail;
	const char *has;
	enum pat guard;		/* P_NONE: none */
	enum lg_kind kind;
	enum lg_subkind sub;
	unsigned int flags;
	enum stack_at stack;
	struct need needs[KIND_MAX_NEEDS];	/* in order; .missing NULL ends */
	enum section sec;	/* where the line after the header is read */
	/* fields of the header line (task, ...); NULL when it has none */
	void (*head)(struct dmesg_state *st, struct stream *s, struct span t);
	/* derives what the report implies once read (a cycle, edges); NULL: nothing */
	void (*finish)(struct dmesg_state *st, struct lg_report *r);
};

const struct report_kind *kind_classify(struct dmesg_state *st, struct span t);
const struct report_kind *kind_find(enum lg_kind kind, enum lg_subkind sub);
void kind_header_starts(bool map[256]);
const char *kind_missing(const struct report_kind *k, const struct lg_report *r,
			 const struct stream *s);
bool kind_stack_after_marker(const struct report_kind *k, const struct lg_report *r,
			     const struct stream *s);
struct span title_text(struct span t);

static inline bool kind_has_backtrace(const struct stream *s)
{
	return !(s->kind->flags & K_NO_BACKTRACE);
}

static inline bool is_header_start(const struct dmesg_state *st, char c)
{
	return st->pat->header_start[(unsigned char)c];
}

/* ------------------------------------------------------------------ */
/* lines inside a report (body.c)                                     */

bool body_line(struct dmesg_state *st, struct stream *s, struct span t);
void note_kernel(struct dmesg_state *st, struct span t);
void join_start(struct stream *s, struct span t, unsigned long line);
struct span join_add(struct stream *s, struct span t);

/* ------------------------------------------------------------------ */
/* titles (title-feed.c)                                              */

void text_lines_add(struct text_lines *tl, struct span t);
void title_compute(struct dmesg_state *st, struct pending_title *p);
void title_defer(struct dmesg_state *st, struct stream *s, struct lg_report *r);
void title_feed(struct dmesg_state *st, struct stream *s, struct span t);

/* ------------------------------------------------------------------ */
/* small helpers                                                      */

static inline bool match(struct dmesg_state *st, enum pat p, struct span t, struct span *g)
{
	const struct dmesg_patterns *pt = st->pat;
	const char *lit = pt->lit[p];
	size_t n = pt->lit_len[p], end = t.len;

	if (pt->lit_at[p] == LIT_START) {
		if (t.len < n || memcmp(t.s, lit, n))
			return false;
	} else if (pt->lit_at[p] == LIT_END) {
		/* "$" also matches before a final newline: LF, or CR LF and CR for a PCRE2 built so */
		if (end && t.s[end - 1] == '\n')
			end--;
		if (end && t.s[end - 1] == '\r')
			end--;
		if (end < n || memcmp(t.s + end - n, lit, n))
			return false;
	} else if (!span_find(t, lit, n)) {
		return false;
	}
	return rx_match(pt->rx[p], t.s, t.len, g);
}

static inline const char *dup_span(struct dmesg_state *st, struct span sp)
{
	const char *s = arena_strndup(st->arena, sp.s ? sp.s : "", sp.s ? sp.len : 0);

	if (!s)
		st->err = -ENOMEM;
	return s;
}

/* dup_span() of what repeats from report to report (obs_intern()). */
static inline const char *intern_span(struct dmesg_state *st, struct span sp)
{
	const char *s = obs_intern(st->sink, sp.s ? sp.s : "", sp.s ? sp.len : 0);

	if (!s)
		st->err = -ENOMEM;
	return s;
}

static inline const char *intern_str(struct dmesg_state *st, const char *str)
{
	struct span sp = { str, strlen(str) };

	return intern_span(st, sp);
}

static inline const char *dup_str(struct dmesg_state *st, const char *s)
{
	const char *d = arena_strdup(st->arena, s);

	if (!d)
		st->err = -ENOMEM;
	return d;
}

static inline long span_long(struct span sp)
{
	char buf[24];

	if (!sp.s || !sp.len || sp.len >= sizeof(buf))
		return -1;
	memcpy(buf, sp.s, sp.len);
	buf[sp.len] = '\0';
	return strtol(buf, NULL, 10);
}

static inline void set_task(struct dmesg_state *st, struct lg_report *r, struct span comm,
			    struct span pid)
{
	if (r->has_task)
		return;
	r->has_task = true;
	r->task.comm = intern_span(st, comm);
	r->task.pid = span_long(pid);
}

static inline void push_str(struct dmesg_state *st, lg_str_vec *v, const char *s)
{
	if (s && vec_push(st->arena, v, s))
		st->err = -ENOMEM;
}

static inline bool is_rule(struct span t, char c)
{
	size_t i;

	if (t.len < 10)
		return false;
	for (i = 0; i < t.len; i++)
		if (t.s[i] != c)
			return false;
	return true;
}

static inline void add_edge(struct dmesg_state *st, struct lg_report *r, const char *from,
			    const char *to)
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

static inline void enter_backtrace(struct stream *s)
{
	s->sec = SEC_BACKTRACE;
	s->backtrace_started = true;
}

#endif
