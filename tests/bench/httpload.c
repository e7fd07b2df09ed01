/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* HTTP GET load through an HTTP proxy, a SOCKS 5 server, or straight. */
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/*
 * httpload [--proxy IP:PORT | --socks5 IP:PORT] [--clients N] [--time S]
 *     [--warmup S] [--close] ORIGIN_IP:PORT
 *
 * N clients, each: connect (to the proxy, the SOCKS server or the origin),
 * SOCKS 5 CONNECT to the origin when asked, then GET /bench with keep-alive
 * again and again (or one GET per connection with --close). A response
 * counts when its status is 200 and its whole body (Content-Length) came.
 * Prints one line: requests, rps, errors, status=ok when errors <= 1 %.
 */
#define NEV		256
#define INBUF		(64 * 1024)
#define MAXCLIENTS	1000

enum state { S_CONNECT, S_HELLO, S_REQ, S_SEND, S_HEAD, S_BODY };

struct client {
	int		 fd;
	enum state	 st;
	char		 in[INBUF];
	size_t		 inlen;
	size_t		 want;		/* body bytes still to come */
	size_t		 sent;
	int		 reused;	/* a request already went on fd */
	int		 eof;		/* the other side closed */
};

static struct sockaddr_in via, origin;
static int use_proxy, use_socks, close_each;
static char req[512];
static size_t reqlen;
static double t_start, t_end;
static unsigned long done, errors;
static int ep;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
parse_addr(const char *s, struct sockaddr_in *sin)
{
	char host[64];
	const char *c = strrchr(s, ':');
	long port;

	if (c == NULL || (size_t)(c - s) >= sizeof(host))
		return -1;
	memcpy(host, s, (size_t)(c - s));
	host[c - s] = '\0';
	port = strtol(c + 1, NULL, 10);
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	if (port <= 0 || port > 65535 ||
	    inet_pton(AF_INET, host, &sin->sin_addr) != 1)
		return -1;
	return 0;
}

static void
start(struct client *c)
{
	struct epoll_event ev;
	struct sockaddr_in *to = use_proxy || use_socks ? &via : &origin;
	int one = 1;

	c->inlen = c->sent = c->want = 0;
	c->reused = c->eof = 0;
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		perror("socket");
		exit(1);
	}
	(void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, (struct sockaddr *)to, sizeof(*to)) == -1 &&
	    errno != EINPROGRESS) {
		errors++;
		close(c->fd);
		c->fd = -1;
		return;
	}
	c->st = S_CONNECT;
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
	ev.data.ptr = c;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) == -1) {
		perror("epoll_ctl");
		exit(1);
	}
}

static void
restart(struct client *c, int failed)
{
	if (failed && now() >= t_start && now() < t_end)
		errors++;
	close(c->fd);
	c->fd = -1;
	start(c);
}

/* Send from buf at *off; 1 when all went, 0 on EAGAIN, -1 on error. */
static int
send_some(struct client *c, const char *buf, size_t len)
{
	while (c->sent < len) {
		ssize_t n = send(c->fd, buf + c->sent, len - c->sent,
		    MSG_NOSIGNAL);

		if (n == -1)
			return errno == EAGAIN ? 0 : -1;
		c->sent += (size_t)n;
	}
	c->sent = 0;
	return 1;
}

/*
 * Read what is there. Returns -1 on an error, or at EOF when nothing new
 * came (bytes that came with the EOF are handled first); 0 otherwise.
 */
static int
read_some(struct client *c)
{
	size_t before = c->inlen;

	if (c->eof)
		return -1;
	for (;;) {
		ssize_t n;

		if (c->inlen == sizeof(c->in))
			return 0;
		n = recv(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen, 0);
		if (n == 0) {
			c->eof = 1;
			return c->inlen > before ? 0 : -1;
		}
		if (n == -1)
			return errno == EAGAIN ? 0 : -1;
		c->inlen += (size_t)n;
	}
}

static void
consume(struct client *c, size_t n)
{
	memmove(c->in, c->in + n, c->inlen - n);
	c->inlen -= n;
}

