/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A slice of an input line, and the few tests every parser makes on one.
 * Header-only: these run on every line of multi-gigabyte logs, so they must
 * inline (a literal's strlen() folds to a constant).
 */
#ifndef LG_SPAN_H
#define LG_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A slice of the input line: not NUL-terminated. */
struct span {
	const char *s;
	size_t len;
};

static inline bool span_starts(struct span t, const char *lit)
{
	size_t n = strlen(lit);

	return t.len >= n && !memcmp(t.s, lit, n);
}

/*
 * A literal of a table, with its length: a table's entries are no literals to the
 * compiler, and a strlen() of each for every line adds up.
 */
struct lit {
	const char *s;
	size_t len;
};

#define LIT(x) { x, sizeof(x) - 1 }

/* span_starts() of a table's literal (not empty): its first byte decides most lines. */
static inline bool span_starts_lit(struct span t, const struct lit *l)
{
	return t.len >= l->len && t.s[0] == l->s[0] && !memcmp(t.s, l->s, l->len);
}

static inline bool span_ends(struct span t, const char *lit)
{
	size_t n = strlen(lit);

	return t.len >= n && !memcmp(t.s + t.len - n, lit, n);
}

static inline bool span_contains(struct span t, const char *lit)
{
	return memmem(t.s, t.len, lit, strlen(lit)) != NULL;
}

/*
 * The first @lit (of @k bytes) in @t, or NULL: memchr() for its first byte, then a compare.
 * glibc's memmem() costs some 300 instructions on a short line whatever it holds (it builds
 * a shift table first); lines are short and a literal's first byte is mostly rare in them.
 */
static inline const char *span_find(struct span t, const char *lit, size_t k)
{
	const char *p = t.s, *end = t.s + t.len, *q;

	while (k && (q = memchr(p, lit[0], (size_t)(end - p)))) {
		if ((size_t)(end - q) < k)
			return NULL;
		if (!memcmp(q, lit, k))
			return q;
		p = q + 1;
	}
	return k ? NULL : t.s;
}

/* Leading and trailing blanks removed (and a CR at the end). */
static inline struct span span_trim(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	return (struct span){ s, len };
}

#endif
