/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz ACL parsing and matching: random entries written as 3proxy.cfg text
 * are compiled and matched against random requests, and the verdicts must
 * equal those of a slow reference matcher working on the structured form;
 * the rest of the input goes to acl_add() as raw fields. */
#include <arpa/inet.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "acl.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define SUNDAY		((time_t)1704585600)
#define MAXE		4
#define MAXI		3

struct in {
	const uint8_t	*d;
	size_t		 n;
};

static unsigned
byte(struct in *in)
{
	unsigned b;

	if (in->n == 0)
		return 0;
	b = in->d[0];
	in->d++;
	in->n--;
	return b;
}

static const char *names[] = { "-", "bob", "Bob", "alice", "a-b" };
static const char *labels[] = { "example", "com", "ex-ample", "a", "b",
    "Example" };
static const char *opnames[] = { "CONNECT", "BIND", "UDPASSOC", "HTTP_GET",
    "HTTP_POST", "HTTP_CONNECT", "HTTP", "FTP_GET", "FTP", "ADMIN" };
static const uint32_t opvals[] = { OP_CONNECT, OP_BIND, OP_UDPASSOC,
    OP_HTTP_GET, OP_HTTP_POST, OP_HTTP_CONNECT, OP_HTTP, OP_FTP_GET, OP_FTP,
    OP_ADMIN };
static const uint16_t ports[] = { 0, 1, 21, 80, 443, 1023, 1024, 8080,
    65535 };

/* Reference form of an address item. */
struct ritem {
	int		kind;		/* 0 single, 1 cidr, 2 range */
	int		v6;
	uint8_t		a[16], b[16];	/* address (and range end) */
	unsigned	plen;
};

struct rhost {
	int	kind;			/* ACL_HOST_* */
	char	s[64];			/* as written (may have upper case) */
};

struct rentry {
	int		deny;
	int		nusers;
	const char	*users[MAXI];
	int		nsrc, ndst, nhost, nports, nops, ntimes;
	struct ritem	src[MAXI], dst[MAXI];
	struct rhost	host[MAXI];
	uint16_t	plo[MAXI], phi[MAXI];
	uint32_t	ops;
	uint8_t		wdays;		/* 0: field is * */
	uint32_t	tlo[MAXI], thi[MAXI];
	char		text[8][512];
};

struct rreq {
	const char	*user;		/* NULL: none */
	int		 srcv6, dstset, dstv6;
	uint8_t		 src[16], dst[16];
	char		 host[64];
	int		 hasname;
	uint16_t	 port;
	uint32_t	 op;
	time_t		 now;
};

static void
gen_addr(struct in *in, int v6, uint8_t *a)
{
	memset(a, 0, 16);
	if (!v6) {
		a[0] = 10;
		a[1] = (uint8_t)(byte(in) & 1);
		a[2] = (uint8_t)(byte(in) & 3);
		a[3] = (uint8_t)byte(in);
	} else {
		a[0] = 0x20;
		a[1] = 0x01;
		a[2] = 0x0d;
		a[3] = 0xb8;
		a[14] = (uint8_t)(byte(in) & 3);
		a[15] = (uint8_t)byte(in);
	}
}

static void
addr_text(int v6, const uint8_t *a, char *out, size_t len)
{
	inet_ntop(v6 ? AF_INET6 : AF_INET, a, out, (socklen_t)len);
}

static void
gen_item(struct in *in, struct ritem *it, char *out, size_t len)
{
	char x[64], y[64];

	it->v6 = byte(in) & 1;
	it->kind = (int)(byte(in) % 3);
	gen_addr(in, it->v6, it->a);
	addr_text(it->v6, it->a, x, sizeof(x));
	if (it->kind == 1) {
		it->plen = byte(in) % (it->v6 ? 129 : 33);
		snprintf(out, len, "%s/%u", x, it->plen);
	} else if (it->kind == 2) {
		gen_addr(in, it->v6, it->b);
		if (memcmp(it->a, it->b, 16) > 0) {
			uint8_t t[16];

			memcpy(t, it->a, 16);
			memcpy(it->a, it->b, 16);
			memcpy(it->b, t, 16);
			addr_text(it->v6, it->a, x, sizeof(x));
		}
		addr_text(it->v6, it->b, y, sizeof(y));
		snprintf(out, len, "%s-%s", x, y);
	} else
		snprintf(out, len, "%s", x);
}

