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
	ctx->findings = NULL;	/* in the arena */
}

int analysis_begin(struct lg_ctx *ctx)
{
	struct lg_findings *fs;
	uint32_t n_in = ctx->inputs.n;

	analysis_free(ctx);
	ctx->graph = graph_new(&ctx->arena);
	fs = arena_alloc(&ctx->arena, sizeof(*fs));
	if (!ctx->graph || !fs)
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
	uint32_t i;
	int err;

	err = analysis_begin(ctx);
	for (i = 0; !err && i < ctx->reports.n; i++)
		err = graph_ingest_report(ctx->graph, ctx->reports.v[i], i);
	if (!err)
		err = analysis_run(ctx);
	return err;
}

size_t lg_finding_count(const struct lg_ctx *ctx)
{
	return findings_count(ctx);
}
