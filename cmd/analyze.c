// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockgraph analyze FILE...: read every input, merge, analyse, report. Every
 * input is read even when one fails; the exit status then is LG_EXIT_ERROR.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockgraph.h"
#include "cli.h"

static const char analyze_usage[] =
	"usage: lockgraph analyze [options] FILE...\n"
	"\n"
	"Reads kernel logs (dmesg, console, syslog, mail pastes; gzip/xz/zstd undone)\n"
	"and trace-cmd captures (trace.dat), reports every lockdep-family report found,\n"
	"then the findings of the merged lock graph. FILE may be '-' for standard input.\n"
	"Inputs are read and listed in name order: any order gives the same output.\n"
	"\n"
	"options:\n"
	"  -f, --format=FMT     text (default), json, dot or html\n"
	"  -o, --output=FILE    write the result to FILE instead of standard output\n"
	"  -q, --quiet          no warnings about the input on standard error, and no\n"
	"                       progress line (shown on a terminal when reading is long)\n"
	"  -j, --jobs=N         read up to N files at once, and write JSON on up to N\n"
	"                       threads (default: one per CPU); the result is the\n"
	"                       same as with -j1\n"
	"      --color=WHEN     auto (default), always or never (text only)\n"
	"      --graph          JSON: also every class and edge of the merged graph\n"
	"      --save=FILE      also write what was read as a saved graph, an input that\n"
	"                       later runs merge like the original inputs\n"
	"      --baseline=FILE  leave out findings already known: FILE lists signatures,\n"
	"                       or is a saved graph (or any input) whose findings are known\n"
	"      --suppress=FILE  leave out accepted false positives: 'SIGNATURE REASON' lines\n"
	"      --kind=LIST      only findings of these types (comma-separated):\n"
	"                       cycle, sleep-path, irq-inversion\n"
	"      --fail-on=CONF   which findings make the exit status 1: proved, likely\n"
	"                       (default: proved and likely) or weak (all of them)\n"
	"      --context=LIST   only findings in one of these contexts (comma-separated):\n"
	"                       fs_reclaim, mmu_notifier, oom_reaper, non_block, dma_fence,\n"
	"                       kswapd, shrinker, hardirq, softirq, workqueue, rcu\n"
	"  -h, --help           this help\n"
	"\n"
	"exit status: 0 no findings (weak ones aside, see --fail-on), 1 findings,\n"
	"2 usage error, unreadable input or unwritable result\n";

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_analyze(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "graph", no_argument, NULL, 'G' },
		{ "save", required_argument, NULL, 'S' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "suppress", required_argument, NULL, 'U' },
		{ "color", required_argument, NULL, 'C' },
		{ "kind", required_argument, NULL, 'K' },
		{ "context", required_argument, NULL, 'X' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_output out = CLI_OUTPUT_INIT;
	struct lg_ctx *ctx;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int jobs = cpus < 1 ? 1 : cpus > 16 ? 16 : (unsigned int)cpus;
	struct {
		const char *path;
		bool suppress;
	} known[32];			/* --baseline, --suppress */
	int c, i, n_known = 0, status = LG_EXIT_CLEAN, taken;
	char *end;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:qj:h", longopts, NULL)) != -1) {
		taken = cli_output_option(c, optarg, &out);
		if (taken < 0)
			return LG_EXIT_ERROR;
		if (taken)
			continue;
		switch (c) {
		case 'j': {
			long v = strtol(optarg, &end, 10);

			if (*end || end == optarg || v < 1 || v > 1024) {
				fprintf(stderr, "lockgraph: --jobs takes a number from 1 to 1024\n");
				return LG_EXIT_ERROR;
			}
			jobs = (unsigned int)v;
			break;
		}
		case 'B':
		case 'U':
			if (n_known == (int)(sizeof(known) / sizeof(known[0]))) {
				fputs("lockgraph: at most 32 --baseline and --suppress files\n", stderr);
				return LG_EXIT_ERROR;
			}
			/* applied once the context exists, in the order given */
			known[n_known].path = optarg;
			known[n_known++].suppress = c == 'U';
			break;
		case 'h':
			fputs(analyze_usage, stdout);
			return LG_EXIT_CLEAN;
		default:
			fputs(analyze_usage, stderr);
			return LG_EXIT_ERROR;
		}
	}
	if (cli_output_check(&out))
		return LG_EXIT_ERROR;
	if (optind >= argc) {
		fputs("lockgraph: analyze needs at least one FILE ('-' for standard input)\n", stderr);
		fputs(analyze_usage, stderr);
		return LG_EXIT_ERROR;
	}
	ctx = cli_ctx_new(&out, cli_progress, &out, jobs);
	if (!ctx)
		return LG_EXIT_ERROR;
	/*
	 * Read in name order (the analysis lists them so anyway, lg_analyze()): what
	 * traces keep of their evidence is then the same for any order given. Every
	 * input is read even when one fails (said by the diagnostic printer).
	 */
	qsort(argv + optind, (size_t)(argc - optind), sizeof(*argv), by_path);
	if (lg_add_paths(ctx, (const char *const *)argv + optind, (size_t)(argc - optind), jobs))
		status = LG_EXIT_ERROR;
	/* before the baselines: a failed --save is said ahead of their diagnostics */
	if (cli_save_graph(ctx, &out))
		status = LG_EXIT_ERROR;
	for (i = 0; i < n_known; i++)
		if (known[i].suppress ? lg_suppress_add(ctx, known[i].path)
				      : lg_baseline_add(ctx, known[i].path))
			status = LG_EXIT_ERROR;	/* said by the diagnostic printer */
	status = cli_finish(ctx, &out, status);
	lg_ctx_free(ctx);
	return status;
}
