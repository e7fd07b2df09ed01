/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The 3proxy command-line flags shared by every module. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "opt.h"

enum {
	OPT_FAMILY = OPT_LONG_BASE,
	OPT_DEFHOST,
	OPT_NATEXT,
	OPT_NATINT,
	OPT_SOCKOPT_C,
	OPT_SOCKOPT_S,
	OPT_SOCKOPT_L,
	OPT_DEV_I,
	OPT_DEV_E,
	OPT_HELP,
	OPT_LISTENFD,
	OPT_CONTROLFD,
	OPT_READYFD,
	OPT_MAXCONN,
	OPT_TIMEOUTS,
	OPT_NSERVER,
	OPT_NSRECORD,
	OPT_NSCACHE,
	OPT_NSCACHE6
};

/* The resolver options, by code, as the 3proxy.cfg command they stand for. */
#define OPT_NS_FIRST	OPT_NSERVER
static const char *const ns_cmds[] = {
	"nserver", "nsrecord", "nscache", "nscache6"
};
#define OPT_MAXNSCMD	65536

/* The common short letters; "+" stops at the first positional argument. */
#define COMMON_SHORT	"+p:i:e:l::f:dtI46b:S:n::u::a::h::s::C::U::N:o:D:Tg:xr:R:H"

static const struct option common_long[] = {
	{ "port",		required_argument, NULL, 'p' },
	{ "internal",		required_argument, NULL, 'i' },
	{ "external",		required_argument, NULL, 'e' },
	{ "log",		optional_argument, NULL, 'l' },
	{ "logformat",		required_argument, NULL, 'f' },
	{ "daemon",		no_argument,	   NULL, 'd' },
	{ "silent",		no_argument,	   NULL, 't' },
	{ "inetd",		no_argument,	   NULL, 'I' },
	{ "ipv4",		no_argument,	   NULL, '4' },
	{ "ipv6",		no_argument,	   NULL, '6' },
	{ "family",		required_argument, NULL, OPT_FAMILY },
	{ "bufsize",		required_argument, NULL, 'b' },
	{ "stacksize",		required_argument, NULL, 'S' },
	{ "no-ntlm",		no_argument,	   NULL, 'n' },
	{ "needuser",		optional_argument, NULL, 'u' },
	{ "anonymous",		optional_argument, NULL, 'a' },
	{ "default-host",	required_argument, NULL, OPT_DEFHOST },
	{ "single",		optional_argument, NULL, 's' },
	{ "close-on-eof",	optional_argument, NULL, 'C' },
	{ "udp-mode",		optional_argument, NULL, 'U' },
	{ "transparent",	no_argument,	   NULL, 'T' },
	{ "nat-external",	required_argument, NULL, OPT_NATEXT },
	{ "nat-internal",	required_argument, NULL, OPT_NATINT },
	{ "sockopt-client",	required_argument, NULL, OPT_SOCKOPT_C },
	{ "sockopt-server",	required_argument, NULL, OPT_SOCKOPT_S },
	{ "sockopt-listen",	required_argument, NULL, OPT_SOCKOPT_L },
	{ "device-internal",	required_argument, NULL, OPT_DEV_I },
	{ "device-external",	required_argument, NULL, OPT_DEV_E },
	{ "grace",		required_argument, NULL, 'g' },
	{ "no-starttls",	no_argument,	   NULL, 'x' },
	{ "help",		no_argument,	   NULL, OPT_HELP },
	{ "listen-fd",		required_argument, NULL, OPT_LISTENFD },
	{ "control-fd",		required_argument, NULL, OPT_CONTROLFD },
	{ "ready-fd",		required_argument, NULL, OPT_READYFD },
	{ "maxconn",		required_argument, NULL, OPT_MAXCONN },
	{ "timeouts",		required_argument, NULL, OPT_TIMEOUTS },
	{ "nserver",		required_argument, NULL, OPT_NSERVER },
	{ "nsrecord",		required_argument, NULL, OPT_NSRECORD },
	{ "nscache",		required_argument, NULL, OPT_NSCACHE },
	{ "nscache6",		required_argument, NULL, OPT_NSCACHE6 },
};

static const unsigned default_timeouts[TO_COUNT] = {
	1, 5, 30, 60, 180, 1800, 15, 60, 15, 5, 5
};

