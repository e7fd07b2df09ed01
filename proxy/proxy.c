/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The HTTP proxy session: requests, upstream connections, replies, tunnels. */
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
#include "handoff.h"
#include "policy.h"
#include "proxy.h"

#define REPLY_CONNECT	"HTTP/1.0 200 Connection established\r\n\r\n"
/* How much of a request line an access record keeps. */
#define PROXY_MAXTEXT	2048

static void	drive(struct session *);
static int	body_cut(struct session *);
static int	enter_head(struct session *);
static int	send_request(struct session *);
static int	start_connect_tunnel(struct session *);
static int	dial_to(struct session *, const char *host, dial_check_cb_t);
static int	session_free(struct session *);
static void	client_io(struct ev_io *, unsigned);
static void	server_io(struct ev_io *, unsigned);

/* Buffers. */

int
buf_grow(struct buf *b, size_t size)
{
	char *p;

	if (b->b_data == NULL)
		return buf_init(b, size);
	if (b->b_size >= size)
		return 0;
	buf_compact(b);
	if ((p = realloc(b->b_data, size)) == NULL)
		return -1;
	b->b_data = p;
	b->b_size = size;
	return 0;
}

/* Make sure b exists and has at least room bytes free. */
static int
buf_need(struct buf *b, size_t room)
{
	if (b->b_data == NULL)
		return buf_init(b, room > PROXY_BUF ? room : PROXY_BUF);
	if (buf_room(b) >= room)
		return 0;
	return buf_grow(b, b->b_len + room);
}

int
session_bufs(struct session *s)
{
	if (buf_need(&s->s_cin, 0) == -1 || buf_need(&s->s_cout, 0) == -1 ||
	    buf_need(&s->s_sin, 0) == -1 || buf_need(&s->s_sout, 0) == -1)
		return -1;
	return 0;
}

/* An idle session keeps no buffer and no request state. */
static void
release_idle(struct session *s)
{
	if (buf_len(&s->s_cin) == 0)
		buf_free(&s->s_cin);
	buf_free(&s->s_cout);
	buf_free(&s->s_sin);
	buf_free(&s->s_sout);
	if (s->s_x != NULL) {
		compat_wipe(s->s_x->pass, sizeof(s->s_x->pass));
		free(s->s_x); s->s_x = NULL;
	}
}

static struct exch *
exch_get(struct session *s)
{
	if (s->s_x == NULL && (s->s_x = malloc(sizeof(*s->s_x))) != NULL) {
		http_head_init(&s->s_x->rq, 0);
		s->s_x->has_user = 0;
		s->s_x->user[0] = s->s_x->pass[0] = '\0';
	}
	return s->s_x;
}

static void
set_str(char **dst, const char *p, size_t n)
{
	free(*dst);
	if ((*dst = malloc(n + 1)) != NULL) {
		memcpy(*dst, p, n);
		(*dst)[n] = '\0';
	}
}

static void
arm(struct session *s, unsigned ms)
{
	s->s_idle_ms = ms;
	s->s_last = ev_now(s->s_svc->s_loop);
	ev_timer_start(s->s_svc->s_loop, &s->s_timer, ms);
}

static unsigned
to_ms(const struct session *s, int idx)
{
	return service_timeout_ms(s->s_svc, idx);
}

/* Socket I/O with the readiness latch. */

/*
 * Read from the client into s_cin. Returns the byte count, 0 when nothing
 * is there now, or -1 at EOF or on an error (s_ceof set; s_err 21 when
 * there was no memory for a buffer).
 */
int
client_read(struct session *s)
{
	size_t room;
	ssize_t n;

	if (s->s_ceof || !(s->s_cio.io_ready & EV_READ))
		return 0;
	if (buf_need(&s->s_cin, 0) == -1) {
		/*
		 * No memory for the bytes (the buffer of an idle connection is
		 * given back between requests): an error, not "nothing now",
		 * for the edge that announced them will not come again.
		 */
		s->s_err = 21;
		s->s_ceof = 1;
		return -1;
	}
	if ((room = buf_room(&s->s_cin)) == 0)
		return 0;
	n = buf_read(&s->s_cin, s->s_cio.io_fd);
	if (n > 0) {
		/*
		 * A short read drained the socket: the next bytes bring a new
		 * edge, so no read has to fail with EAGAIN first. Not when the
		 * event also said EOF: that edge has been seen already.
		 */
		if ((size_t)n < room && !s->s_crdhup)
			s->s_cio.io_ready &= ~EV_READ;
		s->s_last = ev_now(s->s_svc->s_loop);
		return (int)n;
	}
	if (n == -1 && errno == EAGAIN) {
		s->s_cio.io_ready &= ~EV_READ;
		return 0;
	}
	s->s_ceof = 1;
	s->s_cio.io_ready &= ~EV_READ;
	return -1;
}

/* Send s_cout to the client: bytes sent, 0 when blocked, -1 on error. */
int
client_write(struct session *s)
{
	ssize_t n;

	if (buf_len(&s->s_cout) == 0 || !(s->s_cio.io_ready & EV_WRITE))
		return 0;
	n = buf_write(&s->s_cout, s->s_cio.io_fd);
	if (n >= 0) {
		s->s_last = ev_now(s->s_svc->s_loop);
		return (int)n;
	}
	if (errno == EAGAIN) {
		s->s_cio.io_ready &= ~EV_WRITE;
		return 0;
	}
	return -1;
}

static void
close_server(struct session *s)
{
	ev_io_release(s->s_svc->s_loop, &s->s_sio);
	free(s->s_uphost); s->s_uphost = NULL;
	s->s_up_busy = 0;
	s->s_seof = 0;
	s->s_srdhup = 0;
	buf_reset(&s->s_sin);
	buf_reset(&s->s_sout);
}

/* Requests and their records. */

static void
request_log(struct session *s)
{
	struct service *svc = s->s_svc;
	struct logrec r;

	if (!s->s_active || s->s_logged)
		return;
	s->s_logged = 1;
	if (!logger_enabled(&svc->s_log))
		return;
	memset(&r, 0, sizeof(r));
	r.lr_err = s->s_err;
	r.lr_user = s->s_user;
	r.lr_client = s->s_client;
	r.lr_int = s->s_local;
	r.lr_remote = s->s_remote;
	r.lr_req = s->s_req;
	r.lr_host = s->s_host;
	r.lr_in = s->s_in;
	r.lr_out = s->s_out;
	r.lr_text = s->s_text;
	r.lr_start = s->s_start;
	r.lr_hops = s->s_hops;
	/* A hand-off's record is the origin's: its %N and %p. */
	r.lr_service = s->s_origin;
	r.lr_port = s->s_srvport;
	if (s->s_sio.io_fd != -1)
		(void)net_local(s->s_sio.io_fd, &r.lr_ext);
	service_log(svc, &r);
}

