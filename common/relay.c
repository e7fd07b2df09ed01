/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The tunnel phase: bytes between two sockets through pooled copy buffers. */
#include <sys/mman.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "net.h"
#include "relay.h"

/*
 * Why copy and not splice(): on this suite's benchmark (tests/bench, one
 * stream over loopback, Linux 6.x) a copy relay that reads megabytes per
 * call moves 0.8-0.85x of the direct path for ~0.24 s of proxy CPU per GiB;
 * splice() through a 1 MiB pipe gave 0.55-0.6x for ~0.27 s/GiB and made the
 * receiving end spend ~25 % more (the spliced data arrives in page-sized
 * fragments). A large recv() keeps copying while the sender refills the
 * socket from the other core, so a single call streams; splice() stops when
 * the pipe's slots are full. Bytes per call set the cost per byte, so a
 * direction whose receiver keeps up reads ever larger chunks.
 *
 * Memory: an idle tunnel holds no buffer. A direction takes a chunk from a
 * process-wide pool when it reads and gives it back once every byte is
 * written, so tunnels whose receivers keep up share one or two chunks (which
 * also stay warm in the cache). A chunk is mapped once and only the pages a
 * read touched are resident. A direction whose receiver is blocked keeps
 * its chunk, halves its read size each time a write stops short, and reads
 * ahead until it holds RELAY_HOLD bytes (as much as the 1 MiB pipe of the
 * splice relay held). Bytes parked process-wide stay below
 * RELAY_PARKED_MAX plus -b per direction: beyond it reads shrink to -b and
 * blocked directions stop reading ahead. A few seconds after the last use
 * the pool is cut back to one chunk with its first pages resident.
 *
 * A blocked direction's bytes walk through its chunk (written at the front,
 * read ahead at the back), so over time every page of it becomes resident.
 * At most RELAY_CHUNKS_OUT chunks are held at once; a direction that reads
 * while they all are gets a -b sized buffer of its own instead, so that many
 * receivers that stop reading cost -b each, not megabytes.
 */
#define RELAY_CHUNK	(4u << 20)	/* largest read per call */
#define RELAY_POOL_MAX	4		/* free chunks kept */
#define RELAY_HOLD	(1u << 20)	/* read ahead of a blocked receiver */
#define RELAY_PARKED_MAX (64u << 20)
#define RELAY_TRIM_MS	5000		/* pool unused this long: trim */
#define RELAY_TRIM_KEEP	(64u << 10)	/* resident bytes kept after trim */
#define RELAY_CHUNKS_OUT 16		/* chunks held by directions at once */

static char *pool[RELAY_POOL_MAX];
static int npool;
static size_t parked;			/* read and not yet written */
static unsigned chunks_out;		/* pool chunks held by directions */
static struct ev_loop *pool_loop;
static struct ev_timer pool_timer;
static uint64_t pool_used;		/* last get or put (ev_now) */

static void
pool_trim(struct ev_timer *t)
{
	uint64_t idle = ev_now(pool_loop) - pool_used;

	(void)t;
	if (idle < RELAY_TRIM_MS) {
		ev_timer_start(pool_loop, &pool_timer, RELAY_TRIM_MS - idle);
		return;
	}
	while (npool > 1)
		(void)munmap(pool[--npool], RELAY_CHUNK);
	if (npool == 1)
		(void)madvise(pool[0] + RELAY_TRIM_KEEP,
		    RELAY_CHUNK - RELAY_TRIM_KEEP, MADV_DONTNEED);
}

