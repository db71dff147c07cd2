// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Saved graphs (docs/saved-graph.md): everything an analysis starts from,
 * written so that a later run reads it back as if it had read the original
 * inputs — each input's counts and notes, its reports (a repeated one as a
 * reference to the first, see write_report()), and what its traces put into
 * the graph (traces are too big to keep; their classes, edges and kept
 * evidence are). Reports are saved rather than their edges
 * because findings point into them ("reported", evidence by report), so
 * `analyze saved.json new.log` gives what analysing everything at once gives.
 *
 * One JSON object; each report on a line of its own, so a saved graph can be
 * streamed out report by report and diffed. Strings are written byte for byte
 * (not made valid UTF-8: a class name must come back exactly).
 */
#include <errno.h>
#include <json-c/json.h>
#include <json-c/linkhash.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "json-util.h"
#include "lg-local.h"

/* @key is always a string constant (json_put()) */
static void put(struct json_object *o, const char *key, struct json_object *v)
{
	json_put(o, key, v);
}

/* NULL members are left out: a saved graph is read back by lockgraph only. */
static void put_str(struct json_object *o, const char *key, const char *s)
{
	if (s)
		put(o, key, json_bytes(s));
}

/*
 * A report as saved, or (@shape) what it has in common with its repetitions:
 * the same report printed again by another run or later in the same one has
 * other lines and pids (and a hung task's headline its wait), and nothing
 * else of it differs. The shape leaves out lines, pids and the headline; its
 * locks' lines count from the report's first line.
 */
struct report_form {
	const struct lg_report *r;
	bool shape;
};

static struct json_object *lock_obj_form(const struct report_form *f, const struct lg_lock *l)
{
	struct json_object *o = json_object_new_object();

	put_str(o, "class", l->cls);
	put_str(o, "at", l->at);
	put_str(o, "usage", l->usage);
	put_str(o, "wait", l->wait);
	put_str(o, "via", l->via);
	if (l->line)
		put(o, "line", json_object_new_int64(f->shape ? (int64_t)l->line - (int64_t)f->r->line
							       : (int64_t)l->line));
	return o;
}

static struct json_object *task_obj_form(const struct report_form *f, const struct lg_task *t)
{
	struct json_object *o = json_object_new_object();

	put_str(o, "comm", t->comm);
	if (!f->shape)
		put(o, "pid", json_object_new_int64(t->pid));
	return o;
}

static struct json_object *task_obj(const struct lg_task *t)
{
	struct report_form whole = { 0 };

	return task_obj_form(&whole, t);
}

static struct json_object *locks_form(const struct report_form *f, const lg_lock_vec *v)
{
	struct json_object *a = json_object_new_array();
	uint32_t i;

	for (i = 0; i < v->n; i++)
		json_object_array_add(a, lock_obj_form(f, &v->v[i]));
	return a;
}

static struct json_object *report_obj(const struct report_form *f)
{
	const struct lg_report *r = f->r;
	struct json_object *o = json_object_new_object(), *a;
	uint32_t i;

