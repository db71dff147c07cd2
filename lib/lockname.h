/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a lock class's name alone says (lockname.c). */
#ifndef LG_LOCKNAME_H
#define LG_LOCKNAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The "#N" version in @raw (of @len bytes) as raw[@prefix, @suffix): empty
 * (@prefix == @suffix == @len) when there is none. See lockname.c.
 */
void lockname_fold(const char *raw, size_t len, size_t *prefix, size_t *suffix);

/* Names only sleeping locks (or waits) carry: "mutex", "rwsem", "mmap_lock"... */
bool lockname_sleeps(const char *name);
/* Names only spinning locks carry: "spin", "raw_", "->pi_lock"... */
bool lockname_spins(const char *name);
/* rcu_read_lock, rcu_read_lock_bh, rcu_read_lock_sched */
bool lockname_rcu_reader(const char *name);
/* A ww_mutex class's acquire context ("reservation_ww_class_acquire"). */
bool lockname_ww_acquire(const char *name);
/*
 * Was @cls, taken at @at (a held-list site; @via the innermost inlined one,
 * or NULL), a trylock: a function named for one, or a caller known to take
 * @cls only by trylock? Lockdep orders no trylock.
 */
bool lockname_taken_by_trylock(const char *cls, const char *at, const char *via);
/*
 * The same in two steps, for callers that see a site many times: what the
 * site @at alone tells (0: never a trylock there; a mask of at most 16 bits,
 * facts of two sites are or-ed), then whether @cls taken there was one.
 */
#define LOCKNAME_SITE_TRYLOCK 1u	/* the site is in a function named for a trylock */
unsigned int lockname_site_trylock(const char *at);
bool lockname_trylock_at(const char *cls, unsigned int facts);

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
 * What a class name tells wait_vote(), worked out once per class: a sighting
 * then never reads the name (a cache miss per held-lock entry when the graph
 * ingests millions of them).
 */
#define NAME_VOTE_MMAP_SEM	0x1u	/* &mm->mmap_sem...: 5.7 and before */
#define NAME_VOTE_MMAP_LOCK	0x2u	/* &mm->mmap_lock...: 5.8 and after */
#define NAME_VOTE_FS_RECLAIM	0x4u	/* fs_reclaim: 4.14 and after */
#define NAME_VOTE_RCU_READER	0x8u	/* lockname_rcu_reader() */
#define NAME_VOTE_SLEEPS	0x10u	/* lockname_sleeps() */
unsigned int lockname_votes(const char *name);

/*
 * Counts what a sighting of a class whose name gave @name_votes
 * (lockname_votes()), with wait type {@outer:@inner}, tells: the numbering of
 * wait types, and which kernels can print it.
 */
void wait_vote(struct wait_votes *v, unsigned int name_votes, int outer, int inner);

#endif
