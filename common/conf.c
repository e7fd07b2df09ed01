/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The 3proxy.cfg language: reader, command table, batch state, fragments. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "conf.h"
#include "log.h"
#include "policy.h"
#include "resolv.h"
#include "server.h"

/* cc_sub of CK_CORE commands. */
#define C_INTERNAL	1
#define C_EXTERNAL	2
#define C_MAXCONN	3
#define C_BACKLOG	4
#define C_NOOP		5
#define C_STACKSIZE	6
#define C_FORCE		7
#define C_NOFORCE	8
#define C_DELIM		9
#define C_TIMEOUTS	10
#define C_PRETRIES	11
#define C_LOG		12
#define C_LOGFORMAT	13

/* cc_sub of CK_POLICY commands: where the line is kept for a fragment. */
#define PL_ACL		1	/* ordered, emptied by flush */
#define PL_FLUSH	2
#define PL_AUTH		3	/* the last one counts */
#define PL_AUTHCACHE	4	/* the last one counts */
#define PL_GLOBAL	5	/* every one, for every service */
#define PL_LIMIT	6	/* global lists of limiters and counters */

#define ANY	0

/*
 * Every command of the original (reference 2.3 and the HowTo), with its
 * argument counts, command word included. Sorted by kind for the reader of
 * this table, searched linearly (a config has few lines).
 */
