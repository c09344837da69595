/* Lint: mistakes in a profile that load without error but do not do what
 * the author meant, found on the model the loader, expansion and compiler
 * build (never by reading the JSON again).  Each finding names the rule
 * (its index in syscalls[]) and says how to fix it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "host.h"
#include "util.h"

/* X(ID, "kind", "what it means") */
#define SCFS_LINT_KINDS(X)                                                                          \
	X(UNKNOWN_KEY, "unknown-key", "a key the loader ignores")                                     \
	X(ERRNO_ACTION, "errno-on-action", "errnoRet on an action that cannot return it")             \
	X(ERRNO_RANGE, "errno-range", "an errno libseccomp cannot encode")                             \
	X(NOTIFY_NO_LISTENER, "notify-no-listener", "SCMP_ACT_NOTIFY with no agent to answer")       \
	X(UNKNOWN_NAME, "unknown-name", "a syscall name nobody knows")                                  \
	X(UNKNOWN_ACTION, "unknown-action", "an action name nobody knows (the profile does not load)")  \
	X(EQUALS_DEFAULT, "equals-default", "a rule whose action is the default: runtimes skip it")   \
	X(SHADOWED, "shadowed", "an earlier unconditional rule decides this syscall first")           \
	X(DUPLICATE, "duplicate", "the same syscall and action again after an unconditional rule")     \
	X(VOIDED, "voided", "a conditional rule a later unconditional one throws away")               \
	X(CONFLICT, "conflict", "same conditions as an earlier rule, another action (EEXIST)")        \
	X(NOT_ON_ARCH, "not-on-arch", "a syscall the target arch does not have")                      \
	X(EXEC_DENIED, "exec-denied", "execve or execveat is denied")                                   \
	X(UNBUILDABLE, "unbuildable", "the profile cannot be compiled here")

enum scfs_lint_kind {
#define SCFS_LINT_ENUM(id, name, desc) SCFS_LINT_##id,
	SCFS_LINT_KINDS(SCFS_LINT_ENUM)
#undef SCFS_LINT_ENUM
	_SCFS_LINT_MAX,
};

/* "shadowed" for SCFS_LINT_SHADOWED; NULL when out of range. */
SCFS_API const char *scfs_lint_kind_name(enum scfs_lint_kind k);

/* How much a finding matters, most first.  error: a runtime refuses the
 * profile or it does something else than written (a denied execve, an
 * EEXIST conflict); warning: a rule that does not do what it says (shadowed,
 * voided, a typo, a gap on an arch); info: a rule without effect whose
 * outcome is the same anyway (a duplicate, a rule equal to the default). */
enum scfs_lint_severity {
	SCFS_LINT_ERROR,
	SCFS_LINT_WARNING,
	SCFS_LINT_INFO,
};

SCFS_API enum scfs_lint_severity scfs_lint_severity_of(enum scfs_lint_kind k);
/* "error", "warning", "info". */
SCFS_API const char *scfs_lint_severity_name(enum scfs_lint_severity s);
/* The inverse; returns 0 or -EINVAL. */
SCFS_API int scfs_lint_severity_parse(const char *s, enum scfs_lint_severity *ret);

#define SCFS_LINT_NO_RULE ((size_t)-1)

struct scfs_lint_finding {
	enum scfs_lint_kind kind;
	size_t rule;    /* index in the file's syscalls[], or SCFS_LINT_NO_RULE */
	char *path;     /* JSON path: "syscalls[3].names[1]", "" for the whole file */
	char *name;     /* the syscall concerned, or NULL */
	char *arch;     /* the target arch when the finding depends on it, or NULL */
	char *message;
	char *hint;     /* how to fix it, or NULL */
};

struct scfs_lint_report {
	struct scfs_lint_finding *v;
	size_t n;
};

/**
 * Lint the profile in @text (file name @name, for messages) for each host
 * in @hosts (what-if arch, capabilities and kernel; findings that do not
 * depend on the host are reported once).
 * Returns 0 and the findings in @ret (possibly none), or -EINVAL when the
 * text is not JSON or the loader refuses it for a reason lint cannot work
 * around (@diag says why), or another -errno.
 */
SCFS_API int scfs_lint(const char *text, size_t len, const char *name, const struct scfs_host *hosts, size_t n_hosts,
		       struct scfs_lint_report *ret, struct scfs_diag *diag);
SCFS_API void scfs_lint_report_done(struct scfs_lint_report *r);

/**
 * The usual replacement for a syscall some arches lack ("open" ->
 * "openat"), as a NULL-terminated list, or NULL when there is none.
 * @note (may be NULL) gets a remark such as "served by the vDSO".
 */
SCFS_API const char *const *scfs_syscall_replacements(const char *name, const char **note);
