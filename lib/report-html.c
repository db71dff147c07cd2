// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The HTML reporter (docs/html-output.md): one self-contained page a triager
 * opens in a browser or attaches to a mail. No network: the CSS, the script
 * and every drawing are inline; the drawings are SVG laid out here by
 * Graphviz's library (libgvc). Readable without JavaScript (<details> opens
 * sections, links jump to findings); with it, the findings table sorts and
 * filters. Big results stay openable: past the limits below the page lists
 * the rest in short form and says how to get them whole.
 */
#include <errno.h>
#include <graphviz/gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "fput.h"
#include "lg-local.h"
#include "output.h"
#include "source.h"
#include "utf8.h"

/* Beyond these, findings and reports are listed in one table row each. */
#define HTML_FINDINGS_FULL 1000
#define HTML_FINDINGS_DRAWN 300
#define HTML_REPORTS_FULL 2000
/* Beyond these, not even a row: the page says how many, the JSON has them. */
#define HTML_FINDINGS_LISTED 10000
#define HTML_REPORTS_LISTED 20000
#define HTML_EVIDENCE_SHOWN 8	/* per edge; the JSON has every kept one */
#define HTML_INPUTS_OPEN 12	/* more inputs: their table starts folded */

/* Edge colours by evidence kind: what kind of witness an edge rests on. */
static const char *const evidence_colour[EV__COUNT] = {
	[EV_CHAIN_LINK] = "#1f77b4", [EV_ACQUISITION] = "#d62728", [EV_HELD_LIST] = "#7f7f7f",
	[EV_STATED] = "#9467bd",     [EV_CONTEXT] = "#2ca02c",	   [EV_TRACE] = "#ff7f0e",
	[EV_SLEEP] = "#8c564b",
};

/* @s as HTML text or attribute value; bytes that are not UTF-8 become U+FFFD. */
static void esc(FILE *out, const char *s)
{
	char *clean = NULL;

	if (s && !utf8_valid(s))
		s = clean = utf8_sanitize(s);
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
	free(clean);
}

static void esc_td(FILE *out, const char *s)
{
	fputs("<td>", out);
	esc(out, s);
	fputs("</td>", out);
}

static const char *const page_style =
	"body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 1em}"
	"h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:2em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}"
	"th{background:#f3f3f3}th[data-sort]{cursor:pointer}"
	"code,pre,.sig{font:12px/1.35 ui-monospace,monospace}"
	"pre{background:#f8f8f8;padding:.5em;overflow-x:auto}"
	".proved{color:#a00;font-weight:bold}.likely{color:#c60;font-weight:bold}"
	".weak{color:#777}.finding{border-top:2px solid #eee;margin-top:1.5em}"
	".drawing svg{max-width:100%;height:auto}details{margin:.2em 0}"
	"summary{cursor:pointer}.note{color:#555}.incomplete{color:#a00}"
	"#filter{margin:.5em 0;padding:3px;width:30em}"
	"table.findings{table-layout:fixed;width:100%}"
	"table.findings th:first-child{width:3.5em}table.findings th:nth-child(2),"
	"table.findings th:nth-child(3){width:6.5em}table.findings th:nth-child(5){width:9em}"
	"table.findings th:nth-child(6){width:13em}table.findings th:nth-child(n+7){width:5em}"
	"table.findings td{overflow-wrap:anywhere}";

/* Sorting by a header click and filtering by text; the page works without it. */
static const char *const page_script =
	"(function(){var ts=document.querySelectorAll('table.findings');if(!ts.length)return;"
	"var f=document.getElementById('filter');f.hidden=false;"
	"f.addEventListener('input',function(){var q=f.value.toLowerCase();"
	"ts.forEach(function(t){Array.prototype.forEach.call(t.tBodies[0].rows,function(r){"
	"r.hidden=q&&r.textContent.toLowerCase().indexOf(q)<0;});});});"
	"ts.forEach(function(t){Array.prototype.forEach.call(t.tHead.rows[0].cells,"
	"function(th,i){th.dataset.sort='';"
	"th.addEventListener('click',function(){var b=t.tBodies[0],"
	"rows=Array.prototype.slice.call(b.rows),up=th.dataset.dir!=='up';"
	"th.dataset.dir=up?'up':'down';rows.sort(function(x,y){"
	"var a=x.cells[i].dataset.key||x.cells[i].textContent,"
	"c=y.cells[i].dataset.key||y.cells[i].textContent,"
	"n=parseFloat(a)-parseFloat(c);var d=isNaN(n)?a.localeCompare(c):n;"
	"return up?d:-d;});rows.forEach(function(r){b.appendChild(r);});});});});})();";

