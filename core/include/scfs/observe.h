/* Observation: the program scfs loads to watch a target, and how each
 * notification is answered and attributed to a rule.
 *
 * The loaded program is the real filter with its return instructions
 * rewritten: control flow is untouched, only deny results become
 * SECCOMP_RET_USER_NOTIF.  For every notification the supervisor runs the
 * real filter over the same seccomp_data and answers exactly what it would
 * have returned, so the target sees what the profile says. */
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "compile.h"
#include "profile.h"
#include "names.h"
#include "verdict.h"

enum scfs_mode {
	SCFS_MODE_ENFORCE,  /* denials as the profile says; ERRNO-family denials are observed */
	SCFS_MODE_COUNT,    /* as enforce, and every allowed call is counted too */
	SCFS_MODE_COMPLAIN, /* everything the profile would deny is logged and allowed */
};

SCFS_API const char *scfs_mode_string(enum scfs_mode m);

/* The deciding rule of a call: SCFS_RULE_* in names.h. */

/* The launcher call's number is SCFS_LAUNCH_NR (names.h). */
enum scfs_launch_op {
	SCFS_LAUNCH_SYNC = 1,        /* the listener is loaded; wait for the supervisor */
	SCFS_LAUNCH_EXEC_FAILED = 2, /* args[2] = errno of the failed execve */
};

/* The launcher's second seccomp(2) carries the cookie in this argument,
 * which the kernel ignores, so the trap program lets it through. */
#define SCFS_SECCOMP_COOKIE_ARG 3

struct scfs_observer {
	const struct scfs_filter *filter; /* the real filter; not owned */
	enum scfs_mode mode;
	uint64_t cookie;
	struct sock_filter *prog; /* what is loaded: launcher prologue + rewritten filter */
	size_t prog_len;
	/* Loaded first, with SECCOMP_FILTER_FLAG_LOG, when the filter traps
	 * (enforce and count modes): see build_trap_prog. NULL otherwise. */
	struct sock_filter *trap_prog;
	size_t trap_prog_len;
	struct sock_filter *id_prog; /* the same rules with TRACE(rule index) actions; built on first use */
	size_t id_prog_len;
	bool id_failed;
	bool external; /* loaded by a container runtime: no launcher prologue, no trap program */
};

/**
 * Build the loaded program for @f (compiled from @f->profile).  The
 * attribution program is built by the first scfs_observer_rule() call (a
 * second full compile, kept off a target's start-up); the _eager variant
 * builds it now and reports its errors.  Returns 0, or -errno with the
 * reason in @diag.
 */
SCFS_API int scfs_observer_init(struct scfs_observer *o, const struct scfs_filter *f, enum scfs_mode mode,
				uint64_t cookie, struct scfs_diag *diag);
SCFS_API int scfs_observer_init_eager(struct scfs_observer *o, const struct scfs_filter *f, enum scfs_mode mode,
				      uint64_t cookie, struct scfs_diag *diag);
/* The program a container runtime loads (crun's run.oci.seccomp_bpf_data):
 * the same rewriting without the launcher prologue.  Traps stay with the
 * kernel outside complain mode (no trap program can be loaded beside it),
 * so they are not observed.  The same for every call with the same
 * filter and mode: the agent compares it byte for byte. */
SCFS_API int scfs_observer_init_external(struct scfs_observer *o, const struct scfs_filter *f, enum scfs_mode mode,
					 struct scfs_diag *diag);
SCFS_API void scfs_observer_done(struct scfs_observer *o);

/* What the real filter returns for @d (an action word). */
SCFS_API uint32_t scfs_observer_verdict(const struct scfs_observer *o, const struct seccomp_data *d);
/* The deciding rule for @d (see SCFS_RULE_*), given the verdict. */
SCFS_API uint32_t scfs_observer_rule(struct scfs_observer *o, const struct seccomp_data *d, uint32_t verdict);
/* scfs_action_denies(), scfs_action_word_name(): names.h. */
