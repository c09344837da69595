/* String <-> enum tables for the profile vocabulary: actions, operators,
 * flags, architectures, errno names, capabilities.  Strings become enums
 * here, once, in the parser; nothing after it compares action strings. */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "util.h"

enum scfs_action_kind {
	SCFS_ACT_KILL, /* the plain spelling; same kernel action as KILL_THREAD */
	SCFS_ACT_KILL_THREAD,
	SCFS_ACT_KILL_PROCESS,
	SCFS_ACT_TRAP,
	SCFS_ACT_ERRNO,
	SCFS_ACT_TRACE,
	SCFS_ACT_LOG,
	SCFS_ACT_ALLOW,
	SCFS_ACT_NOTIFY,
	_SCFS_ACT_MAX,
	_SCFS_ACT_INVALID = -EINVAL,
};

enum scfs_cmp {
	SCFS_CMP_NE,
	SCFS_CMP_LT,
	SCFS_CMP_LE,
	SCFS_CMP_EQ,
	SCFS_CMP_GE,
	SCFS_CMP_GT,
	SCFS_CMP_MASKED_EQ,
	_SCFS_CMP_MAX,
	_SCFS_CMP_INVALID = -EINVAL,
};

/* One architecture as the profile formats know it. */
struct scfs_arch_info {
	const char *oci;       /* "SCMP_ARCH_X86_64" */
	const char *scmp_name; /* libseccomp's name, "x86_64" */
	const char *go_name;   /* spelling in includes/excludes.arches, "amd64"; NULL if none */
};

SCFS_API enum scfs_action_kind scfs_action_from_string(const char *s);
SCFS_API const char *scfs_action_to_string(enum scfs_action_kind k);
/* Whether errnoRet means anything for this action (ERRNO and TRACE only). */
SCFS_API bool scfs_action_takes_data(enum scfs_action_kind k);

/* Action words, the values a filter returns (SECCOMP_RET_*): what every
 * view says of them comes from here. */
/* "ERRNO", "KILL_PROCESS", ... for an action word. */
SCFS_API const char *scfs_action_word_name(uint32_t w);
/* "ERRNO(1) EPERM", "ALLOW", "KILL_PROCESS", "TRACE(5)" for an action word. */
SCFS_API void scfs_action_word_format(uint32_t w, char *buf, size_t len);
/* The short form tables show: "ERRNO(EPERM)" (the number when the errno
 * has no name), "TRACE(3)", "ALLOW", "KILL_PROCESS"... */
SCFS_API void scfs_action_word_label(uint32_t w, char *buf, size_t len);
/* What an action word does to the call, for colouring it. */
enum scfs_action_class {
	SCFS_ACTION_CLASS_ALLOW,  /* ALLOW */
	SCFS_ACTION_CLASS_RECORD, /* LOG, NOTIFY: let through with a record, or another program decides */
	SCFS_ACTION_CLASS_DENY,   /* ERRNO, TRACE (ENOSYS without a tracer) */
	SCFS_ACTION_CLASS_KILL,   /* KILL_PROCESS, KILL_THREAD, TRAP: a signal ends or stops the caller */
};
SCFS_API enum scfs_action_class scfs_action_word_class(uint32_t w);
/* Whether @w denies the call (ERRNO, KILL, TRAP, TRACE without tracer). */
SCFS_API bool scfs_action_denies(uint32_t w);
/* Whether an action word lets the call run (ALLOW, LOG). */
SCFS_API bool scfs_action_word_allows(uint32_t w);
/* Whether it may let the call run: ALLOW, LOG, and TRACE and NOTIFY, where
 * another program decides. */
SCFS_API bool scfs_action_word_may_allow(uint32_t w);

SCFS_API enum scfs_cmp scfs_cmp_from_string(const char *s);
SCFS_API const char *scfs_cmp_to_string(enum scfs_cmp c);

/* Filter flags: returns the SECCOMP_FILTER_FLAG_* bit, or 0 if unknown. */
SCFS_API unsigned scfs_flag_from_string(const char *s);
SCFS_API const char *scfs_flag_to_string(unsigned bit);

/**
 * Look up an architecture by its OCI spelling ("SCMP_ARCH_X86_64"), or by
 * libseccomp's name with or without the prefix in any case ("x86_64",
 * "X86_64").  Go short names ("amd64") are not accepted: no runtime accepts
 * them in "architectures".  Returns NULL if unknown.
 */
SCFS_API const struct scfs_arch_info *scfs_arch_lookup(const char *s);
/* By the Go short name ("amd64"), as includes/excludes spell it. */
SCFS_API const struct scfs_arch_info *scfs_arch_lookup_go(const char *s);
/* libseccomp's token for the arch, or 0 if the linked libseccomp lacks it. */
SCFS_API uint32_t scfs_arch_token(const struct scfs_arch_info *a);
SCFS_API const struct scfs_arch_info *scfs_arch_from_token(uint32_t token);
SCFS_API const struct scfs_arch_info *scfs_arch_native(void);

/* errno name ("ENOSYS") or decimal string to a number; -EINVAL if neither. */
SCFS_API int scfs_errno_from_string(const char *s);
/* "EPERM", or NULL when glibc has no name for it. */
SCFS_API const char *scfs_errno_name(int e);

/* Capability name ("CAP_SYS_ADMIN", case-insensitive, prefix optional) to
 * its number (the names capabilities(7) lists); -EINVAL if unknown. */
SCFS_API int scfs_cap_from_string(const char *s);

/* The deciding rule of a call: an index into the expanded profile's
 * rules[], or one of these. */
#define SCFS_RULE_DEFAULT ((uint32_t)0xffff) /* no rule matched: defaultAction */
#define SCFS_RULE_ENOSYS ((uint32_t)0xfffe)  /* the ENOSYS stub: newer than the profile */
#define SCFS_RULE_UNKNOWN ((uint32_t)0xfffd) /* could not be attributed */

/* Magic launcher call: the child's last two syscalls before execve are
 * made with this number and a per-run cookie, so the supervisor can tell
 * them from the target's (and a filter listing names it). */
#define SCFS_LAUNCH_NR 0x3ffffff0u

/* "Did you mean" (name_suggest.c). */
/**
 * The closest name to @name among the syscalls libseccomp knows on any
 * arch and scfs's table of newer ones, or NULL when nothing is close.
 * Malloc'd.
 */
SCFS_API char *scfs_syscall_suggest(const char *name);

/* The closest action name ("SCMP_ACT_ALLOW" for "SCMP_ACT_ALOW"), or NULL
 * when nothing is close.  Malloc'd. */
SCFS_API char *scfs_action_suggest(const char *name);
