/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the users table: entry syntax, CL/CR/NT verification,
 * error codes, and messages that never carry a password. */
#include <stdlib.h>

#include "auth.h"
#include "compat.h"
#include "unit.h"

/* openssl passwd -1 -salt saltsalt password */
#define CR_PASSWORD	"$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"
/* NT hash of "password" */
#define NT_PASSWORD	"8846F7EAEE8FB117AD06BDD830B7586C"

static const struct {
	const char	*entry;
	const char	*why;	/* a word the message must contain */
} bad[] = {
	{ "bob", "password" },
	{ ":CL:x", "empty" },
	{ "bob:XY:secretpw", "unknown password type" },
	{ "bob:cl:secretpw", "unknown password type" },
	{ "bob:CR:$2y$10$abcdefghijklmnopqrstuu", "unsupported password hash "
	    "$2y$" },
	{ "bob:CR:$3$salt$abcdefghijklmnopqrstuv", "unsupported password hash "
	    "$3$" },
	{ "bob:CR:$5$salt$abc", "unsupported password hash $5$" },
	{ "bob:CR:$6$salt$abc", "unsupported password hash $6$" },
	{ "bob:CR:secretpw", "MD5-crypt" },
	{ "bob:CR:$1$salt", "malformed" },
	{ "bob:CR:$1$salt$short", "malformed" },
	{ "bob:CR:$1$salt$qjXMvbEw8oaL.CzflDtaK/x", "malformed" },
	{ "bob:CR:$1$salt$qjXMvbEw8oaL.CzflDt!K/", "bad character" },
	{ "bob:NT:8846F7EAEE8FB117AD06BDD830B7586", "32 hex" },
	{ "bob:NT:8846F7EAEE8FB117AD06BDD830B7586C0", "32 hex" },
	{ "bob:NT:secretpwsecretpwsecretpwsecretp", "32 hex" },
};

