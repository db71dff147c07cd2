// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The report spool (spool.h). A spooled report is its struct's bytes, then its
 * lists and strings in a fixed order (put_report() and get_report() walk the
 * same fields). It never leaves the process that wrote it, so addresses of
 * strings that outlive the report are written as they are.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockgraph.h"
#include "spool.h"

#define SPOOL_BUF (1u << 20)	/* written out in pieces this big */
#define CURSOR_WIN (256u * 1024u)

/*
 * How a string is spooled. A title or detail that is the headline itself stays
 * so: the parser tells "no detail of its own" by that (body.c).
 */
enum { STR_NULL, STR_ADDR, STR_BYTES, STR_HEADLINE };

/*
 * How a list of locks is spooled after its elements' bytes: LOCKS_AS_IS when
 * every string in it lives as long as the context (the bytes already hold
 * their addresses: what a held list read back for the graph nearly always
 * is), LOCKS_TAGGED when each string follows with its tag.
 */
enum { LOCKS_TAGGED, LOCKS_AS_IS };

void spool_init(struct spool *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}

void spool_close(struct spool *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->buf);
	spool_init(sp);
}

const char *spool_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

/* An unlinked file in $TMPDIR (or /tmp): it goes when the process does. */
static int spool_open(struct spool *sp)
{
	const char *dir = spool_dir();
	char path[4096];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/lockgraph-reports-XXXXXX", dir) >=
	    sizeof(path))
		return -ENAMETOOLONG;
	fd = mkstemp(path);
	if (fd < 0)
		return -errno;
	unlink(path);
	sp->fd = fd;
	return 0;
}

int spool_flush(struct spool *sp)
{
	size_t done = 0;

	if (sp->err || !sp->n_buf)
		return sp->err;
	if (sp->fd < 0 && (sp->err = spool_open(sp)))
		return sp->err;
	while (done < sp->n_buf) {
		ssize_t n = write(sp->fd, sp->buf + done, sp->n_buf - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sp->err = n < 0 ? -errno : -EIO;
			return sp->err;
		}
		done += (size_t)n;
		sp->written += (uint64_t)n;
	}
	sp->n_buf = 0;
	return 0;
}

bool spool_holds(const struct spool *sp, const struct report_ref *ref)
{
	return ref->len && ref->off + ref->len <= sp->written;
}

/* Writing ------------------------------------------------------------------- */

struct enc {
	struct spool *sp;
	const struct arena *transient;
	const char *headline;
	int err;
};

static void put(struct enc *e, const void *p, size_t n)
{
	struct spool *sp = e->sp;

	if (e->err || !n)	/* an empty list may have no array */
		return;
	if (sp->n_buf + n > sp->cap_buf) {
		size_t cap = sp->cap_buf ? sp->cap_buf : SPOOL_BUF;
		unsigned char *b;

		while (cap < sp->n_buf + n)
			cap *= 2;
		b = realloc(sp->buf, cap);
		if (!b) {
			e->err = -ENOMEM;
			return;
		}
		sp->buf = b;
		sp->cap_buf = cap;
	}
	memcpy(sp->buf + sp->n_buf, p, n);
	sp->n_buf += n;
	sp->size += n;
}

static void put_u32(struct enc *e, uint32_t v)
{
	put(e, &v, sizeof(v));
}

/* @s, which is the headline itself when @tag_headline (a title, a detail, a reason) */
static void put_tagged(struct enc *e, const char *s, bool tag_headline)
{
	unsigned char tag = !s				? STR_NULL :
			    tag_headline && s == e->headline	? STR_HEADLINE :
			    arena_owns(e->transient, s)		? STR_BYTES :
								  STR_ADDR;

	put(e, &tag, 1);
	if (tag == STR_ADDR) {
		put(e, &s, sizeof(s));
	} else if (tag == STR_BYTES) {
		size_t len = strlen(s);

		put_u32(e, (uint32_t)len);
		put(e, s, len);
	}
}

static void put_str(struct enc *e, const char *s)
{
	put_tagged(e, s, false);
}

