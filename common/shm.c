/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The memory the supervisor shares with every module (authcache limit, counters). */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "shm.h"

#define SHM_MAGIC	0x33505348u	/* "3PSH" */
#define SHM_VERSION	1
#define SHM_ALIGN	64

struct shm_seg {
	char	ss_name[SHM_MAXNAME + 1];
	size_t	ss_off;
	size_t	ss_size;
};

/* At the start of the region. */
struct shm_head {
	uint32_t	 sh_magic;
	uint32_t	 sh_version;
	size_t		 sh_size;
	size_t		 sh_used;
	pthread_mutex_t	 sh_lock;
	unsigned	 sh_nseg;
	struct shm_seg	 sh_seg[SHM_MAXSEG];
};

static struct shm_head *region;
static int shared;

int
shm_mutex_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	int rc;

	if ((rc = pthread_mutexattr_init(&a)) != 0)
		return rc;
	if ((rc = pthread_mutexattr_setpshared(&a,
	    PTHREAD_PROCESS_SHARED)) == 0 &&
	    (rc = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST)) == 0)
		rc = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return rc;
}

int
shm_mutex_lock(pthread_mutex_t *m)
{
	int rc = pthread_mutex_lock(m);

	/*
	 * The owner died holding it (a child killed mid-update). What it
	 * protected may be half written; callers keep their updates small
	 * enough for that to be harmless, so take it over.
	 */
	if (rc == EOWNERDEAD)
		rc = pthread_mutex_consistent(m);
	return rc;
}

void
shm_mutex_unlock(pthread_mutex_t *m)
{
	(void)pthread_mutex_unlock(m);
}

static struct shm_head *
map_region(int fd, size_t size)
{
	void *p;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    fd == -1 ? MAP_SHARED | MAP_ANONYMOUS : MAP_SHARED, fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

static int
format_region(struct shm_head *h, size_t size)
{
	memset(h, 0, sizeof(*h));
	h->sh_magic = SHM_MAGIC;
	h->sh_version = SHM_VERSION;
	h->sh_size = size;
	h->sh_used = (sizeof(*h) + SHM_ALIGN - 1) & ~(size_t)(SHM_ALIGN - 1);
	return shm_mutex_init(&h->sh_lock) == 0 ? 0 : -1;
}

int
shm_create(size_t size)
{
	struct shm_head *h;
	int fd, save;

	if (size < sizeof(*h) + SHM_ALIGN) {
		errno = EINVAL;
		return -1;
	}
	if ((fd = memfd_create("proxy-suite-shm", MFD_CLOEXEC)) == -1)
		return -1;
	if (ftruncate(fd, (off_t)size) == -1 ||
	    (h = map_region(fd, size)) == NULL)
		goto fail;
	if (format_region(h, size) == -1) {
		munmap(h, size);
		errno = ENOMEM;
		goto fail;
	}
	/* The supervisor itself keeps it mapped: it may read counters. */
	region = h;
	shared = 1;
	return fd;
fail:
	save = errno;
	close(fd);
	errno = save;
	return -1;
}

int
shm_attach(int fd)
{
	struct stat st;
	struct shm_head *h;

	if (fstat(fd, &st) == -1)
		return -1;
	if (st.st_size < (off_t)sizeof(*h)) {
		errno = EINVAL;
		return -1;
	}
	if ((h = map_region(fd, (size_t)st.st_size)) == NULL)
		return -1;
	if (h->sh_magic != SHM_MAGIC || h->sh_version != SHM_VERSION ||
	    h->sh_size != (size_t)st.st_size) {
		munmap(h, (size_t)st.st_size);
		errno = EINVAL;
		return -1;
	}
	region = h;
	shared = 1;
	return 0;
}

int
shm_is_shared(void)
{
	return shared;
}

void *
shm_get(const char *name, size_t size, shm_init_cb init)
{
	struct shm_head *h;
	void *p = NULL;
	size_t room;
	unsigned i;

	if (strlen(name) > SHM_MAXNAME || size == 0)
		return NULL;
	if (region == NULL) {
		/* Standalone: the same code path on private memory. */
		if ((h = map_region(-1, SHM_SIZE)) == NULL)
			return NULL;
		if (format_region(h, SHM_SIZE) == -1) {
			munmap(h, SHM_SIZE);
			return NULL;
		}
		region = h;
	}
	h = region;
	if (shm_mutex_lock(&h->sh_lock) != 0)
		return NULL;
	for (i = 0; i < h->sh_nseg; i++)
		if (strcmp(h->sh_seg[i].ss_name, name) == 0) {
			if (h->sh_seg[i].ss_size == size)
				p = (char *)h + h->sh_seg[i].ss_off;
			goto done;
		}
	room = (size + SHM_ALIGN - 1) & ~(size_t)(SHM_ALIGN - 1);
	if (h->sh_nseg >= SHM_MAXSEG || room < size ||
	    room > h->sh_size - h->sh_used)
		goto done;
	p = (char *)h + h->sh_used;
	strlcpy(h->sh_seg[h->sh_nseg].ss_name, name, SHM_MAXNAME + 1);
	h->sh_seg[h->sh_nseg].ss_off = h->sh_used;
	h->sh_seg[h->sh_nseg].ss_size = size;
	if (init != NULL)
		init(p, size);
	/* Published only once set up: a reader never sees half a block. */
	h->sh_used += room;
	h->sh_nseg++;
done:
	shm_mutex_unlock(&h->sh_lock);
	return p;
}
