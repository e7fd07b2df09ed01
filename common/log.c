/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Diagnostics and the access log with its 3proxy logformat engine. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"

static const char *progname = "proxy-suite";
static int diag_silent;
static int diag_syslog;

/* Output cursor for the renderer: never writes past end - 1. */
struct out {
	char	*p;
	char	*end;
};

static void
put_c(struct out *o, char c)
{
	if (o->p < o->end - 1)
		*o->p++ = c;
}

static void
put_s(struct out *o, const char *s)
{
	while (*s != '\0')
		put_c(o, *s++);
}

static void
put_fmt(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
put_fmt(struct out *o, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put_s(o, tmp);
}

/*
 * Client-chosen text: characters listed in the -CHARS+R prefix and control
 * characters become R as in the original; what is left of the control
 * characters, DEL and the backslash are escaped so that one request always
 * makes exactly one unambiguous line.
 */
static void
put_client(struct out *o, const char *s, size_t n, const char *repl_set,
    size_t repl_n, char repl)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (repl != '\0' && (c < 0x20 ||
		    (repl_n > 0 && memchr(repl_set, c, repl_n) != NULL)))
			c = (unsigned char)repl;
		if (c < 0x20 || c == 0x7f) {
			put_c(o, '\\');
			put_c(o, 'x');
			put_c(o, hex[c >> 4]);
			put_c(o, hex[c & 15]);
		} else if (c == '\\') {
			put_c(o, '\\');
			put_c(o, '\\');
		} else
			put_c(o, (char)c);
	}
}

static void
put_ip(struct out *o, const struct addr *a)
{
	char buf[ADDR_STRLEN];

	put_s(o, addr_ip_str(a, buf, sizeof(buf)));
}

/* Fields n1..n2 (1-based, separated by blanks) of the text, as written. */
static void
text_fields(const char *t, int n1, int n2, const char **start, size_t *len)
{
	const char *p = t, *s = NULL, *e = NULL;
	int field = 0;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		field++;
		if (field == n1)
			s = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (field >= n1 && field <= n2)
			e = p;
		if (field >= n2)
			break;
	}
	if (s == NULL || e == NULL) {
		*start = t;
		*len = 0;
		return;
	}
	*start = s;
	*len = (size_t)(e - s);
}

