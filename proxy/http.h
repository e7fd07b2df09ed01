/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* HTTP/1.1 message parsing and framing (RFC 9110, RFC 9112): pure functions. */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Limits on what a peer may send; each one maps to a reply below. */
#define HTTP_MAX_LINE		16384	/* start line with CRLF: 414 */
#define HTTP_MAX_HEAD		65536	/* whole head with the blank line: 431 */
#define HTTP_MAX_FIELDS		128	/* field lines in one head: 431 */
#define HTTP_MAX_METHOD		64	/* method name: 400 */
#define HTTP_MAX_FIELDNAME	256	/* field name: 400 */
#define HTTP_MAX_CONNTOK	16	/* field names listed in Connection */
#define HTTP_MAX_CHUNKLINE	4096	/* chunk-size line with extensions */
#define HTTP_MAX_TRAILER	16384	/* trailer section of a chunked body */
#define HTTP_MAX_TRAILERLINE	8192	/* one trailer field line */
#define HTTP_MAX_CLEN		(UINT64_C(1) << 62)	/* body length */
#define HTTP_MAX_HOST		255	/* host name in a URL or Host */
#define HTTP_MAX_AUTH		1024	/* base64 credentials in Basic */
#define HTTP_MAX_USER		255	/* decoded user name */
#define HTTP_MAX_PASS		255	/* decoded password */

/* Parser errors (negative, as every parser of the suite). */
#define HTTP_E_SYNTAX	(-1)	/* malformed start line: 400 */
#define HTTP_E_FIELD	(-2)	/* malformed field line (obs-fold, CTL, ...) */
#define HTTP_E_LINE	(-3)	/* start line over HTTP_MAX_LINE: 414 */
#define HTTP_E_HEAD	(-4)	/* head over HTTP_MAX_HEAD or too many fields */
#define HTTP_E_VERSION	(-5)	/* well-formed but not HTTP/1.x: 505 */
#define HTTP_E_CLEN	(-6)	/* invalid or conflicting Content-Length */
#define HTTP_E_TE	(-7)	/* Transfer-Encoding other than "chunked" */
#define HTTP_E_TECL	(-8)	/* both Transfer-Encoding and Content-Length */
#define HTTP_E_DUP	(-9)	/* a second Host or Proxy-Authorization */
#define HTTP_E_CHUNK	(-10)	/* malformed chunked body */
#define HTTP_E_TRUNC	(-11)	/* the peer closed inside a body */

/* A span of the parsed buffer. */
struct http_span {
	uint32_t	off;
	uint32_t	len;
};

/* Field kinds the proxy acts on; one bit each so filters are masks. */
#define HF_OTHER	0x0000u
#define HF_CLEN		0x0001u	/* Content-Length */
#define HF_TENC		0x0002u	/* Transfer-Encoding */
#define HF_CONNECTION	0x0004u	/* Connection */
#define HF_PCONNECTION	0x0008u	/* Proxy-Connection */
#define HF_KEEPALIVE	0x0010u	/* Keep-Alive */
#define HF_TE		0x0020u	/* TE */
#define HF_TRAILER	0x0040u	/* Trailer */
#define HF_UPGRADE	0x0080u	/* Upgrade */
#define HF_HOST		0x0100u	/* Host */
#define HF_PAUTHZ	0x0200u	/* Proxy-Authorization */
#define HF_PROXY	0x0400u	/* any other Proxy-* field */
#define HF_EXPECT	0x0800u	/* Expect */
#define HF_NAMED	0x1000u	/* named by Connection: hop-by-hop */
/* Hop-by-hop fields of RFC 9110 s7.6.1, framing fields we regenerate. */
#define HF_HOPBYHOP	(HF_CONNECTION | HF_PCONNECTION | HF_KEEPALIVE | \
			    HF_TE | HF_TRAILER | HF_UPGRADE | HF_NAMED)
#define HF_FRAMING	(HF_CLEN | HF_TENC)

struct http_field {
	struct http_span	name;
	struct http_span	value;	/* without leading and trailing OWS */
	unsigned		kind;	/* HF_* */
};

