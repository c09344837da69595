/* scfs_run: fork the target, take its listener, answer and record every
 * notification until the target and its descendants are gone. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "launch.h"
#include "scfs/run.h"
#include "scfs/state.h"
#include "scfs/sys.h"

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

#define X32_SYSCALL_BIT 0x40000000u
#define COMM_CACHE 64

/* tid -> (tgid, comm), re-read after a short while: comm changes on exec. */
struct comm_entry {
	pid_t tid, tgid;
	char comm[32];
	int64_t read_ns;
};

struct supervisor {
	const struct scfs_run_spec *spec;
	struct scfs_observer obs;
	struct scfs_state state;
	pid_t pid;
	int listener, sigfd, exec_r, setup_r;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	bool exec_done, main_exited, listener_done;
	bool files_written; /* the state files other than info */
	int exec_errno; /* execve failed in the launcher, 0 if not */
	char *setup_failure; /* the child failed before loading the filter */
	int setup_code;
	int wait_status;
	bool execve_denied;
	uint32_t execve_rule;
	struct last_denial {
		bool set;
		uint32_t verdict, rule, arch;
		int nr;
	} last;
	struct comm_entry comm[COMM_CACHE];
};

static int64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const struct scfs_arch_info *arch_of(const struct seccomp_data *d, uint32_t *token)
{
	*token = d->arch;
	if (d->arch == AUDIT_ARCH_X86_64 && (d->nr & X32_SYSCALL_BIT))
		*token = SCMP_ARCH_X32;
	return scfs_arch_from_token(*token);
}

static struct comm_entry *lookup_comm(struct supervisor *s, pid_t tid)
{
	struct comm_entry *e = &s->comm[(unsigned)tid % COMM_CACHE];
	int64_t now = now_ns(CLOCK_MONOTONIC);
	_cleanup_free_ char *path = NULL;
	_cleanup_fclose_ FILE *f = NULL;
	char line[128];

	if (e->tid == tid && now - e->read_ns < 50000000)
		return e;
	*e = (struct comm_entry){ .tid = tid, .tgid = tid, .read_ns = now };
	snprintf(e->comm, sizeof(e->comm), "?");
	path = scfs_xasprintf("/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "Name:\t", 6) == 0) {
			line[strcspn(line, "\n")] = 0;
			snprintf(e->comm, sizeof(e->comm), "%.31s", line + 6);
		} else if (sscanf(line, "Tgid: %d", &e->tgid) == 1) {
			break;
		}
	}
	return e;
}

/* The rule as users know it: its index in the profile file's syscalls[]. */
static void rule_label(const struct supervisor *s, uint32_t rule, char *buf, size_t len)
{
	const struct scfs_profile *p = s->obs.filter->profile;

	if (rule == SCFS_RULE_DEFAULT)
		snprintf(buf, len, "default");
	else if (rule == SCFS_RULE_ENOSYS)
		snprintf(buf, len, "enosys");
	else if (rule < p->n_rules)
		snprintf(buf, len, "%zu", p->rules[rule].index);
	else
		snprintf(buf, len, "unknown");
}

static uint32_t source_rule(const struct supervisor *s, uint32_t rule)
{
	const struct scfs_profile *p = s->obs.filter->profile;

	return rule < p->n_rules ? (uint32_t)p->rules[rule].index : rule;
}

