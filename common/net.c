/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Socket addresses and the socket calls every module makes. */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "net.h"

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

void
addr_clear(struct addr *a)
{
	memset(a, 0, sizeof(*a));
}

void
addr_from_raw(struct addr *a, int family, const void *ip, uint16_t port)
{
	addr_clear(a);
	if (family == AF_INET) {
		a->a.sin.sin_family = AF_INET;
		memcpy(&a->a.sin.sin_addr, ip, 4);
		a->a.sin.sin_port = htons(port);
		a->len = sizeof(a->a.sin);
	} else {
		a->a.sin6.sin6_family = AF_INET6;
		memcpy(&a->a.sin6.sin6_addr, ip, 16);
		a->a.sin6.sin6_port = htons(port);
		a->len = sizeof(a->a.sin6);
	}
}

int
addr_parse_ip(const char *s, uint16_t port, struct addr *a)
{
	char tmp[INET6_ADDRSTRLEN + 2];
	unsigned char raw[16];
	size_t n = strlen(s);

	if (n > 2 && s[0] == '[' && s[n - 1] == ']') {
		if (n - 2 >= sizeof(tmp))
			return -1;
		memcpy(tmp, s + 1, n - 2);
		tmp[n - 2] = '\0';
		if (inet_pton(AF_INET6, tmp, raw) != 1)
			return -1;
		addr_from_raw(a, AF_INET6, raw, port);
		return 0;
	}
	if (inet_pton(AF_INET, s, raw) == 1) {
		addr_from_raw(a, AF_INET, raw, port);
		return 0;
	}
	if (inet_pton(AF_INET6, s, raw) == 1) {
		addr_from_raw(a, AF_INET6, raw, port);
		return 0;
	}
	return -1;
}

int
addr_parse_listen(const char *s, uint16_t port, struct addr *a)
{
	size_t n;

	if (strncmp(s, "unix:", 5) != 0)
		return addr_parse_ip(s, port, a);
	s += 5;
	n = strlen(s);
	if (n == 0 || n >= sizeof(a->a.sun.sun_path))
		return -1;
	addr_clear(a);
	a->a.sun.sun_family = AF_UNIX;
	memcpy(a->a.sun.sun_path, s, n);
	if (s[0] == '@')
		a->a.sun.sun_path[0] = '\0';	/* Linux abstract name */
	a->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
	    (s[0] == '@' ? 0 : 1));
	return 0;
}

uint16_t
addr_port(const struct addr *a)
{
	switch (addr_family(a)) {
	case AF_INET:
		return ntohs(a->a.sin.sin_port);
	case AF_INET6:
		return ntohs(a->a.sin6.sin6_port);
	default:
		return 0;
	}
}

void
addr_set_port(struct addr *a, uint16_t port)
{
	if (addr_family(a) == AF_INET)
		a->a.sin.sin_port = htons(port);
	else if (addr_family(a) == AF_INET6)
		a->a.sin6.sin6_port = htons(port);
}

void
addr_unmap(struct addr *a)
{
	if (addr_family(a) == AF_INET6 &&
	    IN6_IS_ADDR_V4MAPPED(&a->a.sin6.sin6_addr)) {
		uint16_t port = ntohs(a->a.sin6.sin6_port);
		unsigned char v4[4];

		memcpy(v4, a->a.sin6.sin6_addr.s6_addr + 12, 4);
		addr_from_raw(a, AF_INET, v4, port);
	}
}

int
addr_same_ip(const struct addr *x, const struct addr *y)
{
	if (addr_family(x) != addr_family(y))
		return 0;
	if (addr_family(x) == AF_INET)
		return x->a.sin.sin_addr.s_addr == y->a.sin.sin_addr.s_addr;
	if (addr_family(x) == AF_INET6)
		return memcmp(&x->a.sin6.sin6_addr, &y->a.sin6.sin6_addr,
		    16) == 0;
	return addr_family(x) == AF_UNIX;
}

