// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Line framing: what collectors put around the kernel's text (dmesg
 * timestamps, printk caller ids, syslog/journald, /dev/kmsg, dmesg -x,
 * mail quoting), and collectors' encodings of whole lines (rsyslog's "#012",
 * quoted-printable mail bodies). docs/reports.md "Lines"; §1.1 and §9.4 of
 * kernel-formats.md in the shared corpus (outside this repository). Pure functions over one line, no allocation; the encodings keep
 * their state in a struct record_decoder of the caller's.
 */
#include <ctype.h>
#include <string.h>

#include "framing.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * "[  12.345678]" (or a mangled "  12.345678]" that lost its bracket), and
 * dmesg --reltime's deltas "[  +0.000003]", with a comma where the locale
 * says so ("[  +0,000003]"): end or NULL
 */
static const char *timestamp_end(const char *p, const char *end, bool need_bracket)
{
	const char *q = p;

	if (q < end && *q == '[')
		q++;
	else if (need_bracket)
		return NULL;
	q = skip_blanks(q, end);
	if (q < end && *q == '+' && q > p && q[-1] == ' ')
		q++;
	if (q == end || !is_digit(*q))
		return NULL;
	while (q < end && is_digit(*q))
		q++;
	if (q == end || (*q != '.' && *q != ','))
		return NULL;
	q++;
	if (q == end || !is_digit(*q))
		return NULL;
	while (q < end && is_digit(*q))
		q++;
	if (q == end || *q != ']')
		return NULL;
	return q + 1;
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* "Mon DD HH:MM:SS host tag: " or ISO "2024-01-01T00:00:00... host tag: " */
static const char *syslog_end(const char *p, const char *end, struct framing *f)
{
	bool month = false;
	const char *k;
	size_t i, span;

	if (end - p < 16)
		return NULL;
	/* the shape before the month names: this runs on every capitalised line */
	if (p[3] == ' ' && p[9] == ':' && p[12] == ':') {
		for (i = 0; i < 12 && !month; i++)
			month = p[0] == months[i][0] && p[1] == months[i][1] && p[2] == months[i][2];
	} else if (is_digit(p[0]) && p[4] == '-' && p[7] == '-' && p[10] == 'T') {
		month = true;
	}
	if (!month)
		return NULL;
	span = (size_t)(end - p) < 120 ? (size_t)(end - p) : 120;
	/* " kernel:" after one of the next few blanks (memmem costs more on short text) */
	for (k = p + 15; (k = memchr(k, ' ', (size_t)(p + span - k))) && k + 8 <= p + span; k++)
		if (!memcmp(k, " kernel:", 8))
			return k + 8 + (k + 8 < end && k[8] == ' ');
	/* another program's line: "host sshd[12]: ..." */
	f->foreign = true;
	return end;
}

/*
 * journalctl's short format in a locale whose month is not English ("кві 09
 * 19:54:36 host kernel: ", "déc. 03 ..."): a word, the day, HH:MM:SS, then a
 * host and " kernel:" within the next few words. End or NULL; another
 * program's line of that shape is foreign, as in syslog_end().
 */
static const char *local_syslog_end(const char *p, const char *end, struct framing *f)
{
	const char *q = p, *k;
	size_t span;

	while (q < end && q - p < 16 && *q != ' ' && !is_digit(*q))
		q++;
	if (q - p < 2 || end - q < 12 || *q != ' ')
		return NULL;
	q = skip_blanks(q, end);
	if (end - q < 11 || !is_digit(q[0]))
		return NULL;
	q += is_digit(q[1]) ? 2 : 1;
	if (end - q < 10 || q[0] != ' ' || !is_digit(q[1]) || !is_digit(q[2]) || q[3] != ':' ||
	    q[6] != ':' || !is_digit(q[7]) || !is_digit(q[8]) || q[9] != ' ')
		return NULL;
	q += 9;
	span = (size_t)(end - q) < 100 ? (size_t)(end - q) : 100;
	for (k = q; (k = memchr(k, ' ', (size_t)(q + span - k))) && k + 8 <= q + span; k++)
		if (!memcmp(k, " kernel:", 8))
			return k + 8 + (k + 8 < end && k[8] == ' ');
	f->foreign = true;
	return end;
}

/* "[ T123]" / "[  C0]": end or NULL, the id copied to f->caller */
static const char *caller_end(const char *p, const char *end, struct framing *f)
{
	const char *q = p, *id;

	if (q == end || *q != '[')
		return NULL;
	q = skip_blanks(q + 1, end);
	if (q == end || (*q != 'T' && *q != 'C'))
		return NULL;
	id = q++;
	if (q == end || !is_digit(*q))
		return NULL;
	while (q < end && is_digit(*q))
		q++;
	if (q == end || *q != ']')
		return NULL;
	{
		/* runs on every line: no snprintf */
		size_t n = (size_t)(q - id) < sizeof(f->caller) - 1 ? (size_t)(q - id)
								   : sizeof(f->caller) - 1;

		memcpy(f->caller, id, n);
		f->caller[n] = '\0';
	}
	return q + 1;
}

/* "kern  :warn  : " of dmesg -x */
static const char *facility_end(const char *p, const char *end)
{
	static const char *const fac[] = { "kern", "user", "mail", "daemon", "auth", "syslog",
					   "lpr", "news", "local" };
	const char *q, *w = p;
	size_t i, n;

	/* the word, then blanks and a colon: this runs on every line starting in lowercase */
	while (w < end && w - p < 7 && ((*w >= 'a' && *w <= 'z') || is_digit(*w)))
		w++;
	n = (size_t)(w - p);
	if (n < 3 || (q = skip_blanks(w, end)) == end || *q != ':' || q - p > 12)
		return NULL;
	for (i = 0; i < sizeof(fac) / sizeof(fac[0]); i++) {
		size_t fn = strlen(fac[i]);

		/* "local0" .. "local7" */
		if (n >= fn && !memcmp(p, fac[i], fn) && (n == fn || !strcmp(fac[i], "local")))
			break;
	}
	if (i == sizeof(fac) / sizeof(fac[0]))
		return NULL;
	q = skip_blanks(q + 1, end);
	while (q < end && isalpha((unsigned char)*q))
		q++;
	q = skip_blanks(q, end);
	if (q == end || *q != ':')
		return NULL;
	return q + 1;
}

/*
 * Strips framing (docs/reports.md "Lines") and returns the kernel's text.
 * Leading blanks of the text are dropped too: lockdep lines are recognised
 * by content, so uniformly indented pastes read like the original.
 */
struct span strip_framing(const char *s, size_t len, struct framing *f)
{
	const char *p = s, *end = s + len, *q;
	int rounds;

	const char *before = s;
	bool prefixed = false;

	f->caller[0] = '\0';
	f->foreign = false;
	for (rounds = 0; rounds < 12; rounds++) {
		before = p;
		p = skip_blanks(p, end);
		if (p == end)
			break;
		prefixed = rounds > 0;
		if (*p == '>' || (*p == '|' && (p + 1 == end || p[1] == ' '))) {
			p++;
			continue;
		}
		if (end - p > 4 && !memcmp(p, "** ", 3)) {
			const char *m = memmem(p, (size_t)(end - p), " printk messages dropped **", 27);

			if (m) {
				p = m + 27;
				continue;
			}
		}
		if (*p == '<' && end - p >= 3 && is_digit(p[1])) {
			q = p + 1;
			while (q < end && is_digit(*q))
				q++;
			if (q < end && *q == '>') {
				p = q + 1;
				continue;
			}
		}
		if (is_digit(*p)) {
			/* /dev/kmsg "6,1234,5678,-;" */
			q = p;
			while (q < end && (is_digit(*q) || *q == ','))
				q++;
			if (q < end && q > p && q[-1] == ',') {
				const char *semi = memchr(q, ';', (size_t)(end - q) < 8 ? (size_t)(end - q) : 8);

				if (semi) {
					p = semi + 1;
					continue;
				}
			}
			q = timestamp_end(p, end, false);
			if (q) {
				p = q;
				continue;
			}
			q = syslog_end(p, end, f);
			if (q) {
				p = q;
				continue;
			}
		}
		if (*p == '[') {
			if (end - p >= 2 && p[1] == ']') {
				p += 2;
				continue;
			}
			q = timestamp_end(p, end, true);
			if (!q)
				q = caller_end(p, end, f);
			if (!q && end - p > 26 && p[4] == ' ' && p[8] == ' ') {
				/* dmesg -T "[Mon Jan  1 12:00:00 2024]" */
				const char *c = memchr(p, ']', 30);

				if (c && c - p >= 24 && c[-5] == ' ' && is_digit(c[-1]))
					q = c + 1;
			}
			if (q) {
				p = q;
				continue;
			}
			break;
		}
		if (*p >= 'A' && *p <= 'Z') {
			q = syslog_end(p, end, f);
			if (q) {
				p = q;
				continue;
			}
		}
		if (*p >= 'a' && *p <= 'z') {
			q = facility_end(p, end);
			if (q) {
				p = q;
				continue;
			}
		}
		/* a localized month: a lowercase or non-ASCII word */
		if ((*p >= 'a' && *p <= 'z') || (unsigned char)*p >= 0xc0) {
			q = local_syslog_end(p, end, f);
			if (q) {
				p = q;
				continue;
			}
		}
		break;
	}
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	/* printk's own separator after a prefix is one blank; more is indentation */
	if (prefixed && before < p && *before == ' ')
		before++;
	f->indent = (size_t)(p - before);
	return (struct span){ p, (size_t)(end - p) };
}

/*
 * 4.9-era consoles cut one printk line into pieces, each with its own
 * timestamp: " ([  337.27] rtnl_mutex". Text glued before a timestamp is
 * either such a piece (joined) or another program's output on the console
 * ("syzkaller login: [ 16.3] INFO: ...", dropped). Writes into @buf.
 */
struct span drop_inner_timestamps(struct span t, char *buf, size_t bufsz)
{
	const char *p = t.s, *end = t.s + t.len;
	size_t out = 0;
	bool changed = false;

	while (p < end) {
		const char *b = memchr(p, '[', (size_t)(end - p));
		const char *e;

		if (!b)
			break;
		e = timestamp_end(b, end, true);
		if (!e) {
			size_t n = (size_t)(b + 1 - p);

			if (out + n >= bufsz)
				return t;
			memcpy(buf + out, p, n);
			out += n;
			p = b + 1;
			continue;
		}
		{
			size_t n = (size_t)(b - p);
			bool glue = out + n <= 2;

			if (!glue) {
				/* keep pieces of a lock line, drop console chatter */
				const char *last = b;

				while (last > t.s && last[-1] == ' ')
					last--;
				glue = last > t.s && (last[-1] == '(' || last[-1] == '}');
			}
			if (glue) {
				if (out + n >= bufsz)
					return t;
				memcpy(buf + out, p, n);
				out += n;
			} else {
				out = 0;
			}
		}
		p = skip_blanks(e, end);
		changed = true;
	}
	if (!changed)
		return t;
	if (out + (size_t)(end - p) >= bufsz)
		return t;
	memcpy(buf + out, p, (size_t)(end - p));
	out += (size_t)(end - p);
	return span_trim(buf, out);
}

/* Collectors' encodings of whole lines ------------------------------------ */


/*
 * rsyslog writes a message's newlines as "#012": such a line holds several
 * of the kernel's, given one after the other (all with the input's line number).
 */
static void kernel_lines(const char *line, size_t len, unsigned long line_no,
			 record_line_fn emit, void *arg)
{
	const char *p = line, *end = line + len, *nl;

	while ((nl = span_find((struct span){ p, (size_t)(end - p) }, "#012", 4))) {
		emit(arg, p, (size_t)(nl - p), line_no);
		p = nl + 4;
	}
	emit(arg, p, (size_t)(end - p), line_no);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A report in a mail sent quoted-printable, as list archives keep it raw:
 * "=3D" for '=', "=20" for a blank, a line ending in '=' goes on on the next.
 * Told by lockdep's banner encoded ("=3D=3D=3D"); from there on each line is
 * decoded, soft breaks joined (the joined line has the number of its first).
 * Returns false for a line that is not decoded.
 */
static bool qp_line(struct record_decoder *d, const char *line, size_t len,
		    unsigned long line_no, record_line_fn emit, void *arg)
{
	const char *p = line, *end = line + len;
	bool soft = false;

	if (!d->qp && !span_find((struct span){ line, len }, "=3D=3D=3D", 9))
		return false;
	d->qp = true;
	if (!d->qp_len)
		d->qp_line = line_no;
	while (p < end && d->qp_len < QP_MAX) {
		int hi, lo;

		if (*p != '=') {
			d->qp_buf[d->qp_len++] = *p++;
			continue;
		}
		if (p + 1 == end) {
			soft = true;	/* "=" last: the line goes on */
			break;
		}
		hi = end - p >= 3 ? hex_digit(p[1]) : -1;
		lo = end - p >= 3 ? hex_digit(p[2]) : -1;
		if (hi < 0 || lo < 0) {
			d->qp_buf[d->qp_len++] = *p++;
			continue;
		}
		d->qp_buf[d->qp_len++] = (char)(hi << 4 | lo);
		p += 3;
	}
	if (soft && d->qp_len < QP_MAX)
		return true;
	kernel_lines(d->qp_buf, d->qp_len, d->qp_line, emit, arg);
	d->qp_len = 0;
	return true;
}

void decode_record(struct record_decoder *d, const char *line, size_t len, unsigned long line_no,
		   record_line_fn emit, void *arg)
{
	if (!qp_line(d, line, len, line_no, emit, arg))
		kernel_lines(line, len, line_no, emit, arg);
}

void decode_record_end(struct record_decoder *d, record_line_fn emit, void *arg)
{
	if (d->qp_len)
		kernel_lines(d->qp_buf, d->qp_len, d->qp_line, emit, arg);
	d->qp_len = 0;
}
