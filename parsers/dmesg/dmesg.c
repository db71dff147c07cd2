// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel logs: finds every lockdep-family report in a dmesg/console/syslog
 * file and turns it into a struct lg_report (docs/reports.md is the
 * contract). Three layers:
 *
 *   framing  - strips what collectors add around the kernel's text
 *              (timestamps, caller ids, syslog, mail quoting, ...): framing.c
 *   streams  - routes lines by printk caller id, so a report is not broken
 *              by lines other CPUs print in the middle of it: this file
 *   reports  - a per-stream state machine over the report grammar of
 *              kernel/locking/lockdep.c, kernel/sched/core.c and
 *              kernel/hung_task.c (§2, §4, §8 of kernel-formats.md in the
 *              shared corpus, outside this repository): this file opens and
 *              closes reports, kinds.c says what opens one, body.c reads
 *              the lines inside one
 *
 * It knows nothing of graphs or findings: it only fills reports.
 */
#include <stdio.h>

#include "dmesg-local.h"
#include "source.h"

bool dmesg_probe(const unsigned char *head, size_t len)
{
	(void)head;
	(void)len;
	return true;
}

static void end_report(struct dmesg_state *st, struct stream *s, const char *why)
{
	struct lg_report *r = s->r;
	const char *miss;

	if (!r)
		return;
	r->end_line = s->last_line;
	if (s->kind->finish)
		s->kind->finish(st, r);
	miss = kind_missing(s->kind, r, s);
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
	} else if (!(s->kind->flags & K_ONE_LINE)) {
		s->nhung = 0;
	}
	s->r = NULL;
	s->lines.n = 0;
	s->lines.len = 0;
	s->join_len = 0;
}

