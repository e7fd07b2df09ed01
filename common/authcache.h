/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The authentication cache (authcache TYPES TIME SIZE), kept in one
 * fixed-size region that the supervisor can share among its children. */
#ifndef AUTHCACHE_H
#define AUTHCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "acl.h"

/* Key words of "authcache TYPES". */
#define AC_IP		0x0001
#define AC_USER		0x0002
#define AC_PASS		0x0004
#define AC_LIMIT	0x0008
#define AC_ACL		0x0010
#define AC_EXT		0x0020	/* accepted; nothing to restore here */
#define AC_DSTADDR	0x0040
#define AC_DSTPORT	0x0080
#define AC_DSTHOST	0x0100
#define AC_DSTOPER	0x0200
#define AC_SRVADDR	0x0400
#define AC_SRVPORT	0x0800

#define AUTHCACHE_DEFKEYS	(AC_USER | AC_PASS)
#define AUTHCACHE_DEFTIME	600
#define AUTHCACHE_DEFSIZE	262144
/* Entries of a region made by authcache_region_size(0). */
#define AUTHCACHE_SHMSIZE	16384

/* The settings of one service (authcache command). */
struct authcache_conf {
	unsigned	ac_keys;	/* AC_* */
	unsigned	ac_ttl;		/* seconds */
	unsigned	ac_size;	/* entries (process-local table only) */
};

/* What a key is made of; unused fields may be left zero. */
struct authcache_key {
	const char	*k_user;
	const char	*k_pass;
	struct acl_ip	 k_ip;		/* client */
	uint8_t		 k_acl[16];	/* identity of the service's ACL */
	struct acl_ip	 k_dst;
	uint16_t	 k_dstport;
	const char	*k_host;
	uint32_t	 k_op;
	struct acl_ip	 k_srv;
	uint16_t	 k_srvport;
};

/*
 * Parse "ip,user,pass,limit,..." into AC_* bits. Returns 0, or -1 with a
 * message in err.
 */
int	 authcache_parse_keys(const char *, unsigned *keys, char *err,
	    size_t errlen);

/*
 * Sharing the cache (and so the one-address-per-user "limit" table) among
 * processes. The creator maps len bytes MAP_SHARED (a memfd passed to the
 * children, or an anonymous mapping inherited across fork), calls
 * authcache_region_init() once, and every process, the creator included if
 * it checks passwords, calls authcache_attach() with the same bytes (its
 * own mapping address). The region holds a process-shared robust mutex, a
 * random key and a set-associative table; its size does not change.
 * authcache_region_size(n) is the length for n entries (0: the default
 * AUTHCACHE_SHMSIZE). Both return 0, or -1 when len is too small or the
 * region is not initialised.
 *
 * Without attach, the first use takes the block "authcache" of the
 * supervisor's region (shm_get(), AUTHCACHE_SHMSIZE entries) when the
 * process was given one (--shm-fd), else a process-local table of the
 * configured SIZE.
 */
size_t	 authcache_region_size(unsigned entries);
int	 authcache_region_init(void *base, size_t len);
int	 authcache_attach(void *base, size_t len);
/* Forget the region (the caller unmaps it); the next use goes local. */
void	 authcache_detach(void);

/*
 * Look up a request. Returns 0 on a hit (the cached user name copied into
 * user, userlen >= AUTH_MAXUSER + 1), -1 on a miss, or 10 when conf has
 * "limit" and the user's entry belongs to another client address.
 */
int	 authcache_lookup(const struct authcache_conf *,
	    const struct authcache_key *, char *user, size_t userlen);
/*
 * Remember a successful authentication of k->k_user (required). Returns
 * 0, or 10 when conf has "limit" and another address holds the user.
 */
int	 authcache_store(const struct authcache_conf *,
	    const struct authcache_key *);
/* The clock in seconds (CLOCK_MONOTONIC); tests may replace it. */
void	 authcache_set_clock(uint64_t (*now)(void));

#endif
