/* The agent: accept listeners, check them against their bundle, and give
 * each container a supervisor process of its own. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent_int.h"
#include "scfs/run.h"

/* Containers supervised at once at most: the agent's memory is bounded
 * whatever is sent to it. */
#define MAX_CONTAINERS 4096

struct container {
	char id[129];
	pid_t sup;   /* its supervisor */
	int ctl;     /* further listeners go to the supervisor here */
	char *bundle;
	pid_t init_pid; /* its state directory's name */
};

struct agent {
	const struct scfs_agent_opts *o;
	int lfd, sigfd;
	struct container *c;
	size_t n;
	uint64_t accepted, refused;
};

static void say(const struct agent *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const struct agent *a, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL, *line = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		return;
	/* One line whatever the message quotes. */
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	line = scfs_xasprintf("scfs agent: %s\n", msg);
	(void)scfs_write_all(a->o->log_fd, line, strlen(line));
}

static struct container *find(struct agent *a, const char *id)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->c[i].id, id) == 0)
			return &a->c[i];
	return NULL;
}

/* The first error of @d as one line (the file, the rule, the field). */
static char *first_error(const struct scfs_diag *d)
{
	char *out = NULL, *nl;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	scfs_diag_print(d, m, SCFS_DIAG_ERROR);
	fclose(m);
	nl = strchr(out, '\n');
	if (nl)
		*nl = 0;
	return out;
}

/* config.json of the message's bundle, compiled, its program checked. */
static int load_bundle(const char *bundle, struct scfs_bundle *b, char **why)
{
	_cleanup_free_ char *text = NULL, *path = scfs_xasprintf("%s/config.json", bundle);
	struct scfs_diag d;
	size_t len = 0;
	int r = scfs_bundle_read_trusted(bundle, geteuid(), &text, &len, why);

	if (r < 0)
		return r;
	scfs_diag_init(&d, path);
	r = scfs_bundle_parse(b, text, len, path, true, &d);
	if (r == 0 && b->has_seccomp)
		r = scfs_bundle_runc_check(b, why); /* 0 for the crun model */
	if (r == 0 && !b->has_seccomp)
		r = -ENOENT, *why = scfs_xasprintf("%s: no linux.seccomp", path);
	else if (r == 0)
		r = scfs_bundle_compile(b, NULL, &d);
	if (r < 0 && !*why)
		*why = first_error(&d);
	scfs_diag_done(&d);
	if (r == 0 && !scfs_bundle_program_matches(b, why))
		r = -EBADMSG;
	return r;
}

/* In the supervisor: dies with the agent, unreachable by the container. */
static void supervise(struct agent *a, const struct scfs_agent_msg *m, struct scfs_bundle *b, int listener, int ctl)
{
	_cleanup_free_ char *cfg = scfs_xasprintf("%s/config.json", m->bundle);
	char shortid[13];
	const struct scfs_container ct = { .id = m->id, .name = b->container_name, .pod = b->pod,
					   .pod_namespace = b->pod_namespace,
					   .runtime = b->runc_model ? "runc" : a->o->runtime,
					   .bundle = m->bundle, .unobservable = b->unobservable };
	struct scfs_attach_spec sp = {
		.listener = listener, .control = ctl, .pid = m->init_pid, .argv = b->args, .mode = b->mode,
		.state_base = a->o->state_base, .filter = b->filter, .profile_path = cfg,
		.profile_text = b->seccomp_text, .profile_len = b->seccomp_len, .ct = &ct,
	};
	struct scfs_diag d;
	int r;

	memcpy(shortid, m->id, sizeof(shortid) - 1);
	shortid[sizeof(shortid) - 1] = 0;
	sp.name = b->container_name ? b->container_name : shortid;
	scfs_diag_init(&d, "scfs agent");
	r = scfs_attach(&sp, &d);
	if (r < 0) {
		_cleanup_free_ char *e = first_error(&d);

		say(a, "container %s: supervision failed: %s", m->id, *e ? e : strerror(-r));
	}
	scfs_diag_done(&d);
	_exit(r < 0 ? 1 : 0);
}

