/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Test helper: hand a client over to a module as a local redirection would. */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "handoff.h"
#include "msg.h"
#include "net.h"
#include "policy.h"

/*
 * sendho SOCKFD CLIENTFD PROTO HOST PORT USER PASS [DATA]: send the client
 * on CLIENTFD down the hand-off socket SOCKFD (SOCK_SEQPACKET) with the
 * state an origin would give: PROTO 2 (ftp) or 3 (pop3), the requested
 * host and port, the client's proxy credentials ("" for none), the bytes
 * it already sent, origin "SOCKS" on port 1080, one hop.
 */
int
main(int argc, char **argv)
{
	static struct handoff ho;
	static char payload[MSG_MAXPAYLOAD];
	int sock, cfd;
	long n;

	if (argc < 8)
		return 64;
	sock = atoi(argv[1]);
	cfd = atoi(argv[2]);
	handoff_init(&ho);
	ho.ho_proto = atoi(argv[3]);
	ho.ho_hops = 1;
	ho.ho_op = OP_CONNECT;
	if (net_peer(cfd, &ho.ho_client) == -1 ||
	    net_local(cfd, &ho.ho_local) == -1)
		return 1;
	strlcpy(ho.ho_host, argv[4], sizeof(ho.ho_host));
	ho.ho_port = (uint16_t)atoi(argv[5]);
	ho.ho_srvport = 1080;
	strlcpy(ho.ho_service, "SOCKS", sizeof(ho.ho_service));
	if (argv[6][0] != '\0') {
		ho.ho_has_user = 1;
		strlcpy(ho.ho_user, argv[6], sizeof(ho.ho_user));
	}
	if (argv[7][0] != '\0') {
		ho.ho_has_pass = 1;
		strlcpy(ho.ho_pass, argv[7], sizeof(ho.ho_pass));
	}
	if (argc > 8) {
		ho.ho_datalen = strlen(argv[8]);
		memcpy(ho.ho_data, argv[8], ho.ho_datalen);
	}
	if ((n = handoff_encode(&ho, payload, sizeof(payload))) == -1)
		return 2;
	if (msg_send(sock, MSG_HANDOFF, 0, payload, (size_t)n, cfd) == -1)
		return 3;
	return 0;
}
