/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* DNS messages (RFC 1035): pure parsing and building over byte buffers. */
#include <string.h>

#include "dns.h"

int
dns_hdr_read(const uint8_t *msg, size_t len, struct dns_hdr *h)
{
	if (len < DNS_HDRLEN)
		return DNS_E_SHORT;
	h->id = dns_get16(msg);
	h->flags = dns_get16(msg + 2);
	h->qdcount = dns_get16(msg + 4);
	h->ancount = dns_get16(msg + 6);
	h->nscount = dns_get16(msg + 8);
	h->arcount = dns_get16(msg + 10);
	return 0;
}

void
dns_hdr_write(uint8_t *msg, const struct dns_hdr *h)
{
	dns_put16(msg, h->id);
	dns_put16(msg + 2, h->flags);
	dns_put16(msg + 4, h->qdcount);
	dns_put16(msg + 6, h->ancount);
	dns_put16(msg + 8, h->nscount);
	dns_put16(msg + 10, h->arcount);
}

int
dns_name_read(const uint8_t *msg, size_t len, size_t *off, uint8_t *name,
    size_t *namelen, int *compressed)
{
	size_t pos = *off, run = *off, out = 0, after = 0;
	int hops = 0;

	for (;;) {
		unsigned c;

		if (pos >= len)
			return DNS_E_SHORT;
		c = msg[pos];
		if ((c & 0xc0) == 0xc0) {
			size_t ptr;

			if (pos + 1 >= len)
				return DNS_E_SHORT;
			ptr = ((size_t)(c & 0x3f) << 8) | msg[pos + 1];
			/*
			 * RFC 1035 s4.1.4 allows any prior occurrence; we
			 * demand a target before the start of the labels
			 * being read, so each jump lands further back and no
			 * loop (self-pointer, forward pointer, cycle) exists.
			 */
			if (ptr >= run || ptr < DNS_HDRLEN)
				return DNS_E_POINTER;
			if (++hops > DNS_MAXHOPS)
				return DNS_E_HOPS;
			if (hops == 1)
				after = pos + 2;
			pos = run = ptr;
			continue;
		}
		if (c & 0xc0)
			return DNS_E_LABEL;	/* 0x40 and 0x80: RFC 6891 s5 */
		if (c == 0) {
			if (out + 1 > DNS_MAXNAME)
				return DNS_E_LONG;
			if (name != NULL)
				name[out] = 0;
			out++;
			pos++;
			break;
		}
		if (pos + 1 + c > len)
			return DNS_E_SHORT;
		/* Room for this label and the root byte still to come. */
		if (out + 1 + c + 1 > DNS_MAXNAME)
			return DNS_E_LONG;
		if (name != NULL)
			memcpy(name + out, msg + pos, 1 + c);
		out += 1 + c;
		pos += 1 + c;
	}
	*off = hops > 0 ? after : pos;
	if (namelen != NULL)
		*namelen = out;
	if (compressed != NULL)
		*compressed = hops > 0;
	return 0;
}

static inline uint8_t
lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

int
dns_name_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return 0;
	/* Length bytes are below 64, so lower() leaves them alone. */
	for (i = 0; i < alen; i++)
		if (lower(a[i]) != lower(b[i]))
			return 0;
	return 1;
}

void
dns_name_lower(uint8_t *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		name[i] = lower(name[i]);
}

int
dns_name_has_nul(const uint8_t *name, size_t len)
{
	size_t i = 0;

	while (i < len && name[i] != 0) {
		size_t n = name[i], j;

		for (j = 1; j <= n && i + j < len; j++)
			if (name[i + j] == 0)
				return 1;
		i += 1 + n;
	}
	return 0;
}

