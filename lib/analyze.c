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
		err = analysis_eras(ctx);
	if (!err)
		err = graph_finish(ctx->graph);
	if (!err)
		err = find_cycles(ctx);
	if (!err)
		err = find_sleep_paths(ctx);
	if (!err)
		err = find_irq_inversions(ctx);
	if (!err) {
		findings_sort(ctx);
		err = group_findings(ctx);
	}
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
