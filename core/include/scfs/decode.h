/* Syscall arguments as a person reads them: `unshare(CLONE_NEWUSER)`,
 * `socket(AF_PACKET, SOCK_RAW, 0x300)`, `mount("x", "/mnt", "tmpfs", 0, NULL)`.
 * No library in reach decodes seccomp_data arguments (libseccomp knows
 * names and numbers only), so scfs keeps the signatures of the syscalls
 * profiles care about and the constants their flags use, taken from the
 * kernel's and libc's headers at build time.  Unknown syscalls are shown
 * with their six registers in hex. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Reads a NUL-terminated string at @addr of the caller's process into @buf
 * (at most @len bytes, terminated).  Returns its length, or -errno.  NULL
 * means strings are not read: they are shown as addresses. */
typedef int (*scfs_read_string_fn)(void *userdata, uint64_t addr, char *buf, size_t len);

/* The longest string argument shown; longer ones end in "...". */
#define SCFS_DECODE_STR_MAX 256

/**
 * Write `name(arg, ...)` into @out (always terminated; cut at @len).
 * @compat32 narrows the arguments to 32 bits (an i386 or x32 call).
 * Returns the length it would have had, as snprintf.
 */
SCFS_API size_t scfs_decode_call(const char *name, const uint64_t args[6], bool compat32, scfs_read_string_fn rd,
				 void *userdata, char *out, size_t len);

/* For a field of a blank-separated key=value line (the `denied` log):
 * arguments separated by "," alone, blanks and '=' inside strings escaped
 * as \x20 and \x3d, and an unread string as `0xADDR(unread:ESRCH)`, so
 * the call holds no blank at all. */
#define SCFS_DECODE_FIELD (1u << 0)

/* The same with SCFS_DECODE_* @flags. */
SCFS_API size_t scfs_decode_call_flags(const char *name, const uint64_t args[6], bool compat32, unsigned flags,
				       scfs_read_string_fn rd, void *userdata, char *out, size_t len);

/* Which arguments of @name are strings scfs_decode_call reads (bit i for
 * argument i), 0 when none or no signature: a supervisor reads them while
 * it holds the notification and decodes the call later from what it read. */
SCFS_API unsigned scfs_decode_string_args(const char *name);

/* How many arguments @name takes, or -1 when scfs has no signature for it. */
SCFS_API int scfs_decode_nargs(const char *name);

/* Argument @i of @name with value @v alone ("CLONE_NEWNS|CLONE_NEWUSER",
 * "AF_PACKET", "0755", "0x10"); strings and pointers as hex. */
SCFS_API size_t scfs_decode_arg(const char *name, unsigned i, uint64_t v, char *out, size_t len);

/**
 * The inverse, for command lines: "AF_PACKET", "CLONE_NEWNS|CLONE_NEWUSER",
 * "SIGKILL", or any integer strtoull takes, as argument @i of @name.
 * Returns 0, or -EINVAL when @text is neither a number nor a constant that
 * argument knows.
 */
SCFS_API int scfs_decode_parse(const char *name, unsigned i, const char *text, uint64_t *v);
