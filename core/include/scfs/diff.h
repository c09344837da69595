/* The semantic view of a compiled profile: for every syscall a profile
 * names, on every arch of its filter, which rule decides it once
 * libseccomp has applied its rules for several entries naming the same
 * syscall (profile-format 5.2: the first unconditional rule wins, later
 * rules are dropped, conditional rules before an unconditional one are
 * thrown away).  lint, diff, export and explain read profiles through
 * this view, and each claim it makes about an unconditional decision is
 * checked against the exact program with the BPF evaluator.
 *
 * Then the difference of two such views, and whether one profile allows
 * nothing the other denies (the subset test). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile.h"
#include "profile.h"

enum scfs_decision_kind {
	SCFS_DECIDE_DEFAULT,     /* no rule: the default action, or the ENOSYS stub */
	SCFS_DECIDE_RULE,        /* one unconditional rule */
	SCFS_DECIDE_CONDITIONAL, /* conditional rules; calls none matches get the default */
};

/* A rule that names a syscall but never decides it. */
enum scfs_lost_reason {
	SCFS_LOST_SHADOWED, /* an earlier unconditional rule already decides the syscall */
	SCFS_LOST_VOIDED,   /* conditional, and a later unconditional rule replaced it */
};

struct scfs_lost_rule {
	size_t rule; /* index into the profile's rules[] */
	size_t name; /* index into that rule's names[] */
	enum scfs_lost_reason why;
	size_t by;   /* the unconditional rule that decides instead */
};

/* One name of one rule. */
struct scfs_rule_ref {
	size_t rule; /* index into the profile's rules[] */
	size_t name; /* index into that rule's names[] */
};

struct scfs_decision {
	const struct scfs_arch_info *arch;
	int nr;
	const char *name; /* borrowed from the profile's first rule naming it */
	enum scfs_decision_kind kind;
	/* RULE: the rule's action; DEFAULT: what the default (or stub) gives;
	 * CONDITIONAL: what a call no condition matches gets. */
	uint32_t action;
	bool stub;     /* DEFAULT and CONDITIONAL: that fallback is the ENOSYS stub */
	size_t rule;   /* RULE: index into the profile's rules[] */
	struct scfs_rule_ref *conds; /* CONDITIONAL: the rules, in profile order */
	size_t n_conds;
	struct scfs_lost_rule *lost;
	size_t n_lost;
	/* The exact program disagrees with this model (e.g. x86 socketcall
	 * multiplexing, which libseccomp adds by itself): trust the program. */
	bool unsure;
	size_t arch_order; /* the arch's place in the filter (the host's is 0): the sort key */
};

struct scfs_decisions {
	const struct scfs_filter *filter; /* not owned */
	struct scfs_decision *v;          /* sorted by (arch order in the filter, nr) */
	size_t n;
};

/**
 * Build the view of @f (its profile is f->profile).  Only syscalls some
 * rule names (as added, by name or number) appear; everything else gets
 * scfs_filter_fallback().
 * Returns 0, or -errno.
 */
SCFS_API int scfs_decisions_build(const struct scfs_filter *f, struct scfs_decisions *ret);
SCFS_API void scfs_decisions_done(struct scfs_decisions *d);
/* The decision for (@a, @nr), or NULL when no rule names it. */
SCFS_API const struct scfs_decision *scfs_decisions_find(const struct scfs_decisions *d,
							 const struct scfs_arch_info *a, int nr);

/* Whether @f has a section for @a. */
SCFS_API bool scfs_filter_has_arch(const struct scfs_filter *f, const struct scfs_arch_info *a);
/* What a call no rule names gets on @a: the default action, or ERRNO(ENOSYS)
 * above the stub's threshold (*@stub set then; may be NULL). */
SCFS_API uint32_t scfs_filter_fallback(const struct scfs_filter *f, const struct scfs_arch_info *a, int nr,
				       bool *stub);
/* The stub threshold on @a, or -1 when there is none. */
SCFS_API int scfs_filter_stub_max(const struct scfs_filter *f, const struct scfs_arch_info *a);

/* seccomp_data.arch for a call on @a (x32 calls carry x86_64's audit arch). */
SCFS_API uint32_t scfs_arch_audit(const struct scfs_arch_info *a);

/* A rule's conditions as C-like text: "a0 != 40 && a2 == 0x1",
 * "(a0 & 0x7e020000) == 0"; several conditions on one argument are OR'ed
 * as the runtimes compile them.  "" for an unconditional rule.  Malloc'd. */
SCFS_API char *scfs_rule_conditions_format(const struct scfs_rule *r);

/* How B's decision for one syscall relates to A's in the subset test. */
enum scfs_subset {
	SCFS_SUBSET_OK,        /* everything B allows, A allows */
	SCFS_SUBSET_VIOLATION, /* B allows calls A denies */
	SCFS_SUBSET_UNSURE,    /* argument rules that cannot be compared exactly: counted as a violation */
};

SCFS_API const char *scfs_subset_string(enum scfs_subset s);

/* One side of a difference: a decision, or the fallback of a profile that
 * does not name the syscall. */
struct scfs_diff_side {
	const struct scfs_decision *d; /* NULL: not named (fallback), or arch not filtered */
	bool filtered;                 /* the arch is in this profile's filter */
	uint32_t action;               /* d ? d->action : fallback (KILL_THREAD when not filtered) */
	bool stub;
};

struct scfs_diff_entry {
	const struct scfs_arch_info *arch;
	int nr;
	const char *name;
	struct scfs_diff_side a, b;
	bool action_changed; /* the unconditional outcome differs */
	bool args_changed;   /* the argument rules differ (at least one side conditional) */
	enum scfs_subset subset;
	/* Argument rules were compared exactly, by running both programs over
	 * every region of argument values their conditions distinguish. */
	bool sampled;
	bool same_rules;     /* both conditional with the same conditions and actions */
	bool has_witness;    /* one call that shows the difference */
	uint64_t witness[6];
	uint32_t witness_a, witness_b;
};

/* Calls neither profile names, in a range of numbers on one arch. */
struct scfs_diff_range {
	const struct scfs_arch_info *arch;
	int64_t lo, hi; /* inclusive; hi = INT64_MAX for "and above" */
	uint32_t a, b;  /* fallback action words */
	bool a_stub, b_stub;
	bool a_filtered, b_filtered;
	enum scfs_subset subset;
};

struct scfs_diff {
	struct scfs_diff_entry *v; /* only entries that differ, in (arch, nr) order */
	size_t n;
	struct scfs_diff_range *ranges; /* only ranges whose fallbacks differ */
	size_t n_ranges;
	bool subset; /* B allows nothing A denies (UNSURE counts as not) */
	bool equal;  /* no difference at all */
};

/**
 * Compare the views of two filters built for the same host.
 * Returns 0 and fills @ret, or -errno.
 */
SCFS_API int scfs_diff_compute(const struct scfs_decisions *a, const struct scfs_decisions *b, struct scfs_diff *ret);
SCFS_API void scfs_diff_done(struct scfs_diff *d);
