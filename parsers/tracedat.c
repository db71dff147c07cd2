// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.dat captures: the follower (tracedat.h says why there are two
 * processes). A child runs the reader (tracedat-read.c) and streams compact
 * events in time order; here they become observations (lg_acquire, obs.h):
 *
 * - lock:lock_acquire / lock:lock_release (CONFIG_LOCKDEP kernels): a stack of
 *   held locks per task; every acquisition that is not a trylock is observed
 *   under the locks held in the same irq context (task, softirq, hardirq);
 * - an allocation that may enter direct reclaim with __GFP_FS, while locks
 *   are held: "fs_reclaim" taken under them;
 * - sched_switch putting a task that holds locks to sleep: "<sleep>" taken
 *   under them, the runqueue lock (held by __schedule() itself) aside;
 * - the contention event right after an acquisition: whether that lock
 *   sleeps or spins;
 * - oom:start_task_reaping .. finish/skip: the OOM reaper's window.
 * Lost events (ring-buffer overruns) empty the held stacks of the tasks last
 * seen on that CPU, so that no edge comes from a stack that may be wrong.
 * docs/traces.md is the user's account of all this.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lockgraph.h"
#include "obs.h"
#include "parsers.h"
#include "source.h"
#include "tracedat.h"

/* A trace.dat starts with these bytes (trace-cmd's file magic). */
static const unsigned char tracedat_magic[] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

#define MAX_HELD 64	/* lockdep's MAX_LOCK_DEPTH is 48 */
#define TASK_BUCKETS 4096

bool tracedat_probe(const unsigned char *head, size_t len)
{
	return len >= sizeof(tracedat_magic) && !memcmp(head, tracedat_magic, sizeof(tracedat_magic));
}

struct held_lock {
	const char *name;	/* in the arena */
	unsigned long long addr;
	bool read, trylock;
	uint8_t irq_level;	/* 0 task, 1 softirq, 2 hardirq: lockdep orders within one */
};

struct task_state {
	int pid;		/* task key: pid, or -1 - cpu for an idle task */
	int last_cpu;
	struct lg_task task;
	const char *last_acquired;	/* the last lock_acquire, until released or explained */
	struct held_lock *held;	/* MAX_HELD entries while it holds any, else NULL */
	uint32_t n_held;
	bool overflow;		/* more than MAX_HELD: stack not trusted until empty */
	bool reaping;		/* between oom:start_task_reaping and its finish/skip */
	struct task_state *next;	/* hash chain */
};

struct trace_parse {
	struct obs_sink *sink;
	struct arena *arena;
	struct trace_config cfg;
	struct trace_counts counts;
	bool got_counts;
	const char **names;	/* name id -> arena string */
	uint32_t n_names, cap_names;
	struct task_state *tasks[TASK_BUCKETS];
	/*
	 * Held stacks of tasks that hold nothing, for the next one that takes a
	 * lock: a task costs a few words, a stack only while it holds locks, so
	 * memory follows the tasks holding locks at once, not every task ever
	 * seen (a live capture runs for hours).
	 */
	struct held_lock **free_stacks;
	size_t n_free_stacks, cap_free_stacks;
	const char *fs_reclaim, *sleep;
	uint64_t lost, lost_unknown, unmatched_releases, allocs_under_locks, sleeps;
	uint64_t uncertain_resets, kind_hints, reap_windows, stream_events;
	int err;
};

static struct task_state *task_get(struct trace_parse *tp, int key)
{
	uint32_t b = (uint32_t)key % TASK_BUCKETS;
	struct task_state *t;

	for (t = tp->tasks[b]; t; t = t->next)
		if (t->pid == key)
			return t;
	t = arena_alloc(tp->arena, sizeof(*t));
	if (!t) {
		tp->err = -ENOMEM;
		return NULL;
	}
	t->pid = key;
	t->last_cpu = -1;
	t->task.pid = key < 0 ? 0 : key;
	t->next = tp->tasks[b];
	tp->tasks[b] = t;
	return t;
}

/* pid 0 is one idle task per CPU (swapper/N): keyed by CPU, lest their stacks mix. */
static int task_key(int32_t pid, int cpu)
{
	return pid ? pid : -1 - cpu;
}

static const char *name_of(const struct trace_parse *tp, uint32_t id)
{
	return id < tp->n_names ? tp->names[id] : NULL;
}

