/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the SOCKS handshake engine: whole versus byte by byte, valid replies. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What one run of the handshake produced. */
struct verdict {
	int		 rc;
	int		 err;
	int		 state;
	size_t		 used;
	unsigned char	 out[128];
	size_t		 outlen;
	struct socks_req req;
};

static void
take_out(struct socks_hs *hs, struct verdict *v)
{
	if (v->outlen + hs->hs_outlen > sizeof(v->out))
		abort();
	memcpy(v->out + v->outlen, hs->hs_out, hs->hs_outlen);
	v->outlen += hs->hs_outlen;
	hs->hs_outlen = 0;
}

/*
 * Drive the engine as the session does: keep the unconsumed bytes, judge
 * credentials (a user starting with 'x' is refused), and on a request add
 * the final reply (success for an even port, refusal for an odd one).
 */
static void
run(const uint8_t *in, size_t len, size_t step, int want, int require,
    struct verdict *v)
{
	struct socks_hs hs;
	struct addr bnd;
	size_t have = 0, off = 0, used;
	int rc;

	memset(v, 0, sizeof(*v));
	socks_hs_init(&hs, want, require);
	for (;;) {
		rc = socks_hs_feed(&hs, in + off, have - off, &used);
		if (used > have - off)
			abort();
		off += used;
		take_out(&hs, v);
		if (rc == SOCKS_HS_AUTH) {
			if (hs.hs_req.sr_user[0] == '\0' ||
			    strlen(hs.hs_req.sr_user) > SOCKS_MAXUSER ||
			    strlen(hs.hs_req.sr_pass) > SOCKS_MAXPASS)
				abort();
			rc = socks_hs_auth(&hs, hs.hs_req.sr_user[0] != 'x', 6);
			take_out(&hs, v);
			if (rc == SOCKS_HS_FAIL)
				break;
			continue;
		}
		if (rc != PARSE_MORE)
			break;
		if (have == len)
			break;
		have = have + step > len ? len : have + step;
	}
	if (rc == SOCKS_HS_REQUEST) {
		unsigned char rep[SOCKS_MAXREPLY];
		size_t n;

		addr_parse_ip("10.0.0.1", 1080, &bnd);
		n = socks_reply(rep, hs.hs_req.sr_version,
		    hs.hs_req.sr_port % 2 ? SOCKS_REP_REFUSED : SOCKS_REP_OK,
		    &bnd);
		if (v->outlen + n > sizeof(v->out))
			abort();
		memcpy(v->out + v->outlen, rep, n);
		v->outlen += n;
	}
	v->rc = rc;
	v->err = hs.hs_err;
	v->state = hs.hs_state;
	v->used = off;
	v->req = hs.hs_req;
}

/* The reply bytes must be a valid sequence for the protocol version. */
static void
check_replies(const struct verdict *v)
{
	const unsigned char *p = v->out;
	size_t n = v->outlen;

	if (v->req.sr_version == 0) {
		if (n != 0)
			abort();
		return;
	}
	if (v->req.sr_version == 4) {
		if (n != 0 && (n != 8 || p[0] != 0 || (p[1] != 90 &&
		    p[1] != 91)))
			abort();
		if (v->rc == SOCKS_HS_REQUEST && n != 8)
			abort();
		return;
	}
	/* SOCKS5: method reply, RFC 1929 status if method 2, a reply. */
	if (n == 0) {
		/* Nothing said yet: only while the greeting is incomplete. */
		if (v->rc != PARSE_MORE)
			abort();
		return;
	}
	if (n < 2 || p[0] != 5 || (p[1] != 0 && p[1] != 2 && p[1] != 0xff))
		abort();
	if (p[1] == 0xff) {
		if (n != 2 || v->rc != SOCKS_HS_FAIL)
			abort();
		return;
	}
	if (p[1] == 2 && n > 2) {
		if (n < 4 || p[2] != 1 || (p[3] != 0 && p[3] != 1))
			abort();
		if (p[3] == 1) {
			if (n != 4 || v->rc != SOCKS_HS_FAIL)
				abort();
			return;
		}
		p += 2;
		n -= 2;
	}
	p += 2;
	n -= 2;
	if (n == 0)
		return;
	if ((n != 10 && n != 22) || p[0] != 5 || p[1] > 8 || p[2] != 0 ||
	    (p[3] != 1 && p[3] != 4) || (n == 22) != (p[3] == 4))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct verdict whole, split, chunk;
	int want, require;

	if (size < 1 || size > 4096)
		return 0;
	want = data[0] & 1;
	require = (data[0] >> 1) & 1;
	run(data + 1, size - 1, size, want, require, &whole);
	run(data + 1, size - 1, 1, want, require, &split);
	run(data + 1, size - 1, 1 + data[0] % 7, want, require, &chunk);
	check_replies(&whole);
	if (whole.rc != split.rc || whole.err != split.err ||
	    whole.used != split.used || whole.outlen != split.outlen ||
	    memcmp(whole.out, split.out, whole.outlen) != 0 ||
	    memcmp(&whole.req, &split.req, sizeof(whole.req)) != 0)
		abort();
	if (chunk.rc != whole.rc || chunk.outlen != whole.outlen ||
	    memcmp(chunk.out, whole.out, whole.outlen) != 0)
		abort();
	if (whole.rc == SOCKS_HS_REQUEST) {
		const struct socks_req *r = &whole.req;

		if (r->sr_cmd < SOCKS_CMD_CONNECT || r->sr_cmd > SOCKS_CMD_UDP ||
		    (r->sr_version == 4 && r->sr_cmd == SOCKS_CMD_UDP) ||
		    strlen(r->sr_host) > SOCKS_MAXNAME ||
		    strlen(r->sr_user) > SOCKS_MAXUSER ||
		    (r->sr_atyp == SOCKS_ATYP_NAME) != (r->sr_host[0] != '\0'))
			abort();
	}
	return 0;
}
