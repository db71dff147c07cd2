// SPDX-License-Identifier: GPL-2.0-or-later
/* Arena allocator and in-arena growable arrays; see arena.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"

#define ARENA_FIRST_BLOCK (256u * 1024u)
#define ARENA_MAX_BLOCK (16u * 1024u * 1024u)
#define ARENA_ALIGN 16u
#define HUGE_PAGE (2u * 1024u * 1024u)

/* @size rounded up to the alignment; less than @size on overflow */
static size_t aligned(size_t size)
{
	return (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

/*
 * Blocks are fresh anonymous mappings: already zero, so allocations need no
 * memset, and big ones are offered to transparent huge pages, since an
 * analysis of many runs touches hundreds of megabytes once and page faults
 * would dominate. Blocks double from 256 KiB to 16 MiB.
 */
struct arena_block {
	struct arena_block *next;
	size_t size, used, mapped;
	_Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used_bytes = 0;
	a->next_block = ARENA_FIRST_BLOCK;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;

		munmap(b, b->mapped);
		b = next;
	}
	a->head = NULL;
	a->used_bytes = 0;
	a->next_block = ARENA_FIRST_BLOCK;
}

void arena_adopt(struct arena *dst, struct arena *src)
{
	struct arena_block *tail = src->head;

	if (tail) {
		while (tail->next)
			tail = tail->next;
		/* behind @dst's current block, which keeps serving allocations */
		if (dst->head) {
			tail->next = dst->head->next;
			dst->head->next = src->head;
		} else {
			dst->head = src->head;
		}
		dst->used_bytes += src->used_bytes;
	}
	arena_init(src);
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	if (!b)
		return;
	for (next = b->next; next;) {
		struct arena_block *n = next->next;

		munmap(next, next->mapped);
		next = n;
	}
	memset(b->data, 0, b->used);
	b->used = 0;
	b->next = NULL;
	a->used_bytes = 0;
}

bool arena_owns(const struct arena *a, const void *p)
{
	const unsigned char *q = p;
	const struct arena_block *b;

	for (b = a->head; b; b = b->next)
		if (q >= b->data && q < b->data + b->used)
			return true;
	return false;
}

void arena_mark(const struct arena *a, struct arena_mark *m)
{
	m->head = a->head;
	m->behind = a->head ? a->head->next : NULL;
	m->used = a->head ? a->head->used : 0;
	m->used_bytes = a->used_bytes;
}

/*
 * Blocks made since the mark are in front of its head block (new current
 * blocks) or right behind it (big requests while it was current).
 */
void arena_rewind(struct arena *a, const struct arena_mark *m)
{
	struct arena_block *b = a->head;

	while (b && b != m->head) {
		struct arena_block *next = b->next;

		munmap(b, b->mapped);
		b = next;
	}
	a->head = b;
	if (b) {
		struct arena_block *x = b->next;

		while (x && x != m->behind) {
			struct arena_block *next = x->next;

			munmap(x, x->mapped);
			x = next;
		}
		b->next = m->behind;
		memset(b->data + m->used, 0, b->used - m->used);
		b->used = m->used;
	}
	a->used_bytes = m->used_bytes;
}

static struct arena_block *block_new(size_t bytes)
{
	size_t page = 4096, mapped = (sizeof(struct arena_block) + bytes + page - 1) & ~(page - 1);
	struct arena_block *b;

	if (mapped < bytes)
		return NULL;
	b = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return NULL;
	if (mapped >= HUGE_PAGE)
		madvise(b, mapped, MADV_HUGEPAGE);	/* a hint: failure changes nothing */
	b->size = mapped - sizeof(*b);
	b->used = 0;
	b->mapped = mapped;
	return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	size_t need = aligned(size);
	void *p;

	if (need < size)
		return NULL;
	if (!a->next_block)	/* a zeroed struct arena is an empty arena too */
		a->next_block = ARENA_FIRST_BLOCK;
	if (!b || b->size - b->used < need) {
		if (need > a->next_block / 4) {
			/* Big requests get a block of their own, kept behind the current one. */
			b = block_new(need);
			if (!b)
				return NULL;
			if (a->head) {
				b->next = a->head->next;
				a->head->next = b;
			} else {
				b->next = NULL;
				a->head = b;
			}
		} else {
			b = block_new(a->next_block);
			if (!b)
				return NULL;
			if (a->next_block < ARENA_MAX_BLOCK)
				a->next_block *= 2;
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	a->used_bytes += need;
	return p;	/* zero: blocks are fresh mappings and never reused */
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/*
 * An array that is the last thing carved from the current block grows where
 * it is: a held-lock list or a frame list is usually built while nothing else
 * is allocated (its strings are interned already), and copying it at every
 * doubling left up to half the bytes of every report's lists behind.
 */
static bool grow_in_place(struct arena *a, void *v, size_t old_bytes, size_t new_bytes)
{
	struct arena_block *b = a->head;
	size_t extra;

	if (!b || !v || (unsigned char *)v + aligned(old_bytes) != b->data + b->used)
		return false;
	extra = aligned(new_bytes) - aligned(old_bytes);
	if (b->size - b->used < extra)
		return false;
	b->used += extra;
	a->used_bytes += extra;
	return true;	/* the bytes past the old end were never handed out: still zero */
}

int vec_grow(struct arena *a, void **v, uint32_t n, uint32_t *cap, size_t elem_size)
{
	uint32_t ncap = *cap ? *cap * 2 : 4;
	void *nv;

	if (ncap < *cap || (size_t)ncap > SIZE_MAX / elem_size)
		return -ENOMEM;
	if (grow_in_place(a, *v, (size_t)*cap * elem_size, (size_t)ncap * elem_size)) {
		*cap = ncap;
		return 0;
	}
	nv = arena_alloc(a, (size_t)ncap * elem_size);
	if (!nv)
		return -ENOMEM;
	if (n)
		memcpy(nv, *v, (size_t)n * elem_size);
	*v = nv;
	*cap = ncap;
	return 0;
}

void vec_trim(struct arena *a, void **v, uint32_t n, uint32_t *cap, size_t elem_size)
{
	struct arena_block *b = a->head;
	size_t have = aligned((size_t)*cap * elem_size), keep = aligned((size_t)n * elem_size);

	if (!b || !*v || keep >= have || (unsigned char *)*v + have != b->data + b->used)
		return;
	/* what is given back is handed out again, and arena memory is zero */
	memset((unsigned char *)*v + keep, 0, have - keep);
	b->used -= have - keep;
	a->used_bytes -= have - keep;
	*cap = n;
	if (!n)
		*v = NULL;
}
