/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for MD4: the RFC 1320 appendix A.5 test suite, and updates
 * split at every offset. */
#include "compat.h"
#include "crypt.h"
#include "md4.h"
#include "unit.h"

static const char *vec[][2] = {
	{ "", "31D6CFE0D16AE931B73C59D7E0C089C0" },
	{ "a", "BDE52CB31DE33E46245E05FBDBD6FB24" },
	{ "abc", "A448017AAF21D8525FC10AE87AA6729D" },
	{ "message digest", "D9130A8164549FE818874806E1C7014B" },
	{ "abcdefghijklmnopqrstuvwxyz", "D79E1C308AA5BBCDEEA8ED63DF412DA9" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
	    "043F8582F241DB351CE627E153E7F0E4" },
	{ "1234567890123456789012345678901234567890"
	    "1234567890123456789012345678901234567890",
	    "E33B4DDC9C38F2199C3E7B164FCC0536" },
};

int
main(void)
{
	uint8_t d[MD4_DIGEST_LEN];
	char hex[2 * MD4_DIGEST_LEN + 1], name[64];
	struct md4_ctx c;
	size_t i, j, n;
	int ok;

	for (i = 0; i < nitems(vec); i++) {
		md4(vec[i][0], strlen(vec[i][0]), d);
		crypt_hex_encode(d, sizeof(d), hex);
		snprintf(name, sizeof(name), "RFC 1320 vector %zu", i + 1);
		CHECK_STR(hex, vec[i][1], name);
	}
	n = strlen(vec[6][0]);
	ok = 1;
	for (j = 0; j <= n; j++) {
		md4_init(&c);
		md4_update(&c, vec[6][0], j);
		md4_update(&c, vec[6][0] + j, n - j);
		md4_final(&c, d);
		crypt_hex_encode(d, sizeof(d), hex);
		ok &= strcmp(hex, vec[6][1]) == 0;
	}
	CHECK(ok, "any split of the input gives the same digest");
	{
		char buf[128];

		memset(buf, 'q', sizeof(buf));
		/* 64 x 'q', computed by openssl dgst -md4. */
		md4(buf, 64, d);
		crypt_hex_encode(d, sizeof(d), hex);
		CHECK_STR(hex, "200AE97C0519314ADAAA37E96DCAC49B",
		    "one full block");
		md4(buf, 56, d);
		crypt_hex_encode(d, sizeof(d), hex);
		CHECK_STR(hex, "724A3377D6B13AD69CB909FC7B611FFC",
		    "56 bytes: the length spills a block");
	}
	UNIT_DONE();
}
