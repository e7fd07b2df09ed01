/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The policy point every request passes: authentication, ACL, parents, limits. */

/*
 * Where this policy deviates from 3proxy 1.0.0 on purpose (3proxy.cfg.5
 * CAVEATS should say the same):
 * - NT: hashes are accepted in either case of hex, and always (the
 *   original needs a TLS build and upper case).
 * - users entries that the original skips silently (no password, an
 *   unknown type such as "xy:" or "cl:", a CR string that is not $1$,
 *   e.g. $2y$ or $3$) are config errors naming the user, never the
 *   password. A later entry for a name replaces the earlier one.
 * - An IPv4-mapped IPv6 address (::ffff:a.b.c.d), in a request or in an
 *   ACL entry, is the IPv4 address it carries.
 * - TIMES periods that end before they start, WEEKDAYS with letters, and
 *   other malformed fields are errors instead of being cut short.
 * - cacheacl is taken as cache: a hit supplies the user, and the ACL is
 *   still walked, so a cached decision never reaches a target or an hour
 *   it was not made for.
 * - authcache ... limit is enforced after every successful password check,
 *   not only when "cache" is among the auth types.
 * - The cache is per process standalone; under the supervisor it is one
 *   table of AUTHCACHE_SHMSIZE entries for the whole deployment.
 * - parent to an upstream proxy (anything but the local 0.0.0.0 0) is
 *   refused: not in this build. WEIGHT of an entry is accepted and stored
 *   but compared with nothing (no plugins set a request weight).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acl.h"
#include "auth.h"
#include "authcache.h"
#include "md5.h"
#include "opt.h"
#include "policy.h"

/* auth types, tried in the order given. */
#define A_NONE		1
#define A_IPONLY	2
#define A_USERONLY	3
#define A_STRONG	4
#define A_CACHE		5
#define A_CACHEACL	6
#define POLICY_MAXAUTH	16

/* What the previous command left for parent, nolog and weight to extend. */
#define LAST_NONE	0
#define LAST_ALLOW	1	/* allow or redirect */
#define LAST_DENY	2
#define LAST_PARENT	3

struct policy {
	int			 p_auth[POLICY_MAXAUTH];
	int			 p_nauth;
	struct users		*p_users;
	struct acl		*p_acl;
	int			 p_redirects;	/* entries with a_redirect */
	struct authcache_conf	 p_cache;
	int			 p_cache_set;	/* an authcache command */
	int			 p_last;
	/* The ACL's identity for "authcache acl": a digest of its text. */
	struct md5_ctx		 p_aclsum;
	uint8_t			 p_aclid[MD5_DIGEST_LEN];
	int			 p_aclid_ok;
	time_t			(*p_clock)(void);
	/* Local weekday and second of the day, computed once a second. */
	time_t			 p_tm_t;
	int			 p_tm_wday;
	uint32_t		 p_tm_sec;
};

static const struct {
	const char	*name;
	int		 type;
} auth_types[] = {
	{ "none", A_NONE }, { "iponly", A_IPONLY },
	{ "useronly", A_USERONLY }, { "strong", A_STRONG },
	{ "cache", A_CACHE }, { "cacheacl", A_CACHEACL },
};

static const struct {
	const char	*name;
	int		 proto;
} local_types[] = {
	{ "http", PROTO_HTTP }, { "ftp", PROTO_FTP }, { "pop3", PROTO_POP3 },
	{ "socks4", PROTO_SOCKS }, { "socks5", PROTO_SOCKS },
	{ "tcp", PROTO_TCP }, { "dns", PROTO_DNS },
};

/* Types 3proxy knows that this build does not chain to or hand off to. */
static const char *other_types[] = {
	"connect", "connect+", "socks4+", "socks4b", "socks5+", "socks5b",
	"smtp", "imap", "admin", "tls", "extip", "ha", "https", "socks5s",
	"socks4s", "connects", "tcps",
};