static void put_lock(struct enc *e, const struct lg_lock *l)
{
	put_str(e, l->cls);
	put_str(e, l->at);
	put_str(e, l->usage);
	put_str(e, l->wait);
	put_str(e, l->via);
}

static bool str_as_is(const struct enc *e, const char *s)
{
	return !s || !arena_owns(e->transient, s);
}

static bool lock_as_is(const struct enc *e, const struct lg_lock *l)
{
	return str_as_is(e, l->cls) && str_as_is(e, l->at) && str_as_is(e, l->usage) &&
	       str_as_is(e, l->wait) && str_as_is(e, l->via);
}

/* An array: its count, its elements' bytes (scalars come along), then their strings. */
static void put_locks(struct enc *e, const lg_lock_vec *v)
{
	unsigned char how = LOCKS_AS_IS;
	uint32_t i;

	put_u32(e, v->n);
	put(e, v->v, (size_t)v->n * sizeof(*v->v));
	for (i = 0; i < v->n && how == LOCKS_AS_IS; i++)
		if (!lock_as_is(e, &v->v[i]))
			how = LOCKS_TAGGED;
	put(e, &how, 1);
	for (i = 0; how == LOCKS_TAGGED && i < v->n; i++)
		put_lock(e, &v->v[i]);
}

static void put_strs(struct enc *e, const lg_str_vec *v)
{
	uint32_t i;

	put_u32(e, v->n);
	for (i = 0; i < v->n; i++)
		put_str(e, v->v[i]);
}

static void put_report(struct enc *e, const struct lg_report *r)
{
	uint32_t i;

	put(e, r, sizeof(*r));
	put_str(e, r->headline);
	e->headline = r->headline;
	put_tagged(e, r->title, true);
	put_str(e, r->task.comm);
	put_lock(e, &r->acquire);
	put_lock(e, &r->holding);
	put_locks(e, &r->held);
	put_strs(e, &r->cycle);
	put_u32(e, r->edges.n);
	for (i = 0; i < r->edges.n; i++) {
		put_str(e, r->edges.v[i].from);
		put_str(e, r->edges.v[i].to);
	}
	put_u32(e, r->chain.n);
	for (i = 0; i < r->chain.n; i++) {
		put_u32(e, r->chain.v[i].index);
		put(e, &r->chain.v[i].lock.line, sizeof(r->chain.v[i].lock.line));
		put_lock(e, &r->chain.v[i].lock);
		put_strs(e, &r->chain.v[i].frames);
	}
	put_strs(e, &r->frames);
	put_u32(e, r->other_tasks.n);
	for (i = 0; i < r->other_tasks.n; i++) {
		const struct lg_held_list *hl = &r->other_tasks.v[i];

		put(e, &hl->task.pid, sizeof(hl->task.pid));
		put(e, &hl->declared, sizeof(hl->declared));
		put_str(e, hl->task.comm);
		put_locks(e, &hl->locks);
	}
	put_str(e, r->sleep.at);
	put_str(e, r->sleep.preempt_count);
	put_str(e, r->sleep.expected);
	put_str(e, r->sleep.preempt_disabled_at);
	put_str(e, r->irq.state);
	put_str(e, r->irq.safe);
	put_str(e, r->irq.unsafe);
	put_str(e, r->irq.usage_from);
	put_str(e, r->irq.usage_to);
	put_str(e, r->irq.context_tag);
	put_tagged(e, r->detail, true);
	put_tagged(e, r->reason, true);
}

