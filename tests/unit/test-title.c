// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * parsers/title.c against syzkaller's own expectations: every lockdep-family report of
 * testdata/syzkaller/ (as classified by its index.tsv) must get exactly its TITLE:.
 *
 * The testdata directory is argv[1] when given, else the LG_TESTDATA_DIR compile definition.
 *
 * The framing that lockgraph's report framer does is done here by small test-local code:
 * syzkaller's header lines are dropped, each line loses its "[  12.345678]" / "[ T123]" /
 * "[  C0]" prefix, and when the log has printk caller ids only the lines of the report's
 * caller are kept (plus CPU contexts after "Sending NMI from CPU"), which is what both
 * syzkaller's findReport() and docs/reports.md ("lines are routed to the report of their
 * caller") do. The report starts at its first header line, or at the "=====" rule above it.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "../../parsers/title.h"

#ifndef LG_TESTDATA_DIR
#define LG_TESTDATA_DIR "testdata"
#endif

#define MAX_FILES 256

enum expect {
	EXPECT_TITLE,  /* lockdep-family: title_for_report() must give TITLE: */
	EXPECT_NOENT,  /* not lockdep-family: title_for_report() must say -ENOENT */
};

struct case_file {
	char name[64];
	char kind[64];
	enum expect expect;
	char path[4096];
};

static const char *testdata_dir = LG_TESTDATA_DIR;
static struct title_ctx *tc;
static size_t n_title_cases, n_title_ok;
static size_t n_open_tries, n_open_decided;

/* ---------------------------------------------------------------------------------------- */
/* Test-local framing                                                                       */
/* ---------------------------------------------------------------------------------------- */

struct log {
	char *data;
	char **raw; /* physical lines of the kernel log (syzkaller header removed) */
	size_t n;
	char title[512];
	bool has_title;
};

static void log_free(struct log *lg)
{
	free(lg->raw);
	free(lg->data);
}

static int log_read(const char *path, struct log *lg)
{
	FILE *f = fopen(path, "rb");
	long sz;
	size_t cap = 0, i, body;
	char *p;

	memset(lg, 0, sizeof(*lg));
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	lg->data = malloc((size_t)sz + 1);
	if (!lg->data || fread(lg->data, 1, (size_t)sz, f) != (size_t)sz) {
		fclose(f);
		return -1;
	}
	fclose(f);
	lg->data[sz] = '\0';

	/* Split into lines (in place). */
	for (p = lg->data; *p || p == lg->data; ) {
		char *nl = strchr(p, '\n');

		if (lg->n == cap) {
			char **v;

			cap = cap ? cap * 2 : 256;
			v = realloc(lg->raw, cap * sizeof(*v));
			if (!v)
				return -1;
			lg->raw = v;
		}
		lg->raw[lg->n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
		if (!*p)
			break;
	}

	/* syzkaller's header: "KEY: value" lines up to the first empty line. */
	for (i = 0; i < lg->n && lg->raw[i][0]; i++) {
		if (!strncmp(lg->raw[i], "TITLE:", 6)) {
			const char *t = lg->raw[i] + 6;

			while (*t == ' ')
				t++;
			snprintf(lg->title, sizeof(lg->title), "%s", t);
			lg->has_title = true;
		}
	}
	body = i < lg->n ? i + 1 : i;
	memmove(lg->raw, lg->raw + body, (lg->n - body) * sizeof(*lg->raw));
	lg->n -= body;
	return 0;
}

/*
 * syzkaller's consoleOutputRe; the context is the caller id ("T123", "C0"), "console" for a
 * timestamp without one, "" for a line without timestamp.
 */
static const char console_re_src[] =
	"(?:<[0-9]+>)?\\[ *[0-9]+\\.[0-9]+\\](\\[ *(?:C|T)[0-9]+\\])? ?";

struct framed {
	const char **text; /* what the report framer would hand over */
	char (*ctx)[16];
	size_t n;
};

static int frame_log(const struct log *lg, struct framed *fr)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)console_re_src, PCRE2_ZERO_TERMINATED, 0, &err,
				       &off, NULL);
	pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;

	if (!md) {
		pcre2_code_free(re);
		return -1;
	}
	fr->text = calloc(lg->n + 1, sizeof(*fr->text));
	fr->ctx = calloc(lg->n + 1, sizeof(*fr->ctx));
	fr->n = lg->n;
	if (!fr->text || !fr->ctx) {
		pcre2_match_data_free(md);
		pcre2_code_free(re);
		return -1;
	}
	for (size_t i = 0; i < lg->n; i++) {
		const char *line = lg->raw[i];
		size_t len = strlen(line);
		int rc = pcre2_match(re, (PCRE2_SPTR)line, len, 0, 0, md, NULL);

		if (len && line[len - 1] == '\r') /* tolerated, never present in the corpus */
			len--;
		if (rc < 0) {
			fr->text[i] = line;
			fr->ctx[i][0] = '\0';
			continue;
		}
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		const char *close = strstr(line, "] ");

		if (rc > 1 && ov[2] != PCRE2_UNSET) {
			const char *c = line + ov[2] + 1;
			size_t k = 0;

			while (*c == ' ')
				c++;
			while (*c != ']' && k + 1 < sizeof(fr->ctx[i]))
				fr->ctx[i][k++] = *c++;
			fr->ctx[i][k] = '\0';
		} else {
			snprintf(fr->ctx[i], sizeof(fr->ctx[i]), "console");
		}
		/* stripLinePrefix(): everything up to the first "] ". */
		fr->text[i] = close ? close + 2 : line + 1;
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return 0;
}