static const struct conf_cmd cmds[] = {
	/* Services: the module binary has the command's name. */
	{ "proxy",		1, ANY,	CK_SERVICE,	0 },
	{ "socks",		1, ANY,	CK_SERVICE,	0 },
	{ "pop3p",		1, ANY,	CK_SERVICE,	0 },
	{ "ftppr",		1, ANY,	CK_SERVICE,	0 },
	{ "tcppm",		4, ANY,	CK_SERVICE,	0 },
	{ "udppm",		4, ANY,	CK_SERVICE,	0 },
	{ "dnspr",		1, ANY,	CK_SERVICE,	0 },
	{ "imapp",		1, ANY,	CK_NOTIMPL,	0 },
	{ "smtpp",		1, ANY,	CK_NOTIMPL,	0 },
	{ "tlspr",		1, ANY,	CK_NOTIMPL,	0 },
	{ "admin",		1, ANY,	CK_NOTIMPL,	0 },
	{ "auto",		1, ANY,	CK_NOTIMPL,	0 },
	/* Process control: the supervisor does these in order. */
	{ "daemon",		1, 1,	CK_PROC,	CP_DAEMON },
	{ "pidfile",		2, 2,	CK_PROC,	CP_PIDFILE },
	{ "setuid",		2, 2,	CK_PROC,	CP_SETUID },
	{ "setgid",		2, 2,	CK_PROC,	CP_SETGID },
	{ "chroot",		2, 4,	CK_PROC,	CP_CHROOT },
	{ "config",		2, 2,	CK_PROC,	CP_CONFIG },
	{ "system",		2, 2,	CK_PROC,	CP_SYSTEM },
	{ "monitor",		2, 2,	CK_PROC,	CP_MONITOR },
	/* The reader's own words. */
	{ "include",		2, 2,	CK_READER,	0 },
	{ "end",		1, 1,	CK_READER,	0 },
	/* Settings handled here. */
	{ "internal",		2, 2,	CK_CORE,	C_INTERNAL },
	{ "external",		2, 2,	CK_CORE,	C_EXTERNAL },
	{ "maxconn",		2, 2,	CK_CORE,	C_MAXCONN },
	{ "backlog",		2, 2,	CK_CORE,	C_BACKLOG },
	{ "service",		1, 1,	CK_CORE,	C_NOOP },
	{ "stacksize",		2, 2,	CK_CORE,	C_STACKSIZE },
	{ "force",		1, 1,	CK_CORE,	C_FORCE },
	{ "noforce",		1, 1,	CK_CORE,	C_NOFORCE },
	{ "delimchar",		2, 2,	CK_CORE,	C_DELIM },
	{ "timeouts",		2, 12,	CK_CORE,	C_TIMEOUTS },
	{ "parentretries",	2, 2,	CK_CORE,	C_PRETRIES },
	{ "log",		1, 3,	CK_CORE,	C_LOG },
	{ "logformat",		2, 2,	CK_CORE,	C_LOGFORMAT },
	/* Authentication, ACLs, parents: the policy's. */
	{ "auth",		2, ANY,	CK_POLICY,	PL_AUTH },
	{ "authcache",		2, 4,	CK_POLICY,	PL_AUTHCACHE },
	{ "users",		1, ANY,	CK_POLICY,	PL_GLOBAL },
	{ "authnserver",	2, 2,	CK_POLICY,	PL_GLOBAL },
	{ "allow",		1, ANY,	CK_POLICY,	PL_ACL },
	{ "deny",		1, ANY,	CK_POLICY,	PL_ACL },
	{ "redirect",		3, ANY,	CK_POLICY,	PL_ACL },
	{ "parent",		5, 7,	CK_POLICY,	PL_ACL },
	{ "weight",		2, 2,	CK_POLICY,	PL_ACL },
	{ "nolog",		1, 1,	CK_POLICY,	PL_ACL },
	{ "flush",		1, 1,	CK_POLICY,	PL_FLUSH },
	/* Limiters and counters: global lists, the policy's when it has them. */
	{ "bandlimin",		2, ANY,	CK_POLICY,	PL_LIMIT },
	{ "bandlimout",		2, ANY,	CK_POLICY,	PL_LIMIT },
	{ "nobandlimin",	1, ANY,	CK_POLICY,	PL_LIMIT },
	{ "nobandlimout",	1, ANY,	CK_POLICY,	PL_LIMIT },
	{ "connlim",		3, ANY,	CK_POLICY,	PL_LIMIT },
	{ "noconnlim",		1, ANY,	CK_POLICY,	PL_LIMIT },
	{ "countin",		4, ANY,	CK_POLICY,	PL_LIMIT },
	{ "countout",		4, ANY,	CK_POLICY,	PL_LIMIT },
	{ "countall",		4, ANY,	CK_POLICY,	PL_LIMIT },
	{ "nocountin",		1, ANY,	CK_POLICY,	PL_LIMIT },
	{ "nocountout",		1, ANY,	CK_POLICY,	PL_LIMIT },
	{ "nocountall",		1, ANY,	CK_POLICY,	PL_LIMIT },
	/* The resolver's. */
	{ "nserver",		2, 2,	CK_RESOLV,	0 },
	{ "nscache",		2, 2,	CK_RESOLV,	0 },
	{ "nscache6",		2, 2,	CK_RESOLV,	0 },
	{ "nsrecord",		3, 3,	CK_RESOLV,	0 },
	{ "fakeresolve",	1, 1,	CK_RESOLV,	0 },
	{ "dialer",		2, 2,	CK_RESOLV,	0 },
	/* Recognised, without behaviour in this build yet. */
	{ "counter",		2, 4,	CK_NOTIMPL,	0 },
	{ "rotate",		2, 2,	CK_NOTIMPL,	0 },
	{ "archiver",		3, ANY,	CK_NOTIMPL,	0 },
	{ "logdump",		2, 3,	CK_NOTIMPL,	0 },
	{ "radius",		3, ANY,	CK_NOTIMPL,	0 },
	{ "plugin",		3, ANY,	CK_NOTIMPL,	0 },
	{ "writable",		1, 1,	CK_NOTIMPL,	0 },
	{ "filtermaxsize",	2, 2,	CK_NOTIMPL,	0 },
	{ "maxseg",		2, 2,	CK_NOTIMPL,	0 },
	/* Outside a libc-only build. */
	{ "ssl_mitm",		1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_nomitm",		1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_serv",		1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_server",		1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_noserv",		1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_noserver",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_cli",		1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_client",		1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_nocli",		1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_noclient",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_server_cert",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_server_key",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_client_cert",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_client_key",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_server_ca_file",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_server_ca_key",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_server_ca_dir",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_server_ca_store", 1, ANY, CK_UNSUPP,	0 },
	{ "ssl_client_ca_file",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_client_ca_dir",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_client_ca_store", 1, ANY, CK_UNSUPP,	0 },
	{ "ssl_client_ciphersuites", 1, ANY, CK_UNSUPP,	0 },
	{ "ssl_server_ciphersuites", 1, ANY, CK_UNSUPP,	0 },
	{ "ssl_client_cipher_list", 1, ANY, CK_UNSUPP,	0 },
	{ "ssl_server_cipher_list", 1, ANY, CK_UNSUPP,	0 },
	{ "ssl_client_min_proto_version", 1, ANY, CK_UNSUPP, 0 },
	{ "ssl_client_max_proto_version", 1, ANY, CK_UNSUPP, 0 },
	{ "ssl_server_min_proto_version", 1, ANY, CK_UNSUPP, 0 },
	{ "ssl_server_max_proto_version", 1, ANY, CK_UNSUPP, 0 },
	{ "ssl_client_verify",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_client_no_verify", 1, ANY, CK_UNSUPP,	0 },
	{ "ssl_server_verify",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_server_no_verify", 1, ANY, CK_UNSUPP,	0 },
	{ "ssl_client_sni",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_client_alpn",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_client_mode",	1, ANY,	CK_UNSUPP,	0 },
	{ "ssl_certcache",	1, ANY,	CK_UNSUPP,	0 },
	{ "pcre",		1, ANY,	CK_UNSUPP,	0 },
	{ "pcre_rewrite",	1, ANY,	CK_UNSUPP,	0 },
	{ "pcre_extend",	1, ANY,	CK_UNSUPP,	0 },
	{ "pcre_options",	1, ANY,	CK_UNSUPP,	0 },
};

static const unsigned default_timeouts[TO_COUNT] = {
	1, 5, 30, 60, 180, 1800, 15, 60, 15, 5, 5
};

/* Settings of the last configuration applied in a module. */
static char g_delim = '@';
static unsigned g_pretries = 2;
static int g_noforce;

char
conf_delimiter(void)
{
	return g_delim;
}

unsigned
conf_parent_retries(void)
{
	return g_pretries;
}

int
conf_noforce(void)
{
	return g_noforce;
}

void
conf_err(struct conf_errs *e, const struct conf_where *w, const char *fmt,
    ...)
{
	char msg[CONF_MAXERRTEXT], text[CONF_MAXERRTEXT + 4096 + 16];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (w != NULL)
		snprintf(text, sizeof(text), "%.4096s:%u: %s", w->cw_file,
		    w->cw_line, msg);
	else
		strlcpy(text, msg, sizeof(text));
	if (e->ce_count++ == 0)
		strlcpy(e->ce_first, text, sizeof(e->ce_first));
	if (e->ce_print != NULL)
		e->ce_print(e->ce_arg, text);
	else
		log_warnx("%s", text);
}

char *
conf_slurp_fd(int fd, size_t max, size_t *len)
{
	size_t n = 0, cap = 4096;
	char *b = malloc(cap + 1), *nb;
	ssize_t r;

	if (b == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				free(b);
				errno = EFBIG;
				return NULL;
			}
			cap = cap * 2 > max ? max : cap * 2;
			if ((nb = realloc(b, cap + 1)) == NULL) {
				free(b);
				return NULL;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			int save = errno;

			free(b);
			errno = save;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	b[n] = '\0';
	*len = n;
	return b;
}

char *
conf_slurp(const char *path, size_t max, size_t *len)
{
	int fd, save;
	char *b;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd == -1 && errno == EINTR);
	if (fd == -1)
		return NULL;
	b = conf_slurp_fd(fd, max, len);
	save = errno;
	close(fd);
	errno = save;
	return b;
}

/* The reader. */

/* The words of one command being built. */
struct toks {
	char	**t_v;
	int	  t_n;
	int	  t_cap;
	char	 *t_cur;	/* the word being built */
	size_t	  t_len;
	size_t	  t_size;
	int	  t_have;	/* a word has begun (even "") */
};

struct reader {
	int			 r_flags;
	conf_cmd_cb		 r_cb;
	void			*r_arg;
	struct conf_errs	*r_errs;
	int			 r_depth;
};

static void
toks_reset(struct toks *t)
{
	int i;

	for (i = 0; i < t->t_n; i++) {
		free(t->t_v[i]); t->t_v[i] = NULL;
	}
	t->t_n = 0;
	t->t_len = 0;
	t->t_have = 0;
}

static void
toks_free(struct toks *t)
{
	toks_reset(t);
	free(t->t_v); t->t_v = NULL;
	free(t->t_cur); t->t_cur = NULL;
	t->t_cap = 0;
	t->t_size = 0;
}

static int
toks_putc(struct toks *t, char c)
{
	if (t->t_len + 1 >= t->t_size) {
		size_t n = t->t_size ? t->t_size * 2 : 256;
		char *p = realloc(t->t_cur, n);

		if (p == NULL)
			return -1;
		t->t_cur = p;
		t->t_size = n;
	}
	t->t_cur[t->t_len++] = c;
	t->t_have = 1;
	return 0;
}

/* Finish the current word, if one began. 0, or -1 (memory or too many). */
static int
toks_end(struct toks *t)
{
	char *w;

	if (!t->t_have)
		return 0;
	if (t->t_n >= CONF_MAXARGS) {
		errno = E2BIG;
		return -1;
	}
	if (t->t_n + 2 > t->t_cap) {
		int n = t->t_cap ? t->t_cap * 2 : 16;
		char **v = realloc(t->t_v, (size_t)n * sizeof(*v));

		if (v == NULL)
			return -1;
		t->t_v = v;
		t->t_cap = n;
	}
	if ((w = malloc(t->t_len + 1)) == NULL)
		return -1;
	if (t->t_len > 0)
		memcpy(w, t->t_cur, t->t_len);
	w[t->t_len] = '\0';
	t->t_v[t->t_n++] = w;
	t->t_v[t->t_n] = NULL;
	t->t_len = 0;
	t->t_have = 0;
	return 0;
}

static int
is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int tokenize(struct reader *, const struct conf_where *, const char *,
    size_t, int, struct toks *);

/*
 * $path: the file's words replace the macro; the first one is glued to what
 * precedes the $ in the same word. The text of the file is split like a
 * line, but a $ inside it is an ordinary character (no nesting).
 */
static int
expand(struct reader *rd, const struct conf_where *w, const char *s, size_t n,
    size_t *used, struct toks *t)
{
	char path[4096], *text;
	size_t i = 0, plen = 0, len;
	int q = 0, rc;

	while (i < n && (q || !is_sep(s[i]))) {
		if (s[i] == '"') {
			if (q && i + 1 < n && s[i + 1] == '"') {
				i++;
			} else {
				q = !q;
				i++;
				continue;
			}
		}
		if (plen + 1 >= sizeof(path)) {
			conf_err(rd->r_errs, w, "$ file name too long");
			return -1;
		}
		path[plen++] = s[i++];
	}
	path[plen] = '\0';
	*used = i;
	if (q) {
		conf_err(rd->r_errs, w, "unterminated quote");
		return -1;
	}
	if (plen == 0) {
		conf_err(rd->r_errs, w, "$ without a file name");
		return -1;
	}
	if (rd->r_flags & CONF_NOFILES) {
		conf_err(rd->r_errs, w, "$%s: files are not read here", path);
		return -1;
	}
	if ((text = conf_slurp(path, CONF_MAXINCL, &len)) == NULL) {
		conf_err(rd->r_errs, w, "$%s: %s", path, errno == EFBIG ?
		    "larger than 1 MiB" : strerror(errno));
		return -1;
	}
	rc = tokenize(rd, w, text, len, 0, t);
	free(text);
	return rc;
}

/*
 * Split text into words (reference 2.2): blanks, CR and LF separate; a
 * quoted span may hold anything, "" inside it is one quote; an unquoted $
 * includes a file when dollar is set.
 */
static int
tokenize(struct reader *rd, const struct conf_where *w, const char *s,
    size_t n, int dollar, struct toks *t)
{
	size_t i;
	int q = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\0') {
			conf_err(rd->r_errs, w, "NUL byte in %s",
			    dollar ? "line" : "included file");
			return -1;
		}
		if (q) {
			if (c != '"') {
				if (toks_putc(t, c) == -1)
					goto nomem;
			} else if (i + 1 < n && s[i + 1] == '"') {
				if (toks_putc(t, '"') == -1)
					goto nomem;
				i++;
			} else
				q = 0;
			continue;
		}
		if (is_sep(c)) {
			if (toks_end(t) == -1)
				goto nomem;
		} else if (c == '"') {
			q = 1;
			t->t_have = 1;
		} else if (c == '$' && dollar) {
			size_t used;

			if (expand(rd, w, s + i + 1, n - i - 1, &used, t) == -1)
				return -1;
			i += used;
		} else if (toks_putc(t, c) == -1)
			goto nomem;
	}
	if (q) {
		conf_err(rd->r_errs, w, "unterminated quote%s",
		    dollar ? "" : " in included file");
		return -1;
	}
	return 0;
nomem:
	conf_err(rd->r_errs, w, errno == E2BIG ? "more than %d arguments" :
	    "out of memory", CONF_MAXARGS);
	return -1;
}

static void read_text(struct reader *, const char *, const char *, size_t);

static void
include(struct reader *rd, const struct conf_where *w, int argc, char **argv)
{
	char *text;
	size_t len;

	if (argc != 2) {
		conf_err(rd->r_errs, w, "include: wrong number of arguments "
		    "(%d, expected 1)", argc - 1);
		return;
	}
	if (rd->r_flags & CONF_NOFILES) {
		conf_err(rd->r_errs, w, "include: files are not read here");
		return;
	}
	if (rd->r_depth >= CONF_MAXDEPTH) {
		conf_err(rd->r_errs, w, "include %s: nested more than %d deep",
		    argv[1], CONF_MAXDEPTH);
		return;
	}
	if ((text = conf_slurp(argv[1], CONF_MAXFILE, &len)) == NULL) {
		conf_err(rd->r_errs, w, "include %s: %s", argv[1],
		    errno == EFBIG ? "larger than 16 MiB" : strerror(errno));
		return;
	}
	rd->r_depth++;
	read_text(rd, argv[1], text, len);
	rd->r_depth--;
	free(text);
}

/*
 * Run text line by line. A line whose first character is # or blank is a
 * comment; "end" stops this file; "include" runs another one in place.
 */
static void
read_text(struct reader *rd, const char *name, const char *text, size_t len)
{
	struct toks t;
	struct conf_where w;
	size_t pos = 0;

	memset(&t, 0, sizeof(t));
	w.cw_file = name;
	w.cw_line = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		size_t n = end - pos;
		const char *line = text + pos;

		w.cw_line++;
		pos = end + 1;
		if (n == 0 || line[0] == '#' || isspace((unsigned char)line[0]))
			continue;
		if (!(rd->r_flags & CONF_LONGLINES) && n > CONF_MAXLINE) {
			conf_err(rd->r_errs, &w, "line longer than %d bytes",
			    CONF_MAXLINE);
			continue;
		}
		toks_reset(&t);
		if (tokenize(rd, &w, line, n, 1, &t) == -1)
			continue;
		if (toks_end(&t) == -1) {
			conf_err(rd->r_errs, &w, "out of memory");
			continue;
		}
		if (t.t_n == 0)
			continue;
		if (strcmp(t.t_v[0], "end") == 0) {
			if (t.t_n == 1)
				break;
			conf_err(rd->r_errs, &w, "end: wrong number of "
			    "arguments (%d, expected 0)", t.t_n - 1);
			continue;
		}
		if (strcmp(t.t_v[0], "include") == 0) {
			include(rd, &w, t.t_n, t.t_v);
			continue;
		}
		(void)rd->r_cb(rd->r_arg, &w, t.t_n, t.t_v);
	}
	toks_free(&t);
}

