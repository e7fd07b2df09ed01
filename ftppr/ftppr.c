/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* ftppr: the FTP gateway's sessions: login, command relay, data connections. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "conf.h"
#include "dial.h"
#include "ftppr.h"
#include "policy.h"
#include "relay.h"
#include "resolv.h"

/* Room kept in the client's output for one of our own replies. */
#define REPLY_ROOM	512
/*
 * Control buffers. Input holds one line at most (a longer one ends the
 * session); output to the client holds a line being forwarded and our own
 * replies, output to the server one command (commands go one at a time).
 */
#define CIN_SIZE	FTP_MAXLINE
#define SIN_SIZE	FTP_MAXLINE
#define COUT_SIZE	(FTP_MAXLINE + 2 * REPLY_ROOM)
#define SOUT_SIZE	(FTP_MAXLINE + 64)

/* Access record codes of ftppr (the original's 8xx range). */
#define E_NOLOGIN	801	/* the client left before the login was done */
#define E_NOHOST	802	/* USER named no server and there is no -h */
#define E_BADCMD	803	/* an overlong line, or too many commands */
#define E_GREETING	810	/* the server refused or closed before login */
#define E_BADREPLY	811	/* a malformed or overlong reply */
#define E_NOREPLY	812	/* the server did not answer in time */

enum phase {
	PH_LOGIN,	/* talking to the client alone, until PASS */
	PH_CONNECT,	/* looking the server up, connecting to it */
	PH_GREET,	/* waiting for the server's greeting */
	PH_USER,	/* USER sent */
	PH_PASS,	/* PASS sent */
	PH_READY,	/* relaying commands and replies */
	PH_CLOSING	/* writing a last reply, then the end */
};

/* What the server owes us in PH_READY. */
enum await {
	AW_NONE,	/* nothing: the client's next command is read */
	AW_PLAIN,	/* the reply to a forwarded command */
	AW_SETUP,	/* the reply to our EPSV or PASV */
	AW_SDCONN,	/* no reply: connecting to the server's data port */
	AW_XFER		/* the replies to a transfer command */
};

enum dmode { DM_NONE, DM_PASSIVE, DM_ACTIVE };

/* What becomes of the reply being read. */
enum disp { D_FORWARD, D_SWALLOW, D_REPLACE };

/* The client command that set up the data connection. */
enum setup { SU_PASV, SU_EPSV, SU_PORT, SU_EPRT };
/* Which way the data connection's transfer runs, once its command is in. */
enum xdir { XD_UNKNOWN, XD_UP, XD_DOWN };

struct session {
	struct service		*s_svc;
	const struct ftppr_conf	*s_conf;
	struct ev_io		 s_cio;		/* client control */
	struct ev_io		 s_sio;		/* server control */
	struct ev_io		 s_lio;		/* passive listener for the client */
	struct ev_io		 s_cdio;	/* client data */
	struct ev_io		 s_sdio;	/* server data */
	struct relay		 s_relay;	/* data, once both ends are up */
	struct ev_timer		 s_timer;	/* control: idle or reply time */
	struct ev_timer		 s_dtimer;	/* data: connect or accept time */
	struct dial		 s_dial;	/* to the server; socket s_sio */
	struct buf		 s_cin, s_cout, s_sin, s_sout;
	struct ftp_reply	 s_reply;
	enum phase		 s_phase;
	enum await		 s_await;
	enum disp		 s_disp;
	int			 s_extra;	/* final replies owed after (ABOR) */
	int			 s_busy;	/* inside run() */
	int			 s_again;	/* run() was asked again meanwhile */
	int			 s_end;		/* -1, or the code to end with */
	int			 s_err;		/* the code when nothing else says */
	int			 s_ceof, s_seof;	/* 1 EOF, -1 error */
	int			 s_nprelogin;
	unsigned		 s_transparent:1;	/* greeting passed on */
	unsigned		 s_quit:1;
	unsigned		 s_noepsv:1;		/* the server lacks EPSV */
	unsigned		 s_epsvall:1;
	unsigned		 s_haveuser:1;
	unsigned		 s_havehost:1;
	/* The data connection. */
	enum dmode		 s_dmode;
	enum setup		 s_setup;
	enum xdir		 s_xdir;
	unsigned		 s_setup_pasv:1;	/* asked the server PASV */
	unsigned		 s_cd_conn:1;		/* client side up */
	unsigned		 s_cd_pending:1;	/* connecting to the client */
	unsigned		 s_sd_conn:1;		/* server side up */
	unsigned		 s_relay_on:1;
	unsigned		 s_data_done:1;		/* relay over, or failed */
	unsigned		 s_xfer_failed:1;	/* client side never came */
	unsigned		 s_hold:1;		/* final reply waits */
	unsigned		 s_xfer_go:1;		/* the server said 1xx */
	int			 s_data_err;
	struct addr		 s_dtarget;	/* active: the client's port */
	/* Who and where. */
	struct addr		 s_client, s_local, s_remote, s_ext;
	char			 s_user[FTP_MAXUSER];
	char			 s_pass[FTPPR_MAXPASS];
	char			 s_puser[FTP_MAXUSER];	/* proxy credentials */
	char			 s_ppass[FTPPR_MAXPASS];
	char			 s_host[FTP_MAXHOST];
	uint16_t		 s_port;
	char			*s_cached;	/* %U: "authcache ip" knew us */
	/* A hand-off's origin, for the record. */
	char			 s_service[HANDOFF_MAXSVC + 1];
	uint16_t		 s_srvport;
	int			 s_hops;
	uint64_t		 s_ctl_in, s_ctl_out, s_data_in, s_data_out;
	struct timespec		 s_start;
};

static void run(struct session *);
static void data_maybe_start(struct session *);

/* Pure checks (also fuzzed). */

int
ftppr_port_target(const char *verb, const char *arg, size_t arglen,
    const struct addr *client, struct addr *out)
{
	struct addr c = *client;
	int rc;

	if (strcmp(verb, "PORT") == 0)
		rc = ftp_parse_port(arg, arglen, out);
	else if (strcmp(verb, "EPRT") == 0)
		rc = ftp_parse_eprt(arg, arglen, out);
	else
		return 501;
	if (rc == FTP_EAF)
		return 522;
	if (rc != 0)
		return 501;
	addr_unmap(out);
	addr_unmap(&c);
	/* RFC 2577 s3: only back to the client, never to a privileged port. */
	if (!addr_same_ip(out, &c) || addr_port(out) < 1024)
		return 500;
	return 0;
}

int
ftppr_pasv_target(const char *line, size_t len, const struct addr *server,
    struct addr *out)
{
	struct addr a;
	uint16_t port;