int spool_put(struct spool *sp, uint16_t index, const struct arena *transient,
	      const struct lg_report *r, struct report_ref *ref)
{
	struct enc e = { sp, transient, NULL, sp->err };
	uint64_t start = sp->size;

	put_report(&e, r);
	if (e.err)
		return sp->err = e.err;
	if (sp->size - start > UINT32_MAX)
		return -LG_ELIMIT;
	memset(ref, 0, sizeof(*ref));
	ref->off = start;
	ref->len = (uint32_t)(sp->size - start);
	ref->spool = index;
	ref->input = r->input;
	ref->line = r->line;
	ref->end_line = r->end_line;
	ref->kind = (uint8_t)r->kind;
	ref->subkind = (uint8_t)r->subkind;
	ref->complete = r->complete;
	ref->contexts = r->contexts;
	if (r->has_sleep && r->sleep.non_block > 0)
		ref->flags |= REF_NON_BLOCK_SLEEP;
	if (r->lockdep_off)
		ref->flags |= REF_LOCKDEP_OFF;
	return sp->n_buf >= SPOOL_BUF ? spool_flush(sp) : 0;
}

/* Reading ------------------------------------------------------------------- */

struct dec {
	const unsigned char *p, *end;
	struct arena *mine;	/* the cursor's */
	struct arena *keep;	/* what the graph may point to; == mine for printing */
	const char *headline;
	const struct spool_intern *in;	/* interns kept strings, or NULL */
	int err;
};

static void get(struct dec *d, void *to, size_t n)
{
	if (d->err || !n)
		return;
	if ((size_t)(d->end - d->p) < n) {
		d->err = -LG_ECORRUPT;
		return;
	}
	memcpy(to, d->p, n);
	d->p += n;
}

static uint32_t get_u32(struct dec *d)
{
	uint32_t v = 0;

	get(d, &v, sizeof(v));
	return v;
}

/* A count of elements of @size bytes that the rest of the record can hold. */
static uint32_t get_count(struct dec *d, size_t size)
{
	uint32_t n = get_u32(d);

	if (!d->err && (size_t)(d->end - d->p) / (size ? size : 1) < n)
		d->err = -LG_ECORRUPT;
	return d->err ? 0 : n;
}

/* The count get_count() reads next, left to be read. */
static uint32_t peek_count(const struct dec *d)
{
	uint32_t n = 0;

	if (!d->err && d->end - d->p >= (ptrdiff_t)sizeof(n))
		memcpy(&n, d->p, sizeof(n));
	return n;
}

static void *alloc(struct dec *d, struct arena *a, size_t n)
{
	void *p;

	if (d->err || !n)
		return NULL;
	p = arena_alloc(a, n);
	if (!p)
		d->err = -ENOMEM;
	return p;
}

static const char *get_str_tagged(struct dec *d, bool kept);

/* Most strings a report spools are NULL or an address: those without a call. */
static inline const char *get_str(struct dec *d, bool kept)
{
	const char *s;

	if (!d->err && d->end - d->p > (ptrdiff_t)sizeof(s)) {
		if (d->p[0] == STR_NULL) {
			d->p++;
			return NULL;
		}
		if (d->p[0] == STR_ADDR) {
			memcpy(&s, d->p + 1, sizeof(s));
			d->p += 1 + sizeof(s);
			return s;
		}
	}
	return get_str_tagged(d, kept);
}

static const char *get_str_tagged(struct dec *d, bool kept)
{
	unsigned char tag = STR_NULL;
	const char *s = NULL;
	uint32_t len;

	get(d, &tag, 1);
	if (d->err || tag == STR_NULL)
		return NULL;
	if (tag == STR_ADDR) {
		get(d, &s, sizeof(s));
		return d->err ? NULL : s;
	}
	if (tag == STR_HEADLINE) {
		/* never a string the graph keeps: the headline is the cursor's */
		if (!d->headline || kept)
			d->err = -LG_ECORRUPT;
		return d->err ? NULL : d->headline;
	}
	len = get_count(d, 1);
	if (d->err || tag != STR_BYTES) {
		d->err = d->err ? d->err : -LG_ECORRUPT;
		return NULL;
	}
	if (kept && d->in)
		s = d->in->intern(d->in->user, (const char *)d->p, len);
	else
		s = arena_strndup(kept ? d->keep : d->mine, (const char *)d->p, len);
	if (!s)
		d->err = -ENOMEM;
	d->p += len;
	return s;
}