void
conf_read_mem(const char *name, const char *text, size_t len, int flags,
    conf_cmd_cb cb, void *arg, struct conf_errs *errs)
{
	struct reader rd;

	rd.r_flags = flags;
	rd.r_cb = cb;
	rd.r_arg = arg;
	rd.r_errs = errs;
	rd.r_depth = 0;
	read_text(&rd, name, text, len);
}

int
conf_read_file(const char *path, int flags, conf_cmd_cb cb, void *arg,
    struct conf_errs *errs)
{
	char *text;
	size_t len;

	if ((text = conf_slurp(path, CONF_MAXFILE, &len)) == NULL) {
		if (errno != EFBIG)
			return -1;
		conf_err(errs, NULL, "%s: larger than 16 MiB", path);
		return 0;
	}
	conf_read_mem(path, text, len, flags, cb, arg, errs);
	free(text);
	return 0;
}

/* The command table. */

const struct conf_cmd *
conf_find(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(cmds); i++)
		if (strcmp(cmds[i].cc_name, name) == 0)
			return &cmds[i];
	return NULL;
}

const struct conf_cmd *
conf_table(size_t *n)
{
	*n = nitems(cmds);
	return cmds;
}

const struct conf_cmd *
conf_lookup(const struct conf_where *w, int argc, char **argv,
    struct conf_errs *errs)
{
	const struct conf_cmd *c = conf_find(argv[0]);

