/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stripping collector framing from one log line; see framing.c. */
#ifndef LG_FRAMING_H
#define LG_FRAMING_H

#include <stdbool.h>
#include <stddef.h>

#include "lockline.h"

struct framing {
	char caller[12];	/* "T123", "C0"; "" when none */
	size_t indent;		/* blanks of the text's own indentation before it */
	bool foreign;		/* a syslog line of another program */
};

/*
 * strip_framing - the kernel's text of one physical line
 * Prefixes are removed in any mix and order; leading blanks of the text are
 * dropped too (their count is in f->indent), trailing blanks and CR as well.
 */
struct span strip_framing(const char *s, size_t len, struct framing *f);

/*
 * drop_inner_timestamps - 4.9-era consoles cut one printk line into pieces,
 * each with its own timestamp: " ([  337.27] rtnl_mutex". A piece of a lock
 * line before a timestamp is kept and joined; other text glued before one
 * ("syzkaller login: [ 16.3] INFO: ...") is console chatter and dropped.
 * Writes into @buf when it changes anything, else returns @t.
 */
struct span drop_inner_timestamps(struct span t, char *buf, size_t bufsz);

#endif
