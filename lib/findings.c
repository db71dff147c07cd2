// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every finding gets the same way, whichever analysis made it: whether a
 * single report already showed it, the false-positive marks, its contexts, a
 * stable signature and a one-line title; and the order findings are printed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "hash.h"

static const char *const type_names[FINDING__COUNT] = {
	[FINDING_CYCLE] = "cycle",
	[FINDING_SLEEP_PATH] = "sleep-path",
	[FINDING_IRQ_INVERSION] = "irq-inversion",
};

static const char *const flag_names[FINDING__FLAGS] = {
	"common-gate-lock", "single-task", "inconsistent", "kind-from-name",
	"non-blocking-notifier", "approximate", "held-list-only",
};

const char *finding_type_name(enum finding_type t)
{
	return t < FINDING__COUNT ? type_names[t] : "?";
}

const char *finding_flag_name(unsigned int bit)
{
	return bit < FINDING__FLAGS ? flag_names[bit] : "?";
}

const char *irq_state_name(enum irq_state s)
{
	return s == IRQ_HARD ? "HARDIRQ" : "SOFTIRQ";
}

bool fold_ok(const struct lg_graph *g, const uint32_t *edges, uint32_t n_edges, bool closed)
{
	uint32_t i, first = closed ? 0 : 1;
	const struct ev_rec *ra, *rb;
	struct dep_evidence a, b;

	if (closed && n_edges == 1) {
		/* A self-edge is only real where one version was taken twice. */
		for_each_evidence(&g->edges[edges[0]], ra, a)
			if (!strcmp(a.raw_from, a.raw_to))
				return true;
		return false;
	}
	for (i = first; i < n_edges; i++) {
		const struct dep_edge *in = &g->edges[edges[i ? i - 1 : n_edges - 1]];
		const struct dep_edge *out = &g->edges[edges[i]];
		bool ok = false;

		/*
		 * The class between @in and @out must be one class: either the
		 * two edges come from different inputs (versions of different
		 * boots cannot be compared) or from the same printed version.
		 */
		for_each_evidence(in, ra, a) {
			for_each_evidence(out, rb, b) {
				ok = a.input != b.input || !strcmp(a.raw_to, b.raw_from);
				if (ok)
					break;
			}
			if (ok)
				break;
		}
		if (!ok)
			return false;
	}
	return true;
}

/* One report whose evidence covers every edge, or GRAPH_NONE. */
static uint32_t single_report(const struct lg_graph *g, const uint32_t *edges, uint32_t n)
{
	const struct ev_rec *cand, *rec;
	uint32_t i;

	if (!n)
		return GRAPH_NONE;
	for (cand = g->edges[edges[0]].first; cand; cand = cand->next) {
		if (ev_rec_report(cand) == GRAPH_NONE)
			continue;
		for (i = 1; i < n; i++) {
			for (rec = g->edges[edges[i]].first; rec; rec = rec->next)
				if (ev_rec_report(rec) == ev_rec_report(cand))
					break;
			if (!rec)
				break;
		}
		if (i == n)
			return ev_rec_report(cand);
	}
	return GRAPH_NONE;
}

static bool same_task(const struct lg_task *a, const struct lg_task *b)
{
	return a->pid == b->pid && a->comm && b->comm && !strcmp(a->comm, b->comm);
}

/* Every piece of evidence of every edge from one task of one input. */
static bool single_task(const struct lg_graph *g, const uint32_t *edges, uint32_t n)
{
	const struct ev_rec *first = NULL, *rec;
	uint32_t i;

	for (i = 0; i < n; i++) {
		const struct dep_edge *e = &g->edges[edges[i]];

		if (e->n_evidence != e->n_kept)
			return false;
		for (rec = e->first; rec; rec = rec->next) {
			const struct lg_task *task = ev_rec_task(rec);

			if (!task || task->pid < 0)
				return false;
			if (!first)
				first = rec;
			else if (ev_rec_input(rec) != ev_rec_input(first) ||
				 !same_task(task, ev_rec_task(first)))
				return false;
		}
	}
	return first != NULL;
}

