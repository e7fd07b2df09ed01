/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The SOCKS session: handshake, policy, CONNECT, BIND, then the relay. */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "socks.h"

/* Accepts per wake-up of a BIND listener before giving the loop back. */
#define BIND_ACCEPT_BATCH	16

/* What the check of a CONNECT target answers to redirect the client. */
#define REDIRECT	(-1)

static void	hs_io(struct ev_io *, unsigned);
static void	idle_io(struct ev_io *, unsigned);
static void	request_fail(struct session *, int err);
static void	request_preq(const struct session *, unsigned, struct preq *);

/* The error code for a handshake that stalls or ends in a given state. */
static int
stage_err(const struct session *s)
{
	if (s->s_hs == NULL)
		return 401;
	switch (s->s_hs->h_hs.hs_state) {
	case SOCKS_ST_AUTH:
		return 412;
	case SOCKS_ST_REQUEST:
		return 441;
	default:
		return 401;
	}
}

static const char *
service_name(const struct session *s)
{
	if (s->s_version == 4)
		return s->s_4a ? "SOC45" : "SOCK4";
	if (s->s_version == 5)
		return "SOCK5";
	return NULL;
}

/* The password, and the input that carried it, are wiped before free. */
static void
wipe_free(struct handshake *h)
{
	if (h->h_hs.hs_req.sr_has_pass) {
		compat_wipe(h->h_hs.hs_req.sr_pass,
		    sizeof(h->h_hs.hs_req.sr_pass));
		compat_wipe(h->h_in, sizeof(h->h_in));
	}
	free(h);
}

void
handshake_free(struct session *s)
{
	struct handshake *h = s->s_hs;

	if (h == NULL)
		return;
	dial_cancel(&h->h_dial);
	if (h->h_lio.io_fd != -1)
		ev_io_close(s->s_svc->s_loop, &h->h_lio);
	s->s_hs = NULL;
	wipe_free(h);
}

/* What every record of a session has. */
static void
record_init(struct session *s, struct logrec *r, int err)
{
	memset(r, 0, sizeof(*r));
	r->lr_service = service_name(s);
	r->lr_err = err;
	r->lr_user = s->s_user;
	r->lr_client = s->s_client;
	r->lr_int = s->s_local;
	r->lr_start = s->s_start;
}

/* The one access record of a session. */
static void
session_log(struct session *s, int err)
{
	struct logrec r;

	record_init(s, &r, err);
	r.lr_remote = s->s_remote;
	r.lr_req = s->s_req;
	r.lr_host = s->s_host;
	r.lr_text = s->s_text;
	if (s->s_udp != NULL)
		udp_stats(s, &r.lr_in, &r.lr_out, &r.lr_ext);
	else {
		if (s->s_relay.r_loop != NULL) {
			r.lr_in = relay_bytes_in(&s->s_relay);
			r.lr_out = relay_bytes_out(&s->s_relay);
		}
		if (s->s_sio.io_fd != -1)
			(void)net_local(s->s_sio.io_fd, &r.lr_ext);
	}
	service_log(s->s_svc, &r);
}

/* A record for one destination of a UDP association (-U1, -U3). */
void
udp_log_dest(struct session *s, int err, const struct addr *dst,
    const char *name)
{
	struct logrec r;
	char *t;

	if (!logger_enabled(&s->s_svc->s_log))
		return;
	t = session_text("UDPMAP", name, dst, addr_port(dst));
	record_init(s, &r, err);
	r.lr_remote = *dst;
	r.lr_req = *dst;
	r.lr_host = name;
	r.lr_text = t;
	service_log(s->s_svc, &r);
	free(t);
}

