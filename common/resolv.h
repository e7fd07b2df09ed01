/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Asynchronous name lookups: the only way a module turns a name into addresses. */
#ifndef RESOLV_H
#define RESOLV_H

#include <stddef.h>
#include <stdint.h>

#include "ev.h"
#include "net.h"

#define RESOLV_MAXADDR	8
#define RESOLV_MAXNAME	255

/* Lookup results (err argument of the callback). */
#define RESOLV_OK		0
#define RESOLV_NOTFOUND		1	/* NXDOMAIN or no address of the family */
#define RESOLV_FAIL		2	/* servers failed or timed out */
#define RESOLV_BADNAME		3	/* not a valid host name */
#define RESOLV_NOMEM		4

struct resolv_query;

#define RESOLV_MAXSERVERS	5	/* nserver lines used, as the original */
#define RESOLV_CACHE_MIN	256
#define RESOLV_CACHE_MAX	(1 << 22)
#define RESOLV_CACHE_DEFAULT	65536
#define RESOLV_TTL_MAX		43200	/* 12 h, as the original */
#define RESOLV_NEGTTL_MAX	60	/* negative answers are kept briefly */
#define RESOLV_NEGTTL_NOSOA	30	/* ... 30 s when the answer has no SOA */
#define RESOLV_STATIC_TTL	3600	/* TTL dnspr gives static records */
#define RESOLV_MAXUPQ		2048	/* upstream queries in flight */

/*
 * Called from the loop, never from inside resolv_start(). addrs holds naddr
 * addresses (port 0) in the order of preference; it is valid only during the
 * call.
 */
typedef void (*resolv_cb_t)(void *arg, int err, const struct addr *addrs,
    int naddr);
/*
 * The answer to a forwarded query (resolv_forward): with err RESOLV_OK, msg
 * is the answer of the server at from (QR set, our ID, the question
 * checked, it parses), both valid only during the call; otherwise msg and
 * from are NULL.
 */
typedef void (*resolv_fwd_cb_t)(void *arg, int err, const uint8_t *msg,
    size_t len, const struct addr *from);

/* What the local sources (static records, hosts, cache) know of a name. */
struct resolv_rrset {
	int		 rs_err;	/* RESOLV_OK or RESOLV_NOTFOUND */
	int		 rs_rcode;	/* NOERROR (no data) or NXDOMAIN */
	int		 rs_static;	/* from nsrecord or the hosts file */
	int		 rs_naddr;
	struct addr	 rs_addr[RESOLV_MAXADDR];
	uint32_t	 rs_ttl;	/* seconds left */
};

/*
 * Attach the resolver to the loop; once per process. Reads the hosts file
 * and resolv.conf (PROXY_HOSTS_FILE and PROXY_RESOLV_CONF name others, for
 * tests), used while no nserver is configured. 0 or -1.
 */
int			 resolv_init(struct ev_loop *);
/*
 * Look name up with a FAM_* preference. Returns a handle for
 * resolv_cancel(), or NULL with errno set (then cb is not called).
 */
struct resolv_query	*resolv_start(const char *name, int family,
			    resolv_cb_t cb, void *arg);
/*
 * Ask the upstream servers (name in wire form) and hand back their whole
 * answer; A and AAAA answers also fill the cache unless nocache. flags
 * carries the header's RD and CD bits, ednsflags the DO bit. Identical
 * queries in flight share one upstream exchange. Returns a handle for
 * resolv_cancel(), or NULL with errno set.
 */
struct resolv_query	*resolv_forward(const uint8_t *name, size_t namelen,
			    uint16_t qtype, uint16_t qclass, uint16_t flags,
			    uint16_t ednsflags, int nocache,
			    resolv_fwd_cb_t cb, void *arg);
/* Forget a pending lookup: its callback will not be called. */
void			 resolv_cancel(struct resolv_query *);
/*
 * Answer an A or AAAA question (name in wire form) from static records,
 * then the hosts file (while no nserver is set), then the cache when
 * use_cache. Returns 1 with *rs filled, 0 when nothing local knows.
 */
int			 resolv_local(const uint8_t *name, size_t namelen,
			    uint16_t qtype, int use_cache,
			    struct resolv_rrset *rs);
/*
 * The name a static record (or hosts entry) gives to an address, for PTR
 * answers, in wire form. Returns 0, or -1 when there is none.
 */
int			 resolv_local_ptr(const struct addr *, uint8_t *name,
			    size_t *namelen);
/*
 * A literal IPv4 or IPv6 address (IPv6 with or without brackets) needs no
 * lookup and names its own family, whatever the preference. Returns 0 and
 * sets *out (port 0), or -1 when name is not a literal.
 */
int			 resolv_literal(const char *name, struct addr *out);
/* A host name as RFC 1123 allows (letters, digits, '-', '_', dots). */
int			 resolv_name_ok(const char *name);
/*
 * A fixed target (tcppm, udppm): a valid name (*literal left alone), or a
 * literal other than 0.0.0.0 and :: (set in *literal, ::ffff:a.b.c.d as
 * a.b.c.d). Returns 0, or -1.
 */
int			 resolv_target(const char *name, struct addr *literal);
/*
 * Apply one 3proxy.cfg resolver command (argv[0] is nserver, nscache,
 * nscache6, nsrecord or fakeresolve). Returns 1 when applied, 0 when
 * argv[0] is not a resolver command, -1 on a bad command with a message in
 * err (without the command word). May be called before resolv_init().
 */
int			 resolv_conf(int argc, char **argv, char *err,
			    size_t errlen);
/*
 * Forget the nservers, static records and fakeresolve (before a reload
 * applies a new configuration); the cache stays, as in the original.
 */
void			 resolv_conf_reset(void);
/* The per-server timeout (TO_DNS), in milliseconds. */
void			 resolv_set_timeout(unsigned ms);
/* How many nservers are configured (0: hosts file and resolv.conf). */
int			 resolv_nservers(void);
/* Human text for an error code. */
const char		*resolv_strerror(int err);

#endif
