// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Observations into the graph: what each kind of report says about lock
 * order. The rules (docs/graph.md, "Where edges come from"):
 *
 * - circular: every link of the dependency chain, L(k-1) -> Lk, taken earlier
 *   by some task, and the acquisition the report is about, LN -> L0;
 * - recursive: the self-edge of the class taken twice;
 * - irq, inconsistent and wait-context reports: the edges they state;
 * - every held-lock list, the subject's and other tasks': #i -> #j for i < j;
 * - the OOM reaper or a non_block section seen inside an mmu notifier
 *   invalidation: <oom_reaper> or <non_block> -> the notifier's map;
 * - a traced acquisition (graph_ingest_acquire()): every lock held in the
 *   same irq context -> the lock taken.
 *
 * Every printed lock also leaves a sighting (usage bits and wait type) on its
 * class, from which classify.c later decides what kind of lock it is.
 */
#include <errno.h>
#include <string.h>

#include "graph.h"
#include "ingest.h"
#include "lg-local.h"

struct ingest {
	struct lg_graph *g;
	const struct lg_report *r;
	const struct lg_task *task;	/* the report's, where evidence may point to it */
	uint32_t input, report;
};

static bool frames_have(const lg_str_vec *frames, const char *const *fns)
{
	uint32_t i;
	size_t k;

	for (i = 0; i < frames->n; i++)
		for (k = 0; fns[k]; k++)
			if (frame_is(frames->v[i], fns[k]))
				return true;
	return false;
}

/*
 * The frames worth showing for an acquisition: those after lockdep's own
 * (dump_stack, check_noncircular, __lock_acquire, lock_acquire, the
 * might_sleep checks), so the first frame is the lock primitive or its caller.
 */
static void set_frames(struct dep_evidence *ev, const lg_str_vec *frames)
{
	static const char *const internal[] = {
		"lock_acquire", "__lock_acquire", "lock_sync", "__might_resched", "__might_sleep",
		"___might_sleep", "__might_fault", NULL
	};
	static const char *const noise[] = {
		"dump_stack", "dump_stack_lvl", "__dump_stack", "show_stack", "dump_backtrace",
		"print_circular_bug", "print_deadlock_bug", "print_usage_bug", "print_bad_irq_dependency",
		"check_noncircular", "check_prev_add", "check_prevs_add", "check_deadlock",
		"check_irq_usage", "validate_chain", "mark_lock", "mark_lock_irq", NULL
	};
	uint32_t i, start = 0;
	size_t k;

	for (i = 0; i < frames->n; i++)
		for (k = 0; internal[k]; k++)
			if (frame_is(frames->v[i], internal[k]))
				start = i + 1;
	if (!start) {
		for (; start < frames->n; start++) {
			for (k = 0; noise[k]; k++)
				if (frame_is(frames->v[start], noise[k]))
					break;
			if (!noise[k])
				break;
		}
	}
	if (start >= frames->n)
		return;
	ev->frames = (const char *const *)frames->v + start;
	ev->n_frames = frames->n - start;
}

/*
 * Report strings live in the context's arena as long as the graph does: looked
 * up by pointer first, so the many held lists of one input that share a
 * parser's interned name (or a saved report's repetitions) hash it once.
 */
static int sight(struct ingest *in, const struct lg_lock *l, uint32_t *id)
{
	int err = graph_class_interned(in->g, l->cls, id);

	if (!err)
		err = graph_class_seen(in->g, *id, l->cls, in->input, in->report,
				       (uint32_t)in->r->line, l->usage, l->wait);
	return err;
}

static int sight_name(struct ingest *in, const char *cls, uint32_t *id)
{
	int err = graph_class_interned(in->g, cls, id);

	if (!err)
		err = graph_class_seen(in->g, *id, cls, in->input, in->report,
				       (uint32_t)in->r->line, NULL, NULL);
	return err;
}

