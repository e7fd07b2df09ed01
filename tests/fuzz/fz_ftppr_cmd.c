/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the FTP command splitter and ftppr's PORT/EPRT check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ftp.h"
#include "ftppr.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct addr client, server, t;
	struct ftp_cmd c, b;
	size_t i;
	int rc, rb = PARSE_MORE;

	if (size > 3 * FTP_MAXLINE)
		return 0;
	rc = ftp_cmd_parse(p, size, &c);
	/* Fed a byte more at a time, the first verdict must be the same. */
	for (i = 0; i <= size; i++) {
		rb = ftp_cmd_parse(p, i, &b);
		if (rb != PARSE_MORE)
			break;
	}
	if (rb != rc)
		abort();
	if (rc == PARSE_OK || rc == FTP_EBAD) {
		if (c.fc_len != b.fc_len || c.fc_len == 0 || c.fc_len > size ||
		    c.fc_len > FTP_MAXLINE || p[c.fc_len - 1] != '\n')
			abort();
	}
	if (rc != PARSE_OK)
		return 0;
	if (strcmp(c.fc_verb, b.fc_verb) != 0 || strlen(c.fc_verb) < 3 ||
	    c.fc_arglen != b.fc_arglen)
		abort();
	/* No control byte survives in an argument. */
	for (i = 0; i < c.fc_arglen; i++)
		if ((unsigned char)c.fc_arg[i] < 0x20)
			abort();
	/* A data port is the client's own address, 1024 or above, or none. */
	addr_parse_ip("127.0.0.1", 40000, &client);
	addr_parse_ip("::1", 40000, &server);
	if (ftppr_port_target(c.fc_verb, c.fc_arg, c.fc_arglen, &client, &t)
	    == 0 && (!addr_same_ip(&t, &client) || addr_port(&t) < 1024))
		abort();
	if (ftppr_port_target(c.fc_verb, c.fc_arg, c.fc_arglen, &server, &t)
	    == 0 && (!addr_same_ip(&t, &server) || addr_port(&t) < 1024))
		abort();
	return 0;
}
