/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for ACL entries: a matching table (entry, request, verdict),
 * the fields that must fail to parse, and first-match order through the
 * by-user index. */
#include <stdlib.h>

#include "acl.h"
#include "compat.h"
#include "policy.h"
#include "unit.h"

/* Sunday 2024-01-07 00:00:00 UTC; the tests run with TZ=UTC. */
#define SUNDAY	((time_t)1704585600)

/*
 * An entry is the fields of an allow line, space-separated. A request is
 * key=value words: u= user ("-" none), s= source, d= target address,
 * h= host name (already lower case), p= port, o= operation, t= D/HH:MM:SS
 * (D = weekday, 0 Sunday).
 */
static const struct {
	const char	*ace;
	const char	*req;
	int		 want;
} tab[] = {
	/* Empty and star entries. */
	{ "", "s=10.0.0.1", 1 },
	{ "*", "s=10.0.0.1", 1 },
	{ "* * * * * * *", "s=10.0.0.1 d=1.2.3.4 p=80 o=CONNECT", 1 },
	/* USERS: exact, case-sensitive, "-" for none. */
	{ "bob", "u=bob", 1 },
	{ "bob", "u=Bob", 0 },
	{ "bob", "u=bobby", 0 },
	{ "bob", "u=bo", 0 },
	{ "bob", "u=-", 0 },
	{ "bob,alice", "u=alice", 1 },
	{ "bob,alice", "u=carol", 0 },
	{ "-", "u=-", 1 },
	{ "-", "u=bob", 0 },
	{ "-,bob", "u=-", 1 },
	{ "-,bob", "u=bob", 1 },
	{ "*,bob", "u=zed", 1 },
	{ "a-b", "u=a-b", 1 },
	{ "a-b", "u=a", 0 },
	{ "user@example.com", "u=user@example.com", 1 },
	/* SRC: single, CIDR, ranges, IPv6, families kept apart. */
	{ "* 10.0.0.1", "s=10.0.0.1", 1 },
	{ "* 10.0.0.1", "s=10.0.0.2", 0 },
	{ "* 10.0.0.0/8", "s=10.255.255.255", 1 },
	{ "* 10.0.0.0/8", "s=11.0.0.0", 0 },
	{ "* 10.0.0.0/8", "s=9.255.255.255", 0 },
	{ "* 0.0.0.0/0", "s=1.2.3.4", 1 },
	{ "* 0.0.0.0/0", "s=255.255.255.255", 1 },
	{ "* 0.0.0.0/0", "s=::1", 0 },
	{ "* 1.2.3.4/32", "s=1.2.3.4", 1 },
	{ "* 1.2.3.4/32", "s=1.2.3.5", 0 },
	{ "* 1.2.3.4/31", "s=1.2.3.5", 1 },
	{ "* 1.2.3.4/31", "s=1.2.3.6", 0 },
	{ "* 10.1.2.3/8", "s=10.9.9.9", 1 },
	{ "* 192.168.1.0/24", "s=192.168.1.0", 1 },
	{ "* 192.168.1.0/24", "s=192.168.1.255", 1 },
	{ "* 192.168.1.0/24", "s=192.168.2.0", 0 },
	{ "* 172.16.0.0/12", "s=172.31.255.1", 1 },
	{ "* 172.16.0.0/12", "s=172.32.0.1", 0 },
	{ "* 10.0.0.5-10.0.0.9", "s=10.0.0.5", 1 },
	{ "* 10.0.0.5-10.0.0.9", "s=10.0.0.9", 1 },
	{ "* 10.0.0.5-10.0.0.9", "s=10.0.0.7", 1 },
	{ "* 10.0.0.5-10.0.0.9", "s=10.0.0.4", 0 },
	{ "* 10.0.0.5-10.0.0.9", "s=10.0.0.10", 0 },
	{ "* 10.0.255.255-10.1.0.1", "s=10.1.0.0", 1 },
	{ "* 127.0.0.1,127.0.0.2", "s=127.0.0.2", 1 },
	{ "* 127.0.0.1,127.0.0.2", "s=127.0.0.3", 0 },
	{ "* ::1", "s=::1", 1 },
	{ "* ::1", "s=127.0.0.1", 0 },
	{ "* ::/0", "s=2001:db8::1", 1 },
	{ "* ::/0", "s=::", 1 },
	{ "* ::/0", "s=1.2.3.4", 0 },
	{ "* 2001:db8::/32", "s=2001:db8:ffff::1", 1 },
	{ "* 2001:db8::/32", "s=2001:db9::1", 0 },
	{ "* 2001:db8::/128", "s=2001:db8::", 1 },
	{ "* 2001:db8::/128", "s=2001:db8::1", 0 },
	{ "* 2001:db8::1-2001:db8::ff", "s=2001:db8::80", 1 },
	{ "* 2001:db8::1-2001:db8::ff", "s=2001:db8::100", 0 },
	{ "* [2001:db8::1]", "s=2001:db8::1", 1 },
	{ "* fe80::/10", "s=febf::1", 1 },
	{ "* fe80::/10", "s=fec0::1", 0 },
	/* IPv4-mapped addresses are their IPv4 address, both ways. */
	{ "* 10.0.0.0/8", "s=::ffff:10.1.1.1", 1 },
	{ "* ::ffff:10.0.0.0/104", "s=10.1.1.1", 1 },
	{ "* ::ffff:10.0.0.0/104", "s=11.1.1.1", 0 },
	{ "* ::ffff:127.0.0.1", "s=127.0.0.1", 1 },
	{ "* * 127.0.0.0/8", "d=::ffff:127.0.0.1", 1 },
	{ "* * 127.0.0.1", "d=::ffff:127.0.0.2", 0 },
	{ "* * ::ffff:0.0.0.0/96", "d=8.8.8.8", 1 },
	{ "* 10.0.0.0/8,2001:db8::/32", "s=2001:db8::5", 1 },
	{ "* 10.0.0.0/8,2001:db8::/32", "s=10.0.0.5", 1 },
	{ "* 10.0.0.0/8", "", 0 },
	/* DST by address. */
	{ "* * 1.2.3.4", "d=1.2.3.4", 1 },
	{ "* * 1.2.3.4", "d=1.2.3.5", 0 },
	{ "* * 1.2.3.0/24", "d=1.2.3.200", 1 },
	{ "* * 1.2.3.0/24", "d=1.2.4.1", 0 },
	{ "* * 0.0.0.0/0", "d=9.9.9.9", 1 },
	{ "* * ::/0", "d=2001:db8::1", 1 },
	{ "* * ::/0", "d=9.9.9.9", 0 },
	{ "* * 127.0.0.0/8", "d=127.255.0.1", 1 },
	{ "* * 169.254.0.0/16", "d=169.254.169.254", 1 },
	{ "* * 10.0.0.1-10.0.0.3", "d=10.0.0.2", 1 },
	/* DST skipped when neither address nor name is known. */
	{ "* * 1.2.3.4", "", 1 },
	{ "* * example.com", "", 1 },
	{ "* * 1.2.3.4", "o=UDPASSOC", 1 },
	/* BIND compares an unknown address as 0.0.0.0. */
	{ "* * 1.2.3.4", "o=BIND", 0 },
	{ "* * 0.0.0.0", "o=BIND", 1 },
	{ "* * 0.0.0.0/0", "o=BIND", 1 },
	/* A name only: address entries cannot match it. */
	{ "* * 1.2.3.4", "h=example.com", 0 },
	{ "* * 1.2.3.4", "h=example.com d=1.2.3.4", 1 },
	{ "* * 127.0.0.2", "h=bad.host d=127.0.0.2", 1 },
	{ "* * 127.0.0.2", "h=bad.host d=127.0.0.3", 0 },
	/* DST by name: exact, *suffix, prefix*, *substring*. */
	{ "* * example.com", "h=example.com", 1 },
	{ "* * example.com", "h=www.example.com", 0 },
	{ "* * example.com", "h=example.co", 0 },
	{ "* * example.com", "h=example.com.au", 0 },
	{ "* * EXAMPLE.com", "h=example.com", 1 },
	{ "* * example.com.", "h=example.com", 1 },
	{ "* * *.example.com", "h=www.example.com", 1 },
	{ "* * *.example.com", "h=a.b.example.com", 1 },
	{ "* * *.example.com", "h=example.com", 0 },
	{ "* * *.example.com", "h=notexample.com", 0 },
	{ "* * *.example.com", "h=example.com.evil", 0 },
	{ "* * *.example.com", "h=xexample.com", 0 },
	{ "* * *example.com", "h=notexample.com", 1 },
	{ "* * *example.com", "h=www.example.com", 1 },
	{ "* * *example.com", "h=example.com", 0 },
	{ "* * *.example.com,example.com", "h=example.com", 1 },
	{ "* * *.example.com,example.com", "h=notexample.com", 0 },
	{ "* * www.*", "h=www.example.com", 1 },
	{ "* * www.*", "h=www.", 0 },
	{ "* * www.*", "h=wwwexample.com", 0 },
	{ "* * www.*", "h=mail.www.com", 0 },
	{ "* * *tracker*", "h=tracker", 1 },
	{ "* * *tracker*", "h=a.tracker.b", 1 },
	{ "* * *tracker*", "h=trackers.example", 1 },
	{ "* * *tracker*", "h=tracke.r", 0 },
	{ "* * my-host.example", "h=my-host.example", 1 },
	{ "* * my-host.example", "h=my.example", 0 },
	{ "* * *-cdn.example", "h=eu-cdn.example", 1 },
	{ "* * *-cdn.example", "h=cdn.example", 0 },
	{ "* * xn--bcher-kva.example", "h=xn--bcher-kva.example", 1 },
	{ "* * host_1.lan", "h=host_1.lan", 1 },
	{ "* * 1-2-3.example", "h=1-2-3.example", 1 },
	{ "* * example.com,10.0.0.0/8", "h=example.com", 1 },
	{ "* * example.com,10.0.0.0/8", "h=other.com d=10.1.1.1", 1 },
	{ "* * example.com,10.0.0.0/8", "h=other.com d=11.1.1.1", 0 },
	{ "* * example.com,10.0.0.0/8", "d=10.2.2.2", 1 },
	{ "* * example.com", "d=93.184.216.34", 0 },
	{ "* * localhost", "h=localhost d=127.0.0.1", 1 },
	/* PORTS: lists and ranges; skipped while unknown (0). */
	{ "* * * 80", "p=80", 1 },
	{ "* * * 80", "p=81", 0 },
	{ "* * * 80", "p=8080", 0 },
	{ "* * * 80,443", "p=443", 1 },
	{ "* * * 80,443", "p=444", 0 },
	{ "* * * 1024-65535", "p=1024", 1 },
	{ "* * * 1024-65535", "p=65535", 1 },
	{ "* * * 1024-65535", "p=1023", 0 },
	{ "* * * 1-1023", "p=1", 1 },
	{ "* * * 1-1023", "p=1023", 1 },
	{ "* * * 1-1023", "p=1024", 0 },
	{ "* * * 80,8000-8999,443", "p=8500", 1 },
	{ "* * * 80,8000-8999,443", "p=9000", 0 },
	{ "* * * 80", "", 1 },
	{ "* * * 80", "o=BIND", 0 },
	{ "* * * 0", "o=BIND", 1 },
	{ "* * * 0-65535", "p=1", 1 },
	{ "* * * 65535", "p=65535", 1 },
	/* OPS. */
	{ "* * * * CONNECT", "o=CONNECT", 1 },
	{ "* * * * CONNECT", "o=BIND", 0 },
	{ "* * * * CONNECT", "o=HTTP_CONNECT", 0 },
	{ "* * * * HTTP_CONNECT", "o=CONNECT", 0 },
	{ "* * * * HTTPS", "o=HTTP_CONNECT", 1 },
	{ "* * * * HTTP", "o=HTTP_GET", 1 },
	{ "* * * * HTTP", "o=HTTP_POST", 1 },
	{ "* * * * HTTP", "o=HTTP_PUT", 1 },
	{ "* * * * HTTP", "o=HTTP_HEAD", 1 },
	{ "* * * * HTTP", "o=HTTP_OTHER", 1 },
	{ "* * * * HTTP", "o=HTTP_CONNECT", 0 },
	{ "* * * * HTTP", "o=FTP_GET", 0 },
	{ "* * * * HTTP_GET", "o=HTTP_POST", 0 },
	{ "* * * * HTTP_GET,HTTP_HEAD", "o=HTTP_HEAD", 1 },
	{ "* * * * HTTP_POST", "o=HTTP_POST", 1 },
	{ "* * * * FTP", "o=FTP_GET", 1 },
	{ "* * * * FTP", "o=FTP_PUT", 1 },
	{ "* * * * FTP", "o=FTP_LIST", 1 },
	{ "* * * * FTP", "o=FTP_DATA", 1 },
	{ "* * * * FTP", "o=CONNECT", 0 },
	{ "* * * * FTP_GET", "o=FTP_PUT", 0 },
	{ "* * * * UDPASSOC", "o=UDPASSOC", 1 },
	{ "* * * * BIND,UDPASSOC", "o=BIND", 1 },
	{ "* * * * ADMIN", "o=ADMIN", 1 },
	{ "* * * * ADMIN", "o=HTTP_GET", 0 },
	{ "* * * * DNSRESOLVE", "o=DNSRESOLVE", 1 },
	{ "* * * * connect", "o=CONNECT", 1 },
	{ "* * * * ICMPASSOC", "o=CONNECT", 0 },
	/* WEEKDAYS: 0 and 7 Sunday, ranges. */
	{ "* * * * * 0", "t=0/12:00:00", 1 },
	{ "* * * * * 7", "t=0/12:00:00", 1 },
	{ "* * * * * 0", "t=1/12:00:00", 0 },
	{ "* * * * * 1-5", "t=1/00:00:00", 1 },
	{ "* * * * * 1-5", "t=5/23:59:59", 1 },
	{ "* * * * * 1-5", "t=6/00:00:00", 0 },
	{ "* * * * * 1-5", "t=0/10:00:00", 0 },
	{ "* * * * * 6-7", "t=0/10:00:00", 1 },
	{ "* * * * * 6-7", "t=6/10:00:00", 1 },
	{ "* * * * * 6-7", "t=5/10:00:00", 0 },
	{ "* * * * * 0,6", "t=6/10:00:00", 1 },
	{ "* * * * * 0,6", "t=3/10:00:00", 0 },
	{ "* * * * * 135", "t=3/10:00:00", 1 },
	{ "* * * * * 135", "t=4/10:00:00", 0 },
	{ "* * * * * 0-7", "t=4/10:00:00", 1 },
	/* TIMES: start <= t < end; 24:00:00 as an end. */
	{ "* * * * * * 09:00:00-18:00:00", "t=1/09:00:00", 1 },
	{ "* * * * * * 09:00:00-18:00:00", "t=1/17:59:59", 1 },
	{ "* * * * * * 09:00:00-18:00:00", "t=1/18:00:00", 0 },
	{ "* * * * * * 09:00:00-18:00:00", "t=1/08:59:59", 0 },
	{ "* * * * * * 00:00:00-24:00:00", "t=1/23:59:59", 1 },
	{ "* * * * * * 00:00:00-24:00:00", "t=1/00:00:00", 1 },
	{ "* * * * * * 22:00:00-24:00:00,00:00:00-06:00:00", "t=2/23:30:00",
	    1 },
	{ "* * * * * * 22:00:00-24:00:00,00:00:00-06:00:00", "t=2/05:59:59",
	    1 },
	{ "* * * * * * 22:00:00-24:00:00,00:00:00-06:00:00", "t=2/06:00:00",
	    0 },
	{ "* * * * * * 22:00:00-24:00:00,00:00:00-06:00:00", "t=2/21:59:59",
	    0 },
	{ "* * * * * 1-5 09:00:00-17:00:00", "t=3/12:00:00", 1 },
	{ "* * * * * 1-5 09:00:00-17:00:00", "t=6/12:00:00", 0 },
	{ "* * * * * 1-5 09:00:00-17:00:00", "t=3/17:00:00", 0 },
	/* All fields together. */
	{ "bob 10.0.0.0/8 *.example.com 443 HTTP_CONNECT 1-5 "
	    "08:00:00-20:00:00", "u=bob s=10.1.1.1 h=www.example.com p=443 "
	    "o=HTTP_CONNECT t=2/10:00:00", 1 },
	{ "bob 10.0.0.0/8 *.example.com 443 HTTP_CONNECT 1-5 "
	    "08:00:00-20:00:00", "u=bob s=10.1.1.1 h=www.example.com p=443 "
	    "o=HTTP_CONNECT t=0/10:00:00", 0 },
	{ "bob 10.0.0.0/8 *.example.com 443 HTTP_CONNECT 1-5 "
	    "08:00:00-20:00:00", "u=bob s=10.1.1.1 h=www.example.com p=80 "
	    "o=HTTP_CONNECT t=2/10:00:00", 0 },
	{ "bob 10.0.0.0/8 *.example.com 443 HTTP_CONNECT 1-5 "
	    "08:00:00-20:00:00", "u=bob s=11.1.1.1 h=www.example.com p=443 "
	    "o=HTTP_CONNECT t=2/10:00:00", 0 },
	{ "bob 10.0.0.0/8 *.example.com 443 HTTP_CONNECT 1-5 "
	    "08:00:00-20:00:00", "u=eve s=10.1.1.1 h=www.example.com p=443 "
	    "o=HTTP_CONNECT t=2/10:00:00", 0 },
	{ "bob 10.0.0.0/8 *.example.com 443 HTTP_CONNECT 1-5 "
	    "08:00:00-20:00:00", "u=bob s=10.1.1.1 h=example.org p=443 "
	    "o=HTTP_CONNECT t=2/10:00:00", 0 },
	{ "bob 10.0.0.0/8 *.example.com 443 HTTP_CONNECT 1-5 "
	    "08:00:00-20:00:00", "u=bob s=10.1.1.1 h=www.example.com p=443 "
	    "o=HTTP_GET t=2/10:00:00", 0 },
	{ "* * * * * * * 5", "s=1.1.1.1", 1 },
};

