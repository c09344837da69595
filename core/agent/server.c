/* The agent's socket: where container runtimes hand over seccomp
 * listeners (linux.seccomp.listenerPath).  Each connection carries one
 * state message and one fd; everything about it is checked before a
 * supervisor is started for it, and any doubt closes the listener (the
 * container's notified calls then fail with ENOSYS: closed, not open). */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "agent_int.h"

/* "PATH: WHATerror" */
static int refuse_path(char **why, int err, const char *what, const char *path)
{
	*why = scfs_xasprintf("%s: %s%s", path, what, strerror(err));
	return -err;
}

/* An old socket at @path that nobody answers is removed; a live one means
 * another agent serves there. */
static int clear_old(const char *path, char **why)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, r;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : refuse_path(why, errno, "", path);
	if (!S_ISSOCK(st.st_mode)) {
		*why = scfs_xasprintf("%s: exists and is not a socket", path);
		return -EEXIST;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return refuse_path(why, errno, "socket: ", path);
	r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	if (r == 0) {
		*why = scfs_xasprintf("%s: another agent answers there", path);
		return -EADDRINUSE;
	}
	return unlink(path) < 0 && errno != ENOENT ? refuse_path(why, errno, "cannot remove the old socket: ", path)
						   : 0;
}

/* The socket's directory: made 0700 when missing (its parents 0755). */
static int make_dir(const char *path, char **why)
{
	_cleanup_free_ char *dir = scfs_xstrdup(path);
	char *slash = strrchr(dir, '/');
	struct stat st;

	if (!slash || slash == dir)
		return 0;
	*slash = 0;
	if (stat(dir, &st) == 0)
		return 0;
	if (errno != ENOENT)
		return refuse_path(why, errno, "", dir);
	if (scfs_mkdir_p(dir, 0755) < 0 || chmod(dir, 0700) < 0)
		return refuse_path(why, errno, "cannot make it: ", dir);
	return 0;
}

int scfs_agent_listen(const char *path, char **why)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, r;

	*why = NULL;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		*why = scfs_xasprintf("%s: longer than a socket path can be (%zu bytes)", path, sizeof(sa.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	r = make_dir(path, why);
	if (r == 0)
		r = clear_old(path, why);
	if (r < 0)
		return r;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return refuse_path(why, errno, "socket: ", path);
	/* 0600 from the start: nobody else may connect even for a moment. */
	old = umask(0177);
	r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0 || listen(fd, 64) < 0) {
		r = -errno;
		close(fd);
		return refuse_path(why, -r, "", path);
	}
	return fd;
}

/* Whether @buf holds one whole JSON value (then the sender is done). */
static bool json_complete(const char *buf, size_t len)
{
	json_tokener *tok = json_tokener_new();
	json_object *o;
	bool done;

	if (!tok)
		return false;
	o = json_tokener_parse_ex(tok, buf, (int)len);
	done = o != NULL;
	json_object_put(o);
	json_tokener_free(tok);
	return done;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Keep the fds of one control message; any beyond the first are noted
 * and closed. */
static void take_fds(struct msghdr *mh, struct conn *c)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		size_t n;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) {
			c->n_fds += 2; /* anything else makes it wrong */
			continue;
		}
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (c->n_fds++ == 0)
				c->fd = fd;
			else
				close(fd);
		}
	}
	if (mh->msg_flags & MSG_CTRUNC)
		c->n_fds += 2; /* the kernel dropped (and closed) some */
}

/* Read one message and its fds: until the peer closes or the text is a
 * whole JSON value, at most SCFS_AGENT_MSG_MAX bytes, within a second. */
int agent_receive(int cfd, struct conn *c, char **why)
{
	int64_t deadline = mono_ms() + 1000;

	c->buf = scfs_xmalloc(SCFS_AGENT_MSG_MAX + 1);
	for (;;) {
		char cbuf[CMSG_SPACE(8 * sizeof(int))];
		struct iovec iov = { .iov_base = c->buf + c->len, .iov_len = SCFS_AGENT_MSG_MAX + 1 - c->len };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
		struct pollfd p = { .fd = cfd, .events = POLLIN };
		int64_t left = deadline - mono_ms();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return *why = scfs_xstrdup("no whole message within a second"), -ETIMEDOUT;
		n = recvmsg(cfd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return *why = scfs_xasprintf("recvmsg: %s", strerror(errno)), -errno;
		take_fds(&mh, c);
		c->len += (size_t)n;
		if (c->len > SCFS_AGENT_MSG_MAX)
			return *why = scfs_xstrdup("message larger than 64 KiB"), -EMSGSIZE;
		c->buf[c->len] = 0;
		if (n == 0 || json_complete(c->buf, c->len))
			return 0;
	}
}

/* The peer must be root or the agent's own user. */
int agent_peer_ok(int cfd, struct ucred *uc, char **why)
{
	socklen_t l = sizeof(*uc);

	if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, uc, &l) < 0)
		return *why = scfs_xasprintf("SO_PEERCRED: %s", strerror(errno)), -errno;
	if (uc->uid != 0 && uc->uid != geteuid())
		return *why = scfs_xasprintf("uid %u may not connect", (unsigned)uc->uid), -EPERM;
	return 0;
}
