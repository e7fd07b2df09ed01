/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Pure FTP parsers shared by ftppr and the HTTP proxy's ftp:// client. */
#ifndef FTP_H
#define FTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "net.h"

/*
 * Limits. A command or reply line, its CRLF included, is at most
 * FTP_MAXLINE bytes; a whole reply assembled by ftp_reply_parse() at most
 * FTP_MAXREPLY. RFC 959 sets no limit; paths in 257 replies are the
 * longest lines seen in practice.
 */
#define FTP_MAXLINE	4096
#define FTP_MAXREPLY	16384
/* Longest "user" and "host" parts of a USER user@host[:port] login. */
#define FTP_MAXUSER	256
#define FTP_MAXHOST	256
/* Room for "h1,h2,h3,h4,p1,p2" or "|2|v6-address|65535|" with its NUL. */
#define FTP_ADDRSTRLEN	64

/*
 * Results beyond PARSE_OK and PARSE_MORE (buf.h). Every parser returns one
 * of these; none of them reads past len or needs a NUL terminator.
 */
#define FTP_LINE	2	/* ftp_reply_line: a line that does not end it */
#define FTP_EBAD	(-1)	/* malformed */
#define FTP_ELONG	(-2)	/* a line longer than FTP_MAXLINE */
#define FTP_EBIG	(-3)	/* a reply longer than FTP_MAXREPLY */
#define FTP_EAF		(-4)	/* EPRT: network protocol not 1 or 2 */

/*
 * The reply reader's state. Zero it (ftp_reply_init) before each reply.
 * Multi-line replies (RFC 959 s4.2) run from "NNN-text" to the first line
 * that starts with the same "NNN " (or is just "NNN"); lines in between are
 * taken as they are, whatever they start with.
 */
struct ftp_reply {
	int	 fr_code;	/* 100..599, set by the first line */
	int	 fr_multi;	/* the first line was "NNN-" */
	size_t	 fr_len;	/* bytes of the complete lines so far */
	size_t	 fr_last;	/* offset of the last complete line */
	size_t	 fr_lines;	/* complete lines so far */
};

void	 ftp_reply_init(struct ftp_reply *);
/*
 * Streaming use: read one line starting at p (len bytes available) and
 * update r. Returns PARSE_MORE (no complete line yet), FTP_LINE (a line of
 * a multi-line reply that does not end it), PARSE_OK (the last line of the
 * reply), FTP_EBAD (the first line is not "NNN " / "NNN-" / "NNN", code
 * 100..599) or FTP_ELONG. On FTP_LINE and PARSE_OK *linelen is the line's
 * length with its line end (LF or CRLF); the caller forwards or consumes it
 * and calls again at the next line. r->fr_len grows by each line, so the
 * caller can cap a reply's total size as it sees fit.
 */
int	 ftp_reply_line(struct ftp_reply *r, const char *p, size_t len,
	    size_t *linelen);
/*
 * Whole-reply use: p holds len bytes starting at the first byte of the
 * reply, and the caller only appends between calls. Returns PARSE_OK with
 * the whole reply in p[0 .. r->fr_len) and its last line at
 * p + r->fr_last, PARSE_MORE, or FTP_EBAD, FTP_ELONG, FTP_EBIG. Scanning
 * resumes where it stopped, so feeding a byte at a time costs linear time.
 */
int	 ftp_reply_parse(struct ftp_reply *r, const char *p, size_t len);

/* One command line from a client (RFC 959 s4.1, s5.3). */
struct ftp_cmd {
	char		 fc_verb[5];	/* upper case, NUL-terminated */
	const char	*fc_arg;	/* into the input; not NUL-terminated */
	size_t		 fc_arglen;	/* 0 when the command has none */
	size_t		 fc_len;	/* bytes of the line with its end */
};

/*
 * Split the command line at p. Leading Telnet IAC pairs (IAC IP, IAC DM
 * before ABOR, RFC 959 s4.1.3) are skipped. The verb is 3 or 4 letters,
 * folded to upper case, followed by one space and the argument, or by the
 * line end (LF, CRLF). Returns PARSE_OK, PARSE_MORE, FTP_ELONG (no line end
 * within FTP_MAXLINE bytes: the stream cannot be resynchronised), or
 * FTP_EBAD with c->fc_len set so the caller may answer 500 and skip the
 * line: a bad verb, or a NUL, CR or other control byte inside the line
 * (which is how a second command would be smuggled in).
 */
int	 ftp_cmd_parse(const char *p, size_t len, struct ftp_cmd *c);

/*
 * A 227 reply's "h1,h2,h3,h4,p1,p2" (RFC 959 s4.1.2; RFC 1123 s4.1.2.6:
 * found at the first digit after the code, whatever the text around it).
 * line is the reply line (code included). Sets *out (AF_INET) and returns
 * 0, or FTP_EBAD.
 */
int	 ftp_parse_227(const char *line, size_t len, struct addr *out);
/*
 * A 229 reply's "(|||port|)" (RFC 2428 s3; any delimiter 33..126). line is
 * the reply line. Sets *port (1..65535) and returns 0, or FTP_EBAD.
 */
int	 ftp_parse_229(const char *line, size_t len, uint16_t *port);
/*
 * A PORT argument "h1,h2,h3,h4,p1,p2" (decimal, 0..255 each). Sets *out
 * (AF_INET; the port may be 0) and returns 0, or FTP_EBAD.
 */
int	 ftp_parse_port(const char *arg, size_t len, struct addr *out);
/*
 * An EPRT argument "<d><proto><d><address><d><port><d>" (RFC 2428 s2).
 * Sets *out and returns 0; FTP_EAF for a protocol other than 1 (IPv4) or 2
 * (IPv6), which RFC 2428 answers with 522; FTP_EBAD otherwise.
 */
int	 ftp_parse_eprt(const char *arg, size_t len, struct addr *out);
/*
 * Format an IPv4 address and port as a PORT argument or 227 text
 * "h1,h2,h3,h4,p1,p2" (IPv4-mapped IPv6 is taken as IPv4). Returns the
 * length written, or -1 when a is not IPv4 or buf is too small.
 */
int	 ftp_fmt_hostport(char *buf, size_t len, const struct addr *a);
/* Format an EPRT argument "|1|ip|port|" or "|2|ip|port|"; as above. */
int	 ftp_fmt_eprt(char *buf, size_t len, const struct addr *a);

/*
 * Split a gateway login "user@host[:port]" at the LAST delim (the
 * original's delimchar, '@' by default), so user names may hold delim.
 * host may be a name, an IPv4 literal or a bracketed IPv6 literal; *port
 * is left untouched when none is given. user and host are NUL-terminated
 * copies. Returns 0, or FTP_EBAD for no delim, an empty user or host, a
 * bad port, a part too long, or a host that is neither a literal nor a
 * valid name. pop3p uses it too.
 */
int	 ftp_split_login(const char *s, size_t len, char delim, char *user,
	    size_t userlen, char *host, size_t hostlen, uint16_t *port);

#endif
