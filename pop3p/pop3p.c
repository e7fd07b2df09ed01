/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* pop3p: the POP3 gateway's sessions: USER name@host, then a plain relay. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "conf.h"
#include "dial.h"
#include "policy.h"
#include "pop3p.h"
#include "relay.h"
#include "resolv.h"

#define CIN_SIZE	(2 * POP3_MAXCMD)
#define COUT_SIZE	1024
#define SIN_SIZE	POP3_MAXRESP

/* The original's access record codes for pop3p. */
#define E_NOGREET	611	/* our greeting could not be sent */
#define E_BADLINE	612	/* an overlong or malformed command line */
#define E_NOUSER	614	/* the client never sent a usable USER */
#define E_BADUSER	615	/* USER without a usable name@host */
#define E_NOSRVGREET	621	/* no greeting from the server */
#define E_SRVGREET	622	/* the greeting is not +OK, or is our own */

enum phase {
	PH_LOGIN,	/* talking to the client alone, until USER */
	PH_CONNECT,	/* looking the server up, connecting to it */
	PH_GREET,	/* waiting for the server's greeting */
	PH_RELAY,	/* the common relay owns both sockets */
	PH_CLOSING	/* writing a last reply, then the end */
};

struct session {
	struct service		*s_svc;
	const struct pop3p_conf	*s_conf;
	struct ev_io		 s_cio;
	struct ev_io		 s_sio;
	struct relay		 s_relay;
	struct ev_timer		 s_timer;
	struct dial		 s_dial;	/* to the server; socket s_sio */
	struct buf		 s_cin, s_cout, s_sin;
	enum phase		 s_phase;
	int			 s_busy, s_again;
	int			 s_end;		/* -1, or the code to end with */
	int			 s_err;
	int			 s_ceof;
	int			 s_nprelogin;
	unsigned		 s_transparent:1;
	struct addr		 s_client, s_local, s_remote, s_ext;
	char			 s_user[FTP_MAXUSER];
	char			 s_host[FTP_MAXHOST];
	char			 s_puser[FTP_MAXUSER];
	char			 s_ppass[HANDOFF_MAXNAME + 1];
	uint16_t		 s_port;
	char			*s_cached;	/* %U: "authcache ip" knew us */
	/* A hand-off's origin, for the record. */
	char			 s_service[HANDOFF_MAXSVC + 1];
	uint16_t		 s_srvport;
	int			 s_hops;
	uint64_t		 s_greet_in;	/* greeting bytes read */
	struct timespec		 s_start;
};

static void run(struct session *);

/* Pure parsers (also fuzzed). */

int
pop3_parse_line(const char *p, size_t len, size_t max, struct pop3_line *l)
{
	size_t n = len < max ? len : max, body, i, k;
	const char *lf;

	memset(l, 0, sizeof(*l));
	if ((lf = memchr(p, '\n', n)) == NULL)
		return len >= max ? POP3_ELONG : PARSE_MORE;
	l->pl_len = (size_t)(lf - p) + 1;
	body = l->pl_len - 1;
	if (body > 0 && p[body - 1] == '\r')
		body--;
	/* A CR or NUL inside would end the line early at the server. */
	for (i = 0; i < body; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return POP3_EBAD;
	for (k = 0; k < body && p[k] != ' '; k++) {
		char ch = p[k];

		if (k >= POP3_MAXKEYWORD)
			return POP3_EBAD;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - ('a' - 'A'));
		l->pl_keyword[k] = ch;
	}
	if (k == 0)
		return POP3_EBAD;
	l->pl_keyword[k] = '\0';
	if (k < body) {
		l->pl_arg = p + k + 1;
		l->pl_arglen = body - k - 1;
	}
	return PARSE_OK;
}

int
pop3_check_greeting(const char *line, size_t len)
{
	static const char loop[] = "+OK Proxy";

	if (len < 3 || memcmp(line, "+OK", 3) != 0 ||
	    (len > 3 && line[3] != ' '))
		return -1;
	/* Our own greeting: the server is this gateway again. */
	if (len >= sizeof(loop) - 1 && memcmp(line, loop, sizeof(loop) - 1)
	    == 0 && (len == sizeof(loop) - 1 || line[sizeof(loop) - 1] == ' '))
		return -2;
	return 0;
}

