// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What kind of lock each class is: spinning, sleeping, a lockdep map, or a
 * context pseudo-class. The wait type lockdep prints ("{3:3}") is the best
 * witness, but its numbers depend on CONFIG_PROVE_RAW_LOCK_NESTING (wait
 * types FREE 1, SPIN 2, then CONFIG 3 and SLEEP 4 with it, SLEEP 3 without),
 * so each input's config is inferred first from what only one of the two can
 * print (docs/graph.md, "Wait types"). Last, edges that can only have been
 * trylocks are marked so that no analysis follows them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "ingest.h"
#include "lg-local.h"
#include "lockname.h"

static enum lock_kind kind_from_wait(int inner, enum wait_config cfg)
{
	if (inner <= 0)
		return LOCK_KIND_UNKNOWN;
	switch (cfg) {
	case WAITCFG_RAW_NESTING:
		return inner >= 4 ? LOCK_KIND_SLEEP : LOCK_KIND_SPIN;
	case WAITCFG_CLASSIC:
		return inner >= 3 ? LOCK_KIND_SLEEP : LOCK_KIND_SPIN;
	default:
		return inner >= 4 ? LOCK_KIND_SLEEP : inner <= 2 ? LOCK_KIND_SPIN : LOCK_KIND_UNKNOWN;
	}
}

/* Function-name prefixes of lock primitives: the first frame after lock_acquire. */
static const char *const sleep_primitives[] = {
	"__mutex_lock", "mutex_lock", "__ww_mutex_lock", "ww_mutex_lock", "down_read",
	"down_write", "__down_read", "__down_write", "percpu_down_", "rwsem_down_",
	"wait_for_completion", "__wait_for_common", "__flush_work", "flush_work",
	"__flush_workqueue", "flush_workqueue", "rt_spin_lock", "rt_read_lock", "rt_write_lock",
	"rt_mutex_lock", "__rt_mutex_lock", NULL
};

static const char *const spin_primitives[] = {
	"_raw_spin_lock", "_raw_read_lock", "_raw_write_lock", "__raw_spin_lock",
	"do_raw_spin_lock", "queued_spin_lock", "queued_read_lock", "queued_write_lock", NULL
};

/* What the stacks that took each class used to take it. */
static void note_primitives(struct lg_graph *g)
{
	const struct ev_rec *rec;
	struct dep_evidence ev;
	uint32_t i;

	for (i = 0; i < g->n_edges; i++) {
		struct dep_edge *e = &g->edges[i];

		for (rec = e->first; rec; rec = rec->next) {
			/* a held-list entry has no stack: no view to make (most evidence) */
			if (!rec->full)
				continue;
			evidence_view(rec, &ev);
			if (!ev.n_frames)
				continue;
			if (frame_prefixed(ev.frames[0], sleep_primitives))
				g->classes[e->to].primitive |= PRIM_SLEEP;
			else if (frame_prefixed(ev.frames[0], spin_primitives))
				g->classes[e->to].primitive |= PRIM_SPIN;
		}
	}
}

static void classify_class(struct lock_class *c, const uint8_t *config, uint32_t n_inputs)
{
	enum lock_kind kind = LOCK_KIND_UNKNOWN;
	bool conflict = false, any_map = false;
	uint32_t i;

	c->contexts = context_of_class(c->name);
	if (lockname_rcu_reader(c->name))
		c->flags |= CLASS_RCU | CLASS_NO_ORDER;
	/* RCU callbacks and SRCU readers are not order-checked by lockdep either. */
	if (!strcmp(c->name, "rcu_callback") || strstr(c->name, "srcu"))
		c->flags |= CLASS_NO_ORDER;
	if (!strcmp(c->name, "fs_reclaim"))
		c->flags |= CLASS_RECLAIM;
	if (!strcmp(c->name, GRAPH_SLEEP)) {
		/* A task going to sleep: where sleep paths end, never part of a cycle. */
		c->flags |= CLASS_NO_ORDER;
		c->kind = LOCK_KIND_SLEEP;
		c->basis = BASIS_PSEUDO;
		return;
	}
	if (!strcmp(c->name, GRAPH_CTX_OOM_REAPER) || !strcmp(c->name, GRAPH_CTX_NON_BLOCK)) {
		c->flags |= CLASS_PSEUDO;
		c->kind = LOCK_KIND_CONTEXT;
		c->basis = BASIS_PSEUDO;
		c->contexts |= 1u << (!strcmp(c->name, GRAPH_CTX_OOM_REAPER) ? LG_CTX_OOM_REAPER
									   : LG_CTX_NON_BLOCK);
		return;
	}
	if (!strcmp(c->name, GRAPH_CTX_ATOMIC) || !strcmp(c->name, GRAPH_CTX_IRQS_OFF)) {
		c->flags |= CLASS_PSEUDO;
		c->kind = LOCK_KIND_CONTEXT;
		c->basis = BASIS_PSEUDO;
		return;
	}
	for (i = 0; i < c->seen.n; i++) {
		const struct class_sighting *s = &c->seen.v[i];
		enum lock_kind k = kind_from_wait(s->wait_inner, s->input < n_inputs ?
								 config[s->input] : WAITCFG_UNKNOWN);

		if (s->wait_inner == 0)
			any_map = true;
		if (k == LOCK_KIND_UNKNOWN)
			continue;
		if (kind != LOCK_KIND_UNKNOWN && kind != k)
			conflict = true;
		kind = k;
		c->wait_inner = s->wait_inner;
	}
	if (conflict) {
		/* Folded versions of one name that are different locks: trust neither. */
		c->kind = LOCK_KIND_UNKNOWN;
		c->basis = BASIS_NONE;
		return;
	}
	if (kind != LOCK_KIND_UNKNOWN) {
		c->kind = (uint8_t)kind;
		c->basis = BASIS_WAIT;
		return;
	}
	if (c->primitive == PRIM_SLEEP || c->primitive == PRIM_SPIN) {
		c->kind = c->primitive == PRIM_SLEEP ? LOCK_KIND_SLEEP : LOCK_KIND_SPIN;
		c->basis = BASIS_PRIMITIVE;
		return;
	}
	/* A lockdep map used in irq context is no lock at all: it says nothing. */
	if (!any_map && c->usage & (1u << USAGE_IN_HARDIRQ_W | 1u << USAGE_IN_HARDIRQ_R |
			1u << USAGE_IN_SOFTIRQ_W | 1u << USAGE_IN_SOFTIRQ_R)) {
		c->kind = LOCK_KIND_SPIN;
		c->basis = BASIS_IRQ;
	} else if (lockname_ww_acquire(c->name)) {
		c->kind = LOCK_KIND_MAP;
		c->basis = BASIS_NAME;
	} else if (lockname_sleeps(c->name)) {
		c->kind = LOCK_KIND_SLEEP;
		c->basis = BASIS_NAME;
	} else if (lockname_spins(c->name)) {
		c->kind = LOCK_KIND_SPIN;
		c->basis = BASIS_NAME;
	} else if (any_map || (c->flags & (CLASS_RECLAIM | CLASS_RCU))) {
		c->kind = LOCK_KIND_MAP;
		c->basis = BASIS_WAIT;
	}
}

