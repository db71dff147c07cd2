/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stripping collector framing from one log line; see framing.c. */
#ifndef LG_FRAMING_H
#define LG_FRAMING_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

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

/* A quoted-printable line being joined: longer ones are given as they are. */
#define QP_MAX 8192

/* What decode_record() keeps between lines: a quoted-printable body's state. */
struct record_decoder {
	bool qp;		/* lockdep's banner came quoted-printable: decode from there on */
	char qp_buf[QP_MAX];
	size_t qp_len;
	unsigned long qp_line;	/* input line the line being joined began on */
};

/* A kernel line decode_record() found, and the input line it began on. */
typedef void (*record_line_fn)(void *arg, const char *s, size_t len, unsigned long line_no);

/*
 * decode_record - the kernel's lines in physical line @line_no of the input,
 * as collectors encode them: rsyslog's "#012" for a newline inside a record,
 * and a mail body kept quoted-printable ("=3D", soft line breaks) from
 * lockdep's banner on. Calls @emit for each (none while a quoted-printable
 * line goes on); the prefixes stay for strip_framing().
 */
void decode_record(struct record_decoder *d, const char *line, size_t len, unsigned long line_no,
		   record_line_fn emit, void *arg);

/* At the end of the input: a quoted-printable line it ended in the middle of. */
void decode_record_end(struct record_decoder *d, record_line_fn emit, void *arg);

#endif