static void evidence_init(struct ingest *in, struct dep_evidence *ev, enum evidence_kind kind,
			  const char *raw_from, const char *raw_to)
{
	memset(ev, 0, sizeof(*ev));
	ev->input = in->input;
	ev->report = in->report;
	ev->line = (uint32_t)in->r->line;
	ev->kind = (uint8_t)kind;
	ev->raw_from = raw_from;
	ev->raw_to = raw_to;
}

/* Contexts of one piece of evidence: its two classes, its frames, its task. */
static unsigned int evidence_contexts(const struct dep_evidence *ev)
{
	unsigned int mask = context_of_class(ev->raw_from) | context_of_class(ev->raw_to) |
			    context_of_frame(ev->at);
	uint32_t i;

	for (i = 0; i < ev->n_frames; i++)
		mask |= context_of_frame(ev->frames[i]);
	if (ev->task)
		mask |= context_of_comm(ev->task->comm);
	return mask;
}

static int edge_by_name(struct ingest *in, struct dep_evidence *ev)
{
	uint32_t from, to;
	int err;

	err = sight_name(in, ev->raw_from, &from);
	if (!err)
		err = sight_name(in, ev->raw_to, &to);
	if (err)
		return err;
	ev->contexts = evidence_contexts(ev);
	return graph_edge(in->g, from, to, ev, NULL);
}

/* The chain entry printed as "-> #k", or NULL. */
static const struct lg_chain_entry *chain_entry(const struct lg_report *r, uint32_t k)
{
	uint32_t i;

	for (i = 0; i < r->chain.n; i++)
		if (r->chain.v[i].index == k)
			return &r->chain.v[i];
	return NULL;
}

/* Position of @cls in the subject's held list, or -1. */
static long held_index(const struct lg_report *r, const char *cls)
{
	uint32_t i;

	if (!cls)
		return -1;
	for (i = 0; i < r->held.n; i++)
		if (!strcmp(r->held.v[i].cls, cls))
			return i;
	return -1;
}

/* Locks held outside @holding (a class of the subject's held list). */
static void set_outer(const struct lg_report *r, const char *holding, struct dep_evidence *ev)
{
	long k = held_index(r, holding);

	if (k < 0 || r->held_declared < 0)
		return;
	ev->outer = r->held.v;
	ev->n_outer = (uint32_t)k;
	ev->outer_known = true;
}

static int ingest_circular(struct ingest *in)
{
	const struct lg_report *r = in->r;
	struct dep_evidence ev;
	uint32_t k, n = r->cycle.n;
	int err;

	if (n < 2)
		return 0;
	for (k = 1; k < n; k++) {
		const struct lg_chain_entry *ce = chain_entry(r, k);

		evidence_init(in, &ev, EV_CHAIN_LINK, r->cycle.v[k - 1], r->cycle.v[k]);
		if (ce)
			set_frames(&ev, &ce->frames);
		/* the "-> #k" line that printed the link */
		if (ce && ce->lock.line)
			ev.line = (uint32_t)ce->lock.line;
		err = edge_by_name(in, &ev);
		if (err)
			return err;
	}
	evidence_init(in, &ev, EV_ACQUISITION, r->cycle.v[n - 1], r->cycle.v[0]);
	ev.task = r->has_task ? in->task : NULL;
	ev.at = r->has_acquire ? r->acquire.at : NULL;
	if (r->has_acquire && r->acquire.line)
		ev.line = (uint32_t)r->acquire.line;
	set_frames(&ev, &r->frames);
	set_outer(r, r->has_holding ? r->holding.cls : r->cycle.v[n - 1], &ev);
	return edge_by_name(in, &ev);
}

