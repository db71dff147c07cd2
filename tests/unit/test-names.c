// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every name lockgraph prints from one of its lists (the X-macro lists of
 * obs.h and analysis.h, the name tables of graph.c and findings.c) is the
 * documented one: the "enum" of docs/schema/lockgraph-1.schema.json at the
 * place that field is described, in the same order. A kind, context or reason
 * added to the code but not to the schema (or the other way) fails here.
 *
 * Usage: test-names SCHEMA
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "analysis.h"
#include "graph.h"
#include "obs.h"

static const char *schema_path;

/* The "enum" array at @path ("$defs/report/properties/kind") of the schema. */
static struct json_object *schema_enum(struct json_object *schema, const char *path)
{
	char buf[256], *save = NULL, *key;
	struct json_object *o = schema;

	snprintf(buf, sizeof(buf), "%s", path);
	for (key = strtok_r(buf, "/", &save); key; key = strtok_r(NULL, "/", &save)) {
		if (!json_object_object_get_ex(o, key, &o))
			fail_msg("schema has no %s (at %s)", path, key);
	}
	if (!json_object_object_get_ex(o, "enum", &o))
		fail_msg("schema: %s has no enum", path);
	return o;
}

/*
 * The names @name_of gives for 0.. @n-1 (NULL ones skipped: not printed) are
 * the schema's enum at @path, in order; a null in the schema's enum (the field
 * may be null) is skipped too.
 */
static void check_list(struct json_object *schema, const char *path, unsigned int n,
		       const char *(*name_of)(unsigned int))
{
	struct json_object *e = schema_enum(schema, path);
	size_t i, k = 0, len = json_object_array_length(e);

	for (i = 0; i < n; i++) {
		const char *name = name_of(i), *doc;

		if (!name)
			continue;
		while (k < len && json_object_is_type(json_object_array_get_idx(e, k), json_type_null))
			k++;
		if (k == len)
			fail_msg("%s: '%s' is printed but not in the schema", path, name);
		doc = json_object_get_string(json_object_array_get_idx(e, k++));
		if (strcmp(doc, name))
			fail_msg("%s: the code's #%zu is '%s', the schema's '%s'", path, i, name, doc);
	}
	while (k < len && json_object_is_type(json_object_array_get_idx(e, k), json_type_null))
		k++;
	if (k != len)
		fail_msg("%s: the schema's '%s' is never printed", path,
			 json_object_get_string(json_object_array_get_idx(e, k)));
}

static const char *kind_at(unsigned int i)
{
	return obs_kind_name((enum lg_kind)i);
}

static const char *context_at(unsigned int i)
{
	return obs_context_name((enum lg_context)i);
}

static const char *usage_at(unsigned int i)
{
	return usage_bit_name((enum usage_bit)i);
}

static const char *lock_kind_at(unsigned int i)
{
	return lock_kind_name((enum lock_kind)i);
}

static const char *evidence_at(unsigned int i)
{
	return evidence_kind_name((enum evidence_kind)i);
}

static const char *type_at(unsigned int i)
{
	return finding_type_name((enum finding_type)i);
}

static const char *confidence_at(unsigned int i)
{
	return confidence_name((enum confidence)i);
}

static const char *reason_at(unsigned int i)
{
	return weak_reason_name(i);
}

static const char *flag_at(unsigned int i)
{
	return finding_flag_name(i);
}

static void test_names(void **state)
{
	struct json_object *schema = json_object_from_file(schema_path);

	(void)state;
	assert_non_null(schema);
	check_list(schema, "$defs/report/properties/kind", LG_KIND__COUNT, kind_at);
	check_list(schema, "$defs/contexts/items", LG_CTX__COUNT, context_at);
	check_list(schema, "$defs/usage/items", USAGE__COUNT, usage_at);
	check_list(schema, "$defs/graph/properties/class_list/items/properties/kind",
		   LOCK_KIND_CONTEXT + 1, lock_kind_at);
	check_list(schema, "$defs/finding/properties/locks/items/properties/kind",
		   LOCK_KIND_CONTEXT + 1, lock_kind_at);
	check_list(schema, "$defs/evidence/properties/kind", EV__COUNT, evidence_at);
	check_list(schema, "$defs/finding/properties/type", FINDING__COUNT, type_at);
	check_list(schema, "$defs/finding/properties/confidence", CONF__COUNT, confidence_at);
	check_list(schema, "$defs/finding/properties/reasons/items", WEAK__COUNT, reason_at);
	check_list(schema, "$defs/finding/properties/flags/items", FINDING__FLAGS, flag_at);
	json_object_put(schema);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test-names SCHEMA\n");
		return 2;
	}
	schema_path = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