	if (c == NULL) {
		/* Any future TLS command is as unsupported as today's. */
		if (strncmp(argv[0], "ssl_", 4) == 0)
			conf_err(errs, w, "%s: not supported in this build "
			    "(no TLS)", argv[0]);
		else
			conf_err(errs, w, "unknown command '%s'", argv[0]);
		return NULL;
	}
	if (c->cc_kind == CK_UNSUPP) {
		conf_err(errs, w, "%s: not supported in this build (%s)",
		    argv[0], argv[0][0] == 's' ? "no TLS" : "no PCRE");
		return NULL;
	}
	if (argc < c->cc_min || (c->cc_max != ANY && argc > c->cc_max)) {
		if (c->cc_max == c->cc_min)
			conf_err(errs, w, "%s: wrong number of arguments (%d, "
			    "expected %d)", argv[0], argc - 1, c->cc_min - 1);
		else if (c->cc_max == ANY)
			conf_err(errs, w, "%s: wrong number of arguments (%d, "
			    "expected at least %d)", argv[0], argc - 1,
			    c->cc_min - 1);
		else
			conf_err(errs, w, "%s: wrong number of arguments (%d, "
			    "expected %d to %d)", argv[0], argc - 1,
			    c->cc_min - 1, c->cc_max - 1);
		return NULL;
	}
	if (c->cc_kind == CK_NOTIMPL) {
		conf_err(errs, w, "%s: not implemented in this build",
		    argv[0]);
		return NULL;
	}
	return c;
}