/* Message flags. */
#define HTTP_F_CLOSE	0x0001u	/* Connection: close */
#define HTTP_F_KEEP	0x0002u	/* Connection: keep-alive */
#define HTTP_F_CUPGRADE	0x0004u	/* Connection: upgrade */
#define HTTP_F_WEBSOCKET 0x0008u /* Upgrade names websocket */
#define HTTP_F_EXPECT	0x0010u	/* Expect: 100-continue */
#define HTTP_F_HAS_CL	0x0020u
#define HTTP_F_HAS_TE	0x0040u
#define HTTP_F_PCLOSE	0x0080u	/* Proxy-Connection: close */
#define HTTP_F_PKEEP	0x0100u	/* Proxy-Connection: keep-alive */

/* Body framing stated by the head (RFC 9112 s6.3). */
#define HTTP_BODY_NONE		0	/* neither CL nor TE */
#define HTTP_BODY_LENGTH	1	/* Content-Length */
#define HTTP_BODY_CHUNKED	2	/* Transfer-Encoding: chunked */

/*
 * A request or response head. The parser keeps its place in it, so a head
 * that arrives in pieces is parsed once: call http_head_init(), then
 * http_parse_head() with the same (growing) bytes until it stops returning
 * PARSE_MORE. Spans are offsets from the start of the buffer given.
 */
struct http_head {
	int			 response;
	/* Parser position. */
	size_t			 pos;		/* next unparsed line */
	int			 have_start;
	int			 te_chunked;	/* chunked seen, and last */
	int			 te_count;	/* codings seen */
	/* Start line. */
	size_t			 start;		/* empty lines skipped */
	struct http_span	 method;
	struct http_span	 target;
	struct http_span	 reason;
	struct http_span	 line;		/* the start line, no CRLF */
	int			 minor;		/* HTTP/1.minor, 0 or 1 */
	int			 status;
	/* Fields. */
	size_t			 len;		/* whole head, when complete */
	int			 nfields;
	struct http_field	 f[HTTP_MAX_FIELDS];
	int			 nconn;
	struct http_span	 conn[HTTP_MAX_CONNTOK];
	int			 host;		/* index in f, or -1 */
	int			 pauthz;	/* index in f, or -1 */
	int			 upgrade;	/* index in f, or -1 */
	unsigned		 flags;		/* HTTP_F_* */
	int			 framing;	/* HTTP_BODY_* */
	uint64_t		 clen;
};

void	 http_head_init(struct http_head *, int response);
/*
 * Parse a request (or response) head from p[0..n). Returns PARSE_MORE until
 * the blank line that ends the head arrived, then PARSE_OK with h->len set,
 * or an HTTP_E_* error. The verdict depends only on the bytes, never on how
 * they were split: an error is returned as soon as a prefix shows it.
 * Framing is decided here, before any field is dropped as hop-by-hop.
 */
int	 http_parse_head(struct http_head *, const char *p, size_t n);

/* Case-insensitive comparison of a span with a C string. */
int	 http_span_is(const char *base, struct http_span, const char *s);

/* URL schemes. */
#define URL_ORIGIN	0	/* origin-form "/path": the target is Host */
#define URL_HTTP	1
#define URL_FTP		2
#define URL_AUTHORITY	3	/* CONNECT host:port */

/* A parsed request target or Host value. */
struct http_url {
	int			 scheme;
	char			 host[HTTP_MAX_HOST + 1];	/* lowercase,
						   no brackets around IPv6 */
	int			 v6;		/* an IPv6 literal */
	uint16_t		 port;		/* the scheme's default if none */
	int			 has_port;
	int			 has_userinfo;
	struct http_span	 user;		/* percent-encoded, in target */
	struct http_span	 pass;
	int			 has_pass;
	struct http_span	 authority;	/* host[:port] as written */
	struct http_span	 path;		/* from the first '/' or '?' */
};

/*
 * Parse a request target: absolute-form (http:// or ftp://), origin-form
 * (a leading '/'), or authority-form when connect is set. Returns 0, or -1
 * for a malformed or unsupported target (unknown scheme: -2).
 */
int	 http_parse_target(const char *t, size_t len, int connect,
	    struct http_url *);
/* Parse a Host field value (host[:port]) into u; 0 or -1. */
int	 http_parse_host(const char *v, size_t len, uint16_t defport,
	    struct http_url *);

/*
 * An incremental chunked-body decoder (RFC 9112 s7.1): strict hexadecimal
 * sizes with an overflow check, CRLF line ends only, extensions checked and
 * dropped, CRLF after every chunk's data, trailer fields checked. Lines are
 * consumed only whole, so the caller keeps unconsumed bytes and offers them
 * again with more; data is consumed as it comes.
 */
