/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the hand-off state, its socket framing and the service plumbing. */
#include <sys/socket.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "handoff.h"
#include "msg.h"
#include "policy.h"
#include "server.h"
#include "unit.h"

static char buf[MSG_MAXPAYLOAD];

static int
nfds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
sample(struct handoff *h)
{
	handoff_init(h);
	h->ho_proto = PROTO_HTTP;
	h->ho_hops = 1;
	h->ho_op = OP_CONNECT;
	addr_parse_ip("127.0.0.1", 40000, &h->ho_client);
	addr_parse_ip("127.0.0.1", 1080, &h->ho_local);
	addr_parse_ip("10.1.2.3", 0, &h->ho_target);
	h->ho_port = 80;
	h->ho_srvport = 1080;
	strcpy(h->ho_service, "SOCK5");
	strcpy(h->ho_host, "example.org");
	h->ho_has_user = h->ho_has_pass = 1;
	strcpy(h->ho_user, "alice");
	strcpy(h->ho_pass, "");
	strcpy(h->ho_puser, "up");
	strcpy(h->ho_ppass, "uppass");
	h->ho_start.tv_sec = 1700000000;
	h->ho_start.tv_nsec = 5;
	memcpy(h->ho_data, "GET / HTTP/1.1\r\n", 16);
	h->ho_datalen = 16;
}

static int
same(const struct handoff *a, const struct handoff *b)
{
	return a->ho_proto == b->ho_proto && a->ho_hops == b->ho_hops &&
	    a->ho_op == b->ho_op && addr_same_ip(&a->ho_client, &b->ho_client)
	    && addr_port(&a->ho_client) == addr_port(&b->ho_client) &&
	    addr_same_ip(&a->ho_local, &b->ho_local) &&
	    addr_same_ip(&a->ho_target, &b->ho_target) &&
	    a->ho_port == b->ho_port && a->ho_srvport == b->ho_srvport &&
	    strcmp(a->ho_service, b->ho_service) == 0 &&
	    strcmp(a->ho_host, b->ho_host) == 0 &&
	    a->ho_has_user == b->ho_has_user &&
	    a->ho_has_pass == b->ho_has_pass &&
	    strcmp(a->ho_user, b->ho_user) == 0 &&
	    strcmp(a->ho_pass, b->ho_pass) == 0 &&
	    strcmp(a->ho_puser, b->ho_puser) == 0 &&
	    strcmp(a->ho_ppass, b->ho_ppass) == 0 &&
	    a->ho_start.tv_sec == b->ho_start.tv_sec &&
	    a->ho_start.tv_nsec == b->ho_start.tv_nsec &&
	    a->ho_datalen == b->ho_datalen &&
	    memcmp(a->ho_data, b->ho_data, a->ho_datalen) == 0;
}

/* Decode a copy of the encoding with one record's bytes patched. */
static int
decode_patched(const unsigned char *enc, long n, size_t off,
    const void *patch, size_t plen, const char **why)
{
	static struct handoff h;
	unsigned char copy[MSG_MAXPAYLOAD];

	memcpy(copy, enc, (size_t)n);
	memcpy(copy + off, patch, plen);
	return handoff_decode(&h, copy, (size_t)n, why);
}

/* Offset of the first record of a type in an encoding. */
static size_t
find_rec(const unsigned char *p, long n, unsigned type)
{
	size_t off = 0;

	while (off + 4 <= (size_t)n) {
		uint16_t t, l;

		memcpy(&t, p + off, 2);
		memcpy(&l, p + off + 2, 2);
		if (t == type)
			return off;
		off += 4 + l;
	}
	return 0;
}

/* A module that answers a hand-off by writing what it got to the client. */
static void
t_handoff(struct service *svc, int fd, const struct handoff *h)
{
	char out[512];
	int n = snprintf(out, sizeof(out), "hops=%d host=%s port=%u user=%s "
	    "svc=%s srvport=%u data=%.*s", h->ho_hops, h->ho_host, h->ho_port,
	    h->ho_user, h->ho_service, h->ho_srvport, (int)h->ho_datalen,
	    (const char *)h->ho_data);

	(void)fcntl(fd, F_SETFL, 0);
	(void)net_write_all(fd, out, (size_t)n);
	close(fd);
	service_conn_done(svc);
}

static void
t_accept(struct service *svc, int fd, const struct addr *p,
    const struct addr *l)
{
	(void)p;
	(void)l;
	close(fd);
	service_conn_done(svc);
}

static const struct module tmod = {
	.m_name = "thand",
	.m_logname = "THAND",
	.m_port = 0,
	.m_stream = 1,
	.m_opt = { "thand", "%s", 0, NULL, NULL, NULL, NULL },
	.m_accept = t_accept,
	.m_handoff = t_handoff,
};

