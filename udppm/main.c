/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* udppm: map a local UDP port to HOST:PORT, one upstream socket per client. */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "policy.h"
#include "resolv.h"
#include "server.h"

#define UDPPM_SYNOPSIS \
	"%s [-dIst] [-4 | -6 | -46 | -64] [-eEXTERNAL] [-fFORMAT] " \
	"[-iINTERNAL] [-l[@IDENT | LOGFILE]] [-pPORT] [--maxconn=N] " \
	"[--timeouts=LIST] LOCALPORT HOST PORT"

#define UDP_MAXDGRAM	65536
#define HASH_SIZE	1024

/*
 * One association: a client address and the connected socket that carries
 * its datagrams to the target. The kernel drops replies from any other
 * source, because the socket is connected.
 */
struct assoc {
	struct assoc		*a_next;	/* hash chain */
	struct service		*a_svc;
	struct listener		*a_lst;
	struct addr		 a_client;
	struct addr		 a_local;
	struct addr		 a_remote;
	struct ev_io		 a_io;
	struct ev_timer		 a_timer;
	struct resolv_query	*a_query;
	char			*a_pending;	/* first datagram, while resolving */
	size_t			 a_pendlen;
	uint64_t		 a_in;
	uint64_t		 a_out;
	uint64_t		 a_last;
	int			 a_single;	/* -s: one reply ends it */
	struct timespec		 a_start;
};

struct udppm {
	char		 host[RESOLV_MAXNAME + 1];
	uint16_t	 port;
	struct addr	 literal;
	struct assoc	*hash[HASH_SIZE];
};

static char dgram[UDP_MAXDGRAM];

static unsigned
addr_hash(const struct addr *a)
{
	const unsigned char *p = (const unsigned char *)&a->a;
	unsigned h = 2166136261u;
	socklen_t i;

	for (i = 0; i < a->len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h % HASH_SIZE;
}

static int
addr_equal(const struct addr *x, const struct addr *y)
{
	return addr_same_ip(x, y) && addr_port(x) == addr_port(y);
}

static void
unlink_assoc(struct udppm *u, struct assoc *a)
{
	struct assoc **pp;

	for (pp = &u->hash[addr_hash(&a->a_client)]; *pp != NULL;
	    pp = &(*pp)->a_next)
		if (*pp == a) {
			*pp = a->a_next;
			return;
		}
}

static void
assoc_end(struct assoc *a, int err)
{
	struct service *svc = a->a_svc;
	struct udppm *u = svc->s_ctx;
	struct logrec r;

	memset(&r, 0, sizeof(r));
	r.lr_err = err;
	r.lr_client = a->a_client;
	r.lr_int = a->a_local;
	r.lr_remote = a->a_remote;
	r.lr_req = a->a_remote;
	r.lr_host = u->host;
	r.lr_text = "";
	r.lr_in = a->a_in;
	r.lr_out = a->a_out;
	r.lr_start = a->a_start;
	if (a->a_io.io_fd != -1)
		(void)net_local(a->a_io.io_fd, &r.lr_ext);
	service_log(svc, &r);

	if (!a->a_single)
		unlink_assoc(u, a);
	resolv_cancel(a->a_query);
	ev_timer_stop(svc->s_loop, &a->a_timer);
	ev_io_close(svc->s_loop, &a->a_io);
	free(a->a_pending); a->a_pending = NULL;
	free(a);
	service_conn_done(svc);
}

/* Replies from the target go back to the client through the listener. */
static void
upstream_read(struct ev_io *io, unsigned events)
{
	struct assoc *a = io->io_arg;
	int i;

	(void)events;
	for (i = 0; i < 64; i++) {
		ssize_t n = recv(io->io_fd, dgram, sizeof(dgram), 0);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			/* EAGAIN, or an ICMP error queued on the socket. */
			return;
		}
		a->a_last = ev_now(a->a_svc->s_loop);
		if (sendto(a->a_lst->l_io.io_fd, dgram, (size_t)n, 0,
		    &a->a_client.a.sa, a->a_client.len) == n)
			a->a_in += (uint64_t)n;
		if (a->a_single) {
			assoc_end(a, 0);
			return;
		}
	}
}

static void
assoc_timer(struct ev_timer *t)
{
	struct assoc *a = t->t_arg;
	uint64_t idle = service_timeout_ms(a->a_svc, TO_STRING_LONG);
	uint64_t now = ev_now(a->a_svc->s_loop);

	if (now - a->a_last >= idle) {
		assoc_end(a, a->a_single ? 92 : 0);
		return;
	}
	ev_timer_start(a->a_svc->s_loop, t, idle - (now - a->a_last));
}

static void
forward(struct assoc *a, const char *p, size_t n)
{
	if (send(a->a_io.io_fd, p, n, 0) == (ssize_t)n)
		a->a_out += n;
	a->a_last = ev_now(a->a_svc->s_loop);
}

/*
 * Open the upstream socket once the target address is known and the policy
 * allows this client to reach it (UDPASSOC, by address only). Returns 0 or
 * the error code for the record.
 */
