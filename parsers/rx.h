/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A thin PCRE2 wrapper: patterns are compiled once (JIT when the platform has
 * it) and matched against a span, giving the capture groups as spans.
 */
#ifndef LG_RX_H
#define LG_RX_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

#define RX_MAX_GROUPS 8

struct rx;

/* NULL when the pattern does not compile or memory runs out. */
struct rx *rx_new(const char *pattern);
void rx_free(struct rx *rx);

/*
 * rx_match - match @s[0..len) against @rx
 * @groups: receives groups 1..RX_MAX_GROUPS as groups[0..]; an unset group
 *          has s == NULL
 * Return: true on a match.
 */
bool rx_match(struct rx *rx, const char *s, size_t len, struct span *groups);

#endif
