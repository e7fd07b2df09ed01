/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* An asynchronous FTP client: login, commands, passive data transfers. */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "ftpc.h"

enum {
	FS_GREET,	/* waiting for 220 */
	FS_USER,
	FS_PASS,
	FS_TYPE,
	FS_IDLE,	/* logged in, nothing asked */
	FS_CMD,		/* a command's reply is awaited */
	FS_EPSV,
	FS_PASV,
	FS_DCONN,	/* the data connection is being made */
	FS_XFER,	/* the transfer command was sent */
	FS_DEAD
};

static void	ctl_io(struct ev_io *, unsigned);
static void	data_io(struct ev_io *, unsigned);
static void	kick_cb(struct ev_timer *);

/* Text that goes into a command line: no CR, LF or NUL (RFC 959 s4.1). */
static int
arg_ok(const char *s)
{
	return s == NULL || (strlen(s) <= FTPC_MAXARG &&
	    strpbrk(s, "\r\n") == NULL);
}

static void
noop_io(struct ev_io *io, unsigned events)
{
	(void)io;
	(void)events;
}

/* Send what is queued; -1 when the control connection failed. */
static int
flush(struct ftpc *f)
{
	ssize_t n;

	while (buf_len(&f->fc_wbuf) > 0 && (f->fc_ctl->io_ready & EV_WRITE)) {
		n = buf_write(&f->fc_wbuf, f->fc_ctl->io_fd);
		if (n == -1) {
			if (errno != EAGAIN)
				return -1;
			f->fc_ctl->io_ready &= ~EV_WRITE;
		}
	}
	return 0;
}

/*
 * Queue text for the control connection, which is Telnet (RFC 959 s4.1,
 * RFC 854): a 0xFF byte (IAC) in a name goes twice, or the server would
 * take what follows it for a Telnet command.
 */
static int
put_text(struct buf *b, const char *s)
{
	const char *iac;

	while ((iac = strchr(s, '\377')) != NULL) {
		if (buf_append(b, s, (size_t)(iac - s) + 1) == -1 ||
		    buf_append(b, iac, 1) == -1)
			return -1;
		s = iac + 1;
	}
	return buf_append(b, s, strlen(s));
}

/* Queue "VERB[ ARG]" and CRLF, and send what can go. */
static int
send_line(struct ftpc *f, const char *verb, const char *arg)
{
	if (put_text(&f->fc_wbuf, verb) == -1 ||
	    (arg != NULL && (buf_append(&f->fc_wbuf, " ", 1) == -1 ||
	    put_text(&f->fc_wbuf, arg) == -1)) ||
	    buf_append(&f->fc_wbuf, "\r\n", 2) == -1)
		return -1;
	return flush(f);
}

/* Process readiness later, from the loop, never inside an owner's call. */
static void
kick(struct ftpc *f)
{
	ev_timer_start(f->fc_loop, &f->fc_kick, 0);
}

static void
fail(struct ftpc *f, int err)
{
	f->fc_err = err;
	f->fc_state = FS_DEAD;
	ev_io_close(f->fc_loop, &f->fc_data);
	f->fc_cb(f, FTPC_ERROR);
}

static int
data_connect(struct ftpc *f, uint16_t port)
{
	struct addr dst = f->fc_server;
	int fd;

	/* Only ever the control peer (curl CVE-2020-8284). */
	addr_set_port(&dst, port);
	fd = net_connect(&dst, addr_is_set(&f->fc_src) ? &f->fc_src : NULL);
	if (fd == -1)
		return -1;
	if (ev_io_start(f->fc_loop, &f->fc_data, fd, data_io, f) == -1) {
		close(fd);
		f->fc_data.io_fd = -1;
		return -1;
	}
	f->fc_state = FS_DCONN;
	return 0;
}

/*
 * One whole reply arrived. Returns 1 when the owner was called (f may be
 * gone), 0 to go on.
 */
