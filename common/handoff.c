/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Local redirection: a client and what was parsed of it, handed to another module. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "handoff.h"
#include "policy.h"

/*
 * Record types. Each record is a 2-byte type and a 2-byte length (host
 * byte order: both ends run on one host), then the value.
 */
#define HO_PROTO	1	/* uint32 */
#define HO_HOPS		2	/* uint32 */
#define HO_OP		3	/* uint32 */
#define HO_CLIENT	4	/* sockaddr */
#define HO_LOCAL	5	/* sockaddr */
#define HO_TARGET	6	/* sockaddr */
#define HO_PORT		7	/* uint16 */
#define HO_SRVPORT	8	/* uint16 */
#define HO_SERVICE	9	/* string */
#define HO_HOST		10	/* string */
#define HO_USER		11	/* string, may be empty */
#define HO_PASS		12	/* string, may be empty */
#define HO_PUSER	13	/* string */
#define HO_PPASS	14	/* string */
#define HO_START	15	/* int64 seconds, int64 nanoseconds */
#define HO_DATA		16	/* bytes */
#define HO_MAXTYPE	16

/* Every operation a state may name. */
#define HO_OPS	(OP_CONNECT | OP_BIND | OP_UDPASSOC | OP_ICMPASSOC | \
		    OP_HTTP | OP_HTTP_CONNECT | OP_FTP | OP_ADMIN | \
		    OP_DNSRESOLVE)

struct wbuf {
	unsigned char	*w_p;
	size_t		 w_len;
	size_t		 w_cap;
	int		 w_err;
};

void
handoff_init(struct handoff *h)
{
	memset(h, 0, sizeof(*h));
	addr_clear(&h->ho_client);
	addr_clear(&h->ho_local);
	addr_clear(&h->ho_target);
}

void
handoff_wipe(struct handoff *h)
{
	compat_wipe(h->ho_pass, sizeof(h->ho_pass));
	compat_wipe(h->ho_ppass, sizeof(h->ho_ppass));
}

static void
put(struct wbuf *w, unsigned type, const void *v, size_t n)
{
	uint16_t t = (uint16_t)type, l = (uint16_t)n;

	if (w->w_err)
		return;
	if (n > UINT16_MAX) {
		w->w_err = EINVAL;
		return;
	}
	if (w->w_cap - w->w_len < 4 + n) {
		w->w_err = EMSGSIZE;
		return;
	}
	memcpy(w->w_p + w->w_len, &t, 2);
	memcpy(w->w_p + w->w_len + 2, &l, 2);
	if (n > 0)
		memcpy(w->w_p + w->w_len + 4, v, n);
	w->w_len += 4 + n;
}

static void
put_u32(struct wbuf *w, unsigned type, uint32_t v)
{
	put(w, type, &v, sizeof(v));
}

static void
put_u16(struct wbuf *w, unsigned type, uint16_t v)
{
	put(w, type, &v, sizeof(v));
}

static void
put_str(struct wbuf *w, unsigned type, const char *s, int always)
{
	size_t n = strnlen(s, HANDOFF_MAXNAME + 1);

	if (n > HANDOFF_MAXNAME)
		w->w_err = EINVAL;
	else if (n > 0 || always)
		put(w, type, s, n);
}

static void
put_addr(struct wbuf *w, unsigned type, const struct addr *a)
{
	if (addr_is_set(a))
		put(w, type, &a->a, a->len);
}

long
handoff_encode(const struct handoff *h, void *buf, size_t len)
{
	struct wbuf w;
	int64_t ts[2];

	w.w_p = buf;
	w.w_len = 0;
	w.w_cap = len;
	w.w_err = 0;
	if (h->ho_hops < 1 || h->ho_hops > HANDOFF_MAXHOPS ||
	    h->ho_datalen > HANDOFF_MAXDATA ||
	    strnlen(h->ho_service, sizeof(h->ho_service)) > HANDOFF_MAXSVC) {
		errno = EINVAL;
		return -1;
	}
	put_u32(&w, HO_PROTO, (uint32_t)h->ho_proto);
	put_u32(&w, HO_HOPS, (uint32_t)h->ho_hops);
	put_u32(&w, HO_OP, h->ho_op);
	put_addr(&w, HO_CLIENT, &h->ho_client);
	put_addr(&w, HO_LOCAL, &h->ho_local);
	put_addr(&w, HO_TARGET, &h->ho_target);
	put_u16(&w, HO_PORT, h->ho_port);
	put_u16(&w, HO_SRVPORT, h->ho_srvport);
	put_str(&w, HO_SERVICE, h->ho_service, 0);
	put_str(&w, HO_HOST, h->ho_host, 0);
	if (h->ho_has_user)
		put_str(&w, HO_USER, h->ho_user, 1);
	if (h->ho_has_pass)
		put_str(&w, HO_PASS, h->ho_pass, 1);
	put_str(&w, HO_PUSER, h->ho_puser, 0);
	put_str(&w, HO_PPASS, h->ho_ppass, 0);
	ts[0] = h->ho_start.tv_sec;
	ts[1] = h->ho_start.tv_nsec;
	put(&w, HO_START, ts, sizeof(ts));
	if (h->ho_datalen > 0)
		put(&w, HO_DATA, h->ho_data, h->ho_datalen);
	if (w.w_err != 0) {
		errno = w.w_err;
		return -1;
	}
	return (long)w.w_len;
}