void
opt_defaults(struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->family = FAM_4;
	o->bufsize = OPT_DEFAULT_BUFSIZE;
	o->needuser = 0;
	o->udpmode = 3;
	o->maxconn = OPT_DEFAULT_MAXCONN;
	o->control_fd = -1;
	o->ready_fd = -1;
	memcpy(o->timeouts, default_timeouts, sizeof(o->timeouts));
}

int
opt_uint(const char *s, unsigned long min, unsigned long max,
    unsigned long *out)
{
	unsigned long v;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
opt_port(const char *s, uint16_t *out)
{
	unsigned long v;

	if (opt_uint(s, 1, 65535, &v) == -1)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int
opt_timeouts(const char *s, unsigned *to)
{
	char copy[256], *p, *tok, *save = NULL;
	unsigned tmp[TO_COUNT];
	int i = 0;

	if (strlcpy(copy, s, sizeof(copy)) >= sizeof(copy))
		return -1;
	memcpy(tmp, to, sizeof(tmp));
	for (p = copy; (tok = strtok_r(p, ", \t", &save)) != NULL; p = NULL) {
		unsigned long v;

		if (i >= TO_COUNT || opt_uint(tok, 1, 2000000, &v) == -1)
			return -1;
		tmp[i++] = (unsigned)v;
	}
	if (i == 0)
		return -1;
	memcpy(to, tmp, sizeof(tmp));
	return 0;
}

/* Socket options by name, as the original's -o lists. */
struct sockopt_name {
	const char	*name;
	int		 level;
	int		 opt;
};

static const struct sockopt_name sockopt_names[] = {
	{ "TCP_NODELAY",		IPPROTO_TCP, TCP_NODELAY },
	{ "TCP_CORK",			IPPROTO_TCP, TCP_CORK },
	{ "TCP_DEFER_ACCEPT",		IPPROTO_TCP, TCP_DEFER_ACCEPT },
	{ "TCP_QUICKACK",		IPPROTO_TCP, TCP_QUICKACK },
	{ "TCP_FASTOPEN_CONNECT",	IPPROTO_TCP, TCP_FASTOPEN_CONNECT },
	{ "TCP_FASTOPEN",		IPPROTO_TCP, TCP_FASTOPEN },
	{ "SO_REUSEADDR",		SOL_SOCKET,  SO_REUSEADDR },
	{ "SO_REUSEPORT",		SOL_SOCKET,  SO_REUSEPORT },
	{ "SO_KEEPALIVE",		SOL_SOCKET,  SO_KEEPALIVE },
	{ "SO_DONTROUTE",		SOL_SOCKET,  SO_DONTROUTE },
	{ "IP_TRANSPARENT",		IPPROTO_IP,  IP_TRANSPARENT },
};

static const struct sockopt_name *
sockopt_find(const char *w)
{
	size_t i;

	for (i = 0; i < nitems(sockopt_names); i++)
		if (strcmp(sockopt_names[i].name, w) == 0)
			return &sockopt_names[i];
	return NULL;
}

int
opt_check_sockopts(const char *list, char *err, size_t errlen)
{
	char copy[512], *p, *tok, *save = NULL;

	if (strlcpy(copy, list, sizeof(copy)) >= sizeof(copy)) {
		snprintf(err, errlen, "socket option list too long");
		return -1;
	}
	for (p = copy; (tok = strtok_r(p, ",", &save)) != NULL; p = NULL)
		if (sockopt_find(tok) == NULL) {
			snprintf(err, errlen, "unknown socket option %s", tok);
			return -1;
		}
	return 0;
}

int
opt_apply_sockopts(int fd, const char *list)
{
	char copy[512], *p, *tok, *save = NULL;
	int one = 1, rc = 0;

	if (list == NULL)
		return 0;
	if (strlcpy(copy, list, sizeof(copy)) >= sizeof(copy))
		return -1;
	for (p = copy; (tok = strtok_r(p, ",", &save)) != NULL; p = NULL) {
		const struct sockopt_name *s = sockopt_find(tok);
		int val = one;

		if (s == NULL)
			continue;
		if (s->opt == TCP_DEFER_ACCEPT || s->opt == TCP_FASTOPEN)
			val = 5;
		if (setsockopt(fd, s->level, s->opt, &val, sizeof(val)) == -1)
			rc = -1;
	}
	return rc;
}

static int
set_str(char **dst, const char *s)
{
	char *n = strdup(s != NULL ? s : "");

	if (n == NULL)
		return -1;
	free(*dst);
	*dst = n;
	return 0;
}

/*
 * getopt_long reads "-46" as "-4 -6"; the original reads it as one flag with
 * its own meaning (IPv4 first, then IPv6). Rewrite those tokens first, up to
 * the first positional argument.
 */
static char **
prepass(int argc, char **argv)
{
	char **v = calloc((size_t)argc + 1, sizeof(*v));
	int i, opts = 1;

	if (v == NULL)
		return NULL;
	for (i = 0; i < argc; i++) {
		v[i] = argv[i];
		if (i == 0 || !opts)
			continue;
		if (argv[i][0] != '-' || strcmp(argv[i], "--") == 0) {
			opts = 0;
			continue;
		}
		if (strcmp(argv[i], "-46") == 0)
			v[i] = (char *)"--family=46";
		else if (strcmp(argv[i], "-64") == 0)
			v[i] = (char *)"--family=64";
	}
	return v;
}

/* Keep a resolver option for resolv_conf(), which checks its value. */
static int
add_nscmd(struct opts *o, int ch, const char *arg, char *err, size_t errlen)
{
	struct opt_nscmd *n;

	if (o->nnscmd >= OPT_MAXNSCMD ||
	    (n = realloc(o->nscmd, ((size_t)o->nnscmd + 1) * sizeof(*n)))
	    == NULL) {
		snprintf(err, errlen, "too many resolver options");
		return -1;
	}
	o->nscmd = n;
	n[o->nnscmd].nc_cmd = ns_cmds[ch - OPT_NS_FIRST];
	if ((n[o->nnscmd].nc_arg = strdup(arg)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	o->nnscmd++;
	return 0;
}

static int
parse_ext(struct opts *o, const char *arg, char *err, size_t errlen)
{
	struct addr a;

	if (addr_parse_ip(arg, 0, &a) == -1) {
		snprintf(err, errlen, "bad external address: %s", arg);
		return -1;
	}
	if (addr_family(&a) == AF_INET)
		o->ext4 = a;
	else
		o->ext6 = a;
	return 0;
}

static int
common_option(struct opts *o, int ch, const char *arg, char *err,
    size_t errlen)
{
	unsigned long v;

	switch (ch) {
	case 'p':
		if (opt_port(arg, &o->port) == -1)
			goto badnum;
		return 0;
	case 'i':
		if (addr_parse_listen(arg, 0, &o->intaddr) == -1) {
			snprintf(err, errlen, "bad internal address: %s", arg);
			return -1;
		}
		return 0;
	case 'e':
		return parse_ext(o, arg, err, errlen);
	case 'l':
		o->log_set = 1;
		return set_str(&o->log, arg);
	case 'f':
		return set_str(&o->logformat, arg);
	case 'd':
		o->daemon = 1;
		return 0;
	case 't':
		o->silent = 1;
		return 0;
	case 'I':
		o->inetd = 1;
		return 0;
	case '4':
		o->family = FAM_4;
		return 0;
	case '6':
		o->family = FAM_6;
		return 0;
	case OPT_FAMILY:
		if (strcmp(arg, "4") == 0)
			o->family = FAM_4;
		else if (strcmp(arg, "6") == 0)
			o->family = FAM_6;
		else if (strcmp(arg, "46") == 0)
			o->family = FAM_46;
		else if (strcmp(arg, "64") == 0)
			o->family = FAM_64;
		else {
			snprintf(err, errlen, "bad address family: %s", arg);
			return -1;
		}
		return 0;
	case 'b':
		if (opt_uint(arg, 512, 16 << 20, &v) == -1)
			goto badnum;
		o->bufsize = (unsigned)v;
		return 0;
	case 'S':
		/* Thread stack tuning of the original: checked, then unused. */
		if (opt_uint(arg[0] == '-' ? arg + 1 : arg, 0, 1 << 24, &v)
		    == -1)
			goto badnum;
		return 0;
	case 'n':
		if (arg != NULL && arg[0] != '\0') {
			snprintf(err, errlen, "network namespaces (-n%s) are "
			    "not supported in this build", arg);
			return -1;
		}
		return 0;	/* legacy "no NTLM": accepted, nothing to do */
	case 'u':
		if (arg == NULL || arg[0] == '\0')
			o->needuser = 0;
		else if (opt_uint(arg, 0, 2, &v) == -1)
			goto badnum;
		else
			o->needuser = (int)v;
		return 0;
	case 'a':
		if (arg == NULL || arg[0] == '\0')
			o->anon = 1;
		else if (opt_uint(arg, 0, 2, &v) == -1)
			goto badnum;
		else
			o->anon = 1 + (int)v;
		return 0;
	case 'h':
		if (arg == NULL || arg[0] == '\0') {
			o->help = 1;
			return 0;
		}
		/* FALLTHROUGH */
	case OPT_DEFHOST:
		return set_str(&o->defhost, arg);
	case 's':
		if (arg == NULL || arg[0] == '\0')
			o->single = 1;
		else if (opt_uint(arg, 0, 1000, &v) == -1)
			goto badnum;
		else
			o->single = 1 + (int)v;	/* -s0 is on, as the original */
		return 0;
	case 'C':
		if (arg == NULL || arg[0] == '\0')
			o->close_on_eof = 1;
		else if (opt_uint(arg, 0, 1, &v) == -1)
			goto badnum;
		else
			o->close_on_eof = v == 0;
		return 0;
	case 'U':
		if (arg == NULL || arg[0] == '\0')
			o->udpmode = 0;
		else if (opt_uint(arg, 0, 3, &v) == -1)
			goto badnum;
		else
			o->udpmode = (int)v;
		return 0;
	case 'T':
		o->transparent = 1;
		return 0;
	case 'N':
		if (arg[0] == 'i')
			return common_option(o, OPT_NATINT, arg + 1, err,
			    errlen);
		return common_option(o, OPT_NATEXT, arg + (arg[0] == 'e'),
		    err, errlen);
	case OPT_NATEXT:
	case OPT_NATINT:
		if (addr_parse_ip(arg, 0, ch == OPT_NATEXT ? &o->nat_ext :
		    &o->nat_int) == -1) {
			snprintf(err, errlen, "bad NAT address: %s", arg);
			return -1;
		}
		return 0;
	case 'o': {
		static const char subs[] = "cslrR";
		const char *w = strchr(subs, arg[0]);

		if (arg[0] == '\0' || w == NULL) {
			snprintf(err, errlen, "bad socket option flag -o%s",
			    arg);
			return -1;
		}
		if (opt_check_sockopts(arg + 1, err, errlen) == -1)
			return -1;
		return set_str(&o->sockopt[w - subs], arg + 1);
	}
	case OPT_SOCKOPT_C:
	case OPT_SOCKOPT_S:
	case OPT_SOCKOPT_L:
		if (opt_check_sockopts(arg, err, errlen) == -1)
			return -1;
		return set_str(&o->sockopt[ch - OPT_SOCKOPT_C], arg);
	case 'D':
		if (arg[0] == 'i')
			return set_str(&o->dev_int, arg + 1);
		if (arg[0] == 'e')
			return set_str(&o->dev_ext, arg + 1);
		snprintf(err, errlen, "bad device flag -D%s", arg);
		return -1;
	case OPT_DEV_I:
		return set_str(&o->dev_int, arg);
	case OPT_DEV_E:
		return set_str(&o->dev_ext, arg);
	case 'g':
		/* The original's poll-delay tuning; an event loop needs none. */
		return 0;
	case 'x':
		/* STARTTLS is never offered in this build. */
		return 0;
	case 'r':
	case 'R':
		snprintf(err, errlen, "connect-back (-%c) is not supported in "
		    "this build", ch);
		return -1;
	case 'H':
		snprintf(err, errlen, "PROXY protocol input (-H) is not "
		    "supported in this build");
		return -1;
	case OPT_HELP:
		o->help = 1;
		return 0;
	case OPT_LISTENFD:
		if (o->nlisten >= OPT_MAXLISTEN ||
		    opt_uint(arg, 0, 1 << 20, &v) == -1)
			goto badnum;
		o->listen_fd[o->nlisten++] = (int)v;
		return 0;
	case OPT_CONTROLFD:
		if (opt_uint(arg, 0, 1 << 20, &v) == -1)
			goto badnum;
		o->control_fd = (int)v;
		return 0;
	case OPT_READYFD:
		if (opt_uint(arg, 0, 1 << 20, &v) == -1)
			goto badnum;
		o->ready_fd = (int)v;
		return 0;
	case OPT_MAXCONN:
		if (opt_uint(arg, 1, 1000000, &v) == -1)
			goto badnum;
		o->maxconn = (unsigned)v;
		return 0;
	case OPT_TIMEOUTS:
		if (opt_timeouts(arg, o->timeouts) == -1) {
			snprintf(err, errlen, "bad timeouts: %s (1 to 11 "
			    "numbers, 1-2000000 seconds)", arg);
			return -1;
		}
		return 0;
	case OPT_NSERVER:
	case OPT_NSRECORD:
	case OPT_NSCACHE:
	case OPT_NSCACHE6:
		return add_nscmd(o, ch, arg, err, errlen);
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
badnum:
	snprintf(err, errlen, "bad value for -%c: %s",
	    ch < 128 ? ch : '-', arg != NULL ? arg : "");
	return -1;
}

int
opt_parse(struct opts *o, const struct opt_module *m, int argc, char **argv,
    char *err, size_t errlen)
{
	char shortopts[128];
	struct option *longopts;
	size_t ncommon = nitems(common_long), nextra = 0, i;
	char **v;
	int ch, rc = -1;

	o->progname = argv[0];
	if (m->extra_long != NULL)
		while (m->extra_long[nextra].name != NULL)
			nextra++;
	longopts = calloc(ncommon + nextra + 1, sizeof(*longopts));
	v = prepass(argc, argv);
	if (longopts == NULL || v == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	memcpy(longopts, common_long, sizeof(common_long));
	for (i = 0; i < nextra; i++)
		longopts[ncommon + i] = m->extra_long[i];
	snprintf(shortopts, sizeof(shortopts), "%s%s", COMMON_SHORT,
	    m->extra_short != NULL ? m->extra_short : "");

	optind = 0;	/* glibc: full re-initialisation */
	opterr = 0;
	while ((ch = getopt_long(argc, v, shortopts, longopts, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			if (optopt == '?') {
				o->help = 1;
				continue;
			}
			if (optopt == 0)
				snprintf(err, errlen, "unknown option %s",
				    v[optind - 1]);
			else if (strchr(shortopts, optopt) != NULL ||
			    optopt >= OPT_LONG_BASE)
				snprintf(err, errlen, "option %s needs a value",
				    v[optind - 1]);
			else
				snprintf(err, errlen, "unknown option -%c",
				    optopt);
			goto done;
		}
		if (m->handle != NULL && ((ch < 128 && m->extra_short != NULL &&
		    strchr(m->extra_short, ch) != NULL) ||
		    ch >= OPT_MODULE_BASE)) {
			if (m->handle(m->ctx, ch, optarg, err, errlen) == -1)
				goto done;
			continue;
		}
		if (common_option(o, ch, optarg, err, errlen) == -1)
			goto done;
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	if (!o->help && m->npositional >= 0 && o->nargs != m->npositional) {
		if (m->npositional == 0)
			snprintf(err, errlen, "unexpected argument %s",
			    o->args[0]);
		else
			snprintf(err, errlen, "expected %d arguments, got %d",
			    m->npositional, o->nargs);
		goto done;
	}
	rc = 0;
done:
	free(longopts);
	free(v);
	return rc;
}

void
opt_usage(const struct opt_module *m, const char *progname, int to_err)
{
	const char *slash = strrchr(progname, '/');
	const char *p;
	FILE *f = to_err ? stderr : stdout;

	progname = slash != NULL ? slash + 1 : progname;
	/* The synopsis names the program as "%s" wherever it appears. */
	fputs("usage: ", f);
	for (p = m->synopsis; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			fputs(progname, f);
			p++;
		} else
			fputc(*p, f);
	}
	fputc('\n', f);
}

void
opt_free(struct opts *o)
{
	size_t i;

	free(o->log); o->log = NULL;
	free(o->logformat); o->logformat = NULL;
	free(o->defhost); o->defhost = NULL;
	free(o->dev_int); o->dev_int = NULL;
	free(o->dev_ext); o->dev_ext = NULL;
	for (i = 0; i < nitems(o->sockopt); i++) {
		free(o->sockopt[i]); o->sockopt[i] = NULL;
	}
	for (i = 0; i < (size_t)o->nnscmd; i++)
		free(o->nscmd[i].nc_arg);
	free(o->nscmd); o->nscmd = NULL;
	o->nnscmd = 0;
}
