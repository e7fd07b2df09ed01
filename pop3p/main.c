/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* pop3p: the POP3 gateway (USER name@host[:port]). */
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "pop3p.h"
#include "resolv.h"
#include "server.h"

#define POP3P_SYNOPSIS \
	"%s [-dItT] [-4 | -6 | -46 | -64] [-bBUFSIZE] [-eEXTERNAL] " \
	"[-fFORMAT] [-hHOST[:PORT]] [-iINTERNAL] [-l[@IDENT | LOGFILE]] " \
	"[-pPORT] [--maxconn=N] [--timeouts=LIST]"

static int
pop3p_init(struct service *svc, char *err, size_t errlen)
{
	static struct pop3p_conf pc;
	const char *h = svc->s_opts.defhost;
	struct addr lit;

	pc.pc_defport = POP3P_PORT;
	if (h != NULL && (net_split_hostport(h, pc.pc_defhost,
	    sizeof(pc.pc_defhost), &pc.pc_defport) == -1 ||
	    (resolv_literal(pc.pc_defhost, &lit) == -1 &&
	    !resolv_name_ok(pc.pc_defhost)))) {
		snprintf(err, errlen, "bad -h HOST[:PORT]: %s", h);
		return -1;
	}
	svc->s_ctx = &pc;
	return 0;
}

static const struct module pop3p_module = {
	.m_name = "pop3p",
	.m_logname = "POP3P",
	.m_port = POP3P_PORT,
	.m_stream = 1,
	.m_opt = {
		.name = "pop3p",
		.synopsis = POP3P_SYNOPSIS,
		.npositional = 0,
	},
	.m_init = pop3p_init,
	.m_accept = pop3p_accept,
	.m_handoff = pop3p_handoff,
};

int
main(int argc, char **argv)
{
	return service_main(&pop3p_module, argc, argv);
}
