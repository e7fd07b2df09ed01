/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The policy point every request passes: authentication, ACL, parents, limits. */
#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "net.h"

/* Operations, as named in ACL operation lists of 3proxy.cfg. */
#define OP_CONNECT	0x00000001u	/* CONNECT: outgoing TCP */
#define OP_BIND		0x00000002u	/* BIND */
#define OP_UDPASSOC	0x00000004u	/* UDPASSOC */
#define OP_ICMPASSOC	0x00000008u	/* ICMPASSOC (never produced) */
#define OP_HTTP_GET	0x00000100u	/* HTTP_GET */
#define OP_HTTP_PUT	0x00000200u	/* HTTP_PUT */
#define OP_HTTP_POST	0x00000400u	/* HTTP_POST (BITS_POST too) */
#define OP_HTTP_HEAD	0x00000800u	/* HTTP_HEAD */
#define OP_HTTP_CONNECT	0x00001000u	/* HTTP_CONNECT, alias HTTPS */
#define OP_HTTP_OTHER	0x00008000u	/* HTTP_OTHER */
#define OP_FTP_GET	0x00010000u	/* FTP_GET */
#define OP_FTP_PUT	0x00020000u	/* FTP_PUT */
#define OP_FTP_LIST	0x00040000u	/* FTP_LIST */
#define OP_FTP_DATA	0x00080000u	/* FTP_DATA */
#define OP_ADMIN	0x01000000u	/* ADMIN */
#define OP_DNSRESOLVE	0x02000000u	/* DNSRESOLVE */
/* HTTP: every HTTP operation but HTTP_CONNECT; FTP: every FTP operation. */
#define OP_HTTP		(OP_HTTP_GET | OP_HTTP_PUT | OP_HTTP_POST | \
			    OP_HTTP_HEAD | OP_HTTP_OTHER)
#define OP_FTP		(OP_FTP_GET | OP_FTP_PUT | OP_FTP_LIST | OP_FTP_DATA)

struct policy;

/* Longest user name a policy hands back (RFC 1929: 255 bytes). */
#define POLICY_MAXUSER	255
/* Local redirections one connection may go through (then error 101). */
#define POLICY_MAXHOPS	16

/*
 * One request as the policy sees it. Zero it, then fill the inputs; the
 * policy fills the outputs. Strings are the caller's and must stay valid
 * during the call.
 *
 * Give pr_host (the name as the client sent it) and, once it is resolved,
 * pr_target too: DST entries naming hosts compare pr_host, entries naming
 * addresses compare pr_target (an unresolved name matches no address
 * entry, and with neither known the DST field is skipped, as in the
 * original). Resolve before asking when the ACL has address entries.
 */
struct preq {
	/* Who. */
	struct addr	 pr_client;
	struct addr	 pr_local;	/* the address the client reached */
	const char	*pr_user;	/* NULL when the client gave none */
	const char	*pr_pass;	/* NULL when the client gave none */
	/* What. */
	unsigned	 pr_op;		/* one OP_* */
	const char	*pr_host;	/* the requested name, or NULL */
	struct addr	 pr_target;	/* requested or resolved address + port,
					   unset while unknown */
	uint16_t	 pr_port;	/* requested port, 0 while unknown */
	int		 pr_hops;	/* local redirections so far */
	/* Decision details (outputs). */
	int		 pr_nolog;	/* the matching rule says nolog */
	int		 pr_redirect;	/* local redirection: PROTO_*, or 0 */
	int		 pr_deferred;	/* UDP ASSOCIATE allowed only because
					   each datagram will be asked */
	/*
	 * Credentials a local redirect passes on (parent ... USER PASS), or
	 * NULL. They point into the policy (valid while it lives), or, for
	 * USER "*", at pr_user and pr_pass themselves.
	 */
	char		*pr_parent_user;
	char		*pr_parent_pass;
	/*
	 * When "auth cache" found the client by address alone (authcache
	 * ip), the cached user name is copied here and pr_user points to it:
	 * log that name.
	 */
	char		 pr_userbuf[POLICY_MAXUSER + 1];
};

/* Local redirection targets (parent 1000 TYPE 0.0.0.0 0). */
#define PROTO_HTTP	1	/* proxy */
#define PROTO_FTP	2	/* ftppr */
#define PROTO_POP3	3	/* pop3p */
#define PROTO_SOCKS	4	/* socks */
#define PROTO_TCP	5	/* tcppm */
#define PROTO_DNS	6	/* dnspr */

/*
 * Decide on a request. Returns 0 when it may go ahead, or the original's
 * error code: 1 denied by a rule, 3 no rule matched, 4 no user name given,
 * 5 unknown user or no password, 6/7/8 wrong password (CL/CR/NT), 10 a
 * limit was reached (authcache limit: the user is on another address),
 * 101 more than POLICY_MAXHOPS local redirections. A NULL policy (a
 * standalone module with no config) allows everything, like the original.
 * No allocation; a CR or NT password is hashed once per user and password,
 * then remembered.
 */
int	 policy_check(struct policy *, struct preq *);
/*
 * The user name "auth cache" supplied for the request policy_check just
 * allowed (a copy is needed: it lives in the preq), or NULL when the
 * client gave its own or none.
 */
static inline const char *
preq_cached_user(const struct preq *r)
{
	return r->pr_user == r->pr_userbuf ? r->pr_userbuf : NULL;
}
/*
 * Whether credentials can change a decision for this service (auth strong
 * and the like), so a SOCKS5 server offers method 2 and an HTTP proxy asks
 * with 407. 0 for a NULL policy.
 */
int	 policy_wants_user(const struct policy *);

/*
 * Whether anyone may use the service without credentials to reach any
 * target: auth none, or auth iponly with an empty ACL (or one that starts
 * with an unrestricted allow). The start-up warns when such a service
 * listens beyond loopback. 1 for a NULL policy.
 */
int	 policy_is_open(const struct policy *);

/*
 * A new policy as a config starts: auth iponly, empty ACL (so everything is
 * allowed), no users, authcache user,pass 600. NULL without memory.
 */
struct policy *policy_new(void);
void	 policy_free(struct policy *);
/*
 * Apply one 3proxy.cfg command (argv[0] is the command word) that belongs
 * to the policy: users, auth, authcache, allow, deny, redirect, flush,
 * parent, nolog, weight. Returns 1 when applied, 0 when argv[0] is not a
 * policy command, -1 on a bad command with a message (no file or line, and
 * never a password) in err. argv is not modified. "parent" to an upstream
 * proxy (anything but the local 0.0.0.0 0) is refused: not in this build.
 */
int	 policy_conf(struct policy *, int argc, char **argv, char *err,
	    size_t errlen);
/* Tests: the wall clock used for WEEKDAYS and TIMES (NULL: time()). */
void	 policy_set_clock(struct policy *, time_t (*now)(void));

#endif
