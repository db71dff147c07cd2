/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writers behind lg_write(), one per enum lg_output; output.c holds the
 * table that names them. A writer reads the analysed context and never
 * changes it.
 */
#ifndef LG_OUTPUT_H
#define LG_OUTPUT_H

#include <stdio.h>

struct lg_ctx;

/* Each writes the whole result to @out (@flags: LG_WRITE_*); 0 or -errno. */
int report_text_write(struct lg_ctx *ctx, unsigned int flags, FILE *out);
int report_json_write(struct lg_ctx *ctx, unsigned int flags, FILE *out);
int report_dot_write(struct lg_ctx *ctx, unsigned int flags, FILE *out);
int report_html_write(struct lg_ctx *ctx, unsigned int flags, FILE *out);

#endif
