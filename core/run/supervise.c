/* scfs_run: fork the target, take its listener, answer and record every
 * notification until the target and its descendants are gone. */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "launch.h"
#include "scfs/escape.h"
#include "scfs/kabi.h"
#include "scfs/run.h"
#include "scfs/state.h"
#include "scfs/sys.h"
#include "supervise.h"

static const char *target_name(const struct scfs_run_spec *sp)
{
	return sp->name ? sp->name : sp->argv[0];
}

/* "mkdir("/x", 0755) → EPERM (rule syscalls[12])" for the summary. */
char *sv_describe_last(struct supervisor *s)
{
	struct seccomp_data d = { .arch = s->last.arch, .nr = s->last.nr };
	uint32_t tok, act = s->last.verdict & SECCOMP_RET_ACTION_FULL, data = s->last.verdict & SECCOMP_RET_DATA;
	_cleanup_free_ char *name = NULL, *call = NULL;
	const char *what = scfs_action_word_name(s->last.verdict);
	char rl[32];

	if (!s->last.set)
		return scfs_xstrdup("-");
	(void)arch_of(&d, &tok);
	name = seccomp_syscall_resolve_num_arch(tok, d.nr);
	if (act == SECCOMP_RET_ERRNO && scfs_errno_name((int)data))
		what = scfs_errno_name((int)data);
	rule_label(s, s->last.rule, rl, sizeof(rl));
	call = sv_last_call(s, name ? name : "?");
	return scfs_xasprintf("%s → %s%s (rule %s)", call, what,
			      s->spec->mode == SCFS_MODE_COMPLAIN ? ", allowed: complain mode" : "", rl);
}

static bool is_launch_call(const struct supervisor *s, const struct seccomp_data *d)
{
	return d->nr == (int)SCFS_LAUNCH_NR && d->arch == seccomp_arch_native() && d->args[0] == s->obs.cookie;
}


/* The exec pipe closes when execve succeeds (or the child dies). */
static void check_exec(struct supervisor *s)
{
	struct pollfd p = { .fd = s->exec_r, .events = POLLIN };
	char c;

	if (s->exec_r < 0 || poll(&p, 1, 0) <= 0 || read(s->exec_r, &c, 1) > 0)
		return;
	close(s->exec_r);
	s->exec_r = -1;
	s->exec_done = s->exec_errno == 0 && !s->execve_denied;
	/* Written at the loop's next wait: a target already gone by then (the
	 * same wake-up brought its end) costs one write of counters.bin, the
	 * end's, not two. */
	if (s->exec_done) {
		s->state.hdr->state = SCFS_TARGET_RUNNING;
		scfs_state_sync_soon(&s->state);
	}
}

