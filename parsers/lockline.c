// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Lock and frame grammar (docs/reports.md "Lines"). Formats: print_lock() and
 * print_lock_name() in kernel/locking/lockdep.c; §1.3, §1.4, §1.5 and §9
 * items 7-13 of kernel-formats.md in the shared corpus (../shared/docs/,
 * outside this repository).
 */
#include <ctype.h>
#include <string.h>

#include "lockline.h"

/*
 * snprintf(dst + at, size - at, "%.*s", n, s) without the format machinery (frame_parse()
 * runs on every frame line): as much as fits, up to a NUL in @s. Returns the new length.
 */
static size_t put_text(char *dst, size_t size, size_t at, const char *s, size_t n)
{
	if (at + 1 >= size)
		return at;
	n = strnlen(s, n);
	if (n > size - 1 - at)
		n = size - 1 - at;
	memcpy(dst + at, s, n);
	dst[at + n] = '\0';
	return at + n;
}

static bool usage_char(char c)
{
	return c == '.' || c == '+' || c == '-' || c == '?';
}

/* Length of a usage block "{....}" / "{......}" at @s, or 0. */
static size_t usage_block(const char *s, size_t len)
{
	size_t n = 0;

	if (!len || s[0] != '{')
		return 0;
	while (n + 1 < len && usage_char(s[n + 1]))
		n++;
	if ((n != 4 && n != 6) || n + 1 >= len || s[n + 1] != '}')
		return 0;
	return n + 2;
}

static size_t digits(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && isdigit((unsigned char)s[n]))
		n++;
	return n;
}

int lock_head_parse(const char *s, size_t len, struct lock_head *h)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	if (!len || s[0] != '(')
		return 0;
	for (i = 1; i < len; i++) {
		size_t ub, p;

		if (s[i] != ')')
			continue;
		ub = usage_block(s + i + 1, len - i - 1);
		if (!ub)
			continue;
		h->name.s = s + 1;
		h->name.len = i - 1;
		h->usage.s = s + i + 2;
		h->usage.len = ub - 2;
		p = i + 1 + ub;
		/* -{O:I} wait type, 5.7+ */
		if (p + 1 < len && s[p] == '-' && s[p + 1] == '{') {
			size_t d1 = digits(s + p + 2, len - p - 2), d2;

			if (d1 && p + 2 + d1 < len && s[p + 2 + d1] == ':') {
				d2 = digits(s + p + 3 + d1, len - p - 3 - d1);
				if (d2 && p + 3 + d1 + d2 < len && s[p + 3 + d1 + d2] == '}') {
					h->wait.s = s + p + 2;
					h->wait.len = d1 + 1 + d2;
					p += 4 + d1 + d2;
				}
			} else if (p + 2 >= len) {
				return -1;	/* "...}-" then a wrapped "{3:3}" */
			}
		}
		/* " ops: N" of CONFIG_DEBUG_LOCKDEP class headers */
		if (p + 6 <= len && !memcmp(s + p, " ops: ", 6)) {
			p += 6;
			p += digits(s + p, len - p);
		}
		h->end = p;
		return 1;
	}
	/* An opening parenthesis and no usage block: possibly split mid-name. */
	return -1;
}

