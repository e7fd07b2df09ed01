/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the SOCKS5 UDP request header parser (RFC 1928 s7). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char hdr[SOCKS_MAXREPLY];
	struct socks_udp u, u2;
	size_t i, n;
	int rc;

	if (size > 70000)
		return 0;
	rc = socks_udp_parse(data, size, &u);
	/* FRAG != 0 and short headers are never accepted. */
	if (size >= 4 && data[2] != 0 && rc != SOCKS_E_FRAG)
		abort();
	if (rc != PARSE_OK)
		return 0;
	if (size < 8 || u.su_hdrlen > size || data[2] != 0)
		abort();
	/* Any cut inside the header is refused. */
	for (i = 0; i < u.su_hdrlen; i++)
		if (socks_udp_parse(data, i, &u2) == PARSE_OK)
			abort();
	if (u.su_atyp == SOCKS_ATYP_NAME) {
		if (u.su_host[0] == '\0' || strlen(u.su_host) > SOCKS_MAXNAME ||
		    strlen(u.su_host) != u.su_hdrlen - 7)
			abort();
		return 0;
	}
	/* A literal: the reply header we would write parses back the same. */
	n = socks_udp_header(hdr, &u.su_addr);
	if (socks_udp_parse(hdr, n, &u2) != PARSE_OK ||
	    !addr_same_ip(&u.su_addr, &u2.su_addr) || u2.su_port != u.su_port)
		abort();
	return 0;
}
