/* The denial log's records for notifications: who called (a comm cache
 * checked against the notification), the syscall's name (cached), and the
 * call's string arguments read from the target while it waits for the
 * answer.  The record goes to the log's thread (denial_log.c) after the
 * answer, which decodes and formats it, so the target waits for neither. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/uio.h>

#include "scfs/escape.h"
#include "supervise.h"

static bool read_comm(struct comm_entry *e)
{
	char buf[64];
	ssize_t n = pread(e->fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return false;
	/* The kernel adds one newline; a comm may hold others of its own. */
	buf[n - (buf[n - 1] == '\n')] = '\0';
	snprintf(e->comm, sizeof(e->comm), "%.31s", buf);
	return true;
}

/* The comm of @tid as it is now; *fresh says whether the thread's files
 * were opened just now (else the open file proves it is the same thread). */
static struct comm_entry *lookup_comm(struct supervisor *s, pid_t tid, bool *fresh)
{
	struct comm_entry *e = &s->comm[(unsigned)tid % COMM_CACHE];
	_cleanup_free_ char *path = NULL;
	_cleanup_fclose_ FILE *f = NULL;
	char line[128];

	*fresh = false;
	/* No event since it was read: the name is still the thread's. */
	if (e->open && e->tid == tid && e->watched)
		return e;
	if (e->open && e->tid == tid && read_comm(e)) {
		e->watched = s->tree.pids_ours;
		return e;
	}
	*fresh = true;
	if (e->open)
		close(e->fd);
	*e = (struct comm_entry){ .tid = tid, .tgid = tid };
	snprintf(e->comm, sizeof(e->comm), "?");
	path = scfs_xasprintf("/proc/%d/comm", (int)tid);
	e->fd = open(path, O_RDONLY | O_CLOEXEC);
	e->open = e->fd >= 0;
	if (e->open && !read_comm(e)) {
		close(e->fd);
		e->open = false;
	}
	free(path);
	path = scfs_xasprintf("/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &e->tgid) == 1)
			break;
	return e;
}

/* libseccomp resolves a number by a walk of its table and returns a fresh
 * copy; a storm of denials asks for the same few names again and again.
 * Which arguments are strings is kept with the name. */
static const struct name_entry *syscall_name(struct supervisor *s, uint32_t token, int nr)
{
	struct name_entry *e = &s->names[((unsigned)nr * 31u + token) % NAME_CACHE];

	if (!e->set || e->token != token || e->nr != nr) {
		free(e->name);
		*e = (struct name_entry){ .set = true, .token = token, .nr = nr,
					  .name = seccomp_syscall_resolve_num_arch(token, nr) };
		e->strings = e->name ? scfs_decode_string_args(e->name) : 0;
	}
	return e;
}

/* A string of the target's: process_vm_readv, one page at a time (a range
 * reaching into unmapped memory fails whole, and a string may end just
 * before it).  4096 is the smallest page: larger ones only cost more calls. */
int sv_read_string(pid_t tid, uint64_t addr, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		size_t want = 4096 - ((addr + got) & 4095);
		struct iovec local, remote;
		ssize_t n;
		char *nul;

		want = want < len - got ? want : len - got;
		local = (struct iovec){ buf + got, want };
		remote = (struct iovec){ (void *)(uintptr_t)(addr + got), want };
		n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
		if (n <= 0 && !got)
			return n < 0 ? -errno : -EFAULT;
		if (n <= 0)
			break; /* the string runs into memory that cannot be read: what came */
		nul = memchr(buf + got, '\0', (size_t)n);
		if (nul)
			return (int)(nul - buf);
		got += (size_t)n;
		if ((size_t)n < want)
			break;
	}
	return (int)got;
}

static bool is_compat32(const struct seccomp_data *d, uint32_t tok)
{
	return !(d->arch & __AUDIT_ARCH_64BIT) || tok == SCMP_ARCH_X32;
}

static void copy_name(char *to, size_t size, const char *name)
{
	size_t n = strnlen(name, size - 1);

	memcpy(to, name, n);
	to[n] = '\0';
}

/* The call's string arguments, read from @r->tid: the addresses the
 * decoder will ask for (narrowed as it narrows them), NULL ones not. */
static void read_strings(struct dlog_rec *r, unsigned mask)
{
	r->n = 0;
	for (unsigned i = 0; i < 6; i++) {
		uint64_t v = r->compat32 ? (uint32_t)r->args[i] : r->args[i];
		struct dlog_string *str = &r->str[r->n];

		if (!(mask & 1u << i) || !v)
			continue;
		str->addr = v;
		str->r = sv_read_string(r->tid, v, str->buf, sizeof(str->buf));
		r->n++;
	}
}

/* Before the answer: the thread's comm and the call's strings.  A fresh
 * /proc read may have raced with the thread's death and its tid's reuse,
 * and memory read by pid may be another process's; while the notification
 * is pending the thread cannot die, so its validity after the reads proves
 * them, asked of the listener that sent it (a container's exec'd
 * processes have listeners of their own, whose ids are not the first's). */
