/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The tunnel phase: bytes between two sockets, zero-copy where it can. */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "relay.h"

/*
 * Pipes are what splice() moves pages through. A pipe is taken from a small
 * per-process pool when bytes arrive and returned as soon as it is empty, so
 * an idle tunnel holds no pipe (and no descriptor beyond its two sockets).
 */
#define PIPE_POOL_MAX	128

static int pipe_pool[PIPE_POOL_MAX][2];
static int pipe_npool;
static unsigned pipe_size = 1 << 20;
static int force_copy = -1;

void
relay_set_pipe_size(unsigned bytes)
{
	pipe_size = bytes;
}

static int
pipe_get(int p[2])
{
	if (pipe_npool > 0) {
		pipe_npool--;
		p[0] = pipe_pool[pipe_npool][0];
		p[1] = pipe_pool[pipe_npool][1];
		return 0;
	}
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC) == -1)
		return -1;
	/* Fewer, larger splices cost less per byte; a refusal is harmless. */
	(void)fcntl(p[1], F_SETPIPE_SZ, (int)pipe_size);
	return 0;
}

static void
pipe_put(int p[2], int empty)
{
	if (empty && pipe_npool < PIPE_POOL_MAX) {
		pipe_pool[pipe_npool][0] = p[0];
		pipe_pool[pipe_npool][1] = p[1];
		pipe_npool++;
	} else {
		close(p[0]);
		close(p[1]);
	}
	p[0] = p[1] = -1;
}

static void relay_io(struct ev_io *, unsigned);
static void relay_timer(struct ev_timer *);

int
relay_start(struct relay *r, struct ev_loop *loop, struct ev_io *client,
    struct ev_io *server, const struct relay_conf *conf,
    const void *c2s, size_t c2s_len, const void *s2c, size_t s2c_len,
    relay_done_cb_t done, void *arg)
{
	int d;

	memset(r, 0, sizeof(*r));
	r->r_loop = loop;
	r->r_io[0] = client;
	r->r_io[1] = server;
	r->r_idle_ms = conf->idle_ms;
	r->r_linger_ms = conf->linger_ms;
	r->r_bufsize = conf->bufsize;
	r->r_close_on_eof = conf->close_on_eof != 0;
	r->r_done = done;
	r->r_arg = arg;
	for (d = 0; d < 2; d++) {
		r->r_dir[d].rd_pipe[0] = r->r_dir[d].rd_pipe[1] = -1;
		r->r_io[d]->io_cb = relay_io;
		r->r_io[d]->io_arg = r;
	}
	if (c2s_len > 0 && (buf_init(&r->r_dir[0].rd_buf, c2s_len) == -1 ||
	    buf_append(&r->r_dir[0].rd_buf, c2s, c2s_len) == -1))
		goto fail;
	if (s2c_len > 0 && (buf_init(&r->r_dir[1].rd_buf, s2c_len) == -1 ||
	    buf_append(&r->r_dir[1].rd_buf, s2c, s2c_len) == -1))
		goto fail;
	r->r_running = 1;
	r->r_last = ev_now(loop);
	ev_timer_init(&r->r_timer, relay_timer, r);
	ev_timer_start(loop, &r->r_timer, r->r_idle_ms);
	/* Readiness latched before the hand-over is acted on at once. */
	relay_io(client, 0);
	return 0;
fail:
	buf_free(&r->r_dir[0].rd_buf);
	buf_free(&r->r_dir[1].rd_buf);
	return -1;
}

void
relay_stop(struct relay *r)
{
	int d;

	if (!r->r_running)
		return;
	r->r_running = 0;
	ev_timer_stop(r->r_loop, &r->r_timer);
	for (d = 0; d < 2; d++) {
		struct relay_dir *rd = &r->r_dir[d];

		if (rd->rd_pipe[0] != -1)
			pipe_put(rd->rd_pipe, rd->rd_inpipe == 0);
		buf_free(&rd->rd_buf);
	}
}

static void
finish(struct relay *r, int err)
{
	relay_stop(r);
	r->r_done(r, err);
}

/* The error code for a failure on side s (0 client, 1 server). */
static int
side_err(int s)
{
	return s == 0 ? 95 : 96;
}

/*
 * Move what can be moved in direction d without blocking. Returns 1 when
 * something moved, 0 when nothing could, or -1 - side on a socket error.
 */
