// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The graph engine on graphs built by hand: name folding, usage bits, and the
 * three analyses on adversarial shapes (complete graphs, long chains, many
 * components, self-loops, folded versions, gate locks, irq usage).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analysis.h"
#include "graph.h"
#include "lockname.h"
#include "ingest.h"
#include "lockgraph.h"

/* A context with @n_inputs empty inputs and an empty graph. */
static struct lg_ctx *new_ctx(unsigned int n_inputs)
{
	struct lg_ctx *ctx = lg_ctx_new(NULL);
	unsigned int i;

	assert_non_null(ctx);
	for (i = 0; i < n_inputs; i++) {
		char name[16];

		snprintf(name, sizeof(name), "in%u", i);
		assert_int_equal(lg_add_mem(ctx, name, "", 0), 0);
	}
	assert_int_equal(analysis_begin(ctx), 0);
	return ctx;
}

static uint32_t cls(struct lg_ctx *ctx, const char *name)
{
	uint32_t id;

	assert_int_equal(graph_class(ctx->graph, name, &id), 0);
	return id;
}

/* A class sighting with usage bits and a wait type. */
static void seen(struct lg_ctx *ctx, const char *name, uint32_t input, const char *usage,
		 const char *wait)
{
	assert_int_equal(graph_class_seen(ctx->graph, cls(ctx, name),
					  arena_strdup(&ctx->arena, name), input, GRAPH_NONE, 1,
					  usage, wait), 0);
}

static const struct lg_task task_a = { "task-a", 10 };

static void edge_ev(struct lg_ctx *ctx, const char *from, const char *to, uint32_t input,
		    const struct lg_lock *outer, uint32_t n_outer, const struct lg_task *task)
{
	struct dep_evidence ev = { 0 };

	ev.input = input;
	ev.report = GRAPH_NONE;
	ev.line = 1;
	ev.kind = EV_STATED;
	/* Evidence points at names that live as long as the context (arena). */
	ev.raw_from = arena_strdup(&ctx->arena, from);
	ev.raw_to = arena_strdup(&ctx->arena, to);
	ev.task = task;
	ev.outer = outer;
	ev.n_outer = n_outer;
	ev.outer_known = outer != NULL;
	assert_int_equal(graph_edge(ctx->graph, cls(ctx, from), cls(ctx, to), &ev, NULL), 0);
}

static void edge(struct lg_ctx *ctx, const char *from, const char *to)
{
	edge_ev(ctx, from, to, 0, NULL, 0, NULL);
}

static size_t count_type(struct lg_ctx *ctx, enum finding_type t)
{
	size_t i, n = 0;

	for (i = 0; i < findings_count(ctx); i++)
		n += finding_at(ctx, i)->type == t;
	return n;
}

static const char *class_name(struct lg_ctx *ctx, const struct finding *f, uint32_t i)
{
	return ctx->graph->classes[f->classes[i]].name;
}

static void test_fold_name(void **state)
{
	static const char *const cases[][2] = {
		{ "&type->s_umount_key#38", "&type->s_umount_key" },
		{ "&mm->mmap_lock/1", "&mm->mmap_lock/1" },
		{ "&type->i_mutex_dir_key#5/1", "&type->i_mutex_dir_key/1" },
		{ "sb_writers#3", "sb_writers" },
		{ "name#x", "name#x" },
		{ "#3", "#3" },
		{ "a#3/", "a#3/" },
		{ "a#3/1x", "a#3/1x" },
		{ "(wq_completion)events", "(wq_completion)events" },
		{ "&x#2->y", "&x#2->y" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		graph_fold_name(cases[i][0], buf, sizeof(buf));
		assert_string_equal(buf, cases[i][1]);
	}
}

/*
 * The raw spinlock inside a sleeping lock, named by its static initializer,
 * spins whatever its outer name says (lib/lockname.c, inner_raw_lock()). Names
 * as real inputs print them: "(console_sem).lock" in
 * testdata/public/proc-lockdep-disk-open-mutex-entry.txt and the busy lab
 * capture (__SEMAPHORE_INITIALIZER); "uid_lock.wait_lock", printed with the
 * spinning wait type {2:2} in testdata/syzkaller/linux-report-679.txt
 * (__MUTEX_INITIALIZER); "lab_a.wait_lock" in the lab module's captures.
 */
static void test_inner_raw_lock(void **state)
{
	static const char *const spin[] = { "(console_sem).lock", "uid_lock.wait_lock",
					    "lab_a.wait_lock" };
	static const char *const sleep[] = { "&mm->mmap_sem", "console_lock", "&sem->wait" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(spin) / sizeof(spin[0]); i++) {
		assert_true(lockname_spins(spin[i]));
		assert_false(lockname_sleeps(spin[i]));
	}
	/* the rule takes nothing away from the sleeping locks it sits inside */
	assert_true(lockname_sleeps(sleep[0]));
	assert_false(lockname_spins(sleep[0]));
	assert_false(lockname_spins(sleep[1]));
	assert_false(lockname_spins(sleep[2]));
}

/*
 * What a lock line tells of its kernel (wait_vote() on lockname_votes(), worked
 * out once per class), on names and wait types as real logs print them:
 * "(rcu_read_lock){....}-{1:3}" (testdata/syzkaller/linux-report-553.txt),
 * "(rcu_read_lock){....}-{1:2}" (public/syzbot-hung-task-xt-table-fs-reclaim-
 * held-locks.txt), "(&mm->mmap_lock){++++}-{3:3}" (public/amdgpu-kfd-fork-prange-
 * dqm-interleaved-console.txt), "(&mm->mmap_sem#2){++++}" (public/syzbot-oom-reaper-
 * recursive-mmu-notifier.txt), "(fs_reclaim){+.+.}". No testdata input's output
 * depends on the rcu, mmap_lock or fs_reclaim votes alone, so they are pinned here.
 */
static void test_wait_votes(void **state)
{
	struct wait_votes v;

	(void)state;
	memset(&v, 0, sizeof(v));
	wait_vote(&v, lockname_votes("rcu_read_lock"), 1, 3);
	assert_true(v.raw_nesting);
	assert_false(v.classic);
	assert_string_equal(v.why, "rcu_read_lock is {1:3}");
	/* wait types are printed from 5.7 on */
	assert_int_equal(v.era_lo, kernel_release("5.7.0"));

	memset(&v, 0, sizeof(v));
	wait_vote(&v, lockname_votes("rcu_read_lock"), 1, 2);
	assert_true(v.classic);
	assert_false(v.raw_nesting);
	assert_string_equal(v.why, "rcu_read_lock is {1:2}");

	memset(&v, 0, sizeof(v));
	wait_vote(&v, lockname_votes("&mm->mmap_lock"), 3, 3);
	assert_int_equal(v.era_lo, kernel_release("5.8.0"));
	assert_int_equal(v.era_hi, 0);
	assert_true(v.classic);		/* a sleeping lock at {3:3} */
	assert_string_equal(v.why, "a sleeping lock is {3:3}");

	memset(&v, 0, sizeof(v));
	wait_vote(&v, lockname_votes("&mm->mmap_sem"), -1, -1);	/* folded: no "#2" */
	assert_int_equal(v.era_hi, kernel_release("5.7.0"));
	assert_int_equal(v.era_lo, 0);
	assert_false(v.any_wait);

	memset(&v, 0, sizeof(v));
	wait_vote(&v, lockname_votes("fs_reclaim"), -1, -1);
	assert_int_equal(v.era_lo, kernel_release("4.14.0"));

	/* a spinning lock at {2:2} says neither numbering */
	memset(&v, 0, sizeof(v));
	wait_vote(&v, lockname_votes("&rq->__lock"), 2, 2);
	assert_true(v.any_wait);
	assert_false(v.classic);
	assert_false(v.raw_nesting);
	assert_int_equal(lockname_votes("rcu_read_lock_bh") & NAME_VOTE_RCU_READER,
			 NAME_VOTE_RCU_READER);
}

static void test_usage_parse(void **state)
{
	(void)state;
	assert_int_equal(usage_parse("+.+."), 1u << USAGE_HARDIRQ_ON_W | 1u << USAGE_SOFTIRQ_ON_W);
	assert_int_equal(usage_parse("-.-."), 1u << USAGE_IN_HARDIRQ_W | 1u << USAGE_IN_SOFTIRQ_W);
	assert_int_equal(usage_parse("?..."), 1u << USAGE_IN_HARDIRQ_W | 1u << USAGE_HARDIRQ_ON_W);
	assert_int_equal(usage_parse(".+.-"), 1u << USAGE_HARDIRQ_ON_R | 1u << USAGE_IN_SOFTIRQ_R);
	assert_int_equal(usage_parse("+.+.+."), 1u << USAGE_HARDIRQ_ON_W | 1u << USAGE_SOFTIRQ_ON_W);
	assert_int_equal(usage_parse("...."), 0);
	assert_int_equal(usage_parse("+.+"), 0);
	assert_int_equal(usage_parse(""), 0);
	/* four or six characters, no other length */
	assert_int_equal(usage_parse("+.+.+"), 0);
	assert_int_equal(usage_parse("+.+.+.+"), 0);
	assert_int_equal(usage_parse("+.+.+.+.+.+."), 0);
	assert_int_equal(usage_parse("x..."), 0);
	assert_int_equal(usage_parse(NULL), 0);
}

static void test_two_cycle(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);
	const struct finding *f;

	(void)state;
	edge(ctx, "B", "A");
	edge(ctx, "A", "B");
	edge(ctx, "B", "C");	/* not on the cycle */
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	f = finding_at(ctx, 0);
	assert_int_equal(f->type, FINDING_CYCLE);
	assert_int_equal(f->n_classes, 2);
	/* printed from its smallest rotation */
	assert_string_equal(class_name(ctx, f, 0), "A");
	assert_string_equal(class_name(ctx, f, 1), "B");
	assert_false(f->reported);
	assert_string_equal(f->title, "possible deadlock: A -> B -> A");
	assert_int_equal(ctx->findings->scc_count, 1);
	lg_ctx_free(ctx);
}

