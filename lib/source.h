/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An input as a stream of bytes and lines: a file, standard input or memory,
 * with gzip, xz and zstd undone on the fly (recognised by magic bytes, not by
 * name). Memory stays bounded whatever the input's size: lines longer than
 * SOURCE_MAX_LINE are cut there and the rest of the line is skipped.
 */
#ifndef LG_SOURCE_H
#define LG_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#define SOURCE_MAX_LINE (1u << 20)

enum source_compression {
	SOURCE_PLAIN,
	SOURCE_GZIP,
	SOURCE_XZ,
	SOURCE_ZSTD,
};

struct lg_source;

/* Opens @path ("-": standard input). 0 or -errno; *out is NULL on error. */
int source_open_path(const char *path, struct lg_source **out);
/* A source over an open descriptor (a pipe), left open by source_close(). */
int source_open_fd(int fd, struct lg_source **out);
/* A source over memory the caller keeps alive until source_close(). */
int source_open_mem(const void *buf, size_t len, struct lg_source **out);
void source_close(struct lg_source *src);

enum source_compression source_compression(const struct lg_source *src);
const char *source_compression_name(enum source_compression c);

/*
 * Up to @want bytes of the (decompressed) input without consuming them, for
 * format probes. Return: bytes available at *head (less than @want only at
 * end of input), or a negative error.
 */
long source_peek(struct lg_source *src, const unsigned char **head, size_t want);

/*
 * The next line, without its "\n" and a "\r" before it; *line is valid until
 * the next call. Return: 1 with a line, 0 at end of input, or a negative
 * error (the input could not be read or decompressed).
 */
int source_next_line(struct lg_source *src, const char **line, size_t *len);

/*
 * Calls @fn(@arg, bytes consumed) as the reader refills its buffer, at most
 * once per SOURCE_PROGRESS_STEP bytes: for a progress line on long inputs.
 */
typedef void (*source_progress_fn)(void *arg, unsigned long long consumed);
#define SOURCE_PROGRESS_STEP (1ull << 20)
void source_set_progress(struct lg_source *src, source_progress_fn fn, void *arg);

/* 1-based number of the line last returned. */
unsigned long source_line_no(const struct lg_source *src);
/* Decompressed bytes consumed so far. */
unsigned long long source_offset(const struct lg_source *src);
/* Lines cut at SOURCE_MAX_LINE so far. */
unsigned long source_cut_lines(const struct lg_source *src);

/*
 * For readers that need a file of their own (libtracecmd): the path when the
 * input is an uncompressed regular file, else NULL.
 */
const char *source_plain_path(const struct lg_source *src);

/* Reads up to @n raw decompressed bytes; bytes read, 0 at end, or -error. */
long source_read(struct lg_source *src, void *buf, size_t n);

#endif
