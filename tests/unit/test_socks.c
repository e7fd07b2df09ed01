/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the SOCKS parsers, the handshake engine and the replies. */
#include <errno.h>
#include <stdlib.h>

#include "compat.h"
#include "proto.h"
#include "unit.h"

typedef int (*parse_fn)(const unsigned char *, size_t, struct socks_req *,
    size_t *);

/*
 * Parse msg whole, then every prefix: a prefix shorter than the verdict's
 * point must say PARSE_MORE, or the same error once the deciding byte is in.
 * Returns the whole verdict, or 99 when a prefix disagrees.
 */
static int
parse_all(parse_fn fn, const void *msg, size_t len, struct socks_req *r,
    size_t *used)
{
	struct socks_req tmp;
	size_t i, u;
	int whole, rc;

	memset(r, 0, sizeof(*r));
	*used = 0;
	whole = fn(msg, len, r, used);
	for (i = 0; i < len; i++) {
		memset(&tmp, 0, sizeof(tmp));
		u = 0;
		rc = fn(msg, i, &tmp, &u);
		if (rc == PARSE_MORE)
			continue;
		if (rc != whole || (rc == PARSE_OK && u != *used))
			return 99;
	}
	return whole;
}

/* Run the engine over in, whole or one byte at a time, like the session. */
static int
engine(const unsigned char *in, size_t len, int split, int want, int require,
    unsigned char *out, size_t *outlen, struct socks_hs *hs)
{
	size_t have = 0, off = 0, used;
	int rc = PARSE_MORE;

	socks_hs_init(hs, want, require);
	*outlen = 0;
	while (have <= len) {
		rc = socks_hs_feed(hs, in + off, have - off, &used);
		off += used;
		memcpy(out + *outlen, hs->hs_out, hs->hs_outlen);
		*outlen += hs->hs_outlen;
		hs->hs_outlen = 0;
		if (rc == SOCKS_HS_AUTH) {
			/* The user "bad" is refused, anyone else accepted. */
			rc = socks_hs_auth(hs, strcmp(hs->hs_req.sr_user,
			    "bad") != 0, 6);
			memcpy(out + *outlen, hs->hs_out, hs->hs_outlen);
			*outlen += hs->hs_outlen;
			hs->hs_outlen = 0;
			if (rc == SOCKS_HS_FAIL)
				return rc;
			continue;
		}
		if (rc != PARSE_MORE)
			return rc;
		if (have == len)
			break;
		have = split ? have + 1 : len;
	}
	return rc;
}

