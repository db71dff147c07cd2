// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Byte and line streams over files, standard input and memory, undoing gzip
 * (zlib), xz (liblzma) and zstd (libzstd) as they go. It knows nothing of
 * what the bytes mean.
 */
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "lockgraph.h"
#include "source.h"

#define RAW_CHUNK (256u * 1024u)
#define BUF_INIT (256u * 1024u)
#define BUF_MAX (SOURCE_MAX_LINE + RAW_CHUNK * 16)

struct lg_source {
	int fd;			/* -1 for memory */
	bool own_fd;
	char *path;		/* set for plain regular files */
	const unsigned char *mem;
	size_t mem_len, mem_pos;

	enum source_compression comp;
	z_stream z;
	lzma_stream xz;
	ZSTD_DStream *zstd;
	bool zstd_frame_end;	/* the last zstd frame was decoded to its end */
	bool dec_ready, dec_done;

	/* compressed bytes read from the file, not yet decompressed */
	unsigned char *raw;
	size_t raw_pos, raw_len;
	bool raw_eof;

	/* decompressed bytes: [pos, len) not yet consumed */
	unsigned char *buf;
	size_t cap, pos, len;
	bool eof;
	int err;

	unsigned long line_no, cut_lines;
	unsigned long long consumed;
	bool cr_lines;		/* a CR alone ended a line: look for CRs first */
	bool skipping;		/* inside a line cut at SOURCE_MAX_LINE */

	source_progress_fn progress;	/* see source_set_progress() */
	void *progress_arg;
	unsigned long long progress_next;
};

const char *source_compression_name(enum source_compression c)
{
	switch (c) {
	case SOURCE_GZIP:
		return "gzip";
	case SOURCE_XZ:
		return "xz";
	case SOURCE_ZSTD:
		return "zstd";
	default:
		return "none";
	}
}

enum source_compression source_compression(const struct lg_source *src)
{
	return src->comp;
}

const char *source_plain_path(const struct lg_source *src)
{
	return src->comp == SOURCE_PLAIN ? src->path : NULL;
}

unsigned long source_line_no(const struct lg_source *src)
{
	return src->line_no;
}

unsigned long long source_offset(const struct lg_source *src)
{
	return src->consumed;
}

unsigned long source_cut_lines(const struct lg_source *src)
{
	return src->cut_lines;
}

