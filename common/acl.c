/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Access control lists: allow/deny entries compiled from 3proxy.cfg fields
 * and matched against a request, first match wins. */
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "policy.h"

/* Longest single item of a field ("a:b:...:h/128-..." fits easily). */
#define ITEM_MAX	(ACL_MAXHOST + 2)

/* An interned user name of some USERS field. */
struct name {
	struct name	*n_next;
	int		 n_id;
	char		 n_str[];
};

/*
 * A compact copy of what rejects most entries cheaply (operation, a single
 * IPv4 source or target range, a single port range), walked before the
 * full match: the walk then reads one small contiguous array.
 */
#define HOT_SRC4	0x01	/* the SRC field is one IPv4 range */
#define HOT_DST4	0x02	/* the DST field is one IPv4 range, no name */
#define HOT_PORT1	0x04	/* the PORTS field is one range */

struct ace_hot {
	uint32_t	h_ops;		/* all ones without an OPS field */
	uint16_t	h_flags;	/* HOT_* */
	uint16_t	h_plo, h_phi;
	uint32_t	h_slo, h_shi;
	uint32_t	h_dlo, h_dhi;
};

struct acl {
	struct ace_hot	*l_hot;		/* one per entry, with the index */
	struct ace	*l_ent;
	unsigned	 l_n, l_cap;
	struct name	**l_names;	/* hash buckets */
	unsigned	 l_nmask;	/* buckets - 1 */
	int		 l_nnext;	/* next user id */
	/*
	 * Index by user, so that a request walks only the entries that can
	 * name its user: l_any holds the entries without a USERS field,
	 * l_by[id] those naming user id (both sorted). Rebuilt when stale.
	 */
	int		 l_idx_ok;
	unsigned	*l_any;
	unsigned	 l_nany;
	unsigned	**l_by;
	unsigned	*l_nby;
	int		 l_nbyids;
};

static const struct {
	const char	*name;
	uint32_t	 op;
} ops[] = {
	{ "CONNECT", OP_CONNECT },
	{ "BIND", OP_BIND },
	{ "UDPASSOC", OP_UDPASSOC },
	{ "ICMPASSOC", OP_ICMPASSOC },
	{ "HTTP_GET", OP_HTTP_GET },
	{ "HTTP_PUT", OP_HTTP_PUT },
	{ "HTTP_POST", OP_HTTP_POST },
	{ "HTTP_HEAD", OP_HTTP_HEAD },
	{ "HTTP_CONNECT", OP_HTTP_CONNECT },
	{ "HTTPS", OP_HTTP_CONNECT },
	{ "HTTP_OTHER", OP_HTTP_OTHER },
	{ "HTTP", OP_HTTP },
	{ "FTP_GET", OP_FTP_GET },
	{ "FTP_PUT", OP_FTP_PUT },
	{ "FTP_LIST", OP_FTP_LIST },
	{ "FTP_DATA", OP_FTP_DATA },
	{ "FTP", OP_FTP },
	{ "ADMIN", OP_ADMIN },
	{ "DNSRESOLVE", OP_DNSRESOLVE },
};

uint32_t
acl_op_by_name(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcasecmp(s, ops[i].name) == 0)
			return ops[i].op;
	return 0;
}

/* FNV-1a: user names are short and chosen by the administrator. */
static unsigned
name_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

struct acl *
acl_new(void)
{
	struct acl *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	l->l_nmask = 63;
	l->l_names = calloc(l->l_nmask + 1, sizeof(*l->l_names));
	if (l->l_names == NULL) {
		free(l);
		return NULL;
	}
	l->l_nnext = 1;
	return l;
}

static void
ace_free(struct ace *e)
{
	unsigned i;

	free(e->a_users);
	free(e->a_src);
	free(e->a_dst);
	for (i = 0; i < e->a_nhosts; i++)
		free(e->a_hosts[i].h_name);
	free(e->a_hosts);
	free(e->a_ports);
	free(e->a_times);
	free(e->a_puser);
	if (e->a_ppass != NULL)
		explicit_bzero(e->a_ppass, strlen(e->a_ppass));
	free(e->a_ppass);
	memset(e, 0, sizeof(*e));
}

