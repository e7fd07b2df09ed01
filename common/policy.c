/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The policy point every request passes: authentication, ACL, parents, limits. */
#include <stdlib.h>

#include "policy.h"

/*
 * XXX Placeholder until users, authentication and ACLs land: every request
 * is allowed, as in a standalone module of the original.
 */
struct policy {
	int	p_unused;
};

int
policy_check(struct policy *p, struct preq *r)
{
	(void)p;
	(void)r;
	return 0;
}

int
policy_wants_user(const struct policy *p)
{
	(void)p;
	return 0;
}

struct policy *
policy_new(void)
{
	return calloc(1, sizeof(struct policy));
}

void
policy_free(struct policy *p)
{
	free(p);
}

int
policy_conf(struct policy *p, int argc, char **argv, char *err, size_t errlen)
{
	(void)p;
	(void)argc;
	(void)argv;
	(void)err;
	(void)errlen;
	return 0;
}
