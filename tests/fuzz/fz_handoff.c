/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the hand-off state decoder; what it accepts must encode and decode the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "handoff.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct handoff a, b;
	static unsigned char enc[MSG_MAXPAYLOAD];
	const char *why;
	long n;

	if (size > MSG_MAXPAYLOAD)
		return 0;
	if (handoff_decode(&a, data, size, &why) == -1) {
		if (why == NULL)
			abort();
		return 0;
	}
	/* Round trip: an accepted state survives encoding unchanged. */
	n = handoff_encode(&a, enc, sizeof(enc));
	if (n < 0 || handoff_decode(&b, enc, (size_t)n, &why) == -1)
		abort();
	if (a.ho_proto != b.ho_proto || a.ho_hops != b.ho_hops ||
	    a.ho_hops < 1 || a.ho_hops > HANDOFF_MAXHOPS ||
	    a.ho_datalen != b.ho_datalen || a.ho_datalen > HANDOFF_MAXDATA ||
	    memcmp(a.ho_data, b.ho_data, a.ho_datalen) != 0 ||
	    strcmp(a.ho_host, b.ho_host) != 0 ||
	    strcmp(a.ho_user, b.ho_user) != 0 ||
	    strcmp(a.ho_pass, b.ho_pass) != 0 ||
	    a.ho_has_user != b.ho_has_user || a.ho_port != b.ho_port)
		abort();
	return 0;
}
