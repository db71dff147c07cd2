/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The merged lock graph: one node per lock class (identified by its name with
 * the per-boot "#N" version folded away), one edge per ordered pair "B was
 * acquired while A was held", each edge carrying the evidence that showed it.
 * Every input feeds the same graph (ingest.c); the analyses read it after
 * graph_finish() has built the adjacency arrays.
 *
 * The folding rule and the wait-type inference are documented for users in
 * docs/graph.md.
 */
#ifndef LG_GRAPH_H
#define LG_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "lockname.h"
#include "obs.h"

#define GRAPH_NONE UINT32_MAX

/*
 * Evidence kept per edge, the rest only counted: up to 8 from reports and 4
 * from traces, so that a busy trace never crowds out the report that proved
 * an edge.
 */
#define GRAPH_EVIDENCE_KEPT 8
#define GRAPH_TRACE_EVIDENCE_KEPT 4
/* Frames kept per piece of evidence (the top of the stack that took the lock). */
#define GRAPH_EVIDENCE_FRAMES 4

/* Irq usage bits as lockdep prints them in "{+.-.}" (write and read variants). */
enum usage_bit {
	USAGE_IN_HARDIRQ_W,
	USAGE_IN_HARDIRQ_R,
	USAGE_HARDIRQ_ON_W,
	USAGE_HARDIRQ_ON_R,
	USAGE_IN_SOFTIRQ_W,
	USAGE_IN_SOFTIRQ_R,
	USAGE_SOFTIRQ_ON_W,
	USAGE_SOFTIRQ_ON_R,
	USAGE__COUNT,
};

/* What taking the lock can do to the taker, as far as the inputs tell. */
enum lock_kind {
	LOCK_KIND_UNKNOWN,
	LOCK_KIND_SPIN,		/* never sleeps: raw_spinlock_t, spinlock_t, rwlock_t */
	LOCK_KIND_SLEEP,	/* may sleep: mutex, rwsem, completion wait, allocation */
	LOCK_KIND_MAP,		/* a lockdep map with no wait type ({0:0}) */
	LOCK_KIND_CONTEXT,	/* a pseudo-class standing for a context (<oom_reaper>) */
};

/* Why a class got its kind. */
enum kind_basis {
	BASIS_NONE,
	BASIS_WAIT,		/* its wait type, under the input's known config */
	BASIS_NAME,		/* its name (no usable wait type) */
	BASIS_IRQ,		/* used in hard/soft irq: must spin */
	BASIS_PSEUDO,
	BASIS_PRIMITIVE,	/* the lock primitive in a stack that took it (__mutex_lock) */
};

/* What the primitives that took a class say (lock_class.primitive) */
#define PRIM_SLEEP 0x1u
#define PRIM_SPIN 0x2u

/* Class flags */
#define CLASS_NO_ORDER	0x1u	/* lockdep does not check its order (rcu_read_lock) */
#define CLASS_PSEUDO	0x2u	/* not a lock: a context node (<oom_reaper>, <non_block>) */
#define CLASS_RCU	0x4u	/* an RCU read-side section: must not sleep */
#define CLASS_RECLAIM	0x8u	/* fs_reclaim: an allocation that may enter reclaim */
#define CLASS_CTX_KNOWN	0x10u	/* contexts already computed from the name */

/* One input's sighting of a class under one printed name. */
struct class_sighting {
	const char *raw;	/* the name as printed, "#N" included */
	uint32_t input;
	uint32_t report;	/* first report that printed it */
	uint32_t line;
	uint16_t usage;		/* bit mask of enum usage_bit */
	int8_t wait_outer, wait_inner;	/* -1 when no wait type was printed */
};	/* 24 bytes: a class seen in every boot of a fleet keeps several */

struct lock_class {
	const char *name;	/* folded: no "#N" */
	VEC(struct class_sighting) seen;	/* a sample: see graph_class_seen() */
	/*
	 * What graph_class_seen() needs of the last kept sighting and of all of
	 * them, so that a sighting adding nothing never reads @seen (a cache miss
	 * per held-lock entry): when @last_known, seen.v[seen.n - 1]'s name,
	 * input, usage and whether it has a wait type; the wait types 0-15 any
	 * kept sighting has, a bit each.
	 */
	const char *last_raw;
	uint32_t name_len;
	uint32_t hash;		/* of the folded name, for the class table */
	uint32_t n_seen;	/* all sightings, kept or not */
	uint32_t last_input;
	uint16_t usage;		/* union over sightings */
	uint16_t last_usage;
	uint16_t wait_seen;
	uint16_t flags;		/* CLASS_* */
	uint16_t contexts;	/* enum lg_context bits from its name */
	uint8_t kind;		/* enum lock_kind, set by graph_classify() */
	uint8_t basis;		/* enum kind_basis */
	int8_t wait_inner;	/* the wait type the kind was decided from, -1 if none */
	uint8_t primitive;	/* PRIM_* bits: primitives seen taking it */
	uint8_t name_votes;	/* lockname_votes() of @name */
	bool last_known : 1;
	bool last_wait_known : 1;
};	/* 64 bytes: one cache line, prefetched for a held list's lookups */

