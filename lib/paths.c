// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Path analyses on the merged graph, each a multi-source BFS that stops at
 * the first class of the kind it looks for, so a finding is the shortest way
 * from any source to that class and nothing beyond it repeats the same bug:
 *
 * - sleep paths: from a context that must not sleep (a spinning class, an
 *   RCU reader, the non-blocking invalidation of <oom_reaper> and <non_block>)
 *   to a sleeping class or to fs_reclaim; one finding per (kind of source,
 *   end class), over likely steps first (strong_step()), then over any;
 * - irq inversions: from a class used in hard (soft) irq context to one taken
 *   with hard (soft) irqs enabled, lockdep's safe -> unsafe rule applied to
 *   all inputs at once; a class that is both is a path of length zero.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "ingest.h"

struct path_search {
	struct analysis *an;
	const struct lg_graph *g;
	uint32_t *parent;	/* edge that reached a class, GRAPH_NONE for a source */
	uint32_t *root;		/* the source a class was reached from */
	uint32_t *stamp;
	uint32_t cur;
	uint32_t *queue;
	uint32_t head, tail;
	uint32_t *path_classes, *path_edges;
};

static int search_init(struct path_search *ps, struct analysis *an)
{
	size_t n = (size_t)an->graph->n_classes + 1;

	memset(ps, 0, sizeof(*ps));
	ps->an = an;
	ps->g = an->graph;
	ps->parent = malloc(n * sizeof(uint32_t));
	ps->root = malloc(n * sizeof(uint32_t));
	ps->stamp = calloc(n, sizeof(uint32_t));
	ps->queue = malloc(n * sizeof(uint32_t));
	ps->path_classes = malloc(n * sizeof(uint32_t));
	ps->path_edges = malloc(n * sizeof(uint32_t));
	if (!ps->parent || !ps->root || !ps->stamp || !ps->queue || !ps->path_classes ||
	    !ps->path_edges)
		return -ENOMEM;
	return 0;
}

static void search_release(struct path_search *ps)
{
	free(ps->parent);
	free(ps->root);
	free(ps->stamp);
	free(ps->queue);
	free(ps->path_classes);
	free(ps->path_edges);
}

static void search_start(struct path_search *ps)
{
	ps->cur++;
	ps->head = ps->tail = 0;
}

static void add_source(struct path_search *ps, uint32_t c)
{
	if (ps->stamp[c] == ps->cur)
		return;
	ps->stamp[c] = ps->cur;
	ps->parent[c] = GRAPH_NONE;
	ps->root[c] = c;
	ps->queue[ps->tail++] = c;
}

/*
 * A step a likely path may take (sleep paths, first pass): no edge that only
 * held-lock lists or lockdep's priming show, never through an annotation map,
 * and out of the notifier map after a non-blocking context only where the
 * lock was taken inside a non-blocking invalidation (confidence.c).
 */
static bool strong_step(const struct path_search *ps, uint32_t v, uint32_t e)
{
	const struct lg_graph *g = ps->g;
	uint32_t in = ps->parent[v];

	if (edge_held_list_only(g, e) || edge_priming_only(g, e))
		return false;
	if (in == GRAPH_NONE)
		return true;
	if (annotation_map(&g->classes[v]))
		return false;
	if ((g->classes[g->edges[in].from].flags & CLASS_PSEUDO) && !edge_nonblocking(ps->an, e))
		return false;
	return true;
}

/*
 * Queues the classes @v leads to, but not those with a flag of @skip, nor
 * over trylocks, nor (with @strong) over steps a likely path may not take.
 */
static void expand(struct path_search *ps, uint32_t v, unsigned int skip, bool strong)
{
	const struct lg_graph *g = ps->g;
	uint32_t p;

	for (p = graph_out_begin(g, v); p < graph_out_end(g, v); p++) {
		uint32_t e = g->out_edges[p], w = g->edges[e].to;

		if (ps->stamp[w] == ps->cur || (g->classes[w].flags & skip) ||
		    (g->edges[e].flags & EDGE_TRYLOCK) || (strong && !strong_step(ps, v, e)))
			continue;
		ps->stamp[w] = ps->cur;
		ps->parent[w] = e;
		ps->root[w] = ps->root[v];
		ps->queue[ps->tail++] = w;
	}
}

/* The path from its source to @c: classes and edges, in order; its class count. */
static uint32_t build_path(struct path_search *ps, uint32_t c)
{
	return graph_tree_path(ps->g, ps->parent, c, GRAPH_NONE, ps->path_classes, ps->path_edges);
}

/* Sleep paths ------------------------------------------------------------ */

