/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz the response-head parser: whole versus split, and a round trip. */
#include <stdint.h>
#include <stddef.h>

#include "fz_proxy_head.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 2 * HTTP_MAX_HEAD)
		return 0;
	fz_head(data, size, 1);
	return 0;
}