/* Answer one notification on @listener exactly as the real filter would. */
static void answer(struct supervisor *s, int listener)
{
	struct seccomp_notif *req = s->req;
	struct seccomp_notif_resp *resp = s->resp;
	const struct seccomp_data *d = &req->data;
	const struct comm_entry *comm = NULL;
	uint32_t verdict, rule, tok, act;
	bool denies;

	memset(req, 0, sizeof(*req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		return; /* the caller died or was interrupted */
	memset(resp, 0, sizeof(*resp));
	resp->id = req->id;
	/* The execve that ended the launcher happened before this call. */
	if (!s->exec_done)
		check_exec(s);
	if (is_launch_call(s, d) && !s->exec_done) {
		if (d->args[1] == SCFS_LAUNCH_EXEC_FAILED)
			s->exec_errno = (int)d->args[2];
		(void)ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
		return;
	}
	verdict = scfs_observer_verdict(&s->obs, d);
	rule = scfs_observer_rule(&s->obs, d, verdict);
	act = verdict & SECCOMP_RET_ACTION_FULL;
	denies = scfs_action_denies(verdict);
	(void)arch_of(d, &tok);
	scfs_state_count(&s->state, source_rule(s, rule), tok, (int)d->nr, verdict, denies);
	if (denies)
		comm = sv_note_denial(s, listener, req, verdict, rule);
	/* In complain mode the execve goes ahead: the target does run. */
	if (!s->exec_done && denies && s->spec->mode != SCFS_MODE_COMPLAIN &&
	    d->nr == (int)seccomp_syscall_resolve_name("execve")) {
		s->execve_denied = true;
		s->execve_rule = rule;
	}
	if (s->spec->mode == SCFS_MODE_COMPLAIN || !denies) {
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	} else if (act == SECCOMP_RET_ERRNO) {
		resp->error = (verdict & SECCOMP_RET_DATA) ? -(int)(verdict & SECCOMP_RET_DATA) : 0;
	} else {
		resp->error = -ENOSYS; /* TRACE with no tracer, as the kernel answers */
	}
	(void)ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
	/* Formatted and written while the target goes on. */
	if (comm)
		sv_log_denial(s, req, comm, verdict, rule);
}

static void forward_signal(struct supervisor *s)
{
	struct signalfd_siginfo si;

	if (read(s->sigfd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGCHLD) {
		int st;
		pid_t p;

		while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
			if (p == s->pid) {
				s->main_exited = true;
				s->wait_status = st;
			}
			/* The connector reports these too; expect_record keeps one. */
			if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS)
				sv_expect_record(s, p);
		}
		return;
	}
	/* Keyboard signals already reach the target: it shares our process
	 * group.  Forward only what was sent to scfs itself. */
	if (si.ssi_code == SI_KERNEL)
		return;
	if (!s->main_exited)
		(void)kill(s->pid, (int)si.ssi_signo);
}

/* The state directory could not be written (full, read-only, removed):
 * said once, at once.  The answers never depend on it. */
void sv_report_state_error(struct supervisor *s)
{
	if (!s->state.error || s->state_error_said)
		return;
	s->state_error_said = true;
	fprintf(stderr, "scfs: cannot write the state of %s (%s: %s): its record is incomplete; "
		"its calls keep the profile's answers\n", target_name(s->spec), s->state.error_file,
		strerror(-s->state.error));
}

/* Wait for the next event.  Denial lines are formatted and written by the
 * log's own thread (denial_log.c); the loop takes its counts into the
 * header, and wakes within its delay while lines are outstanding so that
 * counters.bin follows them. */
static int wait_events(struct supervisor *s, int ep, struct epoll_event *ev, int n)
{
	int64_t now = now_ns(CLOCK_MONOTONIC);
	int timeout = sv_log_merge(s), r;

	/* counters.bin follows the counts at most SCFS_COUNTERS_SYNC_NS late. */
	if (scfs_state_sync_due(&s->state, now))
		(void)scfs_state_sync(&s->state);
	else if (s->state.dirty) {
		int left = (int)((s->state.synced_ns + SCFS_COUNTERS_SYNC_NS - now) / 1000000) + 1;

		timeout = timeout < 0 || left < timeout ? left : timeout;
	}
	sv_report_state_error(s);
	r = epoll_wait(ep, ev, n, timeout);
	if (r == 0) {
		(void)sv_log_merge(s);
		if (scfs_state_sync_due(&s->state, now_ns(CLOCK_MONOTONIC)))
			(void)scfs_state_sync(&s->state);
	}
	return r < 0 ? -errno : r;
}

/* What the loop waits on; an epoll set, since poll(2) over all of them
 * cost a denial storm more than a tenth of its time.  A container's
 * further listeners are EV_N + their index in s->extra. */
enum { EV_SIGNAL, EV_LISTENER, EV_EXEC, EV_KMSG, EV_TREE, EV_CONTROL, EV_N };

static int watch_all(const struct supervisor *s)
{
	const int fds[EV_N] = { s->sigfd, s->listener, s->exec_r, s->kmsg, s->tree.nl, s->control };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return -errno;
	for (int i = 0; i < EV_N; i++) {
		struct epoll_event e = { .events = EPOLLIN, .data.u32 = (uint32_t)i };

		if (fds[i] >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &e) < 0) {
			int err = errno;

			close(ep);
			return -err;
		}
	}
	return ep;
}

/* A slot of a listener that hung up is taken again: a long-lived
 * container may see many exec'd processes come and go. */
static void add_listener(struct supervisor *s, int ep, int fd)
{
	uint64_t fl = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
	size_t i = 0;
	struct epoll_event e = { .events = EPOLLIN };

	while (i < s->n_extra && s->extra[i] >= 0)
		i++;
	if (i == s->n_extra)
		s->n_extra++;
	e.data.u32 = (uint32_t)(EV_N + i);
	(void)ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, fl);
	s->extra[i] = fd;
	s->extra_open++;
	s->extra_total++;
	(void)epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

