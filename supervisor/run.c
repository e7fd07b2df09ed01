/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Put a plan in force: process control in order, listeners, services; reload. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "sup.h"

/* New services have this long to become ready before a reload completes. */
#define RELOAD_WAIT_MS	10000

static const char *const all_modules[] = {
	"proxy", "socks", "pop3p", "ftppr", "tcppm", "udppm", "dnspr"
};

/* The numeric id behind a name or number (checked by plan.c). */
static int
lookup_id(const char *s, int group, unsigned long *out)
{
	if (opt_uint(s, 1, 0x7fffffff, out) == 0)
		return 0;
	if (group) {
		struct group *g = getgrnam(s);

		if (g == NULL || g->gr_gid == 0)
			return -1;
		*out = g->gr_gid;
	} else {
		struct passwd *pw = getpwnam(s);

		if (pw == NULL || pw->pw_uid == 0)
			return -1;
		*out = pw->pw_uid;
	}
	return 0;
}

static void
daemonize(void)
{
	pid_t pid = fork();
	int null;

	if (pid == -1)
		fatal(EX_OSERR, "daemon: fork");
	if (pid > 0)
		_exit(0);
	if (setsid() == -1)
		fatal(EX_OSERR, "daemon: setsid");
	log_diag_syslog("3proxy");
	if ((null = open("/dev/null", O_RDWR)) != -1) {
		(void)dup2(null, 0);
		(void)dup2(null, 1);
		(void)dup2(null, 2);
		if (null > 2)
			close(null);
	}
	sup.s_daemon = 1;
}

static int
write_pidfile(const char *path)
{
	char b[32];
	int fd, n;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	n = snprintf(b, sizeof(b), "%ld\n", (long)getpid());
	if (net_write_all(fd, b, (size_t)n) == -1) {
		close(fd);
		return -1;
	}
	if (close(fd) == -1)
		return -1;
	free(sup.s_pidfile);
	sup.s_pidfile = strdup(path);
	return 0;
}

static int
drop_gid(unsigned long gid)
{
	gid_t g = (gid_t)gid;

	/* Supplementary groups of root must not survive the drop. */
	if (geteuid() == 0 && setgroups(1, &g) == -1)
		return -1;
	return setregid(g, g);
}

static int
drop_uid(unsigned long uid)
{
	return setreuid((uid_t)uid, (uid_t)uid);
}

/* Before chroot: keep the module binaries open for fexecve(). */
static void
open_modules(void)
{
	char path[4096];
	size_t i;
	int n = 0;

	for (i = 0; i < nitems(all_modules) && n < 16; i++) {
		int fd;

		if (module_path(all_modules[i], path, sizeof(path)) == -1 ||
		    (fd = open(path, O_PATH | O_CLOEXEC)) == -1)
			continue;
		sup.s_exec_fd[n] = fd;
		sup.s_exec_name[n++] = (char *)(uintptr_t)all_modules[i];
	}
}

static void
add_monitor(const char *path)
{
	struct mon *m = calloc(1, sizeof(*m));
	struct stat st;

	if (m == NULL || (m->mo_path = strdup(path)) == NULL) {
		free(m);
		log_warnx("monitor %s: out of memory", path);
		return;
	}
	if (stat(path, &st) == 0) {
		m->mo_mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 +
		    st.st_mtim.tv_nsec;
		m->mo_size = (int64_t)st.st_size;
	}
	m->mo_next = sup.s_mons;
	sup.s_mons = m;
}

static void
clear_monitors(void)
{
	struct mon *m, *next;

	for (m = sup.s_mons; m != NULL; m = next) {
		next = m->mo_next;
		free(m->mo_path);
		free(m);
	}
	sup.s_mons = NULL;
}

