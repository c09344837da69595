/* Runs under the edited profile (runner.h). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner.h"

static long long realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int sctui_runner_init(struct sctui_runner *r, const char *state_dir, const struct scfs_env *env)
{
	_cleanup_free_ char *why = NULL;
	const char *tmp = env->tmp_dir;
	int fd;

	*r = (struct sctui_runner){ .mode = SCFS_MODE_ENFORCE };
	r->base = scfs_state_base(state_dir, env);
	r->cache_dir = scfs_fcache_dir(env);
	r->search_path = env->path;
	fd = scfs_state_base_open(r->base, &why);
	if (fd < 0) {
		snprintf(r->error, sizeof(r->error), "state directory %s", why ? why : strerror(-fd));
		return fd;
	}
	close(fd);
	r->log_dir = scfs_xasprintf("%s/sctui-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(r->log_dir)) {
		int e = errno;

		snprintf(r->error, sizeof(r->error), "cannot create a directory for the output in %s: %s",
			 tmp && *tmp ? tmp : "/tmp", strerror(e));
		return -e;
	}
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)(flag == FTW_DP ? rmdir(path) : unlink(path));
	return 0;
}

void sctui_runner_done(struct sctui_runner *r)
{
	sctui_runner_stop(r);
	if (r->log_dir)
		(void)nftw(r->log_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(r->base);
	free(r->cache_dir);
	free(r->log_dir);
	free(r->log_path);
	*r = (struct sctui_runner){ 0 };
}

bool sctui_runner_active(const struct sctui_runner *r)
{
	return r->pid > 0 && !r->finished;
}

void sctui_runner_stop(struct sctui_runner *r)
{
	int st = 0;

	if (!sctui_runner_active(r))
		return;
	(void)kill(r->pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		pid_t w = waitpid(r->pid, &st, WNOHANG);

		if (w == r->pid || (w < 0 && errno == ECHILD)) {
			r->finished = true;
			r->wait_status = st;
			return;
		}
		(void)nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
	}
	/* The supervisor leads its own session: take the target along. */
	(void)kill(-r->pid, SIGKILL);
	(void)kill(r->pid, SIGKILL);
	if (waitpid(r->pid, &st, 0) == r->pid)
		r->wait_status = st;
	r->finished = true;
}

/* In the forked supervisor: never returns. */
static void __attribute__((noreturn)) supervisor_main(const struct sctui_runner *r, const struct sctui_model *m,
						      char *const *argv, enum scfs_mode mode)
{
	static const int reset[] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH, SIGPIPE, SIGCHLD };
	struct scfs_run_result res = { 0 };
	struct scfs_pipeline pl = { 0 };
	struct scfs_run_spec spec;
	struct scfs_diag diag;
	sigset_t none;
	int fd, r2;

	(void)setsid();
	for (size_t i = 0; i < ELEMENTSOF(reset); i++)
		(void)signal(reset[i], SIG_DFL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || dup2(fd, STDIN_FILENO) < 0)
		_exit(EXIT_FAILURE);
	fd = open(r->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
		_exit(EXIT_FAILURE);
	/* Nothing of the UI's (the terminal included) reaches the target. */
	(void)close_range(3, UINT_MAX, 0);
	setvbuf(stderr, NULL, _IOLBF, 0);

	/* As scfs run takes it: the text the state keeps, expanded for the
	 * model's host, compiled through the cache. */
	scfs_diag_init(&diag, m->path);
	r2 = scfs_pipeline_parse(&pl, m->text, m->text_len, m->path, &m->host, &diag);
	if (r2 == 0)
		r2 = scfs_pipeline_compile(&pl, NULL, r->cache_dir, &diag);
	if (r2 < 0) {
		scfs_diag_print(&diag, stderr, SCFS_DIAG_WARNING);
		fprintf(stderr, "sctui: the profile does not compile: %s\n", strerror(-r2));
		_exit(125);
	}
	spec = (struct scfs_run_spec){
		.argv = argv,
		.mode = mode,
		.state_base = r->base,
		.drop_caps = r->drop_caps,
		.caps = m->host.caps,
		.filter = pl.filter,
		.profile_path = m->path,
		.profile_text = pl.text,
		.profile_len = pl.len,
		.search_path = r->search_path,
	};
	r2 = scfs_run(&spec, &res, &diag);
	if (r2 < 0) {
		scfs_diag_print(&diag, stderr, SCFS_DIAG_WARNING);
		fprintf(stderr, "sctui: scfs run failed: %s\n", strerror(-r2));
		_exit(125);
	}
	if (res.summary)
		fprintf(stderr, "%s\n", res.summary);
	fprintf(stderr, "sctui: exit status %d\n", res.exit_code);
	_exit(res.exit_code);
}

