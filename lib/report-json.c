// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The JSON reporter (docs/json-output.md): json-c objects in schema order,
 * reports and findings serialised one at a time. Knows reports and findings,
 * never input formats.
 */
#include <errno.h>
#include <json-c/json.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "json-util.h"
#include "lg-local.h"
#include "output.h"
#include "utf8.h"

static struct json_object *lock_obj(const struct lg_lock *l)
{
	struct json_object *o = json_object_new_object();

	json_put(o, "class", json_text(l->cls));
	json_put(o, "at", json_text(l->at));
	return o;
}

static struct json_object *task_obj(const struct lg_task *t)
{
	struct json_object *o = json_object_new_object();

	json_put(o, "comm", json_text(t->comm));
	json_put(o, "pid", t->pid >= 0 ? json_object_new_int64(t->pid) : NULL);
	return o;
}

static struct json_object *int_or_null(int v)
{
	return v >= 0 ? json_object_new_int(v) : NULL;
}

static struct json_object *sleep_obj(const struct lg_report *r)
{
	const struct lg_sleep *s = &r->sleep;
	struct json_object *o = json_object_new_object();

	json_put(o, "at", json_text(s->at));
	json_put(o, "in_atomic", int_or_null(s->in_atomic));
	json_put(o, "irqs_disabled", int_or_null(s->irqs_disabled));
	json_put(o, "non_block", int_or_null(s->non_block));
	json_put(o, "pid", r->has_task && r->task.pid >= 0 ?
					 json_object_new_int64(r->task.pid) : NULL);
	json_put(o, "comm", r->has_task ? json_text(r->task.comm) : NULL);
	json_put(o, "preempt_count", json_text(s->preempt_count));
	json_put(o, "expected", json_text(s->expected));
	json_put(o, "preempt_disabled_at", json_text(s->preempt_disabled_at));
	return o;
}

/* "classes": every class printed with usage bits or a wait type. */
static void add_class(struct json_object *classes, const struct lg_lock *l)
{
	struct json_object *o;

	if (!l->cls || (!l->usage && !l->wait))
		return;
	if (json_object_object_get_ex(classes, l->cls, NULL))
		return;
	o = json_object_new_object();
	json_put(o, "usage", json_text(l->usage));
	json_put(o, "wait", json_text(l->wait));
	if (utf8_valid(l->cls)) {
		json_object_object_add(classes, l->cls, o);
	} else {
		char *key = utf8_sanitize(l->cls);	/* json-c copies keys */

		if (key)
			json_object_object_add(classes, key, o);
		else
			json_object_put(o);
		free(key);
	}
}

static struct json_object *classes_obj(const struct lg_report *r)
{
	struct json_object *o = json_object_new_object();
	uint32_t i, j;

	if (r->has_acquire)
		add_class(o, &r->acquire);
	if (r->has_holding)
		add_class(o, &r->holding);
	for (i = 0; i < r->held.n; i++)
		add_class(o, &r->held.v[i]);
	for (i = 0; i < r->chain.n; i++)
		add_class(o, &r->chain.v[i].lock);
	for (i = 0; i < r->other_tasks.n; i++)
		for (j = 0; j < r->other_tasks.v[i].locks.n; j++)
			add_class(o, &r->other_tasks.v[i].locks.v[j]);
	return o;
}

static struct json_object *irq_obj(const struct lg_irq *q)
{
	struct json_object *o;

	if (!q->state && !q->safe && !q->unsafe && !q->usage_from && !q->context_tag)
		return NULL;
	o = json_object_new_object();
	json_put(o, "state", json_text(q->state));
	json_put(o, "safe", json_text(q->safe));
	json_put(o, "unsafe", json_text(q->unsafe));
	json_put(o, "usage_from", json_text(q->usage_from));
	json_put(o, "usage_to", json_text(q->usage_to));
	json_put(o, "context_tag", json_text(q->context_tag));
	return o;
}

