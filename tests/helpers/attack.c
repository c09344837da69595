/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attack - a hostile target for the hardening tests: run under scfs, it
 * tries to reach its supervisor (its parent) by every path a profile may
 * leave open, and to escape its filter with what it got.
 *
 *   attack reach          try pidfd_getfd over the parent's fds,
 *                         /proc/PPID/mem, process_vm_writev, ptrace and the
 *                         fds it inherited; then keyctl (denied by the
 *                         profiles under test), with the listener answered
 *                         by itself if it got one
 *   attack rename NAME    PR_SET_NAME to NAME, then mkdir("/") (denied)
 *   attack renames NAME   mkdir("/"), PR_SET_NAME to NAME, mkdir("/"), then
 *                         another thread writes NAME2 to this thread's
 *                         /proc/self/task/TID/comm, mkdir("/"): each call
 *                         made under a name its supervisor already knew
 *   attack exec PROG ARG...  mkdir("/") (denied), then execv(PROG, ARGs)
 *
 * "reach" prints one line per path: "NAME blocked ERRNO" or "NAME REACHED
 * what", then "keyctl errno=E" (0: allowed).  Exit status: 0 when nothing
 * was reached and keyctl failed, 1 otherwise, 2 for usage errors.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static bool reached;

static void say(const char *what, bool ok, const char *detail)
{
	if (ok)
		reached = true;
	printf("%s %s %s\n", what, ok ? "REACHED" : "blocked", detail);
}

static bool is_listener(int fd)
{
	uint64_t id = 0;

	return ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0 && errno == ENOENT;
}

/* Every fd of the parent it can copy; returns a listener among them or -1. */
static int try_getfd(pid_t ppid)
{
	int pidfd = (int)syscall(SYS_pidfd_open, ppid, 0), listener = -1, got = 0, last_err = 0;
	char detail[64];

	if (pidfd < 0) {
		say("pidfd_open", false, strerror(errno));
		return -1;
	}
	for (int fd = 0; fd < 1024; fd++) {
		int c = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);

		if (c < 0) {
			/* EBADF: allowed, just no such fd; anything else refuses. */
			if (!last_err || errno != EBADF)
				last_err = errno;
			continue;
		}
		got++;
		if (listener < 0 && is_listener(c))
			listener = c;
		else
			close(c);
	}
	snprintf(detail, sizeof(detail), "%d fds%s (%s)", got, listener >= 0 ? ", the listener" : "",
		 strerror(last_err));
	say("pidfd_getfd", got > 0 || last_err == EBADF, detail);
	close(pidfd);
	return listener;
}

static void try_mem(pid_t ppid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)ppid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	say("proc_mem", fd >= 0, fd >= 0 ? "opened for writing" : strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* To an address that is never mapped: EFAULT means the access check
 * passed (a real address would have been written), nothing is changed. */
static void try_vm_write(pid_t ppid)
{
	char byte = 0;
	struct iovec local = { &byte, 1 }, remote = { (void *)16, 1 };
	ssize_t n = process_vm_writev(ppid, &local, 1, &remote, 1, 0);

	say("process_vm_writev", n >= 0 || errno == EFAULT, n >= 0 ? "wrote" : strerror(errno));
}

static void try_ptrace(pid_t ppid)
{
	long r = ptrace(PTRACE_SEIZE, ppid, 0, 0);

	say("ptrace", r == 0, r == 0 ? "seized" : strerror(errno));
	if (r == 0)
		(void)ptrace(PTRACE_DETACH, ppid, 0, 0);
}

/* fds the target was given beyond stdio that belong to scfs. */
static void try_inherited(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char found[256] = "";

	while (d && (e = readdir(d))) {
		char path[300], link[256] = "";
		int fd = atoi(e->d_name);

		if (e->d_name[0] == '.' || fd <= 2 || fd == dirfd(d))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		if (readlink(path, link, sizeof(link) - 1) < 0)
			continue;
		if (strstr(link, "anon_inode") || strstr(link, "kmsg") || strstr(link, "socket:") || is_listener(fd))
			snprintf(found + strlen(found), sizeof(found) - strlen(found), " %d:%s", fd, link);
	}
	if (d)
		closedir(d);
	say("inherited_fds", found[0] != '\0', found[0] ? found : "none");
}

static long keyring_id(void)
{
	/* KEYCTL_GET_KEYRING_ID (0) of KEY_SPEC_SESSION_KEYRING (-3), no create. */
	return syscall(SYS_keyctl, 0, -3, 0);
}

static void *keyctl_thread(void *arg)
{
	*(int *)arg = keyring_id() < 0 ? errno : 0;
	return NULL;
}

/* With the listener: stop scfs and answer our own keyctl with CONTINUE. */
static int escape_with(int listener, pid_t ppid)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	pthread_t t;
	int err = -1;

	kill(ppid, SIGSTOP);
	pthread_create(&t, NULL, keyctl_thread, &err);
	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0) {
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		(void)ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	pthread_join(t, NULL);
	kill(ppid, SIGCONT);
	return err;
}

static int reach(void)
{
	pid_t ppid = getppid();
	int listener = try_getfd(ppid), err;

	try_mem(ppid);
	try_vm_write(ppid);
	try_ptrace(ppid);
	try_inherited();
	err = listener >= 0 ? escape_with(listener, ppid) : (keyring_id() < 0 ? errno : 0);
	printf("keyctl errno=%d\n", err);
	return reached || err == 0;
}

static void *write_comm(void *arg)
{
	const char *const *a = arg;
	int fd = open(a[0], O_WRONLY | O_CLOEXEC);
	bool ok = fd >= 0 && write(fd, a[1], strlen(a[1])) == (ssize_t)strlen(a[1]);

	if (fd >= 0)
		close(fd);
	return ok ? NULL : (void *)1;
}

static int renames(const char *name)
{
	char path[64], name2[16];
	const char *args[2] = { path, name2 };
	pthread_t t;
	void *r = (void *)1;

	(void)syscall(SYS_mkdir, "/", 0755);
	prctl(PR_SET_NAME, name, 0, 0, 0);
	(void)syscall(SYS_mkdir, "/", 0755);
	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)gettid());
	snprintf(name2, sizeof(name2), "%.14s2", name);
	if (pthread_create(&t, NULL, write_comm, args) != 0 || pthread_join(t, &r) != 0 || r)
		return 1;
	(void)syscall(SYS_mkdir, "/", 0755);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "reach") == 0)
		return reach();
	if (argc == 3 && strcmp(argv[1], "rename") == 0) {
		prctl(PR_SET_NAME, argv[2], 0, 0, 0);
		return syscall(SYS_mkdir, "/", 0755) < 0 ? 0 : 1;
	}
	if (argc == 3 && strcmp(argv[1], "renames") == 0)
		return renames(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "exec") == 0) {
		(void)syscall(SYS_mkdir, "/", 0755);
		execv(argv[2], argv + 2);
		return 127;
	}
	fprintf(stderr, "usage: attack reach | rename NAME | renames NAME | exec PROG [ARG...]\n");
	return 2;
}
