/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* The memory the supervisor shares with every module (authcache limit, counters). */
#ifndef SHM_H
#define SHM_H

#include <pthread.h>
#include <stddef.h>

/*
 * The region is reserved, not used: pages cost memory only once touched,
 * so the size is generous.
 */
#define SHM_SIZE	((size_t)256 << 20)
#define SHM_MAXSEG	64	/* named blocks in the region */
#define SHM_MAXNAME	31	/* bytes of a block's name */

/*
 * Supervisor: create the region (an anonymous memory file) and return its
 * descriptor, close-on-exec; the supervisor keeps it open for its whole
 * life, so the blocks outlive children and reloads, and passes it to each
 * child as --shm-fd=N. Returns -1 with errno on failure.
 */
int	 shm_create(size_t size);
/*
 * Module: map the region passed by the supervisor. Returns 0, or -1 with
 * errno (not a region of ours). Without it, shm_get() uses memory private
 * to the process (a standalone module shares with nobody).
 */
int	 shm_attach(int fd);
/* Whether this process works on the supervisor's region. */
int	 shm_is_shared(void);

typedef void (*shm_init_cb)(void *block, size_t size);
/*
 * The block called name, of size bytes, in the region: created zero-filled
 * and passed to init (under the region's lock, so no process sees a block
 * half set up) by the first process that asks; every later caller, in any
 * process, gets the same memory. Returns NULL when the region is full, or
 * when name exists with another size.
 */
void	*shm_get(const char *name, size_t size, shm_init_cb init);

/*
 * A mutex that works across processes and survives an owner killed while
 * holding it (robust: the next locker takes it over). 0 or an errno value.
 */
int	 shm_mutex_init(pthread_mutex_t *);
int	 shm_mutex_lock(pthread_mutex_t *);
void	 shm_mutex_unlock(pthread_mutex_t *);

#endif
