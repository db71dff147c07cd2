// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live reader (lockgraph watch): reads a tracefs instance's ring buffers
 * with libtracefs as the events come and writes the stream the trace.dat
 * reader writes (tracedat.h), after TRACE_STREAM_MAGIC; the follower
 * (tracedat.c) reads it as the input "tracefs". Records are decoded by the
 * same code as a trace.dat's (tracedat-read.c: trace_stream_*), with the
 * formats of the running kernel.
 *
 * tracefs_iterate_raw_events() reads what every CPU's buffer holds, partial
 * pages too, merged by timestamp, and returns when the buffers are empty;
 * between two reads this waits up to READ_INTERVAL_MS for the stop
 * descriptor. Memory stays bounded: each record is written out as it is read.
 * Ring-buffer overruns come as records' missed_events, as in a trace.dat.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "lockgraph.h"
#include "tracedat.h"

#define READ_INTERVAL_MS 100

struct live {
	struct trace_read *tr;
	int err;
};

static int on_record(struct tep_event *event, struct tep_record *rec, int cpu, void *data)
{
	struct live *l = data;

	(void)event;
	(void)cpu;
	/* never stop the iteration (the rest of the page would be lost): errors stay */
	if (!l->err)
		l->err = trace_stream_record(l->tr, rec);
	return 0;
}

/* A filter is an economy, not a need: the reader checks every record anyway. */
static void set_filter(void *arg, const char *system, const char *event, const char *filter)
{
	tracefs_event_file_write(arg, system, event, "filter", filter);
}

/*
 * The formats of the systems the analyses read, and the ring buffer's page
 * header. Not tracefs_local_events_system(): it also parses /proc/kallsyms,
 * which nothing here needs and which costs seconds (minutes under ASan) while
 * the buffers fill.
 */
static struct tep_handle *load_formats(void)
{
	static const char *const systems[] = { "lock", "kmem", "sched", "oom", NULL };
	struct tep_handle *tep = tep_alloc();
	char *buf, **events;
	int size, i, k;

	if (!tep)
		return NULL;
	tep_set_file_bigendian(tep, tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, tep_is_bigendian() ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_page_size(tep, getpagesize());
	buf = tracefs_instance_file_read(NULL, "events/header_page", &size);
	if (!buf || tep_parse_header_page(tep, buf, size, sizeof(long))) {
		free(buf);
		tep_free(tep);
		errno = ENOENT;
		return NULL;
	}
	free(buf);
	for (i = 0; systems[i]; i++) {
		events = tracefs_system_events(NULL, systems[i]);
		for (k = 0; events && events[k]; k++) {
			buf = tracefs_event_file_read(NULL, systems[i], events[k], "format", &size);
			if (buf && size > 0)
				tep_parse_event(tep, buf, (unsigned long)size, systems[i]);
			free(buf);
		}
		tracefs_list_free(events);
	}
	/* the function tracer's record format: function events are counted */
	buf = tracefs_event_file_read(NULL, "ftrace", "function", "format", &size);
	if (buf && size > 0)
		tep_parse_event(tep, buf, (unsigned long)size, "ftrace");
	free(buf);
	tracefs_load_cmdlines(NULL, tep);
	return tep;
}

int lg_tracefs_untrace_tasks(const char *instance, const int *tids, size_t n)
{
	static const char *const events[] = { "lock_acquire", "lock_release", "contention_begin" };
	struct tracefs_instance *inst;
	char filter[256];
	size_t i, len = 0;
	int err = 0;

	for (i = 0; i < n && len < sizeof(filter); i++)
		len += snprintf(filter + len, sizeof(filter) - len, "%scommon_pid != %d",
				i ? " && " : "", tids[i]);
	if (!n || len >= sizeof(filter))
		return -EINVAL;
	inst = tracefs_instance_alloc(NULL, instance);
	if (!inst)
		return -(errno ? errno : ENOMEM);
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		if (!tracefs_event_file_exists(inst, "lock", events[i], "filter"))
			continue;
		if (tracefs_event_file_write(inst, "lock", events[i], "filter", filter) < 0)
			err = -(errno ? errno : EIO);
	}
	tracefs_instance_free(inst);
	return err;
}

/* True when @fd is readable or closed: the caller wants the reading to end. */
static bool stop_wanted(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	do
		n = poll(&p, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	return n != 0;
}

int lg_tracefs_stream(const char *instance, int out_fd, int stop_fd)
{
	struct tracefs_instance *inst;
	struct tep_handle *tep;
	struct trace_counts failed = { 0 };
	struct live l = { 0 };
	bool last = false;
	FILE *out;
	int err = 0;

	out = fdopen(out_fd, "w");
	if (!out)
		return -errno;
	setvbuf(out, NULL, _IOFBF, 1 << 16);
	if (fwrite(TRACE_STREAM_MAGIC, 1, sizeof(TRACE_STREAM_MAGIC) - 1, out) !=
	    sizeof(TRACE_STREAM_MAGIC) - 1) {
		fclose(out);
		return -EPIPE;
	}
	inst = tracefs_instance_alloc(NULL, instance);
	tep = inst ? load_formats() : NULL;
	l.tr = tep ? trace_stream_new(tep, out) : NULL;
	if (!l.tr) {
		/* the follower says it: the end record, with the error */
		failed.error = err = -(errno ? errno : ENOENT);
		fputc('Z', out);
		fwrite(&failed, sizeof(failed), 1, out);
		fclose(out);
		return err;
	}
	/* fewer records to copy and read: the buffers overflow later */
	trace_stream_filters(l.tr, set_filter, inst);
	fflush(out);
	while (!err) {
		/* comms of tasks started since the last read */
		tracefs_load_cmdlines(NULL, tep);
		if (tracefs_iterate_raw_events(tep, inst, NULL, 0, on_record, &l) < 0) {
			err = -(errno ? errno : EIO);
			break;
		}
		err = l.err;
		if (fflush(out)) {
			err = -EPIPE;	/* the follower is gone */
			break;
		}
		if (last)
			break;
		/* once more after the stop: what the buffers held then */
		last = stop_wanted(stop_fd, READ_INTERVAL_MS);
	}
	trace_stream_end(l.tr, err);
	fclose(out);
	tep_free(tep);
	tracefs_instance_free(inst);
	return err;
}