	if (len >= 3 && memcmp(line, "229", 3) == 0) {
		if (ftp_parse_229(line, len, &port) != 0)
			return -1;
	} else if (len >= 3 && memcmp(line, "227", 3) == 0) {
		if (ftp_parse_227(line, len, &a) != 0 || addr_port(&a) == 0)
			return -1;
		port = addr_port(&a);
	} else
		return -1;
	/* RFC 2577 s4: the address in a 227 is ignored, as if it were a 229. */
	*out = *server;
	addr_set_port(out, port);
	return 0;
}

/* Buffers and sockets. */

/* Write what is queued for a peer; -1 on a write error. */
static int
flush(struct buf *b, struct ev_io *io, uint64_t *count, int *progress)
{
	ssize_t n;

	while (buf_len(b) > 0 && io->io_fd != -1 &&
	    (io->io_ready & EV_WRITE)) {
		n = buf_write(b, io->io_fd);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return -1;
			io->io_ready &= ~EV_WRITE;
			break;
		}
		if (count != NULL)
			*count += (uint64_t)n;
		*progress = 1;
	}
	return 0;
}

/* Read what fits; 1 at EOF, -1 on an error, else 0. */
static int
fill(struct buf *b, struct ev_io *io, uint64_t *count, int *progress)
{
	ssize_t n;

	while (io->io_fd != -1 && (io->io_ready & EV_READ) &&
	    buf_room(b) > 0) {
		n = buf_read(b, io->io_fd);
		if (n == 0)
			return 1;
		if (n == -1) {
			if (errno != EAGAIN)
				return -1;
			io->io_ready &= ~EV_READ;
			break;
		}
		if (count != NULL)
			*count += (uint64_t)n;
		*progress = 1;
	}
	return 0;
}

static void
reply(struct session *s, const char *text)
{
	/* Callers make sure of REPLY_ROOM; a failure would only cut a line. */
	(void)buf_append(&s->s_cout, text, strlen(text));
}

static void
sock_tune(int fd, int client)
{
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/*
	 * An urgent ABOR (ftplib sends it with MSG_OOB) must stay in the
	 * stream, or its last byte would be taken out of the command line.
	 */
	if (client)
		(void)setsockopt(fd, SOL_SOCKET, SO_OOBINLINE, &one,
		    sizeof(one));
}

/* Send a command to the server; the line is rebuilt, never copied raw. */
static int
send_cmd(struct session *s, const char *verb, const char *arg, size_t arglen)
{
	if (arg != NULL && arglen > FTP_MAXLINE)
		return -1;
	if (arg != NULL)
		return buf_printf(&s->s_sout, "%s %.*s\r\n", verb, (int)arglen,
		    arg);
	return buf_printf(&s->s_sout, "%s\r\n", verb);
}

static void
arm(struct session *s, int to_idx)
{
	ev_timer_start(s->s_svc->s_loop, &s->s_timer,
	    service_timeout_ms(s->s_svc, to_idx));
}

/* The data connection. */

static void
collect(struct session *s)
{
	s->s_data_in += relay_bytes_in(&s->s_relay);
	s->s_data_out += relay_bytes_out(&s->s_relay);
	s->s_relay_on = 0;
}

/* Close every data socket and the listener. */
static void
teardown_data(struct session *s)
{
	struct ev_loop *loop = s->s_svc->s_loop;

	if (s->s_relay_on) {
		relay_stop(&s->s_relay);
		collect(s);
	}
	ev_io_close(loop, &s->s_lio);
	ev_io_close(loop, &s->s_cdio);
	ev_io_close(loop, &s->s_sdio);
	ev_timer_stop(loop, &s->s_dtimer);
	s->s_cd_conn = s->s_cd_pending = s->s_sd_conn = 0;
}

/* The client's side could not be set up: the transfer gets a 425. */
static void
data_failed(struct session *s)
{
	teardown_data(s);
	s->s_data_done = 1;
	s->s_hold = 0;
	if (s->s_await == AW_XFER)
		s->s_xfer_failed = 1;
	else
		s->s_dmode = DM_NONE;
}

static void
idle_io(struct ev_io *io, unsigned events)
{
	/* Before the relay takes a data socket over, readiness is latched. */
	(void)io;
	(void)events;
}

static void
data_done(struct relay *r, int err)
{
	struct session *s = r->r_arg;
	struct ev_loop *loop = s->s_svc->s_loop;

	collect(s);
	/*
	 * The first EOF was passed on and everything before it written to
	 * the receiving socket: the transfer is delivered, and the reply
	 * held back for it may go.
	 */
	ev_io_close(loop, &s->s_cdio);
	ev_io_close(loop, &s->s_sdio);
	s->s_cd_conn = s->s_sd_conn = 0;
	s->s_data_done = 1;
	s->s_data_err = err;
	s->s_hold = 0;
	/* The final reply is due now, if it is not here yet. */
	if (s->s_await == AW_XFER)
		arm(s, TO_STRING_LONG);
	run(s);
}

/*
 * What the client's EOF on its data connection does: it ends an upload,
 * once the server has answered the command with its 1xx (a server that
 * sees the EOF before it reads the STOR takes it for a dropped
 * connection); a client that merely closes its idle half during a
 * download (or a listing) must not cut it, and the server is not told;
 * until the transfer command is in, the EOF waits.
 */
static int
client_eof(const struct session *s)
{
	switch (s->s_xdir) {
	case XD_UP:
		return s->s_xfer_go ? RELAY_EOF_PASS : RELAY_EOF_HOLD;
	case XD_DOWN:
		return RELAY_EOF_SWALLOW;
	default:
		return RELAY_EOF_HOLD;
	}
}

/* Tell a running relay; a held EOF is acted on, and it may end in here. */
static void
eof_decided(struct session *s)
{
	if (s->s_relay_on)
		relay_eof_policy(&s->s_relay, 0, client_eof(s));
}

static void
data_maybe_start(struct session *s)
{
	struct relay_conf rc;

	if (!s->s_cd_conn || !s->s_sd_conn || s->s_relay_on ||
	    s->s_data_done)
		return;
	service_relay_conf(s->s_svc, TO_CONN_LONG, &rc);
	/* One direction carries a transfer: its EOF ends it. */
	rc.close_on_eof = 1;
	rc.eof_policy[0] = client_eof(s);
	s->s_relay_on = 1;
	if (relay_start(&s->s_relay, s->s_svc->s_loop, &s->s_cdio,
	    &s->s_sdio, &rc, NULL, 0, NULL, 0, data_done, s) == -1) {
		s->s_relay_on = 0;
		data_failed(s);
	}
}

