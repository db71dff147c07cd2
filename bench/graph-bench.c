// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * graph-bench: merge and analyse many generated runs, and compare with the
 * least any merge must do (a bare hash set of the same edge pairs), measured
 * in the same run. Not a test: it prints figures for docs/performance.md.
 *
 *	graph-bench [RUNS [CLASSES [PATHS [LISTS_PER_RUN]]]]
 *	graph-bench --pairs FILE
 *	graph-bench --parse FILE
 *
 * The generated kernel has CLASSES lock classes in one global order: sleeping
 * locks outermost, then lockdep maps, then spinning locks innermost, as real
 * kernels nest them. PATHS code paths each take 5 classes in that order; each
 * run (one input, one boot) replays LISTS_PER_RUN random code paths as
 * held-lock lists, so the runs overlap as real boots do. Five inverted pairs
 * (deadlock cycles) and three sleeping locks under spinlocks are planted and
 * the findings counted, so a run that finds nothing is visible.
 *
 * With --pairs, only the floor, on the (from, to) pairs of FILE (two little-endian uint32
 * class numbers each, as bench/make-dmesg.py dumps writes them): the least any merge of the
 * held-lock lists of those logs must do, for bench/dumps-bench.sh.
 *
 * With --parse, only lg_add_path() on FILE, best of three: the parser's own throughput
 * (report grammar and titles, no graph analysis, no output), for docs/performance.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "analysis.h"
#include "ingest.h"
#include "lg-local.h"
#include "lockgraph.h"

#define PATH_LOCKS 5

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* One (from, to) pair into a bare open-addressing set of @size slots: 1 when it is new. */
static size_t set_add(uint64_t *set, size_t size, uint32_t from, uint32_t to)
{
	uint64_t key = ((uint64_t)from << 32 | to) + 1;
	size_t i;

	for (i = (key * 0x9e3779b97f4a7c15ull) >> 20 & (size - 1); set[i] && set[i] != key;
	     i = (i + 1) & (size - 1))
		;
	if (set[i])
		return 0;
	set[i] = key;
	return 1;
}

static uint64_t *set_new(size_t expect, size_t *size)
{
	*size = 1;
	while (*size < expect * 2)
		*size <<= 1;
	return calloc(*size, sizeof(uint64_t));
}

/* The floor: the distinct (from, to) pairs in a bare open-addressing set. */
static size_t floor_merge(uint32_t **paths, uint32_t n_lists, const uint32_t *replay,
			  size_t expect)
{
	size_t size, n = 0;
	uint64_t *set = set_new(expect, &size);
	uint32_t l, a, b;

	if (!set)
		return 0;
	for (l = 0; l < n_lists; l++) {
		const uint32_t *p = paths[replay[l]];

		for (a = 0; a < PATH_LOCKS; a++)
			for (b = a + 1; b < PATH_LOCKS; b++)
				n += set_add(set, size, p[a], p[b]);
	}
	free(set);
	return n;
}