/* Every edge of K_n lies on the 2-cycle with its reverse: n(n-1)/2 findings. */
static void complete_graph(unsigned int n, bool approximate)
{
	struct lg_ctx *ctx = new_ctx(1);
	unsigned int i, j;
	size_t k;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			char a[16], b[16];

			if (i == j)
				continue;
			snprintf(a, sizeof(a), "k%u", i);
			snprintf(b, sizeof(b), "k%u", j);
			edge(ctx, a, b);
		}
	}
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), (size_t)n * (n - 1) / 2);
	for (k = 0; k < findings_count(ctx); k++) {
		assert_int_equal(finding_at(ctx, k)->n_classes, 2);
		assert_int_equal(!!(finding_at(ctx, k)->flags & FINDING_APPROXIMATE), approximate);
	}
	lg_ctx_free(ctx);
}

static void test_complete_graph(void **state)
{
	(void)state;
	complete_graph(40, false);
}

/* Too big for one BFS per node: covered edge by edge, marked approximate. */
static void test_complete_graph_big(void **state)
{
	(void)state;
	complete_graph(420, true);
}

static void test_long_cycle(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);
	unsigned int i, n = 5000;

	(void)state;
	for (i = 0; i < n; i++) {
		char a[16], b[16];

		snprintf(a, sizeof(a), "c%05u", i);
		snprintf(b, sizeof(b), "c%05u", (i + 1) % n);
		edge(ctx, a, b);
	}
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	assert_int_equal(finding_at(ctx, 0)->n_classes, n);
	assert_string_equal(class_name(ctx, finding_at(ctx, 0), 0), "c00000");
	lg_ctx_free(ctx);
}

static void test_long_chain_no_cycle(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);
	unsigned int i;

	(void)state;
	for (i = 0; i + 1 < 20000; i++) {
		char a[16], b[16];

		snprintf(a, sizeof(a), "d%u", i);
		snprintf(b, sizeof(b), "d%u", i + 1);
		edge(ctx, a, b);
	}
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 0);
	assert_int_equal(ctx->findings->scc_count, 0);
	lg_ctx_free(ctx);
}

static void test_many_components(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);
	unsigned int i;

	(void)state;
	for (i = 0; i < 500; i++) {
		char a[16], b[16], c[16];

		snprintf(a, sizeof(a), "t%u.a", i);
		snprintf(b, sizeof(b), "t%u.b", i);
		snprintf(c, sizeof(c), "t%u.c", i);
		edge(ctx, a, b);
		edge(ctx, b, c);
		edge(ctx, c, a);
	}
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 500);
	assert_int_equal(ctx->findings->scc_count, 500);
	lg_ctx_free(ctx);
}

/* Two bugs sharing a component: A-B-C and B-D both shown, each shortest. */
static void test_figure_eight(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);

	(void)state;
	edge(ctx, "A", "B");
	edge(ctx, "B", "C");
	edge(ctx, "C", "A");
	edge(ctx, "B", "D");
	edge(ctx, "D", "B");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 2);
	assert_int_equal(finding_at(ctx, 0)->n_classes, 2);	/* shorter first */
	assert_string_equal(class_name(ctx, finding_at(ctx, 0), 0), "B");
	assert_int_equal(finding_at(ctx, 1)->n_classes, 3);
	assert_int_equal(ctx->findings->scc_count, 1);
	lg_ctx_free(ctx);
}

/*
 * A -> B -> C -> A plus the chord A -> C: the chord's own shortest cycle is
 * A-C; both go through C -> A, the one inversion, so they are one finding.
 */
static void test_chord(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);

	(void)state;
	edge(ctx, "A", "B");
	edge(ctx, "B", "C");
	edge(ctx, "C", "A");
	edge(ctx, "A", "C");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	assert_int_equal(finding_at(ctx, 0)->n_classes, 2);
	assert_int_equal(finding_at(ctx, 0)->n_also, 1);
	assert_int_equal(finding_at(ctx, 0)->also[0]->n_classes, 3);
	assert_int_equal(ctx->findings->grouped, 1);
	lg_ctx_free(ctx);
}

static void test_self_loops(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);

	(void)state;
	edge(ctx, "R", "R");			/* taken twice: recursion */
	edge(ctx, "S#2", "S#3");		/* two classes of one name: stacking */
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	assert_string_equal(finding_at(ctx, 0)->title, "possible recursive locking: R -> R");
	assert_int_equal(ctx->findings->folded_only, 1);
	lg_ctx_free(ctx);
}