/*
 * The sources of one search: every lock that must not sleep; or one context
 * of a non-blocking invalidation (<oom_reaper>, <non_block>). The two
 * contexts reach the same tails: group_findings() folds such twins into one.
 */
enum sleep_source { SRC_LOCKS, SRC_OOM_REAPER, SRC_NON_BLOCK };

static bool sleeps(const struct lock_class *c)
{
	return c->kind == LOCK_KIND_SLEEP || (c->flags & CLASS_RECLAIM);
}

static bool must_not_sleep(const struct lock_class *c)
{
	return !(c->flags & (CLASS_PSEUDO | CLASS_RECLAIM)) &&
	       (c->kind == LOCK_KIND_SPIN || (c->flags & CLASS_RCU));
}

static void add_sources(struct path_search *ps, enum sleep_source src)
{
	const struct lg_graph *g = ps->g;
	uint32_t i;

	if (src == SRC_LOCKS) {
		/* in name order: a tie between sources goes the same way whatever was read first */
		for (i = 0; i < g->n_classes; i++)
			if (must_not_sleep(&g->classes[g->by_name[i]]))
				add_source(ps, g->by_name[i]);
		return;
	}
	i = graph_find_class(g, src == SRC_OOM_REAPER ? GRAPH_CTX_OOM_REAPER : GRAPH_CTX_NON_BLOCK);
	if (i != GRAPH_NONE)
		add_source(ps, i);
}

/* Every piece of evidence of @e is a sleep report's own (EV_SLEEP). */
static bool edge_only_sleep_reports(const struct lg_graph *g, uint32_t e)
{
	const struct ev_rec *rec;

	for (rec = g->edges[e].first; rec && rec->kind == EV_SLEEP; rec = rec->next)
		;
	return !rec;
}

/*
 * Two passes: the first over the steps a likely path may take, the second
 * over every edge for the ends the first did not reach (those findings are
 * weak, and confidence.c says why). @found marks ends already reported.
 */
static int sleep_search(struct path_search *ps, enum sleep_source src, bool strong, bool *found)
{
	const struct lg_graph *g = ps->g;
	int err = 0;

	search_start(ps);
	add_sources(ps, src);
	while (ps->head < ps->tail && !err) {
		uint32_t v = ps->queue[ps->head++];

		if (ps->parent[v] != GRAPH_NONE && sleeps(&g->classes[v])) {
			uint32_t n, flags = 0;

			/* a sleep report's own edge: find_sleep_reports() makes its finding */
			if (found[v] || edge_only_sleep_reports(g, ps->parent[v]))
				continue;
			n = build_path(ps, v);
			if (!fold_ok(g, ps->path_edges, n - 1, false)) {
				if (!strong)
					ps->an->fs->folded_only++;
				continue;
			}
			found[v] = true;
			if (g->classes[v].basis == BASIS_NAME ||
			    g->classes[ps->root[v]].basis == BASIS_NAME)
				flags |= FINDING_KIND_BY_NAME;
			if (src != SRC_LOCKS)
				flags |= FINDING_NONBLOCK_NOTIFIER;
			err = finding_add(ps->an, FINDING_SLEEP_PATH, ps->path_classes, n,
					  ps->path_edges, n - 1, flags, 0);
			continue;
		}
		expand(ps, v, CLASS_PSEUDO, strong);
	}
	return err;
}

/*
 * A lock that must not sleep taken directly before one that sleeps is a bug
 * of its own whatever else reaches that lock: one finding per such edge (two
 * spinlocks held over one mutex are two places to fix). The search then only
 * looks for longer ways to the ends these did not reach.
 */
static int direct_sleeps(struct path_search *ps, bool *found)
{
	const struct lg_graph *g = ps->g;
	uint32_t i, p;
	int err = 0;

	for (i = 0; i < g->n_classes && !err; i++) {
		uint32_t s = g->by_name[i];

		if (!must_not_sleep(&g->classes[s]))
			continue;
		for (p = graph_out_begin(g, s); p < graph_out_end(g, s) && !err; p++) {
			uint32_t e = g->out_edges[p], w = g->edges[e].to, flags = 0;
			uint32_t classes[2] = { s, w };

			if (!sleeps(&g->classes[w]) || (g->classes[w].flags & CLASS_PSEUDO) ||
			    (g->edges[e].flags & EDGE_TRYLOCK) || edge_only_sleep_reports(g, e) ||
			    !fold_ok(g, &e, 1, false))
				continue;
			found[w] = true;
			if (g->classes[w].basis == BASIS_NAME || g->classes[s].basis == BASIS_NAME)
				flags |= FINDING_KIND_BY_NAME;
			err = finding_add(ps->an, FINDING_SLEEP_PATH, classes, 2, &e, 1, flags, 0);
		}
	}
	return err;
}