static int
on_reply(struct ftpc *f, int code, const char *line, size_t linelen)
{
	struct addr a;
	uint16_t port;

	if (code < 200 && f->fc_state != FS_XFER)
		return 0;	/* 1xx: wait for the real answer */
	switch (f->fc_state) {
	case FS_GREET:
		if (code != 220)
			break;
		f->fc_state = FS_USER;
		return send_line(f, "USER", f->fc_user) == -1 ? (fail(f,
		    FTPC_ECTL), 1) : 0;
	case FS_USER:
		if (code == 230)
			goto type;
		if (code != 331) {
			fail(f, FTPC_ELOGIN);
			return 1;
		}
		f->fc_state = FS_PASS;
		return send_line(f, "PASS", f->fc_pass) == -1 ? (fail(f,
		    FTPC_ECTL), 1) : 0;
	case FS_PASS:
		if (code != 230 && code != 202) {
			fail(f, FTPC_EPASS);
			return 1;
		}
type:
		compat_wipe(f->fc_pass, strlen(f->fc_pass));
		f->fc_state = FS_TYPE;
		return send_line(f, "TYPE", "I") == -1 ? (fail(f, FTPC_ECTL),
		    1) : 0;
	case FS_TYPE:
		if (code != 200) {
			fail(f, FTPC_ETYPE);
			return 1;
		}
		/* FALLTHROUGH */
	case FS_CMD:
		f->fc_state = FS_IDLE;
		f->fc_cb(f, FTPC_READY);
		return 1;
	case FS_EPSV:
		if (code == 229 && ftp_parse_229(line, linelen, &port) == 0) {
			if (data_connect(f, port) == -1) {
				fail(f, FTPC_EDATA);
				return 1;
			}
			return 0;
		}
		/* Not understood: PASV, on IPv4 only (RFC 2428 s3). */
		if (code < 500 || addr_family(&f->fc_server) != AF_INET) {
			fail(f, FTPC_EPASV);
			return 1;
		}
		f->fc_state = FS_PASV;
		return send_line(f, "PASV", NULL) == -1 ? (fail(f, FTPC_ECTL),
		    1) : 0;
	case FS_PASV:
		/* The address in 227 is ignored; only its port is used. */
		if (code != 227 || ftp_parse_227(line, linelen, &a) == -1 ||
		    addr_port(&a) == 0 || data_connect(f, addr_port(&a)) == -1) {
			fail(f, code == 227 ? FTPC_EDATA : FTPC_EPASV);
			return 1;
		}
		return 0;
	case FS_XFER:
		if (code == 125 || code == 150) {
			f->fc_prelim = 1;
			f->fc_cb(f, FTPC_DATA);
			return 1;
		}
		if (code < 200)
			return 0;
		if (!f->fc_prelim) {
			/*
			 * Refused before any data (550 is "no such file"):
			 * the session itself is fine and takes commands.
			 */
			f->fc_err = code == 550 ? FTPC_ENOENT : code >= 300 ?
			    FTPC_EREFUSED : FTPC_EXFER;
			ev_io_close(f->fc_loop, &f->fc_data);
			f->fc_state = FS_IDLE;
			f->fc_cb(f, FTPC_ERROR);
			return 1;
		}
		f->fc_final = 1;
		if (!f->fc_dclosed)
			return 0;
		f->fc_state = FS_IDLE;
		f->fc_cb(f, FTPC_DONE);
		return 1;
	default:
		break;
	}
	fail(f, f->fc_state == FS_GREET ? FTPC_EGREET : FTPC_EREPLY);
	return 1;
}

