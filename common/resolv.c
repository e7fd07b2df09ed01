/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Asynchronous name lookups: our DNS client, its cache and static records. */
#include <sys/random.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "dns.h"
#include "log.h"
#include "opt.h"
#include "resolv.h"

/*
 * Shape of the client. Every lookup is split into questions (name, type,
 * class); each distinct question in flight has one upstream exchange (a
 * struct upq) that any number of waiters share, so an attacker racing
 * answers gets one chance per question and not one per client (RFC 5452
 * s9.1). Each exchange uses a fresh UDP socket on a random port,
 * connect()ed to the server so the kernel drops datagrams from elsewhere,
 * and a fresh random ID; answers must echo our question byte for byte
 * (case aside). TC=1 moves the exchange to TCP on the same server; silence
 * for the DNS timeout or a failure moves it to the next server.
 */

#define UPQ_HASH		1024	/* buckets of the in-flight table */
#define HOSTS_MAXFILE		(4 << 20)
#define RESOLVCONF_MAXFILE	(64 << 10)
#define TO_DNS_DEFAULT_MS	15000

#define Q_LOOKUP	0
#define Q_FORWARD	1

struct nsrv {
	struct addr	 s_addr;
	int		 s_tcp;
};

struct upq;

/* One asker attached to an upstream exchange. */
struct upw {
	struct upw		*w_next;
	struct upw		*w_prev;
	struct upq		*w_upq;
	struct resolv_query	*w_q;
	int			 w_slot;
};

/* One question in flight upstream. */
struct upq {
	struct upq	*u_hnext;
	uint32_t	 u_hash;
	int		 u_inhash;
	uint8_t		 u_name[DNS_MAXNAME];	/* as the first asker wrote it */
	size_t		 u_namelen;
	uint16_t	 u_qtype;
	uint16_t	 u_qclass;
	uint16_t	 u_flags;	/* RD, CD */
	uint16_t	 u_ednsflags;	/* DO */
	int		 u_nocache;
	int		 u_edns;	/* still offering EDNS to this server */
	int		 u_srv;		/* index of the server asked */
	int		 u_tcp;		/* asking over TCP */
	int		 u_failing;	/* no server left: fail from the timer */
	uint16_t	 u_id;
	/* The query with room for the TCP length prefix in front. */
	uint8_t		 u_out[2 + DNS_HDRLEN + DNS_MAXNAME + 4 + 11];
	size_t		 u_outlen;
	struct addr	 u_peer;
	struct ev_io	 u_io;
	struct ev_timer	 u_timer;
	/* TCP state. */
	int		 u_connected;
	size_t		 u_woff;
	uint8_t		 u_lenbuf[2];
	size_t		 u_rgot;
	size_t		 u_rneed;
	uint8_t		*u_rbuf;
	struct upw	*u_waiters;
};

/* What an exchange ended with, for every waiter. */
struct upres {
	int		 r_err;		/* RESOLV_* */
	const uint8_t	*r_msg;		/* the answer, NULL when none */
	size_t		 r_len;
	const struct addr *r_from;	/* the server that gave it */
	int		 r_naddr;
	struct addr	 r_addr[RESOLV_MAXADDR];
};

struct resolv_query {
	struct resolv_query	*q_next;	/* ready list */
	struct resolv_query	*q_prev;
	int			 q_onready;
	int			 q_kind;
	int			 q_delivering;
	int			 q_nslot;
	int			 q_fam[2];	/* AF_INET or AF_INET6 */
	int			 q_done[2];
	int			 q_err[2];
	int			 q_naddr[2];
	uint8_t			 q_ip[2][RESOLV_MAXADDR][16];
	struct upw		 q_w[2];
	resolv_cb_t		 q_cb;
	resolv_fwd_cb_t		 q_fcb;
	void			*q_arg;
};

/* A static record (nsrecord) or hosts file entry. */
struct stent {
	struct stent	*st_next;
	uint32_t	 st_hash;
	uint8_t		 st_black;	/* 0.0.0.0 or :: : the name is unusable */
	uint8_t		 st_n4;
	uint8_t		 st_n6;
	uint8_t		 st_namelen;
	uint8_t		*st_a4;
	uint8_t		*st_a6;
	uint8_t		 st_name[];	/* lower-case wire form */
};

/* Address to name, for PTR answers. */
struct rvent {
	struct rvent	*rv_next;
	uint32_t	 rv_hash;
	uint8_t		 rv_len;
	uint8_t		 rv_ip[16];
	struct stent	*rv_st;
};

struct sttab {
	struct stent	**t_b;
	size_t		  t_nb;
	size_t		  t_n;
	struct rvent	**t_rb;
	size_t		  t_nrb;
	size_t		  t_nr;
};

/* A cached answer: addresses, or a negative answer, until c_expire. */
struct centry {
	struct centry	*c_hnext;
	struct centry	*c_prev;	/* LRU, most recent first */
	struct centry	*c_next;
	uint64_t	 c_expire;	/* ms, monotonic */
	uint32_t	 c_hash;
	uint8_t		 c_neg;
	uint8_t		 c_rcode;
	uint8_t		 c_naddr;
	uint8_t		 c_namelen;
	uint8_t		 c_data[];	/* addresses, then the name */
};

struct ctab {
	struct centry	**c_b;
	size_t		  c_nb;
	size_t		  c_n;
	size_t		  c_max;
	size_t		  c_alen;
	struct centry	 *c_head;
	struct centry	 *c_tail;
};

static struct ev_loop	*loop;
static struct nsrv	 servers[RESOLV_MAXSERVERS];
static int		 nservers;
static int		 warned_servers;
static struct nsrv	 sysservers[RESOLV_MAXSERVERS];
static int		 nsysservers;
static int		 fakeresolve;
static unsigned		 to_ms = TO_DNS_DEFAULT_MS;
static struct sttab	 statics, hosts;
static struct ctab	 cache[2] = {
	{ NULL, 0, 0, RESOLV_CACHE_DEFAULT, 4, NULL, NULL },
	{ NULL, 0, 0, RESOLV_CACHE_DEFAULT, 16, NULL, NULL },
};
static struct upq	*upq_tab[UPQ_HASH];
static unsigned		 nupq;
static struct resolv_query *ready_head, *ready_tail;
static int		 flush_scheduled;
static unsigned		 port_lo = 32768, port_hi = 60999;
/* Answers arrive here; one datagram is handled before the next is read. */
static uint8_t		 rbuf[DNS_MAXMSG + 1];

/* Randomness for IDs and ports (RFC 5452 s9.2). */

static uint8_t	rnd_buf[512];
static size_t	rnd_pos = sizeof(rnd_buf);

