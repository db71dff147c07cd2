// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check-json EXPECTED ACTUAL: does ACTUAL contain what EXPECTED lists?
 * Objects match when every key of the expected object matches (other keys
 * are ignored); arrays when they have the same length and match element by
 * element; scalars when equal. A key written "!name" whose value is an array
 * asserts absence: no element of the actual array "name" may match any of
 * the listed objects. Prints every mismatch with its JSON path and exits 1 if
 * there was one (testdata/README.md).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

static int mismatches;
static int silent;	/* inside matches(): count, do not print */

static const char *show(struct json_object *o)
{
	return o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							     JSON_C_TO_STRING_NOSLASHESCAPE)
		 : "null";
}

static void fail(const char *path, struct json_object *want, struct json_object *got)
{
	if (++mismatches <= 40 && !silent) {
		fprintf(stderr, "  %s: expected %s\n", path, show(want));
		fprintf(stderr, "  %*s  got      %s\n", (int)strlen(path), "", show(got));
	}
}

static void compare(const char *path, struct json_object *want, struct json_object *got);

/* Does @got match @want, without reporting anything? */
static int matches(struct json_object *want, struct json_object *got)
{
	int saved = mismatches, quiet;

	mismatches = 0;
	silent++;
	compare("", want, got);
	silent--;
	quiet = mismatches == 0;
	mismatches = saved;
	return quiet;
}

/* "!key": none of @want's elements may match an element of @got. */
static void compare_absent(const char *path, struct json_object *want, struct json_object *got)
{
	size_t i, j;

	if (!json_object_is_type(want, json_type_array) ||
	    (got && !json_object_is_type(got, json_type_array))) {
		fail(path, want, got);
		return;
	}
	for (i = 0; i < json_object_array_length(want); i++) {
		for (j = 0; got && j < json_object_array_length(got); j++) {
			if (matches(json_object_array_get_idx(want, i),
				    json_object_array_get_idx(got, j))) {
				char sub[1100];

				snprintf(sub, sizeof(sub), "%.1000s[%zu] (must be absent)", path, j);
				fail(sub, json_object_array_get_idx(want, i),
				     json_object_array_get_idx(got, j));
			}
		}
	}
}

static void compare(const char *path, struct json_object *want, struct json_object *got)
{
	char sub[1024];
	enum json_type wt = json_object_get_type(want);

	if (wt != json_object_get_type(got)) {
		/* 1 and 1.0 are the same number */
		if ((wt == json_type_int || wt == json_type_double) &&
		    (json_object_get_type(got) == json_type_int ||
		     json_object_get_type(got) == json_type_double) &&
		    json_object_get_double(want) == json_object_get_double(got))
			return;
		fail(path, want, got);
		return;
	}
	switch (wt) {
	case json_type_object: {
		json_object_object_foreach(want, key, val) {
			struct json_object *g = NULL;

			snprintf(sub, sizeof(sub), "%s.%s", path, key);
			if (key[0] == '!') {
				json_object_object_get_ex(got, key + 1, &g);
				compare_absent(sub, val, g);
				continue;
			}
			if (!json_object_object_get_ex(got, key, &g)) {
				if (silent) {
					mismatches++;
					continue;
				}
				fprintf(stderr, "  %s: missing\n", sub);
				mismatches++;
				continue;
			}
			compare(sub, val, g);
		}
		break;
	}
	case json_type_array: {
		size_t i, n = json_object_array_length(want);

		if (n != json_object_array_length(got)) {
			snprintf(sub, sizeof(sub), "%s (length %zu vs %zu)", path, n,
				 json_object_array_length(got));
			fail(sub, want, got);
			return;
		}
		for (i = 0; i < n; i++) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			compare(sub, json_object_array_get_idx(want, i),
				json_object_array_get_idx(got, i));
		}
		break;
	}
	case json_type_null:
		break;
	default:
		if (!json_object_equal(want, got))
			fail(path, want, got);
		break;
	}
}

static struct json_object *load(const char *path)
{
	struct json_object *o;

	if (!strcmp(path, "-")) {
		static char buf[64 << 20];
		size_t n = fread(buf, 1, sizeof(buf) - 1, stdin);

		buf[n] = '\0';
		o = json_tokener_parse(buf);
	} else {
		o = json_object_from_file(path);
	}
	if (!o)
		fprintf(stderr, "check-json: cannot parse '%s'\n", path);
	return o;
}

int main(int argc, char **argv)
{
	struct json_object *want, *got;

	if (argc != 3) {
		fprintf(stderr, "usage: check-json EXPECTED ACTUAL|-\n");
		return 2;
	}
	want = load(argv[1]);
	got = load(argv[2]);
	if (!want || !got)
		return 2;
	compare("$", want, got);
	if (mismatches)
		fprintf(stderr, "check-json: %d mismatch(es) against %s\n", mismatches, argv[1]);
	json_object_put(want);
	json_object_put(got);
	return mismatches ? 1 : 0;
}
