// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * json-floor [-j N] FILE: what json-c itself costs for the reports of a lockgraph JSON
 * document (lockgraph analyze --format=json), the floor of any writer that has json-c
 * build and serialise each report object, as the JSON output does.
 *
 * FILE is parsed once (not timed). Then, best of three, on N threads each taking a
 * contiguous share of the reports (lockgraph's -jN writer also shares them out):
 *   serialise  json-c prints each parsed report object, pretty as lockgraph does, into a
 *              print buffer grown once: the least any json-c writer does;
 *   build      each report object made anew (json_object_deep_copy(): the same objects,
 *              strings and members), printed and freed: roughly what lockgraph's writer
 *              does per report beside reading it back from its spool.
 * Prints the reports, the bytes printed and both times.
 */
#include <errno.h>
#include <json-c/json.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* lockgraph's JSON_FLAGS (lib/report-json.c) */
#define FLAGS \
	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)
#define MAX_THREADS 16

struct share {
	struct json_object *reports;
	size_t first, end;
	int build;		/* 0: serialise only; 1: deep copy, serialise, free */
	size_t bytes;
	int err;
	pthread_t thread;
	bool started;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *share_main(void *arg)
{
	struct share *sh = arg;
	/*
	 * A report is printed as the one element of an array kept for the share, as lockgraph
	 * does, so json-c's print buffer is the array's, grown once.
	 */
	struct json_object *holder = json_object_new_array();
	size_t i, len;

	sh->bytes = 0;
	for (i = sh->first; holder && i < sh->end; i++) {
		struct json_object *r = json_object_array_get_idx(sh->reports, i), *o = NULL;

		if (sh->build) {
			if (json_object_deep_copy(r, &o, NULL)) {
				sh->err = ENOMEM;
				break;
			}
		} else {
			o = json_object_get(r);
		}
		if (json_object_array_put_idx(holder, 0, o) ||
		    !json_object_to_json_string_length(holder, FLAGS, &len)) {
			sh->err = ENOMEM;
			break;
		}
		sh->bytes += len;
	}
	json_object_put(holder);	/* frees the last copy */
	if (!holder)
		sh->err = ENOMEM;
	return NULL;
}

/* Best of three wall times of one pass over the reports on @jobs threads; 0 or an errno. */
static int timed(struct json_object *reports, int build, unsigned int jobs, double *best,
		 size_t *bytes)
{
	size_t n = json_object_array_length(reports);
	struct share sh[MAX_THREADS];

	*best = -1;
	for (int round = 0; round < 3; round++) {
		double t0 = now(), t;
		unsigned int k;

		for (k = 0; k < jobs; k++) {
			sh[k] = (struct share){ .reports = reports, .build = build,
						.first = n * k / jobs, .end = n * (k + 1) / jobs };
			/* share 0, and any a thread could not take, on this thread */
			sh[k].started = k && !pthread_create(&sh[k].thread, NULL, share_main,
							     &sh[k]);
		}
		*bytes = 0;
		for (k = 0; k < jobs; k++) {
			if (sh[k].started)
				pthread_join(sh[k].thread, NULL);
			else
				share_main(&sh[k]);
			*bytes += sh[k].bytes;
		}
		for (k = 0; k < jobs; k++)
			if (sh[k].err)
				return sh[k].err;
		t = now() - t0;
		if (*best < 0 || t < *best)
			*best = t;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int jobs = 1;
	struct json_object *doc, *reports;
	double t_print, t_build;
	size_t bytes;
	int err;

	if (argc == 4 && !strcmp(argv[1], "-j")) {
		jobs = (unsigned int)strtoul(argv[2], NULL, 10);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2 || jobs < 1 || jobs > MAX_THREADS) {
		fprintf(stderr, "usage: json-floor [-j N] FILE   (N from 1 to %d)\n", MAX_THREADS);
		return 2;
	}
	doc = json_object_from_file(argv[1]);
	if (!doc || !json_object_object_get_ex(doc, "reports", &reports) ||
	    !json_object_is_type(reports, json_type_array)) {
		const char *why = doc ? "no \"reports\" array" : json_util_get_last_err();
		int len = why ? (int)strcspn(why, "\n") : 0;	/* json-c's ends in a newline */

		fprintf(stderr, "json-floor: %s: not a lockgraph JSON document: %.*s\n", argv[1],
			len, why ? why : "");
		return 2;
	}
	err = timed(reports, 0, jobs, &t_print, &bytes);
	if (!err)
		err = timed(reports, 1, jobs, &t_build, &bytes);
	if (err) {
		fprintf(stderr, "json-floor: %s\n", strerror(err));
		return 1;
	}
	printf("reports %zu, printed %zu bytes, threads %u: json-c serialise %.3f s, "
	       "build+serialise+free %.3f s\n",
	       json_object_array_length(reports), bytes, jobs, t_print, t_build);
	json_object_put(doc);
	return 0;
}