/* One line of the denial log (doc/state-format.md). */
static char *format_denial(struct supervisor *s, const struct seccomp_notif *req, uint32_t verdict, uint32_t rule)
{
	const struct seccomp_data *d = &req->data;
	uint32_t tok, act = verdict & SECCOMP_RET_ACTION_FULL, data = verdict & SECCOMP_RET_DATA;
	const struct scfs_arch_info *a = arch_of(d, &tok);
	_cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(tok, (int)d->nr);
	struct comm_entry *c = lookup_comm(s, (pid_t)req->pid);
	char when[64], rl[32], errpart[64] = "";
	struct timespec ts;
	struct tm tm;

	/* The tid may have died and been reused while /proc was read. */
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0)
		snprintf(c->comm, sizeof(c->comm), "?");
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	rule_label(s, rule, rl, sizeof(rl));
	if (act == SECCOMP_RET_ERRNO)
		snprintf(errpart, sizeof(errpart), " errno=%u errname=%s", data,
			 scfs_errno_name((int)data) ? scfs_errno_name((int)data) : "-");
	else if (act == SECCOMP_RET_TRACE)
		snprintf(errpart, sizeof(errpart), " errno=%d errname=ENOSYS", ENOSYS);
	for (char *p = c->comm; *p; p++)
		if (*p == ' ' || *p == '\t')
			*p = '_';
	return scfs_xasprintf("%s.%06ldZ pid=%d tid=%d comm=%s arch=%s syscall=%s nr=%d "
			      "args=0x%llx,0x%llx,0x%llx,0x%llx,0x%llx,0x%llx action=%s%s rule=%s mode=%s%s",
			      when, ts.tv_nsec / 1000, (int)c->tgid, (int)req->pid, c->comm, a ? a->scmp_name : "?",
			      name ? name : "?", (int)d->nr, (unsigned long long)d->args[0],
			      (unsigned long long)d->args[1], (unsigned long long)d->args[2],
			      (unsigned long long)d->args[3], (unsigned long long)d->args[4],
			      (unsigned long long)d->args[5], scfs_action_word_name(verdict), errpart, rl,
			      scfs_mode_string(s->spec->mode), s->exec_done ? "" : " phase=launcher");
}

static void record_denial(struct supervisor *s, const struct seccomp_notif *req, uint32_t verdict, uint32_t rule)
{
	_cleanup_free_ char *line = NULL;

	s->last = (struct last_denial){ true, verdict, rule, req->data.arch, req->data.nr };
	/* Past the cap only the count moves: no formatting in a storm. */
	if (scfs_state_log_full(&s->state)) {
		s->state.hdr->dropped++;
		return;
	}
	line = format_denial(s, req, verdict, rule);
	scfs_state_log_denial(&s->state, line);
}

/* "mkdir → EPERM (rule 12)" for the summary. */
static char *describe_last(const struct supervisor *s)
{
	struct seccomp_data d = { .arch = s->last.arch, .nr = s->last.nr };
	uint32_t tok, act = s->last.verdict & SECCOMP_RET_ACTION_FULL, data = s->last.verdict & SECCOMP_RET_DATA;
	_cleanup_free_ char *name = NULL;
	const char *what = scfs_action_word_name(s->last.verdict);
	char rl[32];

	if (!s->last.set)
		return scfs_xstrdup("-");
	(void)arch_of(&d, &tok);
	name = seccomp_syscall_resolve_num_arch(tok, d.nr);
	if (act == SECCOMP_RET_ERRNO && scfs_errno_name((int)data))
		what = scfs_errno_name((int)data);
	rule_label(s, s->last.rule, rl, sizeof(rl));
	return scfs_xasprintf("%s → %s%s (rule %s)", name ? name : "?", what,
			      s->spec->mode == SCFS_MODE_COMPLAIN ? ", allowed: complain mode" : "", rl);
}

static bool is_launch_call(const struct supervisor *s, const struct seccomp_data *d)
{
	return d->nr == (int)SCFS_LAUNCH_NR && d->arch == seccomp_arch_native() && d->args[0] == s->obs.cookie;
}

static void put_text(struct supervisor *s, const char *name, const char *text)
{
	(void)scfs_state_put(&s->state, name, text, strlen(text));
}

static char *join_argv(char *const *argv)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	for (size_t i = 0; argv[i]; i++)
		fprintf(m, "%s%s", i ? " " : "", argv[i]);
	fclose(m);
	return out;
}

static char *render_unknown(const struct scfs_filter *f)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &f->profile->rules[e->rule];

		if (e->status == SCFS_ENTRY_ADDED || e->status == SCFS_ENTRY_SKIPPED_DEFAULT)
			continue;
		fprintf(m, "%s\t%zu\t%s\t%s\n", r->names[e->name], r->index, e->arch->scmp_name,
			scfs_entry_status_string(e->status));
	}
	fclose(m);
	return out;
}

