// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The trace.dat reader, run in a child process (tracedat.h says why): opens
 * the capture with libtracecmd, decodes what the analysis needs with
 * libtraceevent from the capture's own format files — field offsets and
 * sizes, __data_loc strings, the flag tables of print formats; no offset or
 * flag value is written here — and writes compact events, merged in time
 * order across CPUs, to a pipe.
 *
 * Records are read CPU by CPU in batches — the order libtracecmd reads
 * fastest, one compressed chunk after the other — into per-CPU queues, which
 * are merged by timestamp; a CPU is read again only when its queue runs dry,
 * so memory stays at a few batches. Reading all CPUs record by record in time
 * order (tracecmd_iterate_events) costs about twice as much
 * (docs/performance.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-cmd/trace-cmd.h>

#include "hash.h"
#include "source.h"
#include "lockgraph.h"
#include "tracedat.h"

#define NAME_BUCKETS 4096
#define ADDR_CACHE 4096
#define MAX_ALLOC_EVENTS 8
#define READ_BATCH 65536

struct lock_event {
	struct tep_event *event;
	struct tep_format_field *name, *flags, *addr;
};

struct alloc_event {
	struct tep_event *event;
	struct tep_format_field *gfp;
	unsigned long long fs, direct_reclaim;	/* bits from the event's own flag table */
	uint32_t what;		/* name id of the event's name */
};

struct name_entry {
	struct name_entry *next;
	uint32_t id;
	size_t len;
	char name[];
};

/* lockdep map address -> name id, to skip hashing names of hot locks */
struct addr_name {
	unsigned long long addr;
	const struct name_entry *name;
};

struct cpu_events {
	struct trace_ev *v;
	size_t n, cap, next;
	bool started, done;
};

struct trace_read {
	FILE *out;
	struct tep_handle *tep;
	struct lock_event acquire, release;
	struct alloc_event allocs[MAX_ALLOC_EVENTS];
	int n_allocs;
	struct tep_event *sched_switch;
	struct tep_format_field *prev_pid, *prev_state;
	unsigned long long sleeping_states;	/* prev_state bits meaning "went to sleep" */
	struct tep_event *contention_begin;
	struct tep_format_field *contention_flags;
	unsigned long long lcb_mutex, lcb_spin, lcb_rw, lcb_sleeping;	/* from its flag table */
	int ftrace_function_id;
	int oom_ids[16];
	int n_oom;
	int reap_start_id, reap_finish_id, reap_skip_id;
	struct name_entry *names[NAME_BUCKETS];
	uint32_t n_names;
	struct addr_name addr_cache[ADDR_CACHE];
	uint8_t *comm_sent;	/* bitmap of task keys whose 'T' record went out */
	size_t comm_sent_bits;
	struct trace_counts counts;
	bool live;		/* tracefs-read.c: comms may appear later, events come one by one */
	struct cpu_events queue;	/* live: the events of the record just decoded */
	int err;
};

static void put(struct trace_read *tr, const void *p, size_t n)
{
	if (!tr->err && fwrite(p, 1, n, tr->out) != n)
		tr->err = -EPIPE;
}

/* The id of a name, sent as an 'N' record the first time. */
static const struct name_entry *intern(struct trace_read *tr, const char *s, size_t len)
{
	uint32_t b = fnv32(s, len) % NAME_BUCKETS;
	struct name_entry *e;
	uint16_t len16;

	if (len > UINT16_MAX)
		len = UINT16_MAX;
	for (e = tr->names[b]; e; e = e->next)
		if (e->len == len && !memcmp(e->name, s, len))
			return e;
	e = malloc(sizeof(*e) + len + 1);
	if (!e) {
		tr->err = -ENOMEM;
		return NULL;
	}
	memcpy(e->name, s, len);
	e->name[len] = '\0';
	e->len = len;
	e->id = tr->n_names++;
	e->next = tr->names[b];
	tr->names[b] = e;
	len16 = (uint16_t)len;
	put(tr, "N", 1);
	put(tr, &e->id, sizeof(e->id));
	put(tr, &len16, sizeof(len16));
	put(tr, s, len);
	return e;
}

/* intern() for the name of the lockdep map at @addr: the last name seen there, if equal. */
static const struct name_entry *intern_at(struct trace_read *tr, unsigned long long addr,
					  const char *s, size_t len)
{
	struct addr_name *c = &tr->addr_cache[(addr >> 4) % ADDR_CACHE];

	if (c->name && c->addr == addr && c->name->len == len && !memcmp(c->name->name, s, len))
		return c->name;
	c->name = intern(tr, s, len);
	c->addr = addr;
	return c->name;
}

/* A task's comm, sent once per task key (pid, or -1 - cpu for the idle tasks). */
static void send_comm(struct trace_read *tr, int32_t pid, int cpu)
{
	int32_t key = pid ? pid : -1 - cpu;
	size_t bit = key >= 0 ? (size_t)key * 2 : (size_t)(-1 - key) * 2 + 1;
	const char *comm;
	uint16_t len;

	if (bit >= tr->comm_sent_bits) {
		size_t nbits = tr->comm_sent_bits ? tr->comm_sent_bits : 65536, old = tr->comm_sent_bits;
		uint8_t *v;

		while (nbits <= bit)
			nbits *= 2;
		v = realloc(tr->comm_sent, nbits / 8);
		if (!v) {
			tr->err = -ENOMEM;
			return;
		}
		memset(v + old / 8, 0, (nbits - old) / 8);
		tr->comm_sent = v;
		tr->comm_sent_bits = nbits;
	}
	if (tr->comm_sent[bit / 8] & (1u << (bit % 8)))
		return;
	tr->comm_sent[bit / 8] |= (uint8_t)(1u << (bit % 8));
	comm = tep_data_comm_from_pid(tr->tep, pid);
	if (tr->live && (!comm || !strcmp(comm, "<...>"))) {
		/* not in saved_cmdlines yet: asked again at the task's next event */
		tr->comm_sent[bit / 8] &= (uint8_t)~(1u << (bit % 8));
		return;
	}
	if (!comm)
		return;
	len = (uint16_t)strnlen(comm, UINT16_MAX);
	put(tr, "T", 1);
	put(tr, &key, sizeof(key));
	put(tr, &len, sizeof(len));
	put(tr, comm, len);
}

/* A __data_loc / __rel_loc string field: its bytes, without the NUL. */
static const char *field_string(struct tep_format_field *f, struct tep_record *rec, size_t *len)
{
	unsigned long long loc;
	unsigned int off, size;
	const char *p;

	if (!(f->flags & TEP_FIELD_IS_DYNAMIC)) {
		if (f->offset + f->size > rec->size)
			return NULL;
		p = (const char *)rec->data + f->offset;
		*len = strnlen(p, (size_t)f->size);
		return p;
	}
	if (tep_read_number_field(f, rec->data, &loc))
		return NULL;
	off = (unsigned int)(loc & 0xffff);
	size = (unsigned int)(loc >> 16);
	if (f->flags & TEP_FIELD_IS_RELATIVE)
		off += (unsigned int)(f->offset + f->size);
	if ((int)(off + size) > rec->size)
		return NULL;
	p = (const char *)rec->data + off;
	*len = strnlen(p, size);
	return p;
}

/* The values of the named flags in the print format's flag table of @field. */
static unsigned long long flag_bits_in(struct tep_print_arg *arg, const char *field,
				       const char *const *names, bool *found)
{
	unsigned long long bits = 0;

	for (; arg; arg = arg->next) {
		switch (arg->type) {
		case TEP_PRINT_FLAGS: {
			struct tep_print_arg *fa = arg->flags.field;
			struct tep_print_flag_sym *sym;
			size_t k;

			/* the field may sit under an operation: prev_state & (TASK_REPORT_MAX - 1) */
			while (fa && fa->type == TEP_PRINT_OP)
				fa = fa->op.left;
			if (!fa || fa->type != TEP_PRINT_FIELD || strcmp(fa->field.name, field))
				break;
			*found = true;
			for (sym = arg->flags.flags; sym; sym = sym->next)
				for (k = 0; names[k]; k++)
					if (!strcmp(sym->str, names[k]))
						bits |= strtoull(sym->value, NULL, 0);
			break;
		}
		case TEP_PRINT_OP:
			bits |= flag_bits_in(arg->op.left, field, names, found);
			bits |= flag_bits_in(arg->op.right, field, names, found);
			break;
		case TEP_PRINT_TYPE:
			bits |= flag_bits_in(arg->typecast.item, field, names, found);
			break;
		default:
			break;
		}
	}
	return bits;
}

static unsigned long long flag_bits(struct tep_event *ev, const char *field,
				    const char *const *names, bool *found)
{
	*found = false;
	return flag_bits_in(ev->print_fmt.args, field, names, found);
}

static void lock_event_init(struct trace_read *tp, struct lock_event *le, const char *name)
{
	le->event = tep_find_event_by_name(tp->tep, "lock", name);
	if (!le->event)
		return;
	le->name = tep_find_field(le->event, "name");
	le->flags = tep_find_field(le->event, "flags");
	le->addr = tep_find_field(le->event, "lockdep_addr");
	if (!le->name)
		le->event = NULL;
}

static void events_init(struct trace_read *tp)
{
	static const char *const alloc_names[][2] = {
		{ "kmem", "kmalloc" }, { "kmem", "kmem_cache_alloc" }, { "kmem", "mm_page_alloc" },
		{ "kmem", "kmalloc_node" }, { "kmem", "kmem_cache_alloc_node" },
	};
	static const char *const fs[] = { "__GFP_FS", NULL };
	static const char *const dr[] = { "__GFP_DIRECT_RECLAIM", NULL };
	static const char *const sleeping[] = { "S", "D", "I", NULL };
	struct tep_event *ev;
	size_t i;
	bool found;

	lock_event_init(tp, &tp->acquire, "lock_acquire");
	lock_event_init(tp, &tp->release, "lock_release");
	for (i = 0; i < sizeof(alloc_names) / sizeof(alloc_names[0]); i++) {
		struct alloc_event *a = &tp->allocs[tp->n_allocs];
		bool f1, f2;

		ev = tep_find_event_by_name(tp->tep, alloc_names[i][0], alloc_names[i][1]);
		if (!ev || !(a->gfp = tep_find_field(ev, "gfp_flags")))
			continue;
		a->fs = flag_bits(ev, "gfp_flags", fs, &f1);
		a->direct_reclaim = flag_bits(ev, "gfp_flags", dr, &f2);
		if (!f1 || !f2 || !a->fs || !a->direct_reclaim)
			continue;	/* no flag table to decode with: unusable */
		{
			const struct name_entry *what = intern(tp, ev->name, strlen(ev->name));

			if (!what)
				return;
			a->what = what->id;
		}
		a->event = ev;
		tp->n_allocs++;
	}
	ev = tep_find_event_by_name(tp->tep, "sched", "sched_switch");
	if (ev) {
		tp->prev_pid = tep_find_field(ev, "prev_pid");
		tp->prev_state = tep_find_field(ev, "prev_state");
		tp->sleeping_states = flag_bits(ev, "prev_state", sleeping, &found);
		if (tp->prev_pid && tp->prev_state && found && tp->sleeping_states)
			tp->sched_switch = ev;
	}
	tp->contention_begin = tep_find_event_by_name(tp->tep, "lock", "contention_begin");
	if (tp->contention_begin) {
		static const char *const mutex[] = { "MUTEX", NULL }, *const spin[] = { "SPIN", NULL };
		static const char *const rw[] = { "READ", "WRITE", NULL };
		static const char *const sleepers[] = { "RT", "PERCPU", NULL };
		bool f;

		tp->contention_flags = tep_find_field(tp->contention_begin, "flags");
		tp->lcb_mutex = flag_bits(tp->contention_begin, "flags", mutex, &f);
		tp->lcb_spin = flag_bits(tp->contention_begin, "flags", spin, &f);
		tp->lcb_rw = flag_bits(tp->contention_begin, "flags", rw, &f);
		tp->lcb_sleeping = flag_bits(tp->contention_begin, "flags", sleepers, &f);
		if (!f || !tp->lcb_spin)
			tp->contention_flags = NULL;	/* no flag table: no hints */
	}
	ev = tep_find_event_by_name(tp->tep, "ftrace", "function");
	tp->ftrace_function_id = ev ? ev->id : -1;
	ev = tep_find_event_by_name(tp->tep, "oom", "start_task_reaping");
	tp->reap_start_id = ev ? ev->id : -1;
	ev = tep_find_event_by_name(tp->tep, "oom", "finish_task_reaping");
	tp->reap_finish_id = ev ? ev->id : -1;
	ev = tep_find_event_by_name(tp->tep, "oom", "skip_task_reaping");
	tp->reap_skip_id = ev ? ev->id : -1;
	{
		struct tep_event **all = tep_list_events(tp->tep, TEP_EVENT_SORT_ID);

		for (i = 0; all && all[i] && tp->n_oom < 16; i++)
			if (all[i]->system && !strcmp(all[i]->system, "oom"))
				tp->oom_ids[tp->n_oom++] = all[i]->id;
	}
}

static unsigned int irq_bits(struct trace_read *tp, struct tep_record *rec)
{
	int flags = tep_data_flags(tp->tep, rec);
	unsigned int bits = 0;

	if (flags < 0)
		return TEVB_IRQS_OFF;	/* unknown: claim nothing about irqs being on */
	if (flags & TRACE_FLAG_HARDIRQ)
		bits |= TEVB_HARDIRQ;
	if (flags & TRACE_FLAG_SOFTIRQ)
		bits |= TEVB_SOFTIRQ;
	if (flags & (TRACE_FLAG_IRQS_OFF | TRACE_FLAG_IRQS_NOSUPPORT))
		bits |= TEVB_IRQS_OFF;
	return bits;
}

static int push_event(struct trace_read *tp, struct cpu_events *ce, const struct trace_ev *ev)
{
	if (ce->n == ce->cap) {
		size_t cap = ce->cap ? ce->cap * 2 : 4096;
		struct trace_ev *v = realloc(ce->v, cap * sizeof(*v));

		if (!v) {
			tp->err = -ENOMEM;
			return -ENOMEM;
		}
		ce->v = v;
		ce->cap = cap;
	}
	ce->v[ce->n++] = *ev;
	return 0;
}

/* One record into a compact event, or only counted. */
static int decode_record(struct trace_read *tp, struct cpu_events *ce, struct tep_record *rec)
{
	struct trace_ev ev = { 0 };
	const struct name_entry *name;
	unsigned long long v;
	int type, i;

	tp->counts.events++;
	ev.ts = rec->ts;
	ev.cpu = (uint16_t)rec->cpu;
	ev.name = TRACE_NO_NAME;
	if (rec->missed_events) {
		/* negative: some were lost, how many the buffer could not say */
		ev.type = TEV_LOST;
		ev.val = rec->missed_events > 0 ? (uint64_t)rec->missed_events : 0;
		if (push_event(tp, ce, &ev))
			return -1;
	}
	type = tep_data_type(tp->tep, rec);
	ev.pid = tep_data_pid(tp->tep, rec);
	if ((tp->acquire.event && type == tp->acquire.event->id) ||
	    (tp->release.event && type == tp->release.event->id)) {
		const struct lock_event *le = tp->acquire.event && type == tp->acquire.event->id
						      ? &tp->acquire : &tp->release;
		const char *raw;
		size_t len;

		ev.type = le == &tp->acquire ? TEV_ACQUIRE : TEV_RELEASE;
		if (le->addr && !tep_read_number_field(le->addr, rec->data, &v))
			ev.val = v;
		raw = field_string(le->name, rec, &len);
		if (raw && len) {
			name = intern_at(tp, ev.val, raw, len);
			if (!name)
				return -1;
			ev.name = name->id;
		}
		/* flags bit 0 trylock, bit 1 read, per the event's print format */
		if (le->flags && !tep_read_number_field(le->flags, rec->data, &v))
			ev.bits |= (v & 1 ? TEVB_TRYLOCK : 0) | (v & 2 ? TEVB_READ : 0);
		ev.bits |= irq_bits(tp, rec);
		tp->counts.lock_events++;
		if (ev.name == TRACE_NO_NAME && ev.type == TEV_ACQUIRE)
			return 0;
		send_comm(tp, ev.pid, ev.cpu);
		return push_event(tp, ce, &ev);
	}
	if (tp->sched_switch && type == tp->sched_switch->id) {
		unsigned long long pid, state;

		if (tep_read_number_field(tp->prev_pid, rec->data, &pid) ||
		    tep_read_number_field(tp->prev_state, rec->data, &state) ||
		    !(state & tp->sleeping_states))
			return 0;	/* preempted, still runnable */
		ev.type = TEV_SWITCH;
		ev.pid = (int32_t)pid;
		ev.bits = irq_bits(tp, rec);
		return push_event(tp, ce, &ev);
	}
	if (tp->contention_begin && type == tp->contention_begin->id) {
		tp->counts.contention++;
		if (!tp->contention_flags ||
		    tep_read_number_field(tp->contention_flags, rec->data, &v))
			return 0;
		ev.type = TEV_CONTENTION;
		ev.val = v;
		return push_event(tp, ce, &ev);
	}
	if (type == tp->ftrace_function_id) {
		tp->counts.functions++;
		return 0;
	}
	for (i = 0; i < tp->n_oom; i++) {
		if (type != tp->oom_ids[i])
			continue;
		tp->counts.oom++;
		/* the reaper thread emits these: its reaping window */
		if (type == tp->reap_start_id || type == tp->reap_finish_id ||
		    type == tp->reap_skip_id) {
			ev.type = type == tp->reap_start_id ? TEV_REAP_START : TEV_REAP_END;
			send_comm(tp, ev.pid, ev.cpu);
			return push_event(tp, ce, &ev);
		}
		return 0;
	}
	for (i = 0; i < tp->n_allocs; i++) {
		const struct alloc_event *a = &tp->allocs[i];

		if (type != a->event->id)
			continue;
		if (tep_read_number_field(a->gfp, rec->data, &v) || (v & a->fs) != a->fs ||
		    (v & a->direct_reclaim) != a->direct_reclaim)
			return 0;	/* cannot enter reclaim with __GFP_FS */
		ev.type = TEV_ALLOC;
		ev.name = a->what;
		ev.bits = irq_bits(tp, rec);
		send_comm(tp, ev.pid, ev.cpu);
		return push_event(tp, ce, &ev);
	}
	return 0;	/* unknown events cost this much */
}

/*
 * Refills @c's queue until it holds an event or the CPU is done: a batch of
 * records read in a row from that CPU.
 */
static void refill(struct trace_read *tp, struct tracecmd_input *handle, struct cpu_events *ce,
		   int c)
{
	uint32_t k;

	if (ce->next == ce->n)
		ce->next = ce->n = 0;
	while (ce->n == 0 && !ce->done && !tp->err) {
		for (k = 0; k < READ_BATCH && !tp->err; k++) {
			struct tep_record *rec = ce->started ? tracecmd_read_data(handle, c)
							     : tracecmd_read_cpu_first(handle, c);

			ce->started = true;
			if (!rec) {
				ce->done = true;
				break;
			}
			decode_record(tp, ce, rec);
			tracecmd_free_record(rec);
		}
	}
}

/* Reads every CPU in batches and writes the events merged by time. */
static void read_capture(struct trace_read *tp, struct tracecmd_input *handle)
{
	int cpus = tep_get_cpus(tp->tep), c;
	struct cpu_events *ce;

	if (cpus <= 0)
		return;
	ce = calloc((size_t)cpus, sizeof(*ce));
	if (!ce) {
		tp->err = -ENOMEM;
		return;
	}
	while (!tp->err) {
		int best = -1;

		for (c = 0; c < cpus; c++) {
			if (ce[c].next == ce[c].n)
				refill(tp, handle, &ce[c], c);
			if (ce[c].next < ce[c].n &&
			    (best < 0 || ce[c].v[ce[c].next].ts < ce[best].v[ce[best].next].ts))
				best = c;
		}
		if (best < 0)
			break;
		put(tp, "E", 1);
		put(tp, &ce[best].v[ce[best].next++], sizeof(struct trace_ev));
	}
	for (c = 0; c < cpus; c++)
		free(ce[c].v);
	free(ce);
}

/* libtracecmd wants a file: inputs that are not a plain file are copied to an unlinked one. */
static int open_capture(struct lg_source *src, struct tracecmd_input **out)
{
	const char *path = source_plain_path(src);
	char tmpl[] = "/tmp/lockgraph-trace-XXXXXX";
	char buf[65536];
	long n;
	int fd;

	if (path) {
		*out = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
		return *out ? 0 : -LG_ECORRUPT;
	}
	fd = mkstemp(tmpl);
	if (fd < 0)
		return -errno;
	unlink(tmpl);
	while ((n = source_read(src, buf, sizeof(buf))) > 0) {
		if (write(fd, buf, (size_t)n) != n) {
			close(fd);
			return -EIO;
		}
	}
	if (n < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return n < 0 ? (int)n : -errno;
	}
	*out = tracecmd_open_fd(fd, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!*out) {
		close(fd);
		return -LG_ECORRUPT;
	}
	return 0;
}

/* The 'C' record: what events_init() found. */
static void put_config(struct trace_read *tr)
{
	struct trace_config cfg = { 0 };

	cfg.has_acquire = tr->acquire.event != NULL;
	cfg.has_release = tr->release.event != NULL;
	cfg.release_by_addr = tr->release.addr != NULL;
	cfg.has_sched_switch = tr->sched_switch != NULL;
	cfg.n_alloc_events = (uint8_t)tr->n_allocs;
	cfg.has_contention_flags = tr->contention_flags != NULL;
	cfg.lcb_mutex = tr->lcb_mutex;
	cfg.lcb_spin = tr->lcb_spin;
	cfg.lcb_rw = tr->lcb_rw;
	cfg.lcb_sleeping = tr->lcb_sleeping;
	put(tr, "C", 1);
	put(tr, &cfg, sizeof(cfg));
}

int trace_reader_run(struct lg_source *src, int fd)
{
	struct tracecmd_input *handle = NULL;
	struct trace_read *tr;
	int err;

	tracecmd_set_loglevel(TEP_LOG_CRITICAL);
	tr = calloc(1, sizeof(*tr));
	if (!tr)
		return 1;
	tr->out = fdopen(fd, "w");
	if (!tr->out)
		return 1;
	setvbuf(tr->out, NULL, _IOFBF, 1 << 16);
	err = open_capture(src, &handle);
	if (!err) {
		tr->tep = tracecmd_get_tep(handle);
		events_init(tr);
		put_config(tr);
		if (!tr->err)
			read_capture(tr, handle);
		err = tr->err;
	}
	tr->counts.error = err;
	put(tr, "Z", 1);
	put(tr, &tr->counts, sizeof(tr->counts));
	fflush(tr->out);
	/* the process ends here: no need to free the names, the handle is closed for its files */
	if (handle)
		tracecmd_close(handle);
	return err ? 1 : 0;
}

struct trace_read *trace_stream_new(struct tep_handle *tep, FILE *out)
{
	struct trace_read *tr = calloc(1, sizeof(*tr));

	if (!tr)
		return NULL;
	tr->out = out;
	tr->tep = tep;
	tr->live = true;
	events_init(tr);
	put_config(tr);
	return tr;
}

int trace_stream_record(struct trace_read *tr, struct tep_record *rec)
{
	struct cpu_events *q = &tr->queue;

	if (tr->err)
		return tr->err;
	decode_record(tr, q, rec);
	for (; q->next < q->n; q->next++) {
		put(tr, "E", 1);
		put(tr, &q->v[q->next], sizeof(struct trace_ev));
	}
	q->n = q->next = 0;
	return tr->err;
}

void trace_stream_filters(struct trace_read *tr,
			  void (*set)(void *arg, const char *system, const char *event,
				      const char *filter),
			  void *arg)
{
	char f[128];
	int i;

	for (i = 0; i < tr->n_allocs; i++) {
		const struct alloc_event *a = &tr->allocs[i];

		snprintf(f, sizeof(f), "(gfp_flags & 0x%llx) && (gfp_flags & 0x%llx)", a->fs,
			 a->direct_reclaim);
		set(arg, a->event->system, a->event->name, f);
	}
	if (tr->sched_switch) {
		snprintf(f, sizeof(f), "prev_state & 0x%llx", tr->sleeping_states);
		set(arg, tr->sched_switch->system, tr->sched_switch->name, f);
	}
}

void trace_stream_end(struct trace_read *tr, int err)
{
	size_t b;

	tr->counts.error = err ? err : tr->err;
	put(tr, "Z", 1);
	put(tr, &tr->counts, sizeof(tr->counts));
	fflush(tr->out);
	for (b = 0; b < NAME_BUCKETS; b++) {
		while (tr->names[b]) {
			struct name_entry *e = tr->names[b];

			tr->names[b] = e->next;
			free(e);
		}
	}
	free(tr->comm_sent);
	free(tr->queue.v);
	free(tr);
}