static struct json_object *report_obj(const struct lg_report *r)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a;
	uint32_t i;

	json_put(o, "input", json_object_new_int((int)r->input));
	json_put(o, "line", json_object_new_int64((int64_t)r->line));
	json_put(o, "end_line", json_object_new_int64((int64_t)r->end_line));
	json_put(o, "kind", json_text(obs_kind_name(r->kind)));
	json_put(o, "subkind", json_text(obs_subkind_name(r->subkind)));
	json_put(o, "title", json_text(r->title));
	json_put(o, "headline", json_text(r->headline));
	json_put(o, "task", r->has_task ? task_obj(&r->task) : NULL);
	json_put(o, "acquire", r->has_acquire ? lock_obj(&r->acquire) : NULL);
	json_put(o, "holding", r->has_holding ? lock_obj(&r->holding) : NULL);
	json_put(o, "held", json_lock_array(r->held.v, r->held.n, lock_obj));
	json_put(o, "cycle", r->has_cycle ?
				       json_str_array(r->cycle.v, r->cycle.n, json_text) : NULL);
	a = json_object_new_array();
	for (i = 0; i < r->edges.n; i++) {
		struct json_object *e = json_object_new_array();

		json_object_array_add(e, json_text(r->edges.v[i].from));
		json_object_array_add(e, json_text(r->edges.v[i].to));
		json_object_array_add(a, e);
	}
	json_put(o, "edges", a);
	json_put(o, "contexts", json_contexts(r->contexts));
	json_put(o, "sleep", r->has_sleep ? sleep_obj(r) : NULL);
	json_put(o, "irq", irq_obj(&r->irq));
	json_put(o, "detail", json_text(r->detail));
	json_put(o, "lockdep_off", json_object_new_boolean(r->lockdep_off));
	json_put(o, "classes", classes_obj(r));
	a = json_object_new_array();
	for (i = 0; i < r->chain.n; i++) {
		struct json_object *c = json_object_new_object();

		json_put(c, "index", json_object_new_int((int)r->chain.v[i].index));
		json_put(c, "class", json_text(r->chain.v[i].lock.cls));
		json_put(c, "frames", json_str_array(r->chain.v[i].frames.v,
							      r->chain.v[i].frames.n, json_text));
		json_object_array_add(a, c);
	}
	json_put(o, "chain", a);
	json_put(o, "frames", json_str_array(r->frames.v, r->frames.n, json_text));
	a = json_object_new_array();
	for (i = 0; i < r->other_tasks.n; i++) {
		const struct lg_held_list *hl = &r->other_tasks.v[i];
		struct json_object *t = task_obj(&hl->task);

		json_put(t, "declared", hl->declared >= 0 ?
						      json_object_new_int64(hl->declared) : NULL);
		json_put(t, "held",
				       json_lock_array(hl->locks.v, hl->locks.n, lock_obj));
		json_object_array_add(a, t);
	}
	json_put(o, "other_tasks", a);
	json_put(o, "complete", json_object_new_boolean(r->complete));
	json_put(o, "reason", json_text(r->reason));
	return o;
}

/* Findings ----------------------------------------------------------------- */

/* Sightings listed per class; the rest are counted. */
#define JSON_SIGHTINGS 16

static const char *usage_name_of(unsigned int bit)
{
	return usage_bit_name((enum usage_bit)bit);
}

static struct json_object *usage_array(uint16_t usage)
{
	return json_names(usage, USAGE__COUNT, usage_name_of);
}

static struct json_object *class_detail(const struct lock_class *c)
{
	struct json_object *o = json_object_new_object(), *seen = json_object_new_array();
	uint32_t i;

