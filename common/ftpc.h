/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* An asynchronous FTP client: login, commands, passive data transfers. */
#ifndef FTPC_H
#define FTPC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "ev.h"
#include "ftp.h"
#include "net.h"

/* Longest user name, password, and command argument sent to a server. */
#define FTPC_MAXARG	1024
/* Reply text kept for the owner (the last line, truncated). */
#define FTPC_MAXTEXT	256

/* Events reported to the owner's callback. */
#define FTPC_READY	1	/* logged in, or a command was answered */
#define FTPC_DATA	2	/* the data connection can be read or written */
#define FTPC_DONE	3	/* a transfer is over: fc_code is its reply */
#define FTPC_ERROR	4	/* failed: fc_err says why, fc_code the reply;
				   after FTPC_ENOENT or FTPC_EREFUSED the
				   client still takes commands */

/*
 * Error codes (the original's 7xx range): 700 user refused, 701 password
 * refused, 702 no or bad greeting, 703 TYPE refused, 704 the control
 * connection failed or closed, 705 a malformed or oversized reply, 710
 * neither EPSV nor PASV worked, 711 the data connection failed, 712 the
 * transfer command was refused, 713 the transfer ended badly, 780 the file
 * or directory does not exist (550), 21 no memory.
 */
#define FTPC_ELOGIN	700
#define FTPC_EPASS	701
#define FTPC_EGREET	702
#define FTPC_ETYPE	703
#define FTPC_ECTL	704
#define FTPC_EREPLY	705
#define FTPC_EPASV	710
#define FTPC_EDATA	711
#define FTPC_EREFUSED	712
#define FTPC_EXFER	713
#define FTPC_ENOENT	780

struct ftpc;
typedef void (*ftpc_cb_t)(struct ftpc *, int event);

struct ftpc {
	/* For the owner to read. */
	int		 fc_code;	/* the last reply's code */
	char		 fc_text[FTPC_MAXTEXT];	/* and its last line */
	int		 fc_err;	/* FTPC_E* after FTPC_ERROR */
	uint64_t	 fc_in;		/* data bytes received */
	uint64_t	 fc_out;	/* data bytes sent */
	void		*fc_arg;
	/* Private. */
	struct ev_loop	*fc_loop;
	struct ev_io	*fc_ctl;
	struct ev_io	 fc_data;
	struct ev_timer	 fc_kick;	/* act on readiness from the loop */
	struct addr	 fc_server;	/* the control peer: data goes there */
	struct addr	 fc_src;	/* source for data connections */
	struct buf	 fc_rbuf;	/* replies */
	struct buf	 fc_wbuf;	/* commands */
	struct ftp_reply fc_reply;
	ftpc_cb_t	 fc_cb;
	int		 fc_state;
	int		 fc_upload;
	int		 fc_prelim;	/* 125/150 seen */
	int		 fc_final;	/* the transfer's final reply seen */
	int		 fc_dclosed;	/* the owner is done with the data */
	int		 fc_ctleof;
	char		*fc_user;
	char		*fc_pass;
	char		 fc_cmd[FTPC_MAXARG + 16];	/* transfer command */
};

/*
 * Take over ctl, a connected and registered control connection (its
 * callback and argument are replaced; the caller keeps the descriptor and
 * closes it after ftpc_stop()). Waits for the greeting, logs in with user
 * and pass, sets TYPE I, then reports FTPC_READY (or FTPC_ERROR). src is
 * the source address for data connections, or NULL. Returns 0, or -1 (no
 * memory, or an argument with CR, LF or NUL, or too long). Events are never
 * reported from inside a call the owner makes.
 */
int	 ftpc_start(struct ftpc *, struct ev_loop *, struct ev_io *ctl,
	    const struct addr *src, const char *user, const char *pass,
	    ftpc_cb_t, void *arg);
/* Send "VERB arg" (arg may be NULL); FTPC_READY with its reply. 0 or -1. */
int	 ftpc_command(struct ftpc *, const char *verb, const char *arg);
/*
 * A transfer over a passive data connection (EPSV, then PASV), made to the
 * control peer's address whatever a 227 reply names: "VERB arg" is sent
 * once the data connection is up, FTPC_DATA follows the 125/150 reply and
 * every readiness of the data connection after it. upload says which way
 * the data flows. 0 or -1.
 */
int	 ftpc_transfer(struct ftpc *, const char *verb, const char *arg,
	    int upload);
/*
 * Data I/O: bytes moved, 0 at EOF (ftpc_read), or -1 with errno (EAGAIN:
 * wait for the next FTPC_DATA).
 */
ssize_t	 ftpc_read(struct ftpc *, void *, size_t);
ssize_t	 ftpc_write(struct ftpc *, const void *, size_t);
/*
 * The owner is done with the data connection (EOF read, or all of an
 * upload written): it is closed. Returns 1 when the final reply is already
 * in (no FTPC_DONE follows; fc_code holds it), 0 when FTPC_DONE or
 * FTPC_ERROR will follow.
 */
int	 ftpc_finish(struct ftpc *);
/* Whether the final reply of the transfer was a success (2xx). */
int	 ftpc_ok(const struct ftpc *);
/* Release everything but the control descriptor; no event follows. */
void	 ftpc_stop(struct ftpc *);

#endif
