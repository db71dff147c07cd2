// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a lock class's name alone says: that only sleeping or only spinning
 * locks carry it, that it is an RCU reader or a ww acquire context, and what
 * a sighting of it (with the wait type printed beside it) tells of the
 * kernel's config and age. The graph counts these votes as it records each
 * sighting; classify.c reads the names and the votes. Nothing here looks at
 * the graph.
 */
#include <stdbool.h>
#include <string.h>

#include "lg-local.h"
#include "lockname.h"

static bool name_has(const char *name, const char *const *subs)
{
	size_t i;

	for (i = 0; subs[i]; i++)
		if (strstr(name, subs[i]))
			return true;
	return false;
}

/* Names that only sleeping locks (or waits) carry. */
static const char *const sleep_names[] = {
	"mutex", "rwsem", "_sem", "->sem", "mmap_lock", "s_umount", "sb_writers", "sb_internal",
	"(wq_completion)", "(work_completion)", "jbd2_handle", "kn->active", "cpu_hotplug_lock",
	"ww_class", "console_lock", NULL
};

/* Names that only spinning locks carry. */
static const char *const spin_names[] = {
	"spin", "slock-", "->pi_lock", "rq->__lock", "rq->lock", "raw_", "seqcount",
	"irq_desc_lock_class", NULL
};

/*
 * A ww_mutex class's acquire context ("reservation_ww_class_acquire",
 * "crtc_ww_class_acquire"): ww_acquire_init() acquires its map to order
 * the context against the class's mutexes; taking it never blocks.
 */
bool lockname_ww_acquire(const char *name)
{
	size_t len = strlen(name);

	return len > 8 && !strcmp(name + len - 8, "_acquire") && strstr(name, "ww_class");
}

bool lockname_rcu_reader(const char *name)
{
	return !strcmp(name, "rcu_read_lock") || !strcmp(name, "rcu_read_lock_bh") ||
	       !strcmp(name, "rcu_read_lock_sched");
}

/*
 * The raw spinlock inside a sleeping lock, named by its static initializer:
 * "(console_sem).lock" (__SEMAPHORE_INITIALIZER), "uid_lock.wait_lock"
 * (__MUTEX_INITIALIZER, __RWSEM_INITIALIZER, __RT_MUTEX_INITIALIZER). The
 * outer name says "sleeps"; the lock spins. The VM rig found printk's
 * down_trylock() under a spinlock reported as a sleep path this way.
 */
static bool inner_raw_lock(const char *name)
{
	size_t len = strlen(name);

	return (len > 10 && !strcmp(name + len - 10, ".wait_lock")) ||
	       (len > 6 && name[0] == '(' && !strcmp(name + len - 6, ").lock"));
}

bool lockname_sleeps(const char *name)
{
	return !inner_raw_lock(name) && name_has(name, sleep_names);
}

bool lockname_spins(const char *name)
{
	return inner_raw_lock(name) || name_has(name, spin_names);
}

/*
 * What a lock line says of its kernel's age, in kernel_release() numbers:
 * wait types are printed since 5.7 (lockdep: Introduce wait-type checks),
 * mm->mmap_sem was renamed mmap_lock in 5.8, fs_reclaim is a map since 4.14.
 */
#define REL_4_14 75
#define REL_5_7 89
#define REL_5_8 90

static void era_bound(struct wait_votes *v, uint16_t lo, uint16_t hi)
{
	if (lo > v->era_lo)
		v->era_lo = lo;
	if (hi && (!v->era_hi || hi < v->era_hi))
		v->era_hi = hi;
}

unsigned int lockname_votes(const char *name)
{
	unsigned int votes = 0;

	if (name[0] == '&' && !strncmp(name, "&mm->mmap_sem", 13))
		votes |= NAME_VOTE_MMAP_SEM;
	else if (name[0] == '&' && !strncmp(name, "&mm->mmap_lock", 14))
		votes |= NAME_VOTE_MMAP_LOCK;
	else if (name[0] == 'f' && !strcmp(name, "fs_reclaim"))
		votes |= NAME_VOTE_FS_RECLAIM;
	if (lockname_rcu_reader(name))
		votes |= NAME_VOTE_RCU_READER;
	if (lockname_sleeps(name))
		votes |= NAME_VOTE_SLEEPS;
	return votes;
}

void wait_vote(struct wait_votes *v, unsigned int name_votes, int outer, int inner)
{
	if (name_votes & NAME_VOTE_MMAP_SEM)
		era_bound(v, 0, REL_5_7);
	else if (name_votes & NAME_VOTE_MMAP_LOCK)
		era_bound(v, REL_5_8, 0);
	else if (name_votes & NAME_VOTE_FS_RECLAIM)
		era_bound(v, REL_4_14, 0);
	if (inner <= 0)
		return;
	era_bound(v, REL_5_7, 0);
	v->any_wait = true;
	if (inner == 4 || outer == 4) {
		if (!v->raw_nesting)
			v->why = "a wait type of 4 (SLEEP) is printed";
		v->raw_nesting = true;
	} else if (inner == 3 && !v->raw_nesting && (name_votes & NAME_VOTE_RCU_READER)) {
		v->why = "rcu_read_lock is {1:3}";
		v->raw_nesting = true;
	} else if (inner == 2 && !v->classic && (name_votes & NAME_VOTE_RCU_READER)) {
		v->why = "rcu_read_lock is {1:2}";
		v->classic = true;
	} else if (inner == 3 && !v->classic && (name_votes & NAME_VOTE_SLEEPS)) {
		v->why = "a sleeping lock is {3:3}";
		v->classic = true;
	}
}

