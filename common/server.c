/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The service skeleton every module runs: listeners, accept, limits, signals. */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "compat.h"
#include "conf.h"
#include "msg.h"
#include "resolv.h"
#include "server.h"
#include "shm.h"

/* How often a repeated warning (maxconn, EMFILE) may be written. */
#define WARN_INTERVAL_MS	1000
/* Accepts per wake-up, so one busy listener cannot starve the rest. */
#define ACCEPT_BATCH		64
/* How long a child waits for its configuration from the supervisor. */
#define CONF_WAIT_MS		30000

/*
 * Options of the supervisor's channel that the common flag table does not
 * have: taken out of argv before the flags are parsed (--control-fd stays
 * there too, opt_parse reads it again).
 */
struct chan_args {
	int		 ca_argc;
	char		**ca_argv;
	const char	*ca_config;	/* --config=FILE */
	int		 ca_dry_run;	/* --dry-run: check flags, print, exit */
	int		 ca_control;	/* --control-fd=N */
	int		 ca_handoff;	/* --handoff-fd=N: clients come in here */
	int		 ca_shm;	/* --shm-fd=N */
	int		 ca_redir[SERVICE_NPROTO]; /* --redirect-fd=PROTO:N */
};

/* --redirect-fd names, indexed by PROTO_*. */
static const char *const proto_names[SERVICE_NPROTO] = {
	NULL, "http", "ftp", "pop3", "socks", "tcp", "dns", NULL
};

static struct service the_service;

static int
warn_due(struct service *svc)
{
	uint64_t now = ev_now(svc->s_loop);

	if (svc->s_lastwarn != 0 && now - svc->s_lastwarn < WARN_INTERVAL_MS)
		return 0;
	svc->s_lastwarn = now;
	return 1;
}

unsigned
service_timeout_ms(const struct service *svc, int idx)
{
	return svc->s_opts.timeouts[idx] * 1000u;
}

void
service_relay_conf(const struct service *svc, int idx, struct relay_conf *rc)
{
	rc->idle_ms = service_timeout_ms(svc, idx);
	rc->linger_ms = service_timeout_ms(svc, TO_LINGER);
	rc->bufsize = svc->s_opts.bufsize;
	rc->close_on_eof = svc->s_opts.close_on_eof;
	rc->eof_policy[0] = rc->eof_policy[1] = RELAY_EOF_PASS;
}

const struct addr *
service_ext(const struct service *svc, int family)
{
	const struct addr *a = family == AF_INET6 ? &svc->s_opts.ext6 :
	    &svc->s_opts.ext4;

	return addr_is_set(a) && !addr_is_any(a) ? a : NULL;
}

int
service_connect(const struct service *svc, const struct addr *dst)
{
	int fd = net_connect(dst, service_ext(svc, addr_family(dst)));

	if (fd == -1)
		return -1;
	if (svc->s_opts.sockopt[SOCKOPT_SERVER] != NULL)
		(void)opt_apply_sockopts(fd, svc->s_opts.sockopt[SOCKOPT_SERVER]);
	if (svc->s_opts.dev_ext != NULL)
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE,
		    svc->s_opts.dev_ext, (socklen_t)strlen(svc->s_opts.dev_ext));
	return fd;
}

void
service_client_sockopts(const struct service *svc, int fd)
{
	if (svc->s_opts.sockopt[SOCKOPT_CLIENT] != NULL)
		(void)opt_apply_sockopts(fd, svc->s_opts.sockopt[SOCKOPT_CLIENT]);
}

void
service_log(struct service *svc, struct logrec *r)
{
	if (!logger_enabled(&svc->s_log))
		return;
	if (r->lr_service == NULL)
		r->lr_service = svc->s_mod->m_logname;
	if (r->lr_port == 0)
		r->lr_port = svc->s_port;
	log_access(&svc->s_log, r);
}

int
service_conn_begin(struct service *svc)
{
	if (svc->s_nconn >= svc->s_maxconn) {
		if (warn_due(svc))
			log_warnx("too many connected clients (%u/%u)",
			    svc->s_nconn, svc->s_maxconn);
		return -1;
	}
	svc->s_nconn++;
	svc->s_served = 1;
	return 0;
}

void
service_conn_done(struct service *svc)
{
	if (svc->s_nconn > 0)
		svc->s_nconn--;
	if (svc->s_nconn == 0 && ((svc->s_stopping && svc->s_nwork == 0) ||
	    (svc->s_opts.inetd && svc->s_served)))
		ev_break(svc->s_loop);
}

void
service_work_begin(struct service *svc)
{
	svc->s_nwork++;
}

void
service_work_done(struct service *svc)
{
	if (svc->s_nwork > 0)
		svc->s_nwork--;
	if (svc->s_nwork == 0 && svc->s_nconn == 0 && svc->s_stopping)
		ev_break(svc->s_loop);
}