static void framed_free(struct framed *fr)
{
	free(fr->text);
	free(fr->ctx);
}

/* A report header, as far as this test is concerned. */
static bool is_header(const char *s)
{
	static const char *const headers[] = {
		"BUG:", "WARNING:", "INFO:", "kernel BUG", "general protection fault",
		"Kernel panic", "Unable to handle kernel", "Booting the kernel.",
	};
	static const char *const not_headers[] = {
		"INFO: lockdep is turned off", "ODEBUG:", "DEBUG:",
	};

	for (size_t i = 0; i < sizeof(not_headers) / sizeof(not_headers[0]); i++)
		if (strstr(s, not_headers[i]))
			return false;
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (strstr(s, headers[i]))
			return true;
	return false;
}

static bool is_rule(const char *s)
{
	size_t n = strspn(s, "=");

	return n >= 10 && s[n + strspn(s + n, " \t")] == '\0';
}

/*
 * The lines the framer would give title_for_report() for the report whose header is
 * fr->text[hdr]: the "=====" rule just above it if any, then the header's lines to the end,
 * keeping only the header's caller when the log has caller ids.
 */
static size_t report_lines(const struct framed *fr, size_t hdr, const char **out)
{
	const char *context = fr->ctx[hdr];
	bool caller = context[0] == 'T' || context[0] == 'C';
	bool cpu_traceback = false;
	size_t n = 0;

	if (hdr > 0 && is_rule(fr->text[hdr - 1]) && !strcmp(fr->ctx[hdr - 1], context))
		out[n++] = fr->text[hdr - 1];
	for (size_t i = hdr; i < fr->n; i++) {
		bool keep = !strcmp(fr->ctx[i], context) ||
			    (caller && cpu_traceback && fr->ctx[i][0] == 'C');

		if (!caller)
			keep = true; /* without caller ids the framer cannot tell: all lines */
		if (!keep)
			continue;
		if (strstr(fr->text[i], "Sending NMI from CPU"))
			cpu_traceback = true;
		out[n++] = fr->text[i];
	}
	return n;
}

static bool first_header(const struct framed *fr, size_t *hdr)
{
	for (size_t i = 0; i < fr->n; i++) {
		if (is_header(fr->text[i])) {
			*hdr = i;
			return true;
		}
	}
	return false;
}

/* ---------------------------------------------------------------------------------------- */
/* Corpus tests                                                                             */
/* ---------------------------------------------------------------------------------------- */

