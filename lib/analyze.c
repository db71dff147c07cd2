// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lg_analyze(): every input's observations into one graph, the classes
 * classified, then the analyses, in a fixed order so output is reproducible.
 */
#include <errno.h>
#include <stdlib.h>

#include "analysis.h"
#include "ingest.h"

void analysis_free(struct lg_ctx *ctx)
{
	graph_free(ctx->graph);
	ctx->graph = NULL;
	ctx->reports_ingested = 0;
	ctx->findings = NULL;	/* in the arena */
}

struct lg_graph *ctx_graph_get(struct lg_ctx *ctx)
{
	if (!ctx->graph)
		ctx->graph = graph_new(&ctx->arena);
	return ctx->graph;
}

int analysis_begin(struct lg_ctx *ctx)
{
	struct lg_findings *fs;
	uint32_t n_in = ctx->inputs.n;

	if (!ctx_graph_get(ctx))
		return -ENOMEM;
	fs = arena_alloc(&ctx->arena, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	ctx->findings = fs;
	fs->wait_config = arena_alloc(&ctx->arena, (n_in + 1) * sizeof(*fs->wait_config));
	fs->wait_config_why = arena_alloc(&ctx->arena, (n_in + 1) * sizeof(*fs->wait_config_why));
	if (!fs->wait_config || !fs->wait_config_why)
		return -ENOMEM;
	return 0;
}

int analysis_run(struct lg_ctx *ctx)
{
	struct lg_findings *fs = ctx->findings;
	int err;

	err = graph_classify(ctx->graph, ctx->inputs.n, fs->wait_config, fs->wait_config_why);
	if (!err)
		err = graph_finish(ctx->graph);
	if (!err)
		err = find_cycles(ctx);
	if (!err)
		err = find_sleep_paths(ctx);
	if (!err)
		err = find_irq_inversions(ctx);
	if (!err)
		findings_sort(ctx);
	return err;
}

int lg_analyze(struct lg_ctx *ctx)
{
	int err;

	/* Traced acquisitions went into the graph while read; reports go in now. */
	if (ctx->findings)
		return -EALREADY;
	err = analysis_begin(ctx);
	for (; !err && ctx->reports_ingested < ctx->reports.n; ctx->reports_ingested++)
		err = graph_ingest_report(ctx->graph, ctx->reports.v[ctx->reports_ingested],
					  ctx->reports_ingested);
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
