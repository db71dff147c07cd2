// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace-bench: events per second of lockgraph on trace.dat captures, against
 * two floors measured in the same run on the same file:
 *  (a) a minimal program reading every event with libtracecmd CPU by CPU
 *      (tracecmd_read_cpu_first / tracecmd_read_data);
 *  (b) the same with tracecmd_iterate_events (time order across CPUs).
 * lockgraph needs time order; the goal is at least 0.7 of floor (a).
 *
 *	trace-bench CAPTURE...
 *
 * Each figure is the best of three runs, so that none pays for reading the
 * file into the page cache.
 * Not a test: it prints figures for docs/performance.md.
 */
#include <stdio.h>
#include <time.h>

#include <trace-cmd/trace-cmd.h>

#include "lockgraph.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int count_one(struct tracecmd_input *handle, struct tep_record *rec, int cpu, void *data)
{
	(void)handle;
	(void)rec;
	(void)cpu;
	(*(unsigned long long *)data)++;
	return 0;
}

/* Floor (a): every record, CPU after CPU. Returns seconds, events in @n; -1 on error. */
static double floor_cpu_by_cpu(const char *path, unsigned long long *n)
{
	struct tracecmd_input *h = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	double t0 = now();
	int cpus, c;

	if (!h)
		return -1;
	*n = 0;
	cpus = tep_get_cpus(tracecmd_get_tep(h));
	for (c = 0; c < cpus; c++) {
		struct tep_record *rec = tracecmd_read_cpu_first(h, c);

		while (rec) {
			(*n)++;
			tracecmd_free_record(rec);
			rec = tracecmd_read_data(h, c);
		}
	}
	t0 = now() - t0;
	tracecmd_close(h);
	return t0;
}

/* Floor (b): every record in time order across CPUs. */
static double floor_iterate(const char *path, unsigned long long *n)
{
	struct tracecmd_input *h = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	double t0 = now();

	if (!h)
		return -1;
	*n = 0;
	tracecmd_iterate_events(h, NULL, 0, count_one, n);
	t0 = now() - t0;
	tracecmd_close(h);
	return t0;
}

static double run_lockgraph(const char *path, size_t *findings)
{
	struct lg_ctx *ctx = lg_ctx_new(NULL);
	double t0 = now();
	int err;

	if (!ctx)
		return -1;
	err = lg_add_path(ctx, path);
	if (!err)
		err = lg_analyze(ctx);
	t0 = now() - t0;
	*findings = lg_finding_count(ctx);
	lg_ctx_free(ctx);
	return err ? -1 : t0;
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: trace-bench CAPTURE...\n");
		return 2;
	}
	tracecmd_set_loglevel(TEP_LOG_CRITICAL);
	for (i = 1; i < argc; i++) {
		unsigned long long na = 0, nb = 0;
		double ta = 1e9, tb = 1e9, tl = 1e9, t;
		size_t findings = 0;
		int r;

		for (r = 0; r < 3; r++) {
			t = floor_cpu_by_cpu(argv[i], &na);
			ta = t >= 0 && t < ta ? t : ta;
			t = floor_iterate(argv[i], &nb);
			tb = t >= 0 && t < tb ? t : tb;
			t = run_lockgraph(argv[i], &findings);
			tl = t >= 0 && t < tl ? t : tl;
			if (t < 0) {
				fprintf(stderr, "trace-bench: %s: cannot read\n", argv[i]);
				return 1;
			}
		}
		printf("%s: %llu events\n", argv[i], na);
		printf("  floor (a) CPU by CPU      %7.3f s  %10.0f events/s\n", ta, na / ta);
		printf("  floor (b) iterate_events  %7.3f s  %10.0f events/s\n", tb, nb / tb);
		printf("  lockgraph analyze         %7.3f s  %10.0f events/s  %zu finding(s)\n", tl,
		       na / tl, findings);
		printf("  lockgraph / floor (a) = %.2f (goal >= 0.70), / floor (b) = %.2f\n",
		       ta / tl, tb / tl);
	}
	return 0;
}