/* Lines kept as text. */

/* Append s quoted: "" around it, an inner " doubled. */
static int
lines_put(struct conf_lines *l, const char *s, size_t n)
{
	if (l->cl_len + n + 1 > l->cl_cap) {
		size_t cap = l->cl_cap ? l->cl_cap : 256;
		char *p;

		while (cap < l->cl_len + n + 1)
			cap *= 2;
		if ((p = realloc(l->cl_text, cap)) == NULL)
			return -1;
		l->cl_text = p;
		l->cl_cap = cap;
	}
	memcpy(l->cl_text + l->cl_len, s, n);
	l->cl_len += n;
	l->cl_text[l->cl_len] = '\0';
	return 0;
}

static int
lines_quoted(struct conf_lines *l, const char *s)
{
	if (lines_put(l, "\"", 1) == -1)
		return -1;
	for (; *s != '\0'; s++)
		if (lines_put(l, s, 1) == -1 ||
		    (*s == '"' && lines_put(l, s, 1) == -1))
			return -1;
	return lines_put(l, "\"", 1);
}

int
conf_lines_add(struct conf_lines *l, int argc, char **argv)
{
	size_t save = l->cl_len;
	int i;

	/* The command word is never quoted: the reader matches it bare. */
	if (lines_put(l, argv[0], strlen(argv[0])) == -1)
		goto fail;
	for (i = 1; i < argc; i++)
		if (lines_put(l, " ", 1) == -1 || lines_quoted(l, argv[i]) == -1)
			goto fail;
	if (lines_put(l, "\n", 1) == -1)
		goto fail;
	return 0;
fail:
	l->cl_len = save;
	if (l->cl_text != NULL)
		l->cl_text[save] = '\0';
	return -1;
}

static void
lines_clear(struct conf_lines *l)
{
	l->cl_len = 0;
	if (l->cl_text != NULL)
		l->cl_text[0] = '\0';
}

void
conf_lines_free(struct conf_lines *l)
{
	free(l->cl_text); l->cl_text = NULL;
	l->cl_len = l->cl_cap = 0;
}

static int
lines_copy(struct conf_lines *dst, const struct conf_lines *src)
{
	memset(dst, 0, sizeof(*dst));
	if (src->cl_len == 0)
		return 0;
	return lines_put(dst, src->cl_text, src->cl_len);
}

/* The batch state. */

void
conf_state_init(struct conf_state *st, struct policy *p)
{
	memset(st, 0, sizeof(*st));
	st->cs_snap.sn_maxconn = OPT_DEFAULT_MAXCONN;
	memcpy(st->cs_timeouts, default_timeouts, sizeof(st->cs_timeouts));
	st->cs_delim = '@';
	st->cs_parentretries = 2;
	st->cs_policy = p;
}

void
conf_snap_free(struct conf_snap *s)
{
	free(s->sn_log); s->sn_log = NULL;
	free(s->sn_logformat); s->sn_logformat = NULL;
	conf_lines_free(&s->sn_auth);
	conf_lines_free(&s->sn_authcache);
	conf_lines_free(&s->sn_acl);
}

void
conf_state_free(struct conf_state *st)
{
	conf_snap_free(&st->cs_snap);
	conf_lines_free(&st->cs_global);
	conf_lines_free(&st->cs_resolv);
}

static int
dup_str(char **dst, const char *src)
{
	*dst = NULL;
	if (src != NULL && (*dst = strdup(src)) == NULL)
		return -1;
	return 0;
}

int
conf_snap_copy(struct conf_snap *d, const struct conf_snap *s)
{
	*d = *s;
	d->sn_log = d->sn_logformat = NULL;
	memset(&d->sn_auth, 0, sizeof(d->sn_auth));
	memset(&d->sn_authcache, 0, sizeof(d->sn_authcache));
	memset(&d->sn_acl, 0, sizeof(d->sn_acl));
	if (dup_str(&d->sn_log, s->sn_log) == -1 ||
	    dup_str(&d->sn_logformat, s->sn_logformat) == -1 ||
	    lines_copy(&d->sn_auth, &s->sn_auth) == -1 ||
	    lines_copy(&d->sn_authcache, &s->sn_authcache) == -1 ||
	    lines_copy(&d->sn_acl, &s->sn_acl) == -1) {
		conf_snap_free(d);
		return -1;
	}
	return 0;
}

