/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The listening sockets, bound once and kept open across reloads. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "opt.h"
#include "sup.h"

/* Bound for the configuration being set up, not yet in force. */
static struct lsock *fresh[2 * 256];
static unsigned nfresh;

static int
same_addr(const struct addr *a, const struct addr *b)
{
	return a->len == b->len && memcmp(&a->a, &b->a, a->len) == 0;
}

/* Start a new configuration: no listener is claimed yet. */
void
lsock_unmark(void)
{
	struct lsock *ls;

	for (ls = sup.s_lsocks; ls != NULL; ls = ls->ls_next)
		ls->ls_used = 0;
	nfresh = 0;
}

static void
lsock_close(struct lsock *ls)
{
	if (addr_family(&ls->ls_addr) == AF_UNIX &&
	    ls->ls_addr.a.sun.sun_path[0] != '\0')
		(void)unlink(ls->ls_addr.a.sun.sun_path);
	close(ls->ls_fd);
	ls->ls_fd = -1;
}

static void
unlink_lsock(struct lsock *gone)
{
	struct lsock **pp;

	for (pp = &sup.s_lsocks; *pp != NULL; pp = &(*pp)->ls_next)
		if (*pp == gone) {
			*pp = gone->ls_next;
			return;
		}
}

/* Report that an earlier service line listens where sd wants to. */
static void
taken(const struct svcdef *sd, int type, struct conf_errs *errs)
{
	struct conf_where w = { sd->sd_file, sd->sd_line };
	char as[ADDR_STRLEN];

	conf_err(errs, &w, "%s: %s %s is taken by an earlier service line",
	    sd->sd_module, type == SOCK_STREAM ? "tcp" : "udp",
	    addr_str(&sd->sd_int, as, sizeof(as)));
}

/*
 * What lsock_bind_svc() would refuse, found without binding anything
 * (3proxy -c): two service lines on one address, port and type. 0, or -1
 * reported.
 */
int
lsock_check_plan(const struct plan *pl, struct conf_errs *errs)
{
	const struct svcdef *sd, *e;
	int rc = 0;

	for (sd = pl->pl_svcs; sd != NULL; sd = sd->sd_next)
		for (e = pl->pl_svcs; e != sd; e = e->sd_next) {
			if (!same_addr(&e->sd_int, &sd->sd_int))
				continue;
			if (sd->sd_stream && e->sd_stream)
				taken(sd, SOCK_STREAM, errs);
			else if (sd->sd_dgram && e->sd_dgram)
				taken(sd, SOCK_DGRAM, errs);
			else
				continue;
			rc = -1;
			break;
		}
	return rc;
}

/*
 * Claim the listeners of one service line: an open socket on the same
 * address is taken over (never a second bind on a port: 3proxy#970), any
 * other is bound now, before privileges are dropped. 0, or -1 reported.
 */
int
lsock_bind_svc(struct svcdef *sd, struct conf_errs *errs)
{
	struct conf_where w = { sd->sd_file, sd->sd_line };
	int types[2], nt = 0, i;

	if (sd->sd_stream)
		types[nt++] = SOCK_STREAM;
	if (sd->sd_dgram)
		types[nt++] = SOCK_DGRAM;
	sd->sd_nls = 0;
	for (i = 0; i < nt; i++) {
		char as[ADDR_STRLEN];
		struct lsock *ls;
		int one = 1;

		for (ls = sup.s_lsocks; ls != NULL; ls = ls->ls_next)
			if (ls->ls_type == types[i] &&
			    same_addr(&ls->ls_addr, &sd->sd_int))
				break;
		if (ls != NULL && ls->ls_used) {
			taken(sd, types[i], errs);
			return -1;
		}
		if (ls != NULL) {
			/* A new backlog applies to a listening socket too. */
			if (types[i] == SOCK_STREAM)
				(void)listen(ls->ls_fd, (int)sd->sd_backlog);
		} else {
			if (nfresh >= sizeof(fresh) / sizeof(fresh[0]) ||
			    (ls = calloc(1, sizeof(*ls))) == NULL) {
				conf_err(errs, &w, "%s: too many listeners",
				    sd->sd_module);
				return -1;
			}
			ls->ls_type = types[i];
			ls->ls_addr = sd->sd_int;
			ls->ls_fd = net_listen(&sd->sd_int, types[i],
			    (int)sd->sd_backlog);
			if (ls->ls_fd == -1) {
				conf_err(errs, &w, "%s: bind %s: %s",
				    sd->sd_module, addr_str(&sd->sd_int, as,
				    sizeof(as)), strerror(errno));
				free(ls);
				return -1;
			}
			if (types[i] == SOCK_STREAM &&
			    addr_family(&sd->sd_int) != AF_UNIX)
				(void)setsockopt(ls->ls_fd, IPPROTO_TCP,
				    TCP_NODELAY, &one, sizeof(one));
			ls->ls_next = sup.s_lsocks;
			sup.s_lsocks = ls;
			fresh[nfresh++] = ls;
		}
		if (sd->sd_lsockopt != NULL)
			(void)opt_apply_sockopts(ls->ls_fd, sd->sd_lsockopt);
		if (sd->sd_ldev != NULL && setsockopt(ls->ls_fd, SOL_SOCKET,
		    SO_BINDTODEVICE, sd->sd_ldev,
		    (socklen_t)strlen(sd->sd_ldev)) == -1) {
			conf_err(errs, &w, "%s: -Di%s: %s", sd->sd_module,
			    sd->sd_ldev, strerror(errno));
			return -1;
		}
		ls->ls_used = 1;
		sd->sd_ls[sd->sd_nls++] = ls;
	}
	return 0;
}

/* A configuration was refused: close what was bound for it. */
void
lsock_drop_new(void)
{
	unsigned i;

	for (i = 0; i < nfresh; i++) {
		unlink_lsock(fresh[i]);
		lsock_close(fresh[i]);
		free(fresh[i]);
	}
	nfresh = 0;
}

/*
 * The new configuration is in force: close the listeners it does not use,
 * before the services that had them are told to stop, so that the port is
 * free once those finish.
 */
void
lsock_release_unused(void)
{
	struct lsock *ls, *next, **pp = &sup.s_lsocks;

	for (ls = sup.s_lsocks; ls != NULL; ls = next) {
		next = ls->ls_next;
		if (ls->ls_used) {
			pp = &ls->ls_next;
			continue;
		}
		*pp = next;
		lsock_close(ls);
		free(ls);
	}
	nfresh = 0;
}
