/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* DNS messages (RFC 1035): pure parsing and building over byte buffers. */
#ifndef DNS_H
#define DNS_H

#include <stddef.h>
#include <stdint.h>

#include "net.h"

#define DNS_HDRLEN	12
#define DNS_MAXNAME	255	/* wire form with the root byte, RFC 1035 s2.3.4 */
#define DNS_MAXLABEL	63
#define DNS_MAXHOPS	16	/* compression pointers followed in one name */
#define DNS_MAXUDP	512	/* UDP payload without EDNS, RFC 1035 s4.2.1 */
#define DNS_EDNS_SIZE	1232	/* what we advertise, and the cap we honour */
#define DNS_MAXMSG	65535	/* the TCP length field, RFC 1035 s4.2.2 */
#define DNS_MAXQUERY	1024	/* longest query a client may send us */
#define DNS_MAXCHAIN	8	/* CNAME links followed in an answer */
#define DNS_TEXTNAME	1024	/* presentation form, every byte may be \DDD */

#define DNS_T_A		1
#define DNS_T_NS	2
#define DNS_T_CNAME	5
#define DNS_T_SOA	6
#define DNS_T_PTR	12
#define DNS_T_MX	15
#define DNS_T_TXT	16
#define DNS_T_AAAA	28
#define DNS_T_OPT	41
#define DNS_T_ANY	255
#define DNS_C_IN	1

/* Header flags, host order. */
#define DNS_F_QR	0x8000
#define DNS_F_AA	0x0400
#define DNS_F_TC	0x0200
#define DNS_F_RD	0x0100
#define DNS_F_RA	0x0080
#define DNS_F_AD	0x0020
#define DNS_F_CD	0x0010
#define DNS_OPCODE(f)	(((f) >> 11) & 0xf)
#define DNS_RCODE(f)	((f) & 0xf)
/* The DO bit in the OPT record's TTL field, RFC 3225. */
#define DNS_EDNS_DO	0x8000

#define DNS_R_NOERROR	0
#define DNS_R_FORMERR	1
#define DNS_R_SERVFAIL	2
#define DNS_R_NXDOMAIN	3
#define DNS_R_NOTIMP	4
#define DNS_R_REFUSED	5
#define DNS_R_BADVERS	16	/* extended, RFC 6891 s9 */

/* Parser errors (negative); 0 is success. */
#define DNS_E_SHORT	(-1)	/* the message ends inside a field */
#define DNS_E_POINTER	(-2)	/* compression pointer not strictly backward */
#define DNS_E_HOPS	(-3)	/* more than DNS_MAXHOPS pointers */
#define DNS_E_LONG	(-4)	/* name longer than DNS_MAXNAME */
#define DNS_E_LABEL	(-5)	/* reserved label type (0x40, 0x80) */
#define DNS_E_QDCOUNT	(-6)	/* not exactly one question */
#define DNS_E_OPT	(-7)	/* misplaced, repeated or malformed OPT */
#define DNS_E_TRAIL	(-8)	/* bytes after the last record */

struct dns_hdr {
	uint16_t	 id;
	uint16_t	 flags;
	uint16_t	 qdcount;
	uint16_t	 ancount;
	uint16_t	 nscount;
	uint16_t	 arcount;
};

/*
 * A parsed message: the header, its one question (names are kept in
 * uncompressed wire form, root byte included) and where the sections are.
 */
struct dns_msg {
	struct dns_hdr	 m_hdr;
	uint8_t		 m_qname[DNS_MAXNAME];
	size_t		 m_qnamelen;
	int		 m_qcompressed;	/* the question name used a pointer */
	uint16_t	 m_qtype;
	uint16_t	 m_qclass;
	size_t		 m_qend;	/* offset just after the question */
	size_t		 m_end;		/* offset just after the last record */
	/* EDNS (RFC 6891): set when the additional section has an OPT. */
	int		 m_edns;
	uint16_t	 m_udpsize;
	uint8_t		 m_extrcode;
	uint8_t		 m_ednsver;
	uint16_t	 m_ednsflags;
	size_t		 m_optoff;	/* where the OPT record starts */
	uint16_t	 m_optindex;	/* its index in the additional section */
};

/* One resource record as read from a message. */
struct dns_rr {
	uint8_t		 rr_name[DNS_MAXNAME];
	size_t		 rr_namelen;
	uint16_t	 rr_type;
	uint16_t	 rr_class;
	uint32_t	 rr_ttl;
	uint16_t	 rr_rdlen;
	size_t		 rr_rdata;	/* offset of the RDATA in the message */
};

/* Appends bytes to a fixed buffer; w_err is set when one did not fit. */
struct dns_writer {
	uint8_t		*w_buf;
	size_t		 w_cap;
	size_t		 w_len;
	int		 w_err;
};

/* Read a header; 0, or DNS_E_SHORT when len < DNS_HDRLEN. */
int	 dns_hdr_read(const uint8_t *msg, size_t len, struct dns_hdr *);
void	 dns_hdr_write(uint8_t *msg, const struct dns_hdr *);