void
session_end(struct session *s, int err)
{
	struct service *svc = s->s_svc;

	/* A client handed to a local handler is logged there, once. */
	if (logger_enabled(&svc->s_log) && !s->s_handed)
		session_log(s, err);
	service_shed_del(svc, &s->s_shed);
	resolv_cancel(s->s_query);
	ev_timer_stop(svc->s_loop, &s->s_timer);
	relay_stop(&s->s_relay);
	udp_free(s);
	handshake_free(s);
	/*
	 * The sockets are ours alone, and their last close takes them out of
	 * epoll, but for a client handed to another process.
	 */
	if (s->s_handed)
		ev_io_stop(svc->s_loop, &s->s_cio);
	ev_io_release(svc->s_loop, &s->s_cio);
	ev_io_release(svc->s_loop, &s->s_sio);
	free(s->s_user); s->s_user = NULL;
	free(s->s_host); s->s_host = NULL;
	free(s->s_text); s->s_text = NULL;
	free(s);
	service_conn_done(svc);
}

/*
 * Handshake replies are a few bytes sent into an empty socket buffer (the
 * client gets nothing else before the tunnel), so a short send means the
 * client is gone or misbehaving: the session ends rather than waits.
 */
int
session_send(struct session *s, const void *p, size_t n)
{
	ssize_t w;

	for (;;) {
		w = send(s->s_cio.io_fd, p, n, MSG_NOSIGNAL);
		if (w == -1 && errno == EINTR)
			continue;
		return w == (ssize_t)n ? 0 : -1;
	}
}

char *
session_text(const char *what, const char *host, const struct addr *a,
    uint16_t port)
{
	char ip[ADDR_STRLEN], *t;
	size_t len;
	int v6 = 0;

	if (host == NULL || host[0] == '\0') {
		host = addr_ip_str(a, ip, sizeof(ip));
		v6 = addr_family(a) == AF_INET6;
	}
	len = strlen(what) + strlen(host) + 10;
	if ((t = malloc(len)) == NULL)
		return NULL;
	if (snprintf(t, len, v6 ? "%s [%s]:%u" : "%s %s:%u", what, host,
	    port) >= (int)len) {
		free(t);
		return NULL;
	}
	return t;
}

/* The BND address to report: the real one, or -Ne with the real port. */
static void
nat_bnd(const struct addr *nat, struct addr *bnd)
{
	uint16_t port = addr_port(bnd);

	if (!addr_is_set(nat))
		return;
	*bnd = *nat;
	addr_set_port(bnd, port);
}

/* Reply with a failure code for err and end the session. */
static void
request_fail(struct session *s, int err)
{
	unsigned char rep[SOCKS_MAXREPLY];
	size_t n;

	n = socks_reply(rep, s->s_version, socks_rep(err, s->s_errno), NULL);
	(void)session_send(s, rep, n);
	session_end(s, err);
}

/*
 * The tunnel: the handshake state goes (its unparsed bytes, already sent
 * by an eager client, are handed to the relay first) and the relay takes
 * over both sockets.
 */
static void
relay_done(struct relay *r, int err)
{
	session_end(r->r_arg, err);
}

static void
start_relay(struct session *s, int to_idx)
{
	struct service *svc = s->s_svc;
	struct handshake *h = s->s_hs;
	struct relay_conf rc;
	int rv;

	ev_timer_stop(svc->s_loop, &s->s_timer);
	if (h->h_lio.io_fd != -1)
		ev_io_close(svc->s_loop, &h->h_lio);
	/* The relay may end the session before relay_start() returns. */
	s->s_hs = NULL;
	s->s_state = SS_RELAY;
	service_relay_conf(svc, to_idx, &rc);
	rv = relay_start(&s->s_relay, svc->s_loop, &s->s_cio, &s->s_sio, &rc,
	    h->h_in + h->h_off, h->h_len - h->h_off, NULL, 0, relay_done, s);
	wipe_free(h);
	if (rv == -1)
		session_end(s, 21);
}

/* CONNECT: the target accepted; report the real source address. */
static void
connected(struct session *s)
{
	unsigned char rep[SOCKS_MAXREPLY];
	struct addr bnd;
	size_t n;

	ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
	if (net_local(s->s_sio.io_fd, &bnd) == -1)
		addr_clear(&bnd);
	nat_bnd(&s->s_svc->s_opts.nat_ext, &bnd);
	n = socks_reply(rep, s->s_version, SOCKS_REP_OK, &bnd);
	if (session_send(s, rep, n) == -1) {
		session_end(s, 95);
		return;
	}
	start_relay(s, TO_CONN_LONG);
}

