/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The users table of 3proxy.cfg (users NAME:TYPE:PASS) and password checks. */
#ifndef AUTH_H
#define AUTH_H

#include <stddef.h>
#include <stdint.h>

/* Longest user name and password (RFC 1929 limits both to 255 bytes). */
#define AUTH_MAXUSER	255
#define AUTH_MAXPASS	255

/* Password types. */
#define PW_CL		1	/* cleartext */
#define PW_CR		2	/* MD5-crypt $1$ */
#define PW_NT		3	/* NT: MD4 of UTF-16LE */

/* Results of users_verify(): the original's error codes. */
#define AUTH_OK		0
#define AUTH_NOUSER	4	/* no user name given */
#define AUTH_UNKNOWN	5	/* unknown user, or no password given */
#define AUTH_BADCL	6
#define AUTH_BADCR	7
#define AUTH_BADNT	8

struct users;

struct users	*users_new(void);
void		 users_free(struct users *);
/*
 * Add one entry of a users command: NAME:CL:PASS, NAME:PASS (cleartext),
 * NAME:CR:$1$SALT$HASH or NAME:NT:HEX32. A later entry for the same name
 * replaces the earlier one. Returns 0, or -1 with a message in err that
 * never contains the password.
 */
int		 users_add(struct users *, const char *entry, char *err,
		    size_t errlen);
unsigned	 users_count(const struct users *);
int		 users_exists(const struct users *, const char *name);
/*
 * Check a user's password. Returns AUTH_OK or an AUTH_* code. Digests are
 * compared in constant time; a password that verified once against a CR or
 * NT hash is remembered (as a keyed digest), so the slow hash runs once per
 * user and password, not once per connection.
 */
int		 users_verify(struct users *, const char *name,
		    const char *pass);

#endif
