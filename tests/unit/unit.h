/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* A few lines of test harness for the unit tests: "ok N name" per check. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_n, unit_failed;

#define CHECK(cond, name) do {						\
	unit_n++;							\
	if (cond)							\
		printf("ok %d %s\n", unit_n, (name));			\
	else {								\
		printf("not ok %d %s (%s:%d)\n", unit_n, (name),	\
		    __FILE__, __LINE__);				\
		unit_failed++;						\
	}								\
} while (0)

#define CHECK_STR(got, want, name) do {					\
	const char *g_ = (got), *w_ = (want);				\
	unit_n++;							\
	if (g_ != NULL && strcmp(g_, w_) == 0)				\
		printf("ok %d %s\n", unit_n, (name));			\
	else {								\
		printf("not ok %d %s: got \"%s\", want \"%s\" (%s:%d)\n", \
		    unit_n, (name), g_ ? g_ : "(null)", w_, __FILE__,	\
		    __LINE__);						\
		unit_failed++;						\
	}								\
} while (0)

#define UNIT_DONE() return unit_failed != 0

#endif
