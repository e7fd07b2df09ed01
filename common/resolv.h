/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Asynchronous name lookups: the only way a module turns a name into addresses. */
#ifndef RESOLV_H
#define RESOLV_H

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

/*
 * Called from the loop, never from inside resolv_start(). addrs holds naddr
 * addresses (port 0) in the order of preference; it is valid only during the
 * call.
 */
typedef void (*resolv_cb_t)(void *arg, int err, const struct addr *addrs,
    int naddr);

/* Attach the resolver to the loop; once per process. 0 or -1. */
int			 resolv_init(struct ev_loop *);
/*
 * Look name up with a FAM_* preference. Returns a handle for
 * resolv_cancel(), or NULL with errno set (then cb is not called).
 */
struct resolv_query	*resolv_start(const char *name, int family,
			    resolv_cb_t cb, void *arg);
/* Forget a pending lookup: its callback will not be called. */
void			 resolv_cancel(struct resolv_query *);
/*
 * A literal IPv4 or IPv6 address (IPv6 with or without brackets) needs no
 * lookup and names its own family, whatever the preference. Returns 0 and
 * sets *out (port 0), or -1 when name is not a literal.
 */
int			 resolv_literal(const char *name, struct addr *out);
/* A host name as RFC 1123 allows (letters, digits, '-', '_', dots). */
int			 resolv_name_ok(const char *name);
/*
 * Apply one 3proxy.cfg resolver command (argv[0] is nserver, nscache,
 * nscache6, nsrecord, ...). Returns 1 when applied, 0 when argv[0] is not a
 * resolver command, -1 on a bad command with a message in err.
 */
int			 resolv_conf(int argc, char **argv, char *err,
			    size_t errlen);
/* Human text for an error code. */
const char		*resolv_strerror(int err);

#endif