static void
listen_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	struct addr peer;
	int fd;

	(void)events;
	for (;;) {
		fd = net_accept(io->io_fd, &peer);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN)
				io->io_ready &= ~EV_READ;
			return;
		}
		/* RFC 2577 s5: port stealing; only the client may connect. */
		if (!addr_same_ip(&peer, &s->s_client)) {
			char a[ADDR_STRLEN];

			log_warnx("data connection from %s refused: not the "
			    "client", addr_str(&peer, a, sizeof(a)));
			close(fd);
			continue;
		}
		break;
	}
	ev_io_close(s->s_svc->s_loop, &s->s_lio);
	ev_timer_stop(s->s_svc->s_loop, &s->s_dtimer);
	sock_tune(fd, 0);
	/* The relay may end inside data_maybe_start(): run() comes after. */
	s->s_busy++;
	if (ev_io_start(s->s_svc->s_loop, &s->s_cdio, fd, idle_io, s) == -1) {
		close(fd);
		s->s_cdio.io_fd = -1;
		data_failed(s);
	} else {
		s->s_cd_conn = 1;
		data_maybe_start(s);
	}
	s->s_busy--;
	run(s);
}

static void
cd_connect_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	int err;

	if (!(events & (EV_WRITE | EV_ERROR | EV_EOF)))
		return;
	err = net_connect_error(io->io_fd);
	if (err == EINPROGRESS || err == EALREADY)
		return;
	ev_timer_stop(s->s_svc->s_loop, &s->s_dtimer);
	s->s_cd_pending = 0;
	s->s_busy++;
	if (err != 0)
		data_failed(s);
	else {
		io->io_cb = idle_io;
		s->s_cd_conn = 1;
		data_maybe_start(s);
	}
	s->s_busy--;
	run(s);
}

/* Active mode: connect to the client's data port, from our own address. */
static void
start_active(struct session *s)
{
	struct addr src = s->s_local;
	int fd;

	if (s->s_dmode != DM_ACTIVE || s->s_cd_conn || s->s_cd_pending ||
	    s->s_data_done)
		return;
	addr_set_port(&src, 0);
	fd = net_connect(&s->s_dtarget, &src);
	if (fd == -1) {
		data_failed(s);
		return;
	}
	sock_tune(fd, 0);
	if (ev_io_start(s->s_svc->s_loop, &s->s_cdio, fd, cd_connect_io, s)
	    == -1) {
		close(fd);
		s->s_cdio.io_fd = -1;
		data_failed(s);
		return;
	}
	s->s_cd_pending = 1;
	ev_timer_start(s->s_svc->s_loop, &s->s_dtimer,
	    service_timeout_ms(s->s_svc, TO_CONNECT));
}

/* Answer a client's PASV, EPSV, PORT or EPRT that could not be served. */
static void
setup_failed(struct session *s, const char *text)
{
	teardown_data(s);
	s->s_dmode = DM_NONE;
	s->s_await = AW_NONE;
	reply(s, text);
	arm(s, TO_CONN_LONG);
}

/* The server's data port is connected: set up the client's side. */
static void
setup_client_side(struct session *s)
{
	char text[128], hp[FTP_ADDRSTRLEN];
	struct addr la = s->s_local;
	int fd, n;

	s->s_await = AW_NONE;
	arm(s, TO_CONN_LONG);
	if (s->s_setup == SU_PORT || s->s_setup == SU_EPRT) {
		s->s_dmode = DM_ACTIVE;
		reply(s, s->s_setup == SU_PORT ? "200 PORT command successful\r\n"
		    : "200 EPRT command successful\r\n");
		return;
	}
	addr_set_port(&la, 0);
	if ((fd = net_listen(&la, SOCK_STREAM, 1)) == -1 ||
	    net_local(fd, &la) == -1) {
		if (fd != -1)
			close(fd);
		setup_failed(s, "425 Cannot open a passive port\r\n");
		return;
	}
	if (ev_io_start(s->s_svc->s_loop, &s->s_lio, fd, listen_io, s) == -1) {
		close(fd);
		s->s_lio.io_fd = -1;
		setup_failed(s, "425 Cannot open a passive port\r\n");
		return;
	}
	s->s_dmode = DM_PASSIVE;
	/* The client has this long to connect. */
	ev_timer_start(s->s_svc->s_loop, &s->s_dtimer,
	    service_timeout_ms(s->s_svc, TO_STRING_LONG));
	if (s->s_setup == SU_PASV) {
		if (ftp_fmt_hostport(hp, sizeof(hp), &la) == -1)
			n = -1;
		else
			n = snprintf(text, sizeof(text),
			    "227 Entering Passive Mode (%s).\r\n", hp);
	} else
		n = snprintf(text, sizeof(text),
		    "229 Entering Extended Passive Mode (|||%u|)\r\n",
		    (unsigned)addr_port(&la));
	if (n < 0 || (size_t)n >= sizeof(text)) {
		setup_failed(s, "425 Cannot open a passive port\r\n");
		return;
	}
	reply(s, text);
}

static void
sd_connect_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;
	int err;

	if (!(events & (EV_WRITE | EV_ERROR | EV_EOF)))
		return;
	err = net_connect_error(io->io_fd);
	if (err == EINPROGRESS || err == EALREADY)
		return;
	ev_timer_stop(s->s_svc->s_loop, &s->s_dtimer);
	if (err != 0)
		setup_failed(s, "425 Cannot open a data connection to the "
		    "server\r\n");
	else {
		io->io_cb = idle_io;
		s->s_sd_conn = 1;
		setup_client_side(s);
	}
	run(s);
}

/* Connect to the server's passive port (the reply was checked). */
static void
sd_connect(struct session *s, const struct addr *t)
{
	struct service *svc = s->s_svc;
	struct preq pr;
	int fd;

	memset(&pr, 0, sizeof(pr));
	pr.pr_client = s->s_client;
	pr.pr_local = s->s_local;
	pr.pr_user = s->s_puser[0] != '\0' ? s->s_puser : s->s_user;
	pr.pr_op = OP_FTP_DATA;
	pr.pr_host = s->s_host;
	pr.pr_target = *t;
	pr.pr_port = addr_port(t);
	/* Handed over: local redirections are not taken again. */
	pr.pr_hops = s->s_hops;
	if (policy_check(svc->s_policy, &pr) != 0) {
		setup_failed(s, "425 Data connection denied by the proxy "
		    "policy\r\n");
		return;
	}
	fd = service_connect(svc, t);
	if (fd == -1) {
		setup_failed(s, "425 Cannot open a data connection to the "
		    "server\r\n");
		return;
	}
	sock_tune(fd, 0);
	if (ev_io_start(svc->s_loop, &s->s_sdio, fd, sd_connect_io, s) == -1) {
		close(fd);
		s->s_sdio.io_fd = -1;
		setup_failed(s, "425 Cannot open a data connection to the "
		    "server\r\n");
		return;
	}
	s->s_await = AW_SDCONN;
	ev_timer_stop(svc->s_loop, &s->s_timer);
	ev_timer_start(svc->s_loop, &s->s_dtimer,
	    service_timeout_ms(svc, TO_CONNECT));
}

