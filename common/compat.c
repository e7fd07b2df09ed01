/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Functions some libcs lack, provided once for the whole suite. */
#include <string.h>

#include "compat.h"

size_t
compat_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

void
compat_wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}
