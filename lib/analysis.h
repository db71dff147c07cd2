/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The merged lock graph and the analyses that run on it (graph.c, cycles.c)
 * and the findings they produce. Reporters read findings through this header.
 */
#ifndef LG_ANALYSIS_H
#define LG_ANALYSIS_H

#include <json-c/json.h>

#include "lg-local.h"

void analysis_free(struct lg_ctx *ctx);

/* The "findings" array of the JSON output (an empty array before lg_analyze). */
struct json_object *findings_json(struct lg_ctx *ctx);

/* The "contexts" array for a context mask, in documented order. */
struct json_object *json_contexts(unsigned int mask);

#endif
