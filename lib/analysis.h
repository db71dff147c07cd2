/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analyses that run on the merged graph (cycles.c, paths.c) and the
 * findings they produce (findings.c). Reporters read findings through this
 * header and never see the graph's construction or the input formats.
 */
#ifndef LG_ANALYSIS_H
#define LG_ANALYSIS_H

#include "graph.h"
#include "lg-local.h"

enum finding_type {
	FINDING_CYCLE,
	FINDING_SLEEP_PATH,
	FINDING_IRQ_INVERSION,
	FINDING__COUNT,
};

/* Finding flags: marks for the reader, never a reason to hide a finding. */
#define FINDING_GATED		0x01u	/* every edge taken under one outer lock (gate) */
#define FINDING_SINGLE_TASK	0x02u	/* every edge comes from one task */
#define FINDING_INCONSISTENT	0x04u	/* irq: one class both irq-safe and irq-unsafe */
#define FINDING_KIND_BY_NAME	0x08u	/* a lock's kind was guessed from its name */
#define FINDING_NONBLOCK_NOTIFIER 0x10u	/* through a non-blocking mmu notifier call */
#define FINDING_APPROXIMATE	0x20u	/* SCC too big: a short cycle, not proven shortest */
#define FINDING_HELD_LIST_ONLY	0x40u	/* an edge only seen in held-lock lists (trylock?) */
#define FINDING__FLAGS		7

enum irq_state { IRQ_HARD, IRQ_SOFT };

/*
 * How far a finding can be trusted (docs/graph.md, "Confidence"): one report
 * shows it whole; or merged, every edge a real acquisition on kernels that
 * can coexist; or merged and weakened by one of the reasons below.
 */
enum confidence {
	CONF_PROVED = LG_CONF_PROVED,
	CONF_LIKELY = LG_CONF_LIKELY,
	CONF_WEAK = LG_CONF_WEAK,
	CONF__COUNT
};

/*
 * Why a merged finding is weak: X(enum, name). The kernel source behind each
 * is in docs/graph.md; confidence.c decides them.
 */
#define WEAK_REASONS(X)                                                            \
	X(WEAK_BLOCKABLE_NOTIFIER, "blockable-notifier")                           \
	X(WEAK_HELD_LIST_ONLY, "held-list-only")                                   \
	X(WEAK_MIXED_KERNELS, "mixed-kernels")                                     \
	X(WEAK_PRIMING_ONLY, "priming-only")                                       \
	X(WEAK_ANNOTATION_MAP, "annotation-map")                                   \
	X(WEAK_GATE_LOCK, "common-gate-lock")                                      \
	X(WEAK_READ_LOCK, "read-lock")

#define WEAK_BIT_ENUM(e, name) e##_BIT,
enum { WEAK_REASONS(WEAK_BIT_ENUM) WEAK__COUNT };
#undef WEAK_BIT_ENUM
#define WEAK_MASK(e) (1u << e##_BIT)

/* One kernel release as a number: 2.6.x -> x, 3.x -> 40 + x, ... (confidence.c). */
struct kernel_era {
	uint16_t lo, hi;	/* 0 / UINT16_MAX: not bounded */
};

struct finding {
	uint8_t type;		/* enum finding_type */
	uint8_t irq_state;	/* irq inversions: enum irq_state */
	bool reported;		/* one report already showed all of it */
	uint8_t confidence;	/* enum confidence */
	uint32_t flags;
	uint32_t reasons;	/* WEAK_MASK() bits: why it is weak */
	uint32_t gate;		/* FINDING_GATED: the gate class */
	uint32_t *classes;	/* cycle in order; path from the context to the end */
	uint32_t n_classes;
	uint32_t *edges;	/* edge ids: classes[i] -> classes[i + 1] (cycles wrap) */
	uint32_t n_edges;
	unsigned int contexts;
	char signature[48];
	const char *title;
	uint32_t inversion;		/* cycles: the edge taken as the inversion (rarest) */
	/* A sleep report's finding: where the task slept (find_sleep_reports()). */
	uint32_t sleep_report;		/* the report, GRAPH_NONE for a merged path */
	const char *slept_in;		/* the function that slept, or NULL */
	const char *slept_by;		/* the primitive it slept in (mutex_lock), or NULL */
	/* Findings of the same bug folded into this one (group_findings()). */
	const struct finding **also;
	uint32_t n_also;
	bool grouped;		/* folded into another: not listed on its own */
};

