/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Password hashes of the users table: MD5-crypt ($1$), NT (MD4), and the
 * constant-time comparison every password check goes through. */
#include <string.h>

#include "crypt.h"
#include "md4.h"
#include "md5.h"

static const char crypt_b64[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* Append the low 6 * n bits of v, least significant group first. */
static char *
to64(char *s, uint32_t v, int n)
{
	while (n-- > 0) {
		*s++ = crypt_b64[v & 0x3f];
		v >>= 6;
	}
	return s;
}

int
crypt_md5(const char *pw, size_t pwlen, const char *salt, size_t saltlen,
    char out[CRYPT_MD5_MAXLEN])
{
	/* Bytes of the final digest, three at a time, as the scheme lays
	   them out in its 22 output characters. */
	static const uint8_t order[5][3] = {
		{ 0, 6, 12 }, { 1, 7, 13 }, { 2, 8, 14 }, { 3, 9, 15 },
		{ 4, 10, 5 },
	};
	struct md5_ctx c;
	uint8_t fin[MD5_DIGEST_LEN];
	size_t n;
	char *s;
	int i;

	if (saltlen > CRYPT_MAXSALT || memchr(salt, '$', saltlen) != NULL ||
	    memchr(salt, '\0', saltlen) != NULL)
		return -1;
	if (pwlen > CRYPT_MAXPASS)
		pwlen = CRYPT_MAXPASS;

	/* The alternate sum: password, salt, password. */
	md5_init(&c);
	md5_update(&c, pw, pwlen);
	md5_update(&c, salt, saltlen);
	md5_update(&c, pw, pwlen);
	md5_final(&c, fin);

	md5_init(&c);
	md5_update(&c, pw, pwlen);
	md5_update(&c, "$1$", 3);
	md5_update(&c, salt, saltlen);
	for (n = pwlen; n > 0; n -= n > 16 ? 16 : n)
		md5_update(&c, fin, n > 16 ? 16 : n);
	/* For each bit of the length: a NUL for a one, the first password
	   byte for a zero (the scheme's well-known quirk). */
	for (n = pwlen; n > 0; n >>= 1)
		md5_update(&c, (n & 1) ? "" : pw, 1);
	md5_final(&c, fin);

	/* A thousand rounds to slow down guessing. */
	for (i = 0; i < 1000; i++) {
		md5_init(&c);
		if (i & 1)
			md5_update(&c, pw, pwlen);
		else
			md5_update(&c, fin, sizeof(fin));
		if (i % 3)
			md5_update(&c, salt, saltlen);
		if (i % 7)
			md5_update(&c, pw, pwlen);
		if (i & 1)
			md5_update(&c, fin, sizeof(fin));
		else
			md5_update(&c, pw, pwlen);
		md5_final(&c, fin);
	}

	s = out;
	memcpy(s, "$1$", 3);
	s += 3;
	memcpy(s, salt, saltlen);
	s += saltlen;
	*s++ = '$';
	for (i = 0; i < 5; i++)
		s = to64(s, (uint32_t)fin[order[i][0]] << 16 |
		    (uint32_t)fin[order[i][1]] << 8 | fin[order[i][2]], 4);
	s = to64(s, fin[11], 2);
	*s = '\0';
	explicit_bzero(fin, sizeof(fin));
	return 0;
}

void
crypt_nt(const char *pw, size_t pwlen, uint8_t out[CRYPT_NT_LEN])
{
	uint8_t wide[2 * CRYPT_MAXPASS];
	size_t i;

	if (pwlen > CRYPT_MAXPASS)
		pwlen = CRYPT_MAXPASS;
	for (i = 0; i < pwlen; i++) {
		wide[2 * i] = (uint8_t)pw[i];
		wide[2 * i + 1] = 0;
	}
	md4(wide, 2 * pwlen, out);
	explicit_bzero(wide, sizeof(wide));
}

int
crypt_equal(const void *a, const void *b, size_t n)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t d = 0;
	size_t i;

	/* No early exit: every byte is read whatever the earlier ones were. */
	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
crypt_hex_decode(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi, lo;

		if ((hi = hexval((unsigned char)s[2 * i])) < 0 ||
		    (lo = hexval((unsigned char)s[2 * i + 1])) < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return s[2 * n] == '\0' ? 0 : -1;
}

void
crypt_hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}
