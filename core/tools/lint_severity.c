/* Lint severities (lint.h): which findings fail a CI run by default. */
#include <errno.h>
#include <string.h>

#include "scfs/lint.h"

enum scfs_lint_severity scfs_lint_severity_of(enum scfs_lint_kind k)
{
	switch (k) {
	case SCFS_LINT_ERRNO_ACTION:
	case SCFS_LINT_ERRNO_RANGE:
	case SCFS_LINT_NOTIFY_NO_LISTENER:
	case SCFS_LINT_UNKNOWN_ACTION:
	case SCFS_LINT_CONFLICT:
	case SCFS_LINT_EXEC_DENIED:
	case SCFS_LINT_UNBUILDABLE:
		return SCFS_LINT_ERROR;
	/* The outcome is what the profile says anyway: libseccomp drops a
	 * rule whose action is already the syscall's. */
	case SCFS_LINT_EQUALS_DEFAULT:
	case SCFS_LINT_DUPLICATE:
		return SCFS_LINT_INFO;
	case SCFS_LINT_UNKNOWN_KEY:
	case SCFS_LINT_UNKNOWN_NAME:
	case SCFS_LINT_SHADOWED:
	case SCFS_LINT_VOIDED:
	case SCFS_LINT_NOT_ON_ARCH:
	case _SCFS_LINT_MAX:
		break;
	}
	return SCFS_LINT_WARNING;
}

static const char *const names[] = {
	[SCFS_LINT_ERROR] = "error",
	[SCFS_LINT_WARNING] = "warning",
	[SCFS_LINT_INFO] = "info",
};

const char *scfs_lint_severity_name(enum scfs_lint_severity s)
{
	return (unsigned)s < ELEMENTSOF(names) ? names[s] : "?";
}

int scfs_lint_severity_parse(const char *s, enum scfs_lint_severity *ret)
{
	for (size_t i = 0; i < ELEMENTSOF(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*ret = (enum scfs_lint_severity)i;
			return 0;
		}
	return -EINVAL;
}
