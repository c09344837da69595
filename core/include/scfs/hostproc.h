/* Any process on the host under seccomp: which there are, when they
 * started, and their filters as the kernel holds them.  The FUSE view
 * shows them under /scfs/host (doc/scfs.5). */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

/* The filters of one process, the one installed last (run first) first. */
struct scfs_host_filters {
	size_t n;                  /* number of filters */
	struct sock_filter **prog; /* prog[i]: filter i's instructions */
	size_t *len;               /* len[i]: filter i's instruction count */
};

SCFS_API void scfs_host_filters_done(struct scfs_host_filters *f);

/* Whether @pid runs in seccomp filter mode. */
SCFS_API bool scfs_host_filtered(pid_t pid);
/* Every host process in filter mode, ascending; @ret malloc'd.  0 or -errno. */
SCFS_API int scfs_host_list_filtered(pid_t **ret, size_t *ret_n);
/* Start time of @pid (field 22 of /proc/PID/stat), or 0 when gone. */
SCFS_API unsigned long long scfs_host_start_time(pid_t pid);

/* Whether this process may dump filters: PTRACE_SECCOMP_GET_FILTER wants
 * CAP_SYS_ADMIN and a caller in seccomp mode 0. */
SCFS_API bool scfs_host_can_dump_filters(void);
/**
 * Dump every filter of @pid with PTRACE_SECCOMP_GET_FILTER.  The dump runs
 * in a forked child that attaches and stops the tracee; a tracee that
 * cannot be stopped within 2 s (it may be blocked on the caller) ends the
 * child, and the kernel detaches a tracer that dies.  No cache.
 * Returns 0 (freed with scfs_host_filters_done()) or -errno.
 */
SCFS_API int scfs_host_dump_filters(pid_t pid, struct scfs_host_filters *ret);
