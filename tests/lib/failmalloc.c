/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/*
 * A test shim for LD_PRELOAD: while the file FAILMALLOC_FILE exists, every
 * FAILMALLOC_EVERY-th call of malloc, calloc or realloc fails with ENOMEM.
 * The file lets a case start its module normally and then turn failures
 * on; glibc's own entry points do the real work.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

void	*__libc_malloc(size_t);
void	*__libc_calloc(size_t, size_t);
void	*__libc_realloc(void *, size_t);

static const char *file;
static unsigned long every, calls;
static int ready;

static int
fail_now(void)
{
	const char *e;

	if (!ready) {
		ready = 1;
		file = getenv("FAILMALLOC_FILE");
		e = getenv("FAILMALLOC_EVERY");
		every = e != NULL ? strtoul(e, NULL, 10) : 0;
	}
	if (file == NULL || every == 0 || access(file, F_OK) != 0)
		return 0;
	if (++calls % every != 0)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t n)
{
	return fail_now() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	return n > 0 && fail_now() ? NULL : __libc_realloc(p, n);
}