static void
rnd_fill(void)
{
	static uint64_t fallback;
	size_t got = 0;

	while (got < sizeof(rnd_buf)) {
		ssize_t n = getrandom(rnd_buf + got, sizeof(rnd_buf) - got, 0);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		got += (size_t)n;
	}
	if (got < sizeof(rnd_buf)) {
		struct timespec ts;

		/* XXX No kernel randomness: weak, but never predictable-zero. */
		if (fallback == 0) {
			log_warnx("getrandom failed: DNS query IDs are weak");
			clock_gettime(CLOCK_MONOTONIC, &ts);
			fallback = ((uint64_t)ts.tv_nsec << 20) ^
			    (uint64_t)getpid() ^ (uint64_t)ts.tv_sec;
			fallback |= 1;
		}
		for (; got < sizeof(rnd_buf); got++) {
			fallback ^= fallback << 13;
			fallback ^= fallback >> 7;
			fallback ^= fallback << 17;
			rnd_buf[got] ^= (uint8_t)(fallback >> 24);
		}
	}
	rnd_pos = 0;
}

static uint16_t
rnd16(void)
{
	uint16_t v;

	if (rnd_pos + 2 > sizeof(rnd_buf))
		rnd_fill();
	v = dns_get16(rnd_buf + rnd_pos);
	rnd_pos += 2;
	return v;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	if (loop != NULL)
		return ev_now(loop);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* FNV-1a over a lower-case wire name. */
static uint32_t
name_hash(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* Static records and hosts entries. */

static void
st_rehash(struct sttab *t, size_t nb)
{
	struct stent **b = calloc(nb, sizeof(*b)), *e, *next;
	size_t i;

	if (b == NULL)
		return;		/* keep the old table: slower, still right */
	for (i = 0; i < t->t_nb; i++)
		for (e = t->t_b[i]; e != NULL; e = next) {
			next = e->st_next;
			e->st_next = b[e->st_hash & (nb - 1)];
			b[e->st_hash & (nb - 1)] = e;
		}
	free(t->t_b);
	t->t_b = b;
	t->t_nb = nb;
}

static void
rv_rehash(struct sttab *t, size_t nb)
{
	struct rvent **b = calloc(nb, sizeof(*b)), *e, *next;
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < t->t_nrb; i++)
		for (e = t->t_rb[i]; e != NULL; e = next) {
			next = e->rv_next;
			e->rv_next = b[e->rv_hash & (nb - 1)];
			b[e->rv_hash & (nb - 1)] = e;
		}
	free(t->t_rb);
	t->t_rb = b;
	t->t_nrb = nb;
}

static struct stent *
st_find(const struct sttab *t, const uint8_t *lname, size_t len, uint32_t h)
{
	struct stent *e;

	if (t->t_nb == 0)
		return NULL;
	for (e = t->t_b[h & (t->t_nb - 1)]; e != NULL; e = e->st_next)
		if (e->st_hash == h && e->st_namelen == len &&
		    memcmp(e->st_name, lname, len) == 0)
			return e;
	return NULL;
}

static const uint8_t *
addr_raw(const struct addr *a, size_t *len)
{
	if (addr_family(a) == AF_INET6) {
		*len = 16;
		return a->a.sin6.sin6_addr.s6_addr;
	}
	*len = 4;
	return (const uint8_t *)&a->a.sin.sin_addr;
}

static struct rvent *
rv_find(const struct sttab *t, const uint8_t *ip, size_t len)
{
	uint32_t h = name_hash(ip, len);
	struct rvent *e;

	if (t->t_nrb == 0)
		return NULL;
	for (e = t->t_rb[h & (t->t_nrb - 1)]; e != NULL; e = e->rv_next)
		if (e->rv_hash == h && e->rv_len == len &&
		    memcmp(e->rv_ip, ip, len) == 0)
			return e;
	return NULL;
}

/* Add name -> a to a table; 0, or -1 when out of memory. */
static int
st_add(struct sttab *t, const uint8_t *name, size_t len, const struct addr *a)
{
	uint8_t lname[DNS_MAXNAME];
	const uint8_t *ip;
	size_t iplen, i;
	uint32_t h;
	struct stent *e;
	uint8_t **arr, *n;
	uint8_t *cnt;

	memcpy(lname, name, len);
	dns_name_lower(lname, len);
	h = name_hash(lname, len);
	if (t->t_nb == 0 || t->t_n >= t->t_nb)
		st_rehash(t, t->t_nb == 0 ? 256 : t->t_nb * 2);
	if (t->t_nb == 0)
		return -1;
	if ((e = st_find(t, lname, len, h)) == NULL) {
		if ((e = calloc(1, sizeof(*e) + len)) == NULL)
			return -1;
		e->st_hash = h;
		e->st_namelen = (uint8_t)len;
		memcpy(e->st_name, lname, len);
		e->st_next = t->t_b[h & (t->t_nb - 1)];
		t->t_b[h & (t->t_nb - 1)] = e;
		t->t_n++;
	}
	if (addr_is_any(a)) {
		e->st_black = 1;
		return 0;
	}
	ip = addr_raw(a, &iplen);
	arr = iplen == 4 ? &e->st_a4 : &e->st_a6;
	cnt = iplen == 4 ? &e->st_n4 : &e->st_n6;
	for (i = 0; i < *cnt; i++)
		if (memcmp(*arr + i * iplen, ip, iplen) == 0)
			return 0;
	if (*cnt >= RESOLV_MAXADDR)
		return 0;	/* more than a lookup can return: ignored */
	if ((n = realloc(*arr, (*cnt + 1) * iplen)) == NULL)
		return -1;
	memcpy(n + *cnt * iplen, ip, iplen);
	*arr = n;
	(*cnt)++;
	/* The first name given to an address answers its PTR queries. */
	if (rv_find(t, ip, iplen) == NULL) {
		struct rvent *r;

		if (t->t_nrb == 0 || t->t_nr >= t->t_nrb)
			rv_rehash(t, t->t_nrb == 0 ? 256 : t->t_nrb * 2);
		if (t->t_nrb == 0 || (r = calloc(1, sizeof(*r))) == NULL)
			return -1;
		r->rv_hash = name_hash(ip, iplen);
		r->rv_len = (uint8_t)iplen;
		memcpy(r->rv_ip, ip, iplen);
		r->rv_st = e;
		r->rv_next = t->t_rb[r->rv_hash & (t->t_nrb - 1)];
		t->t_rb[r->rv_hash & (t->t_nrb - 1)] = r;
		t->t_nr++;
	}
	return 0;
}

static void
st_clear(struct sttab *t)
{
	size_t i;

	for (i = 0; i < t->t_nb; i++) {
		struct stent *e, *next;

		for (e = t->t_b[i]; e != NULL; e = next) {
			next = e->st_next;
			free(e->st_a4);
			free(e->st_a6);
			free(e);
		}
	}
	for (i = 0; i < t->t_nrb; i++) {
		struct rvent *e, *next;

		for (e = t->t_rb[i]; e != NULL; e = next) {
			next = e->rv_next;
			free(e);
		}
	}
	free(t->t_b); t->t_b = NULL;
	free(t->t_rb); t->t_rb = NULL;
	t->t_nb = t->t_n = t->t_nrb = t->t_nr = 0;
}

/* The cache: a hash table with an LRU list, bounded by c_max entries. */

static void
lru_unlink(struct ctab *c, struct centry *e)
{
	if (e->c_prev != NULL)
		e->c_prev->c_next = e->c_next;
	else
		c->c_head = e->c_next;
	if (e->c_next != NULL)
		e->c_next->c_prev = e->c_prev;
	else
		c->c_tail = e->c_prev;
	e->c_prev = e->c_next = NULL;
}

static void
lru_front(struct ctab *c, struct centry *e)
{
	e->c_prev = NULL;
	e->c_next = c->c_head;
	if (c->c_head != NULL)
		c->c_head->c_prev = e;
	c->c_head = e;
	if (c->c_tail == NULL)
		c->c_tail = e;
}

static void
cache_remove(struct ctab *c, struct centry *e)
{
	struct centry **pp;

	for (pp = &c->c_b[e->c_hash & (c->c_nb - 1)]; *pp != NULL;
	    pp = &(*pp)->c_hnext)
		if (*pp == e) {
			*pp = e->c_hnext;
			break;
		}
	lru_unlink(c, e);
	c->c_n--;
	free(e);
}

/* Size the bucket array for c_max; entries move over from the LRU list. */
static int
cache_size(struct ctab *c)
{
	size_t nb = 64;
	struct centry **b, *e;

	while (nb < c->c_max / 2 && nb < (1u << 20))
		nb *= 2;
	if (nb == c->c_nb)
		return 0;
	if ((b = calloc(nb, sizeof(*b))) == NULL)
		return c->c_nb != 0 ? 0 : -1;
	for (e = c->c_head; e != NULL; e = e->c_next) {
		e->c_hnext = b[e->c_hash & (nb - 1)];
		b[e->c_hash & (nb - 1)] = e;
	}
	free(c->c_b);
	c->c_b = b;
	c->c_nb = nb;
	while (c->c_n > c->c_max && c->c_tail != NULL)
		cache_remove(c, c->c_tail);
	return 0;
}

static struct centry *
cache_find(struct ctab *c, const uint8_t *lname, size_t len, uint32_t h)
{
	struct centry *e;

	if (c->c_nb == 0)
		return NULL;
	for (e = c->c_b[h & (c->c_nb - 1)]; e != NULL; e = e->c_hnext)
		if (e->c_hash == h && e->c_namelen == len &&
		    memcmp(e->c_data + e->c_naddr * c->c_alen, lname, len) == 0)
			return e;
	return NULL;
}

static int
cache_get(struct ctab *c, const uint8_t *lname, size_t len, uint32_t h,
    struct resolv_rrset *rs)
{
	struct centry *e = cache_find(c, lname, len, h);
	uint64_t now = now_ms();
	int i;

	if (e == NULL)
		return 0;
	if (e->c_expire <= now) {
		cache_remove(c, e);
		return 0;
	}
	lru_unlink(c, e);
	lru_front(c, e);
	memset(rs, 0, sizeof(*rs));
	rs->rs_ttl = (uint32_t)((e->c_expire - now + 999) / 1000);
	if (e->c_neg) {
		rs->rs_err = RESOLV_NOTFOUND;
		rs->rs_rcode = e->c_rcode;
		return 1;
	}
	rs->rs_err = RESOLV_OK;
	for (i = 0; i < e->c_naddr; i++)
		addr_from_raw(&rs->rs_addr[i], c->c_alen == 16 ? AF_INET6 :
		    AF_INET, e->c_data + (size_t)i * c->c_alen, 0);
	rs->rs_naddr = e->c_naddr;
	return 1;
}

static void
cache_put(struct ctab *c, const uint8_t *lname, size_t len, int neg,
    int rcode, const struct addr *addrs, int naddr, uint32_t ttl)
{
	uint32_t h = name_hash(lname, len);
	struct centry *e;
	int i;

	if (c->c_nb == 0 && cache_size(c) == -1)
		return;
	if ((e = cache_find(c, lname, len, h)) != NULL)
		cache_remove(c, e);
	while (c->c_n >= c->c_max && c->c_tail != NULL)
		cache_remove(c, c->c_tail);
	if (naddr > RESOLV_MAXADDR)
		naddr = RESOLV_MAXADDR;
	e = malloc(sizeof(*e) + (size_t)naddr * c->c_alen + len);
	if (e == NULL)
		return;
	e->c_hash = h;
	e->c_neg = (uint8_t)neg;
	e->c_rcode = (uint8_t)rcode;
	e->c_naddr = (uint8_t)naddr;
	e->c_namelen = (uint8_t)len;
	for (i = 0; i < naddr; i++) {
		size_t l;
		const uint8_t *ip = addr_raw(&addrs[i], &l);

		memcpy(e->c_data + (size_t)i * c->c_alen, ip, c->c_alen);
	}
	memcpy(e->c_data + (size_t)naddr * c->c_alen, lname, len);
	e->c_expire = now_ms() + (uint64_t)ttl * 1000;
	e->c_hnext = c->c_b[h & (c->c_nb - 1)];
	c->c_b[h & (c->c_nb - 1)] = e;
	lru_front(c, e);
	c->c_n++;
}

/* Local knowledge: static records, hosts file, cache. */

static int
from_stent(const struct stent *e, int family, struct resolv_rrset *rs)
{
	int n = family == AF_INET6 ? e->st_n6 : e->st_n4, i;
	const uint8_t *ip = family == AF_INET6 ? e->st_a6 : e->st_a4;
	size_t alen = family == AF_INET6 ? 16 : 4;

	memset(rs, 0, sizeof(*rs));
	rs->rs_static = 1;
	rs->rs_ttl = RESOLV_STATIC_TTL;
	if (e->st_black) {
		rs->rs_err = RESOLV_NOTFOUND;
		rs->rs_rcode = DNS_R_NXDOMAIN;
		return 1;
	}
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		addr_from_raw(&rs->rs_addr[i], family, ip + (size_t)i * alen,
		    0);
	rs->rs_naddr = n;
	rs->rs_err = RESOLV_OK;
	return 1;
}

int
resolv_local(const uint8_t *name, size_t namelen, uint16_t qtype,
    int use_cache, struct resolv_rrset *rs)
{
	uint8_t lname[DNS_MAXNAME];
	const struct stent *e;
	int family, slot;
	uint32_t h;

	if (qtype == DNS_T_A) {
		family = AF_INET;
		slot = 0;
	} else if (qtype == DNS_T_AAAA) {
		family = AF_INET6;
		slot = 1;
	} else
		return 0;
	if (namelen == 0 || namelen > DNS_MAXNAME)
		return 0;
	memcpy(lname, name, namelen);
	dns_name_lower(lname, namelen);
	h = name_hash(lname, namelen);
	if ((e = st_find(&statics, lname, namelen, h)) != NULL &&
	    from_stent(e, family, rs))
		return 1;
	if (nservers == 0 && (e = st_find(&hosts, lname, namelen, h)) != NULL &&
	    from_stent(e, family, rs))
		return 1;
	return use_cache && cache_get(&cache[slot], lname, namelen, h, rs);
}

int
resolv_local_ptr(const struct addr *a, uint8_t *name, size_t *namelen)
{
	const struct rvent *r;
	const uint8_t *ip;
	size_t len;

	ip = addr_raw(a, &len);
	if ((r = rv_find(&statics, ip, len)) == NULL &&
	    (nservers != 0 || (r = rv_find(&hosts, ip, len)) == NULL))
		return -1;
	memcpy(name, r->rv_st->st_name, r->rv_st->st_namelen);
	*namelen = r->rv_st->st_namelen;
	return 0;
}

/* Delivery. */

static void flush_ready(void *);

/* Queue an answer known at once; it is delivered from the loop. */
static void
make_ready(struct resolv_query *q)
{
	q->q_onready = 1;
	q->q_next = NULL;
	q->q_prev = ready_tail;
	if (ready_tail != NULL)
		ready_tail->q_next = q;
	else
		ready_head = q;
	ready_tail = q;
	if (!flush_scheduled && ev_defer(loop, flush_ready, NULL) == 0)
		flush_scheduled = 1;
}

static void
ready_unlink(struct resolv_query *q)
{
	if (q->q_prev != NULL)
		q->q_prev->q_next = q->q_next;
	else
		ready_head = q->q_next;
	if (q->q_next != NULL)
		q->q_next->q_prev = q->q_prev;
	else
		ready_tail = q->q_prev;
	q->q_onready = 0;
}

static void
upw_detach(struct upw *w)
{
	struct upq *u = w->w_upq;

	if (u == NULL)
		return;
	if (w->w_prev != NULL)
		w->w_prev->w_next = w->w_next;
	else
		u->u_waiters = w->w_next;
	if (w->w_next != NULL)
		w->w_next->w_prev = w->w_prev;
	w->w_upq = NULL;
	w->w_next = w->w_prev = NULL;
}

static void
upw_attach(struct upw *w, struct upq *u)
{
	w->w_upq = u;
	w->w_prev = NULL;
	w->w_next = u->u_waiters;
	if (u->u_waiters != NULL)
		u->u_waiters->w_prev = w;
	u->u_waiters = w;
}

/* A lookup can answer once its preferred family has, or both have. */
static int
lookup_ready(const struct resolv_query *q)
{
	if (q->q_done[0] && q->q_err[0] == RESOLV_OK)
		return 1;
	if (q->q_nslot == 1)
		return q->q_done[0];
	return q->q_done[0] && q->q_done[1];
}

static void
deliver(struct resolv_query *q)
{
	struct addr a[RESOLV_MAXADDR];
	int n = 0, err = RESOLV_NOTFOUND, s, i;

	upw_detach(&q->q_w[0]);
	upw_detach(&q->q_w[1]);
	q->q_delivering = 1;
	if (q->q_kind == Q_FORWARD) {
		q->q_fcb(q->q_arg, q->q_err[0], NULL, 0, NULL);
		free(q);
		return;
	}
	for (s = 0; s < q->q_nslot; s++) {
		if (!q->q_done[s])
			continue;
		if (q->q_err[s] != RESOLV_OK) {
			/* Both must say "no such name" for that verdict. */
			if (q->q_err[s] != RESOLV_NOTFOUND)
				err = q->q_err[s];
			continue;
		}
		for (i = 0; i < q->q_naddr[s] && n < RESOLV_MAXADDR; i++)
			addr_from_raw(&a[n++], q->q_fam[s], q->q_ip[s][i], 0);
	}
	if (n > 0)
		err = RESOLV_OK;
	q->q_cb(q->q_arg, err, a, n);
	free(q);
}

static void
flush_ready(void *unused)
{
	/* Only what is queued now; answers queued by callbacks wait a turn. */
	struct resolv_query *q, *last = ready_tail;

	(void)unused;
	flush_scheduled = 0;
	while ((q = ready_head) != NULL) {
		int stop = q == last;

		ready_unlink(q);
		deliver(q);
		if (stop)
			break;
	}
	if (ready_head != NULL && ev_defer(loop, flush_ready, NULL) == 0)
		flush_scheduled = 1;
}

static void
slot_set(struct resolv_query *q, int s, int err, const struct addr *a, int n)
{
	int i;

	q->q_done[s] = 1;
	q->q_err[s] = err;
	q->q_naddr[s] = 0;
	for (i = 0; i < n && i < RESOLV_MAXADDR; i++) {
		size_t len;
		const uint8_t *ip = addr_raw(&a[i], &len);

		if ((len == 16) != (q->q_fam[s] == AF_INET6))
			continue;
		memcpy(q->q_ip[s][q->q_naddr[s]++], ip, len);
	}
}

/* An exchange ended: tell one waiter. */
static void
waiter_done(struct upw *w, const struct upres *r)
{
	struct resolv_query *q = w->w_q;

	if (q->q_kind == Q_FORWARD) {
		upw_detach(&q->q_w[0]);
		q->q_delivering = 1;
		q->q_fcb(q->q_arg, r->r_msg != NULL ? RESOLV_OK : RESOLV_FAIL,
		    r->r_msg, r->r_len, r->r_msg != NULL ? r->r_from : NULL);
		free(q);
		return;
	}
	slot_set(q, w->w_slot, r->r_err, r->r_addr, r->r_naddr);
	if (lookup_ready(q))
		deliver(q);
}

/* Upstream exchanges. */

static const struct nsrv *
server_at(int i)
{
	if (nservers > 0)
		return i < nservers ? &servers[i] : NULL;
	return i < nsysservers ? &sysservers[i] : NULL;
}

static void
upq_close_io(struct upq *u)
{
	if (u->u_io.io_fd != -1)
		ev_io_close(loop, &u->u_io);
	free(u->u_rbuf); u->u_rbuf = NULL;
	u->u_connected = 0;
	u->u_woff = u->u_rgot = u->u_rneed = 0;
}

static void
upq_unhash(struct upq *u)
{
	struct upq **pp;

	if (!u->u_inhash)
		return;
	for (pp = &upq_tab[u->u_hash % UPQ_HASH]; *pp != NULL;
	    pp = &(*pp)->u_hnext)
		if (*pp == u) {
			*pp = u->u_hnext;
			break;
		}
	u->u_inhash = 0;
}

static uint32_t
clamp_ttl(uint32_t ttl, uint32_t max)
{
	ttl = dns_ttl_sane(ttl, max);
	return ttl < 1 ? 1 : ttl;
}

/*
 * The exchange is over: with the answer m (parsed as pm), or with none.
 * Fill the cache, tell every waiter, free the exchange.
 */
static void
upq_finish(struct upq *u, const uint8_t *m, size_t len,
    const struct dns_msg *pm)
{
	static struct upres r;
	struct upw *w;

	upq_unhash(u);
	ev_timer_stop(loop, &u->u_timer);
	if (u->u_io.io_fd != -1)
		ev_io_close(loop, &u->u_io);
	memset(&r, 0, offsetof(struct upres, r_addr));
	r.r_err = RESOLV_FAIL;
	if (m != NULL) {
		int rcode = DNS_RCODE(pm->m_hdr.flags), slot = -1;
		int cacheable = !u->u_nocache && !(u->u_flags & DNS_F_CD) &&
		    u->u_qclass == DNS_C_IN;
		uint8_t lname[DNS_MAXNAME];
		uint32_t ttl;

		r.r_msg = m;
		r.r_len = pm->m_end;
		r.r_from = &u->u_peer;
		if (u->u_qtype == DNS_T_A)
			slot = 0;
		else if (u->u_qtype == DNS_T_AAAA)
			slot = 1;
		memcpy(lname, u->u_name, u->u_namelen);
		dns_name_lower(lname, u->u_namelen);
		if (rcode != DNS_R_NOERROR && rcode != DNS_R_NXDOMAIN)
			r.r_err = RESOLV_FAIL;
		else if (slot < 0)
			r.r_err = rcode == DNS_R_NXDOMAIN ? RESOLV_NOTFOUND :
			    RESOLV_OK;
		else if (rcode == DNS_R_NOERROR && (r.r_naddr =
		    dns_answer_addrs(m, len, pm, r.r_addr, RESOLV_MAXADDR,
		    &ttl)) > 0) {
			r.r_err = RESOLV_OK;
			if (cacheable)
				cache_put(&cache[slot], lname, u->u_namelen, 0,
				    0, r.r_addr, r.r_naddr,
				    clamp_ttl(ttl, RESOLV_TTL_MAX));
		} else if (r.r_naddr < 0) {
			r.r_naddr = 0;
			r.r_err = RESOLV_FAIL;
		} else {
			r.r_err = RESOLV_NOTFOUND;
			if (dns_negative_ttl(m, len, pm, &ttl) == -1)
				ttl = RESOLV_NEGTTL_NOSOA;
			if (cacheable)
				cache_put(&cache[slot], lname, u->u_namelen, 1,
				    rcode, NULL, 0,
				    clamp_ttl(ttl, RESOLV_NEGTTL_MAX));
		}
	}
	/* Waiters may start or cancel lookups: take them one at a time. */
	while ((w = u->u_waiters) != NULL) {
		upw_detach(w);
		waiter_done(w, &r);
	}
	free(u->u_rbuf); u->u_rbuf = NULL;
	free(u);
	nupq--;
}

static void attempt(struct upq *);

/* No server left: fail from the timer, never inside the caller's call. */
static void
fail_later(struct upq *u)
{
	upq_close_io(u);
	u->u_failing = 1;
	ev_timer_start(loop, &u->u_timer, 0);
}

static void
next_server(struct upq *u)
{
	upq_close_io(u);
	ev_timer_stop(loop, &u->u_timer);
	u->u_srv++;
	u->u_tcp = 0;
	u->u_edns = 1;
	attempt(u);
}

/* A server said it cannot help: the next one, or the end. */
static void
server_failed(struct upq *u, const uint8_t *m, size_t len,
    const struct dns_msg *pm)
{
	if (server_at(u->u_srv + 1) != NULL || m == NULL) {
		next_server(u);
		return;
	}
	upq_finish(u, m, len, pm);
}

#define CHECK_IGNORE	0	/* not an answer to this query */
#define CHECK_ANSWER	1	/* our answer; pm is filled */
#define CHECK_BARE	2	/* an error rcode with no question */

/*
 * Is m the answer to our query (RFC 5452 s9.1: ID, question; the
 * address and port were checked by the caller)?
 */
static int
check_answer(const struct upq *u, const uint8_t *m, size_t len,
    struct dns_msg *pm)
{
	uint16_t flags;
	int rcode;

	if (len < DNS_HDRLEN || dns_get16(m) != u->u_id)
		return CHECK_IGNORE;
	flags = dns_get16(m + 2);
	if (!(flags & DNS_F_QR) || DNS_OPCODE(flags) != 0)
		return CHECK_IGNORE;
	rcode = DNS_RCODE(flags);
	if (dns_get16(m + 4) == 0) {
		/* FORMERR and friends may come without the question. */
		if (rcode == DNS_R_FORMERR || rcode == DNS_R_NOTIMP ||
		    rcode == DNS_R_SERVFAIL || rcode == DNS_R_REFUSED) {
			pm->m_hdr.flags = flags;
			return CHECK_BARE;
		}
		return CHECK_IGNORE;
	}
	/* Our question, byte for byte but for case: no pointer there. */
	if (len < DNS_HDRLEN + u->u_namelen + 4 ||
	    !dns_name_eq(m + DNS_HDRLEN, u->u_namelen, u->u_name,
	    u->u_namelen) ||
	    dns_get16(m + DNS_HDRLEN + u->u_namelen) != u->u_qtype ||
	    dns_get16(m + DNS_HDRLEN + u->u_namelen + 2) != u->u_qclass)
		return CHECK_IGNORE;
	if (dns_parse(m, len, pm) != 0) {
		/* Ours, but broken: as good as a failure of the server. */
		pm->m_hdr.flags = (uint16_t)((flags & ~0xf) | DNS_R_SERVFAIL);
		return CHECK_BARE;
	}
	return CHECK_ANSWER;
}

/* Act on an answer that passed check_answer(). */
static void
handle_answer(struct upq *u, const uint8_t *m, size_t len, int kind,
    const struct dns_msg *pm)
{
	uint16_t flags = pm->m_hdr.flags;
	int rcode = DNS_RCODE(flags);

	if (kind == CHECK_BARE) {
		if ((rcode == DNS_R_FORMERR || rcode == DNS_R_NOTIMP) &&
		    u->u_edns) {
			/* RFC 6891 s7: a server that predates EDNS. */
			upq_close_io(u);
			ev_timer_stop(loop, &u->u_timer);
			u->u_edns = 0;
			attempt(u);
			return;
		}
		server_failed(u, NULL, 0, NULL);
		return;
	}
	if ((flags & DNS_F_TC) && !u->u_tcp) {
		/* RFC 7766 s5: truncated over UDP, ask again over TCP. */
		upq_close_io(u);
		ev_timer_stop(loop, &u->u_timer);
		u->u_tcp = 1;
		attempt(u);
		return;
	}
	if ((rcode == DNS_R_FORMERR || rcode == DNS_R_NOTIMP) && u->u_edns &&
	    !pm->m_edns) {
		upq_close_io(u);
		ev_timer_stop(loop, &u->u_timer);
		u->u_edns = 0;
		attempt(u);
		return;
	}
	if (rcode == DNS_R_SERVFAIL || rcode == DNS_R_REFUSED ||
	    rcode == DNS_R_FORMERR || rcode == DNS_R_NOTIMP) {
		server_failed(u, m, len, pm);
		return;
	}
	upq_finish(u, m, len, pm);
}

static int
addr_equal(const struct addr *x, const struct addr *y)
{
	return addr_same_ip(x, y) && addr_port(x) == addr_port(y);
}

static void
udp_read(struct ev_io *io, unsigned events)
{
	struct upq *u = io->io_arg;
	struct dns_msg pm;
	int i;

	(void)events;
	for (i = 0; i < 16; i++) {
		struct addr from;
		ssize_t n;
		int kind;

		addr_clear(&from);
		from.len = sizeof(from.a);
		n = recvfrom(io->io_fd, rbuf, sizeof(rbuf), 0, &from.a.sa,
		    &from.len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return;
			/* ECONNREFUSED and such: an ICMP error came back. */
			next_server(u);
			return;
		}
		addr_unmap(&from);
		if (!addr_equal(&from, &u->u_peer))
			continue;
		kind = check_answer(u, rbuf, (size_t)n, &pm);
		if (kind == CHECK_IGNORE)
			continue;
		handle_answer(u, rbuf, (size_t)n, kind, &pm);
		return;
	}
}

/* Bind a UDP socket to a random port of the ephemeral range. */
static void
bind_random(int fd, int family)
{
	struct addr a;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned port = port_lo + rnd16() % (port_hi - port_lo + 1);

		addr_parse_ip(family == AF_INET6 ? "::" : "0.0.0.0",
		    (uint16_t)port, &a);
		if (bind(fd, &a.a.sa, a.len) == 0 || errno != EADDRINUSE)
			return;
	}
	/* Busy ports: connect() picks one, randomly as well on Linux. */
}

