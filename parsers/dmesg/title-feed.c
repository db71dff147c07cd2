// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Report text kept for titles (title.c). A report's title waits for more of
 * the log: syzkaller looks past the end of a report (a frame in a later Call
 * Trace of the same task), so the lines of its stream keep being collected
 * for TITLE_LOOKAHEAD lines after the report ends.
 */
#include "dmesg-local.h"
#include "title.h"

void text_lines_add(struct text_lines *tl, struct span t)
{
	if (tl->n >= REPORT_MAX_LINES)
		return;
	if (tl->len + t.len + 1 > tl->cap) {
		/* a title's text, a report and the 300 lines after it, mostly fits the first */
		size_t ncap = (tl->cap ? tl->cap * 2 : 65536) + t.len + 1;
		char *nb = realloc(tl->buf, ncap);

		if (!nb)
			return;
		tl->buf = nb;
		tl->cap = ncap;
	}
	if (tl->n == tl->cap_lines) {
		uint32_t nc = tl->cap_lines ? tl->cap_lines * 2 : 64;
		size_t *no = realloc(tl->offs, nc * sizeof(*no));

		if (!no)
			return;
		tl->offs = no;
		tl->cap_lines = nc;
	}
	tl->offs[tl->n++] = tl->len;
	memcpy(tl->buf + tl->len, t.s, t.len);
	tl->len += t.len;
	tl->buf[tl->len++] = '\0';
}

/* The lines of @tl as title.c takes them; NULL when out of memory. */
static const char **line_array(const struct text_lines *tl)
{
	const char **lines = malloc((tl->n ? tl->n : 1) * sizeof(*lines));

	for (uint32_t i = 0; lines && i < tl->n; i++)
		lines[i] = tl->buf + tl->offs[i];
	return lines;
}

/*
 * Whether @tl may get a title from the lines still to come (title_may_follow() on its
 * first lines: past a few rules and blanks, a report's first line says).
 */
static bool title_may_come(struct dmesg_state *st, const struct text_lines *tl)
{
	const char *first[8];
	uint32_t n = tl->n < ARRAY_SIZE(first) ? tl->n : ARRAY_SIZE(first);

	if (!st->ps->titles)
		return false;
	for (uint32_t i = 0; i < n; i++)
		first[i] = tl->buf + tl->offs[i];
	return title_may_follow(first, n);	/* true when they are all rules or blanks */
}

/*
 * @r's title from @tl's lines (title_for_report_flags() with @flags, and the log's caller
 * routing): its return; r->title is set when 0.
 */
static int title_from(struct dmesg_state *st, const struct text_lines *tl, unsigned int flags,
		      struct lg_report *r)
{
	char title[512];
	const char **lines = line_array(tl);
	int rc;

	if (!lines)
		return -ENOMEM;
	if (st->has_callers)
		flags |= TITLE_CALLER_ROUTED;
	rc = title_for_report_flags(st->ps->titles, lines, tl->n, flags, title, sizeof(title));
	if (!rc)
		r->title = dup_str(st, title);
	free(lines);
	return rc;
}

void title_compute(struct dmesg_state *st, struct pending_title *p)
{
	if (!p->r->title && p->lines.n && st->ps->titles)
		title_from(st, &p->lines, 0, p->r);
	if (!p->r->title)
		p->r->title = p->r->headline;
	free(p->lines.buf);
	free(p->lines.offs);
	*p = st->pending[--st->npending];
}

/*
 * Whether title_for_report_flags() returning @rc with TITLE_OPEN_END gave the title the
 * report keeps: one (0) or none (-ENOENT). -EAGAIN, and errors such as -ENOMEM that more
 * lines might not meet, leave it to the lines to come, as without TITLE_OPEN_END.
 */
static bool title_decided(int rc)
{
	return rc == 0 || rc == -ENOENT;
}

/*
 * Hands the stream's collected lines over to a pending title; or, when no later line can
 * give the report a title (a held-lock dump: no syzkaller format), titles it now. Dumps
 * come by the hundred per boot, and each pending title copies every line of its stream.
 */
void title_defer(struct dmesg_state *st, struct stream *s, struct lg_report *r)
{
	struct pending_title *p;
	unsigned int i;

	for (i = 0; i < st->npending; i++)
		if (st->pending[i].r == r)
			return;	/* a hung-task report reopened for its dump */
	/*
	 * With caller ids the lines after a report are its caller's next ones (syzkaller keeps
	 * them all), yet they seldom change its title: it is tried now, and waits for them only
	 * when they could change it (TITLE_OPEN_END). Half the titles of a report-dense log
	 * are decided so, and are neither copied 300 more lines nor matched over them.
	 * Only with caller ids: that the log has them, which decides how the title is made, is
	 * known for good once a line had one (a log without may still show one later).
	 */
	if (!title_may_come(st, &s->lines) ||
	    (st->has_callers && s->lines.n &&
	     title_decided(title_from(st, &s->lines, TITLE_OPEN_END, r)))) {
		if (!r->title)
			r->title = r->headline;
		free(s->lines.buf);
		free(s->lines.offs);
		memset(&s->lines, 0, sizeof(s->lines));
		return;
	}
	if (st->npending == MAX_PENDING_TITLES)
		title_compute(st, &st->pending[0]);
	p = &st->pending[st->npending++];
	p->r = r;
	p->s = s;
	p->lines = s->lines;
	p->extra = 0;
	memset(&s->lines, 0, sizeof(s->lines));
}

/* Every line of a stream also goes to the titles still waiting in it. */
void title_feed(struct dmesg_state *st, struct stream *s, struct span t)
{
	unsigned int i = 0;

	while (i < st->npending) {
		struct pending_title *p = &st->pending[i];

		if (p->s != s) {
			i++;
			continue;
		}
		text_lines_add(&p->lines, t);
		if (++p->extra >= TITLE_LOOKAHEAD)
			title_compute(st, p);	/* moves the last entry into slot i */
		else
			i++;
	}
}