	if (!f->shape) {
		put(o, "line", json_object_new_int64((int64_t)r->line));
		put(o, "end_line", json_object_new_int64((int64_t)r->end_line));
	}
	put_str(o, "kind", obs_kind_name(r->kind));
	put_str(o, "subkind", obs_subkind_name(r->subkind));
	put_str(o, "title", r->title);
	if (!f->shape)
		put_str(o, "headline", r->headline);
	if (r->has_task)
		put(o, "task", task_obj_form(f, &r->task));
	if (r->has_acquire)
		put(o, "acquire", lock_obj_form(f, &r->acquire));
	if (r->has_holding)
		put(o, "holding", lock_obj_form(f, &r->holding));
	put(o, "held", locks_form(f, &r->held));
	put(o, "held_declared", json_object_new_int64(r->held_declared));
	if (r->has_cycle)
		put(o, "cycle", json_str_array(r->cycle.v, r->cycle.n, json_bytes));
	a = json_object_new_array();
	for (i = 0; i < r->edges.n; i++) {
		struct json_object *e = json_object_new_array();

		json_object_array_add(e, json_bytes(r->edges.v[i].from));
		json_object_array_add(e, json_bytes(r->edges.v[i].to));
		json_object_array_add(a, e);
	}
	put(o, "edges", a);
	a = json_object_new_array();
	for (i = 0; i < r->chain.n; i++) {
		struct json_object *c = json_object_new_object();

		put(c, "index", json_object_new_int64(r->chain.v[i].index));
		put(c, "lock", lock_obj_form(f, &r->chain.v[i].lock));
		put(c, "frames", json_str_array(r->chain.v[i].frames.v, r->chain.v[i].frames.n,
						json_bytes));
		json_object_array_add(a, c);
	}
	put(o, "chain", a);
	put(o, "frames", json_str_array(r->frames.v, r->frames.n, json_bytes));
	a = json_object_new_array();
	for (i = 0; i < r->other_tasks.n; i++) {
		const struct lg_held_list *hl = &r->other_tasks.v[i];
		struct json_object *t = json_object_new_object();

		put(t, "task", task_obj_form(f, &hl->task));
		put(t, "declared", json_object_new_int64(hl->declared));
		put(t, "locks", locks_form(f, &hl->locks));
		json_object_array_add(a, t);
	}
	put(o, "other_tasks", a);
	if (r->has_sleep) {
		struct json_object *sl = json_object_new_object();

		put_str(sl, "at", r->sleep.at);
		put(sl, "in_atomic", json_object_new_int(r->sleep.in_atomic));
		put(sl, "irqs_disabled", json_object_new_int(r->sleep.irqs_disabled));
		put(sl, "non_block", json_object_new_int(r->sleep.non_block));
		put_str(sl, "preempt_count", r->sleep.preempt_count);
		put_str(sl, "expected", r->sleep.expected);
		put_str(sl, "preempt_disabled_at", r->sleep.preempt_disabled_at);
		put(o, "sleep", sl);
	}
	{
		struct json_object *irq = json_object_new_object();

		put_str(irq, "state", r->irq.state);
		put_str(irq, "safe", r->irq.safe);
		put_str(irq, "unsafe", r->irq.unsafe);
		put_str(irq, "usage_from", r->irq.usage_from);
		put_str(irq, "usage_to", r->irq.usage_to);
		put_str(irq, "context_tag", r->irq.context_tag);
		put(o, "irq", irq);
	}
	put_str(o, "detail", r->detail);
	put(o, "wait_context", json_object_new_int(r->wait_context));
	put(o, "lockdep_off", json_object_new_boolean(r->lockdep_off));
	put(o, "complete", json_object_new_boolean(r->complete));
	put_str(o, "reason", r->reason);
	return o;
}

/* Writes @o compactly; takes the reference. */
static int emit(FILE *out, struct json_object *o)
{
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								 JSON_C_TO_STRING_NOSLASHESCAPE);
	int err = !text ? -ENOMEM : fputs(text, out) < 0 ? -LG_EOUTPUT : 0;

	json_object_put(o);
	return err;
}

static struct json_object *input_meta(const struct lg_ctx *ctx, uint32_t i)
{
	const struct lg_input *in = &ctx->inputs.v[i];
	const struct lg_graph *g = ctx->graph;
	struct json_object *o = json_object_new_object();

	put_str(o, "path", in->path);
	put_str(o, "format", in->format);
	put_str(o, "compression", in->compression);
	put_str(o, "kernel", in->kernel);
	put(o, "error", json_object_new_int(in->error));
	put(o, "lines", json_object_new_int64((int64_t)in->lines));
	put(o, "noise_lines", json_object_new_int64((int64_t)in->noise_lines));
	put(o, "binary", json_object_new_boolean(in->binary));
	put(o, "events", json_object_new_int64((int64_t)in->events));
	put(o, "lost_events", json_object_new_int64((int64_t)in->lost_events));
	put(o, "notes", json_str_array(in->notes.v, in->notes.n, json_bytes));
	/* all its traced evidence's contexts: what is kept of it does not show them all */
	if (g && i < g->n_votes && g->votes[i].trace_contexts)
		put(o, "trace_contexts", json_object_new_int((int)g->votes[i].trace_contexts));
	return o;
}

/*
 * Repetitions: a report whose shape (report_form) an earlier report of this
 * file has is written as [ordinal of that report, line, end_line, pid] and,
 * when they are needed, [pids of the other tasks] and its headline (a hung
 * task's names its pid and how long it waited) — a few bytes instead of the
 * report — so a saved graph grows with what is distinct, not with how often
 * the same bug was hit. Reading it back gives the report whole again
 * (parsers/saved.c).
 */