static int
udp_send(struct upq *u)
{
	int fd = net_socket(addr_family(&u->u_peer), SOCK_DGRAM);
	ssize_t n;

	if (fd == -1)
		return -1;
	bind_random(fd, addr_family(&u->u_peer));
	if (connect(fd, &u->u_peer.a.sa, u->u_peer.len) == -1 ||
	    ev_io_start_level(loop, &u->u_io, fd, udp_read, u) == -1) {
		close(fd);
		return -1;
	}
	do
		n = send(fd, u->u_out + 2, u->u_outlen, 0);
	while (n == -1 && errno == EINTR);
	if (n != (ssize_t)u->u_outlen) {
		ev_io_close(loop, &u->u_io);
		return -1;
	}
	return 0;
}

static void
tcp_io(struct ev_io *io, unsigned events)
{
	struct upq *u = io->io_arg;
	size_t total = u->u_outlen + 2;
	struct dns_msg pm;
	int kind;

	if (!u->u_connected) {
		int err;

		if (!(events & (EV_WRITE | EV_ERROR | EV_EOF)))
			return;
		err = net_connect_error(io->io_fd);
		if (err == EINPROGRESS || err == EALREADY)
			return;
		if (err != 0) {
			next_server(u);
			return;
		}
		u->u_connected = 1;
	}
	while (u->u_woff < total) {
		ssize_t n;

		if (!(io->io_ready & EV_WRITE))
			return;
		n = send(io->io_fd, u->u_out + u->u_woff, total - u->u_woff,
		    MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				io->io_ready &= ~EV_WRITE;
				return;
			}
			next_server(u);
			return;
		}
		u->u_woff += (size_t)n;
	}
	for (;;) {
		ssize_t n;

		if (!(io->io_ready & EV_READ))
			return;
		if (u->u_rgot < 2)
			n = recv(io->io_fd, u->u_lenbuf + u->u_rgot,
			    2 - u->u_rgot, 0);
		else
			n = recv(io->io_fd, u->u_rbuf + (u->u_rgot - 2),
			    u->u_rneed - (u->u_rgot - 2), 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				io->io_ready &= ~EV_READ;
				return;
			}
			next_server(u);
			return;
		}
		if (n == 0) {
			next_server(u);	/* closed before a whole answer */
			return;
		}
		u->u_rgot += (size_t)n;
		if (u->u_rgot == 2) {
			u->u_rneed = dns_get16(u->u_lenbuf);
			if (u->u_rneed < DNS_HDRLEN ||
			    (u->u_rbuf = malloc(u->u_rneed)) == NULL) {
				next_server(u);
				return;
			}
		}
		if (u->u_rgot >= 2 && u->u_rgot - 2 == u->u_rneed)
			break;
	}
	/* The stream is ours alone: anything but our answer is a failure. */
	kind = check_answer(u, u->u_rbuf, u->u_rneed, &pm);
	if (kind == CHECK_IGNORE) {
		next_server(u);
		return;
	}
	handle_answer(u, u->u_rbuf, u->u_rneed, kind, &pm);
}

