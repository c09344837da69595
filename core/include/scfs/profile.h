/* The profile model: a Docker/OCI/Podman seccomp profile as parsed from
 * JSON.  Every rule keeps its identity (index in syscalls[], the names in
 * order, the conditions) through expansion and compilation, so that a
 * denial, a counter or a TUI row can point back to "rule 17, mkdirat". */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "env.h"
#include "names.h"
#include "util.h"

/* Largest profile file read; Docker's default is about 25 KiB. */
#define SCFS_PROFILE_MAX_BYTES (4u << 20)
/* Rules are identified by 16 bits in filter data words, and the top few
 * values name the default action and the ENOSYS stub (observe.h). */
#define SCFS_PROFILE_MAX_RULES 65000u
/* No syscall name is longer than 24 bytes; a longer name is refused by
 * the loader, so that no later step (lookups, suggestions) works on it. */
#define SCFS_SYSCALL_NAME_MAX 64u

/* libseccomp 2.5.4 rejects SCMP_ACT_ERRNO(n) for n >= 4095 (profile-format 3.5). */
#define SCFS_ERRNO_MAX 4094

struct scfs_action {
	enum scfs_action_kind kind;
	uint32_t data;  /* errno for ERRNO, message for TRACE; 1 (EPERM) if not given */
	bool data_set;  /* errnoRet/errno/defaultErrnoRet/defaultErrno was present */
};

struct scfs_arg {
	unsigned index; /* 0..5 */
	enum scfs_cmp op;
	uint64_t value;     /* the mask for MASKED_EQ */
	uint64_t value_two; /* the expected value for MASKED_EQ; 0 if absent */
};

struct scfs_kver {
	unsigned major, minor;
};

/* An includes/excludes object. */
struct scfs_cond {
	bool present;
	char **arches; /* Go short names, compared with the host's */
	size_t n_arches;
	char **caps;
	size_t n_caps;
	bool has_min_kernel;
	struct scfs_kver min_kernel;
};

struct scfs_rule {
	size_t index; /* position in the source document's syscalls[]: the rule's identity */
	char **names;
	size_t n_names;
	bool legacy_name; /* written as "name" */
	struct scfs_action action;
	struct scfs_arg *args;
	size_t n_args;
	char *comment;
	struct scfs_cond includes, excludes;
};

struct scfs_archmap_entry {
	const struct scfs_arch_info *arch;
	const struct scfs_arch_info **subs;
	size_t n_subs;
};

struct scfs_profile {
	char *source; /* file name for messages */
	bool has_default_action;
	struct scfs_action default_action;
	const struct scfs_arch_info **arches;
	size_t n_arches;
	struct scfs_archmap_entry *arch_map;
	size_t n_arch_map;
	bool has_flags; /* "flags" present (an empty list means no flags) */
	unsigned flags; /* SECCOMP_FILTER_FLAG_* */
	char *listener_path, *listener_metadata;
	bool has_syscalls;
	struct scfs_rule *rules;
	size_t n_rules;
	bool expanded; /* includes/excludes and archMap already resolved */
	const struct scfs_arch_info *host_arch; /* expanded for this native arch */
	bool arches_from_archmap;               /* arches[] came from an archMap entry */
};

/**
 * Parse a profile document.  All problems are added to @diag (errors and
 * warnings, each with its JSON path); on any error the profile is not
 * returned.
 * @name: the file name used in messages
 * Returns 0 and sets *@ret (owned by the caller), -EINVAL for an invalid
 * profile, or another negative errno.
 */
SCFS_API int scfs_profile_parse(const char *text, size_t len, const char *name,
				struct scfs_profile **ret, struct scfs_diag *diag);
/* The same for a file; I/O errors are reported in @diag too. */
SCFS_API int scfs_profile_load(const char *path, struct scfs_profile **ret, struct scfs_diag *diag);
/**
 * Read a profile file's bytes (at most SCFS_PROFILE_MAX_BYTES, a regular
 * file only: a FIFO or device is refused without blocking).  Errors go to
 * @diag as one line each.  Returns 0 and a malloc'd NUL-terminated text,
 * -EINVAL (too large, not a regular file) or another negative errno.
 */
SCFS_API int scfs_profile_read(const char *path, char **ret, size_t *ret_len, struct scfs_diag *diag);

/* The profile used when none is given: $SCFS_DEFAULT_PROFILE (from @env,
 * may be NULL), else the installed copy, else the source tree's
 * profiles/default.json. */
SCFS_API const char *scfs_default_profile_path(const struct scfs_env *env);

/* Takes NULL; returns NULL. */
SCFS_API struct scfs_profile *scfs_profile_free(struct scfs_profile *p);
static inline void scfs_profile_freep(struct scfs_profile **p)
{
	*p = scfs_profile_free(*p);
}

/**
 * Checks that do not depend on the host, over every rule including those
 * expansion would drop here: an ERRNO errno beyond libseccomp's range is a
 * warning for a dropped rule (it fails to compile on hosts that keep it).
 * The kept rules are checked, as errors, by scfs_compile.
 */
SCFS_API void scfs_profile_check_portable(const struct scfs_profile *src, const struct scfs_profile *eff,
					  struct scfs_diag *diag);

/* "No defaultAction and no syscalls" means seccomp disabled, as in moby. */
SCFS_API bool scfs_profile_disables_seccomp(const struct scfs_profile *p);

/* Deep copy of one rule into *dst. */
SCFS_API void scfs_rule_copy(struct scfs_rule *dst, const struct scfs_rule *src);
SCFS_API void scfs_rule_done(struct scfs_rule *r);

/* Whether a rule has several conditions on one argument: the runtimes then
 * split it into single-condition rules, which ORs them (format 2.3). */
SCFS_API bool scfs_rule_index_repeats(const struct scfs_rule *r);
/* Field-by-field equality of two includes/excludes objects and of two rules
 * (names in order, action word, conditions, includes/excludes). */
SCFS_API bool scfs_cond_equal(const struct scfs_cond *a, const struct scfs_cond *b);
SCFS_API bool scfs_rule_equal(const struct scfs_rule *a, const struct scfs_rule *b);

/* Whether two actions are the same kernel action word (KILL == KILL_THREAD). */
SCFS_API bool scfs_action_equal(const struct scfs_action *a, const struct scfs_action *b);
/* libseccomp's action word (SCMP_ACT_ERRNO(n) etc.). */
SCFS_API uint32_t scfs_action_word(const struct scfs_action *a);

/**
 * Render as an OCI linux.seccomp JSON object (effective form when the
 * profile is expanded: "architectures" list, no includes/excludes/archMap).
 * Returns a malloc'd string.
 */
SCFS_API char *scfs_profile_to_json(const struct scfs_profile *p);