int
dns_name_from_text(const char *s, uint8_t *name, size_t *namelen)
{
	size_t out = 0, slen = strlen(s);

	if (slen == 1 && s[0] == '.') {
		name[0] = 0;
		*namelen = 1;
		return 0;
	}
	if (slen > 0 && s[slen - 1] == '.')
		slen--;
	if (slen == 0)
		return -1;
	while (slen > 0) {
		const char *dot = memchr(s, '.', slen);
		size_t n = dot != NULL ? (size_t)(dot - s) : slen;

		if (n == 0 || n > DNS_MAXLABEL || out + 1 + n + 1 > DNS_MAXNAME)
			return -1;
		name[out++] = (uint8_t)n;
		memcpy(name + out, s, n);
		out += n;
		if (dot == NULL)
			break;
		s += n + 1;
		slen -= n + 1;
		if (slen == 0)
			return -1;	/* "a..": the dot was not the last */
	}
	name[out++] = 0;
	*namelen = out;
	return 0;
}

int
dns_name_to_text(const uint8_t *name, size_t namelen, char *out,
    size_t outlen)
{
	static const char digits[] = "0123456789";
	size_t i = 0, o = 0;

	if (outlen == 0)
		return -1;
	if (namelen == 0 || name[0] == 0) {
		if (outlen < 2) {
			out[0] = '\0';
			return -1;
		}
		out[0] = '.';
		out[1] = '\0';
		return 0;
	}
	while (i < namelen && name[i] != 0) {
		size_t n = name[i], j;

		if (i > 0) {
			if (o + 1 >= outlen)
				goto full;
			out[o++] = '.';
		}
		for (j = 1; j <= n && i + j < namelen; j++) {
			uint8_t c = name[i + j];

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_') {
				if (o + 1 >= outlen)
					goto full;
				out[o++] = (char)c;
			} else if (c == '.' || c == '\\') {
				if (o + 2 >= outlen)
					goto full;
				out[o++] = '\\';
				out[o++] = (char)c;
			} else {
				if (o + 4 >= outlen)
					goto full;
				out[o++] = '\\';
				out[o++] = digits[c / 100];
				out[o++] = digits[c / 10 % 10];
				out[o++] = digits[c % 10];
			}
		}
		i += 1 + n;
	}
	out[o] = '\0';
	return 0;
full:
	out[o] = '\0';
	return -1;
}

int
dns_rr_read(const uint8_t *msg, size_t len, size_t *off, struct dns_rr *rr)
{
	size_t pos = *off;
	int rc;

	rc = dns_name_read(msg, len, &pos, rr->rr_name, &rr->rr_namelen, NULL);
	if (rc != 0)
		return rc;
	if (len - pos < 10)
		return DNS_E_SHORT;
	rr->rr_type = dns_get16(msg + pos);
	rr->rr_class = dns_get16(msg + pos + 2);
	rr->rr_ttl = dns_get32(msg + pos + 4);
	rr->rr_rdlen = dns_get16(msg + pos + 8);
	pos += 10;
	if (len - pos < rr->rr_rdlen)
		return DNS_E_SHORT;
	rr->rr_rdata = pos;
	*off = pos + rr->rr_rdlen;
	return 0;
}

uint32_t
dns_ttl_sane(uint32_t ttl, uint32_t max)
{
	if (ttl & 0x80000000u)
		return 0;
	return ttl > max ? max : ttl;
}

int
dns_clamp_ttls(uint8_t *msg, const struct dns_msg *m, uint32_t max)
{
	struct dns_rr rr;
	size_t off = m->m_qend;
	unsigned i, total;
	uint32_t t;
	int changed = 0;

	total = (unsigned)m->m_hdr.ancount + m->m_hdr.nscount +
	    m->m_hdr.arcount;
	for (i = 0; i < total; i++) {
		if (dns_rr_read(msg, m->m_end, &off, &rr) != 0)
			break;
		if (rr.rr_type == DNS_T_OPT ||
		    (t = dns_ttl_sane(rr.rr_ttl, max)) == rr.rr_ttl)
			continue;
		changed++;
		msg[rr.rr_rdata - 6] = (uint8_t)(t >> 24);
		msg[rr.rr_rdata - 5] = (uint8_t)(t >> 16);
		msg[rr.rr_rdata - 4] = (uint8_t)(t >> 8);
		msg[rr.rr_rdata - 3] = (uint8_t)t;
	}
	return changed;
}