static unsigned int obs_irq(uint8_t bits)
{
	return (bits & TEVB_HARDIRQ ? OBS_IN_HARDIRQ : 0) |
	       (bits & TEVB_SOFTIRQ ? OBS_IN_SOFTIRQ : 0) | (bits & TEVB_IRQS_OFF ? OBS_IRQS_OFF : 0);
}

/* lockdep's irq_context: locks taken in an interrupt are not ordered after the task's. */
static uint8_t irq_level(uint8_t bits)
{
	return bits & TEVB_HARDIRQ ? 2 : bits & TEVB_SOFTIRQ ? 1 : 0;
}

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
	a.read = ev->bits & TEVB_READ;
	a.irq = obs_irq(ev->bits);
	a.what = what;
	a.oom_reaping = t->reaping;
	err = obs_acquire(tp->sink, &a);
	if (err && !tp->err)
		tp->err = err;
}

/* @t takes its first lock: a stack from the free ones, or a new one. */
static bool stack_get(struct trace_parse *tp, struct task_state *t)
{
	if (t->held)
		return true;
	if (tp->n_free_stacks) {
		t->held = tp->free_stacks[--tp->n_free_stacks];
		return true;
	}
	t->held = arena_alloc(tp->arena, MAX_HELD * sizeof(*t->held));
	if (!t->held)
		tp->err = -ENOMEM;
	return t->held != NULL;
}

/* @t holds nothing any more: its stack goes back. */
static void stack_put(struct trace_parse *tp, struct task_state *t)
{
	t->n_held = 0;
	t->overflow = false;
	if (!t->held)
		return;
	if (tp->n_free_stacks == tp->cap_free_stacks) {
		size_t cap = tp->cap_free_stacks ? tp->cap_free_stacks * 2 : 64;
		struct held_lock **v = realloc(tp->free_stacks, cap * sizeof(*v));

		if (!v)
			return;	/* kept by the task: costs memory, not correctness */
		tp->free_stacks = v;
		tp->cap_free_stacks = cap;
	}
	tp->free_stacks[tp->n_free_stacks++] = t->held;
	t->held = NULL;
}

static void on_lock_acquire(struct trace_parse *tp, struct task_state *t,
			    const struct trace_ev *ev)
{
	const char *name = name_of(tp, ev->name);

	if (!name)
		return;
	t->last_acquired = name;
	/*
	 * Trylocks are not ordered; neither is a seqcount's read side, which
	 * never waits for anything held.
	 */
	if (!(ev->bits & TEVB_TRYLOCK) && !((ev->bits & TEVB_READ) && strstr(name, "seqcount")))
		observe(tp, t, ev, name, "lock_acquire", NULL);
	if (t->n_held == MAX_HELD) {
		t->overflow = true;
		return;
	}
	if (!stack_get(tp, t))
		return;
	t->held[t->n_held].name = name;
	t->held[t->n_held].addr = ev->val;
	t->held[t->n_held].read = ev->bits & TEVB_READ;
	t->held[t->n_held].trylock = ev->bits & TEVB_TRYLOCK;
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
		if (tp->cfg.release_by_addr ? t->held[i].addr == ev->val
					    : t->held[i].name == name_of(tp, ev->name)) {
			memmove(&t->held[i], &t->held[i + 1], (t->n_held - i - 1) * sizeof(t->held[0]));
			t->n_held--;
			if (!t->n_held)
				stack_put(tp, t);
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
	if (!tp->cfg.has_contention_flags)
		return;
	if (ev->val & (tp->cfg.lcb_mutex | tp->cfg.lcb_sleeping))
		sleeps = true;
	else if (ev->val & tp->cfg.lcb_spin)
		sleeps = false;
	else if (ev->val & tp->cfg.lcb_rw)
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
			stack_put(tp, t);
			tp->uncertain_resets++;
		}
	}
}

