/* i386 socket and SysV IPC calls: a rule naming socket, shmget, ... must
 * decide both the direct 32-bit syscall and the socketcall/ipc multiplexer,
 * as the program runc and crun load does (libseccomp writes both).  Checked
 * with the BPF evaluator for every case, and with real int $0x80 calls in a
 * filtered child where this machine runs 32-bit syscalls at all. */
#include <errno.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/net.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tap.h"
#include "support.h"

#define I386_SOCKETCALL 102
#define I386_IPC 117
#define I386_SOCKET 359
#define I386_SHMGET 395
#define IPC_SHMGET_CALL 23
#define IPC_SHMCTL_CALL 24

/* The action word the program gives an i386 call. */
static uint32_t decide_i386(const struct scfs_filter *f, int nr, uint32_t a0)
{
	struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_I386, .args = { a0 } };
	uint32_t w = 0;

	if (scfs_bpf_run(f->prog, f->prog_len, &d, &w) < 0)
		return UINT32_MAX;
	return w;
}

static uint32_t decide_native(const struct scfs_filter *f, int nr)
{
	struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_X86_64 };
	uint32_t w = 0;

	if (scfs_bpf_run(f->prog, f->prog_len, &d, &w) < 0)
		return UINT32_MAX;
	return w;
}