void
service_shed_del(struct service *svc, struct shed *sh)
{
	if (!sh->sh_on)
		return;
	if (sh->sh_prev != NULL)
		sh->sh_prev->sh_next = sh->sh_next;
	else
		svc->s_shed_head = sh->sh_next;
	if (sh->sh_next != NULL)
		sh->sh_next->sh_prev = sh->sh_prev;
	else
		svc->s_shed_tail = sh->sh_prev;
	sh->sh_prev = sh->sh_next = NULL;
	sh->sh_on = 0;
}

void
service_shed_add(struct service *svc, struct shed *sh,
    int (*cb)(struct shed *))
{
	service_shed_del(svc, sh);
	sh->sh_close = cb;
	sh->sh_since = ev_now(svc->s_loop);
	sh->sh_prev = svc->s_shed_tail;
	sh->sh_next = NULL;
	if (svc->s_shed_tail != NULL)
		svc->s_shed_tail->sh_next = sh;
	else
		svc->s_shed_head = sh;
	svc->s_shed_tail = sh;
	sh->sh_on = 1;
}

/*
 * Every slot is taken: close the session that has waited longest for its
 * client, if that is over SHED_MIN_MS. Returns 0 when a slot came free.
 */
static int
shed_waiting(struct service *svc)
{
	uint64_t now = ev_now(svc->s_loop);
	struct shed *sh;

	while ((sh = svc->s_shed_head) != NULL &&
	    now - sh->sh_since >= SHED_MIN_MS) {
		service_shed_del(svc, sh);
		if (sh->sh_close(sh) == 0)
			return svc->s_nconn < svc->s_maxconn ? 0 : -1;
	}
	return -1;
}

static void
pause_listeners(struct service *svc, int paused)
{
	int i;

	if (svc->s_paused == paused)
		return;
	svc->s_paused = paused;
	for (i = 0; i < svc->s_nlst; i++)
		if (svc->s_lst[i].l_type == SOCK_STREAM)
			(void)ev_io_pause(svc->s_loop, &svc->s_lst[i].l_io,
			    paused);
}

static void
retry_accept(struct ev_timer *t)
{
	pause_listeners(t->t_arg, 0);
}

static void
service_close_listeners(struct service *svc)
{
	int i;

	for (i = 0; i < svc->s_nlst; i++) {
		struct listener *l = &svc->s_lst[i];

		if (l->l_io.io_fd == -1)
			continue;
		/* Answers to work under way leave from it: stop reading. */
		if (l->l_type == SOCK_DGRAM && svc->s_stopping &&
		    svc->s_nwork > 0) {
			(void)ev_io_pause(svc->s_loop, &l->l_io, 1);
			continue;
		}
		ev_io_close(svc->s_loop, &l->l_io);
		if (addr_family(&l->l_addr) == AF_UNIX &&
		    l->l_addr.a.sun.sun_path[0] != '\0' && !svc->s_opts.inetd &&
		    svc->s_opts.nlisten == 0)
			(void)unlink(l->l_addr.a.sun.sun_path);
	}
	svc->s_nlst = 0;
}

void
service_stop(struct service *svc)
{
	svc->s_stopping = 1;
	service_close_listeners(svc);
	if (svc->s_nconn == 0 && svc->s_nwork == 0)
		ev_break(svc->s_loop);
}

/*
 * Out of descriptors: close the spare, accept and drop the waiting client,
 * take the spare back. The client sees a prompt close instead of hanging in
 * the backlog, and the loop does not spin on a listener it cannot serve.
 */
static int
shed_one(struct service *svc, int lfd)
{
	struct addr peer;
	int fd;

	if (svc->s_spare == -1)
		return -1;
	close(svc->s_spare);
	svc->s_spare = -1;
	fd = net_accept(lfd, &peer);
	if (fd != -1)
		close(fd);
	svc->s_spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return fd == -1 ? -1 : 0;
}

static void
accept_cb(struct ev_io *io, unsigned events)
{
	struct listener *l = io->io_arg;
	struct service *svc = l->l_svc;
	int i;

	(void)events;
	if (l->l_type == SOCK_DGRAM) {
		svc->s_mod->m_dgram(svc, l);
		return;
	}
	for (i = 0; i < ACCEPT_BATCH; i++) {
		struct addr peer, local;
		int fd = net_accept(io->io_fd, &peer);

		if (fd == -1) {
			if (errno == EAGAIN)
				return;
			if (errno == ECONNABORTED || errno == EPROTO ||
			    errno == EPERM)
				continue;
			if (warn_due(svc))
				log_warn("accept");
			if ((errno == EMFILE || errno == ENFILE) &&
			    shed_one(svc, io->io_fd) == 0)
				continue;
			/* ENOBUFS, ENOMEM, or no spare: wait a little. */
			pause_listeners(svc, 1);
			ev_timer_start(svc->s_loop, &svc->s_retry, 100);
			return;
		}
		if (svc->s_nconn >= svc->s_maxconn && shed_waiting(svc) == -1) {
			if (warn_due(svc))
				log_warnx("too many connected clients (%u/%u)",
				    svc->s_nconn, svc->s_maxconn);
			close(fd);
			continue;
		}
		svc->s_nconn++;
		if (l->l_fixed || net_local(fd, &local) == -1)
			local = l->l_addr;
		service_client_sockopts(svc, fd);
		svc->s_mod->m_accept(svc, fd, &peer, &local);
	}
}