enum evidence_kind {
	EV_CHAIN_LINK,	/* a link of a circular report's dependency chain (earlier, other task) */
	EV_ACQUISITION,	/* the acquisition a report is about */
	EV_HELD_LIST,	/* #i -> #j of a held-lock list */
	EV_STATED,	/* an edge a report states (irq, inconsistent, wait context) */
	EV_CONTEXT,	/* a context entering a class (<oom_reaper> -> notifier) */
	EV_TRACE,	/* an acquisition in a trace while the other lock was held */
	EV_SLEEP,	/* a sleep-in-atomic report: slept holding the lock, or in the context */
	EV__COUNT,
};

/*
 * A held-lock list that kept evidence points into, with what all its pieces
 * share: graph_edge() copies it into the graph once, when the first piece is
 * kept, so a piece of held-list evidence is 24 bytes.
 */
struct held_src {
	const struct lg_lock *locks;	/* must live as long as the graph */
	struct lg_task task;		/* when @has_task */
	uint32_t input, report;
	uint32_t line;			/* the report's: for an entry that has none */
	bool has_task;
};

/*
 * One piece of evidence as graph_edge() takes it and readers see it (through
 * evidence_view()). A held-list entry sets @held, @list_from and @list_to
 * instead of the names, @at and @outer, which then come from the list.
 */
struct dep_evidence {
	uint32_t input;
	uint32_t report;	/* index into ctx->reports, GRAPH_NONE for none */
	uint32_t line;
	uint8_t kind;		/* enum evidence_kind */
	bool outer_known;	/* @outer lists every lock held outside @raw_from */
	const char *raw_from, *raw_to;
	const struct lg_task *task;	/* NULL: not known (a chain link's earlier task) */
	const char *at;		/* where @raw_to was taken, or NULL */
	const char *const *frames;
	uint32_t n_frames;
	const struct lg_lock *outer;	/* held before @raw_from, outermost first */
	uint32_t n_outer;
	unsigned int contexts;
	const struct lg_lock *list;	/* held-list entry: list[list_from] -> list[list_to] */
	uint16_t list_from, list_to;
	/*
	 * Held-list evidence given to graph_edge(): the list and what its pieces
	 * share, and where graph_edge() notes its copy (NULL until one is kept).
	 */
	const struct held_src *held;
	const struct held_src **held_kept;
	const bool *held_trylock;	/* per entry of the list: lockname_taken_by_trylock() */
	uint64_t ts;		/* EV_TRACE: when (ns), on which CPU, read acquisition */
	int32_t cpu;
	bool read;
};

/*
 * Stored evidence. Held-list entries, nearly all evidence in big inputs, are
 * kept as indices into their list (24 bytes, the rest in the list's shared
 * struct held_src); the rest as a copy of the view.
 */
struct ev_rec {
	struct ev_rec *next;
	const void *src;	/* a struct held_src, or (@full) a struct dep_evidence */
	uint16_t list_from, list_to;
	uint16_t contexts;
	uint8_t kind;
	bool full : 1;
	bool trylock : 1;	/* EV_HELD_LIST: lockname_taken_by_trylock(), told when kept */
};

/* What evidence_view() would say of @rec's input, report and task, for one of them. */
static inline uint32_t ev_rec_input(const struct ev_rec *rec)
{
	return rec->full ? ((const struct dep_evidence *)rec->src)->input
			 : ((const struct held_src *)rec->src)->input;
}

static inline uint32_t ev_rec_report(const struct ev_rec *rec)
{
	return rec->full ? ((const struct dep_evidence *)rec->src)->report
			 : ((const struct held_src *)rec->src)->report;
}

static inline const struct lg_task *ev_rec_task(const struct ev_rec *rec)
{
	const struct held_src *h = rec->src;

	if (rec->full)
		return ((const struct dep_evidence *)rec->src)->task;
	return h->has_task ? &h->task : NULL;
}

/* Fills @view from @rec. */
void evidence_view(const struct ev_rec *rec, struct dep_evidence *view);

/* Every kept piece of evidence of @edge, in the order seen, as @view. */
#define for_each_evidence(edge, rec, view)                                              \
	for ((rec) = (edge)->first; (rec) && (evidence_view((rec), &(view)), true);     \
	     (rec) = (rec)->next)

/* Edge flags */
#define EDGE_TRYLOCK	0x1u	/* inferred trylock: lockdep would not order it (paths.c) */

