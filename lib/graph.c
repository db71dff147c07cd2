// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The merged lock graph: class interning (with "#N" folded), sightings,
 * edges with their evidence, and the adjacency arrays the analyses walk.
 * Big arrays are malloc'ed (owned by the graph, freed in graph_free());
 * names and evidence live in the context's arena.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "graph.h"
#include "hash.h"
#include "lg-local.h"

_Static_assert(LG_CTX__COUNT <= 16, "edge contexts are 16 bits");


/* The names JSON and text print for the graph's enums (docs/json-output.md). */
const char *usage_bit_name(enum usage_bit b)
{
	static const char *const names[USAGE__COUNT] = {
		"IN-HARDIRQ-W", "IN-HARDIRQ-R", "HARDIRQ-ON-W", "HARDIRQ-ON-R",
		"IN-SOFTIRQ-W", "IN-SOFTIRQ-R", "SOFTIRQ-ON-W", "SOFTIRQ-ON-R",
	};

	return b < USAGE__COUNT ? names[b] : "?";
}

const char *lock_kind_name(enum lock_kind k)
{
	static const char *const names[] = {
		[LOCK_KIND_UNKNOWN] = "unknown", [LOCK_KIND_SPIN] = "spin",
		[LOCK_KIND_SLEEP] = "sleep",	 [LOCK_KIND_MAP] = "map",
		[LOCK_KIND_CONTEXT] = "context",
	};

	return k <= LOCK_KIND_CONTEXT ? names[k] : "?";
}

const char *kind_basis_name(enum kind_basis b)
{
	static const char *const names[] = {
		[BASIS_WAIT] = "wait-type", [BASIS_NAME] = "name", [BASIS_IRQ] = "irq-usage",
		[BASIS_PRIMITIVE] = "primitive",	/* NONE and PSEUDO: no basis printed */
	};

	return b <= BASIS_PRIMITIVE ? names[b] : NULL;
}

const char *evidence_kind_name(enum evidence_kind k)
{
	static const char *const names[EV__COUNT] = {
		[EV_CHAIN_LINK] = "chain-link", [EV_ACQUISITION] = "acquisition",
		[EV_HELD_LIST] = "held-list",	[EV_STATED] = "stated",
		[EV_CONTEXT] = "context",	[EV_TRACE] = "trace",
		[EV_SLEEP] = "sleep",
	};

	return k < EV__COUNT ? names[k] : "?";
}

const char *wait_config_name(enum wait_config c)
{
	static const char *const names[] = {
		[WAITCFG_UNKNOWN] = "unknown", [WAITCFG_CLASSIC] = "classic",
		[WAITCFG_RAW_NESTING] = "raw-nesting",	/* NONE: nothing printed */
	};

	return c <= WAITCFG_RAW_NESTING ? names[c] : NULL;
}

static uint32_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return (uint32_t)x;
}

size_t graph_fold_name(const char *raw, char *buf, size_t cap)
{
	size_t len = strlen(raw), prefix, suffix, n;

	lockname_fold(raw, len, &prefix, &suffix);
	n = prefix + (len - suffix);
	if (buf && cap > n) {
		memcpy(buf, raw, prefix);
		memcpy(buf + prefix, raw + suffix, len - suffix);
		buf[n] = '\0';
	}
	return n;
}

struct lg_graph *graph_new(struct arena *arena)
{
	struct lg_graph *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->arena = arena;
	return g;
}

void graph_free(struct lg_graph *g)
{
	if (!g)
		return;
	free(g->classes);
	free(g->edges);
	free(g->class_tab);
	free(g->edge_tab);
	free(g->name_cache);
	free(g->site_cache);
	free(g->by_name);
	free(g->rank);
	free(g->out_start);
	free(g->out_edges);
	free(g->in_start);
	free(g->in_edges);
	free(g->votes);
	free(g);
}

/*
 * The big arrays are walked at random (class and edge lookups): offer them to
 * transparent huge pages so lookups do not pay a TLB miss each. A hint only.
 */
static void hint_huge(void *p, size_t bytes)
{
	const uintptr_t huge = 2u << 20;
	uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1), end = (uintptr_t)p + bytes;

	if (end > start + huge)
		madvise((void *)start, (end - start) & ~(huge - 1), MADV_HUGEPAGE);
}

static int grow(void **v, uint32_t *cap, size_t elem)
{
	uint32_t ncap = *cap ? *cap * 2 : 64;
	void *nv;

	if (ncap < *cap)
		return -ENOMEM;
	nv = realloc(*v, (size_t)ncap * elem);
	if (!nv)
		return -ENOMEM;
	hint_huge(nv, (size_t)ncap * elem);
	*v = nv;
	*cap = ncap;
	return 0;
}

static uint32_t *table_new(uint32_t size)
{
	uint32_t *t = malloc((size_t)size * sizeof(*t));

	if (t) {
		hint_huge(t, (size_t)size * sizeof(*t));
		memset(t, 0xff, (size_t)size * sizeof(*t));
	}
	return t;
}

