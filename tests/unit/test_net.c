/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for address parsing and formatting. */
#include "net.h"
#include "unit.h"

int
main(void)
{
	struct addr a, b;
	char s[ADDR_STRLEN], host[256];
	uint16_t port;

	CHECK(addr_parse_ip("192.0.2.1", 80, &a) == 0 &&
	    addr_family(&a) == AF_INET && addr_port(&a) == 80, "IPv4");
	CHECK_STR(addr_str(&a, s, sizeof(s)), "192.0.2.1:80", "IPv4 text");
	CHECK(addr_parse_ip("[2001:db8::1]", 443, &a) == 0 &&
	    addr_family(&a) == AF_INET6, "bracketed IPv6");
	CHECK_STR(addr_str(&a, s, sizeof(s)), "[2001:db8::1]:443",
	    "IPv6 text has brackets");
	CHECK(addr_parse_ip("::1", 0, &a) == 0 && addr_is_loopback(&a),
	    "::1 loopback");
	CHECK(addr_parse_ip("1.2.3", 0, &a) == -1, "short IPv4 refused");
	CHECK(addr_parse_ip("256.1.1.1", 0, &a) == -1, "octet > 255 refused");
	CHECK(addr_parse_ip("example.com", 0, &a) == -1, "name is no literal");
	CHECK(addr_parse_ip("0177.0.0.1", 0, &a) == -1,
	    "octal IPv4 is no literal");
	CHECK(addr_parse_ip("::ffff:10.0.0.1", 5, &a) == 0 &&
	    (addr_unmap(&a), addr_family(&a) == AF_INET) &&
	    addr_port(&a) == 5, "v4-mapped unmaps to IPv4");
	CHECK_STR(addr_ip_str(&a, s, sizeof(s)), "10.0.0.1", "unmapped text");
	addr_parse_ip("10.0.0.1", 1, &a);
	addr_parse_ip("10.0.0.1", 2, &b);
	CHECK(addr_same_ip(&a, &b), "same IP, other port");
	CHECK(addr_parse_listen("unix:/run/x", 0, &a) == 0 &&
	    addr_family(&a) == AF_UNIX, "unix path");
	CHECK_STR(addr_ip_str(&a, s, sizeof(s)), "unix:/run/x", "unix text");
	CHECK(addr_parse_listen("unix:", 0, &a) == -1, "empty unix refused");
	/* An unnamed peer: only the length counts, not stale bytes. */
	memset(&a, 0, sizeof(a));
	a.a.sun.sun_family = AF_UNIX;
	memcpy(a.a.sun.sun_path, "\xf7\xc0\x15V", 4);
	a.len = (socklen_t)offsetof(struct sockaddr_un, sun_path);
	CHECK_STR(addr_ip_str(&a, s, sizeof(s)), "unix:", "unnamed unix peer");
	/* An abstract name is not NUL-terminated; odd bytes show as '?'. */
	memcpy(a.a.sun.sun_path, "\0ab\r\n\"c", 7);
	a.len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 5);
	CHECK_STR(addr_ip_str(&a, s, sizeof(s)), "unix:@ab??",
	    "abstract name by length, CR LF masked");
	memcpy(a.a.sun.sun_path, "/p\"x\0junk", 10);
	a.len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 10);
	CHECK_STR(addr_ip_str(&a, s, sizeof(s)), "unix:/p?x",
	    "path ends at its NUL, quote masked");
	port = 7;
	CHECK(net_split_hostport("example.com:8080", host, sizeof(host),
	    &port) == 0 && strcmp(host, "example.com") == 0 && port == 8080,
	    "host:port");
	port = 7;
	CHECK(net_split_hostport("example.com", host, sizeof(host),
	    &port) == 0 && port == 7, "host alone keeps the port");
	CHECK(net_split_hostport("[::1]:21", host, sizeof(host), &port) == 0 &&
	    strcmp(host, "::1") == 0 && port == 21, "[v6]:port");
	port = 9;
	CHECK(net_split_hostport("2001:db8::2", host, sizeof(host),
	    &port) == 0 && strcmp(host, "2001:db8::2") == 0 && port == 9,
	    "bare v6 has no port");
	CHECK(net_split_hostport("h:0", host, sizeof(host), &port) == -1,
	    "port 0 refused");
	CHECK(net_split_hostport("h:99999", host, sizeof(host), &port) == -1,
	    "port 99999 refused");
	CHECK(net_split_hostport(":80", host, sizeof(host), &port) == -1,
	    "empty host refused");
	CHECK(net_split_hostport("[::1", host, sizeof(host), &port) == -1,
	    "unclosed bracket refused");
	CHECK(net_split_hostport("abcdef:1", host, 4, &port) == -1,
	    "host longer than the buffer refused");
	UNIT_DONE();
}