static void get_lock(struct dec *d, struct lg_lock *l)
{
	l->cls = get_str(d, true);
	l->at = get_str(d, true);
	l->usage = get_str(d, true);
	l->wait = get_str(d, true);
	l->via = get_str(d, true);
}

static void get_locks(struct dec *d, lg_lock_vec *v, struct arena *a)
{
	uint32_t i, n = get_count(d, sizeof(*v->v));
	unsigned char how = LOCKS_TAGGED;

	v->v = alloc(d, a, (size_t)n * sizeof(*v->v));
	v->n = v->cap = v->v ? n : 0;
	get(d, v->v, (size_t)v->n * sizeof(*v->v));
	get(d, &how, 1);
	if (how != LOCKS_TAGGED && how != LOCKS_AS_IS)
		d->err = d->err ? d->err : -LG_ECORRUPT;
	for (i = 0; how == LOCKS_TAGGED && i < v->n; i++)
		get_lock(d, &v->v[i]);
}

static void get_strs(struct dec *d, lg_str_vec *v, struct arena *a)
{
	uint32_t i, n = get_count(d, 1);

	v->v = alloc(d, a, (size_t)n * sizeof(*v->v));
	v->n = v->cap = v->v ? n : 0;
	for (i = 0; i < v->n; i++)
		v->v[i] = get_str(d, true);
}

static void get_report(struct dec *d, struct lg_report *r)
{
	uint32_t i, n;

	get(d, r, sizeof(*r));
	r->headline = get_str(d, false);
	d->headline = r->headline;
	r->title = get_str(d, false);
	r->task.comm = get_str(d, true);
	get_lock(d, &r->acquire);
	get_lock(d, &r->holding);
	get_locks(d, &r->held, d->keep);	/* a chain link's locks held outside */
	get_strs(d, &r->cycle, d->mine);
	n = get_count(d, 2);
	r->edges.v = alloc(d, d->mine, (size_t)n * sizeof(*r->edges.v));
	r->edges.n = r->edges.cap = r->edges.v ? n : 0;
	for (i = 0; i < r->edges.n; i++) {
		r->edges.v[i].from = get_str(d, true);
		r->edges.v[i].to = get_str(d, true);
	}
	n = get_count(d, 4);
	r->chain.v = alloc(d, d->mine, (size_t)n * sizeof(*r->chain.v));
	r->chain.n = r->chain.cap = r->chain.v ? n : 0;
	for (i = 0; i < r->chain.n; i++) {
		struct lg_chain_entry *ce = &r->chain.v[i];

		ce->index = get_u32(d);
		get(d, &ce->lock.line, sizeof(ce->lock.line));
		get_lock(d, &ce->lock);
		get_strs(d, &ce->frames, d->keep);
	}
	get_strs(d, &r->frames, d->keep);
	n = get_count(d, sizeof(long) * 2);
	/* the graph keeps a task's locks (struct held_src has its own copy of the task) */
	r->other_tasks.v = alloc(d, d->mine, (size_t)n * sizeof(*r->other_tasks.v));
	r->other_tasks.n = r->other_tasks.cap = r->other_tasks.v ? n : 0;
	for (i = 0; i < r->other_tasks.n; i++) {
		struct lg_held_list *hl = &r->other_tasks.v[i];

		get(d, &hl->task.pid, sizeof(hl->task.pid));
		get(d, &hl->declared, sizeof(hl->declared));
		hl->task.comm = get_str(d, true);
		/* a lone lock orders nothing: no evidence points to it */
		get_locks(d, &hl->locks, peek_count(d) > 1 ? d->keep : d->mine);
	}
	r->sleep.at = get_str(d, true);
	r->sleep.preempt_count = get_str(d, true);
	r->sleep.expected = get_str(d, true);
	r->sleep.preempt_disabled_at = get_str(d, true);
	r->irq.state = get_str(d, true);
	r->irq.safe = get_str(d, true);
	r->irq.unsafe = get_str(d, true);
	r->irq.usage_from = get_str(d, true);
	r->irq.usage_to = get_str(d, true);
	r->irq.context_tag = get_str(d, true);
	r->detail = get_str(d, false);
	r->reason = get_str(d, false);
	if (!d->err && d->p != d->end)
		d->err = -LG_ECORRUPT;
}