struct policy *
policy_new(void)
{
	struct policy *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	if ((p->p_users = users_new()) == NULL ||
	    (p->p_acl = acl_new()) == NULL) {
		policy_free(p);
		return NULL;
	}
	p->p_auth[0] = A_IPONLY;
	p->p_nauth = 1;
	p->p_cache.ac_keys = AUTHCACHE_DEFKEYS;
	p->p_cache.ac_ttl = AUTHCACHE_DEFTIME;
	p->p_cache.ac_size = AUTHCACHE_DEFSIZE;
	md5_init(&p->p_aclsum);
	p->p_tm_t = (time_t)-1;
	return p;
}

void
policy_free(struct policy *p)
{
	if (p == NULL)
		return;
	users_free(p->p_users);
	acl_free(p->p_acl);
	free(p);
}

void
policy_set_clock(struct policy *p, time_t (*now)(void))
{
	p->p_clock = now;
	p->p_tm_t = (time_t)-1;
}

int
policy_wants_user(const struct policy *p)
{
	int i;

	if (p == NULL)
		return 0;
	for (i = 0; i < p->p_nauth; i++) {
		if (p->p_auth[i] == A_NONE)
			return 0;
		if (p->p_auth[i] != A_IPONLY)
			return 1;
	}
	return 0;
}

int
policy_is_open(const struct policy *p)
{
	struct ace *first;
	int i;

	if (p == NULL)
		return 1;
	for (i = 0; i < p->p_nauth; i++) {
		if (p->p_auth[i] == A_NONE)
			return 1;
		if (p->p_auth[i] != A_IPONLY)
			continue;
		if (acl_count(p->p_acl) == 0)
			return 1;
		first = acl_entry(p->p_acl, 0);
		if (first->a_action == ACL_ALLOW && first->a_fields == 0 &&
		    first->a_redirect == 0)
			return 1;
	}
	return 0;
}

/* Fold one ACL command into the ACL's identity. */
static void
acl_sum(struct policy *p, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		md5_update(&p->p_aclsum, argv[i], strlen(argv[i]) + 1);
	md5_update(&p->p_aclsum, "\n", 1);
	p->p_aclid_ok = 0;
}

static int
conf_users(struct policy *p, int argc, char **argv, char *err, size_t errlen)
{
	char e[256];
	int i;

	/* "users" alone is what an empty "users $FILE" becomes: nothing. */
	for (i = 1; i < argc; i++)
		if (users_add(p->p_users, argv[i], e, sizeof(e)) == -1) {
			snprintf(err, errlen, "entry %d: %s", i, e);
			return -1;
		}
	return 1;
}

static int
conf_auth(struct policy *p, int argc, char **argv, char *err, size_t errlen)
{
	int i, n = 0;
	size_t j;

	if (argc < 2 || argc - 1 > POLICY_MAXAUTH) {
		snprintf(err, errlen, "one to %d types expected",
		    POLICY_MAXAUTH);
		return -1;
	}
	for (i = 1; i < argc; i++) {
		for (j = 0; j < sizeof(auth_types) / sizeof(auth_types[0]); j++)
			if (strcmp(argv[i], auth_types[j].name) == 0)
				break;
		if (j < sizeof(auth_types) / sizeof(auth_types[0])) {
			p->p_auth[n++] = auth_types[j].type;
			continue;
		}
		if (strcmp(argv[i], "dnsname") == 0 ||
		    strcmp(argv[i], "radius") == 0 ||
		    strcmp(argv[i], "nbname") == 0)
			snprintf(err, errlen, "type '%s' is not "
			    "supported in this build (none, iponly, useronly, "
			    "strong, cache, cacheacl)", argv[i]);
		else
			snprintf(err, errlen, "unknown type '%.64s' "
			    "(none, iponly, useronly, strong, cache, "
			    "cacheacl)", argv[i]);
		return -1;
	}
	p->p_nauth = n;
	return 1;
}

