/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Titles of lockdep-family reports as syzkaller's pkg/report gives them
 * ("possible deadlock in blkdev_reread_part", "INFO: task hung in rtnl_lock"),
 * so that triage can cross-reference syzbot. Pure text in, text out: it knows
 * nothing of files, observations or the graph.
 */
#ifndef LG_PARSERS_TITLE_H
#define LG_PARSERS_TITLE_H

#include <stdbool.h>
#include <stddef.h>

struct title_ctx;

/*
 * Compiles the patterns once (PCRE2, JIT where available). NULL on failure.
 * A context holds match scratch space: use one per thread.
 */
struct title_ctx *title_ctx_new(void);
void title_ctx_free(struct title_ctx *tc); /* NULL-safe */

/*
 * title_for_report - the syzkaller title of one report
 * @tc:    from title_ctx_new()
 * @lines: the report's lines, printk framing already removed (timestamps,
 *         caller ids, syslog and mail prefixes), text otherwise as printed
 *         (leading spaces kept); lines[0] is the report's first line (the
 *         "=====" rule when there is one, else the title line); the lines run
 *         to the end of the report and may run further (to the end of the log)
 * @n:     number of lines
 * @out:   receives the NUL-terminated title
 * @outsz: size of @out
 *
 * Return: 0 with the title in @out; -ENOENT when no lockdep-family format
 * matches lines[0..]; -ENOSPC when @outsz is too small (a title is at most
 * 120 bytes + NUL); -EINVAL for NULL arguments or lines; -ENOMEM when out of
 * memory; -EIO when PCRE2 fails to match (e.g. its JIT stack limit is hit);
 * -EAGAIN only with TITLE_OPEN_END (below).
 */
int title_for_report(struct title_ctx *tc, const char *const *lines, size_t n, char *out,
		     size_t outsz);

/*
 * The log had printk caller ids ("[ T123]", "[  C0]") and @lines are those of the report's
 * caller only (plus the CPU contexts of an NMI backtrace it triggered). syzkaller then does
 * not end the report at the next oops header, since lines of other reports are already gone;
 * without caller ids it ends the report there.
 */
#define TITLE_CALLER_ROUTED 0x1u

/*
 * @lines may go on: the title is given only when no lines after them could change it, else
 * -EAGAIN (call again with more lines). A caller whose lines always do go on (a log still
 * being read) gets the title as early as it is known, and the same title it would get
 * later with all the lines.
 */
#define TITLE_OPEN_END 0x2u

/* title_for_report() with TITLE_* @flags; title_for_report() is this with @flags 0. */
int title_for_report_flags(struct title_ctx *tc, const char *const *lines, size_t n,
			   unsigned int flags, char *out, size_t outsz);

/*
 * title_may_follow - whether more lines can give @lines a title
 *
 * Return: false when title_for_report_flags() gives -ENOENT for @lines followed by any
 * lines at all (their first line that is not a rule or blank opens no syzkaller oops group
 * with formats, e.g. "Showing all locks held in the system:"), true otherwise.
 */
bool title_may_follow(const char *const *lines, size_t n);

#endif
