// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: a whole input through lg_add_mem() — format recognition,
 * the dmesg parser (or trace.dat, when the input has its magic), the graph,
 * the analyses and all three reporters. Seeds: every log in testdata/. Inputs
 * of odd length have their reports compacted wherever the parser can.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lg-local.h"
#include "lockgraph.h"

/* One context for the whole run: making one compiles every pattern (a harness's state). */
static struct lg_ctx *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *null = fopen("/dev/null", "w");

	if (!ctx)
		ctx = lg_ctx_new(NULL);
	if (!ctx || !null) {
		if (null)
			fclose(null);
		return 0;
	}
	lg_ctx_reset(ctx);
	/* every other input compacts its reports after every line it can (obs.h) */
	ctx->sink.compact_at = size % 2 ? 1 : OBS_COMPACT_AT;
	lg_add_mem(ctx, "fuzz", data, size);
	if (!lg_analyze(ctx)) {
		lg_write(ctx, LG_OUT_JSON, LG_WRITE_GRAPH, null);
		lg_write(ctx, LG_OUT_TEXT, 0, null);
		lg_write(ctx, LG_OUT_DOT, 0, null);
	}
	fclose(null);
	return 0;
}