int
main(void)
{
	struct users *t = users_new();
	char err[256], name[300], e[600], big[300];
	size_t i;
	int ok;

	CHECK(users_add(t, "plain:CL:s3cret", err, sizeof(err)) == 0,
	    "CL entry");
	CHECK(users_add(t, "implicit:pa:ss:word", err, sizeof(err)) == -1,
	    "'pa:' reads as a type and is refused");
	CHECK(users_add(t, "implicit:pass:word", err, sizeof(err)) == 0,
	    "NAME:PASS entry (cleartext with a colon)");
	CHECK(users_add(t, "crypt:CR:" CR_PASSWORD, err, sizeof(err)) == 0,
	    "CR entry");
	CHECK(users_add(t, "ntup:NT:" NT_PASSWORD, err, sizeof(err)) == 0,
	    "NT entry, upper-case hex");
	CHECK(users_add(t, "ntlow:NT:8846f7eaee8fb117ad06bdd830b7586c", err,
	    sizeof(err)) == 0, "NT entry, lower-case hex");
	CHECK(users_add(t, "empty:CL:", err, sizeof(err)) == 0,
	    "empty cleartext password");
	CHECK(users_add(t, "UPPER:CL:x", err, sizeof(err)) == 0, "UPPER");
	CHECK(users_count(t) == 7, "seven users");

	CHECK(users_verify(t, "plain", "s3cret") == AUTH_OK, "CL right");
	CHECK(users_verify(t, "plain", "s3cret2") == AUTH_BADCL, "CL longer");
	CHECK(users_verify(t, "plain", "s3cre") == AUTH_BADCL, "CL shorter");
	CHECK(users_verify(t, "plain", "S3cret") == AUTH_BADCL, "CL case");
	CHECK(users_verify(t, "plain", "") == AUTH_BADCL, "CL empty");
	CHECK(users_verify(t, "plain", NULL) == AUTH_UNKNOWN,
	    "no password: 5");
	CHECK(users_verify(t, "implicit", "pass:word") == AUTH_OK,
	    "NAME:PASS keeps the rest as the password");
	CHECK(users_verify(t, "empty", "") == AUTH_OK, "empty password");
	CHECK(users_verify(t, "empty", "x") == AUTH_BADCL, "empty vs x");
	CHECK(users_verify(t, "crypt", "password") == AUTH_OK, "CR right");
	CHECK(users_verify(t, "crypt", "password") == AUTH_OK,
	    "CR right again (remembered)");
	CHECK(users_verify(t, "crypt", "passwore") == AUTH_BADCR, "CR wrong");
	CHECK(users_verify(t, "crypt", "") == AUTH_BADCR, "CR empty");
	CHECK(users_verify(t, "crypt", "password") == AUTH_OK,
	    "CR right after a wrong one");
	CHECK(users_verify(t, "ntup", "password") == AUTH_OK, "NT right");
	CHECK(users_verify(t, "ntlow", "password") == AUTH_OK,
	    "NT lower-case hex right");
	CHECK(users_verify(t, "ntup", "Password") == AUTH_BADNT, "NT wrong");
	CHECK(users_verify(t, "ntup", "password") == AUTH_OK, "NT again");
	CHECK(users_verify(t, "nobody", "x") == AUTH_UNKNOWN, "unknown: 5");
	CHECK(users_verify(t, "upper", "x") == AUTH_UNKNOWN,
	    "names are case-sensitive");
	CHECK(users_verify(t, NULL, "x") == AUTH_NOUSER, "no name: 4");
	CHECK(users_verify(t, "", "x") == AUTH_NOUSER, "empty name: 4");

	/* A later entry replaces an earlier one. */
	CHECK(users_add(t, "plain:CL:other", err, sizeof(err)) == 0 &&
	    users_count(t) == 7 && users_verify(t, "plain", "other") ==
	    AUTH_OK && users_verify(t, "plain", "s3cret") == AUTH_BADCL,
	    "redefinition replaces");
	CHECK(users_add(t, "plain:NT:" NT_PASSWORD, err, sizeof(err)) == 0 &&
	    users_verify(t, "plain", "password") == AUTH_OK,
	    "redefinition may change the type");

	/* 255-byte password accepted, 256 refused. */
	memset(big, 'p', 255);
	big[255] = '\0';
	snprintf(e, sizeof(e), "long:CL:%s", big);
	CHECK(users_add(t, e, err, sizeof(err)) == 0 &&
	    users_verify(t, "long", big) == AUTH_OK, "255-byte CL password");
	big[255] = 'p';
	big[256] = '\0';
	CHECK(users_verify(t, "long", big) == AUTH_BADCL,
	    "256-byte attempt is not the 255-byte password");
	snprintf(e, sizeof(e), "long2:CL:%s", big);
	CHECK(users_add(t, e, err, sizeof(err)) == -1, "256-byte CL refused");

	for (i = 0; i < nitems(bad); i++) {
		err[0] = '\0';
		ok = users_add(t, bad[i].entry, err, sizeof(err)) == -1;
		snprintf(name, sizeof(name), "refused: %s (%s)", bad[i].entry,
		    err);
		CHECK(ok && strstr(err, bad[i].why) != NULL, name);
		snprintf(name, sizeof(name), "message hides the password: %s",
		    bad[i].entry);
		CHECK(strstr(err, "secretpw") == NULL, name);
	}

	/* A thousand users in the hash table. */
	ok = 1;
	for (i = 0; i < 1000; i++) {
		snprintf(e, sizeof(e), "u%zu:CL:p%zu", i, i);
		ok &= users_add(t, e, err, sizeof(err)) == 0;
	}
	for (i = 0; i < 1000; i++) {
		char u[32], p[32];

		snprintf(u, sizeof(u), "u%zu", i);
		snprintf(p, sizeof(p), "p%zu", i);
		ok &= users_verify(t, u, p) == AUTH_OK;
		snprintf(p, sizeof(p), "p%zu", i + 1);
		ok &= users_verify(t, u, p) == AUTH_BADCL;
	}
	CHECK(ok && users_exists(t, "u999") && !users_exists(t, "u1000"),
	    "1000 users: each one's own password only");
	users_free(t);
	UNIT_DONE();
}