/*
 * Whether every connection accepted on fd has l_addr as its local address,
 * so that accepting needs no getsockname(): an IP listener bound to one
 * address and not transparent (TPROXY hands it other destinations).
 */
static int
listen_fixed(int fd, const struct addr *a)
{
	int on = 0, fam = addr_family(a);
	socklen_t len = sizeof(on);

	if ((fam != AF_INET && fam != AF_INET6) || addr_is_any(a))
		return 0;
	if (getsockopt(fd, fam == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
	    fam == AF_INET ? IP_TRANSPARENT : IPV6_TRANSPARENT, &on,
	    &len) == -1)
		return 0;
	return on == 0;
}

static int
add_listener(struct service *svc, int fd, int type, char *err, size_t errlen)
{
	struct listener *l;

	if (svc->s_nlst >= OPT_MAXLISTEN) {
		snprintf(err, errlen, "too many listeners");
		return -1;
	}
	if ((type == SOCK_STREAM && !svc->s_mod->m_stream) ||
	    (type == SOCK_DGRAM && !svc->s_mod->m_udp)) {
		snprintf(err, errlen, "descriptor %d: %s socket not served by "
		    "%s", fd, type == SOCK_STREAM ? "stream" : "datagram",
		    svc->s_mod->m_name);
		return -1;
	}
	l = &svc->s_lst[svc->s_nlst];
	l->l_type = type;
	l->l_svc = svc;
	if (net_local(fd, &l->l_addr) == -1)
		addr_clear(&l->l_addr);
	l->l_fixed = type == SOCK_STREAM && listen_fixed(fd, &l->l_addr);
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (ev_io_start_level(svc->s_loop, &l->l_io, fd, accept_cb, l) == -1) {
		snprintf(err, errlen, "epoll: %s", strerror(errno));
		return -1;
	}
	svc->s_nlst++;
	if (svc->s_port == 0)
		svc->s_port = addr_port(&l->l_addr);
	return 0;
}

static int
socket_type(int fd)
{
	int type = 0;
	socklen_t len = sizeof(type);

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1)
		return -1;
	return type;
}

static int
bind_own(struct service *svc, char *err, size_t errlen)
{
	struct opts *o = &svc->s_opts;
	struct addr a;
	uint16_t port = o->port != 0 ? o->port : svc->s_mod->m_port;
	int types[2], ntypes = 0, i, one = 1;

	if (addr_is_set(&o->intaddr))
		a = o->intaddr;
	else
		addr_parse_ip("0.0.0.0", 0, &a);
	addr_set_port(&a, port);
	if (svc->s_mod->m_stream)
		types[ntypes++] = SOCK_STREAM;
	if (svc->s_mod->m_udp)
		types[ntypes++] = SOCK_DGRAM;
	for (i = 0; i < ntypes; i++) {
		char as[ADDR_STRLEN];
		int fd, backlog = 1 + (int)(svc->s_maxconn / 8);

		if (backlog < 128)
			backlog = 128;
		fd = net_listen(&a, types[i], backlog);
		if (fd == -1) {
			snprintf(err, errlen, "bind %s: %s",
			    addr_str(&a, as, sizeof(as)), strerror(errno));
			return -1;
		}
		if (types[i] == SOCK_STREAM && addr_family(&a) != AF_UNIX)
			(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof(one));
		if (o->sockopt[SOCKOPT_LISTEN] != NULL)
			(void)opt_apply_sockopts(fd, o->sockopt[SOCKOPT_LISTEN]);
		if (o->dev_int != NULL)
			(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE,
			    o->dev_int, (socklen_t)strlen(o->dev_int));
		if (add_listener(svc, fd, types[i], err, errlen) == -1) {
			close(fd);
			return -1;
		}
		/* A UDP twin of a TCP listener on port 0 takes the same port. */
		if (port == 0 && svc->s_lst[svc->s_nlst - 1].l_addr.len != 0) {
			port = addr_port(&svc->s_lst[svc->s_nlst - 1].l_addr);
			addr_set_port(&a, port);
		}
	}
	return 0;
}

