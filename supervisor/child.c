/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The module processes: start, configure, watch, restart with backoff, stop. */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "msg.h"
#include "sup.h"

/* A child that ran this long is no longer part of a crash loop. */
#define STABLE_MS	10000
/* Crashes in a row restarted at once; then 1 s, 2 s, ... up to 60 s. */
#define QUICK_RESTARTS	5
#define MAX_BACKOFF_MS	60000

extern char **environ;

static void inst_start(struct inst *);

static const char *
proto_word(int proto)
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

/* "socks (3proxy.cfg:12)" or "proxy for socks (3proxy.cfg:12)". */
static const char *
inst_name(const struct inst *in)
{
	static char b[512];
	const struct svcdef *sd = in->in_group->gr_def;

	if (in->in_proto == 0)
		snprintf(b, sizeof(b), "%s (%s:%u)", in->in_module, sd->sd_file,
		    sd->sd_line);
	else
		snprintf(b, sizeof(b), "%s, %s handler of %s (%s:%u)",
		    in->in_module, proto_word(in->in_proto), sd->sd_module,
		    sd->sd_file, sd->sd_line);
	return b;
}

void
sup_exec_module(const char *module, char **argv)
{
	char path[4096];
	int i;

	if (sup.s_chrooted) {
		for (i = 0; i < 16 && sup.s_exec_name[i] != NULL; i++)
			if (strcmp(sup.s_exec_name[i], module) == 0) {
				fexecve(sup.s_exec_fd[i], argv, environ);
				break;
			}
		errno = ENOENT;
		return;
	}
	if (module_path(module, path, sizeof(path)) == 0)
		execv(path, argv);
}

static int
argv_add(char ***v, int *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
argv_add(char ***v, int *n, const char *fmt, ...)
{
	char b[4096 + 64], **nv;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(b))
		return -1;
	if ((nv = realloc(*v, (size_t)(*n + 2) * sizeof(*nv))) == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(b)) == NULL)
		return -1;
	nv[++*n] = NULL;
	return 0;
}

static void
inst_free(struct inst *in)
{
	int i;

	if (in == NULL)
		return;
	if (in->in_argv != NULL)
		for (i = 0; in->in_argv[i] != NULL; i++)
			free(in->in_argv[i]);
	free(in->in_argv);
	free(in->in_module);
	free(in);
}

static void
restart_cb(struct ev_timer *t)
{
	struct inst *in = t->t_arg;

	if (!in->in_stopping && !in->in_dead && !sup.s_stopping)
		inst_start(in);
}

/*
 * The command line of an instance: the channel options first (the flags of
 * a port mapper end with positional arguments), then the service's flags,
 * or, for a local-redirection handler, the service's common flags.
 */
static struct inst *
inst_new(struct svcgroup *gr, int proto)
{
	struct svcdef *sd = gr->gr_def;
	struct inst *in = calloc(1, sizeof(*in));
	int n = 0, i, p, fd = 4;

	if (in == NULL)
		return NULL;
	in->in_group = gr;
	in->in_proto = proto;
	in->in_ctl.io_fd = -1;
	ev_timer_init(&in->in_restart, restart_cb, in);
	in->in_module = strdup(proto == 0 ? sd->sd_module :
	    module_for_proto(proto));
	if (in->in_module == NULL ||
	    argv_add(&in->in_argv, &n, "%s", in->in_module) == -1 ||
	    argv_add(&in->in_argv, &n, "--control-fd=3") == -1)
		goto fail;
	if (proto == 0) {
		for (i = 0; i < sd->sd_nls; i++) {
			in->in_fds[in->in_nfds++] = sd->sd_ls[i]->ls_fd;
			if (argv_add(&in->in_argv, &n, "--listen-fd=%d", fd++)
			    == -1)
				goto fail;
		}
		for (p = 1; p < SUP_NPROTO; p++) {
			if (gr->gr_pair[p][1] == -1)
				continue;
			in->in_fds[in->in_nfds++] = gr->gr_pair[p][1];
			if (argv_add(&in->in_argv, &n, "--redirect-fd=%s:%d",
			    proto_word(p), fd++) == -1)
				goto fail;
		}
	} else {
		in->in_fds[in->in_nfds++] = gr->gr_pair[proto][0];
		if (argv_add(&in->in_argv, &n, "--handoff-fd=%d", fd++) == -1)
			goto fail;
	}
	if (sup.s_shm != -1) {
		in->in_fds[in->in_nfds++] = sup.s_shm;
		if (argv_add(&in->in_argv, &n, "--shm-fd=%d", fd++) == -1)
			goto fail;
	}
	if (proto == 0) {
		for (i = 0; i < sd->sd_argc; i++)
			if (argv_add(&in->in_argv, &n, "%s", sd->sd_argv[i])
			    == -1)
				goto fail;
	} else {
		for (i = 0; i < sd->sd_nflags; i++)
			if (argv_add(&in->in_argv, &n, "%s", sd->sd_flags[i])
			    == -1)
				goto fail;
	}
	in->in_next = sup.s_insts;
	sup.s_insts = in;
	return in;
fail:
	inst_free(in);
	return NULL;
}