int find_sleep_paths(struct analysis *an)
{
	struct path_search ps;
	bool *found = calloc((size_t)an->graph->n_classes + 1, sizeof(*found));
	int err = search_init(&ps, an);
	enum sleep_source src;

	if (!found)
		err = -ENOMEM;
	for (src = SRC_LOCKS; src <= SRC_NON_BLOCK && !err; src++) {
		memset(found, 0, ((size_t)an->graph->n_classes + 1) * sizeof(*found));
		if (src == SRC_LOCKS)
			err = direct_sleeps(&ps, found);
		if (!err)
			err = sleep_search(&ps, src, true, found);
		if (!err)
			err = sleep_search(&ps, src, false, found);
	}
	free(found);
	search_release(&ps);
	return err;
}

/* Sleep reports ---------------------------------------------------------- */

/* Frames of the check itself, above what slept: skipped. */
static const char *const sleep_check_fns[] = {
	"dump_stack", "dump_stack_lvl", "__dump_stack", "show_stack", "dump_backtrace",
	"___might_sleep", "__might_sleep", "__might_resched", "might_sleep", "__might_fault",
	"might_fault", "__schedule_bug", "__schedule", "schedule", "preempt_schedule",
	"preempt_schedule_common", "panic", "__cant_sleep", "__cant_migrate", NULL
};

/* Prefixes of what a caller sleeps in: locks, allocations, user copies, waits. */
static const char *const sleep_primitive_prefixes[] = {
	"mutex_lock", "__mutex_lock", "ww_mutex_lock", "__ww_mutex_lock", "down", "__down",
	"rt_spin_lock", "rt_read_lock", "rt_write_lock", "rt_mutex", "__rt_mutex", "rwbase_",
	"rtlock_", "percpu_down", "rwsem_down", "__rwsem", "rwsem_", "kmalloc", "__kmalloc",
	"kmem_cache_alloc", "__alloc_pages", "alloc_pages", "vmalloc", "__vmalloc", "kvmalloc", "slab_pre_alloc_hook", "might_alloc",
	"prepare_alloc_pages", "should_failslab", "fs_reclaim_acquire", "_copy_to_user",
	"_copy_from_user", "copy_to_user", "copy_from_user", "__get_user", "__put_user",
	"strncpy_from_user", "wait_for_completion", "__wait_for_common", "msleep", "usleep_range",
	"schedule_timeout", "synchronize_rcu", "synchronize_srcu", "flush_work", "__flush_work",
	"lock_sock", "__lock_sock", NULL
};

/* The function name of a frame ("func.cold+0x1/0x2 [mod]" -> "func"), in the arena. */
static const char *frame_function(struct analysis *an, const char *frame)
{
	return arena_strndup(an->arena, frame, frame_fn_len(frame));
}

/*
 * Where a sleep report's task slept: past the check's own frames, the
 * outermost of the primitives it slept in (rt_spin_lock over its slow path),
 * and the function that called it; or, with no primitive, the function that
 * called might_sleep() itself. The frames (NULL: none); their function names
 * are what is named (frame_fn_len()).
 */
static void where_slept(const struct lg_report *r, const char **in, const char **by)
{
	uint32_t i = 0;

	*in = *by = NULL;
	while (i < r->frames.n && frame_in(r->frames.v[i], sleep_check_fns))
		i++;
	for (; i < r->frames.n && frame_prefixed(r->frames.v[i], sleep_primitive_prefixes); i++)
		*by = r->frames.v[i];
	if (i < r->frames.n)
		*in = r->frames.v[i];
}

/*
 * Signatures (finding_slept_key()) of the sleep findings made so far: a log
 * repeating a bug 10^5 times makes one finding, not 10^5 to fold at the end.
 */
struct key_set {
	uint64_t *v;	/* open addressing; 0 stands for key 0 in @has_zero */
	uint32_t n, mask;
	bool has_zero;
};