static void
test_socks4(void)
{
	static const unsigned char v4[] = "\x04\x01\x00\x50\x7f\x00\x00\x01"
	    "joe";
	static const unsigned char v4a[] = "\x04\x02\x01\xbb\x00\x00\x00\x07"
	    "\0example.org";
	static const unsigned char zero[] = "\x04\x01\x00\x50\x00\x00\x00\x00";
	unsigned char big[8 + SOCKS_MAXUSER + 2 + SOCKS_MAXNAME + 2];
	struct socks_req r;
	char ip[ADDR_STRLEN];
	size_t used;

	CHECK(parse_all(socks_parse_first, v4, sizeof(v4), &r, &used) ==
	    PARSE_OK && used == sizeof(v4), "socks4 request");
	CHECK(r.sr_version == 4 && !r.sr_4a && r.sr_cmd == SOCKS_CMD_CONNECT &&
	    r.sr_port == 80 && strcmp(r.sr_user, "joe") == 0,
	    "socks4 fields");
	CHECK_STR(addr_str(&r.sr_addr, ip, sizeof(ip)), "127.0.0.1:80",
	    "socks4 target");
	CHECK(parse_all(socks_parse_first, v4a, sizeof(v4a), &r, &used) ==
	    PARSE_OK && used == sizeof(v4a) && r.sr_4a &&
	    r.sr_cmd == SOCKS_CMD_BIND && r.sr_port == 443 &&
	    strcmp(r.sr_host, "example.org") == 0 && r.sr_user[0] == '\0',
	    "socks4a request with empty user id");
	CHECK(parse_all(socks_parse_first, zero, sizeof(zero), &r, &used) ==
	    PARSE_OK && !r.sr_4a && addr_is_any(&r.sr_addr),
	    "0.0.0.0 is not socks4a");
	CHECK(parse_all(socks_parse_first, "\x04\x03\x00\x50", 4, &r, &used)
	    == SOCKS_E_CMD, "socks4 command 3 refused at once");

	/* The user id: 255 bytes pass, 256 without a NUL do not. */
	memcpy(big, "\x04\x01\x00\x50\x7f\x00\x00\x01", 8);
	memset(big + 8, 'u', SOCKS_MAXUSER);
	big[8 + SOCKS_MAXUSER] = '\0';
	CHECK(parse_all(socks_parse_first, big, 8 + SOCKS_MAXUSER + 1, &r,
	    &used) == PARSE_OK && strlen(r.sr_user) == SOCKS_MAXUSER,
	    "user id of 255");
	big[8 + SOCKS_MAXUSER] = 'u';
	CHECK(parse_all(socks_parse_first, big, 8 + SOCKS_MAXUSER + 1, &r,
	    &used) == SOCKS_E_USERLEN, "user id of 256 refused");
	CHECK(parse_all(socks_parse_first, big, 8 + SOCKS_MAXUSER, &r,
	    &used) == PARSE_MORE, "user id of 255 without NUL waits");

	/* The 4a host name: the same cap. */
	memcpy(big, "\x04\x01\x00\x50\x00\x00\x00\x01\0", 9);
	memset(big + 9, 'h', SOCKS_MAXNAME + 1);
	CHECK(parse_all(socks_parse_first, big, 9 + SOCKS_MAXNAME + 1, &r,
	    &used) == SOCKS_E_NAMELEN, "4a host of 256 refused");
	big[9 + 63] = '.';
	big[9 + 127] = '.';
	big[9 + 191] = '.';
	big[9 + SOCKS_MAXNAME] = '\0';
	CHECK(parse_all(socks_parse_first, big, 9 + SOCKS_MAXNAME + 1, &r,
	    &used) == PARSE_OK && strlen(r.sr_host) == SOCKS_MAXNAME,
	    "4a host of 255");
	CHECK(parse_all(socks_parse_first, "\x04\x01\x00\x50\0\0\0\1\0a b\0",
	    13, &r, &used) == SOCKS_E_NAME, "4a host with a blank refused");
	CHECK(parse_all(socks_parse_first, "\x04\x01\x00\x50\0\0\0\1\0\0",
	    10, &r, &used) == SOCKS_E_NAME, "empty 4a host refused");
	CHECK(parse_all(socks_parse_first, "\x06\x01\x00", 3, &r, &used) ==
	    SOCKS_E_VERSION, "version 6 refused");
}

