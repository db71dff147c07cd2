/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The grammar of one lock as lockdep prints it, and of one stack frame. Pure
 * functions over text: no allocation, no state. docs/reports.md ("Lines",
 * "Fields of a report") states what is read; tests/unit/test-lockline.c holds
 * one row per real variant.
 */
#ifndef LG_LOCKLINE_H
#define LG_LOCKLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

/* "(name){usage}-{o:i}" */
struct lock_head {
	struct span name;
	struct span usage;	/* "+.+." or len 0 */
	struct span wait;	/* "3:3" or len 0 */
	size_t end;		/* offset just after the head (and " ops: N") */
};

/* A frame symbol made canonical: "func+0x1/0x2 [module]". */
#define FRAME_MAX 256

struct frame {
	char text[FRAME_MAX];
	bool reliable;		/* not marked "? " by the unwinder */
	bool inlined;		/* symbolised "[inline]" duplicate */
};

/*
 * lock_head_parse - parse "(name){usage}[-{o:i}]" at @s
 * @s must start at the opening parenthesis. The name ends at the first ")"
 * followed by a usage block of 4 or 6 characters of ".+-?" in braces, so
 * names may contain parentheses, spaces, "#N" and "/N".
 *
 * Return: 1 parsed, 0 not a lock head, -1 looks like the start of one that
 * goes on past @len (a line wrapped or split by the console).
 */
int lock_head_parse(const char *s, size_t len, struct lock_head *h);

/* A held-lock or lock line: "[#N:] [address] (name){usage}[-{o:i}][, at: SYMBOL]". */
struct lock_line {
	int index;		/* N of "#N:", -1 when absent */
	struct lock_head head;
	bool has_at;		/* ", at:" present */
	struct frame at;	/* canonical symbol; text[0] == 0 when missing */
	bool released;		/* "<RELEASED>" entry */
	struct span rest;	/* text after the symbol (a mail reflow glued the next line) */
};

/* Return: 1 parsed, 0 not a lock line, -1 incomplete (join with the next line). */
int lock_line_parse(const char *s, size_t len, struct lock_line *out);

/*
 * frame_parse - one stack frame line
 * Accepts "func+0x1/0x2", "func+0x1/0x2 [mod]", "[<addr>] func+..", "? func+..",
 * "0xffffffffa0000083", symbolised "func file.c:12 [inline]", "func (file.c:12)",
 * arm "[<addr>] (func+0x1/0x2) from [<addr>] (caller+..)", arm64 "func+.. (T)".
 *
 * Return: true when the whole line is a frame.
 */
bool frame_parse(const char *s, size_t len, struct frame *out);

#endif
