/* A classic-BPF evaluator for seccomp programs: runs the exact program scfs
 * loads over a struct seccomp_data, as the kernel would.  libseccomp 2.5.4
 * has no in-process simulator (scmp_bpf_sim is not shipped), so tests,
 * `explain` and the observer use this one. */
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/**
 * Run @prog on @data.  Returns 0 and the action word in *@ret, or -EINVAL
 * for a program the kernel would reject (bad opcode, jump out of range,
 * no return).
 */
SCFS_API int scfs_bpf_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data,
			  uint32_t *ret);

/* The same for a program already accepted by scfs_bpf_check: the
 * supervisor runs the same programs for every notification. */
SCFS_API int scfs_bpf_run_unchecked(const struct sock_filter *prog, size_t len, const struct seccomp_data *data,
				    uint32_t *ret);

/* The same, also counting the instructions executed (for benchmarks). */
SCFS_API int scfs_bpf_run_steps(const struct sock_filter *prog, size_t len, const struct seccomp_data *data,
				uint32_t *ret, size_t *steps);

/* Syntax check the kernel would make on load. Returns 0 or -EINVAL. */
SCFS_API int scfs_bpf_check(const struct sock_filter *prog, size_t len);