static void
step(struct client *c)
{
	static const char hello[] = "\5\1\0";
	unsigned char creq[10];
	char *end, *cl;
	int rc;

	for (;;) {
		switch (c->st) {
		case S_CONNECT: {
			int err = 0;
			socklen_t el = sizeof(err);

			struct sockaddr_in peer;
			socklen_t pl = sizeof(peer);

			if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err,
			    &el) == -1 || err != 0) {
				restart(c, 1);
				return;
			}
			/* Not connected yet: wait for the next event. */
			if (getpeername(c->fd, (struct sockaddr *)&peer,
			    &pl) == -1)
				return;
			c->st = use_socks ? S_HELLO : S_SEND;
			c->sent = 0;
			if (use_socks && send_some(c, hello, 3) != 1) {
				restart(c, 1);
				return;
			}
			break;
		}
		case S_HELLO:
			if (read_some(c) == -1) {
				restart(c, 1);
				return;
			}
			if (c->inlen < 2)
				return;
			if (c->in[0] != 5 || c->in[1] != 0) {
				restart(c, 1);
				return;
			}
			consume(c, 2);
			creq[0] = 5;
			creq[1] = 1;
			creq[2] = 0;
			creq[3] = 1;
			memcpy(creq + 4, &origin.sin_addr, 4);
			memcpy(creq + 8, &origin.sin_port, 2);
			c->sent = 0;
			if (send_some(c, (char *)creq, sizeof(creq)) != 1) {
				restart(c, 1);
				return;
			}
			c->st = S_REQ;
			break;
		case S_REQ:
			if (read_some(c) == -1) {
				restart(c, 1);
				return;
			}
			if (c->inlen < 10)
				return;
			if (c->in[0] != 5 || c->in[1] != 0 || c->in[3] != 1) {
				restart(c, 1);
				return;
			}
			consume(c, 10);
			c->st = S_SEND;
			c->sent = 0;
			break;
		case S_SEND:
			rc = send_some(c, req, reqlen);
			if (rc == -1) {
				restart(c, 1);
				return;
			}
			if (rc == 0)
				return;
			c->st = S_HEAD;
			break;
		case S_HEAD:
			if (read_some(c) == -1) {
				/* A kept connection the other side closed. */
				restart(c, c->inlen > 0 || !c->reused);
				return;
			}
			c->in[c->inlen < sizeof(c->in) ? c->inlen :
			    sizeof(c->in) - 1] = '\0';
			if ((end = strstr(c->in, "\r\n\r\n")) == NULL) {
				if (c->inlen == sizeof(c->in))
					restart(c, 1);
				return;
			}
			*end = '\0';
			if (strncmp(c->in, "HTTP/1.", 7) != 0 ||
			    strncmp(c->in + 8, " 200", 4) != 0 ||
			    ((cl = strcasestr(c->in, "\r\nContent-Length:")) ==
			    NULL)) {
				restart(c, 1);
				return;
			}
			c->want = strtoul(cl + 17, NULL, 10);
			consume(c, (size_t)(end - c->in) + 4);
			c->st = S_BODY;
			break;
		case S_BODY:
			if (c->inlen >= c->want) {
				consume(c, c->want);
				if (now() >= t_start && now() < t_end)
					done++;
				if (close_each || c->inlen > 0) {
					restart(c, c->inlen > 0);
					return;
				}
				c->reused = 1;
				c->st = S_SEND;
				c->sent = 0;
				break;
			}
			c->want -= c->inlen;
			c->inlen = 0;
			if (read_some(c) == -1) {
				restart(c, 1);
				return;
			}
			if (c->inlen == 0)
				return;
			break;
		}
	}
}

int
main(int argc, char **argv)
{
	struct epoll_event evs[NEV];
	struct client *cl;
	double secs = 5, warmup = 1;
	long nclients = 50, i;
	int n;

	signal(SIGPIPE, SIG_IGN);
	for (i = 1; i < argc - 1; i++) {
		if (strcmp(argv[i], "--proxy") == 0 && i + 2 < argc) {
			use_proxy = 1;
			if (parse_addr(argv[++i], &via) == -1)
				goto usage;
		} else if (strcmp(argv[i], "--socks5") == 0 && i + 2 < argc) {
			use_socks = 1;
			if (parse_addr(argv[++i], &via) == -1)
				goto usage;
		} else if (strcmp(argv[i], "--clients") == 0 && i + 2 < argc)
			nclients = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--time") == 0 && i + 2 < argc)
			secs = strtod(argv[++i], NULL);
		else if (strcmp(argv[i], "--warmup") == 0 && i + 2 < argc)
			warmup = strtod(argv[++i], NULL);
		else if (strcmp(argv[i], "--close") == 0)
			close_each = 1;
		else
			goto usage;
	}
	if (argc < 2 || parse_addr(argv[argc - 1], &origin) == -1 ||
	    nclients < 1 || nclients > MAXCLIENTS || secs <= 0 ||
	    (use_proxy && use_socks))
		goto usage;
	{
		char host[32], target[64];

		if (snprintf(host, sizeof(host), "%s:%u",
		    inet_ntoa(origin.sin_addr), ntohs(origin.sin_port)) < 0 ||
		    snprintf(target, sizeof(target), "%s%s/bench",
		    use_proxy ? "http://" : "", use_proxy ? host : "") < 0)
			return 1;
		n = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\n"
		    "Host: %s\r\n%s\r\n", target, host,
		    close_each ? "Connection: close\r\n" : "");
		if (n < 0 || (size_t)n >= sizeof(req))
			return 1;
	}
	reqlen = strlen(req);
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    (cl = calloc((size_t)nclients, sizeof(*cl))) == NULL)
		return 1;
	t_start = now() + warmup;
	t_end = t_start + secs;
	for (i = 0; i < nclients; i++)
		start(&cl[i]);
	while (now() < t_end) {
		n = epoll_wait(ep, evs, NEV, 100);
		if (n == -1 && errno != EINTR) {
			perror("epoll_wait");
			return 1;
		}
		for (i = 0; i < n; i++)
			step(evs[i].data.ptr);
	}
	printf("requests=%lu rps=%.1f errors=%lu status=%s\n", done,
	    (double)done / secs, errors,
	    done > 0 && errors * 100 <= done ? "ok" : "fail");
	return 0;
usage:
	fprintf(stderr, "usage: httpload [--proxy IP:PORT | --socks5 IP:PORT] "
	    "[--clients N] [--time S] [--warmup S] [--close] IP:PORT\n");
	return 64;
}