static char *
chunk_get(struct ev_loop *loop)
{
	void *p;

	if (pool_loop == NULL) {
		pool_loop = loop;
		ev_timer_init(&pool_timer, pool_trim, NULL);
	}
	pool_used = ev_now(loop);
	if (npool > 0)
		return pool[--npool];
	p = mmap(NULL, RELAY_CHUNK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void
chunk_put(char *p)
{
	pool_used = ev_now(pool_loop);
	if (npool < RELAY_POOL_MAX)
		pool[npool++] = p;
	else
		(void)munmap(p, RELAY_CHUNK);
	if (!ev_timer_pending(&pool_timer))
		ev_timer_start(pool_loop, &pool_timer, RELAY_TRIM_MS);
}

/* Give the buffer of a direction back. */
static void
dir_release(struct relay_dir *rd)
{
	if (rd->rd_buf.b_data == NULL)
		return;
	parked -= rd->rd_buf.b_len;
	if (rd->rd_heap)
		buf_free(&rd->rd_buf);
	else {
		chunk_put(rd->rd_buf.b_data);
		chunks_out--;
		memset(&rd->rd_buf, 0, sizeof(rd->rd_buf));
	}
	rd->rd_heap = 0;
}

/*
 * A buffer for direction rd with room for at least len bytes: a pool chunk,
 * or, when RELAY_CHUNKS_OUT are held already (or len is larger), one of its
 * own of -b bytes (or len).
 */
static int
dir_take(struct relay *r, struct relay_dir *rd, size_t len)
{
	if (chunks_out >= RELAY_CHUNKS_OUT || len > RELAY_CHUNK) {
		if (buf_init(&rd->rd_buf, len > r->r_bufsize ? len :
		    r->r_bufsize) == -1)
			return -1;
		rd->rd_heap = 1;
		return 0;
	}
	if ((rd->rd_buf.b_data = chunk_get(r->r_loop)) == NULL)
		return -1;
	chunks_out++;
	rd->rd_buf.b_size = RELAY_CHUNK;
	rd->rd_buf.b_off = rd->rd_buf.b_len = 0;
	return 0;
}

/* Bytes handed over at start. */
static int
dir_preload(struct relay *r, struct relay_dir *rd, const void *p,
    size_t len)
{
	if (len == 0)
		return 0;
	if (dir_take(r, rd, len) == -1)
		return -1;
	memcpy(rd->rd_buf.b_data, p, len);
	rd->rd_buf.b_len = len;
	parked += len;
	return 0;
}

static void relay_io(struct ev_io *, unsigned);
static void relay_timer(struct ev_timer *);

int
relay_start(struct relay *r, struct ev_loop *loop, struct ev_io *client,
    struct ev_io *server, const struct relay_conf *conf,
    const void *c2s, size_t c2s_len, const void *s2c, size_t s2c_len,
    relay_done_cb_t done, void *arg)
{
	unsigned chunk;
	int d;

	memset(r, 0, sizeof(*r));
	r->r_loop = loop;
	r->r_io[0] = client;
	r->r_io[1] = server;
	r->r_idle_ms = conf->idle_ms;
	r->r_linger_ms = conf->linger_ms;
	r->r_close_on_eof = conf->close_on_eof != 0;
	r->r_done = done;
	r->r_arg = arg;
	/* -b is where the read size starts; it never shrinks below it. */
	chunk = conf->bufsize;
	if (chunk == 0 || chunk > RELAY_CHUNK)
		chunk = RELAY_CHUNK;
	r->r_bufsize = chunk;
	for (d = 0; d < 2; d++) {
		r->r_dir[d].rd_chunk = chunk;
		r->r_dir[d].rd_eofpol = (unsigned)conf->eof_policy[d] & 3;
		r->r_io[d]->io_cb = relay_io;
		r->r_io[d]->io_arg = r;
	}
	if (dir_preload(r, &r->r_dir[0], c2s, c2s_len) == -1 ||
	    dir_preload(r, &r->r_dir[1], s2c, s2c_len) == -1)
		goto fail;
	r->r_running = 1;
	r->r_last = ev_now(loop);
	ev_timer_init(&r->r_timer, relay_timer, r);
	ev_timer_start(loop, &r->r_timer, r->r_idle_ms);
	/* Readiness latched before the hand-over is acted on at once. */
	relay_io(client, 0);
	return 0;
fail:
	dir_release(&r->r_dir[0]);
	dir_release(&r->r_dir[1]);
	return -1;
}

void
relay_stop(struct relay *r)
{
	if (!r->r_running)
		return;
	r->r_running = 0;
	ev_timer_stop(r->r_loop, &r->r_timer);
	dir_release(&r->r_dir[0]);
	dir_release(&r->r_dir[1]);
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

/* Write what direction d holds. Returns 1 when bytes went, 0, or -1. */
static int
flush_dir(struct relay *r, struct relay_dir *rd, struct ev_io *dst)
{
	struct buf *b = &rd->rd_buf;
	ssize_t n;
	int flags = MSG_NOSIGNAL;

	/*
	 * These are the last bytes and shutdown() follows once they are
	 * out: MSG_MORE holds the tail so that the FIN rides on it, one
	 * segment and one wake-up of the receiver instead of two.
	 */
	if (rd->rd_eof && rd->rd_eofpol == RELAY_EOF_PASS)
		flags |= MSG_MORE;
	for (;;) {
		n = send(dst->io_fd, b->b_data + b->b_off, b->b_len, flags);
		if (n != -1)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -1;
		dst->io_ready &= ~EV_WRITE;
		return 0;
	}
	b->b_off += (size_t)n;
	b->b_len -= (size_t)n;
	parked -= (size_t)n;
	rd->rd_bytes += (uint64_t)n;
	if (b->b_len == 0) {
		b->b_off = 0;
		return 1;
	}
	/*
	 * A short write means the socket buffer is full, and the kernel
	 * wakes the socket when room comes back: no EAGAIN call needed.
	 */
	dst->io_ready &= ~EV_WRITE;
	if (rd->rd_chunk / 2 >= r->r_bufsize) {
		/* The receiver is slower than the sender: read less. */
		rd->rd_chunk /= 2;
	}
	return 1;
}

/*
 * The source has sent its FIN and what precedes it is waiting: read to the
 * EOF before writing, so that the last bytes and the FIN leave together
 * (flush_dir). Bounded like any read-ahead, and only while the buffer has
 * room (a -b sized one fills before the hold).
 */
static int
eof_ahead(const struct relay_dir *rd, const struct ev_io *src)
{
	return !rd->rd_eof && rd->rd_eofpol == RELAY_EOF_PASS &&
	    (src->io_ready & (EV_EOF | EV_READ | EV_ERROR)) ==
	    (EV_EOF | EV_READ) &&
	    rd->rd_buf.b_len < RELAY_HOLD && parked < RELAY_PARKED_MAX &&
	    (rd->rd_buf.b_data == NULL ||
	    rd->rd_buf.b_len < rd->rd_buf.b_size);
}

/*
 * Move what can be moved in direction d without blocking. Returns 1 when
 * something moved, 0 when nothing could, or -1 - side on a socket error.
 * While the receiver is blocked the sender is still read, until the
 * direction holds RELAY_HOLD bytes (backpressure beyond that): the two ends
 * keep moving in parallel, and a slow reader has as much in flight as with
 * a 1 MiB pipe.
 */
static int
pump_dir(struct relay *r, int d)
{
	struct relay_dir *rd = &r->r_dir[d];
	struct buf *b = &rd->rd_buf;
	struct ev_io *src = r->r_io[d], *dst = r->r_io[1 - d];
	int moved = 0, rc;
	size_t want, held;
	ssize_t n;

	for (;;) {
		if (b->b_len > 0 && (dst->io_ready & EV_WRITE) &&
		    !eof_ahead(rd, src)) {
			if ((rc = flush_dir(r, rd, dst)) == -1)
				return -1 - (1 - d);
			moved |= rc;
		}
		held = b->b_len;
		if (rd->rd_eof || !(src->io_ready & EV_READ))
			break;
		if (b->b_data == NULL && dir_take(r, rd, 0) == -1)
			return -1 - d;
		want = rd->rd_chunk;
		if (held > 0) {
			/* The receiver is blocked: read ahead, to the hold. */
			if (held >= RELAY_HOLD || parked >= RELAY_PARKED_MAX)
				return moved;
			if (b->b_off + held == b->b_size)
				buf_compact(b);
			if (want > RELAY_HOLD - held)
				want = RELAY_HOLD - held;
		} else if (parked + want > RELAY_PARKED_MAX) {
			/*
			 * What may end up parked is bounded process-wide:
			 * beyond RELAY_PARKED_MAX a direction reads only its
			 * -b size.
			 */
			want = parked < RELAY_PARKED_MAX ?
			    RELAY_PARKED_MAX - parked : 0;
			if (want < r->r_bufsize)
				want = r->r_bufsize;
		}
		if (want > b->b_size - b->b_off - held)
			want = b->b_size - b->b_off - held;
		/* A buffer of its own (dir_take) is full: wait for room. */
		if (want == 0)
			return moved;
		n = recv(src->io_fd, b->b_data + b->b_off + held, want, 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				int reset = errno == ECONNRESET;

				/* What came before the error still goes. */
				if (b->b_len > 0 && (dst->io_ready & EV_WRITE))
					(void)flush_dir(r, rd, dst);
				/*
				 * A reset goes on as a reset when the owner
				 * closes (a FIN would make a transfer cut
				 * short look complete), once every byte that
				 * came before it has reached the receiver: a
				 * reset would drop what is still queued, and
				 * then the FIN is the lesser harm.
				 */
				if (reset && b->b_len == 0 &&
				    net_unsent(dst->io_fd) == 0)
					net_abort(dst->io_fd);
				return -1 - d;
			}
			/* Back to the top: bytes read ahead get written. */
			src->io_ready &= ~EV_READ;
			continue;
		}
		if (n == 0) {
			rd->rd_eof = 1;
			moved = 1;
			break;
		}
		b->b_len += (size_t)n;
		parked += (size_t)n;
		moved = 1;
		/*
		 * A short read emptied the receive queue, and new bytes will
		 * come as an event: skip the call that would say EAGAIN. An
		 * EOF or error may wait behind the bytes when the loop has
		 * seen one.
		 */
		if ((size_t)n < want && !(src->io_ready & (EV_EOF | EV_ERROR)))
			src->io_ready &= ~EV_READ;
		/* A full read means more is waiting: take more next time. */
		if (held == 0 && (size_t)n == want &&
		    rd->rd_chunk < RELAY_CHUNK && parked < RELAY_PARKED_MAX)
			rd->rd_chunk *= 2;
	}
	/* Nothing held: the chunk goes back to the pool. */
	if (b->b_len == 0)
		dir_release(rd);
	return moved;
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
			if (rd->rd_eof && !rd->rd_shut &&
			    rd->rd_buf.b_len == 0 &&
			    rd->rd_eofpol != RELAY_EOF_HOLD) {
				/*
				 * Half-close: pass the EOF on once drained.
				 * When the other way is done too, the owner's
				 * close() sends the FIN (that socket was read
				 * to its EOF: no reset).
				 */
				if (rd->rd_eofpol == RELAY_EOF_PASS &&
				    !r->r_dir[1 - d].rd_shut)
					(void)shutdown(r->r_io[1 - d]->io_fd,
					    SHUT_WR);
				rd->rd_shut = 1;
				progress = 1;
				/*
				 * From now on the shorter linger limit
				 * applies: only once every byte read is
				 * passed on, so that a receiver that stops
				 * reading for a while is not cut off (and
				 * not for an EOF that does not end anything).
				 */
				if (rd->rd_eofpol == RELAY_EOF_PASS &&
				    r->r_linger_ms < r->r_idle_ms)
					ev_timer_start(r->r_loop, &r->r_timer,
					    r->r_linger_ms);
			}
		}
		if (progress)
			r->r_last = ev_now(r->r_loop);
	} while (progress);
	if (r->r_dir[0].rd_shut && r->r_dir[1].rd_shut) {
		finish(r, 0);
		return;
	}
	if (r->r_close_on_eof &&
	    ((r->r_dir[0].rd_shut && r->r_dir[0].rd_eofpol == RELAY_EOF_PASS) ||
	    (r->r_dir[1].rd_shut && r->r_dir[1].rd_eofpol == RELAY_EOF_PASS))) {
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

void
relay_eof_policy(struct relay *r, int d, int policy)
{
	struct relay_dir *rd = &r->r_dir[d];
	int was = rd->rd_eofpol;

	if (!r->r_running || rd->rd_shut)
		return;
	rd->rd_eofpol = (unsigned)policy;
	/* pump() may end the relay, and the owner may free it. */
	if (was == RELAY_EOF_HOLD && policy != RELAY_EOF_HOLD && rd->rd_eof)
		pump(r);
}

static void
relay_timer(struct ev_timer *t)
{
	struct relay *r = t->t_arg;
	uint64_t now = ev_now(r->r_loop), limit = r->r_idle_ms;
	int d;

	if ((r->r_dir[0].rd_shut && r->r_dir[0].rd_eofpol == RELAY_EOF_PASS) ||
	    (r->r_dir[1].rd_shut && r->r_dir[1].rd_eofpol == RELAY_EOF_PASS))
		limit = r->r_linger_ms < limit ? r->r_linger_ms : limit;
	if (now - r->r_last >= limit) {
		/*
		 * Bytes read and never passed on: the receiver gets a reset
		 * when the owner closes, not a FIN that would make the
		 * cut-off stream look complete.
		 */
		for (d = 0; d < 2; d++)
			if (r->r_dir[d].rd_buf.b_len > 0)
				net_abort(r->r_io[1 - d]->io_fd);
		finish(r, 92);
		return;
	}
	ev_timer_start(r->r_loop, &r->r_timer, limit - (now - r->r_last));
}
