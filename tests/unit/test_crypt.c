/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for MD5-crypt (against openssl passwd -1), NT hashes of known
 * passwords, hex and the constant-time comparison. With an argument it only
 * runs the comparison, for the instruction-count test under callgrind. */
#include <stdlib.h>

#include "compat.h"
#include "crypt.h"
#include "unit.h"

/* Made with `openssl passwd -1 -salt SALT PASSWORD` (OpenSSL 3.0). */
static const char *md5vec[][3] = {
	{ "saltsalt", "password", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/" },
	{ "", "", "$1$$qRPK7m23GJusamGpoGLby/" },
	{ "abc", "", "$1$abc$Or2rbeUYTvt12aiVzMuS/." },
	{ "x", "p@ss w0rd", "$1$x$uWpsitaTjpKGY1nTMOxx00" },
	{ "12345678", "hello", "$1$12345678$SWwdAXyU/e6YSg8pQlz4D/" },
	{ "Zz./09", NULL, "$1$Zz./09$HXNptCptwGQfA0LoELTMg." },
	{ "long", "", "$1$long$KhnHkhiVLIgDbRjsCw3d//" },
};

static int
ct_loop(const char *mode)
{
	uint8_t a[16], b[16];
	int i, eq = 0;

	memset(a, 0x5a, sizeof(a));
	memcpy(b, a, sizeof(b));
	if (strcmp(mode, "differ-first") == 0)
		b[0] ^= 1;
	else if (strcmp(mode, "differ-last") == 0)
		b[15] ^= 0x80;
	for (i = 0; i < 1000; i++)
		eq += crypt_equal(a, b, sizeof(a));
	printf("%d\n", eq);
	return 0;
}

int
main(int argc, char **argv)
{
	char out[CRYPT_MD5_MAXLEN], pw255[256], hex[33], name[80];
	uint8_t nt[CRYPT_NT_LEN], raw[16];
	size_t i;

	if (argc == 2)
		return ct_loop(argv[1]);

	/* 255 printable characters: chr(33 + i % 90). */
	for (i = 0; i < 255; i++)
		pw255[i] = (char)(33 + i % 90);
	pw255[255] = '\0';
	for (i = 0; i < nitems(md5vec); i++) {
		const char *pw = md5vec[i][1];
		char p255x[256];

		if (pw == NULL)
			pw = pw255;
		if (strcmp(md5vec[i][0], "long") == 0) {
			memset(p255x, 'x', 255);
			p255x[255] = '\0';
			pw = p255x;
		}
		snprintf(name, sizeof(name), "md5crypt salt '%s' (%zu-byte "
		    "password) = openssl passwd -1", md5vec[i][0], strlen(pw));
		CHECK(crypt_md5(pw, strlen(pw), md5vec[i][0],
		    strlen(md5vec[i][0]), out) == 0 &&
		    strcmp(out, md5vec[i][2]) == 0, name);
	}
	/* A 256-byte password is cut to 255 bytes, as in the original. */
	{
		char p256[257];

		memset(p256, 'x', 256);
		p256[256] = '\0';
		CHECK(crypt_md5(p256, 256, "long", 4, out) == 0 &&
		    strcmp(out, "$1$long$KhnHkhiVLIgDbRjsCw3d//") == 0,
		    "passwords are cut at 255 bytes");
	}
	CHECK(crypt_md5("pw", 2, "a$b", 3, out) == -1, "'$' in a salt refused");
	{
		char big[CRYPT_MAXSALT + 2];

		memset(big, 's', sizeof(big));
		CHECK(crypt_md5("pw", 2, big, CRYPT_MAXSALT, out) == 0 &&
		    strlen(out) == 3 + CRYPT_MAXSALT + 1 + 22,
		    "a 64-byte salt is used whole");
		CHECK(crypt_md5("pw", 2, big, CRYPT_MAXSALT + 1, out) == -1,
		    "a 65-byte salt refused");
	}

	/* NT hashes: MD4 of UTF-16LE, known values. */
	crypt_nt("password", 8, nt);
	crypt_hex_encode(nt, sizeof(nt), hex);
	CHECK_STR(hex, "8846F7EAEE8FB117AD06BDD830B7586C", "NT of 'password'");
	crypt_nt("", 0, nt);
	crypt_hex_encode(nt, sizeof(nt), hex);
	CHECK_STR(hex, "31D6CFE0D16AE931B73C59D7E0C089C0", "NT of ''");
	crypt_nt("Password1", 9, nt);
	crypt_hex_encode(nt, sizeof(nt), hex);
	CHECK_STR(hex, "64F12CDDAA88057E06A81B54E73B949B", "NT of 'Password1'");

	/* Hex decoding: either case, exact length. */
	CHECK(crypt_hex_decode("8846f7eaee8fb117ad06bdd830b7586c", raw, 16)
	    == 0 && memcmp(raw, (crypt_nt("password", 8, nt), nt), 16) == 0,
	    "lower-case hex decodes");
	CHECK(crypt_hex_decode("8846F7EAEE8FB117AD06BDD830B7586C", raw, 16)
	    == 0 && memcmp(raw, nt, 16) == 0, "upper-case hex decodes");
	CHECK(crypt_hex_decode("8846F7EAEE8FB117AD06BDD830B7586", raw, 16)
	    == -1, "31 digits refused");
	CHECK(crypt_hex_decode("8846F7EAEE8FB117AD06BDD830B7586C0", raw, 16)
	    == -1, "33 digits refused");
	CHECK(crypt_hex_decode("8846F7EAEE8FB117AD06BDD830B7586G", raw, 16)
	    == -1, "non-hex refused");

	/* Constant-time comparison: the verdicts. */
	memset(raw, 1, sizeof(raw));
	memset(nt, 1, sizeof(nt));
	CHECK(crypt_equal(raw, nt, 16), "equal buffers");
	nt[15] = 2;
	CHECK(!crypt_equal(raw, nt, 16), "last byte differs");
	nt[15] = 1;
	nt[0] = 0;
	CHECK(!crypt_equal(raw, nt, 16), "first byte differs");
	CHECK(crypt_equal(raw, nt, 0), "zero length is equal");
	UNIT_DONE();
}