struct http_chunked {
	int		 state;
	uint64_t	 left;		/* data bytes left in this chunk */
	size_t		 trailer;	/* bytes of the trailer section so far */
};

/* Results of http_chunked_step() beyond PARSE_OK and PARSE_MORE. */
#define HTTP_CHUNK_DATA		2	/* a span of body data is ready */
#define HTTP_CHUNK_TRAILER	3	/* one trailer field line is ready */

void	 http_chunked_init(struct http_chunked *);
/*
 * Decode from in[0..n). Sets *used to the bytes consumed. Returns
 * HTTP_CHUNK_DATA with data at in[*doff..*doff + *dlen) (at most max bytes,
 * max > 0), HTTP_CHUNK_TRAILER with one trailer field line (without its
 * CRLF) at the same place, PARSE_OK after the final CRLF, PARSE_MORE when
 * nothing more can be decoded from these bytes, or HTTP_E_CHUNK. Any split
 * of the input gives the same data and the same verdict.
 */
int	 http_chunked_step(struct http_chunked *, const char *in, size_t n,
	    size_t max, size_t *used, size_t *doff, size_t *dlen);
/* Whether the decoder has seen the whole body. */
int	 http_chunked_done(const struct http_chunked *);

/*
 * A message body on its way through the proxy: read in one framing, written
 * in the framing the proxy chose. The proxy frames every byte it forwards
 * itself; chunk extensions are dropped, trailer fields are passed on when
 * the output is chunked.
 */
#define HTTP_BODY_CLOSE		3	/* input only: until the peer closes */
/* Room the output needs before any data is decoded into it. */
#define HTTP_BODY_RESERVE	(HTTP_MAX_TRAILERLINE + 64)

struct http_body {
	int			 in;		/* HTTP_BODY_* */
	int			 chunked_out;	/* re-frame as chunked */
	uint64_t		 left;		/* HTTP_BODY_LENGTH: bytes left */
	uint64_t		 bytes;		/* data bytes passed on */
	struct http_chunked	 ch;
	int			 zero_sent;	/* "0\r\n" written */
	int			 done;
};

void	 http_body_init(struct http_body *, int in, uint64_t clen,
	    int chunked_out);
/*
 * Move what can be moved from in to out (consuming in). eof says the source
 * has closed. Returns PARSE_OK once the whole body passed, PARSE_MORE when
 * it needs more input or more room in out (which must be at least
 * HTTP_BODY_RESERVE bytes big), HTTP_E_CHUNK for a bad chunked body, or
 * HTTP_E_TRUNC when the source closed before the body was complete.
 */
int	 http_body_step(struct http_body *, struct buf *in, struct buf *out,
	    int eof);

/*
 * Decode "Basic token68" credentials into user and pass (NUL-terminated,
 * bounded by HTTP_MAX_USER and HTTP_MAX_PASS). Returns 0, -1 when the
 * scheme is not Basic or the token is malformed (bad base64, no colon, a
 * control character, too long).
 */
int	 http_basic_auth(const char *v, size_t len, char *user, size_t ulen,
	    char *pass, size_t plen);
/* Standard base64 with padding; returns the decoded length or -1. */
int	 http_b64_decode(const char *in, size_t n, unsigned char *out,
	    size_t outlen);
/* Base64-encode n bytes into out (NUL-terminated); -1 when it won't fit. */
int	 http_b64_encode(const void *in, size_t n, char *out, size_t outlen);
/*
 * Percent-decode in[0..n) into out (NUL-terminated). Returns the length, or
 * -1 for a malformed escape, a result that does not fit, or a decoded CR,
 * LF or NUL (never allowed to reach a line-based protocol).
 */
int	 http_pct_decode(const char *in, size_t n, char *out, size_t outlen);
/* Append s with & < > " ' escaped as HTML; 0 or -1 when it won't fit. */
int	 http_html_escape(struct buf *, const char *s, size_t n);
/* Whether c may appear in a token (RFC 9110 s5.6.2). */
int	 http_is_tchar(unsigned char c);
/* The reason phrase of a status this proxy generates. */
const char *http_reason(int status);

/*
 * Copy the field lines of h (from base) to out, leaving out the kinds in
 * drop and the fields Connection named. Returns 0, or -1 (ENOBUFS).
 */
int	 http_copy_fields(struct buf *out, const char *base,
	    const struct http_head *h, unsigned drop);

#endif