static void child_setup(struct agent *a, pid_t agent_pid, int cfd, int keep_ctl)
{
	sigset_t none;

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != agent_pid)
		_exit(1); /* the agent died before the line above */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	close(a->lfd);
	close(a->sigfd);
	close(cfd);
	for (size_t i = 0; i < a->n; i++)
		if (a->c[i].ctl != keep_ctl)
			close(a->c[i].ctl);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* A new container: its own supervisor process. */
static int start_supervisor(struct agent *a, const struct scfs_agent_msg *m, struct scfs_bundle *b, int listener,
			    int cfd, char **why)
{
	pid_t me = getpid(), pid;
	int sp[2];

	if (a->n == MAX_CONTAINERS)
		return *why = scfs_xstrdup("too many containers supervised already"), -ENOSPC;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
		return *why = scfs_xasprintf("socketpair: %s", strerror(errno)), -errno;
	pid = fork();
	if (pid < 0) {
		close(sp[0]);
		close(sp[1]);
		return *why = scfs_xasprintf("fork: %s", strerror(errno)), -errno;
	}
	if (pid == 0) {
		child_setup(a, me, cfd, -1);
		close(sp[0]);
		supervise(a, m, b, listener, sp[1]);
	}
	close(sp[1]);
	a->c[a->n] = (struct container){ .sup = pid, .ctl = sp[0], .bundle = scfs_xstrdup(m->bundle),
					 .init_pid = m->init_pid };
	snprintf(a->c[a->n].id, sizeof(a->c[a->n].id), "%s", m->id);
	a->n++;
	return 0;
}

