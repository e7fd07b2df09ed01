/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* HTTP/1.1 message parsing and framing (RFC 9110, RFC 9112): pure functions. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "http.h"
#include "net.h"
#include "resolv.h"

/* RFC 9110 s5.6.2: tchar. */
static const unsigned char tchar_tab[256] = {
	['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1,
	['*'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1, ['^'] = 1, ['_'] = 1,
	['`'] = 1, ['|'] = 1, ['~'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

int
http_is_tchar(unsigned char c)
{
	return tchar_tab[c];
}

/* field-vchar, SP or HTAB (RFC 9110 s5.5): no CTL, no DEL. */
static int
is_fieldchar(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Case-insensitive equality of p[0..n) and the C string s. */
static int
ieq(const char *p, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || lower((unsigned char)p[i]) !=
		    lower((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}

/* Case-insensitive equality of two spans of one buffer. */
static int
span_ieq(const char *p, struct http_span a, struct http_span b)
{
	uint32_t i;

	if (a.len != b.len)
		return 0;
	for (i = 0; i < a.len; i++)
		if (lower((unsigned char)p[a.off + i]) !=
		    lower((unsigned char)p[b.off + i]))
			return 0;
	return 1;
}

int
http_span_is(const char *base, struct http_span sp, const char *s)
{
	return ieq(base + sp.off, sp.len, s);
}

static struct http_span
span(size_t off, size_t len)
{
	struct http_span s;

	s.off = (uint32_t)off;
	s.len = (uint32_t)len;
	return s;
}

void
http_head_init(struct http_head *h, int response)
{
	h->response = response;
	h->pos = 0;
	h->have_start = 0;
	h->te_chunked = 0;
	h->te_count = 0;
	h->start = 0;
	h->method = h->target = h->reason = h->line = span(0, 0);
	h->minor = 0;
	h->status = 0;
	h->len = 0;
	h->nfields = 0;
	h->nconn = 0;
	h->host = h->pauthz = h->upgrade = -1;
	h->flags = 0;
	h->framing = HTTP_BODY_NONE;
	h->clen = 0;
}

/* "HTTP/1.x" at p[0..8); the minor version, or an error. */
static int
parse_version(const char *p, size_t n)
{
	if (n != 8 || memcmp(p, "HTTP/", 5) != 0 || p[6] != '.' ||
	    p[5] < '0' || p[5] > '9' || p[7] < '0' || p[7] > '9')
		return HTTP_E_SYNTAX;
	if (p[5] != '1')
		return HTTP_E_VERSION;
	return p[7] == '0' ? 0 : 1;
}

/* RFC 9112 s3: method SP request-target SP HTTP-version. */
static int
parse_request_line(struct http_head *h, const char *p, size_t b, size_t e)
{
	size_t i = b, m, t;
	int v;

	while (i < e && tchar_tab[(unsigned char)p[i]])
		i++;
	if (i == b || i >= e || p[i] != ' ' || i - b > HTTP_MAX_METHOD)
		return HTTP_E_SYNTAX;
	m = i++;
	t = i;
	while (i < e && (unsigned char)p[i] > 0x20 &&
	    (unsigned char)p[i] < 0x7f)
		i++;
	if (i == t || i >= e || p[i] != ' ')
		return HTTP_E_SYNTAX;
	h->method = span(b, m - b);
	h->target = span(t, i - t);
	i++;
	if ((v = parse_version(p + i, e - i)) < 0)
		return v;
	h->minor = v;
	return 0;
}

/* RFC 9112 s4: HTTP-version SP 3DIGIT SP [reason-phrase]. */
static int
parse_status_line(struct http_head *h, const char *p, size_t b, size_t e)
{
	size_t i;
	int v;

	if (e - b < 12)
		return HTTP_E_SYNTAX;
	if ((v = parse_version(p + b, 8)) < 0)
		return v;
	h->minor = v;
	i = b + 8;
	if (p[i] != ' ' || p[i + 1] < '1' || p[i + 1] > '5' ||
	    p[i + 2] < '0' || p[i + 2] > '9' || p[i + 3] < '0' ||
	    p[i + 3] > '9')
		return HTTP_E_SYNTAX;
	h->status = (p[i + 1] - '0') * 100 + (p[i + 2] - '0') * 10 +
	    (p[i + 3] - '0');
	i += 4;
	/* Servers that omit the SP before an empty reason are common. */
	if (i < e && p[i++] != ' ')
		return HTTP_E_SYNTAX;
	h->reason = span(i, e - i);
	for (; i < e; i++)
		if (!is_fieldchar((unsigned char)p[i]))
			return HTTP_E_SYNTAX;
	return 0;
}

/* One element of a comma list: trims OWS; returns the end of the element. */
static size_t
list_elem(const char *p, size_t i, size_t e, size_t *eb, size_t *ee)
{
	size_t j = i;

	while (j < e && p[j] != ',')
		j++;
	*eb = i;
	*ee = j;
	while (*eb < *ee && is_ows(p[*eb]))
		(*eb)++;
	while (*ee > *eb && is_ows(p[*ee - 1]))
		(*ee)--;
	return j;
}

static int
is_token(const char *p, size_t b, size_t e)
{
	size_t i;

	if (b == e)
		return 0;
	for (i = b; i < e; i++)
		if (!tchar_tab[(unsigned char)p[i]])
			return 0;
	return 1;
}

/*
 * RFC 9112 s6.3 item 5, RFC 9110 s8.6: 1*DIGIT, or a list of identical
 * values; anything else makes the framing unrecoverable.
 */
static int
parse_clen(struct http_head *h, const char *p, size_t b, size_t e)
{
	size_t i = b, eb, ee, k;

	if (b == e)
		return HTTP_E_CLEN;
	while (i <= e) {
		uint64_t v = 0;

		i = list_elem(p, i, e, &eb, &ee);
		if (eb == ee)
			return HTTP_E_CLEN;
		for (k = eb; k < ee; k++) {
			unsigned d = (unsigned char)p[k] - '0';

			if (d > 9 || v > (HTTP_MAX_CLEN - d) / 10)
				return HTTP_E_CLEN;
			v = v * 10 + d;
		}
		if ((h->flags & HTTP_F_HAS_CL) && v != h->clen)
			return HTTP_E_CLEN;
		h->clen = v;
		h->flags |= HTTP_F_HAS_CL;
		i++;
	}
	return 0;
}

/*
 * RFC 9112 s6.1: the proxy understands exactly one coding, chunked, which
 * must come last and only once. Empty list elements are skipped (RFC 9110
 * s5.6.1). Anything else cannot be framed, so it is refused.
 */
static int
parse_tenc(struct http_head *h, const char *p, size_t b, size_t e)
{
	size_t i = b, eb, ee;

	h->flags |= HTTP_F_HAS_TE;
	while (i <= e) {
		i = list_elem(p, i, e, &eb, &ee);
		i++;
		if (eb == ee)
			continue;
		h->te_count++;
		if (h->te_chunked || !ieq(p + eb, ee - eb, "chunked"))
			return HTTP_E_TE;
		h->te_chunked = 1;
	}
	return 0;
}

static int
parse_connection(struct http_head *h, const char *p, size_t b, size_t e,
    int proxy)
{
	size_t i = b, eb, ee;

	while (i <= e) {
		i = list_elem(p, i, e, &eb, &ee);
		i++;
		if (eb == ee)
			continue;
		if (!is_token(p, eb, ee)) {
			if (proxy)
				continue;
			return HTTP_E_FIELD;
		}
		if (ieq(p + eb, ee - eb, "close"))
			h->flags |= proxy ? HTTP_F_PCLOSE : HTTP_F_CLOSE;
		else if (ieq(p + eb, ee - eb, "keep-alive"))
			h->flags |= proxy ? HTTP_F_PKEEP : HTTP_F_KEEP;
		else if (proxy)
			continue;
		else if (ieq(p + eb, ee - eb, "upgrade"))
			h->flags |= HTTP_F_CUPGRADE;
		else {
			if (h->nconn == HTTP_MAX_CONNTOK)
				return HTTP_E_FIELD;
			h->conn[h->nconn++] = span(eb, ee - eb);
		}
	}
	return 0;
}

static void
parse_upgrade(struct http_head *h, const char *p, size_t b, size_t e)
{
	size_t i = b, eb, ee, k;

	while (i <= e) {
		i = list_elem(p, i, e, &eb, &ee);
		i++;
		/* protocol-name ["/" protocol-version] */
		for (k = eb; k < ee && p[k] != '/'; k++)
			;
		if (ieq(p + eb, k - eb, "websocket"))
			h->flags |= HTTP_F_WEBSOCKET;
	}
}

static unsigned
field_kind(const char *n, size_t len)
{
	switch (lower((unsigned char)n[0])) {
	case 'c':
		if (ieq(n, len, "content-length"))
			return HF_CLEN;
		if (ieq(n, len, "connection"))
			return HF_CONNECTION;
		break;
	case 'e':
		if (ieq(n, len, "expect"))
			return HF_EXPECT;
		break;
	case 'h':
		if (ieq(n, len, "host"))
			return HF_HOST;
		break;
	case 'k':
		if (ieq(n, len, "keep-alive"))
			return HF_KEEPALIVE;
		break;
	case 'p':
		if (ieq(n, len, "proxy-connection"))
			return HF_PCONNECTION;
		if (ieq(n, len, "proxy-authorization"))
			return HF_PAUTHZ;
		if (len > 6 && ieq(n, 6, "proxy-"))
			return HF_PROXY;
		break;
	case 't':
		if (ieq(n, len, "transfer-encoding"))
			return HF_TENC;
		if (ieq(n, len, "te"))
			return HF_TE;
		if (ieq(n, len, "trailer"))
			return HF_TRAILER;
		break;
	case 'u':
		if (ieq(n, len, "upgrade"))
			return HF_UPGRADE;
		break;
	default:
		break;
	}
	return HF_OTHER;
}

/*
 * Check a field line p[b..e) (no CRLF): RFC 9112 s5.1, no whitespace before
 * the colon, no obs-fold (s5.2), no CTL in the value. Sets the name and the
 * trimmed value.
 */
static int
check_field(const char *p, size_t b, size_t e, struct http_span *name,
    struct http_span *value)
{
	size_t i = b, vb, ve;

	while (i < e && tchar_tab[(unsigned char)p[i]])
		i++;
	if (i == b || i >= e || p[i] != ':' || i - b > HTTP_MAX_FIELDNAME)
		return HTTP_E_FIELD;
	*name = span(b, i - b);
	for (vb = ++i; i < e; i++)
		if (!is_fieldchar((unsigned char)p[i]))
			return HTTP_E_FIELD;
	ve = e;
	while (vb < ve && is_ows(p[vb]))
		vb++;
	while (ve > vb && is_ows(p[ve - 1]))
		ve--;
	*value = span(vb, ve - vb);
	return 0;
}

static int
parse_field(struct http_head *h, const char *p, size_t b, size_t e)
{
	struct http_field *f;
	size_t vb, ve;
	int rc;

	if (h->nfields == HTTP_MAX_FIELDS)
		return HTTP_E_HEAD;
	f = &h->f[h->nfields];
	if ((rc = check_field(p, b, e, &f->name, &f->value)) < 0)
		return rc;
	f->kind = field_kind(p + f->name.off, f->name.len);
	vb = f->value.off;
	ve = vb + f->value.len;
	rc = 0;
	switch (f->kind) {
	case HF_CLEN:
		rc = parse_clen(h, p, vb, ve);
		break;
	case HF_TENC:
		rc = parse_tenc(h, p, vb, ve);
		break;
	case HF_CONNECTION:
		rc = parse_connection(h, p, vb, ve, 0);
		break;
	case HF_PCONNECTION:
		rc = parse_connection(h, p, vb, ve, 1);
		break;
	case HF_HOST:
		if (h->host != -1)
			return HTTP_E_DUP;
		h->host = h->nfields;
		break;
	case HF_PAUTHZ:
		if (h->pauthz != -1)
			return HTTP_E_DUP;
		h->pauthz = h->nfields;
		break;
	case HF_UPGRADE:
		if (h->upgrade == -1)
			h->upgrade = h->nfields;
		parse_upgrade(h, p, vb, ve);
		break;
	case HF_EXPECT:
		if (ieq(p + vb, ve - vb, "100-continue"))
			h->flags |= HTTP_F_EXPECT;
		break;
	default:
		break;
	}
	if (rc < 0)
		return rc;
	h->nfields++;
	return 0;
}

/* The blank line arrived: mark what Connection named, decide the framing. */
static int
finish_head(struct http_head *h, const char *p)
{
	int i, j;

	for (i = 0; i < h->nfields; i++)
		for (j = 0; j < h->nconn; j++)
			if (span_ieq(p, h->f[i].name, h->conn[j])) {
				h->f[i].kind |= HF_NAMED;
				break;
			}
	/* RFC 9112 s6.1: TE and CL together is an attack; refuse it. */
	if ((h->flags & HTTP_F_HAS_TE) && (h->flags & HTTP_F_HAS_CL))
		return HTTP_E_TECL;
	if (h->flags & HTTP_F_HAS_TE) {
		/* No coding at all, or TE from an HTTP/1.0 peer. */
		if (!h->te_chunked || h->minor == 0)
			return HTTP_E_TE;
		h->framing = HTTP_BODY_CHUNKED;
	} else if (h->flags & HTTP_F_HAS_CL)
		h->framing = HTTP_BODY_LENGTH;
	return PARSE_OK;
}

int
http_parse_head(struct http_head *h, const char *p, size_t n)
{
	const char *lf;
	size_t i, e;
	int rc;

	if (!h->have_start) {
		/* RFC 9112 s2.2: ignore empty lines before a request. */
		i = h->start;
		while (!h->response && i < n && p[i] == '\r') {
			if (i + 1 >= n)
				break;
			if (p[i + 1] != '\n')
				return HTTP_E_SYNTAX;
			i += 2;
		}
		h->start = i;
		if (i >= HTTP_MAX_LINE)
			return HTTP_E_LINE;
		lf = i < n ? memchr(p + i, '\n', n - i) : NULL;
		if (lf == NULL)
			return n - i >= HTTP_MAX_LINE ? HTTP_E_LINE : PARSE_MORE;
		e = (size_t)(lf - p) + 1;
		if (e - i > HTTP_MAX_LINE)
			return HTTP_E_LINE;
		if (e - i < 2 || p[e - 2] != '\r')
			return HTTP_E_SYNTAX;
		rc = h->response ? parse_status_line(h, p, i, e - 2) :
		    parse_request_line(h, p, i, e - 2);
		if (rc < 0)
			return rc;
		h->line = span(i, e - 2 - i);
		h->have_start = 1;
		h->pos = e;
	}
	for (;;) {
		i = h->pos;
		lf = i < n ? memchr(p + i, '\n', n - i) : NULL;
		if (lf == NULL)
			return n >= HTTP_MAX_HEAD ? HTTP_E_HEAD : PARSE_MORE;
		e = (size_t)(lf - p) + 1;
		if (e > HTTP_MAX_HEAD)
			return HTTP_E_HEAD;
		if (e - i < 2 || p[e - 2] != '\r')
			return HTTP_E_FIELD;
		if (e - i == 2) {
			h->pos = h->len = e;
			return finish_head(h, p);
		}
		/* A line that starts with whitespace is obs-fold: refused. */
		if ((rc = parse_field(h, p, i, e - 2)) < 0)
			return rc;
		h->pos = e;
	}
}

/* Target parsing. */

static int
parse_port(const char *p, size_t n, uint16_t *port)
{
	unsigned v = 0;
	size_t i;

	/* port = *DIGIT (RFC 3986 s3.2.3): leading zeros are allowed. */
	while (n > 1 && *p == '0') {
		p++;
		n--;
	}
	if (n == 0 || n > 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* host [":" port] at p[b..e), no userinfo. */
static int
parse_authority(const char *p, size_t b, size_t e, uint16_t defport,
    int need_port, struct http_url *u)
{
	size_t hb, he, i, k;
	struct addr a;

	if (b >= e)
		return -1;
	if (p[b] == '[') {
		for (i = b + 1; i < e && p[i] != ']'; i++)
			;
		if (i >= e)
			return -1;
		hb = b + 1;
		he = i;
		i++;
		u->v6 = 1;
	} else {
		for (i = b; i < e && p[i] != ':'; i++)
			;
		hb = b;
		he = i;
		u->v6 = 0;
	}
	if (he == hb || he - hb > HTTP_MAX_HOST)
		return -1;
	for (k = hb; k < he; k++)
		u->host[k - hb] = (char)lower((unsigned char)p[k]);
	u->host[he - hb] = '\0';
	if (u->v6) {
		if (addr_parse_ip(u->host, 0, &a) == -1 ||
		    addr_family(&a) != AF_INET6)
			return -1;
	} else if (!resolv_name_ok(u->host))
		return -1;
	u->port = defport;
	u->has_port = 0;
	if (i < e) {
		if (p[i] != ':')
			return -1;
		i++;
		/* RFC 3986 s3.2.3: an empty port means the default. */
		if (i < e) {
			if (parse_port(p + i, e - i, &u->port) == -1)
				return -1;
			u->has_port = 1;
		}
	}
	if (need_port && !u->has_port)
		return -1;
	u->authority = span(b, e - b);
	return 0;
}

static void
url_clear(struct http_url *u)
{
	u->scheme = URL_ORIGIN;
	u->host[0] = '\0';
	u->v6 = 0;
	u->port = 0;
	u->has_port = 0;
	u->has_userinfo = 0;
	u->has_pass = 0;
	u->user = u->pass = u->authority = u->path = span(0, 0);
}

int
http_parse_host(const char *v, size_t len, uint16_t defport,
    struct http_url *u)
{
	url_clear(u);
	return parse_authority(v, 0, len, defport, 0, u);
}

int
http_parse_target(const char *t, size_t len, int connect, struct http_url *u)
{
	size_t i, ab, ae, at, k;
	uint16_t defport;

	url_clear(u);
	if (memchr(t, '#', len) != NULL)
		return -1;
	if (connect) {
		u->scheme = URL_AUTHORITY;
		if (memchr(t, '@', len) != NULL || memchr(t, '/', len) != NULL)
			return -1;
		return parse_authority(t, 0, len, 0, 1, u);
	}
	/* origin-form, or asterisk-form (OPTIONS only: the caller checks) */
	if ((len > 0 && t[0] == '/') || (len == 1 && t[0] == '*')) {
		u->path = span(0, len);
		return 0;
	}
	/* scheme "://" */
	for (i = 0; i < len && t[i] != ':'; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' &&
		    t[i] <= 'Z') || (i > 0 && ((t[i] >= '0' && t[i] <= '9') ||
		    t[i] == '+' || t[i] == '-' || t[i] == '.'))))
			return -1;
	if (i == 0 || i + 3 > len || t[i + 1] != '/' || t[i + 2] != '/')
		return -1;
	if (ieq(t, i, "http")) {
		u->scheme = URL_HTTP;
		defport = 80;
	} else if (ieq(t, i, "ftp")) {
		u->scheme = URL_FTP;
		defport = 21;
	} else
		return -2;
	ab = i + 3;
	for (ae = ab; ae < len && t[ae] != '/' && t[ae] != '?'; ae++)
		;
	u->path = span(ae, len - ae);
	/* userinfo "@": one at most, split at the first ':'. */
	at = ae;
	for (k = ab; k < ae; k++)
		if (t[k] == '@') {
			if (at != ae)
				return -1;
			at = k;
		}
	if (at != ae) {
		u->has_userinfo = 1;
		for (k = ab; k < at && t[k] != ':'; k++)
			;
		u->user = span(ab, k - ab);
		if (k < at) {
			u->has_pass = 1;
			u->pass = span(k + 1, at - k - 1);
		}
		ab = at + 1;
	}
	return parse_authority(t, ab, ae, defport, 0, u);
}

/* Chunked bodies. */

enum { CH_SIZE, CH_DATA, CH_DATA_END, CH_TRAILER, CH_DONE };

void
http_chunked_init(struct http_chunked *c)
{
	c->state = CH_SIZE;
	c->left = 0;
	c->trailer = 0;
}

int
http_chunked_done(const struct http_chunked *c)
{
	return c->state == CH_DONE;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * chunk-size [chunk-ext] with the CRLF removed (RFC 9112 s7.1.1):
 * chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
 * Whitespace is allowed only where that grammar puts BWS.
 */
static int
parse_size_line(const char *p, size_t n, uint64_t *size)
{
	uint64_t v = 0;
	size_t i = 0, ws;
	int d;

	while (i < n && (d = hexval((unsigned char)p[i])) >= 0) {
		if (v > (HTTP_MAX_CLEN >> 4))
			return -1;
		v = (v << 4) | (uint64_t)d;
		i++;
	}
	if (i == 0)
		return -1;
	*size = v;
	for (;;) {
		for (ws = i; i < n && is_ows(p[i]); i++)
			;
		if (i == n)
			return ws == i ? 0 : -1;
		if (p[i] != ';')
			return -1;
		for (i++; i < n && is_ows(p[i]); i++)
			;
		for (ws = i; i < n && tchar_tab[(unsigned char)p[i]]; i++)
			;
		if (i == ws)
			return -1;
		for (ws = i; i < n && is_ows(p[i]); i++)
			;
		if (i == n || p[i] != '=') {
			i = ws;
			continue;
		}
		for (i++; i < n && is_ows(p[i]); i++)
			;
		if (i < n && p[i] == '"') {
			for (i++; i < n && p[i] != '"'; i++) {
				unsigned char c = (unsigned char)p[i];

				if (c == '\\') {
					if (++i >= n)
						return -1;
					c = (unsigned char)p[i];
				}
				if (!is_fieldchar(c))
					return -1;
			}
			if (i >= n)
				return -1;
			i++;
		} else {
			for (ws = i; i < n && tchar_tab[(unsigned char)p[i]];
			    i++)
				;
			if (i == ws)
				return -1;
		}
	}
}

int
http_chunked_step(struct http_chunked *c, const char *in, size_t n,
    size_t max, size_t *used, size_t *doff, size_t *dlen)
{
	struct http_span name, value;
	const char *lf;
	size_t i = 0, e, k;

	for (;;) {
		switch (c->state) {
		case CH_SIZE:
			lf = i < n ? memchr(in + i, '\n', n - i) : NULL;
			if (lf == NULL) {
				if (n - i >= HTTP_MAX_CHUNKLINE)
					return HTTP_E_CHUNK;
				*used = i;
				return PARSE_MORE;
			}
			e = (size_t)(lf - in) + 1;
			if (e - i > HTTP_MAX_CHUNKLINE || e - i < 3 ||
			    in[e - 2] != '\r' ||
			    parse_size_line(in + i, e - 2 - i, &c->left) == -1)
				return HTTP_E_CHUNK;
			i = e;
			c->state = c->left > 0 ? CH_DATA : CH_TRAILER;
			break;
		case CH_DATA:
			if (i >= n || max == 0) {
				*used = i;
				return PARSE_MORE;
			}
			k = n - i;
			if (k > c->left)
				k = (size_t)c->left;
			if (k > max)
				k = max;
			*doff = i;
			*dlen = k;
			c->left -= k;
			if (c->left == 0)
				c->state = CH_DATA_END;
			*used = i + k;
			return HTTP_CHUNK_DATA;
		case CH_DATA_END:
			/* Exactly CRLF after the data. */
			if (i < n && in[i] != '\r')
				return HTTP_E_CHUNK;
			if (i + 1 < n && in[i + 1] != '\n')
				return HTTP_E_CHUNK;
			if (i + 2 > n) {
				*used = i;
				return PARSE_MORE;
			}
			i += 2;
			c->state = CH_SIZE;
			break;
		case CH_TRAILER:
			lf = i < n ? memchr(in + i, '\n', n - i) : NULL;
			if (lf == NULL) {
				if (n - i >= HTTP_MAX_TRAILERLINE ||
				    c->trailer + (n - i) >= HTTP_MAX_TRAILER)
					return HTTP_E_CHUNK;
				*used = i;
				return PARSE_MORE;
			}
			e = (size_t)(lf - in) + 1;
			k = e - i;
			c->trailer += k;
			if (k > HTTP_MAX_TRAILERLINE ||
			    c->trailer > HTTP_MAX_TRAILER || k < 2 ||
			    in[e - 2] != '\r')
				return HTTP_E_CHUNK;
			if (k == 2) {
				c->state = CH_DONE;
				*used = e;
				return PARSE_OK;
			}
			if (check_field(in, i, e - 2, &name, &value) < 0)
				return HTTP_E_CHUNK;
			*doff = i;
			*dlen = k - 2;
			*used = e;
			return HTTP_CHUNK_TRAILER;
		default:
			*used = i;
			return PARSE_OK;
		}
	}
}

/* Bodies in transit. */

/*
 * A trailer field is passed on unless it is one a trailer must not carry
 * (RFC 9110 s6.5.1): hop-by-hop, framing, routing, proxy credentials.
 */
static int
trailer_passes(const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len);

	return colon == NULL || colon == line ||
	    !(field_kind(line, (size_t)(colon - line)) & (HF_HOPBYHOP |
	    HF_FRAMING | HF_PROXY | HF_PAUTHZ | HF_HOST | HF_EXPECT));
}

void
http_body_init(struct http_body *b, int in, uint64_t clen, int chunked_out)
{
	b->in = in;
	b->chunked_out = chunked_out && (in == HTTP_BODY_CHUNKED ||
	    in == HTTP_BODY_CLOSE);
	b->left = in == HTTP_BODY_LENGTH ? clen : 0;
	b->bytes = 0;
	http_chunked_init(&b->ch);
	b->zero_sent = 0;
	b->done = in == HTTP_BODY_NONE ||
	    (in == HTTP_BODY_LENGTH && clen == 0);
}

/* Append one chunk of n data bytes; the caller checked the room. */
static void
put_chunk(struct buf *out, const char *p, size_t n)
{
	char hdr[24];
	int k;

	k = snprintf(hdr, sizeof(hdr), "%zx\r\n", n);
	(void)buf_append(out, hdr, (size_t)k);
	(void)buf_append(out, p, n);
	(void)buf_append(out, "\r\n", 2);
}

/* The last chunk and the end of the trailer section. */
static int
put_end(struct http_body *b, struct buf *out)
{
	if (b->chunked_out) {
		if (!b->zero_sent && buf_append(out, "0\r\n", 3) == -1)
			return PARSE_MORE;
		b->zero_sent = 1;
		if (buf_append(out, "\r\n", 2) == -1)
			return PARSE_MORE;
	}
	b->done = 1;
	return PARSE_OK;
}

int
http_body_step(struct http_body *b, struct buf *in, struct buf *out, int eof)
{
	size_t room, k, used, doff, dlen;
	int rc;

	for (;;) {
		if (b->done)
			return PARSE_OK;
		room = buf_room(out);
		if (room < HTTP_BODY_RESERVE)
			return PARSE_MORE;
		/* Data goes out with at most 32 bytes of chunk framing. */
		room -= 64;
		switch (b->in) {
		case HTTP_BODY_LENGTH:
			k = buf_len(in);
			if (k > b->left)
				k = (size_t)b->left;
			if (k > room)
				k = room;
			if (k == 0)
				return eof && b->left > 0 ? HTTP_E_TRUNC :
				    PARSE_MORE;
			(void)buf_append(out, buf_head(in), k);
			buf_consume(in, k);
			b->left -= k;
			b->bytes += k;
			if (b->left == 0)
				b->done = 1;
			break;
		case HTTP_BODY_CLOSE:
			k = buf_len(in);
			if (k > room)
				k = room;
			if (k == 0)
				return eof ? put_end(b, out) : PARSE_MORE;
			if (b->chunked_out)
				put_chunk(out, buf_head(in), k);
			else
				(void)buf_append(out, buf_head(in), k);
			buf_consume(in, k);
			b->bytes += k;
			break;
		default:
			rc = http_chunked_step(&b->ch, buf_head(in),
			    buf_len(in), room, &used, &doff, &dlen);
			if (rc == HTTP_CHUNK_DATA) {
				if (b->chunked_out)
					put_chunk(out, buf_head(in) + doff,
					    dlen);
				else
					(void)buf_append(out, buf_head(in) +
					    doff, dlen);
				b->bytes += dlen;
			} else if (rc == HTTP_CHUNK_TRAILER && b->chunked_out) {
				if (!b->zero_sent)
					(void)buf_append(out, "0\r\n", 3);
				b->zero_sent = 1;
				if (trailer_passes(buf_head(in) + doff, dlen)) {
					(void)buf_append(out, buf_head(in) + doff,
					    dlen);
					(void)buf_append(out, "\r\n", 2);
				}
			}
			buf_consume(in, used);
			if (rc == PARSE_OK)
				return put_end(b, out);
			if (rc == PARSE_MORE)
				return eof ? HTTP_E_TRUNC : PARSE_MORE;
			if (rc < 0)
				return rc;
			break;
		}
	}
}

/* Credentials. */

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int
http_b64_decode(const char *in, size_t n, unsigned char *out, size_t outlen)
{
	size_t i, o = 0;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i += 4) {
		int v[4], k, pad = 0;
		uint32_t w;

		for (k = 0; k < 4; k++) {
			if (in[i + k] == '=' && i + 4 == n && k >= 2) {
				v[k] = 0;
				pad++;
				continue;
			}
			if (pad > 0 || (v[k] = b64val((unsigned char)in[i + k]))
			    < 0)
				return -1;
		}
		w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 |
		    (uint32_t)v[2] << 6 | (uint32_t)v[3];
		if (o + 3 - (size_t)pad > outlen)
			return -1;
		out[o++] = (unsigned char)(w >> 16);
		if (pad < 2)
			out[o++] = (unsigned char)(w >> 8);
		if (pad < 1)
			out[o++] = (unsigned char)w;
	}
	return (int)o;
}

int
http_b64_encode(const void *in, size_t n, char *out, size_t outlen)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = in;
	size_t i, o = 0;

	if ((n + 2) / 3 * 4 + 1 > outlen)
		return -1;
	for (i = 0; i < n; i += 3) {
		uint32_t w = (uint32_t)p[i] << 16;

		if (i + 1 < n)
			w |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			w |= p[i + 2];
		out[o++] = tab[(w >> 18) & 63];
		out[o++] = tab[(w >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(w >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? tab[w & 63] : '=';
	}
	out[o] = '\0';
	return (int)o;
}

int
http_basic_auth(const char *v, size_t len, char *user, size_t ulen,
    char *pass, size_t plen)
{
	unsigned char dec[HTTP_MAX_AUTH];
	size_t i = 0, colon;
	int n, rc = -1;

	while (i < len && v[i] != ' ')
		i++;
	if (!ieq(v, i, "basic"))
		return -1;
	while (i < len && v[i] == ' ')
		i++;
	if (i == len || len - i > HTTP_MAX_AUTH)
		return -1;
	n = http_b64_decode(v + i, len - i, dec, sizeof(dec));
	if (n <= 0)
		goto done;
	for (colon = 0; colon < (size_t)n && dec[colon] != ':'; colon++)
		;
	if (colon == (size_t)n || colon > HTTP_MAX_USER || colon >= ulen ||
	    (size_t)n - colon - 1 > HTTP_MAX_PASS ||
	    (size_t)n - colon - 1 >= plen)
		goto done;
	for (i = 0; i < (size_t)n; i++)
		if (dec[i] < 0x20 || dec[i] == 0x7f)
			goto done;
	memcpy(user, dec, colon);
	user[colon] = '\0';
	memcpy(pass, dec + colon + 1, (size_t)n - colon - 1);
	pass[(size_t)n - colon - 1] = '\0';
	rc = 0;
done:
	compat_wipe(dec, sizeof(dec));
	return rc;
}

int
http_pct_decode(const char *in, size_t n, char *out, size_t outlen)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)in[i];

		if (c == '%') {
			int h1, h2;

			if (i + 2 >= n)
				return -1;
			h1 = hexval((unsigned char)in[i + 1]);
			h2 = hexval((unsigned char)in[i + 2]);
			if (h1 < 0 || h2 < 0)
				return -1;
			c = h1 << 4 | h2;
			i += 2;
		}
		if (c == '\0' || c == '\r' || c == '\n' || o + 1 >= outlen)
			return -1;
		out[o++] = (char)c;
	}
	if (o >= outlen)
		return -1;
	out[o] = '\0';
	return (int)o;
}

int
http_html_escape(struct buf *b, const char *s, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		switch (s[i]) {
		case '&':
			rc = buf_append(b, "&amp;", 5);
			break;
		case '<':
			rc = buf_append(b, "&lt;", 4);
			break;
		case '>':
			rc = buf_append(b, "&gt;", 4);
			break;
		case '"':
			rc = buf_append(b, "&quot;", 6);
			break;
		case '\'':
			rc = buf_append(b, "&#39;", 5);
			break;
		default:
			rc = buf_append(b, s + i, 1);
			break;
		}
	}
	return rc;
}

const char *
http_reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 201: return "Created";
	case 226: return "IM Used";
	case 301: return "Moved Permanently";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 407: return "Proxy Authentication Required";
	case 408: return "Request Timeout";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	default: return "Unknown";
	}
}

int
http_copy_fields(struct buf *out, const char *base, const struct http_head *h,
    unsigned drop)
{
	int i;

	for (i = 0; i < h->nfields; i++) {
		const struct http_field *f = &h->f[i];

		if (f->kind & drop)
			continue;
		if (buf_append(out, base + f->name.off, f->name.len) == -1 ||
		    buf_append(out, ": ", 2) == -1 ||
		    buf_append(out, base + f->value.off, f->value.len) == -1 ||
		    buf_append(out, "\r\n", 2) == -1)
			return -1;
	}
	return 0;
}