/*
 * BIND: the client closed its control connection (or reset it) while we
 * wait for the peer. Bytes it sent early stay in the kernel for the relay.
 */
static void
bind_ctl_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	char c;
	ssize_t n;

	if (events & (EV_EOF | EV_ERROR)) {
		request_fail(s, 460);
		return;
	}
	if (!(io->io_ready & EV_READ))
		return;
	n = recv(io->io_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n > 0 || (n == -1 && errno == EINTR))
		return;
	if (n == -1 && errno == EAGAIN) {
		io->io_ready &= ~EV_READ;
		return;
	}
	request_fail(s, 460);
}

static void
bind_timeout(struct ev_timer *t)
{
	request_fail(t->t_arg, 460);
}

/* Whether a peer that reached the BIND port is the one the client named. */
static int
bind_peer_ok(const struct session *s, const struct addr *peer)
{
	const struct handshake *h = s->s_hs;
	int i;

	for (i = 0; i < h->h_naddr; i++)
		if (addr_is_any(&h->h_addrs[i]) ||
		    addr_same_ip(&h->h_addrs[i], peer))
			return 1;
	return 0;
}

/*
 * A BIND that named 0.0.0.0 was allowed without knowing its peer: the peer
 * that comes is asked of the policy as the target, so that "deny * *
 * 10.0.0.0/8" keeps those hosts out.
 */
static int
bind_peer_denied(struct session *s, const struct addr *peer)
{
	struct preq pr;

	if (!addr_is_any(&s->s_hs->h_addrs[0]))
		return 0;
	request_preq(s, OP_BIND, &pr);
	pr.pr_host = NULL;
	pr.pr_target = *peer;
	pr.pr_port = s->s_hs->h_hs.hs_req.sr_port;
	return policy_check(s->s_svc->s_policy, &pr) != 0;
}

static void
bind_accept_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	unsigned char rep[SOCKS_MAXREPLY];
	struct addr peer;
	int i, fd;
	size_t n;

	(void)events;
	for (i = 0; i < BIND_ACCEPT_BATCH; i++) {
		if ((fd = net_accept(io->io_fd, &peer)) == -1) {
			if (errno == EAGAIN) {
				io->io_ready &= ~EV_READ;
				return;
			}
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			request_fail(s, 462);
			return;
		}
		/*
		 * A stranger is turned away and the wait goes on: failing the
		 * BIND instead would let anyone who can reach the port kill
		 * it by connecting first.
		 */
		if (!bind_peer_ok(s, &peer) || bind_peer_denied(s, &peer)) {
			close(fd);
			continue;
		}
		ev_io_close(s->s_svc->s_loop, io);
		if (ev_io_start(s->s_svc->s_loop, &s->s_sio, fd, idle_io, s)
		    == -1) {
			close(fd);
			s->s_sio.io_fd = -1;
			request_fail(s, 462);
			return;
		}
		s->s_remote = peer;
		s->s_cio.io_cb = idle_io;
		/* RFC 1928 s6: the second reply names the peer. */
		n = socks_reply(rep, s->s_version, SOCKS_REP_OK, &peer);
		if (session_send(s, rep, n) == -1) {
			session_end(s, 95);
			return;
		}
		start_relay(s, TO_CONN_SHORT);
		return;
	}
}

/*
 * The address a BIND listens on: -e, else where the client reached us.
 * Returns -1 when neither is of the family the target needs (listening on
 * every address instead would open a port beyond -i, and 0.0.0.0 or :: in
 * the reply tells the client nothing it can pass on).
 */
static int
bind_addr(const struct session *s, struct addr *la)
{
	const struct addr *want = &s->s_hs->h_addrs[0], *ext;
	int fam = AF_INET;

	/* "::" asks for IPv6 too; 0.0.0.0 for the client's own family. */
	if (addr_family(want) == AF_INET6)
		fam = AF_INET6;
	else if (addr_is_any(want) && addr_family(&s->s_local) == AF_INET6)
		fam = AF_INET6;
	if ((ext = service_ext(s->s_svc, fam)) != NULL)
		*la = *ext;
	else if (addr_family(&s->s_local) == fam)
		*la = s->s_local;
	else
		return -1;
	addr_set_port(la, 0);
	return 0;
}

