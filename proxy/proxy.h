/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The HTTP proxy session shared by the request state machine and ftp://. */
#ifndef PROXY_H
#define PROXY_H

#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "dial.h"
#include "ev.h"
#include "http.h"
#include "net.h"
#include "relay.h"
#include "resolv.h"
#include "server.h"

struct ftpgw;

/* Buffer sizes: heads grow their buffer up to HTTP_MAX_HEAD. */
#define PROXY_BUF	16384
/* Room for the lines the proxy adds to a head it forwards. */
#define PROXY_HEAD_EXTRA 1024

/* The module's state (svc->s_ctx). */
struct proxy {
	char		 via[72];	/* our name in Via */
};

/* Session states. */
#define ST_HEAD		0	/* reading a request head */
#define ST_CONNECT	2	/* looking the target up, connecting to it */
#define ST_EXCHANGE	3	/* request and response in flight */
#define ST_REPLY	4	/* sending a reply of our own */
#define ST_TUNNEL	5	/* CONNECT or WebSocket: the relay runs */
#define ST_FTP		6	/* an ftp:// request */

/* What one request needs while it is being handled (freed when idle). */
struct exch {
	struct http_head	 rq;
	struct http_head	 rs;
	struct http_url		 url;
	struct http_body	 rqb;	/* request body, client to server */
	struct http_body	 rsb;	/* response body, server to client */
	char			 user[HTTP_MAX_USER + 1];
	char			 pass[HTTP_MAX_PASS + 1];
	int			 has_user;
	unsigned		 op;	/* OP_* for the policy */
};

struct session {
	struct service		*s_svc;
	struct shed		 s_shed;	/* waiting for a request head */
	struct ev_io		 s_cio;		/* client */
	struct ev_io		 s_sio;		/* server (origin or FTP) */
	struct ev_timer		 s_timer;
	uint64_t		 s_last;	/* last progress, ev_now() */
	unsigned		 s_idle_ms;	/* idle limit of this state */
	int			 s_state;
	struct buf		 s_cin;		/* from the client */
	struct buf		 s_cout;	/* to the client */
	struct buf		 s_sin;		/* from the server */
	struct buf		 s_sout;	/* to the server */
	struct exch		*s_x;
	struct relay		 s_relay;
	struct dial		*s_dial;	/* while reaching a server */
	/* The server connection, kept between requests when it may be. */
	char			*s_uphost;
	uint16_t		 s_upport;
	struct addr		 s_remote;
	/* The client. */
	struct addr		 s_client;
	struct addr		 s_local;
	unsigned		 s_nreq;	/* requests seen */
	/* The request being handled, for its access record. */
	char			*s_text;	/* %T */
	char			*s_host;	/* %n */
	char			*s_user;	/* %U */
	char			*s_preuser;	/* credentials a hand-off brought */
	char			*s_prepass;
	int			 s_hops;	/* %h */
	char			*s_origin;	/* %N of a hand-off's origin */
	uint16_t		 s_srvport;	/* and its %p */
	struct addr		 s_req;		/* %Q */
	int			 s_err;		/* %E */
	uint64_t		 s_in;		/* %I */
	uint64_t		 s_out;		/* %O */
	struct timespec		 s_start;
	size_t			 s_tunnel_hdr;	/* our bytes in a tunnel's %I */
	struct ftpgw		*s_ftp;
	unsigned		 s_ceof:1;	/* client sent EOF */
	unsigned		 s_seof:1;	/* server sent EOF */
	unsigned		 s_ckeep:1;	/* client connection persists */
	unsigned		 s_skeep:1;	/* server connection may be reused */
	unsigned		 s_up_busy:1;	/* server connection in use */
	unsigned		 s_logged:1;	/* this request has its record */
	unsigned		 s_active:1;	/* a request is being handled */
	unsigned		 s_head2:1;	/* the request line is in */
	unsigned		 s_rs_head:1;	/* response head being read */
	unsigned		 s_rs_sent:1;	/* response head went out */
	unsigned		 s_is_head:1;	/* HEAD request */
	unsigned		 s_ws:1;	/* WebSocket upgrade requested */
	unsigned		 s_close:1;	/* close after this reply */
	unsigned		 s_swerr:1;	/* writing to the server failed */
	unsigned		 s_reused:1;	/* the server connection is a kept one */
	unsigned		 s_crdhup:1;	/* the client's EOF edge was seen */
	unsigned		 s_srdhup:1;	/* the server's EOF edge was seen */
};

/* Results of the state handlers. */
#define R_WAIT		0	/* wait for the loop */
#define R_AGAIN		1	/* the state changed: run again */
#define R_FREED		2	/* the session is gone */

/*
 * Serve a client: fd (non-blocking, counted by the service) with bytes
 * already read from it (a local redirection hands those over) and the
 * credentials a previous hop decoded (NULL when none). The session owns fd
 * from here on, also on failure. Returns 0, or -1 when it could not start
 * (the client was closed and service_conn_done() called).
 */
int	 proxy_session_start(struct service *, int fd, const struct addr *peer,
	    const struct addr *local, const void *initial, size_t len,
	    const char *user, const char *pass);
void	 proxy_accept(struct service *, int fd, const struct addr *peer,
	    const struct addr *local);
struct handoff;
void	 proxy_handoff(struct service *, int fd, const struct handoff *);
int	 proxy_init(struct service *, char *err, size_t errlen);

/* For the ftp:// gateway (proxy/ftpgw.c). */
int	 session_error(struct session *, int status, int code,
	    const char *extra);
/*
 * Answer with status, the extra header lines (each with CRLF, may be
 * NULL) and body (NULL: the extra lines carry the length). R_AGAIN.
 */
int	 session_reply(struct session *, int status, const char *extra,
	    const char *body, size_t len);
int	 ftpgw_check(struct session *);
int	 session_request_done(struct session *);
int	 session_bufs(struct session *);
int	 buf_grow(struct buf *, size_t size);
void	 session_client_ready(struct session *);
int	 client_read(struct session *);
int	 client_write(struct session *);
int	 ftpgw_start(struct session *);
int	 ftpgw_drive(struct session *);
void	 ftpgw_timeout(struct session *);
void	 ftpgw_free(struct session *);

#endif
