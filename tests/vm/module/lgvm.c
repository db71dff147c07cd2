// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgvm: the locking patterns the VM rig (tests/vm/) traces with
 * "lockgraph watch". Each load runs one phase, chosen by the "phase"
 * parameter, in module_init and returns; the rig unloads it again.
 *
 * phase=ab   lgvm_spin_a then lgvm_spin_b, and a GFP_KERNEL allocation
 *            under both: an allocation that may enter reclaim (the
 *            fs_reclaim edge); DEBUG_ATOMIC_SLEEP prints "BUG: sleeping
 *            function called from invalid context" with both locks held,
 *            and lockdep stays on (fs_reclaim has no wait type).
 * phase=ba   lgvm_spin_b then lgvm_spin_a: the other half of an ABBA pair,
 *            then lgvm_mutex under both: a sleeping lock under spinning
 *            ones (the sleep path). Lockdep prints "BUG: Invalid wait
 *            context" with both spinlocks held, and turns itself off.
 * phase=mmu  an mmu notifier on the loading task's mm whose
 *            invalidate_range_start takes lgvm_notifier_mutex, fired by
 *            mapping and unmapping an anonymous range.
 *
 * Why the ABBA pair is split over two loads: lockdep forgets a module's lock
 * classes when the module is unloaded (free_module() ->
 * lockdep_free_key_range()), so the B -> A of the second load is checked
 * against a graph without the A -> B of the first, and lockdep never reports
 * the inversion — as with a driver whose two paths are exercised by two test
 * runs in one boot. Both orders are in this code; if both phases ran in one
 * load, from two threads, they could deadlock. lockgraph names classes by
 * their lockdep names, which the two loads share, so the live capture holds
 * the cycle though no report proves it ("reported": false).
 * The console holds each order too, as held-lock lists of the two BUG
 * reports above (one per load), but again no single report with both.
 *
 * The spinlocks carry "spin" in their names and the mutexes "mutex": a trace
 * has no wait types, and lockgraph tells a lock's kind from a trace by its
 * contention events (there is no contention here) or by its name.
 */
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/mmu_notifier.h>

static char *phase = "ab";
module_param(phase, charp, 0444);
MODULE_PARM_DESC(phase, "ab, ba or mmu: which locking pattern this load runs");

static DEFINE_SPINLOCK(lgvm_spin_a);
static DEFINE_SPINLOCK(lgvm_spin_b);
static DEFINE_MUTEX(lgvm_mutex);
static DEFINE_MUTEX(lgvm_notifier_mutex);

/* Not inlined: the functions are the acquisition sites the reports name. */
static noinline int lgvm_phase_ab(void)
{
	void *p;

	spin_lock(&lgvm_spin_a);
	spin_lock(&lgvm_spin_b);
	p = kmalloc(64, GFP_KERNEL);
	spin_unlock(&lgvm_spin_b);
	spin_unlock(&lgvm_spin_a);
	kfree(p);
	return 0;
}

static noinline int lgvm_phase_ba(void)
{
	spin_lock(&lgvm_spin_b);
	spin_lock(&lgvm_spin_a);
	/* uncontended: it does not actually sleep, but it may, and the checks say so */
	mutex_lock(&lgvm_mutex);
	mutex_unlock(&lgvm_mutex);
	spin_unlock(&lgvm_spin_a);
	spin_unlock(&lgvm_spin_b);
	return 0;
}

static unsigned long lgvm_invalidations;

static int lgvm_invalidate_range_start(struct mmu_notifier *mn,
				       const struct mmu_notifier_range *range)
{
	mutex_lock(&lgvm_notifier_mutex);
	lgvm_invalidations++;
	mutex_unlock(&lgvm_notifier_mutex);
	return 0;
}

static const struct mmu_notifier_ops lgvm_mn_ops = {
	.invalidate_range_start = lgvm_invalidate_range_start,
};

static noinline int lgvm_phase_mmu(void)
{
	struct mmu_notifier mn = { .ops = &lgvm_mn_ops };
	unsigned long addr;
	int err;

	if (!current->mm)
		return -EINVAL;
	err = mmu_notifier_register(&mn, current->mm);
	if (err)
		return err;
	/* munmap() of any range runs the invalidate_range_start notifiers */
	addr = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		err = (int)addr;
	else
		err = vm_munmap(addr, PAGE_SIZE);
	mmu_notifier_unregister(&mn, current->mm);
	if (!err && !lgvm_invalidations)
		err = -ENOENT;	/* the notifier never ran: the phase proved nothing */
	pr_info("lgvm: %lu invalidation(s) seen\n", lgvm_invalidations);
	return err;
}

static int __init lgvm_init(void)
{
	int err;

	if (!strcmp(phase, "ab"))
		err = lgvm_phase_ab();
	else if (!strcmp(phase, "ba"))
		err = lgvm_phase_ba();
	else if (!strcmp(phase, "mmu"))
		err = lgvm_phase_mmu();
	else
		err = -EINVAL;
	pr_info("lgvm: phase %s: %d\n", phase, err);
	return err;
}

static void __exit lgvm_exit(void)
{
}

module_init(lgvm_init);
module_exit(lgvm_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lockgraph VM rig: locking patterns for lockgraph watch");
