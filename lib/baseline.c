// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Known findings: a CI gate reports only what is new. A baseline is either a
 * list of signatures or anything lockgraph reads (usually a saved graph of
 * the runs already triaged), whose findings are computed; a suppression file
 * lists accepted false positives, each with the reason it was accepted.
 * lg_analyze() then leaves every finding with a known signature out of the
 * output and the exit status, counting them (and naming the suppressed ones
 * with their reasons in the JSON), so nothing disappears silently.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "source.h"

/* "cycle:36d369fe7a78410a": a finding type, a colon, 16 hex digits. */
static size_t signature_len(const char *s, size_t len)
{
	size_t i, j;

	for (i = 0; i < FINDING__COUNT; i++) {
		const char *t = finding_type_name((enum finding_type)i);
		size_t n = strlen(t);

		if (len < n + 17 || memcmp(s, t, n) || s[n] != ':')
			continue;
		for (j = n + 1; j < n + 17; j++)
			if (!((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'f')))
				break;
		if (j == n + 17 && (len == j || s[j] == ' ' || s[j] == '\t'))
			return j;
	}
	return 0;
}

static int known_push(struct lg_ctx *ctx, const char *sig, size_t n, const char *reason)
{
	struct known_finding k = { .reason = reason };

	k.signature = arena_strndup(&ctx->arena, sig, n);
	if (!k.signature || vec_push(&ctx->arena, &ctx->known, k))
		return -ENOMEM;
	return 0;
}

/* The first line that is neither blank nor a comment, or false. */
static bool first_entry(struct lg_source *src, const char **line, size_t *len)
{
	while (source_next_line(src, line, len) > 0) {
		while (*len && (**line == ' ' || **line == '\t'))
			(*line)++, (*len)--;
		if (*len && **line != '#')
			return true;
	}
	return false;
}

/* A file of signatures, one per line; with @suppress each needs its reason. */
static int read_signatures(struct lg_ctx *ctx, const char *path, struct lg_source *src,
			   const char *line, size_t len, bool suppress)
{
	int err = 0;

	do {
		size_t n = signature_len(line, len);
		const char *reason = NULL;

		if (!n) {
			ctx_diag(ctx, path, source_line_no(src), -1, LG_SEV_ERROR, -LG_EFORMAT,
				 "not a finding signature (TYPE:16 hex digits): '%.*s'",
				 (int)(len < 60 ? len : 60), line);
			return -LG_EFORMAT;
		}
		if (suppress) {
			size_t r = n;

			while (r < len && (line[r] == ' ' || line[r] == '\t'))
				r++;
			if (r == len) {
				ctx_diag(ctx, path, source_line_no(src), -1, LG_SEV_ERROR,
					 -LG_EFORMAT, "a suppression needs its reason after the signature");
				return -LG_EFORMAT;
			}
			reason = arena_strndup(&ctx->arena, line + r, len - r);
			if (!reason)
				return -ENOMEM;
		}
		err = known_push(ctx, line, n, reason);
	} while (!err && first_entry(src, &line, &len));
	return err;
}

/* Anything lockgraph reads: its own findings are the baseline. */
static int analyse_baseline(struct lg_ctx *ctx, const char *path)
{
	struct lg_ctx *base = lg_ctx_new(&ctx->opts);
	size_t i, n;
	int err;

	if (!base)
		return -ENOMEM;
	err = lg_add_path(base, path);
	if (!err)
		err = lg_analyze(base);
	n = err ? 0 : findings_count(base);
	for (i = 0; i < n && !err; i++) {
		const struct finding *f = finding_at(base, i);
		uint32_t k;

		err = known_push(ctx, f->signature, strlen(f->signature), NULL);
		/* the findings folded into it are known too: another run may show one alone */
		for (k = 0; k < f->n_also && !err; k++)
			err = known_push(ctx, f->also[k]->signature, strlen(f->also[k]->signature),
					 NULL);
	}
	lg_ctx_free(base);
	return err;
}

static int known_add(struct lg_ctx *ctx, const char *path, bool suppress)
{
	struct lg_source *src;
	const char *line;
	size_t len;
	bool entry;
	int err;

	if (ctx->findings)
		return -EALREADY;
	err = source_open_path(path, &src);
	if (err) {
		ctx_diag(ctx, path, 0, -1, LG_SEV_ERROR, err, "%s", lg_strerror(err));
		return err;
	}
	entry = first_entry(src, &line, &len);
	if (suppress && !entry) {
		err = 0;	/* an empty suppression file suppresses nothing */
	} else if (suppress || (entry && signature_len(line, len))) {
		err = read_signatures(ctx, path, src, line, len, suppress);
	} else {
		source_close(src);
		return analyse_baseline(ctx, path);
	}
	source_close(src);
	return err;
}

int lg_baseline_add(struct lg_ctx *ctx, const char *path)
{
	return known_add(ctx, path, false);
}

int lg_suppress_add(struct lg_ctx *ctx, const char *path)
{
	return known_add(ctx, path, true);
}