/* systemd socket activation: LISTEN_PID and LISTEN_FDS, descriptors from 3. */
static int
systemd_fds(struct service *svc, char *err, size_t errlen)
{
	const char *pid = getenv("LISTEN_PID"), *n = getenv("LISTEN_FDS");
	unsigned long vpid, vn, i;

	if (pid == NULL || n == NULL)
		return 0;
	if (opt_uint(pid, 1, 1UL << 30, &vpid) == -1 ||
	    (pid_t)vpid != getpid() || opt_uint(n, 1, OPT_MAXLISTEN, &vn) == -1)
		return 0;
	for (i = 0; i < vn; i++) {
		int fd = 3 + (int)i, type = socket_type(fd);

		if (type != SOCK_STREAM && type != SOCK_DGRAM) {
			snprintf(err, errlen, "LISTEN_FDS: descriptor %d is "
			    "not a socket", fd);
			return -1;
		}
		if (add_listener(svc, fd, type, err, errlen) == -1)
			return -1;
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	return (int)vn;
}

/* -I: fd 0 is the accepted client (or, for UDP modules, the socket). */
static int
inetd_fd(struct service *svc, char *err, size_t errlen)
{
	struct addr peer, local;
	int type = socket_type(0), fd;

	if (type != SOCK_STREAM && type != SOCK_DGRAM) {
		snprintf(err, errlen, "-I: standard input is not a socket");
		return -1;
	}
	fd = fcntl(0, F_DUPFD_CLOEXEC, 3);
	if (fd == -1) {
		snprintf(err, errlen, "-I: %s", strerror(errno));
		return -1;
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	{
		int null = open("/dev/null", O_RDWR);

		if (null != -1) {
			dup2(null, 0);
			if (null != 0)
				close(null);
		}
	}
	if (type == SOCK_DGRAM)
		return add_listener(svc, fd, type, err, errlen);
	if (!svc->s_mod->m_stream) {
		snprintf(err, errlen, "-I: stream socket not served by %s",
		    svc->s_mod->m_name);
		return -1;
	}
	if (net_peer(fd, &peer) == -1 || net_local(fd, &local) == -1) {
		snprintf(err, errlen, "-I: %s", strerror(errno));
		return -1;
	}
	svc->s_port = addr_port(&local);
	svc->s_nconn = 1;
	svc->s_served = 1;
	svc->s_mod->m_accept(svc, fd, &peer, &local);
	return 0;
}

void
service_warn_open(const struct service *svc)
{
	char as[ADDR_STRLEN];
	int i;

	/* A port mapper's target is fixed: it is no open proxy. */
	if (svc->s_policy == NULL || svc->s_mod->m_port == 0 ||
	    !policy_is_open(svc->s_policy))
		return;
	for (i = 0; i < svc->s_nlst; i++) {
		const struct addr *a = &svc->s_lst[i].l_addr;

		if (addr_family(a) == AF_UNIX || addr_is_loopback(a))
			continue;
		log_warnx("open proxy: %s on %s lets anyone reach anywhere "
		    "(auth none, or no ACL); set auth and allow/deny, or "
		    "listen on loopback", svc->s_mod->m_name,
		    addr_str(a, as, sizeof(as)));
		return;
	}
}

static void
on_stop(int signo, void *arg)
{
	struct service *svc = arg;

	log_info("signal %d: exiting", signo);
	svc->s_nconn = 0;
	service_stop(svc);
	ev_break(svc->s_loop);
}

static void
on_reopen(int signo, void *arg)
{
	struct service *svc = arg;

	(void)signo;
	if (logger_reopen(&svc->s_log) == -1)
		log_warn("reopen log %s", svc->s_log.lg_path);
}

static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void
daemonize(const struct service *svc)
{
	pid_t pid = fork();
	int null;

	if (pid == -1)
		fatal(EX_OSERR, "fork");
	if (pid > 0)
		_exit(0);
	(void)setsid();
	log_diag_syslog(svc->s_mod->m_name);
	if ((null = open("/dev/null", O_RDWR)) != -1) {
		dup2(null, 0);
		if (svc->s_log.lg_kind != LOGTO_STDOUT)
			dup2(null, 1);
		dup2(null, 2);
		if (null > 2)
			close(null);
	}
}

static void
ctl_read(struct ev_io *io, unsigned events)
{
	struct service *svc = io->io_arg;
	static char payload[MSG_MAXPAYLOAD];
	struct msg_hdr h;
	int fd, rc;

	(void)events;
	rc = msg_recv_packet(io->io_fd, &h, payload, &fd);
	if (rc == -1 && errno == EAGAIN)
		return;
	if (rc <= 0) {
		/* The supervisor is gone: so are we. */
		if (rc == -1)
			log_warn("control channel");
		ev_io_close(svc->s_loop, io);
		on_stop(SIGTERM, svc);
		return;
	}
	switch (h.mh_type) {
	case MSG_STOP:
		service_stop(svc);
		break;
	case MSG_REOPEN:
		on_reopen(0, svc);
		break;
	default:
		log_warnx("control channel: unexpected message type %u",
		    h.mh_type);
		break;
	}
	if (fd != -1) {
		log_warnx("control channel: unclaimed descriptor closed");
		close(fd);
	}
}

/* A client handed over by another module (local redirection). */
static void
handoff_read(struct ev_io *io, unsigned events)
{
	struct service *svc = io->io_arg;
	static char payload[MSG_MAXPAYLOAD];
	static struct handoff ho;
	struct msg_hdr h;
	const char *why;
	int i, fd, rc, fl;

	(void)events;
	for (i = 0; i < ACCEPT_BATCH; i++) {
		rc = msg_recv_packet(io->io_fd, &h, payload, &fd);
		if (rc == -1 && errno == EAGAIN)
			return;
		if (rc == 0) {
			/* Every sender is gone: no more clients will come. */
			ev_io_close(svc->s_loop, io);
			service_stop(svc);
			return;
		}
		if (rc == -1) {
			log_warn("hand-off socket");
			if (errno != EBADMSG)
				return;
			continue;
		}
		if (h.mh_type != MSG_HANDOFF || fd == -1) {
			log_warnx("hand-off socket: unexpected message type %u",
			    h.mh_type);
			goto drop;
		}
		if (handoff_decode(&ho, payload, h.mh_len, &why) == -1) {
			log_warnx("hand-off refused: %s", why);
			goto drop;
		}
		if (svc->s_mod->m_handoff == NULL ||
		    service_conn_begin(svc) == -1) {
			handoff_wipe(&ho);
			goto drop;
		}
		/* Status flags travel with the descriptor: usually set. */
		if (((fl = fcntl(fd, F_GETFL)) & O_NONBLOCK) == 0)
			(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
		/*
		 * A handler without listeners serves one service of 3proxy:
		 * its records carry that service's port (%p).
		 */
		if (svc->s_nlst == 0 && svc->s_port == 0)
			svc->s_port = ho.ho_srvport;
		svc->s_mod->m_handoff(svc, fd, &ho);
		handoff_wipe(&ho);
		compat_wipe(payload, h.mh_len);
		continue;
drop:
		compat_wipe(payload, sizeof(payload));
		if (fd != -1)
			close(fd);
	}
}

int
service_handoff(struct service *svc, int fd, struct handoff *ho)
{
	static char payload[MSG_MAXPAYLOAD];
	long n;
	int sock, rc;

	if (ho->ho_proto <= 0 || ho->ho_proto >= SERVICE_NPROTO ||
	    (sock = svc->s_redir[ho->ho_proto]) == -1) {
		errno = ENOENT;
		return -1;
	}
	if (ho->ho_hops >= HANDOFF_MAXHOPS) {
		errno = ELOOP;
		return -1;
	}
	ho->ho_hops++;
	if (ho->ho_srvport == 0)
		ho->ho_srvport = svc->s_port;
	if (ho->ho_service[0] == '\0')
		strlcpy(ho->ho_service, svc->s_mod->m_logname,
		    sizeof(ho->ho_service));
	if ((n = handoff_encode(ho, payload, sizeof(payload))) == -1) {
		ho->ho_hops--;
		return -1;
	}
	rc = msg_send(sock, MSG_HANDOFF, 0, payload, (size_t)n, fd);
	compat_wipe(payload, (size_t)n);
	if (rc == -1) {
		if (errno == EAGAIN)
			log_warnx("hand-off to %s: queue full",
			    proto_names[ho->ho_proto]);
		ho->ho_hops--;
		return -1;
	}
	return 0;
}

static int
fd_arg(const char *s, int *out)
{
	unsigned long v;

	if (opt_uint(s, 0, 1 << 20, &v) == -1)
		return -1;
	*out = (int)v;
	return 0;
}

/* Take the channel options out of argv (a copy); 0, or -1 with err. */
static int
chan_prescan(int argc, char **argv, struct chan_args *ca, char *err,
    size_t errlen)
{
	char **v = calloc((size_t)argc + 1, sizeof(*v));
	int i, n = 0, k;

	if (v == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ca->ca_argv = v;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (i == 0 || strncmp(a, "--", 2) != 0) {
			v[n++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			while (i < argc)
				v[n++] = argv[i++];
			break;
		}
		if (strncmp(a, "--control-fd=", 13) == 0) {
			(void)fd_arg(a + 13, &ca->ca_control);
			v[n++] = argv[i];
		} else if (strncmp(a, "--config=", 9) == 0 && a[9] != '\0')
			ca->ca_config = a + 9;
		else if (strcmp(a, "--config") == 0 && i + 1 < argc)
			ca->ca_config = argv[++i];
		else if (strcmp(a, "--dry-run") == 0)
			ca->ca_dry_run = 1;
		else if (strncmp(a, "--handoff-fd=", 13) == 0) {
			if (fd_arg(a + 13, &ca->ca_handoff) == -1)
				goto bad;
		} else if (strncmp(a, "--shm-fd=", 9) == 0) {
			if (fd_arg(a + 9, &ca->ca_shm) == -1)
				goto bad;
		} else if (strncmp(a, "--redirect-fd=", 14) == 0) {
			const char *colon = strchr(a + 14, ':');

			for (k = 1; k < SERVICE_NPROTO; k++)
				if (proto_names[k] != NULL && colon != NULL &&
				    strlen(proto_names[k]) ==
				    (size_t)(colon - a - 14) &&
				    strncmp(a + 14, proto_names[k],
				    (size_t)(colon - a - 14)) == 0)
					break;
			if (k == SERVICE_NPROTO ||
			    fd_arg(colon + 1, &ca->ca_redir[k]) == -1)
				goto bad;
		} else
			v[n++] = argv[i];
	}
	v[n] = NULL;
	ca->ca_argc = n;
	return 0;
bad:
	snprintf(err, errlen, "bad value: %s", argv[i]);
	return -1;
}

/*
 * Under the supervisor: read the configuration fragment (MSG_CONFIG pieces,
 * then MSG_CONFIG_END) and apply it before the flags. Returns 0, or -1 with
 * the error counted in errs.
 */
static int
receive_config(struct service *svc, int fd, struct conf_errs *errs)
{
	static char payload[MSG_MAXPAYLOAD];
	char *text = NULL, *p;
	size_t len = 0;
	struct msg_hdr h;
	int rc, mfd;

	for (;;) {
		struct pollfd pfd;

		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		rc = poll(&pfd, 1, CONF_WAIT_MS);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc != 1) {
			conf_err(errs, NULL, "no configuration from 3proxy");
			goto fail;
		}
		rc = msg_recv_packet(fd, &h, payload, &mfd);
		if (rc == -1 && errno == EAGAIN)
			continue;
		if (rc <= 0) {
			conf_err(errs, NULL, "control channel: %s", rc == 0 ?
			    "closed" : strerror(errno));
			goto fail;
		}
		if (mfd != -1) {
			close(mfd);
			conf_err(errs, NULL, "control channel: unexpected "
			    "descriptor");
			goto fail;
		}
		if (h.mh_type == MSG_CONFIG_END)
			break;
		if (h.mh_type == MSG_STOP)
			exit(0);
		if (h.mh_type != MSG_CONFIG || len + h.mh_len > CONF_MAXFRAG) {
			conf_err(errs, NULL, "control channel: unexpected "
			    "message type %u", h.mh_type);
			goto fail;
		}
		if ((p = realloc(text, len + h.mh_len + 1)) == NULL) {
			conf_err(errs, NULL, "out of memory");
			goto fail;
		}
		text = p;
		memcpy(text + len, payload, h.mh_len);
		len += h.mh_len;
	}
	rc = conf_apply(svc, "3proxy.cfg fragment", text != NULL ? text : "",
	    len, CONF_LONGLINES | CONF_NOFILES, errs);
	free(text);
	/* In 3proxy.cfg a service asks for credentials when useful (-u1). */
	svc->s_opts.needuser = 1;
	return rc;
fail:
	free(text);
	return -1;
}

/* Print one line of the --dry-run report; values never hold a newline. */
static void
dry_line(const char *key, const char *val)
{
	if (strchr(val, '\n') != NULL)
		fatalx(EX_USAGE, "newline in the value of %s", key);
	printf("%s %s\n", key, val);
}

static void
dry_flag(const char *name, const char *val)
{
	if (strchr(val, '\n') != NULL)
		fatalx(EX_USAGE, "newline in the value of --%s", name);
	printf("flag --%s=%s\n", name, val);
}

/*
 * --dry-run: what 3proxy must know of a service line before it starts the
 * module: the listeners to bind, and the common flags a local-redirection
 * handler of this service takes over (in their long forms).
 */
static void
dry_run(const struct service *svc)
{
	const struct opts *o = &svc->s_opts;
	struct opts def;
	char b[ADDR_STRLEN + 32];
	unsigned i;

	opt_defaults(&def);
	snprintf(b, sizeof(b), "%u", o->port != 0 ? o->port :
	    svc->s_mod->m_port);
	dry_line("port", b);
	dry_line("stream", svc->s_mod->m_stream ? "1" : "0");
	dry_line("dgram", svc->s_mod->m_udp ? "1" : "0");
	if (addr_is_set(&o->intaddr))
		dry_line("internal", addr_ip_str(&o->intaddr, b, sizeof(b)));
	if (o->sockopt[SOCKOPT_LISTEN] != NULL)
		dry_line("sockopt-listen", o->sockopt[SOCKOPT_LISTEN]);
	if (o->dev_int != NULL)
		dry_line("device-internal", o->dev_int);
	if (o->daemon)
		dry_line("daemon", "1");
	if (o->inetd)
		dry_line("inetd", "1");
	snprintf(b, sizeof(b), "--family=%s", o->family == FAM_6 ? "6" :
	    o->family == FAM_46 ? "46" : o->family == FAM_64 ? "64" : "4");
	dry_line("flag", b);
	if (addr_is_set(&o->ext4)) {
		snprintf(b, sizeof(b), "--external=");
		addr_ip_str(&o->ext4, b + 11, sizeof(b) - 11);
		dry_line("flag", b);
	}
	if (addr_is_set(&o->ext6)) {
		snprintf(b, sizeof(b), "--external=");
		addr_ip_str(&o->ext6, b + 11, sizeof(b) - 11);
		dry_line("flag", b);
	}
	if (o->log_set)
		dry_flag("log", o->log);
	if (o->logformat != NULL)
		dry_flag("logformat", o->logformat);
	if (o->silent)
		dry_line("flag", "--silent");
	if (o->bufsize != def.bufsize) {
		snprintf(b, sizeof(b), "--bufsize=%u", o->bufsize);
		dry_line("flag", b);
	}
	if (o->close_on_eof)
		dry_line("flag", "--close-on-eof");
	if (o->anon > 0) {
		snprintf(b, sizeof(b), o->anon == 1 ? "--anonymous" :
		    "--anonymous=%d", o->anon - 1);
		dry_line("flag", b);
	}
	if (o->transparent)
		dry_line("flag", "--transparent");
	if (o->maxconn != def.maxconn) {
		snprintf(b, sizeof(b), "--maxconn=%u", o->maxconn);
		dry_line("flag", b);
	}
	if (memcmp(o->timeouts, def.timeouts, sizeof(def.timeouts)) != 0) {
		size_t n = (size_t)snprintf(b, sizeof(b), "--timeouts=");

		for (i = 0; i < TO_COUNT && n < sizeof(b); i++)
			n += (size_t)snprintf(b + n, sizeof(b) - n, "%s%u",
			    i ? "," : "", o->timeouts[i]);
		dry_line("flag", b);
	}
	if (o->sockopt[SOCKOPT_SERVER] != NULL)
		dry_flag("sockopt-server", o->sockopt[SOCKOPT_SERVER]);
	if (o->dev_ext != NULL)
		dry_flag("device-external", o->dev_ext);
	if (fflush(stdout) == EOF)
		exit(EX_IOERR);
}

/*
 * The resolver long options, in the order given, as the 3proxy.cfg
 * commands they stand for ("--nsrecord=NAME:ADDR" is "nsrecord NAME ADDR").
 */
static int
apply_resolver_opts(struct service *svc, char *err, size_t errlen)
{
	int i;

	resolv_set_timeout(service_timeout_ms(svc, TO_DNS));
	for (i = 0; i < svc->s_opts.nnscmd; i++) {
		const struct opt_nscmd *c = &svc->s_opts.nscmd[i];
		char buf[RESOLV_MAXNAME + 64], cmd[16], msg[128], *argv[3];
		char *colon;
		int argc = 2;

		if (strlcpy(buf, c->nc_arg, sizeof(buf)) >= sizeof(buf)) {
			snprintf(err, errlen, "--%s: value too long", c->nc_cmd);
			return -1;
		}
		strlcpy(cmd, c->nc_cmd, sizeof(cmd));
		argv[0] = cmd;
		argv[1] = buf;
		if (strcmp(c->nc_cmd, "nsrecord") == 0) {
			if ((colon = strchr(buf, ':')) == NULL) {
				snprintf(err, errlen, "--nsrecord: expected "
				    "NAME:ADDRESS, got %s", c->nc_arg);
				return -1;
			}
			*colon = '\0';
			argv[argc++] = colon + 1;
		}
		if (resolv_conf(argc, argv, msg, sizeof(msg)) != 1) {
			snprintf(err, errlen, "--%s=%s: %s", c->nc_cmd,
			    c->nc_arg, msg);
			return -1;
		}
	}
	return 0;
}

static void
usage_exit(const struct module *m, const char *prog, const char *err)
{
	if (err != NULL && err[0] != '\0')
		fprintf(stderr, "%s: %s\n", m->m_name, err);
	opt_usage(&m->m_opt, prog, 1);
	exit(EX_USAGE);
}

int
service_main(const struct module *mod, int argc, char **argv)
{
	struct service *svc = &the_service;
	struct chan_args ca;
	struct conf_errs errs;
	char err[512] = "";
	int n, i;

	signal(SIGPIPE, SIG_IGN);
	log_init(mod->m_name, 0);
	memset(svc, 0, sizeof(*svc));
	svc->s_mod = mod;
	svc->s_spare = -1;
	svc->s_ctl.io_fd = -1;
	svc->s_hand.io_fd = -1;
	memset(&ca, 0, sizeof(ca));
	ca.ca_control = ca.ca_handoff = ca.ca_shm = -1;
	for (i = 0; i < SERVICE_NPROTO; i++)
		svc->s_redir[i] = ca.ca_redir[i] = -1;
	memset(&errs, 0, sizeof(errs));
	opt_defaults(&svc->s_opts);
	if (chan_prescan(argc, argv, &ca, err, sizeof(err)) == -1)
		usage_exit(mod, argv[0], err);
	argc = ca.ca_argc;
	argv = ca.ca_argv;
	if (ca.ca_shm >= 0 && shm_attach(ca.ca_shm) == -1)
		fatal(EX_OSERR, "--shm-fd=%d", ca.ca_shm);

	/* The configuration first: the flags of the service line win. */
	if (ca.ca_control >= 0 && !ca.ca_dry_run &&
	    receive_config(svc, ca.ca_control, &errs) == -1) {
		(void)msg_send(ca.ca_control, MSG_ERROR, 0, errs.ce_first,
		    strlen(errs.ce_first), -1);
		exit(EX_CONFIG);
	}
	if (ca.ca_config != NULL &&
	    conf_apply_file(svc, ca.ca_config, &errs) == -1)
		exit(EX_CONFIG);
	if (opt_parse(&svc->s_opts, &mod->m_opt, argc, argv, err,
	    sizeof(err)) == -1)
		usage_exit(mod, argv[0], err);
	if (svc->s_opts.help) {
		opt_usage(&mod->m_opt, argv[0], 0);
		return 0;
	}
	log_set_silent(svc->s_opts.silent);
	raise_nofile();
	svc->s_maxconn = svc->s_opts.maxconn;
	if ((svc->s_loop = ev_loop_new()) == NULL)
		fatal(EX_OSERR, "epoll");
	if (resolv_init(svc->s_loop) == -1)
		fatal(EX_OSERR, "resolver");
	if (apply_resolver_opts(svc, err, sizeof(err)) == -1)
		usage_exit(mod, argv[0], err);
	ev_timer_init(&svc->s_retry, retry_accept, svc);
	if (mod->m_init != NULL && mod->m_init(svc, err, sizeof(err)) == -1)
		usage_exit(mod, argv[0], err);
	if (ca.ca_dry_run) {
		dry_run(svc);
		exit(0);
	}
	if (logger_open(&svc->s_log, svc->s_opts.log_set ? svc->s_opts.log :
	    NULL, svc->s_opts.logformat) == -1)
		fatal(EX_CANTCREAT, "log %s", svc->s_opts.log);

	/*
	 * A client from inetd or from another module may still be open in
	 * that process: closing ours must also take it out of epoll.
	 */
	if (svc->s_opts.inetd || ca.ca_handoff >= 0)
		ev_loop_shared(svc->s_loop);
	/* Where the listeners come from, in order of precedence. */
	if (svc->s_opts.inetd)
		n = inetd_fd(svc, err, sizeof(err));
	else if (svc->s_opts.nlisten > 0) {
		for (i = 0, n = 0; i < svc->s_opts.nlisten && n == 0; i++) {
			int fd = svc->s_opts.listen_fd[i];

			n = add_listener(svc, fd, socket_type(fd), err,
			    sizeof(err));
		}
	} else if (ca.ca_handoff >= 0 && ca.ca_control >= 0)
		n = 0;	/* a local-redirection handler: no listener */
	else if ((n = systemd_fds(svc, err, sizeof(err))) == 0)
		n = bind_own(svc, err, sizeof(err));
	if (n == -1)
		fatalx(EX_UNAVAILABLE, "%s", err);
	service_warn_open(svc);

	if (svc->s_opts.daemon)
		daemonize(svc);
	svc->s_spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (ev_signal(svc->s_loop, SIGTERM, on_stop, svc) == -1 ||
	    ev_signal(svc->s_loop, SIGINT, on_stop, svc) == -1 ||
	    ev_signal(svc->s_loop, SIGHUP, on_reopen, svc) == -1 ||
	    ev_signal(svc->s_loop, SIGUSR1, on_reopen, svc) == -1)
		fatal(EX_OSERR, "signals");
	for (i = 0; i < SERVICE_NPROTO; i++)
		if ((svc->s_redir[i] = ca.ca_redir[i]) != -1) {
			(void)fcntl(svc->s_redir[i], F_SETFL, O_NONBLOCK);
			(void)fcntl(svc->s_redir[i], F_SETFD, FD_CLOEXEC);
		}
	if (ca.ca_handoff >= 0) {
		(void)fcntl(ca.ca_handoff, F_SETFL, O_NONBLOCK);
		(void)fcntl(ca.ca_handoff, F_SETFD, FD_CLOEXEC);
		if (ev_io_start_level(svc->s_loop, &svc->s_hand, ca.ca_handoff,
		    handoff_read, svc) == -1)
			fatal(EX_OSERR, "hand-off socket");
	}
	if (svc->s_opts.control_fd >= 0) {
		(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
		(void)fcntl(svc->s_opts.control_fd, F_SETFL, O_NONBLOCK);
		(void)fcntl(svc->s_opts.control_fd, F_SETFD, FD_CLOEXEC);
		if (ev_io_start_level(svc->s_loop, &svc->s_ctl,
		    svc->s_opts.control_fd, ctl_read, svc) == -1)
			fatal(EX_OSERR, "control channel");
		if (msg_send(svc->s_opts.control_fd, MSG_READY, 0, NULL, 0,
		    -1) == -1)
			fatal(EX_OSERR, "control channel");
	}
	if (svc->s_opts.ready_fd >= 0) {
		(void)net_write_all(svc->s_opts.ready_fd, "\n", 1);
		close(svc->s_opts.ready_fd);
	}
	if (svc->s_nlst == 0 && !svc->s_opts.inetd)
		log_info("serving local redirections");
	else if (!svc->s_opts.inetd)
		log_info("accepting connections on port %u", svc->s_port);
	if (!(svc->s_opts.inetd && svc->s_nconn == 0 && svc->s_served))
		ev_run(svc->s_loop);
	service_close_listeners(svc);
	logger_close(&svc->s_log);
	free(ca.ca_argv);
	return 0;
}