static void test_corpus_file(void **state)
{
	const struct case_file *cf = *state;
	struct log lg;
	struct framed fr = { 0 };
	const char **lines;
	char title[256];
	size_t hdr = 0, n;
	unsigned int flags;
	int rc;

	assert_int_equal(log_read(cf->path, &lg), 0);
	assert_int_equal(frame_log(&lg, &fr), 0);
	assert_true(first_header(&fr, &hdr));
	lines = calloc(fr.n + 1, sizeof(*lines));
	assert_non_null(lines);
	n = report_lines(&fr, hdr, lines);

	flags = fr.ctx[hdr][0] == 'T' || fr.ctx[hdr][0] == 'C' ? TITLE_CALLER_ROUTED : 0;
	rc = title_for_report_flags(tc, lines, n, flags, title, sizeof(title));
	if (cf->expect == EXPECT_TITLE) {
		assert_true(lg.has_title);
		if (rc == 0 && !strcmp(title, lg.title))
			n_title_ok++;
		else
			print_message("%s (%s): expected \"%s\", got rc=%d \"%s\"\n", cf->name,
				      cf->kind, lg.title, rc, rc ? "" : title);
		assert_int_equal(rc, 0);
		assert_string_equal(title, lg.title);
	} else {
		if (rc != -ENOENT)
			print_message("%s (%s): expected -ENOENT, got rc=%d \"%s\"\n", cf->name,
				      cf->kind, rc, rc ? "" : title);
		assert_int_equal(rc, -ENOENT);
	}
	/*
	 * TITLE_OPEN_END on every first k lines, with and without caller routing: either
	 * -EAGAIN, or what all n lines give.
	 */
	for (unsigned int routed = 0; routed < 2; routed++) {
		unsigned int f = routed ? TITLE_CALLER_ROUTED : 0;
		char full[256], part[256];
		int rc_full = title_for_report_flags(tc, lines, n, f, full, sizeof(full));

		for (size_t k = 1; k <= n; k++) {
			int rc_k = title_for_report_flags(tc, lines, k, f | TITLE_OPEN_END, part,
							  sizeof(part));

			n_open_tries++;
			if (rc_k == -EAGAIN)
				continue;
			n_open_decided++;
			if (rc_k != rc_full || (!rc_k && strcmp(part, full)))
				print_message("%s: first %zu of %zu lines, routed %u: "
					      "rc=%d \"%s\", all lines rc=%d \"%s\"\n",
					      cf->name, k, n, routed, rc_k, rc_k ? "" : part,
					      rc_full, rc_full ? "" : full);
			assert_int_equal(rc_k, rc_full);
			if (!rc_k)
				assert_string_equal(part, full);
		}
	}
	free(lines);
	framed_free(&fr);
	log_free(&lg);
}

/* linux-report-2: "INFO: lockdep is turned off." alone is no report (syzkaller ignores it). */
static void test_lockdep_off_line(void **state)
{
	const struct case_file *cf = *state;
	struct log lg;
	struct framed fr = { 0 };
	char title[256];
	bool seen = false;

	assert_int_equal(log_read(cf->path, &lg), 0);
	assert_false(lg.has_title && lg.title[0]);
	assert_int_equal(frame_log(&lg, &fr), 0);
	for (size_t i = 0; i < fr.n; i++) {
		if (!strstr(fr.text[i], "INFO: lockdep is turned off"))
			continue;
		seen = true;
		assert_int_equal(title_for_report(tc, fr.text + i, fr.n - i, title, sizeof(title)),
				 -ENOENT);
	}
	assert_true(seen);
	framed_free(&fr);
	log_free(&lg);
}

/* linux-report-317: lockdep's boot banner (MAX_LOCKDEP_* limits) is no report either. */
static void test_lockdep_banner(void **state)
{
	const struct case_file *cf = *state;
	struct log lg;
	struct framed fr = { 0 };
	char title[256];
	bool seen = false;

	assert_int_equal(log_read(cf->path, &lg), 0);
	assert_int_equal(frame_log(&lg, &fr), 0);
	for (size_t i = 0; i < fr.n; i++) {
		if (!strstr(fr.text[i], "lockdep") && !strstr(fr.text[i], "MAX_LOCKDEP"))
			continue;
		seen = true;
		assert_int_equal(title_for_report(tc, fr.text + i, fr.n - i, title, sizeof(title)),
				 -ENOENT);
	}
	assert_true(seen);
	framed_free(&fr);
	log_free(&lg);
}

