/* sctui's model: the profile being edited, the syscall table built from
 * it for one arch, and the view state over that table (sort, filter,
 * selection, search), the edit history and saving.  No curses here: the
 * whole model runs in tests without a terminal.
 *
 * Edits change the JSON document the profile was read from (edit.h): the
 * document is always the one loaded with the list of edited syscalls
 * applied, each given its action, in order.  A syscall that an edit gives
 * back its original decisions leaves the list, so its rules are the
 * loaded ones again, byte for byte.  After each edit the document is
 * parsed, expanded and compiled again, and every row's action is the
 * compiled filter's answer for that syscall with all arguments zero.
 * Edits apply to the next launch: a loaded filter cannot be relaxed. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scfs/scfs.h"

/* Deciding-rule values besides source indices. */
#define SCTUI_RULE_DEFAULT (-1L) /* defaultAction */
#define SCTUI_RULE_ENOSYS (-2L)  /* the ENOSYS stub: newer than the profile */
#define SCTUI_RULE_UNKNOWN (-3L) /* no rule explains the filter's answer */

/* Undo history is bounded; the oldest step goes first. */
#define SCTUI_UNDO_MAX 256
/* Longest search or filter text kept. */
#define SCTUI_TEXT_MAX 128

struct sctui_row {
	char *name;
	int nr;                               /* on the model's arch (x32 and MIPS offsets included) */
	uint32_t groups;                      /* scfs_syscall_groups() */
	const struct scfs_newsys *newsys;     /* scfs's newer-syscall entry, or NULL */
	uint32_t action;                      /* action word with zero args, as edited */
	long rule;                            /* deciding source index, or SCTUI_RULE_* */
	bool conditional;                     /* argument conditions decide it: no unconditional rule does */
	uint32_t orig_action;                 /* the same in the profile as loaded */
	long orig_rule;
	bool orig_conditional;
	/* The edited profile decides the syscall differently from the loaded
	 * one somewhere: on any arch of the profile, or for any capability
	 * set, kernel or native arch its rules' includes/excludes name. */
	bool changed;
	uint64_t hits;                        /* live: calls counted for it in the current run */
	uint64_t denials;                     /* live: of those, denied (or would-be, complain) */
};

enum sctui_sort {
	SCTUI_SORT_NAME,
	SCTUI_SORT_NR,
	SCTUI_SORT_HITS, /* most hits first, then by name */
	_SCTUI_SORT_MAX,
};

enum sctui_filter_kind {
	SCTUI_FILTER_ALL,
	SCTUI_FILTER_DENIED,  /* the profile denies it (with zero args) */
	SCTUI_FILTER_ALLOWED,
	SCTUI_FILTER_CHANGED, /* edited since load */
	SCTUI_FILTER_HITS,    /* counted in the current run */
	SCTUI_FILTER_GROUP,   /* member of a group */
	SCTUI_FILTER_TEXT,    /* name contains the text */
	_SCTUI_FILTER_MAX,
};

struct sctui_filter {
	enum sctui_filter_kind kind;
	enum scfs_group group;
	char text[SCTUI_TEXT_MAX];
};

/* One aggregated live counter (from counters.bin). */
struct sctui_count {
	uint32_t arch_token;
	int nr;
	uint32_t action;
	uint64_t hits;
};

/* One edited syscall and the action it was given, or (@rules set) the
 * change scfs suggest offered for one of its denied calls, applied with
 * scfs_suggest_apply: either is one step of the list replayed. */
struct sctui_edit {
	char *name;
	struct scfs_action action;
	json_object *rules; /* a suggested change: the rules it appends; NULL for an action */
	bool unshadow;      /* ... and it takes the name out of the rules that deny it */
};

/* The edited syscalls, in the order of their last edit. */
struct sctui_edits {
	struct sctui_edit *v;
	size_t n;
};

struct sctui_model {
	/* The document. */
	char *path;               /* where it was read from; w saves here */
	bool path_is_default;     /* the shipped default: w asks for a path instead */
	json_object *doc;         /* as edited: orig_doc with the edits applied */
	json_object *orig_doc;    /* as loaded, for the diff */
	struct scfs_edit_style style;
	char *text;               /* render of doc (what a save writes) */
	size_t text_len;
	char *saved_text;         /* what the file holds (as loaded or last saved) */
	struct sctui_edits edits;
	struct sctui_edits undo[SCTUI_UNDO_MAX]; /* the edits before each step */
	size_t n_undo;

