/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests of the HTTP parsers: heads, framing, targets, chunked, auth. */
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "http.h"
#include "unit.h"

static struct http_head H;

/* Parse s whole. */
static int
head(const char *s, int response)
{
	http_head_init(&H, response);
	return http_parse_head(&H, s, strlen(s));
}

/* Parse s one more byte at a time; the first verdict that is not MORE. */
static int
head_split(const char *s, int response)
{
	size_t n = strlen(s), i;
	int rc = PARSE_MORE;

	http_head_init(&H, response);
	for (i = 1; i <= n && rc == PARSE_MORE; i++)
		rc = http_parse_head(&H, s, i);
	return rc;
}

/* Both ways must agree; returns the verdict or 99 when they differ. */
static int
req(const char *s)
{
	int a = head_split(s, 0), b = head(s, 0);

	return a == b ? b : 99;
}

static int
resp(const char *s)
{
	int a = head_split(s, 1), b = head(s, 1);

	return a == b ? b : 99;
}

static char *
field_value(const char *base, const char *name)
{
	static char out[256];
	int i;

	for (i = 0; i < H.nfields; i++)
		if (http_span_is(base, H.f[i].name, name)) {
			memcpy(out, base + H.f[i].value.off, H.f[i].value.len);
			out[H.f[i].value.len] = '\0';
			return out;
		}
	return NULL;
}

