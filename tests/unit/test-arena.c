// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/arena.c: arrays grow in place when they are the last allocation and are
 * trimmed to what they hold, and what the arena hands out is always zero.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

struct entry {
	const char *name;
	unsigned long line;
	uint32_t pad[8];	/* 48 bytes, like a held-lock entry */
};

typedef VEC(struct entry) entry_vec;

static void push_n(struct arena *a, entry_vec *v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct entry e = { .name = "lock", .line = v->n + 1 };

		assert_int_equal(vec_push(a, v, e), 0);
	}
}

/* A list built while nothing else is allocated costs what it holds once trimmed. */
static void test_grow_in_place(void **state)
{
	struct arena a;
	entry_vec v = { 0 };
	struct entry *first;
	size_t before;

	(void)state;
	arena_init(&a);
	(void)arena_alloc(&a, 16);	/* the arena has a block */
	before = a.used_bytes;
	push_n(&a, &v, 1);
	first = v.v;
	push_n(&a, &v, 4);		/* 4 -> 8: the same place, no copy left behind */
	assert_ptr_equal(v.v, first);
	assert_int_equal(v.cap, 8);
	assert_int_equal(a.used_bytes - before, 8 * sizeof(struct entry));
	vec_fit(&a, &v);
	assert_int_equal(v.cap, 5);
	assert_int_equal(a.used_bytes - before, 5 * sizeof(struct entry));
	assert_int_equal(v.v[4].line, 5);
	arena_release(&a);
}

/* An array with something allocated after it grows by a copy and is not trimmed. */
static void test_grow_by_copy(void **state)
{
	struct arena a;
	entry_vec v = { 0 };
	struct entry *first;
	char *s;
	size_t used;

	(void)state;
	arena_init(&a);
	push_n(&a, &v, 4);
	first = v.v;
	s = arena_strdup(&a, "&mm->mmap_lock");
	push_n(&a, &v, 1);
	assert_ptr_not_equal(v.v, first);
	assert_int_equal(v.v[0].line, 1);
	assert_int_equal(v.v[4].line, 5);
	assert_string_equal(s, "&mm->mmap_lock");
	/* the copy is the last allocation now: trimmed; the string is not touched */
	vec_fit(&a, &v);
	assert_int_equal(v.cap, 5);
	used = a.used_bytes;
	vec_fit(&a, &v);	/* twice is once */
	assert_int_equal(a.used_bytes, used);
	assert_string_equal(s, "&mm->mmap_lock");
	arena_release(&a);
}

/* What a trim gives back was written: it is handed out again zeroed. */
static void test_trim_zeroes(void **state)
{
	static const unsigned char zero[8 * sizeof(struct entry)];
	struct arena a;
	entry_vec v = { 0 };
	unsigned char *next;

	(void)state;
	arena_init(&a);
	push_n(&a, &v, 8);
	v.n = 2;		/* a list emptied after it was filled (a subject's own list) */
	vec_fit(&a, &v);
	assert_int_equal(v.cap, 2);
	next = arena_alloc(&a, sizeof(zero));
	assert_ptr_equal(next, (unsigned char *)v.v + 2 * sizeof(struct entry));
	assert_memory_equal(next, zero, sizeof(zero));
	v.n = 0;
	vec_fit(&a, &v);	/* not the last allocation any more: unchanged */
	assert_int_equal(v.cap, 2);
	assert_non_null(v.v);
	arena_release(&a);
}

/* An empty array trimmed at the top is gone, and a new push starts afresh. */
static void test_trim_to_empty(void **state)
{
	struct arena a;
	entry_vec v = { 0 };
	size_t before;

	(void)state;
	arena_init(&a);
	(void)arena_alloc(&a, 16);
	before = a.used_bytes;
	push_n(&a, &v, 3);
	v.n = 0;
	vec_fit(&a, &v);
	assert_null(v.v);
	assert_int_equal(v.cap, 0);
	assert_int_equal(a.used_bytes, before);
	push_n(&a, &v, 1);
	assert_int_equal(v.v[0].line, 1);
	arena_release(&a);
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/*
 * A rewind gives back what was allocated after the mark, blocks made since
 * included (a big request gets a block of its own behind the current one), and
 * memory handed out again is zero; what came before the mark is untouched.
 */
static void test_rewind(void **state)
{
	struct arena a;
	struct arena_mark m;
	char *before, *after, *big, *again;
	size_t used;

	(void)state;
	arena_init(&a);
	before = arena_strdup(&a, "kept");
	used = a.used_bytes;
	arena_mark(&a, &m);
	after = arena_alloc(&a, 100);
	memset(after, 0xab, 100);
	big = arena_alloc(&a, 4u << 20);	/* a block of its own */
	assert_non_null(big);
	(void)arena_alloc(&a, 200u * 1024u);	/* fills the current block: a new one */
	(void)arena_alloc(&a, 200u * 1024u);
	assert_true(arena_owns(&a, big));
	arena_rewind(&a, &m);
	assert_false(arena_owns(&a, big));
	assert_int_equal(a.used_bytes, used);
	assert_false(arena_owns(&a, after));
	assert_true(arena_owns(&a, before));
	assert_string_equal(before, "kept");
	again = arena_alloc(&a, 100);
	assert_ptr_equal(again, after);	/* the same memory, zero again */
	assert_true(all_zero(again, 100));
	arena_release(&a);
}

/* A reset keeps one block, zeroed, and owns nothing until handed out again. */
static void test_reset(void **state)
{
	struct arena a;
	char *p, *q;

	(void)state;
	arena_init(&a);
	p = arena_alloc(&a, 64);
	memset(p, 0xcd, 64);
	(void)arena_alloc(&a, 8u << 20);
	arena_reset(&a);
	assert_int_equal(a.used_bytes, 0);
	assert_false(arena_owns(&a, p));
	q = arena_alloc(&a, 64);
	assert_true(all_zero(q, 64));
	assert_true(arena_owns(&a, q));
	assert_false(arena_owns(&a, "a string elsewhere"));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow_in_place),
		cmocka_unit_test(test_grow_by_copy),
		cmocka_unit_test(test_trim_zeroes),
		cmocka_unit_test(test_trim_to_empty),
		cmocka_unit_test(test_rewind),
		cmocka_unit_test(test_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