static void
gen_name(struct in *in, char *out, size_t len)
{
	unsigned n = 1 + byte(in) % 3, i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strncat(out, ".", len - strlen(out) - 1);
		strncat(out, labels[byte(in) % 6], len - strlen(out) - 1);
	}
}

static void
append(char *s, size_t len, const char *item)
{
	if (s[0] != '\0')
		strncat(s, ",", len - strlen(s) - 1);
	strncat(s, item, len - strlen(s) - 1);
}

static void
gen_entry(struct in *in, struct rentry *e)
{
	unsigned f = byte(in), i, n;
	char item[128];

	memset(e, 0, sizeof(*e));
	e->deny = byte(in) & 1;
	for (i = 0; i < 7; i++)
		strcpy(e->text[i], "*");
	if (f & 1) {
		e->text[0][0] = '\0';
		n = 1 + byte(in) % MAXI;
		for (i = 0; i < n; i++) {
			e->users[i] = names[byte(in) % 5];
			append(e->text[0], sizeof(e->text[0]), e->users[i]);
		}
		e->nusers = (int)n;
	}
	if (f & 2) {
		e->text[1][0] = '\0';
		n = 1 + byte(in) % 2;
		for (i = 0; i < n; i++) {
			gen_item(in, &e->src[i], item, sizeof(item));
			append(e->text[1], sizeof(e->text[1]), item);
		}
		e->nsrc = (int)n;
	}
	if (f & 4) {
		e->text[2][0] = '\0';
		n = 1 + byte(in) % MAXI;
		for (i = 0; i < n; i++) {
			if (byte(in) & 1) {
				gen_item(in, &e->dst[e->ndst], item,
				    sizeof(item));
				e->ndst++;
			} else {
				struct rhost *h = &e->host[e->nhost++];
				char nm[48];

				h->kind = (int)(byte(in) % 4);
				gen_name(in, nm, sizeof(nm));
				snprintf(h->s, sizeof(h->s), "%s", nm);
				snprintf(item, sizeof(item), "%s%s%s",
				    h->kind == ACL_HOST_SUFFIX ||
				    h->kind == ACL_HOST_SUBSTR ? "*" : "", nm,
				    h->kind == ACL_HOST_PREFIX ||
				    h->kind == ACL_HOST_SUBSTR ? "*" : "");
			}
			append(e->text[2], sizeof(e->text[2]), item);
		}
	}
	if (f & 8) {
		e->text[3][0] = '\0';
		n = 1 + byte(in) % 2;
		for (i = 0; i < n; i++) {
			uint16_t a = ports[byte(in) % 9], b = ports[byte(in) %
			    9];

			if (a > b) {
				uint16_t t = a;

				a = b;
				b = t;
			}
			e->plo[i] = a;
			e->phi[i] = b;
			if (a == b)
				snprintf(item, sizeof(item), "%u", a);
			else
				snprintf(item, sizeof(item), "%u-%u", a, b);
			append(e->text[3], sizeof(e->text[3]), item);
		}
		e->nports = (int)n;
	}
	if (f & 16) {
		e->text[4][0] = '\0';
		n = 1 + byte(in) % 2;
		for (i = 0; i < n; i++) {
			unsigned k = byte(in) % 10;

			e->ops |= opvals[k];
			append(e->text[4], sizeof(e->text[4]), opnames[k]);
		}
		e->nops = 1;
	}
	if (f & 32) {
		unsigned m = byte(in) & 0x7f, d;

		if (m == 0)
			m = 1;
		e->wdays = (uint8_t)m;
		e->text[5][0] = '\0';
		for (d = 0; d < 7; d++)
			if (m & (1u << d)) {
				snprintf(item, sizeof(item), "%u",
				    d == 0 && (byte(in) & 1) ? 7 : d);
				append(e->text[5], sizeof(e->text[5]), item);
			}
	}
	if (f & 64) {
		uint32_t a = (byte(in) % 48) * 1800, b = (byte(in) % 48 + 1) *
		    1800;

		if (a >= b)
			b = a + 1800;
		e->tlo[0] = a;
		e->thi[0] = b;
		e->ntimes = 1;
		snprintf(e->text[6], sizeof(e->text[6]),
		    "%02u:%02u:%02u-%02u:%02u:%02u", a / 3600, a / 60 % 60,
		    a % 60, b / 3600, b / 60 % 60, b % 60);
	}
}

