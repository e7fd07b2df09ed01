/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* ftp:// requests through the HTTP proxy: download, listing, upload. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "ftpc.h"
#include "policy.h"
#include "proxy.h"

/*
 * Room in s_cout that one listing line needs, escaped twice (href and
 * text) and framed as a chunk.
 */
#define LIST_ROOM	(8 * FTP_MAXLINE)

/* Where an ftp:// request is. */
enum {
	FP_LOGIN,	/* logging in */
	FP_CWD,		/* CWD into the directory to list */
	FP_SIZE,	/* HEAD of a file: SIZE */
	FP_ISDIR,	/* RETR or SIZE found nothing: a directory? */
	FP_LIST,	/* NLST running */
	FP_RETR,	/* RETR running */
	FP_STOR		/* STOR running */
};

struct ftpgw {
	struct ftpc	 g_fc;
	char		 g_user[HTTP_MAX_USER + 1];
	char		 g_pass[HTTP_MAX_PASS + 1];
	char		 g_path[FTPC_MAXARG + 1];	/* decoded, no leading / */
	char		 g_href[FTPC_MAXARG + 2];	/* URL path of the dir */
	int		 g_dir;		/* the URL names a directory */
	int		 g_phase;
	int		 g_head_sent;	/* our response head went out */
	int		 g_chunked;	/* the body goes out chunked */
	int		 g_data_eof;
	int		 g_finished;	/* ftpc_finish() was called */
	int		 g_final;	/* the final reply is in */
	int		 g_footer;	/* the listing's end is written */
	int		 g_continue;	/* 100 Continue was sent */
	char		 g_line[FTP_MAXLINE];	/* a listing line */
	size_t		 g_linelen;
	int		 g_skip;	/* dropping an overlong line */
};

static void	ftp_event(struct ftpc *, int);

/* Decode one percent-encoded URL part; -1 for CR, LF, NUL or a bad escape. */
static int
decode(const char *base, struct http_span sp, char *out, size_t outlen)
{
	if (sp.len == 0) {
		out[0] = '\0';
		return 0;
	}
	return http_pct_decode(base + sp.off, sp.len, out, outlen) < 0 ? -1 : 0;
}

/* The credentials of an "Authorization: Basic" field, if any. */
static int
basic_from_field(struct session *s, struct ftpgw *g)
{
	struct exch *x = s->s_x;
	const char *base = buf_head(&s->s_cin);
	int i;

	for (i = 0; i < x->rq.nfields; i++) {
		const struct http_field *f = &x->rq.f[i];

		if (http_span_is(base, f->name, "Authorization"))
			return http_basic_auth(base + f->value.off,
			    f->value.len, g->g_user, sizeof(g->g_user),
			    g->g_pass, sizeof(g->g_pass));
	}
	return -1;
}

int
ftpgw_check(struct session *s)
{
	struct exch *x = s->s_x;
	const char *t = buf_head(&s->s_cin) + x->rq.target.off;
	struct http_span path = x->url.path;
	struct ftpgw *g;
	size_t n;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return -1;
	s->s_ftp = g;
	/* Only an upload has a body; any other would leave us out of step. */
	if (x->op != OP_FTP_PUT && x->rq.framing != HTTP_BODY_NONE)
		return -1;
	/* RFC 1738 s3.2.2: ";type=" is ours to choose; a query is not FTP. */
	if (memchr(t + path.off, '?', path.len) != NULL)
		return -1;
	for (n = 0; n + 6 <= path.len; n++)
		if (memcmp(t + path.off + n, ";type=", 6) == 0) {
			path.len = (uint32_t)n;
			break;
		}
	if (path.len > 0) {
		path.off++;
		path.len--;
	}
	if (decode(t, path, g->g_path, sizeof(g->g_path)) == -1)
		return -1;
	n = strlen(g->g_path);
	g->g_dir = n == 0 || g->g_path[n - 1] == '/';
	if (n > 0 && g->g_path[n - 1] == '/')
		g->g_path[n - 1] = '\0';
	if (x->url.has_userinfo) {
		if (decode(t, x->url.user, g->g_user, sizeof(g->g_user)) == -1 ||
		    decode(t, x->url.pass, g->g_pass, sizeof(g->g_pass)) == -1 ||
		    g->g_user[0] == '\0')
			return -1;
	} else if (basic_from_field(s, g) == -1) {
		strlcpy(g->g_user, "anonymous", sizeof(g->g_user));
		strlcpy(g->g_pass, "anonymous@", sizeof(g->g_pass));
	}
	if (x->op == OP_FTP_GET && g->g_dir)
		x->op = OP_FTP_LIST;
	return 0;
}

