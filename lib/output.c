// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lg_write() and the table of output formats. A new format is its value in
 * enum lg_output (lockgraph.h), its writer file and one row here; the CLI
 * takes the names for --format from this table (lg_output_parse()).
 */
#include <errno.h>
#include <string.h>

#include "lockgraph.h"
#include "output.h"

static const struct output_writer {
	enum lg_output fmt;
	const char *name;	/* as --format and lg_output_parse() spell it */
	int (*write)(struct lg_ctx *ctx, unsigned int flags, FILE *out);
} writers[] = {
	{ LG_OUT_TEXT, "text", report_text_write },
	{ LG_OUT_JSON, "json", report_json_write },
	{ LG_OUT_DOT, "dot", report_dot_write },
	{ LG_OUT_HTML, "html", report_html_write },
};

#define N_WRITERS (sizeof(writers) / sizeof(writers[0]))

const char *lg_output_name(enum lg_output fmt)
{
	size_t i;

	for (i = 0; i < N_WRITERS; i++)
		if (writers[i].fmt == fmt)
			return writers[i].name;
	return NULL;
}

int lg_output_parse(const char *name, enum lg_output *fmt)
{
	size_t i;

	for (i = 0; i < N_WRITERS; i++) {
		if (!strcmp(writers[i].name, name)) {
			*fmt = writers[i].fmt;
			return 0;
		}
	}
	return -EINVAL;
}

int lg_write(struct lg_ctx *ctx, enum lg_output fmt, unsigned int flags, FILE *out)
{
	const struct output_writer *w = &writers[0];	/* text for a value out of range */
	size_t i;
	int err;

	for (i = 0; i < N_WRITERS; i++)
		if (writers[i].fmt == fmt)
			w = &writers[i];
	err = w->write(ctx, flags, out);
	if (!err && ferror(out))
		err = -LG_EOUTPUT;
	return err;
}
