/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* ftppr: the FTP gateway's sessions and the checks they apply to addresses. */
#ifndef FTPPR_H
#define FTPPR_H

#include <stddef.h>
#include <stdint.h>

#include "ftp.h"
#include "server.h"

#define FTPPR_PORT		21
/* Commands a client may send before it names a server. */
#define FTPPR_MAXPRELOGIN	20
/* Longest password kept until it is sent to the server. */
#define FTPPR_MAXPASS		512

/* The module's settings (svc->s_ctx). */
struct ftppr_conf {
	char		 fc_defhost[FTP_MAXHOST];	/* -h; "" when none */
	uint16_t	 fc_defport;
};

/* A client connected to the gateway: the login names the server. */
void	 ftppr_accept(struct service *, int fd, const struct addr *peer,
	    const struct addr *local);
/*
 * A client handed over by another module (local redirection), already
 * counted with the service: it believes it reached the FTP server it asked
 * for (ho_host, or ho_target, at ho_port or 21), so the gateway connects
 * there at once, passes the server's greeting on and relays the client's
 * own login, data connections mediated as usual. ho_data holds bytes the
 * client already sent; ho_user and ho_pass are its proxy credentials for
 * the policy; the record carries the origin's %N, %p and hop count. With
 * no target the client gets the gateway's own greeting. Nothing of ho is
 * kept after the call; fd is the session's from now on.
 */
void	 ftppr_handoff(struct service *, int fd, const struct handoff *ho);

/*
 * Where a PORT or EPRT (verb) from a client at client may send data.
 * Returns 0 with *out set, or the reply code to refuse it with: 501 for a
 * malformed argument, 522 for an unsupported network protocol, 500 when
 * the address is not the client's own or the port is below 1024 (RFC 2577
 * s3, the bounce attack).
 */
int	 ftppr_port_target(const char *verb, const char *arg, size_t arglen,
	    const struct addr *client, struct addr *out);
/*
 * Where the server's passive data port is, from its 229 or 227 reply line:
 * the IP of the control server (server), whatever a 227 names (RFC 2577
 * s4), with the port of the reply. Returns 0, or -1 for a bad reply.
 */
int	 ftppr_pasv_target(const char *line, size_t len,
	    const struct addr *server, struct addr *out);

#endif