/* A cycle that closes only by identifying X#2 and X#3 of one boot is dropped. */
static void test_fold_same_input(void **state)
{
	struct lg_ctx *ctx = new_ctx(2);

	(void)state;
	edge_ev(ctx, "A", "X#2", 0, NULL, 0, NULL);
	edge_ev(ctx, "X#3", "A", 0, NULL, 0, NULL);
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(count_type(ctx, FINDING_CYCLE), 0);
	assert_int_equal(ctx->findings->folded_only, 1);
	lg_ctx_free(ctx);
}

/* Versions of different boots cannot be compared: folded, the cycle stands. */
static void test_fold_across_inputs(void **state)
{
	struct lg_ctx *ctx = new_ctx(2);

	(void)state;
	edge_ev(ctx, "A", "X#2", 0, NULL, 0, NULL);
	edge_ev(ctx, "X#3", "A", 1, NULL, 0, NULL);
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(count_type(ctx, FINDING_CYCLE), 1);
	assert_string_equal(finding_at(ctx, 0)->title, "possible deadlock: A -> X -> A");
	assert_int_equal(ctx->findings->folded_only, 0);
	lg_ctx_free(ctx);
}

/* rcu_read_lock is not order-checked by lockdep: no cycle through it. */
static void test_no_order_class(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);

	(void)state;
	edge(ctx, "A", "rcu_read_lock");
	edge(ctx, "rcu_read_lock", "A");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(count_type(ctx, FINDING_CYCLE), 0);
	lg_ctx_free(ctx);
}

static void test_gate_and_single_task(void **state)
{
	static const struct lg_lock gate[] = { { .cls = "G" } };
	struct lg_ctx *ctx = new_ctx(1);
	const struct finding *f;

	(void)state;
	edge_ev(ctx, "A", "B", 0, gate, 1, &task_a);
	edge_ev(ctx, "B", "A", 0, gate, 1, &task_a);
	edge_ev(ctx, "G", "A", 0, NULL, 0, NULL);
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	f = finding_at(ctx, 0);
	assert_true(f->flags & FINDING_GATED);
	assert_true(f->flags & FINDING_SINGLE_TASK);
	assert_string_equal(ctx->graph->classes[f->gate].name, "G");
	/* serialised by G: weak */
	assert_int_equal(f->confidence, CONF_WEAK);
	assert_int_equal(f->reasons, WEAK_MASK(WEAK_GATE_LOCK));
	lg_ctx_free(ctx);
}

static void test_not_gated(void **state)
{
	static const struct lg_lock gate[] = { { .cls = "G" } };
	struct lg_ctx *ctx = new_ctx(1);

	(void)state;
	edge_ev(ctx, "A", "B", 0, gate, 1, NULL);
	edge_ev(ctx, "B", "A", 0, NULL, 0, NULL);	/* outer locks unknown */
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	assert_false(finding_at(ctx, 0)->flags & (FINDING_GATED | FINDING_SINGLE_TASK));
	lg_ctx_free(ctx);
}

/* Sleep paths stop at the first sleeping class; one per source kind and end. */
static void test_sleep_paths(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);
	const struct finding *f;
	size_t i, n_paths = 0;

	(void)state;
	seen(ctx, "S", 0, "....", "2:2");	/* spinlock */
	seen(ctx, "M", 0, "+.+.", "4:4");	/* mutex: {4:4} says raw nesting */
	seen(ctx, "M2", 0, "+.+.", "4:4");
	seen(ctx, "X", 0, NULL, NULL);		/* unknown */
	edge(ctx, "S", "X");
	edge(ctx, "X", "M");
	edge(ctx, "S", "M2");
	edge(ctx, "M2", "M");
	edge(ctx, "M", "Y");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(ctx->findings->wait_config[0], WAITCFG_RAW_NESTING);
	for (i = 0; i < findings_count(ctx); i++) {
		f = finding_at(ctx, i);
		if (f->type != FINDING_SLEEP_PATH)
			continue;
		n_paths++;
		assert_string_equal(class_name(ctx, f, 0), "S");
		if (f->n_classes == 2)
			assert_string_equal(class_name(ctx, f, 1), "M2");
		else
			assert_string_equal(f->title,
					    "possible sleep in atomic context: S -> X -> M");
	}
	assert_int_equal(n_paths, 2);
	lg_ctx_free(ctx);
}

static const struct finding *find_title(struct lg_ctx *ctx, const char *title)
{
	size_t i;

	for (i = 0; i < findings_count(ctx); i++)
		if (!strcmp(finding_at(ctx, i)->title, title))
			return finding_at(ctx, i);
	fail_msg("no finding '%s'", title);
	return NULL;
}

/*
 * Two spinlocks each held over the same mutex are two bugs (two places to
 * fix): one finding each, though the search keeps one per end.
 */
static void test_direct_sleeps(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);

	(void)state;
	seen(ctx, "S1", 0, "....", "2:2");
	seen(ctx, "S2", 0, "....", "2:2");
	seen(ctx, "M", 0, "+.+.", "4:4");
	edge(ctx, "S1", "M");
	edge(ctx, "S2", "M");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(count_type(ctx, FINDING_SLEEP_PATH), 2);
	find_title(ctx, "possible sleep in atomic context: S1 -> M");
	find_title(ctx, "possible sleep in atomic context: S2 -> M");
	lg_ctx_free(ctx);
}

static void test_sleep_path_contexts(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);
	const struct finding *f;

	(void)state;
	seen(ctx, "&drv->mutex", 0, "+.+.", "3:3");	/* name says mutex: classic numbering */
	edge(ctx, GRAPH_CTX_OOM_REAPER, "mmu_notifier_invalidate_range_start");
	edge(ctx, "mmu_notifier_invalidate_range_start", "&drv->mutex");
	edge(ctx, "rcu_read_lock", "fs_reclaim");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(ctx->findings->wait_config[0], WAITCFG_CLASSIC);
	assert_int_equal(count_type(ctx, FINDING_SLEEP_PATH), 2);
	f = finding_at(ctx, 0);
	assert_string_equal(f->title, "possible sleep in atomic context: rcu_read_lock -> fs_reclaim");
	f = finding_at(ctx, 1);
	assert_string_equal(f->title, "possible sleep in atomic context: <oom_reaper> -> "
				      "mmu_notifier_invalidate_range_start -> &drv->mutex");
	assert_true(f->flags & FINDING_NONBLOCK_NOTIFIER);
	assert_true(f->contexts & (1u << LG_CTX_OOM_REAPER));
	assert_true(f->contexts & (1u << LG_CTX_MMU_NOTIFIER));
	lg_ctx_free(ctx);
}

/* Confidence ------------------------------------------------------------- */