static int
tcp_send(struct upq *u)
{
	int fd = net_connect(&u->u_peer, NULL);

	if (fd == -1)
		return -1;
	u->u_connected = 0;
	u->u_woff = u->u_rgot = u->u_rneed = 0;
	dns_put16(u->u_out, (unsigned)u->u_outlen);
	if (ev_io_start(loop, &u->u_io, fd, tcp_io, u) == -1) {
		close(fd);
		return -1;
	}
	return 0;
}

/* Ask the current server; on a local failure move on to the next. */
static void
attempt(struct upq *u)
{
	for (;;) {
		const struct nsrv *s = server_at(u->u_srv);

		if (s == NULL) {
			fail_later(u);
			return;
		}
		u->u_peer = s->s_addr;
		if (s->s_tcp)
			u->u_tcp = 1;
		u->u_id = rnd16();
		u->u_outlen = dns_build_query(u->u_out + 2,
		    sizeof(u->u_out) - 2, u->u_id, u->u_flags, u->u_name,
		    u->u_namelen, u->u_qtype, u->u_qclass,
		    u->u_edns ? DNS_EDNS_SIZE : 0, u->u_ednsflags);
		if (u->u_outlen != 0 &&
		    (u->u_tcp ? tcp_send(u) : udp_send(u)) == 0) {
			ev_timer_start(loop, &u->u_timer, to_ms);
			return;
		}
		u->u_srv++;
		u->u_tcp = 0;
		u->u_edns = 1;
	}
}

