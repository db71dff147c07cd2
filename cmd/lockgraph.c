// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockgraph: main(), the command table and global options. Each subcommand
 * lives in cmd/<name>.c and returns an exit status (git's builtin/ layout).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lockgraph.h"
#include "cli.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "analyze", cmd_analyze, "parse kernel logs and traces, merge them, report findings" },
	{ "watch", cmd_watch, "trace the running kernel (root), then report as analyze does" },
};

static void usage(FILE *out)
{
	size_t i;

	fputs("usage: lockgraph [--version] [--help] <command> [<args>]\n\ncommands:\n", out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "   %-10s %s\n", commands[i].name, commands[i].help);
	fputs("\nSee 'lockgraph help <command>' or 'lockgraph <command> --help'.\n", out);
}

static int run(int argc, char **argv)
{
	const char *name;
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return LG_EXIT_ERROR;
	}
	name = argv[1];
	if (!strcmp(name, "--version") || !strcmp(name, "version")) {
		printf("lockgraph %s (%s)\n", lg_version(), LG_SCHEMA);
		return LG_EXIT_CLEAN;
	}
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		usage(stdout);
		return LG_EXIT_CLEAN;
	}
	if (!strcmp(name, "help")) {
		if (argc < 3) {
			usage(stdout);
			return LG_EXIT_CLEAN;
		}
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
			if (!strcmp(argv[2], commands[i].name)) {
				char *hargv[] = { argv[2], "--help", NULL };

				return commands[i].fn(2, hargv);
			}
		}
		fprintf(stderr, "lockgraph: '%s' is not a lockgraph command\n", argv[2]);
		return LG_EXIT_ERROR;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "lockgraph: '%s' is not a lockgraph command. See 'lockgraph --help'.\n",
		name);
	return LG_EXIT_ERROR;
}

int main(int argc, char **argv)
{
	int status = run(argc, argv);

	/* results, help and version go to stdout: failing to write them is an error (jq) */
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "lockgraph: writing standard output failed%s%s\n", errno ? ": " : "",
			errno ? strerror(errno) : "");
		return LG_EXIT_ERROR;
	}
	return status;
}
