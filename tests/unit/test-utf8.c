// SPDX-License-Identifier: GPL-2.0-or-later
/* lib/utf8.c: what is well-formed UTF-8, and what the reporters write instead. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

static void test_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid(""));
	assert_true(utf8_valid("&mm->mmap_lock"));
	assert_true(utf8_valid("caf\xc3\xa9"));			/* U+00E9 */
	assert_true(utf8_valid("\xe2\x82\xac"));		/* U+20AC */
	assert_true(utf8_valid("\xf0\x9f\x94\x92"));		/* U+1F512 */
	assert_true(utf8_valid("\xf4\x8f\xbf\xbf"));		/* U+10FFFF */
	assert_false(utf8_valid("\xff"));
	assert_false(utf8_valid("\xc3\x28"));			/* bad continuation */
	assert_false(utf8_valid("\xc0\xaf"));			/* overlong '/' */
	assert_false(utf8_valid("\xe0\x80\xaf"));		/* overlong */
	assert_false(utf8_valid("\xed\xa0\x80"));		/* surrogate U+D800 */
	assert_false(utf8_valid("\xf4\x90\x80\x80"));		/* above U+10FFFF */
	assert_false(utf8_valid("\xe2\x82"));			/* cut short */
}

/* The length utf8_valid_len() gives is strlen()'s; ASCII runs around multi-byte ones. */
static void test_valid_len(void **state)
{
	static const char *const ok[] = {
		"", "&mm->mmap_lock", "caf\xc3\xa9", "\xe2\x82\xac rate", "x\xf0\x9f\x94\x92y",
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		len = 12345;
		assert_true(utf8_valid_len(ok[i], &len));
		assert_int_equal(len, strlen(ok[i]));
	}
	assert_false(utf8_valid_len("&mm->mmap_lock\xff", &len));
	assert_false(utf8_valid_len("syz-executor\xe2\x82", &len));	/* cut short */
}

static void test_sanitize(void **state)
{
	char *s;

	(void)state;
	s = utf8_sanitize("lab_\xff\xfeobj");
	assert_string_equal(s, "lab_\xef\xbf\xbd\xef\xbf\xbdobj");
	free(s);
	s = utf8_sanitize("caf\xc3\xa9 \xc3\x28");
	assert_string_equal(s, "caf\xc3\xa9 \xef\xbf\xbd(");
	free(s);
	s = utf8_sanitize("\xe2\x82");
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_valid_len),
		cmocka_unit_test(test_sanitize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