static bool in_list(uint32_t id, const uint32_t *v, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static uint32_t lookup(const struct lg_graph *g, const char *raw)
{
	return graph_find_class(g, raw);
}

/*
 * A lock held outside every acquisition of every edge, itself not in the
 * finding: the cycle cannot close while all its edges need that lock. Only
 * when every piece of evidence was kept and says what was held outside.
 */
static uint32_t gate_lock(const struct lg_graph *g, const uint32_t *classes, uint32_t n_classes,
			  const uint32_t *edges, uint32_t n)
{
	const struct ev_rec *rec;
	struct dep_evidence first, ev;
	uint32_t k, i;

	if (!g->edges[edges[0]].first)
		return GRAPH_NONE;
	evidence_view(g->edges[edges[0]].first, &first);
	if (!first.outer_known)
		return GRAPH_NONE;
	for (k = 0; k < first.n_outer; k++) {
		uint32_t gate = lookup(g, first.outer[k].cls);
		bool all = gate != GRAPH_NONE && !in_list(gate, classes, n_classes);

		for (i = 0; all && i < n; i++) {
			const struct dep_edge *e = &g->edges[edges[i]];

			if (e->n_evidence != e->n_kept)
				all = false;
			for (rec = e->first; all && rec; rec = rec->next) {
				uint32_t j;
				bool found = false;

				evidence_view(rec, &ev);
				if (!ev.outer_known)
					all = false;
				for (j = 0; all && !found && j < ev.n_outer; j++)
					found = lookup(g, ev.outer[j].cls) == gate;
				all = all && found;
			}
		}
		if (all)
			return gate;
	}
	return GRAPH_NONE;
}

/* @len bytes of @s and the NUL after them, as the signature has always hashed a name */
static uint64_t fnv_span(uint64_t h, const char *s, size_t len)
{
	return fnv_add(h, s, len) * FNV_PRIME;	/* the NUL: h ^= 0 */
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return fnv_span(h, s, strlen(s));
}

/* Index of the rotation of @v that is smallest by class name. */
static uint32_t min_rotation(const struct lg_graph *g, const uint32_t *v, uint32_t n)
{
	uint32_t best = 0, r, i;

	for (r = 1; r < n; r++) {
		for (i = 0; i < n; i++) {
			int c = strcmp(g->classes[v[(r + i) % n]].name,
				       g->classes[v[(best + i) % n]].name);

			if (c < 0)
				best = r;
			if (c)
				break;
		}
	}
	return best;
}

/* The classes' names (a cycle from its smallest rotation) after the type's. */
static uint64_t classes_hash(const struct lg_graph *g, const struct finding *f)
{
	uint64_t h = fnv_str(FNV_OFFSET, type_names[f->type]);
	uint32_t i, start = 0;

	if (f->type == FINDING_IRQ_INVERSION)
		h = fnv_str(h, irq_state_name(f->irq_state));
	if (f->type == FINDING_CYCLE)
		start = min_rotation(g, f->classes, f->n_classes);
	for (i = 0; i < f->n_classes; i++)
		h = fnv_str(h, g->classes[f->classes[(start + i) % f->n_classes]].name);
	return h;
}

static void make_signature(struct analysis *an, struct finding *f)
{
	uint64_t h = classes_hash(an->graph, f);

	/* a sleep report's finding: the bug is where it slept */
	if (f->slept_in)
		h = fnv_str(h, f->slept_in);
	if (f->slept_by)
		h = fnv_str(h, f->slept_by);
	snprintf(f->signature, sizeof(f->signature), "%s:%016" PRIx64, type_names[f->type], h);
}

uint64_t finding_slept_key(const struct analysis *an, const uint32_t *classes, uint32_t n_classes,
			   const char *in, size_t in_len, const char *by, size_t by_len)
{
	struct finding f = { .type = FINDING_SLEEP_PATH, .classes = (uint32_t *)classes,
			     .n_classes = n_classes };
	uint64_t h = classes_hash(an->graph, &f);

	if (in)
		h = fnv_span(h, in, in_len);
	if (by)
		h = fnv_span(h, by, by_len);
	return h;
}

static const char *make_title(struct analysis *an, const struct finding *f)
{
	const struct lg_graph *g = an->graph;
	const char *head;
	char *buf, *p;
	size_t len = 64, left;
	uint32_t i;

	for (i = 0; i < f->n_classes; i++)
		len += strlen(g->classes[f->classes[i]].name) + 8;
	len += (f->slept_in ? strlen(f->slept_in) : 0) + (f->slept_by ? strlen(f->slept_by) : 0);
	if (f->type == FINDING_CYCLE)
		len += strlen(g->classes[f->classes[0]].name);
	buf = arena_alloc(an->arena, len);
	if (!buf)
		return NULL;
	switch (f->type) {
	case FINDING_CYCLE:
		head = f->n_classes == 1 ? "possible recursive locking" : "possible deadlock";
		break;
	case FINDING_SLEEP_PATH:
		/* a report's own is no longer possible: it happened */
		head = f->sleep_report != GRAPH_NONE ? "sleep in atomic context"
						     : "possible sleep in atomic context";
		break;
	default:
		head = f->irq_state == IRQ_HARD ? "HARDIRQ-safe -> HARDIRQ-unsafe"
						: "SOFTIRQ-safe -> SOFTIRQ-unsafe";
		if (f->flags & FINDING_INCONSISTENT)
			head = f->irq_state == IRQ_HARD ? "inconsistent HARDIRQ lock state"
							: "inconsistent SOFTIRQ lock state";
		break;
	}
	p = buf;
	left = len;
	p += snprintf(p, left, "%s: ", head);
	for (i = 0; i < f->n_classes; i++) {
		left = len - (size_t)(p - buf);
		p += snprintf(p, left, "%s%s", i ? " -> " : "", g->classes[f->classes[i]].name);
	}
	if (f->type == FINDING_CYCLE) {
		left = len - (size_t)(p - buf);
		snprintf(p, left, " -> %s", g->classes[f->classes[0]].name);
	}
	if (f->slept_in || f->slept_by) {
		left = len - (size_t)(p - buf);
		snprintf(p, left, ": %s%s%s", f->slept_by ? f->slept_by : "",
			 f->slept_by && f->slept_in ? " in " : "", f->slept_in ? f->slept_in : "");
	}
	return buf;
}

static int finding_make(struct analysis *an, enum finding_type type, const uint32_t *classes,
			uint32_t n_classes, const uint32_t *edges, uint32_t n_edges, uint32_t flags,
			uint8_t irq_state, uint32_t report, const char *slept_in,
			const char *slept_by)
{
	const struct lg_graph *g = an->graph;
	struct finding f = { 0 };
	uint32_t i, rep;

	f.type = (uint8_t)type;
	f.irq_state = irq_state;
	f.flags = flags;
	f.gate = GRAPH_NONE;
	f.sleep_report = report;
	f.inversion = GRAPH_NONE;
	f.slept_in = slept_in;
	f.slept_by = slept_by;
	f.classes = arena_alloc(an->arena, (n_classes + 1) * sizeof(*f.classes));
	f.edges = arena_alloc(an->arena, (n_edges + 1) * sizeof(*f.edges));
	if (!f.classes || !f.edges)
		return -ENOMEM;
	if (type == FINDING_CYCLE && n_edges == n_classes && n_classes) {
		/* Print a cycle from its smallest rotation: the same text in every run. */
		uint32_t r = min_rotation(g, classes, n_classes);

		for (i = 0; i < n_classes; i++) {
			f.classes[i] = classes[(r + i) % n_classes];
			f.edges[i] = edges[(r + i) % n_classes];
		}
	} else {
		memcpy(f.classes, classes, n_classes * sizeof(*classes));
		if (n_edges)
			memcpy(f.edges, edges, n_edges * sizeof(*edges));
	}
	f.n_classes = n_classes;
	f.n_edges = n_edges;

	rep = single_report(g, f.edges, n_edges);
	if (rep != GRAPH_NONE) {
		enum lg_kind k = an->reports[rep].kind;

		/* An irq path is proven only by lockdep's own irq reports. */
		f.reported = type != FINDING_IRQ_INVERSION || k == LG_KIND_IRQ_UNSAFE_ORDER ||
			     k == LG_KIND_IRQ_INVERSION || k == LG_KIND_INCONSISTENT;
	}
	/* A cycle of one is recursion: no outer lock or single task excuses it. */
	if (n_edges > 1 && type == FINDING_CYCLE) {
		f.gate = gate_lock(g, classes, n_classes, edges, n_edges);
		if (f.gate != GRAPH_NONE)
			f.flags |= FINDING_GATED;
		if (single_task(g, edges, n_edges))
			f.flags |= FINDING_SINGLE_TASK;
	}
	for (i = 0; i < n_edges; i++) {
		const struct ev_rec *rec;

		f.contexts |= g->edges[edges[i]].contexts;
		/* Held-lock lists do not mark trylocks, which lockdep never orders. */
		for (rec = g->edges[edges[i]].first; rec && rec->kind == EV_HELD_LIST; rec = rec->next)
			;
		if (!rec)
			f.flags |= FINDING_HELD_LIST_ONLY;
	}
	for (i = 0; i < n_classes; i++)
		f.contexts |= g->classes[classes[i]].contexts;
	if (type == FINDING_IRQ_INVERSION)
		f.contexts |= 1u << (irq_state == IRQ_HARD ? LG_CTX_HARDIRQ : LG_CTX_SOFTIRQ);
	make_signature(an, &f);
	finding_judge(an, &f);
	f.title = make_title(an, &f);
	if (!f.title)
		return -ENOMEM;
	return vec_push(an->arena, &an->fs->v, f);
}

int finding_add(struct analysis *an, enum finding_type type, const uint32_t *classes,
		uint32_t n_classes, const uint32_t *edges, uint32_t n_edges, uint32_t flags,
		uint8_t irq_state)
{
	return finding_make(an, type, classes, n_classes, edges, n_edges, flags, irq_state,
			    GRAPH_NONE, NULL, NULL);
}

int finding_add_slept(struct analysis *an, uint32_t report, const uint32_t *classes,
		      const uint32_t *edges, uint32_t n_edges, const char *slept_in,
		      const char *slept_by)
{
	return finding_make(an, FINDING_SLEEP_PATH, classes, n_edges + 1, edges, n_edges, 0, 0,
			    report, slept_in, slept_by);
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;

	/* likely, then proved, then weak: what needs reading first */
	static const int rank[CONF__COUNT] = { [CONF_LIKELY] = 0, [CONF_PROVED] = 1,
					       [CONF_WEAK] = 2 };

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->confidence != b->confidence)
		return rank[a->confidence] < rank[b->confidence] ? -1 : 1;
	if (a->n_classes != b->n_classes)
		return a->n_classes < b->n_classes ? -1 : 1;
	return strcmp(a->signature, b->signature);
}

void findings_sort(struct analysis *an)
{
	if (an->fs->v.n)
		qsort(an->fs->v.v, an->fs->v.n, sizeof(struct finding), finding_cmp);
}

size_t findings_count(const struct lg_ctx *ctx)
{
	return ctx->findings ? ctx->findings->v.n : 0;
}

const struct finding *finding_at(const struct lg_ctx *ctx, size_t i)
{
	return &ctx->findings->v.v[i];
}
