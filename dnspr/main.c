/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* dnspr: a caching DNS proxy on UDP and TCP, in front of the upstream servers. */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "compat.h"
#include "dnspr.h"
#include "resolv.h"
#include "server.h"

#define DNSPR_SYNOPSIS \
	"%s [-dIst] [-fFORMAT] [-iINTERNAL] [-l[@IDENT | LOGFILE]] " \
	"[-pPORT] [--maxconn=N] [--nscache=N] [--nscache6=N] " \
	"[--nserver=IP[:PORT][/tcp]] [--nsrecord=NAME:ADDRESS] " \
	"[--timeouts=LIST]"

/* Datagrams read per wake-up, so TCP clients get their turn. */
#define UDP_BATCH	64

struct tconn;

/* A reply waiting to be written to a TCP client, length prefix included. */
struct obuf {
	struct obuf	*o_next;
	size_t		 o_len;
	uint8_t		 o_data[];
};

/* A query waiting for the upstream servers. */
struct pq {
	struct pq		*p_next;	/* its TCP connection's list */
	struct pq		*p_prev;
	struct service		*p_svc;
	struct listener		*p_lst;		/* UDP: answer from here */
	struct tconn		*p_tc;		/* TCP: answer on this */
	struct addr		 p_peer;	/* as recvfrom() gave it */
	struct dnspr_query	 p_q;
	struct resolv_query	*p_rq;
	size_t			 p_qlen;
	struct timespec		 p_start;
};

/* A TCP client: several queries, answered in any order (RFC 7766 s6.2.1). */
struct tconn {
	struct service	*t_svc;
	struct ev_io	 t_io;
	struct ev_timer	 t_timer;
	struct addr	 t_client;
	struct addr	 t_local;
	uint8_t		 t_in[2 + DNS_MAXQUERY];
	size_t		 t_inlen;
	struct pq	*t_pending;
	int		 t_npending;	/* queries asked upstream */
	struct obuf	*t_out;
	struct obuf	*t_outtail;
	int		 t_nout;	/* replies not yet written */
	size_t		 t_outoff;
	int		 t_eof;
};

struct dnspr {
	int		 simple;	/* -s: forward everything, no cache */
	unsigned	 npending;	/* UDP queries upstream */
};

static uint8_t	 inbuf[DNS_MAXMSG + 1];
static uint8_t	 outbuf[DNS_MAXMSG + 64];
static uint8_t	 tcbuf[DNS_MAXUDP];

static void
log_query(struct service *svc, const struct addr *client,
    const struct addr *local, const struct addr *server,
    const struct dnspr_query *q, size_t qlen, const uint8_t *reply,
    size_t rlen, int code, const struct timespec *start)
{
	char text[DNSPR_TEXTLEN], name[DNS_TEXTNAME] = "";
	struct logrec r;

	if (!logger_enabled(&svc->s_log))
		return;
	memset(&r, 0, sizeof(r));
	r.lr_err = code;
	r.lr_client = *client;
	addr_unmap(&r.lr_client);
	r.lr_int = *local;
	if (server != NULL)
		r.lr_remote = *server;
	if (q->dq_parsed)
		(void)dns_name_to_text(q->dq_name, q->dq_namelen, name,
		    sizeof(name));
	r.lr_host = name;
	dnspr_log_text(text, sizeof(text), q, reply, rlen);
	r.lr_text = text;
	r.lr_out = qlen;
	r.lr_in = rlen;
	if (start != NULL)
		r.lr_start = *start;
	else
		clock_gettime(CLOCK_REALTIME, &r.lr_start);
	service_log(svc, &r);
}

/* TCP clients. */

static void tconn_io(struct ev_io *, unsigned);
static void tconn_input(struct tconn *);

static void
tconn_close(struct tconn *tc, int code)
{
	struct service *svc = tc->t_svc;
	struct pq *p;
	struct obuf *o;

	if (code != 0) {
		struct dnspr_query q;

		memset(&q, 0, sizeof(q));
		log_query(svc, &tc->t_client, &tc->t_local, NULL, &q,
		    tc->t_inlen, NULL, 0, code, NULL);
	}
	while ((p = tc->t_pending) != NULL) {
		tc->t_pending = p->p_next;
		resolv_cancel(p->p_rq);
		free(p);
	}
	while ((o = tc->t_out) != NULL) {
		tc->t_out = o->o_next;
		free(o);
	}
	ev_timer_stop(svc->s_loop, &tc->t_timer);
	ev_io_close(svc->s_loop, &tc->t_io);
	free(tc);
	service_conn_done(svc);
}

