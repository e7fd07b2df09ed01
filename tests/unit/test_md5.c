/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for MD5: the RFC 1321 appendix A.5 test suite, and updates
 * split at every offset. */
#include "compat.h"
#include "crypt.h"
#include "md5.h"
#include "unit.h"

static const char *vec[][2] = {
	{ "", "D41D8CD98F00B204E9800998ECF8427E" },
	{ "a", "0CC175B9C0F1B6A831C399E269772661" },
	{ "abc", "900150983CD24FB0D6963F7D28E17F72" },
	{ "message digest", "F96B697D7CB7938D525A2F31AAF161D0" },
	{ "abcdefghijklmnopqrstuvwxyz", "C3FCD3D76192E4007DFB496CCA67E13B" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
	    "D174AB98D277D9F5A5611C2C9F419D9F" },
	{ "1234567890123456789012345678901234567890"
	    "1234567890123456789012345678901234567890",
	    "57EDF4A22BE3C955AC49DA2E2107B67A" },
};

int
main(void)
{
	uint8_t d[MD5_DIGEST_LEN];
	char hex[2 * MD5_DIGEST_LEN + 1], name[64];
	struct md5_ctx c;
	size_t i, j, n;
	int ok;

	for (i = 0; i < nitems(vec); i++) {
		md5(vec[i][0], strlen(vec[i][0]), d);
		crypt_hex_encode(d, sizeof(d), hex);
		snprintf(name, sizeof(name), "RFC 1321 vector %zu", i + 1);
		CHECK_STR(hex, vec[i][1], name);
	}
	/* Split the longest vector at every offset: same digest. */
	n = strlen(vec[6][0]);
	ok = 1;
	for (j = 0; j <= n; j++) {
		md5_init(&c);
		md5_update(&c, vec[6][0], j);
		md5_update(&c, vec[6][0] + j, n - j);
		md5_final(&c, d);
		crypt_hex_encode(d, sizeof(d), hex);
		ok &= strcmp(hex, vec[6][1]) == 0;
	}
	CHECK(ok, "any split of the input gives the same digest");
	/* Lengths around the padding boundary (55, 56, 63, 64, 65 bytes),
	   byte by byte against one call. */
	{
		static const size_t lens[] = { 55, 56, 57, 63, 64, 65, 119,
		    120, 128 };
		char buf[128];
		uint8_t d1[MD5_DIGEST_LEN];

		memset(buf, 'q', sizeof(buf));
		ok = 1;
		for (i = 0; i < nitems(lens); i++) {
			md5(buf, lens[i], d1);
			md5_init(&c);
			for (j = 0; j < lens[i]; j++)
				md5_update(&c, buf + j, 1);
			md5_final(&c, d);
			ok &= memcmp(d, d1, sizeof(d)) == 0;
		}
		CHECK(ok, "byte-by-byte equals one call around block edges");
		/* 64 x 'q', computed by openssl dgst -md5. */
		md5(buf, 64, d);
		crypt_hex_encode(d, sizeof(d), hex);
		CHECK_STR(hex, "40BFC24C764552CB38083A62855664AA",
		    "one full block");
	}
	UNIT_DONE();
}