	json_put(o, "class", json_text(c->name));
	json_put(o, "kind", json_text(lock_kind_name(c->kind)));
	json_put(o, "kind_from", json_text(kind_basis_name(c->basis)));
	json_put(o, "usage", usage_array(c->usage));
	for (i = 0; i < c->seen.n && i < JSON_SIGHTINGS; i++) {
		const struct class_sighting *s = &c->seen.v[i];
		struct json_object *so = json_object_new_object();
		char wait[16];

		json_put(so, "input", json_object_new_int((int)s->input));
		json_put(so, "name", json_text(s->raw));
		json_put(so, "usage", usage_array(s->usage));
		if (s->wait_inner >= 0) {
			snprintf(wait, sizeof(wait), "%d:%d", s->wait_outer, s->wait_inner);
			json_put(so, "wait", json_text(wait));
		} else {
			json_put(so, "wait", NULL);
		}
		json_object_array_add(seen, so);
	}
	json_put(o, "seen", seen);
	json_put(o, "seen_count", json_object_new_int64(c->n_seen));
	return o;
}

static struct json_object *evidence_obj(const struct dep_evidence *ev)
{
	struct json_object *o = json_object_new_object();

	json_put(o, "input", json_object_new_int((int)ev->input));
	json_put(o, "report", ev->report != GRAPH_NONE ?
					    json_object_new_int((int)ev->report) : NULL);
	json_put(o, "line", json_object_new_int64(ev->line));
	json_put(o, "kind", json_text(evidence_kind_name(ev->kind)));
	json_put(o, "from", json_text(ev->raw_from));
	json_put(o, "to", json_text(ev->raw_to));
	json_put(o, "task", ev->task ? task_obj(ev->task) : NULL);
	json_put(o, "at", json_text(ev->at));
	json_put(o, "frames", json_str_array(ev->frames, ev->n_frames, json_text));
	json_put(o, "held_outside",
			       ev->outer_known ? json_lock_array(ev->outer, ev->n_outer, lock_obj)
					       : NULL);
	json_put(o, "contexts", json_contexts(ev->contexts));
	/* an order lockdep was taught at boot or registration, not an acquisition */
	json_put(o, "priming", json_object_new_boolean(evidence_priming(ev)));
	if (ev->kind == EV_TRACE) {
		json_put(o, "ts_ns", json_object_new_int64((int64_t)ev->ts));
		json_put(o, "cpu", json_object_new_int(ev->cpu));
		json_put(o, "read", json_object_new_boolean(ev->read));
	}
	return o;
}

/* An edge with its evidence; with @only_report != GRAPH_NONE, only that report's. */
static struct json_object *edge_obj(const struct lg_graph *g, uint32_t id, uint32_t only_report)
{
	const struct dep_edge *e = &g->edges[id];
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	const struct ev_rec *rec;
	struct dep_evidence ev;

	json_put(o, "from", json_text(g->classes[e->from].name));
	json_put(o, "to", json_text(g->classes[e->to].name));
	json_put(o, "contexts", json_contexts(e->contexts));
	json_put(o, "evidence_count", json_object_new_int64(e->n_evidence));
	only_report = graph_evidence_of_report(e, only_report);
	for_each_evidence(e, rec, ev)
		if (only_report == GRAPH_NONE || ev.report == only_report)
			json_object_array_add(a, evidence_obj(&ev));
	json_put(o, "evidence", a);
	return o;
}

/* Lockdep's unsafe scenario of a cycle, each acquisition with the evidence that shows it. */
static struct json_object *scenario_obj(const struct lg_graph *g, const struct finding *f)
{
	struct json_object *o, *a;
	struct scenario sc;
	uint32_t i;

	if (!finding_scenario(f, &sc))
		return NULL;
	o = json_object_new_object();
	a = json_object_new_array();
	for (i = 0; i < f->n_classes; i++)
		json_object_array_add(a, json_text(g->classes[f->classes[(sc.first + i) %
								 f->n_classes]].name));
	json_put(o, "chain", a);
	a = json_object_new_array();
	for (i = 0; i < sc.n_steps; i++) {
		struct json_object *so = json_object_new_object();
		const struct scenario_step *st = &sc.steps[i];
		struct dep_evidence ev;

		json_put(so, "cpu", json_object_new_int(st->cpu));
		json_put(so, "lock", json_text(g->classes[st->cls].name));
		if (scenario_evidence(g, st, &ev)) {
			json_put(so, "evidence", evidence_obj(&ev));
		} else {
			json_put(so, "evidence", NULL);
		}
		json_object_array_add(a, so);
	}
	json_put(o, "steps", a);
	return o;
}

