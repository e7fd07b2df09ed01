/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Framed messages (and descriptors) between the supervisor and the modules. */
#ifndef MSG_H
#define MSG_H

#include <stddef.h>
#include <stdint.h>

#define MSG_VERSION	1
#define MSG_MAXPAYLOAD	(16 * 1024)

/* Message types. */
#define MSG_CONFIG	1	/* sup -> mod: a piece of the config fragment */
#define MSG_CONFIG_END	2	/* sup -> mod: the fragment is complete */
#define MSG_READY	3	/* mod -> sup: serving */
#define MSG_STOP	4	/* sup -> mod: stop accepting, exit when idle */
#define MSG_REOPEN	5	/* sup -> mod: reopen log files */
#define MSG_HANDOFF	6	/* either way: a client fd and its state */
#define MSG_ERROR	7	/* mod -> sup: config refused, text follows */
#define MSG_TYPE_MAX	32	/* types up to this are reserved for the suite */

/* Header flags. */
#define MSG_HASFD	0x1	/* one descriptor rides with this message */

/* The 16-byte header, host byte order (both ends run on one host). */
struct msg_hdr {
	uint16_t	mh_version;
	uint16_t	mh_type;
	uint32_t	mh_len;		/* payload bytes that follow */
	uint32_t	mh_flags;
	uint32_t	mh_id;
};

/*
 * Send one message on a stream socket, with fd (or -1) in SCM_RIGHTS.
 * Blocks until all of it is queued when the socket is blocking; on a
 * non-blocking socket returns -1 with EAGAIN if nothing could be sent (a
 * partial send is completed blocking-style: messages are small). 0 or -1.
 */
int	msg_send(int sock, uint16_t type, uint32_t id, const void *payload,
	    size_t len, int fd);
/*
 * Receive one whole message from a SOCK_SEQPACKET socket, where one record
 * carries one whole message (the control channel between 3proxy and a
 * module, so that a record cut short can never make either wait for the
 * rest; the hand-off sockets, shared by several senders). payload must hold
 * MSG_MAXPAYLOAD bytes. On success returns 1 and fills hdr, payload and *fd
 * (-1 when none). Returns 0 when the peer is gone, -1 with errno: EAGAIN
 * (non-blocking and nothing there), EBADMSG (bad version, type or length, a
 * record whose size disagrees with its header, truncated control data, or a
 * descriptor the header does not announce; any descriptor is closed).
 */
int	msg_recv_packet(int sock, struct msg_hdr *hdr, void *payload, int *fd);

#endif