/* One piece of evidence of any kind, with stack frames and a task. */
static void edge_full(struct lg_ctx *ctx, const char *from, const char *to, uint32_t input,
		      enum evidence_kind kind, const char *const *frames, uint32_t n_frames,
		      const struct lg_task *task)
{
	struct dep_evidence ev = { 0 };

	ev.input = input;
	ev.report = GRAPH_NONE;
	ev.line = 1;
	ev.kind = (uint8_t)kind;
	ev.raw_from = arena_strdup(&ctx->arena, from);
	ev.raw_to = arena_strdup(&ctx->arena, to);
	ev.task = task;
	ev.frames = frames;
	ev.n_frames = n_frames;
	if (n_frames)
		ev.at = frames[0];
	assert_int_equal(graph_edge(ctx->graph, cls(ctx, from), cls(ctx, to), &ev, NULL), 0);
}

#define NOTIFIER "mmu_notifier_invalidate_range_start"


/*
 * The OOM reaper reaches a mutex through the notifier map: weak when the only
 * evidence for map -> mutex is an ordinary (blockable) munmap, likely when it
 * was taken inside the reaper's own invalidation.
 */
static void test_blockable_notifier(void **state)
{
	static const char *const munmap[] = { "mutex_lock_nested+0x1b/0x30",
					      "drv_invalidate+0x30/0x60 [drv]",
					      "__mmu_notifier_invalidate_range_start+0xa4/0x240",
					      "unmap_vmas+0x7d/0x110" };
	static const char *const reap[] = { "mutex_lock_nested+0x1b/0x30",
					    "other_invalidate+0x30/0x60 [other]",
					    "__mmu_notifier_invalidate_range_start+0xa4/0x240",
					    "__oom_reap_task_mm+0x196/0x490" };
	static const struct lg_task app = { "app", 42 };
	struct lg_ctx *ctx = new_ctx(2);
	const struct finding *f;

	(void)state;
	seen(ctx, "&drv->mutex", 1, "+.+.", "4:4");
	seen(ctx, "&other->mutex", 1, "+.+.", "4:4");
	edge_full(ctx, GRAPH_CTX_OOM_REAPER, NOTIFIER, 0, EV_CONTEXT, NULL, 0, NULL);
	edge_full(ctx, NOTIFIER, "&drv->mutex", 1, EV_ACQUISITION, munmap, 4, &app);
	edge_full(ctx, NOTIFIER, "&other->mutex", 1, EV_ACQUISITION, reap, 4, &app);
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(count_type(ctx, FINDING_SLEEP_PATH), 2);
	f = find_title(ctx, "possible sleep in atomic context: <oom_reaper> -> " NOTIFIER
			    " -> &drv->mutex");
	assert_int_equal(f->confidence, CONF_WEAK);
	assert_int_equal(f->reasons, WEAK_MASK(WEAK_BLOCKABLE_NOTIFIER));
	f = find_title(ctx, "possible sleep in atomic context: <oom_reaper> -> " NOTIFIER
			    " -> &other->mutex");
	assert_int_equal(f->confidence, CONF_LIKELY);
	assert_int_equal(f->reasons, 0);
	/* likely findings come first, and only they decide the exit status by default */
	assert_ptr_equal(f, finding_at(ctx, 0));
	assert_int_equal(lg_finding_count_at(ctx, LG_CONF_LIKELY), 1);
	assert_int_equal(lg_finding_count_at(ctx, LG_CONF_WEAK), 2);
	lg_ctx_free(ctx);
}

/* <oom_reaper> and <non_block> reaching one tail are one finding, the other under also. */
static void test_nonblocking_twins(void **state)
{
	static const struct lg_task reaper = { "oom_reaper", 31 };
	struct lg_ctx *ctx = new_ctx(1);
	const struct finding *f;

	(void)state;
	seen(ctx, "&drv->mutex", 0, "+.+.", "4:4");
	edge_full(ctx, GRAPH_CTX_OOM_REAPER, NOTIFIER, 0, EV_CONTEXT, NULL, 0, NULL);
	edge_full(ctx, GRAPH_CTX_NON_BLOCK, NOTIFIER, 0, EV_CONTEXT, NULL, 0, NULL);
	edge_full(ctx, NOTIFIER, "&drv->mutex", 0, EV_ACQUISITION, NULL, 0, &reaper);
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	f = finding_at(ctx, 0);
	assert_int_equal(f->n_also, 1);
	assert_int_equal(f->confidence, CONF_LIKELY);	/* the reaper itself took it */
	assert_int_not_equal(f->classes[0], f->also[0]->classes[0]);
	assert_int_equal(f->classes[2], f->also[0]->classes[2]);
	lg_ctx_free(ctx);
}

/* An edge only held-lock lists show may have been a trylock: weak. */
static void test_held_list_only(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);
	const struct finding *f;

	(void)state;
	edge_full(ctx, "A", "B", 0, EV_HELD_LIST, NULL, 0, &task_a);
	edge(ctx, "B", "A");
	edge(ctx, "C", "D");
	edge(ctx, "D", "C");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(count_type(ctx, FINDING_CYCLE), 2);
	f = find_title(ctx, "possible deadlock: A -> B -> A");
	assert_int_equal(f->confidence, CONF_WEAK);
	assert_int_equal(f->reasons, WEAK_MASK(WEAK_HELD_LIST_ONLY));
	assert_int_equal(find_title(ctx, "possible deadlock: C -> D -> C")->confidence, CONF_LIKELY);
	lg_ctx_free(ctx);
}

/*
 * A sleep path does not go on through dma_fence_map, nor over lockdep's
 * priming: the likely pass takes the longer real path to the same end, and
 * an end only reachable that way is weak, with the reasons.
 */
static void test_annotation_map_and_priming(void **state)
{
	static const char *const primed[] = { "__dma_fence_might_wait+0x3c/0xa0",
					      "dma_resv_lockdep+0x19a/0x2a2",
					      "do_one_initcall+0x5d/0x2e0" };
	struct lg_ctx *ctx = new_ctx(1);
	const struct finding *f;

	(void)state;
	seen(ctx, "S", 0, "....", "2:2");
	seen(ctx, "M", 0, "+.+.", "4:4");
	seen(ctx, "M2", 0, "+.+.", "4:4");
	seen(ctx, "dma_fence_map", 0, "++++", "0:0");
	edge(ctx, "S", "dma_fence_map");
	edge(ctx, "dma_fence_map", "M");
	edge(ctx, "dma_fence_map", "M2");
	edge(ctx, "S", "X");
	edge(ctx, "X", "Y");
	edge(ctx, "Y", "M");
	edge_full(ctx, "S", "fs_reclaim", 0, EV_CHAIN_LINK, primed, 3, NULL);
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(count_type(ctx, FINDING_SLEEP_PATH), 3);
	f = find_title(ctx, "possible sleep in atomic context: S -> X -> Y -> M");
	assert_int_equal(f->confidence, CONF_LIKELY);
	f = find_title(ctx, "possible sleep in atomic context: S -> dma_fence_map -> M2");
	assert_int_equal(f->confidence, CONF_WEAK);
	assert_int_equal(f->reasons, WEAK_MASK(WEAK_ANNOTATION_MAP));
	f = find_title(ctx, "possible sleep in atomic context: S -> fs_reclaim");
	assert_int_equal(f->confidence, CONF_WEAK);
	assert_int_equal(f->reasons, WEAK_MASK(WEAK_PRIMING_ONLY));
	{
		struct dep_evidence ev;

		evidence_view(ctx->graph->edges[f->edges[0]].first, &ev);
		assert_true(evidence_priming(&ev));
		evidence_view(ctx->graph->edges[graph_find_edge(ctx->graph, cls(ctx, "S"),
								cls(ctx, "X"))].first, &ev);
		assert_false(evidence_priming(&ev));
	}
	lg_ctx_free(ctx);
}