static void start_report(struct dmesg_state *st, struct stream *s, const struct report_kind *k,
			 unsigned long line, struct span t)
{
	struct lg_report *r = obs_report_begin(st->sink, k->kind, line);

	if (!r) {
		st->err = -ENOMEM;
		return;
	}
	r->subkind = k->sub;
	r->headline = dup_span(st, t);
	s->r = r;
	s->kind = k;
	s->sec = SEC_HEAD;
	s->expect = EXP_NONE;
	s->held_target = NULL;
	s->chain_cur = NULL;
	s->frames_seen = false;
	s->foreign_dump = false;
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
	s->kind = kind_find(LG_KIND_HUNG_TASK, LG_SUB_NONE);
	s->sec = dump ? SEC_DUMP : SEC_HELD;
	s->expect = EXP_NONE;
	s->held_target = NULL;
	s->held_is_subject = false;
	/* nothing of the report the stream read last is continued in the dump */
	s->chain_cur = NULL;
	s->last_lock = NULL;
	s->last_held = NULL;
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
					/* the rule of kind_missing(), for a list found in the dump */
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
 * report (headers start with one of a few letters: kinds.c kind_header_starts()), is a
 * banner rule or a "... is trying to acquire lock:" paste: one look at its
 * first and last byte settles the rest.
 */
static bool chatter(const struct dmesg_state *st, const struct stream *s, struct span t)
{
	if (s->join_len || s->banner_line ||
	    (s->nhung && st->line_no - s->hung_end_line <= ATTACH_WINDOW))
		return false;
	return !is_header_start(st, t.s[0]) && t.s[0] != '=' && t.s[t.len - 1] != ':';
}

/* "INFO: task a" of "INFO: task a\nb:12 blocked for more than 143 seconds." */
static bool split_hung_header(struct span t)
{
	return span_starts(t, "INFO: task ") && !span_contains(t, " for more than ") &&
	       !span_contains(t, " blocked on ");
}

static void outside_line(struct dmesg_state *st, struct stream *s, struct span t)
{
	const struct report_kind *k;
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
	k = kind_classify(st, t);
	if (k) {
		if ((k->flags & K_BANNER) && s->banner_line && st->line_no - s->banner_line <= 4)
			line = s->banner_line;
		s->banner_line = 0;
		start_report(st, s, k, line, t);
		if (!s->r)
			return;
		text_lines_add(&s->lines, st->title_text);
		s->sec = k->sec;
		if (k->head)
			k->head(st, s, t);
		if (k->flags & K_ONE_LINE)
			end_report(st, s, NULL);
		return;
	}
	/* a paste that starts at "comm/pid is trying to acquire lock:" */
	if (span_ends(t, " is trying to acquire lock:") && match(st, P_TRYING, t, NULL)) {
		start_report(st, s, kind_find(LG_KIND_CIRCULAR, LG_SUB_NONE), line, t);
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
		const struct report_kind *k = NULL;

		/* a new report header ends the open one (also one whose comm held a newline) */
		if (t.len && !s->join_len && ((k = kind_classify(st, t)) || split_hung_header(t)) &&
		    !(k && r->kind == LG_KIND_HUNG_TASK && k->kind == LG_KIND_HELD_LOCKS) &&
		    !(k && (k->flags & K_ONE_LINE))) {
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

/*
 * Where in its report a pointer of the open report's stream points, so that it
 * can point to the same place in the report's copy (compact_reports()).
 */
enum lock_slot { SLOT_NONE, SLOT_ACQUIRE, SLOT_HOLDING, SLOT_HELD, SLOT_OTHER, SLOT_CHAIN };

struct lock_place {
	enum lock_slot slot;
	uint32_t list, index;
};

struct open_place {
	long held_target, chain_cur;	/* index in other_tasks, chain; -1: none */
	struct lock_place last_lock, last_held;
};

static bool in_locks(const lg_lock_vec *v, const struct lg_lock *l, uint32_t *index)
{
	if (!v->n || l < v->v || l >= v->v + v->n)
		return false;
	*index = (uint32_t)(l - v->v);
	return true;
}

static struct lock_place lock_place_of(const struct lg_report *r, const struct lg_lock *l)
{
	struct lock_place p = { SLOT_NONE, 0, 0 };
	uint32_t i;

	if (!l)
		return p;
	if (l == &r->acquire)
		p.slot = SLOT_ACQUIRE;
	else if (l == &r->holding)
		p.slot = SLOT_HOLDING;
	else if (in_locks(&r->held, l, &p.index))
		p.slot = SLOT_HELD;
	for (i = 0; p.slot == SLOT_NONE && i < r->other_tasks.n; i++) {
		if (in_locks(&r->other_tasks.v[i].locks, l, &p.index)) {
			p.slot = SLOT_OTHER;
			p.list = i;
		}
	}
	for (i = 0; p.slot == SLOT_NONE && i < r->chain.n; i++) {
		if (l == &r->chain.v[i].lock) {
			p.slot = SLOT_CHAIN;
			p.index = i;
		}
	}
	return p;
}

static struct lg_lock *lock_at(struct lg_report *r, struct lock_place p)
{
	switch (p.slot) {
	case SLOT_ACQUIRE:
		return &r->acquire;
	case SLOT_HOLDING:
		return &r->holding;
	case SLOT_HELD:
		return &r->held.v[p.index];
	case SLOT_OTHER:
		return &r->other_tasks.v[p.list].locks.v[p.index];
	case SLOT_CHAIN:
		return &r->chain.v[p.index].lock;
	default:
		return NULL;
	}
}

static void place_of(const struct stream *s, struct open_place *p)
{
	const struct lg_report *r = s->r;

	p->held_target = s->held_target ? (long)(s->held_target - r->other_tasks.v) : -1;
	p->chain_cur = s->chain_cur ? (long)(s->chain_cur - r->chain.v) : -1;
	p->last_lock = lock_place_of(r, s->last_lock);
	p->last_held = lock_place_of(r, s->last_held);
}

static void place_again(struct stream *s, const struct open_place *p)
{
	struct lg_report *r = s->r;

	s->held_target = p->held_target >= 0 ? &r->other_tasks.v[p->held_target] : NULL;
	s->chain_cur = p->chain_cur >= 0 ? &r->chain.v[p->chain_cur] : NULL;
	s->last_lock = lock_at(r, p->last_lock);
	s->last_held = lock_at(r, p->last_held);
}

/*
 * The memory of the reports read so far is given back (obs.h). What a later
 * line can still change is copied: a report being read, a hung task waiting
 * for its dump, a report waiting for its title; and what this parser points to
 * inside them points to the copies.
 */
static void compact_reports(struct dmesg_state *st)
{
	struct lg_report **live[MAX_STREAMS * (MAX_HUNG + 1) + MAX_PENDING_TITLES];
	struct open_place places[MAX_STREAMS];
	uint32_t n = 0;
	unsigned int i, j;
	int err;

	for (i = 0; i < st->nstreams; i++) {
		struct stream *s = &st->streams[i];

		if (s->r) {
			place_of(s, &places[i]);
			live[n++] = &s->r;
		} else {
			/* what start_report() sets again: never read with no report open */
			s->held_target = NULL;
			s->chain_cur = NULL;
			s->last_lock = NULL;
			s->last_held = NULL;
		}
		for (j = 0; j < s->nhung; j++)
			live[n++] = &s->hung[j];
	}
	for (i = 0; i < st->npending; i++)
		live[n++] = &st->pending[i].r;
	err = obs_reports_compact(st->sink, live, n);
	if (err) {
		/* the rest of the input could only be lost the same way */
		obs_diag(st->sink, LG_SEV_ERROR, st->line_no, -1,
			 "reading stopped: reports could not be kept on disk: %s", lg_strerror(err));
		st->err = err;
		return;
	}
	for (i = 0; i < st->nstreams; i++)
		if (st->streams[i].r)
			place_again(&st->streams[i], &places[i]);
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
	st->arena = obs_report_arena(sink);
	while ((rc = source_next_line(src, &line, &len)) > 0) {
		st->line_no = source_line_no(src);
		dmesg_record(st, line, len);
		if (!st->err && obs_reports_should_compact(sink))
			compact_reports(st);
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
	if (rc >= 0 && st->err)
		rc = st->err;	/* also when reading stopped at it */
	if (rc < 0 && rc != st->err)
		obs_diag(sink, LG_SEV_ERROR, st->line_no + 1, (long long)source_offset(src),
			 "reading stopped: %s", lg_strerror(rc));
	free(st);
	return rc < 0 ? rc : 0;
}