/*
 * Decode the (possibly compressed) name at *off into name (uncompressed
 * wire form, at most DNS_MAXNAME bytes, root byte included) and its length
 * into *namelen; *off moves past the name where it sits in the message.
 * Pointers must point strictly before the place the current run of labels
 * began, so every jump goes further back and the walk ends in at most
 * DNS_MAXHOPS jumps: O(length of message). name may be NULL to skip.
 * Sets *compressed (may be NULL) when a pointer was followed. Returns 0 or
 * a DNS_E_* error.
 */
int	 dns_name_read(const uint8_t *msg, size_t len, size_t *off,
	    uint8_t *name, size_t *namelen, int *compressed);
/* Case-insensitive (ASCII) equality of two wire names. */
int	 dns_name_eq(const uint8_t *a, size_t alen, const uint8_t *b,
	    size_t blen);
/* Lower-case the ASCII letters of a wire name in place. */
void	 dns_name_lower(uint8_t *name, size_t len);
/* 1 when a label of the wire name holds a NUL byte. */
int	 dns_name_has_nul(const uint8_t *name, size_t len);
/*
 * A host name ("example.com", trailing dot allowed, "." for the root) to
 * wire form. No escapes: every character but '.' is taken as it is.
 * Returns 0, or -1 for an empty label or a label or name too long.
 */
int	 dns_name_from_text(const char *s, uint8_t *name, size_t *namelen);
/*
 * A wire name to presentation form: letters, digits, '-' and '_' as they
 * are, a '.' inside a label as "\.", anything else as \DDD; the root is
 * ".", other names carry no trailing dot. Returns 0, or -1 when out is too
 * small (out then holds a truncated string).
 */
int	 dns_name_to_text(const uint8_t *name, size_t namelen, char *out,
	    size_t outlen);

/*
 * Parse a whole message: the header, exactly one question, then every
 * record of the three other sections (framing only: names, fixed fields,
 * RDATA inside the message) and the OPT record if any. The same function
 * serves queries and answers. Returns 0 or a DNS_E_* error; m is filled as
 * far as the parse went (m_hdr is valid whenever len >= DNS_HDRLEN).
 */
int	 dns_parse(const uint8_t *msg, size_t len, struct dns_msg *m);
/* Read the record at *off and move past it; 0 or a DNS_E_* error. */
int	 dns_rr_read(const uint8_t *msg, size_t len, size_t *off,
	    struct dns_rr *);
/*
 * The TTL a record may carry: one with the top bit set counts as 0 (RFC
 * 2181 s8), none goes above max.
 */
uint32_t dns_ttl_sane(uint32_t ttl, uint32_t max);
/*
 * Rewrite every TTL of a parsed message (m from dns_parse) in place with
 * dns_ttl_sane(), but the OPT record's, which holds flags. Returns how many
 * changed: a hostile message may point a name into a TTL, so one that
 * changed must be parsed again before it is used.
 */
int	 dns_clamp_ttls(uint8_t *msg, const struct dns_msg *m, uint32_t max);

/*
 * The addresses an answer gives for its question (qtype A or AAAA): the
 * records of that type owned by the question name or by a name its CNAME
 * chain (at most DNS_MAXCHAIN links) leads to. Writes up to max addresses
 * (port 0, no duplicates) and the smallest TTL of the records used.
 * Returns the count (0 for none), or a DNS_E_* error.
 */
int	 dns_answer_addrs(const uint8_t *msg, size_t len,
	    const struct dns_msg *m, struct addr *out, int max, uint32_t *ttl);
/*
 * The negative-caching TTL of an answer (RFC 2308 s5): the smaller of the
 * TTL and the MINIMUM field of the SOA in the authority section. Returns
 * 0 and sets *ttl, or -1 when there is no usable SOA.
 */
int	 dns_negative_ttl(const uint8_t *msg, size_t len,
	    const struct dns_msg *m, uint32_t *ttl);
/*
 * The address a reverse name stands for ("4.3.2.1.in-addr.arpa",
 * "b.a.9.8....ip6.arpa", any case). Returns 0, or -1 for another name.
 */
int	 dns_ptr_addr(const uint8_t *name, size_t namelen, struct addr *out);

/* Writer helpers; each sets w_err instead of overflowing. */
void	 dns_w_init(struct dns_writer *, uint8_t *buf, size_t cap);
void	 dns_w_u8(struct dns_writer *, unsigned);
void	 dns_w_u16(struct dns_writer *, unsigned);
void	 dns_w_u32(struct dns_writer *, uint32_t);
void	 dns_w_bytes(struct dns_writer *, const void *, size_t);
/* An OPT record: UDP size, extended rcode, version 0, flags, no options. */
void	 dns_w_opt(struct dns_writer *, uint16_t udpsize, uint8_t extrcode,
	    uint16_t flags);

/*
 * Build a query: header with id and flags (RD, CD), one question, and an
 * OPT record advertising edns_size when it is not 0 (ednsflags goes in the
 * OPT, DO for instance). Returns the length, or 0 when it does not fit.
 */
size_t	 dns_build_query(uint8_t *out, size_t cap, uint16_t id,
	    uint16_t flags, const uint8_t *name, size_t namelen,
	    uint16_t qtype, uint16_t qclass, uint16_t edns_size,
	    uint16_t ednsflags);

static inline uint16_t
dns_get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t
dns_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

static inline void
dns_put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

#endif