static int
conf_authcache(struct policy *p, int argc, char **argv, char *err,
    size_t errlen)
{
	struct authcache_conf c = p->p_cache;
	unsigned long v;

	if (argc < 2 || argc > 4) {
		snprintf(err, errlen, "TYPES [TIME [SIZE]] expected");
		return -1;
	}
	if (authcache_parse_keys(argv[1], &c.ac_keys, err, errlen) == -1)
		return -1;
	c.ac_ttl = AUTHCACHE_DEFTIME;
	c.ac_size = AUTHCACHE_DEFSIZE;
	if (argc > 2) {
		if (opt_uint(argv[2], 1, 86400 * 366, &v) == -1) {
			snprintf(err, errlen, "bad TIME '%.32s' "
			    "(seconds)", argv[2]);
			return -1;
		}
		c.ac_ttl = (unsigned)v;
	}
	if (argc > 3) {
		if (opt_uint(argv[3], 8, 1UL << 24, &v) == -1) {
			snprintf(err, errlen, "bad SIZE '%.32s' "
			    "(8 to 16777216 entries)", argv[3]);
			return -1;
		}
		c.ac_size = (unsigned)v;
	}
	p->p_cache = c;
	p->p_cache_set = 1;
	return 1;
}

static int
conf_acl(struct policy *p, int action, int argc, char **argv, char *err,
    size_t errlen)
{
	if (acl_add(p->p_acl, action, argc - 1, argv + 1, err, errlen)
	    == -1)
		return -1;
	acl_sum(p, argc, argv);
	p->p_last = action == ACL_ALLOW ? LAST_ALLOW : LAST_DENY;
	return 1;
}

static int
is_local(const char *host, const char *port)
{
	return strcmp(host, "0.0.0.0") == 0 && strcmp(port, "0") == 0;
}

static int
not_built(char *err, size_t errlen)
{
	snprintf(err, errlen, "parent chains to upstream proxies are not "
	    "implemented in this build");
	return -1;
}

static int
conf_redirect(struct policy *p, int argc, char **argv, char *err,
    size_t errlen)
{
	struct ace *e;
	int rc;

	if (argc < 3) {
		snprintf(err, errlen, "IP PORT [USERS SRC DST PORTS OPS "
		    "WEEKDAYS TIMES] expected");
		return -1;
	}
	if (!is_local(argv[1], argv[2]))
		return not_built(err, errlen);
	if (argc - 3 > 7) {
		snprintf(err, errlen, "too many fields");
		return -1;
	}
	/* Shift so that argv[0] stays the command word for the message. */
	{
		char *av[9];
		int i;

		av[0] = argv[0];
		for (i = 3; i < argc; i++)
			av[i - 2] = argv[i];
		rc = conf_acl(p, ACL_ALLOW, argc - 2, av, err, errlen);
	}
	if (rc != 1)
		return rc;
	e = acl_entry(p->p_acl, acl_count(p->p_acl) - 1);
	e->a_redirect = PROTO_HTTP;
	p->p_redirects++;
	acl_sum(p, 3, argv);
	return 1;
}

