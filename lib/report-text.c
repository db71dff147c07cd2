// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The text reporter: what a kernel developer reads in a terminal. One block
 * per report (where, what, the locks involved) and a summary line per input.
 */
#include <stdio.h>

#include "analysis.h"
#include "fput.h"
#include "lg-local.h"
#include "output.h"

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
	if (!mask)
		return;
	fputs("    contexts  ", out);
	fput_contexts(out, mask);
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

static void print_evidence(FILE *out, const struct lg_ctx *ctx, const struct dep_evidence *ev,
			   const struct style *st)
{
	uint32_t i;

	if (ev->kind == EV_TRACE) {
		/* microseconds, rounded, as trace-cmd report prints them */
		unsigned long long us = (ev->ts + 500) / 1000;

		fprintf(out, "        %s%s: %llu.%06llu cpu %d%s %s%s", st->dim,
			ctx->inputs.v[ev->input].path, us / 1000000, us % 1000000, ev->cpu, st->off,
			evidence_kind_name(ev->kind), ev->read ? " (read)" : "");
	} else {
		fprintf(out, "        %s%s:%u%s %s", st->dim, ctx->inputs.v[ev->input].path,
			ev->line, st->off, evidence_kind_name(ev->kind));
	}
	if (ev->task)
		fprintf(out, ", %s/%ld", ev->task->comm ? ev->task->comm : "?", ev->task->pid);
	if (ev->at)
		fprintf(out, ", at %s", ev->at);
	if (ev->contexts) {
		fputs(" [", out);
		fput_contexts(out, ev->contexts);
		fputc(']', out);
	}
	if (evidence_priming(ev))
		fputs(" (lockdep priming: an order the kernel declares, not an acquisition)", out);
	fputc('\n', out);
	for (i = 0; i < ev->n_frames; i++)
		fprintf(out, "            %s\n", ev->frames[i]);
}

/*
 * Lockdep's "Possible unsafe locking scenario", laid out as lockdep prints it,
 * then where the evidence shows each acquisition, so a reader checks a merged
 * cycle against the code in seconds.
 */
static void print_scenario(FILE *out, const struct lg_ctx *ctx, const struct finding *f)
{
	const struct lg_graph *g = ctx->graph;
	struct scenario sc;
	uint32_t i;

	if (!finding_scenario(f, &sc))
		return;
	if (f->n_classes > 2) {
		fputs("    Chain exists of:\n      ", out);
		for (i = 0; i < f->n_classes; i++)
			fprintf(out, "%s%s", i ? " --> " : "",
				g->classes[f->classes[(sc.first + i) % f->n_classes]].name);
		fputs("\n\n", out);
	}
	/* lockdep's own layout (print_circular_lock_scenario()), indented by four */
	fputs("     Possible unsafe locking scenario:\n\n"
	      "           CPU0                    CPU1\n"
	      "           ----                    ----\n", out);
	for (i = 0; i < sc.n_steps; i++)
		fprintf(out, "    %s  lock(%s);\n",
			sc.steps[i].cpu ? "                             " : "",
			g->classes[sc.steps[i].cls].name);
	fputs("\n     *** DEADLOCK ***\n\n", out);
	for (i = 0; i < sc.n_steps; i++) {
		const struct scenario_step *st = &sc.steps[i];
		struct dep_evidence ev;

		if (!scenario_evidence(g, st, &ev))
			continue;
		fprintf(out, "    CPU%u lock(%s) holding %s: %s", st->cpu, g->classes[st->cls].name,
			g->classes[g->edges[st->edge].from].name, ctx->inputs.v[ev.input].path);
		if (ev.kind != EV_TRACE)
			fprintf(out, ":%u", ev.line);
		if (ev.task)
			fprintf(out, ", %s/%ld", ev.task->comm ? ev.task->comm : "?", ev.task->pid);
		if (ev.at)
			fprintf(out, ", at %s", ev.at);
		fputc('\n', out);
	}
}