/*
 * lockdep prints a class as name, then "#N" when another class of the same
 * name was registered first (the name version, an accident of boot order),
 * then "/S" for a nesting subclass. The version is dropped; the subclass is
 * part of the class.
 */
void lockname_fold(const char *raw, size_t len, size_t *prefix, size_t *suffix)
{
	const char *hash = NULL, *p, *end = raw + len;

	*prefix = len;
	*suffix = len;
	for (p = raw + len; p > raw; p--) {
		if (p[-1] == '#') {
			hash = p - 1;
			break;
		}
	}
	if (!hash || hash == raw)
		return;
	p = hash + 1;
	if (p == end || *p < '0' || *p > '9')
		return;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p < end) {
		const char *q = p;

		if (*q != '/' || q + 1 == end)
			return;
		for (q++; q < end; q++)
			if (*q < '0' || *q > '9')
				return;
	}
	*prefix = (size_t)(hash - raw);
	*suffix = (size_t)(p - raw);
}

/* Is @name the class @cls: @cls itself, or with a "#N" version lockdep appended? */
static bool is_version_of(const char *name, const char *cls)
{
	size_t len, prefix, suffix;

	if (!name)
		return false;
	len = strlen(name);
	lockname_fold(name, len, &prefix, &suffix);
	return prefix + (len - suffix) == strlen(cls) && !strncmp(name, cls, prefix) &&
	       !strcmp(name + suffix, cls + prefix);
}

/* An acquisition site in a function named for a trylock: "trylock_super+0x1/0x2". */
static bool at_trylock(const char *at)
{
	const char *p;

	/*
	 * One pass over the function name, which ends at "+", " ", "." or "(": this
	 * runs for every kept piece of evidence, strcspn() and memmem() cost 300
	 * instructions a site.
	 */
	for (p = at; p && *p && *p != '+' && *p != ' ' && *p != '.' && *p != '('; p++)
		if (*p == 't' && !strncmp(p, "trylock", 7))
			return true;
	return false;
}

/*
 * Locks kernel functions take only by trylock where the site lockdep prints is
 * the caller's (the trylock's return address, or inlined): lockdep adds no
 * dependency to them (validate_chain(): "trylock ... does not add new
 * dependencies"). Kernel source for each in docs/graph.md, "Trylocks".
 */
static const struct {
	const char *cls, *fn;
} trylock_sites[] = {
	{ "shrinker_rwsem", "shrink_slab" },		/* down_read_trylock(), until 6.6 */
	{ "shrinker_rwsem", "shrink_slab_memcg" },
	{ "&mm->mmap_lock", "oom_reap_task_mm" },	/* mmap_read_trylock() */
	{ "&mm->mmap_sem", "oom_reap_task_mm" },	/* down_read_trylock(), 4.19-5.7 */
	{ "&mm->mmap_sem", "__oom_reap_task_mm" },	/* down_read_trylock(), 4.6-4.18 */
};

_Static_assert(sizeof(trylock_sites) / sizeof(trylock_sites[0]) < 15,
	       "a site's trylock facts are a 16-bit mask");

/* frame_is() with a cheap first test: held lists are most of the evidence. */
static bool site_is(const char *at, const char *fn)
{
	return at && at[0] == fn[0] && frame_is(at, fn);
}

unsigned int lockname_site_trylock(const char *at)
{
	unsigned int facts = 0;
	size_t i;

	if (!at)
		return 0;
	if (at_trylock(at))
		facts |= LOCKNAME_SITE_TRYLOCK;
	for (i = 0; i < sizeof(trylock_sites) / sizeof(trylock_sites[0]); i++)
		if (site_is(at, trylock_sites[i].fn))
			facts |= 2u << i;
	return facts;
}

bool lockname_trylock_at(const char *cls, unsigned int facts)
{
	size_t i;

	if (!facts)
		return false;	/* nearly every site */
	if (facts & LOCKNAME_SITE_TRYLOCK)
		return true;
	for (i = 0; i < sizeof(trylock_sites) / sizeof(trylock_sites[0]); i++)
		if ((facts & 2u << i) && is_version_of(cls, trylock_sites[i].cls))
			return true;
	return false;
}

/* Was @cls, taken at @at (held-list site, maybe the innermost inlined one @via), a trylock? */
bool lockname_taken_by_trylock(const char *cls, const char *at, const char *via)
{
	return lockname_trylock_at(cls, lockname_site_trylock(at) | lockname_site_trylock(via));
}
