/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Access control lists: allow/deny entries compiled from 3proxy.cfg fields
 * and matched against a request, first match wins. */
#ifndef ACL_H
#define ACL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "net.h"

/* Longest host name compared; longer requested names match no name entry. */
#define ACL_MAXHOST	255
/* Longest user name in a USERS field. */
#define ACL_MAXUSER	255
/* Most items in one field of one entry. */
#define ACL_MAXITEMS	65536

#define ACL_ALLOW	1
#define ACL_DENY	2

/* Which fields of an entry restrict it (the others are "*"). */
#define ACE_USERS	0x01
#define ACE_SRC		0x02
#define ACE_DST		0x04
#define ACE_PORTS	0x08
#define ACE_OPS		0x10
#define ACE_WDAYS	0x20
#define ACE_TIMES	0x40

/* User ids of a request: "-" (no user), or a name no entry mentions. */
#define ACL_USER_NONE	0
#define ACL_USER_OTHER	(-1)

/* An address in comparable form: network byte order, 4 or 16 bytes. */
struct acl_ip {
	uint8_t		ip_family;	/* 0 (none), 4 or 6 */
	uint8_t		ip_b[16];
};

struct acl_iprange {
	uint8_t		r_family;	/* 4 or 6 */
	uint8_t		r_lo[16];
	uint8_t		r_hi[16];
	uint32_t	r_lo4, r_hi4;	/* IPv4 in host order, to compare fast */
};

#define ACL_HOST_EXACT	0
#define ACL_HOST_SUFFIX	1	/* *suffix */
#define ACL_HOST_PREFIX	2	/* prefix* */
#define ACL_HOST_SUBSTR	3	/* *substring* */

struct acl_host {
	int		 h_kind;
	size_t		 h_len;
	char		*h_name;	/* lower case, no star, no trailing dot */
};

struct acl_ports {
	uint16_t	p_lo, p_hi;
};

struct acl_period {
	uint32_t	t_lo, t_hi;	/* seconds of the day, lo <= t < hi */
};

/* One compiled entry. */
struct ace {
	int		 a_action;	/* ACL_ALLOW or ACL_DENY */
	unsigned	 a_fields;	/* ACE_* that restrict */
	uint32_t	 a_ops;		/* OP_* set (policy.h) */
	uint8_t		 a_wdays;	/* bit d: weekday d (0 Sunday) */
	int		 a_nolog;
	long		 a_weight;
	int		 a_redirect;	/* PROTO_* of a local redirection */
	char		*a_puser;	/* parent USER, "*" = the client's */
	char		*a_ppass;
	int		*a_users;	/* sorted user ids */
	unsigned	 a_nusers;
	struct acl_iprange *a_src;
	unsigned	 a_nsrc;
	struct acl_iprange *a_dst;
	unsigned	 a_ndst;
	struct acl_host	*a_hosts;
	unsigned	 a_nhosts;
	struct acl_ports *a_ports;
	unsigned	 a_nports;
	struct acl_period *a_times;
	unsigned	 a_ntimes;
};

/* A request in the form the matcher compares. */
struct acl_req {
	int		 q_user;	/* id from acl_user_id() */
	struct acl_ip	 q_src;
	struct acl_ip	 q_dst;		/* family 0 while unknown */
	const char	*q_host;	/* lower case, no trailing dot; or NULL */
	size_t		 q_hostlen;
	uint16_t	 q_port;	/* 0 while unknown */
	uint32_t	 q_op;		/* one OP_* */
	time_t		 q_now;		/* wall clock, for WEEKDAYS and TIMES */
	int		 q_tmset;	/* q_wday and q_sec are filled */
	int		 q_wday;
	uint32_t	 q_sec;
};

struct acl;

struct acl	*acl_new(void);
void		 acl_free(struct acl *);
/* Remove every entry (flush); user ids stay valid. */
void		 acl_flush(struct acl *);
unsigned	 acl_count(const struct acl *);
/* Entry i (0-based), or NULL; the last one is acl_count() - 1. */
struct ace	*acl_entry(struct acl *, unsigned);

/*
 * Compile one entry from the fields of an allow or deny command: argv[0] is
 * USERS, then SRC DST PORTS OPS WEEKDAYS TIMES WEIGHT; missing fields are
 * "*". Returns 0, or -1 with a message in err.
 */
int		 acl_add(struct acl *, int action, int argc, char **argv,
		    char *err, size_t errlen);
/*
 * The id of a user name for matching (ACL_USER_NONE for NULL or "-",
 * ACL_USER_OTHER when no entry names it). No allocation.
 */
int		 acl_user_id(const struct acl *, const char *name);
/* Whether entry e matches request q. Pure, except for filling q's time. */
int		 acl_match(const struct ace *, struct acl_req *);
/*
 * Walk entries in order from the first, skipping those skip() says to
 * skip, and return the index of the first match, or -1. skip may be NULL.
 * Entries whose USERS field cannot name q's user are not looked at.
 */
int		 acl_first(struct acl *, struct acl_req *,
		    int (*skip)(const struct ace *, void *), void *arg);

/* Address and request helpers, also used by the fuzzer's reference. */
void		 acl_ip_from_addr(struct acl_ip *, const struct addr *);
/*
 * Parse one SRC/DST item: a.b.c.d, a.b.c.d/len, a.b.c.d-w.x.y.z and the
 * IPv6 forms. Returns 0, or -1 when it is none of those.
 */
int		 acl_parse_iprange(const char *, struct acl_iprange *);
/* Look up an operation name of an OPS field (either case); 0 if unknown. */
uint32_t	 acl_op_by_name(const char *);

#endif
