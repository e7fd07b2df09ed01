/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The 3proxy.cfg language: reader, command table, batch state, fragments. */
#ifndef CONF_H
#define CONF_H

#include <stddef.h>

#include "net.h"
#include "opt.h"

struct policy;
struct service;

/* Limits of the language (the original's, where it has one). */
#define CONF_MAXLINE	65535		/* bytes per line of a file */
#define CONF_MAXARGS	4095		/* arguments per command */
#define CONF_MAXFILE	(16 << 20)	/* bytes of one config file */
#define CONF_MAXINCL	(1 << 20)	/* bytes of one $file */
#define CONF_MAXDEPTH	16		/* nested include */
#define CONF_MAXFRAG	(16 << 20)	/* bytes of a fragment for a module */
#define CONF_MAXERRTEXT	1024		/* one error message */

/* What a command is (struct conf_cmd cc_kind). */
#define CK_SERVICE	1	/* proxy socks ... : a service line */
#define CK_PROC		2	/* daemon, pidfile, setuid ...: the supervisor's */
#define CK_CORE		3	/* maxconn, log, timeouts ...: handled here */
#define CK_POLICY	4	/* auth, allow, users ...: policy_conf() */
#define CK_RESOLV	5	/* nserver, nscache ...: resolv_conf() */
#define CK_READER	6	/* include, end: the reader itself */
#define CK_NOTIMPL	7	/* recognised, no behaviour in this build */
#define CK_UNSUPP	8	/* TLS, PCRE: outside a libc-only build */

/* cc_sub of CK_PROC commands: what the supervisor does. */
#define CP_DAEMON	1
#define CP_PIDFILE	2
#define CP_SETUID	3
#define CP_SETGID	4
#define CP_CHROOT	5
#define CP_CONFIG	6
#define CP_SYSTEM	7
#define CP_MONITOR	8

/* One entry of the command table. */
struct conf_cmd {
	const char	*cc_name;
	int		 cc_min;	/* argc, the command word included */
	int		 cc_max;	/* 0: no upper limit */
	int		 cc_kind;	/* CK_* */
	int		 cc_sub;	/* per kind: which slot or service */
};

/* Where a command was read: file (or "(stdin)", "(supervisor)") and line. */
struct conf_where {
	const char	*cw_file;
	unsigned	 cw_line;
};

/*
 * Collected errors. Each message has the form "FILE:LINE: text"; it goes to
 * ce_print (log_warnx when NULL), and the first one is kept for callers
 * that pass it on (a module tells the supervisor with MSG_ERROR).
 */
struct conf_errs {
	unsigned	 ce_count;
	char		 ce_first[CONF_MAXERRTEXT];
	void		(*ce_print)(void *arg, const char *msg);
	void		*ce_arg;
};

