/* What refuses or warns about a profile before libseccomp sees it: the
 * fields libseccomp would reject with a bare EINVAL, named here by rule. */
#pragma once

#include <stdint.h>

#include "scfs/compile.h"

/* SCMP_ACT_NOTIFY in any rule needs libseccomp API level 6 and a kernel
 * with user notification.  Returns 0 or -EINVAL with a diagnostic. */
int compile_check_notify(const struct scfs_profile *p, struct scfs_diag *d);

/* An errno libseccomp cannot encode (default or any rule).  Returns 0 or
 * -EINVAL with a diagnostic for each. */
int compile_check_errno_range(const struct scfs_profile *p, struct scfs_diag *d);

/* A warning for each of @flags this kernel does not take. */
void compile_check_flags(const struct scfs_profile *p, unsigned flags, struct scfs_diag *d);
