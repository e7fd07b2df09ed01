/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* tcppm: map a local TCP port to HOST:PORT. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "policy.h"
#include "relay.h"
#include "resolv.h"
#include "server.h"

#define TCPPM_SYNOPSIS \
	"%s [-dItT] [-4 | -6 | -46 | -64] [-bBUFSIZE] [-eEXTERNAL] " \
	"[-fFORMAT] [-iINTERNAL] [-l[@IDENT | LOGFILE]] [-pPORT] " \
	"[--maxconn=N] [--timeouts=LIST] LOCALPORT HOST PORT"

/* The target, as given on the command line. */
struct tcppm {
	char		 host[RESOLV_MAXNAME + 1];
	uint16_t	 port;
	struct addr	 literal;	/* set when host is an IP literal */
};

struct session {
	struct service		*s_svc;
	struct ev_io		 s_cio;
	struct ev_io		 s_sio;
	struct relay		 s_relay;
	struct ev_timer		 s_timer;
	struct resolv_query	*s_query;
	struct addr		 s_addrs[RESOLV_MAXADDR];
	int			 s_naddr;
	int			 s_next;	/* next address to try */
	int			 s_err;
	struct addr		 s_client;
	struct addr		 s_local;
	struct addr		 s_remote;
	struct timespec		 s_start;
	char			*s_user;	/* cached by authcache ip */
	int			 s_nolog;
};

static void
session_end(struct session *s, int err)
{
	struct service *svc = s->s_svc;
	struct tcppm *t = svc->s_ctx;
	struct logrec r;

	memset(&r, 0, sizeof(r));
	r.lr_err = err;
	r.lr_client = s->s_client;
	r.lr_int = s->s_local;
	r.lr_remote = s->s_remote;
	if (s->s_naddr > 0) {
		r.lr_req = s->s_addrs[0];
		addr_set_port(&r.lr_req, t->port);
	}
	r.lr_host = t->host;
	r.lr_text = t->host;
	r.lr_start = s->s_start;
	r.lr_user = s->s_user;
	if (s->s_relay.r_loop != NULL) {
		r.lr_in = relay_bytes_in(&s->s_relay);
		r.lr_out = relay_bytes_out(&s->s_relay);
	}
	if (addr_is_set(&s->s_remote) && s->s_sio.io_fd != -1)
		(void)net_local(s->s_sio.io_fd, &r.lr_ext);
	if (!s->s_nolog)
		service_log(svc, &r);

	resolv_cancel(s->s_query);
	ev_timer_stop(svc->s_loop, &s->s_timer);
	relay_stop(&s->s_relay);
	ev_io_close(svc->s_loop, &s->s_cio);
	ev_io_close(svc->s_loop, &s->s_sio);
	free(s->s_user); s->s_user = NULL;
	free(s);
	service_conn_done(svc);
}

static void
relay_done(struct relay *r, int err)
{
	session_end(r->r_arg, err);
}

static void idle_io(struct ev_io *io, unsigned events);
static void try_connect(struct session *);

static void
connect_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	struct relay_conf rc;
	int err;

	if (!(events & (EV_WRITE | EV_ERROR | EV_EOF)))
		return;
	err = net_connect_error(io->io_fd);
	if (err == EINPROGRESS || err == EALREADY)
		return;
	if (err != 0) {
		s->s_err = 13;
		ev_io_close(s->s_svc->s_loop, &s->s_sio);
		try_connect(s);
		return;
	}
	ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
	service_relay_conf(s->s_svc, TO_CONN_LONG, &rc);
	if (relay_start(&s->s_relay, s->s_svc->s_loop, &s->s_cio, &s->s_sio,
	    &rc, NULL, 0, NULL, 0, relay_done, s) == -1)
		session_end(s, 21);
}

static void
connect_timeout(struct ev_timer *t)
{
	struct session *s = t->t_arg;

	s->s_err = 13;
	ev_io_close(s->s_svc->s_loop, &s->s_sio);
	try_connect(s);
}

/*
 * Ask the policy about one address of the target (the client is known by
 * its address only). Every address is asked before it is tried, so a name
 * that resolves to an allowed and a denied address cannot reach the latter.
 * Returns 0 or the policy's error code.
 */
