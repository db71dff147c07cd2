/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lockgraph - offline lockdep: lock-order and sleep-in-atomic analysis of many
 * kernel runs at once.
 *
 * This is the library's only public header. The flow is one way:
 *
 *	input (path, "-" or memory) -> parser -> observations -> graph
 *	-> analyses -> reporter
 *
 * A caller makes one context, adds inputs, asks for the analysis and writes
 * the result in one of the output formats:
 *
 *	struct lg_ctx *ctx = lg_ctx_new(&opts);
 *	lg_add_path(ctx, "dmesg.log");
 *	lg_analyze(ctx);
 *	lg_filter_findings(ctx, "cycle", NULL, NULL, 0);	(optional)
 *	lg_write(ctx, LG_OUT_JSON, 0, stdout);
 *	lg_ctx_free(ctx);
 *
 * Errors: functions returning int give 0 on success, or a negative value:
 * -errno, or one of the -LG_E* codes below; lg_strerror() names both. The
 * library never prints and never exits; diagnostics about the input (a
 * truncated report, an unreadable file) go to the lg_opts.diag callback.
 */
#ifndef LOCKGRAPH_H
#define LOCKGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#if defined(__GNUC__)
#define LG_API __attribute__((visibility("default")))
#else
#define LG_API
#endif

#define LG_VERSION_MAJOR 0
#define LG_VERSION_MINOR 1
#define LG_VERSION_PATCH 0
#define LG_VERSION_STRING "0.1.0"

/* Version of the JSON output (docs/json-output.md, docs/schema/). */
#define LG_SCHEMA "lockgraph/1"

/* Version of saved graphs (lg_save(), docs/saved-graph.md). */
#define LG_SAVED_SCHEMA "lockgraph-graph/2"

/* Library-specific errors, numbered far below errno (as libtraceevent does). */
#define LG_ERRORS                                                                      \
	_LG(FORMAT, "input format not recognised")                                   \
	_LG(TRUNCATED, "input ends in the middle of a record")                       \
	_LG(CORRUPT, "input is corrupt")                                              \
	_LG(DECOMPRESS, "decompression failed")                                       \
	_LG(PATTERN, "internal pattern failed to compile")                            \
	_LG(LIMIT, "input exceeds a limit")                                           \
	_LG(OUTPUT, "writing output failed")                                          \
	_LG(UNSUPPORTED, "input kind not supported by this build")                   \
	_LG(SPOOL, "its reports could not be kept in a temporary file ($TMPDIR)")

#undef _LG
#define _LG(code, msg) LG_E##code,
enum lg_errno {
	LG_ERRNO__START = 10000,
	LG_ERRORS LG_ERRNO__END,
};
#undef _LG

/* Name of an error returned by any lg_* function (negative or positive). */
LG_API const char *lg_strerror(int err);

LG_API const char *lg_version(void);

enum lg_severity {
	LG_SEV_NOTE,
	LG_SEV_WARNING,
	LG_SEV_ERROR,
};

/*
 * One diagnostic about the input. @path is the input as given ("-" for
 * standard input); @line is 1-based (0 when not line-oriented); @offset is a
 * byte offset for binary inputs (-1 when unknown). Strings are valid only
 * during the callback.
 */
struct lg_diag {
	const char *path;
	unsigned long line;
	long long offset;
	enum lg_severity severity;
	int code;
	const char *message;
};

typedef void (*lg_diag_fn)(const struct lg_diag *diag, void *user);

/*
 * Progress of reading, for a progress line: called in the thread that called
 * lg_add_path() or lg_add_paths(), about every MiB of an input read there and
 * once as each input is done (lg_add_paths() reads some in helper threads:
 * those only report being done).
 */
struct lg_progress {
	const char *path;		/* the input being read, or the one just done */
	bool input_done;		/* @path is read */
	size_t done, total;		/* inputs done of those lg_add_paths() was given;
					 * total 0 outside lg_add_paths() */
	unsigned long long bytes;	/* of @path read so far (decompressed); 0 if unknown */
};

typedef void (*lg_progress_fn)(const struct lg_progress *p, void *user);

struct lg_opts {
	lg_diag_fn diag;	/* may be NULL: diagnostics are dropped */
	void *diag_user;
	lg_progress_fn progress;	/* may be NULL: no progress calls */
	void *progress_user;
	/*
	 * Threads lg_write() may use: JSON output serialises its reports on up to
	 * this many (the output is the same for any number). 0 or 1: the caller's
	 * thread only. lg_add_paths() takes its own count.
	 */
	unsigned int jobs;
};