int sctui_runner_start(struct sctui_runner *r, const struct sctui_model *m, char *const *argv, enum scfs_mode mode)
{
	pid_t pid;

	if (!argv || !argv[0])
		return -EINVAL;
	sctui_runner_stop(r);
	r->run_no++;
	free(r->log_path);
	r->log_path = scfs_xasprintf("%s/run%u.log", r->log_dir, r->run_no);
	r->launched_ns = realtime_ns();
	r->pid = 0;
	r->finished = false;
	r->wait_status = 0;
	r->mode = mode;
	r->target = 0;
	r->denials = r->dropped = r->hits = 0;
	r->target_state = SCFS_TARGET_STARTING;
	r->denied_off = 0;
	r->partial_len = 0;
	r->n_seen = 0;
	r->drained = false;
	r->watching = false;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		supervisor_main(r, m, argv, mode);
	r->pid = pid;
	return 0;
}

/* ---- reading the state ------------------------------------------------ */

static const char *field(const char *line, const char *key, size_t *len)
{
	size_t kl = strlen(key);

	for (const char *p = line; (p = strstr(p, key)); p++)
		if ((p == line || p[-1] == ' ') && p[kl] == '=') {
			p += kl + 1;
			*len = strcspn(p, " \n");
			return p;
		}
	return NULL;
}

static void copy_field(const char *line, const char *key, char *out, size_t size)
{
	size_t len;
	const char *v = field(line, key, &len);

	if (!v)
		v = "?", len = 1;
	snprintf(out, size, "%.*s", (int)len, v);
}

int sctui_denial_parse(const char *line, struct sctui_denial *d)
{
	const char *t = strchr(line, 'T');
	char rule[12], num[24], errname[24], action[24], mode[16];

	*d = (struct sctui_denial){ 0 };
	if (!t || !field(line, "syscall", &(size_t){ 0 }))
		return -EINVAL;
	snprintf(d->time, sizeof(d->time), "%.12s", t + 1);
	copy_field(line, "comm", d->comm, sizeof(d->comm));
	copy_field(line, "syscall", d->syscall, sizeof(d->syscall));
	/* The decoded call, as logged (escaped, no blanks); longer ones are cut. */
	copy_field(line, "call", d->call, sizeof(d->call));
	copy_field(line, "action", action, sizeof(action));
	copy_field(line, "errname", errname, sizeof(errname));
	snprintf(d->result, sizeof(d->result), "%s", strcmp(action, "ERRNO") == 0 ? errname : action);
	copy_field(line, "rule", rule, sizeof(rule));
	if (isdigit((unsigned char)rule[0]))
		snprintf(d->rule, sizeof(d->rule), "syscalls[%s]", rule);
	else
		snprintf(d->rule, sizeof(d->rule), "%s", rule);
	copy_field(line, "pid", num, sizeof(num));
	d->pid = atoi(num);
	copy_field(line, "tid", num, sizeof(num));
	d->tid = atoi(num);
	copy_field(line, "mode", mode, sizeof(mode));
	d->complain = strcmp(mode, "complain") == 0;
	return 0;
}

