/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fixed-size byte buffers for the phases that must look at the bytes. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <sys/types.h>

/*
 * A buffer holds b_len bytes starting at b_data + b_off, inside an allocation
 * of b_size bytes that never grows. Readers consume from the head, writers
 * append at the tail; buf_compact() moves the bytes back to the start when the
 * tail runs out of room. Parsers see one contiguous span, so they never have to
 * handle wrap-around.
 */
struct buf {
	char	*b_data;
	size_t	 b_size;
	size_t	 b_off;
	size_t	 b_len;
};

/* Parser results shared by every protocol parser. */
#define PARSE_OK	0
#define PARSE_MORE	1
/* Negative values are parser-specific errors. */

/* Allocate size bytes; returns 0, or -1 with errno set. */
int	 buf_init(struct buf *, size_t size);
/* Release the storage; the buffer may be initialised again. */
void	 buf_free(struct buf *);

static inline char *
buf_head(const struct buf *b)
{
	return b->b_data + b->b_off;
}

static inline size_t
buf_len(const struct buf *b)
{
	return b->b_len;
}

static inline char *
buf_tail(const struct buf *b)
{
	return b->b_data + b->b_off + b->b_len;
}

/* Room after the tail, compacting first when that gives more. */
size_t	 buf_room(struct buf *);
int	 buf_is_full(const struct buf *);
void	 buf_consume(struct buf *, size_t n);
void	 buf_commit(struct buf *, size_t n);
void	 buf_compact(struct buf *);
void	 buf_reset(struct buf *);
/* Append n bytes; returns 0, or -1 (ENOBUFS) when they do not fit. */
int	 buf_append(struct buf *, const void *p, size_t n);
/* Append a formatted string; -1 (ENOBUFS) when it does not fit whole. */
int	 buf_printf(struct buf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Read from a socket into the tail. Returns the count, 0 at EOF, or -1 with
 * errno (EAGAIN when nothing is pending, ENOBUFS when the buffer is full).
 */
ssize_t	 buf_read(struct buf *, int fd);
/* Send from the head with MSG_NOSIGNAL; consumes what was sent. */
ssize_t	 buf_write(struct buf *, int fd);

#endif