/* Run a "system" command now, as the original does while reading. */
static void
run_system(const char *cmd)
{
	pid_t pid = fork();
	int status;

	if (pid == -1) {
		log_warn("system: fork");
		return;
	}
	if (pid == 0) {
		int i;

		for (i = 1; i < NSIG; i++)
			if (i != SIGKILL && i != SIGSTOP)
				(void)signal(i, SIG_DFL);
		ev_sigmask_reset();
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		log_warnx("system \"%s\": %s %d", cmd, WIFEXITED(status) ?
		    "exit status" : "signal", WIFEXITED(status) ?
		    WEXITSTATUS(status) : WTERMSIG(status));
}

/*
 * One process-control command at its place among the service lines. The
 * ones that cannot be taken back (daemon, ids, chroot) run at start-up
 * only; on a reload a different value is reported and left alone.
 */
static int
do_action(const struct action *ac, int first, struct conf_errs *errs)
{
	struct conf_where w = { ac->ac_file, ac->ac_line };
	unsigned long id;

	switch (ac->ac_kind) {
	case CP_DAEMON:
		if (first && !sup.s_daemon)
			daemonize();
		return 0;
	case CP_PIDFILE:
		if (write_pidfile(ac->ac_argv[1]) == -1) {
			conf_err(errs, &w, "pidfile %s: %s", ac->ac_argv[1],
			    strerror(errno));
			return first ? -1 : 0;
		}
		return 0;
	case CP_SETGID:
	case CP_SETUID:
		if (lookup_id(ac->ac_argv[1], ac->ac_kind == CP_SETGID, &id)
		    == -1) {
			conf_err(errs, &w, "%s %s: unknown", ac->ac_argv[0],
			    ac->ac_argv[1]);
			return -1;
		}
		if (!first) {
			if ((ac->ac_kind == CP_SETGID ? (unsigned long)getgid() :
			    (unsigned long)getuid()) != id)
				log_warnx("%s:%u: %s: takes effect at start "
				    "only", w.cw_file, w.cw_line,
				    ac->ac_argv[0]);
			return 0;
		}
		if ((ac->ac_kind == CP_SETGID ? drop_gid(id) : drop_uid(id))
		    == -1) {
			conf_err(errs, &w, "%s %s: %s", ac->ac_argv[0],
			    ac->ac_argv[1], strerror(errno));
			return -1;
		}
		return 0;
	case CP_CHROOT: {
		unsigned long uid = 0, gid = 0;

		if (!first || sup.s_chrooted)
			return 0;
		/* Names are looked up outside: the jail has no passwd file. */
		if ((ac->ac_argc > 2 && lookup_id(ac->ac_argv[2], 0, &uid) == -1)
		    || (ac->ac_argc > 3 &&
		    lookup_id(ac->ac_argv[3], 1, &gid) == -1)) {
			conf_err(errs, &w, "chroot: unknown user or group");
			return -1;
		}
		if (chroot(ac->ac_argv[1]) == -1 || chdir("/") == -1) {
			conf_err(errs, &w, "chroot %s: %s", ac->ac_argv[1],
			    strerror(errno));
			return -1;
		}
		sup.s_chrooted = 1;
		sup.s_chroot_dir = strdup(ac->ac_argv[1]);
		if ((gid != 0 && drop_gid(gid) == -1) ||
		    (uid != 0 && drop_uid(uid) == -1)) {
			conf_err(errs, &w, "chroot: dropping to %lu:%lu: %s",
			    uid, gid, strerror(errno));
			return -1;
		}
		return 0;
	}
	case CP_SYSTEM:
		run_system(ac->ac_argv[1]);
		return 0;
	case CP_MONITOR:
		add_monitor(ac->ac_argv[1]);
		return 0;
	default:
		return 0;
	}
}

static void
set_reload_path(const struct plan *pl)
{
	const char *p = pl->pl_config != NULL ? pl->pl_config : sup.s_cfgpath;
	size_t n;

	if (p == NULL)
		return;
	/* "config" paths are made relative to the jail, as the original. */
	if (sup.s_chroot_dir != NULL && (n = strlen(sup.s_chroot_dir)) > 1 &&
	    strncmp(p, sup.s_chroot_dir, n) == 0 && p[n] == '/')
		p += n;
	free(sup.s_reload_path);
	sup.s_reload_path = strdup(p);
}

int
sup_apply_first(struct plan *pl, struct conf_errs *errs)
{
	struct action *ac = pl->pl_acts;
	struct svcdef *sd = pl->pl_svcs;
	unsigned i;

	if (pl->pl_chroot)
		open_modules();
	lsock_unmark();
	for (i = 0;; i++) {
		for (; ac != NULL && ac->ac_after == i; ac = ac->ac_next)
			if (do_action(ac, 1, errs) == -1)
				return -1;
		if (sd == NULL)
			break;
		if (lsock_bind_svc(sd, errs) == -1)
			return -1;
		sd = sd->sd_next;
	}
	set_reload_path(pl);
	return 0;
}

void
sup_start_groups(struct plan *pl)
{
	struct svcdef *sd;
	struct svcgroup *gr;

	for (sd = pl->pl_svcs; sd != NULL; sd = sd->sd_next)
		if ((gr = group_new(sd)) != NULL)
			group_start(gr);
}

/* Everything started for the new configuration answers: old ones go. */
static void
reload_done(int late)
{
	struct svcgroup *gr, *next;

	ev_timer_stop(sup.s_loop, &sup.s_reload_timer);
	for (gr = sup.s_groups; gr != NULL; gr = next) {
		next = gr->gr_next;
		gr->gr_new = 0;
		if (gr->gr_pending) {
			gr->gr_pending = 0;
			group_retire(gr);
		}
	}
	sup.s_reloading = 0;
	log_info("reload: done%s (%u added, %u changed, %u removed, "
	    "%u unchanged)", late ? ", new services not all ready" : "",
	    sup.s_counts[0], sup.s_counts[1], sup.s_counts[2],
	    sup.s_counts[3]);
	if (sup.s_reload_again) {
		sup.s_reload_again = 0;
		sup_reload();
	}
}

static void
reload_timeout(struct ev_timer *t)
{
	(void)t;
	if (sup.s_reloading)
		reload_done(1);
}

void
sup_check_ready(void)
{
	struct svcgroup *gr;

	int failed = 0;

	for (gr = sup.s_groups; gr != NULL; gr = gr->gr_next) {
		if (gr->gr_current && !group_ready(gr))
			return;
		if (gr->gr_current && group_failed(gr))
			failed = 1;
	}
	if (sup.s_ready_fd >= 0) {
		/* No newline, only the end: a service is not serving. */
		if (!failed)
			(void)net_write_all(sup.s_ready_fd, "\n", 1);
		close(sup.s_ready_fd);
		sup.s_ready_fd = -1;
	}
	if (sup.s_reloading)
		reload_done(0);
}

static char *
read_current(const char **name, size_t *len)
{
	char *text;

	if (sup.s_reload_path == NULL) {
		*name = "(stdin)";
		if ((text = malloc(sup.s_stdinlen + 1)) == NULL)
			return NULL;
		memcpy(text, sup.s_stdin, sup.s_stdinlen);
		text[sup.s_stdinlen] = '\0';
		*len = sup.s_stdinlen;
		return text;
	}
	*name = sup.s_reload_path;
	return conf_slurp(sup.s_reload_path, CONF_MAXFILE, len);
}

static int
shares_listener(const struct svcgroup *a, const struct svcdef *b)
{
	int i, j;

	for (i = 0; i < a->gr_def->sd_nls; i++)
		for (j = 0; j < b->sd_nls; j++)
			if (a->gr_def->sd_ls[i] == b->sd_ls[j])
				return 1;
	return 0;
}

/*
 * Read the configuration again. Any error keeps the running one. Otherwise
 * equal service lines keep their process, changed ones get a new process on
 * the same listening socket (the old one stops once the new one is ready),
 * new ones start, removed ones lose their listener and stop; stopping
 * services finish their sessions first.
 */
void
sup_reload(void)
{
	struct conf_errs errs;
	struct plan *pl;
	struct svcdef *sd;
	struct svcgroup *gr, *next;
	struct action *ac;
	const char *name;
	char *text;
	size_t len;

	if (sup.s_stopping)
		return;
	if (sup.s_reloading) {
		sup.s_reload_again = 1;
		return;
	}
	if ((text = read_current(&name, &len)) == NULL) {
		log_warn("reload: %s; keeping the running configuration",
		    sup.s_reload_path);
		return;
	}
	log_info("reload: reading %s", name);
	memset(&errs, 0, sizeof(errs));
	pl = plan_parse(name, text, len, 0, &errs);
	free(text);
	if (pl == NULL) {
		log_warnx("reload: %u error%s in %s; keeping the running "
		    "configuration", errs.ce_count, errs.ce_count == 1 ? "" :
		    "s", name);
		return;
	}
	lsock_unmark();
	for (sd = pl->pl_svcs; sd != NULL; sd = sd->sd_next)
		if (lsock_bind_svc(sd, &errs) == -1) {
			lsock_drop_new();
			plan_free(pl);
			log_warnx("reload: keeping the running configuration");
			return;
		}

	memset(sup.s_counts, 0, sizeof(sup.s_counts));
	for (gr = sup.s_groups; gr != NULL; gr = gr->gr_next)
		gr->gr_matched = gr->gr_new = 0;
	for (sd = pl->pl_svcs; sd != NULL; sd = sd->sd_next) {
		int changed = 0;

		for (gr = sup.s_groups; gr != NULL; gr = gr->gr_next)
			if (gr->gr_current && !gr->gr_new && !gr->gr_matched &&
			    strcmp(gr->gr_def->sd_key, sd->sd_key) == 0)
				break;
		if (gr != NULL) {
			gr->gr_matched = 1;
			sup.s_counts[3]++;
			group_reopen(gr);
			continue;
		}
		for (gr = sup.s_groups; gr != NULL; gr = gr->gr_next)
			if (gr->gr_current && !gr->gr_new &&
			    shares_listener(gr, sd))
				changed = 1;
		sup.s_counts[changed ? 1 : 0]++;
		if ((gr = group_new(sd)) != NULL)
			gr->gr_new = 1;
	}
	/* What the new configuration does not name loses its listener. */
	lsock_release_unused();
	for (gr = sup.s_groups; gr != NULL; gr = next) {
		next = gr->gr_next;
		if (!gr->gr_current || gr->gr_new || gr->gr_matched)
			continue;
		gr->gr_current = 0;
		for (sd = pl->pl_svcs; sd != NULL; sd = sd->sd_next)
			if (shares_listener(gr, sd))
				break;
		if (sd != NULL) {
			gr->gr_pending = 1;
		} else {
			sup.s_counts[2]++;
			group_retire(gr);
		}
	}
	clear_monitors();
	for (ac = pl->pl_acts; ac != NULL; ac = ac->ac_next)
		(void)do_action(ac, 0, &errs);
	set_reload_path(pl);
	sup.s_reloading = 1;
	for (gr = sup.s_groups; gr != NULL; gr = gr->gr_next)
		if (gr->gr_new)
			group_start(gr);
	plan_free(pl);
	ev_timer_start(sup.s_loop, &sup.s_reload_timer, RELOAD_WAIT_MS);
	sup_check_ready();
}

static void
monitor_tick(struct ev_timer *t)
{
	struct mon *m;
	struct stat st;
	int changed = 0;

	for (m = sup.s_mons; m != NULL; m = m->mo_next) {
		int64_t mt = 0, sz = 0;

		if (stat(m->mo_path, &st) == 0) {
			mt = (int64_t)st.st_mtim.tv_sec * 1000000000 +
			    st.st_mtim.tv_nsec;
			sz = (int64_t)st.st_size;
		}
		if (mt != m->mo_mtime || sz != m->mo_size) {
			m->mo_mtime = mt;
			m->mo_size = sz;
			log_info("monitor: %s changed", m->mo_path);
			changed = 1;
		}
	}
	ev_timer_start(sup.s_loop, t, sup.s_monitor_ms);
	if (changed)
		sup_reload();
}

void
sup_monitor_start(void)
{
	ev_timer_init(&sup.s_monitor, monitor_tick, NULL);
	ev_timer_init(&sup.s_reload_timer, reload_timeout, NULL);
	ev_timer_start(sup.s_loop, &sup.s_monitor, sup.s_monitor_ms);
}

void
sup_finish(int code)
{
	if (sup.s_pidfile != NULL)
		(void)unlink(sup.s_pidfile);
	log_info("exiting");
	exit(code);
}
