// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/spool.c and the report store: a report read from a real log goes to the
 * spool when its input is read, its memory is given back, and it loads back
 * whole; the graph's copy of what its evidence points to outlives the load;
 * the same report repeated keeps no more memory than the evidence it adds.
 *
 * The input is testdata/public/i915-capture-dma-fence-map-fs-reclaim.txt
 * (a circular locking report from i915's error capture, 111 lines); the
 * expected values below are read off that log.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "analysis.h"
#include "lg-local.h"
#include "spool.h"

static const char *testdata;

static char *read_file(const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/public/%s", testdata, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static char *read_log(size_t *len)
{
	return read_file("i915-capture-dma-fence-map-fs-reclaim.txt", len);
}

/* The log @copies times over, as one input. */
static struct lg_ctx *ctx_with_copies(unsigned int copies)
{
	struct lg_ctx *ctx = lg_ctx_new(NULL);
	size_t len, i;
	char *log = read_log(&len), *buf = malloc(len * copies);

	assert_non_null(ctx);
	assert_non_null(buf);
	for (i = 0; i < copies; i++)
		memcpy(buf + i * len, log, len);
	assert_int_equal(lg_add_mem(ctx, "i915.txt", buf, len * copies), 0);
	free(buf);
	free(log);
	return ctx;
}

static void test_spooled_and_loaded(void **state)
{
	struct lg_ctx *ctx = ctx_with_copies(1);
	struct report_cursor c;
	const struct lg_report *r;

	(void)state;
	assert_int_equal(lg_report_count(ctx), 1);
	/* the input is read: the memory its report was built in is given back */
	assert_int_equal(ctx->sink.reports.used_bytes, 0);
	assert_int_equal(ctx->reports.v[0].kind, LG_KIND_CIRCULAR);
	assert_int_equal(ctx->reports.v[0].line, 1);

	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	assert_int_equal(report_load(&c, &ctx->reports.v[0], &r), 0);
	assert_int_equal(r->kind, LG_KIND_CIRCULAR);
	assert_int_equal(r->line, 1);
	assert_non_null(strstr(r->headline, "possible circular locking dependency detected"));
	assert_non_null(r->title);
	assert_true(r->has_task);
	assert_string_equal(r->task.comm, "gem_exec_captur");
	assert_int_equal(r->task.pid, 1180);
	/* "4 locks held by gem_exec_captur/1180:", lines 66-70 */
	assert_int_equal(r->held_declared, 4);
	assert_int_equal(r->held.n, 4);
	assert_string_equal(r->held.v[0].cls, "sb_writers#17");
	assert_string_equal(r->held.v[2].cls, "capture_mutex");
	assert_string_equal(r->held.v[2].wait, "3:3");
	assert_string_equal(r->held.v[3].at, "i915_vma_snapshot_resource_pin+0x27/0x30 [i915]");
	assert_int_equal(r->held.v[3].line, 70);
	/* the chain: -> #2 dma_fence_map, -> #1 the notifier map, -> #0 fs_reclaim */
	assert_int_equal(r->chain.n, 3);
	assert_int_equal(r->chain.v[0].index, 2);
	assert_string_equal(r->chain.v[0].lock.cls, "dma_fence_map");
	assert_string_equal(r->chain.v[2].lock.cls, "fs_reclaim");
	assert_true(r->chain.v[2].frames.n > 0);
	assert_true(r->frames.n > 0);
	report_cursor_done(&c);
	lg_ctx_free(ctx);
}

static const char *intern(void *sink, const char *str, size_t len)
{
	return obs_intern(sink, str, len);
}

/* What the graph's evidence points to is in @keep or interned, not in the cursor. */
static void test_loaded_for_the_graph(void **state)
{
	struct lg_ctx *ctx = ctx_with_copies(1);
	const struct spool_intern in = { intern, &ctx->sink };
	const struct lg_report *r;
	const struct lg_task *task;
	struct report_cursor c;
	struct arena keep;

	(void)state;
	arena_init(&keep);
	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	assert_int_equal(report_load_kept(&c, &ctx->reports.v[0], &keep, &in, &r, &task), 0);
	assert_true(arena_owns(&keep, r->held.v));
	assert_true(arena_owns(&keep, r->frames.v));
	assert_true(arena_owns(&keep, r->chain.v[0].frames.v));
	assert_true(arena_owns(&keep, task));
	assert_int_equal(task->pid, 1180);
	assert_false(arena_owns(&c.scratch, r->held.v[1].cls));
	assert_ptr_equal(r->held.v[1].cls, obs_intern(&ctx->sink, "&attr->mutex", 12));
	assert_true(arena_owns(&c.scratch, r));	/* the report itself is the cursor's */
	report_cursor_done(&c);
	arena_release(&keep);
	lg_ctx_free(ctx);
}

/* A reference that does not fit its spool is an error, never a read past it. */
static void test_bad_ref(void **state)
{
	struct lg_ctx *ctx = ctx_with_copies(1);
	struct report_ref bad = ctx->reports.v[0];
	struct report_cursor c;
	const struct lg_report *r;

	(void)state;
	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	bad.len--;
	assert_int_equal(report_load(&c, &bad, &r), -LG_ECORRUPT);
	bad = ctx->reports.v[0];
	bad.off++;
	assert_int_equal(report_load(&c, &bad, &r), -LG_ECORRUPT);
	bad = ctx->reports.v[0];
	bad.spool = 7;
	assert_int_equal(report_load(&c, &bad, &r), -LG_ECORRUPT);
	assert_int_equal(report_load(&c, &ctx->reports.v[0], &r), 0);
	report_cursor_done(&c);
	lg_ctx_free(ctx);
}

/*
 * The same report ten and thirty times: the graph keeps 8 pieces of evidence
 * an edge, so after the eighth copy no report adds any, and what the graph
 * keeps of the reports (ctx->kept) is the same for both.
 */
static void test_repeats_keep_nothing_more(void **state)
{
	struct lg_ctx *ten = ctx_with_copies(10), *thirty = ctx_with_copies(30);

	(void)state;
	assert_int_equal(lg_report_count(ten), 10);
	assert_int_equal(lg_report_count(thirty), 30);
	assert_int_equal(lg_analyze(ten), 0);
	assert_int_equal(lg_analyze(thirty), 0);
	assert_true(ten->kept.used_bytes > 0);
	assert_int_equal(ten->kept.used_bytes, thirty->kept.used_bytes);
	assert_int_equal(ten->graph->n_records, thirty->graph->n_records);
	assert_true(thirty->graph->n_evidence > ten->graph->n_evidence);
	lg_ctx_free(ten);
	lg_ctx_free(thirty);
}

/*
 * What the graph keeps of a hung-task report's "Showing all locks held" dump:
 * the locks of each task holding two or more (its evidence points into them),
 * not the list headers (its evidence has its own copy of the task) nor a lone
 * lock, which orders nothing. The task of a context edge from another task's
 * list outlives the report's load.
 *
 * The log is syzbot-hung-task-xt-table-fs-reclaim-held-locks.txt with the two
 * lines oom_reaper held in syzbot-oom-reaper-recursive-mmu-notifier.txt (a real
 * report, its wrapping undone) added to its dump as a task of its own, then
 * the i915 report, whose load reuses the cursor's memory.
 */
static void test_other_tasks_kept(void **state)
{
	static const char reaper[] =
		"2 locks held by oom_reaper/1065:\n"
		" #0: ffff888094ad3990 (&mm->mmap_sem#2){++++}, at: oom_reaper+0x3a7/0x1320 "
		"mm/oom_kill.c:651\n"
		" #1: ffffffff8904ff60 (mmu_notifier_invalidate_range_start){+.+.}, at: "
		"__oom_reap_task_mm+0x196/0x490 mm/oom_kill.c:542\n";
	size_t hung_len, i915_len, n = 0;
	char *hung = read_file("syzbot-hung-task-xt-table-fs-reclaim-held-locks.txt", &hung_len);
	char *i915 = read_log(&i915_len), *end = strstr(hung, "=====\n"), *buf;
	struct lg_ctx *ctx = lg_ctx_new(NULL);
	const struct spool_intern in = { intern, &ctx->sink };
	const struct lg_report *r;
	const struct lg_task *task;
	struct dep_evidence ev;
	const struct ev_rec *rec;
	struct report_cursor c;
	uint32_t i, from, to, e;
	struct arena keep;

	(void)state;
	assert_non_null(ctx);
	assert_non_null(end);
	buf = malloc(hung_len + sizeof(reaper) + i915_len);
	assert_non_null(buf);
	/* the dump ends with the line of '=' after its last task */
	while (end > hung && end[-1] != '\n')
		end--;
	memcpy(buf, hung, (size_t)(end - hung));
	n = (size_t)(end - hung);
	memcpy(buf + n, reaper, sizeof(reaper) - 1);
	n += sizeof(reaper) - 1;
	memcpy(buf + n, end, hung_len - (size_t)(end - hung));
	n += hung_len - (size_t)(end - hung);
	memcpy(buf + n, i915, i915_len);
	n += i915_len;
	assert_int_equal(lg_add_mem(ctx, "hung.txt", buf, n), 0);
	assert_int_equal(lg_report_count(ctx), 2);

	arena_init(&keep);
	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	assert_int_equal(report_load_kept(&c, &ctx->reports.v[0], &keep, &in, &r, &task), 0);
	/* khungtaskd .. syz-executor/5235 (5236, the hung task, has the report's list), oom_reaper */
	assert_int_equal(r->other_tasks.n, 13);
	assert_false(arena_owns(&keep, r->other_tasks.v));
	assert_string_equal(r->other_tasks.v[0].task.comm, "khungtaskd");
	assert_int_equal(r->other_tasks.v[0].locks.n, 1);
	assert_false(arena_owns(&keep, r->other_tasks.v[0].locks.v));
	assert_string_equal(r->other_tasks.v[4].task.comm, "getty");
	assert_int_equal(r->other_tasks.v[4].locks.n, 2);
	assert_true(arena_owns(&keep, r->other_tasks.v[4].locks.v));
	assert_string_equal(r->other_tasks.v[12].task.comm, "oom_reaper");
	assert_true(arena_owns(&keep, r->other_tasks.v[12].locks.v));
	report_cursor_done(&c);
	arena_release(&keep);

	assert_int_equal(lg_analyze(ctx), 0);
	from = graph_find_class(ctx->graph, "<oom_reaper>");
	to = graph_find_class(ctx->graph, "mmu_notifier_invalidate_range_start");
	assert_int_not_equal(from, GRAPH_NONE);
	assert_int_not_equal(to, GRAPH_NONE);
	e = graph_find_edge(ctx->graph, from, to);
	assert_int_not_equal(e, GRAPH_NONE);
	i = 0;
	for_each_evidence(&ctx->graph->edges[e], rec, ev) {
		assert_int_equal(ev.kind, EV_CONTEXT);
		assert_non_null(ev.task);
		assert_string_equal(ev.task->comm, "oom_reaper");
		assert_int_equal(ev.task->pid, 1065);
		i++;
	}
	assert_int_equal(i, 1);
	/* and getty's pair, from the held-list's shared copy of its task */
	from = graph_find_class(ctx->graph, "&tty->ldisc_sem");
	to = graph_find_class(ctx->graph, "&ldata->atomic_read_lock");
	e = graph_find_edge(ctx->graph, from, to);
	assert_int_not_equal(e, GRAPH_NONE);
	for_each_evidence(&ctx->graph->edges[e], rec, ev) {
		assert_int_equal(ev.kind, EV_HELD_LIST);
		assert_string_equal(ev.task->comm, "getty");
		assert_int_equal(ev.task->pid, 4897);
		assert_int_equal(ev.line, 52);
	}
	free(buf);
	free(i915);
	free(hung);
	lg_ctx_free(ctx);
}

/*
 * Reports ingested while their input is taken over (lib/parallel.c) go in the
 * order canonical_order() gives: by line within an input, stably. Three copies
 * of the i915 report in one input, their refs put out of order by hand.
 */
static void test_early_ingest_order(void **state)
{
	struct lg_ctx *ctx = ctx_with_copies(3);
	struct report_ref *v = ctx->reports.v, r;
	struct report_cursor c;
	unsigned long lines[3];
	int i;

	(void)state;
	assert_int_equal(ctx->reports.n, 3);
	for (i = 0; i < 3; i++)
		lines[i] = v[i].line;
	assert_true(lines[0] < lines[1] && lines[1] < lines[2]);
	r = v[0];
	v[0] = v[2];
	v[2] = r;
	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	assert_int_equal(analysis_ingest_early(ctx, &c), 0);
	report_cursor_done(&c);
	assert_int_equal(ctx->reports_ingested, 3);
	assert_true(ctx->ingested_early);
	for (i = 0; i < 3; i++)
		assert_int_equal(v[i].line, lines[i]);
	assert_true(ctx->graph->n_evidence > 0);
	/* anything read now drops what went in early: lg_analyze() starts over */
	assert_int_equal(lg_add_mem(ctx, "more.txt", "nothing\n", 8), 0);
	assert_null(ctx->graph);
	assert_int_equal(ctx->reports_ingested, 0);
	assert_int_equal(lg_analyze(ctx), 0);
	assert_int_equal(ctx->reports_ingested, 3);
	lg_ctx_free(ctx);
}

/* A context reset for each input (a fuzzer's) does not keep growing a spool file. */
static void test_reset_drops_spools(void **state)
{
	struct lg_ctx *ctx = ctx_with_copies(3);
	struct report_cursor c;
	const struct lg_report *r;
	size_t len;
	char *log = read_log(&len);

	(void)state;
	assert_int_equal(ctx->reports.n_spools, 1);
	lg_ctx_reset(ctx);
	assert_int_equal(lg_report_count(ctx), 0);
	assert_int_equal(ctx->reports.n_spools, 0);
	assert_null(ctx->reports.own);
	assert_int_equal(lg_add_mem(ctx, "again.txt", log, len), 0);
	assert_int_equal(lg_report_count(ctx), 1);
	assert_int_equal(ctx->reports.spools[0]->size, ctx->reports.v[0].len);
	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	assert_int_equal(report_load(&c, &ctx->reports.v[0], &r), 0);
	assert_int_equal(r->task.pid, 1180);
	report_cursor_done(&c);
	free(log);
	lg_ctx_free(ctx);
}

struct said {
	char text[4][256];
	unsigned long line[4];
	unsigned int n;
};

static void hold_diag(const struct lg_diag *d, void *user)
{
	struct said *said = user;

	if (said->n < 4) {
		snprintf(said->text[said->n], sizeof(said->text[0]), "%s", d->message);
		said->line[said->n++] = d->line;
	}
}

/*
 * A log whose reports cannot be kept (TMPDIR names no directory) while it is
 * being read: reading stops where the first compaction failed, says so at that
 * line, and the lost reports are counted; the input is in error (exit 2).
 */
static void test_compaction_cannot_spool(void **state)
{
	struct said said = { 0 };
	struct lg_opts o = { .diag = hold_diag, .diag_user = &said };
	struct lg_ctx *ctx = lg_ctx_new(&o);
	const char *was = getenv("TMPDIR");
	char *saved = was ? strdup(was) : NULL;
	size_t len;
	char *log = read_log(&len);

	(void)state;
	assert_non_null(ctx);
	ctx->sink.compact_at = 1;
	assert_int_equal(setenv("TMPDIR", "/nonexistent/lockgraph-test", 1), 0);
	assert_int_equal(lg_add_mem(ctx, "i915.txt", log, len), -LG_ESPOOL);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	assert_int_equal(said.n, 2);
	/* line 1 opens the report: the first compaction is after it */
	assert_int_equal(said.line[0], 1);
	assert_non_null(strstr(said.text[0], "reading stopped: reports could not be kept on "
					     "disk: No such file or directory"));
	assert_non_null(strstr(said.text[1], "1 report(s) lost: they could not be kept in a file "
					     "in /nonexistent/lockgraph-test"));
	assert_int_equal(lg_report_count(ctx), 0);
	assert_int_equal(lg_analyze(ctx), 0);
	free(saved);
	free(log);
	lg_ctx_free(ctx);
}

/* The whole JSON document (with the graph) for @path, compacting at @compact_at bytes. */
static char *analyse(const char *path, size_t compact_at, unsigned long *compactions)
{
	struct lg_ctx *ctx = lg_ctx_new(NULL);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(ctx);
	assert_non_null(out);
	ctx->sink.compact_at = compact_at;
	(void)lg_add_path(ctx, path);	/* some testdata inputs are bad on purpose */
	assert_int_equal(lg_analyze(ctx), 0);
	assert_int_equal(lg_write(ctx, LG_OUT_JSON, LG_WRITE_GRAPH, out), 0);
	fclose(out);
	*compactions = ctx->sink.compactions;
	lg_ctx_free(ctx);
	return text;
}

static unsigned long n_compared, n_compacted;

static int compare_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	size_t len = strlen(path);
	unsigned long none, many;
	char *whole, *compacted;

	(void)sb;
	(void)ftw;
	if (type != FTW_F || len < 4 ||
	    (strcmp(path + len - 4, ".txt") && strcmp(path + len - 4, ".log")))
		return 0;
	whole = analyse(path, SIZE_MAX, &none);
	compacted = analyse(path, 1, &many);
	assert_int_equal(none, 0);
	if (strcmp(whole, compacted))
		fail_msg("%s: the output differs when reports are compacted", path);
	n_compared++;
	n_compacted += many > 0;
	free(whole);
	free(compacted);
	return 0;
}

/*
 * Every log in testdata, read with the reports compacted after every line
 * where the parser can (obs_reports_compact(): a report being read, a hung
 * task waiting for its dump and a report waiting for its title copied, the
 * rest spooled), gives the same output as read whole.
 */
static void test_compaction_changes_nothing(void **state)
{
	(void)state;
	assert_int_equal(nftw(testdata, compare_one, 16, FTW_PHYS), 0);
	print_message("%lu logs compared, %lu of them compacted\n", n_compared, n_compacted);
	assert_true(n_compared >= 100);
	assert_true(n_compacted >= 100);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spooled_and_loaded),
		cmocka_unit_test(test_loaded_for_the_graph),
		cmocka_unit_test(test_bad_ref),
		cmocka_unit_test(test_repeats_keep_nothing_more),
		cmocka_unit_test(test_other_tasks_kept),
		cmocka_unit_test(test_early_ingest_order),
		cmocka_unit_test(test_reset_drops_spools),
		cmocka_unit_test(test_compaction_cannot_spool),
		cmocka_unit_test(test_compaction_changes_nothing),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s TESTDATA\n", argv[0]);
		return 2;
	}
	testdata = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
