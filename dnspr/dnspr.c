/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* dnspr's protocol: checking client queries, building and adapting replies. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "dnspr.h"
#include "resolv.h"

/* The header bits a reply copies from the query (RFC 1035, RFC 4035 s3.1.6). */
#define COPIED_FLAGS	(0x7800 | DNS_F_RD | DNS_F_CD)

int
dnspr_check_query(const uint8_t *msg, size_t len, struct dnspr_query *q)
{
	struct dns_msg m;

	q->dq_parsed = 0;
	q->dq_edns = 0;
	q->dq_udpsize = DNS_MAXUDP;
	q->dq_ednsflags = 0;
	if (len < DNS_HDRLEN)
		return DNSPR_DROP;
	q->dq_id = dns_get16(msg);
	q->dq_flags = dns_get16(msg + 2);
	/* Never answer an answer: two forwarders would ping-pong forever. */
	if (q->dq_flags & DNS_F_QR)
		return DNSPR_DROP;
	if (len > DNS_MAXQUERY)
		return DNSPR_FORMERR;
	if (dns_parse(msg, len, &m) != 0)
		return DNS_OPCODE(q->dq_flags) != 0 ? DNSPR_NOTIMP :
		    DNSPR_FORMERR;
	/*
	 * Nothing precedes the question for a pointer to reach, and a NUL
	 * inside a label would make "a\0" and "a" look alike in text.
	 */
	if (m.m_qcompressed || dns_name_has_nul(m.m_qname, m.m_qnamelen))
		return DNSPR_FORMERR;
	memcpy(q->dq_name, m.m_qname, m.m_qnamelen);
	q->dq_namelen = m.m_qnamelen;
	q->dq_qtype = m.m_qtype;
	q->dq_qclass = m.m_qclass;
	q->dq_parsed = 1;
	if (m.m_edns) {
		q->dq_edns = 1;
		q->dq_udpsize = m.m_udpsize;
		q->dq_ednsflags = m.m_ednsflags & DNS_EDNS_DO;
	}
	if (DNS_OPCODE(q->dq_flags) != 0)
		return DNSPR_NOTIMP;
	if (m.m_edns && m.m_ednsver != 0)
		return DNSPR_BADVERS;		/* RFC 6891 s6.1.3 */
	if (m.m_qtype == DNS_T_OPT)
		return DNSPR_FORMERR;
	return DNSPR_OK;
}

size_t
dnspr_udp_limit(const struct dnspr_query *q)
{
	/* RFC 6891 s6.2.5: below 512 means 512. */
	if (!q->dq_edns || q->dq_udpsize <= DNS_MAXUDP)
		return DNS_MAXUDP;
	return q->dq_udpsize > DNS_EDNS_SIZE ? DNS_EDNS_SIZE : q->dq_udpsize;
}

static void
put_header(struct dns_writer *w, const struct dnspr_query *q, uint16_t flags,
    int rcode, unsigned qd, unsigned an, unsigned ns, unsigned ar)
{
	dns_w_u16(w, q->dq_id);
	dns_w_u16(w, (unsigned)(flags | DNS_F_QR | DNS_F_RA |
	    (q->dq_flags & COPIED_FLAGS) | (unsigned)(rcode & 0xf)));
	dns_w_u16(w, qd);
	dns_w_u16(w, an);
	dns_w_u16(w, ns);
	dns_w_u16(w, ar);
}

static void
put_question(struct dns_writer *w, const struct dnspr_query *q)
{
	dns_w_bytes(w, q->dq_name, q->dq_namelen);
	dns_w_u16(w, q->dq_qtype);
	dns_w_u16(w, q->dq_qclass);
}

size_t
dnspr_build_error(uint8_t *out, size_t cap, const struct dnspr_query *q,
    int rcode)
{
	struct dns_writer w;

	dns_w_init(&w, out, cap);
	put_header(&w, q, 0, rcode, q->dq_parsed ? 1 : 0, 0, 0,
	    q->dq_edns ? 1 : 0);
	if (q->dq_parsed)
		put_question(&w, q);
	if (q->dq_edns)
		dns_w_opt(&w, DNS_EDNS_SIZE, (uint8_t)(rcode >> 4), 0);
	return w.w_err ? 0 : w.w_len;
}