/* Sessions. */

static void
reply(struct session *s, const char *text)
{
	(void)buf_append(&s->s_cout, text, strlen(text));
}

static void
arm(struct session *s, int to_idx)
{
	ev_timer_start(s->s_svc->s_loop, &s->s_timer,
	    service_timeout_ms(s->s_svc, to_idx));
}

static void
sock_tune(int fd)
{
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

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
		    s->s_port != POP3P_PORT)
			(void)snprintf(text + n, sizeof(text) - (size_t)n,
			    ":%u", (unsigned)s->s_port);
		r.lr_text = text;
	}
	r.lr_start = s->s_start;
	/* %I: the greeting, then what the relay delivered; %O likewise. */
	r.lr_in = s->s_greet_in;
	if (s->s_relay.r_loop != NULL) {
		r.lr_in += relay_bytes_in(&s->s_relay);
		r.lr_out = relay_bytes_out(&s->s_relay);
	}
	service_log(svc, &r);

	dial_cancel(&s->s_dial);
	relay_stop(&s->s_relay);
	ev_timer_stop(svc->s_loop, &s->s_timer);
	ev_io_close(svc->s_loop, &s->s_cio);
	ev_io_close(svc->s_loop, &s->s_sio);
	buf_free(&s->s_cin);
	buf_free(&s->s_cout);
	buf_free(&s->s_sin);
	compat_wipe(s->s_ppass, sizeof(s->s_ppass));
	free(s->s_cached);
	free(s);
	service_conn_done(svc);
}

/* A last reply, then the end once it is written. */
static void
finish(struct session *s, int err, const char *text)
{
	if (text != NULL)
		reply(s, text);
	s->s_err = err;
	s->s_phase = PH_CLOSING;
	dial_cancel(&s->s_dial);
	ev_io_close(s->s_svc->s_loop, &s->s_sio);
	arm(s, TO_LINGER);
	/* Another round of run() writes the reply. */
	s->s_again = 1;
}

static void
relay_done(struct relay *r, int err)
{
	struct session *s = r->r_arg;

	s->s_end = err;
	run(s);
}

/*
 * The greeting checked out: USER goes to the server, and from here on the
 * common relay moves every byte (replies, multi-line responses and their
 * dot-stuffing) unchanged. What is already read is handed to it.
 */
