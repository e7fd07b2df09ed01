/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* SOCKS5 UDP ASSOCIATE: the per-association datagram relay (RFC 1928 s7). */
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "socks.h"

/* Datagrams handled per wake-up of one socket, so others get their turn. */
#define UDP_BATCH	64
/* Destinations whose replies are let back to the client. */
#define UDP_NDEST	16
#define UDP_MAXDGRAM	65535

/* A destination in compact form: family, port, address bytes. */
struct udp_dest {
	uint8_t		 d_fam;		/* 0 for an empty slot */
	uint16_t	 d_port;
	uint8_t		 d_ip[16];
};

/* A datagram for a name being looked up. */
struct udp_pend {
	struct udp_pend	*p_next;
	uint16_t	 p_port;
	size_t		 p_len;
	unsigned char	 p_data[];
};

/* Destinations remembered as recorded, so that one is not logged twice. */
#define UDP_NSEEN	8

/* What may wait for one lookup: the rest is dropped, as UDP may. */
#define UDP_PENDMAX	16
#define UDP_PENDBYTES	(256u << 10)

struct udp_assoc {
	struct ev_io	 u_rio;		/* faces the client (internal side) */
	struct ev_io	 u_oio[2];	/* toward destinations: IPv4, IPv6 */
	struct addr	 u_peer;	/* the client's UDP address */
	int		 u_pinned;	/* u_peer's port is known */
	int		 u_first;	/* a datagram went out already */
	struct udp_dest	 u_dest[UDP_NDEST];
	int		 u_ndest;	/* ring position */
	struct udp_dest	 u_authed;	/* last destination the policy passed */
	char		 u_authname[SOCKS_MAXNAME + 1];	/* and its name */
	char		*u_pass;	/* for re-authorization (-U2, -U3) */
	uint64_t	 u_last;	/* last datagram either way (ev_now) */
	uint64_t	 u_in;		/* payload bytes to the client */
	uint64_t	 u_out;		/* payload bytes to destinations */
	/* One name lookup at a time, with the datagrams that wait for it. */
	struct resolv_query *u_query;
	char		 u_qname[SOCKS_MAXNAME + 1];
	struct udp_pend	*u_pending;	/* in arrival order */
	struct udp_pend	**u_pendtail;
	int		 u_npend;
	size_t		 u_pendbytes;
	/* The last name resolved, reused while the client sends to it. */
	char		 u_name[SOCKS_MAXNAME + 1];
	struct addr	 u_nameaddr;
	/* Destinations recorded (-U1, -U3): address and a hash of the name. */
	struct {
		struct udp_dest	 d;
		uint32_t	 h;
	}		 u_seen[UDP_NSEEN];
	int		 u_nseen;	/* ring position */
};

/* Room for the longest header before the payload, for in-place replies. */
static unsigned char dgram[SOCKS_MAXREPLY + UDP_MAXDGRAM];

static void
pend_free(struct udp_assoc *u)
{
	struct udp_pend *p;

	while ((p = u->u_pending) != NULL) {
		u->u_pending = p->p_next;
		free(p);
	}
	u->u_pendtail = &u->u_pending;
	u->u_npend = 0;
	u->u_pendbytes = 0;
}

/* Keep a datagram for the name being looked up; 0, or -1 when dropped. */
static int
pend_add(struct udp_assoc *u, uint16_t port, const unsigned char *d,
    size_t n)
{
	struct udp_pend *p;

	if (u->u_npend >= UDP_PENDMAX || u->u_pendbytes + n > UDP_PENDBYTES ||
	    (p = malloc(sizeof(*p) + n)) == NULL)
		return -1;
	p->p_next = NULL;
	p->p_port = port;
	p->p_len = n;
	memcpy(p->p_data, d, n);
	if (u->u_pendtail == NULL)
		u->u_pendtail = &u->u_pending;
	*u->u_pendtail = p;
	u->u_pendtail = &p->p_next;
	u->u_npend++;
	u->u_pendbytes += n;
	return 0;
}