static char *render_info(struct supervisor *s)
{
	const struct scfs_run_spec *sp = s->spec;
	const struct scfs_profile *p = sp->filter->profile;
	_cleanup_free_ char *cmd = join_argv(sp->argv), *arches = NULL;
	const char *name = sp->name ? sp->name : strrchr(sp->argv[0], '/') ? strrchr(sp->argv[0], '/') + 1 : sp->argv[0];
	size_t alen = 0;
	FILE *m = open_memstream(&arches, &alen);

	fprintf(m, "%s", p->host_arch->scmp_name);
	for (size_t i = 0; i < p->n_arches; i++)
		if (p->arches[i] != p->host_arch)
			fprintf(m, " %s", p->arches[i]->scmp_name);
	fclose(m);
	return scfs_xasprintf("name\t%s\npid\t%d\nscfs_pid\t%d\ncommand\t%s\nprofile\t%s\nmode\t%s\narches\t%s\n"
			      "rules\t%zu\nstart_ns\t%lld\n",
			      name, (int)s->pid, (int)getpid(), cmd, sp->profile_path, scfs_mode_string(sp->mode), arches,
			      p->n_rules, (long long)s->state.hdr->start_ns);
}

/* Everything but "info": written once the launcher has been let go, so the
 * target does not wait for it (readers see each file appear whole). */
static void write_files(struct supervisor *s)
{
	const struct scfs_filter *f = s->spec->filter;
	_cleanup_free_ char *eff = scfs_profile_to_json(f->profile), *unknown = render_unknown(f);
	_cleanup_free_ char *pfc_path = scfs_xasprintf("%s/filter.txt", s->state.dir);
	int fd;

	if (s->files_written)
		return;
	s->files_written = true;
	(void)scfs_state_put(&s->state, "profile.json", s->spec->profile_text, s->spec->profile_len);
	put_text(s, "effective.json", eff);
	(void)scfs_state_put(&s->state, "filter.bpf", f->prog, f->prog_len * sizeof(*f->prog));
	(void)scfs_state_put(&s->state, "loaded.bpf", s->obs.prog, s->obs.prog_len * sizeof(*s->obs.prog));
	put_text(s, "unknown", unknown);
	fd = open(pfc_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		(void)scfs_filter_write_pfc(f, fd);
		close(fd);
	}
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
	if (s->exec_done)
		s->state.hdr->state = SCFS_TARGET_RUNNING;
}

/* Answer one notification exactly as the real filter would. */
static void answer(struct supervisor *s)
{
	struct seccomp_notif *req = s->req;
	struct seccomp_notif_resp *resp = s->resp;
	const struct seccomp_data *d = &req->data;
	uint32_t verdict, rule, tok, act;
	bool denies;

	memset(req, 0, sizeof(*req));
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		return; /* the caller died or was interrupted */
	memset(resp, 0, sizeof(*resp));
	resp->id = req->id;
	/* The execve that ended the launcher happened before this call. */
	if (!s->exec_done)
		check_exec(s);
	if (is_launch_call(s, d) && !s->exec_done) {
		if (d->args[1] == SCFS_LAUNCH_EXEC_FAILED)
			s->exec_errno = (int)d->args[2];
		(void)ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
		/* The launcher is on its way to execve; write while it goes. */
		write_files(s);
		return;
	}
	verdict = scfs_observer_verdict(&s->obs, d);
	rule = scfs_observer_rule(&s->obs, d, verdict);
	act = verdict & SECCOMP_RET_ACTION_FULL;
	denies = scfs_action_denies(verdict);
	(void)arch_of(d, &tok);
	scfs_state_count(&s->state, source_rule(s, rule), tok, (int)d->nr, verdict, denies);
	if (denies)
		record_denial(s, req, verdict, rule);
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
	(void)ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
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

static int loop(struct supervisor *s)
{
	while (!(s->main_exited && (s->listener_done || s->listener < 0))) {
		struct pollfd p[3] = {
			{ .fd = s->sigfd, .events = POLLIN },
			{ .fd = s->listener_done ? -1 : s->listener, .events = POLLIN },
			{ .fd = s->exec_r, .events = POLLIN },
		};

		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (p[2].revents)
			check_exec(s);
		if (p[1].revents & POLLIN)
			answer(s);
		else if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL))
			s->listener_done = true; /* no task uses the filter any more */
		if (p[0].revents & POLLIN)
			forward_signal(s);
	}
	return 0;
}

static const char *target_name(const struct scfs_run_spec *sp)
{
	return sp->name ? sp->name : sp->argv[0];
}

