// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Titles of lockdep-family reports, computed the way syzkaller's pkg/report does for Linux.
 *
 * Source of the rules: google/syzkaller (Apache-2.0), read at
 *   pkg/report/linux.go   commit 48e93b3d72c9102e055fefee222bb8c9ea6b6370
 *                         (the commit that added testdata/linux/report/1015)
 *   pkg/report/report.go  commit 7df914a8b7537d697e3055920b0174f70dc76299
 *                         (same {{TASK}} macro as linux.go above; report.go is not stored at
 *                         48e93b3d in the index we read it from)
 * The tables below are transcriptions of those files, not copies of their code:
 *   - linuxOopses: the header string of every oops group, its suppressions, and for the
 *     "BUG:", "WARNING:" and "INFO:" groups every format (title / report regexps, fmt,
 *     stackFmt parts / parts2 / skip / extractor) in syzkaller's order; the formats of those
 *     groups that are not lockdep-family are kept too (title and report only) because they
 *     compete for the earliest match exactly as in extractDescription();
 *   - linuxStackParams: stack start keywords, frame regexps, the global skip list,
 *     corruptedLines and stripFramePrefixes;
 *   - compile(): the {{ADDR}}, {{PC}}, {{FUNC}}, {{SRC}}, {{TASK}} macros;
 *   - extractDescription(), extractStackFrame(), extractStackFrameImpl(),
 *     linuxHangTaskFrameExtractor(), stripFrames(), dynamicTitleReplacement, sanitizeTitle();
 *   - from linux.findReport(): the report is the oops line and what follows it, less
 *     questionable (" ? ") frames and "Disabling lock debugging" lines, cut at the next oops
 *     header (or fault-injection/vmalloc-failure message) as syzkaller does for logs
 *     without caller ids (not with TITLE_CALLER_ROUTED: with caller ids syzkaller keeps
 *     the caller's lines to the end of the log), and cut at "Kernel panic - not syncing" /
 *     a second "possible circular locking" header once more than 22 lines were taken;
 *     which caller's lines make up the report (its context filter) is left to the caller.
 *
 * Function name suffixes (".isra.0", ".part.3", ".cold", ".constprop.0") are dropped by the
 * {{FUNC}} macro itself, which stops at the first '.' or '+'; symbolized "[inline]" frames
 * carry no "+0x" offset and so are never taken as frames, as in syzkaller.
 *
 * Differences from Go's regexp that do not matter here, and how they are handled: patterns
 * are compiled with PCRE2_DOLLAR_ENDONLY and LF newlines so that '$' and '.' behave as in Go;
 * subjects are matched as bytes, not UTF-8 runes (the only place this could show is the
 * 100-character bound of {{TASK}}, which is never near for a 16-byte task comm).
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "span.h"
#include "title.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

/* Tables transcribed from syzkaller ------------------------------------ */

/* The macros of compile() in report.go, expanded by expand_macros(). */
#define M_PC "\\[<?(?:0x)?[0-9a-f]+>?\\]"
#define M_FUNC "([a-zA-Z0-9_]+)(?:\\.|\\+)"

static const struct {
	const char *name;
	const char *value;
} macros[] = {
	{ "{{ADDR}}", "0x[0-9a-f]+" },
	{ "{{PC}}", M_PC },
	{ "{{FUNC}}", M_FUNC },
	{ "{{SRC}}", "([a-zA-Z0-9\\-_/.]+\\.[a-z]+:[0-9]+)" },
	{ "{{TASK}}", "[\\s\\S]{0,100}?" },
};

/* linuxRipFrame and linuxCallTrace of linux.go. */
#define RIP_FRAME                                                                                  \
	"(?:IP|NIP|pc |PC is at):? (?:(?:[0-9]+:)?(?:{{PC}} +){0,2}{{FUNC}}"                    \
	"|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?{{PC}} +\\[< *\\(null\\)>\\] +\\(null\\)"          \
	"|[0-9]+: +\\(null\\))"
#define CALL_TRACE "(?:Call (?:T|t)race:)|(?:Backtrace:)"
#define WARNING_RIP "(?:" RIP_FRAME "|--- interrupt: [0-9]+ at {{FUNC}})"

/* Marks the parseStackTrace step of a stackFmt. */
static const char parse_stack_trace[] = "<parseStackTrace>";
#define PST parse_stack_trace

/*
 * linuxStackParams.stackStartRes, joined: matchesAny() is an alternation. Their "[^k] backtrace"
 * is written "(?<=[^k] )backtrace": the same lines match (only whether one does is used), and
 * with every alternative starting at a letter PCRE2 skips to those letters instead of trying
 * all alternatives at each byte (or each blank) of every frame line.
 */
static const char stack_start_re[] =
	"Call (?:T|t)race|Allocated:|Allocated by task [0-9]+:|Freed:|Freed by task [0-9]+:"
	"|(?<=[^k] )backtrace(?: \\(crc [[:xdigit:]]*\\))?:|Backtrace:"
	"|Uninit was stored to memory at"
	"|status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16}";

/*
 * A word each alternative of stack_start_re holds, no two starting with the
 * same byte (title_ctx_new() checks): lines holding none are not matched.
 */
static const struct lit stack_start_words[] = {
	LIT("Call "), LIT("Allocated"), LIT("Freed"), LIT("backtrace"),
	LIT("Backtrace:"), LIT("Uninit was"), LIT("status: "),
};

/* linuxStackParams.frameRes, tried in order. */
static const char *const frame_res[] = {
	"^ *(?:{{PC}} ){0,2}{{FUNC}}",
	"^ *{{PC}} \\(([a-zA-Z0-9_.]+)\\) from {{PC}} \\({{FUNC}}",
};

/* linuxStackParams.corruptedLines. */
static const char corrupted_line_re[] =
	"^( \\[<?(?:0x)?[0-9a-f]+>?\\])? should_fail(slab)?(\\.[a-z0-9.]+)?\\+0x";

/* linuxStackParams.skipPatterns. */
static const char *const skip_patterns[] = {
	"__sanitizer", "__asan", "kasan", "hwasan", "__msan", "kmsan", "kcsan_setup_watchpoint",
	"check_memory_region", "check_heap_object", "check_object", "read_word_at_a_time",
	"(read|write)_once_.*nocheck", "print_address_description", "panic", "invalid_op",
	"report_bug", "fixup_bug", "print_report", "print_usage_bug", "valid_state", "do_error",
	"invalid_op", "_trap$|do_trap", "show_stack", "dump_stack", "walk_stack", "dump_backtrace",
	"warn_slowpath", "warn_alloc", "warn_bogus", "__warn", "alloc_page", "k?v?(?:m|z|c)alloc",
	"krealloc", "kmem_cache", "allocate_slab", "__alloc_frozen_pages_noprof",
	"folio_(?:alloc|unlock)", "filemap_alloc_folio", "__filemap_get_folio",
	"find_or_create_page", "do_read_cache_folio", "read_cache_page", "pagecache_get_page",
	"grab_cache_page_write_begin", "slab_", "debug_object", "timer_is_static_object",
	"work_is_static_object", "__might_fault", "print_unlock", "imbalance_bug", "lockdep",
	"bh_enable", "bh_disable", "perf_trace", "lock_acquire", "lock_release", "lock_class",
	"mark_lock", "(reacquire|mark)_held_locks", "raw_spin_rq", "spin_lock", "spin_trylock",
	"spin_unlock", "read_lock", "read_trylock", "write_lock", "write_trylock", "read_unlock",
	"write_unlock", "^down$", "down_read", "down_write", "down_read_trylock",
	"down_write_trylock", "down_trylock", "up_read", "up_write", "^mutex_", "^__mutex_",
	"^rt_mutex_", "owner_on_cpu", "osq_lock", "osq_unlock", "lock_sock", "release_sock",
	"atomic(64)?_(dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)",
	"(set|clear|change|test)_bit", "__wake_up", "^refcount_", "^kref_", "ref_tracker",
	"seqprop_assert", "memcpy", "memcmp", "memset", "memchr", "memmove", "memdup", "strcmp",
	"strncmp", "strcpy", "strlcpy", "strncpy", "strscpy", "strlen", "strstr", "strnstr",
	"strnlen", "strchr", "strdup", "strndup", "copy_to_user", "copy_from_user", "copy_to_iter",
	"copy_from_iter", "copy_page_to_iter", "copy_page_from_iter", "copy_folio_to_iter",
	"^copyin$", "^copyout$", "put_user", "get_user", "might_fault", "might_sleep", "list_add",
	"list_del", "list_replace", "list_move", "list_splice", "^rb_", "^__rb_",
	"_indirect_thunk_", "string", "pointer", "snprintf", "scnprintf", "kasprintf",
	"kvasprintf", "printk", "va_format", "dev_info", "dev_notice", "dev_warn", "dev_err",
	"dev_alert", "dev_crit", "dev_emerg", "program_check_exception", "program_check_common",
	"del_timer", "flush_work", "__cancel_work_timer", "cancel_work_sync",
	"try_to_grab_pending", "flush_workqueue", "drain_workqueue", "destroy_workqueue",
	"queue_work", "finish_wait", "kthread_stop", "kobject_", "add_uevent_var",
	"get_device_parent", "device_add", "device_del", "device_unregister", "device_destroy",
	"device_release", "devres_release_all", "hwrng_unregister", "i2c_del_adapter",
	"__unregister_client", "device_for_each_child", "rollback_registered",
	"unregister_netdev", "sysfs_remove", "device_remove_file", "tty_unregister_device",
	"dummy_urb_enqueue", "usb_kill_urb", "usb_kill_anchored_urbs", "usb_control_msg",
	"usb_hcd_submit_urb", "usb_submit_urb", "^complete$", "wait_for_completion",
	"^kv?free$", "kfree_skb", "readb$", "readw$", "readl$", "readq$", "writeb$", "writew$",
	"writel$", "writeq$", "logic_in", "logic_out", "^crc\\d+", "crc_itu_t",
	"__might_resched", "assertfail", "^iput$", "^iput_final$", "^ihold$",
	"hex_dump_to_buffer", "print_hex_dump", "^klist_", "(trace|lockdep)_(hard|soft)irq",
	"^(un)?lock_page", "stack_trace_consume_entry", "arch_stack_walk", "stack_trace_save",
	"insert_work", "__queue_delayed_work", "queue_delayed_work_on", "ida_free",
	"do_(kernel|translation)_fault", "do_mem_abort", "el1_abort",
	"el1h_64_sync(?:_handler)?", "print_tainted", "xas_(?:start|load|find)",
	"find_lock_entries", "ifs_free", "iomap_invalidate_folio", "folio_invalidate",
	"truncate_cleanup_folio", "truncate_inode_folio", "truncate_inode_partial_folio",
	"truncate_inode_pages_range", "__phys_addr", "__fortify_report", "cleanup_srcu_struct",
	"rhashtable_lookup", "extract_(user|iter)_to_sg", "drop_nlink", "^get_taint$",
	"^put_device$", "lock_timer_base", "__timer_delete_sync", "sk_stop_timer_sync",
	"__mod_timer", "fast_dput", "dput", "mark_buffer_dirty",
};

/* linuxStackParams.stripFramePrefixes. */
static const char *const strip_frame_prefixes[] = {
	"SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_", "____sys_", "___sys_",
	"__sys_", "__se_", "__se_sys_", "__do_sys_", "compat_SYSC_", "compat_SyS_", "ksys_",
};

enum extractor {
	EXTRACT_FIRST, /* stack.extractor == nil: the first frame left */
	EXTRACT_HANG,  /* linuxHangTaskFrameExtractor */
};

#define MAX_PARTS 4

struct stack_fmt {
	const char *parts[MAX_PARTS]; /* NULL-terminated; PST is parseStackTrace */
	const char *parts2[MAX_PARTS];
	const char *skip[5]; /* stackFmt.skip, NULL-terminated */
	enum extractor extractor;
};

enum family {
	NOT_LOCK = 0, /* not lockdep-family: -ENOENT */
	LOCK,	      /* lockdep-family: the only formats whose titles we give */
	LOCK_IN_SRC,  /* a generic "WARNING in %v": lockdep-family if raised in kernel/locking/ */
};

struct oops_format {
	const char *title;
	const char *report; /* NULL: none */
	const char *fmt;
	const struct stack_fmt *stack; /* NULL: none */
	enum family lock;
};

static const struct stack_fmt st_call_trace = { { CALL_TRACE, PST }, { 0 }, { 0 }, 0 };
static const struct stack_fmt st_spinlock = {
	{ CALL_TRACE, PST }, { 0 }, { "spin_", "_lock", "_unlock" }, 0
};
static const struct stack_fmt st_schedule = { { CALL_TRACE, PST }, { 0 }, { "schedule" }, 0 };
static const struct stack_fmt st_unlock_balance = {
	{ "{{PC}} +{{FUNC}}", CALL_TRACE, PST }, { 0 }, { 0 }, 0
};
static const struct stack_fmt st_lock_sock = {
	{ CALL_TRACE, PST }, { 0 }, { "lock_sock", "release_sock" }, 0
};
static const struct stack_fmt st_warn_lock_sock = {
	{ WARNING_RIP, PST }, { CALL_TRACE, PST }, { "lock_sock", "release_sock" }, 0
};
static const struct stack_fmt st_warn = { { WARNING_RIP, PST }, { CALL_TRACE, PST }, { 0 }, 0 };
static const struct stack_fmt st_circular = {
	{ "at: (?:{{PC}} +)?{{FUNC}}", "at: (?:{{PC}} +)?{{FUNC}}", PST },
	{ 0 },
	{ "process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue" },
	0
};
static const struct stack_fmt st_safe_unsafe = {
	{ "which became (?:.*) at:", PST }, { 0 }, { 0 }, 0
};
static const struct stack_fmt st_rcu = { { CALL_TRACE, PST }, { 0 }, { "rcu", "kmem", "slab" }, 0 };
static const struct stack_fmt st_nonstatic = {
	{ CALL_TRACE, PST }, { 0 }, { "stack", "lock", "IRQ" }, 0
};
static const struct stack_fmt st_hang = { { CALL_TRACE, PST }, { 0 }, { 0 }, EXTRACT_HANG };

#define LOCKDEP_REPORT_AT "(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"

static const struct oops_format bug_formats[] = {
	{ "BUG: KASAN:",
	  "BUG: KASAN: ([a-z\\-]+) in {{FUNC}}(?:.*\\n)+?.*(Read|Write) (?:of size|at addr) "
	  "(?:[0-9a-f]+)",
	  NULL, NULL, NOT_LOCK },
	{ "BUG: KASAN:",
	  "BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}", NULL,
	  NULL, NOT_LOCK },
	{ "BUG: KASAN: ([a-z\\-]+) on address(?:.*\\n)+?.*(Read|Write) of size ([0-9]+)", NULL,
	  NULL, NULL, NOT_LOCK },
	{ "BUG: KASAN: (.*)", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: KMSAN: kernel-usb-infoleak", "BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}", NULL,
	  NULL, NOT_LOCK },
	{ "BUG: KMSAN:", "BUG: KMSAN: ([a-z\\-]+) in {{FUNC}}", NULL, NULL, NOT_LOCK },
	{ "BUG: KCSAN: data-race", "BUG: KCSAN: (.*)", NULL, NULL, NOT_LOCK },
	{ "BUG: KCSAN:", "BUG: KCSAN: (.*)", NULL, NULL, NOT_LOCK },
	{ "BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FUNC}}", NULL, NULL, NULL,
	  NOT_LOCK },
	{ "BUG: KFENCE: invalid free in {{FUNC}}", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: KFENCE: invalid (read|write) in {{FUNC}}", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: KFENCE: memory corruption in {{FUNC}}", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: (?:unable to handle kernel paging request|unable to handle page fault for "
	  "address|Unable to handle kernel data access)",
	  NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer "
	  "dereference|Kernel NULL pointer dereference)",
	  NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: (?:unable to handle kernel|Unable to handle kernel)", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion"
	  "|bad magic|wrong owner|wrong CPU|trylock failure on UP)",
	  NULL, "BUG: %[1]v %[2]v in %[3]v", &st_spinlock, LOCK },
	{ "BUG: soft lockup", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: .*still has locks held!",
	  "BUG: .*still has locks held!(?:.*\\n)+?.*{{PC}} +{{FUNC}}",
	  "BUG: still has locks held in %[1]v", NULL, LOCK },
	{ "BUG: scheduling while atomic", NULL, "BUG: scheduling while atomic in %[1]v",
	  &st_schedule, LOCK },
	{ "BUG: lock held when returning to user space",
	  "BUG: lock held when returning to user space(?:.*\\n)+?"
	  ".*leaving the kernel with locks still held" LOCKDEP_REPORT_AT,
	  "BUG: lock held when returning to user space in %[1]v", NULL, LOCK },
	{ "BUG: bad unlock balance detected!", NULL, "BUG: bad unlock balance in %[1]v",
	  &st_unlock_balance, LOCK },
	{ "BUG: held lock freed!", "BUG: held lock freed!(?:.*\\n)+?.*{{PC}} +{{FUNC}}",
	  "BUG: held lock freed in %[1]v", NULL, LOCK },
	{ "BUG: Bad rss-counter state", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: non-zero nr_ptes on freeing mm", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: non-zero nr_pmds on freeing mm", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: Dentry .* still in use",
	  "BUG: Dentry .* still in use \\([0-9]+\\) \\[(unmount) of ([^\\]]+)\\]", NULL, NULL,
	  NOT_LOCK },
	{ "BUG: Bad page (state|cache)", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: Bad page map", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: workqueue lockup",
	  "BUG: workqueue lockup(?:.*\\n)+?.*Workqueue:\\s+\\S+\\s+([a-zA-Z0-9_]+)", NULL, NULL,
	  NOT_LOCK },
	{ "BUG: workqueue lockup", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: sleeping function called from invalid context at (.*)", NULL,
	  "BUG: sleeping function called from invalid context in %[2]v", &st_call_trace, LOCK },
	{ "BUG: using ([a-z_]+)\\(\\) in preemptible", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: workqueue leaked lock or atomic",
	  "BUG: workqueue leaked lock or atomic(?:.*\\n)+?.*last function: ([a-zA-Z0-9_]+)\\n",
	  "BUG: workqueue leaked lock or atomic in %[1]v", NULL, LOCK },
	{ "BUG: memory leak", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: .*stack guard page was hit at", NULL, NULL, NULL, NOT_LOCK },
	{ "BUG: Invalid wait context", NULL, "WARNING: locking bug in %[1]v", &st_lock_sock, LOCK },
	{ "BUG:[[:space:]]*(?:\\n|$)", NULL, NULL, NULL, NOT_LOCK },
};

static const struct oops_format warning_formats[] = {
	{ "WARNING: .*lib/debugobjects\\.c.* (?:debug_print|debug_check|at)", NULL, NULL, NULL,
	  NOT_LOCK },
	{ "WARNING: .*mm/usercopy\\.c.* (?:usercopy_warn|at)", NULL, NULL, NULL, NOT_LOCK },
	{ "WARNING: .*lib/kobject\\.c.* (?:kobject_|at)", NULL, NULL, NULL, NOT_LOCK },
	{ "WARNING: .*fs/proc/generic\\.c.* (?:proc_register|at)", NULL, NULL, NULL, NOT_LOCK },
	{ "WARNING: .*lib/refcount\\.c.* (?:refcount_|at)", NULL, NULL, NULL, NOT_LOCK },
	{ "WARNING: .*kernel/locking/lockdep\\.c.*lock_", NULL, "WARNING: locking bug in %[1]v",
	  &st_warn_lock_sock, LOCK },
	{ "WARNING: .*still has locks held!",
	  "WARNING: .*still has locks held!(?:.*\\n)+?.*at: {{FUNC}}",
	  "WARNING: still has locks held in %[1]v", NULL, LOCK },
	{ "WARNING: Nested lock was not taken", NULL, "WARNING: nested lock was not taken in %[1]v",
	  &st_warn, LOCK },
	{ "WARNING: lock held when returning to user space",
	  "WARNING: lock held when returning to user space(?:.*\\n)+?"
	  ".*leaving the kernel with locks still held" LOCKDEP_REPORT_AT,
	  "WARNING: lock held when returning to user space in %[1]v", NULL, LOCK },
	{ "WARNING: .*mm/.*\\.c.* k?.?malloc", NULL, NULL, NULL, NOT_LOCK },
	{ "WARNING: .*mm/vmalloc.c.*__vmalloc_node", NULL, NULL, NULL, NOT_LOCK },
	{ "WARNING: .* usb_submit_urb", NULL, NULL, NULL, NOT_LOCK },
	{ "WARNING: {{SRC}} at 0x\\d+, CPU#\\d+", NULL, "WARNING in %[2]v", &st_warn, LOCK_IN_SRC },
	{ "WARNING: .* at {{SRC}} {{FUNC}}", NULL, "WARNING in %[3]v", &st_warn, LOCK_IN_SRC },
	{ "WARNING: {{SRC}} at {{FUNC}}", NULL, "WARNING in %[3]v", &st_warn, LOCK_IN_SRC },
	{ "WARNING: \\[.*\\] {{SRC}} at {{FUNC}}.*", NULL, "WARNING in %[3]v", &st_warn,
	  LOCK_IN_SRC },
	{ "WARNING: possible circular locking dependency detected",
	  "WARNING: possible circular locking dependency detected(?:.*\\n)+?"
	  ".*is trying to acquire lock",
	  "possible deadlock in %[1]v", &st_circular, LOCK },
	{ "WARNING: possible irq lock inversion dependency detected",
	  "WARNING: possible irq lock inversion dependency detected(?:.*\\n)+?"
	  ".*just changed the state of lock" LOCKDEP_REPORT_AT,
	  "possible deadlock in %[1]v", NULL, LOCK },
	{ "WARNING: .*-safe -> .*-unsafe lock order detected", NULL, "possible deadlock in %[1]v",
	  &st_safe_unsafe, LOCK },
	{ "WARNING: possible recursive locking detected",
	  "WARNING: possible recursive locking detected(?:.*\\n)+?"
	  ".*is trying to acquire lock" LOCKDEP_REPORT_AT,
	  "possible deadlock in %[1]v", NULL, LOCK },
	{ "WARNING: inconsistent lock state",
	  "WARNING: inconsistent lock state(?:.*\\n)+?.*takes" LOCKDEP_REPORT_AT,
	  "inconsistent lock state in %[2]v", &st_call_trace, LOCK },
	{ "WARNING: suspicious RCU usage", "WARNING: suspicious RCU usage(?:.*\\n)+?.*?{{SRC}}",
	  "WARNING: suspicious RCU usage in %[2]v", &st_rcu, LOCK },
	{ "WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value", NULL, NULL,
	  NULL, NOT_LOCK },
	{ "WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value", NULL, NULL,
	  NULL, NOT_LOCK },
	{ "WARNING: bad unlock balance detected!", NULL, "WARNING: bad unlock balance in %[1]v",
	  &st_unlock_balance, LOCK },
	{ "WARNING: held lock freed!",
	  "WARNING: held lock freed!(?:.*\\n)+?.*at:(?: {{PC}})? +{{FUNC}}",
	  "WARNING: held lock freed in %[1]v", NULL, LOCK },
	{ "WARNING: kernel stack regs .* has bad 'bp' value", NULL, NULL, NULL, NOT_LOCK },
	{ "WARNING: kernel stack frame pointer .* has bad value", NULL, NULL, NULL, NOT_LOCK },
	{ "WARNING:[[:space:]]*(?:\\n|$)", NULL, NULL, NULL, NOT_LOCK },
};

#define OLD_REPORT_AT "(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}"

static const struct oops_format info_formats[] = {
	{ "INFO: possible circular locking dependency detected",
	  "INFO: possible circular locking dependency detected \\](?:.*\\n)+?"
	  ".*is trying to acquire lock" OLD_REPORT_AT,
	  "possible deadlock in %[1]v", NULL, LOCK },
	{ "INFO: possible irq lock inversion dependency detected",
	  "INFO: possible irq lock inversion dependency detected \\](?:.*\\n)+?"
	  ".*just changed the state of lock" OLD_REPORT_AT,
	  "possible deadlock in %[1]v", NULL, LOCK },
	{ "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
	  "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \\](?:.*\\n)+?"
	  ".*is trying to acquire" OLD_REPORT_AT,
	  "possible deadlock in %[1]v", NULL, LOCK },
	{ "INFO: possible recursive locking detected",
	  "INFO: possible recursive locking detected \\](?:.*\\n)+?"
	  ".*is trying to acquire lock" OLD_REPORT_AT,
	  "possible deadlock in %[1]v", NULL, LOCK },
	{ "INFO: inconsistent lock state",
	  "INFO: inconsistent lock state \\](?:.*\\n)+?.*takes" OLD_REPORT_AT,
	  "inconsistent lock state in %[1]v", NULL, LOCK },
	{ "INFO: rcu_(?:preempt|sched|bh|tasks) (?:self-)?detected(?: expedited)? stall", NULL,
	  NULL, NULL, NOT_LOCK },
	{ "INFO: trying to register non-static key", NULL,
	  "INFO: trying to register non-static key in %[1]v", &st_nonstatic, LOCK },
	{ "INFO: suspicious RCU usage", "INFO: suspicious RCU usage(?:.*\\n)+?.*?{{SRC}}",
	  "INFO: suspicious RCU usage in %[2]v", &st_rcu, LOCK },
	{ "INFO: task {{TASK}} blocked (?:in I/O wait )?for more than [0-9]+ seconds", NULL,
	  "INFO: task hung in %[1]v", &st_hang, LOCK },
	{ "INFO: task {{TASK}} can't die for more than .* seconds", NULL,
	  "INFO: task can't die in %[1]v", &st_schedule, LOCK },
	{ "INFO: (Freed|Allocated) in (.*)", NULL, NULL, NULL, NOT_LOCK },
	{ "INFO:[[:space:]]*(?:\\n|$)", NULL, NULL, NULL, NOT_LOCK },
};

#define MAX_SUPP 12

/* linuxOopses + commonOopses, in order: header, suppressions, formats (lock groups only). */
struct oops_group {
	const char *header;
	const char *supp[MAX_SUPP];
	const struct oops_format *formats;
	size_t nformats;
};

static const struct oops_group groups[] = {
	{ "BUG:",
	  { "ODEBUG:", "Boot_DEBUG:", "xlog_status:", "DEBUG:",
	    "BUG: no syscalls can create resource" },
	  bug_formats, ARRAY_SIZE(bug_formats) },
	{ "WARNING:",
	  { "WARNING: /etc/ssh/moduli does not exist, using fixed modulus",
	    "WARNING: workqueue cpumask: online intersect > possible intersect",
	    "WARNING: [Tt]he mand mount option",
	    "WARNING: Unsupported flag value\\(s\\) of 0x%x in DT_FLAGS_1",
	    "WARNING: Unprivileged eBPF is enabled",
	    "WARNING: fbcon: Driver '(.*)' missed to adjust virtual screen size "
	    "(\\((?:\\d+)x(?:\\d+) vs\\. (?:\\d+)x(?:\\d+)\\))",
	    "WARNING: See https.* for mitigation options.",
	    "WARNING: kernel not compiled with CPU_SRSO", "EXT4-[Ff][Ss](?: \\(.*\\))?:",
	    "(?i)warning: .* uses (deprecated v2 capabilities|wireless extensions)",
	    "XFS \\(\\w+\\): WARNING" },
	  warning_formats, ARRAY_SIZE(warning_formats) },
	{ "INFO:",
	  { "INFO: lockdep is turned off", "INFO: Stall ended before state dump start",
	    "INFO: NMI handler", "INFO: recovery required on readonly filesystem",
	    "(handler|interrupt).*took too long", "INFO: sys_.* is not present in /proc/kallsyms",
	    "INFO: no syscalls can create resource", "rmt_storage:INFO:", "_INFO:" },
	  info_formats, ARRAY_SIZE(info_formats) },
	{ "Unable to handle kernel", { 0 }, NULL, 0 },
	{ "general protection fault", { "general protection fault .* error:\\d+ in " }, NULL, 0 },
	{ "stack segment: ", { 0 }, NULL, 0 },
	{ "Kernel panic", { 0 }, NULL, 0 },
	{ "PANIC: double fault", { 0 }, NULL, 0 },
	{ "rust_kernel: panicked", { 0 }, NULL, 0 },
	{ "kernel BUG", { 0 }, NULL, 0 },
	{ "Kernel BUG", { 0 }, NULL, 0 },
	{ "BUG kmalloc-", { 0 }, NULL, 0 },
	{ "divide error:", { 0 }, NULL, 0 },
	{ "divide_error:", { 0 }, NULL, 0 },
	{ "invalid opcode:", { 0 }, NULL, 0 },
	{ "int3:", { 0 }, NULL, 0 },
	{ "UBSAN:", { 0 }, NULL, 0 },
	{ "Booting the kernel.", { "Parsing ELF|Decompressing Linux|Unknown parameter '" }, NULL,
	  0 },
	{ "unregister_netdevice: waiting for", { 0 }, NULL, 0 },
	{ "VFS: Close: file count is 0", { 0 }, NULL, 0 },
	{ "VFS: Busy inodes after unmount", { 0 }, NULL, 0 },
	{ "Internal error:", { 0 }, NULL, 0 },
	{ "Unhandled fault:", { 0 }, NULL, 0 },
	{ "Alignment trap:", { 0 }, NULL, 0 },
	{ "trusty: panic", { 0 }, NULL, 0 },
	{ "fatal error:", { "ALSA", "fatal error: cannot create timer" }, NULL, 0 },
	{ "SYZFAIL:", { 0 }, NULL, 0 },
	{ "SYZFATAL:", { 0 }, NULL, 0 },
	{ "panic:", { "_panic:", "xlog_status:", "ddb\\.onpanic:", "evtlog_status:" }, NULL, 0 },
};

#define NGROUPS ARRAY_SIZE(groups)

/* linuxIgnores: never an oops line. */
static const char ignores_re[] = "p9_fd_create.*: problem connecting socket";

/* linux.reportStartIgnores: oops headers that do not start a second report. */
static const char report_start_ignores_re[] =
	"invalid opcode: 0000|Kernel panic - not syncing|unregister_netdevice: waiting for"
	"|PANIC: double fault|Internal error:";

/* linux.infoMessagesWithStack: a second report for the purpose of cutting. */
static const char *const info_messages_with_stack[] = {
	"vmalloc: allocation failure:",
	"FAULT_INJECTION: forcing a failure",
	"FAULT_FLAG_ALLOW_RETRY missing",
};

/* linux.questionableFrame. */
static const char questionable_re[] = "(\\[<[0-9a-f]+>\\])? \\? ";

/*
 * Not from syzkaller: when no format of the group matched at all, syzkaller titles the report
 * with its raw header line ("BUG: MAX_STACK_TRACE_ENTRIES too low!"); we give that title only
 * if a lockdep-family format's title matched (its report regexp did not) or the line is one
 * of lockdep's own messages.
 */
static const char raw_lock_hint_re[] =
	"MAX_[A-Z_]+ too low|lock|RCU|blocked for more than|can't die|sleeping function"
	"|scheduling while atomic|non-static key|wait context|has not been registered"
	"|looking up invalid subclass";

/* dynamicTitleReplacement of report.go, applied until nothing changes. */
static const struct {
	const char *re;
	const char *repl;
} title_replacements[] = {
	{ "syz-executor\\.?[0-9]+((/|:)[0-9]+)?", "syz-executor" },
	{ "syzkaller[0-9]+((/|:)[0-9]+)?", "syzkaller" },
	{ "([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}", "${1}ADDR" },
	{ "([0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3})", "IP" },
	{ "(^|\\W)([0-9a-f:]*::[0-9a-f:]*|(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4})(\\W|$)",
	  "${1}IPV6ADDR${3}" },
	{ "(\\.\\w+)(:[0-9]+)+", "${1}:LINE" },
	{ "([a-zA-Z][a-zA-Z0-9_.]+)\\+0x[0-9a-z]+/0x[0-9a-z]+", "${1}" },
	{ "CPU#[0-9]+", "CPU" },
	{ "(\\W)(\\d+)(\\W|$)", "${1}NUM${3}" },
	{ "(\\d+){7,}", "NUM" },
};

#define NREPL ARRAY_SIZE(title_replacements)

/* linuxHangTaskFrameExtractor. */
static const struct {
	const char *anchor;
	const char *replacement; /* NULL: the frame itself */
} hang_anchors[] = {
	{ "rtnl_lock", NULL },
	{ "synchronize_rcu", "synchronize_rcu" },
	{ "synchronize_srcu", "synchronize_rcu" },
	{ "synchronize_net", "synchronize_rcu" },
	{ "synchronize_sched", "synchronize_rcu" },
};

static const char *const hang_skip[] = {
	"sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait",
	"synchronize", "context_switch", "__switch_to", "cancel_delayed_work", "rcu_barrier",
};

#define MATCH_LIMIT 1000000000u /* pcre2_set_match_limit(), see title_ctx_new() */
#define MAX_TITLE 120	       /* sanitizeTitle's maxTitleLen */
#define MIN_LINES_BEFORE_CUT 22 /* linux.reportMinLines() for non-KMSAN reports */
#define MIN_LINES_KMSAN 16

/* Context -------------------------------------------------------------- */

struct compiled_format {
	pcre2_code *title;
	pcre2_code *title_at;	/* the same, compiled anchored: text_match_from() */
	pcre2_code *report;
	pcre2_code *skip;
	pcre2_code *parts[MAX_PARTS];
	pcre2_code *parts2[MAX_PARTS];
};

struct regex_entry {
	char *src;
	uint32_t options;
	pcre2_code *code;
};

struct title_ctx {
	struct regex_entry *rx; /* every compiled pattern, deduplicated by source */
	size_t nrx, caprx;
	pcre2_code *supp[NGROUPS][MAX_SUPP];
	struct compiled_format *fmts[NGROUPS];
	pcre2_code *any_title[NGROUPS]; /* the group's title regexps as one alternation */
	pcre2_code *stack_start, *corrupted_line, *frame[ARRAY_SIZE(frame_res)];
	uint8_t stack_word_at[256];	/* 1 + the stack_start_words entry a byte starts */
	pcre2_code *ignores, *report_start_ignores, *questionable, *raw_lock_hint;
	pcre2_code *repl[NREPL];
	pcre2_compile_context *cctx;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
	bool jit; /* every pattern JIT-compiled: title_match() may call the JIT directly */
	/*
	 * The report text being titled may go on (TITLE_OPEN_END, and build_report() ran out
	 * of lines): text_match() then matches PCRE2_PARTIAL_HARD and gives -EAGAIN where a
	 * match could reach past the end.
	 */
	bool open_end;
	bool partial_jit[NGROUPS];	/* the group's text patterns have it: partial_jit() */
	pcre2_match_data *md;
};

/*
 * The JIT code for PCRE2_PARTIAL_HARD of group @g's patterns matched on the report text
 * (text_match()), made when first needed: a third of the patterns, and compiling them all
 * at start was a third more start-up for a log with one report.
 */
static void partial_jit(struct title_ctx *tc, size_t g)
{
	pcre2_code *re[3];

	tc->partial_jit[g] = true;
	if (!tc->jit)
		return;
	if (pcre2_jit_compile(tc->any_title[g], PCRE2_JIT_PARTIAL_HARD))
		tc->jit = false;	/* the interpreter matches partially as well */
	for (size_t i = 0; i < groups[g].nformats && tc->jit; i++) {
		re[0] = tc->fmts[g][i].title;
		re[1] = tc->fmts[g][i].title_at;
		re[2] = tc->fmts[g][i].report;
		for (size_t k = 0; k < 3 && tc->jit; k++)
			if (re[k] && pcre2_jit_compile(re[k], PCRE2_JIT_PARTIAL_HARD))
				tc->jit = false;
	}
}

struct spans {
	struct span *v;
	size_t n, cap;
};

struct buf {
	char *p;
	size_t n, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -ENOMEM;
		/*
		 * Zeroed: PCRE2's JIT may read a little past the subject's end,
		 * which memcheck would report as use of uninitialised memory.
		 */
		memset(p + b->cap, 0, cap - b->cap);
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

static int spans_add(struct spans *s, const char *p, size_t n)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		struct span *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].s = p;
	s->v[s->n].len = n;
	s->n++;
	return 0;
}

/* compile() of report.go: macro expansion. */
static char *expand_macros(const char *re)
{
	struct buf b = { 0 };

	while (*re) {
		size_t i, adv = 1;
		const char *val = NULL;

		for (i = 0; i < ARRAY_SIZE(macros); i++) {
			size_t ln = strlen(macros[i].name);

			if (!strncmp(re, macros[i].name, ln)) {
				val = macros[i].value;
				adv = ln;
				break;
			}
		}
		if (buf_add(&b, val ? val : re, val ? strlen(val) : 1)) {
			free(b.p);
			return NULL;
		}
		re += adv;
	}
	if (!b.p && buf_add(&b, "", 0))
		return NULL;
	return b.p;
}

/* @re with @options besides PCRE2_DOLLAR_ENDONLY, compiled once per context */
static pcre2_code *ctx_compile_opts(struct title_ctx *tc, const char *re, uint32_t options)
{
	char *src = expand_macros(re);
	pcre2_code *code;
	int err;
	PCRE2_SIZE off;

	if (!src)
		return NULL;
	for (size_t i = 0; i < tc->nrx; i++) {
		if (tc->rx[i].options == options && !strcmp(tc->rx[i].src, src)) {
			free(src);
			return tc->rx[i].code;
		}
	}
	if (tc->nrx == tc->caprx) {
		size_t cap = tc->caprx ? tc->caprx * 2 : 64;
		struct regex_entry *rx = realloc(tc->rx, cap * sizeof(*rx));

		if (!rx) {
			free(src);
			return NULL;
		}
		tc->rx = rx;
		tc->caprx = cap;
	}
	code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, PCRE2_DOLLAR_ENDONLY | options,
			     &err, &off, tc->cctx);
	if (!code) {
		free(src);
		return NULL;
	}
	/* JIT is an optimisation: without it (no JIT support) the interpreter runs. */
	if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE))
		tc->jit = false;
	tc->rx[tc->nrx].src = src;
	tc->rx[tc->nrx].options = options;
	tc->rx[tc->nrx].code = code;
	tc->nrx++;
	return code;
}

