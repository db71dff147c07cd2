// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/arena.c: arrays grow in place when they are the last allocation and are
 * trimmed to what they hold, and what the arena hands out is always zero.
 */
#include <setjmp.h>
#include <stdarg.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow_in_place),
		cmocka_unit_test(test_grow_by_copy),
		cmocka_unit_test(test_trim_zeroes),
		cmocka_unit_test(test_trim_to_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
