/* Host processes under seccomp: which there are, and their filters as the
 * kernel holds them, read with PTRACE_SECCOMP_GET_FILTER (scfs/hostproc.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scfs/hostproc.h"
#include "scfs/render_fs.h"

/* How long a dump may take before we give up on it (the process could not
 * be stopped: it may be waiting on the caller, e.g. the FUSE view). */
#define DUMP_TIMEOUT_MS 2000
/* Bound on what a dump may bring back: the kernel caps a process's filters
 * at 32768 instructions in all (MAX_INSNS_PER_PATH), 256 KiB. */
#define DUMP_MAX_BYTES (1u << 20)

bool scfs_host_filtered(pid_t pid)
{
	struct scfs_host_seccomp hs;

	return scfs_host_seccomp_read(pid, &hs) == 0 && hs.mode == SECCOMP_MODE_FILTER;
}

int scfs_host_list_filtered(pid_t **ret, size_t *ret_n)
{
	DIR *d = opendir("/proc");
	pid_t *pids = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;

	*ret = NULL;
	*ret_n = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		long v;

		if (!*e->d_name || strspn(e->d_name, "0123456789") != strlen(e->d_name))
			continue;
		v = strtol(e->d_name, NULL, 10);
		if (v <= 0 || v > INT_MAX || !scfs_host_filtered((pid_t)v))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			pids = scfs_xrealloc(pids, cap, sizeof(*pids));
		}
		pids[n++] = (pid_t)v;
	}
	closedir(d);
	/* /proc lists pids in ascending order already. */
	*ret = pids;
	*ret_n = n;
	return 0;
}

unsigned long long scfs_host_start_time(pid_t pid)
{
	_cleanup_free_ char *path = scfs_xasprintf("/proc/%d/stat", (int)pid), *text = NULL;
	size_t len;
	const char *p;

	if (scfs_read_file(path, 1u << 16, &text, &len) < 0)
		return 0;
	/* comm may hold anything, even ") ": fields start after the last ')'. */
	p = strrchr(text, ')');
	if (!p)
		return 0;
	/* p is before field 3; start time is field 22. */
	for (int field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

bool scfs_host_can_dump_filters(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	/* capget directly: CAP_SYS_ADMIN is bit 21, in the first word. */
	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	return (d[0].effective & (1u << CAP_SYS_ADMIN)) && prctl(PR_GET_SECCOMP) == 0;
}

void scfs_host_filters_done(struct scfs_host_filters *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->prog[i]);
	free(f->prog);
	free(f->len);
	*f = (struct scfs_host_filters){ 0 };
}

/* ---- the dump ------------------------------------------------------------
 *
 * PTRACE_SECCOMP_GET_FILTER needs CAP_SYS_ADMIN, a caller not itself under
 * seccomp, and a tracee that is attached and stopped (ESRCH otherwise).
 * The dump runs in a forked child: if the tracee cannot be stopped (it may
 * be blocked in a request to this very daemon), the child is killed after a
 * timeout, and the kernel detaches a tracer that dies, so the tracee never
 * stays stopped.  The child speaks a tiny protocol on a pipe: per filter an
 * int32 instruction count and the instructions; then 0 for the end, or a
 * negative errno. */

static void write_all_raw(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(1);
		p += n;
		len -= (size_t)n;
	}
}