/* Adds @key: false when it was there already; -ENOMEM in *@err. */
static bool key_add(struct key_set *ks, uint64_t key, int *err)
{
	uint32_t i;

	if (!key) {
		bool added = !ks->has_zero;

		ks->has_zero = true;
		return added;
	}
	if (2 * (ks->n + 1) > ks->mask) {
		uint32_t mask = ks->mask ? 2 * ks->mask + 1 : 255, k;
		uint64_t *v = calloc((size_t)mask + 1, sizeof(*v));

		if (!v) {
			*err = -ENOMEM;
			return false;
		}
		for (k = 0; ks->v && k <= ks->mask; k++) {
			if (!ks->v[k])
				continue;
			for (i = (uint32_t)ks->v[k] & mask; v[i]; i = (i + 1) & mask)
				;
			v[i] = ks->v[k];
		}
		free(ks->v);
		ks->v = v;
		ks->mask = mask;
	}
	for (i = (uint32_t)key & ks->mask; ks->v[i]; i = (i + 1) & ks->mask)
		if (ks->v[i] == key)
			return false;
	ks->v[i] = key;
	ks->n++;
	return true;
}

/*
 * Has a proved path the search found already shown report @rep's bug: with
 * its evidence (it states the edge to the lock being taken), or from the same
 * source lock in the same input and task (lockdep's "Invalid wait context"
 * for the same mutex_lock)?
 */
static bool report_shown(const struct analysis *an, uint32_t end, uint32_t rep,
			 const struct lg_report *r, uint32_t src)
{
	const struct lg_graph *g = an->graph;
	const struct ev_rec *rec;
	uint32_t i, k;

	/* the findings before @end: not the reports' own, whose edges they share */
	for (i = 0; i < end; i++) {
		const struct finding *f = &an->fs->v.v[i];

		if (!f->reported || f->type != FINDING_SLEEP_PATH)
			continue;
		for (k = 0; k < f->n_edges; k++) {
			for (rec = g->edges[f->edges[k]].first; rec; rec = rec->next) {
				const struct lg_task *task = ev_rec_task(rec);

				if (ev_rec_report(rec) == rep)
					return true;
				if (f->classes[0] == src && ev_rec_input(rec) == r->input && task &&
				    r->has_task && task->pid == r->task.pid)
					return true;
			}
		}
	}
	return false;
}

int find_sleep_reports(struct analysis *an)
{
	const struct lg_graph *g = an->graph;
	uint32_t sleep = graph_find_class(g, GRAPH_SLEEP), i, first = an->fs->v.n;
	struct key_set seen = { 0 };
	struct report_cursor c;
	int err = 0;

	if (sleep == GRAPH_NONE)
		return 0;
	report_cursor_init(&c, an->spools, an->n_spools);
	for (i = 0; i < an->n_reports && !err; i++) {
		uint32_t classes[2] = { GRAPH_NONE, sleep }, e = GRAPH_NONE;
		const struct lg_report *r;
		const char *in, *by;
		long h;

		if (an->reports[i].kind != LG_KIND_SLEEP_IN_ATOMIC &&
		    an->reports[i].kind != LG_KIND_SCHED_ATOMIC)
			continue;
		err = report_load(&c, &an->reports[i], &r);
		if (err)
			break;
		/*
		 * The innermost held lock that must not sleep explains the atomic
		 * context; not the scheduler's own runqueue lock, taken by the
		 * schedule() that noticed.
		 */
		for (h = (long)r->held.n - 1; h >= 0 && classes[0] == GRAPH_NONE; h--) {
			uint32_t c = graph_find_class(g, r->held.v[h].cls);

			if (c != GRAPH_NONE && must_not_sleep(&g->classes[c]) &&
			    !frame_is(r->held.v[h].at, "__schedule"))
				classes[0] = c;
		}
		if (classes[0] == GRAPH_NONE && r->sleep.non_block > 0)
			classes[0] = graph_find_class(g, GRAPH_CTX_NON_BLOCK);
		if (classes[0] == GRAPH_NONE && r->sleep.irqs_disabled > 0)
			classes[0] = graph_find_class(g, GRAPH_CTX_IRQS_OFF);
		if (classes[0] == GRAPH_NONE)
			classes[0] = graph_find_class(g, GRAPH_CTX_ATOMIC);
		if (classes[0] != GRAPH_NONE)
			e = graph_find_edge(g, classes[0], sleep);
		if (e == GRAPH_NONE)
			continue;	/* nothing says why it was atomic */
		/* the report names the lock it was taking: that path is found, and proved */
		if (report_shown(an, first, i, r, classes[0]))
			continue;
		where_slept(r, &in, &by);
		/* the same bug reported again: its first report's finding is the one kept */
		if (!key_add(&seen, finding_slept_key(an, classes, 2, in,
						      in ? frame_fn_len(in) : 0, by,
						      by ? frame_fn_len(by) : 0),
			     &err))
			continue;
		in = in ? frame_function(an, in) : NULL;
		by = by ? frame_function(an, by) : NULL;
		err = finding_add_slept(an, i, classes, &e, 1, in, by);
	}
	report_cursor_done(&c);
	free(seen.v);
	return err;
}

