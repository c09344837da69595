/* Renderings the FUSE view needs beyond render.h: a readable listing of a
 * classic BPF program (for filters dumped from any process on the host),
 * and the seccomp state of any host process as /proc reports it.
 * Formats: doc/scfs.5. */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "state.h"

/**
 * Disassemble a seccomp classic BPF program, one line per instruction:
 *
 *     INDEX: CODE JT JF K   MNEMONIC OPERANDS   ; NOTE
 *
 * Jumps name their absolute targets.  Notes explain seccomp_data loads
 * (nr, arch, args[i]), architecture and syscall constants compared after
 * such loads, and return values (action, errno).  Never fails: invalid
 * opcodes and out-of-range jumps are shown as such.
 * @prog: the instructions (not owned); @n: how many.
 * Returns a malloc'd NUL-terminated string the caller frees.
 */
SCFS_API char *scfs_render_bpf_text(const struct sock_filter *prog, size_t n);

/* The seccomp state of a host process, from /proc/PID/status. */
struct scfs_host_seccomp {
	int mode;         /* Seccomp: 0 disabled, 1 strict, 2 filter */
	int filters;      /* Seccomp_filters: number of attached filters */
	int no_new_privs; /* NoNewPrivs */
	uid_t uid;        /* real uid (first field of Uid:) */
};

/**
 * Read the seccomp fields of /proc/@pid/status.
 * Returns 0 and fills @ret, -ENOENT when the process is gone, -EIO when
 * the kernel shows no Seccomp line (e.g. a kernel without seccomp).
 */
SCFS_API int scfs_host_seccomp_read(pid_t pid, struct scfs_host_seccomp *ret);

/**
 * procfs-style status of a host process under seccomp: Pid, Name, State,
 * Uid, Seccomp, Seccomp_filters, NoNewPrivs, taken from one read of
 * /proc/@pid/status.  Returns 0 and a malloc'd string in @ret, or -errno
 * (-ENOENT when the process is gone).
 */
SCFS_API int scfs_render_host_status(pid_t pid, char **ret);
