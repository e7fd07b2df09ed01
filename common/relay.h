/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The tunnel phase: bytes between two sockets through pooled copy buffers. */
#ifndef RELAY_H
#define RELAY_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ev.h"

struct relay;
/*
 * Called once when the tunnel ends, with 0 (both sides finished cleanly) or
 * the original's relay error code: 92 idle timeout, 95 the client side
 * failed, 96 the server side failed. The sockets are still open and owned by
 * the caller, who may free the relay from inside the callback.
 */
typedef void (*relay_done_cb_t)(struct relay *, int err);

/* One direction: bytes read from side d are written to side 1 - d. */
struct relay_dir {
	struct buf	 rd_buf;	/* a pooled chunk, while not empty */
	uint64_t	 rd_bytes;	/* delivered to the other side */
	unsigned	 rd_chunk;	/* bytes per read, adapts */
	unsigned	 rd_eof:1;	/* the source side reached EOF */
	unsigned	 rd_shut:1;	/* the sink side was shut for writing */
	unsigned	 rd_heap:1;	/* rd_buf is malloc'd, not pooled */
	unsigned	 rd_eofpol:2;	/* RELAY_EOF_* for the source's EOF */
};

/*
 * What an EOF read from one side does. PASS (the default): it is passed on
 * as shutdown(SHUT_WR) once the direction drains, and with close_on_eof it
 * ends the tunnel. HOLD: it is noted and nothing else happens until the
 * owner decides. SWALLOW: that side is done sending, and that is all; the
 * tunnel ends with the other direction. An owner that knows which way a
 * transfer runs (ftppr) uses them so that a client closing its idle half
 * does not cut a download.
 */
#define RELAY_EOF_PASS		0
#define RELAY_EOF_HOLD		1
#define RELAY_EOF_SWALLOW	2

struct relay {
	struct ev_loop		*r_loop;
	struct ev_io		*r_io[2];	/* 0 client, 1 server */
	struct relay_dir	 r_dir[2];	/* 0 client->server, 1 back */
	struct ev_timer		 r_timer;
	uint64_t		 r_last;	/* last byte moved (ev_now) */
	unsigned		 r_idle_ms;
	unsigned		 r_linger_ms;
	unsigned		 r_bufsize;
	unsigned		 r_close_on_eof:1;
	unsigned		 r_running:1;
	relay_done_cb_t		 r_done;
	void			*r_arg;
};

/* Tunable settings; relay_start() copies them. */
struct relay_conf {
	unsigned	 idle_ms;	/* no byte either way for this long: 92 */
	unsigned	 linger_ms;	/* idle limit once one side sent EOF */
	unsigned	 bufsize;	/* bytes per read at first (-b) */
	int		 close_on_eof;	/* -C: first EOF ends the tunnel */
	int		 eof_policy[2];	/* RELAY_EOF_* for side 0 and side 1 */
};

/*
 * Every relay of a process runs on the same loop: the pool of copy buffers
 * keeps a timer there that gives idle buffers back to the system.
 *
 * Start relaying between the two watched sockets, which must be registered
 * with ev_io_start(); their callbacks are taken over (no system call). Bytes
 * already read from one side and not yet forwarded are passed as c2s (client
 * to server) and s2c; they are copied and sent first. Returns 0, or -1 when
 * memory for the pending bytes is missing (the callback is then not called).
 * The relay acts on readiness at once, so the callback may run before
 * relay_start() returns 0: the caller must not touch its session after it.
 * When the second EOF ends the relay, it is not passed on with shutdown():
 * the callback closes both sockets, and that close() sends the FIN.
 */
int	 relay_start(struct relay *, struct ev_loop *, struct ev_io *client,
	    struct ev_io *server, const struct relay_conf *,
	    const void *c2s, size_t c2s_len, const void *s2c, size_t s2c_len,
	    relay_done_cb_t, void *arg);
/*
 * Set what an EOF from side d (0 client, 1 server) does; see RELAY_EOF_*.
 * Leaving HOLD acts on an EOF already seen, so the callback may run before
 * this returns, as with relay_start(). Needs a running relay.
 */
void	 relay_eof_policy(struct relay *, int d, int policy);
/* Stop without calling the callback; pipes and buffers are released. */
void	 relay_stop(struct relay *);
/* Bytes delivered to the server (%O) and to the client (%I). */
static inline uint64_t
relay_bytes_out(const struct relay *r)
{
	return r->r_dir[0].rd_bytes;
}
static inline uint64_t
relay_bytes_in(const struct relay *r)
{
	return r->r_dir[1].rd_bytes;
}

#endif