struct svcgroup *
group_new(struct svcdef *sd)
{
	struct svcgroup *gr = calloc(1, sizeof(*gr));
	int p;

	if (gr == NULL)
		return NULL;
	gr->gr_def = sd;
	for (p = 0; p < SUP_NPROTO; p++)
		gr->gr_pair[p][0] = gr->gr_pair[p][1] = -1;
	for (p = 1; p < SUP_NPROTO; p++) {
		int sndbuf = 1 << 20;

		if (!(sd->sd_snap.sn_redirects & (1u << p)))
			continue;
		/*
		 * One record per hand-off, so several senders (a service and
		 * its restarted self) never interleave. The supervisor keeps
		 * both ends: queued clients wait for a restarted handler.
		 */
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
		    gr->gr_pair[p]) == -1) {
			log_warn("hand-off socket for %s", sd->sd_module);
			goto fail;
		}
		(void)setsockopt(gr->gr_pair[p][1], SOL_SOCKET, SO_SNDBUF,
		    &sndbuf, sizeof(sndbuf));
		if ((gr->gr_hand[p] = inst_new(gr, p)) == NULL)
			goto fail;
	}
	if ((gr->gr_svc = inst_new(gr, 0)) == NULL)
		goto fail;
	sd->sd_taken = 1;
	gr->gr_current = 1;
	gr->gr_next = sup.s_groups;
	sup.s_groups = gr;
	return gr;
fail:
	log_warnx("%s (%s:%u): cannot set up: out of resources",
	    sd->sd_module, sd->sd_file, sd->sd_line);
	group_free(gr);
	return NULL;
}

static void
unlink_inst(struct inst *gone)
{
	struct inst **pp;

	for (pp = &sup.s_insts; *pp != NULL; pp = &(*pp)->in_next)
		if (*pp == gone) {
			*pp = gone->in_next;
			return;
		}
}

void
group_free(struct svcgroup *gr)
{
	struct svcgroup **pp;
	int p;

	for (pp = &sup.s_groups; *pp != NULL; pp = &(*pp)->gr_next)
		if (*pp == gr) {
			*pp = gr->gr_next;
			break;
		}
	for (p = 0; p < SUP_NPROTO; p++) {
		if (gr->gr_hand[p] != NULL) {
			ev_timer_stop(sup.s_loop, &gr->gr_hand[p]->in_restart);
			unlink_inst(gr->gr_hand[p]);
			inst_free(gr->gr_hand[p]);
		}
		if (gr->gr_pair[p][0] != -1)
			close(gr->gr_pair[p][0]);
		if (gr->gr_pair[p][1] != -1)
			close(gr->gr_pair[p][1]);
	}
	if (gr->gr_svc != NULL) {
		ev_timer_stop(sup.s_loop, &gr->gr_svc->in_restart);
		unlink_inst(gr->gr_svc);
		inst_free(gr->gr_svc);
	}
	if (gr->gr_def != NULL)
		svcdef_free(gr->gr_def);
	free(gr);
}

