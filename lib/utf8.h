/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UTF-8 for the outputs: kernel logs may hold any bytes, JSON and DOT must not. */
#ifndef LG_UTF8_H
#define LG_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Is @s (NUL-terminated) well-formed UTF-8: no overlong forms, surrogates or > U+10FFFF? */
bool utf8_valid(const char *s);
/* The same, and when it is, its length in @len (what strlen() would say). */
bool utf8_valid_len(const char *s, size_t *len);

/*
 * A malloc'ed copy of @s with every byte that does not start a well-formed
 * sequence replaced by U+FFFD, or NULL when out of memory. The caller frees it.
 */
char *utf8_sanitize(const char *s);

#endif
