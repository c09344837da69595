/* scfs-runtime's side of the agent: whether one answers on the socket,
 * starting `scfs agent --daemon` when none does; and finding programs in
 * PATH (the real runtime, scfs) without finding this wrapper. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "env.h"
#include "runtime.h"

/* @name in PATH, or @name itself when it has a '/'; never this program
 * (installed as "crun" earlier in PATH, it would call itself). */
int rt_find_program(const char *name, char *out, size_t len)
{
	char self[PATH_MAX], real[PATH_MAX];
	const char *path = cli_env()->path;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = 0;
	if (strchr(name, '/')) {
		snprintf(out, len, "%s", name);
		return access(out, X_OK) == 0 ? 0 : -errno;
	}
	for (const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"; *p;) {
		size_t k = strcspn(p, ":");

		snprintf(out, len, "%.*s/%s", (int)k, p, name);
		if (k && access(out, X_OK) == 0 && realpath(out, real) && strcmp(real, self) != 0)
			return 0;
		p += k + (p[k] == ':');
	}
	return -ENOENT;
}

/* Whether an agent accepts connections on @sock (it takes an empty
 * connection as a question, and says nothing about it). */
static bool agent_answers(const char *sock)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0 || strlen(sock) >= sizeof(sa.sun_path)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return r == 0;
}

/* "scfs" beside this program, else in PATH. */
static int find_scfs(char *out, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			if (strlen(self) + 6 <= len) {
				memcpy(out, self, strlen(self));
				memcpy(out + strlen(self), "/scfs", 6);
				if (access(out, X_OK) == 0)
					return 0;
			}
		}
	}
	return rt_find_program("scfs", out, len);
}

/* Start `scfs agent --daemon` (it returns once its socket listens) and
 * wait at most 2 s for it. */
static bool start_agent(const char *sock, char *err, size_t errlen)
{
	char scfs[PATH_MAX];
	struct timespec t0, t;
	int st = 0, ep[2];
	pid_t pid = -1, w = 0;
	_cleanup_close_ int er = -1;

	if (find_scfs(scfs, sizeof(scfs)) < 0) {
		snprintf(err, errlen, "scfs not found beside scfs-runtime or in PATH");
		return false;
	}
	if (pipe2(ep, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		/* Its complaint becomes part of this one line. */
		dup2(ep[1], 2);
		execl(scfs, "scfs", "agent", "--daemon", "--socket", sock, (char *)NULL);
		_exit(127);
	}
	close(ep[1]);
	er = ep[0];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		w = waitpid(pid, &st, WNOHANG);
		if (w == 0)
			usleep(10000);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (w == 0 && (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < 2000);
	if (w == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		snprintf(err, errlen, "%s agent --daemon did not answer within 2 s", scfs);
		return false;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		char msg[512];
		ssize_t n = read(er, msg, sizeof(msg) - 1);

		msg[n > 0 ? n : 0] = 0;
		msg[strcspn(msg, "\n")] = 0;
		snprintf(err, errlen, "%s agent --daemon: %s", scfs, *msg ? msg : "failed");
		return false;
	}
	return agent_answers(sock) || (snprintf(err, errlen, "the started agent does not answer"), false);
}

int rt_ensure_agent(const char *sock)
{
	char err[2 * PATH_MAX + 1024];

	if (agent_answers(sock) || start_agent(sock, err, sizeof(err)))
		return 0;
	return rt_fail("no scfs agent answers on %s and starting one failed (%s): start it with "
		       "`systemctl start scfs-agent` or `scfs agent --socket %s`",
		       sock, err, sock);
}