int
dns_parse(const uint8_t *msg, size_t len, struct dns_msg *m)
{
	struct dns_rr rr;
	size_t off;
	unsigned i, total;
	int rc;

	memset(m, 0, sizeof(*m));
	if ((rc = dns_hdr_read(msg, len, &m->m_hdr)) != 0)
		return rc;
	if (m->m_hdr.qdcount != 1)
		return DNS_E_QDCOUNT;
	off = DNS_HDRLEN;
	rc = dns_name_read(msg, len, &off, m->m_qname, &m->m_qnamelen,
	    &m->m_qcompressed);
	if (rc != 0)
		return rc;
	if (len - off < 4)
		return DNS_E_SHORT;
	m->m_qtype = dns_get16(msg + off);
	m->m_qclass = dns_get16(msg + off + 2);
	off += 4;
	m->m_qend = off;
	total = (unsigned)m->m_hdr.ancount + m->m_hdr.nscount +
	    m->m_hdr.arcount;
	/* Every record takes at least 11 bytes, so this loop is bounded. */
	for (i = 0; i < total; i++) {
		size_t start = off;

		if ((rc = dns_rr_read(msg, len, &off, &rr)) != 0)
			return rc;
		if (rr.rr_type != DNS_T_OPT)
			continue;
		/* RFC 6891 s6.1.1: one OPT, root owner, additional only. */
		if (m->m_edns || rr.rr_namelen != 1 ||
		    i < (unsigned)m->m_hdr.ancount + m->m_hdr.nscount)
			return DNS_E_OPT;
		m->m_edns = 1;
		m->m_udpsize = rr.rr_class;
		m->m_extrcode = (uint8_t)(rr.rr_ttl >> 24);
		m->m_ednsver = (uint8_t)(rr.rr_ttl >> 16);
		m->m_ednsflags = (uint16_t)rr.rr_ttl;
		m->m_optoff = start;
		m->m_optindex = (uint16_t)(i - m->m_hdr.ancount -
		    m->m_hdr.nscount);
	}
	m->m_end = off;
	return 0;
}

/* Is name one of the n names of the chain? */
static int
in_chain(uint8_t chain[][DNS_MAXNAME], const size_t *clen, int n,
    const uint8_t *name, size_t namelen)
{
	int i;

	for (i = 0; i < n; i++)
		if (dns_name_eq(chain[i], clen[i], name, namelen))
			return 1;
	return 0;
}

int
dns_answer_addrs(const uint8_t *msg, size_t len, const struct dns_msg *m,
    struct addr *out, int max, uint32_t *ttl)
{
	uint8_t chain[DNS_MAXCHAIN + 1][DNS_MAXNAME];
	size_t clen[DNS_MAXCHAIN + 1], off;
	struct dns_rr rr;
	uint32_t minttl = UINT32_MAX;
	unsigned i;
	int n = 1, naddr = 0, rc, grew;
	size_t alen = m->m_qtype == DNS_T_AAAA ? 16 : 4;
	int family = m->m_qtype == DNS_T_AAAA ? AF_INET6 : AF_INET;