/* One analysis: its inputs, observations, merged graph and findings. */
struct lg_ctx;

/* Return: a new context, or NULL when out of memory or a pattern fails. */
LG_API struct lg_ctx *lg_ctx_new(const struct lg_opts *opts);
LG_API void lg_ctx_free(struct lg_ctx *ctx);

/*
 * Forgets every input, report, graph and finding, keeping what making a
 * context costs (compiled patterns) and the strings interned so far (lock
 * names, sites, frames: they repeat from batch to batch; their memory grows
 * with the distinct ones only): for programs that analyse many batches.
 */
LG_API void lg_ctx_reset(struct lg_ctx *ctx);

/*
 * lg_add_path - read one input file
 * @path: a file, or "-" for standard input; gzip, xz and zstd are undone,
 *        recognised by their magic bytes; the format (dmesg text, ...) is
 *        recognised by content, not by name.
 *
 * Return: 0, or a negative error; on error the input is still listed (with
 * its error) and what was read of it before the error is kept.
 */
LG_API int lg_add_path(struct lg_ctx *ctx, const char *path);

/*
 * lg_add_paths - read several inputs, on up to @jobs threads
 * The result (inputs, reports, their order, diagnostics and their order) is
 * the same as lg_add_path() on each in turn; trace.dat inputs and "-" are
 * read by the calling thread. @jobs 0 or 1 reads serially.
 *
 * Return: 0, or the error of the first input that failed (the others are
 * still read).
 */
LG_API int lg_add_paths(struct lg_ctx *ctx, const char *const *paths, size_t n,
			unsigned int jobs);

/*
 * lg_baseline_add - findings already known: @path is a list of finding
 * signatures ("cycle:36d369fe7a78410a", one per line, '#' comments, text after
 * the signature ignored) or anything lockgraph reads — usually a saved graph
 * of the runs already triaged — whose own findings are computed.
 * lg_suppress_add - accepted false positives: one "SIGNATURE REASON" per line,
 * the reason required.
 * lg_analyze() leaves findings with these signatures out of the output and of
 * lg_finding_count(); the output counts them and lists the suppressed ones
 * with their reasons. Call before lg_analyze().
 *
 * Return: 0, -EALREADY after lg_analyze(), or an error (said through the
 * diagnostic callback with file and line).
 */
LG_API int lg_baseline_add(struct lg_ctx *ctx, const char *path);
LG_API int lg_suppress_add(struct lg_ctx *ctx, const char *path);

/*
 * lg_save - writes everything read so far as a saved graph (docs/saved-graph.md):
 * the inputs, their reports and what their traces put into the graph. A saved
 * graph is an input like a log: reading it back gives the same analysis as
 * reading the original inputs again. Call before lg_analyze().
 *
 * Return: 0, -EALREADY after lg_analyze(), -LG_EOUTPUT or -ENOMEM.
 */
LG_API int lg_save(struct lg_ctx *ctx, FILE *out);

/* Same as lg_add_path for an input held in memory (fuzzers, embedders); @name names it. */
LG_API int lg_add_mem(struct lg_ctx *ctx, const char *name, const void *buf, size_t len);

/*
 * lg_add_fd - same as lg_add_path for an input read from an open descriptor
 * (a pipe), to its end; @name names it; @fd stays open. With
 * lg_tracefs_stream() writing into the pipe, a live capture (lockgraph watch).
 */
LG_API int lg_add_fd(struct lg_ctx *ctx, const char *name, int fd);

/*
 * lg_tracefs_stream - the reader of a live capture: reads the events of the
 * tracefs instance @instance (made and enabled by the caller) as they come and
 * writes them to @out_fd as an input lg_add_fd() reads, the same observations
 * as a trace.dat of those events would give. Stops when @stop_fd becomes
 * readable or is closed (after reading what the buffers still hold), and
 * closes @out_fd. Run it in a process of its own (a child): it polls, and the
 * reading libraries are not made for threads sharing a process.
 *
 * Return: 0, or a negative error (also written at the end of the stream).
 */
LG_API int lg_tracefs_stream(const char *instance, int out_fd, int stop_fd);