/* Another process of a supervised container (exec): to its supervisor. */
static int pass_listener(struct container *c, int listener, char **why)
{
	char one = 'L', cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &one, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &listener, sizeof(int));
	if (sendmsg(c->ctl, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		return *why = scfs_xasprintf("its supervisor did not take it: %s", strerror(errno)), -errno;
	return 0;
}

/* A listener for a container already supervised (exec) comes from its
 * bundle; crun's exec form names no bundle and needs one. */
static int which_bundle(struct agent *a, const struct scfs_agent_msg *m, struct container **known, char **why)
{
	*known = find(a, m->id);
	if (!*known && m->exec_form)
		return *why = scfs_xasprintf("an exec'd process of container %s, which the agent does not supervise",
					     m->id), -ESRCH;
	if (*known && !m->exec_form && strcmp((*known)->bundle, m->bundle) != 0)
		return *why = scfs_xasprintf("container %s is supervised with another bundle", m->id), -EEXIST;
	return 0;
}

/* Everything about one connection; the listener is always closed here
 * (a supervisor holds its own copy). */
static int handle(struct agent *a, int cfd, struct ucred *uc, char **why)
{
	struct conn c = { .fd = -1 };
	struct scfs_agent_msg m = { 0 };
	struct scfs_bundle b = { 0 };
	struct container *known;
	int r = agent_peer_ok(cfd, uc, why);

	if (r == 0)
		r = agent_receive(cfd, &c, why);
	/* An empty connection asks whether an agent answers (scfs-runtime). */
	if (r == 0 && c.len == 0 && c.n_fds == 0) {
		free(c.buf);
		return 1;
	}
	if (r == 0 && c.n_fds != 1)
		r = -EBADF, *why = scfs_xasprintf("%zu fds sent, not one", c.n_fds);
	if (r == 0 && !scfs_agent_fd_is_listener(c.fd))
		r = -EBADF, *why = scfs_xstrdup("the fd is not a seccomp listener");
	if (r == 0)
		r = scfs_agent_msg_parse(c.buf, c.len, &m, why);
	if (r == 0)
		r = which_bundle(a, &m, &known, why);
	if (r == 0)
		r = load_bundle(known ? known->bundle : m.bundle, &b, why);
	/* Docker passes no name: its store may say it (the name is a label;
	 * nothing is decided by it). */
	if (r == 0 && !known && !b.container_name && scfs_bundle_docker_name(&b, m.id, geteuid()) == 0)
		b.container_name = b.docker_name;
	if (r == 0) {
		r = known ? pass_listener(known, c.fd, why) : start_supervisor(a, &m, &b, c.fd, cfd, why);
		if (r == 0)
			say(a, "container %s (pid %d, %s mode): %s, state %s/%d", m.id, (int)m.pid, scfs_mode_string(b.mode),
			    known ? "another process (exec) observed" : "observed", a->o->state_base,
			    (int)(known ? known->init_pid : m.init_pid));
	}
	if (c.fd >= 0)
		close(c.fd);
	free(c.buf);
	scfs_bundle_done(&b);
	scfs_agent_msg_done(&m);
	return r;
}

static void accept_one(struct agent *a)
{
	struct ucred uc = { 0 };
	_cleanup_free_ char *why = NULL;
	int cfd = accept4(a->lfd, NULL, NULL, SOCK_CLOEXEC), r;

	if (cfd < 0)
		return;
	r = handle(a, cfd, &uc, &why);
	if (r > 0) {
		close(cfd);
		return;
	}
	if (r < 0) {
		a->refused++;
		say(a, "refused a listener from pid %d (uid %u): %s; its calls fail with ENOSYS", (int)uc.pid,
		    (unsigned)uc.uid, why ? why : strerror(-r));
	} else {
		a->accepted++;
	}
	/* Closed after the line: a sender that waits for the close finds it. */
	close(cfd);
}

static void reap(struct agent *a)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		for (size_t i = 0; i < a->n; i++)
			if (a->c[i].sup == pid) {
				/* A supervisor that did not end by itself: its
				 * listeners closed with it (calls fail with ENOSYS). */
				if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
					say(a, "container %s: its supervisor (pid %d) ended with %s %d", a->c[i].id, (int)pid,
					    WIFSIGNALED(st) ? "signal" : "status",
					    WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
				close(a->c[i].ctl);
				free(a->c[i].bundle);
				a->c[i] = a->c[--a->n];
				break;
			}
}

static int signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return -errno;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

int scfs_agent_serve(const struct scfs_agent_opts *o, int lfd)
{
	struct agent a = { .o = o, .lfd = lfd, .c = scfs_xcalloc(MAX_CONTAINERS, sizeof(struct container)) };
	bool stop = false;
	sigset_t old;

	/* It holds listeners, however briefly: no ptrace, no core dumps. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)signal(SIGPIPE, SIG_IGN);
	a.sigfd = signals(&old);
	if (a.sigfd < 0) {
		free(a.c);
		return a.sigfd;
	}
	say(&a, "pid %d listening on %s, state in %s", (int)getpid(), o->socket, o->state_base);
	while (!stop) {
		struct pollfd p[2] = { { .fd = lfd, .events = POLLIN }, { .fd = a.sigfd, .events = POLLIN } };
		struct signalfd_siginfo si;

		if (poll(p, 2, -1) < 0)
			continue;
		if (p[0].revents & POLLIN)
			accept_one(&a);
		if ((p[1].revents & POLLIN) && read(a.sigfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGCHLD)
				reap(&a);
			else
				stop = true;
		}
	}
	say(&a, "stopping: %llu listeners taken, %llu refused; the supervisors end with the agent",
	    (unsigned long long)a.accepted, (unsigned long long)a.refused);
	for (size_t i = 0; i < a.n; i++) {
		close(a.c[i].ctl);
		free(a.c[i].bundle);
	}
	close(a.sigfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(a.c);
	return 0;
}