static int
set_str(char **dst, const char *s)
{
	char *n = strdup(s);

	if (n == NULL)
		return -1;
	free(*dst);
	*dst = n;
	return 0;
}

/*
 * A local redirection (parent WEIGHT TYPE 0.0.0.0 0, or redirect 0.0.0.0 0)
 * needs a module of the type's protocol. Returns the PROTO_* for it, 0 when
 * the line is no local redirection, -1 for a type this build cannot serve.
 */
static int
local_redirect(int argc, char **argv, const char **type)
{
	static const struct {
		const char	*name;
		int		 proto;
	} types[] = {
		{ "http", PROTO_HTTP }, { "ftp", PROTO_FTP },
		{ "pop3", PROTO_POP3 },
	};
	const char *host, *port;
	size_t i;

	if (strcmp(argv[0], "parent") == 0 && argc >= 5) {
		*type = argv[2];
		host = argv[3];
		port = argv[4];
	} else if (strcmp(argv[0], "redirect") == 0 && argc >= 3) {
		*type = "http";
		host = argv[1];
		port = argv[2];
	} else
		return 0;
	if (strcmp(host, "0.0.0.0") != 0 || strcmp(port, "0") != 0)
		return 0;
	for (i = 0; i < nitems(types); i++)
		if (strcmp(types[i].name, *type) == 0)
			return types[i].proto;
	return -1;
}

static int
core_cmd(struct conf_state *st, const struct conf_cmd *c,
    const struct conf_where *w, int argc, char **argv, struct conf_errs *e)
{
	struct conf_snap *sn = &st->cs_snap;
	unsigned long v;
	struct addr a;
	int i;

	switch (c->cc_sub) {
	case C_INTERNAL:
		if (addr_parse_listen(argv[1], 0, &a) == -1) {
			conf_err(e, w, "internal: bad address '%s'", argv[1]);
			return -1;
		}
		sn->sn_int = a;
		return 0;
	case C_EXTERNAL:
		if (addr_parse_ip(argv[1], 0, &a) == -1) {
			conf_err(e, w, "external: bad address '%s'", argv[1]);
			return -1;
		}
		if (addr_family(&a) == AF_INET6)
			sn->sn_ext6 = a;
		else
			sn->sn_ext4 = a;
		return 0;
	case C_MAXCONN:
	case C_BACKLOG:
		if (opt_uint(argv[1], 1, 1000000, &v) == -1) {
			conf_err(e, w, "%s: bad number '%s' (1 to 1000000)",
			    argv[0], argv[1]);
			return -1;
		}
		if (c->cc_sub == C_MAXCONN)
			sn->sn_maxconn = (unsigned)v;
		else
			sn->sn_backlog = (unsigned)v;
		return 0;
	case C_NOOP:
		return 0;
	case C_STACKSIZE:
		if (opt_uint(argv[1][0] == '-' ? argv[1] + 1 : argv[1], 0,
		    1 << 24, &v) == -1) {
			conf_err(e, w, "stacksize: bad number '%s'", argv[1]);
			return -1;
		}
		sn->sn_stacksize = argv[1][0] == '-' ? -(long)v : (long)v;
		return 0;
	case C_FORCE:
	case C_NOFORCE:
		sn->sn_noforce = c->cc_sub == C_NOFORCE;
		return 0;
	case C_DELIM:
		if (strlen(argv[1]) != 1 || isspace((unsigned char)argv[1][0])) {
			conf_err(e, w, "delimchar: '%s' is not one character",
			    argv[1]);
			return -1;
		}
		st->cs_delim = argv[1][0];
		return 0;
	case C_TIMEOUTS: {
		unsigned to[TO_COUNT];

		memcpy(to, st->cs_timeouts, sizeof(to));
		for (i = 1; i < argc; i++) {
			if (opt_uint(argv[i], 1, 2000000, &v) == -1) {
				conf_err(e, w, "timeouts: bad value '%s' "
				    "(1 to 2000000 seconds)", argv[i]);
				return -1;
			}
			to[i - 1] = (unsigned)v;
		}
		memcpy(st->cs_timeouts, to, sizeof(to));
		return 0;
	}
	case C_PRETRIES:
		if (opt_uint(argv[1], 0, 1000, &v) == -1) {
			conf_err(e, w, "parentretries: bad number '%s'",
			    argv[1]);
			return -1;
		}
		/* As the original: zero leaves the value alone. */
		if (v > 0)
			st->cs_parentretries = (unsigned)v;
		return 0;
	case C_LOG:
		if (argc >= 2 && argv[1][0] == '&') {
			conf_err(e, w, "log %s: ODBC logging is not supported "
			    "in this build", argv[1]);
			return -1;
		}
		if (argc >= 2 && strcmp(argv[1], "radius") == 0) {
			conf_err(e, w, "log radius: not implemented in this "
			    "build");
			return -1;
		}
		if (argc >= 3) {
			conf_err(e, w, "log %s %s: log rotation is not "
			    "implemented in this build", argv[1], argv[2]);
			return -1;
		}
		if (set_str(&sn->sn_log, argc == 1 ? "" : argv[1]) == -1)
			goto nomem;
		sn->sn_log_set = 1;
		return 0;
	case C_LOGFORMAT:
		if (set_str(&sn->sn_logformat, argv[1]) == -1)
			goto nomem;
		return 0;
	default:
		break;
	}
	conf_err(e, w, "%s: no handler", argv[0]);
	return -1;
nomem:
	conf_err(e, w, "%s: out of memory", argv[0]);
	return -1;
}

