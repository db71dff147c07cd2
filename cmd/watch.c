// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockgraph watch [options] [-- COMMAND...]: traces the running kernel in a
 * tracefs instance of its own ("lockgraph-PID", made with libtracefs; the
 * top-level instance is never touched), runs COMMAND or waits for Ctrl-C /
 * SIGTERM / SIGHUP, and analyses what was seen as analyze does a trace.dat.
 *
 * Processes and threads:
 *   - a reader child (lg_tracefs_stream) reads the instance's buffers as the
 *     events come and writes the trace stream to a pipe;
 *   - a follower thread here reads the pipe into the context (lg_add_fd), so
 *     nothing piles up however long the run;
 *   - the main thread runs COMMAND, waits, stops the others and removes the
 *     instance on every way out (end of COMMAND, its crash, a signal, an error).
 * Signal handlers only set a flag; the main thread polls it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include "lockgraph.h"
#include "cli.h"

static const char watch_usage[] =
	"usage: lockgraph watch [options] [--] [COMMAND [ARG]...]\n"
	"\n"
	"Traces the running kernel (root; tracefs) in an instance of its own while\n"
	"COMMAND runs, or until Ctrl-C / SIGTERM without one: lock acquire/release\n"
	"(CONFIG_LOCKDEP kernels), lock contention, allocations, context switches and\n"
	"OOM-reaper events, read as they come into the same graph a trace.dat gives;\n"
	"then reports as analyze does. Tracing is switched off and the instance removed\n"
	"on every way out.\n"
	"\n"
	"options:\n"
	"  -f, --format=FMT     text (default), json, dot or html\n"
	"  -o, --output=FILE    write the result to FILE instead of standard output\n"
	"  -q, --quiet          no notes or warnings on standard error, no progress line\n"
	"      --color=WHEN     auto (default), always or never (text only)\n"
	"      --graph          JSON: also every class and edge of the merged graph\n"
	"      --save=FILE      also write what was seen as a saved graph, an input that\n"
	"                       'lockgraph analyze' merges with other runs\n"
	"      --kind=LIST      only findings of these types (comma-separated):\n"
	"                       cycle, sleep-path, irq-inversion\n"
	"      --fail-on=CONF   which findings make the exit status 1: proved, likely\n"
	"                       (default: proved and likely) or weak (all of them)\n"
	"      --context=LIST   only findings in one of these contexts (comma-separated)\n"
	"      --buffer-size=KB ring buffer per CPU (default 4096)\n"
	"      --name=NAME      the input's name in reports and saved graphs\n"
	"                       (default tracefs:HOST:TIME)\n"
	"  -h, --help           this help\n"
	"\n"
	"exit status: 0 no findings (weak ones aside, see --fail-on), 1 findings,\n"
	"2 usage error, tracing unavailable, COMMAND could not be run,\n"
	"the capture failed or the result could not be written\n";

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* An event the analyses use, and what a kernel without it loses. */
struct watched_event {
	const char *system, *name;
	const char *missing;	/* said when absent; NULL: said by another entry */
};

static const struct watched_event watched[] = {
	{ "lock", "lock_acquire",
	  "lock:lock_acquire/lock_release (kernel without CONFIG_LOCKDEP): no lock order, and "
	  "allocations and sleeps cannot be tied to held locks: no graph edges from this run, "
	  "only event counts and OOM-reaper windows" },
	{ "lock", "lock_release", NULL },
	{ "lock", "contention_begin",
	  "lock:contention_begin: no sleeping/spinning kind of contended locks" },
	{ "kmem", "kmalloc", NULL },
	{ "kmem", "kmem_cache_alloc", NULL },
	{ "kmem", "mm_page_alloc",
	  "kmem:mm_page_alloc: page allocations that may reclaim (fs_reclaim) are not seen" },
	{ "kmem", "kmalloc_node", NULL },
	{ "kmem", "kmem_cache_alloc_node", NULL },
	{ "sched", "sched_switch",
	  "sched:sched_switch: sleeps while holding locks (<sleep>) are not seen" },
	{ "oom", "start_task_reaping",
	  "oom:start_task_reaping: no OOM-reaper windows" },
	{ "oom", "finish_task_reaping", NULL },
	{ "oom", "skip_task_reaping", NULL },
	{ "oom", "mark_victim", NULL },
	{ "oom", "wake_reaper", NULL },
};

