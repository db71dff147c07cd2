// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Saved graphs (lib/save.c, docs/saved-graph.md) read back: the inputs they
 * hold become inputs of this context again, their reports reports again, and
 * what their traces put into the graph goes back into it. The whole file is
 * checked first (a dry run into a scratch arena), so a damaged file adds
 * nothing and its error names the saved file, not the inputs it holds.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph.h"
#include "obs.h"
#include "parsers.h"
#include "source.h"

/* The first format: as the current one, without repeated reports. Still read. */
#define SAVED_SCHEMA_1 "lockgraph-graph/1"

bool saved_probe(const unsigned char *head, size_t len)
{
	size_t i = 0;

	while (i < len && (head[i] == ' ' || head[i] == '\n' || head[i] == '\t' || head[i] == '\r'))
		i++;
	return i < len && head[i] == '{' &&
	       memmem(head, len < 256 ? len : 256, "\"lockgraph-graph/", 17) != NULL;
}

struct saved_reader {
	struct obs_sink *sink;
	struct arena *arena;
	bool dry;		/* checking only: nothing goes to the sink */
	bool repeats;		/* lockgraph-graph/2: a report may repeat an earlier one */
	const char *bad;	/* what was malformed, for the message */
	int err;
	/* the file's reports in order: whole ones kept, repetitions pointing at them */
	struct lg_report *whole;
	uint32_t n_whole, cap_whole;
	uint32_t *whole_of;	/* ordinal -> index in @whole, UINT32_MAX for a repetition */
	uint32_t n_ordinals, cap_ordinals;
};

/* Member @key of @o if it has @type (json_type_null: any), else NULL. */
static struct json_object *member(struct json_object *o, const char *key, enum json_type type)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	return type == json_type_null || json_object_is_type(v, type) ? v : NULL;
}

static void malformed(struct saved_reader *sr, const char *what)
{
	if (!sr->err) {
		sr->err = -LG_ECORRUPT;
		sr->bad = what;
	}
}

/* An arena copy of string member @key, NULL when absent. */
static const char *get_str(struct saved_reader *sr, struct json_object *o, const char *key)
{
	struct json_object *v = member(o, key, json_type_null);
	const char *s;

	if (!v)
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		malformed(sr, key);
		return NULL;
	}
	s = arena_strndup(sr->arena, json_object_get_string(v), (size_t)json_object_get_string_len(v));
	if (!s)
		sr->err = -ENOMEM;
	return s;
}

static int64_t get_int(struct saved_reader *sr, struct json_object *o, const char *key,
		       int64_t dflt)
{
	struct json_object *v = member(o, key, json_type_null);

	if (!v)
		return dflt;
	if (!json_object_is_type(v, json_type_int)) {
		malformed(sr, key);
		return dflt;
	}
	return json_object_get_int64(v);
}

static bool get_bool(struct saved_reader *sr, struct json_object *o, const char *key)
{
	struct json_object *v = member(o, key, json_type_null);

	if (v && !json_object_is_type(v, json_type_boolean))
		malformed(sr, key);
	return v && json_object_get_boolean(v);
}

static size_t arr_len(struct saved_reader *sr, struct json_object *a, const char *what)
{
	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array)) {
		malformed(sr, what);
		return 0;
	}
	return json_object_array_length(a);
}

static struct lg_lock get_lock(struct saved_reader *sr, struct json_object *o)
{
	struct lg_lock l = { 0 };

	if (!json_object_is_type(o, json_type_object)) {
		malformed(sr, "lock");
		l.cls = "";
		return l;
	}
	l.cls = get_str(sr, o, "class");
	l.at = get_str(sr, o, "at");
	l.usage = get_str(sr, o, "usage");
	l.wait = get_str(sr, o, "wait");
	l.via = get_str(sr, o, "via");
	l.line = (unsigned long)get_int(sr, o, "line", 0);
	if (!l.cls) {
		malformed(sr, "lock class");
		l.cls = "";
	}
	return l;
}

static void get_locks(struct saved_reader *sr, struct json_object *a, lg_lock_vec *v)
{
	size_t i, n = arr_len(sr, a, "lock list");

	for (i = 0; i < n && !sr->err; i++)
		if (vec_push(sr->arena, v, get_lock(sr, json_object_array_get_idx(a, i))))
			sr->err = -ENOMEM;
}

