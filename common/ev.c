/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The event loop: epoll readiness, monotonic timers, signals, deferred calls. */
#include <sys/epoll.h>
#include <sys/signalfd.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ev.h"

#define EV_BATCH	256
#define EV_NSIG		65

struct ev_sig {
	ev_signal_cb_t	 cb;
	void		*arg;
};

struct ev_deferred {
	ev_defer_cb_t	 cb;
	void		*arg;
};

struct ev_loop {
	int			 epfd;
	int			 stop;
	uint64_t		 now;
	struct timespec		 wall;
	/* The batch being dispatched, so ev_io_stop() can scrub it. */
	struct epoll_event	 ev[EV_BATCH];
	int			 ncur;
	int			 nev;
	/* Binary min-heap of armed timers, 1-based. */
	struct ev_timer		**heap;
	size_t			 nheap;
	size_t			 heapcap;
	/* Signals through one signalfd. */
	int			 sigfd;
	struct ev_io		 sigio;
	sigset_t		 sigset;
	struct ev_sig		 sig[EV_NSIG];
	/* Calls to run after the batch. */
	struct ev_deferred	*defer;
	size_t			 ndefer;
	size_t			 defercap;
	/* Watched descriptors may be open elsewhere too. */
	int			 shared;
};

static void
update_now(struct ev_loop *l)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	l->now = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	clock_gettime(CLOCK_REALTIME, &l->wall);
}

struct ev_loop *
ev_loop_new(void)
{
	struct ev_loop *l;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	if ((l->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		free(l);
		return NULL;
	}
	l->sigfd = -1;
	sigemptyset(&l->sigset);
	update_now(l);
	return l;
}

void
ev_loop_free(struct ev_loop *l)
{
	if (l == NULL)
		return;
	if (l->sigfd != -1)
		close(l->sigfd);
	close(l->epfd);
	free(l->heap);
	free(l->defer);
	free(l);
}

uint64_t
ev_now(struct ev_loop *l)
{
	return l->now;
}

void
ev_wallclock(struct ev_loop *l, struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, &l->wall);
	*ts = l->wall;
}

void
ev_break(struct ev_loop *l)
{
	l->stop = 1;
}

static int
io_add(struct ev_loop *l, struct ev_io *io, int fd, uint32_t events,
    ev_io_cb_t cb, void *arg)
{
	struct epoll_event e;

	io->io_fd = fd;
	io->io_ready = 0;
	io->io_cb = cb;
	io->io_arg = arg;
	memset(&e, 0, sizeof(e));
	e.events = events;
	e.data.ptr = io;
	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &e);
}

int
ev_io_start(struct ev_loop *l, struct ev_io *io, int fd, ev_io_cb_t cb,
    void *arg)
{
	return io_add(l, io, fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
	    cb, arg);
}

int
ev_io_start_level(struct ev_loop *l, struct ev_io *io, int fd, ev_io_cb_t cb,
    void *arg)
{
	return io_add(l, io, fd, EPOLLIN, cb, arg);
}

int
ev_io_pause(struct ev_loop *l, struct ev_io *io, int paused)
{
	struct epoll_event e;

	memset(&e, 0, sizeof(e));
	e.events = paused ? 0 : EPOLLIN;
	e.data.ptr = io;
	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, io->io_fd, &e);
}

/* Drop events for this io that the current batch has not reached. */
static void
io_forget(struct ev_loop *l, struct ev_io *io)
{
	int i;

	for (i = l->ncur + 1; i < l->nev; i++)
		if (l->ev[i].data.ptr == io)
			l->ev[i].data.ptr = NULL;
}

void
ev_io_stop(struct ev_loop *l, struct ev_io *io)
{
	if (io->io_fd == -1)
		return;
	(void)epoll_ctl(l->epfd, EPOLL_CTL_DEL, io->io_fd, NULL);
	io_forget(l, io);
}