static void
request_reset(struct session *s)
{
	struct exch *x = s->s_x;

	free(s->s_text); s->s_text = NULL;
	free(s->s_host); s->s_host = NULL;
	free(s->s_user); s->s_user = NULL;
	addr_clear(&s->s_req);
	if (!s->s_up_busy && s->s_sio.io_fd == -1)
		addr_clear(&s->s_remote);
	s->s_err = 0;
	s->s_in = s->s_out = 0;
	s->s_active = s->s_logged = 0;
	s->s_rs_head = s->s_rs_sent = s->s_is_head = s->s_ws = 0;
	s->s_close = s->s_swerr = 0;
	if (x != NULL) {
		compat_wipe(x->pass, sizeof(x->pass));
		x->has_user = 0;
		x->user[0] = x->pass[0] = '\0';
		http_head_init(&x->rq, 0);
	}
}

/* The request head is in: start its record. */
static void
request_begin(struct session *s, const char *line, size_t n)
{
	s->s_active = 1;
	s->s_logged = 0;
	s->s_nreq++;
	clock_gettime(CLOCK_REALTIME, &s->s_start);
	if (n > PROXY_MAXTEXT)
		n = PROXY_MAXTEXT;
	set_str(&s->s_text, line, n);
}

/* Give up an attempt to reach a server, if one is under way. */
static void
dial_drop(struct session *s)
{
	if (s->s_dial == NULL)
		return;
	dial_cancel(s->s_dial);
	free(s->s_dial); s->s_dial = NULL;
}

static int
session_free(struct session *s)
{
	struct service *svc = s->s_svc;

	request_log(s);
	service_shed_del(svc, &s->s_shed);
	dial_drop(s);
	ev_timer_stop(svc->s_loop, &s->s_timer);
	relay_stop(&s->s_relay);
	ftpgw_free(s);
	/* Ours alone: the last close takes them out of epoll. */
	ev_io_release(svc->s_loop, &s->s_cio);
	ev_io_release(svc->s_loop, &s->s_sio);
	buf_free(&s->s_cin);
	release_idle(s);
	free(s->s_text);
	free(s->s_host);
	free(s->s_user);
	free(s->s_origin);
	free(s->s_uphost);
	free(s->s_preuser);
	if (s->s_prepass != NULL)
		compat_wipe(s->s_prepass, strlen(s->s_prepass));
	free(s->s_prepass);
	free(s);
	service_conn_done(svc);
	return R_FREED;
}

/* Error replies. */

static const char *
error_text(int status)
{
	switch (status) {
	case 400:
		return "The request could not be understood.";
	case 401:
		return "The FTP server refused the login.";
	case 403:
		return "Access denied by the proxy.";
	case 404:
		return "The file was not found.";
	case 407:
		return "The proxy needs a user name and password.";
	case 408:
		return "The request did not arrive in time.";
	case 414:
		return "The request line is too long.";
	case 431:
		return "The request header fields are too large.";
	case 500:
		return "The proxy ran out of resources.";
	case 501:
		return "The proxy does not support this request.";
	case 502:
		return "Host not found or connection failed.";
	case 503:
		return "The proxy cannot serve this request now.";
	case 504:
		return "The server did not answer in time.";
	case 505:
		return "This HTTP version is not supported.";
	default:
		return "The request failed.";
	}
}

/*
 * Answer the request ourselves: status, extra header lines, a body. After a
 * response has begun nothing can be said any more: the client is cut off
 * instead, so a truncated response never looks whole.
 */
int
session_reply(struct session *s, int status, const char *extra,
    const char *body, size_t len)
{
	struct exch *x = s->s_x;
	int keep, rc;

	if (s->s_rs_sent || s->s_cio.io_fd == -1)
		return session_free(s);
	if (s->s_up_busy || s->s_state == ST_CONNECT)
		close_server(s);
	dial_drop(s);
	ftpgw_free(s);
	/*
	 * A body we did not read leaves the connection out of step, and so
	 * do the bytes a client may send at once after a CONNECT that fails
	 * (but not one that asks for credentials, which it waits for).
	 */
	keep = s->s_ckeep && x != NULL && x->rqb.done &&
	    (status < 400 || status == 401 || status == 403 || status == 404 ||
	    status == 407 || status == 501 || (status >= 502 && status <= 504)) &&
	    (x->op != OP_HTTP_CONNECT || status == 407);
	s->s_close = !keep;
	if (buf_need(&s->s_cout, PROXY_BUF + len) == -1)
		return session_free(s);
	buf_reset(&s->s_cout);
	rc = buf_printf(&s->s_cout, "HTTP/1.1 %d %s\r\n%s", status,
	    http_reason(status), extra != NULL ? extra : "");
	if (body != NULL)
		rc |= buf_printf(&s->s_cout, "Content-Length: %zu\r\n", len);
	rc |= buf_printf(&s->s_cout, "%s\r\n", s->s_close ?
	    "Connection: close\r\n" : x != NULL && x->rq.minor == 0 ?
	    "Connection: keep-alive\r\n" : "");
	if (body != NULL && !s->s_is_head)
		rc |= buf_append(&s->s_cout, body, len);
	if (rc != 0)
		return session_free(s);
	s->s_rs_sent = 1;
	s->s_state = ST_REPLY;
	arm(s, to_ms(s, TO_CONN_SHORT));
	return R_AGAIN;
}

/* An error page, with the original's error code in the record. */
int
session_error(struct session *s, int status, int code, const char *extra)
{
	char body[768], hdr[256];
	int n;

	s->s_err = code;
	n = snprintf(body, sizeof(body), "<html><head><title>%d %s</title>"
	    "</head>\r\n<body><h2>%d %s</h2>\r\n<p>%s</p>\r\n</body></html>\r\n",
	    status, http_reason(status), status, http_reason(status),
	    error_text(status));
	if (n < 0 || (size_t)n >= sizeof(body))
		return session_free(s);
	if (snprintf(hdr, sizeof(hdr), "Content-Type: text/html\r\n%s%s",
	    status == 407 ? "Proxy-Authenticate: Basic realm=\"proxy\"\r\n" :
	    status == 401 ? "WWW-Authenticate: Basic realm=\"FTP Server\"\r\n" :
	    "", extra != NULL ? extra : "") >= (int)sizeof(hdr))
		return session_free(s);
	return session_reply(s, status, hdr, body, (size_t)n);
}

/* A reply of our own is going out; then the next request, or the end. */
static int
st_reply(struct session *s)
{
	if (client_write(s) == -1) {
		s->s_close = 1;
		buf_reset(&s->s_cout);
	}
	if (buf_len(&s->s_cout) > 0)
		return R_WAIT;
	return session_request_done(s);
}

/* The request was answered: log it, then read the next one or close. */
int
session_request_done(struct session *s)
{
	struct exch *x = s->s_x;

	if (x != NULL && x->rq.len > 0) {
		buf_consume(&s->s_cin, x->rq.len);
		x->rq.len = 0;
	}
	request_log(s);
	if (s->s_close || !s->s_ckeep || s->s_ceof)
		return session_free(s);
	request_reset(s);
	return enter_head(s);
}

