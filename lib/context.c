// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which reclaim, notifier, OOM-reaper, irq and workqueue contexts a report
 * involves. The rules are the table of docs/reports.md ("Contexts"): class
 * names, the subject task's comm, sleep fields, irq markers and reliable
 * frames. Other tasks of a held-lock dump do not count: khungtaskd always
 * holds rcu_read_lock and would mark every hung-task report "rcu".
 */
#include <string.h>

#include "lg-local.h"

struct name_rule {
	enum lg_context ctx;
	const char *name;
	bool prefix;		/* match a prefix rather than the whole name */
	unsigned char len;	/* strlen(name), filled in by RULE() */
};

#define RULE(c, n, p) { c, n, p, sizeof(n) - 1 }

static const struct name_rule class_rules[] = {
	RULE(LG_CTX_FS_RECLAIM, "fs_reclaim", false),
	RULE(LG_CTX_MMU_NOTIFIER, "mmu_notifier", true),
	RULE(LG_CTX_DMA_FENCE, "dma_fence_map", false),
	RULE(LG_CTX_SHRINKER, "shrinker_rwsem", false),
	RULE(LG_CTX_SHRINKER, "shrinker_mutex", false),
	RULE(LG_CTX_WORKQUEUE, "(wq_completion)", true),
	RULE(LG_CTX_WORKQUEUE, "(work_completion)", true),
	RULE(LG_CTX_RCU, "rcu_read_lock", true),
	RULE(LG_CTX_RCU, "rcu_callback", false),
};

/* Function names; a frame matches on its symbol before "+0x" or ".cold" etc. */
static const struct name_rule frame_rules[] = {
	RULE(LG_CTX_FS_RECLAIM, "__fs_reclaim_acquire", false),
	RULE(LG_CTX_FS_RECLAIM, "fs_reclaim_acquire", false),
	RULE(LG_CTX_FS_RECLAIM, "__perform_reclaim", false),
	RULE(LG_CTX_FS_RECLAIM, "try_to_free_pages", false),
	RULE(LG_CTX_FS_RECLAIM, "__alloc_pages_direct_reclaim", false),
	RULE(LG_CTX_FS_RECLAIM, "shrink_node", false),
	RULE(LG_CTX_FS_RECLAIM, "do_try_to_free_pages", false),
	RULE(LG_CTX_MMU_NOTIFIER, "__mmu_notifier_invalidate_range", true),
	RULE(LG_CTX_MMU_NOTIFIER, "mmu_notifier_invalidate_range", true),
	RULE(LG_CTX_OOM_REAPER, "oom_reaper", false),
	RULE(LG_CTX_OOM_REAPER, "oom_reap_task", false),
	RULE(LG_CTX_OOM_REAPER, "oom_reap_task_mm", false),
	RULE(LG_CTX_OOM_REAPER, "__oom_reap_task_mm", false),
	RULE(LG_CTX_DMA_FENCE, "dma_fence_begin_signalling", false),
	RULE(LG_CTX_KSWAPD, "kswapd", false),
	RULE(LG_CTX_KSWAPD, "balance_pgdat", false),
	RULE(LG_CTX_SHRINKER, "shrink_slab", false),
	RULE(LG_CTX_SHRINKER, "do_shrink_slab", false),
	RULE(LG_CTX_SHRINKER, "super_cache_scan", false),
	RULE(LG_CTX_SOFTIRQ, "__do_softirq", false),
	RULE(LG_CTX_SOFTIRQ, "handle_softirqs", false),
	RULE(LG_CTX_SOFTIRQ, "run_timer_softirq", false),
	RULE(LG_CTX_SOFTIRQ, "call_timer_fn", false),
	RULE(LG_CTX_WORKQUEUE, "process_one_work", false),
	RULE(LG_CTX_RCU, "rcu_core", false),
	RULE(LG_CTX_RCU, "rcu_do_batch", false),
};

static unsigned int match_rules(const struct name_rule *rules, size_t n, const char *s,
				size_t len)
{
	unsigned int mask = 0;
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < n; i++) {
		size_t rl = rules[i].len;

		if (s[0] != rules[i].name[0] || (rules[i].prefix ? len < rl : len != rl))
			continue;
		if (!memcmp(s, rules[i].name, rl))
			mask |= 1u << rules[i].ctx;
	}
	return mask;
}

unsigned int context_of_class(const char *cls)
{
	if (!cls)
		return 0;
	return match_rules(class_rules, sizeof(class_rules) / sizeof(class_rules[0]), cls,
			   strlen(cls));
}