/* Edges from kernels years apart make no deadlock of any kernel. */
static void test_mixed_kernels(void **state)
{
	struct lg_ctx *ctx = new_ctx(4);
	const struct finding *f;

	(void)state;
	ctx->inputs.v[0].kernel = "4.4.0-rc1+";
	ctx->inputs.v[1].kernel = "6.12.0-rc3-syzkaller";
	ctx->inputs.v[2].kernel = "6.10.0";
	/* input 3 names none, but prints &mm->mmap_sem: 5.7 or older */
	seen(ctx, "&mm->mmap_sem", 3, "++++", NULL);
	edge_ev(ctx, "A", "B", 0, NULL, 0, NULL);
	edge_ev(ctx, "B", "A", 1, NULL, 0, NULL);
	edge_ev(ctx, "C", "D", 2, NULL, 0, NULL);
	edge_ev(ctx, "D", "C", 1, NULL, 0, NULL);
	edge_ev(ctx, "E", "F", 3, NULL, 0, NULL);
	edge_ev(ctx, "F", "E", 1, NULL, 0, NULL);
	edge_ev(ctx, "G", "H", 3, NULL, 0, NULL);
	edge_ev(ctx, "H", "G", 0, NULL, 0, NULL);
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(kernel_release("2.6.32-431.el6"), 33);
	assert_int_equal(kernel_release("5.8.0-rc3+"), 90);
	assert_int_equal(kernel_release("garbage"), 0);
	f = find_title(ctx, "possible deadlock: A -> B -> A");
	assert_int_equal(f->reasons, WEAK_MASK(WEAK_MIXED_KERNELS));
	assert_int_equal(find_title(ctx, "possible deadlock: C -> D -> C")->confidence,
			 CONF_LIKELY);
	assert_int_equal(find_title(ctx, "possible deadlock: E -> F -> E")->reasons,
			 WEAK_MASK(WEAK_MIXED_KERNELS));
	/* 4.4 and "5.7 or older" may well coexist */
	assert_int_equal(find_title(ctx, "possible deadlock: G -> H -> G")->confidence,
			 CONF_LIKELY);
	lg_ctx_free(ctx);
}

/*
 * Lockdep's recursive-read rule: entering a seqcount-like class as a recursive
 * reader and leaving it held as a reader makes no strong cycle; a down_read()
 * (a non-recursive reader) does.
 */
static void test_recursive_read(void **state)
{
	static const char *const seq_read[] = { "seqcount_lockdep_reader_access+0x8b/0xa0",
						"read_stats+0x41/0x90" };
	static const char *const rwsem_read[] = { "down_read+0x48/0x250", "read_stats+0x41/0x90" };
	struct lg_ctx *ctx = new_ctx(1);

	(void)state;
	seen(ctx, "&s->seq", 0, ".+.+", NULL);		/* only ever taken for read */
	seen(ctx, "&s->rwsem", 0, ".+.+", NULL);
	edge_full(ctx, "A", "&s->seq", 0, EV_ACQUISITION, seq_read, 2, &task_a);
	edge(ctx, "&s->seq", "A");
	edge_full(ctx, "B", "&s->rwsem", 0, EV_ACQUISITION, rwsem_read, 2, &task_a);
	edge(ctx, "&s->rwsem", "B");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(find_title(ctx, "possible deadlock: &s->seq -> A -> &s->seq")->reasons,
			 WEAK_MASK(WEAK_READ_LOCK));
	assert_int_equal(find_title(ctx, "possible deadlock: &s->rwsem -> B -> &s->rwsem")->confidence,
			 CONF_LIKELY);
	lg_ctx_free(ctx);
}

/* 4.14's crossrelease classes never join a merged cycle as a real one. */
static void test_crossrelease(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);

	(void)state;
	edge(ctx, "(complete)&req->done", "A");
	edge(ctx, "A", "(complete)&req->done");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(finding_at(ctx, 0)->reasons, WEAK_MASK(WEAK_ANNOTATION_MAP));
	lg_ctx_free(ctx);
}

/*
 * Lockdep's unsafe scenario of a merged 3-cycle: the rarest edge C -> A is the
 * inversion, A -> B -> C the chain: CPU0 holds C, CPU1 takes A then B, CPU0
 * waits for A, CPU1 for C; each wait shown by the edge whose evidence took it.
 */
static void test_scenario(void **state)
{
	struct lg_ctx *ctx = new_ctx(2);
	const struct finding *f;
	struct scenario sc;
	const struct lg_graph *g;

	(void)state;
	edge(ctx, "A", "B");
	edge_ev(ctx, "A", "B", 1, NULL, 0, NULL);
	edge(ctx, "B", "C");
	edge_ev(ctx, "B", "C", 1, NULL, 0, NULL);
	edge_ev(ctx, "C", "A", 1, NULL, 0, NULL);	/* seen once: the inversion */
	assert_int_equal(analysis_run(ctx), 0);
	g = ctx->graph;
	f = find_title(ctx, "possible deadlock: A -> B -> C -> A");
	assert_true(finding_scenario(f, &sc));
	assert_string_equal(g->classes[f->classes[sc.first]].name, "A");
	assert_int_equal(sc.n_steps, 5);
	assert_string_equal(g->classes[sc.steps[0].cls].name, "C");
	assert_int_equal(sc.steps[0].cpu, 0);
	assert_int_equal(sc.steps[0].edge, GRAPH_NONE);
	assert_string_equal(g->classes[sc.steps[1].cls].name, "A");
	assert_int_equal(sc.steps[1].cpu, 1);
	assert_string_equal(g->classes[sc.steps[2].cls].name, "B");
	assert_int_equal(sc.steps[2].edge, graph_find_edge(g, cls(ctx, "A"), cls(ctx, "B")));
	assert_string_equal(g->classes[sc.steps[3].cls].name, "A");
	assert_int_equal(sc.steps[3].cpu, 0);
	assert_int_equal(sc.steps[3].edge, graph_find_edge(g, cls(ctx, "C"), cls(ctx, "A")));
	assert_string_equal(g->classes[sc.steps[4].cls].name, "C");
	assert_int_equal(sc.steps[4].cpu, 1);
	assert_int_equal(sc.steps[4].edge, graph_find_edge(g, cls(ctx, "B"), cls(ctx, "C")));
	lg_ctx_free(ctx);
}

/* Hard and soft inversions between one pair of classes are one finding. */
static void test_irq_pair_grouped(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);
	const struct finding *f;

	(void)state;
	seen(ctx, "H", 0, "-.-.", NULL);	/* used in hard and soft irq */
	seen(ctx, "U", 0, "+.+.", NULL);	/* taken with both enabled */
	edge(ctx, "H", "U");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	f = finding_at(ctx, 0);
	assert_int_equal(f->n_also, 1);
	assert_int_not_equal(f->irq_state, f->also[0]->irq_state);
	lg_ctx_free(ctx);
}

