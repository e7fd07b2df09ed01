/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The event loop: epoll readiness, monotonic timers, signals, deferred calls. */
#ifndef EV_H
#define EV_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define EV_READ		0x01	/* readable (or a pending accept) */
#define EV_WRITE	0x02	/* writable (or a finished connect) */
#define EV_EOF		0x04	/* the peer shut its write side or hung up */
#define EV_ERROR	0x08	/* an error is pending on the socket */

struct ev_loop;
struct ev_io;
struct ev_timer;

typedef void (*ev_io_cb_t)(struct ev_io *, unsigned events);
typedef void (*ev_timer_cb_t)(struct ev_timer *);
typedef void (*ev_signal_cb_t)(int signo, void *arg);
typedef void (*ev_defer_cb_t)(void *arg);

/*
 * A watched descriptor. Descriptors are registered once, edge-triggered, for
 * reading and writing; the loop latches what it saw in io_ready and the owner
 * clears a bit when a call returns EAGAIN. EV_EOF and EV_ERROR are latched
 * as well and stay set: a reader that got fewer bytes than it asked for may
 * skip the call that would return EAGAIN unless one of them is set. Owners
 * may swap io_cb and io_arg at any time (a session handing its sockets to
 * the relay does), which costs no system call.
 */
struct ev_io {
	int		 io_fd;
	unsigned	 io_ready;
	ev_io_cb_t	 io_cb;
	void		*io_arg;
};

/* A one-shot timer on the monotonic clock; t_idx is 0 while not armed. */
struct ev_timer {
	uint64_t	 t_when;
	size_t		 t_idx;
	ev_timer_cb_t	 t_cb;
	void		*t_arg;
};

/* Create a loop; NULL with errno set on failure. */
struct ev_loop	*ev_loop_new(void);
void		 ev_loop_free(struct ev_loop *);
/* Run until ev_break(); returns 0, or -1 if epoll_wait failed. */
int		 ev_run(struct ev_loop *);
void		 ev_break(struct ev_loop *);
/* Milliseconds on CLOCK_MONOTONIC, cached once per loop iteration. */
uint64_t	 ev_now(struct ev_loop *);
/* Wall clock of the current iteration (for log records). */
void		 ev_wallclock(struct ev_loop *, struct timespec *);

/*
 * Watch fd, edge-triggered, for EV_READ|EV_WRITE|EV_EOF. The io starts with
 * io_ready 0. Returns 0, or -1 with errno set. The caller keeps ownership of
 * the descriptor and of the struct, which must stay put until ev_io_stop().
 */
int		 ev_io_start(struct ev_loop *, struct ev_io *, int fd,
		    ev_io_cb_t, void *arg);
/* The same, level-triggered for EV_READ only (listeners, UDP sockets). */
int		 ev_io_start_level(struct ev_loop *, struct ev_io *, int fd,
		    ev_io_cb_t, void *arg);
/* Pause or resume a level-triggered reader (at maxconn, on EMFILE). */
int		 ev_io_pause(struct ev_loop *, struct ev_io *, int paused);
/*
 * Stop watching. Events already fetched for this io in the current batch are
 * dropped, so the owner may free the struct right after this call.
 */
void		 ev_io_stop(struct ev_loop *, struct ev_io *);
/* ev_io_stop() then close() the descriptor; io_fd becomes -1. */
void		 ev_io_close(struct ev_loop *, struct ev_io *);
/*
 * The same without the epoll_ctl() call, for a descriptor that is this
 * process's alone (not dup'ed, not sent to another process, not inherited
 * by a child that is still running): the kernel drops the registration with
 * the last close. A descriptor that was shared needs ev_io_stop() first.
 */
void		 ev_io_release(struct ev_loop *, struct ev_io *);
/*
 * Descriptors may come from another process that still holds them (inetd
 * mode, hand-offs): from now on ev_io_release() is ev_io_close().
 */
void		 ev_loop_shared(struct ev_loop *);

void		 ev_timer_init(struct ev_timer *, ev_timer_cb_t, void *arg);
/* Arm (or re-arm) the timer to fire ms milliseconds from now. */
void		 ev_timer_start(struct ev_loop *, struct ev_timer *, uint64_t ms);
void		 ev_timer_stop(struct ev_loop *, struct ev_timer *);
static inline int
ev_timer_pending(const struct ev_timer *t)
{
	return t->t_idx != 0;
}

/*
 * Deliver signo to cb from the loop (signalfd); the signal is blocked for the
 * process. Children must reset their mask before exec (see ev_sigmask_reset).
 */
int		 ev_signal(struct ev_loop *, int signo, ev_signal_cb_t, void *arg);
/* Unblock every signal (after fork, before exec). */
void		 ev_sigmask_reset(void);
/* Call cb(arg) after the current batch of events, in order of requests. */
int		 ev_defer(struct ev_loop *, ev_defer_cb_t, void *arg);

#endif