size_t
dnspr_build_local(uint8_t *out, size_t cap, const struct dnspr_query *q,
    const struct resolv_rrset *rs, const uint8_t *ptr, size_t ptrlen)
{
	struct dns_writer w;
	int rcode = DNS_R_NOERROR, i, an = 0;

	if (ptr != NULL)
		an = 1;
	else if (rs->rs_err == RESOLV_OK)
		an = rs->rs_naddr;
	else
		rcode = rs->rs_rcode;
	dns_w_init(&w, out, cap);
	put_header(&w, q, 0, rcode, 1, (unsigned)an, 0, q->dq_edns ? 1 : 0);
	put_question(&w, q);
	if (ptr != NULL) {
		dns_w_u16(&w, 0xc000 | DNS_HDRLEN);	/* the question's name */
		dns_w_u16(&w, DNS_T_PTR);
		dns_w_u16(&w, DNS_C_IN);
		dns_w_u32(&w, RESOLV_STATIC_TTL);
		dns_w_u16(&w, (unsigned)ptrlen);
		dns_w_bytes(&w, ptr, ptrlen);
	}
	for (i = 0; ptr == NULL && i < an; i++) {
		const struct addr *a = &rs->rs_addr[i];
		int v6 = addr_family(a) == AF_INET6;

		dns_w_u16(&w, 0xc000 | DNS_HDRLEN);
		dns_w_u16(&w, v6 ? DNS_T_AAAA : DNS_T_A);
		dns_w_u16(&w, DNS_C_IN);
		dns_w_u32(&w, rs->rs_ttl);
		dns_w_u16(&w, v6 ? 16 : 4);
		if (v6)
			dns_w_bytes(&w, a->a.sin6.sin6_addr.s6_addr, 16);
		else
			dns_w_bytes(&w, &a->a.sin.sin_addr, 4);
	}
	if (q->dq_edns)
		dns_w_opt(&w, DNS_EDNS_SIZE, 0, 0);
	return w.w_err ? 0 : w.w_len;
}

size_t
dnspr_adapt(uint8_t *out, size_t cap, const struct dnspr_query *q,
    const uint8_t *msg, size_t len)
{
	struct dns_writer w;
	struct dns_msg m;
	size_t cut;
	unsigned ar;
	uint16_t flags;

	if (dns_parse(msg, len, &m) != 0 ||
	    m.m_qend != DNS_HDRLEN + q->dq_namelen + 4)
		return 0;
	/*
	 * The question has the client's length, so every compression
	 * pointer of the records we copy still lands where it did.
	 */
	cut = m.m_edns ? m.m_optoff : m.m_end;
	ar = m.m_edns ? m.m_optindex : m.m_hdr.arcount;
	if (q->dq_edns)
		ar++;
	/* We are no authority for what we pass on: AA goes. */
	flags = m.m_hdr.flags & (uint16_t)~(COPIED_FLAGS | DNS_F_RA |
	    DNS_F_AA | 0xf);
	dns_w_init(&w, out, cap);
	put_header(&w, q, flags, DNS_RCODE(m.m_hdr.flags), 1,
	    m.m_hdr.ancount, m.m_hdr.nscount, ar);
	put_question(&w, q);
	dns_w_bytes(&w, msg + m.m_qend, cut - m.m_qend);
	if (q->dq_edns)
		dns_w_opt(&w, DNS_EDNS_SIZE, m.m_edns ? m.m_extrcode : 0,
		    m.m_edns ? (m.m_ednsflags & DNS_EDNS_DO) : 0);
	/*
	 * A hostile upstream's names may point into the OPT record we took
	 * out: never pass on a message that no longer parses.
	 */
	if (w.w_err || dns_parse(out, w.w_len, &m) != 0)
		return 0;
	/*
	 * The cache's limits hold for what is passed on too; a name may
	 * point into a TTL that changed, so that has to parse again.
	 */
	if (dns_clamp_ttls(out, &m, RESOLV_TTL_MAX) > 0 &&
	    dns_parse(out, w.w_len, &m) != 0)
		return 0;
	return w.w_len;
}

