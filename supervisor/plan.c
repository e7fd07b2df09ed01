/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Run 3proxy.cfg as the original's batch script into a checked plan. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "policy.h"
#include "resolv.h"
#include "sup.h"

/* A module has this long to answer --dry-run. */
#define DRYRUN_MS	10000
/* Bytes of --dry-run output kept (stdout and stderr each). */
#define DRYRUN_MAX	16384

struct pctx {
	struct plan		*c_pl;
	struct conf_state	 c_st;
	struct conf_errs	*c_errs;
	struct svcdef		**c_tail;
	struct action		**c_atail;
};

const char *
module_for_proto(int proto)
{
	switch (proto) {
	case PROTO_HTTP:
		return "proxy";
	case PROTO_FTP:
		return "ftppr";
	case PROTO_POP3:
		return "pop3p";
	default:
		return NULL;
	}
}

static const char *
proto_name(int proto)
{
	switch (proto) {
	case PROTO_HTTP:
		return "http";
	case PROTO_FTP:
		return "ftp";
	case PROTO_POP3:
		return "pop3";
	default:
		return "?";
	}
}

int
module_path(const char *module, char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s/%s", sup.s_modules, module) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Whether the module can be started (before or after chroot). */
static int
module_ok(const char *module)
{
	char path[4096];
	int i;

	if (sup.s_chrooted) {
		for (i = 0; i < 16 && sup.s_exec_name[i] != NULL; i++)
			if (strcmp(sup.s_exec_name[i], module) == 0)
				return 1;
		return 0;
	}
	return module_path(module, path, sizeof(path)) == 0 &&
	    access(path, X_OK) == 0;
}

static void
free_vec(char **v, int n)
{
	int i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char **
dup_vec(int argc, char **argv)
{
	char **v = calloc((size_t)argc + 1, sizeof(*v));
	int i;

	if (v == NULL)
		return NULL;
	for (i = 0; i < argc; i++)
		if ((v[i] = strdup(argv[i])) == NULL) {
			free_vec(v, i);
			return NULL;
		}
	return v;
}

void
svcdef_free(struct svcdef *sd)
{
	free(sd->sd_module);
	free(sd->sd_file);
	free_vec(sd->sd_argv, sd->sd_argc);
	conf_snap_free(&sd->sd_snap);
	free(sd->sd_frag);
	free(sd->sd_lsockopt);
	free(sd->sd_ldev);
	free_vec(sd->sd_flags, sd->sd_nflags);
	free(sd->sd_key);
	free(sd);
}

void
plan_free(struct plan *pl)
{
	struct svcdef *sd, *nsd;
	struct action *ac, *nac;

	if (pl == NULL)
		return;
	for (sd = pl->pl_svcs; sd != NULL; sd = nsd) {
		nsd = sd->sd_next;
		/* A definition a running group took over is the group's. */
		if (sd->sd_taken)
			continue;
		svcdef_free(sd);
	}
	for (ac = pl->pl_acts; ac != NULL; ac = nac) {
		nac = ac->ac_next;
		free(ac->ac_file);
		free_vec(ac->ac_argv, ac->ac_argc);
		free(ac);
	}
	free(pl->pl_config);
	free(pl);
}

/* Read both pipes of a --dry-run child until EOF or the deadline. */
static int
drain(int out, int err, char *obuf, size_t *olen, char *ebuf, size_t *elen)
{
	struct pollfd p[2];
	struct timespec t0, t1;
	int open = 2;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	p[0].fd = out;
	p[1].fd = err;
	while (open > 0) {
		int i, left, rc;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = DRYRUN_MS - (int)((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return -1;
		p[0].events = p[1].events = POLLIN;
		p[0].revents = p[1].revents = 0;
		rc = poll(p, 2, left);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc <= 0)
			return -1;
		for (i = 0; i < 2; i++) {
			char *b = i == 0 ? obuf : ebuf;
			size_t *n = i == 0 ? olen : elen;
			char tmp[4096];
			ssize_t r;

			if (p[i].fd == -1 || !(p[i].revents &
			    (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read(p[i].fd, tmp, sizeof(tmp));
			if (r == -1 && errno == EINTR)
				continue;
			if (r <= 0) {
				p[i].fd = -1;
				open--;
				continue;
			}
			if (*n + (size_t)r < DRYRUN_MAX) {
				memcpy(b + *n, tmp, (size_t)r);
				*n += (size_t)r;
			}
		}
	}
	obuf[*olen] = '\0';
	ebuf[*elen] = '\0';
	return 0;
}

/* The first line of text, for a message. */
static void
first_line(char *text)
{
	char *nl = strchr(text, '\n');

	if (nl != NULL)
		*nl = '\0';
}

static int
add_flag(struct svcdef *sd, const char *flag)
{
	char **v = realloc(sd->sd_flags, (size_t)(sd->sd_nflags + 2) *
	    sizeof(*v));

	if (v == NULL)
		return -1;
	sd->sd_flags = v;
	if ((v[sd->sd_nflags] = strdup(flag)) == NULL)
		return -1;
	v[++sd->sd_nflags] = NULL;
	return 0;
}

/* Take in what the module reported about the service line. */
static int
read_report(struct pctx *c, struct svcdef *sd, const struct conf_where *w,
    char *out)
{
	char *line, *save = NULL;
	int have_int = 0;

	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *val = strchr(line, ' ');
		unsigned long v;

		if (val == NULL)
			continue;
		*val++ = '\0';
		if (strcmp(line, "port") == 0 && opt_uint(val, 0, 65535, &v)
		    == 0)
			sd->sd_port = (uint16_t)v;
		else if (strcmp(line, "stream") == 0)
			sd->sd_stream = strcmp(val, "1") == 0;
		else if (strcmp(line, "dgram") == 0)
			sd->sd_dgram = strcmp(val, "1") == 0;
		else if (strcmp(line, "internal") == 0) {
			if (addr_parse_listen(val, 0, &sd->sd_int) == -1)
				goto bad;
			have_int = 1;
		} else if (strcmp(line, "sockopt-listen") == 0) {
			if ((sd->sd_lsockopt = strdup(val)) == NULL)
				goto nomem;
		} else if (strcmp(line, "device-internal") == 0) {
			if ((sd->sd_ldev = strdup(val)) == NULL)
				goto nomem;
		} else if (strcmp(line, "daemon") == 0) {
			conf_err(c->c_errs, w, "%s: -d on a service line: use "
			    "the daemon command", sd->sd_module);
			return -1;
		} else if (strcmp(line, "inetd") == 0) {
			conf_err(c->c_errs, w, "%s: -I cannot be used in "
			    "3proxy.cfg", sd->sd_module);
			return -1;
		} else if (strcmp(line, "flag") == 0) {
			if (add_flag(sd, val) == -1)
				goto nomem;
		}
	}
	if (!have_int) {
		if (addr_is_set(&sd->sd_snap.sn_int))
			sd->sd_int = sd->sd_snap.sn_int;
		else
			(void)addr_parse_ip("0.0.0.0", 0, &sd->sd_int);
	}
	if (addr_family(&sd->sd_int) != AF_UNIX) {
		if (sd->sd_port == 0) {
			conf_err(c->c_errs, w, "%s: no port", sd->sd_module);
			return -1;
		}
		addr_set_port(&sd->sd_int, sd->sd_port);
	}
	return 0;
bad:
	conf_err(c->c_errs, w, "%s: bad report from the module",
	    sd->sd_module);
	return -1;
nomem:
	conf_err(c->c_errs, w, "%s: out of memory", sd->sd_module);
	return -1;
}

/*
 * Ask the module itself whether the service line's flags are right, and
 * what it would listen on: "MODULE --dry-run FLAGS".
 */
static int
dry_run(struct pctx *c, struct svcdef *sd, const struct conf_where *w)
{
	static char out[DRYRUN_MAX + 1], err[DRYRUN_MAX + 1];
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, status, i, rc = -1;
	size_t olen = 0, elen = 0;
	char **argv;
	pid_t pid;

	if ((argv = calloc((size_t)sd->sd_argc + 3, sizeof(*argv))) == NULL) {
		conf_err(c->c_errs, w, "%s: out of memory", sd->sd_module);
		return -1;
	}
	argv[0] = sd->sd_module;
	argv[1] = (char *)"--dry-run";
	for (i = 0; i < sd->sd_argc; i++)
		argv[i + 2] = sd->sd_argv[i];
	if (pipe2(po, O_CLOEXEC) == -1 || pipe2(pe, O_CLOEXEC) == -1) {
		conf_err(c->c_errs, w, "%s: pipe: %s", sd->sd_module,
		    strerror(errno));
		goto done;
	}
	if ((pid = fork()) == -1) {
		conf_err(c->c_errs, w, "%s: fork: %s", sd->sd_module,
		    strerror(errno));
		goto done;
	}
	if (pid == 0) {
		if (dup2(po[1], 1) == -1 || dup2(pe[1], 2) == -1)
			_exit(127);
		ev_sigmask_reset();
		signal(SIGPIPE, SIG_DFL);
		sup_exec_module(sd->sd_module, argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	if (drain(po[0], pe[0], out, &olen, err, &elen) == -1) {
		kill(pid, SIGKILL);
		conf_err(c->c_errs, w, "%s: no answer to --dry-run",
		    sd->sd_module);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		first_line(err);
		if (err[0] != '\0')
			conf_err(c->c_errs, w, "%s", err);
		else
			conf_err(c->c_errs, w, "%s: flags refused (status %d)",
			    sd->sd_module, WIFEXITED(status) ?
			    WEXITSTATUS(status) : 128 + WTERMSIG(status));
		goto done;
	}
	rc = read_report(c, sd, w, out);
done:
	for (i = 0; i < 2; i++) {
		if (po[i] != -1)
			close(po[i]);
		if (pe[i] != -1)
			close(pe[i]);
	}
	free(argv);
	return rc;
}

static int
service_line(struct pctx *c, const struct conf_where *w, int argc,
    char **argv)
{
	struct svcdef *sd = calloc(1, sizeof(*sd));
	int p;

	if (sd == NULL || (sd->sd_module = strdup(argv[0])) == NULL ||
	    (sd->sd_file = strdup(w->cw_file)) == NULL ||
	    (sd->sd_argv = dup_vec(argc - 1, argv + 1)) == NULL ||
	    conf_snap_copy(&sd->sd_snap, &c->c_st.cs_snap) == -1) {
		conf_err(c->c_errs, w, "%s: out of memory", argv[0]);
		goto fail;
	}
	sd->sd_line = w->cw_line;
	sd->sd_argc = argc - 1;
	if (!module_ok(argv[0])) {
		conf_err(c->c_errs, w, "%s: module not found in %s", argv[0],
		    sup.s_modules);
		goto fail;
	}
	for (p = 1; p < SUP_NPROTO; p++) {
		const char *m;

		if (!(sd->sd_snap.sn_redirects & (1u << p)))
			continue;
		if ((m = module_for_proto(p)) == NULL || !module_ok(m)) {
			conf_err(c->c_errs, w, "%s: local redirection to %s "
			    "needs the %s module, not found in %s", argv[0],
			    proto_name(p), m != NULL ? m : "?", sup.s_modules);
			goto fail;
		}
	}
	if (dry_run(c, sd, w) == -1)
		goto fail;
	if (sd->sd_snap.sn_backlog != 0)
		sd->sd_backlog = sd->sd_snap.sn_backlog;
	else {
		sd->sd_backlog = 1 + sd->sd_snap.sn_maxconn / 8;
		if (sd->sd_backlog < 128)
			sd->sd_backlog = 128;
	}
	*c->c_tail = sd;
	c->c_tail = &sd->sd_next;
	c->c_pl->pl_nsvc++;
	return 0;
fail:
	if (sd != NULL)
		svcdef_free(sd);
	return -1;
}

/* A user or group given by name or number; 0 (root) is refused. */
static int
id_arg(const char *s, int group, unsigned long *out)
{
	if (opt_uint(s, 0, 0x7fffffff, out) == -1) {
		if (group) {
			struct group *g = getgrnam(s);

			if (g == NULL)
				return -1;
			*out = g->gr_gid;
		} else {
			struct passwd *pw = getpwnam(s);

			if (pw == NULL)
				return -1;
			*out = pw->pw_uid;
		}
	}
	return *out == 0 ? -2 : 0;
}

static int
check_id(struct pctx *c, const struct conf_where *w, const char *cmd,
    const char *s, int group)
{
	unsigned long id;
	int rc = id_arg(s, group, &id);

	if (rc == -1)
		conf_err(c->c_errs, w, "%s: unknown %s '%s'", cmd,
		    group ? "group" : "user", s);
	else if (rc == -2)
		conf_err(c->c_errs, w, "%s: %s 0 is refused", cmd,
		    group ? "gid" : "uid");
	return rc == 0 ? 0 : -1;
}

static int
action_line(struct pctx *c, const struct conf_cmd *cmd,
    const struct conf_where *w, int argc, char **argv)
{
	struct action *ac;
	struct stat st;

	switch (cmd->cc_sub) {
	case CP_SETUID:
		if (check_id(c, w, argv[0], argv[1], 0) == -1)
			return -1;
		break;
	case CP_SETGID:
		if (check_id(c, w, argv[0], argv[1], 1) == -1)
			return -1;
		break;
	case CP_CHROOT:
		if (!sup.s_chrooted && (stat(argv[1], &st) == -1 ||
		    !S_ISDIR(st.st_mode))) {
			conf_err(c->c_errs, w, "chroot %s: not a directory",
			    argv[1]);
			return -1;
		}
		if ((argc > 2 && check_id(c, w, argv[0], argv[2], 0) == -1) ||
		    (argc > 3 && check_id(c, w, argv[0], argv[3], 1) == -1))
			return -1;
		c->c_pl->pl_chroot = 1;
		break;
	case CP_CONFIG:
		free(c->c_pl->pl_config);
		if ((c->c_pl->pl_config = strdup(argv[1])) == NULL)
			goto nomem;
		return 0;
	case CP_MONITOR:
		/* As the original: a file that is not there is skipped. */
		if (stat(argv[1], &st) == -1) {
			log_warnx("%s:%u: monitor %s: %s; not watched",
			    w->cw_file, w->cw_line, argv[1], strerror(errno));
			return 0;
		}
		break;
	default:
		break;
	}
	if ((ac = calloc(1, sizeof(*ac))) == NULL ||
	    (ac->ac_file = strdup(w->cw_file)) == NULL ||
	    (ac->ac_argv = dup_vec(argc, argv)) == NULL) {
		if (ac != NULL) {
			free(ac->ac_file);
			free(ac);
		}
		goto nomem;
	}
	ac->ac_kind = cmd->cc_sub;
	ac->ac_line = w->cw_line;
	ac->ac_argc = argc;
	ac->ac_after = c->c_pl->pl_nsvc;
	*c->c_atail = ac;
	c->c_atail = &ac->ac_next;
	return 0;
nomem:
	conf_err(c->c_errs, w, "%s: out of memory", argv[0]);
	return -1;
}

static int
plan_cb(void *arg, const struct conf_where *w, int argc, char **argv)
{
	struct pctx *c = arg;
	const struct conf_cmd *cmd = conf_lookup(w, argc, argv, c->c_errs);

	if (cmd == NULL)
		return -1;
	switch (cmd->cc_kind) {
	case CK_SERVICE:
		return service_line(c, w, argc, argv);
	case CK_PROC:
		return action_line(c, cmd, w, argc, argv);
	default:
		return conf_state_cmd(&c->c_st, cmd, w, argc, argv, c->c_errs);
	}
}

/* What must be equal for a running service to be left alone by a reload. */
static char *
service_key(const struct svcdef *sd)
{
	size_t n = strlen(sd->sd_module) + sd->sd_fraglen + 2, off = 0;
	char *k;
	int i;

	for (i = 0; i < sd->sd_argc; i++)
		n += strlen(sd->sd_argv[i]) + 1;
	if ((k = malloc(n + 1)) == NULL)
		return NULL;
	off += (size_t)snprintf(k, n + 1, "%s\n", sd->sd_module);
	for (i = 0; i < sd->sd_argc; i++)
		off += (size_t)snprintf(k + off, n + 1 - off, "%s%c",
		    sd->sd_argv[i], '\001');
	k[off++] = '\n';
	memcpy(k + off, sd->sd_frag, sd->sd_fraglen);
	k[off + sd->sd_fraglen] = '\0';
	return k;
}

struct plan *
plan_parse(const char *name, const char *text, size_t len, int checking,
    struct conf_errs *errs)
{
	struct pctx c;
	struct svcdef *sd;
	unsigned before = errs->ce_count;

	memset(&c, 0, sizeof(c));
	if ((c.c_pl = calloc(1, sizeof(*c.c_pl))) == NULL) {
		conf_err(errs, NULL, "out of memory");
		return NULL;
	}
	c.c_errs = errs;
	c.c_tail = &c.c_pl->pl_svcs;
	c.c_atail = &c.c_pl->pl_acts;
	(void)checking;
	/*
	 * Policy and resolver lines are checked here by the same code the
	 * modules run; the resolver keeps its settings in the process, so a
	 * reload starts it afresh.
	 */
	resolv_conf_reset();
	conf_state_init(&c.c_st, policy_new());
	conf_read_mem(name, text, len, 0, plan_cb, &c, errs);
	/* The global part (users, resolver, timeouts) is final only now. */
	for (sd = c.c_pl->pl_svcs; sd != NULL && errs->ce_count == before;
	    sd = sd->sd_next)
		if ((sd->sd_frag = conf_fragment(&c.c_st, &sd->sd_snap,
		    &sd->sd_fraglen)) == NULL ||
		    (sd->sd_key = service_key(sd)) == NULL)
			conf_err(errs, NULL, "out of memory");
	policy_free(c.c_st.cs_policy);
	conf_state_free(&c.c_st);
	if (errs->ce_count != before) {
		plan_free(c.c_pl);
		return NULL;
	}
	return c.c_pl;
}