/* One more listener of the same container, sent by the agent with
 * SCM_RIGHTS (it checked the fd is a listener of this container's
 * program).  The end of @control (the agent gone) only stops this. */
static void take_listener(struct supervisor *s, int ep)
{
	char c, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	ssize_t n = recvmsg(s->control, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	int fd = -1;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	cm = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL;
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS && cm->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	if (n <= 0) {
		(void)epoll_ctl(ep, EPOLL_CTL_DEL, s->control, NULL);
		close(s->control);
		s->control = -1;
		return;
	}
	if (fd < 0)
		return;
	if (s->extra_open == SV_MAX_EXTRA) {
		close(fd); /* its calls fail closed (ENOSYS); counted in "exit" */
		s->extra_refused++;
		return;
	}
	add_listener(s, ep, fd);
}

/* A further listener's event: answer, or it hung up. */
static void extra_event(struct supervisor *s, int ep, uint32_t idx, uint32_t events)
{
	int fd = s->extra[idx];

	if (fd < 0)
		return;
	if (events & EPOLLIN) {
		answer(s, fd);
	} else if (events & (EPOLLHUP | EPOLLERR)) {
		(void)epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
		close(fd);
		s->extra[idx] = -1;
		s->extra_open--;
	}
}

static bool loop_done(const struct supervisor *s)
{
	return s->main_exited && (s->listener_done || s->listener < 0) && s->extra_open == 0;
}

static void dispatch(struct supervisor *s, int ep, const uint32_t *rev)
{
	if (rev[EV_EXEC])
		check_exec(s); /* closing the pipe also takes it out of the set */
	/* Forks before records: a record's process is known by then;
	 * renames before answers: the comm cache is true by then. */
	if (rev[EV_TREE])
		sv_tree_events(s);
	if (rev[EV_LISTENER] & EPOLLIN) {
		answer(s, s->listener);
	} else if (rev[EV_LISTENER] & (EPOLLHUP | EPOLLERR)) {
		s->listener_done = true; /* no task uses the filter any more */
		(void)epoll_ctl(ep, EPOLL_CTL_DEL, s->listener, NULL);
	}
	if (rev[EV_CONTROL])
		take_listener(s, ep);
	if (rev[EV_KMSG])
		sv_read_kernel_log(s);
	if (rev[EV_SIGNAL] & EPOLLIN)
		forward_signal(s);
}

int sv_loop(struct supervisor *s)
{
	_cleanup_close_ int ep = watch_all(s);

	if (ep < 0)
		return ep;
	while (!loop_done(s)) {
		struct epoll_event ev[EV_N];
		uint32_t rev[EV_N] = { 0 };
		int r = wait_events(s, ep, ev, EV_N);

		if (r == -EINTR)
			continue;
		if (r < 0)
			return r;
		for (int i = 0; i < r; i++) {
			if (ev[i].data.u32 >= EV_N)
				extra_event(s, ep, ev[i].data.u32 - EV_N, ev[i].events);
			else
				rev[ev[i].data.u32] |= ev[i].events;
		}
		dispatch(s, ep, rev);
	}
	sv_drain_kernel_log(s);
	return 0;
}

/* Why the target never ran, or NULL if it did. */
static char *launch_failure(struct supervisor *s, int *code)
{
	const struct scfs_run_spec *sp = s->spec;
	_cleanup_free_ char *cmd0 = scfs_escape_str(sp->argv[0], 0, NULL);
	char rl[32];

	if (s->setup_failure) {
		*code = s->setup_code;
		return TAKE_PTR(s->setup_failure);
	}
	if (s->execve_denied) {
		rule_label(s, s->execve_rule, rl, sizeof(rl));
		*code = 126;
		return scfs_xasprintf("scfs: the profile denies execve (rule %s): %s was not run", rl, cmd0);
	}
	if (s->exec_errno) {
		*code = s->exec_errno == ENOENT ? 127 : 126;
		return scfs_xasprintf("scfs: cannot execute %s: %s", cmd0, strerror(s->exec_errno));
	}
	if (!s->exec_done && WIFSIGNALED(s->wait_status) && WTERMSIG(s->wait_status) == SIGSYS) {
		*code = 126;
		return scfs_xasprintf("scfs: the profile kills execve: %s was not run", cmd0);
	}
	return NULL;
}

static void finish(struct supervisor *s, struct scfs_run_result *res)
{
	struct scfs_counters_header *h = s->state.hdr;
	int st = s->wait_status, code;
	_cleanup_free_ char *how = NULL, *exitf = NULL, *last = sv_describe_last(s), *unrecorded = NULL;
	_cleanup_free_ char *tname = scfs_escape_str(target_name(s->spec), 0, NULL);
	char *failure = launch_failure(s, &code);

	sv_log_flush(s); /* the log is whole before "exit" says the end */

	if (failure) {
		h->state = SCFS_TARGET_FAILED;
		res->summary = failure;
		how = scfs_xstrdup("was not run");
	} else if (WIFSIGNALED(st)) {
		code = 128 + WTERMSIG(st);
		how = scfs_xasprintf("was killed by %s", sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "a signal");
		h->state = SCFS_TARGET_EXITED;
	} else {
		code = WEXITSTATUS(st);
		how = scfs_xasprintf("exited with %d", code);
		h->state = SCFS_TARGET_EXITED;
	}
	h->wait_status = st;
	h->end_ns = now_ns(CLOCK_REALTIME);
	unrecorded = sv_describe_unrecorded(s);
	if (!failure && h->denials)
		res->summary = scfs_xasprintf("scfs: %s %s after %llu denial%s%s; last: %s%s", tname, how,
					      (unsigned long long)h->denials, h->denials == 1 ? "" : "s",
					      h->dropped ? " (some not logged)" : "", last, unrecorded);
	else if (!failure && *unrecorded)
		res->summary = scfs_xasprintf("scfs: %s %s%s", tname, how, unrecorded);
	exitf = scfs_xasprintf("state\t%s\ncode\t%d\nsignal\t%d\ndenials\t%llu\nlogged\t%llu\ndropped\t%llu\n"
			       "last\t%s\nsummary\t%s %s\nkernel_records\t%llu\nkernel_suppressed\t%llu\n"
			       "kernel_overruns\t%llu\nsigsys_unrecorded\t%zu\n",
			       failure ? "failed" : "exited", code, WIFSIGNALED(st) ? WTERMSIG(st) : 0,
			       (unsigned long long)h->denials, (unsigned long long)h->logged,
			       (unsigned long long)h->dropped, last, tname, how,
			       (unsigned long long)s->kernel_records, (unsigned long long)s->kernel_suppressed,
			       (unsigned long long)s->kernel_lost, sv_unrecorded_count(s));
	/* The counts first: "exit" says the end. */
	(void)scfs_state_sync(&s->state);
	sv_put_text(s, "exit", exitf);
	sv_report_state_error(s);
	if (s->state.error && res->summary) {
		char *sum = scfs_xasprintf("%s; the state directory could not be fully written (%s: %s)", res->summary,
					   s->state.error_file, strerror(-s->state.error));

		free(res->summary);
		res->summary = sum;
	}
	res->counters = *h;
	res->entries = scfs_xcalloc(h->used, sizeof(*res->entries));
	memcpy(res->entries, s->state.ctr, h->used * sizeof(*res->entries));
	res->exit_code = code;
	res->pid = s->pid;
	res->denials = h->denials;
	res->dropped = h->dropped;
}

int sv_alloc_notif(struct supervisor *s)
{
	struct seccomp_notif_sizes sz;

	if (syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0)
		return -errno;
	s->req = scfs_xcalloc(1, sz.seccomp_notif > sizeof(*s->req) ? sz.seccomp_notif : sizeof(*s->req));
	s->resp = scfs_xcalloc(1, sz.seccomp_notif_resp > sizeof(*s->resp) ? sz.seccomp_notif_resp : sizeof(*s->resp));
	return 0;
}

static int signals_setup(sigset_t *old)
{
	static const int sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGALRM, SIGCONT };
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < ELEMENTSOF(sigs); i++)
		sigaddset(&set, sigs[i]);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return -errno;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* Parent side of the launch: wait for the child's word, take the listener. */