/* ---------------------------------------------------------------------------------------- */
/* Synthetic tests                                                                          */
/* ---------------------------------------------------------------------------------------- */

/* title_for_report_flags() on the first @n of @lines with @flags: @rc, and with 0 title @want */
static void expect_title(const char *const *lines, size_t n, unsigned int flags, int rc,
			 const char *want)
{
	char title[128];
	int got = title_for_report_flags(tc, lines, n, flags, title, sizeof(title));

	if (got != rc || (!got && strcmp(title, want)))
		print_message("first %zu lines, flags %#x: rc=%d \"%s\", expected rc=%d \"%s\"\n",
			      n, flags, got, got ? "" : title, rc, want ? want : "");
	assert_int_equal(got, rc);
	if (!got)
		assert_string_equal(title, want);
}

/* A sleep-in-atomic report whose key frame is its sixth line (dump_stack etc. are skipped). */
static const char *const sleeping[] = {
	"BUG: sleeping function called from invalid context at mm/slab.h:421",
	"in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: swapper/0",
	"Call Trace:",
	" dump_stack+0x10/0x20",
	" __might_sleep+0x10/0x20",
	" foo_bar.isra.0+0x10/0x20",
	" baz+0x10/0x20",
};

static void test_errors(void **state)
{
	const char *const *lines = sleeping;
	static const char *const not_lock[] = {
		"BUG: KASAN: use-after-free in foo+0x1/0x2",
		"Read of size 8 at addr ffff888000000000 by task a/1",
	};
	static const char *const nothing[] = { "hello", "world" };
	char small[8], title[128];

	(void)state;
	assert_int_equal(title_for_report(NULL, lines, 6, title, sizeof(title)), -EINVAL);
	assert_int_equal(title_for_report(tc, NULL, 6, title, sizeof(title)), -EINVAL);
	assert_int_equal(title_for_report(tc, lines, 6, NULL, sizeof(title)), -EINVAL);
	assert_int_equal(title_for_report(tc, lines, 0, title, sizeof(title)), -ENOENT);
	assert_int_equal(title_for_report(tc, lines, 6, small, sizeof(small)), -ENOSPC);
	assert_int_equal(title_for_report(tc, lines, 6, title, 0), -ENOSPC);
	assert_int_equal(title_for_report(tc, not_lock, 2, title, sizeof(title)), -ENOENT);
	assert_int_equal(title_for_report(tc, nothing, 2, title, sizeof(title)), -ENOENT);
	assert_int_equal(title_for_report(tc, lines, 6, title, sizeof(title)), 0);
	assert_string_equal(title, "BUG: sleeping function called from invalid context in foo_bar");
	title_ctx_free(NULL);
}

/* {{FUNC}} drops ".isra.N", ".part.N", ".cold" etc.; "[inline]" frames have no offset. */
static void test_suffixes_and_inline(void **state)
{
	static const char *const lines[] = {
		"======================================================",
		"WARNING: possible circular locking dependency detected",
		"6.1.0 #1 Not tainted",
		"------------------------------------------------------",
		"a.out/1 is trying to acquire lock:",
		"ffff8880 (&x->lock){+.+.}-{3:3}, at: mutex_lock_nested+0x1/0x2",
		"",
		"but task is already holding lock:",
		"ffff8881 (&y->lock){+.+.}-{3:3}, at: frob_device.part.3+0x10/0x40 drivers/x.c:12",
		"",
	};
	static const char *const hung[] = {
		"INFO: task a.out:123 blocked for more than 143 seconds.",
		"      Not tainted 6.1.0 #1",
		"Call Trace:",
		" <TASK>",
		" context_switch kernel/sched/core.c:5238 [inline]",
		" __schedule+0x1/0x2 kernel/sched/core.c:6547",
		" ? xyz+0x1/0x2",
		" schedule+0x1/0x2",
		" do_thing.cold+0x1/0x2",
		" __x64_sys_ioctl+0x1/0x2",
	};
	char title[128];

	(void)state;
	assert_int_equal(title_for_report(tc, lines, 10, title, sizeof(title)), 0);
	assert_string_equal(title, "possible deadlock in frob_device");
	assert_int_equal(title_for_report(tc, hung, 10, title, sizeof(title)), 0);
	assert_string_equal(title, "INFO: task hung in do_thing");
}

