/* The host a profile is expanded for: native arch, the bounding capability
 * set the target will run with, and the kernel version.  Each can be
 * overridden to ask what-if questions about another machine. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "names.h"
#include "profile.h"
#include "util.h"

struct scfs_host {
	const struct scfs_arch_info *arch; /* native arch */
	uint64_t caps;                     /* bounding set, bit N = capability N */
	struct scfs_kver kernel;           /* major.minor */
};

/* Fill @h from this machine: libseccomp's native arch, CapBnd of the calling
 * process, uname's release.  Returns 0 or -errno. */
SCFS_API int scfs_host_detect(struct scfs_host *h);

/* A comma-separated list of capabilities (CAP_ prefix optional, any case)
 * and presets: docker, containerd, podman (each runtime's default set for
 * a container), all, none; "docker,SYS_ADMIN" is Docker's set and one more.
 * Returns 0, or -EINVAL and the offending word in *bad (may be NULL). */
SCFS_API int scfs_caps_parse(const char *spec, uint64_t *ret, char **bad);
/**
 * How a target started by this process can be held to the capability set
 * @want: *@drop true when the bounding set can be reduced to it (the
 * process has CAP_SETPCAP); false when it need not be, because the
 * process's permitted set is already inside @want (under no_new_privs,
 * which scfs run sets, execve cannot add to it).  Returns 0, -EPERM when
 * neither holds (the process has capabilities outside @want and cannot
 * drop them), or another -errno.
 */
SCFS_API int scfs_caps_enforce_plan(uint64_t want, bool *drop);

/* "<major>.<minor>", each decimal and at most 255; "" means 0.0 (moby; the
 * profile loader refuses it as a minKernel).
 * Returns 0 or -EINVAL. */
SCFS_API int scfs_kver_parse(const char *s, struct scfs_kver *ret);
SCFS_API int scfs_kver_cmp(struct scfs_kver a, struct scfs_kver b);
