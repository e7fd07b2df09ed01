/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the DNS message parser and builder. */
#include <arpa/inet.h>

#include <stdlib.h>
#include <time.h>

#include "dns.h"
#include "unit.h"

/* A message under construction. */
static uint8_t	m[65536];
static size_t	mlen;

static void
put(const void *p, size_t n)
{
	memcpy(m + mlen, p, n);
	mlen += n;
}

static void
put16(unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(b, 2);
}

static void
put32(uint32_t v)
{
	put16(v >> 16);
	put16(v & 0xffff);
}

static void
header(unsigned flags, unsigned qd, unsigned an, unsigned ns, unsigned ar)
{
	mlen = 0;
	put16(0x1234);
	put16(flags);
	put16(qd);
	put16(an);
	put16(ns);
	put16(ar);
}

static void
name(const char *s)
{
	uint8_t w[DNS_MAXNAME];
	size_t n;

	if (dns_name_from_text(s, w, &n) == 0)
		put(w, n);
}

static void
rr(unsigned type, uint32_t ttl, const void *rd, size_t rdlen)
{
	put16(type);
	put16(DNS_C_IN);
	put32(ttl);
	put16((unsigned)rdlen);
	put(rd, rdlen);
}

static int
decode(size_t off, char *text, size_t textlen)
{
	uint8_t out[DNS_MAXNAME];
	size_t n;
	int rc = dns_name_read(m, mlen, &off, out, &n, NULL);

	if (rc == 0)
		(void)dns_name_to_text(out, n, text, textlen);
	return rc;
}