/*
 * A client asked for a data connection: the server is always asked for a
 * passive one (EPSV, or PASV once EPSV failed), whatever the client chose.
 */
static void
setup_begin(struct session *s, enum setup kind, const struct addr *target)
{
	teardown_data(s);
	s->s_dmode = DM_NONE;
	s->s_data_done = s->s_xfer_failed = s->s_hold = 0;
	s->s_data_err = 0;
	s->s_setup = kind;
	s->s_xdir = XD_UNKNOWN;
	s->s_xfer_go = 0;
	if (target != NULL)
		s->s_dtarget = *target;
	s->s_setup_pasv = s->s_noepsv;
	(void)send_cmd(s, s->s_setup_pasv ? "PASV" : "EPSV", NULL, 0);
	s->s_await = AW_SETUP;
	arm(s, TO_STRING_LONG);
}

static void
setup_reply(struct session *s, int code, const char *line, size_t len)
{
	struct addr t;

	if (code == (s->s_setup_pasv ? 227 : 229) &&
	    ftppr_pasv_target(line, len, &s->s_remote, &t) == 0) {
		sd_connect(s, &t);
		return;
	}
	/* EPSV not understood (5xx): PASV, where IPv4 makes it possible. */
	if (!s->s_setup_pasv && code >= 500 &&
	    addr_family(&s->s_remote) == AF_INET) {
		s->s_noepsv = 1;
		s->s_setup_pasv = 1;
		(void)send_cmd(s, "PASV", NULL, 0);
		arm(s, TO_STRING_LONG);
		return;
	}
	setup_failed(s, "425 The server refused a passive data connection\r\n");
}

/* The session's end. */

static void
session_end(struct session *s)
{
	struct service *svc = s->s_svc;
	char text[FTP_MAXUSER + FTP_MAXHOST + 16];
	struct logrec r;
	int n;

	memset(&r, 0, sizeof(r));
	r.lr_service = s->s_service[0] != '\0' ? s->s_service : NULL;
	r.lr_port = s->s_srvport;
	r.lr_hops = s->s_hops;
	r.lr_err = s->s_end;
	r.lr_user = s->s_cached != NULL ? s->s_cached :
	    s->s_user[0] != '\0' ? s->s_user :
	    s->s_puser[0] != '\0' ? s->s_puser : NULL;
	r.lr_client = s->s_client;
	r.lr_int = s->s_local;
	r.lr_remote = s->s_remote;
	r.lr_ext = s->s_ext;
	if (s->s_dial.d_naddr > 0) {
		r.lr_req = s->s_dial.d_addrs[0];
		addr_set_port(&r.lr_req, s->s_port);
	}
	if (s->s_host[0] != '\0') {
		int v6 = strchr(s->s_host, ':') != NULL;

		/* An IPv6 literal is bracketed, as USER had it. */
		n = snprintf(text, sizeof(text), "%s%s%s%s%s", s->s_user,
		    s->s_user[0] != '\0' ? "@" : "", v6 ? "[" : "", s->s_host,
		    v6 ? "]" : "");
		r.lr_host = s->s_host;
		if (n > 0 && (size_t)n < sizeof(text) &&
		    s->s_port != FTPPR_PORT)
			(void)snprintf(text + n, sizeof(text) - (size_t)n,
			    ":%u", (unsigned)s->s_port);
		r.lr_text = text;
	}
	r.lr_start = s->s_start;
	if (s->s_relay_on) {
		relay_stop(&s->s_relay);
		collect(s);
	}
	/* %I and %O: the control connection to the server and the data. */
	r.lr_in = s->s_ctl_in + s->s_data_in;
	r.lr_out = s->s_ctl_out + s->s_data_out;
	service_log(svc, &r);

	dial_cancel(&s->s_dial);
	teardown_data(s);
	ev_timer_stop(svc->s_loop, &s->s_timer);
	ev_io_close(svc->s_loop, &s->s_cio);
	ev_io_close(svc->s_loop, &s->s_sio);
	buf_free(&s->s_cin);
	buf_free(&s->s_cout);
	buf_free(&s->s_sin);
	buf_free(&s->s_sout);
	compat_wipe(s->s_pass, sizeof(s->s_pass));
	compat_wipe(s->s_ppass, sizeof(s->s_ppass));
	free(s->s_cached);
	free(s);
	service_conn_done(svc);
}

/*
 * Send a last reply (text may be NULL) and end once it is written. Sockets
 * toward the server close now.
 */
static void
finish(struct session *s, int err, const char *text)
{
	struct ev_loop *loop = s->s_svc->s_loop;

	if (text != NULL)
		reply(s, text);
	s->s_err = err;
	s->s_phase = PH_CLOSING;
	dial_cancel(&s->s_dial);
	teardown_data(s);
	ev_io_close(loop, &s->s_sio);
	arm(s, TO_LINGER);
	/* Another round of run() writes the reply. */
	s->s_again = 1;
}

/* Reaching the server. */

static void
ctl_io(struct ev_io *io, unsigned events)
{
	(void)events;
	run(io->io_arg);
}

/*
 * The policy, asked about every address of the server before it is tried:
 * a name must not lead where its address would be refused.
 */
static int
login_check(void *arg, const struct addr *a)
{
	struct session *s = arg;
	struct preq pr;
	int rc;

	memset(&pr, 0, sizeof(pr));
	pr.pr_client = s->s_client;
	pr.pr_local = s->s_local;
	if (s->s_puser[0] != '\0') {
		pr.pr_user = s->s_puser;
		pr.pr_pass = s->s_ppass;
	} else if (s->s_haveuser) {
		pr.pr_user = s->s_user;
		pr.pr_pass = s->s_pass;
	}
	pr.pr_op = OP_CONNECT;
	pr.pr_host = s->s_host;
	pr.pr_target = *a;
	pr.pr_port = s->s_port;
	/* Handed over: local redirections are not taken again. */
	pr.pr_hops = s->s_hops;
	rc = policy_check(s->s_svc->s_policy, &pr);
	free(s->s_cached);
	s->s_cached = NULL;
	if (rc == 0 && preq_cached_user(&pr) != NULL)
		s->s_cached = strdup(preq_cached_user(&pr));
	return rc;
}

/* The server is reached (err 0), or the attempt failed with err. */
static void
reached(struct session *s, int err)
{
	s->s_remote = s->s_dial.d_remote;
	if (err == 100) {
		finish(s, 100, "421 Cannot resolve the server's name\r\n");
		return;
	}
	if (err >= 11 && err <= 13) {
		finish(s, err, "421 Cannot connect to the server\r\n");
		return;
	}
	if (err != 0) {
		finish(s, err, "530 Access denied by the proxy policy\r\n");
		return;
	}
	s->s_sio.io_cb = ctl_io;
	s->s_sio.io_arg = s;
	sock_tune(s->s_sio.io_fd, 0);
	(void)net_local(s->s_sio.io_fd, &s->s_ext);
	if (buf_init(&s->s_sin, SIN_SIZE) == -1 ||
	    buf_init(&s->s_sout, SOUT_SIZE) == -1) {
		finish(s, 21, "421 Out of memory\r\n");
		return;
	}
	s->s_phase = PH_GREET;
	ftp_reply_init(&s->s_reply);
	arm(s, TO_STRING_LONG);
}