static void
start_bind(struct session *s)
{
	struct service *svc = s->s_svc;
	struct handshake *h = s->s_hs;
	unsigned char rep[SOCKS_MAXREPLY];
	struct addr la, bnd;
	int fd;
	size_t n;

	if (bind_addr(s, &la) == -1 ||
	    (fd = net_listen(&la, SOCK_STREAM, 1)) == -1) {
		request_fail(s, 12);
		return;
	}
	if (ev_io_start(svc->s_loop, &h->h_lio, fd, bind_accept_io, s)
	    == -1) {
		close(fd);
		h->h_lio.io_fd = -1;
		request_fail(s, 11);
		return;
	}
	if (net_local(fd, &bnd) == -1) {
		request_fail(s, 15);
		return;
	}
	nat_bnd(&svc->s_opts.nat_ext, &bnd);
	n = socks_reply(rep, s->s_version, SOCKS_REP_OK, &bnd);
	if (session_send(s, rep, n) == -1) {
		session_end(s, 95);
		return;
	}
	s->s_state = SS_BIND;
	s->s_cio.io_cb = bind_ctl_io;
	s->s_timer.t_cb = bind_timeout;
	ev_timer_start(svc->s_loop, &s->s_timer,
	    service_timeout_ms(svc, TO_CONN_LONG));
	/* The client may have closed while we resolved. */
	bind_ctl_io(&s->s_cio, 0);
}

/*
 * Local redirection (parent TYPE 0.0.0.0 0): the client is told it is
 * connected, then goes with what was parsed of it to the local handler of
 * TYPE (another module, through the socket 3proxy made), which walks the
 * rules again and writes the record.
 */
static void
local_redirect(struct session *s)
{
	struct handshake *h = s->s_hs;
	struct socks_req *r = &h->h_hs.hs_req;
	const struct preq *pr = &h->h_pr;
	unsigned char rep[SOCKS_MAXREPLY];
	static struct handoff ho;
	struct addr bnd;
	size_t n;

	handoff_init(&ho);
	ho.ho_proto = pr->pr_redirect;
	ho.ho_hops = pr->pr_hops;
	ho.ho_op = OP_CONNECT;
	ho.ho_client = s->s_client;
	ho.ho_local = s->s_local;
	ho.ho_target = pr->pr_target;
	addr_set_port(&ho.ho_target, 0);
	strlcpy(ho.ho_host, r->sr_host, sizeof(ho.ho_host));
	ho.ho_port = r->sr_port;
	if (s->s_user != NULL) {
		ho.ho_has_user = 1;
		strlcpy(ho.ho_user, s->s_user, sizeof(ho.ho_user));
	}
	if (r->sr_has_pass) {
		ho.ho_has_pass = 1;
		strlcpy(ho.ho_pass, r->sr_pass, sizeof(ho.ho_pass));
	}
	if (pr->pr_parent_user != NULL)
		strlcpy(ho.ho_puser, pr->pr_parent_user, sizeof(ho.ho_puser));
	if (pr->pr_parent_pass != NULL)
		strlcpy(ho.ho_ppass, pr->pr_parent_pass, sizeof(ho.ho_ppass));
	if (service_name(s) != NULL)
		strlcpy(ho.ho_service, service_name(s), sizeof(ho.ho_service));
	ho.ho_start = s->s_start;
	/* Bytes the client sent after its request (it did not wait). */
	n = h->h_len - h->h_off;
	if (n > HANDOFF_MAXDATA)
		n = HANDOFF_MAXDATA;
	memcpy(ho.ho_data, h->h_in + h->h_off, n);
	ho.ho_datalen = n;
	/* BND: where the client reached us; nothing was connected. */
	bnd = s->s_local;
	n = socks_reply(rep, s->s_version, SOCKS_REP_OK, &bnd);
	if (session_send(s, rep, n) == -1)
		session_end(s, 95);
	else if (service_handoff(s->s_svc, s->s_cio.io_fd, &ho) == -1)
		session_end(s, errno == ELOOP ? 101 : 9);
	else {
		s->s_handed = 1;
		session_end(s, 0);
	}
	handoff_wipe(&ho);
}

