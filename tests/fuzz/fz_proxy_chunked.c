/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the chunked decoder: whole versus byte by byte, and a re-encoding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Run the body transcoder over in, step bytes at a time (0: all at once),
 * into out. Returns the verdict.
 */
static int
transcode(const char *in, size_t n, size_t step, int chunked_out,
    struct buf *out)
{
	struct http_body b;
	struct buf src;
	size_t fed = 0;
	int rc = PARSE_MORE;

	if (buf_init(&src, n + 1) == -1)
		abort();
	http_body_init(&b, HTTP_BODY_CHUNKED, 0, chunked_out);
	while (rc == PARSE_MORE) {
		size_t add = step == 0 ? n - fed : step;

		if (add > n - fed)
			add = n - fed;
		(void)buf_append(&src, in + fed, add);
		fed += add;
		rc = http_body_step(&b, &src, out, fed == n);
		if (rc == PARSE_MORE && buf_room(out) < HTTP_BODY_RESERVE)
			abort();	/* out is big enough for everything */
		if (rc == PARSE_MORE && fed == n)
			abort();	/* at EOF it must decide */
	}
	buf_free(&src);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct buf w, s, re, back;
	int rw, rs, rr;

	if (size > 8192)
		return 0;
	if (buf_init(&w, 4 * size + HTTP_BODY_RESERVE + 64) == -1 ||
	    buf_init(&s, 4 * size + HTTP_BODY_RESERVE + 64) == -1)
		abort();
	rw = transcode(p, size, 0, 0, &w);
	rs = transcode(p, size, 1, 0, &s);
	if (rw != rs || buf_len(&w) != buf_len(&s) ||
	    memcmp(buf_head(&w), buf_head(&s), buf_len(&w)) != 0)
		abort();
	/* Decoded data never exceeds the input. */
	if (buf_len(&w) > size)
		abort();
	if (rw == PARSE_OK) {
		/* Re-encode as the proxy forwards it, decode again: same data. */
		if (buf_init(&re, 8 * size + 2 * HTTP_BODY_RESERVE) == -1 ||
		    buf_init(&back, 4 * size + HTTP_BODY_RESERVE + 64) == -1)
			abort();
		if (transcode(p, size, 0, 1, &re) != PARSE_OK)
			abort();
		rr = transcode(buf_head(&re), buf_len(&re), 0, 0, &back);
		if (rr != PARSE_OK || buf_len(&back) != buf_len(&w) ||
		    memcmp(buf_head(&back), buf_head(&w), buf_len(&w)) != 0)
			abort();
		buf_free(&re);
		buf_free(&back);
	}
	buf_free(&w);
	buf_free(&s);
	return 0;
}
