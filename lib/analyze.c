// SPDX-License-Identifier: GPL-2.0-or-later
/* Placeholder until the graph engine lands: no findings. */
#include "analysis.h"

void analysis_free(struct lg_ctx *ctx)
{
	(void)ctx;
}

int lg_analyze(struct lg_ctx *ctx)
{
	(void)ctx;
	return 0;
}

size_t lg_finding_count(const struct lg_ctx *ctx)
{
	(void)ctx;
	return 0;
}

struct json_object *findings_json(struct lg_ctx *ctx)
{
	(void)ctx;
	return json_object_new_array();
}
