// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lg_analyze(): every input's observations into one graph, the classes
 * classified, then the analyses, in a fixed order so output is reproducible.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "ingest.h"

void analysis_free(struct lg_ctx *ctx)
{
	graph_free(ctx->graph);
	ctx->graph = NULL;
	arena_release(&ctx->kept);
	ctx->reports_ingested = 0;
	ctx->ingested_early = false;
	ctx->findings = NULL;	/* in the arena, as ctx->analysis */
	ctx->analysis = NULL;
}

int analysis_begin(struct lg_ctx *ctx)
{
	struct lg_findings *fs;
	struct analysis *an;
	uint32_t n_in = ctx->inputs.n;

	if (!ctx_graph_get(ctx))
		return -ENOMEM;
	fs = arena_alloc(&ctx->arena, sizeof(*fs));
	an = arena_alloc(&ctx->arena, sizeof(*an));
	if (!fs || !an)
		return -ENOMEM;
	an->graph = ctx->graph;
	an->arena = &ctx->arena;
	/* every input and report is in now: neither vector grows after this */
	an->reports = ctx->reports.v;
	an->n_reports = ctx->reports.n;
	an->spools = ctx->reports.spools;
	an->n_spools = ctx->reports.n_spools;
	an->inputs = ctx->inputs.v;
	an->n_inputs = ctx->inputs.n;
	an->fs = fs;
	ctx->analysis = an;
	ctx->findings = fs;
	fs->wait_config = arena_alloc(&ctx->arena, (n_in + 1) * sizeof(*fs->wait_config));
	fs->wait_config_why = arena_alloc(&ctx->arena, (n_in + 1) * sizeof(*fs->wait_config_why));
	if (!fs->wait_config || !fs->wait_config_why)
		return -ENOMEM;
	return 0;
}

#define CMP_NUM(a, b)                          \
	do {                                   \
		if ((a) != (b))                \
			return (a) < (b) ? -1 : 1; \
	} while (0)

int analysis_run(struct lg_ctx *ctx)
{
	struct analysis *an = ctx->analysis;
	struct lg_findings *fs = an->fs;
	int err;

	err = graph_classify(an->graph, an->n_inputs, fs->wait_config, fs->wait_config_why);
	if (!err)
		err = analysis_eras(an);
	if (!err)
		err = graph_finish(an->graph);
	if (!err)
		err = find_cycles(an);
	if (!err)
		err = find_sleep_paths(an);
	if (!err)
		err = find_sleep_reports(an);
	if (!err)
		err = find_irq_inversions(an);
	if (!err) {
		findings_sort(an);
		err = group_findings(an);
	}
	return err;
}

static int report_cmp(const void *pa, const void *pb, void *arg)
{
	const struct lg_ctx *ctx = arg;
	const struct report_ref *a = &ctx->reports.v[*(const uint32_t *)pa];
	const struct report_ref *b = &ctx->reports.v[*(const uint32_t *)pb];
	int c = strcmp(ctx->inputs.v[a->input].path, ctx->inputs.v[b->input].path);

	if (c)
		return c;
	CMP_NUM(a->line, b->line);
	CMP_NUM(*(const uint32_t *)pa, *(const uint32_t *)pb);
	return 0;
}

static int input_cmp(const void *pa, const void *pb, void *arg)
{
	const struct lg_ctx *ctx = arg;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int c = strcmp(ctx->inputs.v[a].path, ctx->inputs.v[b].path);

	if (c)
		return c;
	CMP_NUM(a, b);
	return 0;
}

/*
 * Inputs in name order, and reports in the order of their inputs and lines,
 * whatever order they were read in, and however they were sharded into saved
 * graphs (a saved graph's inputs are read where it stands): the output and
 * the evidence the graph keeps are the same for any order of the same inputs.
 * What traces put into the graph while read is renumbered with them.
 */
static int canonical_order(struct lg_ctx *ctx)
{
	uint32_t n = ctx->inputs.n, m = ctx->reports.n, i;
	uint32_t *order = malloc(((size_t)n + 1) * sizeof(*order));
	uint32_t *map = malloc(((size_t)n + 1) * sizeof(*map));
	uint32_t *rorder = malloc(((size_t)m + 1) * sizeof(*rorder));
	struct lg_input *inputs = malloc(((size_t)n + 1) * sizeof(*inputs));
	struct report_ref *reports = malloc(((size_t)m + 1) * sizeof(*reports));
	int err = -ENOMEM;

	if (!order || !map || !rorder || !inputs || !reports)
		goto out;
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(*order), input_cmp, ctx);
	for (i = 0; i < n; i++)
		map[order[i]] = i;
	for (i = 0; i < n; i++)
		inputs[i] = ctx->inputs.v[order[i]];
	if (n)
		memcpy(ctx->inputs.v, inputs, n * sizeof(*inputs));
	for (i = 0; i < m; i++) {
		ctx->reports.v[i].input = map[ctx->reports.v[i].input];
		rorder[i] = i;
	}
	qsort_r(rorder, m, sizeof(*rorder), report_cmp, ctx);
	for (i = 0; i < m; i++)
		reports[i] = ctx->reports.v[rorder[i]];
	if (m)
		memcpy(ctx->reports.v, reports, m * sizeof(*reports));
	err = ctx->graph ? graph_renumber_inputs(ctx->graph, map, n) : 0;