void
ftpgw_free(struct session *s)
{
	struct ftpgw *g = s->s_ftp;

	if (g == NULL)
		return;
	ftpc_stop(&g->g_fc);
	compat_wipe(g->g_pass, sizeof(g->g_pass));
	free(g);
	s->s_ftp = NULL;
}

/* Start of the reply: our head, then the body as it comes. */
static int
send_head(struct session *s, const char *ctype)
{
	struct ftpgw *g = s->s_ftp;
	struct buf *o = &s->s_cout;
	int rc;

	g->g_chunked = s->s_x->rq.minor >= 1;
	if (!g->g_chunked)
		s->s_ckeep = 0;
	if (buf_grow(o, s->s_svc->s_opts.bufsize) == -1 ||
	    buf_grow(&s->s_sin, s->s_svc->s_opts.bufsize) == -1)
		return -1;
	rc = buf_printf(o, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n%s%s\r\n",
	    ctype, g->g_chunked ? "Transfer-Encoding: chunked\r\n" : "",
	    !s->s_ckeep ? "Connection: close\r\n" : s->s_x->rq.minor == 0 ?
	    "Connection: keep-alive\r\n" : "");
	if (rc != 0)
		return -1;
	http_body_init(&s->s_x->rsb, HTTP_BODY_CLOSE, 0, g->g_chunked);
	g->g_head_sent = 1;
	s->s_rs_sent = 1;
	return 0;
}

/* Append body bytes, chunk-framed for an HTTP/1.1 client. */
static int
emit(struct session *s, const char *p, size_t n)
{
	struct buf *o = &s->s_cout;

	if (n == 0)
		return 0;
	if (s->s_ftp->g_chunked && buf_printf(o, "%zx\r\n", n) == -1)
		return -1;
	if (buf_append(o, p, n) == -1)
		return -1;
	if (s->s_ftp->g_chunked && buf_append(o, "\r\n", 2) == -1)
		return -1;
	return 0;
}

/* Characters that may stand in a URL path segment unescaped. */
static int
url_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("-._~!$&'()*+,;=:@", c) != NULL;
}

