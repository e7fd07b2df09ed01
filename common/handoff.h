/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Local redirection: a client and what was parsed of it, handed to another module. */
#ifndef HANDOFF_H
#define HANDOFF_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "net.h"

#define HANDOFF_MAXHOPS		16		/* then error 101 */
#define HANDOFF_MAXNAME		255		/* user, password, host */
#define HANDOFF_MAXSVC		20		/* %N of the origin */
#define HANDOFF_MAXDATA		(8 * 1024)	/* bytes already read */

/*
 * The state of a client at the moment of a local redirection (parent TYPE
 * 0.0.0.0 0): everything the next handler needs to carry on as if it had
 * read the client itself. Strings are NUL-terminated; "" means not given.
 */
struct handoff {
	int		 ho_proto;	/* PROTO_* of the handler it goes to */
	int		 ho_hops;	/* redirections, this one included */
	unsigned	 ho_op;		/* OP_* the origin decided on, or 0 */
	struct addr	 ho_client;	/* the client's address */
	struct addr	 ho_local;	/* the address the client reached */
	struct addr	 ho_target;	/* the requested IP (port 0), or unset */
	uint16_t	 ho_port;	/* the requested port, or 0 */
	uint16_t	 ho_srvport;	/* the origin's listening port: %p */
	int		 ho_has_user;	/* the client gave a user name */
	int		 ho_has_pass;	/* the client gave a password */
	char		 ho_service[HANDOFF_MAXSVC + 1];  /* origin %N */
	char		 ho_host[HANDOFF_MAXNAME + 1];	  /* requested name */
	char		 ho_user[HANDOFF_MAXNAME + 1];
	char		 ho_pass[HANDOFF_MAXNAME + 1];
	char		 ho_puser[HANDOFF_MAXNAME + 1];  /* parent USER */
	char		 ho_ppass[HANDOFF_MAXNAME + 1];  /* parent PASS */
	struct timespec	 ho_start;	/* when the client came (%D) */
	size_t		 ho_datalen;
	unsigned char	 ho_data[HANDOFF_MAXDATA];  /* read, not yet used */
};

/* Clear to an empty state (no data, hop count 0). */
void	 handoff_init(struct handoff *);
/* Wipe the secrets (passwords) in it. */
void	 handoff_wipe(struct handoff *);
/*
 * Write the state as type-length-value records into buf (len bytes, at
 * most MSG_MAXPAYLOAD are needed). Returns the length, or -1 with EINVAL
 * when a field is outside its limit, EMSGSIZE when buf is too small.
 */
long	 handoff_encode(const struct handoff *, void *buf, size_t len);
/*
 * Read and check a state: every record known, none twice, every length
 * within its limit, strings without NUL or control characters, addresses
 * of a known family and size, the hop count 1..HANDOFF_MAXHOPS. Returns 0,
 * or -1 with a reason in *why (a static string).
 */
int	 handoff_decode(struct handoff *, const void *buf, size_t len,
	    const char **why);

#endif