int
addr_is_any(const struct addr *a)
{
	if (addr_family(a) == AF_INET)
		return a->a.sin.sin_addr.s_addr == INADDR_ANY;
	if (addr_family(a) == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(&a->a.sin6.sin6_addr);
	return addr_family(a) == AF_UNSPEC;
}

int
addr_is_loopback(const struct addr *a)
{
	if (addr_family(a) == AF_INET)
		return (ntohl(a->a.sin.sin_addr.s_addr) >> 24) == 127;
	if (addr_family(a) == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&a->a.sin6.sin6_addr);
	return addr_family(a) == AF_UNIX;
}

/*
 * "unix:PATH", "unix:@NAME" for an abstract name, "unix:" for an unnamed
 * socket. Only the length the kernel gave counts (an unnamed peer's path
 * is whatever was there before), and bytes that are not printable, or
 * could end a quoted string, are shown as '?': the text goes into records
 * and headers.
 */
static void
unix_str(const struct addr *a, char *buf, size_t len)
{
	const char *p = a->a.sun.sun_path;
	size_t n = 0, i, o;

	if (a->len > offsetof(struct sockaddr_un, sun_path))
		n = a->len - offsetof(struct sockaddr_un, sun_path);
	if (n > sizeof(a->a.sun.sun_path))
		n = sizeof(a->a.sun.sun_path);
	o = strlcpy(buf, n > 0 && p[0] == '\0' ? "unix:@" : "unix:", len);
	for (i = n > 0 && p[0] == '\0'; i < n && o + 1 < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\0' && p[0] != '\0')
			break;
		buf[o++] = c > 0x20 && c < 0x7f && c != '"' && c != '\\' ?
		    (char)c : '?';
	}
	if (o < len)
		buf[o] = '\0';
}

const char *
addr_ip_str(const struct addr *a, char *buf, size_t len)
{
	switch (addr_family(a)) {
	case AF_INET:
		if (inet_ntop(AF_INET, &a->a.sin.sin_addr, buf,
		    (socklen_t)len) != NULL)
			return buf;
		break;
	case AF_INET6:
		if (inet_ntop(AF_INET6, &a->a.sin6.sin6_addr, buf,
		    (socklen_t)len) != NULL)
			return buf;
		break;
	case AF_UNIX:
		unix_str(a, buf, len);
		return buf;
	default:
		break;
	}
	strlcpy(buf, "0.0.0.0", len);
	return buf;
}

const char *
addr_str(const struct addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (addr_family(a) == AF_INET6)
		snprintf(buf, len, "[%s]:%u", addr_ip_str(a, ip, sizeof(ip)),
		    addr_port(a));
	else if (addr_family(a) == AF_UNIX)
		addr_ip_str(a, buf, len);
	else
		snprintf(buf, len, "%s:%u", addr_ip_str(a, ip, sizeof(ip)),
		    addr_port(a));
	return buf;
}

static int
parse_port(const char *s, uint16_t *port)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int
net_split_hostport(const char *s, char *host, size_t hostlen, uint16_t *port)
{
	const char *colon, *hend;
	size_t hl;

	if (s[0] == '[') {
		hend = strchr(s, ']');
		if (hend == NULL)
			return -1;
		s++;
		hl = (size_t)(hend - s);
		if (hend[1] == ':') {
			if (parse_port(hend + 2, port) == -1)
				return -1;
		} else if (hend[1] != '\0')
			return -1;
	} else {
		colon = strchr(s, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL) {
			/* Bare IPv6 literal: no port. */
			hl = strlen(s);
		} else if (colon != NULL) {
			hl = (size_t)(colon - s);
			if (parse_port(colon + 1, port) == -1)
				return -1;
		} else
			hl = strlen(s);
	}
	if (hl == 0 || hl >= hostlen)
		return -1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	return 0;
}

int
net_socket(int family, int type)
{
	return socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

int
net_listen(const struct addr *a, int type, int backlog)
{
	int fd, one = 1;

	if ((fd = net_socket(addr_family(a), type)) == -1)
		return -1;
	if (addr_family(a) == AF_UNIX) {
		if (a->a.sun.sun_path[0] != '\0')
			(void)unlink(a->a.sun.sun_path);
	} else if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) == -1)
		goto fail;
	if (addr_family(a) == AF_INET6 && addr_is_any(a)) {
		/* "::" serves IPv4 too, as a dual-stack listener. */
		int zero = 0;

		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
		    sizeof(zero));
	}
	if (bind(fd, &a->a.sa, a->len) == -1)
		goto fail;
	if (type == SOCK_STREAM && listen(fd, backlog) == -1)
		goto fail;
	return fd;
fail:
	{
		int save = errno;

		close(fd);
		errno = save;
	}
	return -1;
}

int
net_connect(const struct addr *dst, const struct addr *src)
{
	int fd, one = 1;

	if ((fd = net_socket(addr_family(dst), SOCK_STREAM)) == -1)
		return -1;
	if (addr_family(dst) != AF_UNIX)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof(one));
	if (src != NULL && addr_is_set(src) &&
	    addr_family(src) == addr_family(dst)) {
		(void)setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
		    sizeof(one));
		if (bind(fd, &src->a.sa, src->len) == -1)
			goto fail;
	}
	if (connect(fd, &dst->a.sa, dst->len) == -1 && errno != EINPROGRESS)
		goto fail;
	return fd;
fail:
	{
		int save = errno;

		close(fd);
		errno = save;
	}
	return -1;
}

int
net_connect_error(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		return errno;
	return err;
}

void
net_abort(int fd)
{
	struct linger l = { 1, 0 };

	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
}

int
net_unsent(int fd)
{
	int n;

	return ioctl(fd, TIOCOUTQ, &n) == -1 ? -1 : n;
}

int
net_readable(int fd)
{
	int n;

	return ioctl(fd, FIONREAD, &n) == -1 ? -1 : n;
}

int
net_accept(int lfd, struct addr *peer)
{
	int fd;

	memset(peer, 0, sizeof(*peer));
	peer->len = sizeof(peer->a);
	do
		fd = accept4(lfd, &peer->a.sa, &peer->len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
	while (fd == -1 && errno == EINTR);
	if (fd != -1)
		addr_unmap(peer);
	return fd;
}

int
net_local(int fd, struct addr *a)
{
	addr_clear(a);
	a->len = sizeof(a->a);
	if (getsockname(fd, &a->a.sa, &a->len) == -1)
		return -1;
	addr_unmap(a);
	return 0;
}

int
net_peer(int fd, struct addr *a)
{
	addr_clear(a);
	a->len = sizeof(a->a);
	if (getpeername(fd, &a->a.sa, &a->len) == -1)
		return -1;
	addr_unmap(a);
	return 0;
}

int
net_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = send(fd, c, n, MSG_NOSIGNAL);

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1 && errno == ENOTSOCK)
			w = write(fd, c, n);
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}
