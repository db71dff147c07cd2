// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the subcommands share (cli.h): the diagnostic printer, the checks of the
 * options they have in common, and --save.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../lib/lockgraph.h"
#include "cli.h"

void cli_print_diag(const struct lg_diag *d, void *user)
{
	const struct diag_opts *o = user;
	const char *sev = d->severity == LG_SEV_ERROR ? "" :
			  d->severity == LG_SEV_WARNING ? "warning: " : "note: ";

	if (o->quiet && d->severity != LG_SEV_ERROR)
		return;
	if (d->line)
		fprintf(stderr, "lockgraph: %s%s:%lu: %s\n", sev, d->path, d->line, d->message);
	else if (d->offset >= 0)
		fprintf(stderr, "lockgraph: %s%s: offset 0x%llx: %s\n", sev, d->path,
			(unsigned long long)d->offset, d->message);
	else
		fprintf(stderr, "lockgraph: %s%s: %s\n", sev, d->path, d->message);
}

/* --format=FMT: 0, or -1 after saying what is wrong. */
int cli_parse_format(const char *arg, enum lg_output *fmt)
{
	if (!strcmp(arg, "json"))
		*fmt = LG_OUT_JSON;
	else if (!strcmp(arg, "text"))
		*fmt = LG_OUT_TEXT;
	else if (!strcmp(arg, "dot"))
		*fmt = LG_OUT_DOT;
	else {
		fprintf(stderr, "lockgraph: unknown format '%s' (text, json, dot)\n", arg);
		return -1;
	}
	return 0;
}

/* --color=WHEN: 0, or -1 after saying what is wrong. */
int cli_check_color(const char *arg)
{
	if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never")) {
		fprintf(stderr, "lockgraph: --color takes auto, always or never\n");
		return -1;
	}
	return 0;
}

/* --fail-on=CONF: 0, or -1 after saying what is wrong. */
int cli_parse_fail_on(const char *arg, enum lg_confidence *weakest)
{
	if (lg_confidence_parse(arg, weakest)) {
		fprintf(stderr, "lockgraph: --fail-on takes proved, likely or weak\n");
		return -1;
	}
	return 0;
}

/* --save: what was read, before the analysis (a later run merges it as an input). */
int cli_save_graph(struct lg_ctx *ctx, const char *path)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f) {
		fprintf(stderr, "lockgraph: cannot write the saved graph: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	err = lg_save(ctx, f);
	if (fclose(f) && !err)
		err = -LG_EOUTPUT;
	if (err)
		fprintf(stderr, "lockgraph: %s: %s\n", path, lg_strerror(err));
	return err;
}
