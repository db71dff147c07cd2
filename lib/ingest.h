/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Observations into the merged graph (ingest.c). */
#ifndef LG_INGEST_H
#define LG_INGEST_H

#include "graph.h"
#include "obs.h"

/* Pseudo-classes for contexts that must not block (docs/graph.md). */
#define GRAPH_CTX_OOM_REAPER "<oom_reaper>"
#define GRAPH_CTX_NON_BLOCK "<non_block>"

/* A traced acquisition of input @input into @g (the trace form of evidence). 0 or -ENOMEM. */
int graph_ingest_acquire(struct lg_graph *g, uint32_t input, const struct lg_acquire *a);

/* Pseudo-class of a task going to sleep while holding locks (traces, sleep reports). */
#define GRAPH_SLEEP "<sleep>"

/*
 * Contexts a sleep-in-atomic report names when no held lock explains them:
 * preemption disabled (in_atomic(), "scheduling while atomic"), hard irqs off.
 */
#define GRAPH_CTX_ATOMIC "<atomic>"
#define GRAPH_CTX_IRQS_OFF "<irqs_off>"

/* The notifier invalidation's lockdep map. */
#define GRAPH_NOTIFIER_MAP "mmu_notifier_invalidate_range_start"

/*
 * Adds what report number @report says about lock order to @g; evidence points
 * to @task for the report's task (NULL: to @r's own), to @r's lists and to its
 * strings, which must live as long as @g. 0 or -ENOMEM.
 */
int graph_ingest_report(struct lg_graph *g, const struct lg_report *r,
			const struct lg_task *task, uint32_t report);

#endif