struct follower {
	struct lg_ctx *ctx;
	const char *name;
	int fd;
	int err;
	_Atomic int tid;	/* the follower thread's id, once it runs */
};

static void *follow(void *arg)
{
	struct follower *f = arg;
	char buf[4096];

	atomic_store(&f->tid, gettid());
	f->err = lg_add_fd(f->ctx, f->name, f->fd);
	/* stopped early (an error, said): the reader must not block on a full pipe */
	while (read(f->fd, buf, sizeof(buf)) > 0)
		;
	return NULL;
}

/* Waits up to @ms for @pid; true when it is gone (status in *status). */
static bool wait_for(pid_t pid, int *status, int ms)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; ms < 0 || i <= ms / 20; i++) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid || (r < 0 && errno == ECHILD))
			return true;
		nanosleep(&tick, NULL);
	}
	return false;
}

/* Asks @pid to end with @sig, then kills it after @ms. */
static void end_child(pid_t pid, int sig, int ms, int *status)
{
	if (pid <= 0)
		return;
	kill(pid, sig);
	if (!wait_for(pid, status, ms)) {
		kill(pid, SIGKILL);
		wait_for(pid, status, -1);
	}
}

/* Why tracing cannot work here, or NULL. */
static const char *tracing_unavailable(void)
{
	char buf[256] = "";
	FILE *f;

	if (geteuid() != 0)
		return "watch needs root (it makes a tracefs instance and enables events)";
	f = fopen("/sys/kernel/security/lockdown", "r");
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
		if (strstr(buf, "[confidentiality]"))
			return "kernel lockdown (confidentiality) forbids tracefs";
	}
	/* libtracefs mounts tracefs when it is not mounted and may be */
	if (!tracefs_tracing_dir())
		return "tracefs is not mounted and could not be mounted (/sys/kernel/tracing)";
	return NULL;
}

/* Enables what the kernel has; says on stderr what it lacks and what that costs. */
static int enable_events(struct tracefs_instance *inst, bool quiet, size_t *n_enabled)
{
	size_t i;

	*n_enabled = 0;
	for (i = 0; i < ARRAY_SIZE(watched); i++) {
		const struct watched_event *w = &watched[i];

		if (!tracefs_event_file_exists(NULL, w->system, w->name, "format")) {
			if (w->missing && !quiet)
				fprintf(stderr, "lockgraph: note: this kernel has no %s\n", w->missing);
			continue;
		}
		if (tracefs_event_enable(inst, w->system, w->name) < 0) {
			fprintf(stderr, "lockgraph: cannot enable %s:%s: %s\n", w->system, w->name,
				strerror(errno));
			return -1;
		}
		(*n_enabled)++;
	}
	return 0;
}

/* Removes the instance; it is busy while a reader still has its buffers open. */
static void remove_instance(struct tracefs_instance *inst, const char *name)
{
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	int i;

	tracefs_trace_off(inst);
	tracefs_event_disable(inst, NULL, NULL);
	for (i = 0; i < 100 && tracefs_instance_destroy(inst) < 0; i++)
		nanosleep(&tick, NULL);
	if (tracefs_instance_exists(name))
		fprintf(stderr, "lockgraph: could not remove the tracefs instance %s: remove it with "
				"rmdir %s/instances/%s\n", name, tracefs_tracing_dir(), name);
	tracefs_instance_free(inst);
}

