/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Asynchronous name lookups: the only way a module turns a name into addresses. */
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "opt.h"
#include "resolv.h"

/*
 * XXX Stopgap until our own DNS client lands: lookups run getaddrinfo() on
 * a few helper threads and the answers come back to the loop through an
 * eventfd. The loop itself never blocks.
 */
#define RESOLV_THREADS	4

struct resolv_query {
	struct resolv_query	*q_next;
	char			 q_name[RESOLV_MAXNAME + 1];
	int			 q_family;
	int			 q_cancelled;
	int			 q_err;
	int			 q_naddr;
	struct addr		 q_addr[RESOLV_MAXADDR];
	resolv_cb_t		 q_cb;
	void			*q_arg;
};

static pthread_mutex_t	 mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 cond = PTHREAD_COND_INITIALIZER;
static struct resolv_query *todo_head, **todo_tail = &todo_head;
static struct resolv_query *done_head;
static int		 nthreads;
static int		 evfd = -1;
static struct ev_io	 evio;

int
resolv_literal(const char *name, struct addr *out)
{
	return addr_parse_ip(name, 0, out);
}

int
resolv_name_ok(const char *name)
{
	size_t n = strlen(name), label = 0, i;

	if (n == 0 || n > RESOLV_MAXNAME)
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (c == '.') {
			if (label == 0 && i != n - 1)
				return 0;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
		if (++label > 63)
			return 0;
	}
	return 1;
}

const char *
resolv_strerror(int err)
{
	switch (err) {
	case RESOLV_OK:
		return "ok";
	case RESOLV_NOTFOUND:
		return "host not found";
	case RESOLV_FAIL:
		return "name servers failed";
	case RESOLV_BADNAME:
		return "bad host name";
	default:
		return "out of memory";
	}
}

/* Collect the addresses of one family from a getaddrinfo() list. */
static void
take(struct resolv_query *q, const struct addrinfo *res, int family)
{
	const struct addrinfo *ai;

	for (ai = res; ai != NULL && q->q_naddr < RESOLV_MAXADDR;
	    ai = ai->ai_next) {
		struct addr *a = &q->q_addr[q->q_naddr];
		int i, dup = 0;

		if (ai->ai_family != family ||
		    ai->ai_addrlen > sizeof(a->a))
			continue;
		addr_clear(a);
		memcpy(&a->a, ai->ai_addr, ai->ai_addrlen);
		a->len = ai->ai_addrlen;
		addr_set_port(a, 0);
		for (i = 0; i < q->q_naddr; i++)
			if (addr_same_ip(&q->q_addr[i], a))
				dup = 1;
		if (!dup)
			q->q_naddr++;
	}
}

static void
lookup(struct resolv_query *q)
{
	struct addrinfo hints, *res = NULL;
	int first = AF_INET, second = AF_UNSPEC, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	switch (q->q_family) {
	case FAM_6:
		first = AF_INET6;
		break;
	case FAM_46:
		second = AF_INET6;
		break;
	case FAM_64:
		first = AF_INET6;
		second = AF_INET;
		break;
	default:
		break;
	}
	hints.ai_family = second == AF_UNSPEC ? first : AF_UNSPEC;
	rc = getaddrinfo(q->q_name, NULL, &hints, &res);
	if (rc != 0) {
		q->q_err = (rc == EAI_NONAME || rc == EAI_NODATA) ?
		    RESOLV_NOTFOUND : rc == EAI_MEMORY ? RESOLV_NOMEM :
		    RESOLV_FAIL;
		return;
	}
	take(q, res, first);
	if (second != AF_UNSPEC)
		take(q, res, second);
	freeaddrinfo(res);
	q->q_err = q->q_naddr > 0 ? RESOLV_OK : RESOLV_NOTFOUND;
}

static void *
worker(void *unused)
{
	(void)unused;
	for (;;) {
		struct resolv_query *q;
		uint64_t one = 1;

		pthread_mutex_lock(&mtx);
		while (todo_head == NULL)
			pthread_cond_wait(&cond, &mtx);
		q = todo_head;
		todo_head = q->q_next;
		if (todo_head == NULL)
			todo_tail = &todo_head;
		pthread_mutex_unlock(&mtx);

		if (!q->q_cancelled)
			lookup(q);

		pthread_mutex_lock(&mtx);
		q->q_next = done_head;
		done_head = q;
		pthread_mutex_unlock(&mtx);
		(void)write(evfd, &one, sizeof(one));
	}
	return NULL;
}

static void
deliver(struct ev_io *io, unsigned events)
{
	struct resolv_query *q, *list = NULL, *next;
	uint64_t v;

	(void)events;
	(void)read(io->io_fd, &v, sizeof(v));
	pthread_mutex_lock(&mtx);
	/* Reverse the finished stack into arrival order. */
	for (q = done_head; q != NULL; q = next) {
		next = q->q_next;
		q->q_next = list;
		list = q;
	}
	done_head = NULL;
	pthread_mutex_unlock(&mtx);
	for (q = list; q != NULL; q = next) {
		int cancelled;

		next = q->q_next;
		pthread_mutex_lock(&mtx);
		cancelled = q->q_cancelled;
		pthread_mutex_unlock(&mtx);
		if (!cancelled)
			q->q_cb(q->q_arg, q->q_err, q->q_addr, q->q_naddr);
		free(q);
	}
}

int
resolv_init(struct ev_loop *loop)
{
	if (evfd != -1)
		return 0;
	evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (evfd == -1)
		return -1;
	return ev_io_start_level(loop, &evio, evfd, deliver, NULL);
}

struct resolv_query *
resolv_start(const char *name, int family, resolv_cb_t cb, void *arg)
{
	struct resolv_query *q;

	if (evfd == -1) {
		errno = ENXIO;
		return NULL;
	}
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->q_family = family;
	q->q_cb = cb;
	q->q_arg = arg;
	if (!resolv_name_ok(name)) {
		/* Answered from the loop like any other lookup. */
		q->q_err = RESOLV_BADNAME;
		q->q_cancelled = 0;
		pthread_mutex_lock(&mtx);
		q->q_next = done_head;
		done_head = q;
		pthread_mutex_unlock(&mtx);
		{
			uint64_t one = 1;

			(void)write(evfd, &one, sizeof(one));
		}
		return q;
	}
	strlcpy(q->q_name, name, sizeof(q->q_name));
	pthread_mutex_lock(&mtx);
	if (nthreads < RESOLV_THREADS) {
		pthread_t t;
		pthread_attr_t at;

		pthread_attr_init(&at);
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		pthread_attr_setstacksize(&at, 256 * 1024);
		if (pthread_create(&t, &at, worker, NULL) == 0)
			nthreads++;
		pthread_attr_destroy(&at);
	}
	if (nthreads == 0) {
		pthread_mutex_unlock(&mtx);
		free(q);
		errno = EAGAIN;
		return NULL;
	}
	q->q_next = NULL;
	*todo_tail = q;
	todo_tail = &q->q_next;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&mtx);
	return q;
}

void
resolv_cancel(struct resolv_query *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&mtx);
	q->q_cancelled = 1;
	pthread_mutex_unlock(&mtx);
}

int
resolv_conf(int argc, char **argv, char *err, size_t errlen)
{
	/* XXX The stopgap has no configuration: nothing is a resolver command. */
	(void)argc;
	(void)argv;
	(void)err;
	(void)errlen;
	return 0;
}
