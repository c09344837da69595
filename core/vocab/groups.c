/* scfs's syscall groups and sibling sets (groups.h).  The memberships are
 * scfs's own reading of what each call is for; they are a browsing aid,
 * not a security boundary. */
#include <stdlib.h>
#include <string.h>

#include "scfs/groups.h"

static const char *const group_names[_SCFS_GROUP_MAX] = {
#define GROUP_NAME(id, name, desc) [SCFS_GROUP_##id] = "@" name,
	SCFS_GROUPS(GROUP_NAME)
#undef GROUP_NAME
};

static const char *const group_descriptions[_SCFS_GROUP_MAX] = {
#define GROUP_DESC(id, name, desc) [SCFS_GROUP_##id] = desc,
	SCFS_GROUPS(GROUP_DESC)
#undef GROUP_DESC
};

struct membership {
	const char *name;
	uint32_t groups;
};

#define G(id) (1u << SCFS_GROUP_##id)

/* Sorted by name in byte order (bsearch); tests/tui checks the order. */
static const struct membership memberships[] = {
	{ "_llseek", G(BASIC_IO) },
	{ "_newselect", G(IO_EVENT) },
	{ "_sysctl", G(OBSOLETE) },
	{ "accept", G(NETWORK_IO) },
	{ "accept4", G(NETWORK_IO) },
	{ "access", G(FILE_SYSTEM) },
	{ "acct", G(PRIVILEGED) },
	{ "add_key", G(KEYRING) },
	{ "adjtimex", G(CLOCK) },
	{ "afs_syscall", G(OBSOLETE) },
	{ "alarm", G(TIMER) },
	{ "arch_prctl", G(PROCESS) },
	{ "arm_fadvise64_64", G(FILE_SYSTEM) },
	{ "arm_sync_file_range", G(SYNC) },
	{ "bdflush", G(OBSOLETE) },
	{ "bind", G(NETWORK_IO) },
	{ "bpf", G(PRIVILEGED) },
	{ "break", G(OBSOLETE) },
	{ "breakpoint", G(DEBUG) },
	{ "brk", G(MEMORY) },
	{ "cachectl", G(MEMORY) },
	{ "cacheflush", G(MEMORY) },
	{ "cachestat", G(FILE_SYSTEM) },
	{ "capget", G(PROCESS) },
	{ "capset", G(PRIVILEGED) },
	{ "chdir", G(FILE_SYSTEM) },
	{ "chmod", G(FILE_SYSTEM) },
	{ "chown", G(CHOWN) | G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "chown32", G(CHOWN) | G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "chroot", G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "clock_adjtime", G(CLOCK) | G(PRIVILEGED) },
	{ "clock_adjtime64", G(CLOCK) | G(PRIVILEGED) },
	{ "clock_getres", G(TIMER) },
	{ "clock_getres_time64", G(TIMER) },
	{ "clock_gettime", G(TIMER) },
	{ "clock_gettime64", G(TIMER) },
	{ "clock_nanosleep", G(TIMER) },
	{ "clock_nanosleep_time64", G(TIMER) },
	{ "clock_settime", G(CLOCK) | G(PRIVILEGED) },
	{ "clock_settime64", G(CLOCK) | G(PRIVILEGED) },
	{ "clone", G(PROCESS) },
	{ "clone3", G(PROCESS) },
	{ "close", G(BASIC_IO) },
	{ "close_range", G(BASIC_IO) },
	{ "connect", G(NETWORK_IO) },
	{ "copy_file_range", G(FILE_SYSTEM) },
	{ "creat", G(FILE_SYSTEM) },
	{ "create_module", G(MODULE) | G(OBSOLETE) | G(PRIVILEGED) },
	{ "delete_module", G(MODULE) | G(PRIVILEGED) },
	{ "dup", G(BASIC_IO) },
	{ "dup2", G(BASIC_IO) },
	{ "dup3", G(BASIC_IO) },
	{ "epoll_create", G(IO_EVENT) },
	{ "epoll_create1", G(IO_EVENT) },
	{ "epoll_ctl", G(IO_EVENT) },
	{ "epoll_ctl_old", G(IO_EVENT) | G(OBSOLETE) },
	{ "epoll_pwait", G(IO_EVENT) },
	{ "epoll_pwait2", G(IO_EVENT) },
	{ "epoll_wait", G(IO_EVENT) },
	{ "epoll_wait_old", G(IO_EVENT) | G(OBSOLETE) },
	{ "eventfd", G(IO_EVENT) },
	{ "eventfd2", G(IO_EVENT) },
	{ "execve", G(PROCESS) },
	{ "execveat", G(PROCESS) },
	{ "exit", G(PROCESS) },
	{ "exit_group", G(PROCESS) },
	{ "faccessat", G(FILE_SYSTEM) },
	{ "faccessat2", G(FILE_SYSTEM) },
	{ "fadvise64", G(FILE_SYSTEM) },
	{ "fadvise64_64", G(FILE_SYSTEM) },
	{ "fallocate", G(FILE_SYSTEM) },
	{ "fanotify_init", G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "fanotify_mark", G(FILE_SYSTEM) },
	{ "fchdir", G(FILE_SYSTEM) },
	{ "fchmod", G(FILE_SYSTEM) },
	{ "fchmodat", G(FILE_SYSTEM) },
	{ "fchmodat2", G(FILE_SYSTEM) },
	{ "fchown", G(CHOWN) | G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "fchown32", G(CHOWN) | G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "fchownat", G(CHOWN) | G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "fcntl", G(BASIC_IO) },
	{ "fcntl64", G(BASIC_IO) },
	{ "fdatasync", G(SYNC) },
	{ "fgetxattr", G(FILE_SYSTEM) },
	{ "file_getattr", G(FILE_SYSTEM) },
	{ "file_setattr", G(FILE_SYSTEM) },
	{ "finit_module", G(MODULE) | G(PRIVILEGED) },
	{ "flistxattr", G(FILE_SYSTEM) },
	{ "flock", G(FILE_SYSTEM) },
	{ "fork", G(PROCESS) },
	{ "fremovexattr", G(FILE_SYSTEM) },
	{ "fsconfig", G(MOUNT) | G(PRIVILEGED) },
	{ "fsetxattr", G(FILE_SYSTEM) },
	{ "fsmount", G(MOUNT) | G(PRIVILEGED) },
	{ "fsopen", G(MOUNT) | G(PRIVILEGED) },
	{ "fspick", G(MOUNT) | G(PRIVILEGED) },
	{ "fstat", G(FILE_SYSTEM) },
	{ "fstat64", G(FILE_SYSTEM) },
	{ "fstatat64", G(FILE_SYSTEM) },
	{ "fstatfs", G(FILE_SYSTEM) },
	{ "fstatfs64", G(FILE_SYSTEM) },
	{ "fsync", G(SYNC) },
	{ "ftime", G(OBSOLETE) },
	{ "ftruncate", G(FILE_SYSTEM) },
	{ "ftruncate64", G(FILE_SYSTEM) },
	{ "futex", G(PROCESS) },
	{ "futex_requeue", G(PROCESS) },
	{ "futex_time64", G(PROCESS) },
	{ "futex_wait", G(PROCESS) },
	{ "futex_waitv", G(PROCESS) },
	{ "futex_wake", G(PROCESS) },
	{ "futimesat", G(FILE_SYSTEM) },
	{ "get_kernel_syms", G(MODULE) | G(OBSOLETE) },
	{ "get_mempolicy", G(MEMORY) },
	{ "get_robust_list", G(PROCESS) },
	{ "get_thread_area", G(PROCESS) },
	{ "get_tls", G(PROCESS) },
	{ "getcpu", G(PROCESS) },
	{ "getcwd", G(FILE_SYSTEM) },
	{ "getdents", G(FILE_SYSTEM) },
	{ "getdents64", G(FILE_SYSTEM) },
	{ "getegid", G(PROCESS) },
	{ "getegid32", G(PROCESS) },
	{ "geteuid", G(PROCESS) },
	{ "geteuid32", G(PROCESS) },
	{ "getgid", G(PROCESS) },
	{ "getgid32", G(PROCESS) },
	{ "getgroups", G(PROCESS) },
	{ "getgroups32", G(PROCESS) },
	{ "getitimer", G(TIMER) },
	{ "getpeername", G(NETWORK_IO) },
	{ "getpgid", G(PROCESS) },
	{ "getpgrp", G(PROCESS) },
	{ "getpid", G(PROCESS) },
	{ "getpmsg", G(OBSOLETE) },
	{ "getppid", G(PROCESS) },
	{ "getpriority", G(RESOURCES) },
	{ "getrandom", G(BASIC_IO) },
	{ "getresgid", G(PROCESS) },
	{ "getresgid32", G(PROCESS) },
	{ "getresuid", G(PROCESS) },
	{ "getresuid32", G(PROCESS) },
	{ "getrlimit", G(RESOURCES) },
	{ "getrusage", G(RESOURCES) },
	{ "getsid", G(PROCESS) },
	{ "getsockname", G(NETWORK_IO) },
	{ "getsockopt", G(NETWORK_IO) },
	{ "gettid", G(PROCESS) },
	{ "gettimeofday", G(TIMER) },
	{ "getuid", G(PROCESS) },
	{ "getuid32", G(PROCESS) },
	{ "getxattr", G(FILE_SYSTEM) },
	{ "getxattrat", G(FILE_SYSTEM) },
	{ "gtty", G(OBSOLETE) },
	{ "idle", G(OBSOLETE) },
	{ "init_module", G(MODULE) | G(PRIVILEGED) },
	{ "inotify_add_watch", G(FILE_SYSTEM) },
	{ "inotify_init", G(FILE_SYSTEM) },
	{ "inotify_init1", G(FILE_SYSTEM) },
	{ "inotify_rm_watch", G(FILE_SYSTEM) },
	{ "io_cancel", G(AIO) },
	{ "io_destroy", G(AIO) },
	{ "io_getevents", G(AIO) },
	{ "io_pgetevents", G(AIO) },
	{ "io_pgetevents_time64", G(AIO) },
	{ "io_setup", G(AIO) },
	{ "io_submit", G(AIO) },
	{ "io_uring_enter", G(AIO) },
	{ "io_uring_register", G(AIO) },
	{ "io_uring_setup", G(AIO) },
	{ "ioctl", G(BASIC_IO) },
	{ "ioperm", G(RAW_IO) | G(PRIVILEGED) },
	{ "iopl", G(RAW_IO) | G(PRIVILEGED) },
	{ "ioprio_get", G(RESOURCES) },
	{ "ioprio_set", G(RESOURCES) },
	{ "ipc", G(IPC) },
	{ "kcmp", G(DEBUG) },
	{ "kexec_file_load", G(REBOOT) | G(PRIVILEGED) },
	{ "kexec_load", G(REBOOT) | G(PRIVILEGED) },
	{ "keyctl", G(KEYRING) },
	{ "kill", G(SIGNAL) },
	{ "landlock_add_rule", G(SANDBOX) },
	{ "landlock_create_ruleset", G(SANDBOX) },
	{ "landlock_restrict_self", G(SANDBOX) },
	{ "lchown", G(CHOWN) | G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "lchown32", G(CHOWN) | G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "lgetxattr", G(FILE_SYSTEM) },
	{ "link", G(FILE_SYSTEM) },
	{ "linkat", G(FILE_SYSTEM) },
	{ "listen", G(NETWORK_IO) },
	{ "listmount", G(MOUNT) },
	{ "listxattr", G(FILE_SYSTEM) },
	{ "listxattrat", G(FILE_SYSTEM) },
	{ "llistxattr", G(FILE_SYSTEM) },
	{ "lock", G(OBSOLETE) },
	{ "lookup_dcookie", G(DEBUG) | G(PRIVILEGED) },
	{ "lremovexattr", G(FILE_SYSTEM) },
	{ "lseek", G(BASIC_IO) },
	{ "lsetxattr", G(FILE_SYSTEM) },
	{ "lsm_get_self_attr", G(SANDBOX) },
	{ "lsm_list_modules", G(SANDBOX) },
	{ "lsm_set_self_attr", G(SANDBOX) },
	{ "lstat", G(FILE_SYSTEM) },
	{ "lstat64", G(FILE_SYSTEM) },
	{ "madvise", G(MEMORY) },
	{ "map_shadow_stack", G(MEMORY) },
	{ "mbind", G(MEMORY) },
	{ "membarrier", G(MEMORY) },
	{ "memfd_create", G(MEMORY) },
	{ "memfd_secret", G(MEMORY) },
	{ "migrate_pages", G(MEMORY) },
	{ "mincore", G(MEMORY) },
	{ "mkdir", G(FILE_SYSTEM) },
	{ "mkdirat", G(FILE_SYSTEM) },
	{ "mknod", G(FILE_SYSTEM) },
	{ "mknodat", G(FILE_SYSTEM) },
	{ "mlock", G(MEMLOCK) },
	{ "mlock2", G(MEMLOCK) },
	{ "mlockall", G(MEMLOCK) },
	{ "mmap", G(MEMORY) },
	{ "mmap2", G(MEMORY) },
	{ "modify_ldt", G(CPU_EMULATION) },
	{ "mount", G(MOUNT) | G(PRIVILEGED) },
	{ "mount_setattr", G(MOUNT) | G(PRIVILEGED) },
	{ "move_mount", G(MOUNT) | G(PRIVILEGED) },
	{ "move_pages", G(MEMORY) },
	{ "mprotect", G(MEMORY) },
	{ "mpx", G(OBSOLETE) },
	{ "mq_getsetattr", G(IPC) },
	{ "mq_notify", G(IPC) },
	{ "mq_open", G(IPC) },
	{ "mq_timedreceive", G(IPC) },
	{ "mq_timedreceive_time64", G(IPC) },
	{ "mq_timedsend", G(IPC) },
	{ "mq_timedsend_time64", G(IPC) },
	{ "mq_unlink", G(IPC) },
	{ "mremap", G(MEMORY) },
	{ "mseal", G(MEMORY) },
	{ "msgctl", G(IPC) },
	{ "msgget", G(IPC) },
	{ "msgrcv", G(IPC) },
	{ "msgsnd", G(IPC) },
	{ "msync", G(SYNC) },
	{ "munlock", G(MEMLOCK) },
	{ "munlockall", G(MEMLOCK) },
	{ "munmap", G(MEMORY) },
	{ "name_to_handle_at", G(FILE_SYSTEM) },
	{ "nanosleep", G(TIMER) },
	{ "newfstatat", G(FILE_SYSTEM) },
	{ "nfsservctl", G(OBSOLETE) | G(PRIVILEGED) },
	{ "nice", G(RESOURCES) },
	{ "oldfstat", G(FILE_SYSTEM) | G(OBSOLETE) },
	{ "oldlstat", G(FILE_SYSTEM) | G(OBSOLETE) },
	{ "oldolduname", G(OBSOLETE) },
	{ "oldstat", G(FILE_SYSTEM) | G(OBSOLETE) },
	{ "olduname", G(OBSOLETE) },
	{ "open", G(FILE_SYSTEM) },
	{ "open_by_handle_at", G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "open_tree", G(MOUNT) | G(PRIVILEGED) },
	{ "open_tree_attr", G(MOUNT) | G(PRIVILEGED) },
	{ "openat", G(FILE_SYSTEM) },
	{ "openat2", G(FILE_SYSTEM) },
	{ "pause", G(SIGNAL) },
	{ "pciconfig_iobase", G(RAW_IO) | G(PRIVILEGED) },
	{ "pciconfig_read", G(RAW_IO) | G(PRIVILEGED) },
	{ "pciconfig_write", G(RAW_IO) | G(PRIVILEGED) },
	{ "perf_event_open", G(DEBUG) },
	{ "personality", G(PROCESS) },
	{ "pidfd_getfd", G(PROCESS) | G(DEBUG) },
	{ "pidfd_open", G(PROCESS) },
	{ "pidfd_send_signal", G(PROCESS) | G(SIGNAL) },
	{ "pipe", G(IPC) },
	{ "pipe2", G(IPC) },
	{ "pivot_root", G(MOUNT) | G(PRIVILEGED) },
	{ "pkey_alloc", G(PKEY) },
	{ "pkey_free", G(PKEY) },
	{ "pkey_mprotect", G(PKEY) },
	{ "poll", G(IO_EVENT) },
	{ "ppoll", G(IO_EVENT) },
	{ "ppoll_time64", G(IO_EVENT) },
	{ "prctl", G(PROCESS) },
	{ "pread64", G(BASIC_IO) },
	{ "preadv", G(BASIC_IO) },
	{ "preadv2", G(BASIC_IO) },
	{ "prlimit64", G(RESOURCES) },
	{ "process_madvise", G(MEMORY) },
	{ "process_mrelease", G(PROCESS) },
	{ "process_vm_readv", G(DEBUG) },
	{ "process_vm_writev", G(DEBUG) },
	{ "prof", G(OBSOLETE) },
	{ "profil", G(OBSOLETE) },
	{ "pselect6", G(IO_EVENT) },
	{ "pselect6_time64", G(IO_EVENT) },
	{ "ptrace", G(DEBUG) },
	{ "putpmsg", G(OBSOLETE) },
	{ "pwrite64", G(BASIC_IO) },
	{ "pwritev", G(BASIC_IO) },
	{ "pwritev2", G(BASIC_IO) },
	{ "query_module", G(MODULE) | G(OBSOLETE) },
	{ "quotactl", G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "quotactl_fd", G(FILE_SYSTEM) | G(PRIVILEGED) },
	{ "read", G(BASIC_IO) },
	{ "readahead", G(FILE_SYSTEM) },
	{ "readdir", G(FILE_SYSTEM) | G(OBSOLETE) },
	{ "readlink", G(FILE_SYSTEM) },
	{ "readlinkat", G(FILE_SYSTEM) },
	{ "readv", G(BASIC_IO) },
	{ "reboot", G(REBOOT) | G(PRIVILEGED) },
	{ "recv", G(NETWORK_IO) },
	{ "recvfrom", G(NETWORK_IO) },
	{ "recvmmsg", G(NETWORK_IO) },
	{ "recvmmsg_time64", G(NETWORK_IO) },
	{ "recvmsg", G(NETWORK_IO) },
	{ "remap_file_pages", G(MEMORY) | G(OBSOLETE) },
	{ "removexattr", G(FILE_SYSTEM) },
	{ "removexattrat", G(FILE_SYSTEM) },
	{ "rename", G(FILE_SYSTEM) },
	{ "renameat", G(FILE_SYSTEM) },
	{ "renameat2", G(FILE_SYSTEM) },
	{ "request_key", G(KEYRING) },
	{ "restart_syscall", G(SIGNAL) },
	{ "riscv_flush_icache", G(MEMORY) },
	{ "riscv_hwprobe", G(PROCESS) },
	{ "rmdir", G(FILE_SYSTEM) },
	{ "rseq", G(PROCESS) },
	{ "rt_sigaction", G(SIGNAL) },
	{ "rt_sigpending", G(SIGNAL) },
	{ "rt_sigprocmask", G(SIGNAL) },
	{ "rt_sigqueueinfo", G(SIGNAL) },
	{ "rt_sigreturn", G(SIGNAL) },
	{ "rt_sigsuspend", G(SIGNAL) },
	{ "rt_sigtimedwait", G(SIGNAL) },
	{ "rt_sigtimedwait_time64", G(SIGNAL) },
	{ "rt_tgsigqueueinfo", G(SIGNAL) },
	{ "rtas", G(RAW_IO) | G(PRIVILEGED) },
	{ "s390_guarded_storage", G(PROCESS) },
	{ "s390_pci_mmio_read", G(RAW_IO) | G(PRIVILEGED) },
	{ "s390_pci_mmio_write", G(RAW_IO) | G(PRIVILEGED) },
	{ "s390_runtime_instr", G(PROCESS) },
	{ "s390_sthyi", G(PROCESS) },
	{ "sched_get_priority_max", G(RESOURCES) },
	{ "sched_get_priority_min", G(RESOURCES) },
	{ "sched_getaffinity", G(RESOURCES) },
	{ "sched_getattr", G(RESOURCES) },
	{ "sched_getparam", G(RESOURCES) },
	{ "sched_getscheduler", G(RESOURCES) },
	{ "sched_rr_get_interval", G(RESOURCES) },
	{ "sched_rr_get_interval_time64", G(RESOURCES) },
	{ "sched_setaffinity", G(RESOURCES) },
	{ "sched_setattr", G(RESOURCES) },
	{ "sched_setparam", G(RESOURCES) },
	{ "sched_setscheduler", G(RESOURCES) },
	{ "sched_yield", G(PROCESS) },
	{ "seccomp", G(SANDBOX) },
	{ "security", G(OBSOLETE) },
	{ "select", G(IO_EVENT) },
	{ "semctl", G(IPC) },
	{ "semget", G(IPC) },
	{ "semop", G(IPC) },
	{ "semtimedop", G(IPC) },
	{ "semtimedop_time64", G(IPC) },
	{ "send", G(NETWORK_IO) },
	{ "sendfile", G(BASIC_IO) },
	{ "sendfile64", G(BASIC_IO) },
	{ "sendmmsg", G(NETWORK_IO) },
	{ "sendmsg", G(NETWORK_IO) },
	{ "sendto", G(NETWORK_IO) },
	{ "set_mempolicy", G(MEMORY) },
	{ "set_mempolicy_home_node", G(MEMORY) },
	{ "set_robust_list", G(PROCESS) },
	{ "set_thread_area", G(PROCESS) },
	{ "set_tid_address", G(PROCESS) },
	{ "set_tls", G(PROCESS) },
	{ "setdomainname", G(PRIVILEGED) },
	{ "setfsgid", G(SETUID) },
	{ "setfsgid32", G(SETUID) },
	{ "setfsuid", G(SETUID) },
	{ "setfsuid32", G(SETUID) },
	{ "setgid", G(SETUID) },
	{ "setgid32", G(SETUID) },
	{ "setgroups", G(SETUID) },
	{ "setgroups32", G(SETUID) },
	{ "sethostname", G(PRIVILEGED) },
	{ "setitimer", G(TIMER) },
	{ "setns", G(PROCESS) },
	{ "setpgid", G(PROCESS) },
	{ "setpriority", G(RESOURCES) },
	{ "setregid", G(SETUID) },
	{ "setregid32", G(SETUID) },
	{ "setresgid", G(SETUID) },
	{ "setresgid32", G(SETUID) },
	{ "setresuid", G(SETUID) },
	{ "setresuid32", G(SETUID) },
	{ "setreuid", G(SETUID) },
	{ "setreuid32", G(SETUID) },
	{ "setrlimit", G(RESOURCES) },
	{ "setsid", G(PROCESS) },
	{ "setsockopt", G(NETWORK_IO) },
	{ "settimeofday", G(CLOCK) | G(PRIVILEGED) },
	{ "setuid", G(SETUID) },
	{ "setuid32", G(SETUID) },
	{ "setxattr", G(FILE_SYSTEM) },
	{ "setxattrat", G(FILE_SYSTEM) },
	{ "sgetmask", G(SIGNAL) | G(OBSOLETE) },
	{ "shmat", G(IPC) },
	{ "shmctl", G(IPC) },
	{ "shmdt", G(IPC) },
	{ "shmget", G(IPC) },
	{ "shutdown", G(NETWORK_IO) },
	{ "sigaction", G(SIGNAL) },
	{ "sigaltstack", G(SIGNAL) },
	{ "signal", G(SIGNAL) },
	{ "signalfd", G(SIGNAL) },
	{ "signalfd4", G(SIGNAL) },
	{ "sigpending", G(SIGNAL) },
	{ "sigprocmask", G(SIGNAL) },
	{ "sigreturn", G(SIGNAL) },
	{ "sigsuspend", G(SIGNAL) },
	{ "socket", G(NETWORK_IO) },
	{ "socketcall", G(NETWORK_IO) },
	{ "socketpair", G(NETWORK_IO) },
	{ "splice", G(BASIC_IO) },
	{ "spu_create", G(CPU_EMULATION) },
	{ "spu_run", G(CPU_EMULATION) },
	{ "ssetmask", G(SIGNAL) | G(OBSOLETE) },
	{ "stat", G(FILE_SYSTEM) },
	{ "stat64", G(FILE_SYSTEM) },
	{ "statfs", G(FILE_SYSTEM) },
	{ "statfs64", G(FILE_SYSTEM) },
	{ "statmount", G(MOUNT) },
	{ "statx", G(FILE_SYSTEM) },
	{ "stime", G(CLOCK) | G(PRIVILEGED) },
	{ "stty", G(OBSOLETE) },
	{ "subpage_prot", G(MEMORY) },
	{ "swapcontext", G(PROCESS) },
	{ "swapoff", G(SWAP) | G(PRIVILEGED) },
	{ "swapon", G(SWAP) | G(PRIVILEGED) },
	{ "switch_endian", G(CPU_EMULATION) },
	{ "symlink", G(FILE_SYSTEM) },
	{ "symlinkat", G(FILE_SYSTEM) },
	{ "sync", G(SYNC) },
	{ "sync_file_range", G(SYNC) },
	{ "sync_file_range2", G(SYNC) },
	{ "syncfs", G(SYNC) },
	{ "sys_debug_setcontext", G(DEBUG) },
	{ "sysfs", G(OBSOLETE) },
	{ "sysinfo", G(RESOURCES) },
	{ "syslog", G(PRIVILEGED) },
	{ "sysmips", G(CPU_EMULATION) | G(PRIVILEGED) },
	{ "tee", G(BASIC_IO) },
	{ "tgkill", G(SIGNAL) },
	{ "time", G(TIMER) },
	{ "timer_create", G(TIMER) },
	{ "timer_delete", G(TIMER) },
	{ "timer_getoverrun", G(TIMER) },
	{ "timer_gettime", G(TIMER) },
	{ "timer_gettime64", G(TIMER) },
	{ "timer_settime", G(TIMER) },
	{ "timer_settime64", G(TIMER) },
	{ "timerfd", G(TIMER) },
	{ "timerfd_create", G(TIMER) },
	{ "timerfd_gettime", G(TIMER) },
	{ "timerfd_gettime64", G(TIMER) },
	{ "timerfd_settime", G(TIMER) },
	{ "timerfd_settime64", G(TIMER) },
	{ "times", G(PROCESS) },
	{ "tkill", G(SIGNAL) },
	{ "truncate", G(FILE_SYSTEM) },
	{ "truncate64", G(FILE_SYSTEM) },
	{ "tuxcall", G(OBSOLETE) },
	{ "ugetrlimit", G(RESOURCES) },
	{ "ulimit", G(OBSOLETE) },
	{ "umask", G(FILE_SYSTEM) },
	{ "umount", G(MOUNT) | G(PRIVILEGED) },
	{ "umount2", G(MOUNT) | G(PRIVILEGED) },
	{ "uname", G(PROCESS) },
	{ "unlink", G(FILE_SYSTEM) },
	{ "unlinkat", G(FILE_SYSTEM) },
	{ "unshare", G(PROCESS) },
	{ "uretprobe", G(DEBUG) },
	{ "uselib", G(OBSOLETE) },
	{ "userfaultfd", G(MEMORY) },
	{ "usr26", G(CPU_EMULATION) },
	{ "usr32", G(CPU_EMULATION) },
	{ "ustat", G(OBSOLETE) },
	{ "utime", G(FILE_SYSTEM) },
	{ "utimensat", G(FILE_SYSTEM) },
	{ "utimensat_time64", G(FILE_SYSTEM) },
	{ "utimes", G(FILE_SYSTEM) },
	{ "vfork", G(PROCESS) },
	{ "vhangup", G(PRIVILEGED) },
	{ "vm86", G(CPU_EMULATION) },
	{ "vm86old", G(CPU_EMULATION) },
	{ "vmsplice", G(BASIC_IO) },
	{ "vserver", G(OBSOLETE) },
	{ "wait4", G(PROCESS) },
	{ "waitid", G(PROCESS) },
	{ "waitpid", G(PROCESS) },
	{ "write", G(BASIC_IO) },
	{ "writev", G(BASIC_IO) },
};

