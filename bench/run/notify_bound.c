/* The ceiling for any seccomp user-notification supervisor on this machine:
 * the cheapest possible supervisor answering every call with an errno.
 *
 *   notify_bound [--no-sync] [--poll] N [NAME]
 *
 * Forks a child that loads a two-way filter (native arch and NAME ->
 * SECCOMP_RET_USER_NOTIF, everything else allowed) with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER.  The child tells the parent the
 * listener's fd number through a pipe (write and read are allowed, so
 * nothing the child does before its loop can block on the listener); the
 * parent takes the fd with pidfd_open + pidfd_getfd, sets
 * SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (unless --no-sync), then lets the
 * child go.  The child times N raw calls of NAME (default getppid, zero
 * arguments) with CLOCK_MONOTONIC; the parent answers each one with
 * SECCOMP_IOCTL_NOTIF_RECV + SECCOMP_IOCTL_NOTIF_SEND error=-EPERM and
 * nothing else (with --poll it first polls the listener, as a supervisor
 * with other fds to watch must).
 *
 * Output (one line): name=NAME n=N sync=0|1 poll=0|1 seconds=S calls_per_s=R
 * ns_per_call=X eperm=C (C must equal N). */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scfs/kabi.h"

struct child_result {
	int64_t ns;
	long eperm;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "notify_bound: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int full_read(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void __attribute__((noreturn)) child(int nr, long n, int up_w, int go_r)
{
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fp = { .len = sizeof(prog) / sizeof(prog[0]), .filter = prog };
	struct child_result res = { 0 };
	int lfd;
	char go;
	int64_t t0;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		_exit(10);
	lfd = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fp);
	if (lfd < 0)
		_exit(11);
	/* Only NAME goes to the listener: write, read and clock_gettime
	 * (vDSO) are allowed, so nothing here waits on the parent. */
	if (write(up_w, &lfd, sizeof(lfd)) != sizeof(lfd))
		_exit(12);
	if (read(go_r, &go, 1) != 1)
		_exit(13);
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		long r = syscall(nr, 0, 0, 0, 0, 0, 0);

		if (r == -1 && errno == EPERM)
			res.eperm++;
	}
	res.ns = now_ns() - t0;
	if (write(up_w, &res, sizeof(res)) != sizeof(res))
		_exit(14);
	_exit(0);
}

/* Answer @n notifications on @lfd with EPERM (or until the child is gone). */
static void answer(int lfd, long n, bool use_poll, const struct seccomp_notif_sizes *sz)
{
	struct seccomp_notif *req = calloc(1, sz->seccomp_notif > sizeof(*req) ? sz->seccomp_notif : sizeof(*req));
	struct seccomp_notif_resp *resp =
		calloc(1, sz->seccomp_notif_resp > sizeof(*resp) ? sz->seccomp_notif_resp : sizeof(*resp));
	long answered = 0;

	if (!req || !resp)
		die("setup");
	while (answered < n) {
		if (use_poll) {
			struct pollfd p = { .fd = lfd, .events = POLLIN };

			if (poll(&p, 1, -1) < 0) {
				if (errno == EINTR)
					continue;
				die("poll");
			}
			if (!(p.revents & POLLIN))
				break; /* POLLHUP: the child is gone */
		}
		memset(req, 0, sz->seccomp_notif);
		if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			die("SECCOMP_IOCTL_NOTIF_RECV");
		}
		memset(resp, 0, sz->seccomp_notif_resp);
		resp->id = req->id;
		resp->error = -EPERM;
		if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0 && errno != ENOENT)
			die("SECCOMP_IOCTL_NOTIF_SEND");
		answered++;
	}
	free(req);
	free(resp);
}

int main(int argc, char **argv)
{
	bool sync = true, use_poll = false;
	const char *name = "getppid";
	struct seccomp_notif_sizes sz;
	struct child_result res;
	int up[2], go[2], argi = 1, nr, cfd, lfd, pidfd, st;
	long n;
	pid_t pid;

	for (; argi < argc && argv[argi][0] == '-'; argi++) {
		if (strcmp(argv[argi], "--no-sync") == 0)
			sync = false;
		else if (strcmp(argv[argi], "--poll") == 0)
			use_poll = true;
		else
			break;
	}
	if (argc - argi < 1 || argc - argi > 2) {
		fprintf(stderr, "usage: notify_bound [--no-sync] [--poll] N [NAME]\n");
		return 2;
	}
	n = atol(argv[argi]);
	if (argc - argi == 2)
		name = argv[argi + 1];
	nr = seccomp_syscall_resolve_name(name);
	if (nr < 0) {
		fprintf(stderr, "notify_bound: unknown syscall %s\n", name);
		return 2;
	}
	if (syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0)
		die("SECCOMP_GET_NOTIF_SIZES");
	if (pipe(up) < 0 || pipe(go) < 0)
		die("setup");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(up[0]);
		close(go[1]);
		child(nr, n, up[1], go[0]);
	}
	close(up[1]);
	close(go[0]);
	if (full_read(up[0], &cfd, sizeof(cfd)) < 0) {
		fprintf(stderr, "notify_bound: child failed before handing over its listener\n");
		return 1;
	}
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		die("pidfd_open");
	lfd = (int)syscall(SYS_pidfd_getfd, pidfd, cfd, 0);
	if (lfd < 0)
		die("pidfd_getfd");
	if (sync && ioctl(lfd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, (uint64_t)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) < 0)
		die("SECCOMP_IOCTL_NOTIF_SET_FLAGS");
	if (write(go[1], "g", 1) != 1)
		die("write");
	answer(lfd, n, use_poll, &sz);
	if (full_read(up[0], &res, sizeof(res)) < 0) {
		fprintf(stderr, "notify_bound: no result from the child\n");
		return 1;
	}
	if (waitpid(pid, &st, 0) < 0)
		die("waitpid");
	printf("name=%s n=%ld sync=%d poll=%d seconds=%.6f calls_per_s=%.0f ns_per_call=%.1f eperm=%ld\n", name, n,
	       sync, use_poll, (double)res.ns / 1e9, res.ns ? (double)n * 1e9 / (double)res.ns : 0.0,
	       n ? (double)res.ns / (double)n : 0.0, res.eperm);
	return res.eperm == n && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
