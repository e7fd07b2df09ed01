/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* MD4 message digest, written from the algorithm description of RFC 1320. */
#include <string.h>

#include "md4.h"

static inline uint32_t
rol(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static inline uint32_t
get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
md4_block(uint32_t st[4], const uint8_t *blk)
{
	/* RFC 1320 s3.4: word orders and shifts of rounds 2 and 3. */
	static const uint8_t r2[16] = { 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10,
	    14, 3, 7, 11, 15 };
	static const uint8_t r3[16] = { 0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5,
	    13, 3, 11, 7, 15 };
	static const uint8_t s1[4] = { 3, 7, 11, 19 }, s2[4] = { 3, 5, 9, 13 },
	    s3[4] = { 3, 9, 11, 15 };
	uint32_t x[16], a = st[0], b = st[1], c = st[2], d = st[3], t;
	unsigned i;

	for (i = 0; i < 16; i++)
		x[i] = get_le32(blk + 4 * i);
	/*
	 * Each step rotates the roles of a, b, c, d: compute the new value
	 * into a, then shift the four so that the next step reads them the
	 * way the RFC's table writes them.
	 */
	for (i = 0; i < 16; i++) {
		t = rol(a + ((b & c) | (~b & d)) + x[i], s1[i & 3]);
		a = d; d = c; c = b; b = t;
	}
	for (i = 0; i < 16; i++) {
		t = rol(a + ((b & c) | (b & d) | (c & d)) + x[r2[i]] +
		    0x5a827999, s2[i & 3]);
		a = d; d = c; c = b; b = t;
	}
	for (i = 0; i < 16; i++) {
		t = rol(a + (b ^ c ^ d) + x[r3[i]] + 0x6ed9eba1, s3[i & 3]);
		a = d; d = c; c = b; b = t;
	}
	st[0] += a;
	st[1] += b;
	st[2] += c;
	st[3] += d;
}

void
md4_init(struct md4_ctx *c)
{
	c->m_state[0] = 0x67452301;
	c->m_state[1] = 0xefcdab89;
	c->m_state[2] = 0x98badcfe;
	c->m_state[3] = 0x10325476;
	c->m_count = 0;
}

void
md4_update(struct md4_ctx *c, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t have = (size_t)(c->m_count % MD4_BLOCK_LEN);

	c->m_count += n;
	if (have > 0) {
		size_t take = MD4_BLOCK_LEN - have;

		if (take > n)
			take = n;
		memcpy(c->m_buf + have, p, take);
		p += take;
		n -= take;
		if (have + take < MD4_BLOCK_LEN)
			return;
		md4_block(c->m_state, c->m_buf);
	}
	while (n >= MD4_BLOCK_LEN) {
		md4_block(c->m_state, p);
		p += MD4_BLOCK_LEN;
		n -= MD4_BLOCK_LEN;
	}
	if (n > 0)
		memcpy(c->m_buf, p, n);
}

void
md4_final(struct md4_ctx *c, uint8_t out[MD4_DIGEST_LEN])
{
	uint8_t pad[MD4_BLOCK_LEN + 8];
	uint64_t bits = c->m_count * 8;
	size_t have = (size_t)(c->m_count % MD4_BLOCK_LEN);
	size_t padlen = have < 56 ? 56 - have : 120 - have;
	unsigned i;

	/* s3.1-3.2: the same padding and length as MD5. */
	memset(pad, 0, sizeof(pad));
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (8 * i));
	md4_update(c, pad, padlen + 8);
	for (i = 0; i < 4; i++) {
		out[4 * i] = (uint8_t)c->m_state[i];
		out[4 * i + 1] = (uint8_t)(c->m_state[i] >> 8);
		out[4 * i + 2] = (uint8_t)(c->m_state[i] >> 16);
		out[4 * i + 3] = (uint8_t)(c->m_state[i] >> 24);
	}
	explicit_bzero(c, sizeof(*c));
}

void
md4(const void *p, size_t n, uint8_t out[MD4_DIGEST_LEN])
{
	struct md4_ctx c;

	md4_init(&c);
	md4_update(&c, p, n);
	md4_final(&c, out);
}