static void get_strs(struct saved_reader *sr, struct json_object *a, lg_str_vec *v)
{
	size_t i, n = arr_len(sr, a, "string list");

	for (i = 0; i < n && !sr->err; i++) {
		struct json_object *e = json_object_array_get_idx(a, i);
		const char *s;

		if (!json_object_is_type(e, json_type_string)) {
			malformed(sr, "string list");
			return;
		}
		s = arena_strdup(sr->arena, json_object_get_string(e));
		if (!s || vec_push(sr->arena, v, s))
			sr->err = -ENOMEM;
	}
}

static struct lg_task get_task(struct saved_reader *sr, struct json_object *o)
{
	struct lg_task t = { get_str(sr, o, "comm"), (long)get_int(sr, o, "pid", -1) };

	return t;
}

static int kind_by_name(const char *name, bool sub)
{
	int k, n = sub ? LG_SUB__COUNT : LG_KIND__COUNT;

	if (sub && !name)
		return LG_SUB_NONE;
	for (k = 0; name && k < n; k++) {
		const char *kn = sub ? obs_subkind_name((enum lg_subkind)k)
				     : obs_kind_name((enum lg_kind)k);

		if (kn && !strcmp(kn, name))
			return k;
	}
	return -1;
}

static void get_report(struct saved_reader *sr, struct json_object *o, struct lg_report *r)
{
	struct json_object *v;
	size_t i, n;
	int k;

	memset(r, 0, sizeof(*r));
	if (!json_object_is_type(o, json_type_object)) {
		malformed(sr, "report");
		return;
	}
	r->line = (unsigned long)get_int(sr, o, "line", 0);
	r->end_line = (unsigned long)get_int(sr, o, "end_line", 0);
	k = kind_by_name(get_str(sr, o, "kind"), false);
	if (k < 0)
		malformed(sr, "report kind");
	r->kind = k < 0 ? LG_KIND_LOCKDEP_INTERNAL : (enum lg_kind)k;
	k = kind_by_name(get_str(sr, o, "subkind"), true);
	if (k < 0)
		malformed(sr, "report subkind");
	r->subkind = k < 0 ? LG_SUB_NONE : (enum lg_subkind)k;
	r->title = get_str(sr, o, "title");
	r->headline = get_str(sr, o, "headline");
	if ((v = member(o, "task", json_type_object))) {
		r->has_task = true;
		r->task = get_task(sr, v);
	} else {
		r->task.pid = -1;
	}
	if ((v = member(o, "acquire", json_type_object))) {
		r->has_acquire = true;
		r->acquire = get_lock(sr, v);
	}
	if ((v = member(o, "holding", json_type_object))) {
		r->has_holding = true;
		r->holding = get_lock(sr, v);
	}
	get_locks(sr, member(o, "held", json_type_null), &r->held);
	r->held_declared = (long)get_int(sr, o, "held_declared", -1);
	if ((v = member(o, "cycle", json_type_null))) {
		r->has_cycle = true;
		get_strs(sr, v, &r->cycle);
	}
	v = member(o, "edges", json_type_null);
	n = arr_len(sr, v, "report edges");
	for (i = 0; i < n && !sr->err; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);
		struct lg_edge_pair p = { 0 };

		if (arr_len(sr, e, "report edge") != 2 ||
		    !json_object_is_type(json_object_array_get_idx(e, 0), json_type_string) ||
		    !json_object_is_type(json_object_array_get_idx(e, 1), json_type_string)) {
			malformed(sr, "report edge");
			break;
		}
		p.from = arena_strdup(sr->arena, json_object_get_string(json_object_array_get_idx(e, 0)));
		p.to = arena_strdup(sr->arena, json_object_get_string(json_object_array_get_idx(e, 1)));
		if (!p.from || !p.to || vec_push(sr->arena, &r->edges, p))
			sr->err = -ENOMEM;
	}
	v = member(o, "chain", json_type_null);
	n = arr_len(sr, v, "chain");
	for (i = 0; i < n && !sr->err; i++) {
		struct json_object *c = json_object_array_get_idx(v, i), *l;
		struct lg_chain_entry ce = { 0 };

		ce.index = (unsigned int)get_int(sr, c, "index", 0);
		l = member(c, "lock", json_type_object);
		if (!l) {
			malformed(sr, "chain lock");
			break;
		}
		ce.lock = get_lock(sr, l);
		get_strs(sr, member(c, "frames", json_type_null), &ce.frames);
		if (vec_push(sr->arena, &r->chain, ce))
			sr->err = -ENOMEM;
	}
	get_strs(sr, member(o, "frames", json_type_null), &r->frames);
	v = member(o, "other_tasks", json_type_null);
	n = arr_len(sr, v, "other tasks");
	for (i = 0; i < n && !sr->err; i++) {
		struct json_object *t = json_object_array_get_idx(v, i);
		struct lg_held_list hl = { 0 };

		hl.task = get_task(sr, member(t, "task", json_type_object));
		hl.declared = (long)get_int(sr, t, "declared", -1);
		get_locks(sr, member(t, "locks", json_type_null), &hl.locks);
		if (vec_push(sr->arena, &r->other_tasks, hl))
			sr->err = -ENOMEM;
	}
	if ((v = member(o, "sleep", json_type_object))) {
		r->has_sleep = true;
		r->sleep.at = get_str(sr, v, "at");
		r->sleep.in_atomic = (int)get_int(sr, v, "in_atomic", -1);
		r->sleep.irqs_disabled = (int)get_int(sr, v, "irqs_disabled", -1);
		r->sleep.non_block = (int)get_int(sr, v, "non_block", -1);
		r->sleep.preempt_count = get_str(sr, v, "preempt_count");
		r->sleep.expected = get_str(sr, v, "expected");
		r->sleep.preempt_disabled_at = get_str(sr, v, "preempt_disabled_at");
	} else {
		r->sleep.in_atomic = r->sleep.irqs_disabled = r->sleep.non_block = -1;
	}
	if ((v = member(o, "irq", json_type_object))) {
		r->irq.state = get_str(sr, v, "state");
		r->irq.safe = get_str(sr, v, "safe");
		r->irq.unsafe = get_str(sr, v, "unsafe");
		r->irq.usage_from = get_str(sr, v, "usage_from");
		r->irq.usage_to = get_str(sr, v, "usage_to");
		r->irq.context_tag = get_str(sr, v, "context_tag");
	}
	r->detail = get_str(sr, o, "detail");
	r->wait_context = (int)get_int(sr, o, "wait_context", -1);
	r->lockdep_off = get_bool(sr, o, "lockdep_off");
	r->complete = get_bool(sr, o, "complete");
	r->reason = get_str(sr, o, "reason");
}