/* Request heads. */

static int head_shed(struct shed *);

static int
enter_head(struct session *s)
{
	s->s_state = ST_HEAD;
	service_shed_add(s->s_svc, &s->s_shed, head_shed);
	s->s_head2 = 0;
	if (s->s_x != NULL)
		http_head_init(&s->s_x->rq, 0);
	/* The wait for a request line, idle keep-alive included. */
	arm(s, to_ms(s, TO_STRING_LONG));
	return R_AGAIN;
}

static int
bad_request(struct session *s, int rc)
{
	const char *p = buf_head(&s->s_cin);
	size_t n = buf_len(&s->s_cin), i;

	/* Record what the client sent up to its first line end. */
	for (i = 0; i < n && p[i] != '\r' && p[i] != '\n'; i++)
		;
	request_begin(s, p, i);
	s->s_ckeep = 0;
	switch (rc) {
	case HTTP_E_LINE:
		return session_error(s, 414, 516, NULL);
	case HTTP_E_HEAD:
		return session_error(s, 431, 516, NULL);
	case HTTP_E_VERSION:
		return session_error(s, 505, 512, NULL);
	case HTTP_E_SYNTAX:
		return session_error(s, 400, 512, NULL);
	default:
		return session_error(s, 400, 515, NULL);
	}
}

static unsigned
method_op(const char *base, struct http_span m, int scheme)
{
	if (scheme == URL_FTP) {
		if (http_span_is(base, m, "GET"))
			return OP_FTP_GET;
		if (http_span_is(base, m, "PUT"))
			return OP_FTP_PUT;
	}
	if (http_span_is(base, m, "GET"))
		return OP_HTTP_GET;
	if (http_span_is(base, m, "PUT"))
		return OP_HTTP_PUT;
	if (http_span_is(base, m, "POST") || http_span_is(base, m, "BITS_POST"))
		return OP_HTTP_POST;
	if (http_span_is(base, m, "HEAD"))
		return OP_HTTP_HEAD;
	if (http_span_is(base, m, "CONNECT"))
		return OP_HTTP_CONNECT;
	return OP_HTTP_OTHER;
}

/* Map a refusal of the policy point to the reply the original gives. */
static int
policy_refused(struct session *s, int rc)
{
	const struct service *svc = s->s_svc;

	if (rc == 10)
		return session_error(s, 503, rc, NULL);
	if (rc >= 2 && rc <= 9 && (svc->s_opts.needuser >= 1 ||
	    policy_wants_user(svc->s_policy)))
		return session_error(s, 407, rc, NULL);
	return session_error(s, 403, rc, NULL);
}

static int
check_policy(struct session *s, const struct addr *target)
{
	struct exch *x = s->s_x;
	struct preq pr;
	int rc;

	memset(&pr, 0, sizeof(pr));
	pr.pr_client = s->s_client;
	pr.pr_local = s->s_local;
	pr.pr_user = x->has_user ? x->user : NULL;
	pr.pr_pass = x->has_user ? x->pass : NULL;
	pr.pr_op = x->op;
	pr.pr_host = x->url.host;
	if (target != NULL)
		pr.pr_target = *target;
	pr.pr_port = x->url.port;
	/* Handed over: local redirections are not taken again. */
	pr.pr_hops = s->s_hops;
	rc = policy_check(s->s_svc->s_policy, &pr);
	/* Asked again for another address, the last answer counts. */
	s->s_logged = pr.pr_nolog;
	/* Known by address alone ("authcache ip"): log the cached name. */
	if (rc == 0 && preq_cached_user(&pr) != NULL)
		set_str(&s->s_user, pr.pr_userbuf, strlen(pr.pr_userbuf));
	return rc;
}

/* The %T of an ftp:// request, without the password in the URL. */
static void
strip_credentials(struct session *s, const char *base)
{
	struct exch *x = s->s_x;
	const struct http_head *h = &x->rq;
	const char *t = base + h->target.off;
	size_t colon = x->url.pass.off - 1, after = x->url.pass.off +
	    x->url.pass.len;
	char text[PROXY_MAXTEXT + 1];
	int n;

	if (x->url.scheme != URL_FTP || !x->url.has_pass)
		return;
	/* method SP ftp://user @host/path SP version */
	n = snprintf(text, sizeof(text), "%.*s %.*s%.*s %.*s",
	    (int)h->method.len, base + h->method.off, (int)colon, t,
	    (int)(h->target.len - after), t + after,
	    (int)(h->line.off + h->line.len - (h->target.off + h->target.len +
	    1)), t + h->target.len + 1);
	if (n > 0)
		set_str(&s->s_text, text, (size_t)n < sizeof(text) ?
		    (size_t)n : sizeof(text) - 1);
}

static int
take_credentials(struct session *s, const char *base)
{
	struct exch *x = s->s_x;
	const struct http_field *f;

	if (x->rq.pauthz == -1) {
		/* A hand-off may bring the credentials the client gave. */
		if (s->s_preuser != NULL) {
			strlcpy(x->user, s->s_preuser, sizeof(x->user));
			strlcpy(x->pass, s->s_prepass != NULL ? s->s_prepass :
			    "", sizeof(x->pass));
			x->has_user = 1;
			set_str(&s->s_user, x->user, strlen(x->user));
		}
		return 0;
	}
	f = &x->rq.f[x->rq.pauthz];
	if (http_basic_auth(base + f->value.off, f->value.len, x->user,
	    sizeof(x->user), x->pass, sizeof(x->pass)) == -1) {
		/* Junk credentials count as none; the policy decides. */
		x->user[0] = x->pass[0] = '\0';
		return 0;
	}
	x->has_user = 1;
	set_str(&s->s_user, x->user, strlen(x->user));
	return 0;
}

/* Whether the kept server connection may carry this request. */
static int
server_usable(struct session *s)
{
	struct exch *x = s->s_x;
	char c;
	ssize_t n;

	if (s->s_sio.io_fd == -1 || s->s_uphost == NULL || s->s_seof ||
	    s->s_upport != x->url.port || strcmp(s->s_uphost, x->url.host) != 0)
		return 0;
	if (!(s->s_sio.io_ready & EV_READ))
		return 1;
	/* Readable while idle: EOF, an error, or bytes nobody asked for. */
	n = recv(s->s_sio.io_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n == -1 && errno == EAGAIN) {
		s->s_sio.io_ready &= ~EV_READ;
		return 1;
	}
	return 0;
}

static int
connected(struct session *s)
{
	struct exch *x = s->s_x;

	ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
	set_str(&s->s_uphost, x->url.host, strlen(x->url.host));
	s->s_upport = x->url.port;
	s->s_seof = 0;
	if (x->url.scheme == URL_FTP)
		return ftpgw_start(s);
	if (x->url.scheme == URL_AUTHORITY)
		return start_connect_tunnel(s);
	s->s_reused = 0;
	return send_request(s);
}

/*
 * Asked about every address of the target before it is tried: a request
 * for ourselves would loop until the fds run out, and a name with an
 * allowed and a denied address must never reach the denied one.
 */