/*
 * lg_tracefs_untrace_tasks - the lock events (lock_acquire, lock_release,
 * contention_begin) of the @n tasks @tids (thread ids) are not recorded in
 * the tracefs instance @instance from now on: a filter on common_pid, set on
 * the events the kernel has. For the capture's own tasks: under lockdep,
 * reading the buffers takes locks that are events again, a feedback that
 * filled the buffers on slow machines (docs/vm-rig.md). A filter, not
 * set_event_notrace_pid: that one decides per CPU at each context switch,
 * and drops the release of the runqueue lock a traced task makes after
 * switching to an untraced one, leaving it held in the capture.
 *
 * Return: 0, or a negative error.
 */
LG_API int lg_tracefs_untrace_tasks(const char *instance, const int *tids, size_t n);

/*
 * Merges every input's observations and runs the analyses. Once per context,
 * after the last input: -EALREADY on a second call. First puts the inputs in
 * name order and the reports in input and line order (renumbering them), so
 * that the result does not depend on the order the inputs were added in.
 */
LG_API int lg_analyze(struct lg_ctx *ctx);

enum lg_output {
	LG_OUT_TEXT,
	LG_OUT_JSON,
	LG_OUT_DOT,
	LG_OUT_HTML,	/* one self-contained page (docs/html-output.md) */
};

/* Output flags for lg_write(). */
#define LG_WRITE_COLOR 0x1u	/* text: ANSI colours */
#define LG_WRITE_GRAPH 0x2u	/* JSON: every class and edge of the merged graph */

/*
 * lg_filter_findings - keep only the findings of some types and contexts
 * @ctx: a context after lg_analyze() and before lg_write(); or NULL to check
 *       the lists only (a program checks its options before reading inputs)
 * @kinds: comma-separated finding types as the JSON "type" field names them
 *         ("cycle,sleep-path"; the types are cycle, sleep-path and
 *         irq-inversion); NULL keeps every type
 * @contexts: comma-separated contexts as the JSON "contexts" arrays name them
 *            ("fs_reclaim,oom_reaper"; docs/reports.md lists them); a finding
 *            stays when its contexts include one of them; NULL keeps every
 *            finding
 * @why: on -EINVAL, one line naming the unknown name and the valid ones
 *       (truncated to @whysz); may be NULL
 *
 * A finding stays when it passes both lists. The others are gone from what
 * lg_write() writes, in every format, and from lg_finding_count(); reports,
 * inputs and the graph are untouched. A second call filters what the first
 * one kept.
 *
 * Return: 0; -EINVAL for an unknown or empty name (nothing is filtered); or
 * -ENODATA when @ctx has not been analysed.
 */
LG_API int lg_filter_findings(struct lg_ctx *ctx, const char *kinds, const char *contexts,
			      char *why, size_t whysz);

/* Writes reports and findings; 0 or -LG_EOUTPUT / -errno. */
LG_API int lg_write(struct lg_ctx *ctx, enum lg_output fmt, unsigned int flags, FILE *out);

/* "text", "json", "dot", "html": the name of @fmt, or NULL for a value that names none. */
LG_API const char *lg_output_name(enum lg_output fmt);
/* The format @name names ("json"): 0, or -EINVAL when it names none. */
LG_API int lg_output_parse(const char *name, enum lg_output *fmt);

/* Counts after lg_analyze() (findings: those lg_filter_findings() kept), for exit codes. */
LG_API size_t lg_report_count(const struct lg_ctx *ctx);
LG_API size_t lg_finding_count(const struct lg_ctx *ctx);

/*
 * How far a finding can be trusted (docs/graph.md, "Confidence"): one report
 * shows it whole; merged from real acquisitions on kernels that coexist; or
 * merged from evidence that does not show the bug (the JSON says why).
 */
enum lg_confidence { LG_CONF_PROVED, LG_CONF_LIKELY, LG_CONF_WEAK };

/* Findings at least as sure as @weakest (LG_CONF_LIKELY: proved and likely). */
LG_API size_t lg_finding_count_at(const struct lg_ctx *ctx, enum lg_confidence weakest);

/* "proved", "likely" or "weak" into *@c: 0, or -EINVAL for another word. */
LG_API int lg_confidence_parse(const char *word, enum lg_confidence *c);
/* Number of inputs that could not be read (missing, unreadable, bad format). */
LG_API size_t lg_failed_input_count(const struct lg_ctx *ctx);

#endif /* LOCKGRAPH_H */