static void
test_socks5(void)
{
	static const unsigned char req4[] = "\x05\x01\x00\x01\x0a\x00\x00\x01"
	    "\x1f\x90";
	static const unsigned char req6[] = "\x05\x01\x00\x04"
	    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01"
	    "\x00\x16";
	static const unsigned char mapped[] = "\x05\x02\x07\x04"
	    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x7f\x00\x00\x01"
	    "\x00\x16";
	static const unsigned char name[] = "\x05\x03\x00\x03\x0b" "example.org"
	    "\x00\x35";
	static const unsigned char nul[] = "\x05\x01\x00\x03\x05" "ab\0cd\x00\x50";
	static const unsigned char empty[] = "\x05\x01\x00\x03\x00\x00\x50";
	struct socks_req r;
	char ip[ADDR_STRLEN];
	size_t used;

	CHECK(parse_all(socks_parse_first, "\x05\x03\x00\x01\x02", 5, &r,
	    &used) == PARSE_OK && used == 5 &&
	    r.sr_methods == (SOCKS_OFFER_NONE | SOCKS_OFFER_USER),
	    "greeting with three methods");
	CHECK(parse_all(socks_parse_first, "\x05\x00", 2, &r, &used) ==
	    PARSE_OK && r.sr_methods == 0, "greeting with no method");
	CHECK(parse_all(socks_parse_request, req4, sizeof(req4) - 1, &r,
	    &used) == PARSE_OK && used == 10 && r.sr_atyp == SOCKS_ATYP_IPV4,
	    "IPv4 request");
	CHECK_STR(addr_str(&r.sr_addr, ip, sizeof(ip)), "10.0.0.1:8080",
	    "IPv4 target");
	CHECK(parse_all(socks_parse_request, req6, sizeof(req6) - 1, &r,
	    &used) == PARSE_OK && used == 22, "IPv6 request");
	CHECK_STR(addr_str(&r.sr_addr, ip, sizeof(ip)), "[::1]:22",
	    "IPv6 target");
	CHECK(parse_all(socks_parse_request, mapped, sizeof(mapped) - 1, &r,
	    &used) == PARSE_OK && r.sr_cmd == SOCKS_CMD_BIND &&
	    addr_family(&r.sr_addr) == AF_INET,
	    "IPv4-mapped is IPv4, RSV ignored");
	CHECK(parse_all(socks_parse_request, name, sizeof(name) - 1, &r,
	    &used) == PARSE_OK && r.sr_cmd == SOCKS_CMD_UDP &&
	    strcmp(r.sr_host, "example.org") == 0 && r.sr_port == 53,
	    "name request");
	CHECK(parse_all(socks_parse_request, nul, sizeof(nul) - 1, &r,
	    &used) == SOCKS_E_NAME, "NUL in a name refused");
	CHECK(parse_all(socks_parse_request, empty, sizeof(empty) - 1, &r,
	    &used) == SOCKS_E_NAME, "empty name refused");
	CHECK(parse_all(socks_parse_request, "\x05\x04\x00\x01", 4, &r,
	    &used) == SOCKS_E_CMD, "command 4 refused");
	CHECK(parse_all(socks_parse_request, "\x05\x00\x00\x01", 4, &r,
	    &used) == SOCKS_E_CMD, "command 0 refused");
	CHECK(parse_all(socks_parse_request, "\x05\x01\x00\x02\x00", 5, &r,
	    &used) == SOCKS_E_ATYP, "ATYP 2 refused");
	CHECK(parse_all(socks_parse_request, "\x04\x01\x00\x01", 4, &r,
	    &used) == SOCKS_E_REQVER, "request version 4 refused");

	CHECK(parse_all(socks_parse_auth, "\x01\x03""bob\x02pw", 8, &r,
	    &used) == PARSE_OK && used == 8 && strcmp(r.sr_user, "bob") == 0 &&
	    strcmp(r.sr_pass, "pw") == 0 && r.sr_has_pass, "RFC 1929 request");
	CHECK(parse_all(socks_parse_auth, "\x01\x00\x02pw", 5, &r, &used) ==
	    SOCKS_E_CRED, "ULEN 0 refused");
	CHECK(parse_all(socks_parse_auth, "\x01\x03""bob\x00", 6, &r, &used)
	    == SOCKS_E_CRED, "PLEN 0 refused");
	CHECK(parse_all(socks_parse_auth, "\x02\x03""bob\x02pw", 8, &r,
	    &used) == SOCKS_E_AUTHVER, "VER 2 refused");
}

