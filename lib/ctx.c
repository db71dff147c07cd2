// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The analysis context: inputs go in (format recognised by content), their
 * observations are stored, lg_analyze() builds the graph and findings, and
 * lg_write() hands everything to one reporter.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"
#include "analysis.h"
#include "lg-local.h"
#include "source.h"

struct lg_ctx *lg_ctx_new(const struct lg_opts *opts)
{
	struct lg_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	if (opts)
		ctx->opts = *opts;
	arena_init(&ctx->arena);
	ctx->sink.ctx = ctx;
	ctx->sink.compact_at = OBS_COMPACT_AT;
	if (parsers_init(&ctx->parsers)) {
		lg_ctx_free(ctx);
		return NULL;
	}
	return ctx;
}

void lg_ctx_free(struct lg_ctx *ctx)
{
	if (!ctx)
		return;
	obs_sink_done(&ctx->sink);
	analysis_free(ctx);
	parsers_free(ctx->parsers);
	reports_free(&ctx->reports);
	arena_release(&ctx->arena);
	free(ctx);
}

void ctx_reset(struct lg_ctx *ctx, bool keep_spools)
{
	analysis_free(ctx);
	arena_release(&ctx->arena);
	arena_init(&ctx->arena);
	memset(&ctx->inputs, 0, sizeof(ctx->inputs));
	if (keep_spools)
		reports_clear(&ctx->reports);
	else
		reports_free(&ctx->reports);
	memset(&ctx->sink.open, 0, sizeof(ctx->sink.open));
	arena_reset(&ctx->sink.reports);
	memset(&ctx->known, 0, sizeof(ctx->known));
	ctx->deferred = false;
	ctx->progress_done = ctx->progress_total = 0;
}

void lg_ctx_reset(struct lg_ctx *ctx)
{
	/* the spool files go too: a context reset for every input must not grow them */
	ctx_reset(ctx, false);
}

static struct lg_input *new_input(struct lg_ctx *ctx, const char *path)
{
	struct lg_input in = { 0 };

	in.path = arena_strdup(&ctx->arena, path);
	if (!in.path || vec_push(&ctx->arena, &ctx->inputs, in))
		return NULL;
	return &ctx->inputs.v[ctx->inputs.n - 1];
}

static int add_source(struct lg_ctx *ctx, struct lg_input *in, struct lg_source *src)
{
	const struct input_format *fmt;
	const unsigned char *head;
	uint32_t first = ctx->reports.n, index = (uint32_t)(in - ctx->inputs.v), i;
	long n;
	int err, spool_err;

	/* not a helper's input taken over: what went into the graph early goes */
	analysis_unstream(ctx);
	in->compression = source_compression_name(source_compression(src));
	n = source_peek(src, &head, PROBE_BYTES);
	if (n < 0)
		return (int)n;
	fmt = format_detect(head, (size_t)n);
	if (ctx->helper && fmt->feeds_graph) {
		ctx->deferred = true;
		return 0;
	}
	in->format = fmt->name;
	ctx->sink.input = index;
	err = fmt->parse(ctx->parsers, src, &ctx->sink);
	spool_err = obs_spool_open_reports(&ctx->sink);
	if (spool_err) {
		/* what did not reach the spool is lost: said once, and not listed */
		uint32_t kept = first;

		for (i = first; i < ctx->reports.n; i++) {
			const struct report_ref *ref = &ctx->reports.v[i];

			if (ref->spool < ctx->reports.n_spools &&
			    spool_holds(ctx->reports.spools[ref->spool], ref))
				ctx->reports.v[kept++] = *ref;
		}
		ctx_diag(ctx, ctx->inputs.v[index].path, 0, -1, LG_SEV_ERROR, spool_err,
			 "%u report(s) lost: they could not be kept in a file in %s: %s",
			 ctx->reports.n - kept, spool_dir(), lg_strerror(spool_err));
		ctx->reports.n = kept;
		ctx->error_said = true;
		err = -LG_ESPOOL;
	}
	/* a saved graph adds inputs (and may move the array): counted by index */
	for (i = first; i < ctx->reports.n; i++) {
		struct lg_input *owner = &ctx->inputs.v[ctx->reports.v[i].input];

		owner->reports++;
		if (!ctx->reports.v[i].complete)
			owner->incomplete++;
	}
	in = &ctx->inputs.v[index];
	if (source_cut_lines(src))
		ctx_diag(ctx, in->path, 0, -1, LG_SEV_WARNING, 0,
			 "%lu line(s) longer than %u bytes were cut", source_cut_lines(src),
			 SOURCE_MAX_LINE);
	return err;
}

void ctx_progress(struct lg_ctx *ctx, const char *path, bool done, unsigned long long bytes)
{
	struct lg_progress p = {
		.path = path, .input_done = done, .done = ctx->progress_done,
		.total = ctx->progress_total, .bytes = bytes,
	};

	if (ctx->opts.progress && !ctx->helper)
		ctx->opts.progress(&p, ctx->opts.progress_user);
}

struct progress_arg {
	struct lg_ctx *ctx;
	const char *path;
};

static void on_source_progress(void *arg, unsigned long long bytes)
{
	const struct progress_arg *pa = arg;

	ctx_progress(pa->ctx, pa->path, false, bytes);
}

/*
 * The common end of lg_add_path/mem/fd: the input is listed (also when @src
 * could not be opened: @open_err), read, and its error kept and, with @say,
 * said. By index: a saved graph replaces this input with the first it holds.
 */
static int read_input(struct lg_ctx *ctx, const char *name, int open_err, struct lg_source *src,
		      bool say, bool on_disk)
{
	struct lg_input *in = new_input(ctx, name);
	uint32_t index = ctx->inputs.n - 1;
	unsigned long long bytes = 0;
	int err = open_err;

	if (!in) {
		if (!open_err)
			source_close(src);
		return -ENOMEM;
	}
	in->on_disk = on_disk;	/* a saved graph's inputs replace it with their own */
	if (!err) {
		struct progress_arg pa = { ctx, name };

		if (ctx->opts.progress && !ctx->helper)
			source_set_progress(src, on_source_progress, &pa);
		err = add_source(ctx, in, src);
		bytes = source_offset(src);
		source_close(src);
	}
	if (ctx->progress_total)
		ctx->progress_done++;
	ctx_progress(ctx, name, true, bytes);
	in = &ctx->inputs.v[index];
	if (err)
		in->error = err;
	if (say && err && !ctx->error_said)
		ctx_diag(ctx, in->path, 0, -1, LG_SEV_ERROR, err, "%s", lg_strerror(err));
	ctx->error_said = false;
	return err;
}

int lg_add_path(struct lg_ctx *ctx, const char *path)
{
	struct lg_source *src = NULL;
	int err = source_open_path(path, &src);

	return read_input(ctx, path, err, src, true, strcmp(path, "-") != 0);
}

int lg_add_mem(struct lg_ctx *ctx, const char *name, const void *buf, size_t len)
{
	struct lg_source *src = NULL;
	int err = source_open_mem(buf, len, &src);

	return read_input(ctx, name, err, src, false, false);
}

int lg_add_fd(struct lg_ctx *ctx, const char *name, int fd)
{
	struct lg_source *src = NULL;
	int err = source_open_fd(fd, &src);

	return read_input(ctx, name, err, src, true, false);
}

size_t lg_report_count(const struct lg_ctx *ctx)
{
	return ctx->reports.n;
}

size_t lg_failed_input_count(const struct lg_ctx *ctx)
{
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < ctx->inputs.n; i++)
		if (ctx->inputs.v[i].error)
			n++;
	return n;
}