static int
allowed(struct session *s, const struct addr *a)
{
	struct service *svc = s->s_svc;
	struct tcppm *t = svc->s_ctx;
	struct preq pr;
	int rc;

	if (svc->s_policy == NULL)
		return 0;
	memset(&pr, 0, sizeof(pr));
	pr.pr_client = s->s_client;
	pr.pr_local = s->s_local;
	pr.pr_op = OP_CONNECT;
	pr.pr_host = addr_is_set(&t->literal) ? NULL : t->host;
	pr.pr_target = *a;
	pr.pr_port = t->port;
	rc = policy_check(svc->s_policy, &pr);
	if (rc == 0) {
		s->s_nolog = pr.pr_nolog;
		if (pr.pr_user == pr.pr_userbuf && s->s_user == NULL)
			s->s_user = strdup(pr.pr_userbuf);
	}
	return rc;
}

/* Connect to the next address of the target, or give up. */
static void
try_connect(struct session *s)
{
	struct service *svc = s->s_svc;
	struct tcppm *t = svc->s_ctx;

	while (s->s_next < s->s_naddr) {
		struct addr *a = &s->s_addrs[s->s_next++];
		int fd, rc;

		addr_set_port(a, t->port);
		if ((rc = allowed(s, a)) != 0) {
			s->s_err = rc;
			continue;
		}
		s->s_remote = *a;
		fd = service_connect(svc, a);
		if (fd == -1) {
			s->s_err = errno == EADDRNOTAVAIL ? 12 : 13;
			continue;
		}
		if (ev_io_start(svc->s_loop, &s->s_sio, fd, connect_io, s)
		    == -1) {
			close(fd);
			s->s_err = 11;
			continue;
		}
		ev_timer_start(svc->s_loop, &s->s_timer,
		    service_timeout_ms(svc, TO_CONNECT));
		return;
	}
	session_end(s, s->s_err != 0 ? s->s_err : 13);
}

static void
resolved(void *arg, int err, const struct addr *addrs, int naddr)
{
	struct session *s = arg;

	s->s_query = NULL;
	if (err != RESOLV_OK || naddr == 0) {
		session_end(s, 100);
		return;
	}
	memcpy(s->s_addrs, addrs, (size_t)naddr * sizeof(*addrs));
	s->s_naddr = naddr;
	try_connect(s);
}

/* Before the relay runs, the client's readiness is only latched. */
static void
idle_io(struct ev_io *io, unsigned events)
{
	(void)io;
	(void)events;
}

static void
tcppm_accept(struct service *svc, int fd, const struct addr *peer,
    const struct addr *local)
{
	struct tcppm *t = svc->s_ctx;
	struct session *s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		close(fd);
		service_conn_done(svc);
		return;
	}
	s->s_svc = svc;
	s->s_client = *peer;
	s->s_local = *local;
	s->s_sio.io_fd = -1;
	clock_gettime(CLOCK_REALTIME, &s->s_start);
	ev_timer_init(&s->s_timer, connect_timeout, s);
	if (ev_io_start(svc->s_loop, &s->s_cio, fd, idle_io, s) == -1) {
		close(fd);
		s->s_cio.io_fd = -1;
		session_end(s, 11);
		return;
	}
	if (addr_is_set(&t->literal)) {
		s->s_addrs[0] = t->literal;
		s->s_naddr = 1;
		try_connect(s);
		return;
	}
	s->s_query = resolv_start(t->host, svc->s_opts.family, resolved, s);
	if (s->s_query == NULL)
		session_end(s, 100);
}

static int
tcppm_init(struct service *svc, char *err, size_t errlen)
{
	struct opts *o = &svc->s_opts;
	static struct tcppm t;

	if (opt_port(o->args[0], &o->port) == -1) {
		snprintf(err, errlen, "bad LOCALPORT: %s", o->args[0]);
		return -1;
	}
	if (strlcpy(t.host, o->args[1], sizeof(t.host)) >= sizeof(t.host) ||
	    (resolv_literal(t.host, &t.literal) == -1 &&
	    !resolv_name_ok(t.host))) {
		snprintf(err, errlen, "bad HOST: %s", o->args[1]);
		return -1;
	}
	if (opt_port(o->args[2], &t.port) == -1) {
		snprintf(err, errlen, "bad PORT: %s", o->args[2]);
		return -1;
	}
	svc->s_ctx = &t;
	return 0;
}

static const struct module tcppm_module = {
	.m_name = "tcppm",
	.m_logname = "TCPPM",
	.m_port = 0,
	.m_stream = 1,
	.m_opt = {
		.name = "tcppm",
		.synopsis = TCPPM_SYNOPSIS,
		.npositional = 3,
	},
	.m_init = tcppm_init,
	.m_accept = tcppm_accept,
};

int
main(int argc, char **argv)
{
	return service_main(&tcppm_module, argc, argv);
}
