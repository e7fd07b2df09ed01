/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz name decompression at every offset: bounded, never past the end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t name[DNS_MAXNAME], again[DNS_MAXNAME];
	char text[DNS_TEXTNAME];
	size_t off, n, n2, end;
	int comp;

	if (size > 4096)
		return 0;
	for (off = 0; off < size; off++) {
		end = off;
		if (dns_name_read(data, size, &end, name, &n, &comp) != 0)
			continue;
		if (n == 0 || n > DNS_MAXNAME || end > size || end <= off ||
		    name[n - 1] != 0)
			abort();
		/* Without a pointer the name is the bytes it was read from. */
		if (!comp && (end - off != n ||
		    memcmp(data + off, name, n) != 0))
			abort();
		if (dns_name_to_text(name, n, text, sizeof(text)) != 0)
			abort();	/* DNS_TEXTNAME holds every name */
		/* A name of plain host labels survives a round trip. */
		if (dns_name_from_text(text, again, &n2) == 0 && n2 == n &&
		    strchr(text, '\\') == NULL && !dns_name_eq(name, n, again,
		    n2))
			abort();
	}
	return 0;
}