/* One name of the listing as a link (escaped for the URL and for HTML). */
static int
list_entry(struct session *s, const char *name, size_t n)
{
	struct buf tmp;
	char enc[4];
	size_t i;
	int rc = 0;

	if (n == 0 || (n == 1 && name[0] == '.') ||
	    (n == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	if (buf_init(&tmp, n * 9 + 64) == -1)
		return -1;
	rc |= buf_append(&tmp, "<a href=\"", 9);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (url_safe(c) && c != '&' && c != '\'')
			rc |= buf_append(&tmp, name + i, 1);
		else {
			snprintf(enc, sizeof(enc), "%%%02X", c);
			rc |= buf_append(&tmp, enc, 3);
		}
	}
	rc |= buf_append(&tmp, "\">", 2);
	rc |= http_html_escape(&tmp, name, n);
	rc |= buf_append(&tmp, "</a>\n", 5);
	if (rc == 0)
		rc = emit(s, buf_head(&tmp), buf_len(&tmp));
	buf_free(&tmp);
	return rc;
}

static int
list_header(struct session *s)
{
	struct ftpgw *g = s->s_ftp;
	struct buf tmp;
	int rc;

	if (buf_init(&tmp, 4 * sizeof(g->g_href) + 256) == -1)
		return -1;
	rc = buf_printf(&tmp, "<html><head><title>Index of /");
	rc |= http_html_escape(&tmp, g->g_path, strlen(g->g_path));
	rc |= buf_printf(&tmp, "%s</title></head>\n<body><h2>Index of /",
	    g->g_path[0] != '\0' ? "/" : "");
	rc |= http_html_escape(&tmp, g->g_path, strlen(g->g_path));
	rc |= buf_printf(&tmp, "%s</h2>\n<pre>\n<a href=\"../\">../</a>\n",
	    g->g_path[0] != '\0' ? "/" : "");
	if (rc == 0)
		rc = emit(s, buf_head(&tmp), buf_len(&tmp));
	buf_free(&tmp);
	return rc;
}

/* Render the NLST lines that arrived in s_sin. */
static int
list_pump(struct session *s)
{
	struct ftpgw *g = s->s_ftp;
	struct buf *in = &s->s_sin;

	while (buf_len(in) > 0 && buf_room(&s->s_cout) >= LIST_ROOM) {
		char c = *buf_head(in);

		buf_consume(in, 1);
		if (c != '\n') {
			if (g->g_linelen < sizeof(g->g_line))
				g->g_line[g->g_linelen++] = c;
			else
				g->g_skip = 1;
			continue;
		}
		if (g->g_linelen > 0 && g->g_line[g->g_linelen - 1] == '\r')
			g->g_linelen--;
		if (!g->g_skip && list_entry(s, g->g_line, g->g_linelen) == -1)
			return -1;
		g->g_linelen = 0;
		g->g_skip = 0;
	}
	if (g->g_data_eof && buf_len(in) == 0 && !g->g_footer &&
	    buf_room(&s->s_cout) >= LIST_ROOM) {
		if (!g->g_skip && list_entry(s, g->g_line, g->g_linelen) == -1)
			return -1;
		if (emit(s, "</pre>\n</body></html>\n", 22) == -1 ||
		    (g->g_chunked && buf_append(&s->s_cout, "0\r\n\r\n", 5) == -1))
			return -1;
		g->g_footer = 1;
	}
	return 0;
}

/* The FTP side is done with: no control connection is kept. */
static void
close_ftp(struct session *s)
{
	ftpgw_free(s);
	ev_io_close(s->s_svc->s_loop, &s->s_sio);
	free(s->s_uphost); s->s_uphost = NULL;
	s->s_up_busy = 0;
}

/* The request was answered in full. */
static int
finish(struct session *s)
{
	struct ftpgw *g = s->s_ftp;

	s->s_in = g->g_fc.fc_in;
	s->s_out = g->g_fc.fc_out;
	close_ftp(s);
	return session_request_done(s);
}

/* An FTP failure, as HTTP: before our head a status, after it a cut. */
static int
ftp_failed(struct session *s, int err)
{
	struct ftpgw *g = s->s_ftp;

	s->s_in = g->g_fc.fc_in;
	s->s_out = g->g_fc.fc_out;
	if (g->g_head_sent) {
		s->s_err = err;
		ftpgw_free(s);
		return session_error(s, 502, err, NULL);
	}
	switch (err) {
	case FTPC_ELOGIN:
	case FTPC_EPASS:
		return session_error(s, 401, err, NULL);
	case FTPC_ENOENT:
		return session_error(s, 404, err, NULL);
	default:
		return session_error(s, 502, err, NULL);
	}
}

static int
start_list(struct session *s)
{
	struct ftpgw *g = s->s_ftp;

	g->g_phase = FP_LIST;
	s->s_x->op = OP_FTP_LIST;
	if (ftpc_transfer(&g->g_fc, "NLST", NULL, 0) == -1)
		return ftp_failed(s, FTPC_EREFUSED);
	return R_WAIT;
}

/*
 * The URL names a directory without its final '/': send the client there,
 * so that the relative links of the listing resolve (RFC 9110 s15.4.2).
 */
static int
redirect_dir(struct session *s)
{
	struct exch *x = s->s_x;
	const char *t = buf_head(&s->s_cin) + x->rq.target.off;
	char hdr[HTTP_MAX_LINE + 64];
	int n;

	close_ftp(s);
	n = snprintf(hdr, sizeof(hdr), "Location: %.*s/\r\n",
	    (int)x->rq.target.len, t);
	if (n < 0 || (size_t)n >= sizeof(hdr))
		return session_error(s, 414, 516, NULL);
	return session_reply(s, 301, hdr, "", 0);
}

/* Logged in: ask for what the URL names. */
static int
start_op(struct session *s)
{
	struct ftpgw *g = s->s_ftp;
	struct exch *x = s->s_x;
	int rc;

	if (x->op == OP_FTP_PUT) {
		if (g->g_dir)
			return session_error(s, 400, 799, NULL);
		g->g_phase = FP_STOR;
		rc = ftpc_transfer(&g->g_fc, "STOR", g->g_path, 1);
	} else if (g->g_dir && g->g_path[0] == '\0') {
		if (s->s_is_head)
			return session_reply(s, 200, "Content-Type: text/html"
			    "\r\n", NULL, 0);
		return start_list(s);
	} else if (g->g_dir) {
		g->g_phase = FP_CWD;
		rc = ftpc_command(&g->g_fc, "CWD", g->g_path);
	} else if (s->s_is_head) {
		g->g_phase = FP_SIZE;
		rc = ftpc_command(&g->g_fc, "SIZE", g->g_path);
	} else {
		g->g_phase = FP_RETR;
		rc = ftpc_transfer(&g->g_fc, "RETR", g->g_path, 0);
	}
	if (rc == -1)
		return ftp_failed(s, FTPC_EREFUSED);
	return R_WAIT;
}

/* What the FTP client reports, step by step. */
static int
on_event(struct session *s, int ev)
{
	struct ftpgw *g = s->s_ftp;
	struct ftpc *fc = &g->g_fc;
	char hdr[64];

	s->s_last = ev_now(s->s_svc->s_loop);
	if (ev == FTPC_ERROR) {
		/* Nothing at that path: it may still be a directory. */
		if (fc->fc_err == FTPC_ENOENT && g->g_phase == FP_RETR) {
			g->g_phase = FP_ISDIR;
			if (ftpc_command(fc, "CWD", g->g_path) == -1)
				return ftp_failed(s, FTPC_ENOENT);
			return R_WAIT;
		}
		return ftp_failed(s, fc->fc_err);
	}
	if (ev == FTPC_DONE) {
		g->g_final = 1;
		return R_AGAIN;
	}
	if (ev == FTPC_DATA) {
		if (!g->g_head_sent && g->g_phase != FP_STOR) {
			if (send_head(s, g->g_phase == FP_LIST ?
			    "text/html; charset=utf-8" :
			    "application/octet-stream") == -1 ||
			    (g->g_phase == FP_LIST && list_header(s) == -1))
				return session_error(s, 500, 21, NULL);
		}
		if (g->g_phase == FP_STOR && !g->g_continue) {
			g->g_continue = 1;
			if ((s->s_x->rq.flags & HTTP_F_EXPECT) &&
			    s->s_x->rq.minor >= 1 && buf_append(&s->s_cout,
			    "HTTP/1.1 100 Continue\r\n\r\n", 25) == -1)
				return session_error(s, 500, 21, NULL);
		}
		return R_AGAIN;
	}
	/* FTPC_READY: logged in, or a command was answered. */
	switch (g->g_phase) {
	case FP_LOGIN:
		return start_op(s);
	case FP_CWD:
		if (fc->fc_code != 250)
			return ftp_failed(s, FTPC_ENOENT);
		return start_list(s);
	case FP_SIZE:
		if (fc->fc_code == 213) {
			const char *p = fc->fc_text + 3;
			unsigned long long v;

			while (*p == ' ')
				p++;
			v = strtoull(p, NULL, 10);
			snprintf(hdr, sizeof(hdr), "Content-Type: application/"
			    "octet-stream\r\nContent-Length: %llu\r\n", v);
			return session_reply(s, 200, hdr, NULL, 0);
		}
		g->g_phase = FP_ISDIR;
		if (ftpc_command(fc, "CWD", g->g_path) == -1)
			return ftp_failed(s, FTPC_ENOENT);
		return R_WAIT;
	case FP_ISDIR:
		if (fc->fc_code != 250)
			return ftp_failed(s, FTPC_ENOENT);
		return redirect_dir(s);
	default:
		return R_WAIT;
	}
}

static void
ftp_event(struct ftpc *fc, int ev)
{
	struct session *s = fc->fc_arg;

	if (on_event(s, ev) == R_AGAIN)
		session_client_ready(s);
}

int
ftpgw_start(struct session *s)
{
	struct service *svc = s->s_svc;
	struct ftpgw *g = s->s_ftp;

	s->s_state = ST_FTP;
	s->s_up_busy = 1;
	g->g_phase = FP_LOGIN;
	if (s->s_x->op == OP_FTP_PUT) {
		/* The body follows the head in s_cin. */
		buf_consume(&s->s_cin, s->s_x->rq.len);
		s->s_x->rq.len = 0;
		http_body_init(&s->s_x->rqb, s->s_x->rq.framing,
		    s->s_x->rq.clen, 0);
	}
	/* Whatever -b says, a listing line must fit (list_pump()). */
	if (buf_grow(&s->s_cout, LIST_ROOM + PROXY_BUF) == -1 ||
	    buf_grow(&s->s_sin, PROXY_BUF) == -1 ||
	    buf_grow(&s->s_sout, PROXY_BUF) == -1 ||
	    ftpc_start(&g->g_fc, svc->s_loop, &s->s_sio,
	    service_ext(svc, addr_family(&s->s_remote)), g->g_user, g->g_pass,
	    ftp_event, s) == -1)
		return session_error(s, 500, 21, NULL);
	compat_wipe(g->g_pass, sizeof(g->g_pass));
	s->s_idle_ms = service_timeout_ms(svc, TO_CONN_SHORT);
	s->s_last = ev_now(svc->s_loop);
	ev_timer_start(svc->s_loop, &s->s_timer, s->s_idle_ms);
	return R_WAIT;
}

/* Download: data from the FTP server to the client. */
static int
pump_down(struct session *s)
{
	struct ftpgw *g = s->s_ftp;
	struct buf *in = &s->s_sin;
	size_t room;
	ssize_t n;

	for (;;) {
		int progress = 0;

		if (!g->g_data_eof && (room = buf_room(in)) > 0) {
			n = ftpc_read(&g->g_fc, buf_tail(in), room);
			if (n > 0) {
				buf_commit(in, (size_t)n);
				progress = 1;
			} else if (n == 0) {
				g->g_data_eof = 1;
				progress = 1;
			} else if (errno != EAGAIN)
				return ftp_failed(s, FTPC_EDATA);
		}
		if (g->g_phase == FP_LIST) {
			size_t before = buf_len(in);

			if (list_pump(s) == -1)
				return session_error(s, 500, 21, NULL);
			if (buf_len(in) != before)
				progress = 1;
		} else if (buf_len(in) > 0 || g->g_data_eof) {
			size_t before = buf_len(in);
			int rc = http_body_step(&s->s_x->rsb, in, &s->s_cout,
			    g->g_data_eof);

			if (rc < 0)
				return ftp_failed(s, FTPC_EDATA);
			if (buf_len(in) != before)
				progress = 1;
		}
		if ((n = client_write(s)) == -1) {
			s->s_err = 95;
			s->s_in = g->g_fc.fc_in;
			return session_error(s, 502, 95, NULL);
		}
		if (n > 0)
			progress = 1;
		if (!progress)
			break;
	}
	if (g->g_data_eof && !g->g_finished && (g->g_phase == FP_LIST ?
	    g->g_footer : s->s_x->rsb.done)) {
		g->g_finished = 1;
		if (ftpc_finish(&g->g_fc) == 1)
			g->g_final = 1;
	}
	if (g->g_finished && g->g_final && buf_len(&s->s_cout) == 0) {
		if (!ftpc_ok(&g->g_fc))
			return ftp_failed(s, FTPC_EXFER);
		return finish(s);
	}
	return R_WAIT;
}

/* Upload: the request body from the client to the FTP server. */
static int
pump_up(struct session *s)
{
	struct ftpgw *g = s->s_ftp;
	struct exch *x = s->s_x;
	struct buf *out = &s->s_sout;
	ssize_t n;
	int rc, progress;

	do {
		size_t before = buf_len(&s->s_cin) + buf_len(out);

		progress = 0;
		if (client_write(s) > 0)
			progress = 1;
		if (!x->rqb.done) {
			rc = http_body_step(&x->rqb, &s->s_cin, out, s->s_ceof);
			if (rc == HTTP_E_TRUNC) {
				s->s_in = g->g_fc.fc_in;
				s->s_out = g->g_fc.fc_out;
				return session_error(s, 400, 95, NULL);
			}
			if (rc < 0)
				return session_error(s, 400, 533, NULL);
			if (!x->rqb.done && client_read(s) > 0)
				progress = 1;
		}
		if (buf_len(out) > 0) {
			n = ftpc_write(&g->g_fc, buf_head(out), buf_len(out));
			if (n > 0)
				buf_consume(out, (size_t)n);
			else if (n == -1 && errno != EAGAIN)
				return ftp_failed(s, FTPC_EDATA);
		}
		if (before != buf_len(&s->s_cin) + buf_len(out))
			progress = 1;
	} while (progress);
	if (x->rqb.done && buf_len(out) == 0 && !g->g_finished) {
		g->g_finished = 1;
		if (ftpc_finish(&g->g_fc) == 1)
			g->g_final = 1;
	}
	/* The 100 Continue, if any, must be out before the final reply. */
	if (g->g_finished && g->g_final && buf_len(&s->s_cout) == 0) {
		s->s_in = g->g_fc.fc_in;
		s->s_out = g->g_fc.fc_out;
		if (!ftpc_ok(&g->g_fc))
			return ftp_failed(s, FTPC_EXFER);
		close_ftp(s);
		return session_reply(s, 201, "Content-Type: text/plain\r\n",
		    "stored\n", 7);
	}
	return R_WAIT;
}

int
ftpgw_drive(struct session *s)
{
	struct ftpgw *g = s->s_ftp;

	if (g == NULL)
		return R_WAIT;
	if (g->g_phase == FP_STOR) {
		if (!g->g_continue)
			return client_write(s) == -1 ? session_error(s, 502, 95,
			    NULL) : R_WAIT;
		return pump_up(s);
	}
	if (g->g_phase == FP_RETR || g->g_phase == FP_LIST) {
		if (!g->g_head_sent)
			return R_WAIT;
		return pump_down(s);
	}
	return R_WAIT;
}

void
ftpgw_timeout(struct session *s)
{
	int rc;

	s->s_err = 92;
	if (s->s_ftp != NULL && s->s_ftp->g_head_sent) {
		s->s_in = s->s_ftp->g_fc.fc_in;
		s->s_out = s->s_ftp->g_fc.fc_out;
	}
	rc = session_error(s, 504, 92, NULL);
	if (rc == R_AGAIN)
		session_client_ready(s);
}
