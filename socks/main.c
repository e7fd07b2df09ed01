/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* socks: a SOCKS 4, 4a and 5 server (CONNECT, BIND, UDP ASSOCIATE). */
#include <time.h>

#include "server.h"
#include "socks.h"

#define SOCKS_SYNOPSIS \
	"%s [-dItT] [-4 | -6 | -46 | -64] [-bBUFSIZE] [-eEXTERNAL] " \
	"[-fFORMAT] [-iINTERNAL] [-l[@IDENT | LOGFILE]] [-NeADDRESS] " \
	"[-NiADDRESS] [-pPORT] [-u0 | -u1 | -u2] [-U[MODE]] [--maxconn=N] " \
	"[--timeouts=LIST]"

static const struct module socks_module = {
	.m_name = "socks",
	.m_logname = "SOCKS",
	.m_port = 1080,
	.m_stream = 1,
	.m_opt = {
		.name = "socks",
		.synopsis = SOCKS_SYNOPSIS,
		.npositional = 0,
	},
	.m_accept = socks_accept,
};

int
main(int argc, char **argv)
{
	return service_main(&socks_module, argc, argv);
}