static void take_line(struct sctui_runner *r, const char *line)
{
	struct sctui_denial d;

	if (sctui_denial_parse(line, &d) < 0)
		return;
	r->ring[r->n_seen % SCTUI_DENIALS_MAX] = d;
	r->n_seen++;
}

/* Read what was appended to "denied" since the last call. */
static bool read_denials(struct sctui_runner *r)
{
	/* As every reader of state: no link followed, no FIFO (scfs/state.h). */
	_cleanup_close_ int dirfd = scfs_state_dir_open(r->base, r->target);
	_cleanup_close_ int fd = dirfd < 0 ? -1 : scfs_state_file_open(dirfd, "denied", NULL);
	size_t before = r->n_seen;
	char buf[16384];
	ssize_t n;

	if (fd < 0)
		return false;
	/* Bounded work per poll: a storm is caught up over several ticks. */
	for (int rounds = 0; rounds < 64 && (n = pread(fd, buf, sizeof(buf), r->denied_off)) > 0; rounds++) {
		r->denied_off += n;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (r->partial_len < sizeof(r->partial) - 1)
					r->partial[r->partial_len++] = buf[i];
				continue;
			}
			r->partial[r->partial_len] = '\0';
			take_line(r, r->partial);
			r->partial_len = 0;
		}
	}
	return r->n_seen != before;
}

/* Whether <base>/@pid is this run's: supervised by our supervisor process
 * (scfs_pid in "info") and started after the launch, so that an old
 * directory of a supervisor that had the same pid is not taken. */
static bool is_our_target(const struct sctui_runner *r, pid_t pid)
{
	struct scfs_state_view v;
	_cleanup_free_ char *sp = NULL;
	bool ours;

	if (scfs_state_view_open_light(&v, r->base, pid, false) < 0)
		return false;
	sp = scfs_state_view_info(&v, "scfs_pid");
	ours = sp && atoi(sp) == (int)r->pid && v.hdr.start_ns >= r->launched_ns - 1000000000LL;
	scfs_state_view_done(&v);
	return ours;
}

/* The state base is shared with every other scfs run: look for the
 * directory our supervisor made (the base holds one per target). */
static pid_t find_target(const struct sctui_runner *r)
{
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;

	(void)scfs_state_pids(r->base, &pids, &n);
	for (size_t i = 0; i < n; i++)
		if (is_our_target(r, pids[i]))
			return pids[i];
	return 0;
}

static void watch_take(struct sctui_runner *r, const struct scfs_state_view *v)
{
	_cleanup_free_ char *label = scfs_state_view_label(v);
	_cleanup_free_ char *esc = label ? scfs_escape_str(label, SCFS_ESC_SHOW, " ") : NULL;

	snprintf(r->watch_label, sizeof(r->watch_label), "%s", esc ? esc : "?");
	r->watch_container = scfs_state_view_is_container(v);
	r->watch_start_ns = v->hdr.start_ns;
}

int sctui_runner_watch(struct sctui_runner *r, pid_t pid)
{
	struct scfs_state_view v;
	int e;

	if (sctui_runner_active(r))
		return -EBUSY;
	e = scfs_state_view_open_light(&v, r->base, pid, false);
	if (e < 0)
		return e;
	r->pid = 0;
	r->finished = true;
	free(r->log_path);
	r->log_path = NULL;
	r->target = pid;
	r->denials = r->dropped = r->hits = 0;
	r->denied_off = 0;
	r->partial_len = 0;
	r->n_seen = 0;
	r->drained = false;
	r->watching = true;
	r->watch_gone = false;
	r->watch_state[0] = '\0';
	watch_take(r, &v);
	scfs_state_view_done(&v);
	return 0;
}

void sctui_runner_unwatch(struct sctui_runner *r)
{
	/* Its denials go with it: the pane is the next run's. */
	r->watching = false;
	r->target = 0;
	r->n_seen = 0;
	r->denials = r->dropped = r->hits = 0;
}