/* The findings folded into this one: the same bug seen another way. */
static void print_also(FILE *out, const struct finding *f)
{
	uint32_t i;

	for (i = 0; i < f->n_also; i++) {
		const struct finding *m = f->also[i];

		fprintf(out, "    also      %s (%s", m->title, confidence_name(m->confidence));
		if (m->reasons) {
			fputs(": ", out);
			fput_names(out, m->reasons, WEAK__COUNT, weak_reason_name);
		}
		fprintf(out, ", %s)\n", m->signature);
	}
}

static void print_finding(FILE *out, struct lg_ctx *ctx, const struct finding *f,
			  const struct style *st)
{
	const struct lg_graph *g = ctx->graph;
	uint32_t i, j;

	fprintf(out, "%s%s%s: %s\n", st->bold, finding_type_name(f->type), st->off, f->title);
	fprintf(out, "    %s%s%s, %s, %s\n", st->red,
		f->reported ? "already shown by one report" : "new: no single report shows it",
		st->off, confidence_name(f->confidence), f->signature);
	for (i = 0; i < f->n_classes; i++) {
		const struct lock_class *c = &g->classes[f->classes[i]];

		fprintf(out, "    %s%s%s (%s", st->bold, c->name, st->off, lock_kind_name(c->kind));
		if (c->basis != BASIS_NONE && c->basis != BASIS_PSEUDO)
			fprintf(out, " by %s", kind_basis_name(c->basis));
		fputc(')', out);
		if (i < f->n_edges) {
			const struct dep_edge *e = &g->edges[f->edges[i]];
			const struct ev_rec *rec;
			struct dep_evidence ev;

			fprintf(out, " \u2192 %s, %u piece(s) of evidence\n",
				g->classes[e->to].name, e->n_evidence);
			uint32_t only = graph_evidence_of_report(e, f->sleep_report);

			j = 0;
			for_each_evidence(e, rec, ev) {
				if (only != GRAPH_NONE && ev.report != only)
					continue;
				if (j++ == 3)
					break;
				print_evidence(out, ctx, &ev, st);
			}
			if (j > 3)
				j = 3;
			if (e->n_evidence > j)
				fprintf(out, "        ... and %u more\n", e->n_evidence - j);
		} else {
			fputc('\n', out);
		}
	}
	if (f->contexts) {
		fputs("    contexts  ", out);
		fput_contexts(out, f->contexts);
		fputc('\n', out);
	}
	if (f->flags) {
		fputs("    flags     ", out);
		fput_names(out, f->flags, FINDING__FLAGS, finding_flag_name);
		if (f->flags & FINDING_GATED)
			fprintf(out, " (%s)", g->classes[f->gate].name);
		fputc('\n', out);
	}
	/* a report printed its own; a merged cycle gets one */
	if (f->confidence != CONF_PROVED) {
		fputc('\n', out);
		print_scenario(out, ctx, f);
	}
	print_also(out, f);
	fputc('\n', out);
}

/* Weak findings last, one block of a few lines each: hints, not verdicts. */
static void print_weak(FILE *out, const struct finding *f, const struct style *st)
{
	fprintf(out, "%s%s%s: %s\n", st->bold, finding_type_name(f->type), st->off, f->title);
	fputs("    weak: ", out);
	fput_names(out, f->reasons, WEAK__COUNT, weak_reason_name);
	fprintf(out, ", %s\n", f->signature);
	print_also(out, f);
}

/* Only what limits the input: a clean, fully checked log adds no line. */
static int print_coverage(FILE *out, const struct lg_ctx *ctx, uint32_t idx)
{
	const struct lg_input *in = &ctx->inputs.v[idx];
	struct input_coverage cov;
	uint32_t i;
	int err = input_coverage(ctx, idx, &cov);

	if (err)
		return err;
	if (in->kernel)
		fprintf(out, "    kernel: %s\n", in->kernel);
	if (cov.off_by)
		fprintf(out, "    lockdep off from line %lu (%s): later lock order was not checked\n",
			cov.off_by->line, obs_kind_name(cov.off_by->kind));
	else if (cov.off_already)
		fprintf(out, "    lockdep was off before the log (the report at line %lu says so)\n",
			cov.off_already->line);
	for (i = 0; i < cov.n_exhausted; i++)
		fprintf(out, "    lockdep table full at line %lu: %s\n", cov.exhausted[i].line,
			cov.exhausted[i].limit);
	return 0;
}

