/* Editing a profile document in place.  Edits work on the json-c tree
 * the file was parsed into, not on the model: keys keep their order,
 * "comment" fields and everything scfs does not understand stay as they
 * were, and only the rules an edit has to touch change.  Rendering uses
 * the document's own indentation, so saving an unedited Docker profile
 * gives back the same bytes. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "profile.h"

/* How the original text was laid out, so a render looks like it. */
struct scfs_edit_style {
	bool tabs;           /* indented with tabs (Docker) rather than two spaces */
	bool compact_empty;  /* empty arrays and objects written as [] and {} */
	bool final_newline;  /* the text ended with a newline */
};

/**
 * Parse @text (strict JSON, as the profile loader reads it) into a
 * document.  Syntax errors go to @diag.
 * Returns 0 with *@ret (caller owns: json_object_put) and *@style filled,
 * or -EINVAL.
 */
SCFS_API int scfs_edit_parse(const char *text, size_t len, json_object **ret, struct scfs_edit_style *style,
			     struct scfs_diag *diag);

/* Render @doc as @style says.  Returns a malloc'd string; *@ret_len (may
 * be NULL) gets its length. */
SCFS_API char *scfs_edit_render(json_object *doc, const struct scfs_edit_style *style, size_t *ret_len);

/**
 * Give the syscall @name the action @a in @doc.
 *
 * The name is taken out of every rule that lists it (whatever the action,
 * conditions or includes/excludes: afterwards one rule decides it), and a
 * rule left without names is removed.  Then, unless @a is the profile's
 * default action @def, the name is added to the first rule that has
 * exactly this action, no args and no includes/excludes (before the
 * first name that sorts after it when that rule's names are in order, give
 * or take one in twenty, underscores not counting, as in Docker's
 * profile), or to a new rule appended
 * to syscalls[].
 * Returns the number of rules changed, added or removed (>= 0), or
 * -EINVAL when @doc is not a profile object.
 */
SCFS_API int scfs_edit_set_action(json_object *doc, const char *name, const struct scfs_action *a,
				  const struct scfs_action *def);

/* Rule @index of @doc's syscalls[] (a source index, as rule->index), or
 * NULL.  Borrowed from @doc. */
SCFS_API json_object *scfs_edit_rule(json_object *doc, size_t index);
