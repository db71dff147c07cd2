// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the lock-line, lock-name and frame grammar
 * (parsers/lockline.c) on one line, and class-name folding and usage bits of
 * the graph (lib/graph.c) on the class it found.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "lockline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *name;
	struct lock_line line;
	struct lock_head head;
	struct frame fr;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	lock_head_parse(s, size, &head);
	frame_parse(s, size, &fr);
	if (lock_line_parse(s, size, &line) == 0) {
		name = malloc(size + 1);
		if (name) {
			graph_fold_name(s, name, size + 1);
			free(name);
		}
	}
	usage_parse(s);
	free(s);
	return 0;
}
