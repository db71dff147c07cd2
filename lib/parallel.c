// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading many inputs on several cores. Helper threads each own a context
 * (compiled patterns are per context) and parse whole files into it; the
 * calling thread takes the results over in command-line order, so inputs,
 * reports and diagnostics come out exactly as from a serial run. Inputs that
 * feed the graph while they are read (trace.dat) and standard input are read
 * by the calling thread itself, in their turn.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "lg-local.h"
#include "spool.h"

struct held_diag {
	unsigned long line;
	long long offset;
	enum lg_severity severity;
	int code;
	char *message;
};

enum job_state { JOB_WAITING, JOB_DONE, JOB_CALLER };

struct parse_job {
	const char *path;
	enum job_state state;
	int err;
	struct arena arena;		/* everything the result points into */
	struct lg_input input;
	struct report_ref *reports;	/* malloc'd; in @spool */
	uint32_t nreports;
	struct spool *spool;		/* the helper's, handed over with its context */
	int spool_fd;
	uint64_t spool_end;		/* its bytes in the file once read, UINT64_MAX: unknown */
	struct held_diag *diags;	/* malloc'd: replayed by the caller in order */
	size_t ndiags;
	bool diag_lost;
};

struct parse_pool {
	struct parse_job *jobs;
	size_t njobs, next;
	unsigned int busy;		/* helpers inside a job */
	bool paused;			/* the caller reads an input itself */
	bool closing;			/* every result taken over: helpers may exit */
	pthread_mutex_t lock;
	pthread_cond_t done, resume;
};

struct helper {
	struct parse_pool *pool;
	struct lg_ctx *ctx;
	struct parse_job *job;		/* the one being read, for diagnostics */
	pthread_t thread;
};

static void hold_diag(const struct lg_diag *d, void *user)
{
	struct helper *h = user;
	struct parse_job *job = h->job;
	struct held_diag *v;

	if (job->diag_lost)
		return;
	v = realloc(job->diags, (job->ndiags + 1) * sizeof(*v));
	if (v)
		job->diags = v;
	if (!v || !(v[job->ndiags].message = strdup(d->message))) {
		job->diag_lost = true;
		return;
	}
	v[job->ndiags].line = d->line;
	v[job->ndiags].offset = d->offset;
	v[job->ndiags].severity = d->severity;
	v[job->ndiags].code = d->code;
	job->ndiags++;
}

/* Reads @job into the helper's context and moves the result into @job. */
static enum job_state run_job(struct helper *h, struct parse_job *job)
{
	struct lg_ctx *ctx = h->ctx;
	size_t d;

	if (!strcmp(job->path, "-"))
		return JOB_CALLER;
	h->job = job;
	job->err = lg_add_path(ctx, job->path);
	if (ctx->deferred) {
		/* what the attempt allocated goes with the reset; not the spool of earlier jobs */
		ctx_reset(ctx, true);
		for (d = 0; d < job->ndiags; d++)
			free(job->diags[d].message);
		job->ndiags = 0;
		return JOB_CALLER;
	}
	job->input = ctx->inputs.v[0];
	job->nreports = ctx->reports.n;
	job->spool = ctx->reports.own;
	/* in the file (it is at the end of each input) for the caller to read meanwhile */
	job->spool_end = UINT64_MAX;
	if (job->spool && !spool_flush(job->spool)) {
		job->spool_fd = job->spool->fd;
		job->spool_end = job->spool->size;
	}
	if (job->nreports) {
		job->reports = malloc(job->nreports * sizeof(*job->reports));
		if (job->reports)
			memcpy(job->reports, ctx->reports.v, job->nreports * sizeof(*job->reports));
		else if (!job->err)
			job->err = -ENOMEM;
		if (!job->reports)
			job->nreports = 0;
	}
	arena_adopt(&job->arena, &ctx->arena);
	memset(&ctx->inputs, 0, sizeof(ctx->inputs));
	reports_clear(&ctx->reports);
	return JOB_DONE;
}

