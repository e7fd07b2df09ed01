/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fixed-size byte buffers for the phases that must look at the bytes. */
#include <sys/socket.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int
buf_init(struct buf *b, size_t size)
{
	b->b_data = malloc(size);
	if (b->b_data == NULL)
		return -1;
	b->b_size = size;
	b->b_off = b->b_len = 0;
	return 0;
}

void
buf_free(struct buf *b)
{
	free(b->b_data); b->b_data = NULL;
	b->b_size = b->b_off = b->b_len = 0;
}

void
buf_compact(struct buf *b)
{
	if (b->b_off == 0)
		return;
	if (b->b_len > 0)
		memmove(b->b_data, b->b_data + b->b_off, b->b_len);
	b->b_off = 0;
}

size_t
buf_room(struct buf *b)
{
	if (b->b_data == NULL)
		return 0;
	if (b->b_off + b->b_len == b->b_size || b->b_len == 0)
		buf_compact(b);
	return b->b_size - b->b_off - b->b_len;
}

int
buf_is_full(const struct buf *b)
{
	return b->b_len == b->b_size;
}

void
buf_consume(struct buf *b, size_t n)
{
	if (n >= b->b_len) {
		b->b_off = b->b_len = 0;
		return;
	}
	b->b_off += n;
	b->b_len -= n;
}

void
buf_commit(struct buf *b, size_t n)
{
	b->b_len += n;
}

void
buf_reset(struct buf *b)
{
	b->b_off = b->b_len = 0;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_room(b) < n && (buf_compact(b), buf_room(b) < n)) {
		errno = ENOBUFS;
		return -1;
	}
	memcpy(buf_tail(b), p, n);
	b->b_len += n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	buf_compact(b);
	room = buf_room(b);
	va_start(ap, fmt);
	n = vsnprintf(buf_tail(b), room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		errno = ENOBUFS;
		return -1;
	}
	b->b_len += (size_t)n;
	return 0;
}

ssize_t
buf_read(struct buf *b, int fd)
{
	size_t room = buf_room(b);
	ssize_t n;

	if (room == 0) {
		errno = ENOBUFS;
		return -1;
	}
	do
		n = recv(fd, buf_tail(b), room, 0);
	while (n == -1 && errno == EINTR);
	if (n > 0)
		b->b_len += (size_t)n;
	return n;
}

ssize_t
buf_write(struct buf *b, int fd)
{
	ssize_t n;

	if (b->b_len == 0)
		return 0;
	do
		n = send(fd, buf_head(b), b->b_len, MSG_NOSIGNAL);
	while (n == -1 && errno == EINTR);
	if (n > 0)
		buf_consume(b, (size_t)n);
	return n;
}