/* The request as the policy sees it, but for the target. */
static void
request_preq(const struct session *s, unsigned op, struct preq *pr)
{
	const struct socks_req *r = &s->s_hs->h_hs.hs_req;

	memset(pr, 0, sizeof(*pr));
	pr->pr_client = s->s_client;
	pr->pr_local = s->s_local;
	pr->pr_user = s->s_user;
	pr->pr_pass = r->sr_has_pass ? r->sr_pass : NULL;
	pr->pr_host = s->s_host;
	pr->pr_op = op;
}

/* A client "authcache ip" knew by its address is logged as the cached user. */
static void
cached_user(struct session *s, const char *name)
{
	char *u;

	if (name[0] == '\0' || (u = strdup(name)) == NULL)
		return;
	free(s->s_user);
	s->s_user = u;
}

/*
 * CONNECT: asked about every address of the target before it is tried, so
 * a name with an allowed and a denied address never reaches the denied one.
 */
static int
connect_check(void *arg, const struct addr *a)
{
	struct session *s = arg;
	struct handshake *h = s->s_hs;
	struct preq pr;
	int err;

	if (h->h_hs.hs_req.sr_port == 0)
		return 461;
	if (addr_is_any(a))
		return 431;
	request_preq(s, OP_CONNECT, &pr);
	pr.pr_target = *a;
	pr.pr_port = h->h_hs.hs_req.sr_port;
	h->h_pr.pr_userbuf[0] = '\0';
	if ((err = policy_check(s->s_svc->s_policy, &pr)) != 0)
		return err;
	if (pr.pr_redirect != 0) {
		/* Kept for local_redirect(), which runs once the dial is over. */
		h->h_pr = pr;
		if (pr.pr_parent_user == pr.pr_userbuf)
			h->h_pr.pr_parent_user = h->h_pr.pr_userbuf;
		return REDIRECT;
	}
	/* The name is taken once this address is connected. */
	if (pr.pr_user == pr.pr_userbuf)
		strlcpy(h->h_pr.pr_userbuf, pr.pr_userbuf,
		    sizeof(h->h_pr.pr_userbuf));
	return 0;
}

/* The attempt is over: connected, refused, redirected, or failed. */
static void
dialed(void *arg, int err)
{
	struct session *s = arg;
	struct dial *d = &s->s_hs->h_dial;

	if (d->d_naddr > 0) {
		s->s_req = d->d_addrs[0];
		addr_set_port(&s->s_req, s->s_hs->h_hs.hs_req.sr_port);
	}
	s->s_remote = d->d_remote;
	if (err == REDIRECT) {
		local_redirect(s);
		return;
	}
	if (err != 0) {
		s->s_errno = d->d_errno;
		request_fail(s, err);
		return;
	}
	/* The socket is ours now, and the dial goes with the handshake. */
	s->s_sio.io_cb = idle_io;
	s->s_sio.io_arg = s;
	cached_user(s, s->s_hs->h_pr.pr_userbuf);
	connected(s);
}

static void
start_connect(struct session *s)
{
	struct socks_req *r = &s->s_hs->h_hs.hs_req;
	char ip[ADDR_STRLEN];
	const char *host = r->sr_host;
	int err;

	if (host[0] == '\0')
		host = addr_ip_str(&r->sr_addr, ip, sizeof(ip));
	s->s_state = SS_CONNECT;
	if ((err = dial_start_io(&s->s_hs->h_dial, &s->s_sio, s->s_svc, host,
	    r->sr_port, connect_check, dialed, s)) != 0)
		dialed(s, err);
}

/*
 * BIND or UDP ASSOCIATE, the target known (literal or resolved): ask the
 * policy, then act. For UDP ASSOCIATE the destinations come later,
 * datagram by datagram.
 */