static int64_t
elapsed_ms(const struct logrec *r, const struct timespec *now)
{
	int64_t ms;

	if (r->lr_start.tv_sec == 0 && r->lr_start.tv_nsec == 0)
		return 0;
	ms = ((int64_t)now->tv_sec - r->lr_start.tv_sec) * 1000 +
	    (now->tv_nsec - r->lr_start.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms;
}

size_t
log_render(char *outbuf, size_t outlen, const char *fmt,
    const struct logrec *r, const struct timespec *now)
{
	struct out o;
	const char *repl_set = "", *f = fmt;
	size_t repl_n = 0;
	char repl = '\0';
	int utc;
	struct tm tm;
	time_t t = now->tv_sec;
	int64_t ms;

	if (outlen == 0)
		return 0;
	o.p = outbuf;
	o.end = outbuf + outlen - 1;	/* room for the newline */
	if (f[0] == '-') {
		const char *plus = strchr(f + 1, '+');

		if (plus != NULL && plus[1] != '\0') {
			repl_set = f + 1;
			repl_n = (size_t)(plus - (f + 1));
			repl = plus[1];
			f = plus + 2;
		}
	}
	/* The time-zone character is always consumed, as the original does. */
	utc = (*f == 'G' || *f == 'g');
	if (*f != '\0')
		f++;
	if (utc)
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);

	for (; *f != '\0'; f++) {
		if (*f != '%') {
			put_c(&o, *f);
			continue;
		}
		f++;
		if (*f == '\0')
			break;	/* a trailing % prints nothing */
		if (*f >= '0' && *f <= '9') {
			char *e1, *e2;
			long n1 = strtol(f, &e1, 10), n2;
			const char *s;
			size_t n;

			if (*e1 != '-' || e1[1] < '0' || e1[1] > '9') {
				put_c(&o, *f);
				continue;
			}
			n2 = strtol(e1 + 1, &e2, 10);
			if (*e2 != 'T') {
				put_c(&o, *f);
				continue;
			}
			f = e2;
			if (r->lr_text != NULL && n1 > 0 && n2 >= n1 &&
			    n2 < 10000) {
				text_fields(r->lr_text, (int)n1, (int)n2, &s,
				    &n);
				put_client(&o, s, n, repl_set, repl_n, repl);
			}
			continue;
		}
		switch (*f) {
		case 'y':
			put_fmt(&o, "%02d", tm.tm_year % 100);
			break;
		case 'Y':
			put_fmt(&o, "%04d", tm.tm_year + 1900);
			break;
		case 'm':
			put_fmt(&o, "%02d", tm.tm_mon + 1);
			break;
		case 'o': {
			static const char mon[12][4] = { "Jan", "Feb", "Mar",
			    "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
			    "Nov", "Dec" };

			put_s(&o, mon[tm.tm_mon % 12]);
			break;
		}
		case 'd':
			put_fmt(&o, "%02d", tm.tm_mday);
			break;
		case 'H':
			put_fmt(&o, "%02d", tm.tm_hour);
			break;
		case 'M':
			put_fmt(&o, "%02d", tm.tm_min);
			break;
		case 'S':
			put_fmt(&o, "%02d", tm.tm_sec);
			break;
		case 't':
			put_fmt(&o, "%010lld", (long long)now->tv_sec);
			break;
		case '.':
			put_fmt(&o, "%03ld", now->tv_nsec / 1000000);
			break;
		case 'z': {
			long off = utc ? 0 : tm.tm_gmtoff;
			char sign = off < 0 ? '-' : '+';

			if (off < 0)
				off = -off;
			put_fmt(&o, "%c%02ld%02ld", sign, off / 3600,
			    (off % 3600) / 60);
			break;
		}
		case 'D':
			put_fmt(&o, "%" PRId64, elapsed_ms(r, now));
			break;
		case 'b':
		case 'B': {
			uint64_t bytes = *f == 'b' ? r->lr_out : r->lr_in;

			ms = elapsed_ms(r, now);
			put_fmt(&o, "%" PRIu64, ms > 0 ?
			    bytes * 1000 / (uint64_t)ms : bytes);
			break;
		}
		case 'U':
			if (r->lr_user != NULL && r->lr_user[0] != '\0')
				put_client(&o, r->lr_user, strlen(r->lr_user),
				    repl_set, repl_n, repl);
			else
				put_c(&o, '-');
			break;
		case 'N':
			put_s(&o, r->lr_service != NULL ? r->lr_service : "-");
			break;
		case 'p':
			put_fmt(&o, "%u", r->lr_port);
			break;
		case 'E':
			put_fmt(&o, "%05d", r->lr_err);
			break;
		case 'C':
			put_ip(&o, &r->lr_client);
			break;
		case 'c':
			put_fmt(&o, "%u", addr_port(&r->lr_client));
			break;
		case 'R':
			put_ip(&o, &r->lr_remote);
			break;
		case 'r':
			put_fmt(&o, "%u", addr_port(&r->lr_remote));
			break;
		case 'Q':
			put_ip(&o, &r->lr_req);
			break;
		case 'q':
			put_fmt(&o, "%u", addr_port(&r->lr_req));
			break;
		case 'e':
			put_ip(&o, &r->lr_ext);
			break;
		case 'i':
			put_ip(&o, &r->lr_int);
			break;
		case 'n':
			if (r->lr_host != NULL && r->lr_host[0] != '\0') {
				int v6 = strchr(r->lr_host, ':') != NULL;

				if (v6)
					put_c(&o, '[');
				put_client(&o, r->lr_host, strlen(r->lr_host),
				    repl_set, repl_n, repl);
				if (v6)
					put_c(&o, ']');
			} else {
				/* No name: [ip], as the original. */
				put_c(&o, '[');
				put_ip(&o, &r->lr_req);
				put_c(&o, ']');
			}
			break;
		case 'I':
			put_fmt(&o, "%" PRIu64, r->lr_in);
			break;
		case 'O':
			put_fmt(&o, "%" PRIu64, r->lr_out);
			break;
		case 'h':
			put_fmt(&o, "%d", r->lr_hops);
			break;
		case 'T':
			if (r->lr_text != NULL)
				put_client(&o, r->lr_text, strlen(r->lr_text),
				    repl_set, repl_n, repl);
			break;
		case 'L':
			put_c(&o, '0');
			break;
		default:
			/* %% and any unknown letter print the letter. */
			put_c(&o, *f);
			break;
		}
	}
	*o.p++ = '\n';
	*o.p = '\0';
	return (size_t)(o.p - outbuf);
}