/* A string record: no NUL, no control character, within max bytes. */
static int
get_str(char *dst, size_t max, const unsigned char *v, size_t n)
{
	size_t i;

	if (n > max)
		return -1;
	for (i = 0; i < n; i++)
		if (v[i] < 0x20 || v[i] == 0x7f)
			return -1;
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

/* A socket address record of a family we know, with its exact size. */
static int
get_addr(struct addr *a, const unsigned char *v, size_t n)
{
	sa_family_t fam;

	if (n < sizeof(fam) || n > sizeof(a->a))
		return -1;
	memcpy(&fam, v, sizeof(fam));
	switch (fam) {
	case AF_INET:
		if (n != sizeof(struct sockaddr_in))
			return -1;
		break;
	case AF_INET6:
		if (n != sizeof(struct sockaddr_in6))
			return -1;
		break;
	case AF_UNIX:
		if (n > sizeof(struct sockaddr_un))
			return -1;
		break;
	default:
		return -1;
	}
	addr_clear(a);
	memcpy(&a->a, v, n);
	a->len = (socklen_t)n;
	return 0;
}

int
handoff_decode(struct handoff *h, const void *buf, size_t len,
    const char **why)
{
	const unsigned char *p = buf;
	uint32_t seen = 0, u32;
	uint16_t type, n, u16;
	int64_t ts[2];
	size_t off = 0;

	handoff_init(h);
	while (off < len) {
		const unsigned char *v;

		if (len - off < 4) {
			*why = "truncated record header";
			goto bad;
		}
		memcpy(&type, p + off, 2);
		memcpy(&n, p + off + 2, 2);
		off += 4;
		if (n > len - off) {
			*why = "record longer than the message";
			goto bad;
		}
		v = p + off;
		off += n;
		if (type == 0 || type > HO_MAXTYPE) {
			*why = "unknown record type";
			goto bad;
		}
		if (seen & (1u << type)) {
			*why = "record given twice";
			goto bad;
		}
		seen |= 1u << type;
		*why = "bad record length";
		switch (type) {
		case HO_PROTO:
		case HO_HOPS:
		case HO_OP:
			if (n != sizeof(u32))
				goto bad;
			memcpy(&u32, v, sizeof(u32));
			if (type == HO_PROTO) {
				if (u32 < PROTO_HTTP || u32 > PROTO_DNS) {
					*why = "unknown protocol";
					goto bad;
				}
				h->ho_proto = (int)u32;
			} else if (type == HO_HOPS) {
				if (u32 < 1 || u32 > HANDOFF_MAXHOPS) {
					*why = "hop count out of range";
					goto bad;
				}
				h->ho_hops = (int)u32;
			} else {
				if ((u32 & ~HO_OPS) != 0) {
					*why = "unknown operation";
					goto bad;
				}
				h->ho_op = u32;
			}
			break;
		case HO_CLIENT:
		case HO_LOCAL:
		case HO_TARGET:
			if (get_addr(type == HO_CLIENT ? &h->ho_client :
			    type == HO_LOCAL ? &h->ho_local : &h->ho_target,
			    v, n) == -1) {
				*why = "bad address";
				goto bad;
			}
			break;
		case HO_PORT:
		case HO_SRVPORT:
			if (n != sizeof(u16))
				goto bad;
			memcpy(&u16, v, sizeof(u16));
			if (type == HO_PORT)
				h->ho_port = u16;
			else
				h->ho_srvport = u16;
			break;
		case HO_SERVICE:
			if (get_str(h->ho_service, HANDOFF_MAXSVC, v, n) == -1)
				goto badstr;
			break;
		case HO_HOST:
			if (get_str(h->ho_host, HANDOFF_MAXNAME, v, n) == -1)
				goto badstr;
			break;
		case HO_USER:
			if (get_str(h->ho_user, HANDOFF_MAXNAME, v, n) == -1)
				goto badstr;
			h->ho_has_user = 1;
			break;
		case HO_PASS:
			if (get_str(h->ho_pass, HANDOFF_MAXNAME, v, n) == -1)
				goto badstr;
			h->ho_has_pass = 1;
			break;
		case HO_PUSER:
			if (get_str(h->ho_puser, HANDOFF_MAXNAME, v, n) == -1)
				goto badstr;
			break;
		case HO_PPASS:
			if (get_str(h->ho_ppass, HANDOFF_MAXNAME, v, n) == -1)
				goto badstr;
			break;
		case HO_START:
			if (n != sizeof(ts))
				goto bad;
			memcpy(ts, v, sizeof(ts));
			if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000) {
				*why = "bad start time";
				goto bad;
			}
			h->ho_start.tv_sec = (time_t)ts[0];
			h->ho_start.tv_nsec = (long)ts[1];
			break;
		case HO_DATA:
			if (n > HANDOFF_MAXDATA)
				goto bad;
			memcpy(h->ho_data, v, n);
			h->ho_datalen = n;
			break;
		default:
			break;
		}
	}
	if (!(seen & (1u << HO_PROTO)) || !(seen & (1u << HO_HOPS)) ||
	    !(seen & (1u << HO_CLIENT)) || !(seen & (1u << HO_LOCAL))) {
		*why = "required record missing";
		goto bad;
	}
	*why = NULL;
	return 0;
badstr:
	*why = "bad string (too long or control characters)";
bad:
	handoff_wipe(h);
	errno = EBADMSG;
	return -1;
}
