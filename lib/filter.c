// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Findings left out after the analyses: those of other types or contexts than
 * asked for (lg_filter_findings(), --kind and --context), and those a baseline
 * or suppression already knows (drop_known_findings(); the lists are read by
 * baseline.c). Both only count what they leave out, so nothing disappears
 * silently, and both keep the findings' order.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

/* Keeps finding @i as the *@n-th, in place: the kept findings keep their order. */
static void keep(struct lg_findings *fs, uint32_t *n, uint32_t i)
{
	if (*n != i)
		fs->v.v[*n] = fs->v.v[i];
	(*n)++;
}

static const char *type_name_at(unsigned int i)
{
	return i < FINDING__COUNT ? finding_type_name((enum finding_type)i) : NULL;
}

static const char *context_name_at(unsigned int i)
{
	return i < LG_CTX__COUNT ? obs_context_name((enum lg_context)i) : NULL;
}

/* Appends to @why at *@pos, never past @whysz; *@pos may run past it. */
static void why_add(char *why, size_t whysz, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void why_add(char *why, size_t whysz, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*pos < whysz ? why + *pos : NULL, *pos < whysz ? whysz - *pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos += (size_t)n;
}

/*
 * The names of comma-separated @list as a bit mask over the names @name_at
 * gives (bit i: name i). An unknown or empty name: -EINVAL, and @why says
 * which, with the valid names.
 */
static int name_mask(const char *list, const char *what, const char *(*name_at)(unsigned int),
		     unsigned int *mask, char *why, size_t whysz)
{
	const char *p = list, *end, *name;
	size_t len, pos = 0;
	unsigned int i;

	*mask = 0;
	for (;;) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		for (i = 0; (name = name_at(i)); i++)
			if (len && strlen(name) == len && !memcmp(p, name, len))
				break;
		if (!name)
			break;
		*mask |= 1u << i;
		if (!end)
			return 0;
		p = end + 1;
	}
	if (why && whysz) {
		if (len)
			why_add(why, whysz, &pos, "unknown %s '%.*s'", what, (int)len, p);
		else
			why_add(why, whysz, &pos, "empty %s in '%s'", what, list);
		for (i = 0; (name = name_at(i)); i++)
			why_add(why, whysz, &pos, "%s%s", i ? ", " : " (valid: ", name);
		why_add(why, whysz, &pos, ")");
	}
	return -EINVAL;
}

int lg_filter_findings(struct lg_ctx *ctx, const char *kinds, const char *contexts, char *why,
		       size_t whysz)
{
	unsigned int kmask = ~0u, cmask = ~0u;
	struct lg_findings *fs;
	uint32_t i, n;
	int err;

	if (why && whysz)
		why[0] = '\0';
	if (kinds) {
		err = name_mask(kinds, "finding type", type_name_at, &kmask, why, whysz);
		if (err)
			return err;
	}
	if (contexts) {
		err = name_mask(contexts, "context", context_name_at, &cmask, why, whysz);
		if (err)
			return err;
	}
	if (!ctx)
		return 0;
	fs = ctx->findings;
	if (!fs)
		return -ENODATA;
	for (i = 0, n = 0; i < fs->v.n; i++) {
		const struct finding *f = &fs->v.v[i];

		if (kmask & (1u << f->type) && (!contexts || f->contexts & cmask))
			keep(fs, &n, i);
	}
	fs->filtered_out += fs->v.n - n;
	fs->v.n = n;
	return 0;
}

static int by_signature(const void *a, const void *b)
{
	return strcmp(((const struct known_finding *)a)->signature,
		      ((const struct known_finding *)b)->signature);
}

/* Suppressions first among equal signatures: a reason is worth showing. */
static int by_signature_reason_first(const void *a, const void *b)
{
	const struct known_finding *x = a, *y = b;
	int c = strcmp(x->signature, y->signature);

	return c ? c : (y->reason != NULL) - (x->reason != NULL);
}

int drop_known_findings(struct lg_ctx *ctx)
{
	struct lg_findings *fs = ctx->findings;
	uint32_t i, n;

	if (!ctx->known.n)
		return 0;
	qsort(ctx->known.v, ctx->known.n, sizeof(*ctx->known.v), by_signature_reason_first);
	for (i = 0, n = 0; i < fs->v.n; i++) {
		const struct finding *f = &fs->v.v[i];
		struct known_finding key = { .signature = f->signature }, *k;

		k = bsearch(&key, ctx->known.v, ctx->known.n, sizeof(*ctx->known.v), by_signature);
		/* bsearch may land on any of equal signatures: the first holds the reason */
		while (k && k > ctx->known.v && !strcmp(k[-1].signature, f->signature))
			k--;
		if (!k) {
			keep(fs, &n, i);
		} else if (k->reason) {
			fs->suppressed++;
			if (!k->title)
				k->title = f->title;
		} else {
			fs->known_out++;
		}
	}
	fs->v.n = n;
	return 0;
}
