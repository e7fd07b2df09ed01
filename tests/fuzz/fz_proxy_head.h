/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The head-parser oracles shared by fz_proxy_reqhead and fz_proxy_resphead. */
#ifndef FZ_PROXY_HEAD_H
#define FZ_PROXY_HEAD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

static struct http_head fz_a, fz_b, fz_c;

static int
fz_same(const struct http_head *a, const struct http_head *b)
{
	return a->len == b->len && a->framing == b->framing &&
	    a->clen == b->clen && a->nfields == b->nfields &&
	    a->flags == b->flags && a->minor == b->minor &&
	    a->status == b->status && a->host == b->host &&
	    memcmp(&a->target, &b->target, sizeof(a->target)) == 0;
}

/*
 * Parse whole, then fed one more byte at a time, then in two pieces at a
 * point taken from the input: every verdict and every parse must agree.
 * Then serialize what a proxy would forward and parse that again: the
 * framing must survive, and no hop-by-hop field may remain.
 */
static void
fz_head(const uint8_t *data, size_t size, int response)
{
	const char *p = (const char *)data;
	int whole, split, rc = PARSE_MORE, i;
	size_t k, cut;
	struct buf out;

	http_head_init(&fz_a, response);
	whole = http_parse_head(&fz_a, p, size);
	http_head_init(&fz_b, response);
	for (k = 1; k <= size && rc == PARSE_MORE; k++)
		rc = http_parse_head(&fz_b, p, k);
	split = size == 0 ? PARSE_MORE : rc;
	if (whole != split)
		abort();
	if (whole == PARSE_OK && !fz_same(&fz_a, &fz_b))
		abort();
	cut = size > 0 ? data[0] % size : 0;
	http_head_init(&fz_b, response);
	rc = http_parse_head(&fz_b, p, cut);
	if (rc == PARSE_MORE)
		rc = http_parse_head(&fz_b, p, size);
	if (rc != whole || (whole == PARSE_OK && !fz_same(&fz_a, &fz_b)))
		abort();
	if (whole != PARSE_OK)
		return;
	/* Never both framings, and a length only when stated. */
	if ((fz_a.flags & HTTP_F_HAS_TE) && (fz_a.flags & HTTP_F_HAS_CL))
		abort();
	if (buf_init(&out, HTTP_MAX_HEAD * 2) == -1)
		return;
	(void)buf_append(&out, p + fz_a.line.off, fz_a.line.len);
	(void)buf_append(&out, "\r\n", 2);
	if (http_copy_fields(&out, p, &fz_a, HF_HOPBYHOP | HF_FRAMING) == -1)
		abort();
	if (fz_a.framing == HTTP_BODY_LENGTH)
		(void)buf_printf(&out, "Content-Length: %llu\r\n",
		    (unsigned long long)fz_a.clen);
	else if (fz_a.framing == HTTP_BODY_CHUNKED)
		(void)buf_printf(&out, "Transfer-Encoding: chunked\r\n");
	(void)buf_append(&out, "\r\n", 2);
	http_head_init(&fz_c, response);
	rc = http_parse_head(&fz_c, buf_head(&out), buf_len(&out));
	if (buf_len(&out) <= HTTP_MAX_HEAD) {
		if (rc != PARSE_OK || fz_c.framing != fz_a.framing ||
		    fz_c.clen != fz_a.clen || fz_c.minor != fz_a.minor)
			abort();
		for (i = 0; i < fz_c.nfields; i++)
			if (fz_c.f[i].kind & (HF_HOPBYHOP & ~HF_NAMED))
				abort();
	}
	buf_free(&out);
}

#endif