#undef G

/* Calls that do one job through different interfaces.  Each set is
 * NULL-terminated; a name is in at most one set. */
static const char *const sib_open[] = { "open", "openat", "openat2", "creat", NULL };
static const char *const sib_stat[] = { "stat", "lstat", "fstat", "newfstatat", "statx", "stat64", "lstat64",
					"fstat64", "fstatat64", "oldstat", "oldlstat", "oldfstat", NULL };
static const char *const sib_statfs[] = { "statfs", "fstatfs", "statfs64", "fstatfs64", NULL };
static const char *const sib_chmod[] = { "chmod", "fchmod", "fchmodat", "fchmodat2", NULL };
static const char *const sib_chown[] = { "chown", "fchown", "lchown", "fchownat", "chown32", "fchown32", "lchown32", NULL };
static const char *const sib_dup[] = { "dup", "dup2", "dup3", NULL };
static const char *const sib_mkdir[] = { "mkdir", "mkdirat", NULL };
static const char *const sib_unlink[] = { "unlink", "unlinkat", "rmdir", NULL };
static const char *const sib_rename[] = { "rename", "renameat", "renameat2", NULL };
static const char *const sib_link[] = { "link", "linkat", NULL };
static const char *const sib_symlink[] = { "symlink", "symlinkat", NULL };
static const char *const sib_readlink[] = { "readlink", "readlinkat", NULL };
static const char *const sib_mknod[] = { "mknod", "mknodat", NULL };
static const char *const sib_access[] = { "access", "faccessat", "faccessat2", NULL };
static const char *const sib_utime[] = { "utime", "utimes", "utimensat", "futimesat", "utimensat_time64", NULL };
static const char *const sib_truncate[] = { "truncate", "ftruncate", "truncate64", "ftruncate64", NULL };
static const char *const sib_getdents[] = { "getdents", "getdents64", "readdir", NULL };
static const char *const sib_poll[] = { "poll", "ppoll", "ppoll_time64", NULL };
static const char *const sib_select[] = { "select", "pselect6", "_newselect", "pselect6_time64", NULL };
static const char *const sib_epoll_wait[] = { "epoll_wait", "epoll_pwait", "epoll_pwait2", "epoll_wait_old", NULL };
static const char *const sib_epoll_create[] = { "epoll_create", "epoll_create1", NULL };
static const char *const sib_eventfd[] = { "eventfd", "eventfd2", NULL };
static const char *const sib_signalfd[] = { "signalfd", "signalfd4", NULL };
static const char *const sib_inotify[] = { "inotify_init", "inotify_init1", NULL };
static const char *const sib_pipe[] = { "pipe", "pipe2", NULL };
static const char *const sib_accept[] = { "accept", "accept4", NULL };
static const char *const sib_send[] = { "send", "sendto", "sendmsg", "sendmmsg", NULL };
static const char *const sib_recv[] = { "recv", "recvfrom", "recvmsg", "recvmmsg", "recvmmsg_time64", NULL };
static const char *const sib_fork[] = { "fork", "vfork", "clone", "clone3", NULL };
static const char *const sib_exec[] = { "execve", "execveat", NULL };
static const char *const sib_wait[] = { "wait4", "waitid", "waitpid", NULL };
static const char *const sib_kill[] = { "kill", "tkill", "tgkill", "pidfd_send_signal", NULL };
static const char *const sib_read[] = { "read", "readv", "pread64", "preadv", "preadv2", NULL };
static const char *const sib_write[] = { "write", "writev", "pwrite64", "pwritev", "pwritev2", NULL };
static const char *const sib_getxattr[] = { "getxattr", "lgetxattr", "fgetxattr", "getxattrat", NULL };
static const char *const sib_setxattr[] = { "setxattr", "lsetxattr", "fsetxattr", "setxattrat", NULL };
static const char *const sib_listxattr[] = { "listxattr", "llistxattr", "flistxattr", "listxattrat", NULL };
static const char *const sib_removexattr[] = { "removexattr", "lremovexattr", "fremovexattr", "removexattrat", NULL };
static const char *const sib_futex[] = { "futex", "futex_time64", "futex_wait", "futex_waitv", NULL };
static const char *const sib_umount[] = { "umount", "umount2", NULL };
static const char *const sib_mount[] = { "mount", "fsopen", "fsmount", "fsconfig", "move_mount", NULL };
static const char *const sib_mmap[] = { "mmap", "mmap2", NULL };
static const char *const sib_sigaction[] = { "rt_sigaction", "sigaction", "signal", NULL };
static const char *const sib_sigprocmask[] = { "rt_sigprocmask", "sigprocmask", NULL };
static const char *const sib_sigreturn[] = { "rt_sigreturn", "sigreturn", NULL };
static const char *const sib_setuid[] = { "setuid", "setuid32", "setreuid", "setreuid32", "setresuid", "setresuid32", NULL };
static const char *const sib_setgid[] = { "setgid", "setgid32", "setregid", "setregid32", "setresgid", "setresgid32", NULL };
static const char *const sib_nanosleep[] = { "nanosleep", "clock_nanosleep", "clock_nanosleep_time64", NULL };
static const char *const sib_module[] = { "init_module", "finit_module", NULL };
static const char *const sib_kexec[] = { "kexec_load", "kexec_file_load", NULL };

