/* Decoded syscall arguments (core/vocab/decode.c): the text a person reads for
 * each call, and symbolic values parsed back for `explain`. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tap.h"
#include "../../core/vocab/decode_tables.h"
#include "../../core/run/supervise.h"
#include "scfs/decode.h"

/* The "target" is this process: strings are read straight from memory;
 * the address 0xdead fails as an exited target's would. */
static int read_local(void *ud, uint64_t addr, char *buf, size_t len)
{
	(void)ud;
	if (addr == 0xdead)
		return -ESRCH;
	snprintf(buf, len, "%s", (const char *)(uintptr_t)addr);
	return (int)strlen((const char *)(uintptr_t)addr);
}

static void expect(const char *name, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		   const char *want)
{
	const uint64_t a[6] = { a0, a1, a2, a3, a4, 0 };
	char out[512];

	scfs_decode_call(name, a, false, read_local, NULL, out, sizeof(out));
	if (!tap_ok(strcmp(out, want) == 0, "%s", want))
		tap_diag("got %s", out);
}

#define S(x) ((uint64_t)(uintptr_t)(x))

static void calls(void)
{
	char longpath[400];

	expect("unshare", CLONE_NEWUSER, 0, 0, 0, 0, "unshare(CLONE_NEWUSER)");
	expect("unshare", CLONE_NEWNS | CLONE_NEWUSER | 0x40000000000, 0, 0, 0, 0,
	       "unshare(CLONE_NEWNS|CLONE_NEWUSER|0x40000000000)");
	expect("socket", AF_PACKET, SOCK_RAW, 0x300, 0, 0, "socket(AF_PACKET, SOCK_RAW, 0x300)");
	expect("socket", AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0, 0, "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)");
	expect("socket", 250, 77, 0, 0, 0, "socket(0xfa, 0x4d, 0)");
	expect("clone", CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0, "clone(CLONE_NEWNS|SIGCHLD, NULL, NULL, NULL, NULL)");
	expect("mount", S("x"), S("/mnt"), S("tmpfs"), 0, 0, "mount(\"x\", \"/mnt\", \"tmpfs\", 0, NULL)");
	expect("mount", S("none"), S("/"), 0, MS_REC | MS_PRIVATE, 0,
	       "mount(\"none\", \"/\", NULL, MS_REC|MS_PRIVATE, NULL)");
	expect("openat", (uint64_t)(int64_t)AT_FDCWD, S("/etc/x"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644, 0,
	       "openat(AT_FDCWD, \"/etc/x\", O_WRONLY|O_CREAT|O_CLOEXEC, 0644)");
	expect("mkdir", S("a\"b\x1b[2J\n"), 0755, 0, 0, 0, "mkdir(\"a\\\"b\\x1b[2J\\x0a\", 0755)");
	expect("mkdir", 0xdead, 0700, 0, 0, 0, "mkdir(0xdead (unread: ESRCH), 0700)");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	{
		char want[600];

		snprintf(want, sizeof(want), "chdir(\"%.*s\"...)", SCFS_DECODE_STR_MAX, longpath);
		expect("chdir", S(longpath), 0, 0, 0, 0, want);
	}
	expect("kill", (uint64_t)-1, SIGKILL, 0, 0, 0, "kill(-1, SIGKILL)");
	expect("personality", 0xffffffff, 0, 0, 0, 0, "personality(0xffffffff)");
	expect("personality", 8 | 0x0040000, 0, 0, 0, 0, "personality(PER_LINUX32|ADDR_NO_RANDOMIZE)");
	expect("ptrace", 0x4206, 12, 0, 0, 0, "ptrace(PTRACE_SEIZE, 12, NULL, NULL)");
	expect("keyctl", 0, 0xfffffffd, 0, 0, 0, "keyctl(KEYCTL_GET_KEYRING_ID, 0xfffffffd, 0, 0, 0)");
	expect("getpid", 1, 2, 3, 4, 5, "getpid()");
	expect("no_such_call", 1, 0x10, 0, 0, 0, "no_such_call(0x1, 0x10, 0, 0, 0, 0)");
}

static void compat(void)
{
	const uint64_t a[6] = { 0xffffffff00000000ull | AF_UNIX, SOCK_STREAM, 0 };
	char out[128];

	scfs_decode_call("socket", a, true, NULL, NULL, out, sizeof(out));
	tap_ok(strcmp(out, "socket(AF_UNIX, SOCK_STREAM, 0)") == 0, "a 32-bit call's upper halves are ignored (%s)", out);
	scfs_decode_call("mkdir", (const uint64_t[6]){ 0x1000, 0755 }, false, NULL, NULL, out, sizeof(out));
	tap_ok(strcmp(out, "mkdir(0x1000 (unread: ENOSYS), 0755)") == 0, "no reader: the address, marked unread (%s)",
	       out);
	tap_ok(scfs_decode_call("unshare", (const uint64_t[6]){ CLONE_NEWUSER }, false, NULL, NULL, out, 8) ==
			   strlen("unshare(CLONE_NEWUSER)") &&
		       strcmp(out, "unshare") == 0,
	       "a short buffer is cut and terminated; the full length is returned");
}

static void parse(void)
{
	uint64_t v = 0;

	tap_ok(scfs_decode_parse("socket", 0, "AF_PACKET", &v) == 0 && v == AF_PACKET, "parse AF_PACKET");
	tap_ok(scfs_decode_parse("socket", 1, "SOCK_RAW", &v) == 0 && v == SOCK_RAW, "parse SOCK_RAW");
	tap_ok(scfs_decode_parse("socket", 1, "SOCK_STREAM|SOCK_CLOEXEC", &v) == 0 && v == (SOCK_STREAM | SOCK_CLOEXEC),
	       "parse SOCK_STREAM|SOCK_CLOEXEC");
	tap_ok(scfs_decode_parse("unshare", 0, "CLONE_NEWNS|CLONE_NEWUSER", &v) == 0 &&
		       v == (CLONE_NEWNS | CLONE_NEWUSER),
	       "parse CLONE_NEWNS|CLONE_NEWUSER");
	tap_ok(scfs_decode_parse("clone", 0, "CLONE_NEWPID|SIGCHLD", &v) == 0 && v == (CLONE_NEWPID | SIGCHLD),
	       "parse clone flags with an exit signal");
	tap_ok(scfs_decode_parse("kill", 1, "SIGTERM", &v) == 0 && v == SIGTERM, "parse SIGTERM");
	tap_ok(scfs_decode_parse("openat", 0, "AT_FDCWD", &v) == 0 && (int32_t)v == AT_FDCWD, "parse AT_FDCWD");
	tap_ok(scfs_decode_parse("socket", 0, "-1", &v) == 0 && v == UINT64_MAX, "negative numbers are two's complement");
	tap_ok(scfs_decode_parse("socket", 0, "0x10", &v) == 0 && v == 16, "hex numbers");
	tap_ok(scfs_decode_parse("socket", 0, "AF_NOPE", &v) == -EINVAL, "an unknown constant is refused");
	tap_ok(scfs_decode_parse("socket", 0, "CLONE_NEWNS", &v) == -EINVAL, "a constant of another argument is refused");
	tap_ok(scfs_decode_parse("getpid", 0, "AF_INET", &v) == -EINVAL, "no signature: numbers only");
}

/* The supervisor's reader (sv_read_string), on a real other process: a
 * forked child holds the same strings at the same addresses. */
struct child_reader {
	pid_t pid;
};

static int read_child(void *ud, uint64_t addr, char *buf, size_t len)
{
	return sv_read_string(((struct child_reader *)ud)->pid, addr, buf, len);
}

static void target_reads(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *edge, buf[SCFS_DECODE_STR_MAX + 1], out[600];
	static const char path[] = "/a b=c\x1b";
	struct child_reader c;
	int pipefd[2], st;

	/* A string ending at the last byte of a page, the next page unmapped:
	 * read page by page, it is whole. */
	edge = m + page - 4;
	memcpy(edge, "end", 4);
	munmap(m + page, (size_t)page);
	if (pipe(pipefd) < 0 || (c.pid = fork()) < 0) {
		tap_ok(false, "fork");
		return;
	}
	if (c.pid == 0) {
		char x;

		close(pipefd[1]);
		(void)!read(pipefd[0], &x, 1); /* until the parent is done reading */
		_exit(0);
	}
	close(pipefd[0]);
	tap_ok(sv_read_string(c.pid, (uint64_t)(uintptr_t)edge, buf, sizeof(buf)) == 3 && strcmp(buf, "end") == 0,
	       "a string ending just before unmapped memory is read whole");
	tap_ok(sv_read_string(c.pid, (uint64_t)(uintptr_t)(m + page), buf, sizeof(buf)) == -EFAULT,
	       "unmapped memory: EFAULT");
	scfs_decode_call_flags("mkdir", (const uint64_t[6]){ (uint64_t)(uintptr_t)path, 0755 }, false, SCFS_DECODE_FIELD,
			       read_child, &c, out, sizeof(out));
	if (!tap_ok(strcmp(out, "mkdir(\"/a\\x20b\\x3dc\\x1b\",0755)") == 0, "another process's string, as a log field"))
		tap_diag("got %s", out);
	close(pipefd[1]);
	waitpid(c.pid, &st, 0);
	/* The child is gone (reaped): what it held cannot be read. */
	tap_ok(sv_read_string(c.pid, (uint64_t)(uintptr_t)path, buf, sizeof(buf)) == -ESRCH,
	       "a process that exited before the read: ESRCH");
	scfs_decode_call_flags("mkdir", (const uint64_t[6]){ 0x7ffd0000, 0755 }, false, SCFS_DECODE_FIELD, read_child,
			       &c, out, sizeof(out));
	if (!tap_ok(strcmp(out, "mkdir(0x7ffd0000(unread:ESRCH),0755)") == 0,
		    "its string is marked unread, with no blank, in a log field"))
		tap_diag("got %s", out);
	scfs_decode_call("mkdir", (const uint64_t[6]){ 0x7ffd0000, 0755 }, false, read_child, &c, out, sizeof(out));
	if (!tap_ok(strcmp(out, "mkdir(0x7ffd0000 (unread: ESRCH), 0755)") == 0, "and for a person: %s", out))
		tap_diag("got %s", out);
	munmap(m, (size_t)page);
}

int main(void)
{
	tap_ok(decode_sigs_sorted(), "the signature table is sorted (binary search)");
	tap_ok(scfs_decode_nargs("mount") == 5 && scfs_decode_nargs("getpid") == 0 && scfs_decode_nargs("nope") == -1,
	       "argument counts from the signatures");
	calls();
	compat();
	parse();
	target_reads();
	return tap_done();
}