static void
dialed(void *arg, int err)
{
	struct session *s = arg;

	reached(s, err);
	run(s);
}

/* The client named a server (and gave its password): go there. */
static void
start_login(struct session *s)
{
	int err;

	ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
	s->s_phase = PH_CONNECT;
	if ((err = dial_start_io(&s->s_dial, &s->s_sio, s->s_svc, s->s_host,
	    s->s_port, login_check, dialed, s)) != 0)
		reached(s, err);
}

/* Replies from the server. */

static enum disp
disposition(const struct session *s, int code)
{
	switch (s->s_phase) {
	case PH_GREET:
		return s->s_transparent || code >= 300 ? D_FORWARD : D_SWALLOW;
	case PH_USER:
		return code == 331 ? D_SWALLOW : D_FORWARD;
	case PH_READY:
		if (s->s_await == AW_SETUP)
			return D_SWALLOW;
		if (s->s_await == AW_XFER && code >= 200 && code < 300 &&
		    (s->s_xfer_failed || s->s_data_err != 0))
			return D_REPLACE;
		return D_FORWARD;
	default:
		return D_FORWARD;
	}
}

/* The final reply to whatever was awaited came: what is owed next. */
static void
await_next(struct session *s)
{
	if (s->s_extra > 0) {
		s->s_extra--;
		s->s_await = AW_PLAIN;
		arm(s, TO_STRING_LONG);
	} else {
		s->s_await = AW_NONE;
		arm(s, TO_CONN_LONG);
	}
}

/* The last line of a reply (line, len) was read: act on the reply. */
static void
reply_done(struct session *s, const char *line, size_t len)
{
	int code = s->s_reply.fr_code;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	switch (s->s_phase) {
	case PH_GREET:
		if (code < 200)
			return;		/* 120: the real greeting follows */
		if (code >= 300) {
			finish(s, E_GREETING, NULL);
			return;
		}
		if (s->s_transparent) {
			s->s_phase = PH_READY;
			await_next(s);
			return;
		}
		(void)send_cmd(s, "USER", s->s_user, strlen(s->s_user));
		s->s_phase = PH_USER;
		arm(s, TO_STRING_LONG);
		return;
	case PH_USER:
		if (code < 200)
			return;
		if (code == 331) {
			(void)send_cmd(s, "PASS", s->s_pass, strlen(s->s_pass));
			s->s_phase = PH_PASS;
			arm(s, TO_STRING_LONG);
		} else {
			s->s_phase = PH_READY;
			await_next(s);
		}
		compat_wipe(s->s_pass, sizeof(s->s_pass));
		return;
	case PH_PASS:
		if (code < 200)
			return;
		s->s_phase = PH_READY;
		await_next(s);
		return;
	case PH_READY:
		break;
	default:
		return;
	}
	switch (s->s_await) {
	case AW_PLAIN:
		if (code >= 200)
			await_next(s);
		break;
	case AW_SETUP:
		if (code >= 200)
			setup_reply(s, code, line, len);
		break;
	case AW_XFER:
		if (code < 200) {
			/* The transfer runs: the data relay keeps time now. */
			ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
			start_active(s);
			s->s_xfer_go = 1;
			eof_decided(s);
			break;
		}
		if (s->s_disp == D_REPLACE)
			reply(s, s->s_xfer_failed ?
			    "425 Cannot open the data connection\r\n" :
			    "426 Data connection closed; transfer aborted\r\n");
		teardown_data(s);
		s->s_dmode = DM_NONE;
		await_next(s);
		break;
	default:
		break;
	}
}

/*
 * At the start of a reply: hold a transfer's success reply back until
 * its data has been delivered (the original forwards it at once and cuts
 * the data of a slow reader). Returns 1 to hold.
 */
static int
hold_reply(struct session *s, const char *p, size_t n)
{
	if (s->s_phase != PH_READY || s->s_await != AW_XFER || n == 0 ||
	    p[0] != '2' || s->s_dmode == DM_NONE || s->s_data_done)
		return 0;
	/* A server may skip the 1xx: the active connection starts now. */
	start_active(s);
	s->s_xfer_go = 1;
	eof_decided(s);
	if (s->s_data_done)
		return 0;
	ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
	s->s_hold = 1;
	return 1;
}

static int
server_input(struct session *s)
{
	int progress = 0, rc;
	size_t n, len;
	char *p;

	while (s->s_phase >= PH_GREET && s->s_phase < PH_CLOSING &&
	    s->s_end < 0 && !s->s_hold) {
		p = buf_head(&s->s_sin);
		n = buf_len(&s->s_sin);
		if (n == 0)
			break;
		/* Backpressure: a line goes out only when it fits whole. */
		if (buf_room(&s->s_cout) < FTP_MAXLINE + REPLY_ROOM)
			break;
		if (s->s_reply.fr_lines == 0 && hold_reply(s, p, n))
			break;
		rc = ftp_reply_line(&s->s_reply, p, n, &len);
		if (rc == PARSE_MORE)
			break;
		if (rc < 0) {
			finish(s, E_BADREPLY, "421 Malformed reply from the "
			    "server\r\n");
			return 1;
		}
		if (s->s_reply.fr_lines == 1)
			s->s_disp = disposition(s, s->s_reply.fr_code);
		if (s->s_disp == D_FORWARD)
			(void)buf_append(&s->s_cout, p, len);
		if (rc == PARSE_OK)
			reply_done(s, p, len);
		buf_consume(&s->s_sin, len);
		if (rc == PARSE_OK)
			ftp_reply_init(&s->s_reply);
		progress = 1;
	}
	return progress;
}

/* Commands from the client. */

static int
is_xfer(const char *verb)
{
	static const char *const v[] = {
		"RETR", "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD"
	};
	size_t i;

	for (i = 0; i < nitems(v); i++)
		if (strcmp(verb, v[i]) == 0)
			return 1;
	return 0;
}

static unsigned
xfer_op(const char *verb)
{
	if (strcmp(verb, "RETR") == 0)
		return OP_FTP_GET;
	if (strcmp(verb, "LIST") == 0 || strcmp(verb, "NLST") == 0 ||
	    strcmp(verb, "MLSD") == 0)
		return OP_FTP_LIST;
	return OP_FTP_PUT;
}

/*
 * USER's argument: [proxyuser:proxypass:]user@host[:port], or a bare user
 * with -h or OPEN. Returns 0, or the reply to refuse it with.
 */