/* Close the descriptor; the epoll side is the caller's. */
static void
io_shut(struct ev_io *io)
{
	if (io->io_fd == -1)
		return;
	close(io->io_fd);
	io->io_fd = -1;
	io->io_ready = 0;
}

void
ev_io_close(struct ev_loop *l, struct ev_io *io)
{
	ev_io_stop(l, io);
	io_shut(io);
}

void
ev_io_release(struct ev_loop *l, struct ev_io *io)
{
	if (l->shared) {
		ev_io_close(l, io);
		return;
	}
	if (io->io_fd != -1)
		io_forget(l, io);
	io_shut(io);
}

void
ev_loop_shared(struct ev_loop *l)
{
	l->shared = 1;
}

/* Timer heap. */

static void
heap_swap(struct ev_loop *l, size_t a, size_t b)
{
	struct ev_timer *t = l->heap[a];

	l->heap[a] = l->heap[b];
	l->heap[b] = t;
	l->heap[a]->t_idx = a;
	l->heap[b]->t_idx = b;
}

static void
heap_up(struct ev_loop *l, size_t i)
{
	while (i > 1 && l->heap[i / 2]->t_when > l->heap[i]->t_when) {
		heap_swap(l, i, i / 2);
		i /= 2;
	}
}

static void
heap_down(struct ev_loop *l, size_t i)
{
	for (;;) {
		size_t c = i * 2;

		if (c > l->nheap)
			break;
		if (c + 1 <= l->nheap && l->heap[c + 1]->t_when <
		    l->heap[c]->t_when)
			c++;
		if (l->heap[i]->t_when <= l->heap[c]->t_when)
			break;
		heap_swap(l, i, c);
		i = c;
	}
}

void
ev_timer_init(struct ev_timer *t, ev_timer_cb_t cb, void *arg)
{
	t->t_when = 0;
	t->t_idx = 0;
	t->t_cb = cb;
	t->t_arg = arg;
}

void
ev_timer_stop(struct ev_loop *l, struct ev_timer *t)
{
	size_t i = t->t_idx;

	if (i == 0)
		return;
	t->t_idx = 0;
	if (i != l->nheap) {
		struct ev_timer *m = l->heap[l->nheap];

		l->heap[i] = m;
		m->t_idx = i;
		l->nheap--;
		heap_up(l, i);
		heap_down(l, m->t_idx);
	} else
		l->nheap--;
}

void
ev_timer_start(struct ev_loop *l, struct ev_timer *t, uint64_t ms)
{
	if (t->t_idx != 0) {
		/* Re-arm in place: cheaper than stop and start. */
		uint64_t old = t->t_when;

		t->t_when = l->now + ms;
		if (t->t_when < old)
			heap_up(l, t->t_idx);
		else
			heap_down(l, t->t_idx);
		return;
	}
	if (l->nheap + 1 >= l->heapcap) {
		size_t ncap = l->heapcap ? l->heapcap * 2 : 64;
		struct ev_timer **nh = realloc(l->heap, ncap * sizeof(*nh));

		if (nh == NULL) {
			/*
			 * XXX Without memory the timer cannot be armed; the
			 * session then relies on its peer to end it.
			 */
			return;
		}
		l->heap = nh;
		l->heapcap = ncap;
	}
	t->t_when = l->now + ms;
	l->heap[++l->nheap] = t;
	t->t_idx = l->nheap;
	heap_up(l, l->nheap);
}

static int
next_timeout(struct ev_loop *l)
{
	uint64_t when;

	if (l->ndefer > 0)
		return 0;
	if (l->nheap == 0)
		return -1;
	when = l->heap[1]->t_when;
	if (when <= l->now)
		return 0;
	if (when - l->now > 60000)
		return 60000;
	return (int)(when - l->now);
}

