// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/lockdep and /proc/lockdep_chains dumps (kernel/locking/lockdep_proc.c,
 * docs/proc-lockdep.md). Both become reports, so their edges reach the graph
 * the way every other edge does and keep their line as evidence:
 *
 *   /proc/lockdep        "KEY [OPS: N] [FD: N BD: N] USAGE: name" and its
 *                        " -> [KEY] name" lines: one "lockdep-class" report,
 *                        acquire = the class with its usage bits, edges =
 *                        class -> every direct dependency (taken while the
 *                        class was held);
 *   /proc/lockdep_chains "irq_context: N" and its "[KEY] name" lines: one
 *                        "lockdep-chain" report whose held list is the chain
 *                        (held at once, outermost first).
 *
 * Anything else (a shell prompt, "all lock classes:") is noise and ends the
 * entry it interrupts.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph.h"
#include "obs.h"
#include "source.h"
#include "lockline.h"
#include "parsers.h"

struct pl_state {
	struct obs_sink *sink;
	struct arena *arena;
	struct lg_report *r;	/* the open entry, or NULL */
	unsigned long line_no, noise;
	int err;
};

/* Skips blanks at *p; false at the end. */
static bool skip_blanks(struct span t, size_t *p)
{
	while (*p < t.len && t.s[*p] == ' ')
		(*p)++;
	return *p < t.len;
}

/* A class key as %p prints it: hex digits, or "(____ptrval____)" early in boot. */
static bool key_token(struct span t, size_t *p)
{
	size_t start = *p;

	if (t.len - *p >= 16 && !memcmp(t.s + *p, "(____ptrval____)", 16)) {
		*p += 16;
		return true;
	}
	while (*p < t.len && isxdigit((unsigned char)t.s[*p]))
		(*p)++;
	return *p - start >= 8 && (*p == t.len || t.s[*p] == ' ' || t.s[*p] == ']');
}

/* " LABEL: N" (OPS:, FD:, BD:); false and *p unchanged when absent. */
static bool counter(struct span t, size_t *p, const char *label)
{
	size_t q = *p, n = strlen(label), d;

	if (!skip_blanks(t, &q) || t.len - q < n || memcmp(t.s + q, label, n))
		return false;
	q += n;
	skip_blanks(t, &q);
	for (d = q; q < t.len && isdigit((unsigned char)t.s[q]); q++)
		;
	if (q == d)
		return false;
	*p = q;
	return true;
}

/*
 * "ffffffff852c9920 OPS:     963 FD:  315 BD:    4 +.+.: &disk->open_mutex":
 * the name and the usage bits (len 0 when not printed).
 */
static bool class_line(struct span t, struct span *name, struct span *usage)
{
	size_t p = 0, u;
	bool counted, ops;

	if (!key_token(t, &p))
		return false;
	ops = counter(t, &p, "OPS:");
	counted = counter(t, &p, "FD:");
	if (counted && !counter(t, &p, "BD:"))
		return false;
	if (!skip_blanks(t, &p))
		return false;
	for (u = p; p < t.len && strchr("+-.?", t.s[p]); p++)
		;
	usage->s = t.s + u;
	usage->len = p - u;
	if (t.len - p < 3 || t.s[p] != ':' || t.s[p + 1] != ' ')
		return false;
	/* a bare "KEY: name" is too plain to be a class entry */
	if (!usage->len && !counted && !ops)
		return false;
	*name = span_trim(t.s + p + 2, t.len - p - 2);
	return name->len > 0;
}

/* "[KEY] name" of a chain, or " -> [KEY] name" when @arrow. */
static bool keyed_line(struct span t, bool arrow, struct span *name)
{
	size_t p = 0;

	if (arrow) {
		if (!skip_blanks(t, &p) || t.len - p < 3 || memcmp(t.s + p, "->", 2))
			return false;
		p += 2;
		skip_blanks(t, &p);
	}
	if (p >= t.len || t.s[p] != '[')
		return false;
	p++;
	if (!key_token(t, &p) || p >= t.len || t.s[p] != ']')
		return false;
	p++;
	*name = span_trim(t.s + p, t.len - p);
	return name->len > 0;
}

/* "irq_context: N" */
static bool chain_start(struct span t, long *irq)
{
	size_t p = 12;

	if (!span_starts(t, "irq_context:"))
		return false;
	skip_blanks(t, &p);
	if (p >= t.len || !isdigit((unsigned char)t.s[p]))
		return false;
	*irq = strtol(t.s + p, NULL, 10);
	return true;
}

static bool header_line(struct span t)
{
	if (span_starts(t, "(buggered) "))
		t.s += 11, t.len -= 11;
	return (t.len == 17 && !memcmp(t.s, "all lock classes:", 17)) ||
	       (t.len == 16 && !memcmp(t.s, "all lock chains:", 16));
}