static void
start_relay(struct session *s, size_t greetlen)
{
	size_t nc = 0, ns = 0, cl = buf_len(&s->s_cin), ol = buf_len(&s->s_cout);
	size_t sl = buf_len(&s->s_sin) > greetlen ? buf_len(&s->s_sin) -
	    greetlen : 0;
	char *c2s, *s2c;
	struct relay_conf rc;
	int n, rv;

	c2s = malloc(sizeof("USER \r\n") + FTP_MAXUSER + cl);
	s2c = malloc(ol + sl + 1);
	if (c2s == NULL || s2c == NULL) {
		free(c2s);
		free(s2c);
		finish(s, 21, "-ERR Out of memory\r\n");
		return;
	}
	if (!s->s_transparent) {
		n = snprintf(c2s, sizeof("USER \r\n") + FTP_MAXUSER,
		    "USER %s\r\n", s->s_user);
		if (n < 0 || (size_t)n >= sizeof("USER \r\n") + FTP_MAXUSER) {
			free(c2s);
			free(s2c);
			finish(s, E_BADUSER, "-ERR User name too long\r\n");
			return;
		}
		nc = (size_t)n;
	}
	if (cl > 0) {
		memcpy(c2s + nc, buf_head(&s->s_cin), cl);
		nc += cl;
	}
	if (ol > 0) {
		memcpy(s2c, buf_head(&s->s_cout), ol);
		ns = ol;
	}
	if (sl > 0) {
		memcpy(s2c + ns, buf_head(&s->s_sin) + greetlen, sl);
		ns += sl;
	}
	buf_free(&s->s_cin);
	buf_free(&s->s_cout);
	buf_free(&s->s_sin);
	ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
	s->s_phase = PH_RELAY;
	/* The original's POP3 relay idles out after 180 s (CONNECTION_S). */
	service_relay_conf(s->s_svc, TO_CONN_SHORT, &rc);
	rv = relay_start(&s->s_relay, s->s_svc->s_loop, &s->s_cio, &s->s_sio,
	    &rc, c2s, nc, s2c, ns, relay_done, s);
	/* relay_start() copied them; the session may be gone, they are not. */
	free(c2s);
	free(s2c);
	if (rv == -1)
		s->s_end = 21;
}

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
	} else if (s->s_user[0] != '\0')
		pr.pr_user = s->s_user;
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
		finish(s, 100, "-ERR Cannot resolve the server's name\r\n");
		return;
	}
	if (err >= 11 && err <= 13) {
		finish(s, err, "-ERR Cannot connect to the server\r\n");
		return;
	}
	if (err != 0) {
		finish(s, err, "-ERR Access denied by the proxy policy\r\n");
		return;
	}
	s->s_sio.io_cb = ctl_io;
	s->s_sio.io_arg = s;
	sock_tune(s->s_sio.io_fd);
	(void)net_local(s->s_sio.io_fd, &s->s_ext);
	if (s->s_transparent) {
		/* A hand-off: the client reads the greeting itself. */
		s->s_busy++;
		start_relay(s, 0);
		s->s_busy--;
		return;
	}
	if (buf_init(&s->s_sin, SIN_SIZE) == -1) {
		finish(s, 21, "-ERR Out of memory\r\n");
		return;
	}
	s->s_phase = PH_GREET;
	arm(s, TO_STRING_LONG);
}

static void
dialed(void *arg, int err)
{
	struct session *s = arg;

	reached(s, err);
	run(s);
}

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

/* USER [proxyuser:proxypass:]name@host[:port]; NULL or the refusal. */
static const char *
parse_user(struct session *s, const char *arg, size_t len)
{
	const struct pop3p_conf *pc = s->s_conf;
	char user[FTP_MAXUSER], host[FTP_MAXHOST];
	uint16_t port = POP3P_PORT;
	const char *c1, *c2, *at;
	size_t head;

	/*
	 * The proxy credentials come before the name: only colons before the
	 * last delimiter count, so "name@[::1]:110" is no credentials.
	 */
	at = memrchr(arg, conf_delimiter(), len);
	head = at != NULL ? (size_t)(at - arg) : len;
	if (s->s_svc->s_opts.needuser >= 1 &&
	    (c1 = memchr(arg, ':', head)) != NULL &&
	    (c2 = memchr(c1 + 1, ':', head - (size_t)(c1 + 1 - arg))) != NULL) {
		size_t ul = (size_t)(c1 - arg), pl = (size_t)(c2 - c1 - 1);

		if (ul >= sizeof(s->s_puser) || pl >= sizeof(s->s_ppass))
			return "-ERR Proxy credentials too long\r\n";
		memcpy(s->s_puser, arg, ul);
		s->s_puser[ul] = '\0';
		memcpy(s->s_ppass, c1 + 1, pl);
		s->s_ppass[pl] = '\0';
		len -= (size_t)(c2 + 1 - arg);
		arg = c2 + 1;
	}
	if (len > 0 && ftp_split_login(arg, len, conf_delimiter(), user,
	    sizeof(user), host, sizeof(host), &port) == 0) {
		memcpy(s->s_user, user, sizeof(user));
		memcpy(s->s_host, host, sizeof(host));
		s->s_port = port;
		return NULL;
	}
	if (len > 0 && len < sizeof(s->s_user) && pc->pc_defhost[0] != '\0' &&
	    memchr(arg, conf_delimiter(), len) == NULL) {
		memcpy(s->s_user, arg, len);
		s->s_user[len] = '\0';
		strlcpy(s->s_host, pc->pc_defhost, sizeof(s->s_host));
		s->s_port = pc->pc_defport;
		return NULL;
	}
	return "-ERR Log in as USER name@host[:port]\r\n";
}

