/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Observations: the only thing parsers see of the library. A parser turns its
 * input into kernel reports (struct lg_report: a lockdep splat, a sleep in
 * atomic context, a held-lock dump, ...) and, for traces, into lock events,
 * and hands them to the sink. It never decides what is a finding: the graph
 * and the analyses do.
 *
 * Field meanings are documented for users in docs/reports.md.
 */
#ifndef LG_OBS_H
#define LG_OBS_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

/*
 * The vocabulary of observations, each list once: X(ENUM, "name") generates
 * the enum and the name printed in JSON and text (obs.c). A new report kind
 * is one line here, its row in the parser's table (parsers/dmesg/kinds.c)
 * and its name in docs/schema/lockgraph-1.schema.json (tests/unit/test-names.c
 * checks the two agree).
 */
#define LG_KINDS(X)                                                                      \
	X(CIRCULAR, "circular")                                                           \
	X(RECURSIVE, "recursive")                                                         \
	X(IRQ_UNSAFE_ORDER, "irq-unsafe-order")                                           \
	X(IRQ_INVERSION, "irq-inversion")                                                 \
	X(INCONSISTENT, "inconsistent")                                                   \
	X(INVALID_WAIT_CONTEXT, "invalid-wait-context")                                   \
	X(BAD_UNLOCK, "bad-unlock")                                                       \
	X(HELD_LOCK_FREED, "held-lock-freed")                                             \
	X(HELD_AT_RETURN, "held-at-return")                                               \
	X(RCU, "rcu")                                                                     \
	X(SLEEP_IN_ATOMIC, "sleep-in-atomic")                                             \
	X(SCHED_ATOMIC, "sched-atomic")                                                   \
	X(HUNG_TASK, "hung-task")                                                         \
	X(HELD_LOCKS, "held-locks")                                                       \
	X(LOCKDEP_INTERNAL, "lockdep-internal")                                           \
	/* DEPT: Circular dependency has been detected. */                                \
	X(DEPT_CIRCULAR, "dept-circular")                                                 \
	/* a /proc/lockdep class with its direct dependencies */                          \
	X(LOCKDEP_CLASS, "lockdep-class")                                                 \
	/* a /proc/lockdep_chains chain: the locks held at once */                        \
	X(LOCKDEP_CHAIN, "lockdep-chain")

/* What kind of report; LG_SUB_NONE has no name (no "subkind" printed). */
#define LG_SUBKINDS(X)                                                                   \
	X(NONE, NULL)                                                                     \
	X(STILL_HAS_LOCKS, "still-has-locks-held")                                        \
	X(WQ_LEAKED, "wq-leaked")                                                         \
	X(NESTED_LOCK, "nested-lock")                                                     \
	X(BAD_CONTENTION, "bad-contention")                                               \
	X(CHAIN_KEY, "chain-key-collision")                                               \
	X(MAX_LOCKDEP, "max-lockdep")                                                     \
	X(NON_STATIC_KEY, "non-static-key")                                               \
	X(INVALID_SUBCLASS, "invalid-subclass")                                           \
	X(SPINLOCK, "spinlock")                                                           \
	X(LOCKDEP_OFF, "lockdep-off")                                                     \
	X(LOCKDEP_WARNING, "lockdep-warning")                                             \
	X(NON_BLOCK_SECTION, "non-block-section")

/* Contexts a report or finding involves (bit numbers; docs/reports.md). */
#define LG_CONTEXTS(X)                                                                   \
	X(FS_RECLAIM, "fs_reclaim")                                                       \
	X(MMU_NOTIFIER, "mmu_notifier")                                                   \
	X(OOM_REAPER, "oom_reaper")                                                       \
	X(NON_BLOCK, "non_block")                                                         \
	X(DMA_FENCE, "dma_fence")                                                         \
	X(KSWAPD, "kswapd")                                                               \
	X(SHRINKER, "shrinker")                                                           \
	X(HARDIRQ, "hardirq")                                                             \
	X(SOFTIRQ, "softirq")                                                             \
	X(WORKQUEUE, "workqueue")                                                         \
	X(RCU, "rcu")

#define LG_KIND_ENUM(id, name) LG_KIND_##id,
#define LG_SUB_ENUM(id, name) LG_SUB_##id,
#define LG_CTX_ENUM(id, name) LG_CTX_##id,

enum lg_kind { LG_KINDS(LG_KIND_ENUM) LG_KIND__COUNT };
enum lg_subkind { LG_SUBKINDS(LG_SUB_ENUM) LG_SUB__COUNT };
enum lg_context { LG_CONTEXTS(LG_CTX_ENUM) LG_CTX__COUNT };

#undef LG_KIND_ENUM
#undef LG_SUB_ENUM
#undef LG_CTX_ENUM