/*
 * A sleeping lock that a held-lock list shows taken under a spinning one, in
 * a kernel that would have said "sleeping function called from invalid
 * context" had it been a plain acquisition, was a trylock (console_trylock()
 * in printk under zone->lock is the classic). Lockdep does not order
 * trylocks; neither do the analyses. Only when every piece of evidence is
 * such a held-list entry. Also a held-list entry taken at a function named
 * for a trylock (trylock_super() in super_cache_scan()), whatever the kinds.
 */
static bool trylock_edge(const struct lg_graph *g, const struct dep_edge *e)
{
	const struct ev_rec *rec;
	struct dep_evidence ev;

	if (e->n_kept != e->n_evidence || !e->first)
		return false;
	/*
	 * Taken at a trylock wrapper (trylock_super, ...), maybe inlined: whatever
	 * the kinds. Told when the evidence was kept (lockname_taken_by_trylock()).
	 */
	for (rec = e->first; rec; rec = rec->next)
		if (rec->kind != EV_HELD_LIST || !rec->trylock)
			break;
	if (!rec)
		return true;
	if (g->classes[e->to].kind != LOCK_KIND_SLEEP)
		return false;
	for (rec = e->first; rec; rec = rec->next) {
		bool spin = g->classes[e->from].kind == LOCK_KIND_SPIN;
		uint32_t k;

		if (rec->kind != EV_HELD_LIST)
			return false;
		if (rec->trylock)
			continue;
		if (!spin)
			evidence_view(rec, &ev);
		for (k = 0; !spin && k < ev.n_outer; k++) {
			uint32_t c = graph_find_class(g, ev.outer[k].cls);

			spin = c != GRAPH_NONE && g->classes[c].kind == LOCK_KIND_SPIN;
		}
		if (!spin)
			return false;
	}
	return e->first != NULL;
}

int graph_classify(struct lg_graph *g, uint32_t n_inputs, uint8_t *config, const char **why)
{
	static const struct wait_votes none;
	uint32_t i;

	for (i = 0; i < n_inputs; i++) {
		const struct wait_votes *v = i < g->n_votes ? &g->votes[i] : &none;

		why[i] = v->why;
		if (!v->any_wait) {
			config[i] = WAITCFG_NONE;
		} else if (v->raw_nesting && v->classic) {
			config[i] = WAITCFG_UNKNOWN;
			why[i] = "the input shows both configurations";
		} else if (v->raw_nesting) {
			config[i] = WAITCFG_RAW_NESTING;
		} else if (v->classic) {
			config[i] = WAITCFG_CLASSIC;
		} else {
			config[i] = WAITCFG_UNKNOWN;
			why[i] = "no lock whose wait type tells the config is printed";
		}
	}
	note_primitives(g);
	for (i = 0; i < g->n_classes; i++)
		classify_class(&g->classes[i], config, n_inputs);
	for (i = 0; i < g->n_edges; i++) {
		if (trylock_edge(g, &g->edges[i])) {
			g->edges[i].flags |= EDGE_TRYLOCK;
			g->n_trylock_edges++;
		}
	}
	return 0;
}