static void
login_command(struct session *s, const struct pop3_line *l)
{
	const char *k = l->pl_keyword, *err;

	if (strcmp(k, "USER") == 0) {
		if ((err = parse_user(s, l->pl_arg, l->pl_arglen)) != NULL) {
			s->s_err = E_BADUSER;
			reply(s, err);
		} else
			start_login(s);
	} else if (strcmp(k, "CAPA") == 0)
		/* RFC 2449 s5: no STLS, no SASL: only USER works here. */
		reply(s, "+OK Capability list follows\r\nUSER\r\n.\r\n");
	else if (strcmp(k, "QUIT") == 0)
		finish(s, s->s_err != 0 ? s->s_err : E_NOUSER,
		    "+OK Bye\r\n");
	else if (strcmp(k, "STLS") == 0)
		reply(s, "-ERR STLS is not available\r\n");
	else {
		if (s->s_err == 0)
			s->s_err = E_NOUSER;
		reply(s, "-ERR Log in as USER name@host[:port] first\r\n");
	}
}

static int
client_input(struct session *s)
{
	struct pop3_line l;
	int progress = 0, rc;

	while (s->s_phase == PH_LOGIN && s->s_end < 0) {
		rc = pop3_parse_line(buf_head(&s->s_cin), buf_len(&s->s_cin),
		    POP3_MAXCMD, &l);
		if (rc == PARSE_MORE)
			break;
		if (rc == POP3_ELONG) {
			finish(s, E_BADLINE, "-ERR Line too long\r\n");
			return 1;
		}
		if (buf_room(&s->s_cout) < 128)
			break;
		if (s->s_nprelogin >= POP3P_MAXPRELOGIN) {
			finish(s, E_NOUSER, "-ERR Too many commands\r\n");
			return 1;
		}
		if (rc == POP3_EBAD) {
			s->s_err = E_BADLINE;
			reply(s, "-ERR Bad command line\r\n");
		} else
			login_command(s, &l);
		buf_consume(&s->s_cin, l.pl_len);
		progress = 1;
		s->s_nprelogin++;
		if (s->s_phase == PH_LOGIN)
			arm(s, TO_CONN_SHORT);
	}
	return progress;
}

/* The server's greeting, if it is complete. */
static int
server_greeting(struct session *s)
{
	const char *p = buf_head(&s->s_sin), *lf;
	size_t n = buf_len(&s->s_sin), body;
	int rc;

	if ((lf = memchr(p, '\n', n)) == NULL) {
		if (n >= POP3_MAXRESP)
			finish(s, E_SRVGREET, "-ERR Bad greeting from the "
			    "server\r\n");
		return s->s_phase == PH_CLOSING;
	}
	body = (size_t)(lf - p);
	if (body > 0 && p[body - 1] == '\r')
		body--;
	rc = pop3_check_greeting(p, body);
	if (rc == -2)
		finish(s, E_SRVGREET, "-ERR Proxy loop: the server is this "
		    "gateway\r\n");
	else if (rc != 0)
		finish(s, E_SRVGREET, "-ERR The server refused the "
		    "connection\r\n");
	else
		start_relay(s, (size_t)(lf - p) + 1);
	return 1;
}