static int
conf_parent(struct policy *p, int argc, char **argv, char *err,
    size_t errlen)
{
	unsigned long w;
	struct ace *e;
	size_t i;
	int proto = 0;

	if (argc < 5 || argc > 7) {
		snprintf(err, errlen, "WEIGHT TYPE HOST PORT [USER [PASS]] "
		    "expected");
		return -1;
	}
	if (p->p_last != LAST_ALLOW && p->p_last != LAST_PARENT) {
		snprintf(err, errlen, "chaining error: last ACL entry was not "
		    "allow");
		return -1;
	}
	if (opt_uint(argv[1], 1, 1000, &w) == -1) {
		snprintf(err, errlen, "weight must be 1 to 1000");
		return -1;
	}
	for (i = 0; i < sizeof(local_types) / sizeof(local_types[0]); i++)
		if (strcmp(argv[2], local_types[i].name) == 0)
			proto = local_types[i].proto;
	if (proto == 0) {
		for (i = 0; i < sizeof(other_types) / sizeof(other_types[0]);
		    i++)
			if (strcmp(argv[2], other_types[i]) == 0)
				break;
		if (i == sizeof(other_types) / sizeof(other_types[0])) {
			snprintf(err, errlen, "unknown type '%.32s'",
			    argv[2]);
			return -1;
		}
		if (is_local(argv[3], argv[4]))
			snprintf(err, errlen, "local redirection to '%s' is "
			    "not available in this build", argv[2]);
		else
			return not_built(err, errlen);
		return -1;
	}
	if (!is_local(argv[3], argv[4]))
		return not_built(err, errlen);
	e = acl_entry(p->p_acl, acl_count(p->p_acl) - 1);
	if (e->a_redirect != 0 || w != 1000) {
		snprintf(err, errlen, "a local redirection must be the only "
		    "parent of its entry, with weight 1000");
		return -1;
	}
	if (argc > 5 && (e->a_puser = strdup(argv[5])) == NULL)
		goto nomem;
	if (argc > 6 && (e->a_ppass = strdup(argv[6])) == NULL)
		goto nomem;
	e->a_redirect = proto;
	p->p_redirects++;
	p->p_last = LAST_PARENT;
	acl_sum(p, argc > 5 ? 5 : argc, argv);
	return 1;
nomem:
	snprintf(err, errlen, "out of memory");
	return -1;
}

static int
conf_tail(struct policy *p, int argc, char **argv, char *err, size_t errlen)
{
	struct ace *e;

	if (p->p_last == LAST_NONE || acl_count(p->p_acl) == 0) {
		snprintf(err, errlen, "no allow or deny entry before it");
		return -1;
	}
	e = acl_entry(p->p_acl, acl_count(p->p_acl) - 1);
	if (strcmp(argv[0], "nolog") == 0) {
		if (argc != 1) {
			snprintf(err, errlen, "no argument expected");
			return -1;
		}
		e->a_nolog = 1;
	} else {
		unsigned long v;

		if (argc != 2 || opt_uint(argv[1], 0, 2147483647, &v) == -1) {
			snprintf(err, errlen, "one number expected");
			return -1;
		}
		e->a_weight = (long)v;
	}
	acl_sum(p, argc, argv);
	return 1;
}

int
policy_conf(struct policy *p, int argc, char **argv, char *err,
    size_t errlen)
{
	const char *c;

	if (argc < 1)
		return 0;
	c = argv[0];
	if (strcmp(c, "users") == 0)
		return conf_users(p, argc, argv, err, errlen);
	if (strcmp(c, "auth") == 0)
		return conf_auth(p, argc, argv, err, errlen);
	if (strcmp(c, "authcache") == 0)
		return conf_authcache(p, argc, argv, err, errlen);
	if (strcmp(c, "allow") == 0)
		return conf_acl(p, ACL_ALLOW, argc, argv, err, errlen);
	if (strcmp(c, "deny") == 0)
		return conf_acl(p, ACL_DENY, argc, argv, err, errlen);
	if (strcmp(c, "redirect") == 0)
		return conf_redirect(p, argc, argv, err, errlen);
	if (strcmp(c, "parent") == 0)
		return conf_parent(p, argc, argv, err, errlen);
	if (strcmp(c, "nolog") == 0 || strcmp(c, "weight") == 0)
		return conf_tail(p, argc, argv, err, errlen);
	if (strcmp(c, "flush") == 0) {
		if (argc != 1) {
			snprintf(err, errlen, "no argument expected");
			return -1;
		}
		acl_flush(p->p_acl);
		p->p_redirects = 0;
		p->p_last = LAST_NONE;
		md5_init(&p->p_aclsum);
		p->p_aclid_ok = 0;
		return 1;
	}
	return 0;
}

