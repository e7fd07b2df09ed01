/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Pure FTP parsers shared by ftppr and the HTTP proxy's ftp:// client. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "ftp.h"
#include "resolv.h"

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Find the line end in p[0 .. len). Returns the line's length with its LF,
 * 0 when there is none yet, or -1 when none can come within FTP_MAXLINE.
 */
static long
line_end(const char *p, size_t len)
{
	size_t n = len < FTP_MAXLINE ? len : FTP_MAXLINE;
	const char *lf = memchr(p, '\n', n);

	if (lf != NULL)
		return (long)(lf - p) + 1;
	return len >= FTP_MAXLINE ? -1 : 0;
}

void
ftp_reply_init(struct ftp_reply *r)
{
	memset(r, 0, sizeof(*r));
}

/* "NNN" with 1..5 as the first digit; the code, or -1. */
static int
reply_code(const char *p, size_t n)
{
	if (n < 3 || p[0] < '1' || p[0] > '5' || !is_digit(p[1]) ||
	    !is_digit(p[2]))
		return -1;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

int
ftp_reply_line(struct ftp_reply *r, const char *p, size_t len,
    size_t *linelen)
{
	long n = line_end(p, len);
	size_t body;
	int code;

	if (n < 0)
		return FTP_ELONG;
	if (n == 0)
		return PARSE_MORE;
	/* The line without LF and an optional CR before it. */
	body = (size_t)n - 1;
	if (body > 0 && p[body - 1] == '\r')
		body--;
	code = reply_code(p, body);
	if (r->fr_lines == 0) {
		if (code < 0 || (body > 3 && p[3] != ' ' && p[3] != '-'))
			return FTP_EBAD;
		r->fr_code = code;
		r->fr_multi = body > 3 && p[3] == '-';
	}
	r->fr_last = r->fr_len;
	r->fr_len += (size_t)n;
	r->fr_lines++;
	*linelen = (size_t)n;
	if (r->fr_lines == 1)
		return r->fr_multi ? FTP_LINE : PARSE_OK;
	/* RFC 959 s4.2: the same code followed by a space ends the reply. */
	if (code == r->fr_code && (body == 3 || p[3] == ' '))
		return PARSE_OK;
	return FTP_LINE;
}

int
ftp_reply_parse(struct ftp_reply *r, const char *p, size_t len)
{
	size_t n;
	int rc;

	for (;;) {
		if (r->fr_len > len)
			return FTP_EBAD;	/* the caller broke the contract */
		rc = ftp_reply_line(r, p + r->fr_len, len - r->fr_len, &n);
		if (rc == PARSE_MORE && len > FTP_MAXREPLY)
			return FTP_EBIG;
		if (rc != FTP_LINE && rc != PARSE_OK)
			return rc;
		if (r->fr_len > FTP_MAXREPLY)
			return FTP_EBIG;
		if (rc == PARSE_OK)
			return PARSE_OK;
	}
}

int
ftp_cmd_parse(const char *p, size_t len, struct ftp_cmd *c)
{
	long n = line_end(p, len);
	size_t body, i, v;

	memset(c, 0, sizeof(*c));
	if (n < 0)
		return FTP_ELONG;
	if (n == 0)
		return PARSE_MORE;
	c->fc_len = (size_t)n;
	body = (size_t)n - 1;
	if (body > 0 && p[body - 1] == '\r')
		body--;
	/* Telnet IAC pairs (0xff x) ahead of an urgent ABOR. */
	i = 0;
	while (i + 1 < body && (unsigned char)p[i] == 0xff)
		i += 2;
	for (v = 0; i + v < body && v < 4; v++) {
		int ch = (unsigned char)p[i + v];

		if (ch >= 'a' && ch <= 'z')
			ch -= 'a' - 'A';
		if (ch < 'A' || ch > 'Z')
			break;
		c->fc_verb[v] = (char)ch;
	}
	c->fc_verb[v] = '\0';
	if (v < 3)
		return FTP_EBAD;
	i += v;
	if (i < body) {
		if (p[i] != ' ')
			return FTP_EBAD;
		i++;
		c->fc_arg = p + i;
		c->fc_arglen = body - i;
	}
	/*
	 * Control bytes in the argument: a CR or NUL could end the line at
	 * the server and start a second command, so the line is refused.
	 */
	for (; i < body; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return FTP_EBAD;
	return PARSE_OK;
}

/*
 * Read a decimal number of 1..maxdigits digits at p[*i] into *out, at most
 * max. Returns 0, or -1.
 */
static int
read_num(const char *p, size_t len, size_t *i, unsigned long max,
    int maxdigits, unsigned long *out)
{
	unsigned long v = 0;
	int d = 0;

	while (*i < len && is_digit(p[*i])) {
		if (++d > maxdigits)
			return -1;
		v = v * 10 + (unsigned long)(p[*i] - '0');
		(*i)++;
	}
	if (d == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Six comma-separated bytes at p[*i]; advances *i past them. */
static int
read_hostport(const char *p, size_t len, size_t *i, struct addr *out)
{
	unsigned char b[6];
	unsigned long v;
	int k;

	for (k = 0; k < 6; k++) {
		if (k > 0) {
			if (*i >= len || p[*i] != ',')
				return FTP_EBAD;
			(*i)++;
		}
		if (read_num(p, len, i, 255, 3, &v) == -1)
			return FTP_EBAD;
		b[k] = (unsigned char)v;
	}
	addr_from_raw(out, AF_INET, b, (uint16_t)(b[4] << 8 | b[5]));
	return 0;
}

int
ftp_parse_227(const char *line, size_t len, struct addr *out)
{
	size_t i = 3;

	if (reply_code(line, len) != 227)
		return FTP_EBAD;
	while (i < len && !is_digit(line[i]))
		i++;
	return read_hostport(line, len, &i, out);
}

int
ftp_parse_229(const char *line, size_t len, uint16_t *port)
{
	const char *open;
	unsigned long v;
	size_t i;
	char d;

	if (reply_code(line, len) != 229 || len < 4)
		return FTP_EBAD;
	open = memchr(line + 3, '(', len - 3);
	if (open == NULL)
		return FTP_EBAD;
	i = (size_t)(open - line) + 1;
	if (i + 3 > len)
		return FTP_EBAD;
	d = line[i];
	if (d < 33 || d > 126 || is_digit(d) || line[i + 1] != d ||
	    line[i + 2] != d)
		return FTP_EBAD;
	i += 3;
	if (read_num(line, len, &i, 65535, 5, &v) == -1 || v == 0)
		return FTP_EBAD;
	if (i + 1 >= len || line[i] != d || line[i + 1] != ')')
		return FTP_EBAD;
	*port = (uint16_t)v;
	return 0;
}

int
ftp_parse_port(const char *arg, size_t len, struct addr *out)
{
	size_t i = 0;

	if (read_hostport(arg, len, &i, out) != 0 || i != len)
		return FTP_EBAD;
	return 0;
}

int
ftp_parse_eprt(const char *arg, size_t len, struct addr *out)
{
	char ip[INET6_ADDRSTRLEN + 1];
	unsigned char raw[16];
	unsigned long proto, port;
	const char *end;
	size_t i = 1, n;
	char d;

	if (len < 1)
		return FTP_EBAD;
	d = arg[0];
	if (d < 33 || d > 126 || is_digit(d))
		return FTP_EBAD;
	if (read_num(arg, len, &i, 9, 1, &proto) == -1 || i >= len ||
	    arg[i] != d)
		return FTP_EBAD;
	i++;
	end = memchr(arg + i, d, len - i);
	if (end == NULL)
		return FTP_EBAD;
	n = (size_t)(end - (arg + i));
	if (proto != 1 && proto != 2)
		return FTP_EAF;
	if (n == 0 || n >= sizeof(ip))
		return FTP_EBAD;
	memcpy(ip, arg + i, n);
	ip[n] = '\0';
	i += n + 1;
	if (read_num(arg, len, &i, 65535, 5, &port) == -1 || i + 1 != len ||
	    arg[i] != d)
		return FTP_EBAD;
	if (inet_pton(proto == 1 ? AF_INET : AF_INET6, ip, raw) != 1)
		return FTP_EBAD;
	addr_from_raw(out, proto == 1 ? AF_INET : AF_INET6, raw,
	    (uint16_t)port);
	return 0;
}

int
ftp_fmt_hostport(char *buf, size_t len, const struct addr *a)
{
	struct addr v4 = *a;
	const unsigned char *b;
	uint16_t port;
	int n;

	addr_unmap(&v4);
	if (addr_family(&v4) != AF_INET)
		return -1;
	b = (const unsigned char *)&v4.a.sin.sin_addr;
	port = addr_port(&v4);
	n = snprintf(buf, len, "%u,%u,%u,%u,%u,%u", b[0], b[1], b[2], b[3],
	    (unsigned)(port >> 8), (unsigned)(port & 0xff));
	if (n < 0 || (size_t)n >= len)
		return -1;
	return n;
}

int
ftp_fmt_eprt(char *buf, size_t len, const struct addr *a)
{
	char ip[INET6_ADDRSTRLEN];
	struct addr u = *a;
	int n;

	addr_unmap(&u);
	if (addr_family(&u) != AF_INET && addr_family(&u) != AF_INET6)
		return -1;
	addr_ip_str(&u, ip, sizeof(ip));
	n = snprintf(buf, len, "|%d|%s|%u|", addr_family(&u) == AF_INET ? 1 : 2,
	    ip, (unsigned)addr_port(&u));
	if (n < 0 || (size_t)n >= len)
		return -1;
	return n;
}

int
ftp_split_login(const char *s, size_t len, char delim, char *user,
    size_t userlen, char *host, size_t hostlen, uint16_t *port)
{
	char hp[FTP_MAXHOST + 8];
	struct addr lit;
	size_t at, hn, i;
	uint16_t pt = *port;

	for (i = 0; i < len; i++)
		if (s[i] == '\0')
			return FTP_EBAD;
	for (at = len; at > 0 && s[at - 1] != delim; at--)
		;
	if (at == 0 || at == 1)
		return FTP_EBAD;	/* no delim, or an empty user */
	at--;
	hn = len - at - 1;
	if (at >= userlen || hn == 0 || hn >= sizeof(hp))
		return FTP_EBAD;
	memcpy(hp, s + at + 1, hn);
	hp[hn] = '\0';
	if (net_split_hostport(hp, host, hostlen, &pt) == -1)
		return FTP_EBAD;
	if (resolv_literal(host, &lit) == -1 && !resolv_name_ok(host))
		return FTP_EBAD;
	memcpy(user, s, at);
	user[at] = '\0';
	*port = pt;
	return 0;
}