static struct json_object *finding_obj(struct lg_ctx *ctx, const struct finding *f)
{
	const struct lg_graph *g = ctx->graph;
	struct json_object *o = json_object_new_object(), *a;
	uint32_t i;

	json_put(o, "type", json_text(finding_type_name(f->type)));
	json_put(o, "signature", json_text(f->signature));
	json_put(o, "title", json_text(f->title));
	json_put(o, "irq_state", f->type == FINDING_IRQ_INVERSION ?
					       json_text(irq_state_name(f->irq_state)) : NULL);
	a = json_object_new_array();
	for (i = 0; i < f->n_classes; i++)
		json_object_array_add(a, json_text(g->classes[f->classes[i]].name));
	json_put(o, "classes", a);
	a = json_object_new_array();
	for (i = 0; i < f->n_edges; i++)
		json_object_array_add(a, edge_obj(g, f->edges[i], f->sleep_report));
	json_put(o, "edges", a);
	json_put(o, "contexts", json_contexts(f->contexts));
	json_put(o, "reported", json_object_new_boolean(f->reported));
	if (f->sleep_report != GRAPH_NONE) {
		struct json_object *so = json_object_new_object();

		json_put(so, "report", json_object_new_int64(f->sleep_report));
		json_put(so, "function", json_text(f->slept_in));
		json_put(so, "primitive", json_text(f->slept_by));
		json_put(o, "slept", so);
	} else {
		json_put(o, "slept", NULL);
	}
	json_put(o, "confidence", json_text(confidence_name(f->confidence)));
	json_put(o, "reasons", json_names(f->reasons, WEAK__COUNT, weak_reason_name));
	json_put(o, "flags", json_names(f->flags, FINDING__FLAGS, finding_flag_name));
	json_put(o, "gate",
			       f->gate != GRAPH_NONE ? json_text(g->classes[f->gate].name) : NULL);
	a = json_object_new_array();
	for (i = 0; i < f->n_classes; i++)
		json_object_array_add(a, class_detail(&g->classes[f->classes[i]]));
	json_put(o, "locks", a);
	json_put(o, "scenario", f->confidence == CONF_PROVED ? NULL
									   : scenario_obj(g, f));
	/* the findings folded into this one, each whole (their own "also" is empty) */
	a = json_object_new_array();
	for (i = 0; i < f->n_also; i++)
		json_object_array_add(a, finding_obj(ctx, f->also[i]));
	json_put(o, "also", a);
	return o;
}

/*
 * --graph: every class (name, kind) and every edge (from, to, count, contexts,
 * trylock), in name order: the same whatever order the inputs were read in.
 */
static void graph_lists(const struct lg_graph *g, struct json_object *o)
{
	struct json_object *classes = json_object_new_array(), *edges = json_object_new_array();
	uint32_t i, p;

	for (i = 0; i < g->n_classes; i++) {
		const struct lock_class *c = &g->classes[g->by_name[i]];
		struct json_object *co = json_object_new_object();

		json_put(co, "class", json_text(c->name));
		json_put(co, "kind", json_text(lock_kind_name(c->kind)));
		json_put(co, "usage", usage_array(c->usage));
		json_object_array_add(classes, co);
	}
	for (i = 0; i < g->n_classes; i++) {
		for (p = graph_out_begin(g, g->by_name[i]); p < graph_out_end(g, g->by_name[i]); p++) {
			const struct dep_edge *e = &g->edges[g->out_edges[p]];
			struct json_object *eo = json_object_new_object();

			json_put(eo, "from", json_text(g->classes[e->from].name));
			json_put(eo, "to", json_text(g->classes[e->to].name));
			json_put(eo, "evidence_count",
					       json_object_new_int64(e->n_evidence));
			json_put(eo, "contexts", json_contexts(e->contexts));
			json_put(eo, "trylock",
					       json_object_new_boolean(e->flags & EDGE_TRYLOCK));
			json_object_array_add(edges, eo);
		}
	}
	json_put(o, "class_list", classes);
	json_put(o, "edge_list", edges);
}