static int
target_check(void *arg, const struct addr *a)
{
	struct session *s = arg;

	if (addr_same_ip(a, &s->s_local) && addr_port(a) ==
	    addr_port(&s->s_local))
		return 519;
	return check_policy(s, a);
}

/* The attempt is over: map its outcome to the reply the original gives. */
static int
dial_over(struct session *s, int err)
{
	struct dial *d = s->s_dial;
	int timedout = d->d_errno == ETIMEDOUT;

	if (d->d_naddr > 0) {
		s->s_req = d->d_addrs[0];
		addr_set_port(&s->s_req, s->s_x->url.port);
	}
	s->s_remote = d->d_remote;
	if (err == 0) {
		/* The socket is ours before the dial goes. */
		s->s_sio.io_cb = server_io;
		s->s_sio.io_arg = s;
		if (d->d_eof)
			s->s_srdhup = 1;
	}
	dial_drop(s);
	switch (err) {
	case 0:
		return connected(s);
	case 100:
		return session_error(s, 502, 100, NULL);
	case 519:
		return session_error(s, 503, 519, NULL);
	case 11:
	case 12:
		return session_error(s, 502, err, NULL);
	case 13:
		return session_error(s, timedout ? 504 : 502, 13, NULL);
	default:
		return policy_refused(s, err);
	}
}

static void
dialed(void *arg, int err)
{
	struct session *s = arg;

	if (dial_over(s, err) == R_AGAIN)
		drive(s);
}

/*
 * Reach host (a name or a literal; a literal is used as given, whatever
 * -4/-6 say) at the request's port, asking check about each address.
 */
static int
dial_to(struct session *s, const char *host, dial_check_cb_t check)
{
	int err;

	if (s->s_dial == NULL &&
	    (s->s_dial = malloc(sizeof(*s->s_dial))) == NULL)
		return session_error(s, 500, 21, NULL);
	/*
	 * A server kept from an earlier request goes first: the dial takes
	 * over s_sio (an ftp:// request after an http:// one left it open).
	 */
	if (s->s_sio.io_fd != -1)
		close_server(s);
	/* The dial keeps its own time for each address. */
	ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
	s->s_state = ST_CONNECT;
	if ((err = dial_start_io(s->s_dial, &s->s_sio, s->s_svc, host,
	    s->s_x->url.port, check, dialed, s)) != 0)
		return dial_over(s, err);
	return R_WAIT;
}

/* The head of a request is complete: decide where it goes. */
static int
start_request(struct session *s)
{
	struct service *svc = s->s_svc;
	struct exch *x = s->s_x;
	struct http_head *h = &x->rq;
	const char *base = buf_head(&s->s_cin);
	int connect, rc;

	request_begin(s, base + h->line.off, h->line.len);
	s->s_is_head = http_span_is(base, h->method, "HEAD");
	connect = http_span_is(base, h->method, "CONNECT");
	/* HTTP/1.1 persists unless closed; 1.0 only when asked to. */
	if (h->minor >= 1)
		s->s_ckeep = !(h->flags & (HTTP_F_CLOSE | HTTP_F_PCLOSE));
	else
		s->s_ckeep = (h->flags & (HTTP_F_KEEP | HTTP_F_PKEEP)) &&
		    !(h->flags & (HTTP_F_CLOSE | HTTP_F_PCLOSE));

	rc = http_parse_target(base + h->target.off, h->target.len, connect,
	    &x->url);
	if (rc == -2)
		return session_error(s, 400, 513, NULL);
	if (rc < 0)
		return session_error(s, 400, connect ? 514 : 515, NULL);
	if (x->url.scheme == URL_ORIGIN) {
		const struct http_field *f;
		struct http_span path = x->url.path;

		/* Transparent use: the target is the Host field. */
		if (h->host == -1 || (base[h->target.off] == '*' &&
		    !http_span_is(base, h->method, "OPTIONS")))
			return session_error(s, 400, 515, NULL);
		f = &h->f[h->host];
		if (http_parse_host(base + f->value.off, f->value.len, 80,
		    &x->url) == -1)
			return session_error(s, 400, 515, NULL);
		x->url.scheme = URL_ORIGIN;
		x->url.path = path;
	}
	strip_credentials(s, base);
	set_str(&s->s_host, x->url.host, strlen(x->url.host));
	x->op = method_op(base, h->method, x->url.scheme);
	/* Until a body is passed on, it counts as unread. */
	http_body_init(&x->rqb, h->framing, h->clen, 1);
	if (connect && h->framing != HTTP_BODY_NONE)
		return session_error(s, 400, 514, NULL);
	take_credentials(s, base);
	if (svc->s_opts.needuser >= 2 && !x->has_user)
		return session_error(s, 407, 4, NULL);
	if (x->url.scheme == URL_FTP) {
		if (connect || (x->op != OP_FTP_GET && x->op != OP_FTP_PUT &&
		    x->op != OP_HTTP_HEAD))
			return session_error(s, 501, 999, NULL);
		/* Checked before any connection is made. */
		if (ftpgw_check(s) == -1)
			return session_error(s, 400, 799, NULL);
		return dial_to(s, x->url.host, target_check);
	}
	s->s_ws = !connect && h->minor >= 1 &&
	    (h->flags & HTTP_F_WEBSOCKET) && (h->flags & HTTP_F_CUPGRADE) &&
	    http_span_is(base, h->method, "GET");
	if (!connect && server_usable(s)) {
		s->s_req = s->s_remote;
		if ((rc = check_policy(s, &s->s_remote)) != 0)
			return policy_refused(s, rc);
		s->s_reused = 1;
		return send_request(s);
	}
	return dial_to(s, x->url.host, target_check);
}

static int
st_head(struct session *s)
{
	struct exch *x;
	int rc;

	for (;;) {
		if (buf_len(&s->s_cin) > 0) {
			if ((x = exch_get(s)) == NULL)
				return session_free(s);
			rc = http_parse_head(&x->rq, buf_head(&s->s_cin),
			    buf_len(&s->s_cin));
			if (rc == PARSE_OK) {
				ev_timer_stop(s->s_svc->s_loop, &s->s_timer);
				return start_request(s);
			}
			if (rc < 0)
				return bad_request(s, rc);
			if (x->rq.have_start && !s->s_head2) {
				/* The rest of the head has a shorter budget. */
				s->s_head2 = 1;
				arm(s, to_ms(s, TO_STRING_SHORT));
			}
			if (buf_room(&s->s_cin) == 0 &&
			    buf_grow(&s->s_cin, s->s_cin.b_size * 2 >
			    HTTP_MAX_HEAD ? HTTP_MAX_HEAD :
			    s->s_cin.b_size * 2) == -1)
				return session_free(s);
		}
		rc = client_read(s);
		if (rc > 0)
			continue;
		if (rc == -1 && s->s_err == 21) {
			s->s_close = 1;
			return session_error(s, 500, 21, NULL);
		}
		if (rc == -1) {
			/* EOF or an error: between requests that is the end. */
			if (buf_len(&s->s_cin) > 0) {
				const char *p = buf_head(&s->s_cin);
				size_t n = buf_len(&s->s_cin), i;

				for (i = 0; i < n && p[i] != '\r' &&
				    p[i] != '\n'; i++)
					;
				request_begin(s, p, i);
				s->s_err = 507;
			}
			return session_free(s);
		}
		if (buf_len(&s->s_cin) == 0)
			release_idle(s);
		return R_WAIT;
	}
}

