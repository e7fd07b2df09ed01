/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the resolver, against a fake upstream on the same loop. */
#include <sys/socket.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "dns.h"
#include "opt.h"
#include "resolv.h"
#include "unit.h"

static struct ev_loop	*loop;
static struct ev_io	 upio;
static int		 upqueries;	/* queries the fake upstream saw */
static int		 upsilent;	/* it answers nothing */

/* The fake upstream: A 192.0.2.1, AAAA 2001:db8::1, nx.test NXDOMAIN. */
static void
upstream(struct ev_io *io, unsigned events)
{
	uint8_t q[512], r[512];
	struct addr peer;
	struct dns_msg m;
	struct dns_writer w;
	ssize_t n;
	uint8_t nx[DNS_MAXNAME];
	size_t nxlen;

	(void)events;
	peer.len = sizeof(peer.a);
	n = recvfrom(io->io_fd, q, sizeof(q), 0, &peer.a.sa, &peer.len);
	if (n <= 0 || dns_parse(q, (size_t)n, &m) != 0)
		return;
	upqueries++;
	if (upsilent)
		return;
	dns_name_from_text("nx.test", nx, &nxlen);
	dns_w_init(&w, r, sizeof(r));
	dns_w_u16(&w, m.m_hdr.id);
	if (dns_name_eq(m.m_qname, m.m_qnamelen, nx, nxlen)) {
		dns_w_u16(&w, DNS_F_QR | DNS_F_RD | DNS_F_RA | DNS_R_NXDOMAIN);
		dns_w_u16(&w, 1);
		dns_w_u16(&w, 0);
	} else {
		dns_w_u16(&w, DNS_F_QR | DNS_F_RD | DNS_F_RA);
		dns_w_u16(&w, 1);
		dns_w_u16(&w, 1);
	}
	dns_w_u16(&w, 0);
	dns_w_u16(&w, 0);
	dns_w_bytes(&w, q + DNS_HDRLEN, m.m_qend - DNS_HDRLEN);
	if (!dns_name_eq(m.m_qname, m.m_qnamelen, nx, nxlen)) {
		dns_w_u16(&w, 0xc00c);
		dns_w_u16(&w, m.m_qtype);
		dns_w_u16(&w, DNS_C_IN);
		dns_w_u32(&w, 60);
		if (m.m_qtype == DNS_T_AAAA) {
			dns_w_u16(&w, 16);
			dns_w_bytes(&w, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\1",
			    16);
		} else {
			dns_w_u16(&w, 4);
			dns_w_bytes(&w, "\xc0\0\2\1", 4);
		}
	}
	(void)sendto(io->io_fd, r, w.w_len, 0, &peer.a.sa, peer.len);
}

struct result {
	int	 called;
	int	 err;
	int	 naddr;
	char	 first[64];
	char	 second[64];
};

static void
got(void *arg, int err, const struct addr *addrs, int naddr)
{
	struct result *r = arg;

	r->called++;
	r->err = err;
	r->naddr = naddr;
	if (naddr > 0)
		addr_ip_str(&addrs[0], r->first, sizeof(r->first));
	if (naddr > 1)
		addr_ip_str(&addrs[1], r->second, sizeof(r->second));
	ev_break(loop);
}

static void
stop_loop(struct ev_timer *t)
{
	(void)t;
	ev_break(loop);
}

/* Run the loop until a callback breaks it, or ms pass. */
static void
run(unsigned ms)
{
	struct ev_timer t;

	ev_timer_init(&t, stop_loop, NULL);
	ev_timer_start(loop, &t, ms);
	ev_run(loop);
	ev_timer_stop(loop, &t);
}

static int
conf(const char *a0, const char *a1, const char *a2)
{
	char *argv[3], err[128];
	int argc = a2 != NULL ? 3 : a1 != NULL ? 2 : 1;

	argv[0] = (char *)(uintptr_t)a0;
	argv[1] = (char *)(uintptr_t)a1;
	argv[2] = (char *)(uintptr_t)a2;
	return resolv_conf(argc, argv, err, sizeof(err));
}