static int ingest_recursive(struct ingest *in)
{
	const struct lg_report *r = in->r;
	struct dep_evidence ev;
	const char *to;

	to = r->has_acquire ? r->acquire.cls : r->has_cycle && r->cycle.n ? r->cycle.v[0] : NULL;
	if (!to)
		return 0;
	evidence_init(in, &ev, EV_ACQUISITION, r->has_holding ? r->holding.cls : to, to);
	ev.task = r->has_task ? in->task : NULL;
	ev.at = r->has_acquire ? r->acquire.at : NULL;
	if (r->has_acquire && r->acquire.line)
		ev.line = (uint32_t)r->acquire.line;
	set_frames(&ev, &r->frames);
	set_outer(r, ev.raw_from, &ev);
	return edge_by_name(in, &ev);
}

static int ingest_stated(struct ingest *in)
{
	const struct lg_report *r = in->r;
	struct dep_evidence ev;
	uint32_t i;
	int err;

	for (i = 0; i < r->edges.n; i++) {
		evidence_init(in, &ev, EV_STATED, r->edges.v[i].from, r->edges.v[i].to);
		/*
		 * An irq-inversion report's edges were made in the past, by another task;
		 * a DEPT report's contexts are tasks it does not name.
		 */
		if (r->kind != LG_KIND_IRQ_INVERSION && r->kind != LG_KIND_DEPT_CIRCULAR &&
		    r->has_task)
			ev.task = in->task;
		err = edge_by_name(in, &ev);
		if (err)
			return err;
	}
	return 0;
}

/* A class's contexts from its name, computed once (classify.c recomputes them alike). */
static unsigned int class_contexts(struct lg_graph *g, uint32_t id)
{
	struct lock_class *c = &g->classes[id];

	if (!(c->flags & CLASS_CTX_KNOWN)) {
		c->contexts = context_of_class(c->name);
		c->flags |= CLASS_CTX_KNOWN;
	}
	return c->contexts;
}

static int ingest_held_list(struct ingest *in, const struct lg_lock *locks, uint32_t n,
			    const struct lg_task *task)
{
	uint32_t stack_ids[64], *ids = stack_ids, i, j;
	unsigned int stack_ctxs[2 * 64], *cls_ctx = stack_ctxs, *at_ctx = stack_ctxs + 64;
	bool stack_trylock[64], *trylock = stack_trylock;
	unsigned int task_ctx = task ? context_of_comm(task->comm) : 0;
	struct held_src held = { .locks = locks, .input = in->input, .report = in->report };
	const struct held_src *held_kept = NULL;
	struct dep_evidence ev;
	int err;

	if (n > UINT16_MAX)
		n = UINT16_MAX;	/* MAX_LOCK_DEPTH is 48: a list this long is garbage */
	if (n > 64) {
		ids = arena_alloc(in->g->arena, n * sizeof(*ids));
		cls_ctx = arena_alloc(in->g->arena, 2 * n * sizeof(*cls_ctx));
		trylock = arena_alloc(in->g->arena, n * sizeof(*trylock));
		if (!ids || !cls_ctx || !trylock)
			return -ENOMEM;
		at_ctx = cls_ctx + n;
	}
	/* One lookup per lock serves its sighting and all its edges. */
	for (i = 0; i < n; i++)
		graph_prefetch_class(in->g, locks[i].cls);
	for (i = 0; i < n; i++) {
		err = graph_class_interned(in->g, locks[i].cls, &ids[i]);
		if (err)
			return err;
		__builtin_prefetch(&in->g->classes[ids[i]]);
	}
	for (i = 0; i < n; i++) {
		struct site_facts at, via;

		err = graph_class_seen(in->g, ids[i], locks[i].cls, in->input, in->report,
				       (uint32_t)in->r->line, locks[i].usage, locks[i].wait);
		if (err)
			return err;
		at = graph_site_facts(in->g, locks[i].at);
		via = graph_site_facts(in->g, locks[i].via);
		cls_ctx[i] = class_contexts(in->g, ids[i]);
		at_ctx[i] = at.contexts;
		/* per entry, not per pair: an entry is the later end of up to 47 pairs */
		trylock[i] = lockname_trylock_at(locks[i].cls, at.trylock | via.trylock);
	}
	held.line = (uint32_t)in->r->line;
	if (task) {
		held.task = *task;
		held.has_task = true;
	}
	memset(&ev, 0, sizeof(ev));
	ev.input = in->input;
	ev.report = in->report;
	ev.kind = EV_HELD_LIST;
	ev.held = &held;
	ev.held_kept = &held_kept;
	ev.held_trylock = trylock;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			graph_prefetch_edge(in->g, ids[i], ids[j]);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			graph_prefetch_edge_entry(in->g, ids[i], ids[j]);
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			/*
			 * Two entries of one class are nesting the list cannot
			 * order (nest_lock, recursive read): no self-edge.
			 */
			if (ids[i] == ids[j])
				continue;
			ev.list_from = (uint16_t)i;
			ev.list_to = (uint16_t)j;
			ev.contexts = cls_ctx[i] | cls_ctx[j] | at_ctx[j] | task_ctx;
			err = graph_edge(in->g, ids[i], ids[j], &ev, NULL);
			if (err)
				return err;
		}
	}
	return 0;
}

