/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Framed messages (and descriptors) between the supervisor and the modules. */
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"

static int
wait_fd(int sock, short ev)
{
	struct pollfd p;

	p.fd = sock;
	p.events = ev;
	p.revents = 0;
	return poll(&p, 1, 5000) == 1 ? 0 : -1;
}

int
msg_send(int sock, uint16_t type, uint32_t id, const void *payload,
    size_t len, int fd)
{
	struct msg_hdr h;
	struct iovec iov[2];
	struct msghdr m;
	union {
		struct cmsghdr	c;
		char		b[CMSG_SPACE(sizeof(int))];
	} cm;
	size_t total, sent = 0;
	ssize_t n;

	if (len > MSG_MAXPAYLOAD) {
		errno = EMSGSIZE;
		return -1;
	}
	memset(&h, 0, sizeof(h));
	h.mh_version = MSG_VERSION;
	h.mh_type = type;
	h.mh_len = (uint32_t)len;
	h.mh_flags = fd >= 0 ? MSG_HASFD : 0;
	h.mh_id = id;
	total = sizeof(h) + len;
	while (sent < total) {
		size_t off = sent;
		int niov = 0;

		if (off < sizeof(h)) {
			iov[niov].iov_base = (char *)&h + off;
			iov[niov].iov_len = sizeof(h) - off;
			niov++;
			off = 0;
		} else
			off -= sizeof(h);
		if (len > off) {
			iov[niov].iov_base = (char *)(uintptr_t)payload + off;
			iov[niov].iov_len = len - off;
			niov++;
		}
		memset(&m, 0, sizeof(m));
		m.msg_iov = iov;
		m.msg_iovlen = (size_t)niov;
		if (sent == 0 && fd >= 0) {
			memset(&cm, 0, sizeof(cm));
			m.msg_control = cm.b;
			m.msg_controllen = sizeof(cm.b);
			cm.c.cmsg_level = SOL_SOCKET;
			cm.c.cmsg_type = SCM_RIGHTS;
			cm.c.cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(&cm.c), &fd, sizeof(int));
		}
		n = sendmsg(sock, &m, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN && sent > 0 &&
			    wait_fd(sock, POLLOUT) == 0)
				continue;
			return -1;
		}
		sent += (size_t)n;
	}
	return 0;
}

/*
 * Keep the first descriptor of the control data and close every other one,
 * so that none leaks on an error path. Returns the kept one or -1.
 */
static int
take_fds(struct msghdr *m)
{
	struct cmsghdr *c;
	int got = -1;

	for (c = CMSG_FIRSTHDR(m); c != NULL; c = CMSG_NXTHDR(m, c)) {
		size_t i, nfd;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nfd; i++) {
			int f;

			memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (got == -1)
				got = f;
			else
				close(f);
		}
	}
	return got;
}

static int
hdr_ok(const struct msg_hdr *hdr, int got)
{
	if (hdr->mh_version != MSG_VERSION || hdr->mh_type == 0 ||
	    hdr->mh_type > MSG_TYPE_MAX || hdr->mh_len > MSG_MAXPAYLOAD)
		return 0;
	return ((hdr->mh_flags & MSG_HASFD) != 0) == (got != -1);
}

int
msg_recv_packet(int sock, struct msg_hdr *hdr, void *payload, int *fd)
{
	struct iovec iov[2];
	struct msghdr m;
	union {
		struct cmsghdr	c;
		char		b[CMSG_SPACE(sizeof(int) * 4)];
	} cm;
	ssize_t n;
	int got;

	*fd = -1;
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof(*hdr);
	iov[1].iov_base = payload;
	iov[1].iov_len = MSG_MAXPAYLOAD;
	memset(&m, 0, sizeof(m));
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	m.msg_control = cm.b;
	m.msg_controllen = sizeof(cm.b);
	do
		n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
	while (n == -1 && errno == EINTR);
	if (n <= 0)
		return (int)n;
	got = take_fds(&m);
	/* One record is one message: short, cut or padded ones are refused. */
	if ((m.msg_flags & (MSG_CTRUNC | MSG_TRUNC)) ||
	    (size_t)n < sizeof(*hdr) || !hdr_ok(hdr, got) ||
	    hdr->mh_len != (size_t)n - sizeof(*hdr))
		goto bad;
	*fd = got;
	return 1;
bad:
	if (got != -1)
		close(got);
	errno = EBADMSG;
	return -1;
}
