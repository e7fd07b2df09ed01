/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Reaching a target: name lookup, the policy per address, connect with a timeout. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "dial.h"
#include "server.h"

static void dial_io(struct ev_io *, unsigned);
static void dial_timeout(struct ev_timer *);

void
dial_init(struct dial *d)
{
	memset(d, 0, sizeof(*d));
	d->d_io.io_fd = -1;
	d->d_sock = &d->d_io;
	ev_timer_init(&d->d_timer, dial_timeout, d);
}

/* A worse outcome replaces a milder one: a refusal by the policy is kept
 * only when no connect was even tried. */
static void
note(struct dial *d, int err)
{
	if (d->d_err == 0 || err == 13 || err == 12 || err == 11)
		d->d_err = err;
}

/*
 * Try the remaining addresses in order until one connect is under way.
 * Returns 0 when one is, or the error code when none is left (or the
 * negative value of a check that ended the attempt).
 */
static int
next(struct dial *d)
{
	struct service *svc = d->d_svc;

	while (d->d_next < d->d_naddr) {
		struct addr *a = &d->d_addrs[d->d_next++];
		int fd, rc;

		/* ::ffff:a.b.c.d is a.b.c.d to the ACL and the loop check. */
		addr_unmap(a);
		addr_set_port(a, d->d_port);
		if (d->d_check != NULL && (rc = d->d_check(d->d_arg, a)) != 0) {
			if (rc < 0)
				return rc;
			note(d, rc);
			continue;
		}
		d->d_remote = *a;
		/*
		 * 0.0.0.0 and :: are no destination (RFC 1122 3.2.1.3), yet
		 * Linux connects them to this host, past an ACL that denies
		 * it and past the proxy's check for requests to itself: a
		 * connect that failed.
		 */
		if (addr_is_any(a)) {
			d->d_errno = ENETUNREACH;
			note(d, 13);
			continue;
		}
		if ((fd = service_connect(svc, a)) == -1) {
			d->d_errno = errno;
			note(d, errno == EADDRNOTAVAIL || errno == EADDRINUSE ?
			    12 : errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM ? 11 : 13);
			continue;
		}
		if (ev_io_start(svc->s_loop, d->d_sock, fd, dial_io, d) == -1) {
			d->d_errno = errno;
			close(fd);
			d->d_sock->io_fd = -1;
			note(d, 11);
			continue;
		}
		ev_timer_start(svc->s_loop, &d->d_timer,
		    service_timeout_ms(svc, TO_CONNECT));
		return 0;
	}
	return d->d_err != 0 ? d->d_err : 13;
}

static void
fail_or_next(struct dial *d, int err, int sys_errno)
{
	ev_timer_stop(d->d_svc->s_loop, &d->d_timer);
	ev_io_close(d->d_svc->s_loop, d->d_sock);
	d->d_errno = sys_errno;
	note(d, err);
	if ((err = next(d)) != 0)
		d->d_done(d->d_arg, err);
}

static void
dial_io(struct ev_io *io, unsigned events)
{
	struct dial *d = io->io_arg;
	int err;

	if (!(events & (EV_WRITE | EV_ERROR | EV_EOF)))
		return;
	/*
	 * A socket still connecting is not writable (tcp_poll), and a failed
	 * connect comes with EPOLLERR or EPOLLHUP: writable alone is success,
	 * and only the rest needs SO_ERROR. Bytes received prove a connect
	 * too, whatever came after them (a server that sends and resets at
	 * once): the error stays for the owner, after the bytes.
	 */
	if ((events & (EV_WRITE | EV_ERROR | EV_EOF)) == EV_WRITE ||
	    ((events & EV_READ) && net_readable(io->io_fd) > 0))
		err = 0;
	else
		err = net_connect_error(io->io_fd);
	if (err == EINPROGRESS || err == EALREADY)
		return;
	if (err != 0) {
		fail_or_next(d, 13, err);
		return;
	}
	ev_timer_stop(d->d_svc->s_loop, &d->d_timer);
	/* Latched readiness stays; the owner installs its own callback. */
	d->d_eof = (events & EV_EOF) != 0;
	d->d_done(d->d_arg, 0);
}

static void
dial_timeout(struct ev_timer *t)
{
	fail_or_next(t->t_arg, 13, ETIMEDOUT);
}

static void
resolved(void *arg, int err, const struct addr *addrs, int naddr)
{
	struct dial *d = arg;

	d->d_query = NULL;
	if (err != RESOLV_OK || naddr == 0) {
		d->d_done(d->d_arg, 100);
		return;
	}
	memcpy(d->d_addrs, addrs, (size_t)naddr * sizeof(*addrs));
	d->d_naddr = naddr;
	d->d_next = 0;
	if ((err = next(d)) != 0)
		d->d_done(d->d_arg, err);
}

int
dial_start(struct dial *d, struct service *svc, const char *host,
    uint16_t port, dial_check_cb_t check, dial_done_cb_t done, void *arg)
{
	return dial_start_io(d, &d->d_io, svc, host, port, check, done, arg);
}

int
dial_start_io(struct dial *d, struct ev_io *io, struct service *svc,
    const char *host, uint16_t port, dial_check_cb_t check,
    dial_done_cb_t done, void *arg)
{
	dial_init(d);
	d->d_sock = io;
	d->d_svc = svc;
	d->d_port = port;
	d->d_check = check;
	d->d_done = done;
	d->d_arg = arg;
	if (resolv_literal(host, &d->d_addrs[0]) == 0) {
		d->d_naddr = 1;
		return next(d);
	}
	d->d_query = resolv_start(host, svc->s_opts.family, resolved, d);
	return d->d_query == NULL ? 100 : 0;
}

void
dial_cancel(struct dial *d)
{
	if (d->d_svc == NULL)
		return;
	resolv_cancel(d->d_query);
	d->d_query = NULL;
	ev_timer_stop(d->d_svc->s_loop, &d->d_timer);
	if (d->d_sock->io_fd != -1 && d->d_sock->io_cb == dial_io)
		ev_io_close(d->d_svc->s_loop, d->d_sock);
}
