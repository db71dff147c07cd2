// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The observation sink: where parsers put reports. It spools them for the
 * context (spool.c: they are printed and fed to the graph later) and keeps the
 * per-input counts; names of kinds, subkinds and contexts live here because
 * they are part of the observation vocabulary.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "ingest.h"
#include "lg-local.h"

#define NAME(id, name) name,
static const char *const kind_names[LG_KIND__COUNT] = { LG_KINDS(NAME) };
static const char *const subkind_names[LG_SUB__COUNT] = { LG_SUBKINDS(NAME) };
static const char *const context_names[LG_CTX__COUNT] = { LG_CONTEXTS(NAME) };
#undef NAME

/*
 * The graph observations go into: traced acquisitions and saved graphs feed
 * it as they are read (traces are too many to keep), reports only when the
 * analysis begins (ingest.c).
 */
struct lg_graph *ctx_graph_get(struct lg_ctx *ctx)
{
	if (!ctx->graph)
		ctx->graph = graph_new(&ctx->arena);
	return ctx->graph;
}

const char *obs_kind_name(enum lg_kind kind)
{
	return (unsigned int)kind < LG_KIND__COUNT ? kind_names[kind] : "unknown";
}

const char *obs_subkind_name(enum lg_subkind sub)
{
	return (unsigned int)sub < LG_SUB__COUNT ? subkind_names[sub] : NULL;
}

const char *obs_context_name(enum lg_context c)
{
	return (unsigned int)c < LG_CTX__COUNT ? context_names[c] : "unknown";
}

struct arena *obs_arena(struct obs_sink *s)
{
	return &s->ctx->arena;
}