static ssize_t
read_all(int fd, char *b, size_t n)
{
	size_t got = 0;

	for (;;) {
		ssize_t r = read(fd, b + got, n - 1 - got);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	b[got] = '\0';
	return (ssize_t)got;
}

int
main(void)
{
	struct handoff a, b;
	struct msg_hdr mh;
	const char *why;
	unsigned char enc[MSG_MAXPAYLOAD];
	long n;
	int sp[2], cl[2], ctl[2], fd, before;
	char out[1024];

	/* Round trip. */
	sample(&a);
	n = handoff_encode(&a, enc, sizeof(enc));
	CHECK(n > 0, "encode");
	CHECK(handoff_decode(&b, enc, (size_t)n, &why) == 0 && same(&a, &b),
	    "decode gives every field back");
	a.ho_has_pass = 0;
	n = handoff_encode(&a, enc, sizeof(enc));
	CHECK(handoff_decode(&b, enc, (size_t)n, &why) == 0 &&
	    b.ho_has_user && !b.ho_has_pass, "no password is not \"\"");

	/* Limits on the sending side. */
	sample(&a);
	a.ho_hops = HANDOFF_MAXHOPS + 1;
	CHECK(handoff_encode(&a, enc, sizeof(enc)) == -1 && errno == EINVAL,
	    "encode refuses 17 hops");
	sample(&a);
	memset(a.ho_host, 'x', sizeof(a.ho_host));
	CHECK(handoff_encode(&a, enc, sizeof(enc)) == -1, "encode refuses an "
	    "unterminated host");
	sample(&a);
	CHECK(handoff_encode(&a, enc, 40) == -1 && errno == EMSGSIZE,
	    "encode refuses a short buffer");

	/* The receiver checks every field. */
	sample(&a);
	n = handoff_encode(&a, enc, sizeof(enc));
	CHECK(handoff_decode(&b, enc, (size_t)n - 1, &why) == -1,
	    "truncated record refused");
	CHECK(handoff_decode(&b, enc, 3, &why) == -1, "truncated header");
	{
		uint16_t t = 99, big = 60000;
		uint32_t h0 = 0, h17 = 17, p99 = 99;
		size_t hop = find_rec(enc, n, 2), host = find_rec(enc, n, 10);
		size_t cli = find_rec(enc, n, 4), proto = find_rec(enc, n, 1);

		CHECK(decode_patched(enc, n, hop, &t, 2, &why) == -1,
		    "unknown record type refused");
		CHECK(decode_patched(enc, n, hop + 2, &big, 2, &why) == -1,
		    "record length past the end refused");
		CHECK(decode_patched(enc, n, hop + 4, &h0, 4, &why) == -1 &&
		    decode_patched(enc, n, hop + 4, &h17, 4, &why) == -1,
		    "hop count 0 and 17 refused");
		CHECK(decode_patched(enc, n, proto + 4, &p99, 4, &why) == -1,
		    "unknown protocol refused");
		CHECK(decode_patched(enc, n, host + 4, "\n", 1, &why) == -1,
		    "control character in the host refused");
		CHECK(decode_patched(enc, n, cli + 4, "\x07\x00", 2, &why) ==
		    -1, "unknown address family refused");
	}
	{
		/* The same record twice. */
		unsigned char two[MSG_MAXPAYLOAD];

		memcpy(two, enc, (size_t)n);
		memcpy(two + n, enc, 8);	/* HO_PROTO again */
		CHECK(handoff_decode(&b, two, (size_t)n + 8, &why) == -1 &&
		    strstr(why, "twice") != NULL, "duplicate record refused");
	}
	CHECK(handoff_decode(&b, enc + 8, (size_t)n - 8, &why) == -1,
	    "missing required record refused");

	/* Framing on a SEQPACKET socket. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp) == -1 ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, cl) == -1)
		return 1;
	n = handoff_encode(&a, enc, sizeof(enc));
	CHECK(msg_send(sp[1], MSG_HANDOFF, 0, enc, (size_t)n, cl[0]) == 0,
	    "send a hand-off");
	CHECK(msg_recv_packet(sp[0], &mh, buf, &fd) == 1 && fd >= 0 &&
	    mh.mh_type == MSG_HANDOFF && mh.mh_len == (uint32_t)n &&
	    handoff_decode(&b, buf, mh.mh_len, &why) == 0 && same(&a, &b),
	    "receive it whole with its descriptor");
	close(fd);
	before = nfds();
	{
		/* A header that lies about the length. */
		struct msg_hdr bad = { MSG_VERSION, MSG_HANDOFF, 5, 0, 0 };
		unsigned char rec[sizeof(bad) + 3];

		memcpy(rec, &bad, sizeof(bad));
		CHECK(send(sp[1], rec, sizeof(rec), 0) == (ssize_t)sizeof(rec) &&
		    msg_recv_packet(sp[0], &mh, buf, &fd) == -1 &&
		    errno == EBADMSG, "length mismatch refused");
	}
	{
		/* A descriptor the header does not announce is closed. */
		struct msg_hdr h = { MSG_VERSION, MSG_HANDOFF, 0, 0, 0 };
		struct iovec iov = { &h, sizeof(h) };
		union {
			struct cmsghdr	c;
			char		b[CMSG_SPACE(sizeof(int) * 200)];
		} cm;
		struct msghdr m;
		int fds[200], i;

		memset(&m, 0, sizeof(m));
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = cm.b;
		m.msg_controllen = CMSG_SPACE(sizeof(int));
		cm.c.cmsg_level = SOL_SOCKET;
		cm.c.cmsg_type = SCM_RIGHTS;
		cm.c.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&cm.c), &cl[1], sizeof(int));
		CHECK(sendmsg(sp[1], &m, 0) == (ssize_t)sizeof(h) &&
		    msg_recv_packet(sp[0], &mh, buf, &fd) == -1 &&
		    fd == -1 && nfds() == before,
		    "unannounced descriptor closed");
		/* 200 descriptors in one message: cut, all closed. */
		for (i = 0; i < 200; i++)
			fds[i] = cl[1];
		h.mh_flags = MSG_HASFD;
		m.msg_controllen = CMSG_SPACE(sizeof(fds));
		cm.c.cmsg_len = CMSG_LEN(sizeof(fds));
		memcpy(CMSG_DATA(&cm.c), fds, sizeof(fds));
		CHECK(sendmsg(sp[1], &m, 0) == (ssize_t)sizeof(h) &&
		    msg_recv_packet(sp[0], &mh, buf, &fd) == -1 &&
		    errno == EBADMSG && nfds() == before,
		    "200 descriptors: refused, none kept");
	}
	close(cl[0]);
	close(cl[1]);

	/* A module that serves hand-offs: service_main in a child. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, ctl) == -1)
		return 1;
	{
		pid_t pid = fork();
		int status;

		if (pid == 0) {
			char c1[32], c2[32];
			char *av[] = { "thand", c1, c2, NULL };

			close(ctl[0]);
			close(sp[1]);
			snprintf(c1, sizeof(c1), "--control-fd=%d", ctl[1]);
			snprintf(c2, sizeof(c2), "--handoff-fd=%d", sp[0]);
			_exit(service_main(&tmod, 3, av));
		}
		close(ctl[1]);
		close(sp[0]);
		CHECK(msg_send(ctl[0], MSG_CONFIG, 0, "maxconn 5\n", 10, -1) ==
		    0 && msg_send(ctl[0], MSG_CONFIG_END, 0, NULL, 0, -1) == 0,
		    "configuration sent");
		CHECK(msg_recv_packet(ctl[0], &mh, buf, &fd) == 1 &&
		    mh.mh_type == MSG_READY, "module ready");

		/* service_handoff in this process plays the sender. */
		{
			static struct service s;

			memset(&s, 0, sizeof(s));
			s.s_mod = &tmod;
			s.s_port = 1080;
			for (fd = 0; fd < SERVICE_NPROTO; fd++)
				s.s_redir[fd] = -1;
			if (socketpair(AF_UNIX, SOCK_STREAM, 0, cl) == -1)
				return 1;
			sample(&a);
			a.ho_hops = 0;
			a.ho_srvport = 0;
			a.ho_service[0] = '\0';
			CHECK(service_handoff(&s, cl[0], &a) == -1 &&
			    errno == ENOENT, "no handler: ENOENT");
			s.s_redir[PROTO_HTTP] = sp[1];
			a.ho_hops = HANDOFF_MAXHOPS;
			CHECK(service_handoff(&s, cl[0], &a) == -1 &&
			    errno == ELOOP, "past 16 hops: ELOOP (error 101)");
			a.ho_hops = 0;
			CHECK(service_handoff(&s, cl[0], &a) == 0 &&
			    a.ho_hops == 1, "hand-off sent, hops counted");
			close(cl[0]);
			read_all(cl[1], out, sizeof(out));
			CHECK_STR(out, "hops=1 host=example.org port=80 "
			    "user=alice svc=THAND srvport=1080 "
			    "data=GET / HTTP/1.1\r\n",
			    "the module got the state and the data");
			close(cl[1]);
		}
		/* A bad state: the client is closed, the module lives on. */
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, cl) == -1)
			return 1;
		CHECK(msg_send(sp[1], MSG_HANDOFF, 0, "\x01\x00\x04", 3,
		    cl[0]) == 0, "bad state sent");
		close(cl[0]);
		CHECK(read_all(cl[1], out, sizeof(out)) == 0,
		    "bad state: client closed without a word");
		close(cl[1]);
		CHECK(msg_send(ctl[0], MSG_STOP, 0, NULL, 0, -1) == 0, "stop");
		CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0, "module exited 0");
	}
	UNIT_DONE();
}
