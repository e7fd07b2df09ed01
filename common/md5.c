/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* MD5 message digest, written from the algorithm description of RFC 1321. */
#include <string.h>

#include "md5.h"

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

static inline void
put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * RFC 1321 s3.4: T[i] = floor(2^32 * abs(sin(i + 1))), the per-step additive
 * constants, and the rotation amounts of each round.
 */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
static const uint8_t md5_s[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 },
	{ 6, 10, 15, 21 },
};

static void
md5_block(uint32_t st[4], const uint8_t *blk)
{
	uint32_t x[16], a = st[0], b = st[1], c = st[2], d = st[3], f, t;
	unsigned i, k;

	for (i = 0; i < 16; i++)
		x[i] = get_le32(blk + 4 * i);
	for (i = 0; i < 64; i++) {
		/* The four auxiliary functions and message orders of s3.4. */
		switch (i >> 4) {
		case 0:
			f = (b & c) | (~b & d);
			k = i;
			break;
		case 1:
			f = (b & d) | (c & ~d);
			k = (5 * i + 1) & 15;
			break;
		case 2:
			f = b ^ c ^ d;
			k = (3 * i + 5) & 15;
			break;
		default:
			f = c ^ (b | ~d);
			k = (7 * i) & 15;
			break;
		}
		t = d;
		d = c;
		c = b;
		b = b + rol(a + f + md5_t[i] + x[k], md5_s[i >> 4][i & 3]);
		a = t;
	}
	st[0] += a;
	st[1] += b;
	st[2] += c;
	st[3] += d;
}

void
md5_init(struct md5_ctx *c)
{
	/* RFC 1321 s3.3: the initial buffer. */
	c->m_state[0] = 0x67452301;
	c->m_state[1] = 0xefcdab89;
	c->m_state[2] = 0x98badcfe;
	c->m_state[3] = 0x10325476;
	c->m_count = 0;
}

void
md5_update(struct md5_ctx *c, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t have = (size_t)(c->m_count % MD5_BLOCK_LEN);

	c->m_count += n;
	if (have > 0) {
		size_t take = MD5_BLOCK_LEN - have;

		if (take > n)
			take = n;
		memcpy(c->m_buf + have, p, take);
		p += take;
		n -= take;
		if (have + take < MD5_BLOCK_LEN)
			return;
		md5_block(c->m_state, c->m_buf);
	}
	while (n >= MD5_BLOCK_LEN) {
		md5_block(c->m_state, p);
		p += MD5_BLOCK_LEN;
		n -= MD5_BLOCK_LEN;
	}
	if (n > 0)
		memcpy(c->m_buf, p, n);
}

void
md5_final(struct md5_ctx *c, uint8_t out[MD5_DIGEST_LEN])
{
	uint8_t pad[MD5_BLOCK_LEN + 8];
	uint64_t bits = c->m_count * 8;
	size_t have = (size_t)(c->m_count % MD5_BLOCK_LEN);
	size_t padlen = have < 56 ? 56 - have : 120 - have;
	unsigned i;

	/* s3.1-3.2: a 1 bit, zeros to 448 mod 512, the length in bits. */
	memset(pad, 0, sizeof(pad));
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (8 * i));
	md5_update(c, pad, padlen + 8);
	for (i = 0; i < 4; i++)
		put_le32(out + 4 * i, c->m_state[i]);
	explicit_bzero(c, sizeof(*c));
}

void
md5(const void *p, size_t n, uint8_t out[MD5_DIGEST_LEN])
{
	struct md5_ctx c;

	md5_init(&c);
	md5_update(&c, p, n);
	md5_final(&c, out);
}