static void
dest_set(struct udp_dest *d, const struct addr *a)
{
	memset(d, 0, sizeof(*d));
	d->d_fam = addr_family(a) == AF_INET6 ? 6 : 4;
	d->d_port = addr_port(a);
	if (d->d_fam == 6)
		memcpy(d->d_ip, &a->a.sin6.sin6_addr, 16);
	else
		memcpy(d->d_ip, &a->a.sin.sin_addr, 4);
}

static int
dest_known(const struct udp_assoc *u, const struct udp_dest *d)
{
	int i;

	for (i = 0; i < UDP_NDEST; i++)
		if (memcmp(&u->u_dest[i], d, sizeof(*d)) == 0)
			return 1;
	return 0;
}

void
udp_stats(struct session *s, uint64_t *in, uint64_t *out, struct addr *ext)
{
	struct udp_assoc *u = s->s_udp;
	int i = addr_family(&s->s_remote) == AF_INET6;

	*in = u->u_in;
	*out = u->u_out;
	if (u->u_oio[i].io_fd != -1)
		(void)net_local(u->u_oio[i].io_fd, ext);
}

void
udp_free(struct session *s)
{
	struct udp_assoc *u = s->s_udp;
	struct ev_loop *loop = s->s_svc->s_loop;

	if (u == NULL)
		return;
	resolv_cancel(u->u_query);
	ev_io_close(loop, &u->u_rio);
	ev_io_close(loop, &u->u_oio[0]);
	ev_io_close(loop, &u->u_oio[1]);
	if (u->u_pass != NULL) {
		compat_wipe(u->u_pass, strlen(u->u_pass));
		free(u->u_pass); u->u_pass = NULL;
	}
	pend_free(u);
	free(u);
	s->s_udp = NULL;
}

/*
 * -U1, -U3: whether a destination is new to the association's records (the
 * last UDP_NSEEN are remembered); a new one is remembered.
 */
static int
udp_new_dest(struct session *s, const struct addr *dst, const char *name)
{
	struct udp_assoc *u = s->s_udp;
	uint32_t h = 2166136261u;
	const char *c;
	struct udp_dest d;
	int i;

	if (!(s->s_svc->s_opts.udpmode & 1))
		return 0;
	for (c = name != NULL ? name : ""; *c != '\0'; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	dest_set(&d, dst);
	for (i = 0; i < UDP_NSEEN; i++)
		if (u->u_seen[i].h == h &&
		    memcmp(&u->u_seen[i].d, &d, sizeof(d)) == 0)
			return 0;
	u->u_seen[u->u_nseen].d = d;
	u->u_seen[u->u_nseen].h = h;
	u->u_nseen = (u->u_nseen + 1) % UDP_NSEEN;
	return 1;
}

/*
 * -U2, -U3: a new destination passes the policy before it is used. Returns
 * 0, or the policy's code for a refusal.
 */
static int
udp_allowed(struct session *s, const struct addr *dst, const char *name)
{
	struct udp_assoc *u = s->s_udp;
	struct udp_dest d;
	struct preq pr;
	int rc;

	if (!(s->s_svc->s_opts.udpmode & 2))
		return 0;
	/* The name counts too: the ACL may deny one name of an address. */
	dest_set(&d, dst);
	if (memcmp(&d, &u->u_authed, sizeof(d)) == 0 &&
	    strcmp(name != NULL ? name : "", u->u_authname) == 0)
		return 0;
	memset(&pr, 0, sizeof(pr));
	pr.pr_client = s->s_client;
	pr.pr_local = s->s_local;
	pr.pr_user = s->s_user;
	pr.pr_pass = u->u_pass;
	pr.pr_op = OP_UDPASSOC;
	pr.pr_host = name;
	pr.pr_target = *dst;
	pr.pr_port = addr_port(dst);
	if ((rc = policy_check(s->s_svc->s_policy, &pr)) != 0)
		return rc;
	u->u_authed = d;
	strlcpy(u->u_authname, name != NULL ? name : "",
	    sizeof(u->u_authname));
	return 0;
}

static void udp_out_io(struct ev_io *, unsigned);

/* The outgoing socket for a family, made on first use and bound to -e. */
static int
out_socket(struct session *s, int family)
{
	struct service *svc = s->s_svc;
	struct udp_assoc *u = s->s_udp;
	struct ev_io *io = &u->u_oio[family == AF_INET6];
	const struct addr *ext;
	int fd;

	if (io->io_fd != -1)
		return io->io_fd;
	if ((fd = net_socket(family, SOCK_DGRAM)) == -1)
		return -1;
	if ((ext = service_ext(svc, family)) != NULL) {
		struct addr src = *ext;

		addr_set_port(&src, 0);
		if (bind(fd, &src.a.sa, src.len) == -1)
			goto fail;
	}
	if (svc->s_opts.dev_ext != NULL)
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE,
		    svc->s_opts.dev_ext, (socklen_t)strlen(svc->s_opts.dev_ext));
	if (ev_io_start_level(svc->s_loop, io, fd, udp_out_io, s) == -1)
		goto fail;
	return fd;
fail:
	close(fd);
	io->io_fd = -1;
	return -1;
}

