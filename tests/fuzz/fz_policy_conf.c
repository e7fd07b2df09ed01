/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the policy commands: lines of space-separated words go through
 * policy_conf(), then a few requests through policy_check(). A refused line
 * must say why, and a check must return one of the documented codes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "authcache.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint64_t
fixed_mono(void)
{
	return 1000;
}

static time_t
fixed_wall(void)
{
	return (time_t)1704585600 + 3 * 86400 + 12 * 3600;
}

static int
valid_code(int rc)
{
	return rc == 0 || rc == 1 || rc == 3 || (rc >= 4 && rc <= 8) ||
	    rc == 10 || rc == 101;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *users[] = { NULL, "bob", "alice", "-", "" };
	static const char *hosts[] = { NULL, "example.com", "WWW.Example.COM.",
	    "10.0.0.1", "::1", "" };
	char buf[4096], *line, *save = NULL, err[256];
	struct policy *p;
	size_t i;

	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	authcache_set_clock(fixed_mono);
	if ((p = policy_new()) == NULL)
		return 0;
	policy_set_clock(p, fixed_wall);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *av[64], *w, *s2 = NULL;
		int ac = 0, rc;

		for (w = strtok_r(line, " ", &s2); w != NULL && ac < 64;
		    w = strtok_r(NULL, " ", &s2))
			av[ac++] = w;
		err[0] = '\0';
		rc = policy_conf(p, ac, av, err, sizeof(err));
		if (rc == -1 && err[0] == '\0')
			abort();
		if (rc != -1 && rc != 0 && rc != 1)
			abort();
	}
	for (i = 0; i < 10; i++) {
		struct preq r;
		int rc;

		memset(&r, 0, sizeof(r));
		addr_parse_ip(i & 1 ? "10.0.0.2" : "::1", 1000, &r.pr_client);
		r.pr_user = users[i % 5];
		r.pr_pass = i & 2 ? "pw" : NULL;
		r.pr_host = hosts[i % 6];
		if (i & 4)
			addr_parse_ip("10.0.0.1", 80, &r.pr_target);
		r.pr_port = (uint16_t)(i * 40);
		r.pr_op = 1u << (i % 4);
		r.pr_hops = (int)i;
		rc = policy_check(p, &r);
		if (!valid_code(rc) || (rc != 0 && r.pr_redirect != 0))
			abort();
	}
	(void)policy_is_open(p);
	(void)policy_wants_user(p);
	policy_free(p);
	return 0;
}
