/* Internal to the model: building and evaluating the table's rows, and
 * telling which syscalls an edit changed.  The files call downward only:
 * edits.c -> model.c -> rows.c -> changed.c -> arches.c. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* Parse, expand for the model's host and compile @text (model.c). */
int sctui_model_compile(const struct sctui_model *m, const char *text, size_t len, struct scfs_profile **ret_src,
			struct scfs_profile **ret_eff, struct scfs_filter **ret_filter, struct scfs_diag *diag);
/* Free the edited document's profiles and filter (not the loaded ones). */
void sctui_model_current_free(struct sctui_model *m);
/* Recompute the visible rows, keeping the selected row when it stays. */
void sctui_model_refresh(struct sctui_model *m);
/* Free an edit list (model.c: the model frees its own; edits.c calls it). */
void sctui_edits_done(struct sctui_edits *e);

/* libseccomp's token for the model's current arch (0 if unknown; arches.c). */
uint32_t sctui_model_token(const struct sctui_model *m);
/* Rebuild the rows for the current arch and evaluate both profiles. */
void sctui_rows_build(struct sctui_model *m);
/* What the edited (or the original) profile answers for every row. */
void sctui_rows_evaluate(struct sctui_model *m, bool original);
void sctui_rows_free(struct sctui_model *m);

/* (name, rule) pairs of a profile, sorted by name then rule, so that the
 * rules naming a syscall are found by binary search, in profile order
 * (changed.c). */
struct sctui_rule_ref {
	const char *name; /* borrowed from the profile */
	size_t rule;      /* index into the profile's rules[] */
};

struct sctui_rule_index {
	struct sctui_rule_ref *v;
	size_t n;
};

void sctui_rule_index_build(struct sctui_rule_index *ix, const struct scfs_profile *p);
void sctui_rule_index_done(struct sctui_rule_index *ix);
/* The first pair for @name, or ix->n. */
size_t sctui_rule_index_first(const struct sctui_rule_index *ix, const char *name);

/**
 * Whether source profile @b decides syscall @name as @a does wherever the
 * rules naming it can tell hosts apart: for every set of the capabilities,
 * every kernel version and every native arch their includes and excludes
 * name, the rules libseccomp would keep (profile-format 5.2) have the same
 * actions and conditions.  @ia and @ib index @a and @b.  False when that
 * cannot be shown (too many capabilities to try every set).
 */
bool sctui_rules_same(const struct scfs_profile *a, const struct sctui_rule_index *ia, const struct scfs_profile *b,
		      const struct sctui_rule_index *ib, const char *name);
/* Set every row's changed flag (changed.c). */
void sctui_rows_mark_changed(struct sctui_model *m);