/* Send one payload to a destination; a failure drops only this datagram. */
static void
udp_send(struct session *s, const struct addr *dst, const char *name,
    const unsigned char *p, size_t n)
{
	struct udp_assoc *u = s->s_udp;
	ssize_t w;
	int fd, rc;

	if (addr_is_any(dst) || addr_port(dst) == 0)
		return;
	rc = udp_allowed(s, dst, name);
	/*
	 * -U1, -U3: each new destination gets a record, as in the original;
	 * the first one that passes is named by the association's own.
	 */
	if ((rc != 0 || u->u_first) && udp_new_dest(s, dst, name))
		udp_log_dest(s, rc, dst, name);
	else if (rc == 0 && !u->u_first)
		(void)udp_new_dest(s, dst, name);
	if (rc != 0)
		return;
	if ((fd = out_socket(s, addr_family(dst))) == -1)
		return;
	do
		w = sendto(fd, p, n, 0, &dst->a.sa, dst->len);
	while (w == -1 && errno == EINTR);
	if (w != (ssize_t)n)
		return;
	u->u_out += n;
	dest_set(&u->u_dest[u->u_ndest], dst);
	u->u_ndest = (u->u_ndest + 1) % UDP_NDEST;
	s->s_remote = *dst;
	if (!u->u_first) {
		/* The record names the first destination. */
		char *t = session_text("UDPMAP", name, dst, addr_port(dst));

		u->u_first = 1;
		s->s_req = *dst;
		if (t != NULL) {
			free(s->s_text);
			s->s_text = t;
		}
		free(s->s_host);
		s->s_host = name != NULL ? strdup(name) : NULL;
	}
}

static void
udp_resolved(void *arg, int err, const struct addr *addrs, int naddr)
{
	struct session *s = arg;
	struct udp_assoc *u = s->s_udp;
	struct addr dst;

	struct udp_pend *p;

	u->u_query = NULL;
	/* A name that does not resolve costs its datagrams, nothing more. */
	if (err == RESOLV_OK && naddr > 0) {
		strlcpy(u->u_name, u->u_qname, sizeof(u->u_name));
		u->u_nameaddr = addrs[0];
		for (p = u->u_pending; p != NULL; p = p->p_next) {
			dst = addrs[0];
			addr_set_port(&dst, p->p_port);
			udp_send(s, &dst, u->u_name, p->p_data, p->p_len);
		}
	}
	pend_free(u);
}