static pcre2_code *ctx_compile(struct title_ctx *tc, const char *re)
{
	return ctx_compile_opts(tc, re, 0);
}

/* The skip regexp of extractStackFrame(): global skip list + the format's, joined by '|'. */
static pcre2_code *compile_skip(struct title_ctx *tc, const struct stack_fmt *st)
{
	struct buf b = { 0 };
	pcre2_code *code = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(skip_patterns); i++) {
		if ((i && buf_add(&b, "|", 1)) ||
		    buf_add(&b, skip_patterns[i], strlen(skip_patterns[i])))
			goto out;
	}
	for (i = 0; i < ARRAY_SIZE(st->skip) && st->skip[i]; i++) {
		if (buf_add(&b, "|", 1) || buf_add(&b, st->skip[i], strlen(st->skip[i])))
			goto out;
	}
	code = ctx_compile(tc, b.p);
out:
	free(b.p);
	return code;
}

static int compile_parts(struct title_ctx *tc, const char *const *src, pcre2_code **dst)
{
	for (size_t i = 0; i < MAX_PARTS && src[i]; i++) {
		if (src[i] == PST)
			continue;
		dst[i] = ctx_compile(tc, src[i]);
		if (!dst[i])
			return -1;
	}
	return 0;
}

/*
 * "(?:title0)|(?:title1)|...": its leftmost match starts where the earliest of the group's
 * titles matches (PCRE2 tries the start positions in order, and at each the alternatives),
 * which describe() learns in one scan of the report instead of one per format.
 */