static void
upq_timer(struct ev_timer *t)
{
	struct upq *u = t->t_arg;

	if (u->u_failing) {
		upq_finish(u, NULL, 0, NULL);
		return;
	}
	next_server(u);
}

static uint32_t
upq_key(const uint8_t *lname, size_t len, uint16_t qtype, uint16_t qclass)
{
	return name_hash(lname, len) ^ ((uint32_t)qtype * 2654435761u) ^
	    ((uint32_t)qclass << 16);
}

/*
 * The exchange for this question: the one in flight, or a new one. The
 * key is the question alone (RFC 5452 s9.1, DNSpooq CVE-2020-25686): a
 * client varying RD, CD or DO must not open parallel exchanges for one
 * name, so a later asker shares what the first one asked for.
 */
static struct upq *
upq_get(const uint8_t *name, size_t namelen, uint16_t qtype, uint16_t qclass,
    uint16_t flags, uint16_t ednsflags, int nocache)
{
	uint8_t lname[DNS_MAXNAME];
	struct upq *u;
	uint32_t h;

	if (loop == NULL) {
		errno = ENXIO;
		return NULL;
	}
	flags &= DNS_F_RD | DNS_F_CD;
	ednsflags &= DNS_EDNS_DO;
	memcpy(lname, name, namelen);
	dns_name_lower(lname, namelen);
	h = upq_key(lname, namelen, qtype, qclass);
	for (u = upq_tab[h % UPQ_HASH]; u != NULL; u = u->u_hnext)
		if (u->u_hash == h && u->u_qtype == qtype &&
		    u->u_qclass == qclass &&
		    dns_name_eq(u->u_name, u->u_namelen, name, namelen)) {
			/* Cache only what every asker may have cached. */
			u->u_nocache |= nocache;
			return u;
		}
	if (nupq >= RESOLV_MAXUPQ || server_at(0) == NULL) {
		errno = EAGAIN;
		return NULL;
	}
	if ((u = calloc(1, sizeof(*u))) == NULL)
		return NULL;
	u->u_hash = h;
	memcpy(u->u_name, name, namelen);
	u->u_namelen = namelen;
	u->u_qtype = qtype;
	u->u_qclass = qclass;
	u->u_flags = flags;
	u->u_ednsflags = ednsflags;
	u->u_nocache = nocache;
	u->u_edns = 1;
	u->u_io.io_fd = -1;
	ev_timer_init(&u->u_timer, upq_timer, u);
	u->u_hnext = upq_tab[h % UPQ_HASH];
	upq_tab[h % UPQ_HASH] = u;
	u->u_inhash = 1;
	nupq++;
	attempt(u);
	return u;
}

