/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* 3proxy: read 3proxy.cfg and run each service as a module process. */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "log.h"
#include "opt.h"
#include "shm.h"
#include "sup.h"

#ifndef TPROXY_CONF
#define TPROXY_CONF	"/usr/local/etc/3proxy/3proxy.cfg"
#endif

/* Children have this long to go after SIGTERM, then SIGKILL. */
#define STOP_WAIT_MS	5000

#define SYNOPSIS "%s [-ch] [--modules-dir=DIR] [--monitor-interval=SECONDS] " \
	"[--ready-fd=FD] [CONFIGFILE]"

struct sup sup;

enum { O_MODULES = 0x100, O_MONITOR, O_READY, O_CHECK, O_HELP };

static const struct option longopts[] = {
	{ "check",		no_argument,		NULL, O_CHECK },
	{ "help",		no_argument,		NULL, O_HELP },
	{ "modules-dir",	required_argument,	NULL, O_MODULES },
	{ "monitor-interval",	required_argument,	NULL, O_MONITOR },
	{ "ready-fd",		required_argument,	NULL, O_READY },
	{ NULL,			0,			NULL, 0 }
};

static void
usage(const char *prog, int code)
{
	const char *slash = strrchr(prog, '/');
	const char *p;
	FILE *f = code == 0 ? stdout : stderr;

	prog = slash != NULL ? slash + 1 : prog;
	fputs("usage: ", f);
	for (p = SYNOPSIS; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			fputs(prog, f);
			p++;
		} else
			fputc(*p, f);
	}
	fputc('\n', f);
	exit(code);
}

/* The modules live next to the 3proxy binary unless told otherwise. */
static const char *
own_dir(void)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return ".";
	buf[n] = '\0';
	return dirname(buf);
}

static void
on_signal(int signo, void *arg)
{
	(void)arg;
	switch (signo) {
	case SIGCHLD:
		for (;;) {
			int status;
			pid_t pid = waitpid(-1, &status, WNOHANG);

			if (pid <= 0)
				break;
			child_reaped(pid, status);
		}
		if (sup.s_stopping && sup_all_gone())
			sup_finish(0);
		break;
	case SIGUSR1:
	case SIGHUP:
		log_info("signal %d: reload", signo);
		sup_reload();
		break;
	default:
		if (sup.s_stopping)
			break;
		log_info("signal %d: stopping the services", signo);
		sup_stop_all(SIGTERM);
		if (sup_all_gone())
			sup_finish(0);
		ev_timer_start(sup.s_loop, &sup.s_stop_timer, STOP_WAIT_MS);
		break;
	}
}

static void
stop_timeout(struct ev_timer *t)
{
	(void)t;
	log_warnx("services still running after %d ms: killing them",
	    STOP_WAIT_MS);
	sup_stop_all(SIGKILL);
}

/* The configuration text: the file, or standard input as the original. */
static char *
read_config(const char *path, const char **name, size_t *len)
{
	char *text = conf_slurp(path, CONF_MAXFILE, len);

	*name = path;
	if (text != NULL)
		return text;
	log_warn("%s; reading the configuration from standard input", path);
	*name = "(stdin)";
	if ((text = conf_slurp_fd(0, CONF_MAXFILE, len)) == NULL)
		fatal(EX_NOINPUT, "standard input");
	if ((sup.s_stdin = malloc(*len + 1)) == NULL)
		fatal(EX_OSERR, "memory");
	memcpy(sup.s_stdin, text, *len + 1);
	sup.s_stdinlen = *len;
	free(sup.s_cfgpath);
	sup.s_cfgpath = NULL;
	return text;
}

int
main(int argc, char **argv)
{
	struct conf_errs errs;
	struct plan *pl;
	unsigned long v;
	const char *name;
	char *text;
	size_t len;
	int ch, check = 0;

	signal(SIGPIPE, SIG_IGN);
	log_init("3proxy", 0);
	sup.s_shm = sup.s_ready_fd = -1;
	sup.s_monitor_ms = 60000;
	while ((ch = getopt_long(argc, argv, "ch", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
		case O_CHECK:
			check = 1;
			break;
		case 'h':
		case O_HELP:
			usage(argv[0], 0);
			break;
		case O_MODULES:
			sup.s_modules = optarg;
			break;
		case O_MONITOR:
			if (opt_uint(optarg, 1, 86400, &v) == -1)
				usage(argv[0], EX_USAGE);
			sup.s_monitor_ms = (unsigned)v * 1000;
			break;
		case O_READY:
			if (opt_uint(optarg, 0, 1 << 20, &v) == -1)
				usage(argv[0], EX_USAGE);
			sup.s_ready_fd = (int)v;
			/* Not for the children nor "system" commands. */
			(void)fcntl(sup.s_ready_fd, F_SETFD, FD_CLOEXEC);
			break;
		default:
			usage(argv[0], EX_USAGE);
		}
	}
	if (argc - optind > 1)
		usage(argv[0], EX_USAGE);
	if (sup.s_modules == NULL)
		sup.s_modules = own_dir();
	sup.s_cfgpath = strdup(optind < argc ? argv[optind] : TPROXY_CONF);

	/* Read and check everything before anything is started. */
	text = read_config(sup.s_cfgpath, &name, &len);
	memset(&errs, 0, sizeof(errs));
	pl = plan_parse(name, text, len, check, &errs);
	free(text);
	if (pl != NULL && check && lsock_check_plan(pl, &errs) == -1) {
		plan_free(pl);
		pl = NULL;
	}
	if (pl == NULL) {
		log_warnx("%u error%s in %s", errs.ce_count,
		    errs.ce_count == 1 ? "" : "s", name);
		return EX_CONFIG;
	}
	if (check) {
		fprintf(stderr, "%s: configuration OK, %u service%s\n", name,
		    pl->pl_nsvc, pl->pl_nsvc == 1 ? "" : "s");
		plan_free(pl);
		return 0;
	}

	/* Shared state, listeners and process control, in file order. */
	if ((sup.s_shm = shm_create(SHM_SIZE)) == -1)
		fatal(EX_OSERR, "shared memory");
	if (sup_apply_first(pl, &errs) == -1) {
		plan_free(pl);
		return EX_UNAVAILABLE;
	}
	if ((sup.s_loop = ev_loop_new()) == NULL)
		fatal(EX_OSERR, "epoll");
	ev_timer_init(&sup.s_stop_timer, stop_timeout, NULL);
	if (ev_signal(sup.s_loop, SIGCHLD, on_signal, NULL) == -1 ||
	    ev_signal(sup.s_loop, SIGTERM, on_signal, NULL) == -1 ||
	    ev_signal(sup.s_loop, SIGINT, on_signal, NULL) == -1 ||
	    ev_signal(sup.s_loop, SIGUSR1, on_signal, NULL) == -1 ||
	    ev_signal(sup.s_loop, SIGHUP, on_signal, NULL) == -1)
		fatal(EX_OSERR, "signals");
	sup_monitor_start();
	log_info("starting %u service%s from %s", pl->pl_nsvc,
	    pl->pl_nsvc == 1 ? "" : "s", name);
	sup_start_groups(pl);
	plan_free(pl);
	sup_check_ready();
	if (ev_run(sup.s_loop) == -1)
		fatal(EX_OSERR, "event loop");
	sup_finish(0);
}