static int handoff(struct supervisor *s, struct scfs_run_result *res, struct scfs_diag *diag)
{
	struct launch_msg msg = { 0 };
	ssize_t n;

	do
		n = read(s->setup_r, &msg, sizeof(msg));
	while (n < 0 && errno == EINTR);
	if (n == sizeof(msg) && msg.stage == LAUNCH_READY)
		s->listener = launch_take_listener(s->pid, msg.fd, s->setup_r, &msg);
	if (n == sizeof(msg) && msg.stage == LAUNCH_FAILED) {
		(void)waitpid(s->pid, &s->wait_status, 0);
		s->main_exited = true;
		s->setup_code = msg.code;
		s->setup_failure = scfs_xasprintf("scfs: %s: %s: %s", s->spec->argv[0], msg.what, strerror(msg.err));
		return 1;
	}
	if (n != sizeof(msg) || s->listener < 0) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "could not take the seccomp listener from the child: %s",
			      strerror(s->listener < 0 ? -s->listener : EPROTO));
		(void)kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, NULL, 0);
		return s->listener < 0 ? s->listener : -EPROTO;
	}
	{
		uint64_t fl = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;

		/* 8x faster round trips where the kernel has it (6.6+). */
		(void)ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, fl);
	}
	return 0;
}

static int start(struct supervisor *s, struct launch *l)
{
	int setup[2], execp[2], r;

	if (pipe2(setup, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(execp, O_CLOEXEC) < 0) {
		r = -errno;
		close(setup[0]);
		close(setup[1]);
		return r;
	}
	l->setup_w = setup[1];
	l->exec_w = execp[1];
	s->start_ns = now_ns(CLOCK_REALTIME);
	s->pid = fork();
	if (s->pid < 0)
		return -errno;
	if (s->pid == 0) {
		close(setup[0]);
		close(execp[0]);
		launch_child(l);
	}
	/* Before the target can run: a process that is not dumpable cannot be
	 * reached by ptrace, /proc/PID/mem, process_vm_writev or pidfd_getfd
	 * from another process without CAP_SYS_PTRACE, though of the same
	 * user: the target cannot take the listener or rewrite the verdicts.
	 * Not before the fork: the launcher inherits the flag, and scfs must
	 * still take its listener (scfs -> launcher needs it dumpable); its
	 * execve makes the target's own mm dumpable again, as it is anywhere. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		r = -errno;
		(void)kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, NULL, 0);
		return r;
	}
	close(setup[1]);
	close(execp[1]);
	s->setup_r = setup[0];
	s->exec_r = execp[0];
	return 0;
}

/* Let the launcher go on to execve: answer its one marked call.  Nothing
 * else can come first, since the child makes no other call between
 * loading the filter and this one. */
static int release_launcher(struct supervisor *s)
{
	struct seccomp_notif *req = s->req;

	memset(req, 0, sizeof(*req));
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		return 0; /* the child is gone: the loop sees its end */
	if (!is_launch_call(s, &req->data) || req->data.args[1] != SCFS_LAUNCH_SYNC)
		return -EPROTO;
	memset(s->resp, 0, sizeof(*s->resp));
	s->resp->id = req->id;
	return ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, s->resp) < 0 && errno != ENOENT ? -errno : 0;
}

/* Fork the launcher and let it go once it holds the filter.  The state
 * directory is written meanwhile by a thread of its own, and ready when
 * this returns (the target's calls wait in the kernel until the loop
 * answers them).  0, 1 (the child failed before the filter: finish says
 * why) or -errno. */
static int launch(struct supervisor *s, struct launch *l, struct scfs_run_result *res, struct scfs_diag *diag)
{
	struct sv_state_job job;
	int r = start(s, l), q;

	if (r < 0)
		return r;
	/* While the launcher loads its filter: it makes no call the kernel
	 * logs, and forks, execs and renames nothing, before it is let go. */
	sv_kernel_log_open(s);
	ptree_set_root(&s->tree, s->pid);
	sv_state_begin(&job, s);
	r = s->spec->prepare ? s->spec->prepare(s->spec->prepare_userdata) : 0;
	sv_state_go(&job, r >= 0);
	if (r < 0) {
		(void)kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, NULL, 0);
		(void)sv_state_end(&job, false);
		return r;
	}
	r = handoff(s, res, diag);
	if (r == 0)
		r = release_launcher(s);
	if (r == -EPROTO) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "the launcher's first call was not the expected one");
		(void)kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, NULL, 0);
	}
	q = sv_state_end(&job, r >= 0);
	if (r < 0 || q >= 0)
		return r;
	scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "cannot create the state directory under %s: %s",
		      s->spec->state_base, strerror(-q));
	if (r == 0) { /* with 1 the child is already reaped: its pid may be another's */
		(void)kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, NULL, 0);
	}
	return q;
}

