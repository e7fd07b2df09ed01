/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Socket addresses and the socket calls every module makes. */
#ifndef NET_H
#define NET_H

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <stddef.h>
#include <stdint.h>

/* Longest text form of an address with port, "[v6]:65535" or unix path. */
#define ADDR_STRLEN	(sizeof(((struct sockaddr_un *)0)->sun_path) + 8)

struct addr {
	union {
		struct sockaddr		sa;
		struct sockaddr_in	sin;
		struct sockaddr_in6	sin6;
		struct sockaddr_un	sun;
		struct sockaddr_storage	ss;
	} a;
	socklen_t	len;
};

/* Clear to "no address" (family AF_UNSPEC). */
void		 addr_clear(struct addr *);
static inline int
addr_family(const struct addr *a)
{
	return a->a.sa.sa_family;
}
static inline int
addr_is_set(const struct addr *a)
{
	return a->a.sa.sa_family != 0;
}
/*
 * Parse an IPv4 or IPv6 literal (IPv6 with or without brackets) and set the
 * port. Returns 0, or -1 when s is not a literal.
 */
int		 addr_parse_ip(const char *s, uint16_t port, struct addr *);
/* As addr_parse_ip(), also accepting "unix:/path" and "unix:@abstract". */
int		 addr_parse_listen(const char *s, uint16_t port, struct addr *);
/* Build from raw network-order bytes (4 or 16 of them). */
void		 addr_from_raw(struct addr *, int family, const void *ip,
		    uint16_t port);
uint16_t	 addr_port(const struct addr *);
void		 addr_set_port(struct addr *, uint16_t);
/* Turn ::ffff:a.b.c.d into AF_INET a.b.c.d; other addresses unchanged. */
void		 addr_unmap(struct addr *);
/* Same family and IP (ports ignored). */
int		 addr_same_ip(const struct addr *, const struct addr *);
/* 0.0.0.0 or :: */
int		 addr_is_any(const struct addr *);
/* Loopback 127/8 or ::1. */
int		 addr_is_loopback(const struct addr *);
/* The IP alone ("10.0.0.1", "::1", "unix:/p"); "0.0.0.0" when unset. */
const char	*addr_ip_str(const struct addr *, char *buf, size_t len);
/* IP and port ("10.0.0.1:80", "[::1]:80"). */
const char	*addr_str(const struct addr *, char *buf, size_t len);

/*
 * Split "host:port", "[v6]:port" or a bare host into its parts. A bare IPv6
 * literal without brackets is taken as a host without port. *port is left
 * untouched when the text has none. Returns 0, or -1 for a malformed port,
 * an empty host or a host longer than hostlen - 1.
 */
int		 net_split_hostport(const char *s, char *host, size_t hostlen,
		    uint16_t *port);

/* A non-blocking, close-on-exec socket; -1 with errno on failure. */
int		 net_socket(int family, int type);
/*
 * Bind and (for streams) listen with SO_REUSEADDR; a Unix socket path is
 * unlinked first. Returns the descriptor or -1 with errno set.
 */
int		 net_listen(const struct addr *, int type, int backlog);
/*
 * Start a non-blocking connect to dst, from src when it is set (bound with
 * IP_BIND_ADDRESS_NO_PORT so that many connections share the ports). Returns
 * the descriptor, connecting or connected; the caller waits for EV_WRITE and
 * asks net_connect_error(). -1 with errno on immediate failure.
 */
int		 net_connect(const struct addr *dst, const struct addr *src);
/* 0 when the connect finished, else the errno it failed with. */
int		 net_connect_error(int fd);
/* Bytes waiting to be read (FIONREAD), or -1. */
int		 net_readable(int fd);
/* Bytes sent and not yet acknowledged by the peer (TIOCOUTQ), or -1. */
int		 net_unsent(int fd);
/* Make the coming close() send a reset (SO_LINGER 0). */
void		 net_abort(int fd);
/* accept4() non-blocking and close-on-exec; the peer is unmapped. */
int		 net_accept(int lfd, struct addr *peer);
/* getsockname() into an addr (unmapped); 0 or -1. */
int		 net_local(int fd, struct addr *);
/* getpeername() into an addr (unmapped); 0 or -1. */
int		 net_peer(int fd, struct addr *);
/* Send all of p (blocking sockets only: start-up and tests). */
int		 net_write_all(int fd, const void *p, size_t n);

#endif
