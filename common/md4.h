/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* MD4 message digest (RFC 1320), for NT password hashes. */
#ifndef MD4_H
#define MD4_H

#include <stddef.h>
#include <stdint.h>

#define MD4_DIGEST_LEN	16
#define MD4_BLOCK_LEN	64

struct md4_ctx {
	uint32_t	m_state[4];
	uint64_t	m_count;	/* bytes hashed so far */
	uint8_t		m_buf[MD4_BLOCK_LEN];
};

void	md4_init(struct md4_ctx *);
void	md4_update(struct md4_ctx *, const void *, size_t);
/* Write the digest and wipe the context. */
void	md4_final(struct md4_ctx *, uint8_t out[MD4_DIGEST_LEN]);
/* One call: the digest of p[0..n). */
void	md4(const void *p, size_t n, uint8_t out[MD4_DIGEST_LEN]);

#endif
