// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * How far a finding can be trusted, and one finding per bug.
 *
 * A finding one report shows whole is proved. A merged one is likely when
 * every edge is a real acquisition on kernels that can coexist, and weak when
 * one of these holds (docs/graph.md, "Confidence", cites the kernel source):
 *
 * - blockable-notifier: a non-blocking context (the OOM reaper, a non_block
 *   section) reaches a lock only through mmu notifier callbacks seen in
 *   ordinary, blockable invalidations; a callback told the range is not
 *   blockable must bail out or trylock (mmu_notifier_range_blockable()), and
 *   the graph cannot see that check;
 * - held-list-only: an edge only held-lock lists show, where a trylock (which
 *   lockdep never orders) cannot be told from a lock;
 * - mixed-kernels: no choice of evidence puts every edge on kernels within
 *   KERNEL_SPAN releases of each other;
 * - priming-only: a sleep path over an edge that only lockdep's priming of
 *   its maps made (dma_resv_lockdep(), __mmu_notifier_register()): an order
 *   the kernel declares allowed for blockable callers, not an acquisition;
 * - annotation-map: a path through an annotation that does not block
 *   (dma_fence_map: the fence-signalling section), or a cycle through a
 *   crossrelease class (4.14 only, reverted for its false positives);
 * - common-gate-lock: every edge of a cycle was taken under one outer lock;
 * - read-lock: lockdep's recursive-read rule leaves no strong cycle
 *   (read_breaks_cycle()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "ingest.h"

/* Kernels further apart than this many releases (about two years) do not coexist. */
#define KERNEL_SPAN 10

#define REASON_NAME(e, name) name,
static const char *const reason_names[WEAK__COUNT] = { WEAK_REASONS(REASON_NAME) };
#undef REASON_NAME

static const char *const confidence_names[CONF__COUNT] = { "proved", "likely", "weak" };

const char *confidence_name(enum confidence c)
{
	return c < CONF__COUNT ? confidence_names[c] : "?";
}

const char *weak_reason_name(unsigned int bit)
{
	return bit < WEAK__COUNT ? reason_names[bit] : NULL;
}

/* Kernel versions ---------------------------------------------------------- */

static unsigned int parse_num(const char **p)
{
	unsigned int n = 0;

	while (**p >= '0' && **p <= '9' && n < 1000)
		n = n * 10 + (unsigned int)(*(*p)++ - '0');
	return n;
}

uint16_t kernel_release(const char *version)
{
	unsigned int major, minor, sub = 0;
	const char *p = version;

	if (!p || *p < '0' || *p > '9')
		return 0;
	major = parse_num(&p);
	if (*p++ != '.' || *p < '0' || *p > '9')
		return 0;
	minor = parse_num(&p);
	if (*p == '.') {
		p++;
		sub = parse_num(&p);
	}
	switch (major) {
	case 2:
		return minor == 6 ? (uint16_t)(1 + (sub < 39 ? sub : 39)) : 1;
	case 3:
		return (uint16_t)(41 + (minor < 19 ? minor : 19));
	case 4:
		return (uint16_t)(61 + (minor < 20 ? minor : 20));
	case 5:
		return (uint16_t)(82 + (minor < 19 ? minor : 19));
	case 6:
		return (uint16_t)(102 + (minor < 19 ? minor : 19));
	default:
		if (major < 2 || major > 40)
			return 0;
		return (uint16_t)(122 + 20 * (major - 7) + (minor < 19 ? minor : 19));
	}
}

int analysis_eras(struct analysis *an)
{
	struct lg_findings *fs = an->fs;
	const struct lg_graph *g = an->graph;
	uint32_t i, n = an->n_inputs;

	fs->era = arena_alloc(an->arena, ((size_t)n + 1) * sizeof(*fs->era));
	if (!fs->era)
		return -ENOMEM;
	fs->n_era = n;
	for (i = 0; i < n; i++) {
		struct kernel_era *era = &fs->era[i];
		uint16_t r = kernel_release(an->inputs[i].kernel);

		era->lo = 0;
		era->hi = UINT16_MAX;
		if (r) {
			era->lo = era->hi = r;
		} else if (i < g->n_votes) {
			/* what its lock lines show: wait types, renamed classes (classify.c) */
			era->lo = g->votes[i].era_lo;
			era->hi = g->votes[i].era_hi ? g->votes[i].era_hi : UINT16_MAX;
			if (era->lo > era->hi) {
				era->lo = 0;
				era->hi = UINT16_MAX;
			}
		}
	}
	return 0;
}

/* Evidence ----------------------------------------------------------------- */

static bool any_frame_in(const struct dep_evidence *ev, const char *const *fns)
{
	uint32_t i;

	if (frame_in(ev->at, fns))
		return true;
	for (i = 0; i < ev->n_frames; i++)
		if (frame_in(ev->frames[i], fns))
			return true;
	/* a held-list entry: where the locks held up to it were taken */
	for (i = 0; ev->list && i <= ev->list_to; i++)
		if (frame_in(ev->list[i].at, fns))
			return true;
	return false;
}

/*
 * Where an invalidation runs with !mmu_notifier_range_blockable(): the OOM
 * reaper (mm/oom_kill.c, also reached from process_mrelease() and, for an
 * OOM victim, exit_mmap()) through mmu_notifier_invalidate_range_start_nonblock().
 */
static const char *const nonblocking_fns[] = {
	"__oom_reap_task_mm", "oom_reap_task_mm", "oom_reap_task", "oom_reaper",
	"mmu_notifier_invalidate_range_start_nonblock", "process_mrelease", NULL
};

bool edge_nonblocking(const struct analysis *an, uint32_t e)
{
	const struct dep_edge *edge = &an->graph->edges[e];
	const struct ev_rec *rec;
	struct dep_evidence ev;

	for_each_evidence(edge, rec, ev) {
		const struct report_ref *r = ev.report < an->n_reports ? &an->reports[ev.report]
									: NULL;

		if (ev.task && ev.task->comm && !strcmp(ev.task->comm, "oom_reaper"))
			return true;
		if (any_frame_in(&ev, nonblocking_fns))
			return true;
		/* the report itself caught a sleep inside a non_block section */
		if (r && (r->flags & REF_NON_BLOCK_SLEEP))
			return true;
	}
	return false;
}

/*
 * Lockdep's priming of its maps: acquisitions made only to teach lockdep an
 * order the kernel allows, at boot (dma_resv_lockdep(), a subsys_initcall)
 * or at registration (__mmu_notifier_register(): fs_reclaim, then the
 * invalidate map), and the drivers' "taints" helpers of the same kind.
 */
static const char *const priming_fns[] = {
	"dma_resv_lockdep", "__mmu_notifier_register", "mmu_notifier_register",
	"i915_gem_shrinker_taints_mutex", "fs_reclaim_taints_mutex", NULL
};

bool evidence_priming(const struct dep_evidence *ev)
{
	uint32_t i;

	if (frame_in(ev->at, priming_fns))
		return true;
	/* the few frames above the acquisition: priming calls lock_map_acquire itself */
	for (i = 0; i < ev->n_frames && i < 3; i++)
		if (frame_in(ev->frames[i], priming_fns))
			return true;
	return false;
}

bool edge_priming_only(const struct lg_graph *g, uint32_t e)
{
	const struct dep_edge *edge = &g->edges[e];
	const struct ev_rec *rec;
	struct dep_evidence ev;

	if (!edge->first || edge->n_kept != edge->n_evidence)
		return false;
	for_each_evidence(edge, rec, ev)
		if (!evidence_priming(&ev))
			return false;
	return true;
}

/*
 * The primitives that take a lock as a recursive reader (lockdep's read == 2):
 * a seqcount reader (seqcount_acquire_read()), lock_map_acquire_read() users,
 * RCU and SRCU readers (not order-checked anyway). read_lock() is one only in
 * interrupt context (read_lock_is_recursive(): queued rwlocks are fair to
 * writers in task context): with an irq context on the evidence.
 */
static const char *const recursive_read_fns[] = {
	"seqcount_lockdep_reader_access", "read_seqcount_begin", "raw_read_seqcount_begin",
	"__read_seqcount_begin", "read_seqbegin", "rcu_read_lock", "srcu_read_lock",
	"__srcu_read_lock", NULL
};

static const char *const read_lock_fns[] = {
	"_raw_read_lock", "_raw_read_lock_bh", "_raw_read_lock_irq", "_raw_read_lock_irqsave",
	"queued_read_lock", "__raw_read_lock", NULL
};

/* Was the lock @ev took a recursive read acquisition, as far as its stack tells? */
static bool recursive_read(const struct dep_evidence *ev)
{
	const char *prim = ev->n_frames ? ev->frames[0] : NULL;

	if (frame_in(prim, recursive_read_fns))
		return true;
	return frame_in(prim, read_lock_fns) &&
	       (ev->contexts & (1u << LG_CTX_HARDIRQ | 1u << LG_CTX_SOFTIRQ));
}

/*
 * Lockdep's recursive-read rule (kernel/locking/lockdep.c, __bfs(): a strong
 * path has no -(*R)-> followed by -(S*)->): a cycle entering class @c by a
 * recursive read and leaving it while @c is held as a reader is no deadlock.
 * Told only where it is certain: every piece of evidence of the edge into @c
 * (all kept) shows a recursive read, and @c's usage bits show it only ever
 * taken for read (so it was held as a reader when the next edge was made).
 */
static bool read_breaks_cycle(const struct lg_graph *g, uint32_t in_edge, uint32_t c)
{
	const struct lock_class *cls = &g->classes[c];
	const uint16_t write_bits = 1u << USAGE_IN_HARDIRQ_W | 1u << USAGE_HARDIRQ_ON_W |
				    1u << USAGE_IN_SOFTIRQ_W | 1u << USAGE_SOFTIRQ_ON_W;
	const struct dep_edge *e = &g->edges[in_edge];
	const struct ev_rec *rec;
	struct dep_evidence ev;

	if (!cls->usage || (cls->usage & write_bits) || !e->first || e->n_kept != e->n_evidence)
		return false;
	for_each_evidence(e, rec, ev)
		if (!recursive_read(&ev))
			return false;
	return true;
}

bool edge_held_list_only(const struct lg_graph *g, uint32_t e)
{
	const struct ev_rec *rec;

	for (rec = g->edges[e].first; rec && rec->kind == EV_HELD_LIST; rec = rec->next)
		;
	return !rec && g->edges[e].first;
}

bool annotation_map(const struct lock_class *c)
{
	return !strcmp(c->name, "dma_fence_map");
}

/* A crossrelease class of 4.14: "(complete)&x->done", "(completion)..." */
static bool crossrelease(const struct lock_class *c)
{
	return !strncmp(c->name, "(complete)", 10) || !strncmp(c->name, "(completion)", 12);
}

static bool era_meets(const struct kernel_era *era, uint32_t lo, uint32_t hi)
{
	return era->lo <= hi && era->hi >= lo;
}

/*
 * Can every edge have a piece of evidence from kernels within KERNEL_SPAN
 * releases of one another? An edge with evidence left uncounted, or from an
 * input of unknown era, fits any window.
 */
/* The era of @input, @unknown when none was worked out (a graph built by hand). */
static const struct kernel_era *era_of(const struct lg_findings *fs, uint32_t input,
				       const struct kernel_era *unknown)
{
	return fs->era && input < fs->n_era ? &fs->era[input] : unknown;
}

static bool eras_coexist(const struct analysis *an, const struct finding *f)
{
	const struct lg_graph *g = an->graph;
	static const struct kernel_era unknown = { 0, UINT16_MAX };
	const struct lg_findings *fs = an->fs;
	uint32_t i, j;
	const struct ev_rec *rec, *cand;
	bool any_known = false;

	for (i = 0; i < f->n_edges; i++) {
		if (g->classes[g->edges[f->edges[i]].from].flags & CLASS_PSEUDO)
			continue;
		for (rec = g->edges[f->edges[i]].first; rec; rec = rec->next) {
			const struct kernel_era *era = era_of(fs, ev_rec_input(rec), &unknown);

			any_known |= era->lo != 0 || era->hi != UINT16_MAX;
		}
	}
	if (!any_known)
		return true;
	/* windows starting at each known lower bound, or ending at each known upper one */
	for (i = 0; i < 2 * f->n_edges; i++) {
		for (cand = g->edges[f->edges[i / 2]].first; cand; cand = cand->next) {
			const struct kernel_era *c = era_of(fs, ev_rec_input(cand), &unknown);
			uint32_t lo, hi;
			bool all = true;

			if (i % 2 == 0 && c->lo) {
				lo = c->lo;
			} else if (i % 2 == 1 && c->hi != UINT16_MAX) {
				lo = c->hi > KERNEL_SPAN ? c->hi - KERNEL_SPAN : 0;
			} else {
				continue;
			}
			hi = lo + KERNEL_SPAN;
			for (j = 0; all && j < f->n_edges; j++) {
				const struct dep_edge *e = &g->edges[f->edges[j]];

				/*
				 * uncounted evidence may fit; a context edge says the
				 * context exists, which it does in every kernel since
				 */
				if (e->n_kept != e->n_evidence ||
				    (g->classes[e->from].flags & CLASS_PSEUDO))
					continue;
				for (rec = e->first; rec; rec = rec->next)
					if (era_meets(era_of(fs, ev_rec_input(rec), &unknown), lo, hi))
						break;
				all = rec != NULL;
			}
			if (all)
				return true;
		}
	}
	return false;
}

void finding_judge(struct analysis *an, struct finding *f)
{
	const struct lg_graph *g = an->graph;
	uint32_t reasons = 0, i;

	if (f->reported) {
		f->confidence = CONF_PROVED;
		f->reasons = 0;
		return;
	}
	for (i = 0; i < f->n_edges; i++)
		if (edge_held_list_only(g, f->edges[i]))
			reasons |= WEAK_MASK(WEAK_HELD_LIST_ONLY);
	if (f->type == FINDING_SLEEP_PATH) {
		if (f->n_edges >= 2 && (g->classes[f->classes[0]].flags & CLASS_PSEUDO) &&
		    !strcmp(g->classes[f->classes[1]].name, GRAPH_NOTIFIER_MAP) &&
		    !edge_nonblocking(an, f->edges[1]))
			reasons |= WEAK_MASK(WEAK_BLOCKABLE_NOTIFIER);
		for (i = 1; i + 1 < f->n_classes; i++)
			if (annotation_map(&g->classes[f->classes[i]]))
				reasons |= WEAK_MASK(WEAK_ANNOTATION_MAP);
		for (i = 0; i < f->n_edges; i++)
			if (edge_priming_only(g, f->edges[i]))
				reasons |= WEAK_MASK(WEAK_PRIMING_ONLY);
	}
	if (f->type == FINDING_CYCLE) {
		if (f->flags & FINDING_GATED)
			reasons |= WEAK_MASK(WEAK_GATE_LOCK);
		for (i = 0; i < f->n_classes; i++)
			if (crossrelease(&g->classes[f->classes[i]]))
				reasons |= WEAK_MASK(WEAK_ANNOTATION_MAP);
		/* edges[i] is classes[i] -> classes[i + 1], the cycle wrapping */
		for (i = 0; f->n_edges > 1 && i < f->n_edges; i++)
			if (read_breaks_cycle(g, f->edges[i], f->classes[(i + 1) % f->n_classes]))
				reasons |= WEAK_MASK(WEAK_READ_LOCK);
	}
	if (f->n_edges && !eras_coexist(an, f))
		reasons |= WEAK_MASK(WEAK_MIXED_KERNELS);
	f->reasons = reasons;
	f->confidence = reasons ? CONF_WEAK : CONF_LIKELY;
}

/* One finding per bug ---------------------------------------------------------- */

/* Which finding of a group stands for it: proved, then likely, shorter, by signature. */
static bool better(const struct finding *a, const struct finding *b)
{
	if (a->confidence != b->confidence)
		return a->confidence < b->confidence;
	if (a->n_classes != b->n_classes)
		return a->n_classes < b->n_classes;
	return strcmp(a->signature, b->signature) < 0;
}

/* Folds @members (indices into the findings) into the best of them and @rep if given. */
static int fold_group(struct analysis *an, const uint32_t *members, uint32_t n, uint32_t rep)
{
	struct finding *v = an->fs->v.v;
	const struct finding **also;
	uint32_t i, k, added = 0;

	if (rep == GRAPH_NONE) {
		rep = members[0];
		for (i = 1; i < n; i++)
			if (better(&v[members[i]], &v[rep]))
				rep = members[i];
	}
	if (n < 2 && members[0] == rep)
		return 0;
	also = arena_alloc(an->arena, (v[rep].n_also + n) * sizeof(*also));
	if (!also)
		return -ENOMEM;
	for (k = 0; k < v[rep].n_also; k++)
		also[k] = v[rep].also[k];
	v[rep].also = also;
	for (i = 0; i < n; i++) {
		if (members[i] == rep)
			continue;
		v[members[i]].grouped = true;
		also[k++] = &v[members[i]];
		added++;
	}
	v[rep].n_also = k;
	an->fs->grouped += added;
	return 0;
}

/*
 * Which edge of cycle @f is the inversion: the rarest order of the cycle (an
 * inversion shows up seldom, the order it inverts everywhere), then the edge
 * on most cycles, then by name.
 */
static uint32_t cycle_key(const struct lg_graph *g, const struct finding *f, const uint32_t *count)
{
	uint32_t best = f->edges[0], i;

	for (i = 1; i < f->n_edges; i++) {
		const struct dep_edge *a = &g->edges[f->edges[i]], *b = &g->edges[best];
		int c;

		if (a->n_evidence != b->n_evidence) {
			if (a->n_evidence < b->n_evidence)
				best = f->edges[i];
			continue;
		}
		if (count[f->edges[i]] != count[best]) {
			if (count[f->edges[i]] > count[best])
				best = f->edges[i];
			continue;
		}
		c = strcmp(g->classes[a->from].name, g->classes[b->from].name);
		if (!c)
			c = strcmp(g->classes[a->to].name, g->classes[b->to].name);
		if (c < 0)
			best = f->edges[i];
	}
	return best;
}

/*
 * Cycles through the same inversion are one bug: breaking that order breaks
 * them all. A proved cycle is never folded into another, but the new cycles
 * through its inversion are folded into it.
 */
static int group_cycles(struct analysis *an)
{
	struct finding *v = an->fs->v.v;
	const struct lg_graph *g = an->graph;
	uint32_t n = an->fs->v.n, i, j, *members = NULL, *count = NULL, *key = NULL;
	int err = 0;

	count = calloc((size_t)g->n_edges + 1, sizeof(*count));
	members = malloc(((size_t)n + 1) * sizeof(*members));
	key = malloc(((size_t)n + 1) * sizeof(*key));
	if (!count || !members || !key) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (v[i].type == FINDING_CYCLE && v[i].n_edges > 1)
			for (j = 0; j < v[i].n_edges; j++)
				count[v[i].edges[j]]++;
	for (i = 0; i < n; i++) {
		key[i] = v[i].type == FINDING_CYCLE && v[i].n_edges > 1 ? cycle_key(g, &v[i], count)
									  : GRAPH_NONE;
		v[i].inversion = key[i];
	}
	/* findings are sorted: the first of each key gathers the group, in that order */
	for (i = 0; i < n && !err; i++) {
		uint32_t m = 0, rep = GRAPH_NONE;

		if (key[i] == GRAPH_NONE || v[i].grouped || v[i].n_also)
			continue;
		for (j = i; j < n; j++) {
			if (key[j] != key[i] || v[j].grouped)
				continue;
			if (v[j].confidence == CONF_PROVED) {
				if (rep == GRAPH_NONE || better(&v[j], &v[rep]))
					rep = j;
				continue;
			}
			members[m++] = j;
		}
		if (m && (m > 1 || rep != GRAPH_NONE))
			err = fold_group(an, members, m, rep);
		for (j = i; j < n; j++)
			if (key[j] == key[i])
				key[j] = GRAPH_NONE;
	}
out:
	free(key);
	free(members);
	free(count);
	return err;
}

/*
 * One irq inversion per (safe class, unsafe class), hard and soft together;
 * two proved ones (lockdep printed each) stay apart, as proved cycles do.
 */
static int group_irq(struct analysis *an)
{
	struct finding *v = an->fs->v.v;
	uint32_t n = an->fs->v.n, i, j;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		if (v[i].type != FINDING_IRQ_INVERSION || v[i].grouped)
			continue;
		for (j = i + 1; j < n && !err; j++) {
			uint32_t pair[2] = { i, j };

			if (v[j].type != FINDING_IRQ_INVERSION || v[j].grouped ||
			    (v[i].confidence == CONF_PROVED && v[j].confidence == CONF_PROVED) ||
			    v[j].classes[0] != v[i].classes[0] ||
			    v[j].classes[v[j].n_classes - 1] != v[i].classes[v[i].n_classes - 1] ||
			    v[i].n_also)
				continue;
			err = fold_group(an, pair, 2, GRAPH_NONE);
		}
	}
	return err;
}