static int
assoc_connect(struct assoc *a, const struct addr *target)
{
	struct service *svc = a->a_svc;
	struct udppm *u = svc->s_ctx;
	const struct addr *src;
	struct preq pr;
	int fd, rc;

	a->a_remote = *target;
	addr_set_port(&a->a_remote, u->port);
	if (svc->s_policy != NULL) {
		memset(&pr, 0, sizeof(pr));
		pr.pr_client = a->a_client;
		pr.pr_local = a->a_local;
		pr.pr_op = OP_UDPASSOC;
		pr.pr_host = addr_is_set(&u->literal) ? NULL : u->host;
		pr.pr_target = a->a_remote;
		pr.pr_port = u->port;
		if ((rc = policy_check(svc->s_policy, &pr)) != 0)
			return rc;
	}
	if ((fd = net_socket(addr_family(target), SOCK_DGRAM)) == -1)
		return 11;
	src = service_ext(svc, addr_family(target));
	if (src != NULL && bind(fd, &src->a.sa, src->len) == -1) {
		close(fd);
		return 12;
	}
	if (connect(fd, &a->a_remote.a.sa, a->a_remote.len) == -1 ||
	    ev_io_start(svc->s_loop, &a->a_io, fd, upstream_read, a) == -1) {
		close(fd);
		return 13;
	}
	return 0;
}

static void
resolved(void *arg, int err, const struct addr *addrs, int naddr)
{
	struct assoc *a = arg;
	int rc;

	a->a_query = NULL;
	if (err != RESOLV_OK || naddr == 0) {
		assoc_end(a, 100);
		return;
	}
	if ((rc = assoc_connect(a, &addrs[0])) != 0) {
		assoc_end(a, rc);
		return;
	}
	forward(a, a->a_pending, a->a_pendlen);
	free(a->a_pending); a->a_pending = NULL;
}

static struct assoc *
assoc_new(struct service *svc, struct listener *l, const struct addr *client,
    const char *p, size_t n)
{
	struct udppm *u = svc->s_ctx;
	struct assoc *a;
	int rc;

	if (service_conn_begin(svc) == -1)
		return NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL) {
		service_conn_done(svc);
		return NULL;
	}
	a->a_svc = svc;
	a->a_lst = l;
	a->a_client = *client;
	a->a_local = l->l_addr;
	a->a_io.io_fd = -1;
	a->a_single = svc->s_opts.single != 0;
	a->a_last = ev_now(svc->s_loop);
	clock_gettime(CLOCK_REALTIME, &a->a_start);
	ev_timer_init(&a->a_timer, assoc_timer, a);
	ev_timer_start(svc->s_loop, &a->a_timer,
	    service_timeout_ms(svc, TO_STRING_LONG));
	if (!a->a_single) {
		unsigned h = addr_hash(client);

		a->a_next = u->hash[h];
		u->hash[h] = a;
	}
	if (addr_is_set(&u->literal)) {
		if ((rc = assoc_connect(a, &u->literal)) != 0) {
			assoc_end(a, rc);
			return NULL;
		}
		forward(a, p, n);
		return a;
	}
	if ((a->a_pending = malloc(n > 0 ? n : 1)) == NULL) {
		assoc_end(a, 21);
		return NULL;
	}
	memcpy(a->a_pending, p, n);
	a->a_pendlen = n;
	a->a_query = resolv_start(u->host, svc->s_opts.family, resolved, a);
	if (a->a_query == NULL) {
		assoc_end(a, 100);
		return NULL;
	}
	return a;
}

static struct assoc *
assoc_find(struct udppm *u, const struct addr *client)
{
	struct assoc *a;

	for (a = u->hash[addr_hash(client)]; a != NULL; a = a->a_next)
		if (addr_equal(&a->a_client, client))
			return a;
	return NULL;
}

static void
udppm_dgram(struct service *svc, struct listener *l)
{
	struct udppm *u = svc->s_ctx;
	int i;

	for (i = 0; i < 64; i++) {
		struct addr client;
		struct assoc *a;
		ssize_t n;

		addr_clear(&client);
		client.len = sizeof(client.a);
		n = recvfrom(l->l_io.io_fd, dgram, sizeof(dgram), 0,
		    &client.a.sa, &client.len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		addr_unmap(&client);
		a = svc->s_opts.single ? NULL : assoc_find(u, &client);
		if (a == NULL) {
			(void)assoc_new(svc, l, &client, dgram, (size_t)n);
			continue;
		}
		if (a->a_io.io_fd == -1)
			continue;	/* still resolving: dropped, as UDP may */
		forward(a, dgram, (size_t)n);
	}
}

static int
udppm_init(struct service *svc, char *err, size_t errlen)
{
	struct opts *o = &svc->s_opts;
	static struct udppm u;

	if (opt_port(o->args[0], &o->port) == -1) {
		snprintf(err, errlen, "bad LOCALPORT: %s", o->args[0]);
		return -1;
	}
	if (strlcpy(u.host, o->args[1], sizeof(u.host)) >= sizeof(u.host) ||
	    resolv_target(u.host, &u.literal) == -1) {
		snprintf(err, errlen, "bad HOST: %s", o->args[1]);
		return -1;
	}
	if (opt_port(o->args[2], &u.port) == -1) {
		snprintf(err, errlen, "bad PORT: %s", o->args[2]);
		return -1;
	}
	svc->s_ctx = &u;
	return 0;
}

static const struct module udppm_module = {
	.m_name = "udppm",
	.m_logname = "UDPPM",
	.m_port = 0,
	.m_udp = 1,
	.m_opt = {
		.name = "udppm",
		.synopsis = UDPPM_SYNOPSIS,
		.npositional = 3,
	},
	.m_init = udppm_init,
	.m_dgram = udppm_dgram,
};

int
main(int argc, char **argv)
{
	return service_main(&udppm_module, argc, argv);
}
