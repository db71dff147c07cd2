// SPDX-License-Identifier: GPL-2.0-or-later
/* Name lists the text and HTML writers print the same way (fput.h). */
#include <stdio.h>

#include "fput.h"
#include "obs.h"

void fput_names(FILE *out, unsigned int mask, unsigned int n,
		  const char *(*name_of)(unsigned int bit))
{
	const char *sep = "";
	unsigned int b;

	for (b = 0; b < n; b++) {
		if (mask & (1u << b)) {
			fprintf(out, "%s%s", sep, name_of(b));
			sep = ", ";
		}
	}
}

static const char *context_name_of(unsigned int bit)
{
	return obs_context_name((enum lg_context)bit);
}

void fput_contexts(FILE *out, unsigned int mask)
{
	fput_names(out, mask, LG_CTX__COUNT, context_name_of);
}