static const char *const *const sibling_sets[] = {
	sib_open, sib_stat, sib_statfs, sib_chmod, sib_chown, sib_dup, sib_mkdir, sib_unlink, sib_rename,
	sib_link, sib_symlink, sib_readlink, sib_mknod, sib_access, sib_utime, sib_truncate, sib_getdents,
	sib_poll, sib_select, sib_epoll_wait, sib_epoll_create, sib_eventfd, sib_signalfd, sib_inotify,
	sib_pipe, sib_accept, sib_send, sib_recv, sib_fork, sib_exec, sib_wait, sib_kill, sib_read,
	sib_write, sib_getxattr, sib_setxattr, sib_listxattr, sib_removexattr, sib_futex, sib_umount,
	sib_mount, sib_mmap, sib_sigaction, sib_sigprocmask, sib_sigreturn, sib_setuid, sib_setgid,
	sib_nanosleep, sib_module, sib_kexec,
};

const char *scfs_group_name(enum scfs_group g)
{
	return g >= 0 && g < _SCFS_GROUP_MAX ? group_names[g] : NULL;
}

const char *scfs_group_description(enum scfs_group g)
{
	return g >= 0 && g < _SCFS_GROUP_MAX ? group_descriptions[g] : NULL;
}

enum scfs_group scfs_group_lookup(const char *name)
{
	if (!name)
		return _SCFS_GROUP_INVALID;
	if (name[0] == '@')
		name++;
	for (int g = 0; g < _SCFS_GROUP_MAX; g++)
		if (strcmp(group_names[g] + 1, name) == 0)
			return (enum scfs_group)g;
	return _SCFS_GROUP_INVALID;
}

static int membership_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct membership *)elem)->name);
}

uint32_t scfs_syscall_groups(const char *syscall)
{
	const struct membership *m;

	if (!syscall)
		return 0;
	m = bsearch(syscall, memberships, ELEMENTSOF(memberships), sizeof(memberships[0]), membership_cmp);
	return m ? m->groups : 0;
}

const char *const *scfs_syscall_siblings(const char *syscall)
{
	if (!syscall)
		return NULL;
	for (size_t i = 0; i < ELEMENTSOF(sibling_sets); i++)
		for (const char *const *n = sibling_sets[i]; *n; n++)
			if (strcmp(*n, syscall) == 0)
				return sibling_sets[i];
	return NULL;
}