/* Operations a redirect entry applies to (others walk past it). */
static int
redirectable(unsigned op)
{
	return (op & (OP_CONNECT | OP_UDPASSOC | OP_HTTP | OP_HTTP_CONNECT |
	    OP_FTP)) != 0;
}

static int
skip_redirect(const struct ace *e, void *arg)
{
	const struct preq *r = arg;

	return e->a_redirect != 0 && (r->pr_hops > 0 ||
	    !redirectable(r->pr_op));
}

/* Give a const string to a field the API declares writable. */
static char *
unconst(const char *s)
{
	union {
		const char	*c;
		char		*w;
	} u;

	u.c = s;
	return u.w;
}

/* The ACL walk with user (NULL: no user or hidden). Returns 0, 1, 3, 4. */
static int
walk(struct policy *p, struct preq *r, struct acl_req *q, const char *user)
{
	const struct ace *e;
	int i;

	if (acl_count(p->p_acl) == 0)
		return 0;
	q->q_user = acl_user_id(p->p_acl, user);
	i = acl_first(p->p_acl, q, p->p_redirects ? skip_redirect : NULL, r);
	if (i < 0)
		return 3;
	e = acl_entry(p->p_acl, (unsigned)i);
	/*
	 * A UDP ASSOCIATE is asked before it has any destination: when the
	 * entry it meets first has DST or PORTS, the answer depends on the
	 * destination and is left to each datagram (the original's pre-auth
	 * pass), so "deny * * * 25" then "allow *" lets it start.
	 */
	if (q->q_op == OP_UDPASSOC && q->q_dst.ip_family == 0 &&
	    q->q_host == NULL && (e->a_fields & (ACE_DST | ACE_PORTS))) {
		r->pr_deferred = 1;
		return 0;
	}
	if (e->a_action == ACL_DENY)
		return 1;
	r->pr_nolog = e->a_nolog;
	if (e->a_redirect != 0) {
		if (e->a_puser != NULL && strcmp(e->a_puser, "*") == 0) {
			if (r->pr_user == NULL)
				return 4;
			r->pr_parent_user = unconst(r->pr_user);
			r->pr_parent_pass = unconst(r->pr_pass);
		} else {
			r->pr_parent_user = e->a_puser;
			r->pr_parent_pass = e->a_ppass;
		}
		r->pr_redirect = e->a_redirect;
	}
	return 0;
}

static void
cache_key(struct policy *p, const struct preq *r, const struct acl_req *q,
    const char *user, struct authcache_key *k)
{
	memset(k, 0, sizeof(*k));
	k->k_user = user;
	k->k_pass = r->pr_pass;
	k->k_ip = q->q_src;
	if (p->p_cache.ac_keys & AC_ACL) {
		if (!p->p_aclid_ok) {
			struct md5_ctx c = p->p_aclsum;

			md5_final(&c, p->p_aclid);
			p->p_aclid_ok = 1;
		}
		memcpy(k->k_acl, p->p_aclid, sizeof(k->k_acl));
	}
	k->k_dst = q->q_dst;
	k->k_dstport = q->q_port;
	k->k_host = q->q_host;
	k->k_op = q->q_op;
	acl_ip_from_addr(&k->k_srv, &r->pr_local);
	k->k_srvport = addr_port(&r->pr_local);
}

/* Whether successful password checks go into the cache. */
static int
cache_used(const struct policy *p)
{
	int i;

	if (p->p_cache.ac_keys & AC_LIMIT)
		return 1;
	for (i = 0; i < p->p_nauth; i++)
		if (p->p_auth[i] == A_CACHE || p->p_auth[i] == A_CACHEACL)
			return 1;
	return 0;
}