static struct json_object *graph_obj(struct lg_ctx *ctx, unsigned int flags)
{
	const struct lg_graph *g = ctx->graph;
	struct json_object *o;

	if (!g)
		return NULL;
	o = json_object_new_object();
	json_put(o, "classes", json_object_new_int64(g->n_classes));
	json_put(o, "edges", json_object_new_int64(g->n_edges));
	json_put(o, "evidence", json_object_new_int64((int64_t)g->n_evidence));
	json_put(o, "components", json_object_new_int64(ctx->findings->scc_count));
	json_put(o, "folded_only", json_object_new_int64(ctx->findings->folded_only));
	json_put(o, "trylock_edges", json_object_new_int64(g->n_trylock_edges));
	if (flags & LG_WRITE_GRAPH)
		graph_lists(g, o);
	return o;
}

/* Where lockdep stopped checking, tables that ran full, contexts seen (coverage.c). */
static struct json_object *coverage_obj(const struct lg_ctx *ctx, uint32_t idx, int *err)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array(), *off = NULL;
	struct input_coverage cov;
	struct report_cursor c;
	uint32_t i;

	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	*err = input_coverage(ctx, idx, &cov);
	if (cov.off_by && !*err) {
		const struct lg_report *r;

		*err = report_load(&c, cov.off_by, &r);
		off = json_object_new_object();
		json_put(off, "line", json_object_new_int64((int64_t)cov.off_by->line));
		json_put(off, "kind", json_text(obs_kind_name(cov.off_by->kind)));
		json_put(off, "title", json_text(*err ? NULL : r->title));
	}
	report_cursor_done(&c);
	json_put(o, "lockdep_off", off);
	json_put(o, "lockdep_off_before_log",
			       json_object_new_boolean(!cov.off_by && cov.off_already));
	for (i = 0; i < cov.n_exhausted; i++) {
		struct json_object *e = json_object_new_object();

		json_put(e, "limit", json_text(cov.exhausted[i].limit));
		json_put(e, "line", json_object_new_int64((int64_t)cov.exhausted[i].line));
		json_object_array_add(a, e);
	}
	json_put(o, "exhausted", a);
	json_put(o, "contexts", json_contexts(cov.contexts));
	return o;
}

static struct json_object *input_obj(struct lg_ctx *ctx, uint32_t idx, int *err)
{
	const struct lg_input *in = &ctx->inputs.v[idx];
	struct json_object *o = json_object_new_object();

	json_put(o, "path", json_text(in->path));
	json_put(o, "format", json_text(in->format));
	json_put(o, "compression", json_text(in->compression));
	json_put(o, "error", in->error ? json_text(lg_strerror(in->error)) : NULL);
	json_put(o, "lines", json_object_new_int64((int64_t)in->lines));
	json_put(o, "noise_lines", json_object_new_int64((int64_t)in->noise_lines));
	json_put(o, "reports", json_object_new_int((int)in->reports));
	json_put(o, "complete", json_object_new_int((int)(in->reports - in->incomplete)));
	json_put(o, "incomplete", json_object_new_int((int)in->incomplete));
	json_put(o, "events", in->binary ?
					    json_object_new_int64((int64_t)in->events) : NULL);
	json_put(o, "lost_events", in->binary ?
						 json_object_new_int64((int64_t)in->lost_events) : NULL);
	json_put(o, "notes", json_str_array(in->notes.v, in->notes.n, json_text));
	json_put(o, "kernel", json_text(in->kernel));
	json_put(o, "coverage", coverage_obj(ctx, idx, err));
	if (ctx->findings) {
		json_put(o, "wait_config",
				       json_text(wait_config_name(ctx->findings->wait_config[idx])));
		json_put(o, "wait_config_reason",
				       json_text(ctx->findings->wait_config_why[idx]));
	}
	return o;
}

