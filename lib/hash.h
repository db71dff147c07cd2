/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * FNV-1a, the one string hash of the tree: class names (graph.c), interned
 * strings (obs.c), trace name ids (parsers/tracedat-read.c). Fast on the short
 * names it sees and stable across runs, which signatures need.
 */
#ifndef LG_HASH_H
#define LG_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

/* @h with the @len bytes at @p added. */
static inline uint64_t fnv_add(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* 32 bits of the hash of @len bytes at @p, for a table index. */
static inline uint32_t fnv32(const void *p, size_t len)
{
	uint64_t h = fnv_add(FNV_OFFSET, p, len);

	return (uint32_t)(h ^ (h >> 32));
}

#endif
