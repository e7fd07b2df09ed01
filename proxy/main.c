/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* proxy: the HTTP/1.1 proxy with CONNECT and ftp:// (default port 3128). */
#include "proxy.h"
#include "server.h"

#define PROXY_SYNOPSIS \
	"%s [-dItT] [-4 | -6 | -46 | -64] [-a | -a1 | -a2] [-bBUFSIZE] " \
	"[-eEXTERNAL] [-fFORMAT] [-iINTERNAL] [-l[@IDENT | LOGFILE]] " \
	"[-pPORT] [-u | -u1 | -u2] [--maxconn=N] [--timeouts=LIST]"

static const struct module proxy_module = {
	.m_name = "proxy",
	.m_logname = "PROXY",
	.m_port = 3128,
	.m_stream = 1,
	.m_opt = {
		.name = "proxy",
		.synopsis = PROXY_SYNOPSIS,
		.npositional = 0,
	},
	.m_init = proxy_init,
	.m_accept = proxy_accept,
	.m_handoff = proxy_handoff,
};

int
main(int argc, char **argv)
{
	return service_main(&proxy_module, argc, argv);
}
