/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* SOCKS 4, 4a and 5 wire formats: pure parsers, the handshake engine, replies. */
#ifndef SOCKS_PROTO_H
#define SOCKS_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "net.h"

/* Every length that comes off the wire is held to one of these. */
#define SOCKS_MAXNAME	255	/* RFC 1928 s5 length octet; SOCKS4a host cap */
#define SOCKS_MAXUSER	255	/* RFC 1929 ULEN; SOCKS4 user id cap */
#define SOCKS_MAXPASS	255	/* RFC 1929 PLEN */
/* The longest message of the handshake: SOCKS4a with both fields full. */
#define SOCKS_MAXMSG	(8 + SOCKS_MAXUSER + 1 + SOCKS_MAXNAME + 1)
/* A reply: VER REP RSV ATYP, 16 address bytes, 2 port bytes. */
#define SOCKS_MAXREPLY	22
/* A UDP request header with the longest address (a name). */
#define SOCKS_UDP_MAXHDR	(4 + 1 + SOCKS_MAXNAME + 2)

#define SOCKS_CMD_CONNECT	1
#define SOCKS_CMD_BIND		2
#define SOCKS_CMD_UDP		3

#define SOCKS_ATYP_IPV4		1
#define SOCKS_ATYP_NAME		3
#define SOCKS_ATYP_IPV6		4

/* RFC 1928 s3 methods, and the bits of sr_methods that record them. */
#define SOCKS_METHOD_NONE	0x00
#define SOCKS_METHOD_USER	0x02
#define SOCKS_METHOD_REFUSE	0xff
#define SOCKS_OFFER_NONE	0x01
#define SOCKS_OFFER_USER	0x02

/* RFC 1928 s6 reply codes. */
#define SOCKS_REP_OK		0
#define SOCKS_REP_FAIL		1
#define SOCKS_REP_NOTALLOWED	2
#define SOCKS_REP_NETUNREACH	3
#define SOCKS_REP_HOSTUNREACH	4
#define SOCKS_REP_REFUSED	5
#define SOCKS_REP_TTL		6
#define SOCKS_REP_CMD		7
#define SOCKS_REP_ATYP		8

/* Parser errors (negative, as PARSE_OK and PARSE_MORE are not). */
#define SOCKS_E_VERSION	-1	/* first byte neither 4 nor 5 */
#define SOCKS_E_METHOD	-2	/* no acceptable method (nmethods 0 too) */
#define SOCKS_E_AUTHVER	-3	/* RFC 1929 VER is not 1 */
#define SOCKS_E_CRED	-4	/* RFC 1929 ULEN or PLEN 0, or a NUL inside */
#define SOCKS_E_REQVER	-5	/* request VER is not 5 */
#define SOCKS_E_CMD	-6	/* command not supported */
#define SOCKS_E_ATYP	-7	/* address type not supported */
#define SOCKS_E_NAME	-8	/* empty name, NUL in a name, not a host name */
#define SOCKS_E_USERLEN	-9	/* SOCKS4 user id without NUL within the cap */
#define SOCKS_E_NAMELEN	-10	/* SOCKS4a host without NUL within the cap */
#define SOCKS_E_FRAG	-11	/* UDP: FRAG is not 0 */
#define SOCKS_E_SHORT	-12	/* UDP: the header is cut short */

/*
 * One request as parsed from the client: everything a later stage (or a
 * module the client is handed to) needs to know about it.
 */
struct socks_req {
	int		 sr_version;	/* 0 until the first byte, then 4 or 5 */
	int		 sr_4a;		/* SOCKS4a: the target is sr_host */
	unsigned	 sr_methods;	/* SOCKS_OFFER_* bits the client offered */
	int		 sr_method;	/* the method chosen, -1 before */
	int		 sr_cmd;	/* SOCKS_CMD_* */
	int		 sr_atyp;	/* SOCKS_ATYP_* (SOCKS4: IPV4 or NAME) */
	uint16_t	 sr_port;
	struct addr	 sr_addr;	/* the target when literal (port set) */
	char		 sr_host[SOCKS_MAXNAME + 1];	/* the name, or "" */
	char		 sr_user[SOCKS_MAXUSER + 1];	/* RFC 1929 or user id */
	char		 sr_pass[SOCKS_MAXPASS + 1];
	int		 sr_has_pass;	/* RFC 1929 credentials were given */
};

/*
 * Pure parsers: each looks at the bytes of one message from the start of
 * buf and returns PARSE_MORE (any prefix of a valid message), PARSE_OK with
 * *used set to the message length, or a SOCKS_E_* error. Checks run in the
 * order of the bytes, so every split of the input gives the same verdict.
 */