/* A second report after the first one does not leak into its title. */
static void test_second_report_cut(void **state)
{
	static const char *const lines[] = {
		"BUG: scheduling while atomic: a.out/1/0x00000002",
		"INFO: lockdep is turned off.",
		"BUG: sleeping function called from invalid context at mm/slab.h:421",
		"Call Trace:",
		" foo+0x1/0x2",
	};
	char title[128];

	(void)state;
	assert_int_equal(title_for_report(tc, lines, 5, title, sizeof(title)), 0);
	assert_string_equal(title, "BUG: scheduling while atomic in corrupted");
}

/*
 * A WARNING raised in kernel/locking/ that syzkaller titles generically ("WARNING in X") is
 * lockdep-family; the same format elsewhere is not. Flags other than TITLE_CALLER_ROUTED are
 * refused.
 */
static void test_generic_warning(void **state)
{
	static const char *const locking[] = {
		"------------[ cut here ]------------",
		"WARNING: CPU: 0 PID: 1 at kernel/locking/lockdep.c:5000 check_flags+0x1/0x2",
		"Modules linked in:",
		"RIP: 0010:check_flags+0x1/0x2 kernel/locking/lockdep.c:5000",
		"Call Trace:",
		" <TASK>",
		" lock_is_held_type+0x1/0x2",
		" rcu_read_lock_sched_held+0x1/0x2",
	};
	static const char *const elsewhere[] = {
		"WARNING: CPU: 0 PID: 1 at fs/inode.c:100 iput+0x1/0x2",
		"RIP: 0010:iput+0x1/0x2 fs/inode.c:100",
		"Call Trace:",
		" evict+0x1/0x2",
	};
	char title[128];

	(void)state;
	assert_int_equal(title_for_report(tc, locking, 8, title, sizeof(title)), 0);
	assert_string_equal(title, "WARNING in check_flags");
	assert_int_equal(title_for_report(tc, elsewhere, 4, title, sizeof(title)), -ENOENT);
	assert_int_equal(title_for_report_flags(tc, locking, 8, 0x80, title, sizeof(title)),
			 -EINVAL);
}

/*
 * A fault-injection frame (should_fail) in a trace makes syzkaller's parse of it fail
 * (extractStackFrameImpl(): ok = false), even after the frame the title would take; a
 * WARNING then tries its second stack format, the Call Trace, whose search passes the same
 * line and fails too: the frame is "corrupted", after the title regexp's own groups (the
 * %[3]v of "WARNING in %[3]v"). Without that line the RIP's function is the frame.
 */
static void test_corrupted_after_key_frame(void **state)
{
	static const char *const lines[] = {
		"WARNING: CPU: 0 PID: 1 at kernel/locking/lockdep.c:5000 check_flags+0x1/0x2",
		"Modules linked in:",
		"RIP: 0010:check_flags+0x1/0x2 kernel/locking/lockdep.c:5000",
		" evict+0x1/0x2",
		" iput+0x1/0x2",
		" should_fail+0x1/0x2",
		"Call Trace:",
		" <TASK>",
		" do_unlinkat+0x1/0x2",
	};

	(void)state;
	expect_title(lines, 9, 0, 0, "WARNING in corrupted");
	expect_title(lines, 5, 0, 0, "WARNING in check_flags");
}

/*
 * TITLE_OPEN_END: a title is given once no later line can change it, and then it is the one
 * all the lines give. A report line wrapped after "context at" matches no title regexp; with
 * caller ids the caller's later lines belong to the report, and the title of a later
 * report of the same caller is its title, so none can be given before the lines end.
 */
