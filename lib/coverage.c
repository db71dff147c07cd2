// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What each input could tell, so that "no finding" can be told apart from
 * "nothing was checked": lockdep switches itself off at its first report
 * (every lockdep report but suspicious-RCU calls debug_locks_off(); the
 * spinlock debug checks too), and a lockdep table that runs full (BUG:
 * MAX_LOCKDEP_* too low!) ends checking as well. After that point an input
 * shows no new lock order; a boot that printed "INFO: lockdep is turned off."
 * with no such report of its own was off before the log starts.
 */
#include <string.h>

#include "analysis.h"

static bool switches_lockdep_off(const struct report_ref *r)
{
	switch (r->kind) {
	case LG_KIND_CIRCULAR:
	case LG_KIND_RECURSIVE:
	case LG_KIND_IRQ_UNSAFE_ORDER:
	case LG_KIND_IRQ_INVERSION:
	case LG_KIND_INCONSISTENT:
	case LG_KIND_INVALID_WAIT_CONTEXT:
	case LG_KIND_BAD_UNLOCK:
	case LG_KIND_HELD_LOCK_FREED:
	case LG_KIND_HELD_AT_RETURN:
		return true;
	case LG_KIND_LOCKDEP_INTERNAL:
		return r->subkind != LG_SUB_LOCKDEP_OFF;
	default:
		return false;
	}
}

/*
 * The table that ran full: "BUG: MAX_LOCKDEP_CHAINS too low!", or a lockdep
 * WARN about one ("DEBUG_LOCKS_WARN_ON(id >= MAX_LOCKDEP_KEYS)"); NULL if
 * @r is about something else. The name goes into @buf.
 */
static const char *limit_name(const struct lg_report *r, char *buf, size_t bufsz)
{
	const char *h = NULL;
	size_t n = 0;

	if (r->kind != LG_KIND_LOCKDEP_INTERNAL)
		return NULL;
	if (r->subkind == LG_SUB_MAX_LOCKDEP)
		h = r->headline ? strstr(r->headline, "MAX_") : NULL;
	else if (r->subkind == LG_SUB_LOCKDEP_WARNING && r->detail &&
		 !strncmp(r->detail, "DEBUG_LOCKS_WARN_ON(", 20))
		h = strstr(r->detail, "MAX_");
	else
		return NULL;
	if (!h)
		return r->subkind == LG_SUB_MAX_LOCKDEP ? "MAX_LOCKDEP_*" : NULL;
	while (h[n] && h[n] != ' ' && h[n] != ')' && n + 1 < bufsz) {
		buf[n] = h[n];
		n++;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * The first report of @input: reports are stored input by input, in input
 * order (as read, and again once lg_analyze() has put both in name order), so
 * a writer asking for each of 1,000 inputs does not scan every report 1,000 times.
 */
static uint32_t first_report_of(const struct lg_ctx *ctx, uint32_t input)
{
	uint32_t lo = 0, hi = ctx->reports.n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ctx->reports.v[mid].input < input)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Only lockdep-internal reports of a table or a lockdep WARN can name a limit. */
static bool may_name_limit(const struct report_ref *r)
{
	return r->kind == LG_KIND_LOCKDEP_INTERNAL &&
	       (r->subkind == LG_SUB_MAX_LOCKDEP || r->subkind == LG_SUB_LOCKDEP_WARNING);
}

int input_coverage(const struct lg_ctx *ctx, uint32_t input, struct input_coverage *cov)
{
	const struct lg_graph *g = ctx->graph;
	struct report_cursor c;
	uint32_t i;
	int err = 0;

	memset(cov, 0, sizeof(*cov));
	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	for (i = first_report_of(ctx, input); i < ctx->reports.n; i++) {
		const struct report_ref *r = &ctx->reports.v[i];

		if (r->input != input)
			break;
		cov->contexts |= r->contexts;
		if (!cov->off_by && switches_lockdep_off(r))
			cov->off_by = r;
		if (cov->n_exhausted < COVERAGE_LIMITS && may_name_limit(r)) {
			const struct lg_report *whole;
			const char *limit;

			err = report_load(&c, r, &whole);
			if (err)
				break;
			limit = limit_name(whole, cov->exhausted[cov->n_exhausted].name,
					   sizeof(cov->exhausted[0].name));
			if (limit) {
				cov->exhausted[cov->n_exhausted].line = r->line;
				cov->exhausted[cov->n_exhausted++].limit = limit;
			}
		}
		if (!cov->off_by && !cov->off_already &&
		    ((r->kind == LG_KIND_LOCKDEP_INTERNAL && r->subkind == LG_SUB_LOCKDEP_OFF) ||
		     (r->flags & REF_LOCKDEP_OFF)))
			cov->off_already = r;
	}
	report_cursor_done(&c);
	/* a capture's contexts: those of all the evidence it put into the graph */
	if (g && ctx->inputs.v[input].binary && input < g->n_votes)
		cov->contexts |= g->votes[input].trace_contexts;
	return err;
}