/* The function name of a frame: "func.cold+0x1/0x2 [mod]" -> "func". */
unsigned int context_of_frame(const char *frame)
{
	size_t len;

	if (!frame)
		return 0;
	len = strcspn(frame, "+ .(");
	return match_rules(frame_rules, sizeof(frame_rules) / sizeof(frame_rules[0]), frame, len);
}

size_t frame_fn_len(const char *frame)
{
	return strcspn(frame, "+ .(");
}

bool frame_is(const char *frame, const char *fn)
{
	size_t len;

	if (!frame)
		return false;
	len = frame_fn_len(frame);
	return len == strlen(fn) && !memcmp(frame, fn, len);
}

bool frame_in(const char *frame, const char *const *fns)
{
	size_t k;

	for (k = 0; fns[k]; k++)
		if (frame_is(frame, fns[k]))
			return true;
	return false;
}

bool frame_prefixed(const char *frame, const char *const *prefixes)
{
	size_t i;

	for (i = 0; frame && prefixes[i]; i++)
		if (!strncmp(frame, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

unsigned int context_of_comm(const char *comm)
{
	unsigned int mask = 0;

	if (!comm)
		return 0;
	if (!strcmp(comm, "oom_reaper"))
		mask |= 1u << LG_CTX_OOM_REAPER;
	if (!strncmp(comm, "kswapd", 6))
		mask |= 1u << LG_CTX_KSWAPD;
	if (!strncmp(comm, "kworker/", 8))
		mask |= 1u << LG_CTX_WORKQUEUE;
	return mask;
}

static unsigned int lock_ctx(const struct lg_lock *l)
{
	return context_of_class(l->cls) | context_of_frame(l->at);
}

static unsigned int irq_state_ctx(const char *s)
{
	unsigned int mask = 0;

	if (!s)
		return 0;
	if (strstr(s, "HARDIRQ"))
		mask |= 1u << LG_CTX_HARDIRQ;
	if (strstr(s, "SOFTIRQ"))
		mask |= 1u << LG_CTX_SOFTIRQ;
	return mask;
}

unsigned int context_of_report(const struct lg_report *r)
{
	unsigned int mask = 0;
	uint32_t i, j;

	if (r->has_acquire)
		mask |= lock_ctx(&r->acquire);
	if (r->has_holding)
		mask |= lock_ctx(&r->holding);
	for (i = 0; i < r->held.n; i++)
		mask |= lock_ctx(&r->held.v[i]);
	for (i = 0; i < r->cycle.n; i++)
		mask |= context_of_class(r->cycle.v[i]);
	for (i = 0; i < r->edges.n; i++)
		mask |= context_of_class(r->edges.v[i].from) | context_of_class(r->edges.v[i].to);
	for (i = 0; i < r->chain.n; i++) {
		mask |= context_of_class(r->chain.v[i].lock.cls);
		for (j = 0; j < r->chain.v[i].frames.n; j++)
			mask |= context_of_frame(r->chain.v[i].frames.v[j]);
	}
	for (i = 0; i < r->frames.n; i++)
		mask |= context_of_frame(r->frames.v[i]);

	if (r->has_task)
		mask |= context_of_comm(r->task.comm);
	if (r->sleep.non_block > 0 || r->subkind == LG_SUB_NON_BLOCK_SECTION)
		mask |= 1u << LG_CTX_NON_BLOCK;
	if (r->kind == LG_KIND_RCU)
		mask |= 1u << LG_CTX_RCU;

	/* irq markers: "HC1[1]:SC0[0]" tag, IN-*IRQ usage, the irq report's state */
	if (r->irq.context_tag) {
		if (!strncmp(r->irq.context_tag, "HC1", 3))
			mask |= 1u << LG_CTX_HARDIRQ;
		if (strstr(r->irq.context_tag, ":SC1"))
			mask |= 1u << LG_CTX_SOFTIRQ;
	}
	if (r->irq.usage_from && !strncmp(r->irq.usage_from, "IN-", 3))
		mask |= irq_state_ctx(r->irq.usage_from);
	if (r->irq.usage_to && !strncmp(r->irq.usage_to, "IN-", 3))
		mask |= irq_state_ctx(r->irq.usage_to);
	if (r->kind == LG_KIND_IRQ_UNSAFE_ORDER || r->kind == LG_KIND_IRQ_INVERSION)
		mask |= irq_state_ctx(r->irq.state);
	if (r->kind == LG_KIND_INVALID_WAIT_CONTEXT && r->wait_context == 2)
		mask |= 1u << LG_CTX_HARDIRQ;
	return mask;
}