/*
 * The output is one object, but reports and findings are serialised one at
 * a time (each by json-c) and freed, so memory does not grow with the number
 * of reports beyond the reports themselves. Each is serialised at its depth
 * in the document (put_value()) and written a buffer at a time, not a line
 * at a time (a write per line was a tenth of the writer's time).
 */
#define JSON_OUT_BUF (64u * 1024u)

#define JSON_MAX_DEPTH 4	/* the document's values sit at most this many levels in */

struct json_out {
	FILE *file;	/* NULL: the text stays in @buf (a thread's share of the reports) */
	char *buf;
	size_t used, cap;
	int err;
	/*
	 * nest[d]: d nested arrays, the innermost inner[d], that put_value()
	 * serialises a value in; kept, so json-c's print buffer in nest[d] is
	 * grown once, not for every report.
	 */
	struct json_object *nest[JSON_MAX_DEPTH + 1], *inner[JSON_MAX_DEPTH + 1];
};

static void out_done(struct json_out *out)
{
	int d;

	for (d = 0; d <= JSON_MAX_DEPTH; d++)
		json_object_put(out->nest[d]);
	free(out->buf);
}

static void out_flush(struct json_out *out)
{
	if (out->used && fwrite(out->buf, 1, out->used, out->file) != out->used && !out->err)
		out->err = -LG_EOUTPUT;
	out->used = 0;
}

static void out_bytes(struct json_out *out, const char *s, size_t n)
{
	if (!n)
		return;	/* an empty share has no buffer at all */
	if (n > out->cap - out->used) {
		if (out->file) {
			out_flush(out);
			if (n > out->cap) {
				if (fwrite(s, 1, n, out->file) != n && !out->err)
					out->err = -LG_EOUTPUT;
				return;
			}
		} else {
			size_t cap = out->used + n > 2 * out->cap ? out->used + n : 2 * out->cap;
			char *buf = realloc(out->buf, cap > JSON_OUT_BUF ? cap : JSON_OUT_BUF);

			if (!buf) {
				out->err = -ENOMEM;
				return;
			}
			out->buf = buf;
			out->cap = cap > JSON_OUT_BUF ? cap : JSON_OUT_BUF;
		}
	}
	memcpy(out->buf + out->used, s, n);
	out->used += n;
}

static void out_str(struct json_out *out, const char *s)
{
	out_bytes(out, s, strlen(s));
}

#define JSON_FLAGS \
	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

/*
 * @text, json-c's pretty output starting at column 0, with @indent (at most 8)
 * blanks after each newline: JSON strings hold no raw newline, so every
 * newline is one of json-c's.
 */
static void put_reindented(struct json_out *out, const char *text, size_t len, int indent)
{
	static const char blanks[] = "        ";
	const char *p, *end = text + len;

	for (p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);

		out_bytes(out, p, n);
		if (nl)
			out_bytes(out, blanks, (size_t)indent);
		p += n;
	}
}

/* out->nest[@depth] and its innermost array, made the first time; 0 or -ENOMEM */
static int nest_of(struct json_out *out, int depth)
{
	struct json_object *outer, *cur;
	int k;

	if (out->nest[depth])
		return 0;
	outer = cur = json_object_new_array();
	for (k = 1; cur && k < depth; k++) {
		struct json_object *a = json_object_new_array();

		if (!a || json_object_array_add(cur, a)) {
			json_object_put(a);
			cur = NULL;
		} else {
			cur = a;
		}
	}
	if (!cur) {
		json_object_put(outer);
		return -ENOMEM;
	}
	out->nest[depth] = outer;
	out->inner[depth] = cur;
	return 0;
}

/*
 * @o (owned) at @indent (even, at most 2 * JSON_MAX_DEPTH) columns. json-c's
 * pretty output starts at column 0; @o is serialised as the only element of
 * @indent / 2 nested arrays, so json-c indents it, and what lies between the
 * arrays' brackets is written as it is (re-indenting a report line by line,
 * and growing a new print buffer for each, were a tenth of the writer's
 * instructions). Should a json-c print the arrays otherwise, @o is
 * serialised alone and re-indented.
 */