/* Send the fragment, as far as the socket takes it. */
static void
send_config(struct inst *in)
{
	const struct svcdef *sd = in->in_group->gr_def;

	while (!in->in_endsent && in->in_ctl.io_fd != -1) {
		size_t n = sd->sd_fraglen - in->in_sent;
		int rc;

		if (n > MSG_MAXPAYLOAD)
			n = MSG_MAXPAYLOAD;
		if (n > 0)
			rc = msg_send(in->in_ctl.io_fd, MSG_CONFIG, 0,
			    sd->sd_frag + in->in_sent, n, -1);
		else
			rc = msg_send(in->in_ctl.io_fd, MSG_CONFIG_END, 0, NULL,
			    0, -1);
		if (rc == -1) {
			if (errno == EAGAIN) {
				in->in_ctl.io_ready &= ~EV_WRITE;
				return;
			}
			/* The child is gone; SIGCHLD tells the rest. */
			return;
		}
		if (n > 0)
			in->in_sent += n;
		else
			in->in_endsent = 1;
	}
}

static void
ctl_cb(struct ev_io *io, unsigned events)
{
	struct inst *in = io->io_arg;
	static char payload[MSG_MAXPAYLOAD + 1];
	struct msg_hdr h;
	int fd, rc, i;

	if (events & EV_WRITE)
		send_config(in);
	for (i = 0; i < 64 && io->io_fd != -1; i++) {
		rc = msg_recv_packet(io->io_fd, &h, payload, &fd);
		if (rc == -1 && errno == EAGAIN) {
			io->io_ready &= ~EV_READ;
			return;
		}
		if (rc <= 0) {
			if (rc == -1)
				log_warn("%s: control channel", inst_name(in));
			ev_io_close(sup.s_loop, io);
			return;
		}
		if (fd != -1) {
			log_warnx("%s: unexpected descriptor closed",
			    inst_name(in));
			close(fd);
		}
		switch (h.mh_type) {
		case MSG_READY:
			in->in_ready = 1;
			log_info("%s: ready, pid %ld", inst_name(in),
			    (long)in->in_pid);
			sup_check_ready();
			break;
		case MSG_ERROR:
			payload[h.mh_len] = '\0';
			strlcpy(in->in_error, payload, sizeof(in->in_error));
			break;
		default:
			log_warnx("%s: unexpected message type %u",
			    inst_name(in), h.mh_type);
			break;
		}
	}
}

/*
 * In the child, between fork and exec: the control socket on 3, the
 * instance's descriptors on 4 and up, nothing else; the signal mask and
 * dispositions of a fresh process; death of the supervisor kills it.
 */
static void
child_setup(struct inst *in, int ctl, pid_t parent)
{
	int src[32], n = 0, i, tmp[32], x = -1;

	src[n++] = ctl;
	for (i = 0; i < in->in_nfds; i++)
		src[n++] = in->in_fds[i];
	/* In a jail the binary is reachable only through its descriptor. */
	if (sup.s_chrooted)
		for (i = 0; i < 16 && sup.s_exec_name[i] != NULL; i++)
			if (strcmp(sup.s_exec_name[i], in->in_module) == 0) {
				x = i;
				src[n++] = sup.s_exec_fd[i];
			}
	for (i = 0; i < n; i++)
		if ((tmp[i] = fcntl(src[i], F_DUPFD, 3 + n)) == -1)
			_exit(EX_OSERR);
	for (i = 0; i < n; i++)
		if (dup2(tmp[i], 3 + i) == -1)
			_exit(EX_OSERR);
	if (x != -1) {
		sup.s_exec_fd[x] = 3 + n - 1;
		(void)fcntl(3 + n - 1, F_SETFD, FD_CLOEXEC);
	}
	if (close_range(3 + (unsigned)n, ~0U, 0) == -1)
		for (i = 3 + n; i < 1024; i++)
			(void)close(i);
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			(void)signal(i, SIG_DFL);
	ev_sigmask_reset();
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != parent)
		_exit(EX_OSERR);
}

