/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the subcommands share: exit codes, the command table's signature, the output path. */
#ifndef LG_CLI_H
#define LG_CLI_H

#include <stdbool.h>

#include "lockgraph.h"

/* Exit status (docs/lockgraph.1, EXIT STATUS). */
enum lg_exit {
	LG_EXIT_CLEAN = 0,	/* no findings */
	LG_EXIT_FINDINGS = 1,	/* findings reported */
	LG_EXIT_ERROR = 2,	/* usage error or an input that could not be read */
};

int cmd_analyze(int argc, char **argv);
int cmd_watch(int argc, char **argv);

/*
 * The options analyze and watch share (cmd/cli.c): what is written, where, and
 * which findings make the exit status 1. Their getopt ids are fixed: -f, -o,
 * -q, and 'G' --graph, 'S' --save, 'C' --color, 'K' --kind, 'X' --context,
 * 'F' --fail-on. Each command lists them in its own option table, in its own
 * order: getopt names ambiguous abbreviations in table order.
 */
struct cli_output {
	enum lg_output fmt;
	const char *path;		/* -o; NULL: standard output */
	const char *color;		/* auto, always or never */
	const char *save;		/* NULL: no saved graph */
	const char *kinds, *contexts;	/* NULL keeps all */
	enum lg_confidence fail_on;
	unsigned int flags;		/* LG_WRITE_GRAPH; colour is decided at the end */
	int quiet;			/* errors only on standard error */
	/* the progress line on a terminal (cli.c); never in a pipe, never with -q */
	struct cli_progress {
		double start, last;	/* seconds: when the work began, the line was drawn */
		bool on;		/* standard error is a terminal, and not -q */
		bool shown;		/* the line is on the screen now */
	} progress;
};

#define CLI_OUTPUT_INIT { .fmt = LG_OUT_TEXT, .color = "auto", .fail_on = LG_CONF_LIKELY }

/* Option @c from getopt_long(): 1 when it is one of the above, 0 when not, -1 (said). */
int cli_output_option(int c, const char *arg, struct cli_output *out);
/* After the options, before any input: 0, or -1 after saying what --kind/--context got wrong. */
int cli_output_check(const struct cli_output *out);
/*
 * A context whose diagnostics go to standard error as @out says; when standard
 * error is a terminal (and not -q), lg_opts.progress is @progress with @user
 * (analyze: cli_progress, @out); lg_opts.jobs is @jobs. NULL after saying why.
 */
struct lg_ctx *cli_ctx_new(struct cli_output *out, lg_progress_fn progress, void *user,
			   unsigned int jobs);
/* The progress line of long reads: analyze's lg_opts.progress callback (@user: @out). */
void cli_progress(const struct lg_progress *p, void *user);
/* Draws @what as the progress line once the work has lasted a second, at most 4 times a second. */
void cli_progress_say(struct cli_output *o, const char *what);
/* "M:SS elapsed" since the context was made. */
void cli_progress_elapsed(const struct cli_output *o, char *buf, size_t size);
/* Takes the line off the screen, before anything else is printed. */
void cli_progress_clear(struct cli_output *o);
/* --save, when given: 0, or an error after saying it. Before baselines and the analysis. */
int cli_save_graph(struct lg_ctx *ctx, const struct cli_output *out);
/* Analyses, filters and writes @ctx: the exit status, given the @status reading left. */
int cli_finish(struct lg_ctx *ctx, struct cli_output *out, int status);

#endif
