/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the subcommands share: exit codes and the command table's signature. */
#ifndef LG_CLI_H
#define LG_CLI_H

#include "../lib/lockgraph.h"

/* Exit status (docs/lockgraph.1, EXIT STATUS). */
enum lg_exit {
	LG_EXIT_CLEAN = 0,	/* no findings */
	LG_EXIT_FINDINGS = 1,	/* findings reported */
	LG_EXIT_ERROR = 2,	/* usage error or an input that could not be read */
};

int cmd_analyze(int argc, char **argv);
int cmd_watch(int argc, char **argv);

/* cmd/cli.c, shared by analyze and watch: diagnostics to stderr (@user: diag_opts), --save. */
struct diag_opts {
	int quiet;
};

void cli_print_diag(const struct lg_diag *d, void *user);
int cli_save_graph(struct lg_ctx *ctx, const char *path);
/* Option values analyze and watch share: 0, or -1 after saying what is wrong. */
int cli_parse_format(const char *arg, enum lg_output *fmt);
int cli_check_color(const char *arg);
int cli_parse_fail_on(const char *arg, enum lg_confidence *weakest);

#endif