static void test_open_end(void **state)
{
	const char *const *lines = sleeping;
	static const char *const wrapped[] = {
		"BUG: sleeping function called from invalid context at",
		"arch/x86/kvm/kvm_cache_regs.h:115",
		"Call Trace:",
		" dump_stack+0x10/0x20",
		" kvm_pdptr_read+0x20/0x60 [kvm]",
		"BUG: sleeping function called from invalid context at mm/slab.h:421",
		"Call Trace:",
		" dump_stack+0x10/0x20",
		" kvm_mmu_load+0x3bd/0x540 [kvm]",
	};
	static const char *const replayed[] = {
		"BUG: sleeping function called from invalid context at mm/slab.h:421",
		"** replaying previous printk message **",
	};
	static const char *const cut[] = {
		"BUG: sleeping function called from invalid context at mm/slab.h:421",
		"in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: swapper/0",
		"BUG: scheduling while atomic: swapper/0/1/0x00000002",
		"** replaying previous printk message **",
		"Call Trace:",
		" foo_bar+0x10/0x20",
	};
	const unsigned int routed = TITLE_CALLER_ROUTED | TITLE_OPEN_END;
	static const char sleep_in[] = "BUG: sleeping function called from invalid context in ";
	char want[128];

	(void)state;
	/* the key frame's line decides: the frames after it change nothing */
	snprintf(want, sizeof(want), "%sfoo_bar", sleep_in);
	expect_title(lines, 5, routed, -EAGAIN, NULL);
	expect_title(lines, 6, routed, 0, want);
	expect_title(lines, 7, TITLE_CALLER_ROUTED, 0, want);
	/* no title regexp matches the first five lines: one may start later */
	expect_title(wrapped, 5, routed, -EAGAIN, NULL);
	snprintf(want, sizeof(want), "%skvm_mmu_load", sleep_in);
	expect_title(wrapped, 9, TITLE_CALLER_ROUTED, 0, want);
	/* a header line is no oops when printk's "replaying" marker follows it */
	expect_title(lines, 1, routed, -EAGAIN, NULL);
	expect_title(replayed, 2, TITLE_CALLER_ROUTED, -ENOENT, NULL);
	/* nor does it end the report before it, without caller ids */
	expect_title(cut, 3, TITLE_OPEN_END, -EAGAIN, NULL);
	snprintf(want, sizeof(want), "%scorrupted", sleep_in);
	expect_title(cut, 3, 0, 0, want);
	snprintf(want, sizeof(want), "%sfoo_bar", sleep_in);
	expect_title(cut, 6, 0, 0, want);
	/*
	 * Without caller ids the next header ends the report, and with it the wait: the
	 * wrapped line's own raw header is the title (no title regexp matches it).
	 */
	expect_title(wrapped, 5, TITLE_OPEN_END, -EAGAIN, NULL);
	expect_title(wrapped, 7, TITLE_OPEN_END, 0,
		     "BUG: sleeping function called from invalid context at");
	expect_title(wrapped, 9, 0, 0, "BUG: sleeping function called from invalid context at");
}

/* The corpus files' prefixes (test_corpus_file()) did not all wait: the test tested. */
static void test_open_end_decided(void **state)
{
	(void)state;
	print_message("TITLE_OPEN_END: %zu of %zu prefixes of the corpus reports decided\n",
		      n_open_decided, n_open_tries);
	assert_true(n_open_decided * 10 >= n_open_tries);
}

/*
 * With caller ids (lines already routed to the report's caller) syzkaller does not end a
 * report at the next oops header; without them it does.
 */
static void test_caller_routed(void **state)
{
	static const char *const lines[] = {
		"WARNING: Nested lock was not taken",
		"a.out/1 is trying to lock:",
		"ffff0000c495a9d8 (&s->lock){+.+.}-{2:2}, at: evict+0x90/0x334",
		"Unable to handle kernel paging request at virtual address 0000000100000017",
		"pc : __lock_acquire+0x7cc/0x30a4",
		"Call trace:",
		" __lock_acquire+0x7cc/0x30a4",
		" _raw_spin_lock+0x54/0x6c",
		" evict+0x90/0x334",
	};
	char title[128];

	(void)state;
	assert_int_equal(title_for_report(tc, lines, 9, title, sizeof(title)), 0);
	assert_string_equal(title, "WARNING: nested lock was not taken in corrupted");
	assert_int_equal(title_for_report_flags(tc, lines, 9, TITLE_CALLER_ROUTED, title,
						sizeof(title)),
			 0);
	assert_string_equal(title, "WARNING: nested lock was not taken in evict");
}

/* ---------------------------------------------------------------------------------------- */

