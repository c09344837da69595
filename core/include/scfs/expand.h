/* Expansion: the Docker-format template resolved for one host into the
 * final OCI form (archMap -> architectures, includes/excludes evaluated). */
#pragma once

#include "host.h"
#include "profile.h"

/* Why a rule was dropped by expansion, or SCFS_KEEP. */
enum scfs_drop_reason {
	SCFS_KEEP,
	SCFS_DROP_EXCLUDES_ARCH,
	SCFS_DROP_EXCLUDES_CAP,
	SCFS_DROP_EXCLUDES_KERNEL,
	SCFS_DROP_INCLUDES_ARCH,
	SCFS_DROP_INCLUDES_CAP,
	SCFS_DROP_INCLUDES_KERNEL,
};

SCFS_API const char *scfs_drop_reason_string(enum scfs_drop_reason r);

/* Evaluate one rule's includes/excludes in moby's order. */
SCFS_API enum scfs_drop_reason scfs_rule_evaluate(const struct scfs_rule *r, const struct scfs_host *h);

/**
 * Expand @src for @host.  Kept rules keep their source index.  The native
 * arch always ends up first in "architectures".
 * Returns 0 and a new profile in *@ret (caller owns), or -errno.
 */
SCFS_API int scfs_profile_expand(const struct scfs_profile *src, const struct scfs_host *host,
				 struct scfs_profile **ret);

/* Whether some rule of @p has includes.caps or excludes.caps, so that its
 * expansion depends on the capability set (Docker's and Podman's do). */
SCFS_API bool scfs_profile_depends_on_caps(const struct scfs_profile *p);