struct dep_edge {
	uint32_t from, to;
	uint32_t n_evidence;	/* all evidence seen */
	uint16_t contexts;	/* union of the evidence's contexts */
	uint8_t n_kept : 4;	/* evidence in the list (traces' included) */
	uint8_t n_kept_trace : 4;	/* of which from traces */
	uint8_t flags;		/* EDGE_* */
	struct ev_rec *first;	/* kept evidence; by input and line once graph_finish() ran */
};	/* 24 bytes: a fleet's graph has millions */

_Static_assert(GRAPH_EVIDENCE_KEPT + GRAPH_TRACE_EVIDENCE_KEPT < 16, "n_kept has 4 bits");

/* Sightings kept per class beyond those that add a usage bit or a wait type. */
#define GRAPH_SIGHTINGS_KEPT 8

/*
 * A slot of the edge table: the edge's id + 1 (0 when empty) beside 32 bits
 * of its hash the slot's place does not use, so a probe past another edge
 * reads no edge; a match is checked against the edge, which its caller reads
 * anyway. 8 bytes: a fleet's 10^6 edges take 16 MB of table.
 */
struct edge_slot {
	uint32_t tag;
	uint32_t id1;
};

/* What an acquisition site tells: context_of_frame(), lockname_site_trylock(). */
struct site_facts {
	uint16_t contexts;
	uint16_t trylock;
};

struct lg_graph {
	struct arena *arena;	/* the context's: names, sightings, evidence */
	struct lock_class *classes;	/* owned (realloc) */
	uint32_t n_classes, cap_classes;
	struct dep_edge *edges;		/* owned (realloc) */
	uint32_t n_edges, cap_edges;
	uint32_t *class_tab, class_tab_mask;	/* open addressing: class id or GRAPH_NONE */
	struct edge_slot *edge_tab;	/* open addressing, see struct edge_slot */
	uint32_t edge_tab_mask;
	uint64_t n_evidence;
	/*
	 * Evidence kept: whatever it points to (a report's lists, its task) must
	 * stay. A report whose ingest left this unchanged is not pointed to.
	 */
	uint64_t n_records;
	/* evidence records and held lists, carved from the arena unpadded */
	struct graph_slab {
		unsigned char *next;
		size_t left;
	} ev_slab, held_slab;
	uint32_t n_trylock_edges;	/* marked EDGE_TRYLOCK by graph_classify() */
	/*
	 * Name pointer -> class, two-way (name_cache_pair()), as big as the class
	 * table: a parser that interns its names (traces, dmesg lock lines) or a
	 * report's many held-lock lists reaches a class without hashing its name
	 * (graph_class_interned()). Owned.
	 */
	struct name_cache_slot {
		const char *name;
		uint32_t id;
	} *name_cache;
	uint32_t name_cache_mask;
	/* what interned acquisition sites tell: see graph_site_facts() */
	struct site_cache_slot {
		const char *at;
		struct site_facts facts;
	} *site_cache;
	struct wait_votes *votes;	/* per input, owned */
	uint32_t n_votes;
	/*
	 * Built by graph_finish(): classes in name order and each one's place in
	 * it; edge ids grouped by source and by target, each group in the name
	 * order of the other end. Walks in these orders choose among equals by
	 * name, never by the order the inputs were read.
	 */
	uint32_t *by_name, *rank;
	uint32_t *out_start, *out_edges;
	uint32_t *in_start, *in_edges;
	bool finished;
};

struct lg_graph *graph_new(struct arena *arena);
void graph_free(struct lg_graph *g);

/*
 * graph_class - the id of the class @raw names ("#N" folded), made if new
 * Return: 0 or -ENOMEM.
 */
int graph_class(struct lg_graph *g, const char *raw, uint32_t *id);

/*
 * graph_class() for a name that never changes at that address (interned by
 * a parser): a pointer lookup first.
 */
int graph_class_interned(struct lg_graph *g, const char *raw, uint32_t *id);

/*
 * Hints that graph_class_interned(@raw) and graph_edge(@from, @to) follow soon:
 * their table slots are fetched now, so a held list's lookups wait for memory
 * side by side rather than one after the other.
 */
void graph_prefetch_class(const struct lg_graph *g, const char *raw);
void graph_prefetch_edge(const struct lg_graph *g, uint32_t from, uint32_t to);
/* Then, once the slot is there, the edge it holds (a new edge has none). */
void graph_prefetch_edge_entry(const struct lg_graph *g, uint32_t from, uint32_t to);

/*
 * What a site interned by a parser (the same string for as long as the graph
 * lives at that address) tells: context_of_frame(@at) and
 * lockname_site_trylock(@at). A held list's every entry asks, of a few
 * thousand distinct sites. Zero for NULL.
 */
struct site_facts graph_site_facts(struct lg_graph *g, const char *at);

/* The id of the class @raw names, or GRAPH_NONE (never inserts). */
uint32_t graph_find_class(const struct lg_graph *g, const char *raw);

