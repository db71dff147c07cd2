// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the subcommands share (cli.h): the options that say what is written
 * and where, the diagnostic printer, --save, and the end of every run
 * (analysis, output, exit status), so that analyze and watch cannot drift apart.
 */
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lockgraph.h"
#include "cli.h"

/* Progress is shown only for work that lasts: past this, redrawn at most this often. */
#define PROGRESS_AFTER 1.0
#define PROGRESS_EVERY 0.25

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Takes the progress line off the screen, so that what is printed next starts clean. */
void cli_progress_clear(struct cli_output *o)
{
	if (o->progress.shown) {
		fputs("\r\033[K", stderr);
		o->progress.shown = false;
	}
}

static void progress_draw(struct cli_output *o, const char *what)
{
	fprintf(stderr, "\r\033[Klockgraph: %s", what);
	fflush(stderr);
	o->progress.shown = true;
}

void cli_progress_say(struct cli_output *o, const char *what)
{
	double t = now_seconds();

	if (!o->progress.on || t - o->progress.start < PROGRESS_AFTER ||
	    t - o->progress.last < PROGRESS_EVERY)
		return;
	o->progress.last = t;
	progress_draw(o, what);
}

void cli_progress_elapsed(const struct cli_output *o, char *buf, size_t size)
{
	int s = (int)(now_seconds() - o->progress.start);

	snprintf(buf, size, "%d:%02d elapsed", s / 60, s % 60);
}

/*
 * analyze's lg_opts.progress callback: inputs done of those given, the input
 * being read with the MiB read, elapsed time and, for many inputs, the time
 * left at the pace so far.
 */
void cli_progress(const struct lg_progress *p, void *user)
{
	struct cli_output *o = user;
	double elapsed = now_seconds() - o->progress.start;
	const char *name = p->path ? strrchr(p->path, '/') : NULL;
	char line[160], when[32];
	int n = 0;

	name = name ? name + 1 : p->path ? p->path : "";
	if (p->total)
		n = snprintf(line, sizeof(line), "%zu/%zu inputs, ", p->done, p->total);
	if (p->bytes && !p->input_done && n >= 0 && (size_t)n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%.40s: %llu MiB read, ", name,
			      p->bytes >> 20);
	cli_progress_elapsed(o, when, sizeof(when));
	if (n >= 0 && (size_t)n < sizeof(line))
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%s", when);
	if (p->total && p->done && p->done < p->total && n >= 0 && (size_t)n < sizeof(line)) {
		int left = (int)(elapsed * (double)(p->total - p->done) / (double)p->done);

		snprintf(line + n, sizeof(line) - (size_t)n, ", ~%d:%02d left", left / 60, left % 60);
	}
	cli_progress_say(o, line);
}

/* The lg_opts.diag callback; @user is the struct cli_output (-q). */
static void print_diag(const struct lg_diag *d, void *user)
{
	struct cli_output *o = user;
	const char *sev = d->severity == LG_SEV_ERROR ? "" :
			  d->severity == LG_SEV_WARNING ? "warning: " : "note: ";

	if (o->quiet && d->severity != LG_SEV_ERROR)
		return;
	cli_progress_clear(o);
	if (d->line)
		fprintf(stderr, "lockgraph: %s%s:%lu: %s\n", sev, d->path, d->line, d->message);
	else if (d->offset >= 0)
		fprintf(stderr, "lockgraph: %s%s: offset 0x%llx: %s\n", sev, d->path,
			(unsigned long long)d->offset, d->message);
	else
		fprintf(stderr, "lockgraph: %s%s: %s\n", sev, d->path, d->message);
}

/* --format=FMT, a name of the library's table of formats: 0, or -1 after saying what is wrong. */
static int parse_format(const char *arg, enum lg_output *fmt)
{
	const char *name;
	int i;

	if (!lg_output_parse(arg, fmt))
		return 0;
	fprintf(stderr, "lockgraph: unknown format '%s' (", arg);
	for (i = 0; (name = lg_output_name((enum lg_output)i)); i++)
		fprintf(stderr, "%s%s", i ? ", " : "", name);
	fputs(")\n", stderr);
	return -1;
}

/* --color=WHEN: 0, or -1 after saying what is wrong. */
static int check_color(const char *arg)
{
	if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never")) {
		fprintf(stderr, "lockgraph: --color takes auto, always or never\n");
		return -1;
	}
	return 0;
}

/* --fail-on=CONF: 0, or -1 after saying what is wrong. */
static int parse_fail_on(const char *arg, enum lg_confidence *weakest)
{
	if (lg_confidence_parse(arg, weakest)) {
		fprintf(stderr, "lockgraph: --fail-on takes proved, likely or weak\n");
		return -1;
	}
	return 0;
}