static bool holds_notifier(const struct lg_lock *locks, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(locks[i].cls, GRAPH_NOTIFIER_MAP))
			return true;
	return false;
}

/*
 * The OOM reaper invalidates a victim's mm with non-blocking mmu notifiers,
 * and non_block_start() sections exist for the same calls: a lock the
 * notifiers take anywhere is then taken where sleeping is forbidden. The
 * context node points at the notifier map; the rest of the path comes from
 * whatever any input shows taken under that map.
 */
static int context_edge(struct ingest *in, const char *context, const struct lg_task *task,
			const char *at)
{
	struct dep_evidence ev;
	uint32_t from, to;
	int err;

	evidence_init(in, &ev, EV_CONTEXT, context, GRAPH_NOTIFIER_MAP);
	ev.task = task;
	ev.at = at;
	err = graph_class(in->g, context, &from);
	if (!err)
		err = graph_class(in->g, GRAPH_NOTIFIER_MAP, &to);
	if (err)
		return err;
	ev.contexts = evidence_contexts(&ev) | 1u << LG_CTX_MMU_NOTIFIER;
	ev.contexts |= !strcmp(context, GRAPH_CTX_OOM_REAPER) ? 1u << LG_CTX_OOM_REAPER
							      : 1u << LG_CTX_NON_BLOCK;
	return graph_edge(in->g, from, to, &ev, NULL);
}

static int ingest_contexts(struct ingest *in)
{
	static const char *const reaper_fns[] = { "__oom_reap_task_mm", "oom_reap_task_mm",
						  "oom_reap_task", "oom_reaper", NULL };
	static const char *const notifier_fns[] = {
		"__mmu_notifier_invalidate_range_start",
		"mmu_notifier_invalidate_range_start_nonblock", NULL
	};
	const struct lg_report *r = in->r;
	bool reaper, notifier;
	uint32_t i;
	int err = 0;

	notifier = holds_notifier(r->held.v, r->held.n) ||
		   (r->has_acquire && !strcmp(r->acquire.cls, GRAPH_NOTIFIER_MAP)) ||
		   frames_have(&r->frames, notifier_fns);
	reaper = (r->has_task && r->task.comm && !strcmp(r->task.comm, "oom_reaper")) ||
		 frames_have(&r->frames, reaper_fns);
	if (notifier && reaper)
		err = context_edge(in, GRAPH_CTX_OOM_REAPER, r->has_task ? in->task : NULL, NULL);
	if (!err && notifier && r->has_sleep && r->sleep.non_block > 0)
		err = context_edge(in, GRAPH_CTX_NON_BLOCK, r->has_task ? in->task : NULL,
				   r->sleep.at);
	for (i = 0; !err && i < r->other_tasks.n; i++) {
		const struct lg_held_list *hl = &r->other_tasks.v[i];

		struct lg_task *task;

		if (!hl->task.comm || strcmp(hl->task.comm, "oom_reaper") ||
		    !holds_notifier(hl->locks.v, hl->locks.n))
			continue;
		/* a copy: the report's other tasks are not kept once ingested (spool.c) */
		task = arena_alloc(in->g->arena, sizeof(*task));
		if (!task)
			return -ENOMEM;
		*task = hl->task;
		err = context_edge(in, GRAPH_CTX_OOM_REAPER, task, NULL);
	}
	return err;
}