/* One event, in time order across CPUs. */
static void process_event(struct trace_parse *tp, const struct trace_ev *ev)
{
	struct task_state *t;

	if (ev->type == TEV_LOST) {
		if (ev->val)
			tp->lost += ev->val;
		else
			tp->lost_unknown++;
		lost_on_cpu(tp, ev->cpu);
		return;
	}
	t = task_get(tp, task_key(ev->pid, ev->cpu));
	if (!t)
		return;
	switch (ev->type) {
	case TEV_ACQUIRE:
		t->last_cpu = ev->cpu;
		on_lock_acquire(tp, t, ev);
		break;
	case TEV_RELEASE:
		t->last_cpu = ev->cpu;
		on_lock_release(tp, t, ev);
		break;
	case TEV_ALLOC:
		if (t->n_held) {
			tp->allocs_under_locks++;
			observe(tp, t, ev, tp->fs_reclaim, name_of(tp, ev->name), NULL);
		}
		break;
	case TEV_SWITCH:
		if (t->n_held && !t->overflow) {
			tp->sleeps++;
			observe(tp, t, ev, tp->sleep, "sched_switch", scheduler_lock);
		}
		break;
	case TEV_CONTENTION:
		on_contention(tp, t, ev);
		break;
	case TEV_REAP_START:
	case TEV_REAP_END:
		t->reaping = ev->type == TEV_REAP_START;
		tp->reap_windows += ev->type == TEV_REAP_START;
		break;
	}
}

/* What the capture has and lacks, and what was lost, as notes on the input. */
static int notes(struct trace_parse *tp)
{
	struct obs_sink *s = tp->sink;
	int err = 0;

	if (!tp->cfg.has_acquire)
		err = obs_note(s, "no lock:lock_acquire events (kernel without CONFIG_LOCKDEP, or "
				  "not recorded): no lock order from this capture");
	else if (!tp->cfg.has_release)
		err = obs_note(s, "lock:lock_acquire without lock:lock_release: held stacks cannot "
				  "be followed, no lock order from this capture");
	if (!err && !tp->cfg.n_alloc_events)
		err = obs_note(s, "no allocation event with a decodable gfp_flags field");
	if (!err && !tp->cfg.has_sched_switch)
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
	if (!err && tp->counts.oom)
		err = obs_note(s, "%llu oom:* event(s), %llu OOM-reaper window(s)",
			       (unsigned long long)tp->counts.oom, (unsigned long long)tp->reap_windows);
	if (!err && tp->counts.functions)
		err = obs_note(s, "%llu function-tracer event(s): counted only",
			       (unsigned long long)tp->counts.functions);
	if (!err && tp->counts.contention)
		err = obs_note(s, "%llu lock:contention_begin event(s); %llu told the kind of the "
				  "lock just acquired (the others carry no lock name)",
			       (unsigned long long)tp->counts.contention,
			       (unsigned long long)tp->kind_hints);
	return err;
}

/*
 * Under a sanitizer or fuzzer, a crash of the reader child must stay the
 * child's: no death callback of the parent's runtime (libFuzzer would record
 * the parent's test input as a crash). Weak: absent in ordinary builds.
 */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void child_forget_parent_runtime(void)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	size_t i;

	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(NULL);
	/* die plainly: the parent reads the signal from waitpid() */
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], SIG_DFL);
}

static int get(FILE *in, void *p, size_t n)
{
	return fread(p, 1, n, in) == n ? 0 : -1;
}

/* A string record body: length, bytes; into the arena. */
static const char *get_string(struct trace_parse *tp, FILE *in)
{
	uint16_t len;
	char *s;

	if (get(in, &len, sizeof(len)))
		return NULL;
	s = arena_alloc(tp->arena, (size_t)len + 1);
	if (!s) {
		tp->err = -ENOMEM;
		return NULL;
	}
	if (get(in, s, len))
		return NULL;
	s[len] = '\0';
	return s;
}

/* Reads the reader's stream to its end; false when it broke off. */
static bool follow_stream(struct trace_parse *tp, FILE *in)
{
	struct trace_ev ev;
	uint32_t id;
	int32_t key;
	int tag;

	while (!tp->err && (tag = fgetc(in)) != EOF) {
		switch (tag) {
		case 'C':
			if (get(in, &tp->cfg, sizeof(tp->cfg)))
				return false;
			break;
		case 'N': {
			const char *s;

			if (get(in, &id, sizeof(id)) || id != tp->n_names || !(s = get_string(tp, in)))
				return false;
			if (tp->n_names == tp->cap_names) {
				uint32_t cap = tp->cap_names ? tp->cap_names * 2 : 256;
				const char **v = realloc(tp->names, cap * sizeof(*v));

				if (!v) {
					tp->err = -ENOMEM;
					return false;
				}
				tp->names = v;
				tp->cap_names = cap;
			}
			tp->names[tp->n_names++] = s;
			break;
		}
		case 'T': {
			struct task_state *t;
			const char *comm;

			if (get(in, &key, sizeof(key)) || !(comm = get_string(tp, in)))
				return false;
			t = task_get(tp, key);
			if (t)
				t->task.comm = comm;
			break;
		}
		case 'E':
			if (get(in, &ev, sizeof(ev)))
				return false;
			tp->stream_events++;
			process_event(tp, &ev);
			break;
		case 'Z':
			if (get(in, &tp->counts, sizeof(tp->counts)))
				return false;
			tp->got_counts = true;
			return true;
		default:
			return false;
		}
	}
	return false;
}

