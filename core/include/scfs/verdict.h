/* What happens to a call, and which rule decides: the one answer every
 * view gives (sctui's table, scfs explain, lint and diff read the same
 * decisions, scfs/diff.h).  The answer itself always comes from running
 * the exact compiled program (the BPF evaluator); the deciding rule from
 * libseccomp's way with several rules naming one syscall: the first
 * unconditional rule decides every call of it (conditional rules before
 * it are dropped, all rules after it too); without one, the first
 * conditional rule whose conditions hold and whose action is the answer. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "compile.h"
#include "diff.h"
#include "names.h"

/* The deciding rule of a call: an index into the expanded profile's
 * rules[], or SCFS_RULE_* (names.h: the state files store it too). */

struct scfs_verdict {
	uint32_t action;  /* what the program answers */
	uint32_t rule;    /* the deciding rule (index into rules[]), or SCFS_RULE_* */
	bool conditional; /* conditional rules name the call and no unconditional one does */
};

/**
 * The verdict of @ds's filter on syscall @nr of @a with every argument
 * zero, as a table of syscalls shows it (scfs explain, which attributes
 * any arguments with the observation program, gives the same answer for
 * these: tests/tui checks it for every syscall of Docker's default).
 */
SCFS_API void scfs_verdict_zero_args(const struct scfs_decisions *ds, const struct scfs_arch_info *a, int nr,
				     struct scfs_verdict *ret);
