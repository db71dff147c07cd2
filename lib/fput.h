/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Name lists printed the same way by the text and HTML writers (fput.c). */
#ifndef LG_FPUT_H
#define LG_FPUT_H

#include <stdio.h>

/* The names of @mask's bits below @n, as @name_of gives them, comma-separated. */
void fput_names(FILE *out, unsigned int mask, unsigned int n,
		const char *(*name_of)(unsigned int bit));
/* fput_names() of enum lg_context bits. */
void fput_contexts(FILE *out, unsigned int mask);

#endif