static pcre2_code *compile_any_title(struct title_ctx *tc, const struct oops_group *grp)
{
	struct buf b = { 0 };
	pcre2_code *code = NULL;

	for (size_t i = 0; i < grp->nformats; i++) {
		const char *t = grp->formats[i].title;

		if ((i && buf_add(&b, "|", 1)) || buf_add(&b, "(?:", 3) ||
		    buf_add(&b, t, strlen(t)) || buf_add(&b, ")", 1))
			goto out;
	}
	code = ctx_compile(tc, b.p);
out:
	free(b.p);
	return code;
}

static int compile_group(struct title_ctx *tc, size_t g)
{
	const struct oops_group *grp = &groups[g];

	for (size_t i = 0; i < MAX_SUPP && grp->supp[i]; i++) {
		tc->supp[g][i] = ctx_compile(tc, grp->supp[i]);
		if (!tc->supp[g][i])
			return -1;
	}
	if (!grp->nformats)
		return 0;
	tc->any_title[g] = compile_any_title(tc, grp);
	tc->fmts[g] = calloc(grp->nformats, sizeof(*tc->fmts[g]));
	if (!tc->any_title[g] || !tc->fmts[g])
		return -1;
	for (size_t i = 0; i < grp->nformats; i++) {
		const struct oops_format *f = &grp->formats[i];
		struct compiled_format *cf = &tc->fmts[g][i];

		cf->title = ctx_compile(tc, f->title);
		cf->title_at = ctx_compile_opts(tc, f->title, PCRE2_ANCHORED);
		if (!cf->title || !cf->title_at)
			return -1;
		if (f->report) {
			cf->report = ctx_compile(tc, f->report);
			if (!cf->report)
				return -1;
		}
		/* Only lockdep-family frames are ever extracted. */
		if (!f->stack || f->lock == NOT_LOCK)
			continue;
		cf->skip = compile_skip(tc, f->stack);
		if (!cf->skip || compile_parts(tc, f->stack->parts, cf->parts) ||
		    compile_parts(tc, f->stack->parts2, cf->parts2))
			return -1;
	}
	return 0;
}

