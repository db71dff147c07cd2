/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the subcommands share: exit codes and the command table's signature. */
#ifndef LG_CLI_H
#define LG_CLI_H

/* Exit status (docs/lockgraph.1, EXIT STATUS). */
enum lg_exit {
	LG_EXIT_CLEAN = 0,	/* no findings */
	LG_EXIT_FINDINGS = 1,	/* findings reported */
	LG_EXIT_ERROR = 2,	/* usage error or an input that could not be read */
};

int cmd_analyze(int argc, char **argv);

#endif
