// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DOT reporter: the part of the merged graph the findings live in, for
 * "lockgraph analyze --format=dot LOGS | dot -Tsvg". Nodes are the classes
 * of all findings; edges are every graph edge between them, those of a
 * finding drawn bold and red and labelled with the finding's number.
 */
#include <errno.h>
#include <stdlib.h>

#include "analysis.h"
#include "output.h"
#include "utf8.h"

/* A DOT double-quoted string: '"' and backslash escaped, bytes that are not UTF-8 replaced. */
static void dot_string(FILE *out, const char *s)
{
	char *clean = utf8_valid(s) ? NULL : utf8_sanitize(s);
	const char *p;

	fputc('"', out);
	for (p = clean ? clean : s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', out);
		fputc(*p, out);
	}
	fputc('"', out);
	free(clean);
}

static const char *node_shape(const struct lock_class *c)
{
	switch (c->kind) {
	case LOCK_KIND_CONTEXT:
		return "shape=hexagon, style=filled, fillcolor=lightyellow";
	case LOCK_KIND_SLEEP:
		return "shape=box, style=rounded";
	case LOCK_KIND_SPIN:
		return "shape=box";
	default:
		return "shape=ellipse";
	}
}

int report_dot_write(struct lg_ctx *ctx, unsigned int flags, FILE *out)
{
	const struct lg_graph *g = ctx->graph;
	uint32_t *mark = NULL, *label = NULL, i, j, k;
	size_t f, n = findings_count(ctx);

	(void)flags;	/* no LG_WRITE_* flag applies to DOT */

	fputs("digraph lockgraph {\n\trankdir=LR;\n"
	      "\tnode [fontname=\"monospace\", fontsize=10];\n"
	      "\tedge [fontname=\"monospace\", fontsize=9];\n", out);
	if (!g || !n)
		goto done;
	mark = calloc(g->n_classes, sizeof(*mark));
	label = calloc(g->n_edges, sizeof(*label));
	if (!mark || !label) {
		free(mark);
		free(label);
		return -ENOMEM;
	}
	/* mark: 1 + the first finding a class belongs to; label: same for edges */
	for (f = 0; f < n; f++) {
		const struct finding *fd = finding_at(ctx, f);

		for (j = 0; j < fd->n_classes; j++)
			if (!mark[fd->classes[j]])
				mark[fd->classes[j]] = (uint32_t)f + 1;
		for (j = 0; j < fd->n_edges; j++)
			if (!label[fd->edges[j]])
				label[fd->edges[j]] = (uint32_t)f + 1;
	}
	for (i = 0; i < g->n_classes; i++) {
		if (!mark[i])
			continue;
		fprintf(out, "\tc%u [label=", i);
		dot_string(out, g->classes[i].name);
		fprintf(out, ", %s, tooltip=\"%s\"];\n", node_shape(&g->classes[i]),
			lock_kind_name(g->classes[i].kind));
	}
	for (i = 0; i < g->n_classes; i++) {
		if (!mark[i])
			continue;
		for (k = graph_out_begin(g, i); k < graph_out_end(g, i); k++) {
			uint32_t e = g->out_edges[k], to = g->edges[e].to;

			if (!mark[to])
				continue;
			/* weak findings' edges dashed: a hint, not a verdict */
			if (label[e])
				fprintf(out, "\tc%u -> c%u [color=red, penwidth=2, %slabel=\"F%u\"];\n",
					i, to,
					finding_at(ctx, label[e] - 1)->confidence == CONF_WEAK ?
						"style=dashed, " : "", label[e]);
			else
				fprintf(out, "\tc%u -> c%u [color=gray];\n", i, to);
		}
	}
	/* Findings' titles as a legend, in output order; "\l" ends a left-aligned line. */
	fputs("\tlegend [shape=plaintext, label=\"", out);
	for (f = 0; f < n; f++) {
		const struct finding *fd = finding_at(ctx, f);
		const char *title = fd->title, *t;
		char *clean = utf8_valid(title) ? NULL : utf8_sanitize(title);

		fprintf(out, "F%zu (%s): ", f + 1, confidence_name(fd->confidence));
		for (t = clean ? clean : title; *t; t++) {
			if (*t == '"' || *t == '\\')
				fputc('\\', out);
			fputc(*t, out);
		}
		fputs("\\l", out);
		free(clean);
	}
	fputc('"', out);
	fputs("];\n", out);
	free(mark);
	free(label);
done:
	fputs("}\n", out);
	return 0;
}