struct lg_findings {
	VEC(struct finding) v;
	uint32_t scc_count;		/* strongly connected components with a cycle */
	uint32_t folded_only;		/* cycles dropped: they need two versions of one name */
	uint32_t filtered_out;		/* findings lg_filter_findings() dropped */
	uint32_t known_out;		/* findings a baseline knew (filter.c) */
	uint32_t suppressed;		/* findings a suppression file accepted */
	uint8_t *wait_config;		/* per input: enum wait_config */
	const char **wait_config_why;	/* per input: how it was told, or NULL */
	struct kernel_era *era;		/* per input: which kernels it can come from */
	uint32_t n_era;
	uint32_t grouped;		/* findings folded into another */
};

/*
 * What the analyses see of a context, and all they see: the merged graph, the
 * reports and inputs it was made from (in canonical order), the arena for
 * what they make, and the findings they add to. analysis_begin() makes it;
 * the reporters read the result through the context.
 */
struct analysis {
	struct lg_graph *graph;
	struct arena *arena;
	const struct report_ref *reports;	/* load one with report_load() from @spools */
	uint32_t n_reports;
	struct spool *const *spools;
	uint32_t n_spools;
	const struct lg_input *inputs;
	uint32_t n_inputs;
	struct lg_findings *fs;
};

void analysis_free(struct lg_ctx *ctx);

/* The reports not yet in the graph go in, in their order (after analysis_begin()). */
int analysis_ingest(struct lg_ctx *ctx);

struct report_cursor;

/*
 * The reports of the input just read into the graph, through @c, while later
 * inputs are still being read (lg_add_paths()). Only for inputs that come in
 * canonical order (name order, reports only): the graph then holds what
 * lg_analyze() would have put in. 0 or a negative errno.
 */
int analysis_ingest_early(struct lg_ctx *ctx, struct report_cursor *c);

/*
 * Drops a graph ingested early, before anything else goes in (a trace, a
 * saved graph, an input out of order): lg_analyze() ingests again in order.
 */
void analysis_unstream(struct lg_ctx *ctx);

/* What one input could tell (coverage.c): where lockdep stopped checking, contexts seen. */
#define COVERAGE_LIMITS 8

struct input_coverage {
	const struct report_ref *off_by;	/* the first report that switched lockdep off */
	const struct report_ref *off_already;	/* "lockdep is turned off" with no such report */
	struct {
		const char *limit;		/* "MAX_LOCKDEP_CHAINS" */
		char name[32];
		unsigned long line;
	} exhausted[COVERAGE_LIMITS];
	uint32_t n_exhausted;
	unsigned int contexts;			/* of its reports, or its traced evidence */
};

/* 0, or an error reading a report back (the coverage is then partial). */
int input_coverage(const struct lg_ctx *ctx, uint32_t input, struct input_coverage *cov);

/* Leaves findings with a baseline's or suppression's signature out (filter.c). */
int drop_known_findings(struct lg_ctx *ctx);

/*
 * lg_analyze() in two halves, for tests that build a graph by hand: a fresh
 * empty graph and findings; then classification, adjacency and analyses.
 */
int analysis_begin(struct lg_ctx *ctx);
int analysis_run(struct lg_ctx *ctx);

/* Analyses: each appends its findings to an->fs. 0 or -ENOMEM. */
int find_cycles(struct analysis *an);
int find_sleep_paths(struct analysis *an);
int find_irq_inversions(struct analysis *an);
/* Every sleep-in-atomic and scheduling-while-atomic report as a proved sleep path. */
int find_sleep_reports(struct analysis *an);

/*
 * finding_add - completes and appends a finding over @classes/@edges (copied):
 * reported, flags, contexts, signature and title are derived here, so every
 * analysis gets them the same way. @flags are the analysis's own flags.
 */
