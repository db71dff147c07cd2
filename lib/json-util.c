// SPDX-License-Identifier: GPL-2.0-or-later
/* JSON pieces shared by report-json.c and save.c (json-util.h says which strings are which). */
#include <stdlib.h>

#include "json-util.h"
#include "utf8.h"

struct json_object *json_text(const char *s)
{
	struct json_object *o;
	char *clean;
	size_t len;

	if (!s)
		return NULL;
	if (utf8_valid_len(s, &len))
		return json_object_new_string_len(s, (int)len);
	clean = utf8_sanitize(s);
	if (!clean)
		return NULL;
	o = json_object_new_string(clean);
	free(clean);
	return o;
}

struct json_object *json_bytes(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

struct json_object *json_str_array(const char *const *v, uint32_t n,
				   struct json_object *(*str)(const char *))
{
	struct json_object *a = json_object_new_array();
	uint32_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, str(v[i]));
	return a;
}

struct json_object *json_lock_array(const struct lg_lock *v, uint32_t n,
				    struct json_object *(*lock)(const struct lg_lock *))
{
	struct json_object *a = json_object_new_array();
	uint32_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, lock(&v[i]));
	return a;
}

struct json_object *json_names(unsigned int mask, unsigned int n,
			       const char *(*name_of)(unsigned int bit))
{
	struct json_object *a = json_object_new_array();
	unsigned int b;

	for (b = 0; b < n; b++)
		if (mask & (1u << b))
			json_object_array_add(a, json_text(name_of(b)));
	return a;
}

static const char *context_name_of(unsigned int bit)
{
	return obs_context_name((enum lg_context)bit);
}

struct json_object *json_contexts(unsigned int mask)
{
	return json_names(mask, LG_CTX__COUNT, context_name_of);
}
