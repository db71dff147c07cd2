/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report spool: where reports go once no later line can change them, so
 * that memory does not grow with the number of reports. A parser builds each
 * report in the sink's report arena (obs_report_arena()); when the input is
 * done, or when the parser compacts (obs_reports_compact()), every report it
 * made is written to the context's spool file (an unlinked file in $TMPDIR)
 * and the arena is emptied. What stays in memory per report is a struct
 * report_ref: where it is and what the analyses ask of every report.
 *
 * Whoever needs a whole report again (the graph's ingest, the writers, the few
 * analyses that read a sleep report) loads it through a report cursor into
 * memory of its own, one report at a time.
 *
 * Strings: the interned ones (obs_intern()) and any other that lives as long
 * as the context are spooled as their address; strings in the report arena are
 * spooled as bytes.
 */
#ifndef LG_SPOOL_H
#define LG_SPOOL_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "obs.h"

/* report_ref.flags: what an analysis asks of every report, so it need not load it */
#define REF_NON_BLOCK_SLEEP 0x1u	/* slept inside a non_block section (sleep.non_block > 0) */
#define REF_LOCKDEP_OFF 0x2u		/* "INFO: lockdep is turned off." inside it */

struct report_ref {
	uint64_t off;		/* where in its spool */
	uint32_t len;
	uint32_t input;
	unsigned long line, end_line;
	uint16_t spool;		/* which of the context's spools */
	uint8_t kind;		/* enum lg_kind */
	uint8_t subkind;	/* enum lg_subkind */
	uint8_t flags;		/* REF_* */
	bool complete;
	unsigned int contexts;
};

/* One spool file. */
struct spool {
	int fd;
	uint64_t size;		/* bytes written, the buffer's included */
	uint64_t written;	/* of which in the file */
	unsigned char *buf;	/* what is not written to the file yet */
	size_t n_buf, cap_buf;
	int err;		/* the first write error, sticky */
};

/* An empty spool (no file yet). */
void spool_init(struct spool *sp);
void spool_close(struct spool *sp);

/*
 * spool_put - writes @r (whose lists and strings may be in @transient, which
 * is about to be emptied) to @sp as spool @index, filling @ref
 * Return: 0 or a negative errno (ENOSPC, EIO, ENOMEM).
 */
int spool_put(struct spool *sp, uint16_t index, const struct arena *transient,
	      const struct lg_report *r, struct report_ref *ref);

/* Writes out what @sp buffers, so it can be read. 0 or a negative errno. */
int spool_flush(struct spool *sp);

/* Can @ref be read back from @sp (after an error, what reached the file)? */
bool spool_holds(const struct spool *sp, const struct report_ref *ref);

/* The directory spools are made in: $TMPDIR, or /tmp. */
const char *spool_dir(void);

/*
 * Reads reports back. @spools are the context's spools (their number may grow
 * between loads, not their place). A cursor keeps the last report it loaded,
 * in its own arena, until the next load.
 */
struct report_cursor {
	struct spool *const *spools;
	uint32_t n_spools;
	struct arena scratch;
	unsigned char *win;	/* a window of one spool: loads in file order read ahead */
	size_t cap_win, n_win;
	uint64_t win_off;
	uint16_t win_spool;
	bool win_valid;
};

void report_cursor_init(struct report_cursor *c, struct spool *const *spools, uint32_t n_spools);
void report_cursor_done(struct report_cursor *c);

/*
 * report_load - the report @ref points to, valid until the cursor's next load
 * Return: 0 or a negative errno (EIO, ENOMEM, LG_ECORRUPT for a spool that
 * does not read back).
 */
int report_load(struct report_cursor *c, const struct report_ref *ref,
		const struct lg_report **r);

/* The report with all it holds in @a (strings spooled as bytes too), to be changed. */
int report_load_into(struct report_cursor *c, const struct report_ref *ref, struct arena *a,
		     struct lg_report **r);

/* Interns a string for as long as the context lives (obs_intern()), or NULL. */
struct spool_intern {
	const char *(*intern)(void *user, const char *str, size_t len);
	void *user;
};

/*
 * For the graph: the report with every list the graph's evidence can point to
 * (held lists, frames, tasks) in @keep and its lock names, sites and frames
 * interned, so that they outlive the cursor's next load; @task is the report's
 * task in @keep (evidence points to it). The rest (the report itself, titles)
 * is the cursor's.
 */
int report_load_kept(struct report_cursor *c, const struct report_ref *ref, struct arena *keep,
		     const struct spool_intern *in, const struct lg_report **r,
		     const struct lg_task **task);

#endif