static void test_irq_inversion(void **state)
{
	struct lg_ctx *ctx = new_ctx(3);
	const struct finding *f;

	(void)state;
	seen(ctx, "H", 0, "-...", NULL);	/* used in hardirq, input 0 */
	seen(ctx, "U", 2, "+...", NULL);	/* taken with hardirqs on, input 2 */
	edge_ev(ctx, "H", "X", 1, NULL, 0, NULL);
	edge_ev(ctx, "X", "U", 1, NULL, 0, NULL);
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	f = finding_at(ctx, 0);
	assert_int_equal(f->type, FINDING_IRQ_INVERSION);
	assert_int_equal(f->irq_state, IRQ_HARD);
	assert_string_equal(f->title, "HARDIRQ-safe -> HARDIRQ-unsafe: H -> X -> U");
	assert_false(f->reported);
	lg_ctx_free(ctx);
}

/* Read-only irq use conflicts only with irq-enabled writes. */
static void test_irq_read(void **state)
{
	struct lg_ctx *ctx = new_ctx(1);

	(void)state;
	seen(ctx, "H", 0, ".-..", NULL);	/* IN-HARDIRQ-R */
	seen(ctx, "U", 0, ".+..", NULL);	/* HARDIRQ-ON-R */
	seen(ctx, "W", 0, "+...", NULL);	/* HARDIRQ-ON-W */
	edge(ctx, "H", "U");
	edge(ctx, "H", "W");
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 1);
	assert_string_equal(finding_at(ctx, 0)->title, "HARDIRQ-safe -> HARDIRQ-unsafe: H -> W");
	lg_ctx_free(ctx);
}

static void test_irq_inconsistent(void **state)
{
	struct lg_ctx *ctx = new_ctx(2);
	const struct finding *f;

	(void)state;
	seen(ctx, "C", 0, "..-.", NULL);	/* IN-SOFTIRQ-W in one boot */
	seen(ctx, "C", 1, "..+.", NULL);	/* SOFTIRQ-ON-W in another */
	seen(ctx, "V#2", 0, "..-.", NULL);	/* two versions of one boot: not one class */
	seen(ctx, "V#3", 0, "..+.", NULL);
	seen(ctx, "Q", 0, "?...", NULL);	/* lockdep itself saw both */
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(findings_count(ctx), 2);
	f = finding_at(ctx, 0);
	assert_string_equal(f->title, "inconsistent SOFTIRQ lock state: C");
	assert_true(f->flags & FINDING_INCONSISTENT);
	assert_false(f->reported);
	f = finding_at(ctx, 1);
	assert_string_equal(f->title, "inconsistent HARDIRQ lock state: Q");
	assert_true(f->reported);
	assert_int_equal(ctx->findings->folded_only, 1);
	lg_ctx_free(ctx);
}

/*
 * A sleeping lock a held-lock list shows under a spinning one was a trylock,
 * as was one taken at a trylock function: no sleep path, no cycle through it.
 */
/* The edge list[0] -> list[1] from a held-lock list of two. */
static void held_pair(struct lg_ctx *ctx, const struct lg_lock *list)
{
	struct held_src held = { .locks = list, .report = GRAPH_NONE };
	const struct held_src *held_kept = NULL;
	struct dep_evidence hl = { 0 };
	bool trylock[2];
	int i;

	/* what ingest_held_list() works out per entry */
	for (i = 0; i < 2; i++)
		trylock[i] = lockname_taken_by_trylock(list[i].cls, list[i].at, list[i].via);
	hl.held_trylock = trylock;
	hl.report = GRAPH_NONE;
	hl.kind = EV_HELD_LIST;
	hl.held = &held;
	hl.held_kept = &held_kept;
	hl.list_from = 0;
	hl.list_to = 1;
	assert_int_equal(graph_edge(ctx->graph, cls(ctx, list[0].cls), cls(ctx, list[1].cls), &hl,
				    NULL), 0);
}

/*
 * Which sightings a class keeps (graph_class_seen()): the first
 * GRAPH_SIGHTINGS_KEPT, then only one that adds a usage bit or a wait type;
 * a name sighted again in the same input is the same sighting, its usage
 * joined and its missing wait type filled in. The names and usage are those of
 * real held-lock lists (mmap_lock with {++++}-{4:4}, 6.x with raw nesting).
 */
static void test_sightings_kept(void **state)
{
	static const char mmap_lock[] = "&mm->mmap_lock";
	struct lg_ctx *ctx = new_ctx(20);
	const struct lock_class *c;
	uint32_t id = cls(ctx, mmap_lock), i;

	(void)state;
	for (i = 0; i < GRAPH_SIGHTINGS_KEPT + 2; i++)
		assert_int_equal(graph_class_seen(ctx->graph, id, mmap_lock, i, GRAPH_NONE, 1,
						  "++++", "4:4"), 0);
	c = &ctx->graph->classes[id];
	assert_int_equal(c->seen.n, GRAPH_SIGHTINGS_KEPT);
	assert_int_equal(c->n_seen, GRAPH_SIGHTINGS_KEPT + 2);
	/* the same again in the last input: nothing new, nothing kept */
	assert_int_equal(graph_class_seen(ctx->graph, id, mmap_lock, 9, GRAPH_NONE, 2, "++++",
					  "4:4"), 0);
	assert_int_equal(c->seen.n, GRAPH_SIGHTINGS_KEPT);
	/* a usage bit, then a wait type, no sighting had: kept */
	seen(ctx, mmap_lock, 10, "-.-.", "4:4");
	assert_int_equal(c->seen.n, GRAPH_SIGHTINGS_KEPT + 1);
	seen(ctx, mmap_lock, 11, "++++", "3:3");
	assert_int_equal(c->seen.n, GRAPH_SIGHTINGS_KEPT + 2);
	seen(ctx, mmap_lock, 12, "++++", "3:3");
	assert_int_equal(c->seen.n, GRAPH_SIGHTINGS_KEPT + 2);
	/* a wait type past what a bit each can tell (a saved graph may say anything) */
	assert_int_equal(graph_class_seen_bits(ctx->graph, id, mmap_lock, 13, GRAPH_NONE, 1, 0, 20,
					       20), 0);
	assert_int_equal(c->seen.n, GRAPH_SIGHTINGS_KEPT + 3);
	assert_int_equal(graph_class_seen_bits(ctx->graph, id, mmap_lock, 14, GRAPH_NONE, 1, 0, 20,
					       20), 0);
	assert_int_equal(c->seen.n, GRAPH_SIGHTINGS_KEPT + 3);
	/* the last kept sighting seen again with a usage bit more: joined to it */
	assert_int_equal(graph_class_seen(ctx->graph, id, mmap_lock, 13, GRAPH_NONE, 2, "-...",
					  NULL), 0);
	assert_int_equal(c->seen.n, GRAPH_SIGHTINGS_KEPT + 3);
	assert_int_equal(c->seen.v[c->seen.n - 1].usage, usage_parse("-..."));
	assert_int_equal(c->seen.v[c->seen.n - 1].wait_inner, 20);
	/* one input, one name: one sighting, whatever the pointer */
	seen(ctx, "&vma->vm_lock->lock", 15, "+...", NULL);
	seen(ctx, "&vma->vm_lock->lock", 15, ".+..", "4:4");
	assert_int_equal(graph_class_seen(ctx->graph, cls(ctx, "&vma->vm_lock->lock"),
					  "&vma->vm_lock->lock", 15, GRAPH_NONE, 3, "+...", "4:4"),
			 0);
	c = &ctx->graph->classes[cls(ctx, "&vma->vm_lock->lock")];
	assert_int_equal(c->seen.n, 1);
	assert_int_equal(c->n_seen, 3);
	assert_int_equal(c->seen.v[0].usage, usage_parse("++.."));
	assert_int_equal(c->seen.v[0].wait_inner, 4);
	/* another version of the name in the same input is a sighting of its own */
	seen(ctx, "&vma->vm_lock->lock#2", 15, "+...", "4:4");
	assert_int_equal(c->seen.n, 2);
	lg_ctx_free(ctx);
}