static const char *
parse_user(struct session *s, const char *arg, size_t len)
{
	const struct ftppr_conf *fc = s->s_conf;
	char user[FTP_MAXUSER], host[FTP_MAXHOST];
	uint16_t port = FTPPR_PORT;
	const char *c1, *c2, *at;
	size_t head;

	if (len == 0)
		return "501 Send USER name@host[:port]\r\n";
	/*
	 * The proxy credentials come before the name: only colons before the
	 * last delimiter count, so "name@[::1]:21" is no credentials.
	 */
	at = memrchr(arg, conf_delimiter(), len);
	head = at != NULL ? (size_t)(at - arg) : len;
	if (s->s_svc->s_opts.needuser >= 1 &&
	    (c1 = memchr(arg, ':', head)) != NULL &&
	    (c2 = memchr(c1 + 1, ':', head - (size_t)(c1 + 1 - arg))) != NULL) {
		size_t ul = (size_t)(c1 - arg), pl = (size_t)(c2 - c1 - 1);

		if (ul >= sizeof(s->s_puser) || pl >= sizeof(s->s_ppass))
			return "501 Proxy credentials too long\r\n";
		memcpy(s->s_puser, arg, ul);
		s->s_puser[ul] = '\0';
		memcpy(s->s_ppass, c1 + 1, pl);
		s->s_ppass[pl] = '\0';
		len -= (size_t)(c2 + 1 - arg);
		arg = c2 + 1;
	}
	if (ftp_split_login(arg, len, conf_delimiter(), user, sizeof(user), host,
	    sizeof(host), &port) == 0) {
		memcpy(s->s_user, user, sizeof(user));
		memcpy(s->s_host, host, sizeof(host));
		s->s_port = port;
	} else if (memchr(arg, conf_delimiter(), len) != NULL || len == 0 ||
	    len >= sizeof(s->s_user))
		return "501 Bad user name, host name or port in USER\r\n";
	else if (s->s_havehost || fc->fc_defhost[0] != '\0') {
		memcpy(s->s_user, arg, len);
		s->s_user[len] = '\0';
		if (!s->s_havehost) {
			strlcpy(s->s_host, fc->fc_defhost, sizeof(s->s_host));
			s->s_port = fc->fc_defport;
		}
	} else
		return "530 Log in as USER name@host[:port]\r\n";
	s->s_haveuser = s->s_havehost = 1;
	return NULL;
}

static void
login_command(struct session *s, const struct ftp_cmd *c)
{
	const char *verb = c->fc_verb, *err;
	char host[FTP_MAXHOST + 8];
	struct addr lit;
	uint16_t port = FTPPR_PORT;

	if (strcmp(verb, "USER") == 0) {
		if ((err = parse_user(s, c->fc_arg, c->fc_arglen)) != NULL) {
			s->s_err = E_NOHOST;
			reply(s, err);
		} else
			reply(s, "331 Password required\r\n");
	} else if (strcmp(verb, "PASS") == 0) {
		if (!s->s_haveuser)
			reply(s, "503 Log in with USER first\r\n");
		else if (c->fc_arglen >= sizeof(s->s_pass))
			reply(s, "501 Password too long\r\n");
		else {
			memcpy(s->s_pass, c->fc_arg, c->fc_arglen);
			s->s_pass[c->fc_arglen] = '\0';
			start_login(s);
		}
		return;
	} else if (strcmp(verb, "OPEN") == 0) {
		if (c->fc_arglen == 0 || c->fc_arglen >= sizeof(host))
			reply(s, "501 Send OPEN host[:port]\r\n");
		else {
			memcpy(host, c->fc_arg, c->fc_arglen);
			host[c->fc_arglen] = '\0';
			if (net_split_hostport(host, s->s_host,
			    sizeof(s->s_host), &port) == -1 ||
			    (resolv_literal(s->s_host, &lit) == -1 &&
			    !resolv_name_ok(s->s_host))) {
				s->s_host[0] = '\0';
				reply(s, "501 Bad host name or port\r\n");
			} else {
				s->s_port = port;
				s->s_havehost = 1;
				reply(s, "220 Send USER name\r\n");
			}
		}
	} else if (strcmp(verb, "QUIT") == 0) {
		finish(s, s->s_err != 0 ? s->s_err : E_NOLOGIN,
		    "221 Goodbye\r\n");
		return;
	} else if (strcmp(verb, "NOOP") == 0)
		reply(s, "200 NOOP ok\r\n");
	else if (strcmp(verb, "AUTH") == 0)
		reply(s, "502 TLS is not available\r\n");
	else if (strcmp(verb, "FEAT") == 0)
		reply(s, "211 No features before login\r\n");
	else
		reply(s, "530 Log in with USER name@host[:port] and PASS\r\n");
}

/* USER again once connected: only for the same server. */
static void
relogin(struct session *s, const struct ftp_cmd *c)
{
	char user[FTP_MAXUSER], host[FTP_MAXHOST];
	uint16_t port = FTPPR_PORT;

	if (c->fc_arglen > 0 && ftp_split_login(c->fc_arg, c->fc_arglen,
	    conf_delimiter(), user, sizeof(user), host, sizeof(host),
	    &port) == 0) {
		if (strcasecmp(host, s->s_host) != 0 || port != s->s_port) {
			reply(s, "530 Cannot change servers within a "
			    "session\r\n");
			return;
		}
		(void)send_cmd(s, "USER", user, strlen(user));
	} else {
		(void)send_cmd(s, "USER", c->fc_arg, c->fc_arglen);
		/* A hand-off relays the login: %U is whom it names. */
		if (c->fc_arglen < sizeof(s->s_user)) {
			memcpy(s->s_user, c->fc_arg, c->fc_arglen);
			s->s_user[c->fc_arglen] = '\0';
		}
	}
	s->s_await = AW_PLAIN;
	arm(s, TO_STRING_LONG);
}

