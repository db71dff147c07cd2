/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The input format table, as git's command table: each format has a probe
 * over the first bytes of the (decompressed) input and a parser that turns
 * the input into observations. Parsers see only obs.h and source.h.
 */
#ifndef LG_PARSERS_H
#define LG_PARSERS_H

#include <stdbool.h>
#include <stddef.h>

struct lg_source;
struct obs_sink;
struct parser_state;

struct input_format {
	const char *name;
	/* true when the first bytes look like this format */
	bool (*probe)(const unsigned char *head, size_t len);
	int (*parse)(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink);
	/* observations go into the graph while reading (not as reports): such
	 * inputs are read by the context that analyses, never by a helper thread */
	bool feeds_graph;
};

/* Bytes a probe may look at. */
#define PROBE_BYTES 4096

/* Compiled patterns of every parser, made once per context. 0 or -error. */
int parsers_init(struct parser_state **out);
void parsers_free(struct parser_state *ps);

/* The format of an input by its first bytes; never NULL (dmesg text is the fallback). */
const struct input_format *format_detect(const unsigned char *head, size_t len);

/* parsers/dmesg/ */
struct dmesg_patterns;
int dmesg_patterns_new(struct dmesg_patterns **out);
void dmesg_patterns_free(struct dmesg_patterns *p);
bool dmesg_probe(const unsigned char *head, size_t len);
int dmesg_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink);

/* parsers/saved.c */
bool saved_probe(const unsigned char *head, size_t len);
int saved_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink);

/* parsers/proc-lockdep.c: /proc/lockdep and /proc/lockdep_chains */
bool proc_lockdep_probe(const unsigned char *head, size_t len);
int proc_lockdep_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink);

/* parsers/tracedat.c */
bool tracedat_probe(const unsigned char *head, size_t len);
int tracedat_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink);
bool tracestream_probe(const unsigned char *head, size_t len);
int tracestream_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink);

struct parser_state {
	struct dmesg_patterns *dmesg;
	struct title_ctx *titles;
};

#endif