struct shapes {
	struct lh_table *first;	/* shape text -> struct shape_first */
	struct arena keys;
	uint32_t ordinal;
};

struct shape_first {
	uint32_t ordinal;
	const char *headline;
};

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int write_repeat(FILE *out, const struct lg_report *r, const struct shape_first *first)
{
	struct json_object *a = json_object_new_array();
	bool headline = !str_eq(r->headline, first->headline);
	uint32_t i;

	json_object_array_add(a, json_object_new_int64(first->ordinal));
	json_object_array_add(a, json_object_new_int64((int64_t)r->line));
	json_object_array_add(a, json_object_new_int64((int64_t)r->end_line));
	json_object_array_add(a, json_object_new_int64(r->has_task ? r->task.pid : -1));
	if (r->other_tasks.n || headline) {
		struct json_object *pids = json_object_new_array();

		for (i = 0; i < r->other_tasks.n; i++)
			json_object_array_add(pids, json_object_new_int64(r->other_tasks.v[i].task.pid));
		json_object_array_add(a, pids);
	}
	if (headline)
		json_object_array_add(a, r->headline ? json_bytes(r->headline) : NULL);
	return emit(out, a);
}

/* One report, whole or as a repetition of the first of its shape. */
static int write_report(FILE *out, struct shapes *sh, const struct lg_report *r)
{
	struct report_form form = { .r = r, .shape = true };
	struct json_object *shape = report_obj(&form);
	const char *text = json_object_to_json_string_ext(shape, JSON_C_TO_STRING_PLAIN |
								  JSON_C_TO_STRING_NOSLASHESCAPE);
	struct shape_first *first;
	void *found;
	char *key;

	if (!text) {
		json_object_put(shape);
		return -ENOMEM;
	}
	if (lh_table_lookup_ex(sh->first, text, &found)) {
		json_object_put(shape);
		sh->ordinal++;
		return write_repeat(out, r, found);
	}
	key = arena_strdup(&sh->keys, text);
	first = arena_alloc(&sh->keys, sizeof(*first));
	json_object_put(shape);
	if (!key || !first)
		return -ENOMEM;
	first->ordinal = sh->ordinal++;
	/* copied: the report is gone once the next is loaded */
	first->headline = r->headline ? arena_strdup(&sh->keys, r->headline) : NULL;
	if ((r->headline && !first->headline) || lh_table_insert(sh->first, key, first))
		return -ENOMEM;
	form.shape = false;
	return emit(out, report_obj(&form));
}

/* The inputs, each with its reports streamed one per line. */
static int write_inputs(const struct lg_ctx *ctx, FILE *out)
{
	struct shapes sh = { .first = lh_kchar_table_new(1024, NULL) };
	struct report_cursor c;
	uint32_t i, r = 0;
	int err = 0;

	if (!sh.first)
		return -ENOMEM;
	arena_init(&sh.keys);
	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	fputs("\"inputs\":[", out);
	for (i = 0; i < ctx->inputs.n && !err; i++) {
		const char *text;
		struct json_object *meta = input_meta(ctx, i);
		bool first = true;

		/* the object without its closing brace, then "reports" */
		text = json_object_to_json_string_ext(meta, JSON_C_TO_STRING_PLAIN |
								  JSON_C_TO_STRING_NOSLASHESCAPE);
		if (!text) {
			json_object_put(meta);
			err = -ENOMEM;
			break;
		}
		fprintf(out, "%s\n%.*s,\"reports\":[", i ? "," : "", (int)strlen(text) - 1, text);
		json_object_put(meta);
		/* reports are stored input by input, in order */
		for (; r < ctx->reports.n && ctx->reports.v[r].input == i && !err; r++) {
			const struct lg_report *rep;

			err = report_load(&c, &ctx->reports.v[r], &rep);
			if (err)
				break;
			fputs(first ? "\n" : ",\n", out);
			first = false;
			err = write_report(out, &sh, rep);
		}
		fputs("]}", out);
	}
	fputs("\n]", out);
	report_cursor_done(&c);
	lh_table_free(sh.first);
	arena_release(&sh.keys);
	/* reports are appended input after input; anything else would be lost here */
	if (!err && r != ctx->reports.n)
		err = -EINVAL;
	return err;
}