/* graph-bench --pairs FILE: the floor alone, best of three, on pairs read beforehand. */
static int pairs_floor(const char *file)
{
	FILE *f = fopen(file, "rb");
	uint32_t *v = NULL;
	size_t n = 0, cap = 0, got, size, distinct = 0;
	double best = 0;

	if (!f) {
		perror(file);
		return 2;
	}
	do {
		if (n + 2 > cap) {
			uint32_t *nv = realloc(v, (cap = cap ? cap * 2 : 1 << 20) * sizeof(*v));

			if (!nv)
				return 2;
			v = nv;
		}
		got = fread(v + n, sizeof(*v), cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	for (int round = 0; round < 3; round++) {
		double t0 = now();
		uint64_t *set = set_new(n / 2, &size);

		if (!set)
			return 2;
		distinct = 0;
		for (size_t i = 0; i + 1 < n; i += 2)
			distinct += set_add(set, size, v[i], v[i + 1]);
		free(set);
		if (!round || now() - t0 < best)
			best = now() - t0;
	}
	printf("pairs %zu, distinct %zu, hash-set floor %.3f s\n", n / 2, distinct, best);
	free(v);
	return 0;
}

static int generated_bench(int argc, char **argv)
{
	uint32_t runs = argc > 1 ? (uint32_t)atoi(argv[1]) : 1000;
	uint32_t n_classes = argc > 2 ? (uint32_t)atoi(argv[2]) : 100000;
	uint32_t n_paths = argc > 3 ? (uint32_t)atoi(argv[3]) : 120000;
	uint32_t per_run = argc > 4 ? (uint32_t)atoi(argv[4]) : 250;
	uint32_t n_lists = runs * per_run, i, k, r, l;
	uint32_t n_sleep = n_classes * 6 / 10, n_map = n_classes / 10;
	struct lg_ctx *ctx = lg_ctx_new(NULL);
	struct analysis *an;
	struct arena *A, *R;
	char **names;
	const char **usage, **wait;
	uint32_t **paths, *replay;
	double t0, t_floor, t_merge, t_ingest, t_build, t_cycles, t_paths;
	long rss_before, rss_after;
	size_t floor_edges, cycles = 0, sleeps = 0, irqs = 0;

	if (!ctx || runs < 1 || n_classes < 100 || n_paths < 10 || per_run < 1) {
		fprintf(stderr, "graph-bench: bad arguments\n");
		return 2;
	}
	A = &ctx->arena;
	R = obs_report_arena(&ctx->sink);
	names = calloc(n_classes, sizeof(*names));
	usage = calloc(n_classes, sizeof(*usage));
	wait = calloc(n_classes, sizeof(*wait));
	paths = calloc(n_paths, sizeof(*paths));
	replay = calloc(n_lists, sizeof(*replay));
	if (!names || !usage || !wait || !paths || !replay)
		return 2;
	for (i = 0; i < n_classes; i++) {
		char buf[32];

		/* Sleeping locks outermost, maps in between, spinlocks innermost. */
		if (i < n_sleep) {
			snprintf(buf, sizeof(buf), "&obj%u->mutex", i);
			wait[i] = "3:3";
			usage[i] = "+.+.";
		} else if (i < n_sleep + n_map) {
			snprintf(buf, sizeof(buf), "map_%u", i);
			wait[i] = "0:0";
			usage[i] = "+.+.";
		} else {
			snprintf(buf, sizeof(buf), "&obj%u->lock", i);
			wait[i] = "2:2";
			usage[i] = i % 10 ? "..-." : "-.-.";	/* some used in irqs */
		}
		names[i] = arena_strdup(A, buf);
	}
	for (i = 0; i < n_paths; i++) {
		paths[i] = malloc(PATH_LOCKS * sizeof(uint32_t));
		do {
			for (k = 0; k < PATH_LOCKS; k++)
				paths[i][k] = rnd(n_classes);
			qsort(paths[i], PATH_LOCKS, sizeof(uint32_t), cmp_u32);
			for (k = 1; k < PATH_LOCKS && paths[i][k] != paths[i][k - 1]; k++)
				;
		} while (k < PATH_LOCKS);
	}
	/* Plant bugs: 5 paths taking two sleeping locks the wrong way round... */
	for (i = 0; i < 5; i++) {
		uint32_t *p = paths[rnd(n_paths)], *q = paths[rnd(n_paths)];

		if (p[0] < n_sleep && p[1] < n_sleep && q != p) {
			q[0] = p[1];
			q[1] = p[0];	/* p takes p0 then p1, q p1 then p0 */
			q[2] = q[2] > q[1] ? q[2] : q[1] + 1;
		}
	}
	for (l = 0; l < n_lists; l++)
		replay[l] = rnd(n_paths);

	/* The runs as held-lock dumps, one input each, as a parser would leave them. */
	for (r = 0; r < runs; r++) {
		char name[32];

		snprintf(name, sizeof(name), "run%u", r);
		if (lg_add_mem(ctx, name, "", 0))
			return 2;
		ctx->sink.input = r;
		for (l = r * per_run; l < (r + 1) * per_run; l++) {
			struct lg_report *rep = obs_report_begin(&ctx->sink, LG_KIND_HELD_LOCKS,
								 l - r * per_run + 1);
			const uint32_t *p = paths[replay[l]];

			if (!rep)
				return 2;
			rep->complete = true;
			rep->held_declared = PATH_LOCKS;
			rep->has_task = true;
			rep->task.comm = "bench";
			rep->task.pid = (long)l;
			for (k = 0; k < PATH_LOCKS; k++) {
				struct lg_lock lk = { .cls = names[p[k]], .at = "bench_fn+0x1/0x10",
						      .usage = usage[p[k]], .wait = wait[p[k]] };

				if (vec_push(R, &rep->held, lk))
					return 2;
			}
			if (obs_report_end(&ctx->sink, rep))
				return 2;
		}
		/* the run is read: its reports go to the spool, as lg_add_*() does */
		if (obs_spool_open_reports(&ctx->sink))
			return 2;
	}
	/*
	 * ...and 3 mutexes taken under a spinlock, as an "Invalid wait context"
	 * report states them (a held-lock list alone would read as a trylock).
	 */
	for (i = 0; i < 3; i++) {
		struct lg_report *rep;
		struct lg_edge_pair pair;
		char leaf[32];

		ctx->sink.input = rnd(runs);
		rep = obs_report_begin(&ctx->sink, LG_KIND_INVALID_WAIT_CONTEXT, 0);
		if (!rep)
			return 2;
		/* leaf mutexes of their own: the bug creates no cycle as well */
		snprintf(leaf, sizeof(leaf), "&leaf%u->mutex", i);
		pair.from = names[n_sleep + n_map + rnd(n_classes - n_sleep - n_map)];
		pair.to = arena_strdup(A, leaf);
		if (!pair.to)
			return 2;
		if (vec_push(R, &rep->edges, pair) || obs_report_end(&ctx->sink, rep))
			return 2;
	}
	/* rcu_read_lock {1:2}: the classic numbering, as a real log would tell it. */
	{
		struct lg_report *rep;
		struct lg_lock rcu = { .cls = "rcu_read_lock", .usage = "....", .wait = "1:2" };

		ctx->sink.input = 0;
		rep = obs_report_begin(&ctx->sink, LG_KIND_HELD_LOCKS, 0);
		if (!rep)
			return 2;
		rep->held_declared = 1;
		if (vec_push(R, &rep->held, rcu) || obs_report_end(&ctx->sink, rep) ||
		    obs_spool_open_reports(&ctx->sink))
			return 2;
	}

	t0 = now();
	floor_edges = floor_merge(paths, n_lists, replay, (size_t)n_paths * 10);
	t_floor = now() - t0;

	rss_before = peak_rss_kb();
	/* lg_analyze(), phase by phase. */
	t0 = now();
	if (analysis_begin(ctx))
		return 1;
	if (analysis_ingest(ctx))
		return 1;
	t_ingest = now() - t0;
	an = ctx->analysis;
	if (graph_classify(an->graph, an->n_inputs, an->fs->wait_config, an->fs->wait_config_why) ||
	    analysis_eras(an) || graph_finish(an->graph))
		return 1;
	t_build = now() - t0 - t_ingest;
	if (find_cycles(an))
		return 1;
	t_cycles = now() - t0 - t_ingest - t_build;
	if (find_sleep_paths(an) || find_irq_inversions(an))
		return 1;
	findings_sort(an);
	if (group_findings(an))
		return 1;
	t_merge = now() - t0;
	t_paths = t_merge - t_ingest - t_build - t_cycles;
	rss_after = peak_rss_kb();

	for (i = 0; i < findings_count(ctx); i++) {
		switch (finding_at(ctx, i)->type) {
		case FINDING_CYCLE:
			cycles++;
			break;
		case FINDING_SLEEP_PATH:
			sleeps++;
			break;
		default:
			irqs++;
		}
	}
	printf("runs %u, held-lock lists %u, classes %u, distinct edges %u (floor counted %zu), "
	       "evidence %llu\n",
	       runs, n_lists, ctx->graph->n_classes, ctx->graph->n_edges, floor_edges,
	       (unsigned long long)ctx->graph->n_evidence);
	printf("findings: %zu cycles, %zu sleep paths, %zu irq inversions, %u more folded into "
	       "them (planted: up to 5 inversions, 3 sleeps)\n", cycles, sleeps, irqs,
	       ctx->findings->grouped);
	printf("merge+analyse %.3f s; floor (bare hash set of the same pairs) %.3f s; "
	       "ratio %.1fx\n", t_merge, t_floor, t_floor > 0 ? t_merge / t_floor : 0);
	printf("  ingest %.3f s, classify+adjacency %.3f s, cycles %.3f s, paths %.3f s\n",
	       t_ingest, t_build, t_cycles, t_paths);
	printf("peak RSS %.1f MB before analysis (generated input), %.1f MB after: "
	       "analysis took %.1f MB\n", rss_before / 1024.0, rss_after / 1024.0,
	       (rss_after - rss_before) / 1024.0);
	for (i = 0; i < n_paths; i++)
		free(paths[i]);
	free(paths);
	free(replay);
	free(names);
	free(usage);
	free(wait);
	lg_ctx_free(ctx);
	return 0;
}

/* graph-bench --parse FILE: lg_add_path() alone, best of three, in a fresh context each. */
static int parse_only(const char *file)
{
	double best = 0;
	size_t reports = 0;
	FILE *f = fopen(file, "rb");
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0) {
		perror(file);
		return 2;
	}
	fclose(f);
	for (int round = 0; round < 3; round++) {
		struct lg_ctx *ctx = lg_ctx_new(NULL);
		double t0 = now(), t;

		if (!ctx || lg_add_path(ctx, file))
			return 2;
		t = now() - t0;
		reports = ctx->reports.n;
		lg_ctx_free(ctx);
		if (!round || t < best)
			best = t;
	}
	printf("parse %s: %zu reports, %.3f s, %.1f MB/s\n", file, reports, best,
	       size / 1048576.0 / best);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--pairs"))
		return pairs_floor(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "--parse"))
		return parse_only(argv[2]);
	return generated_bench(argc, argv);
}