/* Read and act on what the control connection brought. */
static void
process(struct ftpc *f)
{
	ssize_t n;
	int rc;

	if (f->fc_state == FS_DEAD)
		return;
	if (flush(f) == -1) {
		fail(f, FTPC_ECTL);
		return;
	}
	while (!f->fc_ctleof && (f->fc_ctl->io_ready & EV_READ) &&
	    buf_room(&f->fc_rbuf) > 0) {
		n = buf_read(&f->fc_rbuf, f->fc_ctl->io_fd);
		if (n > 0)
			continue;
		if (n == -1 && errno == EAGAIN)
			f->fc_ctl->io_ready &= ~EV_READ;
		else
			f->fc_ctleof = 1;
	}
	while (buf_len(&f->fc_rbuf) > 0) {
		char line[FTP_MAXLINE];
		size_t k, i;

		rc = ftp_reply_parse(&f->fc_reply, buf_head(&f->fc_rbuf),
		    buf_len(&f->fc_rbuf));
		if (rc == PARSE_MORE) {
			if (buf_room(&f->fc_rbuf) == 0) {
				fail(f, FTPC_EREPLY);
				return;
			}
			break;
		}
		if (rc < 0) {
			fail(f, FTPC_EREPLY);
			return;
		}
		f->fc_code = f->fc_reply.fr_code;
		k = f->fc_reply.fr_len - f->fc_reply.fr_last;
		if (k > sizeof(line))
			k = sizeof(line);
		memcpy(line, buf_head(&f->fc_rbuf) + f->fc_reply.fr_last, k);
		buf_consume(&f->fc_rbuf, f->fc_reply.fr_len);
		ftp_reply_init(&f->fc_reply);
		for (i = 0; i < k && i < sizeof(f->fc_text) - 1 &&
		    line[i] != '\r' && line[i] != '\n'; i++)
			f->fc_text[i] = (line[i] < 0x20 || line[i] == 0x7f) ?
			    '?' : line[i];
		f->fc_text[i] = '\0';
		/* Replies still queued are taken up again from the loop. */
		if (buf_len(&f->fc_rbuf) > 0)
			kick(f);
		if (on_reply(f, f->fc_code, line, k) != 0)
			return;
	}
	/* A close is an error only while an answer is still owed. */
	if (f->fc_ctleof && f->fc_state != FS_IDLE &&
	    !(f->fc_state == FS_XFER && f->fc_final))
		fail(f, FTPC_ECTL);
}

static void
ctl_io(struct ev_io *io, unsigned events)
{
	(void)events;
	process(io->io_arg);
}

static void
kick_cb(struct ev_timer *t)
{
	struct ftpc *f = t->t_arg;

	process(f);
}

static void
data_io(struct ev_io *io, unsigned events)
{
	struct ftpc *f = io->io_arg;
	int err;

	if (f->fc_state == FS_DCONN) {
		if (!(events & (EV_WRITE | EV_ERROR | EV_EOF)))
			return;
		err = net_connect_error(io->io_fd);
		if (err == EINPROGRESS || err == EALREADY)
			return;
		if (err != 0) {
			fail(f, FTPC_EDATA);
			return;
		}
		f->fc_state = FS_XFER;
		if (send_line(f, f->fc_cmd, NULL) == -1)
			fail(f, FTPC_ECTL);
		return;
	}
	if (f->fc_state == FS_XFER && f->fc_prelim)
		f->fc_cb(f, FTPC_DATA);
}

int
ftpc_start(struct ftpc *f, struct ev_loop *loop, struct ev_io *ctl,
    const struct addr *src, const char *user, const char *pass,
    ftpc_cb_t cb, void *arg)
{
	memset(f, 0, sizeof(*f));
	f->fc_data.io_fd = -1;
	f->fc_state = FS_DEAD;
	if (!arg_ok(user) || !arg_ok(pass) || user == NULL || pass == NULL) {
		errno = EINVAL;
		return -1;
	}
	f->fc_loop = loop;
	f->fc_ctl = ctl;
	f->fc_cb = cb;
	f->fc_arg = arg;
	if (src != NULL)
		f->fc_src = *src;
	ev_timer_init(&f->fc_kick, kick_cb, f);
	if (net_peer(ctl->io_fd, &f->fc_server) == -1 ||
	    buf_init(&f->fc_rbuf, FTP_MAXREPLY) == -1 ||
	    buf_init(&f->fc_wbuf, 2 * FTPC_MAXARG + 64) == -1 ||
	    (f->fc_user = strdup(user)) == NULL ||
	    (f->fc_pass = strdup(pass)) == NULL) {
		ftpc_stop(f);
		return -1;
	}
	ftp_reply_init(&f->fc_reply);
	f->fc_state = FS_GREET;
	ctl->io_cb = ctl_io;
	ctl->io_arg = f;
	kick(f);
	return 0;
}