/* Public interface. */

int
resolv_literal(const char *name, struct addr *out)
{
	return addr_parse_ip(name, 0, out);
}

int
resolv_target(const char *name, struct addr *literal)
{
	struct addr a;

	if (resolv_literal(name, &a) == -1)
		return resolv_name_ok(name) ? 0 : -1;
	addr_unmap(&a);
	/* Linux would connect "no destination" to this host. */
	if (addr_is_any(&a))
		return -1;
	*literal = a;
	return 0;
}

int
resolv_name_ok(const char *name)
{
	size_t n = strlen(name), label = 0, i;

	if (n == 0 || n > RESOLV_MAXNAME)
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (c == '.') {
			if (label == 0 && i != n - 1)
				return 0;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
		if (++label > 63)
			return 0;
	}
	return 1;
}

const char *
resolv_strerror(int err)
{
	switch (err) {
	case RESOLV_OK:
		return "ok";
	case RESOLV_NOTFOUND:
		return "host not found";
	case RESOLV_FAIL:
		return "name servers failed";
	case RESOLV_BADNAME:
		return "bad host name";
	default:
		return "out of memory";
	}
}

/* The last label of a wire name equals word (case-insensitive)? */
static int
last_label_is(const uint8_t *name, size_t len, const char *word)
{
	size_t i = 0, last = 0, wl = strlen(word);

	while (i < len && name[i] != 0) {
		last = i;
		i += 1 + name[i];
	}
	return i < len && name[last] == wl &&
	    strncasecmp((const char *)name + last + 1, word, wl) == 0;
}

