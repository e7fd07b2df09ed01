/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the users table: an entry string (NAME:TYPE:HASH) and a password,
 * NUL-separated. Parsing must not crash, a refused entry must say why, and
 * a cleartext entry must accept its own password and refuse another. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "crypt.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[1024], err[256], name[AUTH_MAXUSER + 1];
	const char *entry, *pw, *c;
	struct users *t;
	size_t n = size < sizeof(buf) - 2 ? size : sizeof(buf) - 2;
	int rc;

	memcpy(buf, data, n);
	buf[n] = '\0';
	buf[n + 1] = '\0';
	entry = buf;
	pw = buf + strlen(buf) + 1;
	if ((t = users_new()) == NULL)
		return 0;
	err[0] = '\0';
	if (users_add(t, entry, err, sizeof(err)) == -1) {
		if (err[0] == '\0')
			abort();
		users_free(t);
		return 0;
	}
	c = strchr(entry, ':');
	if (c == NULL || (size_t)(c - entry) > AUTH_MAXUSER)
		abort();
	memcpy(name, entry, (size_t)(c - entry));
	name[c - entry] = '\0';
	if (!users_exists(t, name))
		abort();
	rc = users_verify(t, name, pw);
	if (rc != AUTH_OK && rc != AUTH_BADCL && rc != AUTH_BADCR &&
	    rc != AUTH_BADNT)
		abort();
	/* A twice-verified password gives the same answer (the cache). */
	if (users_verify(t, name, pw) != rc)
		abort();
	if (strncmp(c + 1, "CL:", 3) == 0) {
		if (users_verify(t, name, c + 4) != AUTH_OK)
			abort();
		if (strcmp(pw, c + 4) != 0 && rc == AUTH_OK)
			abort();
	}
	users_free(t);
	return 0;
}