/* The report's task slept in @from (held-list entry @held, or a context): an edge to <sleep>. */
static int sleep_edge(struct ingest *in, const char *from_cls, uint32_t held, unsigned int ctx)
{
	const struct lg_report *r = in->r;
	struct dep_evidence ev;
	uint32_t from, to;
	int err;

	evidence_init(in, &ev, EV_SLEEP, from_cls, GRAPH_SLEEP);
	ev.task = r->has_task ? in->task : NULL;
	ev.at = r->sleep.at;
	set_frames(&ev, &r->frames);
	if (held < r->held.n && r->held.v[held].cls == from_cls) {
		ev.outer = r->held.v;
		ev.n_outer = held;
		ev.outer_known = r->held_declared >= 0;
	}
	ev.contexts = evidence_contexts(&ev) | ctx;
	err = graph_class(in->g, from_cls, &from);
	if (!err)
		err = graph_class(in->g, GRAPH_SLEEP, &to);
	return err ? err : graph_edge(in->g, from, to, &ev, NULL);
}

/*
 * A sleep-in-atomic report: the task slept holding every lock of its list,
 * and in the contexts the report names (non_block, irqs off, preemption off).
 * find_sleep_reports() makes the report's finding from these edges; the
 * sleep-path search does not end on them (they are the report's own).
 */
static int ingest_sleep(struct ingest *in)
{
	const struct lg_report *r = in->r;
	const struct lg_sleep *sl = &r->sleep;
	uint32_t i;
	int err = 0;

	if (r->kind != LG_KIND_SLEEP_IN_ATOMIC && r->kind != LG_KIND_SCHED_ATOMIC)
		return 0;
	for (i = 0; !err && i < r->held.n; i++)
		err = sleep_edge(in, r->held.v[i].cls, i, 0);
	if (!err && sl->non_block > 0)
		err = sleep_edge(in, GRAPH_CTX_NON_BLOCK, 0, 1u << LG_CTX_NON_BLOCK);
	if (!err && sl->irqs_disabled > 0)
		err = sleep_edge(in, GRAPH_CTX_IRQS_OFF, 0, 0);
	if (!err && (sl->in_atomic > 0 || r->kind == LG_KIND_SCHED_ATOMIC))
		err = sleep_edge(in, GRAPH_CTX_ATOMIC, 0, 0);
	return err;
}

static int sight_all(struct ingest *in)
{
	const struct lg_report *r = in->r;
	uint32_t i, id;
	int err = 0;

	if (r->has_acquire)
		err = sight(in, &r->acquire, &id);
	if (!err && r->has_holding)
		err = sight(in, &r->holding, &id);
	for (i = 0; !err && i < r->chain.n; i++)
		err = sight(in, &r->chain.v[i].lock, &id);
	/* Held-lock lists are sighted by ingest_held_list(). */
	return err;
}

/* Usage bits a traced acquisition shows, as lockdep would have marked them. */
static uint16_t trace_usage(const struct lg_acquire *a)
{
	uint16_t bits = 0;

	if (a->irq & OBS_IN_HARDIRQ)
		bits |= 1u << (a->read ? USAGE_IN_HARDIRQ_R : USAGE_IN_HARDIRQ_W);
	else if (!(a->irq & OBS_IRQS_OFF))
		bits |= 1u << (a->read ? USAGE_HARDIRQ_ON_R : USAGE_HARDIRQ_ON_W);
	if (a->irq & OBS_IN_SOFTIRQ)
		bits |= 1u << (a->read ? USAGE_IN_SOFTIRQ_R : USAGE_IN_SOFTIRQ_W);
	/* Softirqs being enabled is not in a trace record: no SOFTIRQ-ON. */
	return bits;
}