/* One lock as printed: class name, usage bits, wait type, acquire site. */
struct lg_lock {
	const char *cls;	/* never NULL in a stored lock */
	const char *at;		/* "func+0x1/0x2 [mod]" or NULL */
	const char *usage;	/* "+.+." (4 or 6 chars) or NULL */
	const char *wait;	/* "3:3" or NULL */
	const char *via;	/* innermost inlined site when syzbot printed several, or NULL */
	unsigned long line;	/* the input's line that printed it, 0 when not known */
};

struct lg_task {
	const char *comm;
	long pid;		/* -1 when not printed */
};

typedef VEC(struct lg_lock) lg_lock_vec;
typedef VEC(const char *) lg_str_vec;

/* "N locks held by comm/pid:" and its "#i:" lines. */
struct lg_held_list {
	struct lg_task task;
	long declared;		/* N of the header, -1 when unknown */
	lg_lock_vec locks;
};

typedef VEC(struct lg_held_list) lg_held_vec;

struct lg_chain_entry {
	unsigned int index;	/* k of "-> #k" */
	struct lg_lock lock;
	lg_str_vec frames;
};

struct lg_edge_pair {
	const char *from, *to;
};

struct lg_sleep {
	const char *at;			/* "kernel/locking/mutex.c:580" or NULL */
	int in_atomic, irqs_disabled;	/* -1 when not printed */
	int non_block;			/* -1 when not printed (before 5.4) */
	const char *preempt_count;	/* as printed ("1", "0x00000002") or NULL */
	const char *expected;
	const char *preempt_disabled_at;
};

struct lg_irq {
	const char *state;	/* "HARDIRQ", "SOFTIRQ-READ", ... or NULL */
	const char *safe, *unsafe;
	const char *usage_from, *usage_to;	/* inconsistent {A} -> {B} */
	const char *context_tag;		/* "HC0[0]:SC1[1]:HE1:SE0" */
};

struct lg_report {
	uint32_t input;
	unsigned long line, end_line;
	enum lg_kind kind;
	enum lg_subkind subkind;
	const char *title;
	const char *headline;	/* the header line as printed */

	bool has_task, has_acquire, has_holding, has_cycle, has_sleep;
	struct lg_task task;
	struct lg_lock acquire;
	struct lg_lock holding;
	lg_lock_vec held;
	long held_declared;	/* -1 when no held list was printed for the task */
	lg_str_vec cycle;
	VEC(struct lg_edge_pair) edges;
	VEC(struct lg_chain_entry) chain;
	lg_str_vec frames;	/* the report's own backtrace, reliable frames */
	lg_held_vec other_tasks;
	struct lg_sleep sleep;
	struct lg_irq irq;
	const char *detail;	/* rcu "file:line message", wait context, bug message */
	int wait_context;	/* "context-{X:X}" of invalid-wait-context, -1 if none */
	bool lockdep_off;	/* "INFO: lockdep is turned off." inside it */
	unsigned int contexts;	/* bit mask of enum lg_context */

	bool complete;
	const char *reason;	/* why incomplete, NULL when complete */
};

/* Irq context of a traced acquisition (lg_acquire.irq). */
#define OBS_IN_HARDIRQ	0x1u	/* in a hard irq handler */
#define OBS_IN_SOFTIRQ	0x2u	/* serving a softirq */
#define OBS_IRQS_OFF	0x4u	/* hard irqs disabled */

/*
 * One acquisition seen in a trace: @task took @lock while holding @held,
 * outermost first. Names are as traced: no "#N", no subclass. Strings must
 * live as long as the sink's arena (intern them there); @held only for the
 * call. A pseudo-lock stands for what is not a lock: "fs_reclaim" for an
 * allocation that may enter reclaim, "<sleep>" for the task going to sleep.
 */
struct lg_acquire {
	const struct lg_task *task;
	const char *lock;
	const char *const *held;
	uint32_t n_held;
	uint64_t ts;		/* ns, as the trace clock gives it */
	int cpu;
	bool read;
	unsigned int irq;	/* OBS_* bits */
	const char *what;	/* the event that showed it: "lock_acquire", "kmalloc", ... */
	bool oom_reaping;	/* inside an OOM reaper window (oom:start_task_reaping ... end) */
};

/*
 * The sink a parser writes to. Reports are begun, filled in place by the
 * parser (lists and strings in obs_report_arena(), or interned) and ended; a
 * report may be amended after it ended until the input is finished (a
 * hung-task report gets the held-lock dump printed after it), or until the
 * parser hands it to obs_reports_compact() as no longer live.
 */
struct obs_sink;

struct arena *obs_arena(struct obs_sink *s);

/*
 * Where a parser builds its reports (their lists, and strings it does not
 * intern): emptied once the input is read and its reports are spooled, and by
 * obs_reports_compact(), so nothing else may live there.
 */
struct arena *obs_report_arena(struct obs_sink *s);

