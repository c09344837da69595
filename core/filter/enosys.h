/* The ENOSYS stub put in front of libseccomp's program (runc's model). */
#pragma once

#include <linux/filter.h>
#include <stddef.h>

#include "scfs/compile.h"

/**
 * Build the stub for @arches: a call on one of them numbered above its
 * max_nr returns @action (ERRNO(ENOSYS)); anything else falls through to the program
 * that follows.  Returns the instruction count and a malloc'd array in
 * *@ret (0 and NULL when no arch has a threshold).
 */
size_t enosys_stub_build(const struct scfs_stub_arch *arches, size_t n, uint32_t action, struct sock_filter **ret);
