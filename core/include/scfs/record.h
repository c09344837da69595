/* Recording: run a command observed in complain mode, read which syscalls
 * it and its descendants made from the per-target counters, and write the
 * allow-list profile they need.  Then merging several recordings into
 * one, keeping how many runs saw each syscall.
 *
 * Provenance lives in the "comment" of the rules written:
 *   "scfs record: seen in K of R runs | command: ... | arch: ... | ..."
 * and merge reads "seen in K of R runs" back. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "diag.h"
#include "host.h"
#include "profile.h"
#include "util.h"

struct scfs_record_spec {
	char *const *argv;      /* the command; argv[0] is looked up in PATH */
	const char *name;       /* display name for scfs ps, or NULL */
	const char *base_path;  /* a profile to start from, or NULL for "deny everything" */
	const char *state_base; /* where the run's state goes */
	const struct scfs_host *host;
	const char *search_path; /* where argv[0] is looked up ($PATH); NULL: a default */
};

/* Something about the recording's coverage the user must know. */
struct scfs_record_note {
	bool incomplete; /* the profile may miss calls the command made */
	char *text;
};

struct scfs_record_result {
	int exit_code;          /* the target's, as scfs run gives it */
	pid_t pid;              /* its state directory */
	char *profile;          /* the recorded profile, JSON (malloc'd); NULL if the command never ran */
	size_t n_syscalls;      /* distinct syscall names recorded */
	uint64_t n_calls;       /* calls counted */
	struct scfs_record_note *notes;
	size_t n_notes;
	char *summary;          /* scfs run's exit summary, or NULL */
};

/**
 * Run @spec->argv in complain mode under the base profile (default action
 * ERRNO and no rules, on the native arch and its compat ABIs; or
 * @spec->base_path's profile, so only what it would deny is observed and
 * what it allows is kept) and write the profile that allows every
 * (arch, syscall) seen.  Returns 0 with @res filled (also when the
 * command failed: see res->exit_code), or -errno with @diag saying why.
 */
SCFS_API int scfs_record(const struct scfs_record_spec *spec, struct scfs_record_result *res, struct scfs_diag *diag);
SCFS_API void scfs_record_result_done(struct scfs_record_result *res);

/**
 * Merge profiles written by scfs_record (or any profiles: an allow rule
 * without a "seen in" comment counts as seen in every run of its file).
 * Unconditional allow rules are united by name and regrouped by how many
 * of the M runs saw each name ("seen in N of M runs"); every other rule
 * is kept once, after them.  The default actions must agree.
 * Returns 0 and the JSON in *@ret, or -EINVAL with @diag saying why.
 */
SCFS_API int scfs_merge(const char *const *paths, size_t n, char **ret, struct scfs_diag *diag);

/* "seen in K of R runs" in @comment: returns true and sets *@k, *@r. */
SCFS_API bool scfs_record_parse_seen(const char *comment, unsigned *k, unsigned *r);
