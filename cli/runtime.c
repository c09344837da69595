/* scfs-runtime: an OCI runtime wrapper.  Container managers call it as they
 * call runc or crun; it passes every command through unchanged to the real
 * runtime (execv) and, on create and run, first rewrites the bundle's
 * config.json so that the runtime loads the observed program and hands its
 * listener to the scfs agent (runtime_crun.c).  A container it cannot have
 * observed does not start: exit 125 and one line saying why. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
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

#define RUNTIME_CONF "/etc/scfs/runtime.conf"

int rt_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("scfs-runtime: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return RT_EXIT_FAILURE;
}

/* key=value lines; '#' starts a comment; unknown keys are errors (a typo
 * must not silently select another runtime or socket). */
static int read_conf(struct rt_conf *c)
{
	_cleanup_fclose_ FILE *f = fopen(RUNTIME_CONF, "re");
	char line[PATH_MAX + 64];
	unsigned no = 0;

	if (!f)
		return errno == ENOENT ? 0 : rt_fail("%s: %s", RUNTIME_CONF, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *eq, *v, *end = line + strcspn(line, "\r\n");

		no++;
		*end = 0;
		if (!line[strspn(line, " \t")] || line[strspn(line, " \t")] == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq)
			return rt_fail("%s:%u: expected key=value", RUNTIME_CONF, no);
		*eq = 0;
		v = eq + 1;
		if (strcmp(line, "runtime") == 0 && *v)
			snprintf(c->runtime, sizeof(c->runtime), "%s", v);
		else if (strcmp(line, "socket") == 0 && *v == '/')
			snprintf(c->socket, sizeof(c->socket), "%s", v);
		else
			return rt_fail("%s:%u: unknown key or bad value \"%s\" (runtime=crun|runc|/path, socket=/path)",
				       RUNTIME_CONF, no, line);
	}
	return 0;
}

static int load_conf(struct rt_conf *c)
{
	const char *e;
	int r;

	snprintf(c->runtime, sizeof(c->runtime), "crun");
	snprintf(c->socket, sizeof(c->socket), "%s", RT_DEFAULT_SOCKET);
	r = read_conf(c);
	if (r)
		return r;
	if ((e = cli_env()->runtime) && *e)
		snprintf(c->runtime, sizeof(c->runtime), "%s", e);
	if ((e = cli_env()->agent_socket) && *e) {
		if (*e != '/')
			return rt_fail("SCFS_AGENT_SOCKET: not an absolute path: %s", e);
		snprintf(c->socket, sizeof(c->socket), "%s", e);
	}
	return 0;
}

/* @name in PATH, or @name itself when it has a '/'; never this program
 * (installed as "crun" earlier in PATH, it would call itself). */
static int find_program(const char *name, char *out, size_t len)
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
	return find_program("scfs", out, len);
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

int main(int argc, char **argv)
{
	struct rt_conf conf;
	struct rt_cmd cmd;
	char real[PATH_MAX];
	int r;

	r = load_conf(&conf);
	if (r)
		return r;
	if (find_program(conf.runtime, real, sizeof(real)) < 0)
		return rt_fail("the runtime \"%s\" is not found (runtime= in %s or SCFS_RUNTIME)", conf.runtime,
			       RUNTIME_CONF);
	rt_parse_args(argc, argv, &cmd);
	if (cmd.creates) {
		r = rt_prepare_crun(&conf, &cmd, real);
		if (r)
			return r;
	}
	argv[0] = real;
	execv(real, argv);
	return rt_fail("cannot execute %s: %s", real, strerror(errno));
}