/* Keeps tables at most half full; rehashes with @hash_of. */
static int table_reserve(uint32_t **tab, uint32_t *mask, uint32_t n,
			 uint32_t (*hash_of)(const struct lg_graph *, uint32_t),
			 const struct lg_graph *g)
{
	uint32_t size = *tab ? *mask + 1 : 0, nsize, i, *nt;

	if (size && n < size / 2)
		return 0;
	nsize = size ? size * 2 : 1024;
	if (nsize < size)
		return -ENOMEM;
	nt = table_new(nsize);
	if (!nt)
		return -ENOMEM;
	for (i = 0; i < size; i++) {
		uint32_t id = (*tab)[i], h;

		if (id == GRAPH_NONE)
			continue;
		for (h = hash_of(g, id) & (nsize - 1); nt[h] != GRAPH_NONE; h = (h + 1) & (nsize - 1))
			;
		nt[h] = id;
	}
	free(*tab);
	*tab = nt;
	*mask = nsize - 1;
	return 0;
}

static uint32_t class_hash_of(const struct lg_graph *g, uint32_t id)
{
	return mix64(g->classes[id].hash);
}

/* The 32 bits of a folded name's FNV-1a a class keeps. */
static uint32_t name_hash32(uint64_t h)
{
	return (uint32_t)(h ^ h >> 32);
}