/* Fields of an allow line that must not compile. */
static const char *bad[] = {
	"* 10.0.0.0/33",
	"* 10.0.0.0/-1",
	"* 10.0.0.0/",
	"* 10.0.0.0/8/8",
	"* 2001:db8::/129",
	"* 10.0.0.9-10.0.0.5",
	"* 10.0.0.1-2001:db8::1",
	"* 256.0.0.1",
	"* 10.0.0",
	"* 0177.0.0.1",
	"* example.com",
	"* 10.0.0.1,,10.0.0.2",
	"* 10.0.0.1,",
	"* * 300.1.1.1",
	"* * 1.2.3.4/40",
	"* * 12345",
	"* * 1.2.3",
	"* * ::g",
	"* * a*b.example",
	"* * **",
	"* * *.",
	"* * exa mple",
	"* * host/name",
	"* * * 65536",
	"* * * 80-70",
	"* * * http",
	"* * * -1",
	"* * * 1-",
	"* * * 123456",
	"* * * * GET",
	"* * * * CONNECT,FOO",
	"* * * * CONNECT,,BIND",
	"* * * * * 8",
	"* * * * * 5-1",
	"* * * * * mon",
	"* * * * * 1-",
	"* * * * * * 9:00:00-18:00:00",
	"* * * * * * 09:00:00-08:00:00",
	"* * * * * * 09:00:00-09:00:00",
	"* * * * * * 24:00:00-24:00:00",
	"* * * * * * 00:00:00-24:00:01",
	"* * * * * * 00:60:00-01:00:00",
	"* * * * * * 00:00:00_01:00:00",
	"* * * * * * * x",
	"* * * * * * * -5",
	"* * * * * * * 1 extra",
};