/* Report one error at where (NULL: no position); counts it. */
void	 conf_err(struct conf_errs *, const struct conf_where *,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Called for every command the reader produces (include and end are the
 * reader's own). argv[argc] is NULL; argv and its strings belong to the
 * reader and live until the callback returns. Return 0, or -1 once the
 * error was reported with conf_err(); the reader carries on either way so
 * that every error of a file is reported.
 */
typedef int (*conf_cmd_cb)(void *arg, const struct conf_where *, int argc,
    char **argv);

/* Reader flags. */
#define CONF_NOFILES	0x1	/* refuse $file and include (fuzzing) */
#define CONF_LONGLINES	0x2	/* no CONF_MAXLINE limit (fragments) */

/*
 * Read path as a configuration. Returns 0 when the file was read (errors
 * inside it are counted in errs), or -1 with errno when it cannot be opened
 * (nothing is reported: 3proxy then reads standard input).
 */
int	 conf_read_file(const char *path, int flags, conf_cmd_cb, void *arg,
	    struct conf_errs *);
/* Read text (len bytes) named name as a configuration. */
void	 conf_read_mem(const char *name, const char *text, size_t len,
	    int flags, conf_cmd_cb, void *arg, struct conf_errs *);
/*
 * Read a whole file into a NUL-terminated malloc'd buffer of at most max
 * bytes. Returns it with *len, or NULL with errno (EFBIG when larger).
 */
char	*conf_slurp(const char *path, size_t max, size_t *len);
/* The same for a descriptor (standard input), read to its end. */
char	*conf_slurp_fd(int fd, size_t max, size_t *len);

/*
 * Look a command up and check its argument count. Returns the entry, or
 * NULL after reporting an unknown command, a wrong count, or a command
 * this build does not implement or support.
 */
const struct conf_cmd *conf_lookup(const struct conf_where *, int argc,
	    char **argv, struct conf_errs *);
/* The entry for a name, unchecked; NULL when unknown. */
const struct conf_cmd *conf_find(const char *name);
/* The whole table (for the man page test); *n entries. */
const struct conf_cmd *conf_table(size_t *n);

/* Lines of configuration kept as text, to be written into a fragment. */
struct conf_lines {
	char	*cl_text;
	size_t	 cl_len;
	size_t	 cl_cap;
};

/*
 * What a service line captures: the settings of the original that are
 * copied when a service starts (2.2 of the reference).
 */
struct conf_snap {
	unsigned	 sn_maxconn;
	unsigned	 sn_backlog;	/* 0: from maxconn */
	struct addr	 sn_int;	/* unset: 0.0.0.0 */
	struct addr	 sn_ext4;
	struct addr	 sn_ext6;
	int		 sn_log_set;
	char		*sn_log;	/* "" stdout, "@ident", a file */
	char		*sn_logformat;
	int		 sn_noforce;
	long		 sn_stacksize;
	unsigned	 sn_redirects;	/* bit 1 << PROTO_*: local redirections */
	struct conf_lines sn_auth;	/* the last auth line */
	struct conf_lines sn_authcache;	/* the last authcache line */
	struct conf_lines sn_acl;	/* allow/deny/parent... since flush */
};

/*
 * The batch state while a configuration runs: the snapshot part, and the
 * global part whose value at the end of the file applies to every service,
 * as in the original (users, resolver, timeouts, ...).
 */
struct conf_state {
	struct conf_snap cs_snap;
	unsigned	 cs_timeouts[TO_COUNT];
	char		 cs_delim;
	unsigned	 cs_parentretries;
	struct conf_lines cs_global;	/* users, limits, authnserver */
	struct conf_lines cs_resolv;	/* nserver, nscache, nsrecord ... */
	struct policy	*cs_policy;	/* policy commands go here */
	int		 cs_module;	/* inside a module: no services */
};

/* A fresh state with the defaults of 3proxy.cfg; policy may be NULL. */
void	 conf_state_init(struct conf_state *, struct policy *);
void	 conf_state_free(struct conf_state *);
/*
 * Run one command that is neither a service line nor a supervisor action
 * (cmd from conf_lookup). Returns 0, or -1 after reporting the error.
 */
int	 conf_state_cmd(struct conf_state *, const struct conf_cmd *,
	    const struct conf_where *, int argc, char **argv,
	    struct conf_errs *);
/* Deep copy of the snapshot part; 0, or -1 without memory. */
int	 conf_snap_copy(struct conf_snap *dst, const struct conf_snap *src);
void	 conf_snap_free(struct conf_snap *);
/*
 * Write the configuration a module needs: the global part of st and the
 * snapshot snap, as 3proxy.cfg text that conf_apply() reads. Returns a
 * malloc'd NUL-terminated string (length in *len) or NULL without memory.
 */
char	*conf_fragment(const struct conf_state *st, const struct conf_snap *snap,
	    size_t *len);

/* Append one command, quoted so that the reader gives argv back. 0 or -1. */
int	 conf_lines_add(struct conf_lines *, int argc, char **argv);
void	 conf_lines_free(struct conf_lines *);

/*
 * Inside a module: apply a configuration text (a fragment from the
 * supervisor, or a --config file) to the service before its flags are
 * parsed: options, access log settings, the policy, the resolver. Errors
 * are reported through errs. Returns 0, or -1 when there was any error.
 */
int	 conf_apply(struct service *, const char *name, const char *text,
	    size_t len, int flags, struct conf_errs *);
/* As conf_apply(), reading the file path (CONF_MAXFILE at most). */
int	 conf_apply_file(struct service *, const char *path,
	    struct conf_errs *);

/* Settings of the last configuration applied in this process. */
char	 conf_delimiter(void);		/* delimchar, default '@' */
unsigned conf_parent_retries(void);	/* parentretries, default 2 */
int	 conf_noforce(void);		/* noforce was in force */

#endif
