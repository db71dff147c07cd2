// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.dat captures (trace-cmd file versions 6 and 7, compressed or not),
 * read with libtracecmd and decoded with libtraceevent from the capture's own
 * format files: no field offset or flag value is written here.
 *
 * Observations made (lg_acquire, see obs.h):
 * - lock:lock_acquire / lock:lock_release (CONFIG_LOCKDEP kernels): a stack of
 *   held locks per task, in time order across CPUs; every acquisition that is
 *   not a trylock, made while others are held, is observed with them;
 * - allocations with a gfp_flags field that may enter direct reclaim with
 *   __GFP_FS, while locks are held: "fs_reclaim" taken under them;
 * - sched:sched_switch putting a task that holds locks to sleep: "<sleep>"
 *   taken under them.
 * Irq context comes from each record's common flags. Lost events (ring-buffer
 * overruns) empty the held stacks of the tasks last seen on that CPU, so that
 * no edge comes from a stack that may be wrong. Contention, OOM and function
 * events are counted; what a capture lacks is said in notes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-cmd/trace-cmd.h>

#include "../lib/source.h"
#include "lockgraph.h"
#include "obs.h"
#include "parsers.h"

/* A trace.dat starts with these bytes (trace-cmd's file magic). */
static const unsigned char tracedat_magic[] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

#define MAX_HELD 64	/* lockdep's MAX_LOCK_DEPTH is 48 */

bool tracedat_probe(const unsigned char *head, size_t len)
{
	return len >= sizeof(tracedat_magic) && !memcmp(head, tracedat_magic, sizeof(tracedat_magic));
}

struct held_lock {
	const char *name;	/* interned */
	unsigned long long addr;
	bool read, trylock;
	uint8_t irq_level;	/* 0 task, 1 softirq, 2 hardirq: lockdep orders within one */
};

struct task_state {
	int pid;
	int last_cpu;
	struct lg_task task;	/* comm interned */
	const char *last_acquired;	/* the last lock_acquire, until another event of the task */
	struct held_lock held[MAX_HELD];
	uint32_t n_held;
	bool overflow;		/* more than MAX_HELD: stack not trusted until empty */
	bool reaping;		/* between oom:start_task_reaping and its finish/skip */
	struct task_state *next;	/* hash chain */
};

struct lock_event {
	struct tep_event *event;
	struct tep_format_field *name, *flags, *addr;
};

struct alloc_event {
	struct tep_event *event;
	struct tep_format_field *gfp;
	unsigned long long fs, direct_reclaim;	/* bits from the event's own flag table */
	const char *what;	/* its name, interned: evidence outlives the capture */
};

#define TASK_BUCKETS 4096
#define NAME_BUCKETS 4096
#define MAX_ALLOC_EVENTS 8

struct name_entry {
	const char *name;
	struct name_entry *next;
};

/* lockdep map address -> its interned name, to skip hashing names of hot locks */
#define ADDR_CACHE 4096

struct addr_name {
	unsigned long long addr;
	const char *name;
	size_t len;
};

struct trace_parse {
	struct obs_sink *sink;
	struct addr_name addr_cache[ADDR_CACHE];
	struct arena *arena;
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
	struct task_state *tasks[TASK_BUCKETS];
	struct name_entry *names[NAME_BUCKETS];
	const char *fs_reclaim, *sleep;
	uint64_t events, lost, lost_unknown, lock_events, unmatched_releases, allocs_under_locks, sleeps;
	uint64_t contention, oom, functions, uncertain_resets, kind_hints, reap_windows;
	int err;
};

static uint32_t str_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* The one arena copy of a name, so evidence can keep pointing at it. */
static const char *intern(struct trace_parse *tp, const char *s, size_t len)
{
	uint32_t b = str_hash(s, len) % NAME_BUCKETS;
	struct name_entry *e;

	for (e = tp->names[b]; e; e = e->next)
		if (!strncmp(e->name, s, len) && !e->name[len])
			return e->name;
	e = arena_alloc(tp->arena, sizeof(*e));
	if (!e)
		return NULL;
	e->name = arena_strndup(tp->arena, s, len);
	if (!e->name)
		return NULL;
	e->next = tp->names[b];
	tp->names[b] = e;
	return e->name;
}

/*
 * The task of @pid; pid 0 is one idle task per CPU (swapper/N), so it is
 * keyed by CPU (-1 - cpu) lest two CPUs' idle stacks mix.
 */