static char *
word(char **pp)
{
	char *p = *pp, *w;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return NULL;
	w = p;
	while (*p != '\0' && *p != ' ')
		p++;
	if (*p != '\0')
		*p++ = '\0';
	*pp = p;
	return w;
}

static int
split(char *s, char **av, int max)
{
	int n = 0;
	char *w;

	while (n < max && (w = word(&s)) != NULL)
		av[n++] = w;
	return n;
}

static void
ip_of(const char *s, struct acl_ip *ip)
{
	struct addr a;

	if (addr_parse_ip(s, 0, &a) == -1) {
		fprintf(stderr, "bad test address %s\n", s);
		exit(2);
	}
	acl_ip_from_addr(ip, &a);
}

/* Fill q from a request spec; user names are looked up in l. */
static void
make_req(struct acl *l, const char *spec, struct acl_req *q, char *store)
{
	char *av[16], *p;
	int n, i;

	memset(q, 0, sizeof(*q));
	q->q_op = OP_CONNECT;
	q->q_now = SUNDAY + 3 * 86400 + 12 * 3600;	/* Wednesday noon */
	q->q_user = ACL_USER_NONE;
	ip_of("192.0.2.1", &q->q_src);
	strlcpy(store, spec, 512);
	n = split(store, av, 16);
	for (i = 0; i < n; i++) {
		p = av[i] + 2;
		switch (av[i][0]) {
		case 'u':
			q->q_user = acl_user_id(l, p);
			break;
		case 's':
			ip_of(p, &q->q_src);
			break;
		case 'd':
			ip_of(p, &q->q_dst);
			break;
		case 'h':
			q->q_host = p;
			q->q_hostlen = strlen(p);
			break;
		case 'p':
			q->q_port = (uint16_t)atoi(p);
			break;
		case 'o':
			q->q_op = acl_op_by_name(p);
			break;
		case 't': {
			int d, hh, mm, ss;

			if (sscanf(p, "%d/%d:%d:%d", &d, &hh, &mm, &ss) != 4)
				exit(2);
			q->q_now = SUNDAY + d * 86400 + hh * 3600 + mm * 60 +
			    ss;
			break;
		}
		}
	}
}

