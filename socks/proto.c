/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* SOCKS 4, 4a and 5 wire formats: pure parsers, the handshake engine, replies. */
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <string.h>

#include "proto.h"
#include "resolv.h"

/* A host name from the wire: not empty, no NUL, a literal or RFC 1123. */
static int
name_ok(const unsigned char *p, size_t n, char *out)
{
	struct addr a;

	if (n == 0 || n > SOCKS_MAXNAME || memchr(p, '\0', n) != NULL)
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return resolv_literal(out, &a) == 0 || resolv_name_ok(out);
}

static uint16_t
get16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
req_reset(struct socks_req *r, int version)
{
	memset(r, 0, sizeof(*r));
	r->sr_version = version;
	r->sr_method = -1;
}

/*
 * SOCKS4: VN CD DSTPORT(2) DSTIP(4) USERID NUL, and for SOCKS4a (DSTIP
 * 0.0.0.x with x != 0) HOST NUL after that. The user id and the host are
 * capped; a missing NUL within the cap is an error, not a wait.
 */
static int
parse_socks4(const unsigned char *buf, size_t len, struct socks_req *r,
    size_t *used)
{
	const unsigned char *nul, *host;
	size_t ulen, hlen, lim;

	req_reset(r, 4);
	if (len < 2)
		return PARSE_MORE;
	if (buf[1] != SOCKS_CMD_CONNECT && buf[1] != SOCKS_CMD_BIND)
		return SOCKS_E_CMD;
	r->sr_cmd = buf[1];
	if (len < 8)
		return PARSE_MORE;
	lim = len - 8 < SOCKS_MAXUSER + 1 ? len - 8 : SOCKS_MAXUSER + 1;
	if ((nul = memchr(buf + 8, '\0', lim)) == NULL)
		return lim == SOCKS_MAXUSER + 1 ? SOCKS_E_USERLEN : PARSE_MORE;
	ulen = (size_t)(nul - (buf + 8));
	r->sr_port = get16(buf + 2);
	/* The SOCKS4A note: 0.0.0.x with x != 0 announces a name; 0.0.0.0
	 * does not. */
	r->sr_4a = buf[4] == 0 && buf[5] == 0 && buf[6] == 0 && buf[7] != 0;
	if (!r->sr_4a) {
		r->sr_atyp = SOCKS_ATYP_IPV4;
		addr_from_raw(&r->sr_addr, AF_INET, buf + 4, r->sr_port);
		*used = 8 + ulen + 1;
	} else {
		host = nul + 1;
		lim = len - (size_t)(host - buf);
		if (lim > SOCKS_MAXNAME + 1)
			lim = SOCKS_MAXNAME + 1;
		if ((nul = memchr(host, '\0', lim)) == NULL)
			return lim == SOCKS_MAXNAME + 1 ? SOCKS_E_NAMELEN :
			    PARSE_MORE;
		hlen = (size_t)(nul - host);
		r->sr_atyp = SOCKS_ATYP_NAME;
		if (!name_ok(host, hlen, r->sr_host))
			return SOCKS_E_NAME;
		*used = (size_t)(nul - buf) + 1;
	}
	memcpy(r->sr_user, buf + 8, ulen);
	r->sr_user[ulen] = '\0';
	return PARSE_OK;
}

/* SOCKS5 greeting (RFC 1928 s3): VER NMETHODS METHODS. */
static int
parse_greeting(const unsigned char *buf, size_t len, struct socks_req *r,
    size_t *used)
{
	size_t n, i;

	req_reset(r, 5);
	if (len < 2)
		return PARSE_MORE;
	n = buf[1];
	if (len < 2 + n)
		return PARSE_MORE;
	for (i = 0; i < n; i++) {
		if (buf[2 + i] == SOCKS_METHOD_NONE)
			r->sr_methods |= SOCKS_OFFER_NONE;
		else if (buf[2 + i] == SOCKS_METHOD_USER)
			r->sr_methods |= SOCKS_OFFER_USER;
	}
	*used = 2 + n;
	return PARSE_OK;
}

int
socks_parse_first(const unsigned char *buf, size_t len, struct socks_req *r,
    size_t *used)
{
	if (len < 1)
		return PARSE_MORE;
	if (buf[0] == 4)
		return parse_socks4(buf, len, r, used);
	if (buf[0] == 5)
		return parse_greeting(buf, len, r, used);
	return SOCKS_E_VERSION;
}

