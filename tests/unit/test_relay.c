/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the relay: bytes both ways, half-close, timeouts, errors. */
#include <sys/socket.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ev.h"
#include "relay.h"
#include "unit.h"

/*
 * One loop for every case, as in a process (the relay's buffer pool keeps a
 * timer on the loop it first ran on). Each case has two TCP connections over
 * loopback: the client application
 * (app[0]) to the relay's client side, the relay's server side to the server
 * application (app[1]). A thread plays both applications with blocking
 * calls while the loop runs the relay; the done callback stops the loop.
 */
struct tcase {
	struct ev_loop	*loop;
	struct ev_io	 io[2];		/* the relay's two sockets */
	struct relay	 relay;
	int		 app[2];
	int		 done;
	int		 err;
	struct ev_timer	 guard;
	unsigned	 segs;		/* test_fin_rides: segments so far */
};

static uint8_t
pat(uint64_t off, int dir)
{
	return (uint8_t)((off * 2654435761u >> 13) ^ (uint64_t)dir * 0x5a);
}

static void
tcp_pair(int *a, int *b)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (l == -1 || bind(l, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(l, 1) == -1 ||
	    getsockname(l, (struct sockaddr *)&sin, &len) == -1) {
		perror("listener");
		exit(2);
	}
	*a = socket(AF_INET, SOCK_STREAM, 0);
	if (*a == -1 ||
	    connect(*a, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    (*b = accept(l, NULL, NULL)) == -1) {
		perror("connect");
		exit(2);
	}
	close(l);
}

static void
nop_io(struct ev_io *io, unsigned ev)
{
	(void)io;
	(void)ev;
}

static void
on_done(struct relay *r, int err)
{
	struct tcase *t = r->r_arg;

	t->done = 1;
	t->err = err;
	/* As every owner does: the close passes the last EOF on. */
	ev_io_close(t->loop, &t->io[0]);
	ev_io_close(t->loop, &t->io[1]);
	ev_break(t->loop);
}

static void
on_guard(struct ev_timer *tm)
{
	struct tcase *t = tm->t_arg;

	t->err = -1;
	ev_break(t->loop);
}

/* Set up both connections; the relay's sides are non-blocking. */
static void
tc_init(struct tcase *t)
{
	int s[2], d;

	static struct ev_loop *loop;

	memset(t, 0, sizeof(*t));
	if (loop == NULL && (loop = ev_loop_new()) == NULL)
		exit(2);
	t->loop = loop;
	tcp_pair(&t->app[0], &s[0]);
	tcp_pair(&s[1], &t->app[1]);
	for (d = 0; d < 2; d++) {
		(void)fcntl(s[d], F_SETFL, O_NONBLOCK);
		if (ev_io_start(t->loop, &t->io[d], s[d], nop_io, NULL) == -1)
			exit(2);
	}
}

/* Run the relay until it ends or guard_ms pass (err -1). */
static int
tc_run(struct tcase *t, const struct relay_conf *rc, const void *c2s,
    size_t c2s_len, const void *s2c, size_t s2c_len, unsigned guard_ms)
{
	if (relay_start(&t->relay, t->loop, &t->io[0], &t->io[1], rc, c2s,
	    c2s_len, s2c, s2c_len, on_done, t) == -1)
		return -2;
	ev_timer_init(&t->guard, on_guard, t);
	ev_timer_start(t->loop, &t->guard, guard_ms);
	if (!t->done)
		ev_run(t->loop);
	ev_timer_stop(t->loop, &t->guard);
	return t->err;
}

static void
tc_free(struct tcase *t)
{
	relay_stop(&t->relay);
	ev_io_close(t->loop, &t->io[0]);
	ev_io_close(t->loop, &t->io[1]);
	if (t->app[0] != -1)
		close(t->app[0]);
	if (t->app[1] != -1)
		close(t->app[1]);
}

static struct relay_conf
conf(unsigned idle_ms, unsigned linger_ms, int close_on_eof)
{
	struct relay_conf rc;

	rc.idle_ms = idle_ms;
	rc.linger_ms = linger_ms;
	rc.bufsize = 65536;
	rc.close_on_eof = close_on_eof;
	rc.eof_policy[0] = rc.eof_policy[1] = RELAY_EOF_PASS;
	return rc;
}

/* Write n pattern bytes (direction dir) on fd, then maybe shut it. */
struct sender {
	int		 fd;
	int		 dir;
	uint64_t	 n;
	size_t		 chunk;
	int		 shut;
	int		 ok;
};

static void *
send_thread(void *arg)
{
	struct sender *s = arg;
	static __thread uint8_t b[1 << 16];
	uint64_t off = 0;

	while (off < s->n) {
		size_t k = s->n - off < s->chunk ? (size_t)(s->n - off) :
		    s->chunk, i;
		ssize_t w;

		for (i = 0; i < k; i++)
			b[i] = pat(off + i, s->dir);
		w = send(s->fd, b, k, MSG_NOSIGNAL);
		if (w <= 0)
			return NULL;
		off += (uint64_t)w;
	}
	if (s->shut)
		(void)shutdown(s->fd, SHUT_WR);
	s->ok = 1;
	return NULL;
}

/* Read until EOF; ok when exactly n pattern bytes (dir) came. */
struct receiver {
	int		 fd;
	int		 dir;
	uint64_t	 n;
	size_t		 chunk;
	unsigned	 delay_us;	/* pause between reads: a slow reader */
	uint64_t	 got;
	int		 ok;
};

static void *
recv_thread(void *arg)
{
	struct receiver *r = arg;
	uint8_t b[1 << 16];
	int bad = 0;

	for (;;) {
		ssize_t n = recv(r->fd, b, r->chunk, 0), i;

		if (n <= 0)
			break;
		for (i = 0; i < n; i++)
			if (b[i] != pat(r->got + (uint64_t)i, r->dir))
				bad = 1;
		r->got += (uint64_t)n;
		if (r->delay_us > 0) {
			struct timespec ts = { 0, (long)r->delay_us * 1000 };

			nanosleep(&ts, NULL);
		}
	}
	r->ok = !bad && r->got == r->n;
	return NULL;
}

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (d == NULL)
		return -1;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

/* Both directions at once, large, then both sides half-close: 0. */
static void
test_duplex(void)
{
	struct tcase t;
	struct relay_conf rc = conf(10000, 10000, 0);
	struct sender s0, s1;
	struct receiver r0, r1;
	pthread_t th[4];
	uint64_t n = 48u << 20;
	int err;

	tc_init(&t);
	s0 = (struct sender){ t.app[0], 0, n, 65536, 1, 0 };
	s1 = (struct sender){ t.app[1], 1, n / 2, 7000, 1, 0 };
	r0 = (struct receiver){ t.app[1], 0, n, 65536, 0, 0, 0 };
	r1 = (struct receiver){ t.app[0], 1, n / 2, 3000, 0, 0, 0 };
	pthread_create(&th[0], NULL, send_thread, &s0);
	pthread_create(&th[1], NULL, send_thread, &s1);
	pthread_create(&th[2], NULL, recv_thread, &r0);
	pthread_create(&th[3], NULL, recv_thread, &r1);
	err = tc_run(&t, &rc, NULL, 0, NULL, 0, 20000);
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	/* The relay has shut both sides for writing: the readers see EOF. */
	pthread_join(th[2], NULL);
	pthread_join(th[3], NULL);
	CHECK(err == 0, "duplex: clean end (0)");
	CHECK(r0.ok && r1.ok, "duplex: every byte, in order, both ways");
	CHECK(relay_bytes_out(&t.relay) == n &&
	    relay_bytes_in(&t.relay) == n / 2, "duplex: byte counts");
	tc_free(&t);
}

/* A reader much slower than its writer gets everything (backpressure). */
static void
test_slow_reader(void)
{
	struct tcase t;
	struct relay_conf rc = conf(10000, 10000, 0);
	struct sender s0;
	struct receiver r0;
	pthread_t th[2];
	uint64_t n = 8u << 20;
	int err;

	tc_init(&t);
	(void)shutdown(t.app[1], SHUT_WR);
	s0 = (struct sender){ t.app[0], 0, n, 65536, 1, 0 };
	r0 = (struct receiver){ t.app[1], 0, n, 4096, 20, 0, 0 };
	pthread_create(&th[0], NULL, send_thread, &s0);
	pthread_create(&th[1], NULL, recv_thread, &r0);
	err = tc_run(&t, &rc, NULL, 0, NULL, 0, 60000);
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	CHECK(err == 0, "slow reader: clean end");
	CHECK(r0.ok, "slow reader: every byte in order");
	tc_free(&t);
}

/*
 * Half-close: the client sends a request and shuts its write side; the
 * server reads to EOF, then answers and closes; the client gets the whole
 * answer. Bytes given at start go first.
 */
struct halfclose {
	int	 app[2];
	int	 ok_server;
	int	 ok_client;
};

static void *
halfclose_server(void *arg)
{
	struct halfclose *h = arg;
	char b[4096], want[200];
	size_t got = 0;
	ssize_t n;

	memset(want, 'q', sizeof(want));
	memcpy(want, "PRE:", 4);
	while ((n = recv(h->app[1], b + got, sizeof(b) - got, 0)) > 0)
		got += (size_t)n;
	h->ok_server = n == 0 && got == sizeof(want) &&
	    memcmp(b, want, got) == 0;
	/* The request side is done; the answer still flows back. */
	if (send(h->app[1], "ANSWER", 6, MSG_NOSIGNAL) != 6)
		return NULL;
	close(h->app[1]);
	return NULL;
}

static void *
halfclose_client(void *arg)
{
	struct halfclose *h = arg;
	char b[64], req[196];
	size_t got = 0;
	ssize_t n;

	memset(req, 'q', sizeof(req));
	if (send(h->app[0], req, sizeof(req), MSG_NOSIGNAL) != sizeof(req))
		return NULL;
	(void)shutdown(h->app[0], SHUT_WR);
	while ((n = recv(h->app[0], b + got, sizeof(b) - got, 0)) > 0)
		got += (size_t)n;
	h->ok_client = n == 0 && got == 10 && memcmp(b, "hi: ANSWER", 10) == 0;
	return NULL;
}

static void
test_half_close(void)
{
	struct tcase t;
	struct relay_conf rc = conf(10000, 10000, 0);
	struct halfclose h;
	pthread_t th[2];
	int err;

	tc_init(&t);
	h.app[0] = t.app[0];
	h.app[1] = t.app[1];
	h.ok_server = h.ok_client = 0;
	pthread_create(&th[0], NULL, halfclose_server, &h);
	pthread_create(&th[1], NULL, halfclose_client, &h);
	err = tc_run(&t, &rc, "PRE:", 4, "hi: ", 4, 10000);
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	t.app[1] = -1;	/* closed by the server thread */
	CHECK(err == 0, "half-close: clean end");
	CHECK(h.ok_server, "half-close: server got bytes given at start, "
	    "then the request, then EOF");
	CHECK(h.ok_client, "half-close: client got the whole answer after "
	    "its EOF");
	CHECK(relay_bytes_out(&t.relay) == 200 &&
	    relay_bytes_in(&t.relay) == 10, "half-close: byte counts include "
	    "bytes given at start");
	tc_free(&t);
}

/* Nothing moves: 92 after the idle time. */
static void
test_idle_timeout(void)
{
	struct tcase t;
	struct relay_conf rc = conf(150, 10000, 0);
	struct timespec a, b;
	long ms;
	int err;

	tc_init(&t);
	clock_gettime(CLOCK_MONOTONIC, &a);
	err = tc_run(&t, &rc, NULL, 0, NULL, 0, 5000);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	CHECK(err == 92, "idle: error 92");
	CHECK(ms >= 140 && ms < 2000, "idle: after the idle time");
	tc_free(&t);
}

/* One side sent EOF: the shorter linger limit applies. */
static void
test_linger(void)
{
	struct tcase t;
	struct relay_conf rc = conf(20000, 150, 0);
	int err;

	tc_init(&t);
	(void)shutdown(t.app[0], SHUT_WR);
	err = tc_run(&t, &rc, NULL, 0, NULL, 0, 5000);
	CHECK(err == 92, "linger: error 92 within the linger time");
	tc_free(&t);
}

/* -C: the first EOF, once passed on, ends the tunnel with 0. */
static void
test_close_on_eof(void)
{
	struct tcase t;
	struct relay_conf rc = conf(20000, 20000, 1);
	char b[16];
	int err;

	tc_init(&t);
	if (send(t.app[0], "bye", 3, MSG_NOSIGNAL) != 3)
		exit(2);
	(void)shutdown(t.app[0], SHUT_WR);
	err = tc_run(&t, &rc, NULL, 0, NULL, 0, 5000);
	CHECK(err == 0, "-C: first EOF ends the tunnel");
	CHECK(recv(t.app[1], b, sizeof(b), 0) == 3 &&
	    memcmp(b, "bye", 3) == 0 && recv(t.app[1], b, sizeof(b), 0) == 0,
	    "-C: bytes, then EOF, delivered first");
	tc_free(&t);
}

/*
 * With close_on_eof, an EOF from the client that the owner holds ends
 * nothing: bytes keep coming back until the owner decides.
 */
struct eofpol {
	struct tcase	*t;
	int		 policy;	/* given while the EOF is held */
	int		 early;		/* the tunnel ended before the server */
	int		 decided;	/* ... or before the owner decided */
	char		 srv[16];	/* what the server had read by then */
	size_t		 srvlen;
	int		 srveof;	/* ... and whether an EOF came */
	struct ev_timer	 tm, tm2;
};

static void
eofpol_decide(struct ev_timer *tm)
{
	struct eofpol *e = tm->t_arg;

	e->decided = 1;
	relay_eof_policy(&e->t->relay, 0, e->policy);
}

/* The server answers late, then ends its side. */
static void
eofpol_server(struct ev_timer *tm)
{
	struct eofpol *e = tm->t_arg;

	ssize_t n;

	e->early = e->t->done;
	/* The tunnel is still up: the server reads what it has been sent. */
	while (e->srvlen < sizeof(e->srv) &&
	    (n = recv(e->t->app[1], e->srv + e->srvlen,
	    sizeof(e->srv) - e->srvlen, MSG_DONTWAIT)) >= 0) {
		if (n == 0) {
			e->srveof = 1;
			break;
		}
		e->srvlen += (size_t)n;
	}
	if (send(e->t->app[1], "down2", 5, MSG_NOSIGNAL) != 5)
		exit(2);
	(void)shutdown(e->t->app[1], SHUT_WR);
}

static void
test_eof_policy(int policy)
{
	struct tcase t;
	struct relay_conf rc = conf(20000, 20000, 1);
	struct eofpol e;
	char b[64];
	size_t got = 0;
	ssize_t n;
	int err;

	tc_init(&t);
	rc.eof_policy[0] = RELAY_EOF_HOLD;
	if (send(t.app[0], "up", 2, MSG_NOSIGNAL) != 2)
		exit(2);
	(void)shutdown(t.app[0], SHUT_WR);
	if (send(t.app[1], "down1", 5, MSG_NOSIGNAL) != 5)
		exit(2);
	/* The loop sees the EOF, holds it, then the owner decides. */
	e.t = &t;
	e.policy = policy;
	e.early = e.decided = e.srveof = 0;
	e.srvlen = 0;
	ev_timer_init(&e.tm, eofpol_decide, &e);
	ev_timer_start(t.loop, &e.tm, 200);
	ev_timer_init(&e.tm2, eofpol_server, &e);
	if (policy == RELAY_EOF_SWALLOW)
		ev_timer_start(t.loop, &e.tm2, 400);
	err = tc_run(&t, &rc, NULL, 0, NULL, 0, 5000);
	ev_timer_stop(t.loop, &e.tm);
	ev_timer_stop(t.loop, &e.tm2);
	CHECK(err == 0, policy == RELAY_EOF_SWALLOW ?
	    "eof swallow: the server's EOF ends the tunnel" :
	    "eof pass: the held EOF ends the tunnel once passed");
	CHECK(e.decided, policy == RELAY_EOF_SWALLOW ?
	    "eof swallow: a held EOF waits for the owner" :
	    "eof pass: a held EOF waits for the owner");
	if (policy == RELAY_EOF_SWALLOW)
		CHECK(!e.early, "eof swallow: the client's EOF ended nothing");
	while (got < sizeof(b) &&
	    (n = recv(t.app[0], b + got, sizeof(b) - got, MSG_DONTWAIT)) > 0)
		got += (size_t)n;
	if (policy == RELAY_EOF_SWALLOW)
		CHECK(got == 10 && memcmp(b, "down1down2", 10) == 0,
		    "eof swallow: every byte back to the client");
	else
		CHECK(got == 5 && memcmp(b, "down1", 5) == 0,
		    "eof pass: the bytes back before the decision");
	if (policy == RELAY_EOF_SWALLOW) {
		/* Once the tunnel is over, the owner's close() ends it all. */
		CHECK(e.srvlen == 2 && memcmp(e.srv, "up", 2) == 0,
		    "eof swallow: the client's bytes reach the server");
		CHECK(!e.srveof, "eof swallow: while the tunnel runs, the "
		    "server never sees the client's EOF");
	} else {
		got = 0;
		while (got < sizeof(b) && (n = recv(t.app[1], b + got,
		    sizeof(b) - got, MSG_DONTWAIT)) > 0)
			got += (size_t)n;
		CHECK(got == 2 && memcmp(b, "up", 2) == 0,
		    "eof pass: the client's bytes reach the server");
		n = recv(t.app[1], b, sizeof(b), MSG_DONTWAIT);
		CHECK(n == 0, "eof pass: the server sees the client's EOF");
	}
	tc_free(&t);
}

/* A reset on one side ends the tunnel with that side's code. */
static void
test_reset(int side)
{
	struct tcase t;
	struct relay_conf rc = conf(20000, 20000, 0);
	struct linger lg = { 1, 0 };
	int err;

	tc_init(&t);
	/* Pending unread data makes close() send a reset. */
	if (send(t.app[1 - side], "x", 1, MSG_NOSIGNAL) != 1)
		exit(2);
	(void)setsockopt(t.app[side], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(t.app[side]);
	t.app[side] = -1;
	err = tc_run(&t, &rc, NULL, 0, NULL, 0, 5000);
	CHECK(err == (side == 0 ? 95 : 96), side == 0 ?
	    "client reset: error 95" : "server reset: error 96");
	tc_free(&t);
}

/* Many short tunnels in a row leave no descriptor or buffer behind. */
static void
test_many(void)
{
	int before = count_fds(), i, bad = 0;

	for (i = 0; i < 300; i++) {
		struct tcase t;
		struct relay_conf rc = conf(5000, 5000, 0);
		char b[8];

		tc_init(&t);
		if (send(t.app[0], "ping", 4, MSG_NOSIGNAL) != 4)
			exit(2);
		(void)shutdown(t.app[0], SHUT_WR);
		(void)shutdown(t.app[1], SHUT_WR);
		if (tc_run(&t, &rc, NULL, 0, NULL, 0, 5000) != 0 ||
		    recv(t.app[1], b, sizeof(b), MSG_WAITALL) != 4)
			bad++;
		tc_free(&t);
	}
	CHECK(bad == 0, "300 short tunnels end cleanly");
	CHECK(count_fds() == before, "no descriptor left behind");
}

/* Segments the socket fd has received so far (TCP_INFO). */
static unsigned
segs_in(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == -1 ||
	    len < offsetof(struct tcp_info, tcpi_segs_in) + 4) {
		perror("TCP_INFO");
		exit(2);
	}
	return ti.tcpi_segs_in;
}

static void
last_words(struct ev_timer *tm)
{
	struct tcase *t = tm->t_arg;

	t->segs = segs_in(t->app[1]);
	if (send(t->app[0], "last words", 10, MSG_NOSIGNAL) != 10)
		exit(2);
	(void)shutdown(t->app[0], SHUT_WR);
}

/*
 * The last bytes and the EOF that follows them reach the other side in one
 * segment: the relay reads to the EOF before it writes and lets the FIN
 * ride on the data (one wake-up of the receiver, not two).
 */
static void
test_fin_rides(void)
{
	struct tcase t;
	struct ev_timer go;
	struct relay_conf rc = conf(20000, 20000, 0);
	char b[32];
	ssize_t n;
	int err;

	tc_init(&t);
	/* The server side ends first: only the client's EOF is left. */
	(void)shutdown(t.app[1], SHUT_WR);
	ev_timer_init(&go, last_words, &t);
	ev_timer_start(t.loop, &go, 50);
	err = tc_run(&t, &rc, NULL, 0, NULL, 0, 5000);
	ev_timer_stop(t.loop, &go);
	CHECK(err == 0, "last bytes: the tunnel ends cleanly");
	n = recv(t.app[1], b, sizeof(b), 0);
	CHECK(n == 10 && memcmp(b, "last words", 10) == 0 &&
	    recv(t.app[1], b, sizeof(b), 0) == 0,
	    "last bytes: the bytes, then EOF");
	CHECK(segs_in(t.app[1]) - t.segs == 1,
	    "last bytes: bytes and FIN arrive in one segment");
	tc_free(&t);
}

/* ev_io_release(): the closed descriptor's registration goes with it. */
static int rel_old, rel_new;

static void
rel_io(struct ev_io *io, unsigned ev)
{
	(void)ev;
	if (io->io_arg == &rel_old)
		rel_old++;
	else
		rel_new++;
}

static void
rel_stop(struct ev_timer *tm)
{
	ev_break(tm->t_arg);
}

static void
test_release(void)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_io a, c;
	struct ev_timer tm;
	int p[2], q[2], fd;

	if (loop == NULL || socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK,
	    0, p) == -1)
		exit(2);
	fd = p[0];
	if (ev_io_start(loop, &a, p[0], rel_io, &rel_old) == -1)
		exit(2);
	/* Readable and writable when released: an event is due. */
	if (send(p[1], "x", 1, MSG_NOSIGNAL) != 1)
		exit(2);
	ev_io_release(loop, &a);
	CHECK(a.io_fd == -1 && fcntl(fd, F_GETFD) == -1 && errno == EBADF,
	    "release closes the descriptor");
	/* The same number again, for a new io the events must go to. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, q) == -1)
		exit(2);
	if (ev_io_start(loop, &c, q[0], rel_io, &rel_new) == -1)
		exit(2);
	if (send(q[1], "y", 1, MSG_NOSIGNAL) != 1)
		exit(2);
	/* Fails (the peer is closed), unless someone still holds it. */
	(void)send(p[1], "z", 1, MSG_NOSIGNAL);
	ev_timer_init(&tm, rel_stop, loop);
	ev_timer_start(loop, &tm, 100);
	ev_run(loop);
	CHECK(q[0] == fd && rel_new > 0 && rel_old == 0,
	    "release: no event reaches the old io, the new one gets its own");
	ev_io_close(loop, &c);
	close(p[1]);
	close(q[1]);

	/* Held elsewhere too (inetd, a hand-off): a shared loop forgets it. */
	ev_loop_shared(loop);
	rel_old = rel_new = 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, p) == -1 ||
	    ev_io_start(loop, &a, p[0], rel_io, &rel_old) == -1 ||
	    (fd = dup(p[0])) == -1)
		exit(2);
	ev_io_release(loop, &a);
	if (send(p[1], "x", 1, MSG_NOSIGNAL) != 1)
		exit(2);
	ev_timer_start(loop, &tm, 100);
	ev_run(loop);
	CHECK(rel_old == 0, "shared loop: a released descriptor still open "
	    "elsewhere sends no event");
	close(fd);
	close(p[1]);
	ev_loop_free(loop);
}

int
main(void)
{
	test_duplex();
	test_slow_reader();
	test_half_close();
	test_idle_timeout();
	test_linger();
	test_close_on_eof();
	test_fin_rides();
	test_eof_policy(RELAY_EOF_PASS);
	test_eof_policy(RELAY_EOF_SWALLOW);
	test_reset(0);
	test_reset(1);
	test_many();
	test_release();
	UNIT_DONE();
}