static void
gen_req(struct in *in, struct rreq *q)
{
	unsigned f = byte(in);

	memset(q, 0, sizeof(*q));
	q->user = (f & 1) ? NULL : (f & 2) ? "zed" : names[byte(in) % 5];
	q->srcv6 = (f >> 2) & 1;
	gen_addr(in, q->srcv6, q->src);
	q->dstset = (f >> 3) & 1;
	if (q->dstset) {
		q->dstv6 = (f >> 4) & 1;
		gen_addr(in, q->dstv6, q->dst);
	}
	if (f & 32) {
		gen_name(in, q->host, sizeof(q->host));
		q->hasname = 1;
	}
	q->port = ports[byte(in) % 9];
	q->op = opvals[byte(in) % 6];
	q->now = SUNDAY + (time_t)(byte(in) % 7) * 86400 +
	    (time_t)(byte(in) % 48) * 1800 + (byte(in) & 1) * 1799;
}

/* Reference: is address x (16 bytes, v6 or not) inside item it? */
static int
ref_item(const struct ritem *it, int v6, const uint8_t *x)
{
	unsigned nb = v6 ? 128 : 32, i;
	int c1, c2;

	if (it->v6 != v6)
		return 0;
	if (it->kind == 1) {
		for (i = 0; i < it->plen && i < nb; i++) {
			unsigned bit = 0x80u >> (i % 8);

			if ((it->a[i / 8] & bit) != (x[i / 8] & bit))
				return 0;
		}
		return 1;
	}
	c1 = memcmp(it->a, x, v6 ? 16 : 4);
	if (it->kind == 0)
		return c1 == 0;
	c2 = memcmp(x, it->b, v6 ? 16 : 4);
	return c1 <= 0 && c2 <= 0;
}

static int
ref_host(const struct rhost *h, const char *name)
{
	size_t n = strlen(name), p = strlen(h->s), i;

	switch (h->kind) {
	case ACL_HOST_EXACT:
		return strcasecmp(name, h->s) == 0;
	case ACL_HOST_SUFFIX:
		return n > p && strcasecmp(name + n - p, h->s) == 0;
	case ACL_HOST_PREFIX:
		return n > p && strncasecmp(name, h->s, p) == 0;
	default:
		for (i = 0; i + p <= n; i++)
			if (strncasecmp(name + i, h->s, p) == 0)
				return 1;
		return 0;
	}
}

static int
ref_match(const struct rentry *e, const struct rreq *q)
{
	const char *u = q->user != NULL ? q->user : "-";
	struct tm tm;
	int i, ok;

	if (e->nops && !(e->ops & q->op))
		return 0;
	if (e->nusers) {
		for (i = 0, ok = 0; i < e->nusers; i++)
			ok |= strcmp(u, e->users[i]) == 0;
		if (!ok)
			return 0;
	}
	if (e->nsrc) {
		for (i = 0, ok = 0; i < e->nsrc; i++)
			ok |= ref_item(&e->src[i], q->srcv6, q->src);
		if (!ok)
			return 0;
	}
	if (e->nports && (q->port != 0 || q->op == OP_BIND)) {
		for (i = 0, ok = 0; i < e->nports; i++)
			ok |= q->port >= e->plo[i] && q->port <= e->phi[i];
		if (!ok)
			return 0;
	}
	if (e->ndst || e->nhost) {
		uint8_t zero[16];
		int dset = q->dstset, v6 = q->dstv6;
		const uint8_t *d = q->dst;

		memset(zero, 0, sizeof(zero));
		if (!dset && q->op == OP_BIND) {
			dset = 1;
			v6 = 0;
			d = zero;
		}
		ok = !dset && !q->hasname;
		for (i = 0; dset && i < e->ndst; i++)
			ok |= ref_item(&e->dst[i], v6, d);
		for (i = 0; q->hasname && i < e->nhost; i++)
			ok |= ref_host(&e->host[i], q->host);
		if (!ok)
			return 0;
	}
	gmtime_r(&q->now, &tm);
	if (e->wdays && !(e->wdays & (1u << tm.tm_wday)))
		return 0;
	if (e->ntimes) {
		uint32_t s = (uint32_t)(tm.tm_hour * 3600 + tm.tm_min * 60 +
		    tm.tm_sec);

		if (s < e->tlo[0] || s >= e->thi[0])
			return 0;
	}
	return 1;
}

