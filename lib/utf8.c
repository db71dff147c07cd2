// SPDX-License-Identifier: GPL-2.0-or-later
/* UTF-8 checks for the reporters; see utf8.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Length of the well-formed sequence at @s, or 0 when @s starts none. */
static size_t seq_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		/* E0: no overlong (A0..BF); ED: no surrogates (80..9F) */
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		/* F0: no overlong (90..BF); F4: not above U+10FFFF (80..8F) */
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 &&
		       (s[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

bool utf8_valid_len(const char *s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (;;) {
		size_t n;

		/* kernel logs are ASCII but for the odd byte: no call per byte */
		while (*p && *p < 0x80)
			p++;
		if (!*p)
			break;
		n = seq_len(p);
		if (!n)
			return false;
		p += n;
	}
	*len = (size_t)(p - (const unsigned char *)s);
	return true;
}

bool utf8_valid(const char *s)
{
	size_t len;

	return utf8_valid_len(s, &len);
}

char *utf8_sanitize(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	char *out = malloc(len * 3 + 1), *o = out;

	if (!out)
		return NULL;
	while (*p) {
		size_t n = seq_len(p);

		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(o, "\xef\xbf\xbd", 3);	/* U+FFFD REPLACEMENT CHARACTER */
			o += 3;
			p++;
		}
	}
	*o = '\0';
	return out;
}
