// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The observation sink: where parsers put reports. It stores them in the
 * context (they are printed and fed to the graph later) and keeps the
 * per-input counts; names of kinds, subkinds and contexts live here because
 * they are part of the observation vocabulary.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "ingest.h"
#include "lg-local.h"

static const char *const kind_names[LG_KIND__COUNT] = {
	[LG_KIND_CIRCULAR] = "circular",
	[LG_KIND_RECURSIVE] = "recursive",
	[LG_KIND_IRQ_UNSAFE_ORDER] = "irq-unsafe-order",
	[LG_KIND_IRQ_INVERSION] = "irq-inversion",
	[LG_KIND_INCONSISTENT] = "inconsistent",
	[LG_KIND_INVALID_WAIT_CONTEXT] = "invalid-wait-context",
	[LG_KIND_BAD_UNLOCK] = "bad-unlock",
	[LG_KIND_HELD_LOCK_FREED] = "held-lock-freed",
	[LG_KIND_HELD_AT_RETURN] = "held-at-return",
	[LG_KIND_RCU] = "rcu",
	[LG_KIND_SLEEP_IN_ATOMIC] = "sleep-in-atomic",
	[LG_KIND_SCHED_ATOMIC] = "sched-atomic",
	[LG_KIND_HUNG_TASK] = "hung-task",
	[LG_KIND_HELD_LOCKS] = "held-locks",
	[LG_KIND_LOCKDEP_INTERNAL] = "lockdep-internal",
};

static const char *const subkind_names[LG_SUB__COUNT] = {
	[LG_SUB_NONE] = NULL,
	[LG_SUB_STILL_HAS_LOCKS] = "still-has-locks-held",
	[LG_SUB_WQ_LEAKED] = "wq-leaked",
	[LG_SUB_NESTED_LOCK] = "nested-lock",
	[LG_SUB_BAD_CONTENTION] = "bad-contention",
	[LG_SUB_CHAIN_KEY] = "chain-key-collision",
	[LG_SUB_MAX_LOCKDEP] = "max-lockdep",
	[LG_SUB_NON_STATIC_KEY] = "non-static-key",
	[LG_SUB_INVALID_SUBCLASS] = "invalid-subclass",
	[LG_SUB_SPINLOCK] = "spinlock",
	[LG_SUB_LOCKDEP_OFF] = "lockdep-off",
	[LG_SUB_LOCKDEP_WARNING] = "lockdep-warning",
	[LG_SUB_NON_BLOCK_SECTION] = "non-block-section",
};

static const char *const context_names[LG_CTX__COUNT] = {
	[LG_CTX_FS_RECLAIM] = "fs_reclaim",
	[LG_CTX_MMU_NOTIFIER] = "mmu_notifier",
	[LG_CTX_OOM_REAPER] = "oom_reaper",
	[LG_CTX_NON_BLOCK] = "non_block",
	[LG_CTX_DMA_FENCE] = "dma_fence",
	[LG_CTX_KSWAPD] = "kswapd",
	[LG_CTX_SHRINKER] = "shrinker",
	[LG_CTX_HARDIRQ] = "hardirq",
	[LG_CTX_SOFTIRQ] = "softirq",
	[LG_CTX_WORKQUEUE] = "workqueue",
	[LG_CTX_RCU] = "rcu",
};

const char *obs_kind_name(enum lg_kind kind)
{
	return (unsigned int)kind < LG_KIND__COUNT ? kind_names[kind] : "unknown";
}

const char *obs_subkind_name(enum lg_subkind sub)
{
	return (unsigned int)sub < LG_SUB__COUNT ? subkind_names[sub] : NULL;
}

const char *obs_context_name(enum lg_context c)
{
	return (unsigned int)c < LG_CTX__COUNT ? context_names[c] : "unknown";
}

struct arena *obs_arena(struct obs_sink *s)
{
	return &s->ctx->arena;
}

struct lg_report *obs_report_begin(struct obs_sink *s, enum lg_kind kind, unsigned long line)
{
	struct lg_ctx *ctx = s->ctx;
	struct lg_report *r = arena_alloc(&ctx->arena, sizeof(*r));

	if (!r)
		return NULL;
	r->input = s->input;
	r->kind = kind;
	r->line = line;
	r->end_line = line;
	r->task.pid = -1;
	r->held_declared = -1;
	r->sleep.in_atomic = -1;
	r->sleep.irqs_disabled = -1;
	r->sleep.non_block = -1;
	r->wait_context = -1;
	if (vec_push(&ctx->arena, &ctx->reports, r))
		return NULL;
	return r;
}

int obs_report_end(struct obs_sink *s, struct lg_report *r)
{
	(void)s;
	r->contexts = context_of_report(r);
	return 0;
}

int obs_acquire(struct obs_sink *s, const struct lg_acquire *a)
{
	struct lg_graph *g = ctx_graph_get(s->ctx);

	if (!g)
		return -ENOMEM;
	return graph_ingest_acquire(g, s->input, a);
}

int obs_lock_kind(struct obs_sink *s, const char *lock, bool sleeps)
{
	struct lg_graph *g = ctx_graph_get(s->ctx);
	uint32_t id;
	int err;

	if (!g)
		return -ENOMEM;
	err = graph_class(g, lock, &id);
	if (!err)
		g->classes[id].primitive |= sleeps ? PRIM_SLEEP : PRIM_SPIN;
	return err;
}

void obs_count_events(struct obs_sink *s, uint64_t events, uint64_t lost)
{
	struct lg_input *in = &s->ctx->inputs.v[s->input];

	in->binary = true;
	in->events = events;
	in->lost_events = lost;
}

int obs_note(struct obs_sink *s, const char *fmt, ...)
{
	struct lg_ctx *ctx = s->ctx;
	char msg[512], *copy;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	copy = arena_strdup(&ctx->arena, msg);
	if (!copy)
		return -ENOMEM;
	return vec_push(&ctx->arena, &ctx->inputs.v[s->input].notes, (const char *)copy);
}

void obs_count_lines(struct obs_sink *s, unsigned long total, unsigned long noise)
{
	struct lg_input *in = &s->ctx->inputs.v[s->input];

	in->lines = total;
	in->noise_lines = noise;
}

void obs_diag(struct obs_sink *s, int severity, unsigned long line, long long offset,
	      const char *fmt, ...)
{
	struct lg_ctx *ctx = s->ctx;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx_diag(ctx, ctx->inputs.v[s->input].path, line, offset, (enum lg_severity)severity, 0,
		 "%s", msg);
}
