/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the common flag parser: NUL-separated argv words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
handle(void *ctx, int ch, const char *arg, char *err, size_t errlen)
{
	(void)ctx;
	(void)ch;
	(void)err;
	(void)errlen;
	return arg != NULL && arg[0] == 'x' ? -1 : 0;
}

static const struct option extra[] = {
	{ "nserver", required_argument, NULL, OPT_MODULE_BASE },
	{ NULL, 0, NULL, 0 }
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opt_module m = { "fz", "%s", -1, "F:", extra, handle, NULL };
	char *copy, *argv[64], err[256];
	struct opts o;
	size_t i, start = 0;
	int argc = 1;

	if (size > 4096)
		return 0;
	copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = (char *)"fz";
	for (i = 0; i <= size && argc < 63; i++)
		if (copy[i] == '\0') {
			argv[argc++] = copy + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	opt_defaults(&o);
	if (opt_parse(&o, &m, argc, argv, err, sizeof(err)) == 0) {
		/* Whatever parsed must be within the documented ranges. */
		if (o.bufsize < 512 || o.maxconn == 0 || o.needuser > 2 ||
		    o.anon > 3 || o.family < FAM_4 || o.family > FAM_64)
			abort();
		for (i = 0; i < TO_COUNT; i++)
			if (o.timeouts[i] == 0 || o.timeouts[i] > 2000000)
				abort();
	}
	opt_free(&o);
	free(copy);
	return 0;
}
