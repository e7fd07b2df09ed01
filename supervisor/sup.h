/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The 3proxy supervisor's shared declarations: plans, listeners, children. */
#ifndef SUP_H
#define SUP_H

#include <sys/types.h>

#include <stdint.h>

#include "conf.h"
#include "ev.h"
#include "net.h"
#include "server.h"

/* Local-redirection handlers a service may need, by PROTO_*. */
#define SUP_NPROTO	SERVICE_NPROTO

/* A bound listening socket; shared by the configurations that use it. */
struct lsock {
	struct lsock	*ls_next;
	int		 ls_fd;
	int		 ls_type;	/* SOCK_STREAM or SOCK_DGRAM */
	struct addr	 ls_addr;
	int		 ls_used;	/* by the configuration being set up */
};

/* One service line of a configuration, checked and ready to start. */
struct svcdef {
	struct svcdef	*sd_next;
	char		*sd_module;	/* "socks" */
	char		*sd_file;
	unsigned	 sd_line;
	int		 sd_argc;	/* the service line's flags */
	char		**sd_argv;
	struct conf_snap sd_snap;
	char		*sd_frag;	/* fragment sent to the module */
	size_t		 sd_fraglen;
	/* What the module said with --dry-run. */
	uint16_t	 sd_port;
	int		 sd_stream;
	int		 sd_dgram;
	struct addr	 sd_int;	/* -i, else internal, else 0.0.0.0 */
	char		*sd_lsockopt;	/* -ol */
	char		*sd_ldev;	/* -Di */
	int		 sd_nflags;	/* common flags for its handlers */
	char		**sd_flags;
	unsigned	 sd_backlog;
	/* Set up when the plan is applied. */
	struct lsock	*sd_ls[2];
	int		 sd_nls;
	char		*sd_key;	/* equal keys: nothing to restart */
	int		 sd_taken;	/* a group owns it now */
};

/* A process-control command, run in its place among the service lines. */
struct action {
	struct action	*ac_next;
	int		 ac_kind;	/* CP_* */
	char		*ac_file;
	unsigned	 ac_line;
	int		 ac_argc;
	char		**ac_argv;
	unsigned	 ac_after;	/* service lines before it */
};

/* A whole configuration, parsed and checked. */
struct plan {
	struct svcdef	*pl_svcs;
	unsigned	 pl_nsvc;
	struct action	*pl_acts;
	char		*pl_config;	/* the last "config" command, or NULL */
	int		 pl_chroot;	/* a chroot command is there */
};

/* One running module process of a service (or of its handler). */
struct inst {
	struct inst	*in_next;	/* all instances */
	struct svcgroup	*in_group;
	int		 in_proto;	/* 0 the service itself, else PROTO_* */
	char		*in_module;
	char		**in_argv;	/* program name, channel options, flags */
	int		 in_nfds;	/* descriptors for fds 4.. */
	int		 in_fds[24];
	pid_t		 in_pid;	/* 0 while not running */
	struct ev_io	 in_ctl;	/* our end of the control channel */
	size_t		 in_sent;	/* fragment bytes sent */
	int		 in_endsent;
	int		 in_ready;
	int		 in_stopping;	/* MSG_STOP sent: do not restart */
	int		 in_dead;	/* will not be restarted */
	unsigned	 in_crashes;	/* in a row, for the backoff */
	uint64_t	 in_started;	/* ev_now() of the last start */
	struct ev_timer	 in_restart;
	char		 in_error[256];	/* MSG_ERROR text */
};

/* A service with its local-redirection handlers and their sockets. */
struct svcgroup {
	struct svcgroup	*gr_next;
	struct svcdef	*gr_def;
	struct inst	*gr_svc;
	struct inst	*gr_hand[SUP_NPROTO];
	int		 gr_pair[SUP_NPROTO][2];  /* [0] handler's, [1] senders' */
	int		 gr_retiring;	/* stopping: the service, then handlers */
	int		 gr_current;	/* part of the configuration in force */
	int		 gr_pending;	/* replaced: retire once the new is ready */
	int		 gr_matched;	/* reload: an equal service line exists */
	int		 gr_new;	/* reload: started for the new config */
};

/* The supervisor's state. */
struct sup {
	struct ev_loop	*s_loop;
	const char	*s_modules;	/* directory of the module binaries */
	char		*s_cfgpath;	/* as given on the command line */
	char		*s_stdin;	/* the configuration read from stdin */
	size_t		 s_stdinlen;
	char		*s_reload_path;	/* "config" command, else s_cfgpath */
	int		 s_shm;		/* --shm-fd for every child */
	int		 s_ready_fd;	/* --ready-fd, -1 once written */
	unsigned	 s_monitor_ms;
	int		 s_daemon;	/* daemon ran */
	int		 s_chrooted;
	char		*s_chroot_dir;
	int		 s_exec_fd[16];	/* module binaries opened before chroot */
	char		*s_exec_name[16];
	struct lsock	*s_lsocks;
	struct svcgroup	*s_groups;
	struct inst	*s_insts;
	int		 s_reloading;	/* a new configuration is starting */
	int		 s_reload_again;
	int		 s_stopping;	/* SIGTERM */
	struct ev_timer	 s_stop_timer;
	struct ev_timer	 s_reload_timer;
	struct ev_timer	 s_monitor;
	struct mon	*s_mons;
	char		*s_pidfile;
	unsigned	 s_counts[4];	/* reload: added changed removed kept */
};

/* A file watched by "monitor". */
struct mon {
	struct mon	*mo_next;
	char		*mo_path;
	int64_t		 mo_mtime;
	int64_t		 mo_size;
};

extern struct sup sup;

/* plan.c */
struct plan	*plan_parse(const char *path, const char *text, size_t len,
		    int checking, struct conf_errs *);
void		 plan_free(struct plan *);
void		 svcdef_free(struct svcdef *);
const char	*module_for_proto(int proto);
int		 module_path(const char *module, char *buf, size_t len);

/* listen.c */
void		 lsock_unmark(void);
int		 lsock_bind_svc(struct svcdef *, struct conf_errs *);
int		 lsock_check_plan(const struct plan *, struct conf_errs *);
void		 lsock_drop_new(void);
void		 lsock_release_unused(void);

/* child.c */
struct svcgroup	*group_new(struct svcdef *);
void		 group_start(struct svcgroup *);
void		 group_retire(struct svcgroup *);
void		 group_reopen(struct svcgroup *);
void		 group_free(struct svcgroup *);
int		 group_ready(const struct svcgroup *);
int		 group_failed(const struct svcgroup *);
void		 child_reaped(pid_t, int status);
void		 sup_stop_all(int signo);
int		 sup_all_gone(void);
void		 sup_exec_module(const char *module, char **argv);

/* run.c */
void		 sup_check_ready(void);
int		 sup_apply_first(struct plan *, struct conf_errs *);
void		 sup_start_groups(struct plan *);
void		 sup_reload(void);
void		 sup_monitor_start(void);
void		 sup_finish(int code) __attribute__((noreturn));

#endif