static struct trace_parse *parse_new(struct obs_sink *sink)
{
	struct trace_parse *tp = calloc(1, sizeof(*tp));

	if (!tp)
		return NULL;
	tp->sink = sink;
	tp->arena = obs_arena(sink);
	tp->fs_reclaim = "fs_reclaim";
	tp->sleep = "<sleep>";
	return tp;
}

/* After the stream: what the reader said, counts and notes. @err: the stream's own. */
static int parse_end(struct trace_parse *tp, int err, const char *what)
{
	struct obs_sink *sink = tp->sink;

	if (!err && !tp->got_counts) {
		obs_diag(sink, LG_SEV_ERROR, 0, -1, "the capture reader stopped early");
		err = -LG_ECORRUPT;
	} else if (!err && tp->counts.error) {
		obs_diag(sink, LG_SEV_ERROR, 0, -1, "%s: %s", what, lg_strerror(tp->counts.error));
		err = tp->counts.error;
	}
	obs_count_events(sink, tp->counts.events, tp->lost);
	if (!err)
		err = notes(tp);
	free(tp->names);
	free(tp->free_stacks);
	free(tp);
	return err;
}

int tracedat_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink)
{
	struct trace_parse *tp;
	int fds[2], status = 0, err;
	pid_t child;
	FILE *in;

	(void)ps;
	if (pipe(fds))
		return -errno;
	fflush(NULL);	/* the child must not write its copy of our buffers */
	child = fork();
	if (child < 0) {
		err = -errno;
		close(fds[0]);
		close(fds[1]);
		return err;
	}
	if (child == 0) {
		close(fds[0]);
		child_forget_parent_runtime();
		_exit(trace_reader_run(src, fds[1]));
	}
	close(fds[1]);
	in = fdopen(fds[0], "r");
	if (in)
		setvbuf(in, NULL, _IOFBF, 1 << 16);
	tp = parse_new(sink);
	if (!in || !tp) {
		if (in)
			fclose(in);
		else
			close(fds[0]);
		free(tp);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		return -ENOMEM;
	}
	follow_stream(tp, in);
	if (tp->err)
		kill(child, SIGKILL);
	fclose(in);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	err = tp->err;
	if (!err && WIFSIGNALED(status)) {
		obs_diag(sink, LG_SEV_ERROR, 0, -1,
			 "libtracecmd crashed reading this capture (signal %d) after %llu event(s): "
			 "the file is corrupt; what was read before is kept",
			 WTERMSIG(status), (unsigned long long)tp->stream_events);
		err = -LG_ECORRUPT;
	}
	return parse_end(tp, err, "not a readable trace.dat (libtracecmd)");
}

/*
 * A live capture's stream (tracefs-read.c, lockgraph watch), read as it comes:
 * the same records after TRACE_STREAM_MAGIC.
 */
bool tracestream_probe(const unsigned char *head, size_t len)
{
	return len >= sizeof(TRACE_STREAM_MAGIC) - 1 &&
	       !memcmp(head, TRACE_STREAM_MAGIC, sizeof(TRACE_STREAM_MAGIC) - 1);
}

static ssize_t source_cookie_read(void *cookie, char *buf, size_t size)
{
	long n = source_read(cookie, buf, size);

	return n < 0 ? -1 : n;
}

int tracestream_parse(struct parser_state *ps, struct lg_source *src, struct obs_sink *sink)
{
	static const cookie_io_functions_t io = { .read = source_cookie_read };
	char magic[sizeof(TRACE_STREAM_MAGIC) - 1];
	struct trace_parse *tp;
	FILE *in;
	int err;

	(void)ps;
	if (source_read(src, magic, sizeof(magic)) != (long)sizeof(magic))
		return -LG_ETRUNCATED;
	in = fopencookie(src, "r", io);
	tp = parse_new(sink);
	if (!in || !tp) {
		if (in)
			fclose(in);
		free(tp);
		return -ENOMEM;
	}
	follow_stream(tp, in);
	fclose(in);
	err = tp->err;
	return parse_end(tp, err, "live capture (libtracefs)");
}
