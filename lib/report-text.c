// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The text reporter: what a kernel developer reads in a terminal. One block
 * per report (where, what, the locks involved) and a summary line per input.
 */
#include <stdio.h>

#include "lg-local.h"

struct style {
	const char *bold, *red, *dim, *off;
};

static void print_lock(FILE *out, const char *label, const struct lg_lock *l)
{
	fprintf(out, "    %-9s %s", label, l->cls);
	if (l->at)
		fprintf(out, "  at %s", l->at);
	fputc('\n', out);
}

static void print_contexts(FILE *out, unsigned int mask)
{
	const char *sep = "";
	int c;

	if (!mask)
		return;
	fputs("    contexts  ", out);
	for (c = 0; c < LG_CTX__COUNT; c++) {
		if (mask & (1u << c)) {
			fprintf(out, "%s%s", sep, obs_context_name(c));
			sep = ", ";
		}
	}
	fputc('\n', out);
}

static void print_report(FILE *out, const struct lg_ctx *ctx, const struct lg_report *r,
			 const struct style *st)
{
	uint32_t i;

	fprintf(out, "%s%s:%lu%s: %s%s%s", st->dim, ctx->inputs.v[r->input].path, r->line, st->off,
		st->bold, obs_kind_name(r->kind), st->off);
	if (r->title)
		fprintf(out, ": %s", r->title);
	if (!r->complete)
		fprintf(out, " %s(incomplete: %s)%s", st->red, r->reason, st->off);
	fputc('\n', out);
	if (r->has_task)
		fprintf(out, "    task      %s/%ld\n", r->task.comm ? r->task.comm : "?", r->task.pid);
	if (r->has_acquire)
		print_lock(out, "acquire", &r->acquire);
	if (r->has_holding)
		print_lock(out, "holding", &r->holding);
	if (r->has_cycle && r->cycle.n) {
		fputs("    cycle     ", out);
		for (i = 0; i < r->cycle.n; i++)
			fprintf(out, "%s \u2192 ", r->cycle.v[i]);
		fprintf(out, "%s\n", r->cycle.v[0]);
	}
	for (i = 0; i < r->edges.n; i++)
		fprintf(out, "    edge      %s \u2192 %s\n", r->edges.v[i].from, r->edges.v[i].to);
	if (r->has_sleep) {
		fputs("    sleep    ", out);
		if (r->sleep.at)
			fprintf(out, " at %s", r->sleep.at);
		if (r->sleep.in_atomic >= 0)
			fprintf(out, " in_atomic=%d", r->sleep.in_atomic);
		if (r->sleep.irqs_disabled >= 0)
			fprintf(out, " irqs_disabled=%d", r->sleep.irqs_disabled);
		if (r->sleep.non_block >= 0)
			fprintf(out, " non_block=%d", r->sleep.non_block);
		if (r->sleep.preempt_count)
			fprintf(out, " preempt_count=%s", r->sleep.preempt_count);
		fputc('\n', out);
	}
	for (i = 0; i < r->held.n; i++) {
		char label[24];

		snprintf(label, sizeof(label), "held #%u", i);
		print_lock(out, label, &r->held.v[i]);
	}
	if (r->other_tasks.n)
		fprintf(out, "    others    %u task(s) with held-lock lists\n", r->other_tasks.n);
	print_contexts(out, r->contexts);
	fputc('\n', out);
}

int report_text_write(struct lg_ctx *ctx, unsigned int flags, FILE *out)
{
	static const struct style plain = { "", "", "", "" };
	static const struct style color = { "\033[1m", "\033[31m", "\033[2m", "\033[0m" };
	const struct style *st = flags & LG_WRITE_COLOR ? &color : &plain;
	uint32_t i;

	for (i = 0; i < ctx->reports.n; i++)
		print_report(out, ctx, ctx->reports.v[i], st);
	for (i = 0; i < ctx->inputs.n; i++) {
		const struct lg_input *in = &ctx->inputs.v[i];

		if (in->error) {
			fprintf(out, "%s: not read: %s\n", in->path, lg_strerror(in->error));
			continue;
		}
		fprintf(out, "%s: %s, %lu lines, %u report(s), %u complete, %u incomplete\n",
			in->path, in->format ? in->format : "?", in->lines, in->reports,
			in->reports - in->incomplete, in->incomplete);
	}
	return 0;
}