	/* The document compiled for this host. */
	struct scfs_host host;
	struct scfs_profile *src, *eff;
	struct scfs_filter *filter;
	/* The same for the document as loaded (the original's verdicts). */
	struct scfs_profile *orig_src, *orig_eff;
	struct scfs_filter *orig_filter;

	/* The table for one arch of the expanded profile. */
	size_t arch;              /* index into the arches (sctui_model_arch) */
	struct sctui_row *rows;
	size_t n_rows;
	/* Row i's number on arch a of the profile is arch_nr[i * n + a] (-1:
	 * none there; n = sctui_model_n_arches), and arch_orig[] holds the
	 * loaded filter's answer for it with zero arguments: built when first
	 * needed (changed.c), freed with the rows. */
	int *arch_nr;
	uint32_t *arch_orig;

	/* The view: visible rows (indices into rows[]), filtered and sorted. */
	size_t *vis;
	size_t n_vis;
	size_t sel;               /* index into vis[] */
	enum sctui_sort sort;
	struct sctui_filter filter_spec;

	/* Live counters of the current run, all arches. */
	struct sctui_count *counts;
	size_t n_counts;
};

/**
 * Read a profile file and build the table for the host's arch.
 * @is_default: the file is the shipped default profile
 * Problems (syntax, validation, compilation) go to @diag.
 * Returns 0, or -errno with @m left empty (sctui_model_done is safe).
 */
int sctui_model_open(struct sctui_model *m, const char *path, bool is_default, const struct scfs_host *host,
		     struct scfs_diag *diag);
/* The same from text in memory; @name is the path w would save to. */
int sctui_model_open_text(struct sctui_model *m, const char *text, size_t len, const char *name,
			  const struct scfs_host *host, struct scfs_diag *diag);
void sctui_model_done(struct sctui_model *m);

/* The arches of the expanded profile, native first (just the native one
 * when the profile names none). */
size_t sctui_model_n_arches(const struct sctui_model *m);
const struct scfs_arch_info *sctui_model_arch(const struct sctui_model *m, size_t i);
/* Show arch @i (rows rebuilt; sort and filter kept).  Returns 0 or -EINVAL. */
int sctui_model_set_arch(struct sctui_model *m, size_t i);
/* By name ("x86", "SCMP_ARCH_X32", "arm64").  Returns 0 or -ENOENT. */
int sctui_model_set_arch_name(struct sctui_model *m, const char *name);

void sctui_model_set_sort(struct sctui_model *m, enum sctui_sort s);
const char *sctui_sort_name(enum sctui_sort s);

/**
 * Parse what a user typed at the filter prompt: "" or "all", "denied",
 * "allowed", "changed", "hits", "@group", or any other text (a name
 * substring).  Returns 0, or -EINVAL for an unknown @group.
 */
int sctui_filter_parse(const char *s, struct sctui_filter *ret);
/* A short description ("denied", "@mount", "\"mk\""); writes into @buf. */
const char *sctui_filter_describe(const struct sctui_filter *f, char *buf, size_t size);
/* Apply @f: recompute the visible rows, keeping the selected row selected
 * when it stays visible. */
void sctui_model_set_filter(struct sctui_model *m, const struct sctui_filter *f);

/* The selected row, or NULL when nothing is visible. */
struct sctui_row *sctui_model_selected(const struct sctui_model *m);
/* Move the selection to visible row @i (clamped). */
void sctui_model_select(struct sctui_model *m, size_t i);
/* Select the visible row of syscall @name.  Returns 0 or -ENOENT. */
int sctui_model_select_name(struct sctui_model *m, const char *name);

/**
 * Find the next visible row whose name contains @text, starting at visible
 * row @from (inclusive) and going forward (@dir > 0) or backward, wrapping.
 * Returns the visible index, or -1 when nothing matches.
 */
long sctui_model_find(const struct sctui_model *m, const char *text, size_t from, int dir);

/* Whether the row's action denies the call. */
bool sctui_row_denied(const struct sctui_row *r);

/**
 * The siblings of row @row (groups.h) on this arch that the profile gives
 * the same action as @row (with zero arguments) and so would be toggled
 * with it: toggling twice with the siblings moves the same rows back.
 * Writes up to @max row indices to @out; returns how many there are.
 */
size_t sctui_model_siblings(const struct sctui_model *m, size_t row, size_t *out, size_t max);

/* What toggling row @row would give it: ALLOW for a denied row; for an
 * allowed one, the default action when that is ERRNO, else ERRNO(EPERM). */
void sctui_model_toggle_action(const struct sctui_model *m, size_t row, struct scfs_action *ret);

