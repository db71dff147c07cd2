// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Deadlock cycles: the strongly connected components of the order graph
 * (Tarjan, iterative), and in each one a shortest cycle through every edge,
 * so that distinct bugs sharing a component are all shown. All simple cycles
 * are never enumerated: for an edge u -> v the cycle is u -> v plus a
 * shortest path v -> u, found by one BFS per node of the component (exact) or,
 * when the component is too big for that, by one early-stopping BFS per edge
 * not yet on a found cycle (marked approximate). Classes lockdep does not
 * order-check (rcu_read_lock, SRCU) and context pseudo-classes take no part.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "hash.h"

/* BFS node visits allowed for the exact search of one component. */
#define EXACT_BUDGET 50000000ull

struct cycle_search {
	struct analysis *an;
	const struct lg_graph *g;
	uint32_t *scc;		/* component id per class, GRAPH_NONE when on no cycle */
	uint32_t *stamp;	/* BFS visit marks */
	uint32_t cur;
	uint32_t *parent;	/* edge by which the BFS reached a class */
	uint32_t *queue;
	uint64_t *seen;		/* set of cycle hashes (0 = empty) */
	uint32_t seen_mask, seen_n;
	uint32_t *path_classes, *path_edges;
};

static bool usable_class(const struct lock_class *c)
{
	return !(c->flags & (CLASS_NO_ORDER | CLASS_PSEUDO));
}

static bool usable_edge(const struct lg_graph *g, uint32_t e)
{
	return !(g->edges[e].flags & EDGE_TRYLOCK) && usable_class(&g->classes[g->edges[e].from]) &&
	       usable_class(&g->classes[g->edges[e].to]);
}

