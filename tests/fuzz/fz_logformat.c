/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/*
 * Fuzz the logformat engine: the first line of the input is the format, the
 * rest fills the client-chosen fields (user, host, text). The record must be
 * one line, NUL-terminated, within LOG_MAXREC, with no raw control bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *nl, *rest, out[LOG_MAXREC];
	struct logrec r;
	struct timespec now = { 1700000000, 5000000 };
	size_t n, i, third;

	if (size > 16384)
		return 0;
	copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	nl = memchr(copy, '\n', size);
	rest = nl != NULL ? nl + 1 : copy + size;
	if (nl != NULL)
		*nl = '\0';
	/* The format is the operator's: keep it printable, so that any
	 * control byte in the output can only come from client fields. */
	for (i = 0; copy + i < rest && copy[i] != '\0'; i++)
		if ((unsigned char)copy[i] < 0x20 || copy[i] == 0x7f)
			copy[i] = '?';
	memset(&r, 0, sizeof(r));
	third = strlen(rest) / 3;
	r.lr_user = rest;
	r.lr_host = rest + third;
	r.lr_text = rest + 2 * third;
	r.lr_err = 13;
	addr_parse_ip("192.0.2.1", 1, &r.lr_client);
	addr_parse_ip("2001:db8::1", 2, &r.lr_req);
	r.lr_start.tv_sec = 1699999999;
	n = log_render(out, sizeof(out), copy, &r, &now);
	if (n == 0 || n >= sizeof(out) || out[n] != '\0' || out[n - 1] != '\n')
		abort();
	for (i = 0; i + 1 < n; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			abort();
	free(copy);
	return 0;
}