int
log_expand_name(char *out, size_t outlen, const char *tmpl, time_t t)
{
	struct tm tm;
	size_t n = 0;
	const char *p;

	localtime_r(&t, &tm);
	for (p = tmpl; *p != '\0'; p++) {
		char tmp[16];
		const char *add = tmp;

		tmp[0] = *p;
		tmp[1] = '\0';
		if (*p == '%' && p[1] != '\0') {
			p++;
			switch (*p) {
			case 'y':
				snprintf(tmp, sizeof(tmp), "%02d",
				    tm.tm_year % 100);
				break;
			case 'Y':
				snprintf(tmp, sizeof(tmp), "%04d",
				    tm.tm_year + 1900);
				break;
			case 'm':
				snprintf(tmp, sizeof(tmp), "%02d",
				    tm.tm_mon + 1);
				break;
			case 'd':
				snprintf(tmp, sizeof(tmp), "%02d", tm.tm_mday);
				break;
			case 'H':
				snprintf(tmp, sizeof(tmp), "%02d", tm.tm_hour);
				break;
			case 'M':
				snprintf(tmp, sizeof(tmp), "%02d", tm.tm_min);
				break;
			case 'S':
				snprintf(tmp, sizeof(tmp), "%02d", tm.tm_sec);
				break;
			default:
				tmp[0] = *p;
				tmp[1] = '\0';
				break;
			}
		}
		if (n + strlen(add) >= outlen)
			return -1;
		memcpy(out + n, add, strlen(add));
		n += strlen(add);
	}
	out[n] = '\0';
	return 0;
}

int
logger_open(struct logger *lg, const char *spec, const char *format)
{
	memset(lg, 0, sizeof(*lg));
	lg->lg_fd = -1;
	if (format != NULL && (lg->lg_format = strdup(format)) == NULL)
		return -1;
	if (spec == NULL || strcmp(spec, "/dev/null") == 0) {
		lg->lg_kind = LOGTO_NONE;
		return 0;
	}
	if (spec[0] == '\0') {
		lg->lg_kind = LOGTO_STDOUT;
		lg->lg_fd = STDOUT_FILENO;
		return 0;
	}
	if ((lg->lg_path = strdup(spec[0] == '@' ? spec + 1 : spec)) == NULL)
		return -1;
	if (spec[0] == '@') {
		lg->lg_kind = LOGTO_SYSLOG;
		openlog(lg->lg_path, LOG_PID | LOG_NDELAY, LOG_DAEMON);
		return 0;
	}
	lg->lg_kind = LOGTO_FILE;
	return logger_reopen(lg);
}