/* Write what is queued; 0, or -1 when the connection was closed. */
static int
tconn_flush(struct tconn *tc)
{
	struct obuf *o;

	while ((o = tc->t_out) != NULL) {
		ssize_t n;

		if (!(tc->t_io.io_ready & EV_WRITE))
			return 0;
		n = send(tc->t_io.io_fd, o->o_data + tc->t_outoff,
		    o->o_len - tc->t_outoff, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				tc->t_io.io_ready &= ~EV_WRITE;
				return 0;
			}
			tconn_close(tc, 0);
			return -1;
		}
		tc->t_outoff += (size_t)n;
		if (tc->t_outoff < o->o_len)
			continue;
		tc->t_out = o->o_next;
		if (tc->t_out == NULL)
			tc->t_outtail = NULL;
		free(o);
		tc->t_outoff = 0;
		tc->t_nout--;
	}
	return 0;
}

/*
 * The idle timer runs while no query waits for the upstreams: a client
 * that sends nothing, or reads none of its replies, is closed.
 */
static void
tconn_arm(struct tconn *tc)
{
	struct service *svc = tc->t_svc;

	if (tc->t_npending == 0)
		ev_timer_start(svc->s_loop, &tc->t_timer,
		    service_timeout_ms(svc, TO_STRING_SHORT));
	else
		ev_timer_stop(svc->s_loop, &tc->t_timer);
}

/* Queue a reply; 0, or -1 when the connection was closed. */
static int
tconn_reply(struct tconn *tc, const uint8_t *reply, size_t len)
{
	struct obuf *o = malloc(sizeof(*o) + 2 + len);

	if (o == NULL) {
		tconn_close(tc, 0);
		return -1;
	}
	o->o_next = NULL;
	o->o_len = 2 + len;
	dns_put16(o->o_data, (unsigned)len);
	memcpy(o->o_data + 2, reply, len);
	if (tc->t_outtail != NULL)
		tc->t_outtail->o_next = o;
	else
		tc->t_out = o;
	tc->t_outtail = o;
	tc->t_nout++;
	return tconn_flush(tc);
}

/* Send a reply to a UDP or TCP client, TC set when UDP cannot carry it. */
static int
send_reply(struct service *svc, struct listener *l, struct tconn *tc,
    const struct addr *peer, const struct dnspr_query *q, uint8_t *reply,
    size_t *len)
{
	if (tc != NULL)
		return tconn_reply(tc, reply, *len);
	if (*len > dnspr_udp_limit(q)) {
		/* RFC 1035 s4.2.1: never more than the client takes. */
		*len = dnspr_truncate(tcbuf, sizeof(tcbuf), q, reply, *len);
		reply = tcbuf;
	}
	(void)svc;
	if (*len > 0)
		(void)sendto(l->l_io.io_fd, reply, *len, MSG_DONTWAIT,
		    &peer->a.sa, peer->len);
	return 0;
}

static void
pq_free(struct pq *p)
{
	struct dnspr *d = p->p_svc->s_ctx;
	struct tconn *tc = p->p_tc;

	if (tc != NULL) {
		if (p->p_prev != NULL)
			p->p_prev->p_next = p->p_next;
		else
			tc->t_pending = p->p_next;
		if (p->p_next != NULL)
			p->p_next->p_prev = p->p_prev;
		tc->t_npending--;
	} else {
		d->npending--;
		service_work_done(p->p_svc);
	}
	free(p);
}

/* The upstream servers answered, or gave up. */
static void
forwarded(void *arg, int err, const uint8_t *msg, size_t len,
    const struct addr *from)
{
	struct pq *p = arg;
	struct service *svc = p->p_svc;
	struct tconn *tc = p->p_tc;
	struct listener *l = p->p_lst;
	struct dnspr_query q = p->p_q;
	struct addr peer = p->p_peer;
	const struct addr *client = tc != NULL ? &tc->t_client : &peer;
	const struct addr *local = tc != NULL ? &tc->t_local : &l->l_addr;
	size_t rlen = 0;
	int code;

	p->p_rq = NULL;
	if (err == RESOLV_OK)
		rlen = dnspr_adapt(outbuf, sizeof(outbuf), &q, msg, len);
	if (rlen == 0) {
		/* Better than the original's silence: say it failed. */
		rlen = dnspr_build_error(outbuf, sizeof(outbuf), &q,
		    DNS_R_SERVFAIL);
		code = DNSPR_E_SERVFAIL;
	} else
		code = dnspr_reply_code(outbuf, rlen);
	log_query(svc, client, local, from, &q, p->p_qlen, outbuf, rlen,
	    code, &p->p_start);
	pq_free(p);
	if (send_reply(svc, l, tc, &peer, &q, outbuf, &rlen) == -1 ||
	    tc == NULL)
		return;
	tconn_arm(tc);
	/* A slot came free: queries held back may go now. */
	tconn_input(tc);
}