/* RFC 1929 s2: VER(1) ULEN UNAME PLEN PASSWD, both lengths 1 to 255. */
int
socks_parse_auth(const unsigned char *buf, size_t len, struct socks_req *r,
    size_t *used)
{
	size_t ulen, plen;

	if (len < 1)
		return PARSE_MORE;
	if (buf[0] != 1)
		return SOCKS_E_AUTHVER;
	if (len < 2)
		return PARSE_MORE;
	ulen = buf[1];
	if (len < 2 + ulen + 1)
		return PARSE_MORE;
	plen = buf[2 + ulen];
	if (len < 3 + ulen + plen)
		return PARSE_MORE;
	/* Judged only once whole, so every split answers at the same byte. */
	if (ulen == 0 || plen == 0 || memchr(buf + 2, '\0', ulen) != NULL ||
	    memchr(buf + 3 + ulen, '\0', plen) != NULL)
		return SOCKS_E_CRED;
	memcpy(r->sr_user, buf + 2, ulen);
	r->sr_user[ulen] = '\0';
	memcpy(r->sr_pass, buf + 3 + ulen, plen);
	r->sr_pass[plen] = '\0';
	r->sr_has_pass = 1;
	*used = 3 + ulen + plen;
	return PARSE_OK;
}

/* RFC 1928 s4: VER CMD RSV ATYP DST.ADDR DST.PORT. RSV is not checked. */
int
socks_parse_request(const unsigned char *buf, size_t len,
    struct socks_req *r, size_t *used)
{
	size_t alen, off;

	r->sr_cmd = 0;
	r->sr_atyp = 0;
	r->sr_host[0] = '\0';
	addr_clear(&r->sr_addr);
	if (len < 1)
		return PARSE_MORE;
	if (buf[0] != 5)
		return SOCKS_E_REQVER;
	if (len < 2)
		return PARSE_MORE;
	if (buf[1] < SOCKS_CMD_CONNECT || buf[1] > SOCKS_CMD_UDP)
		return SOCKS_E_CMD;
	if (len < 4)
		return PARSE_MORE;
	switch (buf[3]) {
	case SOCKS_ATYP_IPV4:
		alen = 4;
		off = 4;
		break;
	case SOCKS_ATYP_IPV6:
		alen = 16;
		off = 4;
		break;
	case SOCKS_ATYP_NAME:
		if (len < 5)
			return PARSE_MORE;
		alen = buf[4];
		off = 5;
		break;
	default:
		return SOCKS_E_ATYP;
	}
	if (len < off + alen + 2)
		return PARSE_MORE;
	r->sr_cmd = buf[1];
	r->sr_atyp = buf[3];
	r->sr_port = get16(buf + off + alen);
	if (buf[3] == SOCKS_ATYP_NAME) {
		if (!name_ok(buf + off, alen, r->sr_host))
			return SOCKS_E_NAME;
	} else {
		addr_from_raw(&r->sr_addr, alen == 4 ? AF_INET : AF_INET6,
		    buf + off, r->sr_port);
		/* ::ffff:a.b.c.d is a.b.c.d, for the policy and the log. */
		addr_unmap(&r->sr_addr);
	}
	*used = off + alen + 2;
	return PARSE_OK;
}

int
socks_err_code(int e)
{
	switch (e) {
	case SOCKS_E_AUTHVER:
		return 412;
	case SOCKS_E_CRED:
		return 5;
	case SOCKS_E_REQVER:
		return 421;
	case SOCKS_E_CMD:
		return 407;
	case SOCKS_E_ATYP:
		return 997;
	case SOCKS_E_NAME:
	case SOCKS_E_NAMELEN:
		return 100;
	case SOCKS_E_USERLEN:
		return 441;
	case SOCKS_E_FRAG:
		return 483;
	case SOCKS_E_SHORT:
		return 484;
	default:
		return 401;
	}
}

int
socks_rep(int err, int sys_errno)
{
	if (err == 0)
		return SOCKS_REP_OK;
	if (err <= 10)
		return SOCKS_REP_NOTALLOWED;
	switch (err) {
	case 13:
		switch (sys_errno) {
		case ENETUNREACH:
			return SOCKS_REP_NETUNREACH;
		case EHOSTUNREACH:
		case EHOSTDOWN:
			return SOCKS_REP_HOSTUNREACH;
		case ETIMEDOUT:
			return SOCKS_REP_TTL;
		default:
			return SOCKS_REP_REFUSED;
		}
	case 100:
		return SOCKS_REP_HOSTUNREACH;
	case 407:
		return SOCKS_REP_CMD;
	case 997:
		return SOCKS_REP_ATYP;
	default:
		return SOCKS_REP_FAIL;
	}
}

