/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* dnspr's protocol: checking client queries, building and adapting replies. */
#ifndef DNSPR_H
#define DNSPR_H

#include <stddef.h>
#include <stdint.h>

#include "dns.h"
#include "resolv.h"

/* Queries one TCP connection may have unanswered or unwritten. */
#define DNSPR_TCP_MAXPENDING	16
/* UDP queries waiting for an upstream answer, over all clients. */
#define DNSPR_MAXPENDING	4096
/* The log text: "TTTT/" + name + "/" + answer. */
#define DNSPR_TEXTLEN		(5 + DNS_TEXTNAME + 1 + DNS_TEXTNAME)

/* Verdicts of dnspr_check_query(). */
#define DNSPR_OK	0
#define DNSPR_DROP	(-1)	/* no reply at all (QR=1, too short) */
#define DNSPR_FORMERR	(-2)
#define DNSPR_NOTIMP	(-3)
#define DNSPR_BADVERS	(-4)

/* TCP framing errors of dnspr_frame(). */
#define DNSPR_FRAME_SHORT	(-1)	/* length below a DNS header */
#define DNSPR_FRAME_LONG	(-2)	/* length above DNS_MAXQUERY */

/*
 * The access-log codes (%E), in the 8xx range the original gives dnspr;
 * 888 is the original's "answered with NXDOMAIN".
 */
#define DNSPR_E_OK		0
#define DNSPR_E_FORMERR		813	/* malformed query: FORMERR sent */
#define DNSPR_E_NOTIMP		814	/* opcode other than QUERY: NOTIMP */
#define DNSPR_E_DROPPED		815	/* a response or a runt: no reply */
#define DNSPR_E_BUSY		816	/* too many queries in flight: REFUSED */
#define DNSPR_E_SERVFAIL	821	/* upstreams failed or timed out */
#define DNSPR_E_REFUSED		822	/* the upstream refused */
#define DNSPR_E_RCODE		823	/* another error rcode from upstream */
#define DNSPR_E_FRAME		830	/* TCP: bad length prefix, closed */
#define DNSPR_E_IDLE		831	/* TCP: partial query, idle timeout */
#define DNSPR_E_NXDOMAIN	888

/* What a client asked. */
struct dnspr_query {
	uint16_t	 dq_id;
	uint16_t	 dq_flags;	/* the client's header flags */
	int		 dq_parsed;	/* the question below is valid */
	uint8_t		 dq_name[DNS_MAXNAME];	/* as the client wrote it */
	size_t		 dq_namelen;
	uint16_t	 dq_qtype;
	uint16_t	 dq_qclass;
	int		 dq_edns;
	uint16_t	 dq_udpsize;	/* the client's UDP limit */
	uint16_t	 dq_ednsflags;	/* DO */
};

/*
 * Check a query from a client and fill q. Returns DNSPR_OK, DNSPR_DROP (no
 * reply), or the error to answer with (q->dq_parsed says whether the
 * question may be echoed).
 */
int	 dnspr_check_query(const uint8_t *msg, size_t len,
	    struct dnspr_query *q);
/* The largest UDP reply the client takes: 512, or its EDNS size capped. */
size_t	 dnspr_udp_limit(const struct dnspr_query *q);
/* An error reply (rcode may be DNS_R_BADVERS); returns the length. */
size_t	 dnspr_build_error(uint8_t *out, size_t cap,
	    const struct dnspr_query *q, int rcode);
/*
 * A reply from local knowledge: addresses, or a negative answer, or (with
 * ptr non-NULL) one PTR record. Returns the length, 0 if it did not fit.
 */
size_t	 dnspr_build_local(uint8_t *out, size_t cap,
	    const struct dnspr_query *q, const struct resolv_rrset *rs,
	    const uint8_t *ptr, size_t ptrlen);
/*
 * The upstream's answer made the client's: the client's ID, RD bit and
 * question (same name, possibly another case), the upstream's records and
 * flags but AA (we are no authority), and OPT, being hop-by-hop (RFC 6891
 * s6.1.1), replaced by ours when the client spoke EDNS or dropped. Returns
 * the length, or 0 if it did not fit or would not parse.
 */
size_t	 dnspr_adapt(uint8_t *out, size_t cap, const struct dnspr_query *q,
	    const uint8_t *msg, size_t len);
/* Header and question with TC=1, for a reply too large for UDP. */
size_t	 dnspr_truncate(uint8_t *out, size_t cap,
	    const struct dnspr_query *q, const uint8_t *reply, size_t len);
/*
 * TCP framing (RFC 1035 s4.2.2): a 2-byte length, then the message.
 * Returns PARSE_OK with *msglen set, PARSE_MORE, or DNSPR_FRAME_*.
 */
int	 dnspr_frame(const uint8_t *p, size_t len, size_t *msglen);
/*
 * The log text "TTTT/name/answer" of a query and its reply: TYPE as four
 * hex digits, the first address (or PTR name) of the answer.
 */
void	 dnspr_log_text(char *out, size_t outlen, const struct dnspr_query *q,
	    const uint8_t *reply, size_t len);
/* The %E code a reply deserves. */
int	 dnspr_reply_code(const uint8_t *reply, size_t len);

#endif