/* Twice the slots, each string where its hash now puts it; -ENOMEM. */
static int intern_grow(struct obs_sink *s)
{
	uint32_t mask = s->interned_mask ? 2 * s->interned_mask + 1 : 4095, i, k;
	struct intern_slot *v = calloc((size_t)mask + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (i = 0; s->interned && i <= s->interned_mask; i++) {
		if (!s->interned[i].str)
			continue;
		for (k = s->interned[i].hash & mask; v[k].str; k = (k + 1) & mask)
			;
		v[k] = s->interned[i];
	}
	free(s->interned);
	s->interned = v;
	s->interned_mask = mask;
	return 0;
}

const char *obs_intern(struct obs_sink *s, const char *str, size_t len)
{
	uint32_t h, k;
	char *copy;

	/* longer ones are rare and seldom repeat: copied */
	if (len >= 256)
		return arena_strndup(&s->strings, str, len);
	if (2 * (s->n_interned + 1) > s->interned_mask && intern_grow(s))
		return NULL;
	h = fnv32(str, len);
	for (k = h & s->interned_mask; s->interned[k].str; k = (k + 1) & s->interned_mask) {
		const struct intern_slot *sl = &s->interned[k];

		if (sl->hash == h && sl->len == len && !memcmp(sl->str, str, len))
			return sl->str;
	}
	copy = arena_strndup(&s->strings, str, len);
	if (!copy)
		return NULL;
	s->interned[k] = (struct intern_slot){ copy, h, (uint32_t)len };
	s->n_interned++;
	return copy;
}

static void intern_free(struct obs_sink *s)
{
	free(s->interned);
	s->interned = NULL;
	s->interned_mask = s->n_interned = 0;
}

void obs_sink_done(struct obs_sink *s)
{
	intern_free(s);
	arena_adopt(&s->ctx->arena, &s->strings);
	arena_release(&s->reports);
}

void obs_sink_hand_over(struct lg_ctx *to, struct obs_sink *from)
{
	struct report_store *mine = &from->ctx->reports, *theirs = &to->reports;
	uint32_t i, k;

	intern_free(from);
	arena_adopt(&to->arena, &from->strings);
	/* spools whose reports @to took (take_over() in parallel.c) are @to's now */
	for (i = 0; i < mine->n_spools; i++) {
		for (k = 0; k < theirs->n_spools && theirs->spools[k] != mine->spools[i]; k++)
			;
		if (k < theirs->n_spools)
			mine->spools[i] = NULL;
	}
}

struct arena *obs_report_arena(struct obs_sink *s)
{
	return &s->reports;
}

struct lg_report *obs_report_begin(struct obs_sink *s, enum lg_kind kind, unsigned long line)
{
	struct lg_report *r = arena_alloc(&s->reports, sizeof(*r));
	struct open_report o;
	struct report_ref none = { 0 };

	if (!r)
		return NULL;
	r->input = s->input;
	r->kind = kind;
	r->line = line;
	r->end_line = line;
	r->task.pid = -1;
	r->held_declared = -1;
	r->sleep.in_atomic = -1;
	r->sleep.irqs_disabled = -1;
	r->sleep.non_block = -1;
	r->wait_context = -1;
	o.r = r;
	o.ref = s->ctx->reports.n;
	if (reports_push(&s->ctx->reports, &none))
		return NULL;
	if (vec_push(&s->reports, &s->open, o)) {
		s->ctx->reports.n--;	/* no report is listed that was never spooled */
		return NULL;
	}
	return r;
}

int obs_report_end(struct obs_sink *s, struct lg_report *r)
{
	struct arena *a = &s->reports;

	/* the report's lists keep what they hold: the latest allocated first */
	if (r->other_tasks.n)
		vec_fit(a, &r->other_tasks.v[r->other_tasks.n - 1].locks);
	vec_fit(a, &r->held);
	vec_fit(a, &r->frames);
	vec_fit(a, &r->other_tasks);
	r->contexts = context_of_report(r);
	return 0;
}

int reports_push(struct report_store *rs, const struct report_ref *ref)
{
	if (rs->n == rs->cap) {
		uint32_t cap = rs->cap ? rs->cap * 2 : 1024;
		struct report_ref *v = cap > rs->cap ? realloc(rs->v, (size_t)cap * sizeof(*v)) : NULL;

		if (!v)
			return -ENOMEM;
		rs->v = v;
		rs->cap = cap;
	}
	rs->v[rs->n++] = *ref;
	return 0;
}

int reports_adopt_spool(struct report_store *rs, struct spool *sp, uint16_t *index)
{
	struct spool **v;
	uint32_t i;

	for (i = 0; i < rs->n_spools; i++) {
		if (rs->spools[i] == sp) {
			*index = (uint16_t)i;
			return 0;
		}
	}
	if (rs->n_spools >= UINT16_MAX)
		return -LG_ELIMIT;
	v = realloc(rs->spools, ((size_t)rs->n_spools + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	rs->spools = v;
	*index = (uint16_t)rs->n_spools;
	rs->spools[rs->n_spools++] = sp;
	return 0;
}

void reports_clear(struct report_store *rs)
{
	rs->n = 0;
}

void reports_free(struct report_store *rs)
{
	uint32_t i;

	for (i = 0; i < rs->n_spools; i++) {
		if (rs->spools[i])	/* NULL: handed over */
			spool_close(rs->spools[i]);
		free(rs->spools[i]);
	}
	free(rs->spools);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

/* The spool reports go to, and its index in the context's list. */
static int own_spool(struct obs_sink *s, uint16_t *index)
{
	struct report_store *rs = &s->ctx->reports;
	struct spool *sp;
	int err;

	if (rs->own)
		return reports_adopt_spool(rs, rs->own, index);
	sp = malloc(sizeof(*sp));
	if (!sp)
		return -ENOMEM;
	spool_init(sp);
	err = reports_adopt_spool(rs, sp, index);
	if (err) {
		free(sp);
		return err;
	}
	rs->own = sp;
	return 0;
}

static int spool_open_report(struct obs_sink *s, uint16_t index, const struct open_report *o)
{
	struct report_store *rs = &s->ctx->reports;

	return spool_put(rs->own, index, &s->reports, o->r, &rs->v[o->ref]);
}

/*
 * The input is read: no report of it changes any more (a hung task's dump and
 * a title come after the report, but within the input). Each goes to the spool,
 * in the order begun, and the memory they used is emptied for the next input.
 */
int obs_spool_open_reports(struct obs_sink *s)
{
	uint16_t index = 0;
	uint32_t i;
	int err = 0;

	if (s->open.n)
		err = own_spool(s, &index);
	for (i = 0; !err && i < s->open.n; i++)
		err = spool_open_report(s, index, &s->open.v[i]);
	/* written out now: reading them back may be done by several threads */
	if (!err && s->open.n)
		err = spool_flush(s->ctx->reports.own);
	memset(&s->open, 0, sizeof(s->open));
	arena_reset(&s->reports);
	return err;
}

static bool is_live(struct lg_report *r, struct lg_report **const *live, uint32_t n_live)
{
	uint32_t i;

	for (i = 0; i < n_live; i++)
		if (*live[i] == r)
			return true;
	return false;
}

bool obs_reports_should_compact(const struct obs_sink *s)
{
	return s->reports.used_bytes >= s->compact_at;
}

int obs_reports_compact(struct obs_sink *s, struct lg_report **const *live, uint32_t n_live)
{
	struct report_store *rs = &s->ctx->reports;
	struct open_report *keep = NULL;
	uint32_t *which = malloc(((size_t)n_live + 1) * sizeof(*which));
	struct report_cursor c;
	uint32_t i, k, n_keep = 0;
	uint16_t index = 0;
	int err = which ? own_spool(s, &index) : -ENOMEM;

	s->compactions++;
	/* every report no later line can change goes to the spool as it will stay */
	for (i = 0; !err && i < s->open.n; i++) {
		struct open_report *o = &s->open.v[i];

		if (!is_live(o->r, live, n_live)) {
			err = spool_open_report(s, index, o);
			continue;
		}
		/* the others go there for a moment, to be read back into fresh memory */
		if (!keep && !(keep = malloc((size_t)n_live * sizeof(*keep))))
			err = -ENOMEM;
		if (!err && n_keep < n_live) {
			keep[n_keep] = *o;
			err = spool_open_report(s, index, o);
			n_keep++;
		}
	}
	if (!err)
		err = spool_flush(rs->own);
	if (err) {
		free(keep);
		free(which);
		return err;
	}
	/* which copy each pointer is to point to: copies may land where another report was */
	for (k = 0; k < n_live; k++) {
		for (i = 0; i < n_keep && keep[i].r != *live[k]; i++)
			;
		which[k] = i;
	}
	memset(&s->open, 0, sizeof(s->open));
	arena_reset(&s->reports);
	report_cursor_init(&c, rs->spools, rs->n_spools);
	for (i = 0; !err && i < n_keep; i++) {
		err = report_load_into(&c, &rs->v[keep[i].ref], &s->reports, &keep[i].r);
		if (!err)
			err = vec_push(&s->reports, &s->open, keep[i]);
	}
	for (k = 0; !err && k < n_live; k++)
		if (which[k] < n_keep)
			*live[k] = keep[which[k]].r;
	report_cursor_done(&c);
	free(keep);
	free(which);
	return err;
}

int obs_acquire(struct obs_sink *s, const struct lg_acquire *a)
{
	struct lg_graph *g = ctx_graph_get(s->ctx);

	if (!g || graph_input_origin(g, s->input, s->ctx->inputs.v[s->input].path))
		return -ENOMEM;
	return graph_ingest_acquire(g, s->input, a);
}

int obs_lock_kind(struct obs_sink *s, const char *lock, bool sleeps)
{
	struct lg_graph *g = ctx_graph_get(s->ctx);
	uint32_t id;
	int err;

	if (!g)
		return -ENOMEM;
	err = graph_class(g, lock, &id);
	if (!err)
		g->classes[id].primitive |= sleeps ? PRIM_SLEEP : PRIM_SPIN;
	return err;
}

void obs_count_events(struct obs_sink *s, uint64_t events, uint64_t lost)
{
	struct lg_input *in = &s->ctx->inputs.v[s->input];

	in->binary = true;
	in->events = events;
	in->lost_events = lost;
}

int obs_note(struct obs_sink *s, const char *fmt, ...)
{
	struct lg_ctx *ctx = s->ctx;
	char msg[512], *copy;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	copy = arena_strdup(&ctx->arena, msg);
	if (!copy)
		return -ENOMEM;
	return vec_push(&ctx->arena, &ctx->inputs.v[s->input].notes, (const char *)copy);
}

void obs_count_lines(struct obs_sink *s, unsigned long total, unsigned long noise)
{
	struct lg_input *in = &s->ctx->inputs.v[s->input];

	in->lines = total;
	in->noise_lines = noise;
}

void obs_kernel(struct obs_sink *s, const char *version, size_t len, unsigned long line)
{
	struct lg_input *in = &s->ctx->inputs.v[s->input];

	(void)line;
	if (!in->kernel)
		in->kernel = arena_strndup(&s->ctx->arena, version, len < 64 ? len : 64);
}

void obs_diag(struct obs_sink *s, int severity, unsigned long line, long long offset,
	      const char *fmt, ...)
{
	struct lg_ctx *ctx = s->ctx;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx_diag(ctx, ctx->inputs.v[s->input].path, line, offset, (enum lg_severity)severity, 0,
		 "%s", msg);
}

/* Saved graphs --------------------------------------------------------------- */

/*
 * What a saved input's traces showed, kept for its coverage (coverage.c), and
 * its name, by which the graph decides which traced evidence to keep.
 */
static int saved_trace_contexts(struct lg_ctx *ctx, uint32_t input, unsigned int contexts)
{
	struct lg_graph *g = ctx_graph_get(ctx);

	if (!g || graph_input_origin(g, input, ctx->inputs.v[input].path))
		return -ENOMEM;
	return contexts ? graph_input_contexts(g, input, contexts) : 0;
}

int obs_saved_input(struct obs_sink *s, const struct obs_saved_input *si, bool first)
{
	struct lg_ctx *ctx = s->ctx;
	struct lg_input in = { 0 };
	uint32_t i;

	in.path = arena_strdup(&ctx->arena, si->path ? si->path : "");
	in.format = si->format ? arena_strdup(&ctx->arena, si->format) : NULL;
	in.compression = si->compression ? arena_strdup(&ctx->arena, si->compression) : NULL;
	in.kernel = si->kernel ? arena_strdup(&ctx->arena, si->kernel) : NULL;
	if (!in.path || (si->format && !in.format) || (si->compression && !in.compression) ||
	    (si->kernel && !in.kernel))
		return -ENOMEM;
	in.error = si->error;
	in.lines = si->lines;
	in.noise_lines = si->noise_lines;
	in.binary = si->binary;
	in.events = si->events;
	in.lost_events = si->lost_events;
	for (i = 0; i < si->n_notes; i++) {
		const char *note = arena_strdup(&ctx->arena, si->notes[i]);

		if (!note || vec_push(&ctx->arena, &in.notes, note))
			return -ENOMEM;
	}
	/* report counts are made by whoever adds the input (ctx.c), from the reports */
	if (first) {
		ctx->inputs.v[s->input] = in;
		return saved_trace_contexts(ctx, s->input, si->trace_contexts);
	}
	if (vec_push(&ctx->arena, &ctx->inputs, in))
		return -ENOMEM;
	s->input = ctx->inputs.n - 1;
	return saved_trace_contexts(ctx, s->input, si->trace_contexts);
}

uint32_t obs_current_input(const struct obs_sink *s)
{
	return s->input;
}

int obs_saved_report(struct obs_sink *s, const struct lg_report *saved)
{
	struct lg_report *r = obs_report_begin(s, saved->kind, saved->line);
	uint32_t input;

	if (!r)
		return -ENOMEM;
	input = r->input;
	*r = *saved;
	r->input = input;
	return obs_report_end(s, r);
}

int obs_saved_sighting(struct obs_sink *s, const char *cls, const char *raw, uint32_t input,
		       uint32_t line, uint16_t usage, int8_t wait_outer, int8_t wait_inner)
{
	struct lg_graph *g = ctx_graph_get(s->ctx);
	uint32_t id;
	int err;

	if (!g)
		return -ENOMEM;
	err = graph_class(g, cls, &id);
	if (!err)
		err = graph_class_seen_bits(g, id, raw, input, GRAPH_NONE, line, usage, wait_outer,
					    wait_inner);
	return err;
}

int obs_saved_class(struct obs_sink *s, const char *cls, uint8_t primitive, uint32_t n_unkept)
{
	struct lg_graph *g = ctx_graph_get(s->ctx);
	struct lock_class *c;
	uint32_t id;
	int err;

	if (!g)
		return -ENOMEM;
	err = graph_class(g, cls, &id);
	if (err)
		return err;
	c = &g->classes[id];
	c->primitive |= primitive;
	/* restored sightings were counted as they came back; these were only counted */
	c->n_seen += n_unkept;
	return 0;
}

int obs_saved_edge(struct obs_sink *s, const char *from, const char *to, uint32_t n_evidence,
		   unsigned int contexts, const struct obs_saved_evidence *sv, uint32_t n_ev)
{
	struct lg_graph *g = ctx_graph_get(s->ctx);
	uint32_t f, t, id = GRAPH_NONE, i;
	int err;

	if (!g)
		return -ENOMEM;
	err = graph_class(g, from, &f);
	if (!err)
		err = graph_class(g, to, &t);
	for (i = 0; !err && i < n_ev; i++) {
		struct dep_evidence ev = { 0 };

		ev.input = sv[i].input;
		ev.report = GRAPH_NONE;
		ev.line = sv[i].line;
		ev.kind = sv[i].context ? EV_CONTEXT : EV_TRACE;
		ev.raw_from = sv[i].raw_from;
		ev.raw_to = sv[i].raw_to;
		ev.task = sv[i].task;
		ev.at = sv[i].at;
		ev.frames = sv[i].frames;
		ev.n_frames = sv[i].n_frames;
		ev.contexts = sv[i].contexts;
		ev.ts = sv[i].ts;
		ev.cpu = sv[i].cpu;
		ev.read = sv[i].read;
		err = graph_edge(g, f, t, &ev, &id);
	}
	/* evidence beyond what was kept was only counted, its contexts joined */
	if (!err && id != GRAPH_NONE) {
		g->edges[id].contexts |= (uint16_t)contexts;
		if (n_evidence > n_ev) {
			g->edges[id].n_evidence += n_evidence - n_ev;
			g->n_evidence += n_evidence - n_ev;
		}
	}
	return err;
}