static void *helper_main(void *arg)
{
	struct helper *h = arg;
	struct parse_pool *pool = h->pool;
	struct lg_opts o = { .diag = hold_diag, .diag_user = h };

	/* made here, not by the caller: compiling the patterns is worth doing in parallel */
	h->ctx = lg_ctx_new(&o);
	if (h->ctx)
		h->ctx->helper = true;
	/* counted busy from its creation: setting up allocates too */
	pthread_mutex_lock(&pool->lock);
	pool->busy--;
	pthread_cond_broadcast(&pool->done);
	pthread_mutex_unlock(&pool->lock);
	for (;;) {
		struct parse_job *job;
		enum job_state state;

		pthread_mutex_lock(&pool->lock);
		/*
		 * Out of jobs, a helper waits here rather than exiting: a thread on its
		 * way out may hold libc's or the sanitizer's locks, and the caller may
		 * fork (a capture's reader) at any time until it is done.
		 */
		while (pool->paused || (pool->next == pool->njobs && !pool->closing))
			pthread_cond_wait(&pool->resume, &pool->lock);
		job = pool->next < pool->njobs ? &pool->jobs[pool->next++] : NULL;
		if (job)
			pool->busy++;
		pthread_mutex_unlock(&pool->lock);
		if (!job)
			break;
		/* without a context of its own, a helper hands its jobs back */
		state = h->ctx ? run_job(h, job) : JOB_CALLER;
		pthread_mutex_lock(&pool->lock);
		job->state = state;
		pool->busy--;
		pthread_cond_broadcast(&pool->done);
		pthread_mutex_unlock(&pool->lock);
	}
	return NULL;
}

/* Appends a helper's result to @ctx as if @ctx had read the input itself. */
static int take_over(struct lg_ctx *ctx, struct parse_job *job)
{
	uint32_t index = ctx->inputs.n, i;
	uint16_t spool = 0;
	size_t d;
	int err;

	for (d = 0; d < job->ndiags; d++) {
		struct held_diag *hd = &job->diags[d];

		ctx_diag(ctx, job->input.path, hd->line, hd->offset, hd->severity, hd->code, "%s",
			 hd->message);
	}
	if (job->diag_lost)
		ctx_diag(ctx, job->input.path, 0, -1, LG_SEV_WARNING, -ENOMEM,
			 "some diagnostics were lost: out of memory");
	arena_adopt(&ctx->arena, &job->arena);
	err = vec_push(&ctx->arena, &ctx->inputs, job->input);
	/* the helper's spool is the context's from now on (obs_sink_hand_over()) */
	if (!err && job->nreports)
		err = reports_adopt_spool(&ctx->reports, job->spool, &spool);
	for (i = 0; !err && i < job->nreports; i++) {
		job->reports[i].input = index;
		job->reports[i].spool = spool;
		err = reports_push(&ctx->reports, &job->reports[i]);
	}
	return err ? err : job->err;
}

/*
 * The graph's ingest, the longest serial part of an analysis of many inputs,
 * can go on while the helpers read: each input's reports go in as it is
 * taken over, when that puts into the graph what lg_analyze() would. That is
 * when the context starts empty, the inputs come in name order (its
 * canonical_order(); the command line sorts them) and none feeds the graph
 * while read (a trace or a saved graph: the first such input drops what went
 * in early, analysis_unstream()). Reports are read back from the helpers'
 * spools through views of what each had written when its job was done.
 */
struct early_ingest {
	bool on;
	struct spool *views;		/* by spool index */
	struct spool **ptrs;
	uint32_t cap;
	struct report_cursor cursor;
};

static void early_ingest_init(struct early_ingest *e, struct lg_ctx *ctx,
			      const char *const *paths, size_t n, unsigned int helpers)
{
	size_t i;

	memset(e, 0, sizeof(*e));
	if (ctx->inputs.n || ctx->reports.n || ctx->graph || ctx->reports.n_spools || helpers < 1)
		return;
	for (i = 1; i < n; i++)
		if (strcmp(paths[i - 1], paths[i]) >= 0)
			return;
	e->cap = helpers;
	e->views = calloc(e->cap, sizeof(*e->views));
	e->ptrs = calloc(e->cap, sizeof(*e->ptrs));
	if (!e->views || !e->ptrs) {
		free(e->views);
		free(e->ptrs);
		return;
	}
	for (i = 0; i < e->cap; i++) {
		e->views[i].fd = -1;
		e->ptrs[i] = &e->views[i];
	}
	report_cursor_init(&e->cursor, e->ptrs, 0);
	e->on = true;
}

static void early_ingest_done(struct early_ingest *e)
{
	if (e->views)
		report_cursor_done(&e->cursor);
	free(e->views);
	free(e->ptrs);
}

/* The reports of @job, just taken over (from @first on), into the graph. */
static int early_ingest(struct early_ingest *e, struct lg_ctx *ctx, const struct parse_job *job,
			uint32_t first)
{
	int err;

	if (!e->on)
		return 0;
	if (ctx->reports.n > first) {
		uint16_t index = ctx->reports.v[first].spool;

		if (index >= e->cap || job->spool_end == UINT64_MAX) {
			/* lg_analyze() ingests the rest, in order */
			e->on = false;
			return 0;
		}
		/* the fd stays the helper's; what it appends later is not looked at */
		e->views[index].fd = job->spool_fd;
		e->views[index].size = e->views[index].written = job->spool_end;
		if (index >= e->cursor.n_spools)
			e->cursor.n_spools = index + 1u;
	}
	err = analysis_ingest_early(ctx, &e->cursor);
	if (err)
		e->on = false;
	return err;
}

