/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Password hashes of the users table: MD5-crypt ($1$), NT (MD4), and the
 * constant-time comparison every password check goes through. */
#ifndef CRYPT_H
#define CRYPT_H

#include <stddef.h>
#include <stdint.h>

/* Longest password looked at; longer ones are cut, as in the original. */
#define CRYPT_MAXPASS		255
/* Longest MD5-crypt salt accepted when verifying ("$1$SALT$..."). */
#define CRYPT_MAXSALT		64
/* Salt length MD5-crypt generators (openssl passwd -1) use. */
#define CRYPT_STDSALT		8
/* "$1$" + salt + "$" + 22 characters + NUL. */
#define CRYPT_MD5_MAXLEN	(3 + CRYPT_MAXSALT + 1 + 22 + 1)
#define CRYPT_NT_LEN		16

/*
 * MD5-crypt (the FreeBSD "$1$" scheme) of pw[0..pwlen) with salt[0..saltlen)
 * into out as "$1$SALT$HASH". The salt is used as given (at most
 * CRYPT_MAXSALT bytes, no '$'); callers that want the output of standard
 * tools cut it to CRYPT_STDSALT first. Returns 0, or -1 for a bad salt.
 */
int	crypt_md5(const char *pw, size_t pwlen, const char *salt,
	    size_t saltlen, char out[CRYPT_MD5_MAXLEN]);
/*
 * NT hash: MD4 of the password with a zero byte after each byte (Latin-1
 * read as UTF-16LE, as the original does), at most CRYPT_MAXPASS bytes.
 */
void	crypt_nt(const char *pw, size_t pwlen, uint8_t out[CRYPT_NT_LEN]);
/*
 * Compare two buffers of the same, public length in time that depends only
 * on that length. Returns 1 when equal.
 */
int	crypt_equal(const void *a, const void *b, size_t n);
/*
 * Decode exactly 2 * n hex digits (either case) into out. Returns 0, or -1
 * when s is not that many hex digits.
 */
int	crypt_hex_decode(const char *s, uint8_t *out, size_t n);
/* Upper-case hex of p[0..n) into out (2 * n + 1 bytes). */
void	crypt_hex_encode(const uint8_t *p, size_t n, char *out);

#endif
