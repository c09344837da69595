/* Syscall groups and sibling sets: scfs's own classification of syscall
 * names, in the spirit of systemd's "@file-system"-style sets, so a user
 * can look at (and filter) a profile by what calls are for rather than by
 * name.  Memberships are by name and cover every arch libseccomp knows; a
 * syscall can be in several groups.  Sibling sets are calls that do the
 * same thing with different calling conventions (open/openat/openat2):
 * denying one of them alone rarely denies the operation. */
#pragma once

#include <errno.h>
#include <stdint.h>

#include "util.h"

/* X(ID, name without '@', description) */
#define SCFS_GROUPS(X)                                                                       \
	X(AIO, "aio", "asynchronous I/O: io_setup and io_uring")                              \
	X(BASIC_IO, "basic-io", "read, write, seek, close and duplicate descriptors")         \
	X(CHOWN, "chown", "change file ownership")                                            \
	X(CLOCK, "clock", "set or adjust the system clock")                                  \
	X(CPU_EMULATION, "cpu-emulation", "legacy CPU modes: vm86, LDT, ARM 26-bit")          \
	X(DEBUG, "debug", "trace, profile or inspect other processes")                        \
	X(FILE_SYSTEM, "file-system", "open, stat, create, rename and remove files")         \
	X(IO_EVENT, "io-event", "wait for descriptor readiness: poll, select, epoll")        \
	X(IPC, "ipc", "SysV and POSIX message queues, semaphores, shared memory, pipes")      \
	X(KEYRING, "keyring", "kernel key management")                                        \
	X(MEMLOCK, "memlock", "lock memory into RAM")                                         \
	X(MEMORY, "memory", "map, protect and advise on memory")                              \
	X(MODULE, "module", "load and unload kernel modules")                                 \
	X(MOUNT, "mount", "mount, unmount and change the mount tree")                         \
	X(NETWORK_IO, "network-io", "sockets: create, connect, send, receive")                \
	X(OBSOLETE, "obsolete", "unimplemented or long-deprecated calls")                     \
	X(PKEY, "pkey", "memory protection keys")                                             \
	X(PRIVILEGED, "privileged", "calls that need a capability to do anything useful")    \
	X(PROCESS, "process", "create, run, identify and reap processes and threads")       \
	X(RAW_IO, "raw-io", "direct hardware port and PCI access")                            \
	X(REBOOT, "reboot", "reboot or load a new kernel")                                    \
	X(RESOURCES, "resources", "limits, scheduling and priorities")                        \
	X(SANDBOX, "sandbox", "seccomp, Landlock and LSM self-restriction")                   \
	X(SETUID, "setuid", "change user and group identity")                                 \
	X(SIGNAL, "signal", "send, wait for and handle signals")                              \
	X(SWAP, "swap", "enable or disable swap")                                             \
	X(SYNC, "sync", "flush file data to storage")                                         \
	X(TIMER, "timer", "clocks, sleeps and timers")

enum scfs_group {
#define SCFS_GROUP_ENUM(id, name, desc) SCFS_GROUP_##id,
	SCFS_GROUPS(SCFS_GROUP_ENUM)
#undef SCFS_GROUP_ENUM
	_SCFS_GROUP_MAX,
	_SCFS_GROUP_INVALID = -EINVAL,
};

/* "@file-system" for SCFS_GROUP_FILE_SYSTEM; NULL when out of range. */
SCFS_API const char *scfs_group_name(enum scfs_group g);
/* One line saying what the group covers; NULL when out of range. */
SCFS_API const char *scfs_group_description(enum scfs_group g);
/* By name, with or without the leading '@', exact case.  Returns the group
 * or _SCFS_GROUP_INVALID. */
SCFS_API enum scfs_group scfs_group_lookup(const char *name);

/* The groups @syscall is in, as a bit mask (bit N = group N); 0 for a name
 * scfs does not classify. */
SCFS_API uint32_t scfs_syscall_groups(const char *syscall);

/**
 * The sibling set @syscall belongs to: a NULL-terminated list of names that
 * includes @syscall itself (names of every arch; callers keep those that
 * exist where they look).  Returns NULL when it has no siblings.  The list
 * is static and must not be freed.
 */
SCFS_API const char *const *scfs_syscall_siblings(const char *syscall);