int
main(void)
{
	struct result r, r2;
	struct resolv_query *q;
	struct resolv_rrset rs;
	struct addr a;
	uint8_t w[DNS_MAXNAME];
	size_t wn;
	char srv[64];
	int fd;

	/* Configuration commands. */
	CHECK(conf("nserver", "192.0.2.53", NULL) == 1, "nserver");
	CHECK(conf("nserver", "[2001:db8::53]:5353/tcp", NULL) == 1,
	    "nserver [v6]:port/tcp");
	CHECK(conf("nserver", "ns.example", NULL) == -1, "nserver needs an IP");
	CHECK(conf("nserver", "192.0.2.53:0", NULL) == -1, "port 0 refused");
	CHECK(conf("nscache", "10", NULL) == 1, "small nscache raised");
	CHECK(conf("nscache6", "x", NULL) == -1, "bad nscache6");
	CHECK(conf("nsrecord", "a.example", NULL) == -1, "nsrecord NAME only");
	CHECK(conf("nsrecord", "bad name", "192.0.2.1") == -1,
	    "nsrecord bad name");
	CHECK(conf("fakeresolve", "x", NULL) == -1, "fakeresolve takes none");
	CHECK(conf("proxy", "-p3128", NULL) == 0, "not a resolver command");
	CHECK(resolv_nservers() == 2, "two nservers");
	resolv_conf_reset();
	CHECK(resolv_nservers() == 0, "reset");

	CHECK(resolv_name_ok("www.example.com") && !resolv_name_ok("a..b") &&
	    !resolv_name_ok("a b") && resolv_name_ok("x."), "name_ok");
	CHECK(resolv_literal("[2001:db8::1]", &a) == 0 &&
	    addr_family(&a) == AF_INET6, "literal");
	addr_clear(&a);
	CHECK(resolv_target("www.example.com", &a) == 0 && !addr_is_set(&a),
	    "target: a name leaves the literal unset");
	CHECK(resolv_target("::ffff:192.0.2.1", &a) == 0 &&
	    addr_family(&a) == AF_INET, "target: a mapped literal is IPv4");
	CHECK(resolv_target("0.0.0.0", &a) == -1 &&
	    resolv_target("[::]", &a) == -1 &&
	    resolv_target("::ffff:0.0.0.0", &a) == -1 &&
	    resolv_target("a b", &a) == -1, "target: no destination");

	if ((loop = ev_loop_new()) == NULL || resolv_init(loop) == -1)
		return 1;
	resolv_set_timeout(300);

	/* The fake upstream. */
	addr_parse_ip("127.0.0.1", 0, &a);
	fd = net_listen(&a, SOCK_DGRAM, 0);
	if (fd == -1 || net_local(fd, &a) == -1 ||
	    ev_io_start_level(loop, &upio, fd, upstream, NULL) == -1)
		return 1;
	addr_str(&a, srv, sizeof(srv));
	CHECK(conf("nserver", srv, NULL) == 1, "nserver at the fake upstream");
	CHECK(conf("nsrecord", "static.test", "10.0.0.7") == 1 &&
	    conf("nsrecord", "static.test", "10.0.0.8") == 1 &&
	    conf("nsrecord", "black.test", "0.0.0.0") == 1, "nsrecords");

	/* Answers known at once still come from the loop. */
	memset(&r, 0, sizeof(r));
	q = resolv_start("192.0.2.9", FAM_6, got, &r);
	CHECK(q != NULL && r.called == 0, "literal not answered inside start");
	run(1000);
	CHECK(r.called == 1 && r.err == RESOLV_OK && r.naddr == 1 &&
	    strcmp(r.first, "192.0.2.9") == 0, "literal answered from the loop");

	memset(&r, 0, sizeof(r));
	resolv_start("STATIC.test", FAM_4, got, &r);
	run(1000);
	CHECK(r.called == 1 && r.naddr == 2 && strcmp(r.first, "10.0.0.7") ==
	    0 && strcmp(r.second, "10.0.0.8") == 0, "static record");
	memset(&r, 0, sizeof(r));
	resolv_start("black.test", FAM_46, got, &r);
	run(1000);
	CHECK(r.called == 1 && r.err == RESOLV_NOTFOUND, "blacklisted");
	memset(&r, 0, sizeof(r));
	resolv_start("bad..name", FAM_4, got, &r);
	run(1000);
	CHECK(r.called == 1 && r.err == RESOLV_BADNAME, "bad name");
	memset(&r, 0, sizeof(r));
	resolv_start("x.invalid", FAM_4, got, &r);
	run(1000);
	CHECK(r.called == 1 && r.err == RESOLV_NOTFOUND && upqueries == 0,
	    "RFC 6761 .invalid");
	memset(&r, 0, sizeof(r));
	resolv_start("localhost", FAM_64, got, &r);
	run(1000);
	CHECK(r.called == 1 && r.naddr == 2 && strcmp(r.first, "::1") == 0 &&
	    strcmp(r.second, "127.0.0.1") == 0, "RFC 6761 localhost");

	/* Through the upstream, coalesced, then from the cache. */
	memset(&r, 0, sizeof(r));
	memset(&r2, 0, sizeof(r2));
	resolv_start("www.test", FAM_4, got, &r);
	resolv_start("WWW.test", FAM_4, got, &r2);
	run(2000);
	if (r2.called == 0)
		run(2000);
	CHECK(r.called == 1 && r2.called == 1 &&
	    strcmp(r.first, "192.0.2.1") == 0 &&
	    strcmp(r2.first, "192.0.2.1") == 0, "upstream answer to both");
	CHECK(upqueries == 1, "one upstream query for two lookups");
	dns_name_from_text("www.TEST", w, &wn);
	CHECK(resolv_local(w, wn, DNS_T_A, 1, &rs) == 1 &&
	    rs.rs_err == RESOLV_OK && rs.rs_naddr == 1 && rs.rs_ttl <= 60 &&
	    rs.rs_ttl >= 59, "cached with its TTL");
	CHECK(resolv_local(w, wn, DNS_T_A, 0, &rs) == 0, "cache not asked");
	memset(&r, 0, sizeof(r));
	resolv_start("www.test", FAM_4, got, &r);
	run(1000);
	CHECK(r.called == 1 && upqueries == 1, "second lookup from the cache");

	/* Both families, in the order asked. */
	memset(&r, 0, sizeof(r));
	resolv_start("dual.test", FAM_64, got, &r);
	run(2000);
	CHECK(r.called == 1 && r.naddr >= 1 &&
	    strcmp(r.first, "2001:db8::1") == 0, "-64: IPv6 first");

	/* A negative answer, cached too. */
	memset(&r, 0, sizeof(r));
	resolv_start("nx.test", FAM_4, got, &r);
	run(2000);
	CHECK(r.called == 1 && r.err == RESOLV_NOTFOUND, "NXDOMAIN");
	dns_name_from_text("nx.test", w, &wn);
	CHECK(resolv_local(w, wn, DNS_T_A, 1, &rs) == 1 &&
	    rs.rs_err == RESOLV_NOTFOUND && rs.rs_rcode == DNS_R_NXDOMAIN &&
	    rs.rs_ttl <= RESOLV_NEGTTL_NOSOA, "negative answer cached");

	/* Cancelled: never called back. */
	memset(&r, 0, sizeof(r));
	q = resolv_start("gone.test", FAM_4, got, &r);
	resolv_cancel(q);
	q = resolv_start("192.0.2.3", FAM_4, got, &r);
	resolv_cancel(q);
	run(500);
	CHECK(r.called == 0, "cancelled lookups stay silent");

	/* A silent upstream: failure after the timeout. */
	upsilent = 1;
	memset(&r, 0, sizeof(r));
	resolv_start("silent.test", FAM_4, got, &r);
	run(3000);
	CHECK(r.called == 1 && r.err == RESOLV_FAIL, "timeout fails");

	/* fakeresolve answers everything locally. */
	conf("fakeresolve", NULL, NULL);
	memset(&r, 0, sizeof(r));
	resolv_start("anything.test", FAM_46, got, &r);
	run(1000);
	CHECK(r.called == 1 && r.naddr == 2 &&
	    strcmp(r.first, "127.0.0.2") == 0 && strcmp(r.second, "::2") == 0,
	    "fakeresolve");
	resolv_conf_reset();
	ev_io_close(loop, &upio);
	UNIT_DONE();
}