/* COMMAND in a child; the error of execvp() comes back through a close-on-exec pipe. */
static pid_t run_command(char **argv, const sigset_t *mask)
{
	int fds[2], err = 0;
	size_t i;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < ARRAY_SIZE(stop_signals); i++)
			signal(stop_signals[i], SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, mask, NULL);
		close(fds[0]);
		execvp(argv[0], argv);
		err = errno;
		if (write(fds[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(fds[1]);
	if (pid > 0 && read(fds[0], &err, sizeof(err)) == sizeof(err)) {
		fprintf(stderr, "lockgraph: cannot run %s: %s\n", argv[0], strerror(err));
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	close(fds[0]);
	return pid;
}

static void say_status(const char *what, int status)
{
	if (WIFSIGNALED(status))
		fprintf(stderr, "lockgraph: %s was killed by signal %d (%s)\n", what,
			WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status))
		fprintf(stderr, "lockgraph: %s exited with status %d\n", what, WEXITSTATUS(status));
}

struct watch_opts {
	struct cli_output out;
	const char *name;	/* --name: the input's name */
	unsigned long buffer_kb;
	/* bytes of the trace stream read so far: set by the follower, shown by this thread */
	_Atomic unsigned long long stream_bytes;
};

/* lg_opts.progress in the follower thread: only counts; wait_capture() draws the line. */
static void count_stream(const struct lg_progress *p, void *user)
{
	struct watch_opts *o = user;

	atomic_store(&o->stream_bytes, p->bytes);
}

/* A capture in progress: what teardown() undoes, whichever step it got to. */
struct capture {
	char iname[64];			/* lockgraph-PID */
	struct tracefs_instance *inst;
	size_t n_enabled;
	int data[2];			/* the trace stream, reader to follower */
	int stop[2];			/* closing stop[1] ends the reader */
	pid_t reader, child;		/* child: COMMAND */
	int reader_status, cmd_status;
	bool reader_done, cmd_done;	/* reaped */
	struct follower fl;
	pthread_t tid;
	bool thread;			/* the follower runs */
	struct sigaction old_sa[ARRAY_SIZE(stop_signals)];
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The instance, not tracing yet, with the events this kernel has: 0, or -1 (said). */
static int instance_up(struct capture *c, const struct watch_opts *o)
{
	c->inst = tracefs_instance_create(c->iname);
	if (!c->inst) {
		fprintf(stderr, "lockgraph: cannot make the tracefs instance %s: %s\n", c->iname,
			strerror(errno));
		return -1;
	}
	/* a new instance traces at once: off until the events and the reader are ready */
	if (tracefs_trace_off(c->inst) < 0) {
		perror("lockgraph: cannot switch tracing off in the new instance");
		return -1;
	}
	if (enable_events(c->inst, o->out.quiet, &c->n_enabled) < 0)
		return -1;
	if (tracefs_instance_set_buffer_size(c->inst, o->buffer_kb, -1) < 0) {
		fprintf(stderr, "lockgraph: cannot make the buffers %lu KiB per CPU: %s\n",
			o->buffer_kb, strerror(errno));
		return -1;
	}
	if (!c->n_enabled) {
		fputs("lockgraph: this kernel has none of the events the analyses use\n", stderr);
		return -1;
	}
	return 0;
}

/* The reader child on the instance's buffers, then tracing on: 0, or -1 (said). */
static int start_reader(struct capture *c, const struct watch_opts *o, char **cmd)
{
	size_t i;

	if (pipe2(c->data, O_CLOEXEC) || pipe2(c->stop, O_CLOEXEC)) {
		perror("lockgraph: pipe");
		return -1;
	}
	fflush(NULL);
	c->reader = fork();
	if (c->reader == 0) {
		/* the main process decides when to stop: it closes the stop pipe */
		for (i = 0; i < ARRAY_SIZE(stop_signals); i++)
			signal(stop_signals[i], SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		close(c->data[0]);
		close(c->stop[1]);
		_exit(lg_tracefs_stream(c->iname, c->data[1], c->stop[0]) ? 1 : 0);
	}
	close_fd(&c->data[1]);
	close_fd(&c->stop[0]);
	if (c->reader < 0) {
		perror("lockgraph: fork");
		return -1;
	}
	if (tracefs_trace_on(c->inst) < 0) {
		perror("lockgraph: cannot switch tracing on");
		return -1;
	}
	if (!o->out.quiet)
		fprintf(stderr, "lockgraph: tracing %zu event(s) in instance %s, %lu KiB per CPU%s\n",
			c->n_enabled, c->iname, o->buffer_kb,
			cmd ? "" : "; Ctrl-C or SIGTERM ends the capture");
	return 0;
}

/*
 * Watch's own tasks (this thread, the follower, the reader) leave no lock
 * events: under lockdep their reading made events at about the rate they
 * were read (docs/vm-rig.md). COMMAND is traced. 0, or -1 (the reason said).
 */
static int untrace_self(struct capture *c)
{
	struct timespec tick = { 0, 1000 * 1000 };
	int tids[3] = { getpid(), c->reader, 0 }, i, err;

	/* the follower says its id as it starts */
	for (i = 0; i < 5000 && !(tids[2] = atomic_load(&c->fl.tid)); i++)
		nanosleep(&tick, NULL);
	err = lg_tracefs_untrace_tasks(c->iname, tids, tids[2] ? 3 : 2);
	if (err) {
		fprintf(stderr, "lockgraph: cannot filter watch's own lock events out: %s\n",
			strerror(-err));
		return -1;
	}
	return 0;
}

/* COMMAND (when given), then the follower thread reading the stream: 0, or -1 (said). */
static int start_follower(struct capture *c, char **cmd, bool quiet)
{
	sigset_t block, old_mask;
	size_t i;

	/* the stop signals stay blocked in the follower thread: they are the main thread's */
	sigemptyset(&block);
	for (i = 0; i < ARRAY_SIZE(stop_signals); i++)
		sigaddset(&block, stop_signals[i]);
	pthread_sigmask(SIG_BLOCK, &block, &old_mask);
	if (cmd) {
		c->child = run_command(cmd, &old_mask);
		if (c->child < 0) {
			pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
			return -1;
		}
	}
	c->fl.fd = c->data[0];
	c->thread = !pthread_create(&c->tid, NULL, follow, &c->fl);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	if (!c->thread) {
		fputs("lockgraph: cannot start the follower thread\n", stderr);
		return -1;
	}
	/* a capture that also holds watch's own lock events is still a capture */
	if (untrace_self(c) && !quiet)
		fputs("lockgraph: note: watch's own lock events are traced too\n", stderr);
	return 0;
}

/* Until COMMAND ends, the reader ends or a stop signal comes. */
static void wait_capture(struct capture *c, struct watch_opts *o)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	char line[96], when[32];

	while (!stop_signal) {
		if (o->out.progress.on) {
			/* the follower counts in steps of a MiB: none yet says nothing */
			unsigned long long mib = atomic_load(&o->stream_bytes) >> 20;

			cli_progress_elapsed(&o->out, when, sizeof(when));
			if (mib)
				snprintf(line, sizeof(line), "tracing, %llu MiB of events read, %s",
					 mib, when);
			else
				snprintf(line, sizeof(line), "tracing, %s", when);
			cli_progress_say(&o->out, line);
		}
		if (c->child > 0 && waitpid(c->child, &c->cmd_status, WNOHANG) == c->child) {
			c->cmd_done = true;
			return;
		}
		if (waitpid(c->reader, &c->reader_status, WNOHANG) == c->reader) {
			c->reader_done = true;
			return;
		}
		nanosleep(&tick, NULL);
	}
}

/*
 * Ends COMMAND, the reader and the follower, whichever of them started: 0, or
 * -1 when the reader failed while the follower read it (said).
 */
static int stop_capture(struct capture *c)
{
	int err = 0;

	/* COMMAND first: a signal for us is one for it too */
	if (c->child > 0 && !c->cmd_done) {
		end_child(c->child, stop_signal ? stop_signal : SIGTERM, 5000, &c->cmd_status);
		c->cmd_done = true;
	}
	if (c->inst)
		tracefs_trace_off(c->inst);
	/* no follower (an error before it started): the reader must not block on the pipe */
	if (!c->thread)
		close_fd(&c->data[0]);
	/* the reader reads what the buffers hold, ends the stream and exits */
	close_fd(&c->stop[1]);
	if (c->reader > 0 && !c->reader_done &&
	    !wait_for(c->reader, &c->reader_status, 30000)) {
		fputs("lockgraph: the trace reader does not end: killed\n", stderr);
		end_child(c->reader, SIGKILL, 1000, &c->reader_status);
	}
	if (c->thread && (WIFSIGNALED(c->reader_status) || WEXITSTATUS(c->reader_status))) {
		say_status("the trace reader", c->reader_status);
		err = -1;
	}
	/* the follower ends at the end of the stream: the reader is gone */
	if (c->thread)
		pthread_join(c->tid, NULL);
	return err;
}

/*
 * Undoes the capture on every way out: processes, instance, signal handlers,
 * pipes; then says how COMMAND and the capture ended. 0, or -1 when the reader
 * or the follower failed (said).
 */
static int teardown(struct capture *c, const struct watch_opts *o, char **cmd)
{
	int err = stop_capture(c);
	size_t i;

	if (c->inst)
		remove_instance(c->inst, c->iname);
	for (i = 0; i < ARRAY_SIZE(stop_signals); i++)
		sigaction(stop_signals[i], &c->old_sa[i], NULL);
	close_fd(&c->data[0]);
	close_fd(&c->data[1]);	/* left open only when the second pipe failed */
	if (c->cmd_done && cmd)
		say_status(cmd[0], c->cmd_status);
	if (stop_signal && !o->out.quiet)
		fprintf(stderr, "lockgraph: capture ended by %s\n", strsignal(stop_signal));
	if (c->fl.err)
		err = -1;
	return err;
}

/*
 * The capture: instance up, reader and COMMAND running, the follower reading,
 * until COMMAND ends or a signal comes; everything torn down again. Returns
 * LG_EXIT_CLEAN or LG_EXIT_ERROR; *@captured says whether the capture began.
 */
static int capture(struct lg_ctx *ctx, struct watch_opts *o, char **cmd, bool *captured)
{
	struct capture c = {
		.data = { -1, -1 }, .stop = { -1, -1 }, .reader = -1, .child = -1,
		.fl = { .ctx = ctx, .name = o->name, .fd = -1 },
	};
	struct sigaction sa = { .sa_handler = on_stop_signal };
	int status = LG_EXIT_CLEAN;
	size_t i;

	snprintf(c.iname, sizeof(c.iname), "lockgraph-%d", (int)getpid());
	if (tracefs_instance_exists(c.iname)) {
		fprintf(stderr, "lockgraph: a tracefs instance %s already exists\n", c.iname);
		return LG_EXIT_ERROR;
	}
	/* from here on, a signal only sets the flag: the instance goes in every case */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(stop_signals); i++)
		sigaction(stop_signals[i], &sa, &c.old_sa[i]);
	if (instance_up(&c, o) || start_reader(&c, o, cmd) ||
	    start_follower(&c, cmd, o->out.quiet))
		status = LG_EXIT_ERROR;
	else
		wait_capture(&c, o);
	cli_progress_clear(&o->out);
	if (teardown(&c, o, cmd))
		status = LG_EXIT_ERROR;
	*captured = c.thread;
	return status;
}

/* The default input name: tracefs:HOST:TIME (UTC), one per run of a fleet. */
static const char *default_name(char *buf, size_t size)
{
	char host[64] = "localhost", when[32] = "";
	time_t now = time(NULL);
	struct tm tm;

	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	if (gmtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(buf, size, "tracefs:%s:%s", host, when);
	return buf;
}

int cmd_watch(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "graph", no_argument, NULL, 'G' },
		{ "save", required_argument, NULL, 'S' },
		{ "color", required_argument, NULL, 'C' },
		{ "kind", required_argument, NULL, 'K' },
		{ "context", required_argument, NULL, 'X' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "buffer-size", required_argument, NULL, 'b' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct watch_opts o = { .out = CLI_OUTPUT_INIT, .buffer_kb = 4096 };
	char namebuf[128], *end;
	const char *unavailable;
	struct lg_ctx *ctx;
	bool captured = false;
	int c, status, taken;

	optind = 1;
	/* '+': COMMAND's own options are not ours, even without '--' */
	while ((c = getopt_long(argc, argv, "+f:o:qh", longopts, NULL)) != -1) {
		taken = cli_output_option(c, optarg, &o.out);
		if (taken < 0)
			return LG_EXIT_ERROR;
		if (taken)
			continue;
		switch (c) {
		case 'b':
			errno = 0;
			o.buffer_kb = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg || o.buffer_kb < 4 ||
			    o.buffer_kb > 1ul << 20) {
				fputs("lockgraph: --buffer-size takes KiB per CPU, 4 to 1048576\n",
				      stderr);
				return LG_EXIT_ERROR;
			}
			break;
		case 'n':
			o.name = optarg;
			break;
		case 'h':
			fputs(watch_usage, stdout);
			return LG_EXIT_CLEAN;
		default:
			fputs(watch_usage, stderr);
			return LG_EXIT_ERROR;
		}
	}
	if (cli_output_check(&o.out))
		return LG_EXIT_ERROR;
	unavailable = tracing_unavailable();
	if (unavailable) {
		fprintf(stderr, "lockgraph: %s\n", unavailable);
		return LG_EXIT_ERROR;
	}
	if (!o.name)
		o.name = default_name(namebuf, sizeof(namebuf));
	/* the follower thread reads the capture and counts; this thread draws the line */
	ctx = cli_ctx_new(&o.out, count_stream, &o, 1);
	if (!ctx)
		return LG_EXIT_ERROR;
	status = capture(ctx, &o, optind < argc ? argv + optind : NULL, &captured);
	if (!captured) {
		lg_ctx_free(ctx);
		return LG_EXIT_ERROR;	/* said; nothing to report */
	}
	if (cli_save_graph(ctx, &o.out))
		status = LG_EXIT_ERROR;
	status = cli_finish(ctx, &o.out, status);
	lg_ctx_free(ctx);
	return status;
}