/* --save: what was read, before the analysis (a later run merges it as an input). */
int cli_save_graph(struct lg_ctx *ctx, const struct cli_output *out)
{
	const char *path = out->save;
	FILE *f;
	int err;

	if (!path)
		return 0;
	f = fopen(path, "w");
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

int cli_output_option(int c, const char *arg, struct cli_output *out)
{
	switch (c) {
	case 'f':
		return parse_format(arg, &out->fmt) ? -1 : 1;
	case 'o':
		out->path = arg;
		return 1;
	case 'q':
		out->quiet = 1;
		return 1;
	case 'G':
		out->flags |= LG_WRITE_GRAPH;
		return 1;
	case 'S':
		out->save = arg;
		return 1;
	case 'C':
		if (check_color(arg))
			return -1;
		out->color = arg;
		return 1;
	case 'K':
		out->kinds = arg;
		return 1;
	case 'X':
		out->contexts = arg;
		return 1;
	case 'F':
		return parse_fail_on(arg, &out->fail_on) ? -1 : 1;
	default:
		return 0;
	}
}

int cli_output_check(const struct cli_output *out)
{
	char why[256];

	if (lg_filter_findings(NULL, out->kinds, out->contexts, why, sizeof(why))) {
		fprintf(stderr, "lockgraph: %s\n", why);
		return -1;
	}
	return 0;
}

struct lg_ctx *cli_ctx_new(struct cli_output *out, lg_progress_fn progress, void *user,
			   unsigned int jobs)
{
	/* the context keeps a copy of the options; @out is read at each diagnostic (-q) */
	struct lg_opts opts = { .diag = print_diag, .diag_user = out, .jobs = jobs };
	struct lg_ctx *ctx;

	if (!out->quiet && isatty(STDERR_FILENO)) {
		opts.progress = progress;
		opts.progress_user = user;
		out->progress.on = true;
		out->progress.start = now_seconds();
	}
	ctx = lg_ctx_new(&opts);

	if (!ctx)
		fputs("lockgraph: cannot set up the analysis: out of memory\n", stderr);
	return ctx;
}

/*
 * Writes the result to -o's file or standard output: 0, or -1 after saying
 * why not in one line, with the reason the write failed for.
 */
static int write_output(struct lg_ctx *ctx, const struct cli_output *out)
{
	unsigned int flags = out->flags;
	FILE *f = stdout;
	int err, saved;

	if (out->path) {
		f = fopen(out->path, "w");
		if (!f) {
			fprintf(stderr, "lockgraph: cannot write %s: %s\n", out->path,
				strerror(errno));
			return -1;
		}
	}
	if (!strcmp(out->color, "always") ||
	    (!strcmp(out->color, "auto") && !out->path && isatty(1)))
		flags |= LG_WRITE_COLOR;
	errno = 0;
	err = lg_write(ctx, out->fmt, flags, f);
	saved = errno;
	if ((out->path ? fclose(f) : fflush(f)) && !err) {
		err = -LG_EOUTPUT;
		saved = errno;
	}
	if (!err)
		return 0;
	if (err != -LG_EOUTPUT)
		fprintf(stderr, "lockgraph: writing the result failed: %s\n", lg_strerror(err));
	else
		fprintf(stderr, "lockgraph: writing %s failed: %s\n",
			out->path ? out->path : "standard output",
			saved ? strerror(saved) : lg_strerror(err));
	if (!out->path) {
		/* said once: main() finds standard output clean, with nothing left to write */
		__fpurge(stdout);
		clearerr(stdout);
	}
	return -1;
}

int cli_finish(struct lg_ctx *ctx, struct cli_output *out, int status)
{
	int err;

	/* the merge of a long read can itself take a while: say so, then clear the line */
	if (out->progress.shown)
		progress_draw(out, "analysing");
	err = lg_analyze(ctx);
	cli_progress_clear(out);

	if (!err)
		err = lg_filter_findings(ctx, out->kinds, out->contexts, NULL, 0);
	if (err) {
		fprintf(stderr, "lockgraph: analysis failed: %s\n", lg_strerror(err));
		return LG_EXIT_ERROR;
	}
	if (write_output(ctx, out))
		return LG_EXIT_ERROR;
	/* an unreadable input (said) outweighs findings: the result may lack some */
	if (status == LG_EXIT_CLEAN && lg_finding_count_at(ctx, out->fail_on))
		return LG_EXIT_FINDINGS;
	return status;
}
