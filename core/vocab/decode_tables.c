/* The constants decode.c names, from the kernel's and libc's headers as
 * this build sees them, and the signatures of the syscalls it decodes.
 * Only values, never code: the formatting is in decode.c. */
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/mount.h>
#include <linux/reboot.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>

#include "decode_tables.h"

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000 /* <linux/fcntl.h>, which clashes with <fcntl.h> */
#endif

#define C(x) { #x, (uint64_t)(x) }
#define T(name, is_flags, ...)                                                         \
	static const struct decode_sym name##_v[] = { __VA_ARGS__ };                    \
	const struct decode_table name = { #name, name##_v, ELEMENTSOF(name##_v), is_flags }

T(clone_flags, true, C(CLONE_VM), C(CLONE_FS), C(CLONE_FILES), C(CLONE_SIGHAND), C(CLONE_PIDFD), C(CLONE_PTRACE),
  C(CLONE_VFORK), C(CLONE_PARENT), C(CLONE_THREAD), C(CLONE_NEWNS), C(CLONE_SYSVSEM), C(CLONE_SETTLS),
  C(CLONE_PARENT_SETTID), C(CLONE_CHILD_CLEARTID), C(CLONE_DETACHED), C(CLONE_UNTRACED), C(CLONE_CHILD_SETTID),
  C(CLONE_NEWCGROUP), C(CLONE_NEWUTS), C(CLONE_NEWIPC), C(CLONE_NEWUSER), C(CLONE_NEWPID), C(CLONE_NEWNET),
  C(CLONE_IO), { "CLONE_NEWTIME", 0x80 });

/* Address families: the values are the same on every Linux arch. */
T(address_family, false, C(AF_UNSPEC), C(AF_UNIX), C(AF_INET), C(AF_AX25), C(AF_IPX), C(AF_APPLETALK),
  C(AF_NETROM), C(AF_BRIDGE), C(AF_ATMPVC), C(AF_X25), C(AF_INET6), C(AF_ROSE), C(AF_DECnet), C(AF_NETBEUI),
  C(AF_SECURITY), C(AF_KEY), C(AF_NETLINK), C(AF_PACKET), C(AF_ASH), C(AF_ECONET), C(AF_ATMSVC), C(AF_RDS),
  C(AF_SNA), C(AF_IRDA), C(AF_PPPOX), C(AF_WANPIPE), C(AF_LLC), C(AF_IB), C(AF_MPLS), C(AF_CAN), C(AF_TIPC),
  C(AF_BLUETOOTH), C(AF_IUCV), C(AF_RXRPC), C(AF_ISDN), C(AF_PHONET), C(AF_IEEE802154), C(AF_CAIF), C(AF_ALG),
  C(AF_NFC), C(AF_VSOCK), C(AF_KCM), C(AF_QIPCRTR), C(AF_SMC), C(AF_XDP), { "AF_MCTP", 45 });

/* The socket type: an enum in the low bits, two flags above. */
T(socket_type, false, C(SOCK_STREAM), C(SOCK_DGRAM), C(SOCK_RAW), C(SOCK_RDM), C(SOCK_SEQPACKET), C(SOCK_DCCP),
  C(SOCK_PACKET));
T(socket_type_flags, true, C(SOCK_NONBLOCK), C(SOCK_CLOEXEC));

/* open(2): the access mode is an enum in the low two bits. */
T(open_access, false, C(O_RDONLY), C(O_WRONLY), C(O_RDWR));
/* Composite flags first, so O_SYNC is not shown as O_DSYNC|0x100000. */
T(open_flags, true, C(O_TMPFILE), C(O_SYNC), C(O_CREAT), C(O_EXCL), C(O_NOCTTY), C(O_TRUNC), C(O_APPEND), C(O_NONBLOCK), C(O_DSYNC),
  C(O_ASYNC), C(O_DIRECT), { "O_LARGEFILE", 0100000 }, C(O_DIRECTORY), C(O_NOFOLLOW), C(O_NOATIME), C(O_CLOEXEC),
  C(O_PATH));

T(at_flags, true, C(AT_SYMLINK_NOFOLLOW), C(AT_REMOVEDIR), C(AT_SYMLINK_FOLLOW), C(AT_NO_AUTOMOUNT),
  C(AT_EMPTY_PATH), C(AT_EACCESS));

T(mount_flags, true, C(MS_RDONLY), C(MS_NOSUID), C(MS_NODEV), C(MS_NOEXEC), C(MS_SYNCHRONOUS), C(MS_REMOUNT),
  C(MS_MANDLOCK), C(MS_DIRSYNC), C(MS_NOSYMFOLLOW), C(MS_NOATIME), C(MS_NODIRATIME), C(MS_BIND), C(MS_MOVE),
  C(MS_REC), C(MS_SILENT), C(MS_POSIXACL), C(MS_UNBINDABLE), C(MS_PRIVATE), C(MS_SLAVE), C(MS_SHARED),
  C(MS_RELATIME), C(MS_KERNMOUNT), C(MS_I_VERSION), C(MS_STRICTATIME), C(MS_LAZYTIME));
/* <sys/mount.h> and <linux/mount.h> do not go together in glibc 2.36. */
T(umount_flags, true, { "MNT_FORCE", 1 }, { "MNT_DETACH", 2 }, { "MNT_EXPIRE", 4 }, { "UMOUNT_NOFOLLOW", 8 });

T(prot_flags, true, C(PROT_READ), C(PROT_WRITE), C(PROT_EXEC), C(PROT_GROWSDOWN), C(PROT_GROWSUP));

T(prctl_option, false, C(PR_SET_PDEATHSIG), C(PR_GET_PDEATHSIG), C(PR_GET_DUMPABLE), C(PR_SET_DUMPABLE),
  C(PR_GET_KEEPCAPS), C(PR_SET_KEEPCAPS), C(PR_SET_NAME), C(PR_GET_NAME), C(PR_GET_SECCOMP), C(PR_SET_SECCOMP),
  C(PR_CAPBSET_READ), C(PR_CAPBSET_DROP), C(PR_GET_SECUREBITS), C(PR_SET_SECUREBITS), C(PR_SET_MM),
  C(PR_SET_PTRACER), C(PR_SET_CHILD_SUBREAPER), C(PR_GET_CHILD_SUBREAPER), C(PR_SET_NO_NEW_PRIVS),
  C(PR_GET_NO_NEW_PRIVS), C(PR_CAP_AMBIENT), C(PR_SET_SPECULATION_CTRL), C(PR_GET_SPECULATION_CTRL),
  C(PR_SET_TIMERSLACK));

T(ptrace_request, false, C(PTRACE_TRACEME), C(PTRACE_PEEKTEXT), C(PTRACE_PEEKDATA), C(PTRACE_PEEKUSER),
  C(PTRACE_POKETEXT), C(PTRACE_POKEDATA), C(PTRACE_POKEUSER), C(PTRACE_CONT), C(PTRACE_KILL),
  C(PTRACE_SINGLESTEP), C(PTRACE_GETREGS), C(PTRACE_SETREGS), C(PTRACE_ATTACH), C(PTRACE_DETACH),
  C(PTRACE_SYSCALL), C(PTRACE_SETOPTIONS), C(PTRACE_GETEVENTMSG), C(PTRACE_GETSIGINFO), C(PTRACE_SETSIGINFO),
  C(PTRACE_GETREGSET), C(PTRACE_SETREGSET), C(PTRACE_SEIZE), C(PTRACE_INTERRUPT), C(PTRACE_LISTEN),
  C(PTRACE_PEEKSIGINFO), C(PTRACE_SECCOMP_GET_FILTER), { "PTRACE_GET_SYSCALL_INFO", 0x420e });

T(keyctl_op, false, C(KEYCTL_GET_KEYRING_ID), C(KEYCTL_JOIN_SESSION_KEYRING), C(KEYCTL_UPDATE), C(KEYCTL_REVOKE),
  C(KEYCTL_CHOWN), C(KEYCTL_SETPERM), C(KEYCTL_DESCRIBE), C(KEYCTL_CLEAR), C(KEYCTL_LINK), C(KEYCTL_UNLINK),
  C(KEYCTL_SEARCH), C(KEYCTL_READ), C(KEYCTL_INSTANTIATE), C(KEYCTL_NEGATE), C(KEYCTL_SET_REQKEY_KEYRING),
  C(KEYCTL_SET_TIMEOUT), C(KEYCTL_ASSUME_AUTHORITY), C(KEYCTL_GET_SECURITY), C(KEYCTL_SESSION_TO_PARENT),
  C(KEYCTL_REJECT), C(KEYCTL_INSTANTIATE_IOV), C(KEYCTL_INVALIDATE), C(KEYCTL_GET_PERSISTENT));

T(bpf_cmd, false, C(BPF_MAP_CREATE), C(BPF_MAP_LOOKUP_ELEM), C(BPF_MAP_UPDATE_ELEM), C(BPF_MAP_DELETE_ELEM),
  C(BPF_MAP_GET_NEXT_KEY), C(BPF_PROG_LOAD), C(BPF_OBJ_PIN), C(BPF_OBJ_GET), C(BPF_PROG_ATTACH),
  C(BPF_PROG_DETACH), C(BPF_PROG_TEST_RUN), C(BPF_PROG_GET_NEXT_ID), C(BPF_MAP_GET_NEXT_ID),
  C(BPF_PROG_GET_FD_BY_ID), C(BPF_MAP_GET_FD_BY_ID), C(BPF_OBJ_GET_INFO_BY_FD), C(BPF_PROG_QUERY),
  C(BPF_RAW_TRACEPOINT_OPEN), C(BPF_BTF_LOAD), C(BPF_BTF_GET_FD_BY_ID), C(BPF_TASK_FD_QUERY),
  C(BPF_MAP_LOOKUP_AND_DELETE_ELEM), C(BPF_MAP_FREEZE), C(BPF_BTF_GET_NEXT_ID), C(BPF_LINK_CREATE));

/* The persona is the low byte; the compound PER_* values are left to the flags. */
T(personality_persona, false, C(PER_LINUX), { "PER_SVR4", 1 }, C(PER_BSD), C(PER_LINUX32));
T(personality_flags, true, C(UNAME26), C(ADDR_NO_RANDOMIZE), C(FDPIC_FUNCPTRS), C(MMAP_PAGE_ZERO),
  C(ADDR_COMPAT_LAYOUT), C(READ_IMPLIES_EXEC), C(ADDR_LIMIT_32BIT), C(SHORT_INODE), C(WHOLE_SECONDS),
  C(STICKY_TIMEOUTS), C(ADDR_LIMIT_3GB));

T(reboot_cmd, false, C(LINUX_REBOOT_CMD_RESTART), C(LINUX_REBOOT_CMD_HALT), C(LINUX_REBOOT_CMD_CAD_ON),
  C(LINUX_REBOOT_CMD_CAD_OFF), C(LINUX_REBOOT_CMD_POWER_OFF), C(LINUX_REBOOT_CMD_RESTART2),
  C(LINUX_REBOOT_CMD_SW_SUSPEND), C(LINUX_REBOOT_CMD_KEXEC));

T(open_tree_flags, true, C(OPEN_TREE_CLONE), C(OPEN_TREE_CLOEXEC), C(AT_SYMLINK_NOFOLLOW), C(AT_NO_AUTOMOUNT),
  C(AT_EMPTY_PATH), C(AT_RECURSIVE));
T(move_mount_flags, true, C(MOVE_MOUNT_F_SYMLINKS), C(MOVE_MOUNT_F_AUTOMOUNTS), C(MOVE_MOUNT_F_EMPTY_PATH),
  C(MOVE_MOUNT_T_SYMLINKS), C(MOVE_MOUNT_T_AUTOMOUNTS), C(MOVE_MOUNT_T_EMPTY_PATH));

/* Argument kinds by letter, so a signature reads as one short string:
 *   d fd   D dirfd (AT_FDCWD named)   p path/string   x pointer   i int
 *   u unsigned   o octal mode   s signal   P pid   h hex
 * and a table name after '%' for flags and enums. */
static const struct decode_sig sigs[] = {
	{ "accept", "d x x" },
	{ "accept4", "d x x %socket_type_flags" },
	{ "access", "p o" },
	{ "acct", "p" },
	{ "add_key", "p p x u i" },
	{ "bind", "d x u" },
	{ "bpf", "%bpf_cmd x u" },
	{ "chdir", "p" },
	{ "chmod", "p o" },
	{ "chown", "p i i" },
	{ "chroot", "p" },
	{ "clone", "%clone_flags x x x x" },
	{ "clone3", "x u" },
	{ "close", "d" },
	{ "connect", "d x u" },
	{ "creat", "p o" },
	{ "delete_module", "p h" },
	{ "dup", "d" },
	{ "dup2", "d d" },
	{ "dup3", "d d %open_flags" },
	{ "execve", "p x x" },
	{ "execveat", "D p x x %at_flags" },
	{ "faccessat", "D p o" },
	{ "faccessat2", "D p o %at_flags" },
	{ "fchdir", "d" },
	{ "fchmod", "d o" },
	{ "fchmodat", "D p o" },
	{ "fchown", "d i i" },
	{ "fchownat", "D p i i %at_flags" },
	{ "finit_module", "d p h" },
	{ "fsconfig", "d u p x i" },
	{ "fsmount", "d h h" },
	{ "fsopen", "p h" },
	{ "fspick", "D p h" },
	{ "getpid", "" },
	{ "getppid", "" },
	{ "init_module", "x u p" },
	{ "ioctl", "d h x" },
	{ "ioperm", "h h i" },
	{ "iopl", "i" },
	{ "kcmp", "P P i h h" },
	{ "kexec_file_load", "d d u p h" },
	{ "kexec_load", "h u x h" },
	{ "keyctl", "%keyctl_op h h h h" },
	{ "kill", "P s" },
	{ "lchown", "p i i" },
	{ "link", "p p" },
	{ "linkat", "D p D p %at_flags" },
	{ "listen", "d i" },
	{ "lookup_dcookie", "h x u" },
	{ "mkdir", "p o" },
	{ "mkdirat", "D p o" },
	{ "mknod", "p o h" },
	{ "mknodat", "D p o h" },
	{ "mmap", "x u %prot_flags h d h" },
	{ "mount", "p p p %mount_flags x" },
	{ "mount_setattr", "D p %at_flags x u" },
	{ "move_mount", "D p D p %move_mount_flags" },
	{ "mprotect", "x u %prot_flags" },
	{ "mseal", "x u h" },
	{ "name_to_handle_at", "D p x x %at_flags" },
	{ "open", "p %open_access o" },
	{ "open_by_handle_at", "d x %open_access" },
	{ "open_tree", "D p %open_tree_flags" },
	{ "openat", "D p %open_access o" },
	{ "perf_event_open", "x P i d h" },
	{ "personality", "%personality_persona" },
	{ "pidfd_getfd", "d d h" },
	{ "pidfd_open", "P h" },
	{ "pivot_root", "p p" },
	{ "prctl", "%prctl_option h h h h" },
	{ "process_vm_readv", "P x u x u h" },
	{ "process_vm_writev", "P x u x u h" },
	{ "ptrace", "%ptrace_request P x x" },
	{ "quotactl", "h p i x" },
	{ "reboot", "h h %reboot_cmd x" },
	{ "rename", "p p" },
	{ "renameat", "D p D p" },
	{ "renameat2", "D p D p h" },
	{ "request_key", "p p p i" },
	{ "rmdir", "p" },
	{ "setdomainname", "p u" },
	{ "sethostname", "p u" },
	{ "setns", "d %clone_flags" },
	{ "settimeofday", "x x" },
	{ "socket", "%address_family %socket_type h" },
	{ "socketpair", "%address_family %socket_type h x" },
	{ "swapoff", "p" },
	{ "swapon", "p h" },
	{ "symlink", "p p" },
	{ "symlinkat", "p D p" },
	{ "syslog", "i x i" },
	{ "tgkill", "P P s" },
	{ "tkill", "P s" },
	{ "umount", "p" },
	{ "umount2", "p %umount_flags" },
	{ "unlink", "p" },
	{ "unlinkat", "D p %at_flags" },
	{ "unshare", "%clone_flags" },
	{ "userfaultfd", "%open_flags" },
	{ "vhangup", "" },
};

static const struct decode_table *const tables[] = {
	&clone_flags,	  &address_family,	&socket_type,	   &socket_type_flags, &open_access,
	&open_flags,	  &at_flags,		&mount_flags,	   &umount_flags,      &prot_flags,
	&prctl_option,	  &ptrace_request,	&keyctl_op,	   &bpf_cmd,	       &personality_persona,
	&personality_flags, &reboot_cmd,	&open_tree_flags, &move_mount_flags,
};

const struct decode_sig *decode_sig_lookup(const char *name)
{
	size_t lo = 0, hi = ELEMENTSOF(sigs);

	/* sigs[] is kept sorted by name (tests/unit/test_decode checks it). */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, sigs[mid].name);

		if (c == 0)
			return &sigs[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct decode_table *decode_table_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < ELEMENTSOF(tables); i++)
		if (strlen(tables[i]->name) == len && strncmp(tables[i]->name, name, len) == 0)
			return tables[i];
	return NULL;
}

bool decode_sigs_sorted(void)
{
	for (size_t i = 1; i < ELEMENTSOF(sigs); i++)
		if (strcmp(sigs[i - 1].name, sigs[i].name) >= 0)
			return false;
	return true;
}
