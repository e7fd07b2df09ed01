/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The 3proxy command-line flags shared by every module. */
#ifndef OPT_H
#define OPT_H

#include <getopt.h>
#include <stdint.h>

#include "net.h"

/* Name resolution preference (-4 -6 -46 -64). */
#define FAM_4		1
#define FAM_6		2
#define FAM_46		3
#define FAM_64		4

/* The eleven timeouts of the original, in seconds (3proxy.cfg "timeouts"). */
#define TO_BYTE_SHORT	0
#define TO_BYTE_LONG	1
#define TO_STRING_SHORT	2
#define TO_STRING_LONG	3
#define TO_CONN_SHORT	4
#define TO_CONN_LONG	5
#define TO_DNS		6
#define TO_CHAIN	7
#define TO_CONNECT	8
#define TO_CONNBACK	9
#define TO_LINGER	10
#define TO_COUNT	11

#define OPT_MAXLISTEN	16
#define OPT_DEFAULT_MAXCONN	500
#define OPT_DEFAULT_BUFSIZE	65536

/*
 * A resolver setting given as a long option (--nserver, --nsrecord,
 * --nscache, --nscache6), applied at start-up through resolv_conf().
 */
struct opt_nscmd {
	const char	*nc_cmd;	/* "nserver", "nsrecord", ... */
	char		*nc_arg;	/* the option's value */
};

/* Everything the common flags can say. */
struct opts {
	const char	*progname;
	uint16_t	 port;		/* -p; 0 for the module's default */
	struct addr	 intaddr;	/* -i; unset for 0.0.0.0 */
	struct addr	 ext4;		/* -e, IPv4 */
	struct addr	 ext6;		/* -e, IPv6 */
	int		 log_set;	/* -l given */
	char		*log;		/* "" stdout, "@ident", or a file */
	char		*logformat;	/* -f */
	int		 daemon;	/* -d */
	int		 silent;	/* -t */
	int		 inetd;		/* -I */
	int		 family;	/* FAM_*; FAM_4 by default */
	unsigned	 bufsize;	/* -b */
	int		 needuser;	/* -u: 0, 1 or 2 */
	int		 anon;		/* -a: 0 none, 1 -a, 2 -a1, 3 -a2 */
	char		*defhost;	/* -hHOST[:PORT] */
	int		 single;	/* -s[N]: 0 off, else 1 + N */
	int		 close_on_eof;	/* -C (1) versus -C1 (0, default) */
	int		 udpmode;	/* -U[N], default 3 */
	int		 transparent;	/* -T */
	struct addr	 nat_ext;	/* -Ne */
	struct addr	 nat_int;	/* -Ni */
	char		*sockopt[5];	/* -oc -os -ol -or -oR */
	char		*dev_int;	/* -Di */
	char		*dev_ext;	/* -De */
	unsigned	 timeouts[TO_COUNT];
	unsigned	 maxconn;	/* --maxconn, default 500 */
	int		 listen_fd[OPT_MAXLISTEN];	/* --listen-fd */
	int		 nlisten;
	int		 control_fd;	/* --control-fd, -1 when absent */
	int		 ready_fd;	/* --ready-fd, -1 when absent */
	struct opt_nscmd *nscmd;	/* resolver settings, in order */
	int		 nnscmd;
	int		 help;		/* -h or -? was given */
	char		**args;		/* positional arguments */
	int		 nargs;
};

#define SOCKOPT_CLIENT	0
#define SOCKOPT_SERVER	1
#define SOCKOPT_LISTEN	2
#define SOCKOPT_CBCLI	3
#define SOCKOPT_CBLSN	4

/* What a module adds to the common flags. */
struct opt_module {
	const char		*name;		/* program name for messages */
	const char		*synopsis;	/* the usage, man page SYNOPSIS */
	int			 npositional;	/* exact count, -1 for any */
	const char		*extra_short;	/* extra getopt letters */
	const struct option	*extra_long;	/* extra long options */
	/* Handle an extra option; 0, or -1 with a message in err. */
	int			(*handle)(void *ctx, int ch, const char *arg,
				    char *err, size_t errlen);
	void			*ctx;
};

/* Long-option codes beyond the ASCII letters; modules start theirs at
 * OPT_MODULE_BASE. */
#define OPT_LONG_BASE	0x1000
#define OPT_MODULE_BASE	0x1100

/* Fill in the defaults of the original. */
void	 opt_defaults(struct opts *);
/*
 * Parse argv in the 3proxy syntax. Returns 0, or -1 with a message in err
 * (the caller prints it with the usage and exits EX_USAGE). Sets o->help for
 * -h and -?. Positional arguments land in o->args.
 */
int	 opt_parse(struct opts *, const struct opt_module *, int argc,
	    char **argv, char *err, size_t errlen);
/* Print the usage (to stderr when to_err) with the program name. */
void	 opt_usage(const struct opt_module *, const char *progname, int to_err);
/*
 * A number in [min, max], decimal only. Returns 0, or -1 for anything else
 * (empty, sign, garbage, out of range).
 */
int	 opt_uint(const char *s, unsigned long min, unsigned long max,
	    unsigned long *out);
/* A TCP or UDP port 1..65535. */
int	 opt_port(const char *s, uint16_t *out);
/* Parse "N1[,N2...]" (commas or blanks) into timeouts; 0 or -1. */
int	 opt_timeouts(const char *s, unsigned *to);
/* Apply a -o list ("TCP_NODELAY,SO_KEEPALIVE") to a socket; 0 or -1. */
int	 opt_apply_sockopts(int fd, const char *list);
/* Check a -o list without a socket; 0 or -1 naming the bad word in err. */
int	 opt_check_sockopts(const char *list, char *err, size_t errlen);
void	 opt_free(struct opts *);

#endif
