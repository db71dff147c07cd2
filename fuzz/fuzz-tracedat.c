// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: lockgraph's trace.dat handling, driven with mutated real
 * captures (seeds: the trace.dat files under testdata/lab and testdata/host). The
 * input always starts with the trace-cmd magic, so every run reaches
 * parsers/tracedat.c: libtracecmd reads the file, lockgraph decodes events
 * from its format files and follows the held-lock stacks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph.h"

static const uint8_t magic[] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_ctx *ctx;
	uint8_t *buf;
	FILE *null;

	buf = malloc(size + sizeof(magic));
	if (!buf)
		return 0;
	/* keep the magic, whatever the mutation did to it */
	memcpy(buf, magic, sizeof(magic));
	if (size > sizeof(magic))
		memcpy(buf + sizeof(magic), data + sizeof(magic), size - sizeof(magic));
	ctx = lg_ctx_new(NULL);
	null = fopen("/dev/null", "w");
	if (ctx && null) {
		lg_add_mem(ctx, "fuzz.dat", buf, size > sizeof(magic) ? size : sizeof(magic));
		if (!lg_analyze(ctx))
			lg_write(ctx, LG_OUT_JSON, LG_WRITE_GRAPH, null);
	}
	if (null)
		fclose(null);
	lg_ctx_free(ctx);
	free(buf);
	return 0;
}