static void page_head(FILE *out, const struct lg_ctx *ctx)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
	fprintf(out, "<title>lockgraph: %zu finding(s), %u report(s)</title>\n",
		findings_count(ctx), ctx->reports.n);
	fprintf(out, "<style>%s</style>\n</head>\n<body>\n<h1>lockgraph report</h1>\n",
		page_style);
	fputs("<p class=\"note\">Made by lockgraph " LG_VERSION_STRING ". Findings: see "
	      "docs/graph.md of lockgraph for what cycle, sleep path, irq inversion and "
	      "each confidence mean.</p>\n", out);
}

/* Counts by type and confidence, and what the filters, baseline and suppressions left out. */
static void page_summary(FILE *out, const struct lg_ctx *ctx)
{
	size_t n = findings_count(ctx), by[FINDING__COUNT][CONF__COUNT] = { { 0 } }, i;
	const struct lg_findings *fs = ctx->findings;
	unsigned int t, c;

	for (i = 0; i < n; i++)
		by[finding_at(ctx, i)->type][finding_at(ctx, i)->confidence]++;
	fputs("<h2 id=\"summary\">Summary</h2>\n<table>\n<tr><th>finding type</th>", out);
	for (c = 0; c < CONF__COUNT; c++)
		fprintf(out, "<th>%s</th>", confidence_name(c));
	fputs("</tr>\n", out);
	for (t = 0; t < FINDING__COUNT; t++) {
		fprintf(out, "<tr><td>%s</td>", finding_type_name(t));
		for (c = 0; c < CONF__COUNT; c++)
			fprintf(out, "<td>%zu</td>", by[t][c]);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
	fprintf(out, "<p>%u report(s) in %u input(s)", ctx->reports.n, ctx->inputs.n);
	if (ctx->graph)
		fprintf(out, "; merged graph of %u classes and %u edges", ctx->graph->n_classes,
			ctx->graph->n_edges);
	if (fs) {
		fprintf(out, ". Findings listed: %zu", n);
		if (fs->known_out)
			fprintf(out, "; known from the baseline: %u", fs->known_out);
		if (fs->suppressed)
			fprintf(out, "; suppressed: %u", fs->suppressed);
		if (fs->filtered_out)
			fprintf(out, "; left out by --kind/--context: %u", fs->filtered_out);
		if (fs->grouped)
			fprintf(out, "; folded into another finding of the same bug: %u",
				fs->grouped);
	}
	fputs(".</p>\n", out);
}

static void input_coverage_cell(FILE *out, const struct lg_ctx *ctx, uint32_t idx)
{
	const struct lg_input *in = &ctx->inputs.v[idx];
	struct input_coverage cov;
	uint32_t i;

	fputs("<td>", out);
	if (input_coverage(ctx, idx, &cov))
		fputs("(could not be read back)<br>", out);
	if (cov.off_by)
		fprintf(out, "lockdep off from line %lu (%s)<br>", cov.off_by->line,
			obs_kind_name(cov.off_by->kind));
	else if (cov.off_already)
		fprintf(out, "lockdep off before the log (line %lu)<br>", cov.off_already->line);
	for (i = 0; i < cov.n_exhausted; i++) {
		fprintf(out, "table full at line %lu: ", cov.exhausted[i].line);
		esc(out, cov.exhausted[i].limit);
		fputs("<br>", out);
	}
	if (in->binary && in->lost_events)
		fprintf(out, "%llu trace events lost<br>", (unsigned long long)in->lost_events);
	for (i = 0; i < in->notes.n; i++) {
		esc(out, in->notes.v[i]);
		fputs("<br>", out);
	}
	fputs("</td>", out);
}

static void page_inputs(FILE *out, const struct lg_ctx *ctx)
{
	uint32_t i;

	fputs("<h2 id=\"inputs\">Inputs</h2>\n", out);
	/* many inputs would push the findings off the first screen: folded, one click away */
	fprintf(out, "<details%s><summary>%u input(s)</summary>\n",
		ctx->inputs.n <= HTML_INPUTS_OPEN ? " open" : "", ctx->inputs.n);
	fputs("<table>\n<tr><th>input</th><th>format</th>"
	      "<th>kernel</th><th>read</th><th>reports</th><th>coverage and notes</th></tr>\n",
	      out);
	for (i = 0; i < ctx->inputs.n; i++) {
		const struct lg_input *in = &ctx->inputs.v[i];

		fputs("<tr>", out);
		esc_td(out, in->path);
		if (in->error) {
			fputs("<td colspan=\"5\" class=\"incomplete\">not read: ", out);
			esc(out, lg_strerror(in->error));
			fputs("</td></tr>\n", out);
			continue;
		}
		esc_td(out, in->format ? in->format : "?");
		esc_td(out, in->kernel ? in->kernel : "");
		if (in->binary)
			fprintf(out, "<td>%llu events</td>", (unsigned long long)in->events);
		else
			fprintf(out, "<td>%lu lines</td>", in->lines);
		fprintf(out, "<td>%u (%u incomplete)</td>", in->reports, in->incomplete);
		input_coverage_cell(out, ctx, i);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n</details>\n", out);
}

/* How many inputs the kept evidence of @f's edges comes from (@seen: one byte per input, zero). */
static uint32_t finding_inputs(const struct lg_graph *g, const struct finding *f, uint8_t *seen,
			       uint32_t n_inputs)
{
	const struct ev_rec *rec;
	uint32_t n = 0, i;

	for (i = 0; i < f->n_edges; i++) {
		for (rec = g->edges[f->edges[i]].first; rec; rec = rec->next) {
			uint32_t input = ev_rec_input(rec);

			if (input < n_inputs && !seen[input]) {
				seen[input] = 1;
				n++;
			}
		}
	}
	/* cleared for the next finding by the same walk */
	for (i = 0; i < f->n_edges; i++)
		for (rec = g->edges[f->edges[i]].first; rec; rec = rec->next)
			if (ev_rec_input(rec) < n_inputs)
				seen[ev_rec_input(rec)] = 0;
	return n;
}

/* Findings @from..@to-1 as one table; those with a section link to it. */
static void findings_table(FILE *out, const struct lg_ctx *ctx, size_t from, size_t to,
			   const char *id)
{
	uint8_t *seen = calloc(ctx->inputs.n + 1, 1);	/* NULL: the inputs column shows 0 */
	size_t i;

	fprintf(out, "<table class=\"findings\"%s%s%s>\n<thead><tr><th>#</th><th>type</th>"
		"<th>confidence</th><th>title</th><th>contexts</th><th>signature</th>"
		"<th>shown by</th><th>inputs</th></tr></thead>\n<tbody>\n",
		id ? " id=\"" : "", id ? id : "", id ? "\"" : "");
	for (i = from; i < to; i++) {
		const struct finding *f = finding_at(ctx, i);
		uint32_t n_in = seen ? finding_inputs(ctx->graph, f, seen, ctx->inputs.n) : 0;

		fprintf(out, "<tr><td data-key=\"%zu\">%zu</td><td>%s</td>"
			"<td data-key=\"%u\" class=\"%s\">%s</td><td>", i + 1, i + 1,
			finding_type_name(f->type), f->confidence, confidence_name(f->confidence),
			confidence_name(f->confidence));
		if (i < HTML_FINDINGS_FULL)
			fprintf(out, "<a href=\"#f-%zu\">", i + 1);
		esc(out, f->title);
		fputs(i < HTML_FINDINGS_FULL ? "</a></td><td>" : "</td><td>", out);
		fput_contexts(out, f->contexts);
		fprintf(out, "</td><td class=\"sig\">%s</td><td>%s</td><td>%u</td></tr>\n",
			f->signature, f->reported ? "one report" : "merged", n_in);
	}
	fputs("</tbody>\n</table>\n", out);
	free(seen);
}

static void page_findings_table(FILE *out, const struct lg_ctx *ctx)
{
	size_t n = findings_count(ctx);
	size_t listed = n < HTML_FINDINGS_LISTED ? n : HTML_FINDINGS_LISTED;

	fputs("<h2 id=\"findings\">Findings</h2>\n", out);
	if (!n) {
		fputs("<p>No findings.</p>\n", out);
		return;
	}
	fputs("<p class=\"note\">In the drawings, an edge's colour is the kind of its first "
	      "piece of evidence: acquisition red, chain link blue, held-lock list grey, stated "
	      "purple, context green, trace orange, sleep brown. Spinning locks are filled red, "
	      "lockdep maps dotted, contexts dashed green.</p>\n", out);
	fputs("<input id=\"filter\" type=\"search\" placeholder=\"filter findings\" hidden>\n",
	      out);
	findings_table(out, ctx, 0, listed < HTML_FINDINGS_FULL ? listed : HTML_FINDINGS_FULL,
		       "findings-table");
	if (listed <= HTML_FINDINGS_FULL)
		return;
	/* a browser lays out a closed <details> only when it is opened: the page opens fast */
	fprintf(out, "<details><summary>%zu more findings, one row each (no section; narrow "
		"the result with --kind or --context, or take --format=json for them in "
		"full)</summary>\n", listed - HTML_FINDINGS_FULL);
	findings_table(out, ctx, HTML_FINDINGS_FULL, listed, NULL);
	fputs("</details>\n", out);
	if (n > listed)
		fprintf(out, "<p class=\"note\">%zu more findings are not listed on this page.</p>\n",
			n - listed);
}

/* @f's cycle or path drawn as inline SVG by Graphviz's own layout. */
static void draw_finding(FILE *out, GVC_t *gvc, const struct lg_graph *g,
			 const struct finding *f, size_t idx)
{
	Agraph_t *G;
	Agnode_t **nodes;
	char id[48], *svg = NULL, *start;
	unsigned int len = 0;
	uint32_t i;

	snprintf(id, sizeof(id), "g%zu", idx);
	G = agopen(id, Agdirected, NULL);
	nodes = calloc(f->n_classes + 1, sizeof(*nodes));
	if (!G || !nodes)
		goto out;
	agattr(G, AGRAPH, "rankdir", f->type == FINDING_CYCLE ? "TB" : "LR");
	agattr(G, AGRAPH, "id", id);
	agattr(G, AGNODE, "shape", "box");
	agattr(G, AGNODE, "style", "rounded");
	agattr(G, AGNODE, "fontname", "sans-serif");
	agattr(G, AGNODE, "fontsize", "11");
	agattr(G, AGNODE, "height", "0.3");
	agattr(G, AGRAPH, "nodesep", "0.3");
	agattr(G, AGRAPH, "ranksep", "0.35");
	agattr(G, AGNODE, "id", "");
	agattr(G, AGEDGE, "color", "black");
	agattr(G, AGEDGE, "id", "");
	for (i = 0; i < f->n_classes; i++) {
		const struct lock_class *c = &g->classes[f->classes[i]];

		nodes[i] = agnode(G, (char *)c->name, 1);
		snprintf(id, sizeof(id), "g%zun%u", idx, i);
		agset(nodes[i], "id", id);
		if (c->flags & CLASS_PSEUDO) {	/* a context, not a lock */
			agsafeset(nodes[i], "style", "rounded,filled,dashed", "");
			agsafeset(nodes[i], "fillcolor", "#e8f4e8", "");
		} else if (c->kind == LOCK_KIND_SPIN) {	/* must not sleep under it */
			agsafeset(nodes[i], "style", "rounded,filled", "");
			agsafeset(nodes[i], "fillcolor", "#fde8e8", "");
		} else if (c->kind == LOCK_KIND_MAP) {
			agsafeset(nodes[i], "style", "rounded,dotted", "");
		}
	}
	for (i = 0; i < f->n_edges; i++) {
		const struct dep_edge *de = &g->edges[f->edges[i]];
		Agedge_t *e = agedge(G, nodes[i], nodes[(i + 1) % f->n_classes], NULL, 1);

		if (!e)
			continue;
		snprintf(id, sizeof(id), "g%zue%u", idx, i);
		agset(e, "id", id);
		if (de->first && de->first->kind < EV__COUNT)
			agset(e, "color", (char *)evidence_colour[de->first->kind]);
	}
	if (gvLayout(gvc, G, "dot") == 0) {
		if (gvRenderData(gvc, G, "svg", &svg, &len) == 0 && svg &&
		    (start = strstr(svg, "<svg")))
			fprintf(out, "<div class=\"drawing\">%s</div>\n", start);
		gvFreeRenderData(svg);
		gvFreeLayout(gvc, G);
	}
out:
	free(nodes);
	if (G)
		agclose(G);
}

/*
 * Where a piece of evidence was seen: input and line (trace time and CPU with
 * @full), with @full its kind, then the task and where the lock was taken.
 */
static void evidence_where(FILE *out, const struct lg_ctx *ctx, const struct dep_evidence *ev,
			   bool full)
{
	esc(out, ctx->inputs.v[ev->input].path);
	if (ev->kind != EV_TRACE) {
		fprintf(out, ":%u", ev->line);
	} else if (full) {
		unsigned long long us = (ev->ts + 500) / 1000;

		fprintf(out, " at %llu.%06llu cpu %d", us / 1000000, us % 1000000, ev->cpu);
	}
	if (full) {
		fprintf(out, " <b>%s</b>", evidence_kind_name(ev->kind));
		if (ev->read)
			fputs(" (read)", out);
	}
	if (ev->task) {
		fputs(", task ", out);
		esc(out, ev->task->comm ? ev->task->comm : "?");
		fprintf(out, "/%ld", ev->task->pid);
	}
	if (ev->at) {
		fputs(full ? ", taken at <code>" : ", at <code>", out);
		esc(out, ev->at);
		fputs("</code>", out);
	}
}

static void evidence_item(FILE *out, const struct lg_ctx *ctx, const struct dep_evidence *ev)
{
	uint32_t i;

	fputs("<li>", out);
	evidence_where(out, ctx, ev, true);
	if (ev->contexts) {
		fputs(" [", out);
		fput_contexts(out, ev->contexts);
		fputc(']', out);
	}
	if (evidence_priming(ev))
		fputs(" (lockdep priming: an order the kernel declares, not an acquisition)", out);
	if (ev->n_frames) {
		fputs("<pre>", out);
		for (i = 0; i < ev->n_frames; i++) {
			esc(out, ev->frames[i]);
			fputc('\n', out);
		}
		fputs("</pre>", out);
	}
	fputs("</li>\n", out);
}

static void finding_edges(FILE *out, const struct lg_ctx *ctx, const struct finding *f)
{
	const struct lg_graph *g = ctx->graph;
	uint32_t i, shown;

	for (i = 0; i < f->n_edges; i++) {
		const struct dep_edge *e = &g->edges[f->edges[i]];
		uint32_t only = graph_evidence_of_report(e, f->sleep_report);
		const struct ev_rec *rec;
		struct dep_evidence ev;

		fputs("<details><summary><code>", out);
		esc(out, g->classes[e->from].name);
		fputs("</code> \u2192 <code>", out);
		esc(out, g->classes[e->to].name);
		fprintf(out, "</code>: %u piece(s) of evidence</summary>\n<ul>\n", e->n_evidence);
		shown = 0;
		for_each_evidence(e, rec, ev) {
			if (only != GRAPH_NONE && ev.report != only)
				continue;
			if (shown++ == HTML_EVIDENCE_SHOWN)
				break;
			evidence_item(out, ctx, &ev);
		}
		fputs("</ul>", out);
		if (e->n_evidence > HTML_EVIDENCE_SHOWN)
			fputs("<p class=\"note\">The JSON output lists every piece kept.</p>", out);
		fputs("</details>\n", out);
	}
}

/* Lockdep's "Possible unsafe locking scenario" as a two-column table, then where each
 * acquisition is shown (the evidence of its edge), so a reader checks it against the code. */
static void finding_scenario_table(FILE *out, const struct lg_ctx *ctx, const struct finding *f)
{
	const struct lg_graph *g = ctx->graph;
	struct scenario sc;
	uint32_t i;

	if (!finding_scenario(f, &sc))
		return;
	fputs("<p>Possible unsafe locking scenario:</p>\n<table><tr><th>CPU0</th><th>CPU1</th></tr>\n",
	      out);
	for (i = 0; i < sc.n_steps; i++) {
		fputs(sc.steps[i].cpu ? "<tr><td></td><td>" : "<tr><td>", out);
		fputs("lock(", out);
		esc(out, g->classes[sc.steps[i].cls].name);
		fputs(sc.steps[i].cpu ? ");</td></tr>\n" : ");</td><td></td></tr>\n", out);
	}
	fputs("</table>\n<p><b>*** DEADLOCK ***</b></p>\n<ul>\n", out);
	for (i = 0; i < sc.n_steps; i++) {
		const struct scenario_step *st = &sc.steps[i];
		struct dep_evidence ev;

		if (!scenario_evidence(g, st, &ev))
			continue;
		fprintf(out, "<li>CPU%u lock(<code>", st->cpu);
		esc(out, g->classes[st->cls].name);
		fputs("</code>) holding <code>", out);
		esc(out, g->classes[g->edges[st->edge].from].name);
		fputs("</code>: ", out);
		evidence_where(out, ctx, &ev, false);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

static void finding_section(FILE *out, const struct lg_ctx *ctx, GVC_t *gvc,
			    const struct finding *f, size_t idx)
{
	const struct lg_graph *g = ctx->graph;
	uint32_t i;

	fprintf(out, "<section class=\"finding\" id=\"f-%zu\">\n<h3>%zu. %s: ", idx + 1, idx + 1,
		finding_type_name(f->type));
	esc(out, f->title);
	fprintf(out, "</h3>\n<p><span class=\"%s\">%s</span>", confidence_name(f->confidence),
		confidence_name(f->confidence));
	if (f->reasons) {
		fputs(" (", out);
		fput_names(out, f->reasons, WEAK__COUNT, weak_reason_name);
		fputc(')', out);
	}
	fprintf(out, "; %s; signature <span class=\"sig\">%s</span>",
		f->reported ? "already shown by one report" : "new: no single report shows it",
		f->signature);
	if (f->contexts) {
		fputs("; contexts: ", out);
		fput_contexts(out, f->contexts);
	}
	fputs("</p>\n<p>", out);
	for (i = 0; i < f->n_classes; i++) {
		const struct lock_class *c = &g->classes[f->classes[i]];

		fputs(i ? " \u2192 <code>" : "<code>", out);
		esc(out, c->name);
		fprintf(out, "</code> (%s)", lock_kind_name(c->kind));
	}
	if (f->type == FINDING_CYCLE && f->n_classes)
		fputs(" \u2192 back to the first", out);
	fputs("</p>\n", out);
	if (gvc)
		draw_finding(out, gvc, g, f, idx);
	if (f->confidence != CONF_PROVED)
		finding_scenario_table(out, ctx, f);
	finding_edges(out, ctx, f);
	for (i = 0; i < f->n_also; i++) {
		fputs("<p class=\"note\">Also (the same bug, folded): ", out);
		esc(out, f->also[i]->title);
		fprintf(out, " (%s, <span class=\"sig\">%s</span>)</p>\n",
			confidence_name(f->also[i]->confidence), f->also[i]->signature);
	}
	fputs("</section>\n", out);
}

static void lock_row(FILE *out, const char *label, const struct lg_lock *l)
{
	fprintf(out, "<tr><th>%s</th><td><code>", label);
	esc(out, l->cls);
	fputs("</code>", out);
	if (l->at) {
		fputs(" at <code>", out);
		esc(out, l->at);
		fputs("</code>", out);
	}
	fputs("</td></tr>\n", out);
}

static void report_fields(FILE *out, const struct lg_report *r)
{
	uint32_t i;

	fputs("<table>\n", out);
	if (r->headline) {
		fputs("<tr><th>header</th><td><code>", out);
		esc(out, r->headline);
		fputs("</code></td></tr>\n", out);
	}
	if (r->has_acquire)
		lock_row(out, "acquire", &r->acquire);
	if (r->has_holding)
		lock_row(out, "holding", &r->holding);
	for (i = 0; i < r->held.n; i++) {
		char label[24];

		snprintf(label, sizeof(label), "held #%u", i);
		lock_row(out, label, &r->held.v[i]);
	}
	if (r->detail) {
		fputs("<tr><th>detail</th><td>", out);
		esc(out, r->detail);
		fputs("</td></tr>\n", out);
	}
	if (r->contexts) {
		fputs("<tr><th>contexts</th><td>", out);
		fput_contexts(out, r->contexts);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
	if (r->frames.n) {
		fputs("<pre>", out);
		for (i = 0; i < r->frames.n; i++) {
			esc(out, r->frames.v[i]);
			fputc('\n', out);
		}
		fputs("</pre>\n", out);
	}
}

/* A report's own lines, read again from its input (report_texts()). */
struct report_text {
	char *s;
	size_t len, cap;
	unsigned int lines;
};

#define REPORT_TEXT_LINES 400	/* per report: the rest is in the log */

static int text_add(struct report_text *t, const char *line, size_t n)
{
	if (t->lines++ >= REPORT_TEXT_LINES)
		return 0;
	if (t->len + n + 2 > t->cap) {
		size_t cap = (t->len + n + 2) * 2;
		char *s = realloc(t->s, cap);

		if (!s)
			return -ENOMEM;
		t->s = s;
		t->cap = cap;
	}
	memcpy(t->s + t->len, line, n);
	t->len += n;
	t->s[t->len++] = '\n';
	t->s[t->len] = '\0';
	return 0;
}

/*
 * Lines line..end_line of reports @first..@last-1 (one input's, in line order)
 * from the input's file, read again: lockgraph keeps what it parsed, not the
 * text. Inputs not read from a file (standard input, memory, a saved graph's)
 * have none; neither has a file that cannot be opened now.
 */
static int read_report_texts(const struct lg_ctx *ctx, uint32_t first, uint32_t last,
			     struct report_text *texts)
{
	const struct lg_input *in = &ctx->inputs.v[ctx->reports.v[first].input];
	const struct report_ref *r = ctx->reports.v;
	unsigned long max_end = 0, ln;
	struct lg_source *src;
	uint32_t lo = first, j;
	const char *line;
	size_t n;
	int err = 0;

	if (!in->on_disk || in->binary || source_open_path(in->path, &src))
		return 0;
	for (j = first; j < last; j++)
		if (r[j].end_line > max_end)
			max_end = r[j].end_line;
	while (!err && source_next_line(src, &line, &n) == 1) {
		ln = source_line_no(src);
		if (ln > max_end)
			break;
		/* reports interleave: every one whose range holds the line gets it */
		while (lo < last && r[lo].end_line < ln)
			lo++;
		for (j = lo; !err && j < last && r[j].line <= ln; j++)
			if (ln <= r[j].end_line)
				err = text_add(&texts[j], line, n);
	}
	source_close(src);
	return err;
}

/* The texts of the first @n reports; NULL when out of memory (*err set). */
static struct report_text *report_texts(const struct lg_ctx *ctx, uint32_t n, int *err)
{
	struct report_text *texts = calloc(n + 1, sizeof(*texts));
	uint32_t first = 0, last;

	*err = texts ? 0 : -ENOMEM;
	while (texts && !*err && first < n) {
		for (last = first; last < n &&
		     ctx->reports.v[last].input == ctx->reports.v[first].input; last++)
			;
		*err = read_report_texts(ctx, first, last, texts);
		first = last;
	}
	return texts;
}

static void free_report_texts(struct report_text *texts, uint32_t n)
{
	uint32_t i;

	for (i = 0; texts && i < n; i++)
		free(texts[i].s);
	free(texts);
}

static int page_reports(FILE *out, const struct lg_ctx *ctx)
{
	uint32_t i, n_full = ctx->reports.n < HTML_REPORTS_FULL ? ctx->reports.n : HTML_REPORTS_FULL;
	struct report_text *texts;
	struct report_cursor c;
	int err;

	fputs("<h2 id=\"reports\">Reports</h2>\n", out);
	if (!ctx->reports.n) {
		fputs("<p>No reports.</p>\n", out);
		return 0;
	}
	texts = report_texts(ctx, n_full, &err);
	if (err) {
		free_report_texts(texts, n_full);
		return err;
	}
	report_cursor_init(&c, ctx->reports.spools, ctx->reports.n_spools);
	for (i = 0; i < ctx->reports.n && i < HTML_REPORTS_LISTED; i++) {
		bool full = i < HTML_REPORTS_FULL;
		const struct lg_report *r;

		err = report_load(&c, &ctx->reports.v[i], &r);
		if (err)
			break;

		/* closed until opened: not laid out, so the page opens fast (see findings) */
		if (i == HTML_REPORTS_FULL)
			fprintf(out, "<details><summary>%u more reports, one line each (--format=json "
				"has them in full)</summary>\n",
				(ctx->reports.n < HTML_REPORTS_LISTED ? ctx->reports.n :
				 HTML_REPORTS_LISTED) - HTML_REPORTS_FULL);

		fprintf(out, full ? "<details class=\"report\" id=\"r-%u\"><summary>" :
				    "<p class=\"report\" id=\"r-%u\">", i + 1);
		fprintf(out, "<b>%s</b> ", obs_kind_name(r->kind));
		esc(out, r->title ? r->title : "");
		if (r->has_task) {
			fputs(", task ", out);
			esc(out, r->task.comm ? r->task.comm : "?");
			fprintf(out, "/%ld", r->task.pid);
		}
		fputs(", ", out);
		esc(out, ctx->inputs.v[r->input].path);
		fprintf(out, ":%lu", r->line);
		if (!r->complete) {
			fputs(" <span class=\"incomplete\">incomplete: ", out);
			esc(out, r->reason);
			fputs("</span>", out);
		}
		if (!full) {
			fputs("</p>\n", out);
			continue;
		}
		fputs("</summary>\n", out);
		report_fields(out, r);
		if (texts[i].s) {
			fprintf(out, "<details><summary>lines %lu\u2013%lu of the log</summary><pre>",
				r->line, r->end_line);
			esc(out, texts[i].s);
			if (texts[i].lines > REPORT_TEXT_LINES)
				fprintf(out, "\u2026 %u more lines", texts[i].lines - REPORT_TEXT_LINES);
			fputs("</pre></details>\n", out);
		}
		fputs("</details>\n", out);
	}
	report_cursor_done(&c);
	free_report_texts(texts, n_full);
	if (err)
		return err;
	if (ctx->reports.n > HTML_REPORTS_FULL)
		fputs("</details>\n", out);
	if (ctx->reports.n > HTML_REPORTS_LISTED)
		fprintf(out, "<p class=\"note\">%u more reports are not listed on this page; the "
			"JSON output (--format=json) has them.</p>\n",
			ctx->reports.n - HTML_REPORTS_LISTED);
	return 0;
}

int report_html_write(struct lg_ctx *ctx, unsigned int flags, FILE *out)
{
	size_t i, n = findings_count(ctx);
	GVC_t *gvc = n ? gvContext() : NULL;
	int err;

	(void)flags;	/* no LG_WRITE_* flag applies to HTML */
	page_head(out, ctx);
	page_summary(out, ctx);
	page_inputs(out, ctx);
	page_findings_table(out, ctx);
	for (i = 0; i < n && i < HTML_FINDINGS_FULL; i++)
		finding_section(out, ctx, i < HTML_FINDINGS_DRAWN ? gvc : NULL, finding_at(ctx, i),
				i);
	if (n > HTML_FINDINGS_DRAWN && n <= HTML_FINDINGS_FULL)
		fprintf(out, "<p class=\"note\">Findings past the first %d are not drawn.</p>\n",
			HTML_FINDINGS_DRAWN);
	err = page_reports(out, ctx);
	fprintf(out, "<script>%s</script>\n</body>\n</html>\n", page_script);
	if (gvc)
		gvFreeContext(gvc);
	return err;
}