struct title_ctx *title_ctx_new(void)
{
	struct title_ctx *tc = calloc(1, sizeof(*tc));
	size_t i;

	if (!tc)
		return NULL;
	tc->cctx = pcre2_compile_context_create(NULL);
	tc->mctx = pcre2_match_context_create(NULL);
	tc->jit_stack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, NULL);
	tc->jit = true;
	tc->md = pcre2_match_data_create(32, NULL);
	if (!tc->cctx || !tc->mctx || !tc->jit_stack || !tc->md)
		goto fail;
	if (pcre2_set_newline(tc->cctx, PCRE2_NEWLINE_LF))
		goto fail;
	pcre2_jit_stack_assign(tc->mctx, NULL, tc->jit_stack);
	/*
	 * Go's regexp is linear-time and has no limits; the lazy multi-line report regexps
	 * ("(?:.*\n)+?") cost PCRE2 about a hundred steps per line of report, so allow that
	 * for reports of millions of lines.
	 */
	if (pcre2_set_match_limit(tc->mctx, MATCH_LIMIT) ||
	    pcre2_set_depth_limit(tc->mctx, MATCH_LIMIT))
		goto fail;

	for (i = 0; i < NGROUPS; i++)
		if (compile_group(tc, i))
			goto fail;
	for (i = 0; i < ARRAY_SIZE(stack_start_words); i++) {
		unsigned char first = (unsigned char)stack_start_words[i].s[0];

		if (tc->stack_word_at[first])
			goto fail;	/* two words starting alike: a table error */
		tc->stack_word_at[first] = (uint8_t)(i + 1);
	}
	tc->stack_start = ctx_compile(tc, stack_start_re);
	tc->corrupted_line = ctx_compile(tc, corrupted_line_re);
	tc->ignores = ctx_compile(tc, ignores_re);
	tc->report_start_ignores = ctx_compile(tc, report_start_ignores_re);
	tc->questionable = ctx_compile(tc, questionable_re);
	tc->raw_lock_hint = ctx_compile(tc, raw_lock_hint_re);
	if (!tc->stack_start || !tc->corrupted_line || !tc->ignores ||
	    !tc->report_start_ignores || !tc->questionable || !tc->raw_lock_hint)
		goto fail;
	for (i = 0; i < ARRAY_SIZE(frame_res); i++) {
		tc->frame[i] = ctx_compile(tc, frame_res[i]);
		if (!tc->frame[i])
			goto fail;
	}
	for (i = 0; i < NREPL; i++) {
		tc->repl[i] = ctx_compile(tc, title_replacements[i].re);
		if (!tc->repl[i])
			goto fail;
	}
	return tc;