	if (m->m_qtype != DNS_T_A && m->m_qtype != DNS_T_AAAA)
		return 0;
	memcpy(chain[0], m->m_qname, m->m_qnamelen);
	clen[0] = m->m_qnamelen;
	/*
	 * Follow the CNAME chain one link per pass over the answer section,
	 * so records in any order work; the passes are bounded by the chain
	 * limit and each pass by the message length.
	 */
	do {
		grew = 0;
		off = m->m_qend;
		for (i = 0; i < m->m_hdr.ancount && n <= DNS_MAXCHAIN; i++) {
			size_t rd;

			if ((rc = dns_rr_read(msg, len, &off, &rr)) != 0)
				return rc;
			if (rr.rr_type != DNS_T_CNAME ||
			    !dns_name_eq(rr.rr_name, rr.rr_namelen,
			    chain[n - 1], clen[n - 1]))
				continue;
			rd = rr.rr_rdata;
			if (dns_name_read(msg, len, &rd, chain[n], &clen[n],
			    NULL) != 0 || rd != rr.rr_rdata + rr.rr_rdlen)
				continue;
			if (in_chain(chain, clen, n, chain[n], clen[n]))
				break;	/* a CNAME loop: stop where we are */
			if (rr.rr_ttl < minttl)
				minttl = rr.rr_ttl;
			n++;
			grew = 1;
			break;
		}
	} while (grew && n <= DNS_MAXCHAIN);

	off = m->m_qend;
	for (i = 0; i < m->m_hdr.ancount && naddr < max; i++) {
		struct addr a;
		int j, dup = 0;

		if ((rc = dns_rr_read(msg, len, &off, &rr)) != 0)
			return rc;
		if (rr.rr_type != m->m_qtype || rr.rr_class != DNS_C_IN ||
		    rr.rr_rdlen != alen ||
		    !in_chain(chain, clen, n, rr.rr_name, rr.rr_namelen))
			continue;
		addr_from_raw(&a, family, msg + rr.rr_rdata, 0);
		for (j = 0; j < naddr; j++)
			if (addr_same_ip(&out[j], &a))
				dup = 1;
		if (dup)
			continue;
		out[naddr++] = a;
		if (rr.rr_ttl < minttl)
			minttl = rr.rr_ttl;
	}
	*ttl = naddr > 0 ? minttl : 0;
	return naddr;
}

int
dns_negative_ttl(const uint8_t *msg, size_t len, const struct dns_msg *m,
    uint32_t *ttl)
{
	struct dns_rr rr;
	size_t off = m->m_qend;
	unsigned i;

	/* Skip the answer section: a NODATA reply may carry a CNAME. */
	for (i = 0; i < m->m_hdr.ancount; i++)
		if (dns_rr_read(msg, len, &off, &rr) != 0)
			return -1;
	for (i = 0; i < m->m_hdr.nscount; i++) {
		size_t rd, end;
		uint32_t min;

		if (dns_rr_read(msg, len, &off, &rr) != 0)
			return -1;
		if (rr.rr_type != DNS_T_SOA)
			continue;
		rd = rr.rr_rdata;
		end = rr.rr_rdata + rr.rr_rdlen;
		if (dns_name_read(msg, len, &rd, NULL, NULL, NULL) != 0 ||
		    rd > end ||
		    dns_name_read(msg, len, &rd, NULL, NULL, NULL) != 0 ||
		    rd > end || end - rd != 20)
			return -1;
		min = dns_get32(msg + rd + 16);
		*ttl = min < rr.rr_ttl ? min : rr.rr_ttl;
		return 0;
	}
	return -1;
}

/* Match the labels of name, from label index first, to the given words. */
static int
tail_is(const uint8_t *name, size_t namelen, size_t at, const char *w1,
    const char *w2)
{
	size_t l1 = strlen(w1), l2 = strlen(w2);
	uint8_t want[32];

	if (at + 1 + l1 + 1 + l2 + 1 != namelen)
		return 0;
	want[0] = (uint8_t)l1;
	memcpy(want + 1, w1, l1);
	want[1 + l1] = (uint8_t)l2;
	memcpy(want + 2 + l1, w2, l2);
	want[2 + l1 + l2] = 0;
	return dns_name_eq(name + at, namelen - at, want, namelen - at);
}