/* Forwarding. */

/* Via, Forwarded, X-Forwarded-For as the original's -a flags say. */
static int
add_forwarding(struct session *s, struct buf *out)
{
	struct proxy *p = s->s_svc->s_ctx;
	char c[ADDR_STRLEN], l[ADDR_STRLEN];
	int minor = s->s_x->rq.minor;

	switch (s->s_svc->s_opts.anon) {
	case 0:
		/* RFC 7239 s6: a node with a port is a quoted-string. */
		return buf_printf(out, "Forwarded: for=\"%s\";by=\"%s\"\r\n",
		    addr_str(&s->s_client, c, sizeof(c)),
		    addr_str(&s->s_local, l, sizeof(l)));
	case 2:
		return buf_printf(out, "Via: 1.%d %s\r\nX-Forwarded-For: "
		    "%ld.%ld.%ld.%ld\r\n", minor, p->via, 1 + random() % 223,
		    random() % 256, random() % 256, 1 + random() % 254);
	case 3:
		return buf_printf(out, "Via: 1.%d %s\r\nX-Forwarded-For: %s\r\n",
		    minor, p->via, addr_ip_str(&s->s_client, c, sizeof(c)));
	default:
		return 0;
	}
}

/*
 * Write the request head for the server: origin-form, our own Host and
 * framing fields, no hop-by-hop field. Nothing the client sent reaches the
 * server unless this function framed it.
 */
static int
send_request(struct session *s)
{
	struct service *svc = s->s_svc;
	struct exch *x = s->s_x;
	struct http_head *h = &x->rq;
	const char *base = buf_head(&s->s_cin);
	struct buf *out = &s->s_sout;
	/* URL spans are relative to the request target. */
	const char *path = base + h->target.off + x->url.path.off;
	size_t plen = x->url.path.len;
	unsigned drop = HF_HOPBYHOP | HF_FRAMING | HF_HOST;
	int rc;

	if (!svc->s_opts.transparent)
		drop |= HF_PAUTHZ | HF_PROXY;
	if (s->s_ws)
		drop &= ~HF_UPGRADE;
	if (buf_need(out, h->len + PROXY_HEAD_EXTRA) == -1 ||
	    buf_need(&s->s_sin, 0) == -1 || buf_need(&s->s_cout, 0) == -1)
		return session_error(s, 500, 21, NULL);
	buf_reset(out);
	/*
	 * OPTIONS for the server as a whole: "*", also for an absolute URL
	 * with an empty path and no query (RFC 9112 s3.2.4).
	 */
	if (http_span_is(base, h->method, "OPTIONS") && (plen == 0 ||
	    (plen == 1 && path[0] == '*'))) {
		path = "*";
		plen = 1;
	}
	rc = buf_printf(out, "%.*s %s%.*s HTTP/1.1\r\nHost: ",
	    (int)h->method.len, base + h->method.off,
	    plen == 0 || (path[0] != '/' && path[0] != '*') ? "/" : "",
	    (int)plen, path);
	if (x->url.scheme == URL_ORIGIN)
		rc |= buf_append(out, base + h->f[h->host].value.off,
		    h->f[h->host].value.len);
	else
		rc |= buf_append(out, base + h->target.off + x->url.authority.off,
		    x->url.authority.len);
	rc |= buf_append(out, "\r\n", 2);
	rc |= http_copy_fields(out, base, h, drop);
	if (s->s_ws)
		rc |= buf_printf(out, "Connection: Upgrade\r\n");
	if (h->framing == HTTP_BODY_LENGTH)
		rc |= buf_printf(out, "Content-Length: %llu\r\n",
		    (unsigned long long)h->clen);
	else if (h->framing == HTTP_BODY_CHUNKED)
		rc |= buf_printf(out, "Transfer-Encoding: chunked\r\n");
	rc |= add_forwarding(s, out);
	rc |= buf_append(out, "\r\n", 2);
	if (rc != 0)
		return session_error(s, 500, 21, NULL);
	http_body_init(&x->rqb, h->framing, h->clen, 1);
	/*
	 * A request without a body keeps its head in s_cin until answered, so
	 * that it can be sent again when a kept connection turns out closed.
	 */
	if (h->framing != HTTP_BODY_NONE) {
		buf_consume(&s->s_cin, h->len);
		h->len = 0;
		if (h->framing == HTTP_BODY_CHUNKED || h->clen > PROXY_BUF)
			if (buf_grow(&s->s_cin, svc->s_opts.bufsize) == -1 ||
			    buf_grow(out, svc->s_opts.bufsize) == -1)
				return session_error(s, 500, 21, NULL);
	}
	http_head_init(&x->rs, 1);
	s->s_rs_head = 1;
	s->s_up_busy = 1;
	s->s_state = ST_EXCHANGE;
	arm(s, to_ms(s, TO_CONN_SHORT));
	return R_AGAIN;
}

/* Tunnels. */

static void
tunnel_done(struct relay *r, int err)
{
	struct session *s = r->r_arg;
	uint64_t in = relay_bytes_in(r);

	s->s_in = in > s->s_tunnel_hdr ? in - s->s_tunnel_hdr : 0;
	s->s_out = relay_bytes_out(r);
	s->s_err = err;
	session_free(s);
}

/*
 * Hand both sockets to the relay: first s2c (our reply) goes to the client,
 * bytes the client already sent go to the server. Buffers and request state
 * are released first, so an idle tunnel costs the session struct only.
 */
static int
start_tunnel(struct session *s, const char *s2c, size_t s2c_len,
    size_t hdr)
{
	struct service *svc = s->s_svc;
	struct relay_conf rc;
	struct buf c2s = s->s_cin;
	char *reply;
	int r;

	if ((reply = malloc(s2c_len)) == NULL)
		return session_error(s, 500, 21, NULL);
	memcpy(reply, s2c, s2c_len);
	memset(&s->s_cin, 0, sizeof(s->s_cin));
	release_idle(s);
	ev_timer_stop(svc->s_loop, &s->s_timer);
	s->s_state = ST_TUNNEL;
	s->s_tunnel_hdr = hdr;
	service_relay_conf(svc, TO_CONN_LONG, &rc);
	r = relay_start(&s->s_relay, svc->s_loop, &s->s_cio, &s->s_sio, &rc,
	    buf_head(&c2s), buf_len(&c2s), reply, s2c_len, tunnel_done, s);
	buf_free(&c2s);
	free(reply);
	if (r == -1) {
		/* The relay did not start: the session is still ours. */
		s->s_cio.io_cb = client_io;
		s->s_cio.io_arg = s;
		s->s_sio.io_cb = server_io;
		s->s_sio.io_arg = s;
		s->s_err = 21;
		return session_free(s);
	}
	/* The relay may already have ended the session: do not touch it. */
	return R_WAIT;
}

