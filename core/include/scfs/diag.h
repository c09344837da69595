/* Diagnostics: every problem found while loading, expanding or compiling a
 * profile is collected here (not just the first), each with the JSON path of
 * the field that caused it, so a user can fix a profile in one pass. */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

enum scfs_diag_level {
	SCFS_DIAG_ERROR,
	SCFS_DIAG_WARNING,
	SCFS_DIAG_NOTE,
};

/* What a diagnostic is about, for a program that acts on some of them
 * (lint works around the first two and reports the others as findings):
 * matching the code, not the message, lets the wording change. */
enum scfs_diag_code {
	SCFS_DIAG_CODE_NONE = 0,
	SCFS_DIAG_CODE_ERRNO_ON_ACTION,       /* errnoRet/errno on an action that takes none */
	SCFS_DIAG_CODE_NOTIFY_NO_LISTENER,    /* SCMP_ACT_NOTIFY without listenerPath */
	SCFS_DIAG_CODE_KEY_IGNORED,           /* an unknown or miscased key, ignored */
	SCFS_DIAG_CODE_CONFLICT,              /* libseccomp's EEXIST */
	SCFS_DIAG_CODE_ERRNO_RANGE,           /* an errno libseccomp cannot encode */
	SCFS_DIAG_CODE_UNKNOWN_ACTION,        /* an action name that is none (the datum) */
};

struct scfs_diag_entry {
	enum scfs_diag_level level;
	enum scfs_diag_code code;
	char *path; /* JSON path, e.g. "syscalls[17].args[0].op"; "" for the whole file */
	char *msg;
	char *file; /* the file it is about, when not the collection's (NULL) */
	/* What a caller acting on the code needs, so that nobody reads it out
	 * of the message (NULL if none): KEY_IGNORED, the key it may have
	 * meant; UNKNOWN_ACTION, the name that is none. */
	char *datum;
};

/* The number of entries kept; further ones are counted in n_dropped and
 * reported, never silently lost. */
#define SCFS_DIAG_MAX 1000

struct scfs_diag {
	char *file; /* name shown before every line */
	char *cur_file; /* set by scfs_diag_set_file: the name of entries added now */
	struct scfs_diag_entry *v;
	size_t n, cap;
	size_t n_errors, n_warnings, n_notes;
	size_t n_dropped;
};

SCFS_API void scfs_diag_init(struct scfs_diag *d, const char *file);
SCFS_API void scfs_diag_done(struct scfs_diag *d);

/**
 * Record one diagnostic.
 * @path: JSON path of the offending field (may be NULL or "")
 */
SCFS_API void scfs_diag_add(struct scfs_diag *d, enum scfs_diag_level level, const char *path,
			    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same, with the code of what it is about. */
SCFS_API void scfs_diag_add_code(struct scfs_diag *d, enum scfs_diag_level level, enum scfs_diag_code code,
				 const char *path, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same, with the entry's datum (see scfs_diag_entry). */
SCFS_API void scfs_diag_add_datum(struct scfs_diag *d, enum scfs_diag_level level, enum scfs_diag_code code,
				  const char *path, const char *datum, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
SCFS_API void scfs_diag_vadd(struct scfs_diag *d, enum scfs_diag_level level, const char *path,
			     const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* Entries added from now on are about @file (NULL: the collection's own
 * file again), for a verb that reads several files into one collection. */
SCFS_API void scfs_diag_set_file(struct scfs_diag *d, const char *file);

/**
 * Print entries of at most @max_level severity, one line each:
 * "FILE: PATH: MSG" for errors, "FILE: warning: PATH: MSG" otherwise.
 */
SCFS_API void scfs_diag_print(const struct scfs_diag *d, FILE *f, enum scfs_diag_level max_level);

static inline bool scfs_diag_failed(const struct scfs_diag *d)
{
	return d->n_errors > 0;
}