static void
test_heads(void)
{
	const char *r = "GET http://example.com/x?y HTTP/1.1\r\n"
	    "Host: example.com\r\nX-A:  b c \t\r\nConnection: keep-alive, X-A\r\n"
	    "\r\nNEXT";
	char *big;
	int i;

	CHECK(req(r) == PARSE_OK, "simple request parses");
	CHECK(H.len == strlen(r) - 4, "head length stops at the blank line");
	CHECK(http_span_is(r, H.method, "GET"), "method");
	CHECK(http_span_is(r, H.target, "http://example.com/x?y"), "target");
	CHECK(H.minor == 1, "HTTP/1.1");
	CHECK_STR(field_value(r, "x-a"), "b c", "value trimmed of OWS");
	CHECK(H.flags & HTTP_F_KEEP, "Connection: keep-alive seen");
	CHECK((H.f[1].kind & HF_NAMED) != 0, "Connection names X-A");
	CHECK(H.framing == HTTP_BODY_NONE, "no body");
	CHECK(req("\r\n\r\nGET / HTTP/1.0\r\n\r\n") == PARSE_OK && H.minor == 0,
	    "leading empty lines skipped");
	CHECK(req("GET / HTTP/1.1\r\nHost: a\r\n") == PARSE_MORE,
	    "incomplete head wants more");
	CHECK(req("GET / HTTP/2.0\r\n\r\n") == HTTP_E_VERSION, "HTTP/2.0");
	CHECK(req("GET / HTTP/1.1 \r\n\r\n") == HTTP_E_SYNTAX,
	    "space after version");
	CHECK(req("GET  / HTTP/1.1\r\n\r\n") == HTTP_E_SYNTAX, "double space");
	CHECK(req("GET /\r\n\r\n") == HTTP_E_SYNTAX, "HTTP/0.9");
	CHECK(req("G(T / HTTP/1.1\r\n\r\n") == HTTP_E_SYNTAX, "bad method");
	CHECK(req("GET /\x01 HTTP/1.1\r\n\r\n") == HTTP_E_SYNTAX,
	    "CTL in target");
	CHECK(req("GET / HTTP/1.1\n\r\n") == HTTP_E_SYNTAX,
	    "bare LF ends the request line");
	CHECK(req("GET / HTTP/1.1\r\nA: b\n\r\n") == HTTP_E_FIELD,
	    "bare LF ends a field line");
	/* H6 obs-fold, H7 name oddities. */
	CHECK(req("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n") == HTTP_E_FIELD,
	    "obs-fold");
	CHECK(req("GET / HTTP/1.1\r\nTransfer-Encoding:\r\n chunked\r\n\r\n")
	    == HTTP_E_FIELD, "obs-fold in Transfer-Encoding");
	CHECK(req("GET / HTTP/1.1\r\n: x\r\n\r\n") == HTTP_E_FIELD,
	    "empty name");
	CHECK(req("GET / HTTP/1.1\r\nX A: b\r\n\r\n") == HTTP_E_FIELD,
	    "space in name");
	CHECK(req("GET / HTTP/1.1\r\nHost : a\r\n\r\n") == HTTP_E_FIELD,
	    "space before colon");
	{
		/* H7 and H8: a field name of 257 bytes, a method of 65. */
		char lim[512];

		snprintf(lim, sizeof(lim), "GET / HTTP/1.1\r\n%0256d: b\r\n"
		    "\r\n", 0);
		CHECK(req(lim) == PARSE_OK, "field name of 256 bytes");
		snprintf(lim, sizeof(lim), "GET / HTTP/1.1\r\n%0257d: b\r\n"
		    "\r\n", 0);
		CHECK(req(lim) == HTTP_E_FIELD, "field name of 257 bytes");
		snprintf(lim, sizeof(lim), "%064d / HTTP/1.1\r\n\r\n", 0);
		CHECK(req(lim) == PARSE_OK, "method of 64 bytes");
		snprintf(lim, sizeof(lim), "%065d / HTTP/1.1\r\n\r\n", 0);
		CHECK(req(lim) == HTTP_E_SYNTAX, "method of 65 bytes");
	}
	CHECK(req("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n") == HTTP_E_FIELD,
	    "bare CR in value");
	CHECK(req("GET / HTTP/1.1\r\nX: a\x7f\r\n\r\n") == HTTP_E_FIELD,
	    "DEL in value");
	{
		static const char nul[] = "GET / HTTP/1.1\r\nX: a\0b\r\n\r\n";

		http_head_init(&H, 0);
		CHECK(http_parse_head(&H, nul, sizeof(nul) - 1) ==
		    HTTP_E_FIELD, "NUL in value");
	}
	CHECK(req("GET / HTTP/1.1\r\nX: \xc3\xa9\r\n\r\n") == PARSE_OK,
	    "obs-text in value");
	CHECK(req("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") ==
	    HTTP_E_DUP, "two Host fields");
	CHECK(req("GET / HTTP/1.1\r\nProxy-Authorization: a\r\n"
	    "Proxy-Authorization: b\r\n\r\n") == HTTP_E_DUP,
	    "two Proxy-Authorization fields");

	/* Limits: H8. */
	big = malloc(HTTP_MAX_HEAD * 2);
	memcpy(big, "GET /", 5);
	memset(big + 5, 'a', HTTP_MAX_LINE);
	strcpy(big + 5 + HTTP_MAX_LINE, " HTTP/1.1\r\n\r\n");
	CHECK(req(big) == HTTP_E_LINE, "request line over the limit: 414");
	memset(big + 5, 'a', HTTP_MAX_LINE - 16);
	strcpy(big + 5 + HTTP_MAX_LINE - 16, " HTTP/1.1\r\n\r\n");
	CHECK(req(big) == PARSE_OK, "request line just under the limit");
	strcpy(big, "GET / HTTP/1.1\r\nX: ");
	memset(big + 19, 'b', HTTP_MAX_HEAD);
	strcpy(big + 19 + HTTP_MAX_HEAD, "\r\n\r\n");
	CHECK(req(big) == HTTP_E_HEAD, "head over the limit: 431");
	strcpy(big, "GET / HTTP/1.1\r\n");
	for (i = 0; i <= HTTP_MAX_FIELDS; i++)
		strcat(big, "A: b\r\n");
	strcat(big, "\r\n");
	CHECK(req(big) == HTTP_E_HEAD, "too many fields: 431");
	free(big);

	CHECK(resp("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n") == PARSE_OK
	    && H.status == 200 && H.framing == HTTP_BODY_LENGTH &&
	    H.clen == 5, "response with Content-Length");
	CHECK(resp("HTTP/1.0 204\r\n\r\n") == PARSE_OK && H.status == 204 &&
	    H.minor == 0, "status line without reason");
	CHECK(resp("HTTP/1.1 099 X\r\n\r\n") == HTTP_E_SYNTAX, "status 099");
	CHECK(resp("HTTP/1.1 20 OK\r\n\r\n") == HTTP_E_SYNTAX, "status 2 digits");
	CHECK(resp("\r\nHTTP/1.1 200 OK\r\n\r\n") == HTTP_E_SYNTAX,
	    "no empty line before a status line");
	CHECK(resp("HTTP/1.1 200 OK\r\nX: \x01\r\n\r\n") == HTTP_E_FIELD,
	    "CTL in a response field");
}

