/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Definitions shared inside lib/ (and with parsers/ through obs.h): the
 * context, its inputs and the report store. Not installed.
 *
 * NOTE: calls go one way, down these layers, never up:
 *	cli (cmd/) -> facade (ctx.c, parallel.c, baseline.c) -> output (report-*.c,
 *	save.c) -> analyses (analyze.c, cycles.c, paths.c, ...) -> parsers/ ->
 *	store (obs.c, spool.c) -> graph (graph.c, ingest.c, classify.c) -> vocabulary
 *	(context.c, lockname.c) -> util (arena.c, source.c, utf8.c, error.c)
 * tests/structure.py holds the same list and fails on a call against it or on
 * any file-level call cycle. A parser sees only obs.h and the util headers; the
 * analyses see struct analysis (analysis.h), not the context.
 */
#ifndef LG_LOCAL_H
#define LG_LOCAL_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "lockgraph.h"
#include "obs.h"
#include "spool.h"

struct lg_graph;
struct lg_findings;
struct analysis;

struct lg_input {
	const char *path;
	const char *format;	/* "dmesg", "trace.dat", ... or NULL when unread */
	const char *compression;
	int error;		/* 0, or why it could not be read */
	unsigned long lines, noise_lines;
	uint32_t reports, incomplete;
	bool binary;		/* events, not lines: the counts below apply */
	uint64_t events, lost_events;
	lg_str_vec notes;	/* what the input holds or lacks (obs_note) */
	const char *kernel;	/* the kernel version it names, or NULL */
	bool on_disk;		/* read from the file @path: its lines can be read again */
};

/* A finding signature from a baseline, or a suppression with its reason (read by
 * baseline.c, applied by filter.c). */
struct known_finding {
	const char *signature;
	const char *reason;	/* NULL: from a baseline */
	const char *title;	/* of the finding it suppressed, once one did */
};

struct obs_sink {
	struct lg_ctx *ctx;
	uint32_t input;
	/*
	 * obs_intern()'s table of the context's strings: open addressing, each
	 * slot the string's hash and length beside it, so a lookup compares bytes
	 * only on a match (json-c's table hashed and strcmp()ed every name).
	 */
	struct intern_slot {
		const char *str;	/* NULL: empty */
		uint32_t hash, len;
	} *interned;
	uint32_t interned_mask, n_interned;
	/*
	 * Where they are copied, apart from the reports: a report's lists then
	 * grow and are trimmed in place (vec_fit()).
	 */
	struct arena strings;
	/*
	 * The reports of the input being read, and their lists and strings that
	 * are not interned: spooled and emptied when the input is done, or
	 * when the parser compacts them.
	 */
	struct arena reports;
	/* each with the place its report_ref was given when begun: refs stay in that order */
	VEC(struct open_report {
		struct lg_report *r;
		uint32_t ref;
	}) open;
	/* a parser compacts (obs_reports_compact()) when the reports hold this much */
	size_t compact_at;
	unsigned long compactions;	/* done in this context, for tests */
};

/* 16 MiB: the arena's largest block; some 8,000 reports of a syzkaller log */
#define OBS_COMPACT_AT (16u << 20)

/*
 * Every report the context holds, in memory only as a report_ref; the reports
 * themselves are in the spools (spool.h): the context's own (@own, made when it
 * first spools) and those of the helpers whose reports it took over.
 */
struct report_store {
	struct report_ref *v;	/* malloc'd */
	uint32_t n, cap;
	struct spool **spools;	/* malloc'd, each owned */
	uint32_t n_spools;
	struct spool *own;	/* where this context spools, one of @spools */
};

/* The reports of the input just read go to the spool (ctx.c, when an input ends). */
int obs_spool_open_reports(struct obs_sink *s);

/* Appends @ref; 0 or -ENOMEM. */
int reports_push(struct report_store *rs, const struct report_ref *ref);

/* The index of @sp in @rs, which owns it from now on; -ENOMEM. */
int reports_adopt_spool(struct report_store *rs, struct spool *sp, uint16_t *index);

/* Forgets every report, keeps the spools (a helper's earlier reports are read from them). */
void reports_clear(struct report_store *rs);
void reports_free(struct report_store *rs);

/* The context is freed: its interned strings go with its arena. */
void obs_sink_done(struct obs_sink *s);

/*
 * A helper context is freed, but reports it made live on in @to, and so must
 * the strings they point to: @from's strings join @to's arena (not its table),
 * and the spools @to took reports from are @to's.
 */
void obs_sink_hand_over(struct lg_ctx *to, struct obs_sink *from);

struct lg_ctx {
	struct lg_opts opts;
	struct arena arena;
	VEC(struct lg_input) inputs;
	struct report_store reports;
	struct obs_sink sink;
	struct parser_state *parsers;	/* compiled patterns, owned by parsers/ */
	struct lg_graph *graph;		/* made by the first observation that needs it */
	struct arena kept;		/* what the graph's evidence points to in reports */
	uint32_t reports_ingested;	/* reports already in the graph */
	bool ingested_early;		/* ...while inputs were read: the graph holds reports only */
	struct lg_findings *findings;	/* what the reporters read: analysis->fs */
	struct analysis *analysis;	/* all the analyses see (analysis.h) */
	bool helper;			/* a helper thread's context (parallel.c) */
	bool error_said;		/* the input's error has its own message already */
	bool deferred;			/* helper: the input just added feeds the graph as it
					 * is read; left unread for the analysing context */
	VEC(struct known_finding) known;	/* baselines and suppressions */
	size_t progress_done, progress_total;	/* lg_add_paths()'s inputs (struct lg_progress) */
};

/*
 * lg_ctx_reset(); @keep_spools for a helper whose earlier inputs' reports are
 * in its spool, not taken over yet (parallel.c).
 */
void ctx_reset(struct lg_ctx *ctx, bool keep_spools);

/* Tells the context's progress callback, if any, about @path (ctx.c). */
void ctx_progress(struct lg_ctx *ctx, const char *path, bool done, unsigned long long bytes);


/* The context's graph, made if there is none yet; NULL when out of memory. */
struct lg_graph *ctx_graph_get(struct lg_ctx *ctx);

/* Emits a diagnostic through the context's callback. */
void ctx_diag(struct lg_ctx *ctx, const char *path, unsigned long line, long long offset,
	      enum lg_severity sev, int code, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Report contexts from classes, frames, comm and irq markers (context.c). */
unsigned int context_of_report(const struct lg_report *r);
/* The same rules for one class name, one stack frame, one task's comm. */
unsigned int context_of_class(const char *cls);
unsigned int context_of_frame(const char *frame);
unsigned int context_of_comm(const char *comm);

/* The length of the function name a frame begins with: "func.cold+0x1/0x2 [mod]" -> 4. */
size_t frame_fn_len(const char *frame);
/* Is @frame ("func+0x1/0x2 [mod]", "func.cold+...", NULL) a frame of function @fn? */
bool frame_is(const char *frame, const char *fn);
/* ... of one of the functions in the NULL-terminated @fns? */
bool frame_in(const char *frame, const char *const *fns);
/* Does @frame start with one of the NULL-terminated @prefixes ("mutex_lock", "down_")? */
bool frame_prefixed(const char *frame, const char *const *prefixes);

#endif