/* Why the target never ran, or NULL if it did. */
static char *launch_failure(struct supervisor *s, int *code)
{
	const struct scfs_run_spec *sp = s->spec;
	char rl[32];

	if (s->setup_failure) {
		*code = s->setup_code;
		return TAKE_PTR(s->setup_failure);
	}
	if (s->execve_denied) {
		rule_label(s, s->execve_rule, rl, sizeof(rl));
		*code = 126;
		return scfs_xasprintf("scfs: the profile denies execve (rule %s): %s was not run", rl, sp->argv[0]);
	}
	if (s->exec_errno) {
		*code = s->exec_errno == ENOENT ? 127 : 126;
		return scfs_xasprintf("scfs: cannot execute %s: %s", sp->argv[0], strerror(s->exec_errno));
	}
	if (!s->exec_done && WIFSIGNALED(s->wait_status) && WTERMSIG(s->wait_status) == SIGSYS) {
		*code = 126;
		return scfs_xasprintf("scfs: the profile kills execve: %s was not run", sp->argv[0]);
	}
	return NULL;
}

static void finish(struct supervisor *s, struct scfs_run_result *res)
{
	struct scfs_counters_header *h = s->state.hdr;
	int st = s->wait_status, code;
	_cleanup_free_ char *how = NULL, *exitf = NULL, *last = describe_last(s);
	char *failure = launch_failure(s, &code);

	write_files(s);

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
	if (!failure && h->denials)
		res->summary = scfs_xasprintf("scfs: %s %s after %llu denial%s%s; last: %s", target_name(s->spec), how,
					      (unsigned long long)h->denials, h->denials == 1 ? "" : "s",
					      h->dropped ? " (some not logged)" : "", last);
	exitf = scfs_xasprintf("state\t%s\ncode\t%d\nsignal\t%d\ndenials\t%llu\nlogged\t%llu\ndropped\t%llu\n"
			       "last\t%s\nsummary\t%s %s\n",
			       failure ? "failed" : "exited", code, WIFSIGNALED(st) ? WTERMSIG(st) : 0,
			       (unsigned long long)h->denials, (unsigned long long)h->logged,
			       (unsigned long long)h->dropped, last, target_name(s->spec), how);
	put_text(s, "exit", exitf);
	res->exit_code = code;
	res->pid = s->pid;
	res->denials = h->denials;
	res->dropped = h->dropped;
}

static int alloc_notif(struct supervisor *s)
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

static int start(struct supervisor *s, struct launch *l, struct scfs_diag *diag)
{
	_cleanup_free_ char *info = NULL;
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
	s->pid = fork();
	if (s->pid < 0)
		return -errno;
	if (s->pid == 0) {
		close(setup[0]);
		close(execp[0]);
		launch_child(l);
	}
	close(setup[1]);
	close(execp[1]);
	s->setup_r = setup[0];
	s->exec_r = execp[0];
	r = scfs_state_create(&s->state, s->spec->state_base, s->pid, s->spec->mode);
	if (r < 0) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "cannot create the state directory under %s: %s",
			      s->spec->state_base, strerror(-r));
		(void)kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, NULL, 0);
		return r;
	}
	s->state.hdr->start_ns = now_ns(CLOCK_REALTIME);
	info = render_info(s);
	put_text(s, "info", info);
	return 0;
}

int scfs_run(const struct scfs_run_spec *spec, struct scfs_run_result *res, struct scfs_diag *diag)
{
	struct supervisor s = { .spec = spec, .listener = -1, .sigfd = -1, .exec_r = -1, .setup_r = -1 };
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
	if (!scfs_sys_filter_flags_supported(l.flags)) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "flags", "this kernel does not support the filter flags 0x%x", l.flags);
		scfs_observer_done(&s.obs);
		return -EOPNOTSUPP;
	}
	r = alloc_notif(&s);
	if (r == 0)
		r = s.sigfd = signals_setup(&old);
	if (r >= 0) {
		/* Orphaned descendants come back to us, so the filter's last user
		 * is always reaped and the listener reports the end. */
		(void)prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
		r = start(&s, &l, diag);
		if (r == 0)
			r = handoff(&s, res, diag);
		if (r == 0)
			r = loop(&s);
		/* r == 1: the child failed before the filter; finish says why. */
		if (r >= 0)
			finish(&s, res);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (s.state.dir)
		scfs_state_close(&s.state);
	for (int *fd = &s.listener; fd <= &s.setup_r; fd++)
		if (*fd >= 0)
			close(*fd);
	scfs_observer_done(&s.obs);
	free(s.req);
	free(s.resp);
	free(s.setup_failure);
	return r < 0 ? r : 0;
}

void scfs_run_result_done(struct scfs_run_result *res)
{
	free(res->summary);
	res->summary = NULL;
}
