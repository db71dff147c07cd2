/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON pieces both writers of JSON build: the lockgraph/1 output
 * (report-json.c) and saved graphs (save.c). Strings come in two kinds:
 * output for people and dashboards is valid UTF-8 (bytes that are not become
 * U+FFFD), a saved graph keeps the bytes as read, for lockgraph to read back.
 */
#ifndef LG_JSON_UTIL_H
#define LG_JSON_UTIL_H

#include <json-c/json.h>
#include <stdint.h>

#include "obs.h"

/*
 * @o[@key] = @v for a @key that is a string constant not yet in @o, as every
 * member the writers add is: json-c then neither looks the key up nor copies
 * it (a report object has some 25 members, a lock 2, and there are millions).
 */
static inline void json_put(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add_ex(o, key, v,
				  JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_KEY_IS_CONSTANT);
}

/* A JSON string of @s made valid UTF-8; NULL (JSON null) for NULL. */
struct json_object *json_text(const char *s);
/* A JSON string of @s's bytes as they are; NULL for NULL. */
struct json_object *json_bytes(const char *s);

/* An array of @n strings, each made by @str (json_text or json_bytes). */
struct json_object *json_str_array(const char *const *v, uint32_t n,
				   struct json_object *(*str)(const char *));
/* An array of @n locks, each made by @lock. */
struct json_object *json_lock_array(const struct lg_lock *v, uint32_t n,
				    struct json_object *(*lock)(const struct lg_lock *));

/* The names of @mask's bits below @n, as @name_of gives them, in bit order. */
struct json_object *json_names(unsigned int mask, unsigned int n,
			       const char *(*name_of)(unsigned int bit));
/* The "contexts" array for a context mask (enum lg_context bits), in documented order. */
struct json_object *json_contexts(unsigned int mask);

#endif
