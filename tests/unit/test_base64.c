/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for base64: the RFC 4648 s10 vectors both ways, Basic
 * credentials, and the texts that must be refused. */
#include "base64.h"
#include "compat.h"
#include "unit.h"

static const char *vec[][2] = {
	{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
	{ "Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ==" },
};

static const char *bad[] = {
	"Zg=", "Z===", "Zm9v=", "Zm9vY", "Zm 9v", "Zm9v\n", "Zh==", "Zm9=",
	"=Zm9", "Zm=v", "Zm9v!", "Zg==Zg==",
};

int
main(void)
{
	char out[64], name[96];
	ssize_t n;
	size_t i;

	for (i = 0; i < nitems(vec); i++) {
		n = base64_encode(vec[i][0], strlen(vec[i][0]), out,
		    sizeof(out));
		snprintf(name, sizeof(name), "encode '%s'", vec[i][0]);
		CHECK(n == (ssize_t)strlen(vec[i][1]) &&
		    strcmp(out, vec[i][1]) == 0, name);
		n = base64_decode(vec[i][1], strlen(vec[i][1]), out,
		    sizeof(out));
		snprintf(name, sizeof(name), "decode '%s'", vec[i][1]);
		CHECK(n == (ssize_t)strlen(vec[i][0]) &&
		    memcmp(out, vec[i][0], (size_t)n) == 0, name);
	}
	CHECK(base64_decode("Zm9vYg", 6, out, sizeof(out)) == 4 &&
	    memcmp(out, "foob", 4) == 0, "padding may be left out");
	CHECK(base64_decode("Zm9vYmFy", 8, out, 5) == -1,
	    "output that does not fit is refused");
	CHECK(base64_decode("Zm9vYmFy", 8, out, 6) == 6, "exact fit");
	CHECK(base64_encode("foo", 3, out, 4) == -1, "encode needs the NUL");
	for (i = 0; i < nitems(bad); i++) {
		snprintf(name, sizeof(name), "refused: '%s'", bad[i]);
		CHECK(base64_decode(bad[i], strlen(bad[i]), out, sizeof(out))
		    == -1, name);
	}
	UNIT_DONE();
}
