// SPDX-License-Identifier: GPL-2.0-or-later
/* The format table and the parsers' shared compiled state. */
#include <errno.h>
#include <stdlib.h>

#include "lockgraph.h"
#include "parsers.h"
#include "title.h"

static const struct input_format formats[] = {
	/* dmesg is the catch-all: any text is a log, possibly without reports */
	{ "dmesg", dmesg_probe, dmesg_parse, false },
	{ "proc-lockdep", proc_lockdep_probe, proc_lockdep_parse, false },
	{ "trace.dat", tracedat_probe, tracedat_parse, true },
	{ "tracefs", tracestream_probe, tracestream_parse, true },
	{ "saved-graph", saved_probe, saved_parse, true },
};

const struct input_format *format_detect(const unsigned char *head, size_t len)
{
	size_t i;

	/* binary formats first: their magic is certain, text is the fallback */
	for (i = sizeof(formats) / sizeof(formats[0]); i-- > 1;)
		if (formats[i].probe(head, len))
			return &formats[i];
	return &formats[0];
}

int parsers_init(struct parser_state **out)
{
	struct parser_state *ps = calloc(1, sizeof(*ps));
	int err;

	*out = NULL;
	if (!ps)
		return -ENOMEM;
	err = dmesg_patterns_new(&ps->dmesg);
	if (err)
		goto fail;
	ps->titles = title_ctx_new();
	if (!ps->titles) {
		err = -LG_EPATTERN;
		goto fail;
	}
	*out = ps;
	return 0;
fail:
	parsers_free(ps);
	return err;
}

void parsers_free(struct parser_state *ps)
{
	if (!ps)
		return;
	dmesg_patterns_free(ps->dmesg);
	title_ctx_free(ps->titles);
	free(ps);
}
