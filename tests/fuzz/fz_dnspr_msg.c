/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the DNS message parser as dnspr uses it: queries and answers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "dnspr.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint8_t out[DNS_MAXMSG + 64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnspr_query q;
	struct dns_msg m, m2;
	struct addr a[RESOLV_MAXADDR];
	char text[DNSPR_TEXTLEN];
	uint32_t ttl;
	size_t n;
	int v, rc;

	if (size > DNS_MAXMSG)
		return 0;
	/* As a query from a client. */
	v = dnspr_check_query(data, size, &q);
	if (v != DNSPR_DROP) {
		n = dnspr_build_error(out, sizeof(out), &q, DNS_R_FORMERR);
		if (n < DNS_HDRLEN || n > DNS_MAXUDP)
			abort();
		if (q.dq_parsed && dns_parse(out, n, &m2) != 0)
			abort();	/* our own reply must parse */
	}
	dnspr_log_text(text, sizeof(text), &q, data, size);

	/* As an answer from an upstream. */
	rc = dns_parse(data, size, &m);
	if (rc != 0)
		return 0;
	if (m.m_end > size || m.m_qend > m.m_end || m.m_qnamelen == 0 ||
	    m.m_qnamelen > DNS_MAXNAME)
		abort();
	rc = dns_answer_addrs(data, size, &m, a, RESOLV_MAXADDR, &ttl);
	if (rc > RESOLV_MAXADDR)
		abort();
	(void)dns_negative_ttl(data, size, &m, &ttl);
	/* Passed back to a client that asked this question, as dnspr does. */
	if (v == DNSPR_OK && !m.m_qcompressed) {
		q.dq_edns = size % 2;
		q.dq_udpsize = 4096;
		n = dnspr_adapt(out, sizeof(out), &q, data, size);
		if (n != 0) {
			if (dns_parse(out, n, &m2) != 0 ||
			    m2.m_hdr.id != q.dq_id || m2.m_edns != q.dq_edns ||
			    !dns_name_eq(m2.m_qname, m2.m_qnamelen, q.dq_name,
			    q.dq_namelen))
				abort();
			if (n > dnspr_udp_limit(&q)) {
				n = dnspr_truncate(out, sizeof(out), &q, out, n);
				if (n > DNS_MAXUDP || dns_parse(out, n, &m2) != 0)
					abort();
			}
		}
	}
	return 0;
}