int
logger_reopen(struct logger *lg)
{
	char name[4096];
	int fd;

	if (lg->lg_kind != LOGTO_FILE)
		return 0;
	if (strchr(lg->lg_path, '%') != NULL) {
		if (log_expand_name(name, sizeof(name), lg->lg_path,
		    time(NULL)) == -1) {
			errno = ENAMETOOLONG;
			return -1;
		}
	} else if (strlcpy(name, lg->lg_path, sizeof(name)) >= sizeof(name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(name, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd == -1)
		return -1;
	if (lg->lg_fd != -1)
		close(lg->lg_fd);
	lg->lg_fd = fd;
	return 0;
}

void
logger_close(struct logger *lg)
{
	if (lg->lg_kind == LOGTO_FILE && lg->lg_fd != -1)
		close(lg->lg_fd);
	lg->lg_fd = -1;
	free(lg->lg_path); lg->lg_path = NULL;
	free(lg->lg_format); lg->lg_format = NULL;
	lg->lg_kind = LOGTO_NONE;
}

void
log_access(struct logger *lg, const struct logrec *r)
{
	char rec[LOG_MAXREC + 1];
	struct timespec now;
	size_t n, skip;
	ssize_t w;

	if (lg->lg_kind == LOGTO_NONE)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	/* rec[0] is kept for the newline that ends a cut record. */
	n = log_render(rec + 1, sizeof(rec) - 1, lg->lg_format != NULL ?
	    lg->lg_format : LOG_DEFAULT_FORMAT, r, &now);
	if (lg->lg_kind == LOGTO_SYSLOG) {
		rec[n] = '\0';
		syslog(LOG_INFO, "%s", rec + 1);
		return;
	}
	/*
	 * One write per record, so appending processes never interleave.
	 * When a full disk cut the last record short, the next one starts
	 * with a newline, so that it is whole on its own line.
	 */
	skip = lg->lg_failing == 2 ? 0 : 1;
	rec[0] = '\n';
	n += 1 - skip;
	do
		w = write(lg->lg_fd, rec + skip, n);
	while (w == -1 && errno == EINTR);
	if (w != (ssize_t)n) {
		if (lg->lg_failing == 0 && w == -1)
			log_warn("access log write");
		else if (lg->lg_failing == 0)
			log_warnx("access log write: the record was cut short "
			    "(%zd of %zu bytes)", w, n);
		if (w > 0 || lg->lg_failing == 0)
			lg->lg_failing = w > 0 ? 2 : 1;
	} else if (lg->lg_failing) {
		lg->lg_failing = 0;
		log_warnx("access log writes work again");
	}
}

/* Diagnostics. */

void
log_init(const char *name, int silent)
{
	const char *slash = strrchr(name, '/');

	progname = slash != NULL ? slash + 1 : name;
	diag_silent = silent;
}

const char *
log_progname(void)
{
	return progname;
}

void
log_set_silent(int s)
{
	diag_silent = s;
}

void
log_diag_syslog(const char *ident)
{
	openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	diag_syslog = 1;
}

static void
vdiag(int prio, int with_errno, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
vdiag(int prio, int with_errno, const char *fmt, va_list ap)
{
	char msg[1024];
	int save = errno;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (diag_syslog) {
		if (with_errno)
			syslog(prio, "%s: %s", msg, strerror(save));
		else
			syslog(prio, "%s", msg);
		return;
	}
	if (with_errno)
		fprintf(stderr, "%s: %s: %s\n", progname, msg, strerror(save));
	else
		fprintf(stderr, "%s: %s\n", progname, msg);
	fflush(stderr);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(LOG_WARNING, 1, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(LOG_WARNING, 0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (diag_silent)
		return;
	va_start(ap, fmt);
	vdiag(LOG_INFO, 0, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (getenv("PROXY_DEBUG") == NULL)
		return;
	va_start(ap, fmt);
	vdiag(LOG_DEBUG, 0, fmt, ap);
	va_end(ap);
}

void
fatal(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(LOG_ERR, 1, fmt, ap);
	va_end(ap);
	exit(code);
}

void
fatalx(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(LOG_ERR, 0, fmt, ap);
	va_end(ap);
	exit(code);
}