static int
hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
dns_ptr_addr(const uint8_t *name, size_t namelen, struct addr *out)
{
	uint8_t ip[16];
	size_t i = 0;
	int k;

	/* IPv4: four decimal labels, least significant first. */
	for (k = 3; k >= 0 && i < namelen; k--) {
		size_t n = name[i], j;
		unsigned v = 0;

		if (n == 0 || n > 3 || i + 1 + n > namelen)
			break;
		for (j = 1; j <= n; j++) {
			if (name[i + j] < '0' || name[i + j] > '9')
				break;
			v = v * 10 + (unsigned)(name[i + j] - '0');
		}
		if (j <= n || v > 255 || (n > 1 && name[i + 1] == '0'))
			break;
		ip[k] = (uint8_t)v;
		i += 1 + n;
	}
	if (k < 0 && tail_is(name, namelen, i, "in-addr", "arpa")) {
		addr_from_raw(out, AF_INET, ip, 0);
		return 0;
	}
	/* IPv6: 32 one-nibble labels, least significant first. */
	i = 0;
	for (k = 31; k >= 0; k--) {
		int v;

		if (i + 2 > namelen || name[i] != 1 ||
		    (v = hexval(name[i + 1])) < 0)
			return -1;
		if (k % 2)
			ip[k / 2] = (uint8_t)v;
		else
			ip[k / 2] |= (uint8_t)(v << 4);
		i += 2;
	}
	if (!tail_is(name, namelen, i, "ip6", "arpa"))
		return -1;
	addr_from_raw(out, AF_INET6, ip, 0);
	return 0;
}

void
dns_w_init(struct dns_writer *w, uint8_t *buf, size_t cap)
{
	w->w_buf = buf;
	w->w_cap = cap;
	w->w_len = 0;
	w->w_err = 0;
}

void
dns_w_bytes(struct dns_writer *w, const void *p, size_t n)
{
	if (w->w_err || w->w_cap - w->w_len < n) {
		w->w_err = 1;
		return;
	}
	memcpy(w->w_buf + w->w_len, p, n);
	w->w_len += n;
}

void
dns_w_u8(struct dns_writer *w, unsigned v)
{
	uint8_t b = (uint8_t)v;

	dns_w_bytes(w, &b, 1);
}

void
dns_w_u16(struct dns_writer *w, unsigned v)
{
	uint8_t b[2];

	dns_put16(b, v);
	dns_w_bytes(w, b, 2);
}

void
dns_w_u32(struct dns_writer *w, uint32_t v)
{
	dns_w_u16(w, v >> 16);
	dns_w_u16(w, v & 0xffff);
}

void
dns_w_opt(struct dns_writer *w, uint16_t udpsize, uint8_t extrcode,
    uint16_t flags)
{
	dns_w_u8(w, 0);			/* root owner */
	dns_w_u16(w, DNS_T_OPT);
	dns_w_u16(w, udpsize);
	dns_w_u8(w, extrcode);
	dns_w_u8(w, 0);			/* version 0 */
	dns_w_u16(w, flags);
	dns_w_u16(w, 0);		/* no options */
}

size_t
dns_build_query(uint8_t *out, size_t cap, uint16_t id, uint16_t flags,
    const uint8_t *name, size_t namelen, uint16_t qtype, uint16_t qclass,
    uint16_t edns_size, uint16_t ednsflags)
{
	struct dns_writer w;

	dns_w_init(&w, out, cap);
	dns_w_u16(&w, id);
	dns_w_u16(&w, flags & (DNS_F_RD | DNS_F_CD));
	dns_w_u16(&w, 1);
	dns_w_u16(&w, 0);
	dns_w_u16(&w, 0);
	dns_w_u16(&w, edns_size != 0 ? 1 : 0);
	dns_w_bytes(&w, name, namelen);
	dns_w_u16(&w, qtype);
	dns_w_u16(&w, qclass);
	if (edns_size != 0)
		dns_w_opt(&w, edns_size, 0, ednsflags);
	return w.w_err ? 0 : w.w_len;
}