static struct comm_entry *denial_prepare(struct supervisor *s, int listener, const struct seccomp_notif *req)
{
	bool fresh;
	struct comm_entry *c = lookup_comm(s, (pid_t)req->pid, &fresh);
	const struct seccomp_data *d = &req->data;
	struct dlog_rec *r = &s->call;
	const struct name_entry *ne;
	uint32_t tok;

	(void)arch_of(d, &tok);
	ne = syscall_name(s, tok, (int)d->nr);
	r->line = r->json = NULL;
	r->tid = (pid_t)req->pid;
	r->nr = (int)d->nr;
	r->token = tok;
	r->ip = d->instruction_pointer;
	r->compat32 = is_compat32(d, tok);
	r->dead = false;
	memcpy(r->args, d->args, sizeof(r->args));
	copy_name(r->name, sizeof(r->name), ne->name ? ne->name : "?");
	read_strings(r, ne->strings);
	if ((fresh || r->n) && ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0) {
		if (fresh)
			snprintf(c->comm, sizeof(c->comm), "?");
		r->dead = r->n > 0; /* what was read may be another's: shown unread */
	} else if (fresh && c->open) {
		/* Read from the thread itself: events keep it true from here. */
		c->watched = s->tree.pids_ours;
	}
	s->last.decoded = true;
	return c;
}

char *sv_last_call(struct supervisor *s, const char *name)
{
	char out[DLOG_CALL_MAX];

	if (!s->last.set || !s->last.decoded)
		return scfs_xstrdup(name);
	snprintf(s->call.name, sizeof(s->call.name), "%s", name);
	dlog_call(&s->call, 0, out, sizeof(out));
	return scfs_xstrdup(out);
}

/* The part of recording a denial that must precede the answer; returns the
 * comm entry when a log line is to be written after it, NULL when the log
 * is full (then only the count moves: nothing read, nothing formatted). */
const struct comm_entry *sv_note_denial(struct supervisor *s, int listener, const struct seccomp_notif *req,
					uint32_t verdict, uint32_t rule)
{
	s->last = (struct last_denial){ .set = true, .verdict = verdict, .rule = rule, .arch = req->data.arch, .nr = req->data.nr };
	if (dlog_full(&s->log)) {
		s->state.hdr->dropped++;
		return NULL;
	}
	return denial_prepare(s, listener, req);
}

/* The rest, once the target has its answer and runs on: the record to the
 * log's thread. */
void sv_log_denial(struct supervisor *s, const struct seccomp_notif *req, const struct comm_entry *c,
		       uint32_t verdict, uint32_t rule)
{
	struct dlog_rec *r = &s->call;

	(void)req;
	clock_gettime(CLOCK_REALTIME, &r->when);
	r->pid = c->tgid;
	memcpy(r->comm, c->comm, sizeof(r->comm));
	r->verdict = verdict;
	r->rule = rule;
	r->launcher = !s->exec_done;
	dlog_push(&s->log, &s->state, s->obs.filter->profile, s->spec->mode, r);
}

void sv_log_line(struct supervisor *s, char *line, char *json)
{
	struct dlog_rec r = { .line = line, .json = json };

	if (dlog_full(&s->log)) {
		s->state.hdr->dropped++;
		s->state.dirty = true;
		free(line);
		free(json);
		return;
	}
	dlog_push(&s->log, &s->state, s->obs.filter->profile, s->spec->mode, &r);
}

int sv_log_merge(struct supervisor *s)
{
	return dlog_merge(&s->log, &s->state);
}

void sv_log_flush(struct supervisor *s)
{
	dlog_stop(&s->log, &s->state);
}

/* The connector's word that @tid (0: any) may have a new name or be
 * another thread: its cached comm is read again.  The loop reads these
 * events before it answers (supervise.c), and each is queued before the
 * change it reports is visible to a call of that thread, so a notification
 * pending when the loop woke is answered with its call's name.  One
 * corner remains: when a pending notification is withdrawn (a signal)
 * between the wake-up and the receive, the receive takes the next one,
 * which may have come, after a rename, in that window; its line then
 * carries the name before the rename.  The name is the target's own to
 * choose, so this costs accuracy only in a race the target arranges. */
static void comm_changed(void *ud, pid_t tid)
{
	struct supervisor *s = ud;

	if (!tid) {
		for (size_t i = 0; i < COMM_CACHE; i++)
			s->comm[i].watched = false;
		return;
	}
	if (s->comm[(unsigned)tid % COMM_CACHE].tid == tid)
		s->comm[(unsigned)tid % COMM_CACHE].watched = false;
}

void sv_comm_watch(struct supervisor *s)
{
	s->tree.task_changed = comm_changed;
	s->tree.ud = s;
	ptree_check_pids(&s->tree);
}

void sv_log_done(struct supervisor *s)
{
	dlog_done(&s->log, &s->state);
	for (size_t i = 0; i < COMM_CACHE; i++)
		if (s->comm[i].open)
			close(s->comm[i].fd);
	for (size_t i = 0; i < NAME_CACHE; i++)
		free(s->names[i].name);
}