static bool nonblocking_context(const struct lg_graph *g, uint32_t c)
{
	return !strcmp(g->classes[c].name, GRAPH_CTX_OOM_REAPER) ||
	       !strcmp(g->classes[c].name, GRAPH_CTX_NON_BLOCK);
}

/*
 * The OOM reaper and a non_block section are the same non-blocking
 * invalidation: their sleep paths with one tail are one finding.
 */
static int group_twins(struct analysis *an)
{
	struct finding *v = an->fs->v.v;
	const struct lg_graph *g = an->graph;
	uint32_t n = an->fs->v.n, i, j;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		if (v[i].type != FINDING_SLEEP_PATH || v[i].grouped || v[i].n_classes < 2 ||
		    !nonblocking_context(g, v[i].classes[0]) || v[i].sleep_report != GRAPH_NONE)
			continue;
		for (j = i + 1; j < n && !err; j++) {
			uint32_t pair[2] = { i, j };

			if (v[j].type != FINDING_SLEEP_PATH || v[j].grouped ||
			    v[j].n_classes != v[i].n_classes || v[j].classes[0] == v[i].classes[0] ||
			    !nonblocking_context(g, v[j].classes[0]) ||
			    v[j].sleep_report != GRAPH_NONE ||
			    memcmp(v[j].classes + 1, v[i].classes + 1,
				   (v[i].n_classes - 1) * sizeof(*v[i].classes)))
				continue;
			err = fold_group(an, pair, 2, GRAPH_NONE);
		}
	}
	return err;
}