/*
 * What an acquisition site tells, cached by the site's address: its contexts
 * (context_of_frame(): net_cleanup_work at process_one_work, fs_reclaim at
 * __perform_reclaim) and its trylock facts (a trylock wrapper always; a
 * shrink_slab site only for shrinker_rwsem), from sites as real held-lock
 * lists print them; a plain mutex site tells nothing.
 */
static void test_site_facts(void **state)
{
	static const char work[] = "process_one_work+0x1e2/0x3b0";
	static const char reclaim[] = "__perform_reclaim mm/page_alloc.c:3907 [inline]";
	static const char plain[] = "tty_ldisc_ref_wait+0x25/0x70";
	static const char wrapper[] = "trylock_super+0x1b/0x130";
	static const char shrink[] = "shrink_slab+0xc7/0x5d0";
	struct lg_ctx *ctx = new_ctx(1);
	struct site_facts f;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		f = graph_site_facts(ctx->graph, work);
		assert_int_equal(f.contexts, 1u << LG_CTX_WORKQUEUE);
		assert_int_equal(f.trylock, 0);
		f = graph_site_facts(ctx->graph, reclaim);
		assert_int_equal(f.contexts, 1u << LG_CTX_FS_RECLAIM);
		assert_int_equal(f.trylock, 0);
		f = graph_site_facts(ctx->graph, plain);
		assert_int_equal(f.contexts, 0);
		assert_int_equal(f.trylock, 0);
		f = graph_site_facts(ctx->graph, wrapper);
		assert_true(lockname_trylock_at("&type->s_umount_key#31", f.trylock));
		f = graph_site_facts(ctx->graph, shrink);
		assert_int_equal(f.contexts, 1u << LG_CTX_SHRINKER);
		assert_true(lockname_trylock_at("shrinker_rwsem", f.trylock));
		assert_false(lockname_trylock_at("&mm->mmap_lock", f.trylock));
	}
	f = graph_site_facts(ctx->graph, NULL);
	assert_int_equal(f.contexts, 0);
	assert_int_equal(f.trylock, 0);
	lg_ctx_free(ctx);
}

/*
 * The sites lockname_taken_by_trylock() knows, as printed in real held-lock
 * lists (docs/graph.md, "Trylocks"): a version "#N" is the same class, a
 * subclass "/S" or another name is not; a trylock wrapper, or an inlined one.
 */
static void test_trylock_sites(void **state)
{
	(void)state;
	assert_true(lockname_taken_by_trylock("shrinker_rwsem", "shrink_slab+0xd4/0x540", NULL));
	assert_true(lockname_taken_by_trylock("shrinker_rwsem#2", "shrink_slab+0xd4/0x540", NULL));
	assert_false(lockname_taken_by_trylock("shrinker_rwsem#2/1", "shrink_slab+0xd4/0x540",
					       NULL));
	assert_false(lockname_taken_by_trylock("shrinker_rwsem#", "shrink_slab+0xd4/0x540", NULL));
	assert_false(lockname_taken_by_trylock("shrinker_rwsemx", "shrink_slab+0xd4/0x540", NULL));
	assert_false(lockname_taken_by_trylock("shrinker_rwsem", "shrink_node+0x1/0x2", NULL));
	assert_true(lockname_taken_by_trylock("&mm->mmap_lock", "oom_reap_task_mm+0x5b/0x1e0",
					      NULL));
	assert_true(lockname_taken_by_trylock("&mm->mmap_sem#2", "__oom_reap_task_mm+0x4f/0x5e0",
					      NULL));
	assert_true(lockname_taken_by_trylock("&type->s_umount_key#31",
					      "trylock_super+0x1b/0x130", NULL));
	/* syzbot's inlined sites: the innermost one tells */
	assert_true(lockname_taken_by_trylock("&mm->mmap_lock", "oom_reaper+0x3a7/0x1320",
					      "oom_reap_task_mm"));
	assert_false(lockname_taken_by_trylock("&mm->mmap_lock", "oom_reaper+0x3a7/0x1320", NULL));
}

static void test_trylock_edge(void **state)
{
	static const struct lg_lock outer[] = { { .cls = "S" } };
	struct lg_ctx *ctx = new_ctx(1);
	struct dep_evidence ev = { 0 };

	(void)state;
	seen(ctx, "S", 0, "..-.", "2:2");
	seen(ctx, "M", 0, "+.+.", "4:4");
	seen(ctx, "N", 0, "+.+.", "4:4");
	ev.report = GRAPH_NONE;
	ev.kind = EV_HELD_LIST;
	ev.raw_from = "S";
	ev.raw_to = "M";
	ev.outer_known = true;
	assert_int_equal(graph_edge(ctx->graph, cls(ctx, "S"), cls(ctx, "M"), &ev, NULL), 0);
	ev.raw_from = "X";	/* X is unknown, but S is held outside it */
	ev.raw_to = "N";
	ev.outer = outer;
	ev.n_outer = 1;
	assert_int_equal(graph_edge(ctx->graph, cls(ctx, "X"), cls(ctx, "N"), &ev, NULL), 0);
	edge(ctx, "M", "S");	/* would close S -> M -> S */
	edge(ctx, "S", "X");
	{
		/* a held list whose second entry was taken at trylock_super: kinds unknown */
		static const struct lg_lock list[] = {
			{ .cls = "P", .at = "shrink_slab+0x1/0x2" },
			{ .cls = "Q", .at = "trylock_super+0x6c/0x590" },
		};
		/* shrink_slab() takes shrinker_rwsem by down_read_trylock(): the site says so */
		static const struct lg_lock shrink[] = {
			{ .cls = "&type->s_umount_key#31", .at = "super_cache_scan+0x3a/0x1e0" },
			{ .cls = "shrinker_rwsem", .at = "shrink_slab+0xd4/0x540" },
		};

		held_pair(ctx, list);
		edge(ctx, "Q", "P");	/* would close P -> Q -> P */
		held_pair(ctx, shrink);
		edge(ctx, "shrinker_rwsem", "&type->s_umount_key#31");
	}
	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(ctx->graph->n_trylock_edges, 4);
	assert_int_equal(findings_count(ctx), 0);
	lg_ctx_free(ctx);
}