/* PASV, EPSV, PORT, EPRT from the client. */
static void
data_command(struct session *s, const struct ftp_cmd *c)
{
	const char *verb = c->fc_verb;
	int v6 = addr_family(&s->s_local) == AF_INET6;
	struct addr t;
	char text[96];
	int rc;

	if (strcmp(verb, "EPSV") == 0) {
		if (c->fc_arglen == 3 && strncasecmp(c->fc_arg, "ALL", 3) == 0) {
			/* RFC 2428 s4: from now on only EPSV. */
			s->s_epsvall = 1;
			reply(s, "200 EPSV ALL command successful\r\n");
			return;
		}
		if (c->fc_arglen > 0 && !(c->fc_arglen == 1 &&
		    (c->fc_arg[0] == '1' || c->fc_arg[0] == '2'))) {
			reply(s, "501 Syntax error in EPSV\r\n");
			return;
		}
		if (c->fc_arglen == 1 && (c->fc_arg[0] == '2') != v6) {
			reply(s, v6 ? "522 Network protocol not supported, "
			    "use (2)\r\n" : "522 Network protocol not "
			    "supported, use (1)\r\n");
			return;
		}
		setup_begin(s, SU_EPSV, NULL);
		return;
	}
	if (s->s_epsvall) {
		reply(s, "503 Only EPSV after EPSV ALL\r\n");
		return;
	}
	if (strcmp(verb, "PASV") == 0) {
		if (v6)
			reply(s, "425 PASV is IPv4 only; use EPSV\r\n");
		else
			setup_begin(s, SU_PASV, NULL);
		return;
	}
	rc = ftppr_port_target(verb, c->fc_arg, c->fc_arglen, &s->s_client,
	    &t);
	if (rc == 0) {
		setup_begin(s, verb[0] == 'P' ? SU_PORT : SU_EPRT, &t);
		return;
	}
	if (rc == 522)
		(void)snprintf(text, sizeof(text), "522 Network protocol not "
		    "supported, use (%d)\r\n", v6 ? 2 : 1);
	else if (rc == 501)
		(void)snprintf(text, sizeof(text), "501 Syntax error in %s\r\n",
		    verb);
	else
		(void)snprintf(text, sizeof(text), "500 Illegal %s: only to "
		    "your own address, port 1024 or above\r\n", verb);
	reply(s, text);
}

static void
xfer_command(struct session *s, const struct ftp_cmd *c)
{
	struct preq pr;

	if (s->s_dmode == DM_NONE) {
		reply(s, "425 Use PASV, EPSV, PORT or EPRT first\r\n");
		return;
	}
	memset(&pr, 0, sizeof(pr));
	pr.pr_client = s->s_client;
	pr.pr_local = s->s_local;
	pr.pr_user = s->s_puser[0] != '\0' ? s->s_puser : s->s_user;
	pr.pr_op = xfer_op(c->fc_verb);
	pr.pr_host = s->s_host;
	pr.pr_target = s->s_remote;
	pr.pr_port = s->s_port;
	/* Handed over: local redirections are not taken again. */
	pr.pr_hops = s->s_hops;
	if (policy_check(s->s_svc->s_policy, &pr) != 0) {
		reply(s, "530 Denied by the proxy policy\r\n");
		return;
	}
	(void)send_cmd(s, c->fc_verb, c->fc_arg, c->fc_arglen);
	s->s_await = AW_XFER;
	arm(s, TO_STRING_LONG);
	s->s_xdir = pr.pr_op == OP_FTP_PUT ? XD_UP : XD_DOWN;
	s->s_xfer_go = 0;
	eof_decided(s);
}

static void
ready_command(struct session *s, const struct ftp_cmd *c)
{
	const char *verb = c->fc_verb;

	if (strcmp(verb, "ABOR") == 0) {
		/* RFC 959 s4.1.3: close the data connection, pass ABOR on. */
		teardown_data(s);
		(void)send_cmd(s, "ABOR", NULL, 0);
		if (s->s_await == AW_XFER) {
			/*
			 * Two replies are owed: the transfer's (perhaps
			 * already held) and ABOR's.
			 */
			s->s_data_done = 1;
			s->s_hold = 0;
			s->s_extra++;
			return;
		}
		s->s_dmode = DM_NONE;
		s->s_await = AW_PLAIN;
		arm(s, TO_STRING_LONG);
		return;
	}
	if (strcmp(verb, "PASV") == 0 || strcmp(verb, "EPSV") == 0 ||
	    strcmp(verb, "PORT") == 0 || strcmp(verb, "EPRT") == 0) {
		data_command(s, c);
		return;
	}
	if (strcmp(verb, "LPRT") == 0 || strcmp(verb, "LPSV") == 0) {
		reply(s, "502 Use EPRT or EPSV\r\n");
		return;
	}
	if (is_xfer(verb)) {
		xfer_command(s, c);
		return;
	}
	if (strcmp(verb, "USER") == 0) {
		relogin(s, c);
		return;
	}
	if (strcmp(verb, "QUIT") == 0)
		s->s_quit = 1;
	(void)send_cmd(s, verb, c->fc_arg, c->fc_arglen);
	s->s_await = AW_PLAIN;
	arm(s, TO_STRING_LONG);
}

static int
client_input(struct session *s)
{
	struct ftp_cmd c;
	int progress = 0, prelogin, rc;

	while (s->s_end < 0 && s->s_phase != PH_CLOSING) {
		rc = ftp_cmd_parse(buf_head(&s->s_cin), buf_len(&s->s_cin), &c);
		if (rc == PARSE_MORE)
			break;
		if (rc == FTP_ELONG) {
			finish(s, E_BADCMD, "500 Command line too long\r\n");
			return 1;
		}
		if (s->s_phase == PH_READY) {
			/* One command at a time; ABOR may cut a transfer. */
			if (s->s_await != AW_NONE && !(s->s_await == AW_XFER &&
			    rc == PARSE_OK && strcmp(c.fc_verb, "ABOR") == 0))
				break;
		} else if (s->s_phase != PH_LOGIN)
			break;
		if (buf_room(&s->s_cout) < REPLY_ROOM ||
		    (s->s_phase == PH_READY &&
		    buf_room(&s->s_sout) < FTP_MAXLINE + 16))
			break;
		prelogin = s->s_phase == PH_LOGIN;
		if (prelogin && s->s_nprelogin >= FTPPR_MAXPRELOGIN) {
			finish(s, E_BADCMD, "421 Too many commands before "
			    "login\r\n");
			return 1;
		}
		if (rc == FTP_EBAD) {
			if (prelogin)
				s->s_err = E_BADCMD;
			reply(s, "500 Syntax error, command unrecognized\r\n");
		}
		else if (s->s_phase == PH_LOGIN)
			login_command(s, &c);
		else
			ready_command(s, &c);
		buf_consume(&s->s_cin, c.fc_len);
		progress = 1;
		if (prelogin)
			s->s_nprelogin++;
		if (s->s_phase == PH_LOGIN)
			arm(s, TO_CONN_SHORT);
	}
	return progress;
}

/* The control loop. */

static int
server_live(const struct session *s)
{
	return s->s_phase >= PH_GREET && s->s_phase < PH_CLOSING &&
	    s->s_sio.io_fd != -1;
}