static int put_value(struct json_out *out, struct json_object *o, int indent)
{
	char head[JSON_MAX_DEPTH * (2 + 2 * JSON_MAX_DEPTH)];
	char tail[JSON_MAX_DEPTH * (2 + 2 * JSON_MAX_DEPTH)];
	size_t n_head = 0, n_tail = 0, len;
	int depth = indent / 2, k, err;
	const char *text;

	if (depth < 1 || depth > JSON_MAX_DEPTH)
		depth = depth < 1 ? 1 : JSON_MAX_DEPTH;
	indent = 2 * depth;
	err = nest_of(out, depth);
	if (!err && json_object_array_put_idx(out->inner[depth], 0, o))
		err = -ENOMEM;
	if (err) {
		json_object_put(o);
		return err;
	}
	/* level k opens with "[\n" and its element's indent, and closes the other way */
	for (k = 0; k < depth; k++) {
		head[n_head++] = '[';
		head[n_head++] = '\n';
		memset(head + n_head, ' ', (size_t)(2 * (k + 1)));
		n_head += (size_t)(2 * (k + 1));
	}
	for (k = depth - 1; k >= 0; k--) {
		tail[n_tail++] = '\n';
		memset(tail + n_tail, ' ', (size_t)(2 * k));
		n_tail += (size_t)(2 * k);
		tail[n_tail++] = ']';
	}
	text = json_object_to_json_string_length(out->nest[depth], JSON_FLAGS, &len);
	if (text && len >= n_head + n_tail && !memcmp(text, head, n_head) &&
	    !memcmp(text + len - n_tail, tail, n_tail)) {
		out_bytes(out, text + n_head, len - n_head - n_tail);
	} else if (text) {
		text = json_object_to_json_string_length(o, JSON_FLAGS, &len);
		if (text)
			put_reindented(out, text, len, indent);
	}
	json_object_array_del_idx(out->inner[depth], 0, 1);	/* frees @o */
	return text ? out->err : -ENOMEM;
}

/*
 * Reports are most of a big document and independent of each other: with
 * more than one thread (lg_opts.jobs), each serialises a share of a round of
 * reports into memory, and the shares are written in report order, so the
 * output is the same for any number of threads and memory is bounded by a
 * round (a few MB).
 */
#define JSON_SHARE 512	/* reports a thread serialises per round */
#define JSON_MAX_THREADS 16

struct report_share {
	const struct lg_ctx *ctx;
	uint32_t first, end;	/* reports [first, end) */
	struct json_out text;
	pthread_t thread;
	bool started;
};

static void put_report_range(const struct lg_ctx *ctx, struct json_out *out, uint32_t first,
			     uint32_t end)
{
	struct report_cursor c;
	uint32_t i;

	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	for (i = first; i < end && !out->err; i++) {
		const struct lg_report *r;
		int err = report_load(&c, &ctx->reports.v[i], &r);

		if (err) {
			out->err = err;
			break;
		}
		out_str(out, i ? ",\n    " : "\n    ");
		put_value(out, report_obj(r), 4);
	}
	report_cursor_done(&c);
}

static void *share_main(void *arg)
{
	struct report_share *sh = arg;

	sh->text.used = 0;
	put_report_range(sh->ctx, &sh->text, sh->first, sh->end);
	return NULL;
}