static void
target_ready(struct session *s)
{
	struct service *svc = s->s_svc;
	struct handshake *h = s->s_hs;
	struct preq pr;
	int err;

	request_preq(s, s->s_cmd == SOCKS_CMD_BIND ? OP_BIND : OP_UDPASSOC,
	    &pr);
	if (s->s_cmd == SOCKS_CMD_BIND) {
		pr.pr_target = h->h_addrs[0];
		pr.pr_port = h->h_hs.hs_req.sr_port;
		s->s_req = h->h_addrs[0];
	} else {
		/* The client's own side, by name: no destination. */
		pr.pr_host = NULL;
	}
	if ((err = policy_check(svc->s_policy, &pr)) == 0 && pr.pr_deferred &&
	    !(svc->s_opts.udpmode & 2))
		err = 1;	/* -U0, -U1: no datagram will be asked */
	if (err != 0) {
		request_fail(s, err);
		return;
	}
	if (preq_cached_user(&pr) != NULL)
		cached_user(s, preq_cached_user(&pr));
	if (s->s_cmd == SOCKS_CMD_BIND)
		start_bind(s);
	else if ((err = udp_start(s)) != 0)
		request_fail(s, err);
}

static void
resolved(void *arg, int err, const struct addr *addrs, int naddr)
{
	struct session *s = arg;
	struct handshake *h = s->s_hs;
	int i;

	s->s_query = NULL;
	ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
	if (err != RESOLV_OK || naddr <= 0) {
		request_fail(s, 100);
		return;
	}
	if (naddr > RESOLV_MAXADDR)
		naddr = RESOLV_MAXADDR;
	for (i = 0; i < naddr; i++) {
		h->h_addrs[i] = addrs[i];
		addr_set_port(&h->h_addrs[i], h->h_hs.hs_req.sr_port);
	}
	h->h_naddr = naddr;
	target_ready(s);
}

static void
resolve_timeout(struct ev_timer *t)
{
	struct session *s = t->t_arg;

	resolv_cancel(s->s_query);
	s->s_query = NULL;
	request_fail(s, 100);
}

static const char *
cmd_word(int cmd)
{
	switch (cmd) {
	case SOCKS_CMD_BIND:
		return "BIND";
	case SOCKS_CMD_UDP:
		return "UDPMAP";
	default:
		return "CONNECT";
	}
}

/* The whole request is in: note it for the record, then find the target. */
static void
start_request(struct session *s)
{
	struct service *svc = s->s_svc;
	struct handshake *h = s->s_hs;
	struct socks_req *r = &h->h_hs.hs_req;

	ev_timer_stop(svc->s_loop, &s->s_timer);
	/* Until the tunnel runs, client readiness is only latched. */
	s->s_cio.io_cb = idle_io;
	s->s_cmd = r->sr_cmd;
	s->s_4a = r->sr_4a;
	if (s->s_user == NULL && r->sr_user[0] != '\0' &&
	    (s->s_user = strdup(r->sr_user)) == NULL) {
		request_fail(s, 21);
		return;
	}
	if (r->sr_host[0] != '\0' && (s->s_host = strdup(r->sr_host)) == NULL) {
		request_fail(s, 21);
		return;
	}
	if ((s->s_text = session_text(cmd_word(s->s_cmd), r->sr_host,
	    &r->sr_addr, r->sr_port)) == NULL) {
		request_fail(s, 21);
		return;
	}
	s->s_req = r->sr_addr;
	/* UDP ASSOCIATE names the client's side, not a target. */
	if (s->s_cmd == SOCKS_CMD_UDP) {
		target_ready(s);
		return;
	}
	if (s->s_cmd == SOCKS_CMD_CONNECT) {
		start_connect(s);
		return;
	}
	if (r->sr_host[0] == '\0') {
		h->h_addrs[0] = r->sr_addr;
		h->h_naddr = 1;
		target_ready(s);
		return;
	}
	/* A name that is a literal ("127.0.0.1") needs no lookup. */
	if (resolv_literal(r->sr_host, &h->h_addrs[0]) == 0) {
		addr_set_port(&h->h_addrs[0], r->sr_port);
		h->h_naddr = 1;
		target_ready(s);
		return;
	}
	s->s_state = SS_RESOLVE;
	s->s_query = resolv_start(r->sr_host, svc->s_opts.family, resolved, s);
	if (s->s_query == NULL) {
		request_fail(s, 100);
		return;
	}
	/* The resolver has its own limits; this one only bounds the wait. */
	s->s_timer.t_cb = resolve_timeout;
	ev_timer_start(svc->s_loop, &s->s_timer,
	    service_timeout_ms(svc, TO_DNS) + service_timeout_ms(svc,
	    TO_CONNECT));
}