static void free_job(struct parse_job *job)
{
	size_t d;

	for (d = 0; d < job->ndiags; d++)
		free(job->diags[d].message);
	free(job->diags);
	free(job->reports);
	arena_release(&job->arena);
}

int lg_add_paths(struct lg_ctx *ctx, const char *const *paths, size_t n, unsigned int jobs)
{
	struct parse_pool pool = { 0 };
	struct early_ingest early;
	struct helper *helpers;
	unsigned int nhelpers = 0, t;
	size_t i;
	int first_err = 0;

	if (jobs > n)
		jobs = (unsigned int)n;
	/* inputs read before were ingested in their order: these may come before them */
	analysis_unstream(ctx);
	ctx->progress_done = 0;
	ctx->progress_total = n;
	helpers = jobs > 1 ? calloc(jobs, sizeof(*helpers)) : NULL;
	pool.jobs = helpers ? calloc(n, sizeof(*pool.jobs)) : NULL;
	if (!pool.jobs) {
		/* one core (or no memory for more): the plain way */
		free(helpers);
		for (i = 0; i < n; i++) {
			int err = lg_add_path(ctx, paths[i]);

			if (err && !first_err)
				first_err = err;
		}
		ctx->progress_total = 0;
		return first_err;
	}
	pool.njobs = n;
	pthread_mutex_init(&pool.lock, NULL);
	pthread_cond_init(&pool.done, NULL);
	pthread_cond_init(&pool.resume, NULL);
	for (i = 0; i < n; i++)
		pool.jobs[i].path = paths[i];
	for (t = 0; t < jobs; t++) {
		struct helper *h = &helpers[nhelpers];

		h->pool = &pool;
		pthread_mutex_lock(&pool.lock);
		pool.busy++;
		pthread_mutex_unlock(&pool.lock);
		if (pthread_create(&h->thread, NULL, helper_main, h)) {
			pthread_mutex_lock(&pool.lock);
			pool.busy--;
			pthread_mutex_unlock(&pool.lock);
			break;
		}
		nhelpers++;
	}
	if (!nhelpers) {
		/* no helper could start: this thread reads everything */
		for (i = 0; i < n; i++)
			pool.jobs[i].state = JOB_CALLER;
	}
	early_ingest_init(&early, ctx, paths, n, nhelpers);
	for (i = 0; i < n; i++) {
		struct parse_job *job = &pool.jobs[i];
		int err;

		pthread_mutex_lock(&pool.lock);
		while (job->state == JOB_WAITING)
			pthread_cond_wait(&pool.done, &pool.lock);
		pthread_mutex_unlock(&pool.lock);
		if (job->state == JOB_CALLER) {
			/* read here: it may feed the graph (its add_source() drops the early ingest) */
			early.on = false;
			/*
			 * A capture is read by a forked child (parsers/tracedat.h): no helper
			 * may hold a lock (malloc's, stdio's, ...) at the fork, or the child
			 * could wait for it forever. Helpers rest until this input is read.
			 */
			pthread_mutex_lock(&pool.lock);
			pool.paused = true;
			while (pool.busy)
				pthread_cond_wait(&pool.done, &pool.lock);
			pthread_mutex_unlock(&pool.lock);
			err = lg_add_path(ctx, job->path);
			pthread_mutex_lock(&pool.lock);
			pool.paused = false;
			pthread_cond_broadcast(&pool.resume);
			pthread_mutex_unlock(&pool.lock);
		} else {
			uint32_t first = ctx->reports.n;
			int ierr;

			err = take_over(ctx, job);
			/* an input in error keeps the reports it has: in they go */
			ierr = early_ingest(&early, ctx, job, first);
			if (!err)
				err = ierr;
			ctx->progress_done++;
			ctx_progress(ctx, job->path, true, 0);
		}
		free_job(job);
		if (err && !first_err)
			first_err = err;
	}
	early_ingest_done(&early);
	pthread_mutex_lock(&pool.lock);
	pool.closing = true;
	pthread_cond_broadcast(&pool.resume);
	pthread_mutex_unlock(&pool.lock);
	for (t = 0; t < nhelpers; t++) {
		pthread_join(helpers[t].thread, NULL);
		if (helpers[t].ctx)
			obs_sink_hand_over(ctx, &helpers[t].ctx->sink);
		lg_ctx_free(helpers[t].ctx);
	}
	pthread_cond_destroy(&pool.done);
	pthread_cond_destroy(&pool.resume);
	pthread_mutex_destroy(&pool.lock);
	free(pool.jobs);
	free(helpers);
	ctx->progress_total = 0;
	return first_err;
}