/* RFC 6761 s6.3, s6.4: names a resolver answers without asking. */
static int
special_name(struct resolv_query *q, const uint8_t *name, size_t len)
{
	struct addr a[2];
	int s;

	if (last_label_is(name, len, "invalid")) {
		for (s = 0; s < q->q_nslot; s++)
			slot_set(q, s, RESOLV_NOTFOUND, NULL, 0);
		return 1;
	}
	if (!last_label_is(name, len, "localhost"))
		return 0;
	addr_parse_ip("127.0.0.1", 0, &a[0]);
	addr_parse_ip("::1", 0, &a[1]);
	for (s = 0; s < q->q_nslot; s++)
		slot_set(q, s, RESOLV_OK, &a[q->q_fam[s] == AF_INET6], 1);
	return 1;
}

struct resolv_query *
resolv_start(const char *name, int family, resolv_cb_t cb, void *arg)
{
	struct resolv_query *q;
	uint8_t wire[DNS_MAXNAME];
	size_t wlen;
	struct addr lit;
	int s;

	if (loop == NULL) {
		errno = ENXIO;
		return NULL;
	}
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->q_kind = Q_LOOKUP;
	q->q_cb = cb;
	q->q_arg = arg;
	q->q_w[0].w_q = q->q_w[1].w_q = q;
	q->q_w[1].w_slot = 1;
	q->q_nslot = family == FAM_46 || family == FAM_64 ? 2 : 1;
	q->q_fam[0] = family == FAM_6 || family == FAM_64 ? AF_INET6 : AF_INET;
	q->q_fam[1] = q->q_fam[0] == AF_INET6 ? AF_INET : AF_INET6;

	if (resolv_literal(name, &lit) == 0) {
		/* A literal names its own family, whatever the preference. */
		q->q_nslot = 1;
		q->q_fam[0] = addr_family(&lit);
		slot_set(q, 0, RESOLV_OK, &lit, 1);
		make_ready(q);
		return q;
	}
	if (!resolv_name_ok(name) ||
	    dns_name_from_text(name, wire, &wlen) == -1) {
		q->q_nslot = 1;
		slot_set(q, 0, RESOLV_BADNAME, NULL, 0);
		make_ready(q);
		return q;
	}
	if (fakeresolve) {
		struct addr a[2];

		addr_parse_ip("127.0.0.2", 0, &a[0]);
		addr_parse_ip("::2", 0, &a[1]);
		for (s = 0; s < q->q_nslot; s++)
			slot_set(q, s, RESOLV_OK,
			    &a[q->q_fam[s] == AF_INET6], 1);
		make_ready(q);
		return q;
	}
	for (s = 0; s < q->q_nslot; s++) {
		struct resolv_rrset rs;

		if (!resolv_local(wire, wlen, q->q_fam[s] == AF_INET6 ?
		    DNS_T_AAAA : DNS_T_A, 1, &rs))
			continue;
		if (rs.rs_static && rs.rs_err == RESOLV_NOTFOUND) {
			/* A blacklisted name is unusable in every family. */
			for (s = 0; s < q->q_nslot; s++)
				slot_set(q, s, RESOLV_NOTFOUND, NULL, 0);
			break;
		}
		slot_set(q, s, rs.rs_err, rs.rs_addr, rs.rs_naddr);
	}
	if (!lookup_ready(q) && !q->q_done[0] && special_name(q, wire, wlen)) {
		make_ready(q);
		return q;
	}
	for (s = 0; s < q->q_nslot && !lookup_ready(q); s++) {
		struct upq *u;

		if (q->q_done[s])
			continue;
		u = upq_get(wire, wlen, q->q_fam[s] == AF_INET6 ? DNS_T_AAAA :
		    DNS_T_A, DNS_C_IN, DNS_F_RD, 0, 0);
		if (u == NULL)
			slot_set(q, s, errno == ENOMEM ? RESOLV_NOMEM :
			    RESOLV_FAIL, NULL, 0);
		else
			upw_attach(&q->q_w[s], u);
	}
	if (lookup_ready(q))
		make_ready(q);
	return q;
}

struct resolv_query *
resolv_forward(const uint8_t *name, size_t namelen, uint16_t qtype,
    uint16_t qclass, uint16_t flags, uint16_t ednsflags, int nocache,
    resolv_fwd_cb_t cb, void *arg)
{
	struct resolv_query *q;
	struct upq *u;

	if (loop == NULL) {
		errno = ENXIO;
		return NULL;
	}
	if (namelen == 0 || namelen > DNS_MAXNAME) {
		errno = EINVAL;
		return NULL;
	}
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->q_kind = Q_FORWARD;
	q->q_fcb = cb;
	q->q_arg = arg;
	q->q_nslot = 1;
	q->q_w[0].w_q = q;
	u = upq_get(name, namelen, qtype, qclass, flags, ednsflags, nocache);
	if (u == NULL) {
		q->q_err[0] = RESOLV_FAIL;
		make_ready(q);
		return q;
	}
	upw_attach(&q->q_w[0], u);
	return q;
}

