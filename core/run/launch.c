/* The child between fork and execve, and the listener handoff. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "launch.h"
#include "scfs/kabi.h"
#include "scfs/sys.h"

extern char **environ;

static void send_msg(int fd, const struct launch_msg *m)
{
	ssize_t n;

	do
		n = write(fd, m, sizeof(*m));
	while (n < 0 && errno == EINTR);
}

static void __attribute__((noreturn)) fail(const struct launch *l, const char *what, int err, int code)
{
	struct launch_msg m = { .stage = LAUNCH_FAILED, .err = err, .code = code };

	snprintf(m.what, sizeof(m.what), "%s", what);
	send_msg(l->setup_w, &m);
	_exit(code);
}

/* PATH lookup done before the filter exists, so the target's filter sees
 * one execve, not the launcher's search. */
static int find_program(const char *name, const char *path, char **ret)
{
	int err = ENOENT;

	if (strchr(name, '/')) {
		*ret = scfs_xstrdup(name);
		return access(name, F_OK) == 0 ? 0 : -errno;
	}
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path; *p;) {
		const char *e = strchrnul(p, ':');
		_cleanup_free_ char *cand = scfs_xasprintf("%.*s%s%s", (int)(e - p), p, e > p ? "/" : "", name);
		struct stat st;

		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(cand, X_OK) == 0) {
				*ret = TAKE_PTR(cand);
				return 0;
			}
			err = EACCES;
		}
		p = *e ? e + 1 : e;
	}
	return -err;
}

static void drop_bounding(const struct launch *l)
{
	unsigned long last = 63;
	_cleanup_fclose_ FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");

	if (f && fscanf(f, "%lu", &last) != 1)
		last = 63;
	for (unsigned long c = 0; c <= last && c < 64; c++) {
		if (l->spec->caps & (UINT64_C(1) << c))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
			fail(l, "dropping capabilities from the bounding set (--caps)", errno, 125);
	}
}

/* The number the kernel will give the next fd: the lowest free one. */
static int next_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return fd;
}

void launch_child(const struct launch *l)
{
	const struct scfs_observer *obs = l->obs;
	sigset_t all;
	char *path = NULL;
	struct launch_msg m = { .stage = LAUNCH_READY };
	int r, lfd;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	r = find_program(l->spec->argv[0], l->spec->search_path, &path);
	if (r < 0)
		fail(l, "looking up the command", -r, -r == ENOENT ? 127 : 126);
	if (l->spec->drop_caps)
		drop_bounding(l);
	m.fd = next_fd();
	if (m.fd < 0)
		fail(l, "opening /dev/null", errno, 125);
	send_msg(l->setup_w, &m);
	if (obs->trap_prog) {
		/* First, so the observed program's load below is the marked call
		 * its prologue lets through.  SPEC_ALLOW follows the profile: a
		 * filter without it would turn the mitigation on. */
		r = scfs_sys_load_filter(obs->trap_prog, obs->trap_prog_len,
					 SECCOMP_FILTER_FLAG_LOG | (l->flags & SECCOMP_FILTER_FLAG_SPEC_ALLOW));
		if (r < 0)
			fail(l, "loading the seccomp trap filter", -r, 125);
		lfd = scfs_sys_load_filter_marked(obs->prog, obs->prog_len, l->flags, obs->cookie);
	} else {
		lfd = scfs_sys_load_filter(obs->prog, obs->prog_len, l->flags);
	}
	if (lfd < 0)
		fail(l, "loading the seccomp filter", -lfd, 125);
	/* From here every call goes through the filter.  This one blocks until
	 * the supervisor holds the listener and answers it. */
	syscall(SCFS_LAUNCH_NR, obs->cookie, SCFS_LAUNCH_SYNC, lfd);
	execve(path, l->spec->argv, environ);
	r = errno;
	syscall(SCFS_LAUNCH_NR, obs->cookie, SCFS_LAUNCH_EXEC_FAILED, r);
	/* The raw call: _exit is intercepted by sanitizers, whose exit work
	 * (a leak check that clones and ptraces) the filter may deny or block. */
	syscall(SYS_exit_group, r == ENOENT ? 127 : 126);
	__builtin_unreachable();
}

static bool child_gone(pid_t pid)
{
	siginfo_t si = { 0 };

	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

static int take_listener(int pidfd, pid_t pid, int n, int setup_r, struct launch_msg *msg)
{
	const struct timespec pause = { 0, 20000 };

	/* Wait for the load: until then fd n is closed in the child (EBADF). */
	for (int tries = 0; tries < 500000; tries++) {
		struct pollfd p = { .fd = setup_r, .events = POLLIN };
		int fd = (int)syscall(SYS_pidfd_getfd, pidfd, n, 0);

		if (fd >= 0) {
			uint64_t id = 0;

			/* Only a listener answers NOTIF_ID_VALID with ENOENT. */
			if (ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0 && errno == ENOENT)
				return fd;
			close(fd);
		} else if (errno != EBADF) {
			return -errno;
		}
		if (poll(&p, 1, 0) > 0 && read(setup_r, msg, sizeof(*msg)) == sizeof(*msg) &&
		    msg->stage == LAUNCH_FAILED)
			return -ECHILD;
		if (child_gone(pid))
			return -ECHILD;
		nanosleep(&pause, NULL);
	}
	return -ETIMEDOUT;
}

int launch_take_listener(pid_t pid, int n, int setup_r, struct launch_msg *msg)
{
	_cleanup_close_ int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int r;

	if (pidfd < 0)
		return -errno;
	/* The kernel's default slack of 50 us would make each 20 us pause up
	 * to 70 us, and the last pause is the target's to wait. */
	(void)prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
	r = take_listener(pidfd, pid, n, setup_r, msg);
	(void)prctl(PR_SET_TIMERSLACK, 0UL, 0, 0, 0); /* this thread's default again */
	return r;
}