/* In the child: only async-signal-safe calls. */
static void __attribute__((noreturn)) dump_child(pid_t pid, int out, struct sock_filter *buf)
{
	int32_t rec;
	int st, inject = 0;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0 || ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0)
		goto fail;
	for (;;) {
		pid_t w = waitpid(pid, &st, __WALL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		if (!WIFSTOPPED(st)) {
			errno = ESRCH; /* it exited meanwhile */
			goto fail;
		}
		/* PTRACE_EVENT_STOP: our interrupt (or a group stop, which
		 * detaching leaves in place).  Anything else is a signal on
		 * its way to the tracee: pass it on when we let go. */
		if ((st >> 16) != PTRACE_EVENT_STOP)
			inject = WSTOPSIG(st);
		break;
	}
	for (long i = 0;; i++) {
		long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, i, NULL);

		if (n < 0 && errno == ENOENT && i > 0)
			break;
		if (n < 0 || n > BPF_MAXINSNS || ptrace(PTRACE_SECCOMP_GET_FILTER, pid, i, buf) != n) {
			if (n > BPF_MAXINSNS)
				errno = E2BIG;
			(void)ptrace(PTRACE_DETACH, pid, 0, inject);
			goto fail;
		}
		rec = (int32_t)n;
		write_all_raw(out, &rec, sizeof(rec));
		write_all_raw(out, buf, (size_t)n * sizeof(*buf));
	}
	(void)ptrace(PTRACE_DETACH, pid, 0, inject);
	rec = 0;
	write_all_raw(out, &rec, sizeof(rec));
	_exit(0);
fail:
	rec = -errno;
	write_all_raw(out, &rec, sizeof(rec));
	_exit(1);
}

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Everything the child writes, until it closes the pipe or time runs out. */
static int collect(int fd, char **ret, size_t *ret_len)
{
	int64_t deadline = now_ms() + DUMP_TIMEOUT_MS;
	size_t len = 0, cap = 65536;
	char *buf = scfs_xmalloc(cap);

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		int64_t left = deadline - now_ms();
		ssize_t n;
		int pr;

		if (left <= 0) {
			free(buf);
			return -ETIMEDOUT;
		}
		pr = poll(&p, 1, (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			continue; /* timeout is checked above */
		if (len == cap) {
			if (cap >= DUMP_MAX_BYTES) {
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			buf = scfs_xrealloc(buf, cap, 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = -errno;

			free(buf);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

static int parse_dump(const char *buf, size_t len, struct scfs_host_filters *ret)
{
	size_t off = 0;

	*ret = (struct scfs_host_filters){ 0 };
	for (;;) {
		int32_t rec;
		size_t bytes;

		if (len - off < sizeof(rec))
			goto bad;
		memcpy(&rec, buf + off, sizeof(rec));
		off += sizeof(rec);
		if (rec == 0)
			return 0;
		if (rec < 0) {
			scfs_host_filters_done(ret);
			return rec;
		}
		bytes = (size_t)rec * sizeof(struct sock_filter);
		if (len - off < bytes)
			goto bad;
		ret->prog = scfs_xrealloc(ret->prog, ret->n + 1, sizeof(*ret->prog));
		ret->len = scfs_xrealloc(ret->len, ret->n + 1, sizeof(*ret->len));
		ret->prog[ret->n] = scfs_xmalloc(bytes);
		memcpy(ret->prog[ret->n], buf + off, bytes);
		ret->len[ret->n++] = (size_t)rec;
		off += bytes;
	}
bad:
	scfs_host_filters_done(ret);
	return -EIO; /* the child died mid-way */
}

int scfs_host_dump_filters(pid_t pid, struct scfs_host_filters *ret)
{
	_cleanup_free_ struct sock_filter *buf = scfs_xcalloc(BPF_MAXINSNS, sizeof(*buf));
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int pfd[2], r, st;
	pid_t child;

	*ret = (struct scfs_host_filters){ 0 };
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	child = fork();
	if (child < 0) {
		r = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return r;
	}
	if (child == 0) {
		close(pfd[0]);
		dump_child(pid, pfd[1], buf);
	}
	close(pfd[1]);
	r = collect(pfd[0], &data, &len);
	close(pfd[0]);
	if (r == -ETIMEDOUT || r == -EFBIG)
		(void)kill(child, SIGKILL); /* our own child; the kernel detaches the tracee */
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	if (r < 0)
		return r;
	return parse_dump(data, len, ret);
}