/* The first message: a SOCKS4/4a request or a SOCKS5 greeting. */
int	 socks_parse_first(const unsigned char *buf, size_t len,
	    struct socks_req *, size_t *used);
/* The RFC 1929 user/password sub-negotiation request. */
int	 socks_parse_auth(const unsigned char *buf, size_t len,
	    struct socks_req *, size_t *used);
/* The SOCKS5 request (RFC 1928 s4). */
int	 socks_parse_request(const unsigned char *buf, size_t len,
	    struct socks_req *, size_t *used);

/* Handshake engine states. */
#define SOCKS_ST_FIRST		0
#define SOCKS_ST_AUTH		1
#define SOCKS_ST_AUTHWAIT	2	/* credentials parsed, not yet judged */
#define SOCKS_ST_REQUEST	3
#define SOCKS_ST_DONE		4
#define SOCKS_ST_FAILED		5

/* Results of socks_hs_feed() beyond PARSE_MORE. */
#define SOCKS_HS_AUTH		2	/* judge hs_req's credentials */
#define SOCKS_HS_REQUEST	3	/* hs_req holds the whole request */
#define SOCKS_HS_FAIL		-1	/* send hs_out, then close */

/*
 * The handshake as a pure state machine: the session and the fuzzer drive
 * the same code. Bytes go in, reply bytes come out in hs_out; the two
 * decisions that need the outside world (credentials, the request itself)
 * are handed back to the caller.
 */
struct socks_hs {
	int		 hs_state;
	int		 hs_want_user;	/* prefer RFC 1929 when offered (-u) */
	int		 hs_require_user; /* refuse clients without it (-u2) */
	int		 hs_err;	/* on failure: the original's error code */
	unsigned char	 hs_out[32];	/* replies to send: method, auth, error */
	size_t		 hs_outlen;
	struct socks_req hs_req;
};

/* Start a handshake with the -u policy: want (-u) and require (-u2). */
void	 socks_hs_init(struct socks_hs *, int want_user, int require_user);
/*
 * Consume the whole messages at the start of in. Returns PARSE_MORE when
 * what is left after *used is only part of a message (the caller keeps
 * those bytes and calls again with more appended), SOCKS_HS_AUTH,
 * SOCKS_HS_REQUEST or SOCKS_HS_FAIL. hs_out may then hold bytes for the
 * client (the caller sends them and sets hs_outlen to 0). Bytes after the
 * request are not consumed: they belong to the tunnel.
 */
int	 socks_hs_feed(struct socks_hs *, const unsigned char *in, size_t len,
	    size_t *used);
/*
 * The caller's verdict on the credentials (RFC 1929 s2): appends 01 00 and
 * moves on to the request, or appends 01 01 and fails (close after sending).
 * Returns the new state's result: PARSE_MORE or SOCKS_HS_FAIL.
 */
int	 socks_hs_auth(struct socks_hs *, int ok, int err);

/*
 * The final reply for a request (RFC 1928 s6, or the SOCKS4 8-byte reply):
 * rep is an RFC 1928 code; bnd the address to report (unset: 0.0.0.0:0).
 * SOCKS4 gets 90 for success, 91 otherwise, and 0.0.0.0 for an IPv6 bnd.
 * Returns the length written to out (at most SOCKS_MAXREPLY).
 */
size_t	 socks_reply(unsigned char *out, int version, int rep,
	    const struct addr *bnd);
/*
 * The RFC 1928 reply code for one of the original's error codes; for 13 (a
 * failed connect) the errno refines it: refused, unreachable, timed out.
 */
int	 socks_rep(int err, int sys_errno);
/* The original's error code for a parser error. */
int	 socks_err_code(int parse_err);

/* A parsed UDP request header (RFC 1928 s7). */
struct socks_udp {
	int		 su_atyp;
	struct addr	 su_addr;	/* literal destination with port */
	char		 su_host[SOCKS_MAXNAME + 1];	/* or a name */
	uint16_t	 su_port;
	size_t		 su_hdrlen;	/* payload starts here */
};

/*
 * Parse the header of one whole datagram. Returns PARSE_OK, or
 * SOCKS_E_FRAG, SOCKS_E_SHORT, SOCKS_E_ATYP, SOCKS_E_NAME. Never PARSE_MORE:
 * a datagram is complete or broken.
 */
int	 socks_udp_parse(const unsigned char *p, size_t len, struct socks_udp *);
/*
 * Write the header for a datagram from `from` (an IPv4 or IPv6 address);
 * returns its length (10 or 22).
 */
size_t	 socks_udp_header(unsigned char *out, const struct addr *from);

#endif
