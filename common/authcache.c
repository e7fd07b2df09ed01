/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The authentication cache (authcache TYPES TIME SIZE), kept in one
 * fixed-size region that the supervisor can share among its children. */
#include <sys/mman.h>
#include <sys/random.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "authcache.h"
#include "md5.h"
#include "shm.h"

#define AC_WAYS		8
#define AC_MAGIC	0x70726f7879616331ULL	/* "proxyac1" */
#define AC_VERSION	1

/*
 * One cached authentication. The key is a keyed MD5 of the fields the
 * configuration names, so the entry has a fixed size whatever the fields;
 * the user name is kept whole because an "ip" hit hands it back.
 */
struct ac_entry {
	uint8_t		e_key[MD5_DIGEST_LEN];
	uint64_t	e_expire;	/* 0: free */
	struct acl_ip	e_ip;		/* the client that stored it */
	char		e_user[AUTH_MAXUSER + 1];
};

struct ac_region {
	uint64_t	r_magic;
	uint32_t	r_version;
	uint32_t	r_nsets;
	uint8_t		r_key[16];
	pthread_mutex_t	r_lock;		/* process-shared, robust */
	struct ac_entry	r_ent[];	/* r_nsets * AC_WAYS */
};

static struct ac_region *cur;
static int cur_local;
static size_t cur_locallen;

static uint64_t
mono_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 1;
	return (uint64_t)ts.tv_sec + 1;
}

static uint64_t (*now_fn)(void) = mono_now;

void
authcache_set_clock(uint64_t (*fn)(void))
{
	now_fn = fn != NULL ? fn : mono_now;
}

int
authcache_parse_keys(const char *s, unsigned *keys, char *err, size_t errlen)
{
	static const struct {
		const char	*w;
		unsigned	 k;
	} words[] = {
		{ "ip", AC_IP }, { "user", AC_USER }, { "pass", AC_PASS },
		{ "password", AC_PASS }, { "limit", AC_LIMIT },
		{ "acl", AC_ACL }, { "ext", AC_EXT },
		{ "dstaddr", AC_DSTADDR }, { "dstport", AC_DSTPORT },
		{ "dsthost", AC_DSTHOST }, { "dstoper", AC_DSTOPER },
		{ "srvaddr", AC_SRVADDR }, { "srvport", AC_SRVPORT },
	};
	const char *p = s;

	*keys = 0;
	while (*p != '\0') {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i].w) == n &&
			    strncmp(words[i].w, p, n) == 0)
				break;
		if (i == sizeof(words) / sizeof(words[0])) {
			snprintf(err, errlen, "unknown key word "
			    "'%.*s'", (int)(n > 32 ? 32 : n), p);
			return -1;
		}
		*keys |= words[i].k;
		p += n;
		if (*p == ',')
			p++;
	}
	/* One address per user needs the user in the key. */
	if (*keys & AC_LIMIT)
		*keys |= AC_USER;
	if ((*keys & ~(AC_EXT | AC_ACL)) == 0) {
		snprintf(err, errlen, "no key word (ip, user, "
		    "pass, ...) in '%.64s'", s);
		return -1;
	}
	return 0;
}

size_t
authcache_region_size(unsigned entries)
{
	size_t sets;

	if (entries == 0)
		entries = AUTHCACHE_SHMSIZE;
	sets = ((size_t)entries + AC_WAYS - 1) / AC_WAYS;
	return sizeof(struct ac_region) + sets * AC_WAYS *
	    sizeof(struct ac_entry);
}