static int
policy_cmd(struct conf_state *st, const struct conf_cmd *c,
    const struct conf_where *w, int argc, char **argv, struct conf_errs *e)
{
	struct conf_snap *sn = &st->cs_snap;
	struct conf_lines *l = NULL;
	char err[CONF_MAXERRTEXT] = "";
	const char *type = NULL;
	int proto = local_redirect(argc, argv, &type), rc;

	if (proto == -1) {
		conf_err(e, w, "%s: local redirection to %s is not "
		    "implemented in this build", argv[0], type);
		return -1;
	}
	if (st->cs_policy != NULL) {
		rc = policy_conf(st->cs_policy, argc, argv, err, sizeof(err));
		if (rc == 0) {
			conf_err(e, w, "%s: not implemented in this build",
			    argv[0]);
			return -1;
		}
		if (rc == -1) {
			conf_err(e, w, "%s: %s", argv[0], err[0] != '\0' ? err :
			    "bad arguments");
			return -1;
		}
	}
	switch (c->cc_sub) {
	case PL_ACL:
		l = &sn->sn_acl;
		if (proto > 0)
			sn->sn_redirects |= 1u << proto;
		break;
	case PL_FLUSH:
		lines_clear(&sn->sn_acl);
		sn->sn_redirects = 0;
		return 0;
	case PL_AUTH:
		l = &sn->sn_auth;
		lines_clear(l);
		break;
	case PL_AUTHCACHE:
		l = &sn->sn_authcache;
		lines_clear(l);
		break;
	default:
		l = &st->cs_global;
		break;
	}
	if (conf_lines_add(l, argc, argv) == -1) {
		conf_err(e, w, "%s: out of memory", argv[0]);
		return -1;
	}
	return 0;
}

static int
resolv_cmd(struct conf_state *st, const struct conf_where *w, int argc,
    char **argv, struct conf_errs *e)
{
	char err[CONF_MAXERRTEXT] = "";
	int rc = resolv_conf(argc, argv, err, sizeof(err));

	if (rc == 0) {
		conf_err(e, w, "%s: not implemented in this build", argv[0]);
		return -1;
	}
	if (rc == -1) {
		conf_err(e, w, "%s: %s", argv[0], err[0] != '\0' ? err :
		    "bad arguments");
		return -1;
	}
	if (conf_lines_add(&st->cs_resolv, argc, argv) == -1) {
		conf_err(e, w, "%s: out of memory", argv[0]);
		return -1;
	}
	return 0;
}

int
conf_state_cmd(struct conf_state *st, const struct conf_cmd *c,
    const struct conf_where *w, int argc, char **argv, struct conf_errs *e)
{
	switch (c->cc_kind) {
	case CK_CORE:
		return core_cmd(st, c, w, argc, argv, e);
	case CK_POLICY:
		return policy_cmd(st, c, w, argc, argv, e);
	case CK_RESOLV:
		return resolv_cmd(st, w, argc, argv, e);
	case CK_SERVICE:
	case CK_PROC:
		conf_err(e, w, "%s: only 3proxy runs this command", argv[0]);
		return -1;
	default:
		conf_err(e, w, "%s: no handler", argv[0]);
		return -1;
	}
}

/* Fragments. */

static int
frag_cmd(struct conf_lines *l, const char *cmd, const char *arg)
{
	char *v[3];

	v[0] = (char *)(uintptr_t)cmd;
	v[1] = (char *)(uintptr_t)arg;
	v[2] = NULL;
	return conf_lines_add(l, arg != NULL ? 2 : 1, v);
}

static int
frag_num(struct conf_lines *l, const char *cmd, long n)
{
	char b[32];

	snprintf(b, sizeof(b), "%ld", n);
	return frag_cmd(l, cmd, b);
}

static int
frag_addr(struct conf_lines *l, const char *cmd, const struct addr *a)
{
	char b[ADDR_STRLEN];

	if (!addr_is_set(a))
		return 0;
	return frag_cmd(l, cmd, addr_ip_str(a, b, sizeof(b)));
}

