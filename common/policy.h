/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The policy point every request passes: authentication, ACL, parents, limits. */
#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>
#include <stdint.h>

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

/*
 * One request as the policy sees it. The module fills the inputs; the
 * policy may fill the outputs. Strings are the caller's and must stay valid
 * during the call.
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
	char		*pr_parent_user;/* credentials a local redirect passes */
	char		*pr_parent_pass;/* on (parent ... USER PASS); NULL */
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
 * limit was reached. A NULL policy (a standalone module with no config)
 * allows everything, like the original.
 */
int	 policy_check(struct policy *, struct preq *);
/*
 * Whether credentials can change a decision for this service (auth strong
 * and the like), so a SOCKS5 server offers method 2 and an HTTP proxy asks
 * with 407. 0 for a NULL policy.
 */
int	 policy_wants_user(const struct policy *);

/* A new empty policy (allow everything); NULL without memory. */
struct policy *policy_new(void);
void	 policy_free(struct policy *);
/*
 * Apply one 3proxy.cfg command (argv[0] is the command word) that belongs
 * to the policy: users, auth, authcache, allow, deny, flush, parent, ...
 * Returns 1 when applied, 0 when argv[0] is not a policy command, -1 on a
 * bad command with a message (no file or line) in err.
 */
int	 policy_conf(struct policy *, int argc, char **argv, char *err,
	    size_t errlen);

#endif