static void
put_addr(unsigned char *p, const struct addr *a, int family)
{
	if (family == AF_INET6)
		memcpy(p, &a->a.sin6.sin6_addr, 16);
	else if (a != NULL && addr_family(a) == AF_INET)
		memcpy(p, &a->a.sin.sin_addr, 4);
	else
		memset(p, 0, 4);
}

size_t
socks_reply(unsigned char *out, int version, int rep, const struct addr *bnd)
{
	uint16_t port = 0;
	int fam = AF_INET;

	if (bnd != NULL && (addr_family(bnd) == AF_INET ||
	    addr_family(bnd) == AF_INET6)) {
		port = addr_port(bnd);
		fam = addr_family(bnd);
	}
	if (version == 4) {
		/* VN 0, CD 90 granted or 91 rejected, DSTPORT, DSTIP. */
		out[0] = 0;
		out[1] = rep == SOCKS_REP_OK ? 90 : 91;
		out[2] = (unsigned char)(port >> 8);
		out[3] = (unsigned char)port;
		if (fam == AF_INET)
			put_addr(out + 4, bnd, AF_INET);
		else
			memset(out + 4, 0, 4);
		return 8;
	}
	if (version != 5)
		return 0;
	out[0] = 5;
	out[1] = (unsigned char)rep;
	out[2] = 0;
	out[3] = fam == AF_INET6 ? SOCKS_ATYP_IPV6 : SOCKS_ATYP_IPV4;
	put_addr(out + 4, bnd, fam);
	if (fam == AF_INET6) {
		out[20] = (unsigned char)(port >> 8);
		out[21] = (unsigned char)port;
		return 22;
	}
	out[8] = (unsigned char)(port >> 8);
	out[9] = (unsigned char)port;
	return 10;
}

void
socks_hs_init(struct socks_hs *hs, int want_user, int require_user)
{
	memset(hs, 0, sizeof(*hs));
	hs->hs_state = SOCKS_ST_FIRST;
	hs->hs_want_user = want_user || require_user;
	hs->hs_require_user = require_user;
	hs->hs_req.sr_method = -1;
}

static void
out_add(struct socks_hs *hs, const unsigned char *p, size_t n)
{
	/* hs_out holds the longest sequence: 2 + 2 + an error reply. */
	if (hs->hs_outlen + n <= sizeof(hs->hs_out)) {
		memcpy(hs->hs_out + hs->hs_outlen, p, n);
		hs->hs_outlen += n;
	}
}

static int
hs_fail(struct socks_hs *hs, int err, int with_reply)
{
	unsigned char rep[SOCKS_MAXREPLY];
	size_t n;

	hs->hs_state = SOCKS_ST_FAILED;
	hs->hs_err = err;
	if (with_reply) {
		n = socks_reply(rep, hs->hs_req.sr_version, socks_rep(err, 0),
		    NULL);
		out_add(hs, rep, n);
	}
	return SOCKS_HS_FAIL;
}

/* RFC 1928 s3: only a method the client offered, else X'FF'. */
static int
choose_method(const struct socks_hs *hs)
{
	unsigned m = hs->hs_req.sr_methods;

	if (hs->hs_want_user && (m & SOCKS_OFFER_USER))
		return SOCKS_METHOD_USER;
	if (hs->hs_require_user)
		return SOCKS_METHOD_REFUSE;
	if (m & SOCKS_OFFER_NONE)
		return SOCKS_METHOD_NONE;
	if (m & SOCKS_OFFER_USER)
		return SOCKS_METHOD_USER;
	return SOCKS_METHOD_REFUSE;
}