static void
index_free(struct acl *l)
{
	int i;

	for (i = 0; i < l->l_nbyids; i++)
		free(l->l_by[i]);
	free(l->l_by);
	l->l_by = NULL;
	free(l->l_nby);
	l->l_nby = NULL;
	free(l->l_any);
	l->l_any = NULL;
	free(l->l_hot);
	l->l_hot = NULL;
	l->l_nbyids = 0;
	l->l_nany = 0;
	l->l_idx_ok = 0;
}

void
acl_flush(struct acl *l)
{
	unsigned i;

	for (i = 0; i < l->l_n; i++)
		ace_free(&l->l_ent[i]);
	l->l_n = 0;
	index_free(l);
}

void
acl_free(struct acl *l)
{
	unsigned i;

	if (l == NULL)
		return;
	acl_flush(l);
	free(l->l_ent);
	for (i = 0; i <= l->l_nmask; i++) {
		struct name *n, *next;

		for (n = l->l_names[i]; n != NULL; n = next) {
			next = n->n_next;
			free(n);
		}
	}
	free(l->l_names);
	free(l);
}

unsigned
acl_count(const struct acl *l)
{
	return l->l_n;
}

struct ace *
acl_entry(struct acl *l, unsigned i)
{
	return i < l->l_n ? &l->l_ent[i] : NULL;
}

int
acl_user_id(const struct acl *l, const char *s)
{
	const struct name *n;

	if (s == NULL || strcmp(s, "-") == 0)
		return ACL_USER_NONE;
	for (n = l->l_names[name_hash(s) & l->l_nmask]; n != NULL;
	    n = n->n_next)
		if (strcmp(n->n_str, s) == 0)
			return n->n_id;
	return ACL_USER_OTHER;
}

/* The id of a name, added when new; -1 without memory. */
static int
intern(struct acl *l, const char *s)
{
	struct name *n;
	size_t len;
	int id = acl_user_id(l, s);
	unsigned h;

	if (id != ACL_USER_OTHER)
		return id;
	/* Keep chains short: double the buckets at load 1. */
	if ((unsigned)l->l_nnext > l->l_nmask) {
		unsigned nmask = l->l_nmask * 2 + 1, i;
		struct name **nb = calloc(nmask + 1, sizeof(*nb));

		if (nb == NULL)
			return -1;
		for (i = 0; i <= l->l_nmask; i++) {
			struct name *next;

			for (n = l->l_names[i]; n != NULL; n = next) {
				next = n->n_next;
				h = name_hash(n->n_str) & nmask;
				n->n_next = nb[h];
				nb[h] = n;
			}
		}
		free(l->l_names);
		l->l_names = nb;
		l->l_nmask = nmask;
	}
	len = strlen(s);
	if ((n = malloc(sizeof(*n) + len + 1)) == NULL)
		return -1;
	memcpy(n->n_str, s, len + 1);
	n->n_id = l->l_nnext++;
	h = name_hash(s) & l->l_nmask;
	n->n_next = l->l_names[h];
	l->l_names[h] = n;
	return n->n_id;
}

void
acl_ip_from_addr(struct acl_ip *ip, const struct addr *a)
{
	memset(ip, 0, sizeof(*ip));
	switch (addr_family(a)) {
	case AF_INET:
		ip->ip_family = 4;
		memcpy(ip->ip_b, &a->a.sin.sin_addr, 4);
		break;
	case AF_INET6:
		/* ::ffff:a.b.c.d is the IPv4 address it carries. */
		if (IN6_IS_ADDR_V4MAPPED(&a->a.sin6.sin6_addr)) {
			ip->ip_family = 4;
			memcpy(ip->ip_b, a->a.sin6.sin6_addr.s6_addr + 12, 4);
		} else {
			ip->ip_family = 6;
			memcpy(ip->ip_b, &a->a.sin6.sin6_addr, 16);
		}
		break;
	default:
		break;
	}
}

/* One IP literal of len bytes (IPv6 may be bracketed); 0 or -1. */
static int
parse_ip(const char *s, size_t len, struct acl_ip *ip)
{
	char buf[INET6_ADDRSTRLEN + 2];

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, buf, ip->ip_b) == 1) {
		ip->ip_family = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, ip->ip_b) == 1) {
		ip->ip_family = 6;
		return 0;
	}
	return -1;
}