static int
start_connect_tunnel(struct session *s)
{
	buf_consume(&s->s_cin, s->s_x->rq.len);
	return start_tunnel(s, REPLY_CONNECT, sizeof(REPLY_CONNECT) - 1,
	    sizeof(REPLY_CONNECT) - 1);
}

/* Responses. */

/*
 * A 101 to a WebSocket upgrade: the 101 head, then whatever the server
 * already sent after it, then the relay.
 */
static int
start_ws_tunnel(struct session *s)
{
	struct buf *o = &s->s_cout;
	size_t hdr = buf_len(o);

	/* The request head waited in s_cin for a retry: drop it now. */
	buf_consume(&s->s_cin, s->s_x->rq.len);
	s->s_x->rq.len = 0;
	if (buf_len(&s->s_sout) > 0) {
		struct buf t;

		/*
		 * Request body bytes not yet written to the server go first,
		 * then what the client sent after them. A chunked body cut
		 * by the switch cannot be joined to the raw rest: refused.
		 */
		if (s->s_x->rq.framing == HTTP_BODY_CHUNKED &&
		    !s->s_x->rqb.done)
			return session_error(s, 502, 521, NULL);
		if (buf_need(&s->s_sout, buf_len(&s->s_cin)) == -1)
			return session_error(s, 500, 21, NULL);
		(void)buf_append(&s->s_sout, buf_head(&s->s_cin),
		    buf_len(&s->s_cin));
		t = s->s_cin;
		s->s_cin = s->s_sout;
		s->s_sout = t;
		buf_reset(&s->s_sout);
	}
	if (buf_need(o, buf_len(&s->s_sin)) == -1)
		return session_error(s, 500, 21, NULL);
	(void)buf_append(o, buf_head(&s->s_sin), buf_len(&s->s_sin));
	buf_reset(&s->s_sin);
	s->s_in = 0;
	return start_tunnel(s, buf_head(o), buf_len(o), hdr);
}

/* Serialize the response head for the client, or a 1xx. */
static int
response_head(struct session *s)
{
	struct service *svc = s->s_svc;
	struct exch *x = s->s_x;
	struct http_head *h = &x->rs;
	const char *base = buf_head(&s->s_sin);
	struct buf *o = &s->s_cout;
	unsigned drop = HF_HOPBYHOP | HF_FRAMING;
	int in, chunked_out, rc, cminor = x->rq.minor;

	if (!svc->s_opts.transparent)
		drop |= HF_PROXY | HF_PAUTHZ;
	if (buf_need(o, h->len + PROXY_HEAD_EXTRA) == -1)
		return session_error(s, 500, 21, NULL);
	if (h->status < 200 && h->status != 101) {
		/* RFC 9110 s15.2: no 1xx to an HTTP/1.0 client. */
		if (cminor >= 1) {
			rc = buf_printf(o, "HTTP/1.1 %d %.*s\r\n", h->status,
			    (int)h->reason.len, base + h->reason.off);
			rc |= http_copy_fields(o, base, h, drop);
			rc |= buf_append(o, "\r\n", 2);
			if (rc != 0)
				return session_error(s, 502, 521, NULL);
		}
		buf_consume(&s->s_sin, h->len);
		http_head_init(h, 1);
		return R_AGAIN;
	}
	if (h->status == 101) {
		if (!s->s_ws)
			return session_error(s, 502, 521, NULL);
		rc = buf_printf(o, "HTTP/1.1 101 %.*s\r\n", (int)h->reason.len,
		    base + h->reason.off);
		rc |= http_copy_fields(o, base, h, drop & ~HF_UPGRADE);
		rc |= buf_printf(o, "Connection: Upgrade\r\n\r\n");
		if (rc != 0)
			return session_error(s, 502, 521, NULL);
		buf_consume(&s->s_sin, h->len);
		s->s_rs_head = 0;
		return start_ws_tunnel(s);
	}
	/* RFC 9112 s6.3: the body length of a response. */
	if (s->s_is_head || h->status == 204 || h->status == 304)
		in = HTTP_BODY_NONE;
	else if (h->framing == HTTP_BODY_NONE)
		in = HTTP_BODY_CLOSE;
	else
		in = h->framing;
	chunked_out = cminor >= 1;
	if ((in == HTTP_BODY_CHUNKED || in == HTTP_BODY_CLOSE) && !chunked_out)
		s->s_ckeep = 0;		/* an HTTP/1.0 client reads to EOF */
	if (h->minor >= 1)
		s->s_skeep = !(h->flags & HTTP_F_CLOSE);
	else
		s->s_skeep = (h->flags & HTTP_F_KEEP) &&
		    !(h->flags & HTTP_F_CLOSE);
	if (in == HTTP_BODY_CLOSE)
		s->s_skeep = 0;
	/*
	 * No body by the rules (HEAD, 204, 304), yet the head announces
	 * one: should the server send it after all, a little late, it would
	 * be read as the answer to the next request. Not reused.
	 */
	if (in == HTTP_BODY_NONE && (h->framing == HTTP_BODY_CHUNKED ||
	    (h->framing == HTTP_BODY_LENGTH && h->clen > 0)))
		s->s_skeep = 0;
	if (!x->rqb.done)
		s->s_ckeep = 0;
	rc = buf_printf(o, "HTTP/1.1 %d %.*s\r\n", h->status,
	    (int)h->reason.len, base + h->reason.off);
	rc |= http_copy_fields(o, base, h, drop);
	if (in == HTTP_BODY_LENGTH || (in == HTTP_BODY_NONE &&
	    h->framing == HTTP_BODY_LENGTH && h->status != 204))
		rc |= buf_printf(o, "Content-Length: %llu\r\n",
		    (unsigned long long)h->clen);
	else if ((in == HTTP_BODY_CHUNKED || in == HTTP_BODY_CLOSE ||
	    (in == HTTP_BODY_NONE && h->framing == HTTP_BODY_CHUNKED &&
	    h->status != 204)) && chunked_out)
		rc |= buf_printf(o, "Transfer-Encoding: chunked\r\n");
	if (!s->s_ckeep)
		rc |= buf_printf(o, "Connection: close\r\n");
	else if (cminor == 0)
		rc |= buf_printf(o, "Connection: keep-alive\r\n");
	rc |= buf_append(o, "\r\n", 2);
	if (rc != 0)
		return session_error(s, 502, 521, NULL);
	s->s_rs_sent = 1;
	s->s_rs_head = 0;
	buf_consume(&s->s_sin, h->len);
	http_body_init(&x->rsb, in, h->clen, chunked_out);
	if (in != HTTP_BODY_NONE && (in != HTTP_BODY_LENGTH ||
	    h->clen > PROXY_BUF))
		if (buf_grow(&s->s_sin, svc->s_opts.bufsize) == -1 ||
		    buf_grow(o, svc->s_opts.bufsize) == -1)
			return session_error(s, 500, 21, NULL);
	return R_AGAIN;
}