int
socks_hs_feed(struct socks_hs *hs, const unsigned char *in, size_t len,
    size_t *used)
{
	struct socks_req *r = &hs->hs_req;
	unsigned char mr[2];
	size_t off = 0, n;
	int rc;

	*used = 0;
	for (;;) {
		n = 0;
		switch (hs->hs_state) {
		case SOCKS_ST_FIRST:
			rc = socks_parse_first(in + off, len - off, r, &n);
			if (rc == PARSE_MORE)
				return PARSE_MORE;
			if (rc < 0)
				/* An unknown version gets no reply at all. */
				return hs_fail(hs, socks_err_code(rc),
				    rc != SOCKS_E_VERSION);
			off += n;
			*used = off;
			if (r->sr_version == 4) {
				/* -u2: SOCKS4 can only name a user. */
				if (hs->hs_require_user && r->sr_user[0] == '\0')
					return hs_fail(hs, 4, 1);
				hs->hs_state = SOCKS_ST_DONE;
				return SOCKS_HS_REQUEST;
			}
			r->sr_method = choose_method(hs);
			mr[0] = 5;
			mr[1] = (unsigned char)r->sr_method;
			out_add(hs, mr, 2);
			if (r->sr_method == SOCKS_METHOD_REFUSE)
				return hs_fail(hs, hs->hs_require_user ? 4 :
				    401, 0);
			hs->hs_state = r->sr_method == SOCKS_METHOD_USER ?
			    SOCKS_ST_AUTH : SOCKS_ST_REQUEST;
			break;
		case SOCKS_ST_AUTH:
			rc = socks_parse_auth(in + off, len - off, r, &n);
			if (rc == PARSE_MORE)
				return PARSE_MORE;
			if (rc < 0) {
				/* RFC 1929 s2: a failure status, then close. */
				mr[0] = 1;
				mr[1] = 1;
				out_add(hs, mr, 2);
				return hs_fail(hs, socks_err_code(rc), 0);
			}
			off += n;
			*used = off;
			hs->hs_state = SOCKS_ST_AUTHWAIT;
			return SOCKS_HS_AUTH;
		case SOCKS_ST_AUTHWAIT:
			return SOCKS_HS_AUTH;
		case SOCKS_ST_REQUEST:
			rc = socks_parse_request(in + off, len - off, r, &n);
			if (rc == PARSE_MORE)
				return PARSE_MORE;
			if (rc < 0)
				return hs_fail(hs, socks_err_code(rc), 1);
			off += n;
			*used = off;
			hs->hs_state = SOCKS_ST_DONE;
			return SOCKS_HS_REQUEST;
		case SOCKS_ST_DONE:
			return SOCKS_HS_REQUEST;
		default:
			return SOCKS_HS_FAIL;
		}
	}
}

int
socks_hs_auth(struct socks_hs *hs, int ok, int err)
{
	unsigned char ar[2] = { 1, 0 };

	if (hs->hs_state != SOCKS_ST_AUTHWAIT)
		return SOCKS_HS_FAIL;
	if (!ok) {
		ar[1] = 1;
		out_add(hs, ar, 2);
		return hs_fail(hs, err, 0);
	}
	out_add(hs, ar, 2);
	hs->hs_state = SOCKS_ST_REQUEST;
	return PARSE_MORE;
}

int
socks_udp_parse(const unsigned char *p, size_t len, struct socks_udp *u)
{
	size_t alen, off;

	memset(u, 0, sizeof(*u));
	if (len < 4)
		return SOCKS_E_SHORT;
	/* RFC 1928 s7: fragments are not reassembled; FRAG 0 only. */
	if (p[2] != 0)
		return SOCKS_E_FRAG;
	switch (p[3]) {
	case SOCKS_ATYP_IPV4:
		alen = 4;
		off = 4;
		break;
	case SOCKS_ATYP_IPV6:
		alen = 16;
		off = 4;
		break;
	case SOCKS_ATYP_NAME:
		if (len < 5)
			return SOCKS_E_SHORT;
		alen = p[4];
		off = 5;
		break;
	default:
		return SOCKS_E_ATYP;
	}
	if (len < off + alen + 2)
		return SOCKS_E_SHORT;
	u->su_atyp = p[3];
	u->su_port = get16(p + off + alen);
	if (p[3] == SOCKS_ATYP_NAME) {
		if (!name_ok(p + off, alen, u->su_host))
			return SOCKS_E_NAME;
	} else {
		addr_from_raw(&u->su_addr, alen == 4 ? AF_INET : AF_INET6,
		    p + off, u->su_port);
		addr_unmap(&u->su_addr);
	}
	u->su_hdrlen = off + alen + 2;
	return PARSE_OK;
}

size_t
socks_udp_header(unsigned char *out, const struct addr *from)
{
	size_t n;

	out[0] = 0;
	out[1] = 0;
	out[2] = 0;
	if (addr_family(from) == AF_INET6) {
		out[3] = SOCKS_ATYP_IPV6;
		memcpy(out + 4, &from->a.sin6.sin6_addr, 16);
		n = 20;
	} else {
		out[3] = SOCKS_ATYP_IPV4;
		put_addr(out + 4, from, AF_INET);
		n = 8;
	}
	out[n] = (unsigned char)(addr_port(from) >> 8);
	out[n + 1] = (unsigned char)addr_port(from);
	return n + 2;
}