/* RFC 1929 credentials: checked before the answer (RFC 1929 s2). */
static int
check_auth(struct session *s, int *err)
{
	struct socks_req *r = &s->s_hs->h_hs.hs_req;
	struct preq pr;
	int rc;

	free(s->s_user);
	if ((s->s_user = strdup(r->sr_user)) == NULL) {
		*err = 21;
		return 0;
	}
	/* Standalone, without users: any credentials pass, as the original. */
	if (s->s_svc->s_policy == NULL)
		return 1;
	memset(&pr, 0, sizeof(pr));
	pr.pr_client = s->s_client;
	pr.pr_local = s->s_local;
	pr.pr_user = r->sr_user;
	pr.pr_pass = r->sr_pass;
	/*
	 * Any command may follow: a rule for one of them counts, so that
	 * "auth iponly strong" passes credentials that iponly does not need,
	 * as it does once the request is known (and in proxy).
	 */
	pr.pr_op = OP_CONNECT | OP_BIND | OP_UDPASSOC;
	rc = policy_check(s->s_svc->s_policy, &pr);
	/*
	 * Only the answers about the credentials count here (4 to 8); a rule
	 * that depends on the target is applied once the request is known.
	 */
	if (rc >= 4 && rc <= 8) {
		*err = rc;
		return 0;
	}
	return 1;
}

/* Send what the engine wants sent; 0, or -1 when the client is gone. */
static int
hs_flush(struct session *s)
{
	struct socks_hs *hs = &s->s_hs->h_hs;
	int rc = 0;

	if (hs->hs_outlen > 0)
		rc = session_send(s, hs->hs_out, hs->hs_outlen);
	hs->hs_outlen = 0;
	return rc;
}

/*
 * Run the handshake engine over what was read. Returns 1 when the session
 * left the handshake (or ended), 0 when it needs more bytes.
 */
static int
hs_process(struct session *s)
{
	struct handshake *h = s->s_hs;
	size_t used;
	int rc, err, ok;

	for (;;) {
		rc = socks_hs_feed(&h->h_hs, h->h_in + h->h_off,
		    h->h_len - h->h_off, &used);
		h->h_off += used;
		s->s_version = h->h_hs.hs_req.sr_version;
		s->s_4a = h->h_hs.hs_req.sr_4a;
		switch (rc) {
		case PARSE_MORE:
			if (hs_flush(s) == -1) {
				session_end(s, 95);
				return 1;
			}
			return 0;
		case SOCKS_HS_AUTH:
			err = 0;
			ok = check_auth(s, &err);
			if (socks_hs_auth(&h->h_hs, ok, err) == SOCKS_HS_FAIL) {
				(void)hs_flush(s);
				session_end(s, h->h_hs.hs_err);
				return 1;
			}
			continue;
		case SOCKS_HS_REQUEST:
			if (hs_flush(s) == -1) {
				session_end(s, 95);
				return 1;
			}
			start_request(s);
			return 1;
		default:
			/* The error reply is a courtesy: close either way. */
			(void)hs_flush(s);
			session_end(s, h->h_hs.hs_err);
			return 1;
		}
	}
}

static void
hs_timeout(struct ev_timer *t)
{
	struct session *s = t->t_arg;

	session_end(s, stage_err(s));
}

/*
 * Every slot is taken and this client has waited longest in its handshake:
 * closed now to make room, as at its timeout.
 */