static void
test_framing(void)
{
	static const char *bad_cl[] = {
		"-1", "+5", " 5 5", "0x10", "5a", "18446744073709551616", "",
		"5\v", "5, 6", "5,", ",5", "5,,5", "4611686018427387905",
	};
	static const char *bad_te[] = {
		"chunked, chunked", "gzip, chunked", "chunked, gzip", "gzip",
		"identity", "xchunked", "chunked;q=1", "\vchunked", ",",
	};
	char r[256];
	size_t i;

	CHECK(req("POST / HTTP/1.1\r\nContent-Length: 31\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n") == HTTP_E_TECL,
	    "H1 CL and TE: refused");
	CHECK(req("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Length: 31\r\n\r\n") == HTTP_E_TECL,
	    "H1 TE then CL: refused");
	CHECK(req("POST / HTTP/1.1\r\nContent-Length: 5\r\n"
	    "Content-Length: 6\r\n\r\n") == HTTP_E_CLEN, "H2 differing CL");
	CHECK(req("POST / HTTP/1.1\r\nContent-Length: 5\r\n"
	    "Content-Length: 5\r\n\r\n") == PARSE_OK && H.clen == 5,
	    "H2 identical CL collapses");
	CHECK(req("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n") ==
	    PARSE_OK && H.clen == 5, "H2 identical list collapses");
	for (i = 0; i < nitems(bad_cl); i++) {
		snprintf(r, sizeof(r), "POST / HTTP/1.1\r\nContent-Length: %s"
		    "\r\n\r\n", bad_cl[i]);
		CHECK(req(r) < 0, "H3 invalid Content-Length refused");
	}
	CHECK(req("POST / HTTP/1.1\r\nContent-Length: 4611686018427387904\r\n"
	    "\r\n") == PARSE_OK, "largest Content-Length");
	for (i = 0; i < nitems(bad_te); i++) {
		snprintf(r, sizeof(r), "POST / HTTP/1.1\r\nTransfer-Encoding: "
		    "%s\r\n\r\n", bad_te[i]);
		CHECK(req(r) < 0, "H4 Transfer-Encoding spelling refused");
	}
	CHECK(req("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n") == HTTP_E_TE,
	    "chunked twice over two fields");
	CHECK(req("POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n") ==
	    HTTP_E_FIELD, "space before colon in TE");
	CHECK(req("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") ==
	    HTTP_E_TE, "TE in an HTTP/1.0 request");
	CHECK(req("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n") ==
	    PARSE_OK && H.framing == HTTP_BODY_CHUNKED, "chunked, any case");
	CHECK(req("POST / HTTP/1.1\r\nTransfer-Encoding: , chunked\r\n\r\n") ==
	    PARSE_OK && H.framing == HTTP_BODY_CHUNKED,
	    "empty list elements skipped");
	/* H11: Connection naming the framing fields changes nothing. */
	CHECK(req("POST / HTTP/1.1\r\nConnection: close, Connection, "
	    "Proxy-Connection, Content-Length, Transfer-Encoding, Host\r\n"
	    "Content-Length: 3\r\nHost: a\r\n\r\n") == PARSE_OK &&
	    H.framing == HTTP_BODY_LENGTH && H.clen == 3 &&
	    (H.flags & HTTP_F_CLOSE) && H.host == 2,
	    "H11 framing decided before hop-by-hop removal");
	CHECK(req("GET / HTTP/1.1\r\nConnection: a b\r\n\r\n") == HTTP_E_FIELD,
	    "Connection with a non-token");
	CHECK(req("GET / HTTP/1.1\r\nUpgrade: WebSocket/13\r\n"
	    "Connection: Upgrade\r\n\r\n") == PARSE_OK &&
	    (H.flags & HTTP_F_WEBSOCKET) && (H.flags & HTTP_F_CUPGRADE),
	    "websocket upgrade seen");
	CHECK(req("PUT / HTTP/1.1\r\nExpect: 100-Continue\r\n\r\n") ==
	    PARSE_OK && (H.flags & HTTP_F_EXPECT), "Expect: 100-continue");
	CHECK(resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Length: 3\r\n\r\n") == HTTP_E_TECL,
	    "H10 response with CL and TE");
	CHECK(resp("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") ==
	    HTTP_E_CLEN, "H10 response CL -1");
	CHECK(resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") ==
	    HTTP_E_TE, "H10 response TE gzip");
}

