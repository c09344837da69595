/* scfs's own table of syscalls newer than the linked libseccomp, so rules
 * naming them can be added by number instead of being dropped. */
#pragma once

#include <stdint.h>

#include "host.h"
#include "util.h"

struct scfs_newsys {
	const char *name;
	struct scfs_kver since; /* kernel version that added it */
	int nr_generic;         /* number on the unified table (x86_64, aarch64, x86, arm, riscv64...), -1 if none */
	int nr_x86_64;          /* x86_64 number when it differs from nr_generic, else 0 */
	const char *only_arch;  /* libseccomp name of the only arch that has it, or NULL */
};

/* The table entry for @name, or NULL. */
SCFS_API const struct scfs_newsys *scfs_newsys_lookup(const char *name);
/* The syscall number on @arch_token, or -1 if that arch lacks it. */
SCFS_API int scfs_newsys_nr(const struct scfs_newsys *s, uint32_t arch_token);
/* Iterate: returns entry i or NULL past the end. */
SCFS_API const struct scfs_newsys *scfs_newsys_get(size_t i);