int
ftpc_command(struct ftpc *f, const char *verb, const char *arg)
{
	if (f->fc_state != FS_IDLE || !arg_ok(arg)) {
		errno = EINVAL;
		return -1;
	}
	f->fc_state = FS_CMD;
	if (send_line(f, verb, arg) == -1)
		return -1;
	kick(f);
	return 0;
}

int
ftpc_transfer(struct ftpc *f, const char *verb, const char *arg, int upload)
{
	int n;

	if (f->fc_state != FS_IDLE || !arg_ok(arg)) {
		errno = EINVAL;
		return -1;
	}
	n = snprintf(f->fc_cmd, sizeof(f->fc_cmd), "%s%s%s", verb,
	    arg != NULL ? " " : "", arg != NULL ? arg : "");
	if (n < 0 || (size_t)n >= sizeof(f->fc_cmd)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	f->fc_upload = upload;
	f->fc_prelim = f->fc_final = f->fc_dclosed = 0;
	f->fc_state = FS_EPSV;
	if (send_line(f, "EPSV", NULL) == -1)
		return -1;
	kick(f);
	return 0;
}

ssize_t
ftpc_read(struct ftpc *f, void *p, size_t n)
{
	ssize_t r;

	if (f->fc_data.io_fd == -1)
		return 0;
	do
		r = recv(f->fc_data.io_fd, p, n, 0);
	while (r == -1 && errno == EINTR);
	if (r > 0)
		f->fc_in += (uint64_t)r;
	else if (r == -1 && errno == EAGAIN)
		f->fc_data.io_ready &= ~EV_READ;
	return r;
}

ssize_t
ftpc_write(struct ftpc *f, const void *p, size_t n)
{
	ssize_t r;

	if (f->fc_data.io_fd == -1) {
		errno = EPIPE;
		return -1;
	}
	do
		r = send(f->fc_data.io_fd, p, n, MSG_NOSIGNAL);
	while (r == -1 && errno == EINTR);
	if (r > 0)
		f->fc_out += (uint64_t)r;
	else if (r == -1 && errno == EAGAIN)
		f->fc_data.io_ready &= ~EV_WRITE;
	return r;
}

int
ftpc_finish(struct ftpc *f)
{
	ev_io_close(f->fc_loop, &f->fc_data);
	f->fc_dclosed = 1;
	if (!f->fc_final)
		return 0;
	f->fc_state = FS_IDLE;
	return 1;
}

int
ftpc_ok(const struct ftpc *f)
{
	return f->fc_code >= 200 && f->fc_code < 300;
}

void
ftpc_stop(struct ftpc *f)
{
	if (f->fc_loop != NULL) {
		ev_timer_stop(f->fc_loop, &f->fc_kick);
		ev_io_close(f->fc_loop, &f->fc_data);
	}
	if (f->fc_ctl != NULL) {
		f->fc_ctl->io_cb = noop_io;
		f->fc_ctl->io_arg = NULL;
	}
	buf_free(&f->fc_rbuf);
	buf_free(&f->fc_wbuf);
	if (f->fc_pass != NULL)
		compat_wipe(f->fc_pass, strlen(f->fc_pass));
	free(f->fc_user); f->fc_user = NULL;
	free(f->fc_pass); f->fc_pass = NULL;
	f->fc_state = FS_DEAD;
}