int group_findings(struct analysis *an)
{
	struct lg_findings *fs = an->fs;
	struct finding *kept;
	uint32_t i, n = 0;
	int err;

	err = group_cycles(an);
	if (!err)
		err = group_twins(an);
	if (!err)
		err = group_irq(an);
	if (err || !fs->grouped)
		return err;
	/* Folded findings move into their group's list; the rest keep their order. */
	kept = arena_alloc(an->arena, fs->v.n * sizeof(*kept));
	if (!kept)
		return -ENOMEM;
	for (i = 0; i < fs->v.n; i++) {
		struct finding *f = &fs->v.v[i];
		uint32_t k;

		if (f->grouped)
			continue;
		for (k = 0; k < f->n_also; k++) {
			struct finding *copy = arena_alloc(an->arena, sizeof(*copy));

			if (!copy)
				return -ENOMEM;
			*copy = *f->also[k];
			f->also[k] = copy;
		}
	}
	for (i = 0; i < fs->v.n; i++)
		if (!fs->v.v[i].grouped)
			kept[n++] = fs->v.v[i];
	if (n)
		memcpy(fs->v.v, kept, n * sizeof(*kept));
	fs->v.n = n;
	return 0;
}

bool finding_scenario(const struct finding *f, struct scenario *sc)
{
	uint32_t k = f->n_classes, i, t;

	if (f->type != FINDING_CYCLE || k < 2 || f->inversion == GRAPH_NONE)
		return false;
	/* the inversion is edges[i] = classes[i] -> classes[i + 1]: T is classes[i + 1] */
	for (i = 0; i < f->n_edges && f->edges[i] != f->inversion; i++)
		;
	if (i == f->n_edges)
		return false;
	t = (i + 1) % k;
	sc->first = t;
	sc->n_steps = 0;
#define STEP(c, cl, e) sc->steps[sc->n_steps++] = (struct scenario_step){ (c), (cl), (e) }
	/* rotated: c_j = classes[(t + j) % k], e_j = edges[(t + j) % k] is c_j -> c_j+1 */
	STEP(0, f->classes[i], GRAPH_NONE);			/* S, held */
	STEP(1, f->classes[t], GRAPH_NONE);			/* T, held */
	if (k > 2)						/* P, under T */
		STEP(1, f->classes[(t + k - 2) % k], f->edges[(t + k - 3) % k]);
	STEP(0, f->classes[t], f->inversion);			/* T, waits */
	STEP(1, f->classes[i], f->edges[(t + k - 2) % k]);	/* S, waits */
#undef STEP
	return true;
}

bool scenario_evidence(const struct lg_graph *g, const struct scenario_step *st,
		       struct dep_evidence *ev)
{
	if (st->edge == GRAPH_NONE || !g->edges[st->edge].first)
		return false;
	evidence_view(g->edges[st->edge].first, ev);
	return true;
}