static void
test_copy(void)
{
	const char *r = "GET http://a/ HTTP/1.1\r\nHost: x\r\nKeep-Alive: 5\r\n"
	    "X-Hop: 1\r\nConnection: x-hop\r\nTE: trailers\r\nAccept: */*\r\n"
	    "Proxy-Authorization: Basic eDp5\r\nContent-Length: 0\r\n\r\n";
	struct buf b;

	CHECK(req(r) == PARSE_OK, "hop-by-hop request parses");
	buf_init(&b, 1024);
	CHECK(http_copy_fields(&b, r, &H, HF_HOPBYHOP | HF_FRAMING | HF_HOST |
	    HF_PAUTHZ) == 0, "copy fields");
	buf_append(&b, "", 1);
	CHECK_STR(buf_head(&b), "Accept: */*\r\n", "only end-to-end fields");
	buf_free(&b);
}

static int
url(const char *t, int connect, struct http_url *u)
{
	return http_parse_target(t, strlen(t), connect, u);
}

static void
test_targets(void)
{
	const char *t;
	struct http_url u;

	t = "http://Example.COM:8080/a/b?c=d";
	CHECK(url(t, 0, &u) == 0 && u.scheme == URL_HTTP &&
	    strcmp(u.host, "example.com") == 0 && u.port == 8080 &&
	    u.has_port, "absolute http URL");
	CHECK(http_span_is(t, u.path, "/a/b?c=d") &&
	    http_span_is(t, u.authority, "Example.COM:8080"), "path, authority");
	CHECK(url("http://h", 0, &u) == 0 && u.port == 80 && u.path.len == 0,
	    "default port, empty path");
	CHECK(url("http://h:/x", 0, &u) == 0 && u.port == 80,
	    "empty port is the default");
	CHECK(url("http://[::1]:8080/", 0, &u) == 0 && u.v6 &&
	    strcmp(u.host, "::1") == 0 && u.port == 8080, "IPv6 literal");
	CHECK(url("http://[::1/", 0, &u) == -1, "unclosed bracket");
	CHECK(url("http://[zz]/", 0, &u) == -1, "bad IPv6 literal");
	t = "ftp://us%20er:p:w@ftp.example.org/pub/f.txt";
	CHECK(url(t, 0, &u) == 0 && u.scheme == URL_FTP && u.port == 21 &&
	    u.has_userinfo && http_span_is(t, u.user, "us%20er") &&
	    u.has_pass && http_span_is(t, u.pass, "p:w"), "ftp URL with login");
	CHECK(url("ftp://a@b@h/", 0, &u) == -1, "two @ in the authority");
	CHECK(url("https://h/", 0, &u) == -2, "https unsupported");
	CHECK(url("gopher://h/", 0, &u) == -2, "gopher unsupported");
	CHECK(url("http:/h/", 0, &u) == -1, "missing //");
	CHECK(url("http://h:99999/", 0, &u) == -1, "port out of range");
	CHECK(url("*", 0, &u) == 0 && u.scheme == URL_ORIGIN &&
	    u.path.len == 1, "asterisk form");
	CHECK(url("http://h:0/", 0, &u) == -1, "port 0");
	CHECK(url("http://h:000080/", 0, &u) == 0 && u.port == 80 &&
	    url("http://h:0000000/", 0, &u) == -1 &&
	    url("http://h:0065536/", 0, &u) == -1, "leading zeros in a port");
	CHECK(url("http://h:-1/", 0, &u) == -1, "port -1");
	CHECK(url("http://h_a!/", 0, &u) == -1, "bad host character");
	CHECK(url("http://h/#frag", 0, &u) == -1, "fragment");
	CHECK(url("http:///x", 0, &u) == -1, "empty host");
	CHECK(url("/index.html", 0, &u) == 0 && u.scheme == URL_ORIGIN,
	    "origin-form");
	CHECK(url("example.com:443", 1, &u) == 0 && u.scheme == URL_AUTHORITY &&
	    u.port == 443, "CONNECT authority");
	CHECK(url("[::1]:443", 1, &u) == 0 && u.v6, "CONNECT IPv6");
	CHECK(url("example.com", 1, &u) == -1, "CONNECT without port");
	CHECK(url("u@example.com:443", 1, &u) == -1, "CONNECT with userinfo");
	CHECK(url("example.com:443/x", 1, &u) == -1, "CONNECT with a path");
	CHECK(http_parse_host("a.b:81", 6, 80, &u) == 0 && u.port == 81,
	    "Host with port");
	CHECK(http_parse_host("", 0, 80, &u) == -1, "empty Host");
}