static void
test_engine(void)
{
	/* Offers x settings -> chosen method (RFC 1928 s3). */
	static const struct {
		const char	*greet;
		size_t		 len;
		int		 want, require;
		const char	*reply;
	} m[] = {
		{ "\x05\x02\x00\x02", 4, 0, 0, "\x05\x00" },
		{ "\x05\x01\x02", 3, 0, 0, "\x05\x02" },
		{ "\x05\x02\x00\x02", 4, 1, 0, "\x05\x02" },
		{ "\x05\x01\x00", 3, 1, 0, "\x05\x00" },
		{ "\x05\x01\x00", 3, 1, 1, "\x05\xff" },
		{ "\x05\x00", 2, 0, 0, "\x05\xff" },
		{ "\x05\x01\x01", 3, 0, 0, "\x05\xff" },
	};
	static const unsigned char all[] = "\x05\x01\x02" "\x01\x03""bob\x02pw"
	    "\x05\x01\x00\x01\x7f\x00\x00\x01\x00\x50" "payload";
	static const unsigned char bad[] = "\x05\x01\x02" "\x01\x03""bad\x02pw"
	    "\x05\x01\x00\x01\x7f\x00\x00\x01\x00\x50";
	static const unsigned char atyp[] = "\x05\x01\x00"
	    "\x05\x01\x00\x09\x00\x00";
	unsigned char out[64], out2[64];
	struct socks_hs hs, hs2;
	size_t n, n2, i;
	int rc, rc2;

	for (i = 0; i < nitems(m); i++) {
		rc = engine((const unsigned char *)m[i].greet, m[i].len, 0,
		    m[i].want, m[i].require, out, &n, &hs);
		CHECK(n == 2 && memcmp(out, m[i].reply, 2) == 0 &&
		    (out[1] == 0xff) == (rc == SOCKS_HS_FAIL), "method choice");
	}
	CHECK(hs.hs_err == 401, "no method: 401");
	rc = engine((const unsigned char *)"\x05\x01\x00", 3, 0, 1, 1, out, &n,
	    &hs);
	CHECK(rc == SOCKS_HS_FAIL && hs.hs_err == 4, "-u2 without user: 4");

	/* Everything in one segment: both replies, and the payload is left. */
	for (i = 0; i < 2; i++) {
		rc = engine(all, sizeof(all) - 1, (int)i, 0, 0, out, &n, &hs);
		CHECK(rc == SOCKS_HS_REQUEST && n == 4 &&
		    memcmp(out, "\x05\x02\x01\x00", 4) == 0 &&
		    strcmp(hs.hs_req.sr_user, "bob") == 0 &&
		    hs.hs_req.sr_port == 80, i ? "byte by byte" :
		    "pipelined handshake");
	}
	rc = engine(bad, sizeof(bad) - 1, 0, 0, 0, out, &n, &hs);
	rc2 = engine(bad, sizeof(bad) - 1, 1, 0, 0, out2, &n2, &hs2);
	CHECK(rc == SOCKS_HS_FAIL && hs.hs_err == 6 && n == 4 &&
	    memcmp(out, "\x05\x02\x01\x01", 4) == 0 && rc2 == rc && n2 == n &&
	    memcmp(out, out2, n) == 0, "refused credentials: 01 01");
	rc = engine(atyp, sizeof(atyp) - 1, 1, 0, 0, out, &n, &hs);
	CHECK(rc == SOCKS_HS_FAIL && hs.hs_err == 997 && n == 12 &&
	    memcmp(out, "\x05\x00\x05\x08\x00\x01\0\0\0\0\0\0", 12) == 0,
	    "unknown ATYP: 05 08");
	rc = engine((const unsigned char *)"\x04\x01\x00\x50\0\0\0\0\0", 9, 0,
	    1, 1, out, &n, &hs);
	CHECK(rc == SOCKS_HS_FAIL && hs.hs_err == 4 && n == 8 && out[1] == 91,
	    "-u2 socks4 without user id: 91");
	rc = engine((const unsigned char *)"GET / HTTP/1.0", 14, 0, 0, 0, out,
	    &n, &hs);
	CHECK(rc == SOCKS_HS_FAIL && hs.hs_err == 401 && n == 0,
	    "unknown version: no reply");
}