/* A watched target: its counters, state and new denials.  Until it goes
 * away, every poll: it may be lost, ended or exited and still have lines
 * on the way. */
static bool poll_watched(struct sctui_runner *r, struct sctui_model *m)
{
	struct scfs_state_view v;
	bool changed = false;

	if (r->watch_gone)
		return false;
	if (scfs_state_view_open(&v, r->base, r->target) == 0 && v.hdr.start_ns == r->watch_start_ns) {
		const char *name = scfs_state_name(&v);

		changed = v.hdr.denials != r->denials || v.hdr.hits != r->hits || strcmp(name, r->watch_state) != 0;
		r->denials = v.hdr.denials;
		r->hits = v.hdr.hits;
		r->dropped = v.hdr.dropped;
		r->mode = v.hdr.mode;
		r->target_state = v.hdr.state;
		snprintf(r->watch_state, sizeof(r->watch_state), "%s", name);
		sctui_model_set_counters(m, &v);
		scfs_state_view_done(&v);
		return read_denials(r) || changed;
	}
	scfs_state_view_done(&v);
	r->watch_gone = true;
	snprintf(r->watch_state, sizeof(r->watch_state), "gone");
	return true;
}

bool sctui_runner_poll(struct sctui_runner *r, struct sctui_model *m)
{
	struct scfs_state_view v;
	bool changed = false, just_finished = false;
	int st;

	if (r->watching)
		return poll_watched(r, m);

	if (r->pid > 0 && !r->finished && waitpid(r->pid, &st, WNOHANG) == r->pid) {
		r->finished = true;
		r->wait_status = st;
		just_finished = changed = true;
	}
	/* After the end, one last read of the counters, and the denial log
	 * until it is drained. */
	if (!r->log_path || (r->finished && !just_finished && r->target && r->drained))
		return changed;
	if (r->finished && !just_finished && r->target) {
		r->drained = !read_denials(r);
		return !r->drained;
	}
	if (!r->target) {
		/* A run that ended without a state directory (refused before the
		 * target existed): one last look, then no more scans. */
		if (r->finished && !just_finished)
			return changed;
		r->target = find_target(r);
		if (!r->target)
			return changed;
		changed = true;
	}
	if (scfs_state_view_open(&v, r->base, r->target) == 0) {
		if (v.hdr.denials != r->denials || v.hdr.state != r->target_state || v.hdr.hits != r->hits)
			changed = true;
		r->denials = v.hdr.denials;
		r->hits = v.hdr.hits;
		r->dropped = v.hdr.dropped;
		r->target_state = v.hdr.state;
		sctui_model_set_counters(m, &v);
		scfs_state_view_done(&v);
	} else {
		scfs_state_view_done(&v);
	}
	if (read_denials(r))
		changed = true;
	else if (r->finished)
		r->drained = true;
	return changed;
}

const struct sctui_denial *sctui_runner_denial(const struct sctui_runner *r, size_t i)
{
	if (i >= r->n_seen || i >= SCTUI_DENIALS_MAX)
		return NULL;
	return &r->ring[(r->n_seen - 1 - i) % SCTUI_DENIALS_MAX];
}