/* Evidence is kept newest first until graph_finish(): written oldest first. */
static struct json_object *evidence_arr(const struct dep_edge *e)
{
	const struct ev_rec *recs[GRAPH_EVIDENCE_KEPT + GRAPH_TRACE_EVIDENCE_KEPT];
	struct json_object *a = json_object_new_array();
	const struct ev_rec *rec;
	struct dep_evidence ev;
	uint32_t n = 0;

	for (rec = e->first; rec && n < sizeof(recs) / sizeof(recs[0]); rec = rec->next)
		recs[n++] = rec;
	while (n--) {
		struct json_object *o = json_object_new_object();

		evidence_view(recs[n], &ev);
		put_str(o, "kind", evidence_kind_name(ev.kind));
		put(o, "input", json_object_new_int64(ev.input));
		put(o, "line", json_object_new_int64(ev.line));
		put_str(o, "from", ev.raw_from);
		put_str(o, "to", ev.raw_to);
		put_str(o, "at", ev.at);
		if (ev.task)
			put(o, "task", task_obj(ev.task));
		put(o, "frames", json_str_array(ev.frames, ev.n_frames, json_bytes));
		put(o, "contexts", json_object_new_int64(ev.contexts));
		put(o, "ts", json_object_new_int64((int64_t)ev.ts));
		put(o, "cpu", json_object_new_int(ev.cpu));
		put(o, "read", json_object_new_boolean(ev.read));
		json_object_array_add(a, o);
	}
	return a;
}

/* What traces put into the graph: every class (in id order) and edge. */
static int write_trace_graph(const struct lg_graph *g, FILE *out)
{
	uint32_t i, j;
	int err = 0;

	fputs(",\n\"trace_graph\":{\"classes\":[", out);
	for (i = 0; g && i < g->n_classes && !err; i++) {
		const struct lock_class *c = &g->classes[i];
		struct json_object *o = json_object_new_object(), *seen = json_object_new_array();

		put_str(o, "name", c->name);
		put(o, "primitive", json_object_new_int(c->primitive));
		put(o, "seen_count", json_object_new_int64(c->n_seen));
		for (j = 0; j < c->seen.n; j++) {
			const struct class_sighting *s = &c->seen.v[j];
			struct json_object *so = json_object_new_object();

			put(so, "input", json_object_new_int64(s->input));
			put(so, "line", json_object_new_int64(s->line));
			put_str(so, "raw", s->raw);
			put(so, "usage", json_object_new_int(s->usage));
			put(so, "wait_outer", json_object_new_int(s->wait_outer));
			put(so, "wait_inner", json_object_new_int(s->wait_inner));
			json_object_array_add(seen, so);
		}
		put(o, "seen", seen);
		fputs(i ? ",\n" : "\n", out);
		err = emit(out, o);
	}
	fputs("\n],\"edges\":[", out);
	for (i = 0; g && i < g->n_edges && !err; i++) {
		const struct dep_edge *e = &g->edges[i];
		struct json_object *o = json_object_new_object();

		put(o, "from", json_object_new_int64(e->from));
		put(o, "to", json_object_new_int64(e->to));
		put(o, "evidence_count", json_object_new_int64(e->n_evidence));
		put(o, "contexts", json_object_new_int(e->contexts));
		put(o, "evidence", evidence_arr(e));
		fputs(i ? ",\n" : "\n", out);
		err = emit(out, o);
	}
	fputs("\n]}", out);
	return err;
}

int lg_save(struct lg_ctx *ctx, FILE *out)
{
	int err;

	/* ingested while read: rebuilt by lg_analyze() (a saved graph holds no report edges) */
	analysis_unstream(ctx);
	/* after the analysis the graph also holds the reports' edges: saved twice */
	if (ctx->reports_ingested || ctx->findings)
		return -EALREADY;
	fprintf(out, "{\"schema\":\"%s\",\"version\":\"%s\",\n", LG_SAVED_SCHEMA, LG_VERSION_STRING);
	err = write_inputs(ctx, out);
	if (!err)
		err = write_trace_graph(ctx->graph, out);
	fputs("}\n", out);
	if (!err && (fflush(out) || ferror(out)))
		err = -LG_EOUTPUT;
	return err;
}