/* A datagram for a name: the last name is reused, a new one looked up. */
static void
udp_to_name(struct session *s, const struct socks_udp *h,
    const unsigned char *p, size_t n)
{
	struct udp_assoc *u = s->s_udp;
	struct addr dst;

	if (resolv_literal(h->su_host, &dst) == 0) {
		addr_unmap(&dst);
		addr_set_port(&dst, h->su_port);
		udp_send(s, &dst, NULL, p, n);
		return;
	}
	if (u->u_name[0] != '\0' && strcmp(u->u_name, h->su_host) == 0) {
		dst = u->u_nameaddr;
		addr_set_port(&dst, h->su_port);
		udp_send(s, &dst, u->u_name, p, n);
		return;
	}
	/*
	 * During a lookup, datagrams for that name wait with the first (a
	 * few); those for another name are dropped.
	 */
	if (u->u_query != NULL) {
		if (strcmp(u->u_qname, h->su_host) == 0)
			(void)pend_add(u, h->su_port, p, n);
		return;
	}
	if (pend_add(u, h->su_port, p, n) == -1)
		return;
	strlcpy(u->u_qname, h->su_host, sizeof(u->u_qname));
	u->u_query = resolv_start(u->u_qname, s->s_svc->s_opts.family,
	    udp_resolved, s);
	if (u->u_query == NULL)
		pend_free(u);
}

/* From the client: check the source, parse the header, forward. */
static void
udp_client_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	struct udp_assoc *u = s->s_udp;
	struct socks_udp h;
	struct addr from;
	ssize_t n;
	int i;

	(void)events;
	for (i = 0; i < UDP_BATCH; i++) {
		addr_clear(&from);
		from.len = sizeof(from.a);
		n = recvfrom(io->io_fd, dgram, UDP_MAXDGRAM, 0, &from.a.sa,
		    &from.len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			/* EAGAIN, or an ICMP error queued on the socket. */
			return;
		}
		addr_unmap(&from);
		/* RFC 1928 s7: only the client's address may use the relay. */
		if (!addr_same_ip(&from, &u->u_peer) ||
		    (u->u_pinned && addr_port(&from) != addr_port(&u->u_peer)))
			continue;
		/* Broken or fragmented: this datagram goes, not the rest. */
		if (socks_udp_parse(dgram, (size_t)n, &h) != PARSE_OK)
			continue;
		if (!u->u_pinned) {
			u->u_peer = from;
			u->u_pinned = 1;
		}
		u->u_last = ev_now(s->s_svc->s_loop);
		if (h.su_atyp == SOCKS_ATYP_NAME)
			udp_to_name(s, &h, dgram + h.su_hdrlen,
			    (size_t)n - h.su_hdrlen);
		else
			udp_send(s, &h.su_addr, NULL, dgram + h.su_hdrlen,
			    (size_t)n - h.su_hdrlen);
		if (s->s_udp == NULL)
			return;
	}
}

/* From a destination: only one the client sent to gets through. */
static void
udp_out_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	struct udp_assoc *u = s->s_udp;
	unsigned char *p = dgram + SOCKS_MAXREPLY, hdr[SOCKS_MAXREPLY];
	struct udp_dest d;
	struct addr from;
	size_t hl;
	ssize_t n, w;
	int i;

	(void)events;
	for (i = 0; i < UDP_BATCH; i++) {
		addr_clear(&from);
		from.len = sizeof(from.a);
		n = recvfrom(io->io_fd, p, UDP_MAXDGRAM - SOCKS_MAXREPLY, 0,
		    &from.a.sa, &from.len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		addr_unmap(&from);
		dest_set(&d, &from);
		if (!u->u_pinned || !dest_known(u, &d))
			continue;
		/* RFC 1928 s7: the reply carries the sender's address. */
		hl = socks_udp_header(hdr, &from);
		memcpy(p - hl, hdr, hl);
		do
			w = sendto(u->u_rio.io_fd, p - hl, hl + (size_t)n, 0,
			    &u->u_peer.a.sa, u->u_peer.len);
		while (w == -1 && errno == EINTR);
		if (w == (ssize_t)hl + n)
			u->u_in += (uint64_t)n;
		u->u_last = ev_now(s->s_svc->s_loop);
	}
}