/* Fills src->raw with more file (or memory) bytes; 0, or -errno. */
static int raw_fill(struct lg_source *src)
{
	ssize_t n;

	if (src->raw_pos < src->raw_len || src->raw_eof)
		return 0;
	src->raw_pos = 0;
	src->raw_len = 0;
	if (src->fd < 0) {
		size_t left = src->mem_len - src->mem_pos;

		if (!left) {
			src->raw_eof = true;
			return 0;
		}
		if (left > RAW_CHUNK)
			left = RAW_CHUNK;
		memcpy(src->raw, src->mem + src->mem_pos, left);
		src->mem_pos += left;
		src->raw_len = left;
		return 0;
	}
	do
		n = read(src->fd, src->raw, RAW_CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		src->raw_eof = true;
	src->raw_len = (size_t)n;
	return 0;
}

static int decoder_init(struct lg_source *src)
{
	switch (src->comp) {
	case SOURCE_GZIP:
		/* 16 + MAX_WBITS: gzip wrapper; members are restarted on Z_STREAM_END. */
		if (inflateInit2(&src->z, 16 + MAX_WBITS) != Z_OK)
			return -LG_EDECOMPRESS;
		break;
	case SOURCE_XZ: {
		lzma_stream init = LZMA_STREAM_INIT;

		src->xz = init;
		if (lzma_stream_decoder(&src->xz, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
			return -LG_EDECOMPRESS;
		break;
	}
	case SOURCE_ZSTD:
		src->zstd = ZSTD_createDStream();
		if (!src->zstd || ZSTD_isError(ZSTD_initDStream(src->zstd)))
			return -LG_EDECOMPRESS;
		break;
	default:
		break;
	}
	src->dec_ready = true;
	return 0;
}

/* Decompresses into out[0..room); bytes produced (0 at end), or -error. */
static long decode(struct lg_source *src, unsigned char *out, size_t room)
{
	for (;;) {
		size_t produced = 0;
		int err = raw_fill(src);

		if (err)
			return err;
		if (src->dec_done)
			return 0;
		if (src->raw_pos == src->raw_len && src->raw_eof) {
			if (src->comp == SOURCE_XZ) {
				/* LZMA_CONCATENATED wants LZMA_FINISH to report the end. */
				lzma_ret r;

				src->xz.next_in = NULL;
				src->xz.avail_in = 0;
				src->xz.next_out = out;
				src->xz.avail_out = room;
				r = lzma_code(&src->xz, LZMA_FINISH);
				produced = room - src->xz.avail_out;
				if (r == LZMA_STREAM_END)
					src->dec_done = true;
				else if (r != LZMA_OK || !produced)
					return -LG_ETRUNCATED;
				return (long)produced;
			}
			/* zstd says a frame ended; concatenated frames just follow */
			if (src->comp == SOURCE_PLAIN ||
			    (src->comp == SOURCE_ZSTD && src->zstd_frame_end))
				return 0;
			/* Compressed input ended before its stream did. */
			return -LG_ETRUNCATED;
		}

		switch (src->comp) {
		case SOURCE_GZIP: {
			int r;

			src->z.next_in = src->raw + src->raw_pos;
			src->z.avail_in = (uInt)(src->raw_len - src->raw_pos);
			src->z.next_out = out;
			src->z.avail_out = (uInt)room;
			r = inflate(&src->z, Z_NO_FLUSH);
			src->raw_pos = src->raw_len - src->z.avail_in;
			produced = room - src->z.avail_out;
			if (r == Z_STREAM_END) {
				/* Another gzip member may follow (cat a.gz b.gz). */
				if (src->raw_pos == src->raw_len) {
					int e = raw_fill(src);

					if (e)
						return e;
				}
				if (src->raw_pos < src->raw_len)
					inflateReset(&src->z);
				else
					src->dec_done = true;
			} else if (r != Z_OK && r != Z_BUF_ERROR) {
				return -LG_EDECOMPRESS;
			}
			break;
		}
		case SOURCE_XZ: {
			lzma_ret r;

			src->xz.next_in = src->raw + src->raw_pos;
			src->xz.avail_in = src->raw_len - src->raw_pos;
			src->xz.next_out = out;
			src->xz.avail_out = room;
			r = lzma_code(&src->xz, LZMA_RUN);
			src->raw_pos = src->raw_len - src->xz.avail_in;
			produced = room - src->xz.avail_out;
			if (r == LZMA_STREAM_END)
				src->dec_done = true;
			else if (r != LZMA_OK && r != LZMA_BUF_ERROR)
				return -LG_EDECOMPRESS;
			break;
		}
		case SOURCE_ZSTD: {
			ZSTD_inBuffer in = { src->raw + src->raw_pos, src->raw_len - src->raw_pos, 0 };
			ZSTD_outBuffer o = { out, room, 0 };
			size_t r = ZSTD_decompressStream(src->zstd, &o, &in);

			if (ZSTD_isError(r))
				return -LG_EDECOMPRESS;
			src->raw_pos += in.pos;
			produced = o.pos;
			src->zstd_frame_end = r == 0;
			break;
		}
		default: {
			size_t n = src->raw_len - src->raw_pos;

			if (n > room)
				n = room;
			memcpy(out, src->raw + src->raw_pos, n);
			src->raw_pos += n;
			produced = n;
			break;
		}
		}
		if (produced)
			return (long)produced;
	}
}

/* Makes at least one more byte available in buf, growing up to BUF_MAX. */
static int buf_fill(struct lg_source *src)
{
	long n;

	if (src->progress && src->consumed >= src->progress_next) {
		src->progress_next = src->consumed + SOURCE_PROGRESS_STEP;
		src->progress(src->progress_arg, src->consumed);
	}
	if (src->eof)
		return 0;
	if (src->pos > 0 && (src->pos == src->len || src->len == src->cap)) {
		memmove(src->buf, src->buf + src->pos, src->len - src->pos);
		src->len -= src->pos;
		src->pos = 0;
	}
	if (src->len == src->cap) {
		size_t ncap = src->cap * 2;
		unsigned char *nb;

		if (ncap > BUF_MAX)
			return -LG_ELIMIT;
		nb = realloc(src->buf, ncap);
		if (!nb)
			return -ENOMEM;
		memset(nb + src->cap, 0, ncap - src->cap);	/* see source_start() */
		src->buf = nb;
		src->cap = ncap;
	}
	n = decode(src, src->buf + src->len, src->cap - src->len);
	if (n < 0) {
		src->err = (int)n;
		src->eof = true;
		return (int)n;
	}
	if (n == 0)
		src->eof = true;
	src->len += (size_t)n;
	return 0;
}

static enum source_compression sniff(const unsigned char *p, size_t n)
{
	static const unsigned char xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return SOURCE_GZIP;
	if (n >= 6 && !memcmp(p, xz_magic, 6))
		return SOURCE_XZ;
	if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
		return SOURCE_ZSTD;
	return SOURCE_PLAIN;
}

static int source_start(struct lg_source *src)
{
	int err;

	src->raw = malloc(RAW_CHUNK);
	src->cap = BUF_INIT;
	/*
	 * Zeroed, as it grows too: lines handed out point into it, and PCRE2's
	 * JIT may read a little past a subject's end (memcheck would call that
	 * a use of uninitialised memory).
	 */
	src->buf = calloc(1, src->cap);
	if (!src->raw || !src->buf)
		return -ENOMEM;
	err = raw_fill(src);
	if (err)
		return err;
	/* A magic split across two reads is not worth handling: RAW_CHUNK >> 6. */
	src->comp = sniff(src->raw, src->raw_len);
	return decoder_init(src);
}

int source_open_path(const char *path, struct lg_source **out)
{
	struct lg_source *src;
	struct stat st;
	int err;

	*out = NULL;
	src = calloc(1, sizeof(*src));
	if (!src)
		return -ENOMEM;
	if (!strcmp(path, "-")) {
		src->fd = STDIN_FILENO;
	} else {
		src->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (src->fd < 0) {
			err = -errno;
			free(src);
			return err;
		}
		src->own_fd = true;
		if (fstat(src->fd, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				close(src->fd);
				free(src);
				return -EISDIR;
			}
			if (S_ISREG(st.st_mode))
				src->path = strdup(path);
		}
	}
	err = source_start(src);
	if (err) {
		source_close(src);
		return err;
	}
	*out = src;
	return 0;
}

int source_open_fd(int fd, struct lg_source **out)
{
	struct lg_source *src;
	int err;

	*out = NULL;
	src = calloc(1, sizeof(*src));
	if (!src)
		return -ENOMEM;
	src->fd = fd;
	err = source_start(src);
	if (err) {
		source_close(src);
		return err;
	}
	*out = src;
	return 0;
}

int source_open_mem(const void *buf, size_t len, struct lg_source **out)
{
	struct lg_source *src;
	int err;

	*out = NULL;
	src = calloc(1, sizeof(*src));
	if (!src)
		return -ENOMEM;
	src->fd = -1;
	src->mem = buf;
	src->mem_len = len;
	err = source_start(src);
	if (err) {
		source_close(src);
		return err;
	}
	*out = src;
	return 0;
}

void source_close(struct lg_source *src)
{
	if (!src)
		return;
	if (src->dec_ready) {
		if (src->comp == SOURCE_GZIP)
			inflateEnd(&src->z);
		else if (src->comp == SOURCE_XZ)
			lzma_end(&src->xz);
	}
	ZSTD_freeDStream(src->zstd);
	if (src->own_fd)
		close(src->fd);
	free(src->path);
	free(src->raw);
	free(src->buf);
	free(src);
}

long source_peek(struct lg_source *src, const unsigned char **head, size_t want)
{
	while (src->len - src->pos < want && !src->eof) {
		int err = buf_fill(src);

		if (err)
			return err;
	}
	*head = src->buf + src->pos;
	return (long)(src->len - src->pos < want ? src->len - src->pos : want);
}

void source_set_progress(struct lg_source *src, source_progress_fn fn, void *arg)
{
	src->progress = fn;
	src->progress_arg = arg;
	src->progress_next = SOURCE_PROGRESS_STEP;
}

long source_read(struct lg_source *src, void *buf, size_t n)
{
	size_t have;

	if (src->pos == src->len) {
		int err = buf_fill(src);

		if (err)
			return err;
	}
	have = src->len - src->pos;
	if (have > n)
		have = n;
	memcpy(buf, src->buf + src->pos, have);
	src->pos += have;
	src->consumed += have;
	return (long)have;
}

/* An LF line longer than this is looked at for CRs ending lines (kernel lines are shorter). */
#define CR_LOOK 4096

/*
 * The first CR in the first @n bytes at @start (of @avail read) that ends a
 * line by itself: not followed by LF, and not the last byte read before the
 * end of the input is known (the LF may follow). NULL when there is none.
 */
static unsigned char *lone_cr(const struct lg_source *src, unsigned char *start, size_t n,
			      size_t avail)
{
	unsigned char *cr = memchr(start, '\r', n);

	while (cr) {
		size_t at = (size_t)(cr - start);

		if (at + 1 < avail ? cr[1] != '\n' : src->eof)
			return cr;
		if (at + 1 >= n)
			return NULL;
		cr = memchr(cr + 1, '\r', n - at - 1);
	}
	return NULL;
}

int source_next_line(struct lg_source *src, const char **line, size_t *len)
{
	size_t scanned = 0;

	for (;;) {
		unsigned char *start = src->buf + src->pos;
		size_t avail = src->len - src->pos;
		unsigned char *nl, *cr;
		size_t n;

		/*
		 * A console capture with CR alone as its line end (some serial
		 * tools): looked for only where no LF comes within a line's usual
		 * length, so LF logs pay nothing; once one is seen, CRs are looked
		 * for first, so a buffer without LF is not scanned again per line.
		 */
		if (src->cr_lines) {
			cr = lone_cr(src, start, avail, avail);
			nl = memchr(start, '\n', cr ? (size_t)(cr - start) : avail);
		} else {
			nl = memchr(start + scanned, '\n', avail - scanned);
			cr = !nl || nl - start > CR_LOOK ?
				lone_cr(src, start, nl ? (size_t)(nl - start) : avail, avail) : NULL;
		}
		if (cr && (!nl || cr < nl)) {
			nl = cr;
			src->cr_lines = true;
		}
		if (nl || (src->eof && avail) || avail >= SOURCE_MAX_LINE) {
			bool cut = false;

			if (nl) {
				n = (size_t)(nl - start);
				src->pos += n + 1;
			} else if (avail >= SOURCE_MAX_LINE) {
				n = SOURCE_MAX_LINE;
				src->pos += n;
				cut = true;
			} else {
				n = avail;
				src->pos += n;
			}
			src->consumed += (unsigned long long)(nl ? n + 1 : n);
			if (src->skipping) {
				/* the tail of a line already cut: drop it */
				src->skipping = cut;
				scanned = 0;
				continue;
			}
			if (cut) {
				src->skipping = true;
				src->cut_lines++;
			}
			if (n && start[n - 1] == '\r')
				n--;
			/* a CR shown as "^M" by the pager the log was copied from */
			if (n >= 2 && start[n - 2] == '^' && start[n - 1] == 'M')
				n -= 2;
			src->line_no++;
			*line = (const char *)start;
			*len = n;
			return 1;
		}
		if (src->eof)
			return src->err ? src->err : 0;
		/* buf_fill may move the unconsumed bytes to the front: scanned stays valid */
		scanned = avail;
		{
			int err = buf_fill(src);

			if (err && !(src->len - src->pos))
				return err;
		}
	}
}
