/* Running a target under a profile, observed by scfs (the supervisor).
 *
 * The filter is the child's last act before execve.  The child learns the
 * number its listener fd will get, tells the parent, loads the observation
 * program (observe.h), and makes one magic call that blocks in the kernel
 * until the parent has taken the listener with pidfd_getfd and answered.
 * Only then does it execve: nothing the target does can go unobserved, and
 * the launcher's own calls are never counted as the target's. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "compile.h"
#include "diag.h"
#include "observe.h"
#include "state.h"

struct scfs_run_spec {
	char *const *argv;   /* the command; argv[0] is looked up in PATH */
	const char *name;    /* display name (default: basename of argv[0]) */
	enum scfs_mode mode;
	const char *state_base;
	bool drop_caps;      /* reduce the bounding set to @caps */
	uint64_t caps;
	const struct scfs_filter *filter; /* compiled from the expanded profile */
	const char *profile_path;
	const char *profile_text; /* the profile as given, for profile.json */
	size_t profile_len;
};

struct scfs_run_result {
	int exit_code;  /* what scfs exits with: the target's status, 128+signal, 125/126/127 */
	pid_t pid;      /* the target's pid (its state dir), or 0 */
	uint64_t denials;
	uint64_t dropped;
	char *summary;  /* one line for stderr, or NULL (nothing worth saying) */
	/* scfs's own counts at the end (the state files are the target's to
	 * rewrite: it runs as the same user); counters.used entries. */
	struct scfs_counters_header counters;
	struct scfs_counter *entries;
};

/**
 * Launch and supervise until the target and every descendant still under
 * the filter are gone.  Signals sent to the caller are forwarded.
 * Returns 0 with @res filled (also when the target could not be executed:
 * see res->exit_code and res->summary), or -errno if scfs itself failed
 * (@diag says why; the target never ran unconfined).
 */
SCFS_API int scfs_run(const struct scfs_run_spec *spec, struct scfs_run_result *res, struct scfs_diag *diag);
SCFS_API void scfs_run_result_done(struct scfs_run_result *res);
