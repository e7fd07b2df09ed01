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
#include "dial.h"
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
	struct dial		 s_dial;	/* s_dial.d_io: the server side */
	struct relay		 s_relay;
	struct addr		 s_client;
	struct addr		 s_local;
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
	r.lr_remote = s->s_dial.d_remote;
	if (s->s_dial.d_naddr > 0) {
		r.lr_req = s->s_dial.d_addrs[0];
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
	if (s->s_dial.d_io.io_fd != -1)
		(void)net_local(s->s_dial.d_io.io_fd, &r.lr_ext);
	if (!s->s_nolog)
		service_log(svc, &r);

	dial_cancel(&s->s_dial);
	relay_stop(&s->s_relay);
	/* Ours alone: the last close takes them out of epoll. */
	ev_io_release(svc->s_loop, &s->s_cio);
	ev_io_release(svc->s_loop, &s->s_dial.d_io);
	free(s->s_user); s->s_user = NULL;
	free(s);
	service_conn_done(svc);
}

static void
relay_done(struct relay *r, int err)
{
	session_end(r->r_arg, err);
}

/*
 * The policy, asked about each address of the target before it is tried;
 * the client is known by its address only.
 */
static int
allowed(void *arg, const struct addr *a)
{
	struct session *s = arg;
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

static void
connected(void *arg, int err)
{
	struct session *s = arg;
	struct relay_conf rc;

	if (err != 0) {
		session_end(s, err);
		return;
	}
	service_relay_conf(s->s_svc, TO_CONN_LONG, &rc);
	if (relay_start(&s->s_relay, s->s_svc->s_loop, &s->s_cio,
	    &s->s_dial.d_io, &rc, NULL, 0, NULL, 0, relay_done, s) == -1)
		session_end(s, 21);
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
	int err;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		close(fd);
		service_conn_done(svc);
		return;
	}
	s->s_svc = svc;
	s->s_client = *peer;
	s->s_local = *local;
	dial_init(&s->s_dial);
	clock_gettime(CLOCK_REALTIME, &s->s_start);
	if (ev_io_start(svc->s_loop, &s->s_cio, fd, idle_io, s) == -1) {
		close(fd);
		s->s_cio.io_fd = -1;
		session_end(s, 11);
		return;
	}
	if ((err = dial_start(&s->s_dial, svc, t->host, t->port, allowed,
	    connected, s)) != 0)
		session_end(s, err);
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
	    resolv_target(t.host, &t.literal) == -1) {
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