static int load_index(struct case_file *cases, size_t *ncases)
{
	char path[4096], line[8192];
	FILE *f;

	snprintf(path, sizeof(path), "%s/syzkaller/index.tsv", testdata_dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	*ncases = 0;
	while (fgets(line, sizeof(line), f)) {
		char *col[20] = { 0 };
		size_t nc = 0;
		char *p = line, *tab;
		struct case_file *cf;

		line[strcspn(line, "\r\n")] = '\0';
		while (nc < 20) {
			col[nc++] = p;
			tab = strchr(p, '\t');
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (nc < 18 || !strcmp(col[0], "file"))
			continue;
		if (*ncases == MAX_FILES)
			break;
		cf = &cases[(*ncases)++];
		snprintf(cf->name, sizeof(cf->name), "%s", col[0]);
		/*
		 * Lockdep-family: every kind but "other", and of "other" the lockdep subkinds;
		 * not the preempt-debug reports, the two negatives (lockdep-off, lockdep-banner)
		 * nor a log whose title is for another crash.
		 */
		snprintf(cf->kind, sizeof(cf->kind), "%s%s%s", col[4], col[10][0] ? ":" : "",
			 col[10]);
		snprintf(cf->path, sizeof(cf->path), "%s/syzkaller/%s", testdata_dir, col[0]);
		if (!strcmp(col[10], "preempt-debug") || strstr(col[17], "title-for-other-crash") ||
		    !strcmp(col[10], "lockdep-off") || !strcmp(col[10], "lockdep-banner"))
			cf->expect = EXPECT_NOENT;
		else
			cf->expect = EXPECT_TITLE;
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	static struct case_file cases[MAX_FILES];
	static struct CMUnitTest tests[MAX_FILES + 16];
	size_t ncases = 0, nt = 0;
	int failed;

	if (argc > 1)
		testdata_dir = argv[1];
	if (load_index(cases, &ncases)) {
		fprintf(stderr, "cannot read %s/syzkaller/index.tsv\n", testdata_dir);
		return 1;
	}
	tc = title_ctx_new();
	if (!tc) {
		fprintf(stderr, "title_ctx_new failed\n");
		return 1;
	}
	tests[nt++] = (struct CMUnitTest){ "errors", test_errors, NULL, NULL, NULL };
	tests[nt++] = (struct CMUnitTest){ "suffixes_and_inline", test_suffixes_and_inline, NULL,
					   NULL, NULL };
	tests[nt++] = (struct CMUnitTest){ "second_report_cut", test_second_report_cut, NULL,
					   NULL, NULL };
	tests[nt++] = (struct CMUnitTest){ "generic_warning", test_generic_warning, NULL, NULL,
					   NULL };
	tests[nt++] = (struct CMUnitTest){ "corrupted_after_key_frame",
					   test_corrupted_after_key_frame, NULL, NULL, NULL };
	tests[nt++] = (struct CMUnitTest){ "caller_routed", test_caller_routed, NULL, NULL, NULL };
	tests[nt++] = (struct CMUnitTest){ "open_end", test_open_end, NULL, NULL, NULL };
	for (size_t i = 0; i < ncases; i++) {
		struct case_file *cf = &cases[i];
		CMUnitTestFunction fn = test_corpus_file;

		if (strstr(cf->kind, "lockdep-off") && !strcmp(cf->kind, "other:lockdep-off"))
			fn = test_lockdep_off_line;
		else if (!strcmp(cf->kind, "other:lockdep-banner"))
			fn = test_lockdep_banner;
		else if (cf->expect == EXPECT_TITLE)
			n_title_cases++;
		tests[nt++] = (struct CMUnitTest){ cf->name, fn, NULL, NULL, cf };
	}
	/* after the corpus files, whose prefixes it counts */
	tests[nt++] = (struct CMUnitTest){ "open_end_decided", test_open_end_decided, NULL, NULL,
					   NULL };
	failed = _cmocka_run_group_tests("title", tests, nt, NULL, NULL);
	printf("title: %zu of %zu lockdep-family titles match syzkaller\n", n_title_ok,
	       n_title_cases);
	title_ctx_free(tc);
	return failed ? 1 : 0;
}
