/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* A fast keep-alive HTTP origin for the GET benchmark (not a real server). */
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/*
 * Every request whose head ends gets the same body; GET and HEAD only,
 * bodies of requests are not expected. One epoll loop per thread, all on
 * one listener with EPOLLEXCLUSIVE, so that the origin is never what a
 * proxy in front of it is measured by.
 */
#define HEAD_MAX	8192
#define BODY_MAX	(1 << 20)
#define NEV		256

struct conn {
	int	 fd;
	size_t	 inlen;
	char	 in[HEAD_MAX];
	char	*out;		/* pending reply bytes (malloc'd) */
	size_t	 outoff;
	size_t	 outlen;
	int	 close_after;
};

static int lfd;
static char *body;
static size_t bodylen;

static void
conn_free(int ep, struct conn *c)
{
	(void)epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->out);
	free(c);
}

/* Case-insensitive search for a header line "name: value" containing v. */
static int
has_token(const char *head, size_t len, const char *name, const char *v)
{
	size_t nl = strlen(name), vl = strlen(v), i, j;

	for (i = 0; i + nl + 1 < len; i++) {
		if ((i == 0 || head[i - 1] == '\n') &&
		    strncasecmp(head + i, name, nl) == 0 &&
		    head[i + nl] == ':') {
			for (j = i + nl + 1; j + vl <= len && head[j] != '\r';
			    j++)
				if (strncasecmp(head + j, v, vl) == 0)
					return 1;
		}
	}
	return 0;
}

/* Append the reply to one request head; returns -1 on no memory. */
static int
reply(struct conn *c, const char *head, size_t len)
{
	char hdr[256];
	int n, http10 = len > 14 && memmem(head, len, "HTTP/1.0", 8) != NULL;
	int ka, ishead = len >= 5 && strncmp(head, "HEAD ", 5) == 0;
	size_t need;
	char *p;

	if (http10)
		ka = has_token(head, len, "Connection", "keep-alive") ||
		    has_token(head, len, "Proxy-Connection", "keep-alive");
	else
		ka = !has_token(head, len, "Connection", "close");
	n = snprintf(hdr, sizeof(hdr), "HTTP/1.1 200 OK\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "Content-Length: %zu\r\n%s\r\n", bodylen,
	    ka ? (http10 ? "Connection: keep-alive\r\n" : "") :
	    "Connection: close\r\n");
	if (n < 0 || (size_t)n >= sizeof(hdr))
		return -1;
	need = c->outlen + (size_t)n + (ishead ? 0 : bodylen);
	if ((p = realloc(c->out, need)) == NULL)
		return -1;
	c->out = p;
	memcpy(p + c->outlen, hdr, (size_t)n);
	c->outlen += (size_t)n;
	if (!ishead) {
		memcpy(p + c->outlen, body, bodylen);
		c->outlen += bodylen;
	}
	if (!ka)
		c->close_after = 1;
	return 0;
}

/* Returns -1 when the connection is to be closed. */
static int
flush(struct conn *c)
{
	while (c->outoff < c->outlen) {
		ssize_t n = send(c->fd, c->out + c->outoff,
		    c->outlen - c->outoff, MSG_NOSIGNAL);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? 0 : -1;
		}
		c->outoff += (size_t)n;
	}
	c->outoff = c->outlen = 0;
	return c->close_after ? -1 : 0;
}

static int
on_read(struct conn *c)
{
	for (;;) {
		ssize_t n;
		char *end;

		if (c->inlen == sizeof(c->in))
			return -1;
		n = recv(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen, 0);
		if (n == 0)
			return -1;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? 0 : -1;
		}
		c->inlen += (size_t)n;
		while (!c->close_after && (end = memmem(c->in, c->inlen,
		    "\r\n\r\n", 4)) != NULL) {
			size_t hl = (size_t)(end - c->in) + 4;

			if (reply(c, c->in, hl) == -1)
				return -1;
			memmove(c->in, c->in + hl, c->inlen - hl);
			c->inlen -= hl;
		}
		if (flush(c) == -1)
			return -1;
	}
}

static void *
loop(void *arg)
{
	struct epoll_event ev, evs[NEV];
	int ep = epoll_create1(EPOLL_CLOEXEC), i, n, one = 1;

	(void)arg;
	if (ep == -1) {
		perror("epoll_create1");
		exit(1);
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	ev.data.ptr = NULL;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) == -1) {
		perror("epoll_ctl");
		exit(1);
	}
	for (;;) {
		n = epoll_wait(ep, evs, NEV, -1);
		if (n == -1 && errno != EINTR) {
			perror("epoll_wait");
			exit(1);
		}
		for (i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;

			if (c == NULL) {
				int fd = accept4(lfd, NULL, NULL,
				    SOCK_NONBLOCK | SOCK_CLOEXEC);

				if (fd == -1)
					continue;
				(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY,
				    &one, sizeof(one));
				if ((c = calloc(1, sizeof(*c))) == NULL) {
					close(fd);
					continue;
				}
				c->fd = fd;
				ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
				ev.data.ptr = c;
				if (epoll_ctl(ep, EPOLL_CTL_ADD, fd,
				    &ev) == -1) {
					close(fd);
					free(c);
				}
				continue;
			}
			if ((evs[i].events & (EPOLLERR | EPOLLHUP)) ||
			    ((evs[i].events & EPOLLOUT) && flush(c) == -1) ||
			    ((evs[i].events & EPOLLIN) && on_read(c) == -1))
				conn_free(ep, c);
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	pthread_t t;
	unsigned long port, size = 1024, threads = 1, i;
	int one = 1;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: httpd PORT [BODYSIZE [THREADS]]\n");
		return 64;
	}
	port = strtoul(argv[1], NULL, 10);
	if (argc > 2)
		size = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		threads = strtoul(argv[3], NULL, 10);
	if (port == 0 || port > 65535 || size > BODY_MAX || threads < 1 ||
	    threads > 16) {
		fprintf(stderr, "httpd: bad arguments\n");
		return 64;
	}
	signal(SIGPIPE, SIG_IGN);
	bodylen = size;
	if ((body = malloc(bodylen + 1)) == NULL)
		return 1;
	for (i = 0; i < bodylen; i++)
		body[i] = (char)('a' + i % 26);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lfd == -1) {
		perror("socket");
		return 1;
	}
	(void)setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(lfd, 4096) == -1) {
		perror("bind");
		return 1;
	}
	for (i = 1; i < threads; i++)
		if (pthread_create(&t, NULL, loop, NULL) != 0) {
			fprintf(stderr, "httpd: pthread_create failed\n");
			return 1;
		}
	loop(NULL);
	return 0;
}
