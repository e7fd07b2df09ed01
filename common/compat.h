/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Functions some libcs lack, provided once for the whole suite. */
#ifndef COMPAT_H
#define COMPAT_H

#include <stddef.h>

/*
 * Copy at most size-1 bytes of src into dst and NUL-terminate it.
 * Returns strlen(src), so a result >= size means the copy was truncated.
 */
size_t	compat_strlcpy(char *dst, const char *src, size_t size);
#define strlcpy compat_strlcpy

/* Wipe a secret in a way the compiler may not optimise away. */
void	compat_wipe(void *p, size_t n);

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#endif
