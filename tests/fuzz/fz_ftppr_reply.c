/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the FTP reply reader (whole and streaming) and the 227/229 parsers. */
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
	struct ftp_reply w, b, s;
	struct addr server, t;
	size_t i, off = 0, n;
	int rc, rb = PARSE_MORE, rs;

	if (size > 2 * FTP_MAXREPLY)
		return 0;
	ftp_reply_init(&w);
	rc = ftp_reply_parse(&w, p, size);
	/* The same bytes a byte at a time give the same verdict. */
	ftp_reply_init(&b);
	for (i = 0; i <= size; i++) {
		rb = ftp_reply_parse(&b, p, i);
		if (rb != PARSE_MORE)
			break;
	}
	if (rb != rc)
		abort();
	if (rc == PARSE_OK && (w.fr_len != b.fr_len || w.fr_code != b.fr_code
	    || w.fr_len > size || w.fr_len > FTP_MAXREPLY ||
	    w.fr_last >= w.fr_len || w.fr_code < 100 || w.fr_code > 599))
		abort();
	/* Line by line, as ftppr reads, the reply ends at the same byte. */
	ftp_reply_init(&s);
	for (;;) {
		rs = ftp_reply_line(&s, p + off, size - off, &n);
		if (rs != FTP_LINE)
			break;
		off += n;
		if (off > size)
			abort();
	}
	if (rc == PARSE_OK && (rs != PARSE_OK || off + n != w.fr_len))
		abort();
	/* A passive reply names the control server's address, or nothing. */
	addr_parse_ip("192.0.2.7", 21, &server);
	if (ftppr_pasv_target(p, size, &server, &t) == 0 &&
	    (!addr_same_ip(&t, &server) || addr_port(&t) == 0))
		abort();
	if (rc == PARSE_OK && ftppr_pasv_target(p + w.fr_last,
	    w.fr_len - w.fr_last, &server, &t) == 0 &&
	    (!addr_same_ip(&t, &server) || addr_port(&t) == 0))
		abort();
	return 0;
}
