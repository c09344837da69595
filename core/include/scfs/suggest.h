/* scfs suggest: from a target's denials, the smallest change to its
 * profile that would have allowed them.
 *
 * Per denied syscall, the changes are tried from the narrowest to the
 * widest, and the first one under which the real filter (compiled afresh
 * for the same host, run by the BPF evaluator) allows every denied call is
 * kept:
 *   1. relax a masked condition of a rule that already allows the syscall
 *      (clone's "(a0 & CLONE_NEW*) == 0" without the bit the calls set);
 *   2. allow the enum values the calls used (socket(AF_VSOCK));
 *   3. allow only the flags the calls used (unshare with CLONE_NEWUSER alone);
 *   4. allow the syscall;
 *   5. allow it and take it out of the earlier unconditional rules that
 *      deny it (libseccomp lets the first unconditional rule win).
 * New rules are appended to syscalls[]; the document is edited in place
 * (core/profile/edit.c), so everything else stays as written. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "host.h"

/* One denied call, as the denial log recorded it. */
struct scfs_suggest_call {
	uint32_t audit_arch;
	int nr;
	char name[64];
	uint64_t args[6];
};

/**
 * Read the calls from a `denied.jsonl` log (doc/state-format.md): one
 * JSON object per line.  Objects from the kernel's records (args null) are
 * counted in *@no_args and left out.  Returns 0 with a malloc'd array, or
 * -EINVAL on a line that is not a denial object.
 */
SCFS_API int scfs_suggest_read_denials(const char *text, size_t len, struct scfs_suggest_call **ret, size_t *n,
				       size_t *no_args);

struct scfs_suggest_change {
	char *name;    /* the syscall */
	char *what;    /* one line: what the change allows */
	size_t calls;  /* denied calls it allows */
	/* The change itself, in a form that applies to any document (another
	 * edit of the profile, say), unlike the patch's indices: the rules it
	 * appends to syscalls[], and whether it first takes @name out of the
	 * unconditional rules that do not allow it (5. above). */
	json_object *rules;
	bool unshadow;
};

struct scfs_suggestion {
	json_object *doc;   /* the edited profile document */
	json_object *patch; /* RFC 6902 operations that turn the original into doc */
	struct scfs_suggest_change *changes;
	size_t n_changes;
	size_t unresolved; /* calls that no change made allowed */
	char *rendered;    /* doc rendered as the original was laid out */
	size_t rendered_len;
};

/**
 * Suggest for the profile text @text (named @source in messages), expanded
 * for @h, the changes that allow @calls.
 * Returns 0 and fills @ret, or -EINVAL when the profile does not load
 * (reasons in @diag).
 */
SCFS_API int scfs_suggest(const char *text, size_t len, const char *source, const struct scfs_host *h,
			  const struct scfs_suggest_call *calls, size_t n, struct scfs_suggestion *ret,
			  struct scfs_diag *diag);
SCFS_API void scfs_suggestion_done(struct scfs_suggestion *s);

/**
 * Apply change @c to @doc: take c->name out of the unconditional rules
 * that do not allow it when c->unshadow (a rule left without names goes),
 * then append a copy of each of c->rules.  On the document @c was
 * suggested for this gives the suggestion's document.  Returns 0, or
 * -EINVAL when @doc is not a profile object or c->rules not an array.
 */
SCFS_API int scfs_suggest_apply(json_object *doc, const struct scfs_suggest_change *c);
