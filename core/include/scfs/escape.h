/* One escaping for every byte scfs shows or stores that came from a target
 * (comm, command line, anything in its state directory), a profile (names,
 * actions, any string) or the kernel: what reaches a terminal or a record
 * cannot move the cursor, clear the screen, forge a line or a field, and
 * invalid UTF-8 stays visible as bytes.  The format is documented in
 * doc/state-format.md ("Escaping").
 *
 * A byte is escaped as \xNN (two lowercase hex digits) when it is
 *   - a C0 control (0x00-0x1f: ESC, \r, \n, \t...) or DEL (0x7f),
 *   - part of a C1 control (U+0080-U+009F, encoded c2 80 .. c2 9f),
 *   - not part of valid UTF-8 (stray continuation, truncated or overlong
 *     sequence, surrogate, above U+10FFFF),
 *   - one of the format's separators (@seps: " =" for a key=value log
 *     field, "\t" for TSV);
 * and a backslash is written "\\" so that the escaped text reads back
 * unambiguously.  Everything else passes as it is. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

enum {
	/* Multi-line text: "\n", "\t" and "\r\n" pass (a lone "\r" does not:
	 * it would overwrite the start of a line). */
	SCFS_ESC_MULTILINE = 1 << 0,
	/* Backslashes pass: for text that is only shown, where escapes scfs
	 * already wrote must not be doubled. */
	SCFS_ESC_KEEP_BACKSLASH = 1 << 1,
	/* The text goes between double quotes: '"' is written \" (C and
	 * strace style) rather than \x22. */
	SCFS_ESC_QUOTED = 1 << 2,
};

/* Flags for text scfs only displays (scfs show, ps, status): */
#define SCFS_ESC_SHOW SCFS_ESC_KEEP_BACKSLASH
#define SCFS_ESC_SHOW_TEXT (SCFS_ESC_MULTILINE | SCFS_ESC_KEEP_BACKSLASH)

/* Write the escaped form of @len bytes at @s to @f. */
SCFS_API void scfs_escape_put(FILE *f, const char *s, size_t len, unsigned flags, const char *seps);
/* The escaped form, malloc'd and NUL-terminated. */
SCFS_API char *scfs_escape(const char *s, size_t len, unsigned flags, const char *seps);
/* The same for a NUL-terminated string (NULL gives NULL). */
SCFS_API char *scfs_escape_str(const char *s, unsigned flags, const char *seps);
/* Into a fixed buffer: whole escapes only, NUL-terminated (@size > 0).
 * Returns the length written. */
SCFS_API size_t scfs_escape_buf(char *out, size_t size, const char *s, size_t len, unsigned flags,
				const char *seps);
/* How many bytes at the start of @s pass as they are (one ASCII byte or
 * one whole UTF-8 sequence); 0 when the first byte is escaped. */
SCFS_API size_t scfs_escape_span(const char *s, size_t len, unsigned flags, const char *seps);
/* Whether escaping would change anything. */
SCFS_API bool scfs_escape_needed(const char *s, size_t len, unsigned flags, const char *seps);

/**
 * The same rules applied without changing the length, for a reader that
 * serves offsets of a file (the FUSE view): in @buf[@from, @to), every byte
 * that scfs_escape() would escape becomes '?'.  @buf[0, @len) is the
 * context: up to 3 bytes before @from and after @to decide whether a byte
 * belongs to a valid UTF-8 sequence (a window of the file gives the same
 * answer as the whole file).  Backslashes always pass.
 */
SCFS_API void scfs_escape_mask(char *buf, size_t len, size_t from, size_t to, unsigned flags);