int
main(void)
{
	uint8_t w[DNS_MAXNAME], w2[DNS_MAXNAME];
	char text[DNS_TEXTNAME];
	struct dns_msg pm;
	struct addr a[8];
	size_t n, n2, off;
	uint32_t ttl;
	int rc, i, comp;

	/* Text to wire and back. */
	CHECK(dns_name_from_text("www.Example.com", w, &n) == 0 && n == 17 &&
	    w[0] == 3 && w[4] == 7 && w[16] == 0, "name to wire");
	CHECK(dns_name_from_text("www.example.com.", w2, &n2) == 0 &&
	    n2 == 17, "trailing dot");
	CHECK(dns_name_eq(w, n, w2, n2), "names equal case-insensitively");
	w2[1] = 'x';
	CHECK(!dns_name_eq(w, n, w2, n2), "different names");
	CHECK(dns_name_from_text(".", w, &n) == 0 && n == 1 && w[0] == 0,
	    "root");
	CHECK(dns_name_from_text("a..b", w, &n) == -1, "empty label refused");
	CHECK(dns_name_from_text("", w, &n) == -1, "empty name refused");
	memset(text, 'a', 64);
	text[64] = '\0';
	CHECK(dns_name_from_text(text, w, &n) == -1, "64-byte label refused");
	text[63] = '\0';
	CHECK(dns_name_from_text(text, w, &n) == 0, "63-byte label taken");
	{
		char big[300];

		/* 4 x 63 + 3 dots = 255 characters: 257 bytes of wire. */
		memset(big, 'b', sizeof(big));
		big[63] = big[127] = big[191] = '.';
		big[255] = '\0';
		CHECK(dns_name_from_text(big, w, &n) == -1,
		    "name over 255 bytes refused");
		big[253] = '\0';
		CHECK(dns_name_from_text(big, w, &n) == 0 && n == 255,
		    "255-byte name taken");
	}
	w[0] = 3;
	memcpy(w + 1, "a.b", 3);
	w[4] = 2;
	memcpy(w + 5, "\x01z", 2);
	w[7] = 0;
	CHECK(dns_name_to_text(w, 8, text, sizeof(text)) == 0, "to text");
	CHECK_STR(text, "a\\.b.\\001z", "dots and control bytes escaped");
	CHECK(dns_name_has_nul((const uint8_t *)"\x02" "a\0" "\0", 4),
	    "NUL in a label found");
	CHECK(!dns_name_has_nul((const uint8_t *)"\x01" "a\0", 3),
	    "no NUL in a label");
	CHECK(dns_name_to_text(w, 8, text, 4) == -1, "short buffer reported");

	/* Compression: backward pointers only, bounded hops. */
	header(0, 1, 0, 0, 0);
	name("example.com");		/* at 12 */
	put16(0xc000 | 12);		/* at 25: -> example.com */
	m[mlen++] = 3;
	put("www", 3);
	put16(0xc000 | 25);		/* at 27: www -> (ptr -> example.com) */
	CHECK(decode(27, text, sizeof(text)) == 0, "two hops");
	CHECK_STR(text, "www.example.com", "two hops decoded");
	off = 27;
	CHECK(dns_name_read(m, mlen, &off, w, &n, &comp) == 0 && off == 33 &&
	    comp, "offset moves past the first pointer");
	header(0, 1, 0, 0, 0);
	put16(0xc000 | 12);
	CHECK(decode(12, text, sizeof(text)) == DNS_E_POINTER,
	    "self-pointer refused");
	header(0, 1, 0, 0, 0);
	put16(0xc000 | 20);
	put("\x01" "a\0\0\0\0\0\0\0", 9);
	CHECK(decode(12, text, sizeof(text)) == DNS_E_POINTER,
	    "forward pointer refused");
	header(0, 1, 0, 0, 0);
	put("\x01" "a", 2);
	put16(0xc000 | 12);
	CHECK(decode(12, text, sizeof(text)) == DNS_E_POINTER,
	    "pointer into its own labels refused");
	header(0, 1, 0, 0, 0);
	put16(0xc000 | 3);
	CHECK(decode(12, text, sizeof(text)) == DNS_E_POINTER,
	    "pointer into the header refused");
	header(0, 1, 0, 0, 0);
	put("\x01" "a\xc0", 3);
	CHECK(decode(12, text, sizeof(text)) == DNS_E_SHORT,
	    "pointer cut short");
	header(0, 1, 0, 0, 0);
	put("\x05" "ab", 3);
	CHECK(decode(12, text, sizeof(text)) == DNS_E_SHORT, "label cut short");
	header(0, 1, 0, 0, 0);
	put("\x41" "a\0", 3);
	CHECK(decode(12, text, sizeof(text)) == DNS_E_LABEL,
	    "label type 0x40 refused");
	/* A chain of 17 backward pointers. */
	header(0, 1, 0, 0, 0);
	m[mlen++] = 0;			/* at 12: root */
	for (i = 0; i < 17; i++)
		put16(0xc000 | (unsigned)(i == 0 ? 12 : 13 + 2 * (i - 1)));
	CHECK(decode(13 + 2 * 15, text, sizeof(text)) == 0,
	    "16 hops followed");
	CHECK(decode(13 + 2 * 16, text, sizeof(text)) == DNS_E_HOPS,
	    "17 hops refused");
	/* Names growing past 255 bytes through pointers. */
	header(0, 1, 0, 0, 0);
	for (i = 0; i < 4; i++) {
		m[mlen++] = 62;
		memset(m + mlen, 'x', 62);
		mlen += 62;
	}
	m[mlen++] = 0;			/* 4 x 63 + 1 = 253 bytes */
	n = mlen;
	put("\x02" "ab", 3);
	put16(0xc000 | 12);		/* 3 + 253 = 256 bytes */
	CHECK(decode(12, text, sizeof(text)) == 0, "253-byte name");
	CHECK(decode(n, text, sizeof(text)) == DNS_E_LONG,
	    "256 bytes through a pointer refused");

	/* A whole query. */
	header(DNS_F_RD, 1, 0, 0, 1);
	name("www.example.com");
	put16(DNS_T_A);
	put16(DNS_C_IN);
	put("\0\0\x29\x04\xd0\0\0\x80\0\0\0", 11);
	rc = dns_parse(m, mlen, &pm);
	CHECK(rc == 0 && pm.m_qtype == DNS_T_A && pm.m_qclass == DNS_C_IN &&
	    pm.m_qend == 12 + 17 + 4 && pm.m_end == mlen, "query parsed");
	CHECK(pm.m_edns && pm.m_udpsize == 1232 &&
	    pm.m_ednsflags == DNS_EDNS_DO && pm.m_optoff == 33 &&
	    pm.m_optindex == 0, "EDNS seen");
	for (n = 0; n < mlen; n++)
		if (dns_parse(m, n, &pm) == 0)
			break;
	CHECK(n == mlen, "every truncation refused");
	m[5] = 2;
	CHECK(dns_parse(m, mlen, &pm) == DNS_E_QDCOUNT, "QDCOUNT 2 refused");
	m[5] = 0;
	CHECK(dns_parse(m, mlen, &pm) == DNS_E_QDCOUNT, "QDCOUNT 0 refused");
	m[5] = 1;
	m[11] = 2;
	put("\0\0\x29\x04\xd0\0\0\0\0\0\0", 11);
	CHECK(dns_parse(m, mlen, &pm) == DNS_E_OPT, "two OPT refused");
	header(0, 1, 1, 0, 0);
	name("a");
	put16(DNS_T_A);
	put16(DNS_C_IN);
	put("\0\0\x29\x04\xd0\0\0\0\0\0\0", 11);
	CHECK(dns_parse(m, mlen, &pm) == DNS_E_OPT, "OPT in answers refused");

	/* Answers: CNAME chains in any order, TTLs, bad records skipped. */
	header(DNS_F_QR | DNS_F_RD | DNS_F_RA, 1, 5, 0, 0);
	name("www.example.com");	/* at 12 */
	put16(DNS_T_A);
	put16(DNS_C_IN);
	n = mlen;
	name("cdn.example.net");	/* cdn's address, before the CNAME */
	rr(DNS_T_A, 50, "\x0a\0\0\x02", 4);
	put16(0xc000 | 12);
	put16(DNS_T_CNAME);
	put16(DNS_C_IN);
	put32(300);
	put16(2);
	put16(0xc000 | (unsigned)n);
	put16(0xc000 | 12);
	rr(DNS_T_A, 40, "\x0a\0\0\x03", 4);	/* www's own, also taken */
	put16(0xc000 | 12);
	rr(DNS_T_A, 10, "\x0a\0\0\x03\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	name("other.example");
	rr(DNS_T_A, 5, "\x06\x06\x06\x06", 4);	/* not in the chain */
	rc = dns_parse(m, mlen, &pm);
	CHECK(rc == 0, "answer parsed");
	rc = dns_answer_addrs(m, mlen, &pm, a, 8, &ttl);
	CHECK(rc == 2, "chain addresses found, stranger and bad RDLENGTH not");
	CHECK(rc == 2 && addr_family(&a[0]) == AF_INET &&
	    a[0].a.sin.sin_addr.s_addr == htonl(0x0a000002) &&
	    a[1].a.sin.sin_addr.s_addr == htonl(0x0a000003),
	    "addresses in answer order");
	CHECK(ttl == 40, "smallest TTL of what was used");

	/* A CNAME loop ends quietly. */
	header(DNS_F_QR, 1, 2, 0, 0);
	name("a.example");		/* at 12 */
	put16(DNS_T_A);
	put16(DNS_C_IN);
	put16(0xc000 | 12);
	put16(DNS_T_CNAME);
	put16(DNS_C_IN);
	put32(5);
	put16(11);
	n = mlen;
	name("b.example");
	put16(0xc000 | (unsigned)n);
	put16(DNS_T_CNAME);
	put16(DNS_C_IN);
	put32(5);
	put16(2);
	put16(0xc000 | 12);
	CHECK(dns_parse(m, mlen, &pm) == 0 &&
	    dns_answer_addrs(m, mlen, &pm, a, 8, &ttl) == 0, "CNAME loop");

	/* Negative TTL from the SOA. */
	header(DNS_F_QR | DNS_R_NXDOMAIN, 1, 0, 1, 0);
	name("x.example");
	put16(DNS_T_A);
	put16(DNS_C_IN);
	name("example");
	put16(DNS_T_SOA);
	put16(DNS_C_IN);
	put32(900);
	put16(2 + 2 + 20);
	put16(0xc000 | 12);
	put16(0xc000 | 12);
	put32(1);
	put32(2);
	put32(3);
	put32(4);
	put32(120);
	CHECK(dns_parse(m, mlen, &pm) == 0 &&
	    dns_negative_ttl(m, mlen, &pm, &ttl) == 0 && ttl == 120,
	    "SOA minimum");
	/* The same with RDATA one byte short of a SOA. */
	mlen -= 1;
	m[mlen - 24] = 2 + 2 + 19;
	CHECK(dns_parse(m, mlen, &pm) == 0 &&
	    dns_negative_ttl(m, mlen, &pm, &ttl) == -1, "short SOA refused");

	/* Reverse names. */
	CHECK(dns_name_from_text("4.3.2.1.IN-ADDR.arpa", w, &n) == 0 &&
	    dns_ptr_addr(w, n, &a[0]) == 0 && addr_family(&a[0]) == AF_INET &&
	    a[0].a.sin.sin_addr.s_addr == htonl(0x01020304), "in-addr.arpa");
	CHECK(dns_name_from_text("4.3.2.01.in-addr.arpa", w, &n) == 0 &&
	    dns_ptr_addr(w, n, &a[0]) == -1, "leading zero refused");
	CHECK(dns_name_from_text("3.2.1.in-addr.arpa", w, &n) == 0 &&
	    dns_ptr_addr(w, n, &a[0]) == -1, "three labels refused");
	CHECK(dns_name_from_text("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0."
	    "1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa", w, &n) == 0 &&
	    dns_ptr_addr(w, n, &a[0]) == 0 && addr_family(&a[0]) == AF_INET6,
	    "ip6.arpa");
	CHECK_STR(addr_ip_str(&a[0], text, sizeof(text)),
	    "4321:0:1:2:3:4:567:89ab", "ip6.arpa address");
	CHECK(dns_name_from_text("www.example.com", w, &n) == 0 &&
	    dns_ptr_addr(w, n, &a[0]) == -1, "not a reverse name");

	/* Building a query. */
	dns_name_from_text("q.example", w, &n);
	mlen = dns_build_query(m, sizeof(m), 0xbeef, DNS_F_RD | DNS_F_QR, w, n,
	    DNS_T_AAAA, DNS_C_IN, 1232, DNS_EDNS_DO);
	CHECK(mlen == 12 + 11 + 4 + 11 && dns_parse(m, mlen, &pm) == 0 &&
	    pm.m_hdr.id == 0xbeef && pm.m_hdr.flags == DNS_F_RD &&
	    pm.m_qtype == DNS_T_AAAA && pm.m_edns &&
	    pm.m_ednsflags == DNS_EDNS_DO, "query built");
	CHECK(dns_build_query(m, 20, 1, 0, w, n, 1, 1, 0, 0) == 0,
	    "no room reported");

	/* TTLs passed on: top bit set counts as 0, none above the limit. */
	CHECK(dns_ttl_sane(0x80000000u, 43200) == 0, "TTL 2^31 is 0");
	CHECK(dns_ttl_sane(0x7fffffffu, 43200) == 43200, "TTL 2^31-1 capped");
	CHECK(dns_ttl_sane(300, 43200) == 300, "TTL 300 kept");
	{
		static const uint8_t ans[] = {
			0, 1, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 1,
			1, 'a', 0, 0, 1, 0, 1,
			0xc0, 12, 0, 1, 0, 1, 0x80, 0, 0, 5, 0, 4, 10, 0, 0, 1,
			0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 2,
			0, 0, 41, 4, 0xd0, 0x80, 0, 0, 0, 0, 0 };
		uint8_t cp[sizeof(ans)];

		memcpy(cp, ans, sizeof(ans));
		CHECK(dns_parse(cp, sizeof(cp), &pm) == 0, "TTL sample parses");
		dns_clamp_ttls(cp, &pm, 43200);
		CHECK(memcmp(cp + 25, "\0\0\0\0", 4) == 0 &&
		    memcmp(cp + 41, "\0\0\0\x3c", 4) == 0 &&
		    memcmp(cp + 56, "\x80\0\0\0", 4) == 0,
		    "TTLs rewritten in place, OPT flags kept");
	}

	/* Random messages never crash and never read past the end. */
	srand((unsigned)time(NULL));
	for (i = 0; i < 20000; i++) {
		size_t j, len = (size_t)(rand() % 300);
		uint8_t *p = malloc(len + 1);

		for (j = 0; j < len; j++)
			p[j] = (uint8_t)(j < 12 && j > 3 ? rand() % 3 :
			    rand() & (j % 3 ? 0xff : 0xc3));
		if (dns_parse(p, len, &pm) == 0)
			(void)dns_answer_addrs(p, len, &pm, a, 8, &ttl);
		free(p);
	}
	CHECK(1, "20000 random messages survived");
	UNIT_DONE();
}
