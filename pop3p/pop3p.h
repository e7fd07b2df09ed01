/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* pop3p: the POP3 gateway's sessions and its line parser. */
#ifndef POP3P_H
#define POP3P_H

#include <stddef.h>
#include <stdint.h>

#include "ftp.h"
#include "server.h"

#define POP3P_PORT		110
/* RFC 2449 s4: a command line is at most 255 octets with its CRLF. */
#define POP3_MAXCMD		255
/* RFC 2449 s4: a response line is at most 512 octets with its CRLF. */
#define POP3_MAXRESP		512
/* Commands a client may send before USER. */
#define POP3P_MAXPRELOGIN	20
#define POP3_MAXKEYWORD		40

/* Parser results beyond PARSE_OK and PARSE_MORE. */
#define POP3_EBAD	(-1)	/* control bytes, or no keyword */
#define POP3_ELONG	(-2)	/* no line end within the limit */

/* The module's settings (svc->s_ctx). */
struct pop3p_conf {
	char		 pc_defhost[FTP_MAXHOST];	/* -h; "" when none */
	uint16_t	 pc_defport;
};

/* One line: a command from the client, or a response from the server. */
struct pop3_line {
	char		 pl_keyword[POP3_MAXKEYWORD + 1];	/* upper case */
	const char	*pl_arg;	/* into the input; not NUL-terminated */
	size_t		 pl_arglen;	/* 0 when there is none */
	size_t		 pl_len;	/* bytes of the line with its end */
};

/*
 * Split the line at p (len bytes) whose end (LF or CRLF) must come within
 * max bytes: a keyword of 1 to POP3_MAXKEYWORD printable characters, folded
 * to upper case, then one space and the argument. Returns PARSE_OK,
 * PARSE_MORE, POP3_ELONG, or POP3_EBAD with l->pl_len set so the line can
 * be skipped (a NUL, CR or other control byte inside it, no keyword).
 */
int	 pop3_parse_line(const char *p, size_t len, size_t max,
	    struct pop3_line *l);
/*
 * Check a server greeting line (without its line end): 0 for "+OK ...",
 * -1 for anything else, -2 for our own "+OK Proxy" (a loop).
 */
int	 pop3_check_greeting(const char *line, size_t len);

void	 pop3p_accept(struct service *, int fd, const struct addr *peer,
	    const struct addr *local);
/*
 * A client handed over by another module, as ftppr_handoff(): the gateway
 * connects to the server the client asked for and relays the whole
 * session, greeting included; with no target the client gets the
 * gateway's own greeting and logs in as USER name@host.
 */
void	 pop3p_handoff(struct service *, int fd, const struct handoff *ho);

#endif