/**
 * Give rows @rows[0..@n) the action @a: one undo step.  With @a NULL each
 * row is toggled (sctui_model_toggle_action of the first row applies to
 * all, so siblings move together).  An edited row given back the action
 * it had as loaded gets its loaded rules back (a row whose loaded rules
 * had conditions too); so does any edited syscall the document now
 * decides as loaded (sctui_rules_same).  The document is re-parsed,
 * expanded and compiled; if that fails the edit is undone and @diag says
 * why.  Returns 0 or -errno.
 */
int sctui_model_set_action(struct sctui_model *m, const size_t *rows, size_t n, const struct scfs_action *a,
			   struct scfs_diag *diag);
/* Toggle row @row, with its siblings when @with_siblings. */
int sctui_model_toggle(struct sctui_model *m, size_t row, bool with_siblings, struct scfs_diag *diag);

/**
 * The smallest change to the edited document that would have allowed
 * @call (scfs suggest, for the model's host): ret->n_changes is 0 when the
 * edited profile allows it already, and ret->unresolved 1 when no change
 * tried does.  Returns 0, or -errno with @diag saying why.
 */
int sctui_model_suggest(const struct sctui_model *m, const struct scfs_suggest_call *call,
			struct scfs_suggestion *ret, struct scfs_diag *diag);
/**
 * Apply @c (from sctui_model_suggest) as one edit of its syscall: undoable,
 * marked as changed, saved and used by the next run like any other.  The
 * edited filter must then allow @call, or the edit is undone and -EPERM
 * returned.  Returns 0 or -errno (@diag says why).
 */
int sctui_model_accept(struct sctui_model *m, const struct scfs_suggest_change *c,
		       const struct scfs_suggest_call *call, struct scfs_diag *diag);

/**
 * Expand and compile both the loaded and the edited document for the
 * capability set @caps (includes/excludes.caps decide again which rules
 * apply), rebuild the rows and keep the selected syscall selected.
 * Returns 0, or -errno with the model unchanged and @diag saying why.
 */
int sctui_model_set_caps(struct sctui_model *m, uint64_t caps, struct scfs_diag *diag);

/* Undo the last edit.  Returns 0, or -ENOENT when there is none. */
int sctui_model_undo(struct sctui_model *m);
/* Whether the document differs from what the file holds. */
bool sctui_model_dirty(const struct sctui_model *m);
/* Number of rows (this arch) marked changed. */
size_t sctui_model_n_changed(const struct sctui_model *m);

/**
 * Write the edited document to @path (NULL: the path it was read from),
 * atomically (temporary file and rename).  Saving elsewhere makes @path
 * the document's path.  Returns 0 or -errno.
 */
int sctui_model_save(struct sctui_model *m, const char *path);

/* A line diff of the document as loaded against as edited (both rendered
 * the same way): "@@" hunk headers, then " ", "-", "+" lines.  Malloc'd;
 * an empty string when nothing changed. */
char *sctui_model_diff(const struct sctui_model *m);

/* A readable account of row @row: its action, the rules that name it in
 * the document (conditions with symbolic names), groups and kernel
 * version.  Malloc'd, lines separated by '\n'. */
char *sctui_model_detail(const struct sctui_model *m, size_t row);

/* Take a run's counters (aggregated by arch and number) and update the
 * rows' hits.  @v NULL clears them. */
void sctui_model_set_counters(struct sctui_model *m, const struct scfs_state_view *v);

/* "ALLOW", "ERRNO(EPERM)", "KILL_PROCESS", "TRACE(3)"... into @buf. */
const char *sctui_action_label(uint32_t word, char *buf, size_t size);
/* Number @nr on the shown arch as sctui shows it: "x32:43" on x32 (whose
 * numbers carry bit 30: 1073741867), else "43".  Into @buf. */
const char *sctui_nr_label(const struct sctui_model *m, int nr, char *buf, size_t size);
/* "syscalls[12]", "default", "enosys" into @buf. */
const char *sctui_rule_label(long rule, char *buf, size_t size);

/**
 * Parse an action typed by the user: "ALLOW", "ERRNO", "ERRNO 13",
 * "ERRNO EACCES", "KILL", "KILL_PROCESS", "TRAP", "LOG", "TRACE 3",
 * "NOTIFY", "default" (the profile's default action), with or without the
 * SCMP_ACT_ prefix, any case.  A bare ERRNO takes @def's errno when @def
 * is ERRNO, else EPERM.  Returns 0 or -EINVAL.
 */
int sctui_action_parse(const char *s, const struct scfs_action *def, struct scfs_action *ret);