int report_text_write(struct lg_ctx *ctx, unsigned int flags, FILE *out)
{
	static const struct style plain = { "", "", "", "" };
	static const struct style color = { "\033[1m", "\033[31m", "\033[2m", "\033[0m" };
	const struct style *st = flags & LG_WRITE_COLOR ? &color : &plain;
	struct report_cursor c;
	uint32_t i, j;
	int err = 0;

	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	for (i = 0; i < ctx->reports.n && !err; i++) {
		const struct lg_report *r;

		err = report_load(&c, &ctx->reports.v[i], &r);
		if (!err)
			print_report(out, ctx, r, st);
	}
	report_cursor_done(&c);
	if (err)
		return err;
	for (i = 0; i < findings_count(ctx); i++)
		if (finding_at(ctx, i)->confidence != CONF_WEAK)
			print_finding(out, ctx, finding_at(ctx, i), st);
	for (i = 0, j = 0; i < findings_count(ctx); i++) {
		if (finding_at(ctx, i)->confidence != CONF_WEAK)
			continue;
		if (!j++)
			fputs("weak findings: merged from evidence that does not show the bug "
			      "(docs/graph.md, \"Confidence\")\n\n", out);
		print_weak(out, finding_at(ctx, i), st);
	}
	if (j)
		fputc('\n', out);
	for (i = 0; i < ctx->inputs.n; i++) {
		const struct lg_input *in = &ctx->inputs.v[i];

		if (in->error) {
			fprintf(out, "%s: not read: %s\n", in->path, lg_strerror(in->error));
			continue;
		}
		if (in->binary)
			fprintf(out, "%s: %s, %llu events, %llu lost\n", in->path,
				in->format ? in->format : "?", (unsigned long long)in->events,
				(unsigned long long)in->lost_events);
		else
			fprintf(out, "%s: %s, %lu lines, %u report(s), %u complete, %u incomplete\n",
				in->path, in->format ? in->format : "?", in->lines, in->reports,
				in->reports - in->incomplete, in->incomplete);
		for (j = 0; j < in->notes.n; j++)
			fprintf(out, "    note: %s\n", in->notes.v[j]);
		err = print_coverage(out, ctx, i);
		if (err)
			return err;
		/* lock kinds from {N:N} are guesses where the numbering cannot be told */
		if (ctx->findings && ctx->findings->wait_config[i] == WAITCFG_UNKNOWN)
			fprintf(out, "    note: wait-type numbering unknown: %s\n",
				ctx->findings->wait_config_why[i]);
	}
	if (ctx->graph) {
		size_t n = findings_count(ctx), by[CONF__COUNT] = { 0 }, folded = 0;

		for (i = 0; i < n; i++) {
			by[finding_at(ctx, i)->confidence]++;
			folded += finding_at(ctx, i)->n_also;
		}
		fprintf(out, "graph: %u classes, %u edges; %zu finding(s): %zu proved, %zu likely, "
			"%zu weak", ctx->graph->n_classes, ctx->graph->n_edges, n, by[CONF_PROVED],
			by[CONF_LIKELY], by[CONF_WEAK]);
		if (folded)
			fprintf(out, "; %zu more folded into them", folded);
		if (ctx->findings->folded_only)
			fprintf(out, "; %u dropped: they exist only by folding name versions",
				ctx->findings->folded_only);
		if (ctx->findings->filtered_out)
			fprintf(out, "; %u more left out by the filter",
				ctx->findings->filtered_out);
		if (ctx->findings->known_out)
			fprintf(out, "; %u known from the baseline", ctx->findings->known_out);
		if (ctx->findings->suppressed)
			fprintf(out, "; %u suppressed", ctx->findings->suppressed);
		fputc('\n', out);
	}
	return 0;
}