/* The hash of from -> to: its low bits place it in the edge table, its high bits tag it. */
static uint64_t edge_hash(uint32_t from, uint32_t to)
{
	uint64_t x = (uint64_t)from << 32 | to;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

static uint32_t edge_tag(uint64_t hash)
{
	return (uint32_t)(hash >> 32);
}

/* The slot of from -> to, or the empty slot where it would go. */
static uint32_t edge_slot_of(const struct lg_graph *g, uint32_t from, uint32_t to)
{
	uint64_t hash = edge_hash(from, to);
	uint32_t tag = edge_tag(hash), h;
	const struct edge_slot *s;

	for (h = (uint32_t)hash & g->edge_tab_mask;; h = (h + 1) & g->edge_tab_mask) {
		s = &g->edge_tab[h];
		if (!s->id1 || (s->tag == tag && g->edges[s->id1 - 1].from == from &&
				g->edges[s->id1 - 1].to == to))
			return h;
	}
}

/* Keeps the edge table at most 3/4 full; rehashed from the edges, in id order. */
static int edge_table_reserve(struct lg_graph *g)
{
	uint32_t size = g->edge_tab ? g->edge_tab_mask + 1 : 0, nsize, i, h;
	struct edge_slot *tab;

	if (size && g->n_edges + 1 < size / 4 * 3)
		return 0;
	nsize = size ? size * 2 : 1024;
	if (nsize < size)
		return -ENOMEM;
	tab = calloc(nsize, sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	hint_huge(tab, (size_t)nsize * sizeof(*tab));
	for (i = 0; i < g->n_edges; i++) {
		uint64_t hash = edge_hash(g->edges[i].from, g->edges[i].to);

		for (h = (uint32_t)hash & (nsize - 1); tab[h].id1; h = (h + 1) & (nsize - 1))
			;
		tab[h].tag = edge_tag(hash);
		tab[h].id1 = i + 1;
	}
	free(g->edge_tab);
	g->edge_tab = tab;
	g->edge_tab_mask = nsize - 1;
	return 0;
}

/* A class name as printed, with what identifies its folded form. */
struct name_key {
	const char *raw;
	size_t len, prefix, suffix, flen;	/* raw[prefix, suffix) is the "#N" */
	uint64_t hash;
};

static void name_key(const char *raw, struct name_key *k)
{
	k->raw = raw;
	k->len = strlen(raw);
	lockname_fold(raw, k->len, &k->prefix, &k->suffix);
	k->flen = k->prefix + (k->len - k->suffix);
	k->hash = fnv_add(fnv_add(FNV_OFFSET, raw, k->prefix), raw + k->suffix,
			  k->len - k->suffix);
}

/* The table slot holding @k's class, or the empty slot where it would go. */
static uint32_t class_slot(const struct lg_graph *g, const struct name_key *k)
{
	uint32_t hash = name_hash32(k->hash), h;

	for (h = mix64(hash) & g->class_tab_mask; g->class_tab[h] != GRAPH_NONE;
	     h = (h + 1) & g->class_tab_mask) {
		const struct lock_class *c = &g->classes[g->class_tab[h]];

		if (c->hash == hash && c->name_len == k->flen &&
		    !memcmp(c->name, k->raw, k->prefix) &&
		    !memcmp(c->name + k->prefix, k->raw + k->suffix, k->len - k->suffix))
			break;
	}
	return h;
}

int graph_class(struct lg_graph *g, const char *raw, uint32_t *id)
{
	struct name_key k;
	struct lock_class *c;
	uint32_t h;
	char *name;

	name_key(raw, &k);
	if (table_reserve(&g->class_tab, &g->class_tab_mask, g->n_classes + 1, class_hash_of, g))
		return -ENOMEM;
	h = class_slot(g, &k);
	if (g->class_tab[h] != GRAPH_NONE) {
		*id = g->class_tab[h];
		return 0;
	}
	if (g->n_classes == g->cap_classes &&
	    grow((void **)&g->classes, &g->cap_classes, sizeof(*g->classes)))
		return -ENOMEM;
	name = arena_alloc(g->arena, k.flen + 1);
	if (!name)
		return -ENOMEM;
	memcpy(name, raw, k.prefix);
	memcpy(name + k.prefix, raw + k.suffix, k.len - k.suffix);
	name[k.flen] = '\0';
	c = &g->classes[g->n_classes];
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->name_len = (uint32_t)k.flen;
	c->name_votes = (uint8_t)lockname_votes(name);
	c->hash = name_hash32(k.hash);
	c->wait_inner = -1;
	g->class_tab[h] = g->n_classes;
	*id = g->n_classes++;
	return 0;
}

/*
 * The name cache is two-way: a pair of slots (one cache line) per hash, the
 * newest first. Direct-mapped, a third of 10^5 names shared their slot with
 * another and, taken in turn, missed every time (a full hash of the name).
 */
static struct name_cache_slot *name_cache_pair(const struct lg_graph *g, const char *raw)
{
	return &g->name_cache[(mix64((uintptr_t)raw) & g->name_cache_mask) & ~1u];
}

/* The class the interned name @raw was last looked up as, or GRAPH_NONE. */
static uint32_t name_cache_find(const struct lg_graph *g, const char *raw)
{
	const struct name_cache_slot *pair;

	if (!g->name_cache)
		return GRAPH_NONE;
	pair = name_cache_pair(g, raw);
	if (pair[0].name == raw)
		return pair[0].id;
	if (pair[1].name == raw)
		return pair[1].id;
	return GRAPH_NONE;
}

/* @raw names class @id: the newest in its pair, the other one kept behind it */
static void name_cache_put(struct lg_graph *g, const char *raw, uint32_t id)
{
	struct name_cache_slot *pair = name_cache_pair(g, raw);

	pair[1] = pair[0];
	pair[0].name = raw;
	pair[0].id = id;
}

/*
 * Keeps the name cache as big as the class table, at least 1024 slots. What
 * it held moves into the bigger one: dropped, every name seen so far missed
 * once more after each doubling (graph-bench: 246,000 misses for 10^5 names).
 */
static int name_cache_reserve(struct lg_graph *g)
{
	uint32_t size = g->class_tab ? g->class_tab_mask + 1 : 1024, old_size, i;
	struct name_cache_slot *c, *old = g->name_cache;

	if (old && g->name_cache_mask + 1 >= size)
		return 0;
	c = calloc(size, sizeof(*c));
	if (!c)
		return -ENOMEM;
	hint_huge(c, (size_t)size * sizeof(*c));
	old_size = old ? g->name_cache_mask + 1 : 0;
	g->name_cache = c;
	g->name_cache_mask = size - 1;
	/* the older of each pair first, so each pair's newest stays in front */
	for (i = 0; i < old_size; i += 2) {
		if (old[i + 1].name)
			name_cache_put(g, old[i + 1].name, old[i + 1].id);
		if (old[i].name)
			name_cache_put(g, old[i].name, old[i].id);
	}
	free(old);
	return 0;
}

void graph_prefetch_class(const struct lg_graph *g, const char *raw)
{
	if (g->name_cache)
		__builtin_prefetch(name_cache_pair(g, raw));
}

void graph_prefetch_edge(const struct lg_graph *g, uint32_t from, uint32_t to)
{
	if (g->edge_tab)
		__builtin_prefetch(&g->edge_tab[(uint32_t)edge_hash(from, to) & g->edge_tab_mask]);
}

void graph_prefetch_edge_entry(const struct lg_graph *g, uint32_t from, uint32_t to)
{
	uint64_t hash = edge_hash(from, to);
	const struct edge_slot *s;

	if (!g->edge_tab)
		return;
	s = &g->edge_tab[(uint32_t)hash & g->edge_tab_mask];
	/* only the first slot: a collision is rare at this load */
	if (s->id1 && s->tag == edge_tag(hash))
		__builtin_prefetch(&g->edges[s->id1 - 1], 1);
}

int graph_class_interned(struct lg_graph *g, const char *raw, uint32_t *id)
{
	int err;

	*id = name_cache_find(g, raw);
	if (*id != GRAPH_NONE)
		return 0;
	err = graph_class(g, raw, id);
	if (!err)
		err = name_cache_reserve(g);
	if (!err)
		name_cache_put(g, raw, *id);
	return err;
}

#define SITE_CACHE_SLOTS 4096u	/* direct-mapped: 64 KiB */

static struct site_facts site_facts_of(const char *at)
{
	return (struct site_facts){ .contexts = (uint16_t)context_of_frame(at),
				    .trylock = (uint16_t)lockname_site_trylock(at) };
}

struct site_facts graph_site_facts(struct lg_graph *g, const char *at)
{
	struct site_cache_slot *slot;

	if (!at)
		return (struct site_facts){ 0 };
	if (!g->site_cache) {
		g->site_cache = calloc(SITE_CACHE_SLOTS, sizeof(*g->site_cache));
		if (!g->site_cache)
			return site_facts_of(at);	/* only slower */
	}
	slot = &g->site_cache[mix64((uintptr_t)at) & (SITE_CACHE_SLOTS - 1)];
	if (slot->at != at) {
		slot->at = at;
		slot->facts = site_facts_of(at);
	}
	return slot->facts;
}

uint32_t graph_find_class(const struct lg_graph *g, const char *raw)
{
	struct name_key k;
	uint32_t id;

	if (!g->class_tab)
		return GRAPH_NONE;
	/* an interned name the graph has seen (no other string can be at its address) */
	id = name_cache_find(g, raw);
	if (id != GRAPH_NONE)
		return id;
	name_key(raw, &k);
	return g->class_tab[class_slot(g, &k)];
}

uint32_t graph_find_edge(const struct lg_graph *g, uint32_t from, uint32_t to)
{
	uint32_t id1;

	if (!g->edge_tab)
		return GRAPH_NONE;
	id1 = g->edge_tab[edge_slot_of(g, from, to)].id1;
	return id1 ? id1 - 1 : GRAPH_NONE;
}

uint16_t usage_parse(const char *usage)
{
	static const uint8_t in_bit[4] = { USAGE_IN_HARDIRQ_W, USAGE_IN_HARDIRQ_R,
					   USAGE_IN_SOFTIRQ_W, USAGE_IN_SOFTIRQ_R };
	static const uint8_t on_bit[4] = { USAGE_HARDIRQ_ON_W, USAGE_HARDIRQ_ON_R,
					   USAGE_SOFTIRQ_ON_W, USAGE_SOFTIRQ_ON_R };
	uint16_t bits = 0;
	size_t i;

	if (!usage)
		return 0;
	/* 4 characters, or 6: old kernels add RECLAIM_FS, not an irq state (a NUL fails below) */
	if (usage[0] && usage[1] && usage[2] && usage[3] && usage[4] && (!usage[5] || usage[6]))
		return 0;
	for (i = 0; i < 4; i++) {
		switch (usage[i]) {
		case '-':	/* used in irq context */
			bits |= 1u << in_bit[i];
			break;
		case '+':	/* taken with that irq enabled */
			bits |= 1u << on_bit[i];
			break;
		case '?':	/* both */
			bits |= 1u << in_bit[i] | 1u << on_bit[i];
			break;
		case '.':
			break;
		default:
			return 0;
		}
	}
	return bits;
}

static void wait_parse(const char *wait, int8_t *outer, int8_t *inner)
{
	*outer = *inner = -1;
	if (!wait || wait[0] < '0' || wait[0] > '9' || wait[1] != ':' || wait[2] < '0' ||
	    wait[2] > '9' || wait[3])
		return;
	*outer = (int8_t)(wait[0] - '0');
	*inner = (int8_t)(wait[2] - '0');
}

/*
 * Every sighting counts (usage union, the input's wait-type votes); it is
 * kept when the class has few so far, or when it adds a usage bit or a wait
 * type, so a class seen in every one of a thousand boots stays small.
 */
int graph_class_seen(struct lg_graph *g, uint32_t id, const char *raw, uint32_t input,
		     uint32_t report, uint32_t line, const char *usage, const char *wait)
{
	int8_t outer, inner;

	wait_parse(wait, &outer, &inner);
	return graph_class_seen_bits(g, id, raw, input, report, line, usage_parse(usage), outer,
				     inner);
}

/* g->votes[@input] exists (zeroed when new). 0 or -ENOMEM. */
static int votes_reserve(struct lg_graph *g, uint32_t input)
{
	if (input >= g->n_votes) {
		uint32_t n = input + 1 > g->n_votes * 2 ? input + 1 : g->n_votes * 2;
		struct wait_votes *v = realloc(g->votes, (size_t)n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		memset(v + g->n_votes, 0, (size_t)(n - g->n_votes) * sizeof(*v));
		g->votes = v;
		g->n_votes = n;
	}
	return 0;
}

int graph_input_origin(struct lg_graph *g, uint32_t input, const char *origin)
{
	if (input < g->n_votes && g->votes[input].origin)
		return 0;
	if (votes_reserve(g, input))
		return -ENOMEM;
	g->votes[input].origin = origin;
	return 0;
}

int graph_input_contexts(struct lg_graph *g, uint32_t input, unsigned int contexts)
{
	if (votes_reserve(g, input))
		return -ENOMEM;
	g->votes[input].trace_contexts |= contexts;
	return 0;
}

static void wait_seen_add(struct lock_class *c, int8_t wait_inner)
{
	if (wait_inner >= 0 && wait_inner < 16)
		c->wait_seen |= (uint16_t)(1u << wait_inner);
}

static void note_last(struct lock_class *c, const struct class_sighting *last)
{
	c->last_known = true;
	c->last_raw = last->raw;
	c->last_input = last->input;
	c->last_usage = last->usage;
	c->last_wait_known = last->wait_inner >= 0;
}

int graph_class_seen_bits(struct lg_graph *g, uint32_t id, const char *raw, uint32_t input,
			  uint32_t report, uint32_t line, uint16_t usage, int8_t wait_outer,
			  int8_t wait_inner)
{
	struct lock_class *c = &g->classes[id];
	struct class_sighting s = { 0 };
	bool new_wait = true;
	uint32_t i;

	s.input = input;
	s.report = report;
	s.line = line;
	s.raw = raw;
	s.usage = usage;
	s.wait_outer = wait_outer;
	s.wait_inner = wait_inner;
	if (votes_reserve(g, input))
		return -ENOMEM;
	wait_vote(&g->votes[input], c->name_votes, s.wait_outer, s.wait_inner);
	c->n_seen++;
	/* the same name in the same input as the last kept sighting, adding nothing */
	if (c->last_known && c->last_raw == raw && c->last_input == input && c->last_wait_known &&
	    !(s.usage & ~c->last_usage))
		return 0;
	/* Inputs are read one after the other: this input's sightings are last. */
	for (i = !c->last_known || c->last_input == input ? c->seen.n : 0;
	     i-- > 0 && c->seen.v[i].input == input;) {
		struct class_sighting *o = &c->seen.v[i];

		if (o->raw != raw && strcmp(o->raw, raw))
			continue;
		o->usage |= s.usage;
		c->usage |= s.usage;
		if (o->wait_inner < 0) {
			o->wait_outer = s.wait_outer;
			o->wait_inner = s.wait_inner;
			wait_seen_add(c, o->wait_inner);
		}
		if (i == c->seen.n - 1)
			note_last(c, o);
		return 0;
	}
	if (s.wait_inner >= 0 && s.wait_inner < 16) {
		new_wait = !(c->wait_seen & 1u << s.wait_inner);
	} else if (s.wait_inner >= 0) {
		for (i = 0; i < c->seen.n && new_wait; i++)
			new_wait = c->seen.v[i].wait_inner != s.wait_inner;
	}
	if (c->seen.n >= GRAPH_SIGHTINGS_KEPT && !(s.usage & ~c->usage) &&
	    (!new_wait || s.wait_inner < 0))
		return 0;
	c->usage |= s.usage;
	if (vec_push(g->arena, &c->seen, s))
		return -ENOMEM;
	wait_seen_add(c, s.wait_inner);
	note_last(c, &s);
	return 0;
}

void evidence_view(const struct ev_rec *rec, struct dep_evidence *view)
{
	const struct held_src *held = rec->src;
	const struct lg_lock *list;

	if (rec->full) {
		*view = *(const struct dep_evidence *)rec->src;
		return;
	}
	list = held->locks;
	memset(view, 0, sizeof(*view));
	view->input = held->input;
	view->report = held->report;
	/* the "#j:" line of the entry taken while #i was held */
	view->line = list[rec->list_to].line ? (uint32_t)list[rec->list_to].line : held->line;
	view->kind = rec->kind;
	view->contexts = rec->contexts;
	view->task = held->has_task ? &held->task : NULL;
	view->list = list;
	view->list_from = rec->list_from;
	view->list_to = rec->list_to;
	view->raw_from = list[rec->list_from].cls;
	view->raw_to = list[rec->list_to].cls;
	view->at = list[rec->list_to].at;
	view->outer = list;
	view->n_outer = rec->list_from;
	view->outer_known = true;
}

/*
 * Millions of 24-byte records and 40-byte lists, where the arena would round
 * each to 32 and 48 bytes: carved from slabs of it instead.
 */
#define GRAPH_SLAB (64u * 1024u)
_Static_assert(sizeof(struct ev_rec) % _Alignof(struct ev_rec) == 0 &&
		       sizeof(struct held_src) % _Alignof(struct ev_rec) == 0 &&
		       _Alignof(struct held_src) == _Alignof(struct ev_rec),
	       "slab entries stay aligned");

static void *slab_alloc(struct lg_graph *g, struct graph_slab *s, size_t size)
{
	void *p;

	if (s->left < size) {
		s->next = arena_alloc(g->arena, GRAPH_SLAB);
		if (!s->next)
			return NULL;
		s->left = GRAPH_SLAB;
	}
	p = s->next;
	s->next += size;
	s->left -= size;
	return p;	/* zero, as the arena's memory is */
}

static struct ev_rec *evidence_store(struct lg_graph *g, const struct dep_evidence *ev)
{
	struct ev_rec *rec = slab_alloc(g, &g->ev_slab, sizeof(*rec));
	struct dep_evidence *full;

	if (!rec)
		return NULL;
	g->n_records++;
	rec->contexts = (uint16_t)ev->contexts;
	rec->kind = ev->kind;
	if (ev->held) {
		/* the list's shared part, copied by its first piece kept */
		if (!*ev->held_kept) {
			struct held_src *h = slab_alloc(g, &g->held_slab, sizeof(*h));

			if (!h)
				return NULL;
			*h = *ev->held;
			*ev->held_kept = h;
		}
		rec->src = *ev->held_kept;
		rec->list_from = ev->list_from;
		rec->list_to = ev->list_to;
		/* classify reads only this bit of the list */
		rec->trylock = ev->held_trylock[ev->list_to];
		return rec;
	}
	full = arena_alloc(g->arena, sizeof(*full));
	if (!full)
		return NULL;
	*full = *ev;
	if (full->n_frames > GRAPH_EVIDENCE_FRAMES)
		full->n_frames = GRAPH_EVIDENCE_FRAMES;
	rec->src = full;
	rec->full = true;
	if (ev->kind == EV_HELD_LIST)
		rec->trylock = lockname_taken_by_trylock(ev->raw_to, ev->at,
							 ev->list ? ev->list[ev->list_to].via : NULL);
	return rec;
}

static const char *origin_of(const struct lg_graph *g, uint32_t input)
{
	return input < g->n_votes && g->votes[input].origin ? g->votes[input].origin : "";
}

/* Traced evidence by input name, time, CPU and locks: never by reading order. */
static int traced_cmp(const struct lg_graph *g, const struct dep_evidence *a,
		      const struct dep_evidence *b)
{
	const char *oa = origin_of(g, a->input), *ob = origin_of(g, b->input);
	int c = oa == ob ? 0 : strcmp(oa, ob);

	if (c)
		return c;
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->cpu != b->cpu)
		return a->cpu < b->cpu ? -1 : 1;
	if ((c = strcmp(a->raw_from ? a->raw_from : "", b->raw_from ? b->raw_from : "")))
		return c;
	return strcmp(a->raw_to ? a->raw_to : "", b->raw_to ? b->raw_to : "");
}

/*
 * An edge whose traced evidence is full keeps the first GRAPH_TRACE_EVIDENCE_KEPT
 * by traced_cmp(): @ev takes the place of the last kept one if it comes before
 * it. So a merge of saved shards keeps what one run over all inputs keeps.
 */
static int keep_first_traced(struct lg_graph *g, struct dep_edge *e, const struct dep_evidence *ev,
			     uint32_t *edge_id, uint32_t id)
{
	struct ev_rec *rec, *last = NULL;
	struct dep_evidence *full, *last_ev = NULL;

	if (edge_id)
		*edge_id = id;
	for (rec = e->first; rec; rec = rec->next) {
		if (rec->kind != EV_TRACE || !rec->full)
			continue;
		full = (struct dep_evidence *)rec->src;
		if (!last || traced_cmp(g, full, last_ev) > 0) {
			last = rec;
			last_ev = full;
		}
	}
	if (!last || traced_cmp(g, ev, last_ev) >= 0)
		return 0;
	*last_ev = *ev;
	if (last_ev->n_frames > GRAPH_EVIDENCE_FRAMES)
		last_ev->n_frames = GRAPH_EVIDENCE_FRAMES;
	last->contexts = (uint16_t)ev->contexts;
	return 0;
}

int graph_edge(struct lg_graph *g, uint32_t from, uint32_t to, const struct dep_evidence *ev,
	       uint32_t *edge_id)
{
	struct dep_edge *e;
	uint32_t h, id;

	if (g->finished)
		return -EINVAL;
	if (edge_table_reserve(g))
		return -ENOMEM;
	h = edge_slot_of(g, from, to);
	if (!g->edge_tab[h].id1) {
		if (g->n_edges == g->cap_edges &&
		    grow((void **)&g->edges, &g->cap_edges, sizeof(*g->edges)))
			return -ENOMEM;
		id = g->n_edges++;
		e = &g->edges[id];
		memset(e, 0, sizeof(*e));
		e->from = from;
		e->to = to;
		g->edge_tab[h].tag = edge_tag(edge_hash(from, to));
		g->edge_tab[h].id1 = id + 1;
	}
	id = g->edge_tab[h].id1 - 1;
	e = &g->edges[id];
	e->n_evidence++;
	e->contexts |= (uint16_t)ev->contexts;
	/* a capture's contexts, all of them, whatever evidence is kept (coverage.c) */
	if (ev->report == GRAPH_NONE && graph_input_contexts(g, ev->input, ev->contexts))
		return -ENOMEM;
	g->n_evidence++;
	if (ev->kind == EV_TRACE && e->n_kept_trace >= GRAPH_TRACE_EVIDENCE_KEPT)
		return keep_first_traced(g, e, ev, edge_id, id);
	if (ev->kind == EV_TRACE ? e->n_kept_trace < GRAPH_TRACE_EVIDENCE_KEPT
				 : e->n_kept - e->n_kept_trace < GRAPH_EVIDENCE_KEPT) {
		struct ev_rec *rec = evidence_store(g, ev);

		if (!rec)
			return -ENOMEM;
		/* Prepended here, put back in order by graph_finish(). */
		rec->next = e->first;
		e->first = rec;
		e->n_kept++;
		if (ev->kind == EV_TRACE)
			e->n_kept_trace++;
	}
	if (edge_id)
		*edge_id = id;
	return 0;
}

struct named_class {
	const char *name;
	uint32_t id;
};

static int by_class_name(const void *a, const void *b)
{
	return strcmp(((const struct named_class *)a)->name, ((const struct named_class *)b)->name);
}

/* Classes in name order (g->by_name) and each class's place in it (g->rank). */
static int rank_classes(struct lg_graph *g)
{
	struct named_class *v = malloc(((size_t)g->n_classes + 1) * sizeof(*v));
	uint32_t i;

	g->by_name = malloc(((size_t)g->n_classes + 1) * sizeof(*g->by_name));
	g->rank = malloc(((size_t)g->n_classes + 1) * sizeof(*g->rank));
	if (!v || !g->by_name || !g->rank) {
		free(v);
		return -ENOMEM;
	}
	for (i = 0; i < g->n_classes; i++) {
		v[i].name = g->classes[i].name;
		v[i].id = i;
	}
	qsort(v, g->n_classes, sizeof(*v), by_class_name);
	for (i = 0; i < g->n_classes; i++) {
		g->by_name[i] = v[i].id;
		g->rank[v[i].id] = i;
	}
	free(v);
	return 0;
}

/* Counting sort of edge ids by @key (from or to): start[] has n_classes + 1 entries. */
static int group_edges(const struct lg_graph *g, bool by_from, uint32_t **start_out,
		       uint32_t **edges_out)
{
	uint32_t *start = calloc((size_t)g->n_classes + 1, sizeof(*start));
	uint32_t *list = malloc(((size_t)g->n_edges + 1) * sizeof(*list));
	uint32_t i;

	if (!start || !list) {
		free(start);
		free(list);
		return -ENOMEM;
	}
	for (i = 0; i < g->n_edges; i++)
		start[(by_from ? g->edges[i].from : g->edges[i].to) + 1]++;
	for (i = 0; i < g->n_classes; i++)
		start[i + 1] += start[i];
	/*
	 * Fill in the name order of the far end, so each group is sorted by the
	 * neighbour's name: walks, and the shortest paths they choose among equals,
	 * do not depend on the order classes were first seen (the inputs' order).
	 */
	{
		uint32_t *fill = malloc(((size_t)g->n_classes + 1) * sizeof(*fill));
		uint32_t *by_far = malloc(((size_t)g->n_edges + 1) * sizeof(*by_far));
		uint32_t *at = calloc((size_t)g->n_classes + 1, sizeof(*at));

		if (!fill || !by_far || !at) {
			free(fill);
			free(by_far);
			free(at);
			free(start);
			free(list);
			return -ENOMEM;
		}
		/* edges bucketed by the far end's name rank (a counting sort) */
		for (i = 0; i < g->n_edges; i++)
			at[g->rank[by_from ? g->edges[i].to : g->edges[i].from] + 1]++;
		for (i = 0; i < g->n_classes; i++)
			at[i + 1] += at[i];
		for (i = 0; i < g->n_edges; i++)
			by_far[at[g->rank[by_from ? g->edges[i].to : g->edges[i].from]]++] = i;
		memcpy(fill, start, ((size_t)g->n_classes + 1) * sizeof(*fill));
		for (i = 0; i < g->n_edges; i++) {
			uint32_t e = by_far[i];

			list[fill[by_from ? g->edges[e].from : g->edges[e].to]++] = e;
		}
		free(fill);
		free(by_far);
		free(at);
	}
	*start_out = start;
	*edges_out = list;
	return 0;
}

int graph_renumber_inputs(struct lg_graph *g, const uint32_t *input_map, uint32_t n_inputs)
{
	struct wait_votes *votes;
	uint32_t i, k;

	if (g->finished)
		return -EINVAL;
	for (i = 0; i < g->n_edges; i++) {
		struct ev_rec *rec;

		for (rec = g->edges[i].first; rec; rec = rec->next) {
			struct dep_evidence *full;

			/* held lists come from reports, which go in after (see graph.h) */
			if (!rec->full)
				return -EINVAL;
			/* stored whole: the copy is the graph's own (evidence_store()) */
			full = (struct dep_evidence *)rec->src;
			if (full->input < n_inputs)
				full->input = input_map[full->input];
		}
	}
	for (i = 0; i < g->n_classes; i++) {
		struct lock_class *c = &g->classes[i];

		for (k = 0; k < c->seen.n; k++)
			if (c->seen.v[k].input < n_inputs)
				c->seen.v[k].input = input_map[c->seen.v[k].input];
		if (c->seen.n)
			note_last(c, &c->seen.v[c->seen.n - 1]);
	}
	if (!g->n_votes)
		return 0;
	votes = calloc(n_inputs > g->n_votes ? n_inputs : g->n_votes, sizeof(*votes));
	if (!votes)
		return -ENOMEM;
	for (i = 0; i < g->n_votes; i++)
		votes[i < n_inputs ? input_map[i] : i] = g->votes[i];
	free(g->votes);
	g->votes = votes;
	if (n_inputs > g->n_votes)
		g->n_votes = n_inputs;
	return 0;
}

static int str_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

#define CMP_NUM(a, b)                          \
	do {                                   \
		if ((a) != (b))                \
			return (a) < (b) ? -1 : 1; \
	} while (0)

/* Evidence by input, then line (or time and CPU), kind, names, site and task. */
static int evidence_cmp(const struct ev_rec *x, const struct ev_rec *y)
{
	struct dep_evidence a, b;
	int c;

	/* most pairs differ here: no view to make */
	CMP_NUM(ev_rec_input(x), ev_rec_input(y));
	CMP_NUM(x->kind == EV_TRACE, y->kind == EV_TRACE);
	evidence_view(x, &a);
	evidence_view(y, &b);
	CMP_NUM(a.line, b.line);
	CMP_NUM(a.ts, b.ts);
	CMP_NUM(a.cpu, b.cpu);
	CMP_NUM(a.kind, b.kind);
	if ((c = str_cmp(a.raw_from, b.raw_from)) || (c = str_cmp(a.raw_to, b.raw_to)) ||
	    (c = str_cmp(a.at, b.at)))
		return c;
	if (a.task && b.task) {
		if ((c = str_cmp(a.task->comm, b.task->comm)))
			return c;
		CMP_NUM(a.task->pid, b.task->pid);
	}
	CMP_NUM(a.task != NULL, b.task != NULL);
	return 0;
}

static int sighting_cmp(const void *pa, const void *pb)
{
	const struct class_sighting *a = pa, *b = pb;
	int c;

	CMP_NUM(a->input, b->input);
	if ((c = strcmp(a->raw, b->raw)))
		return c;
	CMP_NUM(a->line, b->line);
	CMP_NUM(a->usage, b->usage);
	CMP_NUM(a->wait_inner, b->wait_inner);
	return 0;
}

/*
 * A class keeps few sightings (GRAPH_SIGHTINGS_KEPT, and those that add a usage
 * bit or wait type): insertion, where qsort() cost 1,800 instructions a class.
 */
static void sort_sightings(struct class_sighting *v, uint32_t n)
{
	uint32_t i, j;

	if (n > 4 * GRAPH_SIGHTINGS_KEPT) {
		qsort(v, n, sizeof(*v), sighting_cmp);
		return;
	}
	for (i = 1; i < n; i++) {
		struct class_sighting s = v[i];

		for (j = i; j > 0 && sighting_cmp(&v[j - 1], &s) > 0; j--)
			v[j] = v[j - 1];
		v[j] = s;
	}
}

int graph_finish(struct lg_graph *g)
{
	uint32_t i;
	int err;

	if (g->finished)
		return 0;
	/*
	 * Evidence and sightings by what they are, never by when they were read
	 * (lg_analyze() has put the inputs in name order, so input order is name
	 * order). Evidence lists are short: insertion.
	 */
	for (i = 0; i < g->n_edges; i++) {
		struct ev_rec *rec = g->edges[i].first, *sorted = NULL, *next, **pos;

		for (; rec; rec = next) {
			next = rec->next;
			for (pos = &sorted; *pos && evidence_cmp(*pos, rec) <= 0; pos = &(*pos)->next)
				;
			rec->next = *pos;
			*pos = rec;
		}
		g->edges[i].first = sorted;
	}
	for (i = 0; i < g->n_classes; i++) {
		sort_sightings(g->classes[i].seen.v, g->classes[i].seen.n);
		g->classes[i].last_known = false;
	}
	err = rank_classes(g);
	if (!err)
		err = group_edges(g, true, &g->out_start, &g->out_edges);
	if (!err)
		err = group_edges(g, false, &g->in_start, &g->in_edges);
	if (!err)
		g->finished = true;
	return err;
}

uint32_t graph_tree_path(const struct lg_graph *g, const uint32_t *parent, uint32_t end,
			 uint32_t root, uint32_t *classes, uint32_t *edges)
{
	uint32_t n = 0, i, w;

	/* from @end back to the root, then reversed */
	for (w = end; w != root && parent[w] != GRAPH_NONE; w = g->edges[parent[w]].from)
		classes[n++] = w;
	classes[n++] = w;
	for (i = 0; i < n / 2; i++) {
		uint32_t t = classes[i];

		classes[i] = classes[n - 1 - i];
		classes[n - 1 - i] = t;
	}
	for (i = 0; i + 1 < n; i++)
		edges[i] = parent[classes[i + 1]];
	return n;
}

uint32_t graph_evidence_of_report(const struct dep_edge *e, uint32_t report)
{
	const struct ev_rec *rec;

	for (rec = e->first; report != GRAPH_NONE && rec; rec = rec->next)
		if (ev_rec_report(rec) == report)
			return report;
	return GRAPH_NONE;
}
