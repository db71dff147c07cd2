// SPDX-License-Identifier: GPL-2.0-or-later
/* Error names (the LG_ERRORS table) and the diagnostic sink. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lg-local.h"

#undef _LG
#define _LG(code, msg) msg,
static const char *const lg_error_msgs[] = { LG_ERRORS };
#undef _LG

const char *lg_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err > LG_ERRNO__START && err < LG_ERRNO__END)
		return lg_error_msgs[err - LG_ERRNO__START - 1];
	return strerror(err);
}

const char *lg_version(void)
{
	return LG_VERSION_STRING;
}

void ctx_diag(struct lg_ctx *ctx, const char *path, unsigned long line, long long offset,
	      enum lg_severity sev, int code, const char *fmt, ...)
{
	struct lg_diag d;
	char msg[512];
	va_list ap;

	if (!ctx->opts.diag)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d.path = path;
	d.line = line;
	d.offset = offset;
	d.severity = sev;
	d.code = code;
	d.message = msg;
	ctx->opts.diag(&d, ctx->opts.diag_user);
}
