/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz pop3p's command line parser and its greeting check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pop3p.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct pop3_line l, b;
	size_t i;
	int rc, rb = PARSE_MORE, g;

	if (size > 4 * POP3_MAXRESP)
		return 0;
	rc = pop3_parse_line(p, size, POP3_MAXCMD, &l);
	for (i = 0; i <= size; i++) {
		rb = pop3_parse_line(p, i, POP3_MAXCMD, &b);
		if (rb != PARSE_MORE)
			break;
	}
	if (rb != rc)
		abort();
	if ((rc == PARSE_OK || rc == POP3_EBAD) && (l.pl_len != b.pl_len ||
	    l.pl_len == 0 || l.pl_len > POP3_MAXCMD || p[l.pl_len - 1] != '\n'))
		abort();
	if (rc == PARSE_OK) {
		if (strcmp(l.pl_keyword, b.pl_keyword) != 0 ||
		    l.pl_keyword[0] == '\0' || l.pl_arglen != b.pl_arglen)
			abort();
		for (i = 0; i < l.pl_arglen; i++)
			if ((unsigned char)l.pl_arg[i] < 0x20)
				abort();
	}
	g = pop3_check_greeting(p, size);
	if (g == 0 && (size < 3 || memcmp(p, "+OK", 3) != 0))
		abort();
	return 0;
}