void sv_teardown(struct supervisor *s)
{
	sv_log_done(s); /* its thread writes into the state's files */
	if (s->state.dir)
		scfs_state_close(&s->state); /* closes the base it took over */
	if (s->base_fd >= 0)
		close(s->base_fd);
	for (int *fd = &s->listener; fd <= &s->setup_r; fd++)
		if (*fd >= 0)
			close(*fd);
	for (size_t i = 0; i < s->n_extra; i++)
		if (s->extra[i] >= 0)
			close(s->extra[i]);
	if (s->control >= 0)
		close(s->control);
	if (s->kmsg >= 0)
		close(s->kmsg);
	ptree_close(&s->tree);
	scfs_observer_done(&s->obs);
	free(s->req);
	free(s->resp);
	free(s->setup_failure);
}

int scfs_run(const struct scfs_run_spec *spec, struct scfs_run_result *res, struct scfs_diag *diag)
{
	struct supervisor s = { .spec = spec, .listener = -1, .sigfd = -1, .exec_r = -1, .setup_r = -1, .kmsg = -1,
				.control = -1,
				.tree = { .nl = -1 }, .base_fd = -1,
				.state = { .base_fd = -1, .dir_fd = -1, .denied_fd = -1, .jsonl_fd = -1 } };
	_cleanup_free_ char *why = NULL;
	struct launch l = { .spec = spec, .obs = &s.obs };
	sigset_t old;
	uint64_t cookie;
	int r;

	*res = (struct scfs_run_result){ 0 };
	if (getrandom(&cookie, sizeof(cookie), 0) != sizeof(cookie))
		return -errno;

	r = scfs_observer_init(&s.obs, spec->filter, spec->mode, cookie, diag);
	if (r < 0)
		return r;
	/* TSYNC means nothing for a single-threaded child and the kernel refuses
	 * it with NEW_LISTENER; runc ignores it too. */
	l.flags = (spec->filter->flags & ~(unsigned)SECCOMP_FILTER_FLAG_TSYNC) | SECCOMP_FILTER_FLAG_NEW_LISTENER;
	/* Once scfs holds a notification only a fatal signal may interrupt the
	 * call (Linux 5.19+): else a signal handler of the target's turns a
	 * call scfs lets through into EINTR, which the kernel never gives for
	 * an allowed fork (seen under load in complain mode: "sh: Cannot fork"). */
	if (scfs_sys_filter_flags_supported(l.flags | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV))
		l.flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	if (!scfs_sys_filter_flags_supported(l.flags)) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "flags", "this kernel does not support the filter flags 0x%x", l.flags);
		scfs_observer_done(&s.obs);
		return -EOPNOTSUPP;
	}
	/* Checked before the target exists: a refused base means it never runs. */
	s.base_fd = scfs_state_base_open(spec->state_base, &why);
	if (s.base_fd < 0) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "state directory %s", why);
		scfs_observer_done(&s.obs);
		return s.base_fd;
	}
	r = sv_alloc_notif(&s);
	if (r == 0)
		r = s.sigfd = signals_setup(&old);
	if (r >= 0) {
		/* Orphaned descendants come back to us, so the filter's last user
		 * is always reaped and the listener reports the end. */
		(void)prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
		r = launch(&s, &l, res, diag);
		if (r == 0)
			r = sv_loop(&s);
		/* r == 1: the child failed before the filter; finish says why. */
		if (r >= 0)
			finish(&s, res);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	sv_teardown(&s);
	return r < 0 ? r : 0;
}

void scfs_run_result_done(struct scfs_run_result *res)
{
	free(res->summary);
	free(res->entries);
	res->summary = NULL;
	res->entries = NULL;
}
