/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arena allocator: everything an analysis keeps (names, reports, graph) lives
 * until the context is freed, so it is carved from big blocks and released at
 * once. Growable arrays (VEC) also grow inside the arena: in place when the
 * array is the last allocation, otherwise by a copy that abandons the old one
 * (which costs at most as much again as the final array).
 */
#ifndef LG_ARENA_H
#define LG_ARENA_H

#include <errno.h>	/* vec_push() returns -ENOMEM */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used_bytes;	/* handed out, for memory statistics */
	size_t next_block;	/* size of the next block to map */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);

/* Moves every block of @src into @dst (which then frees them); @src is left empty. */
void arena_adopt(struct arena *dst, struct arena *src);

/*
 * Empties @a but keeps its newest block (zeroed again) for what comes next:
 * for memory that holds one thing at a time (a report loaded to be printed).
 */
void arena_reset(struct arena *a);

/* Is @p inside memory @a handed out? (A walk of its blocks: few.) */
bool arena_owns(const struct arena *a, const void *p);

/* A point to go back to: arena_rewind() gives back all allocated after it. */
struct arena_mark {
	struct arena_block *head, *behind;
	size_t used, used_bytes;
};

void arena_mark(const struct arena *a, struct arena_mark *m);
void arena_rewind(struct arena *a, const struct arena_mark *m);

/* Zeroed memory aligned for any type, or NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);

/* A growable array of T in an arena: VEC(int) v = {0}; vec_push(a, &v, 3). */
#define VEC(T)                                                                          \
	struct {                                                                        \
		T *v;                                                                   \
		uint32_t n, cap;                                                        \
	}

int vec_grow(struct arena *a, void **v, uint32_t n, uint32_t *cap, size_t elem_size);

/*
 * Gives back the capacity past @n of an array that is the last thing carved
 * from @a (and does nothing otherwise): a list is trimmed once it is complete,
 * so a report's lists cost what they hold, not the next power of two.
 */
void vec_trim(struct arena *a, void **v, uint32_t n, uint32_t *cap, size_t elem_size);
#define vec_fit(a, vec) vec_trim((a), (void **)&(vec)->v, (vec)->n, &(vec)->cap, sizeof(*(vec)->v))

/* Appends @val; 0 or -ENOMEM. */
#define vec_push(a, vec, val)                                                           \
	(((vec)->n < (vec)->cap ||                                                      \
	  vec_grow((a), (void **)&(vec)->v, (vec)->n, &(vec)->cap, sizeof(*(vec)->v)) == 0) \
		 ? ((vec)->v[(vec)->n++] = (val), 0)                                    \
		 : -ENOMEM)

#endif