size_t
dnspr_truncate(uint8_t *out, size_t cap, const struct dnspr_query *q,
    const uint8_t *reply, size_t len)
{
	struct dns_writer w;
	int rcode = len >= 4 ? DNS_RCODE(dns_get16(reply + 2)) : 0;

	dns_w_init(&w, out, cap);
	put_header(&w, q, DNS_F_TC, rcode, 1, 0, 0, q->dq_edns ? 1 : 0);
	put_question(&w, q);
	if (q->dq_edns)
		dns_w_opt(&w, DNS_EDNS_SIZE, 0, 0);
	return w.w_err ? 0 : w.w_len;
}

int
dnspr_frame(const uint8_t *p, size_t len, size_t *msglen)
{
	size_t n;

	if (len < 2)
		return PARSE_MORE;
	n = dns_get16(p);
	if (n < DNS_HDRLEN)
		return DNSPR_FRAME_SHORT;
	if (n > DNS_MAXQUERY)
		return DNSPR_FRAME_LONG;
	if (len - 2 < n)
		return PARSE_MORE;
	*msglen = n;
	return PARSE_OK;
}

/* The first PTR target of the answer section, as text. */
static void
first_ptr(const uint8_t *msg, size_t len, const struct dns_msg *m, char *out,
    size_t outlen)
{
	struct dns_rr rr;
	size_t off = m->m_qend;
	unsigned i;

	for (i = 0; i < m->m_hdr.ancount; i++) {
		uint8_t name[DNS_MAXNAME];
		size_t nlen, rd;

		if (dns_rr_read(msg, len, &off, &rr) != 0)
			return;
		if (rr.rr_type != DNS_T_PTR)
			continue;
		rd = rr.rr_rdata;
		if (dns_name_read(msg, len, &rd, name, &nlen, NULL) == 0)
			(void)dns_name_to_text(name, nlen, out, outlen);
		return;
	}
}

void
dnspr_log_text(char *out, size_t outlen, const struct dnspr_query *q,
    const uint8_t *reply, size_t len)
{
	char name[DNS_TEXTNAME] = "", ans[DNS_TEXTNAME] = "";
	struct dns_msg m;

	if (q->dq_parsed)
		(void)dns_name_to_text(q->dq_name, q->dq_namelen, name,
		    sizeof(name));
	if (reply != NULL && len > 0 && dns_parse(reply, len, &m) == 0 &&
	    DNS_RCODE(m.m_hdr.flags) == DNS_R_NOERROR) {
		struct addr a;
		uint32_t ttl;

		if (dns_answer_addrs(reply, len, &m, &a, 1, &ttl) == 1)
			(void)addr_ip_str(&a, ans, sizeof(ans));
		else if (m.m_qtype == DNS_T_PTR)
			first_ptr(reply, len, &m, ans, sizeof(ans));
	}
	(void)snprintf(out, outlen, "%04x/%s/%s", q->dq_parsed ?
	    q->dq_qtype : 0, name, ans);
}

int
dnspr_reply_code(const uint8_t *reply, size_t len)
{
	if (len < DNS_HDRLEN)
		return DNSPR_E_SERVFAIL;
	switch (DNS_RCODE(dns_get16(reply + 2))) {
	case DNS_R_NOERROR:
		return DNSPR_E_OK;
	case DNS_R_NXDOMAIN:
		return DNSPR_E_NXDOMAIN;
	case DNS_R_SERVFAIL:
		return DNSPR_E_SERVFAIL;
	case DNS_R_REFUSED:
		return DNSPR_E_REFUSED;
	case DNS_R_FORMERR:
		return DNSPR_E_FORMERR;
	case DNS_R_NOTIMP:
		return DNSPR_E_NOTIMP;
	default:
		return DNSPR_E_RCODE;
	}
}
