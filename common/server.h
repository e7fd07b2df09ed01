/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The service skeleton every module runs: listeners, accept, limits, signals. */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "ev.h"
#include "handoff.h"
#include "log.h"
#include "net.h"
#include "opt.h"
#include "policy.h"
#include "relay.h"

struct service;
struct listener;

/* What a module plugs into the skeleton. */
struct module {
	const char	*m_name;	/* "tcppm" */
	const char	*m_logname;	/* %N: "TCPPM" */
	uint16_t	 m_port;	/* default port; 0 when positional */
	int		 m_stream;	/* listens on TCP */
	int		 m_udp;		/* listens on UDP */
	struct opt_module m_opt;
	/*
	 * Check the parsed flags and positional arguments and set up the
	 * module's state (svc->s_ctx). Returns 0, or -1 after writing a
	 * message to err: a usage error.
	 */
	int	(*m_init)(struct service *, char *err, size_t errlen);
	/*
	 * A client connected: fd is non-blocking, close-on-exec and now the
	 * module's. The module calls service_conn_done() when the session
	 * ends (the connection was already counted).
	 */
	void	(*m_accept)(struct service *, int fd, const struct addr *peer,
		    const struct addr *local);
	/* A UDP listener is readable (level-triggered). */
	void	(*m_dgram)(struct service *, struct listener *);
	/*
	 * A client handed over by another module (local redirection): fd is
	 * non-blocking, close-on-exec and the module's; the state was checked
	 * field by field (handoff_decode) and is valid during the call only.
	 * The session is already counted, as for m_accept. NULL when the
	 * module takes no hand-offs.
	 */
	void	(*m_handoff)(struct service *, int fd, const struct handoff *);
};

/*
 * A session that waits for its client to finish a request or handshake, on
 * its service's list in the order it began to wait. With every slot taken
 * (--maxconn), a new client makes room by closing the one that has waited
 * longest, once that is over SHED_MIN_MS: slow or idle clients cannot lock
 * everyone else out.
 */
#define SHED_MIN_MS	1000

struct shed {
	struct shed	*sh_prev;
	struct shed	*sh_next;
	uint64_t	 sh_since;	/* ev_now when the wait began */
	int		 sh_on;		/* on the list */
	/* Close the session (freeing its slot): 0, or -1 when it is no
	 * longer waiting (it is then only taken off the list). */
	int		(*sh_close)(struct shed *);
};

/* The session a struct shed member named s_shed belongs to. */
#define SHED_OWNER(sh, type) \
	((type *)(void *)((char *)(sh) - offsetof(type, s_shed)))

/* Local redirection sockets, indexed by PROTO_* (policy.h). */
#define SERVICE_NPROTO	8

struct listener {
	struct ev_io	 l_io;
	int		 l_type;	/* SOCK_STREAM or SOCK_DGRAM */
	struct addr	 l_addr;
	struct service	*l_svc;
	int		 l_fixed;	/* every client comes in on l_addr */
};

struct service {
	const struct module	*s_mod;
	struct opts		 s_opts;
	struct ev_loop		*s_loop;
	struct logger		 s_log;
	struct listener		 s_lst[OPT_MAXLISTEN];
	int			 s_nlst;
	uint16_t		 s_port;	/* %p */
	unsigned		 s_nconn;
	unsigned		 s_maxconn;
	unsigned		 s_nwork;	/* other work a stop waits for */
	int			 s_spare;	/* reserve fd for EMFILE */
	struct ev_timer		 s_retry;	/* re-enable accept */
	uint64_t		 s_lastwarn;	/* rate limit for warnings */
	int			 s_paused;
	int			 s_stopping;
	int			 s_served;	/* inetd: the one session began */
	struct ev_io		 s_ctl;		/* --control-fd */
	struct ev_io		 s_hand;	/* --handoff-fd: clients in */
	int			 s_redir[SERVICE_NPROTO]; /* --redirect-fd */
	struct policy		*s_policy;	/* NULL: allow everything */
	void			*s_ctx;		/* the module's own state */
	struct shed		*s_shed_head;	/* longest waiting first */
	struct shed		*s_shed_tail;
};

/*
 * Run a module: parse the flags, set up listeners (own bind, --listen-fd,
 * systemd LISTEN_FDS, or fd 0 with -I), daemonize with -d, then the loop.
 * Returns the process exit status.
 */
int	 service_main(const struct module *, int argc, char **argv);
/* A session ended: one fewer connection (inetd mode exits at zero). */
void	 service_conn_done(struct service *);
/*
 * Work that is no connection (dnspr's UDP queries upstream) begins or
 * ends: a stopping service waits for it, and keeps its UDP sockets (not
 * reading them) so that the answers can leave from them.
 */
void	 service_work_begin(struct service *);
void	 service_work_done(struct service *);
/* A session begins (again) to wait for its client: to the list's end. */
void	 service_shed_add(struct service *, struct shed *,
	    int (*)(struct shed *));
/* Off the list (a no-op when it is not on it). */
void	 service_shed_del(struct service *, struct shed *);
/*
 * A session began outside accept (an association, a hand-off): count it.
 * Returns 0, or -1 at maxconn (the caller refuses the client).
 */
int	 service_conn_begin(struct service *);
/* Write an access record, filling in %N and %p when unset. */
void	 service_log(struct service *, struct logrec *);
/* Relay settings for an idle timeout (TO_* index) of this service. */
void	 service_relay_conf(const struct service *, int to_idx,
	    struct relay_conf *);
/* Timeout TO_* in milliseconds. */
unsigned service_timeout_ms(const struct service *, int to_idx);
/* The source address for a destination of this family (-e), or NULL. */
const struct addr *service_ext(const struct service *, int family);
/* Start an outgoing connect with -e, -oc/-os and -De applied; as net_connect. */
int	 service_connect(const struct service *, const struct addr *dst);
/* Apply the client-side socket options (-oc) to an accepted socket. */
void	 service_client_sockopts(const struct service *, int fd);
/*
 * Warn (once) when the service's policy lets anyone reach any target
 * (policy_is_open) and a listener is beyond loopback. service_main() calls
 * it after binding; call it again after loading a policy later.
 */
void	 service_warn_open(const struct service *);
/* Stop accepting; exit once the sessions are gone. */
void	 service_stop(struct service *);
/*
 * Local redirection: hand the client fd, with the state parsed so far, to
 * the module serving ho->ho_proto (the supervisor made the socket; see
 * --redirect-fd). ho_hops is incremented here. Returns 0 when the client
 * is on its way: the caller closes its own copy of fd and ends its session
 * without an access record (the next handler writes it). Returns -1 with
 * errno: ELOOP past HANDOFF_MAXHOPS (the original's error 101), ENOENT when
 * no handler runs for that protocol (a module run by hand), EAGAIN when the
 * handler's queue is full, EINVAL for a state outside its limits.
 */
int	 service_handoff(struct service *, int fd, struct handoff *ho);

#endif