out:
	free(order);
	free(map);
	free(rorder);
	free(inputs);
	free(reports);
	return err;
}

static const char *intern(void *sink, const char *str, size_t len)
{
	return obs_intern(sink, str, len);
}

/*
 * Each report is loaded from the spool and fed to the graph; what its kept
 * evidence points to (lists, frames, its task) is loaded into ctx->kept, and
 * given back when the graph kept none of it (a bug reported again and again
 * shows its edges only so many times).
 */
static int ingest_reports(struct lg_ctx *ctx, struct report_cursor *c)
{
	const struct spool_intern in = { intern, &ctx->sink };
	struct lg_graph *g = ctx->graph;
	int err = 0;

	for (; !err && ctx->reports_ingested < ctx->reports.n; ctx->reports_ingested++) {
		const struct report_ref *ref = &ctx->reports.v[ctx->reports_ingested];
		uint64_t kept = g->n_records;
		const struct lg_report *r;
		const struct lg_task *task;
		struct arena_mark mark;

		arena_mark(&ctx->kept, &mark);
		err = report_load_kept(c, ref, &ctx->kept, &in, &r, &task);
		if (!err)
			err = graph_ingest_report(g, r, task, ctx->reports_ingested);
		if (!err && g->n_records == kept)
			arena_rewind(&ctx->kept, &mark);
	}
	return err;
}

int analysis_ingest(struct lg_ctx *ctx)
{
	struct report_cursor c;
	int err;

	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	err = ingest_reports(ctx, &c);
	report_cursor_done(&c);
	return err;
}

int analysis_ingest_early(struct lg_ctx *ctx, struct report_cursor *c)
{
	struct report_ref *v = ctx->reports.v + ctx->reports_ingested;
	uint32_t n = ctx->reports.n - ctx->reports_ingested, i;

	if (!ctx_graph_get(ctx))
		return -ENOMEM;
	/*
	 * canonical_order() sorts an input's reports by line, then by place: a
	 * stable sort by line. They come in line order (each is begun at its
	 * first line) but for an exception. Inputs come in order already.
	 */
	for (i = 1; i < n; i++) {
		struct report_ref r = v[i];
		uint32_t j = i;

		/* insertion within each input: stable, one comparison a report in order */
		while (j > 0 && v[j - 1].input == r.input && v[j - 1].line > r.line) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = r;
	}
	ctx->ingested_early = true;
	return ingest_reports(ctx, c);
}

void analysis_unstream(struct lg_ctx *ctx)
{
	if (ctx->ingested_early && !ctx->findings)
		analysis_free(ctx);
}

int lg_analyze(struct lg_ctx *ctx)
{
	int err;

	/* Traced acquisitions went into the graph while read; reports go in now. */
	if (ctx->findings)
		return -EALREADY;
	if (ctx->ingested_early) {
		/* the inputs are in order: the reports early ingest left, in order too */
		struct report_cursor c;

		report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
		err = analysis_ingest_early(ctx, &c);
		report_cursor_done(&c);
	} else {
		err = ctx->reports_ingested ? 0 : canonical_order(ctx);
	}
	if (!err)
		err = analysis_begin(ctx);
	if (!err)
		err = analysis_ingest(ctx);
	if (!err)
		err = analysis_run(ctx);
	if (!err)
		err = drop_known_findings(ctx);
	return err;
}

size_t lg_finding_count(const struct lg_ctx *ctx)
{
	return findings_count(ctx);
}

size_t lg_finding_count_at(const struct lg_ctx *ctx, enum lg_confidence weakest)
{
	size_t i, n = 0;

	for (i = 0; i < findings_count(ctx); i++)
		n += finding_at(ctx, i)->confidence <= (unsigned int)weakest;
	return n;
}

int lg_confidence_parse(const char *word, enum lg_confidence *c)
{
	unsigned int i;

	for (i = 0; i < CONF__COUNT; i++) {
		if (!strcmp(word, confidence_name(i))) {
			*c = (enum lg_confidence)i;
			return 0;
		}
	}
	return -EINVAL;
}