/* Decode a chunked body whole or split; the decoded data and verdict. */
static int
chunked(const char *in, size_t n, int split, char *out, size_t *outlen)
{
	struct http_chunked c;
	char buf[8192];
	size_t have = 0, fed = 0, used, doff, dlen;
	int rc = PARSE_MORE;

	http_chunked_init(&c);
	*outlen = 0;
	while (rc == PARSE_MORE || rc == HTTP_CHUNK_DATA ||
	    rc == HTTP_CHUNK_TRAILER) {
		if (rc == PARSE_MORE) {
			size_t add = split ? 1 : n - fed;

			if (fed == n)
				break;
			memcpy(buf + have, in + fed, add);
			have += add;
			fed += add;
		}
		rc = http_chunked_step(&c, buf, have, 3, &used, &doff, &dlen);
		if (rc == HTTP_CHUNK_DATA) {
			memcpy(out + *outlen, buf + doff, dlen);
			*outlen += dlen;
		}
		if (rc == HTTP_CHUNK_TRAILER) {
			memcpy(out + *outlen, "[", 1);
			memcpy(out + *outlen + 1, buf + doff, dlen);
			*outlen += dlen + 1;
		}
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	return rc;
}

static int
chunk_verdict(const char *in)
{
	char o1[4096], o2[4096];
	size_t l1, l2;
	int a = chunked(in, strlen(in), 0, o1, &l1);
	int b = chunked(in, strlen(in), 1, o2, &l2);

	if (a != b || (a == PARSE_OK && (l1 != l2 || memcmp(o1, o2, l1) != 0)))
		return 99;
	return a;
}

static void
test_chunked(void)
{
	static const char *bad[] = {
		"ffffffffffffffff1\r\n", "-1\r\n", "0x5\r\nhello\r\n0\r\n\r\n",
		"5 \r\nhello\r\n0\r\n\r\n", "5\nhello\r\n0\r\n\r\n",
		"5;a\nb\r\nhello\r\n0\r\n\r\n", "5;a=\"x\r\n\"\r\nhello\r\n",
		"5\r\nhelloXX0\r\n\r\n", "5\r\nhello\n0\r\n\r\n",
		"\r\n", "5;\r\nhello\r\n", "5;a=\r\nhello\r\n",
		"0\r\nX : y\r\n\r\n", "0\r\n y\r\n\r\n", "5\r\nhello\r\r\n",
	};
	char out[4096];
	size_t n, i;
	const char *ok = "5;name=val;q=\"a \\\" b\"\r\nhello\r\n"
	    "1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-T: 1\r\n\r\n";

	CHECK(chunk_verdict(ok) == PARSE_OK, "chunked body with ext, trailer");
	chunked(ok, strlen(ok), 1, out, &n);
	out[n] = '\0';
	CHECK_STR(out, "helloabcdefghijklmnopqrstuvwxyz[X-T: 1",
	    "decoded data and trailer");
	for (i = 0; i < nitems(bad); i++)
		CHECK(chunk_verdict(bad[i]) == HTTP_E_CHUNK,
		    "H5 bad chunk framing refused");
	CHECK(chunk_verdict("5\r\nhel") == PARSE_MORE,
	    "missing last chunk wants more");
	CHECK(chunk_verdict("0000000000000005\r\nhello\r\n0\r\n\r\n") ==
	    PARSE_OK, "leading zeros");
}

/* Trailer fields a trailer must not carry are not passed on. */
static void
test_trailer_filter(void)
{
	static const char body[] = "3\r\nabc\r\n0\r\nX-T: 1\r\n"
	    "Proxy-Authorization: Basic eDp5\r\nConnection: close\r\n"
	    "TE: trailers\r\nContent-Length: 3\r\nX-U: 2\r\n\r\n";
	struct http_body hb;
	struct buf in, out;
	int rc;

	buf_init(&in, 1024);
	buf_init(&out, 1024 + HTTP_BODY_RESERVE);
	(void)buf_append(&in, body, sizeof(body) - 1);
	http_body_init(&hb, HTTP_BODY_CHUNKED, 0, 1);
	rc = http_body_step(&hb, &in, &out, 0);
	(void)buf_append(&out, "", 1);
	CHECK(rc == PARSE_OK && hb.done, "body with trailers read");
	CHECK_STR(buf_head(&out), "3\r\nabc\r\n0\r\nX-T: 1\r\nX-U: 2\r\n"
	    "\r\n", "trailer: hop-by-hop, framing and proxy fields dropped");
	buf_free(&in);
	buf_free(&out);
}

static void
test_auth(void)
{
	char u[HTTP_MAX_USER + 1], p[HTTP_MAX_PASS + 1], v[2048];
	unsigned char raw[600];
	const char *bad[] = {
		"Basic", "Basic ", "Basic !!!!", "Basic dXNlcg==",
		"Digest dXNlcjpwYXNz", "Basic dXNlcjpwYXNz=", "Basic dXNlcjpwYXN",
	};
	size_t i;

	CHECK(http_basic_auth("Basic dXNlcjpwYXNz", 18, u, sizeof(u), p,
	    sizeof(p)) == 0 && strcmp(u, "user") == 0 &&
	    strcmp(p, "pass") == 0, "Basic user:pass");
	CHECK(http_basic_auth("basic   dTo=", 12, u, sizeof(u), p,
	    sizeof(p)) == 0 && strcmp(u, "u") == 0 && p[0] == '\0',
	    "empty password");
	for (i = 0; i < nitems(bad); i++)
		CHECK(http_basic_auth(bad[i], strlen(bad[i]), u, sizeof(u), p,
		    sizeof(p)) == -1, "H14 junk credentials refused");
	memset(raw, 'a', 300);
	raw[300] = ':';
	strcpy(v, "Basic ");
	http_b64_encode(raw, 301, v + 6, sizeof(v) - 6);
	CHECK(http_basic_auth(v, strlen(v), u, sizeof(u), p, sizeof(p)) == -1,
	    "300-byte user refused");
	memcpy(raw, "a:\x01", 3);
	http_b64_encode(raw, 3, v + 6, sizeof(v) - 6);
	CHECK(http_basic_auth(v, strlen(v), u, sizeof(u), p, sizeof(p)) == -1,
	    "control character refused");
	CHECK(http_pct_decode("a%20b%2F", 8, v, sizeof(v)) == 4 &&
	    strcmp(v, "a b/") == 0, "percent decoding");
	CHECK(http_pct_decode("a%0d%0aDELE", 11, v, sizeof(v)) == -1,
	    "decoded CR LF refused");
	CHECK(http_pct_decode("a%00", 4, v, sizeof(v)) == -1,
	    "decoded NUL refused");
	CHECK(http_pct_decode("a%2", 3, v, sizeof(v)) == -1, "short escape");
	CHECK(http_pct_decode("a%zz", 4, v, sizeof(v)) == -1, "bad escape");
	{
		struct buf b;

		buf_init(&b, 64);
		http_html_escape(&b, "<a href=\"x\">&'", 14);
		buf_append(&b, "", 1);
		CHECK_STR(buf_head(&b),
		    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;", "html escape");
		buf_free(&b);
	}
}

int
main(void)
{
	test_heads();
	test_framing();
	test_copy();
	test_targets();
	test_chunked();
	test_trailer_filter();
	test_auth();
	UNIT_DONE();
}