static int
one(const char *ace, const char *req, char *err, size_t errlen)
{
	char buf[512], rbuf[512], *av[16];
	struct acl *l = acl_new();
	struct acl_req q;
	int n, m;

	strlcpy(buf, ace, sizeof(buf));
	n = split(buf, av, 16);
	if (acl_add(l, ACL_ALLOW, n, av, err, errlen) == -1) {
		acl_free(l);
		return -1;
	}
	make_req(l, req, &q, rbuf);
	m = acl_match(acl_entry(l, 0), &q);
	/* The walk through the index agrees with the plain match. */
	if ((acl_first(l, &q, NULL, NULL) == 0) != m)
		m = 2;
	acl_free(l);
	return m;
}

static void
order_tests(void)
{
	static const char *lines[][8] = {
		{ "alice", "10.0.0.0/8" },		/* 0 */
		{ "*", "10.1.0.0/16" },			/* 1 */
		{ "bob,alice", "*", "example.com" },	/* 2 */
		{ "-" },				/* 3 */
		{ "bob" },				/* 4 */
		{ "*" },				/* 5 */
	};
	static const int nf[] = { 2, 2, 3, 1, 1, 1 };
	struct acl *l = acl_new();
	struct acl_req q;
	char err[256], rb[512];
	size_t i;

	for (i = 0; i < nitems(lines); i++)
		if (acl_add(l, i == 1 ? ACL_DENY : ACL_ALLOW, nf[i],
		    (char **)(uintptr_t)lines[i], err, sizeof(err)) == -1) {
			printf("# %s\n", err);
			exit(2);
		}
	make_req(l, "u=alice s=10.1.1.1", &q, rb);
	CHECK(acl_first(l, &q, NULL, NULL) == 0, "first match: alice entry 0");
	make_req(l, "u=bob s=10.1.1.1", &q, rb);
	CHECK(acl_first(l, &q, NULL, NULL) == 1, "bob skips entry 0: deny 1");
	make_req(l, "u=bob s=10.2.1.1 h=example.com", &q, rb);
	CHECK(acl_first(l, &q, NULL, NULL) == 2, "bob to example.com: 2");
	make_req(l, "s=10.2.1.1 h=example.com", &q, rb);
	CHECK(acl_first(l, &q, NULL, NULL) == 3, "no user: entry 3 ('-')");
	make_req(l, "u=bob s=192.0.2.9 h=other.org", &q, rb);
	CHECK(acl_first(l, &q, NULL, NULL) == 4, "bob elsewhere: 4");
	make_req(l, "u=carol s=10.1.1.1", &q, rb);
	CHECK(acl_first(l, &q, NULL, NULL) == 1, "unknown user: deny 1");
	make_req(l, "u=carol s=192.0.2.9", &q, rb);
	CHECK(acl_first(l, &q, NULL, NULL) == 5, "unknown user: 5");
	acl_flush(l);
	CHECK(acl_count(l) == 0 && acl_first(l, &q, NULL, NULL) == -1,
	    "flush empties the list");
	acl_free(l);
}

int
main(void)
{
	char err[256], name[512];
	size_t i;
	int r;

	setenv("TZ", "UTC", 1);
	tzset();
	for (i = 0; i < nitems(tab); i++) {
		r = one(tab[i].ace, tab[i].req, err, sizeof(err));
		snprintf(name, sizeof(name), "allow %s | %s -> %s",
		    tab[i].ace, tab[i].req, tab[i].want ? "match" : "no match");
		if (r == -1)
			printf("# %s\n", err);
		CHECK(r == tab[i].want, name);
	}
	for (i = 0; i < nitems(bad); i++) {
		err[0] = '\0';
		r = one(bad[i], "", err, sizeof(err));
		snprintf(name, sizeof(name), "allow %s refused (%s)", bad[i],
		    err);
		CHECK(r == -1 && err[0] != '\0', name);
	}
	order_tests();
	printf("# %zu matching cases, %zu refused entries\n", nitems(tab),
	    nitems(bad));
	UNIT_DONE();
}
