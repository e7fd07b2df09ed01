/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* ftppr: the FTP gateway (USER name@host[:port]). */
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "ftppr.h"
#include "resolv.h"
#include "server.h"

#define FTPPR_SYNOPSIS \
	"%s [-dItT] [-4 | -6 | -46 | -64] [-bBUFSIZE] [-eEXTERNAL] " \
	"[-fFORMAT] [-hHOST[:PORT]] [-iINTERNAL] [-l[@IDENT | LOGFILE]] " \
	"[-pPORT] [--maxconn=N] [--timeouts=LIST]"

static int
ftppr_init(struct service *svc, char *err, size_t errlen)
{
	static struct ftppr_conf fc;
	const char *h = svc->s_opts.defhost;
	struct addr lit;

	fc.fc_defport = FTPPR_PORT;
	if (h != NULL && (net_split_hostport(h, fc.fc_defhost,
	    sizeof(fc.fc_defhost), &fc.fc_defport) == -1 ||
	    (resolv_literal(fc.fc_defhost, &lit) == -1 &&
	    !resolv_name_ok(fc.fc_defhost)))) {
		snprintf(err, errlen, "bad -h HOST[:PORT]: %s", h);
		return -1;
	}
	svc->s_ctx = &fc;
	return 0;
}

static const struct module ftppr_module = {
	.m_name = "ftppr",
	.m_logname = "FTPPR",
	.m_port = FTPPR_PORT,
	.m_stream = 1,
	.m_opt = {
		.name = "ftppr",
		.synopsis = FTPPR_SYNOPSIS,
		.npositional = 0,
	},
	.m_init = ftppr_init,
	.m_accept = ftppr_accept,
	.m_handoff = ftppr_handoff,
};

int
main(int argc, char **argv)
{
	return service_main(&ftppr_module, argc, argv);
}