int graph_ingest_acquire(struct lg_graph *g, uint32_t input, const struct lg_acquire *a)
{
	unsigned int irq_ctx = 0, task_ctx, to_ctx;
	struct dep_evidence ev;
	uint32_t to, from, i;
	int err;

	err = graph_class_interned(g, a->lock, &to);
	if (!err && a->lock[0] != '<')
		err = graph_class_seen_bits(g, to, a->lock, input, GRAPH_NONE, 0, trace_usage(a), -1,
					    -1);
	if (err)
		return err;
	if (a->irq & OBS_IN_HARDIRQ)
		irq_ctx |= 1u << LG_CTX_HARDIRQ;
	if (a->irq & OBS_IN_SOFTIRQ)
		irq_ctx |= 1u << LG_CTX_SOFTIRQ;
	task_ctx = a->task ? context_of_comm(a->task->comm) : 0;
	memset(&ev, 0, sizeof(ev));
	ev.input = input;
	ev.report = GRAPH_NONE;
	ev.kind = EV_TRACE;
	ev.raw_to = a->lock;
	ev.task = a->task;
	ev.at = a->what;
	ev.ts = a->ts;
	ev.cpu = a->cpu;
	ev.read = a->read;
	to_ctx = class_contexts(g, to);
	for (i = 0; i < a->n_held; i++) {
		err = graph_class_interned(g, a->held[i], &from);
		if (err)
			return err;
		/* Traces drop the subclass: a nested lock of the held class is no self-edge. */
		if (from == to)
			continue;
		ev.raw_from = a->held[i];
		ev.contexts = class_contexts(g, from) | to_ctx | irq_ctx | task_ctx;
		err = graph_edge(g, from, to, &ev, NULL);
		if (err)
			return err;
	}
	/* The OOM reaper inside the notifier map: the non-blocking context, as in reports. */
	if ((a->oom_reaping || (a->task && a->task->comm && !strcmp(a->task->comm, "oom_reaper"))) &&
	    !strcmp(a->lock, GRAPH_NOTIFIER_MAP)) {
		err = graph_class(g, GRAPH_CTX_OOM_REAPER, &from);
		if (err)
			return err;
		ev.kind = EV_CONTEXT;
		ev.raw_from = GRAPH_CTX_OOM_REAPER;
		ev.contexts = 1u << LG_CTX_OOM_REAPER | 1u << LG_CTX_MMU_NOTIFIER;
		err = graph_edge(g, from, to, &ev, NULL);
	}
	return err;
}

int graph_ingest_report(struct lg_graph *g, const struct lg_report *r,
			const struct lg_task *task, uint32_t report)
{
	struct ingest in = { g, r, task ? task : &r->task, r->input, report };
	uint32_t i;
	int err;

	/* Bad unlocks and freed locks name a lock being released: no order. */
	err = sight_all(&in);
	if (!err && r->kind == LG_KIND_CIRCULAR)
		err = ingest_circular(&in);
	if (!err && r->kind == LG_KIND_RECURSIVE)
		err = ingest_recursive(&in);
	if (!err)
		err = ingest_stated(&in);
	if (!err)
		err = ingest_held_list(&in, r->held.v, r->held.n, r->has_task ? in.task : NULL);
	for (i = 0; !err && i < r->other_tasks.n; i++)
		err = ingest_held_list(&in, r->other_tasks.v[i].locks.v,
				       r->other_tasks.v[i].locks.n, &r->other_tasks.v[i].task);
	if (!err)
		err = ingest_contexts(&in);
	if (!err)
		err = ingest_sleep(&in);
	return err;
}