/*
 * Answer one query from a client (UDP when tc is NULL). Returns 0, or -1
 * when the TCP connection was closed.
 */
static int
handle_query(struct service *svc, struct listener *l, struct tconn *tc,
    const struct addr *peer, const uint8_t *msg, size_t len)
{
	struct dnspr *d = svc->s_ctx;
	const struct addr *client = tc != NULL ? &tc->t_client : peer;
	const struct addr *local = tc != NULL ? &tc->t_local : &l->l_addr;
	struct dnspr_query q;
	struct resolv_rrset rs;
	struct pq *p;
	size_t rlen = 0;
	int v, code;

	v = dnspr_check_query(msg, len, &q);
	switch (v) {
	case DNSPR_OK:
		break;
	case DNSPR_DROP:
		log_query(svc, client, local, NULL, &q, len, NULL, 0,
		    DNSPR_E_DROPPED, NULL);
		return 0;
	default:
		rlen = dnspr_build_error(outbuf, sizeof(outbuf), &q,
		    v == DNSPR_NOTIMP ? DNS_R_NOTIMP : v == DNSPR_BADVERS ?
		    DNS_R_BADVERS : DNS_R_FORMERR);
		code = v == DNSPR_NOTIMP ? DNSPR_E_NOTIMP : DNSPR_E_FORMERR;
		goto reply;
	}
	if (!d->simple && q.dq_qclass == DNS_C_IN) {
		uint8_t ptr[DNS_MAXNAME];
		size_t ptrlen;
		struct addr a;

		if ((q.dq_qtype == DNS_T_A || q.dq_qtype == DNS_T_AAAA) &&
		    resolv_local(q.dq_name, q.dq_namelen, q.dq_qtype, 1,
		    &rs)) {
			rlen = dnspr_build_local(outbuf, sizeof(outbuf), &q,
			    &rs, NULL, 0);
			code = rs.rs_err == RESOLV_OK ? DNSPR_E_OK :
			    rs.rs_rcode == DNS_R_NXDOMAIN ? DNSPR_E_NXDOMAIN :
			    DNSPR_E_OK;
			goto reply;
		}
		if (q.dq_qtype == DNS_T_PTR &&
		    dns_ptr_addr(q.dq_name, q.dq_namelen, &a) == 0 &&
		    resolv_local_ptr(&a, ptr, &ptrlen) == 0) {
			rlen = dnspr_build_local(outbuf, sizeof(outbuf), &q,
			    NULL, ptr, ptrlen);
			code = DNSPR_E_OK;
			goto reply;
		}
	}
	if (tc == NULL && d->npending >= DNSPR_MAXPENDING) {
		rlen = dnspr_build_error(outbuf, sizeof(outbuf), &q,
		    DNS_R_REFUSED);
		code = DNSPR_E_BUSY;
		goto reply;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		rlen = dnspr_build_error(outbuf, sizeof(outbuf), &q,
		    DNS_R_SERVFAIL);
		code = DNSPR_E_SERVFAIL;
		goto reply;
	}
	p->p_svc = svc;
	p->p_lst = l;
	p->p_tc = tc;
	p->p_peer = *peer;
	p->p_q = q;
	p->p_qlen = len;
	if (logger_enabled(&svc->s_log))
		clock_gettime(CLOCK_REALTIME, &p->p_start);
	if (tc != NULL) {
		p->p_next = tc->t_pending;
		if (p->p_next != NULL)
			p->p_next->p_prev = p;
		tc->t_pending = p;
		tc->t_npending++;
	} else {
		d->npending++;
		service_work_begin(svc);
	}
	p->p_rq = resolv_forward(q.dq_name, q.dq_namelen, q.dq_qtype,
	    q.dq_qclass, q.dq_flags, q.dq_ednsflags, d->simple, forwarded, p);
	if (p->p_rq == NULL) {
		pq_free(p);
		rlen = dnspr_build_error(outbuf, sizeof(outbuf), &q,
		    DNS_R_SERVFAIL);
		code = DNSPR_E_SERVFAIL;
		goto reply;
	}
	return 0;
reply:
	log_query(svc, client, local, NULL, &q, len, outbuf, rlen, code,
	    NULL);
	return send_reply(svc, l, tc, peer, &q, outbuf, &rlen);
}