static int grow_array(void **v, uint32_t *cap, uint32_t n, size_t elem)
{
	uint32_t ncap = *cap ? *cap * 2 : 64;
	void *nv;

	if (n < *cap)
		return 0;
	if (ncap < *cap)
		return -ENOMEM;
	nv = realloc(*v, (size_t)ncap * elem);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

/* Notes the file's next report, whole (@r) or a repetition (NULL). */
static void note_ordinal(struct saved_reader *sr, const struct lg_report *r)
{
	if (grow_array((void **)&sr->whole_of, &sr->cap_ordinals, sr->n_ordinals,
		       sizeof(*sr->whole_of)) ||
	    (r && grow_array((void **)&sr->whole, &sr->cap_whole, sr->n_whole, sizeof(*sr->whole)))) {
		sr->err = -ENOMEM;
		return;
	}
	sr->whole_of[sr->n_ordinals++] = r ? sr->n_whole : UINT32_MAX;
	if (r)
		sr->whole[sr->n_whole++] = *r;
}

static unsigned long shifted(unsigned long line, long long shift)
{
	return line ? (unsigned long)((long long)line + shift) : 0;
}

/* A copy of @v in the arena with every known line moved by @shift. */
static void shift_locks(struct saved_reader *sr, lg_lock_vec *v, long long shift)
{
	struct lg_lock *copy;
	uint32_t i;

	if (!v->n)
		return;
	copy = arena_alloc(sr->arena, v->n * sizeof(*copy));
	if (!copy) {
		sr->err = -ENOMEM;
		return;
	}
	for (i = 0; i < v->n; i++) {
		copy[i] = v->v[i];
		copy[i].line = shifted(copy[i].line, shift);
	}
	v->v = copy;
	v->cap = v->n;
}

static int64_t array_int(struct json_object *a, size_t i, bool *ok)
{
	struct json_object *v = json_object_array_get_idx(a, i);

	if (!json_object_is_type(v, json_type_int)) {
		*ok = false;
		return 0;
	}
	return json_object_get_int64(v);
}

/*
 * A repetition, [ordinal, line, end_line, pid, [other tasks' pids], headline]
 * with the last two only when needed (lib/save.c): the report it repeats, at
 * its own lines, with its own pids and headline. Strings are shared with that
 * report; lock lists are copied for their lines.
 */
static void get_repeat(struct saved_reader *sr, struct json_object *a, struct lg_report *r)
{
	size_t n = json_object_array_length(a), i;
	struct json_object *pids = n > 4 ? json_object_array_get_idx(a, 4) : NULL;
	struct json_object *headline = n > 5 ? json_object_array_get_idx(a, 5) : NULL;
	bool ok = sr->repeats && n >= 4 && n <= 6 &&
		  (!headline || json_object_is_type(headline, json_type_string));
	int64_t ref = ok ? array_int(a, 0, &ok) : -1, line = ok ? array_int(a, 1, &ok) : 0;
	int64_t end = ok ? array_int(a, 2, &ok) : 0, pid = ok ? array_int(a, 3, &ok) : -1;
	const struct lg_report *base;
	long long shift;

	if (!ok || ref < 0 || ref >= sr->n_ordinals || sr->whole_of[ref] == UINT32_MAX ||
	    line < 0 || end < line) {
		malformed(sr, "repeated report");
		return;
	}
	base = &sr->whole[sr->whole_of[ref]];
	if (base->other_tasks.n != (pids ? arr_len(sr, pids, "pids") : 0)) {
		malformed(sr, "repeated report");
		return;
	}
	*r = *base;
	if (n == 6) {
		r->headline = headline ? arena_strndup(sr->arena, json_object_get_string(headline),
						       (size_t)json_object_get_string_len(headline))
				       : NULL;
		if (headline && !r->headline) {
			sr->err = -ENOMEM;
			return;
		}
	}
	shift = (long long)line - (long long)base->line;
	r->line = (unsigned long)line;
	r->end_line = (unsigned long)end;
	if (r->has_task)
		r->task.pid = (long)pid;
	r->acquire.line = shifted(r->acquire.line, shift);
	r->holding.line = shifted(r->holding.line, shift);
	shift_locks(sr, &r->held, shift);
	if (r->chain.n) {
		struct lg_chain_entry *chain = arena_alloc(sr->arena, r->chain.n * sizeof(*chain));

		if (!chain) {
			sr->err = -ENOMEM;
			return;
		}
		for (i = 0; i < r->chain.n; i++) {
			chain[i] = r->chain.v[i];
			chain[i].lock.line = shifted(chain[i].lock.line, shift);
		}
		r->chain.v = chain;
		r->chain.cap = r->chain.n;
	}
	if (r->other_tasks.n) {
		struct lg_held_list *other = arena_alloc(sr->arena, r->other_tasks.n * sizeof(*other));

		if (!other) {
			sr->err = -ENOMEM;
			return;
		}
		for (i = 0; i < r->other_tasks.n && !sr->err; i++) {
			other[i] = r->other_tasks.v[i];
			other[i].task.pid = (long)array_int(pids, i, &ok);
			shift_locks(sr, &other[i].locks, shift);
		}
		if (!ok)
			malformed(sr, "repeated report");
		r->other_tasks.v = other;
		r->other_tasks.cap = r->other_tasks.n;
	}
}

/* The inputs: every one checked and converted before the first is handed over. */
static void restore_inputs(struct saved_reader *sr, struct json_object *inputs, uint32_t *base,
			   uint32_t *n_inputs)
{
	size_t i, j, n = arr_len(sr, inputs, "inputs");

	if (!inputs || !n)
		malformed(sr, "inputs");
	*n_inputs = (uint32_t)n;
	for (i = 0; i < n && !sr->err; i++) {
		struct json_object *in = json_object_array_get_idx(inputs, i), *reps;
		struct obs_saved_input si = { 0 };
		lg_str_vec notes = { 0 };
		size_t nr;

		if (!json_object_is_type(in, json_type_object)) {
			malformed(sr, "input");
			break;
		}
		si.path = get_str(sr, in, "path");
		si.format = get_str(sr, in, "format");
		si.compression = get_str(sr, in, "compression");
		si.kernel = get_str(sr, in, "kernel");
		si.error = (int)get_int(sr, in, "error", 0);
		si.lines = (unsigned long)get_int(sr, in, "lines", 0);
		si.noise_lines = (unsigned long)get_int(sr, in, "noise_lines", 0);
		si.binary = get_bool(sr, in, "binary");
		si.events = (uint64_t)get_int(sr, in, "events", 0);
		si.lost_events = (uint64_t)get_int(sr, in, "lost_events", 0);
		si.trace_contexts = (unsigned int)get_int(sr, in, "trace_contexts", 0);
		get_strs(sr, member(in, "notes", json_type_null), &notes);
		si.notes = notes.v;
		si.n_notes = notes.n;
		reps = member(in, "reports", json_type_null);
		nr = arr_len(sr, reps, "reports");
		if (sr->err)
			break;
		if (!sr->dry)
			sr->err = obs_saved_input(sr->sink, &si, i == 0);
		if (i == 0 && !sr->dry)
			*base = obs_current_input(sr->sink);
		for (j = 0; j < nr && !sr->err; j++) {
			struct json_object *o = json_object_array_get_idx(reps, j);
			bool repeat = json_object_is_type(o, json_type_array);
			struct lg_report r;

			if (repeat)
				get_repeat(sr, o, &r);
			else
				get_report(sr, o, &r);
			if (!sr->err)
				note_ordinal(sr, repeat ? NULL : &r);
			if (!sr->err && !sr->dry)
				sr->err = obs_saved_report(sr->sink, &r);
		}
	}
}

static void restore_trace_graph(struct saved_reader *sr, struct json_object *tg, uint32_t base,
				uint32_t n_inputs)
{
	struct json_object *classes = member(tg, "classes", json_type_null);
	struct json_object *edges = member(tg, "edges", json_type_null);
	size_t nc = arr_len(sr, classes, "classes"), ne = arr_len(sr, edges, "edges"), i, j;
	const char **names;

	if (!tg)
		return;
	names = arena_alloc(sr->arena, (nc + 1) * sizeof(*names));
	if (!names) {
		sr->err = -ENOMEM;
		return;
	}
	for (i = 0; i < nc && !sr->err; i++) {
		struct json_object *c = json_object_array_get_idx(classes, i);
		struct json_object *seen = member(c, "seen", json_type_null);
		size_t ns = arr_len(sr, seen, "sightings");
		int64_t total = get_int(sr, c, "seen_count", 0);

		names[i] = get_str(sr, c, "name");
		if (!names[i]) {
			malformed(sr, "class name");
			break;
		}
		for (j = 0; j < ns && !sr->err; j++) {
			struct json_object *s = json_object_array_get_idx(seen, j);
			int64_t in = get_int(sr, s, "input", -1);
			const char *raw = get_str(sr, s, "raw");

			if (in < 0 || in >= n_inputs || !raw) {
				malformed(sr, "sighting");
				break;
			}
			if (!sr->dry)
				sr->err = obs_saved_sighting(sr->sink, names[i], raw, base + (uint32_t)in,
							     (uint32_t)get_int(sr, s, "line", 0),
							     (uint16_t)get_int(sr, s, "usage", 0),
							     (int8_t)get_int(sr, s, "wait_outer", -1),
							     (int8_t)get_int(sr, s, "wait_inner", -1));
		}
		if (!sr->err && !sr->dry)
			sr->err = obs_saved_class(sr->sink, names[i],
						  (uint8_t)get_int(sr, c, "primitive", 0),
						  total > (int64_t)ns ? (uint32_t)(total - (int64_t)ns) : 0);
	}
	for (i = 0; i < ne && !sr->err; i++) {
		struct json_object *e = json_object_array_get_idx(edges, i);
		struct json_object *evs = member(e, "evidence", json_type_null);
		size_t nev = arr_len(sr, evs, "evidence");
		int64_t from = get_int(sr, e, "from", -1), to = get_int(sr, e, "to", -1);
		struct obs_saved_evidence *sv;

		if (from < 0 || to < 0 || from >= (int64_t)nc || to >= (int64_t)nc || !nev) {
			malformed(sr, "edge");
			break;
		}
		sv = arena_alloc(sr->arena, nev * sizeof(*sv));
		if (!sv) {
			sr->err = -ENOMEM;
			break;
		}
		for (j = 0; j < nev && !sr->err; j++) {
			struct json_object *ev = json_object_array_get_idx(evs, j), *t;
			const char *kind = get_str(sr, ev, "kind");
			int64_t in = get_int(sr, ev, "input", -1);
			lg_str_vec frames = { 0 };

			if (!kind || (strcmp(kind, "trace") && strcmp(kind, "context")) || in < 0 ||
			    in >= n_inputs) {
				malformed(sr, "evidence");
				break;
			}
			sv[j].context = !strcmp(kind, "context");
			sv[j].input = base + (uint32_t)in;
			sv[j].line = (uint32_t)get_int(sr, ev, "line", 0);
			sv[j].raw_from = get_str(sr, ev, "from");
			sv[j].raw_to = get_str(sr, ev, "to");
			/* the names as printed: the analyses compare them (fold_ok()) */
			if (!sv[j].raw_from || !sv[j].raw_to) {
				malformed(sr, "evidence");
				break;
			}
			sv[j].at = get_str(sr, ev, "at");
			if ((t = member(ev, "task", json_type_object))) {
				struct lg_task *task = arena_alloc(sr->arena, sizeof(*task));

				if (!task) {
					sr->err = -ENOMEM;
					break;
				}
				*task = get_task(sr, t);
				sv[j].task = task;
			}
			get_strs(sr, member(ev, "frames", json_type_null), &frames);
			sv[j].frames = frames.v;
			sv[j].n_frames = frames.n;
			sv[j].contexts = (unsigned int)get_int(sr, ev, "contexts", 0);
			sv[j].ts = (uint64_t)get_int(sr, ev, "ts", 0);
			sv[j].cpu = (int32_t)get_int(sr, ev, "cpu", -1);
			sv[j].read = get_bool(sr, ev, "read");
		}
		if (!sr->err && !sr->dry)
			sr->err = obs_saved_edge(sr->sink, names[from], names[to],
						 (uint32_t)get_int(sr, e, "evidence_count", 0),
						 (unsigned int)get_int(sr, e, "contexts", 0), sv,
						 (uint32_t)nev);
	}
}

int saved_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *root = NULL, *schema;
	struct saved_reader sr = { .sink = sink };
	char buf[65536];
	uint32_t base = 0, n_inputs = 0;
	int pass;
	long n;

	(void)ps;
	if (!tok)
		return -ENOMEM;
	while (!root && (n = source_read(src, buf, sizeof(buf))) > 0) {
		root = json_tokener_parse_ex(tok, buf, (int)n);
		if (!root && json_tokener_get_error(tok) != json_tokener_continue) {
			obs_diag(sink, LG_SEV_ERROR, 0,
				 (long long)(source_offset(src) - (unsigned long long)n) +
					 (long long)json_tokener_get_parse_end(tok),
				 "saved graph is not valid JSON: %s",
				 json_tokener_error_desc(json_tokener_get_error(tok)));
			json_tokener_free(tok);
			return -LG_ECORRUPT;
		}
	}
	json_tokener_free(tok);
	if (n < 0) {
		json_object_put(root);
		return (int)n;
	}
	if (!root) {
		obs_diag(sink, LG_SEV_ERROR, 0, (long long)source_offset(src),
			 "saved graph ends in the middle");
		return -LG_ETRUNCATED;
	}
	schema = member(root, "schema", json_type_string);
	/* the first format differs only in having no repeated reports */
	sr.repeats = schema && !strcmp(json_object_get_string(schema), LG_SAVED_SCHEMA);
	if (!schema || (!sr.repeats && strcmp(json_object_get_string(schema), SAVED_SCHEMA_1))) {
		obs_diag(sink, LG_SEV_ERROR, 0, -1, "saved graph of schema '%s': this lockgraph reads '%s'",
			 schema ? json_object_get_string(schema) : "(none)", LG_SAVED_SCHEMA);
		json_object_put(root);
		return -LG_EUNSUPPORTED;
	}
	for (pass = 0; pass < 2 && !sr.err; pass++) {
		struct arena scratch;

		arena_init(&scratch);
		sr.dry = pass == 0;
		sr.n_whole = sr.n_ordinals = 0;
		sr.arena = sr.dry ? &scratch : obs_arena(sink);
		restore_inputs(&sr, member(root, "inputs", json_type_null), &base, &n_inputs);
		if (!sr.err)
			restore_trace_graph(&sr, member(root, "trace_graph", json_type_object), base,
					    n_inputs);
		arena_release(&scratch);
		if (sr.err == -LG_ECORRUPT)
			obs_diag(sink, LG_SEV_ERROR, 0, -1, "saved graph is malformed: bad %s",
				 sr.bad);
	}
	json_object_put(root);
	free(sr.whole);
	free(sr.whole_of);
	return sr.err;
}