/* The exchange is over: keep what may be kept, log, go on. */
static int
exchange_done(struct session *s)
{
	struct exch *x = s->s_x;

	if (!s->s_skeep || !x->rqb.done || buf_len(&s->s_sout) > 0 ||
	    s->s_swerr || s->s_seof || buf_len(&s->s_sin) > 0)
		close_server(s);
	else
		s->s_up_busy = 0;
	if (x->rq.len > 0) {
		buf_consume(&s->s_cin, x->rq.len);
		x->rq.len = 0;
	}
	if (!x->rqb.done)
		s->s_close = 1;
	request_log(s);
	if (s->s_close || !s->s_ckeep)
		return session_free(s);
	request_reset(s);
	return enter_head(s);
}

/* RFC 9110 s9.2.2: only these may be sent again automatically. */
static int
idempotent(struct session *s)
{
	const char *base = buf_head(&s->s_cin);
	struct http_span m = s->s_x->rq.method;

	return s->s_x->rq.framing == HTTP_BODY_NONE &&
	    (http_span_is(base, m, "GET") || http_span_is(base, m, "HEAD") ||
	    http_span_is(base, m, "OPTIONS") || http_span_is(base, m, "TRACE") ||
	    http_span_is(base, m, "DELETE"));
}

/*
 * A kept connection closed before the first byte of the answer: send a
 * request without a body once more on a fresh connection.
 */
static int
retry_request(struct session *s)
{
	char ip[ADDR_STRLEN];

	/* The same address again: the policy passed it for this request. */
	(void)addr_ip_str(&s->s_remote, ip, sizeof(ip));
	close_server(s);
	s->s_out = s->s_in = 0;
	s->s_reused = 0;
	return dial_to(s, ip, NULL);
}

static int
st_exchange(struct session *s)
{
	struct exch *x = s->s_x;
	int progress, rc;
	ssize_t n;
	size_t before, room;

	do {
		progress = 0;
		/* The request body, from the client to s_sout. */
		if (!x->rqb.done && !s->s_swerr) {
			before = buf_len(&s->s_cin) + buf_len(&s->s_sout);
			rc = http_body_step(&x->rqb, &s->s_cin, &s->s_sout,
			    s->s_ceof);
			if (rc == HTTP_E_TRUNC)
				return session_error(s, 400, 95, NULL);
			if (rc < 0)
				return session_error(s, 400, 533, NULL);
			/*
			 * Bytes, or the EOF: the next round tells the body
			 * step, which may end the request (the EOF's edge
			 * will not come again).
			 */
			if (!x->rqb.done && client_read(s) != 0)
				progress = 1;
			if (before != buf_len(&s->s_cin) + buf_len(&s->s_sout))
				progress = 1;
		}
		/* To the server. */
		if (buf_len(&s->s_sout) > 0 && (s->s_sio.io_ready & EV_WRITE)) {
			n = buf_write(&s->s_sout, s->s_sio.io_fd);
			if (n > 0) {
				s->s_out += (uint64_t)n;
				progress = 1;
			} else if (n == -1 && errno == EAGAIN)
				s->s_sio.io_ready &= ~EV_WRITE;
			else {
				s->s_swerr = 1;
				buf_reset(&s->s_sout);
				progress = 1;
			}
		}
		/* From the server. */
		if (!s->s_seof && (s->s_sio.io_ready & EV_READ) &&
		    (s->s_rs_head || !x->rsb.done) &&
		    buf_room(&s->s_sin) > 0) {
			room = buf_room(&s->s_sin);
			n = buf_read(&s->s_sin, s->s_sio.io_fd);
			if (n > 0) {
				if ((size_t)n < room && !s->s_srdhup)
					s->s_sio.io_ready &= ~EV_READ;
				s->s_in += (uint64_t)n;
				progress = 1;
			} else if (n == -1 && errno == EAGAIN)
				s->s_sio.io_ready &= ~EV_READ;
			else if (n == -1 && !s->s_rs_head)
				return body_cut(s);
			else {
				s->s_seof = 1;
				progress = 1;
			}
		}
		if (s->s_rs_head && buf_len(&s->s_cout) >= PROXY_BUF) {
			/*
			 * 1xx heads the client has not taken yet: the next
			 * head waits (and the server with it, once s_sin is
			 * full) instead of growing s_cout without bound.
			 */
		} else if (s->s_rs_head) {
			if (buf_len(&s->s_sin) > 0) {
				rc = http_parse_head(&x->rs,
				    buf_head(&s->s_sin), buf_len(&s->s_sin));
				if (rc < 0)
					return session_error(s, 502, 521,
					    NULL);
				if (rc == PARSE_OK) {
					if ((rc = response_head(s)) != R_AGAIN ||
					    s->s_state != ST_EXCHANGE)
						return rc;
					progress = 1;
					continue;
				}
			}
			if ((s->s_seof || s->s_swerr) && s->s_reused &&
			    s->s_in == 0 && x->rq.len > 0 && idempotent(s))
				return retry_request(s);
			if (s->s_seof)
				return session_error(s, 502, s->s_swerr ? 518 :
				    522, NULL);
			if (buf_room(&s->s_sin) == 0 &&
			    buf_grow(&s->s_sin, s->s_sin.b_size * 2 >
			    HTTP_MAX_HEAD ? HTTP_MAX_HEAD :
			    s->s_sin.b_size * 2) == -1)
				return session_error(s, 500, 21, NULL);
		} else if (!x->rsb.done) {
			before = buf_len(&s->s_sin) + buf_len(&s->s_cout);
			rc = http_body_step(&x->rsb, &s->s_sin, &s->s_cout,
			    s->s_seof);
			if (rc < 0) {
				s->s_err = rc == HTTP_E_TRUNC ? 96 : 534;
				return session_free(s);
			}
			if (before != buf_len(&s->s_sin) + buf_len(&s->s_cout))
				progress = 1;
		}
		/* To the client. */
		rc = client_write(s);
		if (rc == -1) {
			s->s_err = 95;
			return session_free(s);
		}
		if (rc > 0)
			progress = 1;
	} while (progress);
	if (!s->s_rs_head && x->rsb.done && buf_len(&s->s_cout) == 0)
		return exchange_done(s);
	return R_WAIT;
}

/*
 * The server's connection failed (a reset) in the middle of a response
 * body, which is then no whole body, even one read to the close. What
 * came before goes on as far as it can at once; the client sees the end
 * of the chunks missing, or, reading to the close, a reset.
 */