static void
run_timers(struct ev_loop *l)
{
	/* Bounded: a timer re-armed for now runs on the next iteration. */
	size_t budget = l->nheap;

	while (budget-- > 0 && l->nheap > 0 && l->heap[1]->t_when <= l->now) {
		struct ev_timer *t = l->heap[1];

		ev_timer_stop(l, t);
		t->t_cb(t);
	}
}

/* Signals. */

static void
sig_read(struct ev_io *io, unsigned events)
{
	struct ev_loop *l = io->io_arg;
	struct signalfd_siginfo si;

	(void)events;
	for (;;) {
		ssize_t n = read(l->sigfd, &si, sizeof(si));

		if (n != (ssize_t)sizeof(si))
			break;
		if (si.ssi_signo < EV_NSIG && l->sig[si.ssi_signo].cb != NULL)
			l->sig[si.ssi_signo].cb((int)si.ssi_signo,
			    l->sig[si.ssi_signo].arg);
	}
}

int
ev_signal(struct ev_loop *l, int signo, ev_signal_cb_t cb, void *arg)
{
	int fd;

	if (signo <= 0 || signo >= EV_NSIG) {
		errno = EINVAL;
		return -1;
	}
	sigaddset(&l->sigset, signo);
	if (sigprocmask(SIG_BLOCK, &l->sigset, NULL) == -1)
		return -1;
	fd = signalfd(l->sigfd, &l->sigset, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd == -1)
		return -1;
	if (l->sigfd == -1) {
		l->sigfd = fd;
		if (ev_io_start_level(l, &l->sigio, fd, sig_read, l) == -1)
			return -1;
	}
	l->sig[signo].cb = cb;
	l->sig[signo].arg = arg;
	return 0;
}

void
ev_sigmask_reset(void)
{
	sigset_t s;

	sigemptyset(&s);
	(void)sigprocmask(SIG_SETMASK, &s, NULL);
}

int
ev_defer(struct ev_loop *l, ev_defer_cb_t cb, void *arg)
{
	if (l->ndefer == l->defercap) {
		size_t ncap = l->defercap ? l->defercap * 2 : 16;
		struct ev_deferred *nd = realloc(l->defer, ncap * sizeof(*nd));

		if (nd == NULL)
			return -1;
		l->defer = nd;
		l->defercap = ncap;
	}
	l->defer[l->ndefer].cb = cb;
	l->defer[l->ndefer].arg = arg;
	l->ndefer++;
	return 0;
}

static void
run_deferred(struct ev_loop *l)
{
	size_t i;

	/* Calls queued while running wait for the next pass. */
	size_t n = l->ndefer;

	for (i = 0; i < n; i++)
		l->defer[i].cb(l->defer[i].arg);
	if (n < l->ndefer)
		memmove(l->defer, l->defer + n,
		    (l->ndefer - n) * sizeof(*l->defer));
	l->ndefer -= n;
}

int
ev_run(struct ev_loop *l)
{
	l->stop = 0;
	while (!l->stop) {
		int n, i;

		n = epoll_wait(l->epfd, l->ev, EV_BATCH, next_timeout(l));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		update_now(l);
		l->nev = n;
		for (i = 0; i < n; i++) {
			struct ev_io *io = l->ev[i].data.ptr;
			uint32_t e = l->ev[i].events;
			unsigned got = 0;

			if (io == NULL)
				continue;
			l->ncur = i;
			if (e & EPOLLIN)
				got |= EV_READ;
			if (e & EPOLLOUT)
				got |= EV_WRITE;
			if (e & (EPOLLRDHUP | EPOLLHUP))
				got |= EV_EOF | EV_READ;
			if (e & EPOLLERR)
				got |= EV_ERROR | EV_READ | EV_WRITE;
			/* EOF and errors are final: they stay latched too. */
			io->io_ready |= got;
			io->io_cb(io, got);
		}
		l->nev = l->ncur = 0;
		run_timers(l);
		run_deferred(l);
	}
	return 0;
}