/* The @seq-th line (from 0) of @text, or NULL; its length in *@len. */
static const char *nth_line(const char *text, size_t size, size_t seq, size_t *len)
{
	const char *p = text, *end = text + size, *nl;

	for (; seq > 0 && p < end; seq--) {
		nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	if (p >= end)
		return NULL;
	nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	return p;
}

/* Whether the object @o is the denial @d: the same syscall and thread. */
static bool same_denial(json_object *o, const struct sctui_denial *d, char *arch, size_t arch_size)
{
	json_object *name = NULL, *tid = NULL, *a = NULL;

	if (!json_object_object_get_ex(o, "syscall", &name) || !json_object_object_get_ex(o, "arch", &a) ||
	    strcmp(json_object_get_string(name), d->syscall) != 0)
		return false;
	json_object_object_get_ex(o, "tid", &tid);
	if (d->tid > 0 && json_object_get_int(tid) != d->tid)
		return false;
	snprintf(arch, arch_size, "%s", json_object_get_string(a));
	return true;
}

int sctui_runner_denial_call(const struct sctui_runner *r, size_t i, struct scfs_suggest_call *ret, char *arch,
			     size_t arch_size)
{
	const struct sctui_denial *d = sctui_runner_denial(r, i);
	_cleanup_close_ int dirfd = -1;
	_cleanup_free_ char *text = NULL, *one = NULL;
	_cleanup_free_ struct scfs_suggest_call *calls = NULL;
	size_t len = 0, ll = 0, n = 0, no_args = 0;
	const char *line;
	json_object *o;
	bool same;
	int e;

	if (!d || !r->target)
		return -ENOENT;
	dirfd = scfs_state_dir_open(r->base, r->target);
	if (dirfd < 0)
		return dirfd;
	e = scfs_state_file_read(dirfd, "denied.jsonl", SCFS_STATE_FILE_MAX, &text, &len);
	if (e < 0)
		return e;
	line = nth_line(text, len, r->n_seen - 1 - i, &ll);
	if (!line)
		return -ENOENT;
	one = strndup(line, ll);
	o = one ? json_tokener_parse(one) : NULL;
	same = o && same_denial(o, d, arch, arch_size);
	json_object_put(o);
	if (!same)
		return -ENOENT;
	if (scfs_suggest_read_denials(line, ll, &calls, &n, &no_args) < 0)
		return -EINVAL;
	if (n != 1)
		return no_args ? -ENODATA : -EINVAL;
	*ret = calls[0];
	return 0;
}

const char *sctui_runner_source(const struct sctui_runner *r, char *buf, size_t size)
{
	if (r->watching)
		snprintf(buf, size, "pid %d (%s %s)", (int)r->target, r->watch_container ? "container" : "target",
			 r->watch_label);
	else
		snprintf(buf, size, "run %u", r->run_no);
	return buf;
}

const char *sctui_runner_status(const struct sctui_runner *r, char *buf, size_t size)
{
	const char *mode = scfs_mode_string(r->mode);
	unsigned long long den = (unsigned long long)r->denials;

	if (r->watching)
		snprintf(buf, size, "watching %d, %s %s (%s): %s, %llu denial%s", (int)r->target,
			 r->watch_container ? "container" : "target", r->watch_label, mode,
			 r->watch_state[0] ? r->watch_state : "?", den, den == 1 ? "" : "s");
	else if (r->run_no == 0)
		snprintf(buf, size, "not run yet");
	else if (!r->log_path)
		snprintf(buf, size, "nothing followed (watching stopped)");
	else if (!r->finished)
		snprintf(buf, size, "run %u (%s): pid %d running, %llu denial%s", r->run_no, mode, (int)r->target,
			 den, den == 1 ? "" : "s");
	else if (WIFEXITED(r->wait_status))
		snprintf(buf, size, "run %u (%s): exited %d, %llu denial%s", r->run_no, mode,
			 WEXITSTATUS(r->wait_status), den, den == 1 ? "" : "s");
	else
		snprintf(buf, size, "run %u (%s): ended by signal %d, %llu denial%s", r->run_no, mode,
			 WIFSIGNALED(r->wait_status) ? WTERMSIG(r->wait_status) : 0, den, den == 1 ? "" : "s");
	return buf;
}

char *sctui_runner_output(const struct sctui_runner *r, size_t max)
{
	_cleanup_close_ int fd = -1;
	struct stat st;
	off_t from;
	char *out;
	ssize_t n;

	if (!r->log_path || (fd = open(r->log_path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0)
		return scfs_xstrdup("");
	from = st.st_size > (off_t)max ? st.st_size - (off_t)max : 0;
	out = scfs_xmalloc(max + 1);
	n = pread(fd, out, max, from);
	out[n > 0 ? n : 0] = '\0';
	return out;
}