fail:
	title_ctx_free(tc);
	return NULL;
}

void title_ctx_free(struct title_ctx *tc)
{
	if (!tc)
		return;
	for (size_t i = 0; i < tc->nrx; i++) {
		pcre2_code_free(tc->rx[i].code);
		free(tc->rx[i].src);
	}
	free(tc->rx);
	for (size_t i = 0; i < NGROUPS; i++)
		free(tc->fmts[i]);
	pcre2_match_data_free(tc->md);
	pcre2_jit_stack_free(tc->jit_stack);
	pcre2_match_context_free(tc->mctx);
	pcre2_compile_context_free(tc->cctx);
	free(tc);
}

/* Matching ------------------------------------------------------------- */

/*
 * 1: @re matches @s[0..n) at or after @at (only at @at for a pattern compiled
 * with PCRE2_ANCHORED: PCRE2_ANCHORED given to pcre2_match() would run the
 * interpreter, 2,000 instructions a call), offsets in tc->md; 0: none; <0: -errno
 * (-EAGAIN: a partial match, with PCRE2_PARTIAL_HARD in @opts).
 * pcre2_match() would run the same JIT code after checks that cost as much as a
 * short match (a million matches per 20 MB of reports).
 */
static int match_opts(struct title_ctx *tc, const pcre2_code *re, const char *s, size_t n,
		      size_t at, uint32_t opts)
{
	int rc = tc->jit ? pcre2_jit_match(re, (PCRE2_SPTR)s, n, at, opts, tc->md, tc->mctx) :
			   pcre2_match(re, (PCRE2_SPTR)s, n, at, opts, tc->md, tc->mctx);

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_PARTIAL)
		return -EAGAIN;
	if (rc == PCRE2_ERROR_NOMEMORY || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		return -ENOMEM;
	return -EIO;
}

