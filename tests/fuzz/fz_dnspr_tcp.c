/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz dnspr's TCP framing: a stream fed whole and byte by byte must give
 * the same messages and the same verdicts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dnspr.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXEV	64

struct trace {
	int	 n;
	int	 verdict[MAXEV];
	size_t	 len[MAXEV];
	uint16_t id[MAXEV];
	int	 end;		/* the framing error that stopped it, or 0 */
};

/* Feed the stream in pieces of step bytes, as a connection would. */
static void
feed(const uint8_t *data, size_t size, size_t step, struct trace *t)
{
	uint8_t in[2 + DNS_MAXQUERY];
	size_t inlen = 0, pos = 0;

	memset(t, 0, sizeof(*t));
	for (;;) {
		size_t mlen;
		int rc = dnspr_frame(in, inlen, &mlen);

		if (rc == PARSE_OK) {
			struct dnspr_query q;

			if (t->n < MAXEV) {
				t->verdict[t->n] = dnspr_check_query(in + 2,
				    mlen, &q);
				t->len[t->n] = mlen;
				t->id[t->n] = q.dq_id;
				t->n++;
			}
			inlen -= 2 + mlen;
			memmove(in, in + 2 + mlen, inlen);
			continue;
		}
		if (rc != PARSE_MORE) {
			t->end = rc;
			return;
		}
		if (inlen == sizeof(in))
			abort();	/* a whole frame always fits */
		if (pos == size)
			return;
		{
			size_t k = size - pos < step ? size - pos : step;

			if (k > sizeof(in) - inlen)
				k = sizeof(in) - inlen;
			memcpy(in + inlen, data + pos, k);
			inlen += k;
			pos += k;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct trace whole, split;

	if (size > 16384)
		return 0;
	feed(data, size, size > 0 ? size : 1, &whole);
	feed(data, size, 1, &split);
	if (memcmp(&whole, &split, sizeof(whole)) != 0)
		abort();
	return 0;
}
