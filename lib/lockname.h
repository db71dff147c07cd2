/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a lock class's name alone says (lockname.c). */
#ifndef LG_LOCKNAME_H
#define LG_LOCKNAME_H

#include <stdbool.h>
#include <stdint.h>

/* Names only sleeping locks (or waits) carry: "mutex", "rwsem", "mmap_lock"... */
bool lockname_sleeps(const char *name);
/* Names only spinning locks carry: "spin", "raw_", "->pi_lock"... */
bool lockname_spins(const char *name);
/* rcu_read_lock, rcu_read_lock_bh, rcu_read_lock_sched */
bool lockname_rcu_reader(const char *name);
/* A ww_mutex class's acquire context ("reservation_ww_class_acquire"). */
bool lockname_ww_acquire(const char *name);

/*
 * What one input's lock names and wait types say of its kernel (wait_vote();
 * classify.c reads the votes); also what else the graph learns per input
 * while it is read.
 */
struct wait_votes {
	bool any_wait, raw_nesting, classic;
	const char *why;
	/* kernel releases its lock lines allow (kernel_release() numbers; 0: unbounded) */
	uint16_t era_lo, era_hi;
	unsigned int trace_contexts;	/* contexts of all its traced evidence, kept or not */
	const char *origin;	/* its name: which traced evidence is kept is decided by it */
};

/*
 * Counts what a sighting of @name with wait type {@outer:@inner} tells: the
 * numbering of wait types, and which kernels can print it.
 */
void wait_vote(struct wait_votes *v, const char *name, int outer, int inner);

#endif