/* The target name in matching form: lower case, no trailing dot. */
static void
canon_host(const struct preq *r, struct acl_req *q, char *buf)
{
	size_t n, i;

	if (r->pr_host == NULL || r->pr_host[0] == '\0')
		return;
	if (q->q_dst.ip_family == 0) {
		struct addr a;

		/* An address written as the host is the address. */
		if (addr_parse_ip(r->pr_host, 0, &a) == 0) {
			acl_ip_from_addr(&q->q_dst, &a);
			return;
		}
	} else if (strchr(r->pr_host, ':') != NULL ||
	    strspn(r->pr_host, "0123456789.") == strlen(r->pr_host))
		return;
	n = strlen(r->pr_host);
	if (n > 1 && r->pr_host[n - 1] == '.')
		n--;
	q->q_host = buf;
	if (n > ACL_MAXHOST) {
		/* Too long to be a name: it matches no name entry, but the
		   DST field is not skipped either. */
		buf[0] = '\0';
		q->q_hostlen = 0;
		return;
	}
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)r->pr_host[i]);
	buf[n] = '\0';
	q->q_hostlen = n;
}

int
policy_check(struct policy *p, struct preq *r)
{
	struct authcache_key k;
	struct acl_req q;
	char host[ACL_MAXHOST + 1];
	const char *user;
	int i, res = 0, ret = 0;

	if (p == NULL)
		return 0;
	r->pr_nolog = 0;
	r->pr_redirect = 0;
	r->pr_deferred = 0;
	r->pr_parent_user = NULL;
	r->pr_parent_pass = NULL;
	if (r->pr_hops > POLICY_MAXHOPS)
		return 101;

	memset(&q, 0, sizeof(q));
	acl_ip_from_addr(&q.q_src, &r->pr_client);
	acl_ip_from_addr(&q.q_dst, &r->pr_target);
	q.q_port = r->pr_port != 0 ? r->pr_port : addr_port(&r->pr_target);
	q.q_op = r->pr_op;
	canon_host(r, &q, host);
	q.q_now = p->p_clock != NULL ? p->p_clock() : time(NULL);
	if (q.q_now == p->p_tm_t) {
		q.q_tmset = 1;
		q.q_wday = p->p_tm_wday;
		q.q_sec = p->p_tm_sec;
	}

	for (i = 0; i < p->p_nauth; i++) {
		switch (p->p_auth[i]) {
		case A_NONE:
			/* No ACL walk at all, as in the original. */
			return 0;
		case A_IPONLY:
			res = walk(p, r, &q, NULL);
			if (res == 0)
				goto done;
			break;
		case A_USERONLY:
			if (r->pr_user == NULL || r->pr_user[0] == '\0') {
				res = 4;
				break;
			}
			res = walk(p, r, &q, r->pr_user);
			goto done;
		case A_STRONG:
			res = users_verify(p->p_users, r->pr_user, r->pr_pass);
			if (res != 0)
				break;
			res = walk(p, r, &q, r->pr_user);
			if (res == 0 && cache_used(p)) {
				cache_key(p, r, &q, r->pr_user, &k);
				res = authcache_store(&p->p_cache, &k);
			}
			goto done;
		default:
			/*
			 * cache, and cacheacl taken as cache: the ACL is
			 * always walked, so a cached decision never outlives
			 * the fields it was made on.
			 */
			cache_key(p, r, &q, r->pr_user, &k);
			res = authcache_lookup(&p->p_cache, &k, r->pr_userbuf,
			    sizeof(r->pr_userbuf));
			if (res == -1) {
				res = 4;
				break;
			}
			if (res != 0)
				goto done;
			user = r->pr_user;
			if (!(p->p_cache.ac_keys & AC_USER)) {
				r->pr_user = r->pr_userbuf;
				user = r->pr_userbuf;
			}
			res = walk(p, r, &q, user);
			goto done;
		}
		if (res >= 10)
			goto done;
		if (res > ret)
			ret = res;
	}
	res = ret;
done:
	if (q.q_tmset && q.q_now != p->p_tm_t) {
		p->p_tm_t = q.q_now;
		p->p_tm_wday = q.q_wday;
		p->p_tm_sec = q.q_sec;
	}
	return res;
}