static void
step(struct session *s)
{
	int progress, rc;

	do {
		progress = 0;
		if (flush(&s->s_cout, &s->s_cio, NULL, &progress) == -1) {
			s->s_end = s->s_phase == PH_CLOSING ? s->s_err : 95;
			return;
		}
		if (s->s_phase == PH_CLOSING) {
			if (buf_len(&s->s_cout) == 0)
				s->s_end = s->s_err;
			return;
		}
		if (server_live(s)) {
			if (flush(&s->s_sout, &s->s_sio, &s->s_ctl_out,
			    &progress) == -1) {
				finish(s, 96, "421 Connection to the server "
				    "failed\r\n");
				progress = 1;
				continue;
			}
			if (!s->s_seof && (rc = fill(&s->s_sin, &s->s_sio,
			    &s->s_ctl_in, &progress)) != 0) {
				s->s_seof = rc;
				progress = 1;
			}
			progress |= server_input(s);
			if (s->s_phase == PH_CLOSING)
				continue;
		}
		if (!s->s_ceof && (rc = fill(&s->s_cin, &s->s_cio, NULL,
		    &progress)) != 0) {
			s->s_ceof = rc;
			progress = 1;
		}
		progress |= client_input(s);
		if (progress)
			continue;
		/* Nothing moves: act on the ends of the streams. */
		if (s->s_ceof) {
			if (s->s_phase < PH_READY)
				s->s_end = s->s_err != 0 ? s->s_err : E_NOLOGIN;
			else if (s->s_await == AW_NONE && s->s_ceof > 0)
				s->s_end = 0;
			else
				s->s_end = 95;
			return;
		}
		if (s->s_seof && server_live(s) && !s->s_hold) {
			if (s->s_phase == PH_READY)
				finish(s, s->s_quit ? 0 : 96, s->s_quit ? NULL :
				    "421 The server closed the connection\r\n");
			else
				finish(s, E_GREETING, "421 The server closed "
				    "the connection\r\n");
			progress = 1;
		}
	} while (progress && s->s_end < 0);
}

/*
 * Make every possible step. Callbacks that change the session call this
 * last; a call made while it runs (the relay may finish inside it) only
 * asks for another round. The session may be gone when it returns.
 */
static void
run(struct session *s)
{
	if (s->s_busy > 0) {
		s->s_again = 1;
		return;
	}
	s->s_busy = 1;
	do {
		s->s_again = 0;
		step(s);
	} while (s->s_again && s->s_end < 0);
	s->s_busy = 0;
	if (s->s_end >= 0)
		session_end(s);
}

static void
ctl_timeout(struct ev_timer *t)
{
	struct session *s = t->t_arg;

	switch (s->s_phase) {
	case PH_LOGIN:
		finish(s, s->s_err != 0 ? s->s_err : 92, "421 Timeout\r\n");
		break;
	case PH_CONNECT:
		/* The dial keeps the time. */
		return;
	case PH_CLOSING:
		s->s_end = s->s_err;
		break;
	case PH_READY:
		if (s->s_await == AW_NONE) {
			finish(s, 92, "421 Timeout\r\n");
			break;
		}
		if (s->s_await == AW_XFER && (s->s_relay_on || s->s_hold)) {
			/* A transfer in progress keeps its own time. */
			arm(s, TO_STRING_LONG);
			return;
		}
		/* FALLTHROUGH */
	default:
		finish(s, E_NOREPLY, "421 The server did not answer in time\r\n");
		break;
	}
	run(s);
}

static void
data_timeout(struct ev_timer *t)
{
	struct session *s = t->t_arg;

	if (s->s_await == AW_SDCONN)
		setup_failed(s, "425 Cannot open a data connection to the "
		    "server\r\n");
	else
		data_failed(s);
	run(s);
}

/* A session for the client on fd; ho is NULL for a client of our own. */
static void
start(struct service *svc, int fd, const struct addr *peer,
    const struct addr *local, const struct handoff *ho)
{
	char ip[ADDR_STRLEN];
	const char *host = NULL;
	struct session *s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		close(fd);
		service_conn_done(svc);
		return;
	}
	s->s_svc = svc;
	s->s_conf = svc->s_ctx;
	s->s_end = -1;
	s->s_client = *peer;
	s->s_local = *local;
	addr_unmap(&s->s_client);
	addr_unmap(&s->s_local);
	s->s_cio.io_fd = s->s_sio.io_fd = s->s_lio.io_fd = -1;
	s->s_cdio.io_fd = s->s_sdio.io_fd = -1;
	clock_gettime(CLOCK_REALTIME, &s->s_start);
	ev_timer_init(&s->s_timer, ctl_timeout, s);
	ev_timer_init(&s->s_dtimer, data_timeout, s);
	dial_init(&s->s_dial);
	if (buf_init(&s->s_cin, CIN_SIZE) == -1 ||
	    buf_init(&s->s_cout, COUT_SIZE) == -1 ||
	    ev_io_start(svc->s_loop, &s->s_cio, fd, ctl_io, s) == -1) {
		close(fd);
		s->s_end = 21;
		session_end(s);
		return;
	}
	sock_tune(fd, 1);
	if (ho != NULL) {
		s->s_hops = ho->ho_hops;
		s->s_srvport = ho->ho_srvport;
		strlcpy(s->s_service, ho->ho_service, sizeof(s->s_service));
		if (ho->ho_start.tv_sec != 0)
			s->s_start = ho->ho_start;
		if (ho->ho_has_user)
			strlcpy(s->s_puser, ho->ho_user, sizeof(s->s_puser));
		if (ho->ho_has_pass)
			strlcpy(s->s_ppass, ho->ho_pass, sizeof(s->s_ppass));
		if (ho->ho_host[0] != '\0')
			host = ho->ho_host;
		else if (addr_is_set(&ho->ho_target))
			host = addr_ip_str(&ho->ho_target, ip, sizeof(ip));
		if (ho->ho_datalen > 0 && buf_append(&s->s_cin, ho->ho_data,
		    ho->ho_datalen) == -1) {
			finish(s, E_BADCMD, "500 Command line too long\r\n");
			run(s);
			return;
		}
	}
	if (host != NULL) {
		/* The client already believes it reached the server. */
		s->s_transparent = 1;
		s->s_havehost = 1;
		strlcpy(s->s_host, host, sizeof(s->s_host));
		s->s_port = ho->ho_port != 0 ? ho->ho_port : FTPPR_PORT;
		start_login(s);
	} else {
		reply(s, "220 Ready\r\n");
		arm(s, TO_CONN_SHORT);
	}
	run(s);
}

void
ftppr_handoff(struct service *svc, int fd, const struct handoff *ho)
{
	struct addr peer = ho->ho_client, local = ho->ho_local;

	/* A Unix-socket origin has no IP: ours stand in for data checks. */
	if (addr_family(&local) != AF_INET && addr_family(&local) != AF_INET6)
		(void)net_local(fd, &local);
	if (addr_family(&peer) != AF_INET && addr_family(&peer) != AF_INET6)
		(void)net_peer(fd, &peer);
	start(svc, fd, &peer, &local, ho);
}

void
ftppr_accept(struct service *svc, int fd, const struct addr *peer,
    const struct addr *local)
{
	start(svc, fd, peer, local, NULL);
}
