/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The users table of 3proxy.cfg (users NAME:TYPE:PASS) and password checks. */
#include <sys/random.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "crypt.h"
#include "md5.h"

#define KEY_LEN		16

struct user {
	struct user	*u_next;
	int		 u_type;	/* PW_* */
	/* CL: keyed digest of the password; NT: the NT hash. */
	uint8_t		 u_ref[MD5_DIGEST_LEN];
	/* CR: the whole "$1$SALT$HASH" and where the salt is in it. */
	char		 u_crypt[CRYPT_MD5_MAXLEN];
	size_t		 u_saltlen;
	/* Keyed digest of the last password that verified (CR, NT). */
	uint8_t		 u_ok[MD5_DIGEST_LEN];
	int		 u_okset;
	char		 u_name[];
};

struct users {
	struct user	**t_tab;
	unsigned	 t_mask;
	unsigned	 t_n;
	/* A per-process random key, so that no stored digest is the plain
	   MD5 of a password. */
	uint8_t		 t_key[KEY_LEN];
};

static unsigned
hash_name(const char *s)
{
	unsigned h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
keyed(const struct users *t, const char *pass, uint8_t out[MD5_DIGEST_LEN])
{
	struct md5_ctx c;
	size_t n = strlen(pass);

	md5_init(&c);
	md5_update(&c, t->t_key, KEY_LEN);
	md5_update(&c, pass, n > AUTH_MAXPASS ? AUTH_MAXPASS + 1 : n);
	md5_final(&c, out);
}

struct users *
users_new(void)
{
	struct users *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->t_mask = 255;
	if ((t->t_tab = calloc(t->t_mask + 1, sizeof(*t->t_tab))) == NULL) {
		free(t);
		return NULL;
	}
	if (getrandom(t->t_key, KEY_LEN, 0) != KEY_LEN) {
		/* Without entropy the key only loses its secrecy: the digests
		   still compare correctly. */
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		md5(&ts, sizeof(ts), t->t_key);
		t->t_key[0] ^= (uint8_t)getpid();
	}
	return t;
}

void
users_free(struct users *t)
{
	unsigned i;

	if (t == NULL)
		return;
	for (i = 0; i <= t->t_mask; i++) {
		struct user *u, *next;

		for (u = t->t_tab[i]; u != NULL; u = next) {
			next = u->u_next;
			explicit_bzero(u, sizeof(*u));
			free(u);
		}
	}
	free(t->t_tab);
	explicit_bzero(t, sizeof(*t));
	free(t);
}

unsigned
users_count(const struct users *t)
{
	return t->t_n;
}

static struct user **
slot(const struct users *t, const char *name)
{
	struct user **pp = &t->t_tab[hash_name(name) & t->t_mask];

	while (*pp != NULL && strcmp((*pp)->u_name, name) != 0)
		pp = &(*pp)->u_next;
	return pp;
}

int
users_exists(const struct users *t, const char *name)
{
	return name != NULL && *slot(t, name) != NULL;
}

static void
grow(struct users *t)
{
	unsigned nmask = t->t_mask * 2 + 1, i;
	struct user **nt = calloc(nmask + 1, sizeof(*nt));

	if (nt == NULL)
		return;		/* longer chains, still correct */
	for (i = 0; i <= t->t_mask; i++) {
		struct user *u, *next;

		for (u = t->t_tab[i]; u != NULL; u = next) {
			unsigned h = hash_name(u->u_name) & nmask;

			next = u->u_next;
			u->u_next = nt[h];
			nt[h] = u;
		}
	}
	free(t->t_tab);
	t->t_tab = nt;
	t->t_mask = nmask;
}

/* Check "$1$SALT$HASH"; store it in u. 0, or -1 with a message. */
static int
parse_cr(struct user *u, const char *s, char *err, size_t errlen)
{
	static const char b64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz";
	const char *salt, *d;
	size_t n = strlen(s), i;

	if (strncmp(s, "$1$", 3) != 0) {
		const char *e = s[0] == '$' ? strchr(s + 1, '$') : NULL;

		if (e != NULL && e - s <= 4)
			snprintf(err, errlen, "unsupported password hash "
			    "%.*s (this build verifies $1$ MD5-crypt only)",
			    (int)(e - s + 1), s);
		else
			snprintf(err, errlen, "CR password is not a "
			    "$1$SALT$HASH MD5-crypt string (quote it: an "
			    "unquoted $ starts a file include)");
		return -1;
	}
	salt = s + 3;
	if ((d = strchr(salt, '$')) == NULL || (size_t)(d - salt) >
	    CRYPT_MAXSALT || strlen(d + 1) != 22 || n >= CRYPT_MD5_MAXLEN) {
		snprintf(err, errlen, "malformed $1$ MD5-crypt string (salt of "
		    "at most %d characters, then '$' and 22 characters)",
		    CRYPT_MAXSALT);
		return -1;
	}
	for (i = 0; i < 22; i++)
		if (strchr(b64, d[1 + i]) == NULL || d[1 + i] == '\0') {
			snprintf(err, errlen, "malformed $1$ MD5-crypt string "
			    "(bad character in the hash)");
			return -1;
		}
	memcpy(u->u_crypt, s, n + 1);
	u->u_saltlen = (size_t)(d - salt);
	return 0;
}

int
users_add(struct users *t, const char *entry, char *err, size_t errlen)
{
	const char *c = strchr(entry, ':'), *pw;
	struct user *u, **pp;
	size_t nlen;

	if (c == NULL) {
		snprintf(err, errlen, "user entry without a password "
		    "(NAME:CL:PASS, NAME:CR:$1$..., NAME:NT:HEX)");
		return -1;
	}
	nlen = (size_t)(c - entry);
	if (nlen == 0 || nlen > AUTH_MAXUSER) {
		snprintf(err, errlen, "user name empty or longer than %d "
		    "bytes", AUTH_MAXUSER);
		return -1;
	}
	if ((u = calloc(1, sizeof(*u) + nlen + 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(u->u_name, entry, nlen);
	u->u_name[nlen] = '\0';
	pw = c + 1;
	/* "XX:" with two letters names the type; anything else is a
	   cleartext password. */
	if (isalpha((unsigned char)pw[0]) && isalpha((unsigned char)pw[1]) &&
	    pw[2] == ':') {
		if (strncmp(pw, "CL", 2) == 0)
			u->u_type = PW_CL;
		else if (strncmp(pw, "CR", 2) == 0)
			u->u_type = PW_CR;
		else if (strncmp(pw, "NT", 2) == 0)
			u->u_type = PW_NT;
		else {
			snprintf(err, errlen, "user %.64s: unknown password "
			    "type %.2s (CL, CR or NT; write NAME:CL:PASS for "
			    "a cleartext password with a ':')", u->u_name, pw);
			goto fail;
		}
		pw += 3;
	} else
		u->u_type = PW_CL;
	switch (u->u_type) {
	case PW_CL:
		if (strlen(pw) > AUTH_MAXPASS) {
			snprintf(err, errlen, "user %.64s: password longer "
			    "than %d bytes", u->u_name, AUTH_MAXPASS);
			goto fail;
		}
		keyed(t, pw, u->u_ref);
		break;
	case PW_CR:
		if (parse_cr(u, pw, err, errlen) == -1)
			goto fail;
		break;
	default:
		if (crypt_hex_decode(pw, u->u_ref, CRYPT_NT_LEN) == -1) {
			snprintf(err, errlen, "user %.64s: NT password is not "
			    "32 hex digits", u->u_name);
			goto fail;
		}
		break;
	}
	if (t->t_n >= t->t_mask + 1)
		grow(t);
	pp = slot(t, u->u_name);
	if (*pp != NULL) {
		/* The later definition wins. */
		struct user *old = *pp;

		u->u_next = old->u_next;
		explicit_bzero(old, sizeof(*old));
		free(old);
	} else
		t->t_n++;
	*pp = u;
	return 0;
fail:
	free(u);
	return -1;
}

int
users_verify(struct users *t, const char *name, const char *pass)
{
	uint8_t d[MD5_DIGEST_LEN], nt[CRYPT_NT_LEN];
	char out[CRYPT_MD5_MAXLEN];
	struct user *u;
	size_t n;
	int ok;

	if (name == NULL || name[0] == '\0')
		return AUTH_NOUSER;
	if ((u = *slot(t, name)) == NULL || pass == NULL)
		return AUTH_UNKNOWN;
	keyed(t, pass, d);
	if (u->u_type == PW_CL) {
		ok = crypt_equal(d, u->u_ref, sizeof(d));
		explicit_bzero(d, sizeof(d));
		return ok ? AUTH_OK : AUTH_BADCL;
	}
	if (u->u_okset && crypt_equal(d, u->u_ok, sizeof(d))) {
		explicit_bzero(d, sizeof(d));
		return AUTH_OK;
	}
	n = strlen(pass);
	if (u->u_type == PW_NT) {
		crypt_nt(pass, n, nt);
		ok = crypt_equal(nt, u->u_ref, sizeof(nt));
		explicit_bzero(nt, sizeof(nt));
	} else {
		/* Same salt, so both strings have the same length. */
		ok = crypt_md5(pass, n, u->u_crypt + 3, u->u_saltlen,
		    out) == 0 && crypt_equal(out, u->u_crypt,
		    3 + u->u_saltlen + 1 + 22);
		explicit_bzero(out, sizeof(out));
	}
	if (ok) {
		memcpy(u->u_ok, d, sizeof(d));
		u->u_okset = 1;
	}
	explicit_bzero(d, sizeof(d));
	if (ok)
		return AUTH_OK;
	return u->u_type == PW_NT ? AUTH_BADNT : AUTH_BADCR;
}