int finding_add(struct analysis *an, enum finding_type type, const uint32_t *classes,
		uint32_t n_classes, const uint32_t *edges, uint32_t n_edges, uint32_t flags,
		uint8_t irq_state);

/*
 * What the signature of finding_add_slept(@classes, slept in @in, by @by) will
 * hash: @in and @by are the first @in_len and @by_len bytes of their strings
 * (NULL: none). Equal keys, equal signatures.
 */
uint64_t finding_slept_key(const struct analysis *an, const uint32_t *classes, uint32_t n_classes,
			   const char *in, size_t in_len, const char *by, size_t by_len);

/* finding_add() of sleep report @report's finding, naming where it slept (NULLs: not known). */
int finding_add_slept(struct analysis *an, uint32_t report, const uint32_t *classes,
		      const uint32_t *edges, uint32_t n_edges, const char *slept_in,
		      const char *slept_by);

/*
 * Does the path or cycle over @edges hold without identifying two versions
 * of one class name inside one input (docs/graph.md, "Folding")?
 */
bool fold_ok(const struct lg_graph *g, const uint32_t *edges, uint32_t n_edges, bool closed);

/* Confidence (confidence.c) ------------------------------------------- */

/* Each input's kernel era, from the version it names or what its lock lines show. */
int analysis_eras(struct analysis *an);

/* Release number of a version string ("5.10.2", "6.12.0-rc3+"), 0 if none. */
uint16_t kernel_release(const char *version);

/* Sets @f's confidence and reasons from its edges' evidence. */
void finding_judge(struct analysis *an, struct finding *f);

/* Every piece of evidence of the edge is from a held-lock list (a trylock cannot be told). */
bool edge_held_list_only(const struct lg_graph *g, uint32_t e);

/* The evidence is lockdep's priming of its maps (dma_resv_lockdep(), ...), no acquisition. */
bool evidence_priming(const struct dep_evidence *ev);

/* Every piece of evidence of the edge is lockdep priming (dma_resv_lockdep(), ...). */
bool edge_priming_only(const struct lg_graph *g, uint32_t e);

/* Some evidence of the edge was taken inside a non-blocking mmu notifier invalidation. */
bool edge_nonblocking(const struct analysis *an, uint32_t e);

/* A lockdep map that annotates, not a lock a path can pass through (dma_fence_map). */
bool annotation_map(const struct lock_class *c);

/* Folds findings of one bug into one (shared inverted edge, irq pair); 0 or -ENOMEM. */
int group_findings(struct analysis *an);

/*
 * Lockdep's "Possible unsafe locking scenario" for a cycle of two or more
 * classes, from its inversion S -> T and the chain T -> ... -> P -> S the
 * rest of the cycle is: CPU0 takes S, CPU1 takes T (and P, the chain), CPU0
 * takes T and waits, CPU1 takes S and waits. Each step names the edge whose
 * evidence shows that acquisition (GRAPH_NONE: the lock only held).
 */
struct scenario_step {
	uint8_t cpu;
	uint32_t cls;
	uint32_t edge;
};

struct scenario {
	uint32_t first;		/* index in the finding's classes of T: the chain starts there */
	struct scenario_step steps[5];
	uint32_t n_steps;
};

/* Fills @sc for cycle @f; false when it has none (not a cycle of two or more). */
bool finding_scenario(const struct finding *f, struct scenario *sc);
/* The first kept evidence of the edge step @st was taken over; false when it has none. */
bool scenario_evidence(const struct lg_graph *g, const struct scenario_step *st,
		       struct dep_evidence *ev);

const char *confidence_name(enum confidence c);
const char *weak_reason_name(unsigned int bit);

/* Sorts findings for output: type, new before reported, length, signature. */
void findings_sort(struct analysis *an);

size_t findings_count(const struct lg_ctx *ctx);
const struct finding *finding_at(const struct lg_ctx *ctx, size_t i);

const char *finding_type_name(enum finding_type t);
const char *finding_flag_name(unsigned int bit);
const char *irq_state_name(enum irq_state s);


#endif
