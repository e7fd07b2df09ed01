/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The socks module's sessions, shared by the TCP side and the UDP relay. */
#ifndef SOCKS_SOCKS_H
#define SOCKS_SOCKS_H

#include <stdint.h>
#include <time.h>

#include "dial.h"
#include "policy.h"
#include "proto.h"
#include "relay.h"
#include "resolv.h"
#include "server.h"

/* Handshake input: the longest message, plus room for pipelined bytes. */
#define SOCKS_INBUF	1024

/*
 * What a session needs only until its tunnel starts: the handshake state
 * with the parsed request (user, password, host, port: the state a local
 * redirection would hand over), the bytes read, the attempt to reach a
 * CONNECT target, the addresses of a BIND peer and the BIND listener. It
 * is freed before the relay, so an idle tunnel costs only its struct
 * session.
 */
struct handshake {
	struct socks_hs		 h_hs;
	unsigned char		 h_in[SOCKS_INBUF];
	size_t			 h_off;		/* consumed by the parser */
	size_t			 h_len;		/* read so far */
	struct dial		 h_dial;	/* CONNECT; its socket is s_sio */
	struct preq		 h_pr;		/* the decision to redirect */
	struct addr		 h_addrs[RESOLV_MAXADDR];	/* BIND */
	int			 h_naddr;
	struct ev_io		 h_lio;		/* BIND: the listening socket */
};

struct udp_assoc;

/* Session states. */
#define SS_HANDSHAKE	0
#define SS_RESOLVE	1
#define SS_CONNECT	2
#define SS_BIND		3
#define SS_UDP		4
#define SS_RELAY	5

struct session {
	struct service		*s_svc;
	struct shed		 s_shed;	/* in the handshake */
	struct handshake	*s_hs;		/* NULL once the tunnel runs */
	struct udp_assoc	*s_udp;		/* UDP ASSOCIATE only */
	struct ev_io		 s_cio;		/* the client */
	struct ev_io		 s_sio;		/* the target or the BIND peer */
	struct ev_timer		 s_timer;	/* every phase before the relay */
	struct relay		 s_relay;
	struct resolv_query	*s_query;
	int			 s_state;	/* SS_* */
	int			 s_errno;	/* what a failed connect said */
	int			 s_version;	/* 4 or 5; 0 before the first byte */
	int			 s_4a;
	int			 s_cmd;
	int			 s_handed;	/* handed over: no record here */
	uint64_t		 s_deadline;	/* the handshake ends by then */
	char			*s_user;	/* %U */
	char			*s_host;	/* %n: the requested name */
	char			*s_text;	/* %T */
	struct addr		 s_client;
	struct addr		 s_local;	/* the address the client reached */
	struct addr		 s_req;		/* %Q:%q */
	struct addr		 s_remote;	/* %R:%r */
	struct timespec		 s_start;
};

/* A client connected (struct module m_accept). */
void	 socks_accept(struct service *, int fd, const struct addr *peer,
	    const struct addr *local);
/* Write the session's one access record with err, release everything. */
void	 session_end(struct session *, int err);
/* Send a whole handshake reply; 0, or -1 (the session must end). */
int	 session_send(struct session *, const void *p, size_t n);
/* Free the handshake state, wiping the password; closes a BIND listener. */
void	 handshake_free(struct session *);
/* Build "WHAT host:port" for %T into a new string (NULL without memory). */
char	*session_text(const char *what, const char *host, const struct addr *,
	    uint16_t port);

/*
 * UDP ASSOCIATE (udp.c): set up the relay socket and send the reply.
 * Returns 0, or the original's error code (the caller replies and ends).
 */
int	 udp_start(struct session *);
/* Bytes relayed and the source address used, for the record. */
void	 udp_stats(struct session *, uint64_t *in, uint64_t *out,
	    struct addr *ext);
void	 udp_free(struct session *);
void	 udp_log_dest(struct session *, int, const struct addr *,
	    const char *);

#endif