static int title_match(struct title_ctx *tc, const pcre2_code *re, const char *s, size_t n)
{
	return match_opts(tc, re, s, n, 0, 0);
}

/*
 * A match on the report text, which may go on (tc->open_end): then only what any longer
 * text gives too, else -EAGAIN. With PCRE2_PARTIAL_HARD, PCRE2 gives up
 * (PCRE2_ERROR_PARTIAL) as soon as a path of its search, in the order it searches, reaches
 * the end of @s: a match it gives was found without looking there, and no match starts
 * earlier. @re must be compiled for it (partial_jit()).
 *
 * text_match_from(): @re is anchored (PCRE2_ANCHORED), at an @at inside @s (where a match
 * of the same text starts): "no match" is decided as well.
 */
static int text_match_from(struct title_ctx *tc, const pcre2_code *re, const char *s, size_t n,
			   size_t at)
{
	return match_opts(tc, re, s, n, at, tc->open_end ? PCRE2_PARTIAL_HARD : 0);
}

/*
 * Unanchored, from @s: "no match" is never decided while the text goes on (a match may
 * start in the lines to come).
 */
static int text_match(struct title_ctx *tc, const pcre2_code *re, const char *s, size_t n)
{
	int rc = match_opts(tc, re, s, n, 0, tc->open_end ? PCRE2_PARTIAL_HARD : 0);

	return rc || !tc->open_end ? rc : -EAGAIN;
}

static int groups_count(const pcre2_code *re)
{
	uint32_t n = 0;

	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &n);
	return (int)n;
}

/*
 * matchOops(): the header is in the line, no suppression or ignore matches it, and the next
 * line is not printk's "replaying" marker (isTruncatedByReplay).
 * Returns the group index, -1 for none, or -errno - 2 on a matching error.
 */
static int oops_group_of(struct title_ctx *tc, const char *line, const char *next)
{
	size_t n = strlen(line);
	int rc;

	if (next && strstr(next, "** replaying previous printk message **"))
		return -1;
	for (size_t g = 0; g < NGROUPS; g++) {
		bool suppressed = false;

		if (!strstr(line, groups[g].header))
			continue;
		for (size_t i = 0; i < MAX_SUPP && tc->supp[g][i]; i++) {
			rc = title_match(tc, tc->supp[g][i], line, n);
			if (rc < 0)
				return rc - 2;
			if (rc) {
				suppressed = true;
				break;
			}
		}
		if (suppressed)
			continue;
		rc = title_match(tc, tc->ignores, line, n);
		if (rc < 0)
			return rc - 2;
		if (rc)
			continue;
		return (int)g;
	}
	return -1;
}

/*
 * oops_group_of() for lines[i], followed by lines[i + 1]; with TITLE_OPEN_END and no line
 * after it, a header is -EAGAIN - 2: printk's "replaying" marker next would take it away.
 */
static int oops_group_at(struct title_ctx *tc, const char *const *lines, size_t n, size_t i,
			 unsigned int flags)
{
	const char *next = i + 1 < n ? lines[i + 1] : NULL;
	int g = oops_group_of(tc, lines[i], next);

	return g >= 0 && !next && (flags & TITLE_OPEN_END) ? -EAGAIN - 2 : g;
}

/* Stack frames --------------------------------------------------------- */

/*
 * appendStackFrame(): every set group of the match. The skip regexp is not tested here but in
 * key_frame(), on the candidates an extractor looks at: it is an alternation of some 250
 * unanchored patterns (thousands of steps per name), and an extractor usually stops at the
 * first or second frame of a trace of dozens. The key frame is the same.
 */