void report_cursor_init(struct report_cursor *c, struct spool *const *spools, uint32_t n_spools)
{
	memset(c, 0, sizeof(*c));
	c->spools = spools;
	c->n_spools = n_spools;
	arena_init(&c->scratch);
}

void report_cursor_done(struct report_cursor *c)
{
	arena_release(&c->scratch);
	free(c->win);
	c->win = NULL;
}

/* The bytes of @ref: from the window, read ahead in file order when they are not in it. */
static int record(struct report_cursor *c, const struct report_ref *ref,
		  const unsigned char **p)
{
	struct spool *sp;
	size_t want;
	ssize_t n;

	if (ref->spool >= c->n_spools)
		return -LG_ECORRUPT;
	sp = c->spools[ref->spool];
	if (ref->off + ref->len > sp->size)
		return -LG_ECORRUPT;
	if (c->win_valid && c->win_spool == ref->spool && ref->off >= c->win_off &&
	    ref->off + ref->len <= c->win_off + c->n_win) {
		*p = c->win + (ref->off - c->win_off);
		return 0;
	}
	/* buffered still (a compaction reads back what it just wrote) */
	if (ref->off + ref->len > sp->written) {
		int err = spool_flush(sp);

		if (err)
			return err;
	}
	want = ref->len > CURSOR_WIN ? ref->len : CURSOR_WIN;
	/*
	 * never past the spool's end as known here: a view of a spool another
	 * thread still appends to (lg_add_paths()) must not cache bytes being written
	 */
	if (want > sp->size - ref->off)
		want = (size_t)(sp->size - ref->off);
	if (want > c->cap_win) {
		unsigned char *w = realloc(c->win, want);

		if (!w)
			return -ENOMEM;
		c->win = w;
		c->cap_win = want;
	}
	c->win_valid = false;
	do
		n = pread(sp->fd, c->win, want, (off_t)ref->off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n < ref->len)
		return -EIO;
	c->n_win = (size_t)n;
	c->win_off = ref->off;
	c->win_spool = ref->spool;
	c->win_valid = true;
	*p = c->win;
	return 0;
}

/* The report into @mine, the lists the graph may point to into @keep. */
static int load(struct report_cursor *c, const struct report_ref *ref, struct arena *mine,
		struct arena *keep, const struct spool_intern *in, struct lg_report **out)
{
	struct lg_report *r;
	struct dec d = { 0 };
	int err;

	*out = NULL;
	arena_reset(&c->scratch);
	err = record(c, ref, &d.p);
	if (err)
		return err;
	d.end = d.p + ref->len;
	d.mine = mine;
	d.keep = keep;
	d.in = in;
	r = alloc(&d, mine, sizeof(*r));
	if (r)
		get_report(&d, r);
	if (d.err)
		return d.err;
	/* its input's place may have changed since (canonical order, a helper's input) */
	r->input = ref->input;
	*out = r;
	return 0;
}

int report_load(struct report_cursor *c, const struct report_ref *ref,
		const struct lg_report **r)
{
	struct lg_report *w;
	int err = load(c, ref, &c->scratch, &c->scratch, NULL, &w);

	*r = w;
	return err;
}

int report_load_into(struct report_cursor *c, const struct report_ref *ref, struct arena *a,
		     struct lg_report **r)
{
	return load(c, ref, a, a, NULL, r);
}

int report_load_kept(struct report_cursor *c, const struct report_ref *ref, struct arena *keep,
		     const struct spool_intern *in, const struct lg_report **r,
		     const struct lg_task **task)
{
	struct lg_report *w;
	struct lg_task *t;
	int err = load(c, ref, &c->scratch, keep, in, &w);

	*r = w;
	if (err)
		return err;
	t = arena_alloc(keep, sizeof(*t));
	if (!t)
		return -ENOMEM;
	*t = (*r)->task;
	*task = t;
	return 0;
}