static void
inst_start(struct inst *in)
{
	int sv[2];
	pid_t pid, me = getpid();

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("%s: socketpair", inst_name(in));
		ev_timer_start(sup.s_loop, &in->in_restart, 1000);
		return;
	}
	if ((pid = fork()) == -1) {
		log_warn("%s: fork", inst_name(in));
		close(sv[0]);
		close(sv[1]);
		ev_timer_start(sup.s_loop, &in->in_restart, 1000);
		return;
	}
	if (pid == 0) {
		close(sv[0]);
		child_setup(in, sv[1], me);
		sup_exec_module(in->in_module, in->in_argv);
		fprintf(stderr, "3proxy: exec %s: %s\n", in->in_module,
		    strerror(errno));
		_exit(EX_UNAVAILABLE);
	}
	close(sv[1]);
	(void)fcntl(sv[0], F_SETFL, O_NONBLOCK);
	in->in_pid = pid;
	in->in_ready = 0;
	in->in_sent = 0;
	in->in_endsent = 0;
	in->in_error[0] = '\0';
	in->in_started = ev_now(sup.s_loop);
	if (ev_io_start(sup.s_loop, &in->in_ctl, sv[0], ctl_cb, in) == -1) {
		log_warn("%s: control channel", inst_name(in));
		close(sv[0]);
		kill(pid, SIGKILL);
		return;
	}
	send_config(in);
}

void
group_start(struct svcgroup *gr)
{
	int p;

	for (p = 1; p < SUP_NPROTO; p++)
		if (gr->gr_hand[p] != NULL)
			inst_start(gr->gr_hand[p]);
	inst_start(gr->gr_svc);
}

static int
inst_settled(const struct inst *in)
{
	return in == NULL || in->in_ready || in->in_dead;
}

int
group_ready(const struct svcgroup *gr)
{
	int p;

	for (p = 1; p < SUP_NPROTO; p++)
		if (!inst_settled(gr->gr_hand[p]))
			return 0;
	return inst_settled(gr->gr_svc);
}

/* Ask an instance to stop accepting and leave once its sessions end. */
static void
inst_stop(struct inst *in)
{
	if (in == NULL || in->in_stopping)
		return;
	in->in_stopping = 1;
	ev_timer_stop(sup.s_loop, &in->in_restart);
	if (in->in_pid == 0) {
		in->in_dead = 1;
		return;
	}
	if (in->in_ctl.io_fd == -1 || msg_send(in->in_ctl.io_fd, MSG_STOP, 0,
	    NULL, 0, -1) == -1)
		(void)kill(in->in_pid, SIGTERM);
}

/* A retiring group whose service is gone: its handlers may go too. */
static void
group_progress(struct svcgroup *gr)
{
	int p, alive = 0;

	if (!gr->gr_retiring)
		return;
	if (gr->gr_svc->in_pid != 0)
		return;
	for (p = 1; p < SUP_NPROTO; p++) {
		/* No sender left: the handler drains its queue and exits. */
		if (gr->gr_pair[p][1] != -1) {
			close(gr->gr_pair[p][1]);
			gr->gr_pair[p][1] = -1;
		}
		if (gr->gr_hand[p] != NULL) {
			inst_stop(gr->gr_hand[p]);
			if (gr->gr_hand[p]->in_pid != 0)
				alive = 1;
		}
	}
	if (!alive)
		group_free(gr);
}

/*
 * A kept service after a reload: reopen log files (rotation by rename);
 * one that was given up on (bad config, crash loop) gets a fresh start,
 * as a reload of the original restarts every service.
 */
void
group_reopen(struct svcgroup *gr)
{
	int p;

	for (p = 0; p < SUP_NPROTO; p++) {
		struct inst *in = p == 0 ? gr->gr_svc : gr->gr_hand[p];

		if (in == NULL || in->in_stopping)
			continue;
		if (in->in_pid != 0 && in->in_ctl.io_fd != -1 &&
		    in->in_endsent)
			(void)msg_send(in->in_ctl.io_fd, MSG_REOPEN, 0, NULL, 0,
			    -1);
		else if (in->in_pid == 0) {
			in->in_dead = 0;
			in->in_crashes = 0;
			ev_timer_stop(sup.s_loop, &in->in_restart);
			inst_start(in);
		}
	}
}

