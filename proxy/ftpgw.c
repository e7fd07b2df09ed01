/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* ftp:// requests through the HTTP proxy: download, listing, upload. */
#include "proxy.h"

int
ftpgw_start(struct session *s)
{
	return session_error(s, 501, 999, NULL);
}

int
ftpgw_drive(struct session *s)
{
	(void)s;
	return R_WAIT;
}

void
ftpgw_timeout(struct session *s)
{
	(void)s;
}

void
ftpgw_free(struct session *s)
{
	(void)s;
}