void
resolv_cancel(struct resolv_query *q)
{
	if (q == NULL || q->q_delivering)
		return;
	if (q->q_onready)
		ready_unlink(q);
	upw_detach(&q->q_w[0]);
	upw_detach(&q->q_w[1]);
	free(q);
}

/* Configuration. */

static int
parse_nserver(const char *s, struct nsrv *out)
{
	char copy[128], host[64];
	uint16_t port = 53;
	size_t n;

	if (strlcpy(copy, s, sizeof(copy)) >= sizeof(copy))
		return -1;
	n = strlen(copy);
	out->s_tcp = 0;
	if (n > 4 && strcasecmp(copy + n - 4, "/tcp") == 0) {
		out->s_tcp = 1;
		copy[n - 4] = '\0';
	} else if (n > 4 && strcasecmp(copy + n - 4, "/udp") == 0)
		copy[n - 4] = '\0';
	if (net_split_hostport(copy, host, sizeof(host), &port) == -1 ||
	    addr_parse_ip(host, port, &out->s_addr) == -1)
		return -1;
	return 0;
}

static int
set_cache_size(struct ctab *c, const char *arg)
{
	unsigned long v;

	if (opt_uint(arg, 0, RESOLV_CACHE_MAX, &v) == -1)
		return -1;
	c->c_max = v < RESOLV_CACHE_MIN ? RESOLV_CACHE_MIN : v;
	if (c->c_nb != 0)
		(void)cache_size(c);
	return 0;
}

int
resolv_conf(int argc, char **argv, char *err, size_t errlen)
{
	const char *cmd;

	if (argc < 1)
		return 0;
	cmd = argv[0];
	if (strcmp(cmd, "nserver") == 0) {
		struct nsrv s;

		if (argc != 2 || parse_nserver(argv[1], &s) == -1) {
			snprintf(err, errlen, "expected IP[:PORT][/tcp], "
			    "got %s", argc > 1 ? argv[1] : "");
			return -1;
		}
		if (nservers >= RESOLV_MAXSERVERS) {
			if (!warned_servers++)
				log_warnx("nserver %s: only %d name servers "
				    "are used", argv[1], RESOLV_MAXSERVERS);
			return 1;
		}
		servers[nservers++] = s;
		return 1;
	}
	if (strcmp(cmd, "nscache") == 0 || strcmp(cmd, "nscache6") == 0) {
		if (argc != 2 || set_cache_size(&cache[cmd[7] == '6'],
		    argv[1]) == -1) {
			snprintf(err, errlen, "expected a number of entries "
			    "(at most %d)", RESOLV_CACHE_MAX);
			return -1;
		}
		return 1;
	}
	if (strcmp(cmd, "nsrecord") == 0) {
		uint8_t wire[DNS_MAXNAME];
		size_t wlen;
		struct addr a;

		if (argc != 3 || !resolv_name_ok(argv[1]) ||
		    dns_name_from_text(argv[1], wire, &wlen) == -1 ||
		    addr_parse_ip(argv[2], 0, &a) == -1) {
			snprintf(err, errlen, "expected NAME ADDRESS");
			return -1;
		}
		if (st_add(&statics, wire, wlen, &a) == -1) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		return 1;
	}
	if (strcmp(cmd, "fakeresolve") == 0) {
		if (argc != 1) {
			snprintf(err, errlen, "takes no argument");
			return -1;
		}
		fakeresolve = 1;
		return 1;
	}
	return 0;
}

void
resolv_conf_reset(void)
{
	nservers = 0;
	warned_servers = 0;
	fakeresolve = 0;
	st_clear(&statics);
}

void
resolv_set_timeout(unsigned ms)
{
	to_ms = ms != 0 ? ms : TO_DNS_DEFAULT_MS;
}

int
resolv_nservers(void)
{
	return nservers;
}

/* Read a small file whole; NULL when it cannot be read. */
static char *
read_file(const char *path, size_t max, size_t *lenp)
{
	char *buf;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return NULL;
	if ((buf = malloc(max + 1)) == NULL) {
		close(fd);
		return NULL;
	}
	while (len < max) {
		ssize_t n = read(fd, buf + len, max - len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/* /etc/hosts: "ADDRESS NAME [ALIAS...]" lines, '#' comments. */
static void
load_hosts(const char *path)
{
	size_t len;
	char *buf = read_file(path, HOSTS_MAXFILE, &len), *line, *save = NULL;

	if (buf == NULL)
		return;
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#'), *tok, *ts = NULL;
		struct addr a;

		if (hash != NULL)
			*hash = '\0';
		tok = strtok_r(line, " \t\r", &ts);
		if (tok == NULL || addr_parse_ip(tok, 0, &a) == -1)
			continue;
		addr_unmap(&a);
		while ((tok = strtok_r(NULL, " \t\r", &ts)) != NULL) {
			uint8_t wire[DNS_MAXNAME];
			size_t wlen;

			if (resolv_name_ok(tok) &&
			    dns_name_from_text(tok, wire, &wlen) == 0)
				(void)st_add(&hosts, wire, wlen, &a);
		}
	}
	free(buf);
}

/* resolv.conf: the "nameserver ADDRESS" lines. */
static void
load_resolvconf(const char *path)
{
	size_t len;
	char *buf = read_file(path, RESOLVCONF_MAXFILE, &len), *line;
	char *save = NULL;

	nsysservers = 0;
	if (buf != NULL) {
		for (line = strtok_r(buf, "\n", &save); line != NULL &&
		    nsysservers < RESOLV_MAXSERVERS;
		    line = strtok_r(NULL, "\n", &save)) {
			char *tok, *ts = NULL;
			struct nsrv s;

			tok = strtok_r(line, " \t\r", &ts);
			if (tok == NULL || strcmp(tok, "nameserver") != 0 ||
			    (tok = strtok_r(NULL, " \t\r", &ts)) == NULL ||
			    addr_parse_ip(tok, 53, &s.s_addr) == -1)
				continue;
			s.s_tcp = 0;
			sysservers[nsysservers++] = s;
		}
		free(buf);
	}
	if (nsysservers == 0) {
		/* What the C library assumes with no name server listed. */
		addr_parse_ip("127.0.0.1", 53, &sysservers[0].s_addr);
		sysservers[0].s_tcp = 0;
		nsysservers = 1;
	}
}

static void
load_port_range(void)
{
	size_t len;
	char *buf = read_file("/proc/sys/net/ipv4/ip_local_port_range", 64,
	    &len);
	unsigned lo, hi;

	if (buf == NULL)
		return;
	if (sscanf(buf, "%u %u", &lo, &hi) == 2 && lo >= 1024 && lo < hi &&
	    hi <= 65535) {
		port_lo = lo;
		port_hi = hi;
	}
	free(buf);
}

int
resolv_init(struct ev_loop *l)
{
	const char *h = getenv("PROXY_HOSTS_FILE");
	const char *r = getenv("PROXY_RESOLV_CONF");

	if (loop != NULL)
		return 0;
	loop = l;
	load_hosts(h != NULL ? h : "/etc/hosts");
	load_resolvconf(r != NULL ? r : "/etc/resolv.conf");
	load_port_range();
	return 0;
}