/* intern() for the name of the lockdep map at @addr: the last name seen there, if equal. */
static const char *intern_at(struct trace_parse *tp, unsigned long long addr, const char *s,
			     size_t len)
{
	struct addr_name *c = &tp->addr_cache[(addr >> 4) % ADDR_CACHE];

	if (c->name && c->addr == addr && c->len == len && !memcmp(c->name, s, len))
		return c->name;
	c->name = intern(tp, s, len);
	c->addr = addr;
	c->len = len;
	return c->name;
}

static struct task_state *task_get(struct trace_parse *tp, int pid, int cpu)
{
	uint32_t b;

	if (pid == 0)
		pid = -1 - cpu;
	b = (uint32_t)pid % TASK_BUCKETS;
	struct task_state *t;
	const char *comm;

	for (t = tp->tasks[b]; t; t = t->next)
		if (t->pid == pid)
			return t;
	t = arena_alloc(tp->arena, sizeof(*t));
	if (!t)
		return NULL;
	t->pid = pid;
	t->last_cpu = -1;
	t->task.pid = pid < 0 ? 0 : pid;
	comm = tep_data_comm_from_pid(tp->tep, pid < 0 ? 0 : pid);
	t->task.comm = comm ? intern(tp, comm, strlen(comm)) : NULL;
	t->next = tp->tasks[b];
	tp->tasks[b] = t;
	return t;
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

static void lock_event_init(struct trace_parse *tp, struct lock_event *le, const char *name)
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

static void events_init(struct trace_parse *tp)
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
		a->what = intern(tp, ev->name, strlen(ev->name));
		if (!a->what) {
			tp->err = -ENOMEM;
			return;
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

/*
 * Records are read CPU by CPU in long batches — the order libtracecmd reads
 * fastest, one compressed chunk after the other — and only what the analysis
 * needs is kept, as compact events; the CPUs' queues (each in time order)
 * are then merged and the tasks followed. Reading all CPUs record by record
 * in time order costs about twice as much (docs/performance.md).
 */
enum ev_type { EV_ACQUIRE, EV_RELEASE, EV_ALLOC, EV_SWITCH, EV_CONTENTION, EV_LOST,
	       EV_REAP_START, EV_REAP_END };

struct trace_ev {
	uint64_t ts;
	uint64_t val;		/* lock address, contention flags, lost count (0: unknown) */
	const char *name;	/* interned lock name, or the allocation event's */
	int32_t pid;
	uint16_t cpu;
	uint8_t type;		/* enum ev_type */
	uint8_t bits;		/* EVB_* */
};

#define EVB_TRYLOCK	0x01u
#define EVB_READ	0x02u
#define EVB_HARDIRQ	0x04u	/* OBS_* context, shifted */
#define EVB_SOFTIRQ	0x08u
#define EVB_IRQS_OFF	0x10u

struct cpu_events {
	struct trace_ev *v;
	size_t n, cap, next;
	bool started, done;
};

static unsigned int irq_bits(struct trace_parse *tp, struct tep_record *rec)
{
	int flags = tep_data_flags(tp->tep, rec);
	unsigned int bits = 0;

	if (flags < 0)
		return EVB_IRQS_OFF;	/* unknown: claim nothing about irqs being on */
	if (flags & TRACE_FLAG_HARDIRQ)
		bits |= EVB_HARDIRQ;
	if (flags & TRACE_FLAG_SOFTIRQ)
		bits |= EVB_SOFTIRQ;
	if (flags & (TRACE_FLAG_IRQS_OFF | TRACE_FLAG_IRQS_NOSUPPORT))
		bits |= EVB_IRQS_OFF;
	return bits;
}

static unsigned int obs_irq(uint8_t bits)
{
	return (bits & EVB_HARDIRQ ? OBS_IN_HARDIRQ : 0) | (bits & EVB_SOFTIRQ ? OBS_IN_SOFTIRQ : 0) |
	       (bits & EVB_IRQS_OFF ? OBS_IRQS_OFF : 0);
}

/* lockdep's irq_context: locks taken in an interrupt are not ordered after the task's. */
static uint8_t irq_level(uint8_t bits)
{
	return bits & EVB_HARDIRQ ? 2 : bits & EVB_SOFTIRQ ? 1 : 0;
}

static int push_event(struct trace_parse *tp, struct cpu_events *ce, const struct trace_ev *ev)
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
static int decode_record(struct trace_parse *tp, struct cpu_events *ce, struct tep_record *rec)
{
	struct trace_ev ev = { 0 };
	unsigned long long v;
	int type, i;

	tp->events++;
	ev.ts = rec->ts;
	ev.cpu = (uint16_t)rec->cpu;
	if (rec->missed_events) {
		/* negative: some were lost, how many the buffer could not say */
		ev.type = EV_LOST;
		ev.val = rec->missed_events > 0 ? (uint64_t)rec->missed_events : 0;
		if (push_event(tp, ce, &ev))
			return -1;
	}
	type = tep_data_type(tp->tep, rec);
	ev.pid = tep_data_pid(tp->tep, rec);
	if ((tp->acquire.event && type == tp->acquire.event->id) ||
	    (tp->release.event && type == tp->release.event->id)) {
		const struct lock_event *le = type == tp->acquire.event->id ? &tp->acquire
									    : &tp->release;
		const char *raw;
		size_t len;

		ev.type = le == &tp->acquire ? EV_ACQUIRE : EV_RELEASE;
		if (le->addr && !tep_read_number_field(le->addr, rec->data, &v))
			ev.val = v;
		raw = field_string(le->name, rec, &len);
		ev.name = raw && len ? intern_at(tp, ev.val, raw, len) : NULL;
		if (raw && len && !ev.name) {
			tp->err = -ENOMEM;
			return -1;
		}
		/* flags bit 0 trylock, bit 1 read, per the event's print format */
		if (le->flags && !tep_read_number_field(le->flags, rec->data, &v))
			ev.bits |= (v & 1 ? EVB_TRYLOCK : 0) | (v & 2 ? EVB_READ : 0);
		ev.bits |= irq_bits(tp, rec);
		tp->lock_events++;
		return ev.name || ev.type == EV_RELEASE ? push_event(tp, ce, &ev) : 0;
	}
	if (tp->sched_switch && type == tp->sched_switch->id) {
		unsigned long long pid, state;

		if (tep_read_number_field(tp->prev_pid, rec->data, &pid) ||
		    tep_read_number_field(tp->prev_state, rec->data, &state) ||
		    !(state & tp->sleeping_states))
			return 0;	/* preempted, still runnable */
		ev.type = EV_SWITCH;
		ev.pid = (int32_t)pid;
		ev.bits = irq_bits(tp, rec);
		return push_event(tp, ce, &ev);
	}
	if (tp->contention_begin && type == tp->contention_begin->id) {
		tp->contention++;
		if (!tp->contention_flags ||
		    tep_read_number_field(tp->contention_flags, rec->data, &v))
			return 0;
		ev.type = EV_CONTENTION;
		ev.val = v;
		return push_event(tp, ce, &ev);
	}
	if (type == tp->ftrace_function_id) {
		tp->functions++;
		return 0;
	}
	for (i = 0; i < tp->n_oom; i++) {
		if (type != tp->oom_ids[i])
			continue;
		tp->oom++;
		/* the reaper thread emits these: its reaping window */
		if (type == tp->reap_start_id || type == tp->reap_finish_id ||
		    type == tp->reap_skip_id) {
			ev.type = type == tp->reap_start_id ? EV_REAP_START : EV_REAP_END;
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
		ev.type = EV_ALLOC;
		ev.name = a->what;
		ev.bits = irq_bits(tp, rec);
		return push_event(tp, ce, &ev);
	}
	return 0;	/* unknown events cost this much */
}

/* Observes @lock taken by @t under everything it holds in the same irq context. */
static void observe(struct trace_parse *tp, struct task_state *t, const struct trace_ev *ev,
		    const char *lock, const char *what, bool (*skip)(const char *))
{
	const char *held[MAX_HELD];
	struct lg_acquire a = { 0 };
	uint8_t level = irq_level(ev->bits);
	uint32_t i, n = 0;
	int err;

	for (i = 0; i < t->n_held && !t->overflow; i++)
		if (t->held[i].irq_level == level && !(skip && skip(t->held[i].name)))
			held[n++] = t->held[i].name;
	if (!n && lock == tp->sleep)
		return;	/* nothing but the scheduler's own lock: an ordinary sleep */
	a.task = &t->task;
	a.lock = lock;
	a.held = held;
	a.n_held = n;
	a.ts = ev->ts;
	a.cpu = ev->cpu;
	a.read = ev->bits & EVB_READ;
	a.irq = obs_irq(ev->bits);
	a.what = what;
	a.oom_reaping = t->reaping;
	err = obs_acquire(tp->sink, &a);
	if (err && !tp->err)
		tp->err = err;
}

static void on_lock_acquire(struct trace_parse *tp, struct task_state *t,
			    const struct trace_ev *ev)
{
	t->last_acquired = ev->name;
	/*
	 * Trylocks are not ordered; neither is a seqcount's read side, which
	 * never waits for anything held.
	 */
	if (!(ev->bits & EVB_TRYLOCK) && !((ev->bits & EVB_READ) && strstr(ev->name, "seqcount")))
		observe(tp, t, ev, ev->name, "lock_acquire", NULL);
	if (t->n_held == MAX_HELD) {
		t->overflow = true;
		return;
	}
	t->held[t->n_held].name = ev->name;
	t->held[t->n_held].addr = ev->val;
	t->held[t->n_held].read = ev->bits & EVB_READ;
	t->held[t->n_held].trylock = ev->bits & EVB_TRYLOCK;
	t->held[t->n_held].irq_level = irq_level(ev->bits);
	t->n_held++;
}

static void on_lock_release(struct trace_parse *tp, struct task_state *t,
			    const struct trace_ev *ev)
{
	uint32_t i;

	t->last_acquired = NULL;
	/* Releases may come out of order: the innermost matching entry goes. */
	for (i = t->n_held; i-- > 0;) {
		if (tp->release.addr ? t->held[i].addr == ev->val : t->held[i].name == ev->name) {
			memmove(&t->held[i], &t->held[i + 1], (t->n_held - i - 1) * sizeof(t->held[0]));
			t->n_held--;
			if (!t->n_held)
				t->overflow = false;
			return;
		}
	}
	tp->unmatched_releases++;	/* taken before the trace began, or lost */
}

/* The runqueue lock: __schedule() itself holds it across every switch. */
static bool scheduler_lock(const char *name)
{
	return !strcmp(name, "&rq->__lock") || !strcmp(name, "&rq->lock");
}

/*
 * A contention event right after a task's lock_acquire is that lock's slow
 * path (the lock address differs from the lockdep map's, the order does
 * not): its flags say what kind of lock it is. mutex: MUTEX (with SPIN while
 * spinning on the owner); rwsem: READ or WRITE; rwlock: SPIN with READ or
 * WRITE; spinlock: SPIN alone; rt and percpu locks sleep.
 */
static void on_contention(struct trace_parse *tp, struct task_state *t,
			  const struct trace_ev *ev)
{
	bool sleeps;
	int err;

	if (!t->last_acquired)
		return;
	if (ev->val & (tp->lcb_mutex | tp->lcb_sleeping))
		sleeps = true;
	else if (ev->val & tp->lcb_spin)
		sleeps = false;
	else if (ev->val & tp->lcb_rw)
		sleeps = true;
	else
		return;
	tp->kind_hints++;
	err = obs_lock_kind(tp->sink, t->last_acquired, sleeps);
	if (err)
		tp->err = err;
	t->last_acquired = NULL;
}

/* Events were lost on @cpu: the stacks of the tasks last seen there may be wrong. */
static void lost_on_cpu(struct trace_parse *tp, int cpu)
{
	uint32_t b;

	for (b = 0; b < TASK_BUCKETS; b++) {
		struct task_state *t;

		for (t = tp->tasks[b]; t; t = t->next) {
			if (t->last_cpu != cpu || !t->n_held)
				continue;
			t->n_held = 0;
			t->overflow = false;
			tp->uncertain_resets++;
		}
	}
}

/* One event, in time order across CPUs. */
static void process_event(struct trace_parse *tp, const struct trace_ev *ev)
{
	struct task_state *t;

	if (ev->type == EV_LOST) {
		if (ev->val)
			tp->lost += ev->val;
		else
			tp->lost_unknown++;
		lost_on_cpu(tp, ev->cpu);
		return;
	}
	t = task_get(tp, ev->pid, ev->cpu);
	if (!t) {
		tp->err = -ENOMEM;
		return;
	}
	switch (ev->type) {
	case EV_ACQUIRE:
		t->last_cpu = ev->cpu;
		on_lock_acquire(tp, t, ev);
		break;
	case EV_RELEASE:
		t->last_cpu = ev->cpu;
		on_lock_release(tp, t, ev);
		break;
	case EV_ALLOC:
		if (t->n_held) {
			tp->allocs_under_locks++;
			observe(tp, t, ev, tp->fs_reclaim, ev->name, NULL);
		}
		break;
	case EV_SWITCH:
		if (t->n_held && !t->overflow) {
			tp->sleeps++;
			observe(tp, t, ev, tp->sleep, "sched_switch", scheduler_lock);
		}
		break;
	case EV_CONTENTION:
		on_contention(tp, t, ev);
		break;
	case EV_REAP_START:
	case EV_REAP_END:
		t->reaping = ev->type == EV_REAP_START;
		tp->reap_windows += ev->type == EV_REAP_START;
		break;
	}
}

/* Records read from one CPU at a time: long runs keep libtracecmd's chunk cache warm. */
#define READ_BATCH 65536

/*
 * Refills @c's queue until it holds an event or the CPU is done: a batch of
 * records read in a row from that CPU.
 */
static void refill(struct trace_parse *tp, struct tracecmd_input *handle, struct cpu_events *ce,
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

/*
 * Each CPU is read in batches (fast: one compressed chunk after the other)
 * into a queue of compact events; the queues are merged by time, a CPU being
 * refilled only when its queue runs dry, so memory stays at a few batches.
 */
static int read_capture(struct trace_parse *tp, struct tracecmd_input *handle)
{
	int cpus = tep_get_cpus(tp->tep), c;
	struct cpu_events *ce;

	if (cpus <= 0)
		return 0;
	ce = calloc((size_t)cpus, sizeof(*ce));
	if (!ce)
		return -ENOMEM;
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
		process_event(tp, &ce[best].v[ce[best].next++]);
	}
	for (c = 0; c < cpus; c++)
		free(ce[c].v);
	free(ce);
	return tp->err;
}

/* What the capture has and lacks, and what was lost, as notes on the input. */
static int notes(struct trace_parse *tp)
{
	struct obs_sink *s = tp->sink;
	int err = 0;

	if (!tp->acquire.event)
		err = obs_note(s, "no lock:lock_acquire events (kernel without CONFIG_LOCKDEP, or "
				  "not recorded): no lock order from this capture");
	else if (!tp->release.event)
		err = obs_note(s, "lock:lock_acquire without lock:lock_release: held stacks cannot "
				  "be followed, no lock order from this capture");
	if (!err && !tp->n_allocs)
		err = obs_note(s, "no allocation event with a decodable gfp_flags field");
	if (!err && !tp->sched_switch)
		err = obs_note(s, "no sched:sched_switch with a decodable prev_state: sleeps "
				  "while holding locks are not seen");
	if (!err && (tp->lost || tp->lost_unknown))
		err = obs_note(s, "%llu event(s) lost by the ring buffer, and an unknown number "
				  "%llu time(s); held stacks of %llu task(s) on those CPUs were dropped",
			       (unsigned long long)tp->lost, (unsigned long long)tp->lost_unknown,
			       (unsigned long long)tp->uncertain_resets);
	if (!err && tp->unmatched_releases)
		err = obs_note(s, "%llu release(s) of locks taken before the capture began",
			       (unsigned long long)tp->unmatched_releases);
	if (!err && tp->oom)
		err = obs_note(s, "%llu oom:* event(s), %llu OOM-reaper window(s)",
			       (unsigned long long)tp->oom, (unsigned long long)tp->reap_windows);
	if (!err && tp->functions)
		err = obs_note(s, "%llu function-tracer event(s): counted only",
			       (unsigned long long)tp->functions);
	if (!err && tp->contention)
		err = obs_note(s, "%llu lock:contention_begin event(s); %llu told the kind of the "
				  "lock just acquired (the others carry no lock name)",
			       (unsigned long long)tp->contention,
			       (unsigned long long)tp->kind_hints);
	return err;
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

int tracedat_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink)
{
	struct tracecmd_input *handle;
	struct trace_parse *tp;
	int err;

	(void)ps;
	tracecmd_set_loglevel(TEP_LOG_CRITICAL);
	err = open_capture(src, &handle);
	if (err) {
		obs_diag(sink, LG_SEV_ERROR, 0, 0, "not a readable trace.dat (libtracecmd)");
		return err;
	}
	tp = calloc(1, sizeof(*tp));
	if (!tp) {
		tracecmd_close(handle);
		return -ENOMEM;
	}
	tp->sink = sink;
	tp->arena = obs_arena(sink);
	tp->tep = tracecmd_get_tep(handle);
	tp->fs_reclaim = intern(tp, "fs_reclaim", 10);
	tp->sleep = intern(tp, "<sleep>", 7);
	if (!tp->fs_reclaim || !tp->sleep) {
		err = -ENOMEM;
		goto out;
	}
	events_init(tp);
	if (!tp->err)
		read_capture(tp, handle);
	err = tp->err;
	obs_count_events(sink, tp->events, tp->lost);
	if (!err)
		err = notes(tp);
out:
	free(tp);
	tracecmd_close(handle);
	return err;
}