static int put_reports(const struct lg_ctx *ctx, struct json_out *out)
{
	struct report_share shares[JSON_MAX_THREADS];
	unsigned int threads = ctx->opts.jobs, t;
	uint32_t n = ctx->reports.n, first;

	if (threads > JSON_MAX_THREADS)
		threads = JSON_MAX_THREADS;
	if (threads < 2 || n < 2 * JSON_SHARE) {
		put_report_range(ctx, out, 0, n);
		return out->err;
	}
	memset(shares, 0, sizeof(shares));
	for (first = 0; first < n && !out->err; first += threads * JSON_SHARE) {
		for (t = 0; t < threads; t++) {
			struct report_share *sh = &shares[t];

			sh->ctx = ctx;
			sh->first = first + t * JSON_SHARE < n ? first + t * JSON_SHARE : n;
			sh->end = sh->first + JSON_SHARE < n ? sh->first + JSON_SHARE : n;
			/* the caller takes the first share, and any a thread could not */
			sh->started = t && sh->first < sh->end &&
				      !pthread_create(&sh->thread, NULL, share_main, sh);
		}
		for (t = 0; t < threads; t++) {
			if (!shares[t].started)
				share_main(&shares[t]);
		}
		for (t = 0; t < threads; t++) {
			struct report_share *sh = &shares[t];

			if (sh->started)
				pthread_join(sh->thread, NULL);
			if (sh->text.err && !out->err)
				out->err = sh->text.err;
			out_bytes(out, sh->text.buf, sh->text.used);
		}
	}
	for (t = 0; t < threads; t++)
		out_done(&shares[t].text);
	return out->err;
}

/* Findings not listed, and why: nothing is left out silently. */
static struct json_object *left_out_obj(const struct lg_ctx *ctx)
{
	const struct lg_findings *fs = ctx->findings;
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	uint32_t i;

	json_put(o, "filter", json_object_new_int64(fs ? fs->filtered_out : 0));
	json_put(o, "baseline", json_object_new_int64(fs ? fs->known_out : 0));
	for (i = 0; fs && i < ctx->known.n; i++) {
		const struct known_finding *k = &ctx->known.v[i];
		struct json_object *so;

		if (!k->reason || !k->title)
			continue;
		so = json_object_new_object();
		json_put(so, "signature", json_text(k->signature));
		json_put(so, "title", json_text(k->title));
		json_put(so, "reason", json_text(k->reason));
		json_object_array_add(a, so);
	}
	json_put(o, "suppressed", a);
	return o;
}

/* "key": value, at the top level; @last leaves the comma out. */
static int put_member(struct json_out *out, const char *key, struct json_object *o, bool last)
{
	int err = 0;

	out_str(out, "  \"");
	out_str(out, key);
	out_str(out, "\": ");
	if (o)
		err = put_value(out, o, 2);
	else
		out_str(out, "null");
	out_str(out, last ? "\n" : ",\n");
	return err ? err : out->err;
}

int report_json_write(struct lg_ctx *ctx, unsigned int flags, FILE *file)
{
	struct json_out file_out = { .file = file, .cap = JSON_OUT_BUF }, *out = &file_out;
	struct json_object *a;
	uint32_t i;
	size_t f, n;
	int err = 0;

	out->buf = malloc(out->cap);
	if (!out->buf)
		return -ENOMEM;
	out_str(out, "{\n");
	err = put_member(out, "schema", json_object_new_string(LG_SCHEMA), false);
	if (!err)
		err = put_member(out, "version", json_object_new_string(LG_VERSION_STRING), false);
	a = json_object_new_array();
	for (i = 0; i < ctx->inputs.n && !err; i++)
		json_object_array_add(a, input_obj(ctx, i, &err));
	if (!err)
		err = put_member(out, "inputs", a, false);
	else
		json_object_put(a);
	out_str(out, "  \"reports\": [");
	if (!err)
		err = put_reports(ctx, out);
	out_str(out, "\n  ],\n");
	if (!err)
		err = put_member(out, "graph", graph_obj(ctx, flags), false);
	out_str(out, "  \"findings\": [");
	n = findings_count(ctx);
	for (f = 0; f < n && !err; f++) {
		out_str(out, f ? ",\n    " : "\n    ");
		err = put_value(out, finding_obj(ctx, finding_at(ctx, f)), 4);
	}
	out_str(out, "\n  ],\n");
	if (!err)
		err = put_member(out, "left_out", left_out_obj(ctx), true);
	out_str(out, "}\n");
	out_flush(out);
	if (!err)
		err = out->err;
	out_done(out);
	if (!err && ferror(file))
		err = -LG_EOUTPUT;
	return err;
}