/* Take whole queries off the input while there is room to answer them. */
static void
tconn_input(struct tconn *tc)
{
	for (;;) {
		size_t mlen;
		ssize_t n;
		int rc;

		if (tc->t_npending + tc->t_nout >= DNSPR_TCP_MAXPENDING)
			return;		/* backpressure: read no more now */
		rc = dnspr_frame(tc->t_in, tc->t_inlen, &mlen);
		if (rc == PARSE_OK) {
			if (handle_query(tc->t_svc, NULL, tc, &tc->t_client,
			    tc->t_in + 2, mlen) == -1)
				return;
			tc->t_inlen -= 2 + mlen;
			memmove(tc->t_in, tc->t_in + 2 + mlen, tc->t_inlen);
			tconn_arm(tc);
			continue;
		}
		if (rc != PARSE_MORE) {
			tconn_close(tc, DNSPR_E_FRAME);
			return;
		}
		if (tc->t_eof) {
			if (tc->t_npending == 0 && tc->t_nout == 0)
				tconn_close(tc, tc->t_inlen > 0 ?
				    DNSPR_E_FRAME : 0);
			return;
		}
		if (!(tc->t_io.io_ready & EV_READ))
			return;
		n = recv(tc->t_io.io_fd, tc->t_in + tc->t_inlen,
		    sizeof(tc->t_in) - tc->t_inlen, 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				tc->t_io.io_ready &= ~EV_READ;
				return;
			}
			tconn_close(tc, 0);
			return;
		}
		if (n == 0)
			tc->t_eof = 1;
		tc->t_inlen += (size_t)n;
	}
}

static void
tconn_io(struct ev_io *io, unsigned events)
{
	struct tconn *tc = io->io_arg;

	(void)events;
	if (tconn_flush(tc) == -1)
		return;
	if (events & EV_WRITE)
		tconn_arm(tc);
	tconn_input(tc);
}

static void
tconn_timeout(struct ev_timer *t)
{
	struct tconn *tc = t->t_arg;

	tconn_close(tc, tc->t_inlen > 0 ? DNSPR_E_IDLE : 0);
}

static void
dnspr_accept(struct service *svc, int fd, const struct addr *peer,
    const struct addr *local)
{
	struct tconn *tc;

	if ((tc = calloc(1, sizeof(*tc))) == NULL) {
		close(fd);
		service_conn_done(svc);
		return;
	}
	tc->t_svc = svc;
	tc->t_client = *peer;
	tc->t_local = *local;
	ev_timer_init(&tc->t_timer, tconn_timeout, tc);
	if (ev_io_start(svc->s_loop, &tc->t_io, fd, tconn_io, tc) == -1) {
		close(fd);
		free(tc);
		service_conn_done(svc);
		return;
	}
	tconn_arm(tc);
}

static void
dnspr_dgram(struct service *svc, struct listener *l)
{
	int i;

	for (i = 0; i < UDP_BATCH; i++) {
		struct addr peer;
		ssize_t n;

		addr_clear(&peer);
		peer.len = sizeof(peer.a);
		n = recvfrom(l->l_io.io_fd, inbuf, sizeof(inbuf), 0,
		    &peer.a.sa, &peer.len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		(void)handle_query(svc, l, NULL, &peer, inbuf, (size_t)n);
	}
}

static int
dnspr_init(struct service *svc, char *err, size_t errlen)
{
	static struct dnspr d;

	(void)err;
	(void)errlen;
	d.simple = svc->s_opts.single != 0;
	svc->s_ctx = &d;
	if (resolv_nservers() == 0)
		log_info("no --nserver: forwarding to the name servers of "
		    "resolv.conf");
	return 0;
}

static const struct module dnspr_module = {
	.m_name = "dnspr",
	.m_logname = "DNSPR",
	.m_port = 53,
	.m_stream = 1,
	.m_udp = 1,
	.m_opt = {
		.name = "dnspr",
		.synopsis = DNSPR_SYNOPSIS,
		.npositional = 0,
	},
	.m_init = dnspr_init,
	.m_accept = dnspr_accept,
	.m_dgram = dnspr_dgram,
};

int
main(int argc, char **argv)
{
	return service_main(&dnspr_module, argc, argv);
}