int
authcache_region_init(void *base, size_t len)
{
	struct ac_region *r = base;
	pthread_mutexattr_t ma;
	size_t sets;

	if (len < authcache_region_size(AC_WAYS))
		return -1;
	sets = (len - sizeof(*r)) / (AC_WAYS * sizeof(struct ac_entry));
	memset(r, 0, sizeof(*r));
	memset(r->r_ent, 0, sets * AC_WAYS * sizeof(struct ac_entry));
	r->r_version = AC_VERSION;
	r->r_nsets = (uint32_t)sets;
	if (getrandom(r->r_key, sizeof(r->r_key), 0) != sizeof(r->r_key)) {
		uint64_t t = mono_now() ^ (uint64_t)getpid() << 32;

		md5(&t, sizeof(t), r->r_key);
	}
	if (pthread_mutexattr_init(&ma) != 0)
		return -1;
	if (pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED) != 0 ||
	    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST) != 0 ||
	    pthread_mutex_init(&r->r_lock, &ma) != 0) {
		pthread_mutexattr_destroy(&ma);
		return -1;
	}
	pthread_mutexattr_destroy(&ma);
	/* The magic last: a region is usable once it is there. */
	__atomic_store_n(&r->r_magic, AC_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

void
authcache_detach(void)
{
	if (cur_local && cur != NULL)
		(void)munmap(cur, cur_locallen);
	cur = NULL;
	cur_local = 0;
}

int
authcache_attach(void *base, size_t len)
{
	struct ac_region *r = base;

	if (len < sizeof(*r) ||
	    __atomic_load_n(&r->r_magic, __ATOMIC_ACQUIRE) != AC_MAGIC ||
	    r->r_version != AC_VERSION || r->r_nsets == 0 ||
	    len < sizeof(*r) + (size_t)r->r_nsets * AC_WAYS *
	    sizeof(struct ac_entry))
		return -1;
	authcache_detach();
	cur = r;
	return 0;
}

static void
shm_init(void *block, size_t size)
{
	(void)authcache_region_init(block, size);
}

/* The table in use: the supervisor's, or made process-local. */
static struct ac_region *
region(const struct authcache_conf *c)
{
	size_t len;
	void *p;

	if (cur != NULL)
		return cur;
	/* Under the supervisor: one table in its region for every child,
	   of a fixed size (every process must ask for the same). */
	if (shm_is_shared()) {
		len = authcache_region_size(0);
		p = shm_get("authcache", len, shm_init);
		if (p != NULL && authcache_attach(p, len) == 0)
			return cur;
	}
	len = authcache_region_size(c->ac_size != 0 ? c->ac_size :
	    AUTHCACHE_DEFSIZE);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (authcache_region_init(p, len) == -1) {
		(void)munmap(p, len);
		return NULL;
	}
	cur = p;
	cur_local = 1;
	cur_locallen = len;
	return cur;
}

static int
lock(struct ac_region *r)
{
	int rc = pthread_mutex_lock(&r->r_lock);

	/* A child died holding the lock: the table is still consistent
	   enough (an entry is at worst half written and misses). */
	if (rc == EOWNERDEAD)
		rc = pthread_mutex_consistent(&r->r_lock);
	return rc == 0 ? 0 : -1;
}

static void
add_str(struct md5_ctx *c, const char *s)
{
	uint32_t n = s != NULL ? (uint32_t)strlen(s) : 0xffffffffu;

	md5_update(c, &n, sizeof(n));
	if (s != NULL)
		md5_update(c, s, n);
}

/* Build the key; -1 when the request lacks a field the key needs. */
static int
make_key(const struct ac_region *r, const struct authcache_conf *conf,
    const struct authcache_key *k, uint8_t out[MD5_DIGEST_LEN])
{
	unsigned keys = conf->ac_keys;
	struct md5_ctx c;

	if (((keys & AC_USER) && (k->k_user == NULL || k->k_user[0] == '\0'))
	    || ((keys & AC_PASS) && k->k_pass == NULL))
		return -1;
	md5_init(&c);
	md5_update(&c, r->r_key, sizeof(r->r_key));
	md5_update(&c, &keys, sizeof(keys));
	if (keys & AC_USER)
		add_str(&c, k->k_user);
	if (keys & AC_PASS)
		add_str(&c, k->k_pass);
	/* Under "limit" the address is compared, not part of the key. */
	if ((keys & AC_IP) && !(keys & AC_LIMIT))
		md5_update(&c, &k->k_ip, sizeof(k->k_ip));
	if (keys & AC_ACL)
		md5_update(&c, k->k_acl, sizeof(k->k_acl));
	if (keys & AC_DSTADDR)
		md5_update(&c, &k->k_dst, sizeof(k->k_dst));
	if (keys & AC_DSTPORT)
		md5_update(&c, &k->k_dstport, sizeof(k->k_dstport));
	if (keys & AC_DSTHOST)
		add_str(&c, k->k_host);
	if (keys & AC_DSTOPER)
		md5_update(&c, &k->k_op, sizeof(k->k_op));
	if (keys & AC_SRVADDR)
		md5_update(&c, &k->k_srv, sizeof(k->k_srv));
	if (keys & AC_SRVPORT)
		md5_update(&c, &k->k_srvport, sizeof(k->k_srvport));
	md5_final(&c, out);
	return 0;
}

static struct ac_entry *
set_of(struct ac_region *r, const uint8_t key[MD5_DIGEST_LEN])
{
	uint32_t h;

	memcpy(&h, key, sizeof(h));
	return &r->r_ent[(size_t)(h % r->r_nsets) * AC_WAYS];
}

static int
same_ip(const struct acl_ip *a, const struct acl_ip *b)
{
	return a->ip_family == b->ip_family &&
	    memcmp(a->ip_b, b->ip_b, a->ip_family == 4 ? 4 : 16) == 0;
}

int
authcache_lookup(const struct authcache_conf *conf,
    const struct authcache_key *k, char *user, size_t userlen)
{
	struct ac_region *r = region(conf);
	uint8_t key[MD5_DIGEST_LEN];
	struct ac_entry *set;
	uint64_t now = now_fn();
	int i, rc = -1;

	if (r == NULL || make_key(r, conf, k, key) == -1 || lock(r) == -1)
		return -1;
	set = set_of(r, key);
	for (i = 0; i < AC_WAYS; i++) {
		struct ac_entry *e = &set[i];

		if (e->e_expire <= now || memcmp(e->e_key, key, sizeof(key)))
			continue;
		if ((conf->ac_keys & AC_LIMIT) && !same_ip(&e->e_ip, &k->k_ip))
			rc = 10;
		else {
			(void)snprintf(user, userlen, "%s", e->e_user);
			rc = 0;
		}
		break;
	}
	(void)pthread_mutex_unlock(&r->r_lock);
	return rc;
}

int
authcache_store(const struct authcache_conf *conf,
    const struct authcache_key *k)
{
	struct ac_region *r = region(conf);
	uint8_t key[MD5_DIGEST_LEN];
	struct ac_entry *set, *e = NULL;
	uint64_t now = now_fn();
	int i, rc = 0;

	if (k->k_user == NULL || strlen(k->k_user) > AUTH_MAXUSER)
		return 0;
	if (r == NULL || make_key(r, conf, k, key) == -1 || lock(r) == -1)
		return 0;
	set = set_of(r, key);
	for (i = 0; i < AC_WAYS; i++)
		if (set[i].e_expire > now &&
		    memcmp(set[i].e_key, key, sizeof(key)) == 0) {
			e = &set[i];
			break;
		}
	if (e != NULL && (conf->ac_keys & AC_LIMIT) &&
	    !same_ip(&e->e_ip, &k->k_ip)) {
		rc = 10;
		goto done;
	}
	/* A new entry takes a free or expired way, else the one that
	   expires first. */
	for (i = 0; e == NULL && i < AC_WAYS; i++)
		if (set[i].e_expire <= now)
			e = &set[i];
	if (e == NULL) {
		e = &set[0];
		for (i = 1; i < AC_WAYS; i++)
			if (set[i].e_expire < e->e_expire)
				e = &set[i];
	}
	memcpy(e->e_key, key, sizeof(key));
	e->e_ip = k->k_ip;
	(void)snprintf(e->e_user, sizeof(e->e_user), "%s", k->k_user);
	e->e_expire = now + conf->ac_ttl;
done:
	(void)pthread_mutex_unlock(&r->r_lock);
	return rc;
}