static int
hs_shed(struct shed *sh)
{
	struct session *s = SHED_OWNER(sh, struct session);

	if (s->s_state != SS_HANDSHAKE)
		return -1;
	session_end(s, stage_err(s));
	return 0;
}

/*
 * The first byte of each message may take TO_BYTE_LONG, each further byte
 * TO_BYTE_SHORT, and the whole handshake TO_STRING_SHORT: a client feeding
 * one byte at a time cannot hold its slot for long.
 */
static void
hs_timer(struct session *s)
{
	struct service *svc = s->s_svc;
	uint64_t now = ev_now(svc->s_loop), ms;
	const struct handshake *h = s->s_hs;

	ms = service_timeout_ms(svc, h->h_len > h->h_off ? TO_BYTE_SHORT :
	    TO_BYTE_LONG);
	if (now >= s->s_deadline)
		ms = 0;
	else if (ms > s->s_deadline - now)
		ms = s->s_deadline - now;
	ev_timer_start(svc->s_loop, &s->s_timer, ms);
}

static void
hs_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	struct handshake *h = s->s_hs;
	ssize_t n;

	(void)events;
	while (io->io_ready & EV_READ) {
		if (h->h_off > 0) {
			memmove(h->h_in, h->h_in + h->h_off, h->h_len - h->h_off);
			h->h_len -= h->h_off;
			h->h_off = 0;
		}
		if (h->h_len == sizeof(h->h_in)) {
			/* Cannot happen: every message fits; be safe. */
			session_end(s, stage_err(s));
			return;
		}
		n = recv(io->io_fd, h->h_in + h->h_len,
		    sizeof(h->h_in) - h->h_len, 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				io->io_ready &= ~EV_READ;
				break;
			}
			session_end(s, stage_err(s));
			return;
		}
		if (n == 0) {
			session_end(s, stage_err(s));
			return;
		}
		/*
		 * A short read emptied the queue: the next bytes come as an
		 * event (edge-triggered), not from a recv() that says EAGAIN.
		 */
		if ((size_t)n < sizeof(h->h_in) - h->h_len &&
		    !(io->io_ready & (EV_EOF | EV_ERROR)))
			io->io_ready &= ~EV_READ;
		h->h_len += (size_t)n;
		if (hs_process(s))
			return;
	}
	hs_timer(s);
}

/* Before the relay runs, the client's readiness is only latched. */
static void
idle_io(struct ev_io *io, unsigned events)
{
	(void)io;
	(void)events;
}

void
socks_accept(struct service *svc, int fd, const struct addr *peer,
    const struct addr *local)
{
	struct session *s;
	int nu = svc->s_opts.needuser;

	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->s_hs = malloc(sizeof(*s->s_hs))) == NULL) {
		free(s);
		close(fd);
		service_conn_done(svc);
		return;
	}
	s->s_svc = svc;
	s->s_client = *peer;
	s->s_local = *local;
	s->s_sio.io_fd = -1;
	s->s_cio.io_fd = -1;
	s->s_state = SS_HANDSHAKE;
	s->s_hs->h_off = s->s_hs->h_len = 0;
	s->s_hs->h_naddr = 0;
	s->s_hs->h_lio.io_fd = -1;
	s->s_hs->h_pr.pr_userbuf[0] = '\0';
	dial_init(&s->s_hs->h_dial);
	socks_hs_init(&s->s_hs->h_hs, nu >= 1 ||
	    policy_wants_user(svc->s_policy), nu >= 2);
	clock_gettime(CLOCK_REALTIME, &s->s_start);
	ev_timer_init(&s->s_timer, hs_timeout, s);
	s->s_deadline = ev_now(svc->s_loop) +
	    service_timeout_ms(svc, TO_STRING_SHORT);
	if (ev_io_start(svc->s_loop, &s->s_cio, fd, hs_io, s) == -1) {
		close(fd);
		s->s_cio.io_fd = -1;
		session_end(s, 11);
		return;
	}
	service_shed_add(svc, &s->s_shed, hs_shed);
	hs_timer(s);
}