static void
test_replies(void)
{
	unsigned char out[SOCKS_MAXREPLY];
	struct addr a;

	addr_parse_ip("192.0.2.9", 1234, &a);
	CHECK(socks_reply(out, 5, 0, &a) == 10 &&
	    memcmp(out, "\x05\x00\x00\x01\xc0\x00\x02\x09\x04\xd2", 10) == 0,
	    "SOCKS5 IPv4 reply");
	CHECK(socks_reply(out, 4, 0, &a) == 8 &&
	    memcmp(out, "\x00\x5a\x04\xd2\xc0\x00\x02\x09", 8) == 0,
	    "SOCKS4 reply");
	addr_parse_ip("2001:db8::1", 80, &a);
	CHECK(socks_reply(out, 5, 0, &a) == 22 && out[3] == 4 &&
	    out[4] == 0x20 && out[19] == 1 && out[21] == 80,
	    "SOCKS5 IPv6 reply");
	CHECK(socks_reply(out, 4, 1, &a) == 8 &&
	    memcmp(out, "\x00\x5b\x00\x50\0\0\0\0", 8) == 0,
	    "SOCKS4 failure, IPv6 address zeroed");
	CHECK(socks_reply(out, 5, 5, NULL) == 10 &&
	    memcmp(out, "\x05\x05\x00\x01\0\0\0\0\0\0", 10) == 0,
	    "SOCKS5 failure with no address");
	CHECK(socks_reply(out, 0, 1, NULL) == 0, "no reply before a version");

	CHECK(socks_rep(0, 0) == 0 && socks_rep(1, 0) == 2 &&
	    socks_rep(3, 0) == 2 && socks_rep(10, 0) == 2, "policy: 02");
	CHECK(socks_rep(13, ECONNREFUSED) == 5 &&
	    socks_rep(13, ENETUNREACH) == 3 &&
	    socks_rep(13, EHOSTUNREACH) == 4 &&
	    socks_rep(13, ETIMEDOUT) == 6, "connect errors");
	CHECK(socks_rep(100, 0) == 4 && socks_rep(407, 0) == 7 &&
	    socks_rep(997, 0) == 8 && socks_rep(12, 0) == 1 &&
	    socks_rep(460, 0) == 1 && socks_rep(21, 0) == 1, "other codes");
}

static void
test_udp(void)
{
	static const unsigned char v4[] = "\x00\x00\x00\x01\x7f\x00\x00\x01"
	    "\x00\x35""data";
	static const unsigned char name[] = "\x00\x00\x00\x03\x09localhost"
	    "\x00\x35""q";
	unsigned char hdr[SOCKS_MAXREPLY];
	struct socks_udp u;
	struct addr a;
	size_t n;

	CHECK(socks_udp_parse(v4, sizeof(v4) - 1, &u) == PARSE_OK &&
	    u.su_hdrlen == 10 && u.su_port == 53, "UDP IPv4 header");
	CHECK(socks_udp_parse(name, sizeof(name) - 1, &u) == PARSE_OK &&
	    u.su_hdrlen == 16 && strcmp(u.su_host, "localhost") == 0,
	    "UDP name header");
	CHECK(socks_udp_parse((const unsigned char *)"\x00\x00\x01\x01"
	    "\x7f\x00\x00\x01\x00\x35", 10, &u) == SOCKS_E_FRAG, "FRAG 1");
	CHECK(socks_udp_parse(v4, 9, &u) == SOCKS_E_SHORT, "short header");
	CHECK(socks_udp_parse(v4, 3, &u) == SOCKS_E_SHORT, "3 bytes");
	CHECK(socks_udp_parse((const unsigned char *)"\x00\x00\x00\x03\x40"
	    "abc", 8, &u) == SOCKS_E_SHORT, "name past the end");
	CHECK(socks_udp_parse((const unsigned char *)"\x00\x00\x00\x09"
	    "\0\0\0\0\0\0", 10, &u) == SOCKS_E_ATYP, "ATYP 9");
	CHECK(socks_udp_parse((const unsigned char *)"\x00\x00\x00\x03\x00"
	    "\0\0", 7, &u) == SOCKS_E_NAME, "empty name");
	addr_parse_ip("::1", 5353, &a);
	n = socks_udp_header(hdr, &a);
	CHECK(n == 22 && socks_udp_parse(hdr, n, &u) == PARSE_OK &&
	    addr_same_ip(&u.su_addr, &a) && u.su_port == 5353,
	    "IPv6 header round trip");
}

int
main(void)
{
	test_socks4();
	test_socks5();
	test_engine();
	test_replies();
	test_udp();
	UNIT_DONE();
}
