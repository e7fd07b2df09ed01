/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Base64 (RFC 4648 s4), for HTTP Basic credentials (RFC 7617). */
#ifndef BASE64_H
#define BASE64_H

#include <stddef.h>
#include <sys/types.h>

/* Bytes base64_encode() writes for n input bytes, NUL included. */
#define BASE64_ENCLEN(n)	(((n) + 2) / 3 * 4 + 1)

/*
 * Decode in[0..n) into out (at most cap bytes). Padding may be present or
 * left out; any other character, a misplaced '=' or leftover bits refuse
 * the text. Returns the decoded length, or -1 (nothing useful in out).
 * Pure: no allocation.
 */
ssize_t	base64_decode(const char *in, size_t n, void *out, size_t cap);
/* Encode with padding into out (cap >= BASE64_ENCLEN(n)); the length, or
   -1 when it does not fit. */
ssize_t	base64_encode(const void *in, size_t n, char *out, size_t cap);

#endif