/*
 * The TCP control connection: its end ends the association. Anything the
 * client sends on it is read and ignored.
 */
static void
udp_ctl_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	char junk[256];
	ssize_t n;

	if (events & EV_ERROR) {
		session_end(s, 95);
		return;
	}
	while (io->io_ready & EV_READ) {
		n = recv(io->io_fd, junk, sizeof(junk), 0);
		if (n > 0)
			continue;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			io->io_ready &= ~EV_READ;
			return;
		}
		session_end(s, n == 0 ? 0 : 95);
		return;
	}
}

static void
udp_idle(struct ev_timer *t)
{
	struct session *s = t->t_arg;
	struct service *svc = s->s_svc;
	uint64_t now = ev_now(svc->s_loop), limit;

	limit = service_timeout_ms(svc, TO_CONN_LONG);
	if (now - s->s_udp->u_last >= limit) {
		session_end(s, 92);
		return;
	}
	ev_timer_start(svc->s_loop, t, limit - (now - s->s_udp->u_last));
}

int
udp_start(struct session *s)
{
	struct service *svc = s->s_svc;
	struct socks_req *r = &s->s_hs->h_hs.hs_req;
	unsigned char rep[SOCKS_MAXREPLY];
	struct udp_assoc *u;
	struct addr la, bnd;
	size_t n;
	int fd;

	if (addr_family(&s->s_local) != AF_INET &&
	    addr_family(&s->s_local) != AF_INET6)
		return 12;
	if ((u = calloc(1, sizeof(*u))) == NULL)
		return 21;
	u->u_rio.io_fd = u->u_oio[0].io_fd = u->u_oio[1].io_fd = -1;
	s->s_udp = u;
	if (r->sr_has_pass && (u->u_pass = strdup(r->sr_pass)) == NULL)
		return 21;
	/* The client's IP from TCP; its port from the request, or later. */
	u->u_peer = s->s_client;
	addr_set_port(&u->u_peer, r->sr_port);
	u->u_pinned = r->sr_port != 0;
	/* The relay socket sits where the client reached us. */
	la = s->s_local;
	addr_set_port(&la, 0);
	if ((fd = net_listen(&la, SOCK_DGRAM, 0)) == -1)
		return 12;
	if (ev_io_start_level(svc->s_loop, &u->u_rio, fd, udp_client_io, s)
	    == -1) {
		close(fd);
		u->u_rio.io_fd = -1;
		return 11;
	}
	if (net_local(fd, &bnd) == -1)
		return 15;
	/*
	 * An -e address that cannot be bound fails the request now, as it
	 * fails CONNECT and BIND, rather than every datagram later.
	 */
	if ((service_ext(svc, AF_INET) != NULL &&
	    out_socket(s, AF_INET) == -1) ||
	    (service_ext(svc, AF_INET6) != NULL &&
	    out_socket(s, AF_INET6) == -1))
		return 12;
	if (addr_is_set(&svc->s_opts.nat_int)) {
		uint16_t port = addr_port(&bnd);

		bnd = svc->s_opts.nat_int;
		addr_set_port(&bnd, port);
	}
	n = socks_reply(rep, s->s_version, SOCKS_REP_OK, &bnd);
	if (session_send(s, rep, n) == -1) {
		session_end(s, 95);
		return 0;
	}
	/* The handshake is over; the association keeps only its own state. */
	handshake_free(s);
	s->s_state = SS_UDP;
	s->s_cio.io_cb = udp_ctl_io;
	u->u_last = ev_now(svc->s_loop);
	s->s_timer.t_cb = udp_idle;
	ev_timer_start(svc->s_loop, &s->s_timer,
	    service_timeout_ms(svc, TO_CONN_LONG));
	/* The control connection may already have ended. */
	udp_ctl_io(&s->s_cio, 0);
	return 0;
}