void
group_retire(struct svcgroup *gr)
{
	gr->gr_current = 0;
	gr->gr_retiring = 1;
	inst_stop(gr->gr_svc);
	group_progress(gr);
}

static struct inst *
find_pid(pid_t pid)
{
	struct inst *in;

	for (in = sup.s_insts; in != NULL; in = in->in_next)
		if (in->in_pid == pid)
			return in;
	return NULL;
}

/*
 * A service that will not run until the next reload: its TCP listeners
 * stop taking connections, so that clients are refused instead of waiting
 * in the backlog for nobody (the reload's listen() takes them again).
 */
static void
refuse_clients(const struct svcdef *sd)
{
	int i;

	for (i = 0; i < sd->sd_nls; i++)
		if (sd->sd_ls[i]->ls_type == SOCK_STREAM)
			(void)shutdown(sd->sd_ls[i]->ls_fd, SHUT_RD);
}

/* Whether a current service will not run until the next reload. */
int
group_failed(const struct svcgroup *gr)
{
	return gr->gr_svc != NULL && gr->gr_svc->in_dead &&
	    !gr->gr_svc->in_stopping;
}

void
child_reaped(pid_t pid, int status)
{
	struct inst *in = find_pid(pid);
	char how[64];
	uint64_t ran, delay = 0;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

	if (in == NULL)
		return;
	in->in_pid = 0;
	in->in_ready = 0;
	if (in->in_ctl.io_fd != -1)
		ev_io_close(sup.s_loop, &in->in_ctl);
	if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "killed by signal %d",
		    WTERMSIG(status));
	else
		snprintf(how, sizeof(how), "exited with status %d", code);
	if (sup.s_stopping)
		return;
	if (in->in_stopping) {
		in->in_dead = 1;
		log_info("%s: stopped (%s)", inst_name(in), how);
		group_progress(in->in_group);
		sup_check_ready();
		return;
	}
	if (code == EX_USAGE || code == EX_CONFIG || code == EX_CANTCREAT) {
		in->in_dead = 1;
		log_warnx("%s: %s%s%s; not restarted", inst_name(in), how,
		    in->in_error[0] != '\0' ? ": " : "", in->in_error);
		if (in == in->in_group->gr_svc)
			refuse_clients(in->in_group->gr_def);
		sup_check_ready();
		return;
	}
	ran = ev_now(sup.s_loop) - in->in_started;
	if (ran >= STABLE_MS)
		in->in_crashes = 0;
	in->in_crashes++;
	if (in->in_crashes > QUICK_RESTARTS) {
		unsigned shift = in->in_crashes - QUICK_RESTARTS - 1;

		delay = shift >= 6 ? MAX_BACKOFF_MS : 1000ull << shift;
		if (delay > MAX_BACKOFF_MS)
			delay = MAX_BACKOFF_MS;
	}
	log_warnx("%s: %s; restarting%s", inst_name(in), how, delay == 0 ? "" :
	    " later (crash loop)");
	if (delay > 0)
		log_warnx("%s: next start in %llu ms", inst_name(in),
		    (unsigned long long)delay);
	ev_timer_start(sup.s_loop, &in->in_restart, delay);
}

void
sup_stop_all(int signo)
{
	struct inst *in;

	sup.s_stopping = 1;
	for (in = sup.s_insts; in != NULL; in = in->in_next) {
		ev_timer_stop(sup.s_loop, &in->in_restart);
		if (in->in_pid != 0)
			(void)kill(in->in_pid, signo);
	}
}

int
sup_all_gone(void)
{
	struct inst *in;

	for (in = sup.s_insts; in != NULL; in = in->in_next)
		if (in->in_pid != 0)
			return 0;
	return 1;
}