static void
step(struct session *s)
{
	int progress, rc;
	ssize_t n;

	do {
		progress = 0;
		if (s->s_phase == PH_RELAY)
			return;
		while (buf_len(&s->s_cout) > 0 && (s->s_cio.io_ready & EV_WRITE)) {
			if ((n = buf_write(&s->s_cout, s->s_cio.io_fd)) == -1) {
				if (errno == EAGAIN) {
					s->s_cio.io_ready &= ~EV_WRITE;
					break;
				}
				s->s_end = s->s_phase == PH_CLOSING ? s->s_err :
				    E_NOGREET;
				return;
			}
			progress = 1;
		}
		if (s->s_phase == PH_CLOSING) {
			if (buf_len(&s->s_cout) == 0)
				s->s_end = s->s_err;
			return;
		}
		if (s->s_phase == PH_GREET) {
			int eof = 0;

			while ((s->s_sio.io_ready & EV_READ) &&
			    buf_room(&s->s_sin) > 0) {
				n = buf_read(&s->s_sin, s->s_sio.io_fd);
				if (n > 0) {
					s->s_greet_in += (uint64_t)n;
					progress = 1;
					continue;
				}
				if (n == -1 && errno == EAGAIN)
					s->s_sio.io_ready &= ~EV_READ;
				else
					eof = 1;
				break;
			}
			/* A greeting that came with the EOF still counts. */
			progress |= server_greeting(s);
			if (eof && s->s_phase == PH_GREET)
				finish(s, E_NOSRVGREET, "-ERR The server closed "
				    "the connection\r\n");
			if (s->s_phase != PH_GREET)
				continue;
		}
		while (!s->s_ceof && (s->s_cio.io_ready & EV_READ) &&
		    buf_room(&s->s_cin) > 0) {
			n = buf_read(&s->s_cin, s->s_cio.io_fd);
			if (n > 0) {
				progress = 1;
				continue;
			}
			if (n == -1 && errno == EAGAIN) {
				s->s_cio.io_ready &= ~EV_READ;
				break;
			}
			s->s_ceof = 1;
			progress = 1;
		}
		rc = client_input(s);
		progress |= rc;
		if (!progress && s->s_ceof) {
			s->s_end = s->s_err != 0 ? s->s_err : E_NOUSER;
			return;
		}
	} while (progress && s->s_end < 0);
}

/* As in ftppr: every possible step; the session may be gone after it. */
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
		if (s->s_end < 0)
			step(s);
	} while (s->s_again && s->s_end < 0);
	s->s_busy = 0;
	if (s->s_end >= 0)
		session_end(s);
}

static void
timeout(struct ev_timer *t)
{
	struct session *s = t->t_arg;

	switch (s->s_phase) {
	case PH_LOGIN:
		finish(s, s->s_err != 0 ? s->s_err : E_NOUSER,
		    "-ERR Timeout\r\n");
		break;
	case PH_CONNECT:
		/* The dial keeps the time. */
		return;
	case PH_GREET:
		finish(s, E_NOSRVGREET, "-ERR No greeting from the server\r\n");
		break;
	case PH_CLOSING:
		s->s_end = s->s_err;
		break;
	default:
		break;
	}
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
	size_t cin = CIN_SIZE;
	int one = 1;

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
	s->s_cio.io_fd = s->s_sio.io_fd = -1;
	clock_gettime(CLOCK_REALTIME, &s->s_start);
	ev_timer_init(&s->s_timer, timeout, s);
	dial_init(&s->s_dial);
	/* Bytes a hand-off brings wait here for the relay. */
	if (ho != NULL && ho->ho_datalen > cin)
		cin = ho->ho_datalen;
	if (buf_init(&s->s_cin, cin) == -1 ||
	    buf_init(&s->s_cout, COUT_SIZE) == -1 ||
	    ev_io_start(svc->s_loop, &s->s_cio, fd, ctl_io, s) == -1) {
		close(fd);
		s->s_end = 21;
		session_end(s);
		return;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
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
		(void)buf_append(&s->s_cin, ho->ho_data, ho->ho_datalen);
	}
	if (host != NULL) {
		s->s_transparent = 1;
		strlcpy(s->s_host, host, sizeof(s->s_host));
		s->s_port = ho->ho_port != 0 ? ho->ho_port : POP3P_PORT;
		start_login(s);
	} else {
		reply(s, "+OK Proxy\r\n");
		arm(s, TO_CONN_SHORT);
	}
	run(s);
}

void
pop3p_handoff(struct service *svc, int fd, const struct handoff *ho)
{
	start(svc, fd, &ho->ho_client, &ho->ho_local, ho);
}

void
pop3p_accept(struct service *svc, int fd, const struct addr *peer,
    const struct addr *local)
{
	start(svc, fd, peer, local, NULL);
}
