// SPDX-License-Identifier: GPL-2.0-or-later
/* PCRE2 wrapper with JIT; see rx.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "rx.h"

struct rx {
	pcre2_code *code;
	pcre2_match_data *md;
	bool jit;
};

struct rx *rx_new(const char *pattern)
{
	struct rx *rx = calloc(1, sizeof(*rx));
	int errcode;
	PCRE2_SIZE erroff;

	if (!rx)
		return NULL;
	rx->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_NO_UTF_CHECK,
				 &errcode, &erroff, NULL);
	if (!rx->code) {
		/* invalid UTF-8 in logs is common: fall back to byte semantics */
		rx->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &errcode,
					 &erroff, NULL);
	}
	if (!rx->code)
		goto fail;
	rx->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
	if (!rx->md)
		goto fail;
	rx->jit = pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0;
	return rx;
fail:
	rx_free(rx);
	return NULL;
}

void rx_free(struct rx *rx)
{
	if (!rx)
		return;
	pcre2_match_data_free(rx->md);
	pcre2_code_free(rx->code);
	free(rx);
}

bool rx_match(struct rx *rx, const char *s, size_t len, struct span *groups)
{
	PCRE2_SIZE *ov;
	int rc, i;

	if (rx->jit)
		rc = pcre2_jit_match(rx->code, (PCRE2_SPTR)s, len, 0, 0, rx->md, NULL);
	else
		rc = pcre2_match(rx->code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK, rx->md, NULL);
	if (rc < 0)
		return false;
	if (!groups)
		return true;
	ov = pcre2_get_ovector_pointer(rx->md);
	for (i = 0; i < RX_MAX_GROUPS; i++) {
		if (i + 1 < rc && ov[2 * (i + 1)] != PCRE2_UNSET) {
			groups[i].s = s + ov[2 * (i + 1)];
			groups[i].len = ov[2 * (i + 1) + 1] - ov[2 * (i + 1)];
		} else {
			groups[i].s = NULL;
			groups[i].len = 0;
		}
	}
	return true;
}
