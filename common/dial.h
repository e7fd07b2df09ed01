/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Reaching a target: name lookup, the policy per address, connect with a timeout. */
#ifndef DIAL_H
#define DIAL_H

#include <stdint.h>

#include "ev.h"
#include "net.h"
#include "resolv.h"

struct service;

/*
 * Asked about every address before it is tried (port set): 0 to try it, or
 * an error code (a policy refusal) to skip it. A name that resolves to an
 * allowed and a denied address can then never reach the denied one. A
 * negative value ends the attempt at once, no further address tried, and
 * is reported as it is (a local redirection: nothing is to be connected).
 */
typedef int (*dial_check_cb_t)(void *arg, const struct addr *target);
/*
 * Called once, from the loop, unless dial_cancel() came first. err is 0 when
 * d_io holds a connected socket (registered with the loop, edge-triggered;
 * the caller takes it over: swap its callback, hand it to the relay, and
 * close it with ev_io_close()). Otherwise err is the original's code: 100
 * the name did not resolve, 13 no connect succeeded or the last one timed
 * out, 11 no socket, 12 no bind to the source address, or what the check
 * callback returned when it refused every address.
 */
typedef void (*dial_done_cb_t)(void *arg, int err);

struct dial {
	struct service		*d_svc;
	struct ev_io		 d_io;		/* the socket, once connecting */
	struct ev_io		*d_sock;	/* &d_io, or the caller's io */
	struct ev_timer		 d_timer;
	struct resolv_query	*d_query;
	struct addr		 d_addrs[RESOLV_MAXADDR];
	int			 d_naddr;
	int			 d_next;
	int			 d_err;		/* best error so far */
	uint16_t		 d_port;
	struct addr		 d_remote;	/* the address tried last */
	int			 d_errno;	/* why the last connect failed
						   (ETIMEDOUT: no answer in time) */
	int			 d_eof;		/* the peer's EOF came with the
						   connect: no edge will follow */
	dial_check_cb_t		 d_check;
	dial_done_cb_t		 d_done;
	void			*d_arg;
};

/*
 * Start reaching host:port for a service (its -4/-6 preference, -e source,
 * socket options and connect timeout). host is a name or a literal; a
 * literal needs no lookup. check may be NULL. Returns 0 when the attempt is
 * under way (done will be called), or an error code as above when it failed
 * at once (done will not be called). The struct must stay put until done
 * runs or dial_cancel() is called.
 */
int	 dial_start(struct dial *, struct service *, const char *host,
	    uint16_t port, dial_check_cb_t check, dial_done_cb_t done,
	    void *arg);
/*
 * The same, connecting on the caller's io (which must hold no socket)
 * instead of d_io: the socket stays registered there after done, so a
 * session can free a struct dial it allocated for the attempt and keep
 * only its own small io while idle. d_sock points to io.
 */
int	 dial_start_io(struct dial *, struct ev_io *io, struct service *,
	    const char *host, uint16_t port, dial_check_cb_t check,
	    dial_done_cb_t done, void *arg);
/* Stop an attempt under way; done will not be called. Idempotent. */
void	 dial_cancel(struct dial *);
/* Initialise a dial that may be cancelled or closed before it starts. */
void	 dial_init(struct dial *);

#endif
