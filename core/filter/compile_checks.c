/* The checks compile.c makes before building: each names the field that
 * libseccomp or the kernel would refuse without saying which rule it was. */
#include <errno.h>
#include <seccomp.h>

#include "compile_checks.h"
#include "scfs/kabi.h"
#include "scfs/names.h"
#include "scfs/sys.h"

int compile_check_notify(const struct scfs_profile *p, struct scfs_diag *d)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		_cleanup_free_ char *path = NULL;

		if (p->rules[i].action.kind != SCFS_ACT_NOTIFY)
			continue;
		path = scfs_xasprintf("syscalls[%zu].action", p->rules[i].index);
		if (seccomp_api_get() < 6) {
			scfs_diag_add(d, SCFS_DIAG_ERROR, path, "SCMP_ACT_NOTIFY needs libseccomp API level 6 (have %u)",
				      seccomp_api_get());
			return -EINVAL;
		}
		if (!scfs_sys_action_available("user_notif")) {
			scfs_diag_add(d, SCFS_DIAG_ERROR, path, "SCMP_ACT_NOTIFY is not supported by this kernel");
			return -EINVAL;
		}
		return 0;
	}
	return 0;
}

/* An errno libseccomp cannot encode is a profile error, reported against
 * the field before libseccomp's bare EINVAL could hide which rule it was.
 * The loader lets these through because moby's does (a moby fixture has
 * errnoRet 12345), so `expand` works and `check` explains. */
int compile_check_errno_range(const struct scfs_profile *p, struct scfs_diag *d)
{
	int rc = 0;

	if (p->default_action.kind == SCFS_ACT_ERRNO && p->default_action.data > SCFS_ERRNO_MAX) {
		scfs_diag_add_code(d, SCFS_DIAG_ERROR, SCFS_DIAG_CODE_ERRNO_RANGE, "defaultErrnoRet",
				   "errno %u is out of range (0 to %d)", p->default_action.data, SCFS_ERRNO_MAX);
		rc = -EINVAL;
	}
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct scfs_action *a = &p->rules[i].action;
		_cleanup_free_ char *path = NULL;

		if (a->kind != SCFS_ACT_ERRNO || a->data <= SCFS_ERRNO_MAX)
			continue;
		path = scfs_xasprintf("syscalls[%zu].errnoRet", p->rules[i].index);
		scfs_diag_add_code(d, SCFS_DIAG_ERROR, SCFS_DIAG_CODE_ERRNO_RANGE, path, "errno %u is out of range (0 to %d)",
				   a->data, SCFS_ERRNO_MAX);
		rc = -EINVAL;
	}
	return rc;
}

/* The filter bytes do not depend on the flags, so an unsupported flag is
 * a warning here; loading it (scfs run) fails. */
void compile_check_flags(const struct scfs_profile *p, unsigned flags, struct scfs_diag *d)
{
	for (unsigned bit = 1; bit && p->has_flags; bit <<= 1) {
		/* The kernel takes WAIT_KILLABLE_RECV only with a listener. */
		unsigned probe = bit == SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV ? bit | SECCOMP_FILTER_FLAG_NEW_LISTENER : bit;

		if ((flags & bit) && !scfs_sys_filter_flags_supported(probe))
			scfs_diag_add(d, SCFS_DIAG_WARNING, "flags", "%s is not supported by this kernel: loading will fail",
				      scfs_flag_to_string(bit));
	}
}