static int
pump_dir(struct relay *r, int d)
{
	struct relay_dir *rd = &r->r_dir[d];
	struct ev_io *src = r->r_io[d], *dst = r->r_io[1 - d];
	int moved = 0;
	ssize_t n;

	for (;;) {
		/* First deliver what is held: buffered bytes, then the pipe. */
		if (buf_len(&rd->rd_buf) > 0) {
			if (!(dst->io_ready & EV_WRITE))
				return moved;
			n = buf_write(&rd->rd_buf, dst->io_fd);
			if (n == -1) {
				if (errno != EAGAIN)
					return -1 - (1 - d);
				dst->io_ready &= ~EV_WRITE;
				return moved;
			}
			rd->rd_bytes += (uint64_t)n;
			moved = 1;
			if (buf_len(&rd->rd_buf) > 0)
				continue;
			buf_free(&rd->rd_buf);
		}
		if (rd->rd_inpipe > 0 && (dst->io_ready & EV_WRITE)) {
			n = splice(rd->rd_pipe[0], NULL, dst->io_fd, NULL,
			    rd->rd_inpipe, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (n == -1) {
				if (errno != EAGAIN)
					return -1 - (1 - d);
				dst->io_ready &= ~EV_WRITE;
			} else {
				rd->rd_inpipe -= (size_t)n;
				rd->rd_bytes += (uint64_t)n;
				moved = 1;
				if (rd->rd_inpipe == 0)
					pipe_put(rd->rd_pipe, 1);
			}
		}
		/*
		 * Read more, unless the source is done. While the sink is
		 * blocked the pipe keeps filling up to its size, so the source
		 * is drained in parallel with the sink's progress.
		 */
		if (rd->rd_eof || !(src->io_ready & EV_READ))
			return moved;
		if (rd->rd_inpipe >= pipe_size ||
		    (rd->rd_inpipe > 0 && !(dst->io_ready & EV_WRITE) &&
		    rd->rd_copy))
			return moved;
		if (force_copy == -1)
			force_copy = getenv("PROXY_COPY") != NULL;
		if (force_copy)
			rd->rd_copy = 1;
		if (!rd->rd_copy && rd->rd_pipe[0] == -1 &&
		    pipe_get(rd->rd_pipe) == -1)
			rd->rd_copy = 1;
		if (!rd->rd_copy) {
			n = splice(src->io_fd, NULL, rd->rd_pipe[1], NULL,
			    pipe_size - rd->rd_inpipe,
			    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (n == -1 && errno == EINVAL && rd->rd_inpipe == 0) {
				/* This socket type cannot splice: copy. */
				pipe_put(rd->rd_pipe, 1);
				rd->rd_copy = 1;
				continue;
			}
			if (n > 0)
				rd->rd_inpipe += (size_t)n;
			else if (rd->rd_inpipe == 0)
				pipe_put(rd->rd_pipe, 1);
			if (n == -1 && errno == EAGAIN && rd->rd_inpipe > 0) {
				/*
				 * A part-full pipe may be out of slots, which
				 * also reads as EAGAIN: keep the source marked
				 * readable and retry once the pipe drains.
				 */
				return moved;
			}
		} else {
			if (buf_len(&rd->rd_buf) > 0)
				return moved;
			if (rd->rd_buf.b_data == NULL &&
			    buf_init(&rd->rd_buf, r->r_bufsize) == -1)
				return -1 - d;
			n = buf_read(&rd->rd_buf, src->io_fd);
			if (n <= 0)
				buf_free(&rd->rd_buf);
		}
		if (n == 0) {
			rd->rd_eof = 1;
			moved = 1;
			return moved;
		}
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return -1 - d;
			src->io_ready &= ~EV_READ;
			return moved;
		}
		moved = 1;
		if (!(dst->io_ready & EV_WRITE))
			return moved;
	}
}

static int
dir_drained(const struct relay_dir *rd)
{
	return rd->rd_inpipe == 0 && buf_len(&rd->rd_buf) == 0;
}

static void
pump(struct relay *r)
{
	int progress, d, rc;

	do {
		progress = 0;
		for (d = 0; d < 2; d++) {
			struct relay_dir *rd = &r->r_dir[d];

			rc = pump_dir(r, d);
			if (rc < 0) {
				finish(r, side_err(-rc - 1));
				return;
			}
			progress |= rc;
			if (rd->rd_eof && !rd->rd_shut && dir_drained(rd)) {
				/* Half-close: pass the EOF on once drained. */
				(void)shutdown(r->r_io[1 - d]->io_fd, SHUT_WR);
				rd->rd_shut = 1;
				progress = 1;
			}
		}
		if (progress)
			r->r_last = ev_now(r->r_loop);
	} while (progress);
	if (r->r_dir[0].rd_shut && r->r_dir[1].rd_shut) {
		finish(r, 0);
		return;
	}
	if (r->r_close_on_eof && (r->r_dir[0].rd_shut ||
	    r->r_dir[1].rd_shut)) {
		finish(r, 0);
		return;
	}
}

static void
relay_io(struct ev_io *io, unsigned events)
{
	struct relay *r = io->io_arg;

	(void)events;
	if (!r->r_running)
		return;
	/* pump() may end the relay, and the owner may free it: return. */
	pump(r);
}

static void
relay_timer(struct ev_timer *t)
{
	struct relay *r = t->t_arg;
	uint64_t now = ev_now(r->r_loop), limit = r->r_idle_ms;

	if (r->r_dir[0].rd_eof || r->r_dir[1].rd_eof)
		limit = r->r_linger_ms < limit ? r->r_linger_ms : limit;
	if (now - r->r_last >= limit) {
		finish(r, 92);
		return;
	}
	ev_timer_start(r->r_loop, &r->r_timer, limit - (now - r->r_last));
}