static int append_frames(struct title_ctx *tc, struct spans *frames, const pcre2_code *re,
			 const char *ln)
{
	int ng = groups_count(re), rc;
	PCRE2_SIZE *o = pcre2_get_ovector_pointer(tc->md);

	if (ng > 7)
		ng = 7;
	for (int i = 1; i <= ng; i++) {
		if (o[2 * i] == PCRE2_UNSET)
			continue;
		rc = spans_add(frames, ln + o[2 * i], o[2 * i + 1] - o[2 * i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* stackParams.stripFrames() for one frame: the shortest of the prefix-trimmed names. */
static struct span strip_frame(struct span f)
{
	struct span best = f;

	for (size_t i = 0; i < ARRAY_SIZE(strip_frame_prefixes); i++) {
		size_t ln = strlen(strip_frame_prefixes[i]);

		if (f.len >= ln && !memcmp(f.s, strip_frame_prefixes[i], ln) &&
		    f.len - ln < best.len) {
			best.s = f.s + ln;
			best.len = f.len - ln;
		}
	}
	return best;
}

/* 1: the skip regexp matches @f (appendStackFrame() would not have kept it), 0: not, <0. */
static int skipped_frame(struct title_ctx *tc, const pcre2_code *skip, struct span f)
{
	return title_match(tc, skip, f.s, f.len);
}

/*
 * EXTRACT_FIRST's key frame among raw->v[*checked..]: the first not skipped, stripped, into
 * *out (left alone when none); *checked moves past the frames tested. 1 found, 0 not, <0 error.
 */
static int first_unskipped(struct title_ctx *tc, const struct spans *raw, const pcre2_code *skip,
			   size_t *checked, struct span *out)
{
	int rc;

	for (; *checked < raw->n; (*checked)++) {
		rc = skipped_frame(tc, skip, raw->v[*checked]);
		if (rc < 0)
			return rc;
		if (!rc) {
			*out = strip_frame(raw->v[(*checked)++]);
			return 1;
		}
	}
	return 0;
}

/*
 * The extractor closure of extractStackFrame() over the frames appendStackFrame() keeps
 * (those @skip does not match); @out = {NULL, 0} when there is no key frame. For
 * EXTRACT_FIRST, raw->v[0..checked) are known to be skipped.
 */
static int key_frame(struct title_ctx *tc, const struct stack_fmt *st, const struct spans *raw,
		     const pcre2_code *skip, size_t checked, struct span *out)
{
	int rc;

	out->s = NULL;
	out->len = 0;
	if (st->extractor == EXTRACT_FIRST) {
		rc = first_unskipped(tc, raw, skip, &checked, out);
		return rc < 0 ? rc : 0;
	}
	/* linuxHangTaskFrameExtractor: the anchor test is cheap, the skip test is not */
	for (size_t i = 0; i < raw->n; i++) {
		struct span f = strip_frame(raw->v[i]);
		size_t a = 0;

		while (a < ARRAY_SIZE(hang_anchors) && !span_contains(f, hang_anchors[a].anchor))
			a++;
		if (a == ARRAY_SIZE(hang_anchors))
			continue;
		rc = skipped_frame(tc, skip, raw->v[i]);
		if (rc < 0)
			return rc;
		if (rc)
			continue;
		if (hang_anchors[a].replacement)
			*out = (struct span){ hang_anchors[a].replacement,
					      strlen(hang_anchors[a].replacement) };
		else
			*out = f;
		return 0;
	}
	for (size_t i = 0; i < raw->n; i++) {
		struct span f = strip_frame(raw->v[i]);
		bool hang_skipped = false;

		for (size_t k = 0; k < ARRAY_SIZE(hang_skip) && !hang_skipped; k++)
			hang_skipped = span_contains(f, hang_skip[k]);
		if (hang_skipped)
			continue;
		rc = skipped_frame(tc, skip, raw->v[i]);
		if (rc <= 0) {
			if (!rc)
				*out = f;
			return rc;
		}
	}
	return 0;
}

/* bytes.Split(text, "\n") iteration. */
struct line_iter {
	const char *p, *end;
	bool done;
	/*
	 * With tc->open_end the text's unfinished last line (after its last newline) is not
	 * given: the lines to come would follow it; @hit_end says the lines ran out so.
	 */
	bool open_end, hit_end;
};

static bool next_line(struct line_iter *it, struct span *ln)
{
	const char *nl;

	if (it->done)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	ln->s = it->p;
	if (!nl) {
		ln->len = (size_t)(it->end - it->p);
		it->done = true;
		if (it->open_end) {
			it->hit_end = true;
			return false;
		}
	} else {
		ln->len = (size_t)(nl - it->p);
		it->p = nl + 1;
	}
	return true;
}

static const char corrupted_frame[] = "corrupted";

/*
 * Whether corrupted_line_re can match @s[0..n): " should_fail" at the start, or
 * right after a leading " [...]" (which holds no ']').
 */
static bool may_be_corrupted(const char *s, size_t n)
{
	static const char word[] = " should_fail";
	const char *p = s, *end = s + n;

	if (n >= 2 && s[0] == ' ' && s[1] == '[') {
		p = memchr(s, ']', n);
		if (!p)
			return false;
		p++;
	}
	return (size_t)(end - p) >= sizeof(word) - 1 && !memcmp(p, word, sizeof(word) - 1);
}

/*
 * Whether stack_start_re can match @s[0..n): one of stack_start_words is in
 * it. Most lines of a trace hold none; the regexp, unanchored, cost 800
 * instructions a line.
 */
static bool may_start_stack(const struct title_ctx *tc, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned int w = tc->stack_word_at[(unsigned char)s[i]];

		if (w-- && n - i >= stack_start_words[w].len &&
		    !memcmp(s + i, stack_start_words[w].s, stack_start_words[w].len))
			return true;
	}
	return false;
}

/* What a line does to the trace being read (trace_end_at()). */
enum trace_end {
	TRACE_GOES_ON,
	TRACE_CORRUPTED,	/* a corrupted line: the parse fails */
	TRACE_STACK_START,	/* another trace starts */
	TRACE_NEXT_PART,	/* @next matched (its groups in tc->md) */
};

/* enum trace_end for line @ln of a trace followed by part @next (NULL: none); <0 error */
static int trace_end_at(struct title_ctx *tc, struct span ln, const pcre2_code *next)
{
	int rc = may_be_corrupted(ln.s, ln.len) ?
			 title_match(tc, tc->corrupted_line, ln.s, ln.len) : 0;

	if (rc)
		return rc < 0 ? rc : TRACE_CORRUPTED;
	rc = may_start_stack(tc, ln.s, ln.len) ? title_match(tc, tc->stack_start, ln.s, ln.len) : 0;
	if (rc)
		return rc < 0 ? rc : TRACE_STACK_START;
	rc = next ? title_match(tc, next, ln.s, ln.len) : 0;
	if (rc)
		return rc < 0 ? rc : TRACE_NEXT_PART;
	return TRACE_GOES_ON;
}

/* Whether the trace read from @it (a copy) ends before the text does: 1 yes, 0 no, <0 error. */
static int trace_ends(struct title_ctx *tc, struct line_iter it, const pcre2_code *next)
{
	struct span ln;
	int rc;

	while (next_line(&it, &ln)) {
		rc = trace_end_at(tc, ln, next);
		if (rc)
			return rc < 0 ? rc : 1;
	}
	return 0;
}

/*
 * extractStackFrameImpl(): the key frames of @parts; *ok cleared when one is missing or a
 * corrupted line is met. @ok_used: whether the caller looks at *ok (a second stack format to
 * try); if not, a trace is not read past its last key frame.
 */
static int stack_impl(struct title_ctx *tc, const struct stack_fmt *st, const char *const *src,
		      pcre2_code *const *parts, const pcre2_code *skip, const char *text,
		      size_t len, struct spans *results, bool *ok, bool ok_used)
{
	struct line_iter it = { text, text + len, false, tc->open_end, false };
	struct spans raw = { 0 };
	size_t nparts = 0, num_traces = 0;
	/*
	 * EXTRACT_FIRST takes the first frame of @raw not skipped: raw.v[0..checked) are
	 * skipped, @key is that frame once found. Frames after it change nothing, so a trace's
	 * remaining lines are then only looked at for where the trace ends (matching the frame
	 * regexps on every line of a trace, and of the lines after the report, was half of
	 * stack_impl()); and not at all in the last part when *ok is not used, since nothing
	 * else can follow (for a text that may go on, this decides the frame: it does not wait
	 * for the lines to come).
	 */
	size_t checked = 0;
	struct span key = { NULL, 0 };
	struct span ln;
	int rc = 0;

	while (nparts < MAX_PARTS && src[nparts])
		nparts++;
	*ok = true;
	for (size_t pi = 0;; pi++) {
		if (pi == nparts || (src[pi] == PST && num_traces > 0)) {
			struct span k = key;

			rc = key.s ? 0 : key_frame(tc, st, &raw, skip, checked, &k);
			if (rc < 0)
				goto out;
			if (!k.s) {
				k.s = corrupted_frame;
				k.len = strlen(corrupted_frame);
				*ok = false;
			}
			rc = spans_add(results, k.s, k.len);
			if (rc)
				goto out;
			raw.n = 0;
			checked = 0;
			key = (struct span){ NULL, 0 };
		}
		if (pi == nparts)
			break;
		if (src[pi] == PST) {
			num_traces++;
			/*
			 * A trace read to its end (hang extractor, a key frame still to come, *ok
			 * used) decides nothing if the text ends first: when the text may go on,
			 * find that out before matching its frames.
			 */
			if (tc->open_end &&
			    !(st->extractor == EXTRACT_FIRST && pi == nparts - 1 && !ok_used)) {
				rc = trace_ends(tc, it, pi != nparts - 1 ? parts[pi + 1] : NULL);
				if (rc <= 0) {
					rc = rc < 0 ? rc : -EAGAIN;
					goto out;
				}
			}
			while (next_line(&it, &ln)) {
				rc = trace_end_at(tc, ln, pi != nparts - 1 ? parts[pi + 1] : NULL);
				if (rc < 0)
					goto out;
				if (rc == TRACE_CORRUPTED) {
					*ok = false;
					break;
				}
				if (rc == TRACE_STACK_START)
					break;
				if (rc == TRACE_NEXT_PART) {
					rc = append_frames(tc, &raw, parts[pi + 1], ln.s);
					if (rc)
						goto out;
					pi++;
					break;
				}
				if (key.s)
					continue;
				for (size_t f = 0; f < ARRAY_SIZE(frame_res); f++) {
					rc = title_match(tc, tc->frame[f], ln.s, ln.len);
					if (rc < 0)
						goto out;
					if (rc) {
						rc = append_frames(tc, &raw, tc->frame[f], ln.s);
						if (!rc && st->extractor == EXTRACT_FIRST)
							rc = first_unskipped(tc, &raw, skip,
									     &checked, &key);
						if (rc < 0)
							goto out;
						break;
					}
				}
				/* nothing after the key frame can change the frames */
				if (key.s && pi == nparts - 1 && !ok_used)
					break;
			}
		} else {
			while (next_line(&it, &ln)) {
				rc = may_be_corrupted(ln.s, ln.len) ?
					     title_match(tc, tc->corrupted_line, ln.s, ln.len) : 0;
				if (rc < 0)
					goto out;
				if (rc) {
					*ok = false;
					break;
				}
				rc = title_match(tc, parts[pi], ln.s, ln.len);
				if (rc < 0)
					goto out;
				if (!rc)
					continue;
				rc = append_frames(tc, &raw, parts[pi], ln.s);
				if (rc)
					goto out;
				break;
			}
		}
		if (it.hit_end) {
			rc = -EAGAIN;	/* this part's search ran into the lines to come */
			goto out;
		}
	}
	rc = 0;
out:
	free(raw.v);
	return rc;
}

/* extractStackFrame(): parts, then parts2 if a key frame is missing. */
static int extract_stack(struct title_ctx *tc, const struct stack_fmt *st,
			 const struct compiled_format *cf, const char *text, size_t len,
			 struct spans *results)
{
	size_t args = results->n;	/* the title regexp's groups, before the frames */
	bool ok;
	int rc = stack_impl(tc, st, st->parts, cf->parts, cf->skip, text, len, results, &ok,
			    st->parts2[0] != NULL);

	if (rc || ok || !st->parts2[0])
		return rc;
	results->n = args;	/* parts2's frames replace parts', after the same groups */
	return stack_impl(tc, st, st->parts2, cf->parts2, cf->skip, text, len, results, &ok,
			  false);
}

/* Title ---------------------------------------------------------------- */

/* fmt.Sprintf() for the "%[N]v" verbs the formats use. */
static int format_title(struct buf *out, const char *fmt, const struct spans *args)
{
	int rc = 0;

	for (const char *p = fmt; *p && !rc; p++) {
		char *end;
		unsigned long idx;

		if (*p != '%') {
			rc = buf_add(out, p, 1);
			continue;
		}
		if (p[1] == '%') {
			rc = buf_add(out, "%", 1);
			p++;
			continue;
		}
		if (p[1] != '[')
			return -EINVAL;
		idx = strtoul(p + 2, &end, 10);
		if (end[0] != ']' || (end[1] != 'v' && end[1] != 's'))
			return -EINVAL;
		if (idx >= 1 && idx <= args->n)
			rc = buf_add(out, args->v[idx - 1].s, args->v[idx - 1].len);
		else
			rc = buf_add(out, "%!v(BADINDEX)", 13);
		p = end + 1;
	}
	if (!rc && !out->p)
		rc = buf_add(out, "", 0);
	return rc;
}

#define SUBST_FLAGS (PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_UNSET_EMPTY)

/* replaceTable(dynamicTitleReplacement, s), in place in @b. */
static int replace_table(struct title_ctx *tc, struct buf *b)
{
	for (size_t i = 0; i < NREPL; i++) {
		for (;;) {
			PCRE2_SIZE outlen = b->n * 2 + 64;
			char *out = malloc(outlen + 1);
			int rc;

			if (!out)
				return -ENOMEM;
			rc = pcre2_substitute(tc->repl[i], (PCRE2_SPTR)b->p, b->n, 0,
					      SUBST_FLAGS | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
					      tc->md, tc->mctx,
					      (PCRE2_SPTR)title_replacements[i].repl,
					      PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out, &outlen);
			if (rc == PCRE2_ERROR_NOMEMORY) {
				char *bigger = realloc(out, outlen + 1);

				if (!bigger) {
					free(out);
					return -ENOMEM;
				}
				out = bigger;
				rc = pcre2_substitute(tc->repl[i], (PCRE2_SPTR)b->p, b->n, 0,
						      SUBST_FLAGS, tc->md, tc->mctx,
						      (PCRE2_SPTR)title_replacements[i].repl,
						      PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out,
						      &outlen);
			}
			if (rc < 0) {
				free(out);
				return -EIO;
			}
			if (outlen == b->n && !memcmp(out, b->p, outlen)) {
				free(out);
				break;
			}
			free(b->p);
			b->p = out;
			b->n = outlen;
			b->cap = outlen + 1;
			b->p[b->n] = '\0';
		}
	}
	return 0;
}

/* sanitizeTitle(): at most 120 input bytes, no control/non-ASCII bytes, spaces squeezed. */
static int sanitize_title(const struct buf *in, char *out, size_t outsz)
{
	size_t n = 0, i;
	char prev = ' ';

	for (i = 0; i < in->n && i < MAX_TITLE; i++) {
		unsigned char ch = (unsigned char)in->p[i];

		if (ch == '\t')
			ch = ' ';
		else if (ch < 0x20 || ch >= 0x7f)
			continue;
		if (ch == ' ' && prev == ' ')
			continue;
		if (n + 1 >= outsz)
			return -ENOSPC;
		out[n++] = (char)ch;
		prev = (char)ch;
	}
	while (n && out[n - 1] == ' ')
		n--;
	if (!outsz)
		return -ENOSPC;
	out[n] = '\0';
	return 0;
}

/*
 * The report text as linux.findReport() builds it (for a log without caller ids): the oops
 * line, then every following line up to the next oops header, less questionable frames.
 * *ran_out: the text took every line given, so more lines would make it longer.
 */
static int build_report(struct title_ctx *tc, const char *const *lines, size_t n, size_t start,
			unsigned int flags, struct buf *text, bool *ran_out)
{
	size_t text_lines = 0, min_lines = MIN_LINES_BEFORE_CUT, i;
	int rc;

	*ran_out = false;
	if (strstr(lines[start], "BUG: KMSAN:"))
		min_lines = MIN_LINES_KMSAN;
	for (i = start; i < n; i++) {
		const char *line = lines[i];
		size_t len = strlen(line);
		bool oops_line = i == start, questionable = false, unreliable;
		const char *q;

		if (!oops_line && !(flags & TITLE_CALLER_ROUTED)) {
			int g = oops_group_at(tc, lines, n, i, flags);

			if (g < -1)
				return g + 2;
			if (g >= 0) {
				rc = title_match(tc, tc->report_start_ignores, line, len);
				if (rc < 0)
					return rc;
				if (!rc)
					break; /* a second report starts */
			}
			for (size_t k = 0; k < ARRAY_SIZE(info_messages_with_stack); k++)
				if (strstr(line, info_messages_with_stack[k]))
					goto end;
		}
		/*
		 * stripLinePrefix(): questionable frames are dropped (no useQuestionable). The
		 * regexp can only match where " ? " is, so most lines need not run it (nor look
		 * for "<EOI>").
		 */
		q = strstr(line, " ? ");
		unreliable = len >= 13 && !strcmp(line + len - 13, " (unreliable)");
		if ((q || unreliable) && !strstr(line, "<EOI>")) {
			rc = q ? title_match(tc, tc->questionable, line, len) : 0;
			if (rc < 0)
				return rc;
			if (rc) {
				questionable = true;
				line = q + 2;
				len = strlen(line);
			} else if (unreliable) {
				questionable = true;
				len -= 13;
			}
		}
		if (!oops_line && questionable)
			continue;
		text_lines++;
		if (strstr(line, "Disabling lock debugging due to kernel taint")) {
			if (!oops_line)
				continue;
		} else if (text_lines > min_lines &&
			   (strstr(line, "Kernel panic - not syncing") ||
			    strstr(line, "WARNING: possible circular locking dependency")) &&
			   !strstr(line, "Sending NMI from CPU")) {
			/* "Sending NMI" only changes which caller ids are kept: the caller's part */
			if (!oops_line)
				break;
		}
		if (buf_add(text, line, len) || buf_add(text, "\n", 1))
			return -ENOMEM;
	}
	*ran_out = i == n;
end:
	if (!text->p && buf_add(text, "", 0))
		return -ENOMEM;
	return 0;
}

static bool is_decoration(const char *line)
{
	const char *p = line;
	char c;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return true;
	if (!strncmp(p, "------------[ cut here ]------------", 36))
		return true;
	c = *p;
	if (c != '=' && c != '-')
		return false;
	while (*p == c)
		p++;
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	return !*p;
}

/*
 * extractDescription(): the earliest title match wins, ties go to the first format (in table
 * order) whose report regexp also matches; then its frames, then its fmt.
 */
static int describe(struct title_ctx *tc, size_t g, const char *text, size_t len,
		    const char *oops_line, struct buf *title)
{
	const struct oops_group *grp = &groups[g];
	size_t best_pos, winner = SIZE_MAX;
	bool lock_title_matched = false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(tc->md);
	int rc;

	if (tc->open_end && !tc->partial_jit[g])
		partial_jit(tc, g);
	/* Earliest title position. */
	rc = text_match(tc, tc->any_title[g], text, len);
	if (rc < 0)
		return rc;
	best_pos = rc ? ov[0] : len + 1;
	/* A format's title matches there if it can start there: none matches earlier. */
	for (size_t i = 0; i < grp->nformats && winner == SIZE_MAX && best_pos <= len; i++) {
		const struct compiled_format *cf = &tc->fmts[g][i];

		rc = text_match_from(tc, cf->title_at, text, len, best_pos);
		if (rc < 0)
			return rc;
		if (!rc)
			continue;
		if (grp->formats[i].lock == LOCK)
			lock_title_matched = true;
		if (cf->report) {
			rc = text_match(tc, cf->report, text, len);
			if (rc < 0)
				return rc;
			if (!rc)
				continue;
		}
		winner = i;
	}
	if (winner == SIZE_MAX) {
		/* No format: the raw header line, if it is one of lockdep's. */
		const char *h = strstr(oops_line, grp->header);

		if (!lock_title_matched) {
			rc = title_match(tc, tc->raw_lock_hint, oops_line, strlen(oops_line));
			if (rc <= 0)
				return rc < 0 ? rc : -ENOENT;
		}
		return buf_add(title, h, strlen(h));
	}
	if (grp->formats[winner].lock == NOT_LOCK ||
	    (grp->formats[winner].lock == LOCK_IN_SRC && !strstr(oops_line, "kernel/locking/")))
		return -ENOENT;

	{
		const struct oops_format *f = &grp->formats[winner];
		const struct compiled_format *cf = &tc->fmts[g][winner];
		const pcre2_code *re = cf->report ? cf->report : cf->title;
		struct spans args = { 0 };
		int ng;

		rc = text_match(tc, re, text, len);
		if (rc <= 0)
			return rc < 0 ? rc : -EIO;
		rc = 0;
		ng = groups_count(re);
		{
			PCRE2_SIZE start = ov[0];
			PCRE2_SIZE saved[2 * 8];

			if (ng > 7)
				ng = 7;
			memcpy(saved, ov, sizeof(PCRE2_SIZE) * 2 * (size_t)(ng + 1));
			for (int k = 1; k <= ng && !rc; k++) {
				if (saved[2 * k] == PCRE2_UNSET)
					rc = spans_add(&args, "", 0);
				else
					rc = spans_add(&args, text + saved[2 * k],
						       saved[2 * k + 1] - saved[2 * k]);
			}
			if (!rc && f->stack)
				rc = extract_stack(tc, f->stack, cf, text + start, len - start,
						   &args);
		}
		if (!rc)
			rc = format_title(title, f->fmt, &args);
		free(args.v);
		return rc;
	}
}

bool title_may_follow(const char *const *lines, size_t n)
{
	size_t start = 0;

	while (start < n && is_decoration(lines[start]))
		start++;
	if (start >= n)
		return true;
	/* oops_group_of() without the suppressions: they can only take a group away */
	for (size_t g = 0; g < NGROUPS; g++)
		if (groups[g].nformats && strstr(lines[start], groups[g].header))
			return true;
	return false;
}

int title_for_report(struct title_ctx *tc, const char *const *lines, size_t n, char *out,
		     size_t outsz)
{
	return title_for_report_flags(tc, lines, n, 0, out, outsz);
}

int title_for_report_flags(struct title_ctx *tc, const char *const *lines, size_t n,
			   unsigned int flags, char *out, size_t outsz)
{
	struct buf text = { 0 }, title = { 0 };
	bool open_end = flags & TITLE_OPEN_END, ran_out;
	size_t start = 0;
	int g, rc;

	if (!tc || (!lines && n) || !out || (flags & ~(TITLE_CALLER_ROUTED | TITLE_OPEN_END)))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!lines[i])
			return -EINVAL;
	/* lines[0] may be the "=====" rule (or a blank or "[ cut here ]" line) */
	while (start < n && is_decoration(lines[start]))
		start++;
	if (start >= n)
		return open_end ? -EAGAIN : -ENOENT;

	g = oops_group_at(tc, lines, n, start, flags);
	if (g < -1)
		return g + 2;
	if (g < 0 || !groups[g].nformats)
		return -ENOENT;

	rc = build_report(tc, lines, n, start, flags, &text, &ran_out);
	if (!rc) {
		tc->open_end = open_end && ran_out;
		rc = describe(tc, (size_t)g, text.p, text.n, lines[start], &title);
		tc->open_end = false;
	}
	if (!rc)
		rc = replace_table(tc, &title);
	if (!rc)
		rc = sanitize_title(&title, out, outsz);
	free(text.p);
	free(title.p);
	return rc;
}
