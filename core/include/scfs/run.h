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
	const char *search_path; /* where argv[0] is looked up ($PATH, read by the caller); NULL: a default */
	const char *profile_text; /* the profile as given, for profile.json */
	size_t profile_len;
	/* Called in scfs when the launcher is forked and loading @filter,
	 * before the state directory is made and before the launcher is let
	 * go (nothing of the target has run): it may finish @filter (its
	 * profile, for a filter-cache hit taken before the parse).  A negative
	 * result abandons the launch (the launcher killed, no state
	 * directory) and scfs_run returns it.  NULL: nothing to do. */
	int (*prepare)(void *userdata);
	void *prepare_userdata;
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

/* ---- a listener someone else made (core/run/attach.c) -----------------
 * A container runtime loads the observed program (scfs_observer_init_external)
 * into the container and hands its listener over; scfs_attach supervises
 * it with the same loop, evaluator and state writer as scfs_run.  scfs is
 * not the container's parent: the record ends ("ended") when every
 * listener has hung up, with no exit status. */

/* Who a container is, for "info" (NULL or "" when unknown). */
struct scfs_container {
	const char *id;            /* the runtime's container id */
	const char *name;          /* its name (io.kubernetes.container.name) */
	const char *pod;           /* io.kubernetes.pod.name */
	const char *pod_namespace; /* io.kubernetes.pod.namespace */
	const char *runtime;       /* the runtime that loaded the program */
	const char *bundle;        /* the bundle directory */
	const char *unobservable;  /* what the kernel decides unseen (the runc model), or NULL */
};

struct scfs_attach_spec {
	int listener;        /* taken over */
	int control;         /* further listeners arrive here (SCM_RIGHTS), or -1; taken over */
	pid_t pid;           /* the container's init (host pid): names the state directory */
	char *const *argv;   /* the container's command, for "info" (may be empty) */
	const char *name;    /* display name */
	enum scfs_mode mode;
	const char *state_base;
	const struct scfs_filter *filter; /* the program loaded was built from it */
	const char *profile_path;
	const char *profile_text;
	size_t profile_len;
	const struct scfs_container *ct;
};

/* Supervise until every listener has hung up.  Returns 0, or -errno with
 * @diag saying why (the listener is closed: its calls fail with ENOSYS). */
SCFS_API int scfs_attach(const struct scfs_attach_spec *spec, struct scfs_diag *diag);