static int
is_mapped(const struct acl_ip *ip)
{
	static const uint8_t pfx[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };

	return ip->ip_family == 6 && memcmp(ip->ip_b, pfx, 12) == 0;
}

static void
unmap(struct acl_ip *ip)
{
	memmove(ip->ip_b, ip->ip_b + 12, 4);
	memset(ip->ip_b + 4, 0, 12);
	ip->ip_family = 4;
}

static inline uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

int
acl_parse_iprange(const char *s, struct acl_iprange *r)
{
	struct acl_ip lo, hi;
	const char *p;
	size_t len = strlen(s), n;
	unsigned i;

	memset(r, 0, sizeof(*r));
	if ((p = strchr(s, '/')) != NULL) {
		unsigned long plen;
		char *end;

		if (parse_ip(s, (size_t)(p - s), &lo) == -1 ||
		    !isdigit((unsigned char)p[1]) || strlen(p + 1) > 3)
			return -1;
		errno = 0;
		plen = strtoul(p + 1, &end, 10);
		if (*end != '\0' || plen > (lo.ip_family == 4 ? 32u : 128u))
			return -1;
		if (is_mapped(&lo) && plen >= 96) {
			unmap(&lo);
			plen -= 96;
		}
		n = lo.ip_family == 4 ? 4 : 16;
		hi = lo;
		/* Clear (lo) and set (hi) every bit past the prefix. */
		for (i = 0; i < n * 8; i++) {
			if (i < plen)
				continue;
			lo.ip_b[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
			hi.ip_b[i / 8] |= (uint8_t)(0x80u >> (i % 8));
		}
	} else if ((p = strchr(s, '-')) != NULL) {
		if (parse_ip(s, (size_t)(p - s), &lo) == -1 ||
		    parse_ip(p + 1, len - (size_t)(p - s) - 1, &hi) == -1)
			return -1;
		if (is_mapped(&lo) && is_mapped(&hi)) {
			unmap(&lo);
			unmap(&hi);
		}
		if (lo.ip_family != hi.ip_family ||
		    memcmp(lo.ip_b, hi.ip_b, lo.ip_family == 4 ? 4 : 16) > 0)
			return -1;
	} else {
		if (parse_ip(s, len, &lo) == -1)
			return -1;
		if (is_mapped(&lo))
			unmap(&lo);
		hi = lo;
	}
	r->r_family = lo.ip_family;
	memcpy(r->r_lo, lo.ip_b, sizeof(r->r_lo));
	memcpy(r->r_hi, hi.ip_b, sizeof(r->r_hi));
	r->r_lo4 = be32(lo.ip_b);
	r->r_hi4 = be32(hi.ip_b);
	return 0;
}

/*
 * Field items: call fn for each comma-separated item of s (copied,
 * NUL-terminated, at most ITEM_MAX bytes). Empty items are errors.
 */
static int
each_item(const char *s, int (*fn)(const char *, void *, char *, size_t),
    void *arg, char *err, size_t errlen)
{
	char item[ITEM_MAX + 1];

	for (;;) {
		const char *c = strchr(s, ',');
		size_t n = c != NULL ? (size_t)(c - s) : strlen(s);

		if (n == 0) {
			snprintf(err, errlen, "empty item in list");
			return -1;
		}
		if (n > ITEM_MAX) {
			snprintf(err, errlen, "list item too long: %.32s...", s);
			return -1;
		}
		memcpy(item, s, n);
		item[n] = '\0';
		if (fn(item, arg, err, errlen) == -1)
			return -1;
		if (c == NULL)
			return 0;
		s = c + 1;
	}
}

static unsigned
count_items(const char *s)
{
	unsigned n = 1;

	for (; *s != '\0'; s++)
		if (*s == ',')
			n++;
	return n;
}

/* Whether an item of a list field is the wildcard "*". */
static int
has_star_item(const char *s)
{
	for (;;) {
		const char *c = strchr(s, ',');
		size_t n = c != NULL ? (size_t)(c - s) : strlen(s);

		if (n == 1 && s[0] == '*')
			return 1;
		if (c == NULL)
			return 0;
		s = c + 1;
	}
}

struct build {
	struct acl	*b_acl;
	struct ace	*b_e;
};

static int
users_item(const char *s, void *arg, char *err, size_t errlen)
{
	struct build *b = arg;
	int id;

	if (strlen(s) > ACL_MAXUSER) {
		snprintf(err, errlen, "user name too long: %.32s...", s);
		return -1;
	}
	if ((id = intern(b->b_acl, s)) == -1) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	b->b_e->a_users[b->b_e->a_nusers++] = id;
	return 0;
}

static int
src_item(const char *s, void *arg, char *err, size_t errlen)
{
	struct ace *e = ((struct build *)arg)->b_e;

	if (acl_parse_iprange(s, &e->a_src[e->a_nsrc]) == -1) {
		snprintf(err, errlen, "Invalid IP, IP range or CIDR: %s", s);
		return -1;
	}
	e->a_nsrc++;
	return 0;
}

/* Text that can only have been meant as an address: digits, dots, a slash,
   a dash, or any colon. */
static int
looks_numeric(const char *s)
{
	if (strchr(s, ':') != NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s) && *s != '.' && *s != '/' &&
		    *s != '-')
			return 0;
	return 1;
}