/*
 * @len bytes of @str as a string that lives as long as the context and is the
 * same pointer for the same bytes in every input the context reads, or NULL
 * (ENOMEM). For what repeats in every report and every run — lock names,
 * sites, usage, tasks, frames: many logs keep each once, and the graph finds a
 * class by its pointer.
 */
const char *obs_intern(struct obs_sink *s, const char *str, size_t len);

/* A new zeroed report of @kind starting at @line, or NULL (ENOMEM). */
struct lg_report *obs_report_begin(struct obs_sink *s, enum lg_kind kind, unsigned long line);

/*
 * obs_reports_compact - gives back the memory of the reports begun so far
 * @live: the parser's pointers to reports a later line may still change (one
 *	being read, a hung task waiting for its dump, a title still to come)
 *
 * Every other report goes to the spool as it is; the live ones are copied into
 * fresh memory and the pointers @live[i] point to the copies (the parser moves
 * any pointer of its own into them). For an input whose reports would not fit
 * in memory at once: the parser calls it when obs_reports_should_compact().
 * Return: 0 or a negative errno.
 */
int obs_reports_compact(struct obs_sink *s, struct lg_report **const *live, uint32_t n_live);

/* Do the reports begun since the last compaction (or the input's start) hold enough to? */
bool obs_reports_should_compact(const struct obs_sink *s);

/* The parser is done with @r: derived fields (contexts) are computed. */
int obs_report_end(struct obs_sink *s, struct lg_report *r);

/* A traced acquisition, into the graph at once (traces are too big to keep). 0 or -ENOMEM. */
int obs_acquire(struct obs_sink *s, const struct lg_acquire *a);

/*
 * What the primitive that took @lock says of it: a mutex, rwsem or rt lock
 * sleeps, a spinlock or rwlock spins (traces: the contention event that
 * followed its acquisition). 0 or -ENOMEM.
 */
int obs_lock_kind(struct obs_sink *s, const char *lock, bool sleeps);

/* A binary input's event counts: all events read, events the ring buffer lost. */
void obs_count_events(struct obs_sink *s, uint64_t events, uint64_t lost);

/* A note about what the input holds or lacks, shown with the input. 0 or -ENOMEM. */
int obs_note(struct obs_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The kernel version the input names (the first one found), and the line it is on. */
void obs_kernel(struct obs_sink *s, const char *version, size_t len, unsigned long line);

/* Lines of the input that belonged to no report (noise), for the per-input counts. */
void obs_count_lines(struct obs_sink *s, unsigned long total, unsigned long noise);

/* A diagnostic about the input at @line (0: none) or byte @offset (-1: none). */
void obs_diag(struct obs_sink *s, int severity, unsigned long line, long long offset,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Saved graphs (lg_save(), parsers/saved.c) hold several inputs: their metadata,
 * reports and what their traces put into the graph.
 */
struct obs_saved_input {
	const char *path, *format, *compression, *kernel;
	int error;
	unsigned long lines, noise_lines;
	bool binary;
	uint64_t events, lost_events;
	const char *const *notes;
	uint32_t n_notes;
	unsigned int trace_contexts;	/* contexts of all its traced evidence (coverage) */
};

/*
 * The next input of a saved graph: the first takes the place of the input
 * being read (the saved file), the others follow it. Reports begun afterwards
 * belong to it. 0 or -ENOMEM.
 */
int obs_saved_input(struct obs_sink *s, const struct obs_saved_input *in, bool first);

/* Index (in this context) of the input reports now go to. */
uint32_t obs_current_input(const struct obs_sink *s);

/* A report restored whole from a saved graph (strings in the sink's arena). 0 or -ENOMEM. */
int obs_saved_report(struct obs_sink *s, const struct lg_report *r);

/*
 * What a trace put into the graph, restored: a class sighting (@input an index in
 * this context), the class's primitive bits and the sightings that were counted but
 * not kept, and an edge's kept evidence with its count in all. 0 or -ENOMEM.
 */
int obs_saved_sighting(struct obs_sink *s, const char *cls, const char *raw, uint32_t input,
		       uint32_t line, uint16_t usage, int8_t wait_outer, int8_t wait_inner);
int obs_saved_class(struct obs_sink *s, const char *cls, uint8_t primitive, uint32_t n_unkept);

struct obs_saved_evidence {
	bool context;		/* a context edge (<oom_reaper>), else a traced acquisition */
	uint32_t input, line;	/* @input: an index in this context */
	const char *raw_from, *raw_to, *at;
	const struct lg_task *task;
	const char *const *frames;
	uint32_t n_frames;
	unsigned int contexts;
	uint64_t ts;
	int32_t cpu;
	bool read;
};

int obs_saved_edge(struct obs_sink *s, const char *from, const char *to, uint32_t n_evidence,
		   unsigned int contexts, const struct obs_saved_evidence *ev, uint32_t n_ev);

const char *obs_kind_name(enum lg_kind kind);
const char *obs_subkind_name(enum lg_subkind sub);
const char *obs_context_name(enum lg_context c);

#endif