static int
body_cut(struct session *s)
{
	struct http_body *b = &s->s_x->rsb;

	if (http_body_step(b, &s->s_sin, &s->s_cout, 0) >= 0)
		(void)client_write(s);
	if (b->in == HTTP_BODY_CLOSE && !b->chunked_out)
		net_abort(s->s_cio.io_fd);
	s->s_err = 96;
	return session_free(s);
}

/* The event plumbing. */

static void
drive(struct session *s)
{
	int r;

	do {
		switch (s->s_state) {
		case ST_HEAD:
			r = st_head(s);
			break;
		case ST_EXCHANGE:
			r = st_exchange(s);
			break;
		case ST_REPLY:
			r = st_reply(s);
			break;
		case ST_FTP:
			r = ftpgw_drive(s);
			break;
		default:
			r = R_WAIT;
			break;
		}
	} while (r == R_AGAIN);
}

void
session_client_ready(struct session *s)
{
	drive(s);
}

static void
client_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;

	if (events & (EV_EOF | EV_ERROR))
		s->s_crdhup = 1;
	drive(s);
}

static void
server_io(struct ev_io *io, unsigned events)
{
	struct session *s = io->io_arg;

	if (events & (EV_EOF | EV_ERROR))
		s->s_srdhup = 1;
	if (!s->s_up_busy) {
		/* A kept connection spoke or closed: it cannot be reused. */
		if (events & (EV_READ | EV_EOF | EV_ERROR)) {
			char c;
			ssize_t n = recv(io->io_fd, &c, 1, MSG_PEEK |
			    MSG_DONTWAIT);

			if (n == -1 && errno == EAGAIN)
				io->io_ready &= ~EV_READ;
			else
				close_server(s);
		}
		return;
	}
	drive(s);
}

/*
 * The wait for a request head is over: an idle client is closed without a
 * record, one that sent part of a head gets 408.
 */
static int
head_expire(struct session *s)
{
	const char *p;
	size_t n = buf_len(&s->s_cin), i;

	/* An idle client may hold no buffer at all. */
	if (n == 0)
		return session_free(s);
	p = buf_head(&s->s_cin);
	for (i = 0; i < n && p[i] != '\r' && p[i] != '\n'; i++)
		;
	request_begin(s, p, i);
	s->s_ckeep = 0;
	return session_error(s, 408, 92, NULL);
}

/*
 * Every slot is taken and this client has waited longest for its head:
 * closed now to make room (the 408 goes if the socket takes it at once).
 */
static int
head_shed(struct shed *sh)
{
	struct session *s = SHED_OWNER(sh, struct session);

	if (s->s_state != ST_HEAD)
		return -1;
	if (head_expire(s) == R_FREED || st_reply(s) == R_FREED)
		return 0;
	session_free(s);
	return 0;
}

static void
session_timer(struct ev_timer *t)
{
	struct session *s = t->t_arg;
	uint64_t now = ev_now(s->s_svc->s_loop);
	int rc = R_WAIT;

	switch (s->s_state) {
	case ST_HEAD:
		if ((rc = head_expire(s)) == R_FREED)
			return;
		break;
	case ST_CONNECT:
		/* The dial keeps the time. */
		return;
	case ST_FTP:
		if (now - s->s_last < s->s_idle_ms) {
			ev_timer_start(s->s_svc->s_loop, t,
			    s->s_idle_ms - (now - s->s_last));
			return;
		}
		ftpgw_timeout(s);
		return;
	default:
		/* Bodies and replies: an idle limit, not a total one. */
		if (now - s->s_last < s->s_idle_ms) {
			ev_timer_start(s->s_svc->s_loop, t,
			    s->s_idle_ms - (now - s->s_last));
			return;
		}
		if (s->s_state == ST_EXCHANGE && !s->s_rs_sent)
			rc = session_error(s, 504, 92, NULL);
		else {
			s->s_err = 92;
			session_free(s);
			return;
		}
		break;
	}
	if (rc == R_AGAIN)
		drive(s);
}

/* A session for fd; NULL when it could not be set up (fd is closed). */
static struct session *
session_new(struct service *svc, int fd, const struct addr *peer,
    const struct addr *local, const void *initial, size_t len,
    const char *user, const char *pass)
{
	struct session *s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		close(fd);
		service_conn_done(svc);
		return NULL;
	}
	s->s_svc = svc;
	s->s_client = *peer;
	s->s_local = *local;
	s->s_sio.io_fd = -1;
	ev_timer_init(&s->s_timer, session_timer, s);
	if (ev_io_start(svc->s_loop, &s->s_cio, fd, client_io, s) == -1) {
		close(fd);
		s->s_cio.io_fd = -1;
		session_free(s);
		return NULL;
	}
	/* Try at once: bytes may be waiting, and writes seldom block. */
	s->s_cio.io_ready = EV_READ | EV_WRITE;
	if ((user != NULL && (s->s_preuser = strdup(user)) == NULL) ||
	    (pass != NULL && (s->s_prepass = strdup(pass)) == NULL) ||
	    (len > 0 && (buf_init(&s->s_cin, len > PROXY_BUF ? len :
	    PROXY_BUF) == -1 || buf_append(&s->s_cin, initial, len) == -1))) {
		session_free(s);
		return NULL;
	}
	return s;
}

int
proxy_session_start(struct service *svc, int fd, const struct addr *peer,
    const struct addr *local, const void *initial, size_t len,
    const char *user, const char *pass)
{
	struct session *s;

	s = session_new(svc, fd, peer, local, initial, len, user, pass);
	if (s == NULL)
		return -1;
	enter_head(s);
	drive(s);
	return 0;
}

void
proxy_accept(struct service *svc, int fd, const struct addr *peer,
    const struct addr *local)
{
	(void)proxy_session_start(svc, fd, peer, local, NULL, 0, NULL, NULL);
}

/* A client another module redirected here, with what it already read. */
void
proxy_handoff(struct service *svc, int fd, const struct handoff *ho)
{
	struct session *s;

	s = session_new(svc, fd, &ho->ho_client, &ho->ho_local, ho->ho_data,
	    ho->ho_datalen, ho->ho_has_user ? ho->ho_user : NULL,
	    ho->ho_has_pass ? ho->ho_pass : NULL);
	if (s == NULL)
		return;
	s->s_hops = ho->ho_hops;
	s->s_srvport = ho->ho_srvport;
	if (ho->ho_service[0] != '\0')
		s->s_origin = strdup(ho->ho_service);
	enter_head(s);
	drive(s);
}

int
proxy_init(struct service *svc, char *err, size_t errlen)
{
	static struct proxy p;
	char host[256];
	size_t i, o = 0;

	(void)err;
	(void)errlen;
	/* Our name in Via: the host name, as a token. */
	if (gethostname(host, sizeof(host)) == -1)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	for (i = 0; host[i] != '\0' && o < sizeof(p.via) - 1; i++)
		if (http_is_tchar((unsigned char)host[i]))
			p.via[o++] = host[i];
	p.via[o] = '\0';
	if (o == 0)
		strlcpy(p.via, "proxy", sizeof(p.via));
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	svc->s_ctx = &p;
	return 0;
}