static int
dst_item(const char *s, void *arg, char *err, size_t errlen)
{
	struct ace *e = ((struct build *)arg)->b_e;
	struct acl_host *h;
	size_t n = strlen(s), i;
	int lead, trail;

	if (strchr(s, '*') == NULL) {
		if (acl_parse_iprange(s, &e->a_dst[e->a_ndst]) == 0) {
			e->a_ndst++;
			return 0;
		}
		if (looks_numeric(s)) {
			snprintf(err, errlen, "Invalid IP, IP range or CIDR: "
			    "%s", s);
			return -1;
		}
	}
	lead = s[0] == '*';
	trail = n > 1 && s[n - 1] == '*';
	s += lead;
	n -= (size_t)(lead + trail);
	/* A trailing dot names the same host (and a pattern alike). */
	if (n > 0 && s[n - 1] == '.' && !trail)
		n--;
	if (n == 0 || n > ACL_MAXHOST) {
		snprintf(err, errlen, "Invalid host name pattern: %s",
		    s - lead);
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '-' && c != '.' && c != '_') {
			snprintf(err, errlen, "Invalid host name pattern: %s "
			    "(a '*' goes only at the start or the end)",
			    s - lead);
			return -1;
		}
	}
	h = &e->a_hosts[e->a_nhosts];
	if ((h->h_name = malloc(n + 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		h->h_name[i] = (char)tolower((unsigned char)s[i]);
	h->h_name[n] = '\0';
	h->h_len = n;
	h->h_kind = lead && trail ? ACL_HOST_SUBSTR : lead ? ACL_HOST_SUFFIX :
	    trail ? ACL_HOST_PREFIX : ACL_HOST_EXACT;
	e->a_nhosts++;
	return 0;
}

/* A decimal number of at most 5 digits, at most max; -1 otherwise. */
static long
small_num(const char *s, size_t n, long max)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? v : -1;
}

static int
ports_item(const char *s, void *arg, char *err, size_t errlen)
{
	struct ace *e = ((struct build *)arg)->b_e;
	const char *d = strchr(s, '-');
	long lo, hi;

	if (d == NULL)
		lo = hi = small_num(s, strlen(s), 65535);
	else {
		lo = small_num(s, (size_t)(d - s), 65535);
		hi = small_num(d + 1, strlen(d + 1), 65535);
	}
	if (lo < 0 || hi < 0 || lo > hi) {
		snprintf(err, errlen, "Invalid port or port range: %s", s);
		return -1;
	}
	e->a_ports[e->a_nports].p_lo = (uint16_t)lo;
	e->a_ports[e->a_nports].p_hi = (uint16_t)hi;
	e->a_nports++;
	return 0;
}

static int
ops_item(const char *s, void *arg, char *err, size_t errlen)
{
	struct ace *e = ((struct build *)arg)->b_e;
	uint32_t op = acl_op_by_name(s);

	if (op == 0) {
		snprintf(err, errlen, "Unknown operation type: %s", s);
		return -1;
	}
	e->a_ops |= op;
	return 0;
}

/* "HH:MM:SS" to seconds; 24:00:00 only when end is set. */
static long
hms(const char *s, int end)
{
	long h, m, sec;

	if (s[2] != ':' || s[5] != ':' || (h = small_num(s, 2, 24)) < 0 ||
	    (m = small_num(s + 3, 2, 59)) < 0 ||
	    (sec = small_num(s + 6, 2, 59)) < 0)
		return -1;
	if (h == 24 && (!end || m != 0 || sec != 0))
		return -1;
	return h * 3600 + m * 60 + sec;
}

static int
times_item(const char *s, void *arg, char *err, size_t errlen)
{
	struct ace *e = ((struct build *)arg)->b_e;
	long lo, hi;

	if (strlen(s) != 17 || s[8] != '-' || (lo = hms(s, 0)) < 0 ||
	    (hi = hms(s + 9, 1)) < 0) {
		snprintf(err, errlen, "Invalid time period: %s "
		    "(HH:MM:SS-HH:MM:SS)", s);
		return -1;
	}
	if (hi <= lo) {
		snprintf(err, errlen, "Invalid time period: %s (it must end "
		    "after it starts; split a period that crosses midnight "
		    "in two)", s);
		return -1;
	}
	e->a_times[e->a_ntimes].t_lo = (uint32_t)lo;
	e->a_times[e->a_ntimes].t_hi = (uint32_t)hi;
	e->a_ntimes++;
	return 0;
}

/* WEEKDAYS: digits 0-7 (0 and 7 are Sunday), ranges d-d, comma lists. */
static int
parse_wdays(const char *s, uint8_t *mask, char *err, size_t errlen)
{
	const char *p = s;

	*mask = 0;
	while (*p != '\0') {
		int lo, hi, d;

		if (*p == ',') {
			p++;
			continue;
		}
		if (*p < '0' || *p > '7')
			goto bad;
		lo = hi = *p++ - '0';
		if (*p == '-') {
			if (p[1] < '0' || p[1] > '7')
				goto bad;
			hi = p[1] - '0';
			p += 2;
			if (hi < lo)
				goto bad;
		}
		for (d = lo; d <= hi; d++)
			*mask |= (uint8_t)(1u << (d % 7));
	}
	if (*mask != 0)
		return 0;
bad:
	snprintf(err, errlen, "Invalid week days: %s (digits 0-7, 0 and 7 "
	    "are Sunday, ranges like 1-5)", s);
	return -1;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* Allocate room for the items of field s; NULL on failure. */
static void *
items_alloc(const char *s, size_t size, char *err, size_t errlen)
{
	unsigned n = count_items(s);
	void *p;

	if (n > ACL_MAXITEMS) {
		snprintf(err, errlen, "too many items in one field (%u)", n);
		return NULL;
	}
	if ((p = calloc(n, size)) == NULL)
		snprintf(err, errlen, "out of memory");
	return p;
}

int
acl_add(struct acl *l, int action, int argc, char **argv, char *err,
    size_t errlen)
{
	struct ace e;
	struct build b;

	if (argc > 8) {
		snprintf(err, errlen, "too many fields (USERS SRC DST PORTS "
		    "OPS WEEKDAYS TIMES WEIGHT)");
		return -1;
	}
	memset(&e, 0, sizeof(e));
	e.a_action = action;
	e.a_ops = 0xffffffffu;
	b.b_acl = l;
	b.b_e = &e;
	if (argc > 0 && !has_star_item(argv[0])) {
		if ((e.a_users = items_alloc(argv[0], sizeof(int), err,
		    errlen)) == NULL ||
		    each_item(argv[0], users_item, &b, err, errlen) == -1)
			goto fail;
		qsort(e.a_users, e.a_nusers, sizeof(int), cmp_int);
		e.a_fields |= ACE_USERS;
	}
	if (argc > 1 && !has_star_item(argv[1])) {
		if ((e.a_src = items_alloc(argv[1], sizeof(*e.a_src), err,
		    errlen)) == NULL ||
		    each_item(argv[1], src_item, &b, err, errlen) == -1)
			goto fail;
		e.a_fields |= ACE_SRC;
	}
	if (argc > 2 && !has_star_item(argv[2])) {
		if ((e.a_dst = items_alloc(argv[2], sizeof(*e.a_dst), err,
		    errlen)) == NULL ||
		    (e.a_hosts = items_alloc(argv[2], sizeof(*e.a_hosts), err,
		    errlen)) == NULL ||
		    each_item(argv[2], dst_item, &b, err, errlen) == -1)
			goto fail;
		e.a_fields |= ACE_DST;
	}
	if (argc > 3 && !has_star_item(argv[3])) {
		if ((e.a_ports = items_alloc(argv[3], sizeof(*e.a_ports), err,
		    errlen)) == NULL ||
		    each_item(argv[3], ports_item, &b, err, errlen) == -1)
			goto fail;
		e.a_fields |= ACE_PORTS;
	}
	if (argc > 4 && !has_star_item(argv[4])) {
		e.a_ops = 0;
		if (each_item(argv[4], ops_item, &b, err, errlen) == -1)
			goto fail;
		e.a_fields |= ACE_OPS;
	}
	if (argc > 5 && strcmp(argv[5], "*") != 0) {
		if (parse_wdays(argv[5], &e.a_wdays, err, errlen) == -1)
			goto fail;
		if (e.a_wdays != 0x7f)
			e.a_fields |= ACE_WDAYS;
	}
	if (argc > 6 && !has_star_item(argv[6])) {
		if ((e.a_times = items_alloc(argv[6], sizeof(*e.a_times), err,
		    errlen)) == NULL ||
		    each_item(argv[6], times_item, &b, err, errlen) == -1)
			goto fail;
		e.a_fields |= ACE_TIMES;
	}
	if (argc > 7) {
		char *end;

		errno = 0;
		e.a_weight = strtol(argv[7], &end, 10);
		if (errno != 0 || end == argv[7] || *end != '\0' ||
		    e.a_weight < 0) {
			snprintf(err, errlen, "Invalid weight: %s", argv[7]);
			goto fail;
		}
	}
	if (l->l_n == l->l_cap) {
		unsigned ncap = l->l_cap ? l->l_cap * 2 : 16;
		struct ace *n = reallocarray(l->l_ent, ncap, sizeof(*n));

		if (n == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		l->l_ent = n;
		l->l_cap = ncap;
	}
	l->l_ent[l->l_n++] = e;
	l->l_idx_ok = 0;
	return 0;
fail:
	ace_free(&e);
	return -1;
}

static inline int
in_range(const struct acl_iprange *r, const struct acl_ip *ip)
{
	uint32_t x;

	if (r->r_family != ip->ip_family)
		return 0;
	if (ip->ip_family == 4) {
		x = be32(ip->ip_b);
		return x >= r->r_lo4 && x <= r->r_hi4;
	}
	return memcmp(r->r_lo, ip->ip_b, 16) <= 0 &&
	    memcmp(ip->ip_b, r->r_hi, 16) <= 0;
}

static int
host_match(const struct acl_host *h, const char *s, size_t n)
{
	switch (h->h_kind) {
	case ACL_HOST_EXACT:
		return n == h->h_len && memcmp(s, h->h_name, n) == 0;
	case ACL_HOST_SUFFIX:
		/* The star stands for at least one character, and no dot
		   boundary is implied: *example.com matches badexample.com,
		   as in the original. */
		return n > h->h_len &&
		    memcmp(s + n - h->h_len, h->h_name, h->h_len) == 0;
	case ACL_HOST_PREFIX:
		return n > h->h_len && memcmp(s, h->h_name, h->h_len) == 0;
	default:
		return memmem(s, n, h->h_name, h->h_len) != NULL;
	}
}

static void
fill_time(struct acl_req *q)
{
	struct tm tm;

	if (q->q_tmset)
		return;
	if (localtime_r(&q->q_now, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	q->q_wday = tm.tm_wday;
	/* A leap second (60) counts as the last second of its minute. */
	q->q_sec = (uint32_t)(tm.tm_hour * 3600 + tm.tm_min * 60 +
	    (tm.tm_sec > 59 ? 59 : tm.tm_sec));
	q->q_tmset = 1;
}

int
acl_match(const struct ace *e, struct acl_req *q)
{
	unsigned i;
	int f = (int)e->a_fields;

	if ((f & ACE_OPS) && !(e->a_ops & q->q_op))
		return 0;
	if (f & ACE_USERS) {
		if (q->q_user < 0 || bsearch(&q->q_user, e->a_users,
		    e->a_nusers, sizeof(int), cmp_int) == NULL)
			return 0;
	}
	if (f & ACE_SRC) {
		for (i = 0; i < e->a_nsrc; i++)
			if (in_range(&e->a_src[i], &q->q_src))
				break;
		if (i == e->a_nsrc)
			return 0;
	}
	/* PORTS is skipped while the port is unknown, except for BIND. */
	if ((f & ACE_PORTS) && (q->q_port != 0 || q->q_op == OP_BIND)) {
		for (i = 0; i < e->a_nports; i++)
			if (q->q_port >= e->a_ports[i].p_lo &&
			    q->q_port <= e->a_ports[i].p_hi)
				break;
		if (i == e->a_nports)
			return 0;
	}
	if (f & ACE_DST) {
		struct acl_ip any4;
		const struct acl_ip *dst = &q->q_dst;
		int found = 0;

		/* BIND compares its (often unknown) address as 0.0.0.0. */
		if (dst->ip_family == 0 && q->q_op == OP_BIND) {
			memset(&any4, 0, sizeof(any4));
			any4.ip_family = 4;
			dst = &any4;
		}
		/* Neither an address nor a name known: the field is skipped,
		   as in the original (SOCKS UDP ASSOCIATE pre-check). */
		if (dst->ip_family == 0 && q->q_host == NULL)
			found = 1;
		if (!found && dst->ip_family != 0)
			for (i = 0; i < e->a_ndst && !found; i++)
				found = in_range(&e->a_dst[i], dst);
		if (!found && q->q_host != NULL)
			for (i = 0; i < e->a_nhosts && !found; i++)
				found = host_match(&e->a_hosts[i], q->q_host,
				    q->q_hostlen);
		if (!found)
			return 0;
	}
	if (f & ACE_WDAYS) {
		fill_time(q);
		if (!(e->a_wdays & (1u << q->q_wday)))
			return 0;
	}
	if (f & ACE_TIMES) {
		fill_time(q);
		for (i = 0; i < e->a_ntimes; i++)
			if (q->q_sec >= e->a_times[i].t_lo &&
			    q->q_sec < e->a_times[i].t_hi)
				break;
		if (i == e->a_ntimes)
			return 0;
	}
	return 1;
}

static void
hot_fill(struct ace_hot *h, const struct ace *e)
{
	memset(h, 0, sizeof(*h));
	h->h_ops = (e->a_fields & ACE_OPS) ? e->a_ops : 0xffffffffu;
	if ((e->a_fields & ACE_SRC) && e->a_nsrc == 1 &&
	    e->a_src[0].r_family == 4) {
		h->h_flags |= HOT_SRC4;
		h->h_slo = e->a_src[0].r_lo4;
		h->h_shi = e->a_src[0].r_hi4;
	}
	if ((e->a_fields & ACE_DST) && e->a_ndst == 1 && e->a_nhosts == 0 &&
	    e->a_dst[0].r_family == 4) {
		h->h_flags |= HOT_DST4;
		h->h_dlo = e->a_dst[0].r_lo4;
		h->h_dhi = e->a_dst[0].r_hi4;
	}
	if ((e->a_fields & ACE_PORTS) && e->a_nports == 1) {
		h->h_flags |= HOT_PORT1;
		h->h_plo = e->a_ports[0].p_lo;
		h->h_phi = e->a_ports[0].p_hi;
	}
}

/* What the cheap test needs from a request, computed once per walk. */
struct hotq {
	uint32_t	op;
	int		src4, dst4;	/* the address is IPv4 */
	uint32_t	s, d;
	uint16_t	port;		/* 0: not compared */
};

static void
hotq_fill(struct hotq *hq, const struct acl_req *q)
{
	hq->op = q->q_op;
	hq->src4 = q->q_src.ip_family == 4;
	hq->s = be32(q->q_src.ip_b);
	hq->dst4 = q->q_dst.ip_family == 4;
	hq->d = be32(q->q_dst.ip_b);
	/* BIND compares port 0 and 0.0.0.0: leave those to acl_match. */
	hq->port = q->q_op == OP_BIND ? 0 : q->q_port;
	if (q->q_op == OP_BIND)
		hq->dst4 = 0;
}

/* 0 when the entry surely does not match; 1: ask acl_match(). */
static inline int
hot_may_match(const struct ace_hot *h, const struct hotq *hq)
{
	if (!(h->h_ops & hq->op))
		return 0;
	if ((h->h_flags & HOT_SRC4) && (!hq->src4 || hq->s < h->h_slo ||
	    hq->s > h->h_shi))
		return 0;
	if ((h->h_flags & HOT_DST4) && hq->dst4 && (hq->d < h->h_dlo ||
	    hq->d > h->h_dhi))
		return 0;
	if ((h->h_flags & HOT_PORT1) && hq->port != 0 &&
	    (hq->port < h->h_plo || hq->port > h->h_phi))
		return 0;
	return 1;
}

/* Build the by-user index; -1 without memory (the caller walks all). */
static int
index_build(struct acl *l)
{
	unsigned i, j;
	int ids = l->l_nnext;

	index_free(l);
	l->l_hot = calloc(l->l_n + 1, sizeof(*l->l_hot));
	l->l_any = calloc(l->l_n + 1, sizeof(*l->l_any));
	l->l_by = calloc((size_t)ids, sizeof(*l->l_by));
	l->l_nby = calloc((size_t)ids, sizeof(*l->l_nby));
	if (l->l_hot == NULL || l->l_any == NULL || l->l_by == NULL ||
	    l->l_nby == NULL)
		goto fail;
	l->l_nbyids = ids;
	for (i = 0; i < l->l_n; i++)
		hot_fill(&l->l_hot[i], &l->l_ent[i]);
	for (i = 0; i < l->l_n; i++) {
		const struct ace *e = &l->l_ent[i];

		if (!(e->a_fields & ACE_USERS))
			continue;
		for (j = 0; j < e->a_nusers; j++)
			l->l_nby[e->a_users[j]]++;
	}
	for (j = 0; j < (unsigned)ids; j++) {
		if (l->l_nby[j] == 0)
			continue;
		if ((l->l_by[j] = calloc(l->l_nby[j], sizeof(unsigned)))
		    == NULL)
			goto fail;
		l->l_nby[j] = 0;
	}
	for (i = 0; i < l->l_n; i++) {
		const struct ace *e = &l->l_ent[i];

		if (!(e->a_fields & ACE_USERS)) {
			l->l_any[l->l_nany++] = i;
			continue;
		}
		for (j = 0; j < e->a_nusers; j++) {
			int id = e->a_users[j];

			/* A name listed twice in one entry: index it once. */
			if (l->l_nby[id] > 0 &&
			    l->l_by[id][l->l_nby[id] - 1] == i)
				continue;
			l->l_by[id][l->l_nby[id]++] = i;
		}
	}
	l->l_idx_ok = 1;
	return 0;
fail:
	index_free(l);
	return -1;
}

int
acl_first(struct acl *l, struct acl_req *q,
    int (*skip)(const struct ace *, void *), void *arg)
{
	const unsigned *by = NULL;
	unsigned nby = 0, ia = 0, ib = 0, i;
	struct hotq hq;

	if (!l->l_idx_ok && index_build(l) == -1) {
		/* No memory for the index: the plain walk still works. */
		for (i = 0; i < l->l_n; i++)
			if ((skip == NULL || !skip(&l->l_ent[i], arg)) &&
			    acl_match(&l->l_ent[i], q))
				return (int)i;
		return -1;
	}
	hotq_fill(&hq, q);
	if (q->q_user >= 0 && q->q_user < l->l_nbyids) {
		by = l->l_by[q->q_user];
		nby = l->l_nby[q->q_user];
	}
	/* Most requests name no user of any entry: one list. */
	if (nby == 0) {
		for (; ia < l->l_nany; ia++) {
			i = l->l_any[ia];
			if (hot_may_match(&l->l_hot[i], &hq) &&
			    (skip == NULL || !skip(&l->l_ent[i], arg)) &&
			    acl_match(&l->l_ent[i], q))
				return (int)i;
		}
		return -1;
	}
	/* Merge the two sorted lists, in entry order. */
	while (ia < l->l_nany || ib < nby) {
		if (ib == nby || (ia < l->l_nany && l->l_any[ia] < by[ib]))
			i = l->l_any[ia++];
		else
			i = by[ib++];
		if (!hot_may_match(&l->l_hot[i], &hq) ||
		    (skip != NULL && skip(&l->l_ent[i], arg)))
			continue;
		if (acl_match(&l->l_ent[i], q))
			return (int)i;
	}
	return -1;
}