static void
to_acl_req(const struct acl *l, const struct rreq *r, struct acl_req *q,
    char *lower)
{
	size_t i;

	memset(q, 0, sizeof(*q));
	q->q_user = acl_user_id(l, r->user);
	q->q_src.ip_family = r->srcv6 ? 6 : 4;
	memcpy(q->q_src.ip_b, r->src, 16);
	if (r->dstset) {
		q->q_dst.ip_family = r->dstv6 ? 6 : 4;
		memcpy(q->q_dst.ip_b, r->dst, 16);
	}
	if (r->hasname) {
		/* The policy point hands names over in lower case. */
		for (i = 0; r->host[i] != '\0'; i++)
			lower[i] = (char)(r->host[i] >= 'A' && r->host[i] <=
			    'Z' ? r->host[i] + 32 : r->host[i]);
		lower[i] = '\0';
		q->q_host = lower;
		q->q_hostlen = i;
	}
	q->q_port = r->port;
	q->q_op = r->op;
	q->q_now = r->now;
}

static void
raw_fields(struct in *in)
{
	char buf[1024], *av[9], err[256];
	struct acl *l = acl_new();
	size_t n = in->n < sizeof(buf) - 1 ? in->n : sizeof(buf) - 1, i;
	int ac = 0;

	memcpy(buf, in->d, n);
	buf[n] = '\0';
	av[ac++] = buf;
	for (i = 0; i < n && ac < 8; i++)
		if (buf[i] == '\0' || buf[i] == ' ') {
			buf[i] = '\0';
			av[ac++] = buf + i + 1;
		}
	if (acl_add(l, ACL_ALLOW, ac, av, err, sizeof(err)) == 0) {
		struct acl_req q;

		memset(&q, 0, sizeof(q));
		q.q_op = OP_CONNECT;
		(void)acl_first(l, &q, NULL, NULL);
	} else if (err[0] == '\0')
		abort();
	acl_free(l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct in in = { data, size };
	struct rentry e[MAXE];
	struct rreq r;
	struct acl *l;
	struct acl_req q;
	char err[256], lower[64];
	unsigned ne, i, k;

	if (!init) {
		setenv("TZ", "UTC", 1);
		tzset();
		init = 1;
	}
	if (size > 2048)
		return 0;
	l = acl_new();
	ne = 1 + byte(&in) % MAXE;
	for (i = 0; i < ne; i++) {
		char *av[7];

		gen_entry(&in, &e[i]);
		for (k = 0; k < 7; k++)
			av[k] = e[i].text[k];
		if (acl_add(l, e[i].deny ? ACL_DENY : ACL_ALLOW, 7, av, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "generated entry refused: %s\n", err);
			abort();
		}
	}
	for (k = 0; k < 4 && in.n > 0; k++) {
		int want = -1, got;

		gen_req(&in, &r);
		for (i = 0; i < ne; i++) {
			int m;

			to_acl_req(l, &r, &q, lower);
			m = acl_match(acl_entry(l, i), &q);
			if (m != ref_match(&e[i], &r)) {
				fprintf(stderr, "entry %u '%s %s %s %s %s %s "
				    "%s': acl_match %d, reference %d\n", i,
				    e[i].text[0], e[i].text[1], e[i].text[2],
				    e[i].text[3], e[i].text[4], e[i].text[5],
				    e[i].text[6], m, !m);
				abort();
			}
			if (m && want == -1)
				want = (int)i;
		}
		to_acl_req(l, &r, &q, lower);
		got = acl_first(l, &q, NULL, NULL);
		if (got != want) {
			fprintf(stderr, "acl_first %d, linear walk %d\n", got,
			    want);
			abort();
		}
	}
	acl_free(l);
	raw_fields(&in);
	return 0;
}
