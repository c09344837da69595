/* Every raw kernel call of core lives behind these functions. */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Whether the kernel accepts these seccomp(2) filter flags (probed). */
SCFS_API bool scfs_sys_filter_flags_supported(unsigned flags);
/* Whether the kernel lists this action name in actions_avail ("user_notif"). */
SCFS_API bool scfs_sys_action_available(const char *name);

/**
 * Set no_new_privs and install @prog with @flags in the calling thread.
 * Returns the seccomp(2) result (a listener fd with NEW_LISTENER, else 0)
 * or -errno.
 */
SCFS_API int scfs_sys_load_filter(const struct sock_filter *prog, size_t len, unsigned flags);
/* The same without the prctl (no_new_privs already set, and a filter
 * already loaded may not allow prctl), passing @cookie as the syscall's
 * fourth argument, which seccomp(2) ignores and filters can see. */
SCFS_API int scfs_sys_load_filter_marked(const struct sock_filter *prog, size_t len, unsigned flags, uint64_t cookie);