bool proc_lockdep_probe(const unsigned char *head, size_t len)
{
	const char *s = (const char *)head, *end = s + len;
	unsigned int lines = 0, other = 0;
	struct span name, usage;
	long irq;

	/* the first recognised line must come within the first few lines */
	while (s < end && lines < 8) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		struct span t = span_trim(s, nl ? (size_t)(nl - s) : (size_t)(end - s));

		if (!nl && end - s >= 512)
			return false;	/* a line cut by the probe window */
		s = nl ? nl + 1 : end;
		if (!t.len)
			continue;
		lines++;
		if (header_line(t) || class_line(t, &name, &usage) || chain_start(t, &irq))
			return true;
		if (++other > 2)
			return false;
	}
	return false;
}

static const char *dup_span(struct pl_state *st, struct span sp)
{
	char *c = arena_strndup(st->arena, sp.s, sp.len);

	if (!c)
		st->err = -ENOMEM;
	return c;
}

static void end_entry(struct pl_state *st)
{
	struct lg_report *r = st->r;
	long irq;

	if (!r)
		return;
	st->r = NULL;
	r->complete = true;
	if (obs_report_end(st->sink, r)) {
		st->err = -ENOMEM;
		return;
	}
	/* lockdep's chain irq_context: 1 hard irq, 2 softirq (task_irq_context()) */
	if (r->kind == LG_KIND_LOCKDEP_CHAIN && r->detail &&
	    chain_start((struct span){ r->detail, strlen(r->detail) }, &irq)) {
		if (irq & 1)
			r->contexts |= 1u << LG_CTX_HARDIRQ;
		if (irq & 2)
			r->contexts |= 1u << LG_CTX_SOFTIRQ;
	}
}

static void begin_entry(struct pl_state *st, enum lg_kind kind, struct span t)
{
	struct lg_report *r = obs_report_begin(st->sink, kind, st->line_no);

	if (!r) {
		st->err = -ENOMEM;
		return;
	}
	r->headline = dup_span(st, t);
	st->r = r;
}

static void pl_line(struct pl_state *st, struct span t)
{
	struct lg_report *r = st->r;
	struct span name, usage;
	long irq;

	if (!t.len) {
		end_entry(st);
		return;
	}
	if (r && r->kind == LG_KIND_LOCKDEP_CLASS && keyed_line(t, true, &name)) {
		struct lg_edge_pair e = { r->acquire.cls, dup_span(st, name) };

		r->end_line = st->line_no;
		if (e.to && strcmp(e.from, e.to) && vec_push(st->arena, &r->edges, e))
			st->err = -ENOMEM;
		return;
	}
	if (r && r->kind == LG_KIND_LOCKDEP_CHAIN && keyed_line(t, false, &name)) {
		struct lg_lock l = { 0 };

		r->end_line = st->line_no;
		l.cls = dup_span(st, name);
		l.line = st->line_no;
		if (l.cls && vec_push(st->arena, &r->held, l))
			st->err = -ENOMEM;
		r->held_declared = r->held.n;
		return;
	}
	end_entry(st);
	if (class_line(t, &name, &usage)) {
		begin_entry(st, LG_KIND_LOCKDEP_CLASS, t);
		if (!st->r)
			return;
		st->r->has_acquire = true;
		st->r->acquire.cls = dup_span(st, name);
		/* lockdep prints 4 usage characters, 6 before 4.14 (RECLAIM_FS) */
		if (usage.len == 4 || usage.len == 6)
			st->r->acquire.usage = dup_span(st, usage);
		if (!st->r->acquire.cls)
			st->r->has_acquire = false;
		return;
	}
	if (chain_start(t, &irq)) {
		begin_entry(st, LG_KIND_LOCKDEP_CHAIN, t);
		if (st->r) {
			st->r->detail = st->r->headline;
			st->r->held_declared = 0;
		}
		return;
	}
	if (!header_line(t))
		st->noise++;
}

int proc_lockdep_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink)
{
	struct pl_state st = { 0 };
	const char *line;
	size_t len;
	int rc;

	(void)ps;
	st.sink = sink;
	st.arena = obs_report_arena(sink);
	while ((rc = source_next_line(src, &line, &len)) > 0) {
		st.line_no = source_line_no(src);
		/* trailing blanks only: the leading " -> " is part of the grammar */
		while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
			len--;
		pl_line(&st, (struct span){ line, len });
		if (st.err)
			break;
	}
	if (!st.err)
		end_entry(&st);
	obs_count_lines(sink, st.line_no, st.noise);
	if (!rc && st.err)
		rc = st.err;
	if (rc < 0 && rc != st.err)
		obs_diag(sink, LG_SEV_ERROR, st.line_no + 1, (long long)source_offset(src),
			 "reading stopped: %s", lg_strerror(rc));
	return rc < 0 ? rc : 0;
}