/* The same cycle found from different inputs and edges gets one signature. */
static void test_signature_stable(void **state)
{
	struct lg_ctx *a = new_ctx(1), *b = new_ctx(2);

	(void)state;
	edge(a, "A", "B#2");
	edge(a, "B#2", "C");
	edge(a, "C", "A");
	edge_ev(b, "C", "A", 1, NULL, 0, NULL);
	edge_ev(b, "B", "C", 0, NULL, 0, NULL);
	edge_ev(b, "A", "B#7", 1, NULL, 0, NULL);
	assert_int_equal(analysis_run(a), 0);
	assert_int_equal(analysis_run(b), 0);
	assert_int_equal(findings_count(a), 1);
	assert_int_equal(findings_count(b), 1);
	assert_string_equal(finding_at(a, 0)->signature, finding_at(b, 0)->signature);
	assert_string_equal(finding_at(a, 0)->title, finding_at(b, 0)->title);
	lg_ctx_free(a);
	lg_ctx_free(b);
}

/* lg_filter_findings(): types and contexts by their JSON names, in place and in order. */
static void test_filter(void **state)
{
	struct lg_ctx *ctx = new_ctx(1), *fresh;
	char why[128], small[8];

	(void)state;
	seen(ctx, "&drv->mutex", 0, "+.+.", "3:3");
	edge(ctx, GRAPH_CTX_OOM_REAPER, "mmu_notifier_invalidate_range_start");
	edge(ctx, "mmu_notifier_invalidate_range_start", "&drv->mutex");
	edge(ctx, "rcu_read_lock", "fs_reclaim");
	edge(ctx, "A", "B");
	edge(ctx, "B", "A");

	/* lists only, before any analysis */
	assert_int_equal(lg_filter_findings(NULL, NULL, NULL, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_int_equal(lg_filter_findings(NULL, "irq-inversion,cycle", "rcu", NULL, 0), 0);
	assert_int_equal(lg_filter_findings(NULL, "cycle,deadlock", NULL, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why, "unknown finding type 'deadlock' "
				 "(valid: cycle, sleep-path, irq-inversion)");
	assert_int_equal(lg_filter_findings(NULL, NULL, "oom_reaper,", why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "empty context in 'oom_reaper,' (valid: fs_reclaim, "));
	assert_int_equal(lg_filter_findings(NULL, "", NULL, why, sizeof(why)), -EINVAL);
	assert_int_equal(lg_filter_findings(NULL, "cycl", NULL, small, sizeof(small)), -EINVAL);
	assert_string_equal(small, "unknown");
	fresh = lg_ctx_new(NULL);
	assert_non_null(fresh);
	assert_int_equal(lg_filter_findings(fresh, "cycle", NULL, NULL, 0), -ENODATA);
	lg_ctx_free(fresh);

	assert_int_equal(analysis_run(ctx), 0);
	assert_int_equal(lg_finding_count(ctx), 3);
	/* a bad name filters nothing */
	assert_int_equal(lg_filter_findings(ctx, "cycle", "oom", NULL, 0), -EINVAL);
	assert_int_equal(lg_finding_count(ctx), 3);
	assert_int_equal(lg_filter_findings(ctx, NULL, NULL, NULL, 0), 0);
	assert_int_equal(lg_finding_count(ctx), 3);
	/* the cycle has no context: a context filter drops it; order is kept */
	assert_int_equal(lg_filter_findings(ctx, NULL, "rcu,oom_reaper", NULL, 0), 0);
	assert_int_equal(lg_finding_count(ctx), 2);
	assert_int_equal(ctx->findings->filtered_out, 1);
	assert_string_equal(finding_at(ctx, 0)->title,
			    "possible sleep in atomic context: rcu_read_lock -> fs_reclaim");
	assert_string_equal(finding_at(ctx, 1)->title,
			    "possible sleep in atomic context: <oom_reaper> -> "
			    "mmu_notifier_invalidate_range_start -> &drv->mutex");
	/* a second call filters what the first kept */
	assert_int_equal(lg_filter_findings(ctx, "sleep-path", "mmu_notifier", NULL, 0), 0);
	assert_int_equal(lg_finding_count(ctx), 1);
	assert_true(finding_at(ctx, 0)->contexts & (1u << LG_CTX_OOM_REAPER));
	assert_int_equal(lg_filter_findings(ctx, "cycle,irq-inversion", NULL, NULL, 0), 0);
	assert_int_equal(lg_finding_count(ctx), 0);
	assert_int_equal(ctx->findings->filtered_out, 3);
	lg_ctx_free(ctx);
}

/* lg_ctx_reset(): a context analyses batch after batch, each on its own. */
static void test_ctx_reset(void **state)
{
	static const char log[] = "lockgraph test: no report here\n";
	struct lg_ctx *ctx = lg_ctx_new(NULL);

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(lg_add_mem(ctx, "a", log, sizeof(log) - 1), 0);
	assert_int_equal(lg_analyze(ctx), 0);
	assert_int_equal(lg_analyze(ctx), -EALREADY);
	lg_ctx_reset(ctx);
	assert_int_equal(ctx->inputs.n, 0);
	assert_int_equal(lg_report_count(ctx), 0);
	assert_int_equal(lg_add_mem(ctx, "b", log, sizeof(log) - 1), 0);
	assert_int_equal(lg_analyze(ctx), 0);
	assert_int_equal(ctx->inputs.n, 1);
	assert_int_equal(lg_finding_count(ctx), 0);
	lg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_name),
		cmocka_unit_test(test_usage_parse),
		cmocka_unit_test(test_inner_raw_lock),
		cmocka_unit_test(test_wait_votes),
		cmocka_unit_test(test_two_cycle),
		cmocka_unit_test(test_complete_graph),
		cmocka_unit_test(test_complete_graph_big),
		cmocka_unit_test(test_long_cycle),
		cmocka_unit_test(test_long_chain_no_cycle),
		cmocka_unit_test(test_many_components),
		cmocka_unit_test(test_figure_eight),
		cmocka_unit_test(test_chord),
		cmocka_unit_test(test_self_loops),
		cmocka_unit_test(test_fold_same_input),
		cmocka_unit_test(test_fold_across_inputs),
		cmocka_unit_test(test_no_order_class),
		cmocka_unit_test(test_gate_and_single_task),
		cmocka_unit_test(test_not_gated),
		cmocka_unit_test(test_sleep_paths),
		cmocka_unit_test(test_direct_sleeps),
		cmocka_unit_test(test_sleep_path_contexts),
		cmocka_unit_test(test_blockable_notifier),
		cmocka_unit_test(test_nonblocking_twins),
		cmocka_unit_test(test_held_list_only),
		cmocka_unit_test(test_annotation_map_and_priming),
		cmocka_unit_test(test_mixed_kernels),
		cmocka_unit_test(test_recursive_read),
		cmocka_unit_test(test_crossrelease),
		cmocka_unit_test(test_scenario),
		cmocka_unit_test(test_irq_pair_grouped),
		cmocka_unit_test(test_irq_inversion),
		cmocka_unit_test(test_irq_read),
		cmocka_unit_test(test_irq_inconsistent),
		cmocka_unit_test(test_sightings_kept),
		cmocka_unit_test(test_site_facts),
		cmocka_unit_test(test_trylock_sites),
		cmocka_unit_test(test_trylock_edge),
		cmocka_unit_test(test_signature_stable),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_ctx_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