static long int80(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

/* socket(domain, SOCK_STREAM, 0) made the 32-bit way (direct, or through
 * socketcall with its argument block below 4 GiB), under @f or bare:
 * the raw result, -errno or a fd. */
static long call32(const struct scfs_filter *f, bool multiplexed, uint32_t domain)
{
	long *res = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	uint32_t *block = (uint32_t *)(res + 1);
	long out = LONG_MIN;
	pid_t pid;
	int st;

	if (res == MAP_FAILED)
		return out;
	*res = LONG_MIN;
	pid = fork();
	if (pid == 0) {
		if (f && scfs_sys_load_filter(f->prog, f->prog_len, 0) < 0)
			_exit(99);
		block[0] = domain, block[1] = SOCK_STREAM, block[2] = 0;
		*res = multiplexed ? int80(I386_SOCKETCALL, SYS_SOCKET, (long)(uintptr_t)block, 0)
				   : int80(I386_SOCKET, domain, SOCK_STREAM, 0);
		syscall(SYS_exit_group, 0);
		__builtin_trap();
	}
	if (pid > 0 && waitpid(pid, &st, 0) == pid)
		out = *res;
	munmap(res, 4096);
	return out;
}

/* The kernel under @f agrees with the evaluator's word @w: an errno word
 * gives exactly that errno, ALLOW gives what the unfiltered call gives. */
static bool kernel_agrees(const struct scfs_filter *f, bool multiplexed, uint32_t domain, uint32_t w)
{
	long got = call32(f, multiplexed, domain), bare = call32(NULL, multiplexed, domain);

	if ((w & SECCOMP_RET_ACTION_FULL) == SCMP_ACT_ERRNO(0))
		return got == -(long)(w & 0xffff);
	if (w == SCMP_ACT_ALLOW)
		return (got >= 0) == (bare >= 0) && (got >= 0 || got == bare);
	return false;
}

static void allow_list(bool live)
{
	struct built b;

	build(&b, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"],"
		  "\"syscalls\":[{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,"
		  "\"op\":\"SCMP_CMP_EQ\"}]},{\"names\":[\"shmget\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
	      NULL, false);
	if (!tap_ok(b.rc == 0, "allow list of socket(AF_UNIX) and shmget on x86_64+x86 compiles"))
		goto out;
	tap_ok(decide_i386(b.filter, I386_SOCKET, AF_UNIX) == SCMP_ACT_ALLOW, "i386 direct socket(AF_UNIX) allowed");
	tap_ok(decide_i386(b.filter, I386_SOCKET, AF_INET) == SCMP_ACT_ERRNO(EPERM), "i386 direct socket(AF_INET) EPERM");
	tap_ok(decide_i386(b.filter, I386_SOCKETCALL, SYS_SOCKET) == SCMP_ACT_ALLOW,
	       "i386 socketcall(SYS_SOCKET) allowed (the multiplexer cannot see socket's arguments)");
	tap_ok(decide_i386(b.filter, I386_SOCKETCALL, SYS_CONNECT) == SCMP_ACT_ERRNO(EPERM),
	       "i386 socketcall(SYS_CONNECT) EPERM");
	tap_ok(decide_i386(b.filter, I386_SHMGET, 0) == SCMP_ACT_ALLOW, "i386 direct shmget allowed");
	tap_ok(decide_i386(b.filter, I386_IPC, IPC_SHMGET_CALL) == SCMP_ACT_ALLOW, "i386 ipc(SHMGET) allowed");
	tap_ok(decide_i386(b.filter, I386_IPC, IPC_SHMCTL_CALL) == SCMP_ACT_ERRNO(EPERM), "i386 ipc(SHMCTL) EPERM");
	/* runc resolves each name per arch for its stub: socket and shmget are
	 * pseudo-numbers on x86, so x86 gets no threshold; x86_64's is 41. */
	tap_ok(decide_i386(b.filter, 1000, 0) == SCMP_ACT_ERRNO(EPERM), "i386 syscall 1000: no x86 stub, default EPERM");
	tap_ok(decide_native(b.filter, 1000) == SCMP_ACT_ERRNO(ENOSYS), "x86_64 syscall 1000: stub above socket (41)");
	if (!live) {
		tap_skip("real int $0x80 calls: %s", compat32_missing());
		goto out;
	}
	tap_ok(kernel_agrees(b.filter, false, AF_UNIX, decide_i386(b.filter, I386_SOCKET, AF_UNIX)) &&
		       kernel_agrees(b.filter, false, AF_INET, decide_i386(b.filter, I386_SOCKET, AF_INET)) &&
		       kernel_agrees(b.filter, true, AF_UNIX, decide_i386(b.filter, I386_SOCKETCALL, SYS_SOCKET)),
	       "kernel: i386 direct socket and socketcall(SYS_SOCKET) answer as the evaluator says");
out:
	built_done(&b);
}

static void deny_rule(bool live)
{
	struct built b;

	build(&b, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"],"
		  "\"syscalls\":[{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13,\"args\":[{\"index\":0,"
		  "\"value\":40,\"op\":\"SCMP_CMP_EQ\"}]}]}",
	      NULL, false);
	if (!tap_ok(b.rc == 0, "deny rule socket(AF_VSOCK) -> EACCES on x86_64+x86 compiles"))
		goto out;
	tap_ok(decide_i386(b.filter, I386_SOCKET, 40) == SCMP_ACT_ERRNO(EACCES), "i386 direct socket(AF_VSOCK) denied");
	tap_ok(decide_i386(b.filter, I386_SOCKET, AF_UNIX) == SCMP_ACT_ALLOW, "i386 direct socket(AF_UNIX) allowed");
	tap_ok(decide_i386(b.filter, I386_SOCKETCALL, SYS_SOCKET) == SCMP_ACT_ERRNO(EACCES),
	       "i386 socketcall(SYS_SOCKET) denied whatever the family (as runc and crun load it)");
	if (!live) {
		tap_skip("real int $0x80 calls: %s", compat32_missing());
		goto out;
	}
	tap_ok(kernel_agrees(b.filter, false, 40, SCMP_ACT_ERRNO(EACCES)) &&
		       kernel_agrees(b.filter, true, AF_UNIX, SCMP_ACT_ERRNO(EACCES)) &&
		       kernel_agrees(b.filter, false, AF_UNIX, SCMP_ACT_ALLOW),
	       "kernel: i386 socket(AF_VSOCK) and socketcall(SYS_SOCKET) get EACCES, socket(AF_UNIX) does not");
out:
	built_done(&b);
}

int main(void)
{
	bool live;

	if (seccomp_arch_native() != SCMP_ARCH_X86_64) {
		printf("1..0 # SKIP i386 multiplexing is checked on x86_64 hosts\n");
		return 0;
	}
	/* On some machines int $0x80 faults even with no filter loaded. */
	live = !compat32_missing();
	if (!live)
		tap_diag("%s: evaluator checks only", compat32_missing());
	allow_list(live);
	deny_rule(live);
	return tap_done();
}