/* The id of the edge @from -> @to, or GRAPH_NONE. */
uint32_t graph_find_edge(const struct lg_graph *g, uint32_t from, uint32_t to);

/* The folded name of @raw: its length, written to @buf when @cap allows. */
size_t graph_fold_name(const char *raw, char *buf, size_t cap);

/* Records that @input printed @raw with @usage ("+.-." or NULL) and @wait ("3:3" or NULL). */
int graph_class_seen(struct lg_graph *g, uint32_t id, const char *raw, uint32_t input,
		     uint32_t report, uint32_t line, const char *usage, const char *wait);

/* The same with usage bits and a wait type already decoded (-1: none), as traces give them. */
int graph_class_seen_bits(struct lg_graph *g, uint32_t id, const char *raw, uint32_t input,
			  uint32_t report, uint32_t line, uint16_t usage, int8_t wait_outer,
			  int8_t wait_inner);

/*
 * The name of @input (a path that lives as long as the graph): when an edge
 * has more traced evidence than it keeps, it keeps the first by (name, time,
 * CPU), whatever order the inputs were read in. 0 or -ENOMEM.
 */
int graph_input_origin(struct lg_graph *g, uint32_t input, const char *origin);

/* Adds to the contexts @input's traces showed (a saved graph's record of them). 0 or -ENOMEM. */
int graph_input_contexts(struct lg_graph *g, uint32_t input, unsigned int contexts);

/* Usage bits of a printed usage string; 0 for NULL or a malformed one. */
uint16_t usage_parse(const char *usage);

/*
 * graph_edge - adds @ev (copied) as evidence of from -> to; the strings and
 * arrays it points to are not copied and must live as long as the graph
 * Return: 0 or -ENOMEM. The edge id is stored in @edge_id when not NULL.
 */
int graph_edge(struct lg_graph *g, uint32_t from, uint32_t to, const struct dep_evidence *ev,
	       uint32_t *edge_id);

/* How an input's kernel numbers wait types (CONFIG_PROVE_RAW_LOCK_NESTING). */
enum wait_config {
	WAITCFG_NONE,		/* no wait type printed (before 5.7, or no lock lines) */
	WAITCFG_UNKNOWN,	/* printed, but nothing tells which numbering */
	WAITCFG_CLASSIC,	/* SPIN 2, SLEEP 3 */
	WAITCFG_RAW_NESTING,	/* SPIN 2, CONFIG 3 (spinlock_t), SLEEP 4 */
};

/*
 * graph_classify - infers each input's wait_config (into @config, with the
 * reason into @why, both @n_inputs long) and then every class's kind, flags
 * and contexts (classify.c). 0 or -ENOMEM.
 */
int graph_classify(struct lg_graph *g, uint32_t n_inputs, uint8_t *config, const char **why);


/*
 * Input @i becomes input @input_map[i] (of @n_inputs) in every piece of
 * evidence, sighting and vote: the context put its inputs in name order.
 * Only before graph_finish(), and only for evidence without a report
 * (traces: reports go in afterwards). 0, -EINVAL or -ENOMEM.
 */
int graph_renumber_inputs(struct lg_graph *g, const uint32_t *input_map, uint32_t n_inputs);

/* Builds the adjacency arrays; no edge may be added afterwards. 0 or -ENOMEM. */
int graph_finish(struct lg_graph *g);

static inline uint32_t graph_out_begin(const struct lg_graph *g, uint32_t c)
{
	return g->out_start[c];
}

static inline uint32_t graph_out_end(const struct lg_graph *g, uint32_t c)
{
	return g->out_start[c + 1];
}

/*
 * graph_tree_path - the path a search tree holds from its root to @end
 * @parent: per class, the edge the search reached it by (GRAPH_NONE: a root)
 * @root: the class to stop at, or GRAPH_NONE to stop at a class with no parent
 *
 * Writes the path's classes, root first, to @classes and the n - 1 edges
 * between them to @edges; returns n, its class count.
 */
uint32_t graph_tree_path(const struct lg_graph *g, const uint32_t *parent, uint32_t end,
			 uint32_t root, uint32_t *classes, uint32_t *edges);

/*
 * @report when edge @e kept a piece of that report's evidence, else GRAPH_NONE:
 * a sleep report's finding shows that report's evidence, or all when the edge
 * kept none of it.
 */
uint32_t graph_evidence_of_report(const struct dep_edge *e, uint32_t report);

/* Names of the enums above as JSON and text print them (NULL: none printed). */
const char *lock_kind_name(enum lock_kind k);
const char *usage_bit_name(enum usage_bit b);
const char *kind_basis_name(enum kind_basis b);
const char *evidence_kind_name(enum evidence_kind k);
const char *wait_config_name(enum wait_config c);

#endif
