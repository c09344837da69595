/* The kernel's own record of a seccomp kill or trap.
 *
 * Kills and traps are left to the kernel (only it can deliver them exactly),
 * so no notification reaches scfs.  The kernel does log them: without an
 * audit daemon, an AUDIT_SECCOMP record ("audit: type=1326 ...") goes to the
 * kernel log, which /dev/kmsg lets one reader follow.  A record names the
 * process, its comm, the arch, the syscall number, the instruction pointer
 * and the action — not the arguments, and not the thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

#define SCFS_KMSG_PATH "/dev/kmsg"
#define SCFS_ACTIONS_LOGGED_PATH "/proc/sys/kernel/seccomp/actions_logged"

struct scfs_kaudit_rec {
	pid_t pid;          /* the thread group (audit's pid=) */
	char comm[32];      /* the calling thread's comm, decoded */
	uint32_t audit_arch; /* AUDIT_ARCH_* */
	int nr;
	uint32_t action;    /* SECCOMP_RET_* without data */
	uint64_t ip;
};

enum scfs_kaudit_kind {
	SCFS_KAUDIT_OTHER,      /* not for us */
	SCFS_KAUDIT_SECCOMP,    /* a seccomp record, *rec filled */
	SCFS_KAUDIT_SUPPRESSED, /* the kernel's rate limit dropped *n audit messages */
};

/**
 * Classify one /dev/kmsg record ("PRIO,SEQ,USEC,FLAGS;MESSAGE\n" and
 * optional continuation lines).  Pure: no I/O.
 */
SCFS_API enum scfs_kaudit_kind scfs_kaudit_parse(const char *rec, size_t len, struct scfs_kaudit_rec *out,
						 unsigned long *n);

/* Open /dev/kmsg non-blocking at its end.  Returns the fd or -errno. */
SCFS_API int scfs_kaudit_open(void);

/* Whether the kernel logs @action (SECCOMP_RET_*) for a filter with
 * SECCOMP_FILTER_FLAG_LOG, per /proc/sys/kernel/seccomp/actions_logged
 * (@path, or the default when NULL). */
SCFS_API bool scfs_kaudit_action_logged(const char *path, uint32_t action);
