/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace.dat input in two processes. libtracecmd and libtraceevent are not
 * hardened against corrupt captures (a bit-flipped file can crash them), and
 * lockgraph must never crash: a child process reads the capture
 * (tracedat-read.c) and streams compact events through a pipe, in time order;
 * the parent (tracedat.c) follows the tasks' held locks and makes the
 * observations. If the reader dies, what it sent is kept and the input is
 * reported corrupt.
 *
 * The stream: records of one tag byte and a payload, in this order —
 * 'C' struct trace_config, then 'N' names and 'T' task names before the
 * events that use them, 'E' struct trace_ev in time order, 'Z' struct
 * trace_counts last.
 */
#ifndef LG_TRACEDAT_H
#define LG_TRACEDAT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

struct lg_source;

enum trace_ev_type {
	TEV_ACQUIRE,		/* lock:lock_acquire: name, val = lockdep map address */
	TEV_RELEASE,		/* lock:lock_release: name, val = address */
	TEV_ALLOC,		/* an allocation that may enter reclaim with __GFP_FS: name = event */
	TEV_SWITCH,		/* sched_switch putting pid to sleep */
	TEV_CONTENTION,		/* lock:contention_begin: val = flags */
	TEV_LOST,		/* events were lost before this point on cpu: val = count, 0 unknown */
	TEV_REAP_START,		/* oom:start_task_reaping by pid */
	TEV_REAP_END,		/* oom:finish_task_reaping / skip_task_reaping by pid */
};

#define TEVB_TRYLOCK	0x01u
#define TEVB_READ	0x02u
#define TEVB_HARDIRQ	0x04u	/* in a hard irq handler */
#define TEVB_SOFTIRQ	0x08u	/* serving a softirq */
#define TEVB_IRQS_OFF	0x10u	/* hard irqs disabled */

#define TRACE_NO_NAME UINT32_MAX

struct trace_ev {
	uint64_t ts;
	uint64_t val;
	uint32_t name;		/* id of an 'N' record, or TRACE_NO_NAME */
	int32_t pid;
	uint16_t cpu;
	uint8_t type;		/* enum trace_ev_type */
	uint8_t bits;		/* TEVB_* */
};

/* What the reader found in the capture's formats. */
struct trace_config {
	uint8_t has_acquire, has_release, release_by_addr, has_sched_switch;
	uint8_t n_alloc_events, has_contention_flags, pad[2];
	/* lock:contention_begin flag values, from its print format */
	uint64_t lcb_mutex, lcb_spin, lcb_rw, lcb_sleeping;
};

struct trace_counts {
	uint64_t events, lock_events, contention, oom, functions;
	int32_t error;		/* 0, or why reading stopped (-errno, -LG_E*) */
	int32_t pad;
};

/* The reader: reads @src and writes the stream to @fd. Returns the exit status. */
int trace_reader_run(struct lg_source *src, int fd);

/*
 * A live capture (tracefs-read.c, lockgraph watch) writes the same stream
 * after TRACE_STREAM_MAGIC, and the follower reads it as an input of its own
 * (format "tracefs"). trace_stream_new() decodes the formats of @tep and
 * writes the 'C' record; trace_stream_record() writes what one record (in
 * time order) gives; trace_stream_end() the 'Z' record with @err (0 or
 * -errno), flushes @out and frees @tr.
 */
#define TRACE_STREAM_MAGIC "\x17\x08\x44lockgraph-tracefs-stream/1\n"

struct trace_read;
struct tep_handle;
struct tep_record;
struct trace_read *trace_stream_new(struct tep_handle *tep, FILE *out);
int trace_stream_record(struct trace_read *tr, struct tep_record *rec);
void trace_stream_end(struct trace_read *tr, int err);
/*
 * Kernel-side filters keeping only the records that can give something (an
 * allocation that may reclaim with __GFP_FS, a switch that sleeps), from the
 * flag values of the formats: @set is called with each.
 */
void trace_stream_filters(struct trace_read *tr,
			  void (*set)(void *arg, const char *system, const char *event,
				      const char *filter),
			  void *arg);

#endif
