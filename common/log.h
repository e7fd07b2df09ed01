/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Diagnostics and the access log with its 3proxy logformat engine. */
#ifndef LOG_H
#define LOG_H

#include <stdint.h>
#include <time.h>

#include "net.h"

/* The original's default record format, byte for byte. */
#define LOG_DEFAULT_FORMAT \
	"G%y%m%d%H%M%S.%. %p %E %U %C:%c %R:%r %O %I %h %T"
/* Longest record, newline included; longer ones are cut. */
#define LOG_MAXREC	4096

/*
 * What one access record says about one request or session. Every field may
 * be left zero: strings as NULL, addresses unset.
 */
struct logrec {
	const char	*lr_service;	/* %N: "TCPPM", "SOCK5", ... */
	uint16_t	 lr_port;	/* %p: the listening port */
	int		 lr_err;	/* %E: the original's error code */
	const char	*lr_user;	/* %U, "-" when NULL */
	struct addr	 lr_client;	/* %C %c */
	struct addr	 lr_remote;	/* %R %r: what was connected to */
	struct addr	 lr_req;	/* %Q %q: what was asked for */
	struct addr	 lr_ext;	/* %e: the source address used */
	struct addr	 lr_int;	/* %i: the address the client reached */
	const char	*lr_host;	/* %n: the requested name */
	uint64_t	 lr_in;		/* %I: bytes from the server */
	uint64_t	 lr_out;	/* %O: bytes to the server */
	int		 lr_hops;	/* %h */
	const char	*lr_text;	/* %T */
	struct timespec	 lr_start;	/* for %D %b %B (CLOCK_REALTIME) */
};

#define LOGTO_NONE	0
#define LOGTO_STDOUT	1
#define LOGTO_FILE	2
#define LOGTO_SYSLOG	3

/* An access-log destination with its format. */
struct logger {
	int	 lg_kind;
	int	 lg_fd;
	char	*lg_path;	/* file name, or syslog ident */
	char	*lg_format;	/* NULL: LOG_DEFAULT_FORMAT */
	int	 lg_failing;	/* a write failed (2: cut a record short) */
};

/*
 * Open a destination named the 3proxy way: NULL for none, "" for stdout,
 * "@ident" for syslog, anything else a file opened for appending. format may
 * be NULL. Returns 0, or -1 with errno set (the file could not be opened).
 */
int	 logger_open(struct logger *, const char *spec, const char *format);
/* Reopen the file after a rotation; 0 or -1. */
int	 logger_reopen(struct logger *);
void	 logger_close(struct logger *);
/* Render and write one record (one write() call); failures are reported once. */
void	 log_access(struct logger *, const struct logrec *);
static inline int
logger_enabled(const struct logger *lg)
{
	return lg->lg_kind != LOGTO_NONE;
}

/*
 * Render one record with fmt at time now into out (NUL-terminated, newline
 * appended). Returns the length written. Pure: used by the unit tests and the
 * fuzzer. A format that lacks the time-zone character is rendered as the
 * original does (its first character is taken as that character).
 */
size_t	 log_render(char *out, size_t outlen, const char *fmt,
	    const struct logrec *, const struct timespec *now);
/*
 * Expand the time macros of a log file name template (%y %Y %m %d %H %M %S)
 * in local time. Returns 0, or -1 if the result does not fit.
 */
int	 log_expand_name(char *out, size_t outlen, const char *tmpl, time_t t);

/* Diagnostics, to stderr (or syslog once log_diag_syslog() was called). */
void	 log_init(const char *progname, int silent);
void	 log_diag_syslog(const char *ident);
void	 log_set_silent(int);
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Start-up failures only: report and exit with code. */
void	 fatal(int code, const char *, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
void	 fatalx(int code, const char *, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
const char *log_progname(void);

#endif