static bool is_hex(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

int lock_line_parse(const char *s, size_t len, struct lock_line *out)
{
	struct span t = span_trim(s, len);
	const char *p = t.s, *end = t.s + t.len;
	int r;

	memset(out, 0, sizeof(*out));
	out->index = -1;
	if (p < end && *p == '#') {
		size_t d = digits(p + 1, (size_t)(end - p - 1));

		if (!d || p + 1 + d >= end || p[1 + d] != ':')
			return 0;
		/* the line is not NUL-terminated here: no sscanf */
		out->index = 0;
		for (size_t k = 0; k < d && out->index < 100000000; k++)
			out->index = out->index * 10 + (p[1 + k] - '0');
		p += 2 + d;
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			return -1;	/* "#0:" then the rest on following lines */
	}
	if (end - p >= 10 && !memcmp(p, "<RELEASED>", 10)) {
		out->released = true;
		return 1;
	}
	/* instance address (4.17+), hashed or raw */
	{
		const char *q = p;

		while (q < end && isxdigit((unsigned char)*q))
			q++;
		if (q - p >= 8 && q < end && *q == ' ' && is_hex(p, (size_t)(q - p))) {
			p = q;
			while (p < end && *p == ' ')
				p++;
		} else if (q - p >= 8 && q == end) {
			return out->index >= 0 ? -1 : 0;	/* address, name on next line */
		}
	}
	if (p == end || *p != '(')
		return 0;
	r = lock_head_parse(p, (size_t)(end - p), &out->head);
	if (r <= 0)
		return r;
	p += out->head.end;
	if (p == end)
		return 1;
	if (*p == ',')
		p++;
	while (p < end && *p == ' ')
		p++;
	if (end - p >= 3 && !memcmp(p, "at:", 3)) {
		out->has_at = true;
		p += 3;
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			return -1;	/* symbol wrapped onto the next line */
		if (!frame_parse(p, (size_t)(end - p), &out->at)) {
			/* "sym+0x1/0x2 [mod] but this lock took another,": cut after the frame */
			const char *q = memchr(p, ' ', (size_t)(end - p));

			if (q && q + 1 < end && q[1] == '[') {
				const char *b = memchr(q, ']', (size_t)(end - q));

				q = b ? b + 1 : q;
			}
			if (q && frame_parse(p, (size_t)(q - p), &out->at)) {
				out->rest = span_trim(q, (size_t)(end - q));
				return 1;
			}
			put_text(out->at.text, sizeof(out->at.text), 0, p, (size_t)(end - p));
		}
		return 1;
	}
	/* ":" of a chain entry, " {" of a usage tree, " -> (" of a new dependency */
	return 1;
}

/* "[<ffffffff81234567>]" at @p: its length or 0. */
static size_t addr_bracket(const char *p, const char *end)
{
	const char *q;

	if (end - p < 4 || p[0] != '[' || p[1] != '<')
		return 0;
	q = p + 2;
	while (q < end && isxdigit((unsigned char)*q))
		q++;
	if (q + 1 >= end || q[0] != '>' || q[1] != ']' || q == p + 2)
		return 0;
	return (size_t)(q + 2 - p);
}

static bool sym_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

/* "+0x12/0x40": length or 0 */
static size_t offset_part(const char *p, const char *end)
{
	const char *q = p;

	if (end - q < 4 || q[0] != '+' || q[1] != '0' || q[2] != 'x')
		return 0;
	q += 3;
	while (q < end && isxdigit((unsigned char)*q))
		q++;
	if (q + 3 > end || q[0] != '/' || q[1] != '0' || q[2] != 'x')
		return 0;
	q += 3;
	while (q < end && isxdigit((unsigned char)*q))
		q++;
	return (size_t)(q - p);
}

/* a source location "path/file.c:123" (optionally ":col"): length or 0 */
static size_t srcloc(const char *p, const char *end)
{
	const char *q = p, *colon = NULL;

	while (q < end && *q != ' ' && *q != ')') {
		if (*q == ':')
			colon = q;
		q++;
	}
	if (!colon || colon == p || colon + 1 == q)
		return 0;
	for (const char *d = colon + 1; d < q; d++)
		if (!isdigit((unsigned char)*d))
			return 0;
	return (size_t)(q - p);
}

bool frame_parse(const char *s, size_t len, struct frame *out)
{
	struct span t = span_trim(s, len);
	const char *p = t.s, *end = t.s + t.len;
	const char *sym, *sym_end, *mod = NULL;
	size_t a, off, at, modlen = 0;
	bool evidence = false, arm = false;

	memset(out, 0, sizeof(*out));
	out->reliable = true;
	if (end - p >= 2 && p[0] == '?' && p[1] == ' ') {
		out->reliable = false;
		p += 2;
	}
	a = addr_bracket(p, end);
	if (a) {
		evidence = true;
		p += a;
		while (p < end && *p == ' ')
			p++;
		if (end - p >= 2 && p[0] == '?' && p[1] == ' ') {
			out->reliable = false;
			p += 2;
		}
	}
	if (p < end && *p == '(' && a) {	/* arm: [<addr>] (func+0x1/0x2) from ... */
		arm = true;
		p++;
	}
	sym = p;
	if (end - p > 2 && p[0] == '0' && p[1] == 'x') {
		p += 2;
		while (p < end && isxdigit((unsigned char)*p))
			p++;
		evidence = true;
	} else {
		if (p == end || !(isalpha((unsigned char)*p) || *p == '_' || *p == '.'))
			return false;
		while (p < end && sym_char(*p))
			p++;
	}
	off = offset_part(p, end);
	if (off) {
		p += off;
		evidence = true;
	}
	sym_end = p;
	if (arm) {
		if (p == end || *p != ')')
			return false;
		p = end;	/* " from [<..>] (caller)" is the caller's frame */
	}
	while (p < end) {
		size_t n;

		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		if (*p == '[') {
			const char *q = memchr(p, ']', (size_t)(end - p));

			if (!q)
				return false;
			if (q - p == 7 && !memcmp(p, "[inline]", 8)) {
				out->inlined = true;
			} else if (!mod) {
				const char *sp = memchr(p, ' ', (size_t)(q - p));

				mod = p;
				modlen = (size_t)((sp ? sp : q) - p);
			}
			p = q + 1;
			continue;
		}
		if (*p == '(') {	/* "(file.c:12)", "(T)" */
			const char *q = memchr(p, ')', (size_t)(end - p));

			if (!q)
				return false;
			if (q - p > 3)
				evidence = true;
			p = q + 1;
			continue;
		}
		n = srcloc(p, end);
		if (!n)
			return false;
		evidence = true;
		p += n;
	}
	if (!evidence)
		return false;
	at = put_text(out->text, sizeof(out->text), 0, sym, (size_t)(sym_end - sym));
	if (mod) {
		at = put_text(out->text, sizeof(out->text), at, " ", 1);
		at = put_text(out->text, sizeof(out->text), at, mod, modlen);
		put_text(out->text, sizeof(out->text), at, "]", 1);
	}
	return true;
}