char *
conf_fragment(const struct conf_state *st, const struct conf_snap *sn,
    size_t *len)
{
	struct conf_lines l;
	char *v[TO_COUNT + 2], nums[TO_COUNT][16], d[2];
	int i;

	memset(&l, 0, sizeof(l));
	/* The global part first: users before the rules that name them. */
	v[0] = (char *)"timeouts";
	for (i = 0; i < TO_COUNT; i++) {
		snprintf(nums[i], sizeof(nums[i]), "%u", st->cs_timeouts[i]);
		v[i + 1] = nums[i];
	}
	v[TO_COUNT + 1] = NULL;
	d[0] = st->cs_delim;
	d[1] = '\0';
	if (lines_put(&l, "# written by 3proxy for one service\n", 36) == -1 ||
	    conf_lines_add(&l, TO_COUNT + 1, v) == -1 ||
	    frag_cmd(&l, "delimchar", d) == -1 ||
	    frag_num(&l, "parentretries", (long)st->cs_parentretries) == -1 ||
	    (st->cs_resolv.cl_len > 0 && lines_put(&l, st->cs_resolv.cl_text,
	    st->cs_resolv.cl_len) == -1) ||
	    (st->cs_global.cl_len > 0 && lines_put(&l, st->cs_global.cl_text,
	    st->cs_global.cl_len) == -1))
		goto fail;
	/* Then what the service line captured. */
	if (frag_num(&l, "maxconn", (long)sn->sn_maxconn) == -1 ||
	    (sn->sn_backlog != 0 &&
	    frag_num(&l, "backlog", (long)sn->sn_backlog) == -1) ||
	    frag_addr(&l, "internal", &sn->sn_int) == -1 ||
	    frag_addr(&l, "external", &sn->sn_ext4) == -1 ||
	    frag_addr(&l, "external", &sn->sn_ext6) == -1 ||
	    (sn->sn_log_set && frag_cmd(&l, "log", sn->sn_log) == -1) ||
	    (sn->sn_logformat != NULL &&
	    frag_cmd(&l, "logformat", sn->sn_logformat) == -1) ||
	    (sn->sn_stacksize != 0 &&
	    frag_num(&l, "stacksize", sn->sn_stacksize) == -1) ||
	    (sn->sn_noforce && frag_cmd(&l, "noforce", NULL) == -1))
		goto fail;
	if ((sn->sn_auth.cl_len > 0 && lines_put(&l, sn->sn_auth.cl_text,
	    sn->sn_auth.cl_len) == -1) ||
	    (sn->sn_authcache.cl_len > 0 && lines_put(&l,
	    sn->sn_authcache.cl_text, sn->sn_authcache.cl_len) == -1) ||
	    (sn->sn_acl.cl_len > 0 && lines_put(&l, sn->sn_acl.cl_text,
	    sn->sn_acl.cl_len) == -1))
		goto fail;
	*len = l.cl_len;
	return l.cl_text;
fail:
	conf_lines_free(&l);
	return NULL;
}

/* Inside a module. */

struct apply {
	struct conf_state	*a_st;
	struct conf_errs	*a_errs;
	int			 a_npolicy;	/* policy commands applied */
};

static int
apply_cb(void *arg, const struct conf_where *w, int argc, char **argv)
{
	struct apply *a = arg;
	const struct conf_cmd *c = conf_lookup(w, argc, argv, a->a_errs);

	if (c == NULL)
		return -1;
	if (c->cc_kind == CK_SERVICE || c->cc_kind == CK_PROC) {
		conf_err(a->a_errs, w, "%s: not allowed in a module's "
		    "configuration (only in 3proxy.cfg)", argv[0]);
		return -1;
	}
	if (c->cc_kind == CK_POLICY)
		a->a_npolicy++;
	return conf_state_cmd(a->a_st, c, w, argc, argv, a->a_errs);
}

int
conf_apply(struct service *svc, const char *name, const char *text,
    size_t len, int flags, struct conf_errs *errs)
{
	struct opts *o = &svc->s_opts;
	struct conf_state st;
	struct conf_snap *sn = &st.cs_snap;
	struct apply a;
	unsigned before = errs->ce_count;
	int made = 0, rc = -1;

	if (svc->s_policy == NULL) {
		if ((svc->s_policy = policy_new()) == NULL) {
			conf_err(errs, NULL, "%s: out of memory", name);
			return -1;
		}
		made = 1;
	}
	conf_state_init(&st, svc->s_policy);
	st.cs_module = 1;
	/* Start from what is in force, so that a second file only adds. */
	sn->sn_maxconn = o->maxconn;
	memcpy(st.cs_timeouts, o->timeouts, sizeof(st.cs_timeouts));
	st.cs_delim = g_delim;
	st.cs_parentretries = g_pretries;
	a.a_st = &st;
	a.a_errs = errs;
	a.a_npolicy = 0;
	conf_read_mem(name, text, len, flags, apply_cb, &a, errs);
	if (errs->ce_count != before)
		goto done;

	/* What the configuration says becomes the default for the flags. */
	o->maxconn = sn->sn_maxconn;
	memcpy(o->timeouts, st.cs_timeouts, sizeof(o->timeouts));
	if (addr_is_set(&sn->sn_int))
		o->intaddr = sn->sn_int;
	if (addr_is_set(&sn->sn_ext4))
		o->ext4 = sn->sn_ext4;
	if (addr_is_set(&sn->sn_ext6))
		o->ext6 = sn->sn_ext6;
	if (sn->sn_log_set) {
		if (set_str(&o->log, sn->sn_log) == -1)
			goto nomem;
		o->log_set = 1;
	}
	if (sn->sn_logformat != NULL &&
	    set_str(&o->logformat, sn->sn_logformat) == -1)
		goto nomem;
	g_delim = st.cs_delim;
	g_pretries = st.cs_parentretries;
	g_noforce = sn->sn_noforce;
	rc = 0;
	goto done;
nomem:
	conf_err(errs, NULL, "%s: out of memory", name);
done:
	/* A configuration without policy commands keeps "allow everything". */
	if (made && (a.a_npolicy == 0 || rc == -1)) {
		policy_free(svc->s_policy);
		svc->s_policy = NULL;
	}
	conf_state_free(&st);
	return rc;
}

int
conf_apply_file(struct service *svc, const char *path, struct conf_errs *errs)
{
	char *text;
	size_t len;
	int rc;

	if ((text = conf_slurp(path, CONF_MAXFILE, &len)) == NULL) {
		conf_err(errs, NULL, "%s: %s", path, errno == EFBIG ?
		    "larger than 16 MiB" : strerror(errno));
		return -1;
	}
	rc = conf_apply(svc, path, text, len, 0, errs);
	free(text);
	return rc;
}
