/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* MD5 message digest (RFC 1321), for MD5-crypt passwords and cache keys. */
#ifndef MD5_H
#define MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_DIGEST_LEN	16
#define MD5_BLOCK_LEN	64

struct md5_ctx {
	uint32_t	m_state[4];
	uint64_t	m_count;	/* bytes hashed so far */
	uint8_t		m_buf[MD5_BLOCK_LEN];
};

void	md5_init(struct md5_ctx *);
void	md5_update(struct md5_ctx *, const void *, size_t);
/* Write the digest and wipe the context. */
void	md5_final(struct md5_ctx *, uint8_t out[MD5_DIGEST_LEN]);
/* One call: the digest of p[0..n). */
void	md5(const void *p, size_t n, uint8_t out[MD5_DIGEST_LEN]);

#endif