/* Tarjan's algorithm without recursion; components of one class get GRAPH_NONE. */
static int tarjan(struct cycle_search *cs, uint32_t *n_scc)
{
	const struct lg_graph *g = cs->g;
	uint32_t n = g->n_classes, next_index = 0, sp = 0, cp = 0, comp = 0, i;
	uint32_t *index = malloc((size_t)n * sizeof(*index));
	uint32_t *low = malloc((size_t)n * sizeof(*low));
	uint32_t *stack = malloc((size_t)n * sizeof(*stack));
	uint32_t *call = malloc((size_t)n * sizeof(*call));
	uint32_t *pos = malloc((size_t)n * sizeof(*pos));
	bool *on = calloc(n, sizeof(*on));
	int err = 0;

	if (!index || !low || !stack || !call || !pos || !on) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		index[i] = GRAPH_NONE;
	for (i = 0; i < n; i++) {
		if (index[i] != GRAPH_NONE || !usable_class(&g->classes[i]))
			continue;
		call[cp++] = i;
		index[i] = low[i] = next_index++;
		pos[i] = graph_out_begin(g, i);
		stack[sp++] = i;
		on[i] = true;
		while (cp) {
			uint32_t v = call[cp - 1];

			if (pos[v] < graph_out_end(g, v)) {
				uint32_t e = g->out_edges[pos[v]++], w = g->edges[e].to;

				if (!usable_edge(g, e))
					continue;
				if (index[w] == GRAPH_NONE) {
					index[w] = low[w] = next_index++;
					pos[w] = graph_out_begin(g, w);
					stack[sp++] = w;
					on[w] = true;
					call[cp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			cp--;
			if (cp && low[v] < low[call[cp - 1]])
				low[call[cp - 1]] = low[v];
			if (low[v] == index[v]) {
				uint32_t w, size = 0, first = sp;

				do {
					w = stack[--first];
					size++;
				} while (w != v);
				while (sp > first) {
					w = stack[--sp];
					on[w] = false;
					cs->scc[w] = size > 1 ? comp : GRAPH_NONE;
				}
				if (size > 1)
					comp++;
			}
		}
	}
	*n_scc = comp;
out:
	free(index);
	free(low);
	free(stack);
	free(call);
	free(pos);
	free(on);
	return err;
}

/* Order-independent identity of a cycle: hash of its smallest rotation by id. */
static uint64_t cycle_hash(const uint32_t *v, uint32_t n)
{
	uint64_t h = FNV_OFFSET;
	uint32_t best = 0, r, i;

	for (r = 1; r < n; r++) {
		for (i = 0; i < n; i++) {
			uint32_t a = v[(r + i) % n], b = v[(best + i) % n];

			if (a != b) {
				if (a < b)
					best = r;
				break;
			}
		}
	}
	for (i = 0; i < n; i++) {
		h ^= v[(best + i) % n];
		h *= 0x100000001b3ull;
	}
	return h ? h : 1;
}

/* Adds @h to the set; false when it was already there. */
static int seen_add(struct cycle_search *cs, uint64_t h, bool *added)
{
	uint32_t i;

	if (cs->seen_n + 1 > (cs->seen_mask + 1) / 2) {
		uint32_t size = (cs->seen_mask + 1) * 2, j;
		uint64_t *t = calloc(size, sizeof(*t));

		if (!t)
			return -ENOMEM;
		for (j = 0; j <= cs->seen_mask; j++) {
			if (!cs->seen[j])
				continue;
			uint64_t h2 = cs->seen[j];

			for (i = (uint32_t)(h2 ^ h2 >> 32) & (size - 1); t[i]; i = (i + 1) & (size - 1))
				;
			t[i] = cs->seen[j];
		}
		free(cs->seen);
		cs->seen = t;
		cs->seen_mask = size - 1;
	}
	for (i = (uint32_t)(h ^ h >> 32) & cs->seen_mask; cs->seen[i]; i = (i + 1) & cs->seen_mask) {
		if (cs->seen[i] == h) {
			*added = false;
			return 0;
		}
	}
	cs->seen[i] = h;
	cs->seen_n++;
	*added = true;
	return 0;
}

static int emit(struct cycle_search *cs, uint32_t n, uint32_t flags)
{
	struct lg_findings *fs = cs->an->fs;
	bool added;
	int err;

	err = seen_add(cs, cycle_hash(cs->path_classes, n), &added);
	if (err || !added)
		return err;
	if (!fold_ok(cs->g, cs->path_edges, n, true)) {
		fs->folded_only++;
		return 0;
	}
	return finding_add(cs->an, FINDING_CYCLE, cs->path_classes, n, cs->path_edges, n, flags, 0);
}

/*
 * BFS from @src inside component @comp. With @target != GRAPH_NONE it stops
 * as soon as @target is reached (stamped with the current mark).
 */
static void bfs(struct cycle_search *cs, uint32_t src, uint32_t comp, uint32_t target)
{
	const struct lg_graph *g = cs->g;
	uint32_t head = 0, tail = 0;

	cs->cur++;
	cs->stamp[src] = cs->cur;
	cs->parent[src] = GRAPH_NONE;
	cs->queue[tail++] = src;
	while (head < tail) {
		uint32_t v = cs->queue[head++], p;

		for (p = graph_out_begin(g, v); p < graph_out_end(g, v); p++) {
			uint32_t e = g->out_edges[p], w = g->edges[e].to;

			if (cs->scc[w] != comp || cs->stamp[w] == cs->cur || !usable_edge(g, e))
				continue;
			cs->stamp[w] = cs->cur;
			cs->parent[w] = e;
			if (w == target)
				return;
			cs->queue[tail++] = w;
		}
	}
}

/* The cycle closed by edge @e (u -> v) over the BFS tree rooted at v; its length. */
static uint32_t build_cycle(struct cycle_search *cs, uint32_t e)
{
	const struct lg_graph *g = cs->g;
	uint32_t n = graph_tree_path(g, cs->parent, g->edges[e].from, g->edges[e].to,
				     cs->path_classes, cs->path_edges);

	cs->path_edges[n - 1] = e;	/* v ... u, closed by e */
	return n;
}

static int component_cycles(struct cycle_search *cs, uint32_t comp, const uint32_t *members,
			    uint32_t size)
{
	const struct lg_graph *g = cs->g;
	uint64_t n_edges = 0;
	uint32_t i, p;
	int err = 0;

	for (i = 0; i < size; i++)
		for (p = graph_out_begin(g, members[i]); p < graph_out_end(g, members[i]); p++)
			if (cs->scc[g->edges[g->out_edges[p]].to] == comp)
				n_edges++;
	if ((uint64_t)size * n_edges <= EXACT_BUDGET) {
		/* One BFS per class v closes every edge u -> v with a shortest cycle. */
		for (i = 0; i < size && !err; i++) {
			uint32_t v = members[i];

			bfs(cs, v, comp, GRAPH_NONE);
			for (p = g->in_start[v]; p < g->in_start[v + 1] && !err; p++) {
				uint32_t e = g->in_edges[p], u = g->edges[e].from;

				if (u == v || cs->scc[u] != comp || !usable_edge(g, e) ||
				    cs->stamp[u] != cs->cur)
					continue;
				err = emit(cs, build_cycle(cs, e), 0);
			}
		}
		return err;
	}
	/* Too big: cover every edge with some short cycle, each edge searched once. */
	{
		bool *covered = calloc(g->n_edges, sizeof(*covered));

		if (!covered)
			return -ENOMEM;
		for (i = 0; i < size && !err; i++) {
			for (p = graph_out_begin(g, members[i]);
			     p < graph_out_end(g, members[i]) && !err; p++) {
				uint32_t e = g->out_edges[p], n, k;

				if (covered[e] || cs->scc[g->edges[e].to] != comp ||
				    g->edges[e].to == members[i] || !usable_edge(g, e))
					continue;
				bfs(cs, g->edges[e].to, comp, members[i]);
				if (cs->stamp[members[i]] != cs->cur)
					continue;
				n = build_cycle(cs, e);
				for (k = 0; k < n; k++)
					covered[cs->path_edges[k]] = true;
				err = emit(cs, n, FINDING_APPROXIMATE);
			}
		}
		free(covered);
	}
	return err;
}

int find_cycles(struct analysis *an)
{
	const struct lg_graph *g = an->graph;
	struct cycle_search cs = { .an = an, .g = g };
	uint32_t n = g->n_classes, n_scc = 0, i, *count = NULL, *start = NULL, *members = NULL;
	int err = -ENOMEM;

	cs.scc = malloc(((size_t)n + 1) * sizeof(*cs.scc));
	cs.stamp = calloc((size_t)n + 1, sizeof(*cs.stamp));
	cs.parent = malloc(((size_t)n + 1) * sizeof(*cs.parent));
	cs.queue = malloc(((size_t)n + 1) * sizeof(*cs.queue));
	cs.path_classes = malloc(((size_t)n + 1) * sizeof(*cs.path_classes));
	cs.path_edges = malloc(((size_t)n + 1) * sizeof(*cs.path_edges));
	cs.seen = calloc(1024, sizeof(*cs.seen));
	cs.seen_mask = 1023;
	if (!cs.scc || !cs.stamp || !cs.parent || !cs.queue || !cs.path_classes ||
	    !cs.path_edges || !cs.seen)
		goto out;
	for (i = 0; i < n; i++)
		cs.scc[i] = GRAPH_NONE;
	err = tarjan(&cs, &n_scc);
	if (err)
		goto out;

	/* Self-edges: recursive locking, a cycle of one. */
	for (i = 0; i < g->n_edges && !err; i++) {
		if (g->edges[i].from != g->edges[i].to || !usable_edge(g, i))
			continue;
		cs.path_classes[0] = g->edges[i].from;
		cs.path_edges[0] = i;
		err = emit(&cs, 1, 0);
	}

	/* Members of each component, grouped by a counting sort. */
	count = calloc((size_t)n_scc + 1, sizeof(*count));
	start = calloc((size_t)n_scc + 1, sizeof(*start));
	members = malloc(((size_t)n + 1) * sizeof(*members));
	if (!count || !start || !members) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (cs.scc[i] != GRAPH_NONE)
			count[cs.scc[i]]++;
	for (i = 1; i <= n_scc; i++)
		start[i] = start[i - 1] + count[i - 1];
	memset(count, 0, ((size_t)n_scc + 1) * sizeof(*count));
	/* in name order: which short cycle covers an edge never depends on reading order */
	for (i = 0; i < n; i++) {
		uint32_t c = g->by_name[i];

		if (cs.scc[c] != GRAPH_NONE)
			members[start[cs.scc[c]] + count[cs.scc[c]]++] = c;
	}
	an->fs->scc_count = n_scc;
	for (i = 0; i < n_scc && !err; i++)
		err = component_cycles(&cs, i, members + start[i], count[i]);
out:
	free(count);
	free(start);
	free(members);
	free(cs.scc);
	free(cs.stamp);
	free(cs.parent);
	free(cs.queue);
	free(cs.path_classes);
	free(cs.path_edges);
	free(cs.seen);
	return err;
}