/* Irq inversions --------------------------------------------------------- */

struct irq_bits {
	uint16_t in_w, in_r, on_w, on_r;
};

static const struct irq_bits irq_bits[2] = {
	[IRQ_HARD] = { 1u << USAGE_IN_HARDIRQ_W, 1u << USAGE_IN_HARDIRQ_R,
		       1u << USAGE_HARDIRQ_ON_W, 1u << USAGE_HARDIRQ_ON_R },
	[IRQ_SOFT] = { 1u << USAGE_IN_SOFTIRQ_W, 1u << USAGE_IN_SOFTIRQ_R,
		       1u << USAGE_SOFTIRQ_ON_W, 1u << USAGE_SOFTIRQ_ON_R },
};

/*
 * A lock taken for write in irq context conflicts with any irq-enabled use;
 * one only read in irq context conflicts only with irq-enabled writes
 * (lockdep's exclusive usage bits).
 */
static bool conflicts(const struct irq_bits *b, uint16_t safe, uint16_t unsafe)
{
	return ((safe & b->in_w) && (unsafe & (b->on_w | b->on_r))) ||
	       ((safe & b->in_r) && (unsafe & b->on_w));
}

static bool order_class(const struct lock_class *c)
{
	return !(c->flags & (CLASS_NO_ORDER | CLASS_PSEUDO));
}

/*
 * A class both safe and unsafe is only inconsistent if one printed version
 * was both, or the two uses come from different boots.
 */
static bool inconsistent(const struct lock_class *c, const struct irq_bits *b, bool *one_input)
{
	uint32_t i, j;
	bool any = false;

	*one_input = false;
	for (i = 0; i < c->seen.n; i++) {
		const struct class_sighting *s = &c->seen.v[i];

		if (conflicts(b, s->usage, s->usage))
			*one_input = any = true;
		for (j = 0; j < c->seen.n && !any; j++) {
			const struct class_sighting *t = &c->seen.v[j];

			if (conflicts(b, s->usage, t->usage) &&
			    (s->input != t->input || !strcmp(s->raw, t->raw)))
				any = true;
		}
	}
	return any;
}

static int irq_search(struct path_search *ps, enum irq_state state)
{
	const struct irq_bits *b = &irq_bits[state];
	const struct lg_graph *g = ps->g;
	uint32_t k;
	int err = 0;

	search_start(ps);
	for (k = 0; k < g->n_classes && !err; k++) {
		uint32_t i = g->by_name[k];
		const struct lock_class *c = &g->classes[i];
		bool one_input;

		if (!order_class(c) || !(c->usage & (b->in_w | b->in_r)))
			continue;
		if (conflicts(b, c->usage, c->usage)) {
			/* Both safe and unsafe: report it as such, search no further from it. */
			ps->stamp[i] = ps->cur;
			if (!inconsistent(c, b, &one_input)) {
				ps->an->fs->folded_only++;
				continue;
			}
			err = finding_add(ps->an, FINDING_IRQ_INVERSION, &i, 1, NULL, 0,
					  FINDING_INCONSISTENT, (uint8_t)state);
			if (!err && one_input) {
				struct finding *f = &ps->an->fs->v.v[ps->an->fs->v.n - 1];

				f->reported = true;
				finding_judge(ps->an, f);
			}
			continue;
		}
		add_source(ps, i);
	}
	while (ps->head < ps->tail && !err) {
		uint32_t v = ps->queue[ps->head++];

		if (ps->parent[v] != GRAPH_NONE &&
		    conflicts(b, g->classes[ps->root[v]].usage, g->classes[v].usage)) {
			uint32_t n = build_path(ps, v);

			if (!fold_ok(g, ps->path_edges, n - 1, false)) {
				ps->an->fs->folded_only++;
				continue;
			}
			err = finding_add(ps->an, FINDING_IRQ_INVERSION, ps->path_classes, n,
					  ps->path_edges, n - 1, 0, (uint8_t)state);
			continue;
		}
		expand(ps, v, CLASS_NO_ORDER | CLASS_PSEUDO, false);
	}
	return err;
}

int find_irq_inversions(struct analysis *an)
{
	struct path_search ps;
	int err = search_init(&ps, an);

	if (!err)
		err = irq_search(&ps, IRQ_HARD);
	if (!err)
		err = irq_search(&ps, IRQ_SOFT);
	search_release(&ps);
	return err;
}
