/* The denial log's lines for notifications: who called (a comm cache
 * checked against the notification), the syscall's name (cached), and a
 * line of fixed shape built without printf.  The line is formatted after
 * the answer, so the target does not wait for it. */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/ioctl.h>

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
	if (e->open && e->tid == tid && read_comm(e))
		return e;
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
 * copy; a storm of denials asks for the same few names again and again. */
static const char *syscall_name(struct supervisor *s, uint32_t token, int nr)
{
	struct name_entry *e = &s->names[((unsigned)nr * 31u + token) % NAME_CACHE];

	if (!e->set || e->token != token || e->nr != nr) {
		free(e->name);
		*e = (struct name_entry){ .set = true, .token = token, .nr = nr,
					  .name = seccomp_syscall_resolve_num_arch(token, nr) };
	}
	return e->name;
}

/* Before the answer: the thread's comm.  A fresh /proc read may have raced
 * with the thread's death and its tid's reuse; while the notification is
 * pending the thread cannot die, so its validity proves the read. */
static struct comm_entry *denial_comm(struct supervisor *s, const struct seccomp_notif *req)
{
	bool fresh;
	struct comm_entry *c = lookup_comm(s, (pid_t)req->pid, &fresh);

	if (fresh && ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0)
		snprintf(c->comm, sizeof(c->comm), "?");
	return c;
}

/* A line builder: printf's format parsing was a tenth of a denial storm's
 * time, for a line of fixed shape made of strings and integers. */
struct linebuf {
	char *p, *end;
};

static void put_str(struct linebuf *b, const char *str)
{
	while (*str && b->p < b->end)
		*b->p++ = *str++;
}

static void put_num(struct linebuf *b, unsigned long long v, unsigned base, bool negative)
{
	char tmp[24];
	int n = 0;

	if (negative && b->p < b->end)
		*b->p++ = '-';
	do
		tmp[n++] = "0123456789abcdef"[v % base];
	while ((v /= base) && n < (int)sizeof(tmp));
	while (n && b->p < b->end)
		*b->p++ = tmp[--n];
}

static void put_int(struct linebuf *b, long long v)
{
	put_num(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, 10, v < 0);
}

/* One line of the denial log (doc/state-format.md), into @buf. */
static void format_denial(struct supervisor *s, const struct seccomp_notif *req, const struct comm_entry *c,
			  uint32_t verdict, uint32_t rule, char *buf, size_t size)
{
	const struct seccomp_data *d = &req->data;
	uint32_t tok, act = verdict & SECCOMP_RET_ACTION_FULL, data = verdict & SECCOMP_RET_DATA;
	const struct scfs_arch_info *a = arch_of(d, &tok);
	const char *name = syscall_name(s, tok, (int)d->nr);
	struct linebuf b = { buf, buf + size - 1 };
	char when[48], rl[32], comm[DENIAL_COMM_FIELD_MAX];

	denial_time(when, sizeof(when));
	rule_label(s, rule, rl, sizeof(rl));
	put_str(&b, when);
	put_str(&b, " pid=");
	put_int(&b, c->tgid);
	put_str(&b, " tid=");
	put_int(&b, (pid_t)req->pid);
	put_str(&b, " comm=");
	denial_comm_field(c->comm, strlen(c->comm), comm, sizeof(comm));
	put_str(&b, comm);
	put_str(&b, " arch=");
	put_str(&b, a ? a->scmp_name : "?");
	put_str(&b, " syscall=");
	put_str(&b, name ? name : "?");
	put_str(&b, " nr=");
	put_int(&b, (int)d->nr);
	for (int i = 0; i < 6; i++) {
		put_str(&b, i ? ",0x" : " args=0x");
		put_num(&b, d->args[i], 16, false);
	}
	put_str(&b, " action=");
	put_str(&b, scfs_action_word_name(verdict));
	if (act == SECCOMP_RET_ERRNO || act == SECCOMP_RET_TRACE) {
		int e = act == SECCOMP_RET_ERRNO ? (int)data : ENOSYS;

		put_str(&b, " errno=");
		put_int(&b, e);
		put_str(&b, " errname=");
		put_str(&b, scfs_errno_name(e) ? scfs_errno_name(e) : "-");
	}
	put_str(&b, " rule=");
	put_str(&b, rl);
	put_str(&b, " mode=");
	put_str(&b, scfs_mode_string(s->spec->mode));
	put_str(&b, s->exec_done ? "" : " phase=launcher");
	*b.p = '\0';
}

/* The part of recording a denial that must precede the answer; returns the
 * comm entry when a log line is to be written after it, NULL when the log
 * is full (then only the count moves: no formatting in a storm). */
const struct comm_entry *sv_note_denial(struct supervisor *s, const struct seccomp_notif *req,
					    uint32_t verdict, uint32_t rule)
{
	s->last = (struct last_denial){ true, verdict, rule, req->data.arch, req->data.nr };
	if (scfs_state_log_full(&s->state)) {
		s->state.hdr->dropped++;
		return NULL;
	}
	return denial_comm(s, req);
}

/* The rest, once the target has its answer and runs on. */
void sv_log_denial(struct supervisor *s, const struct seccomp_notif *req, const struct comm_entry *c,
		       uint32_t verdict, uint32_t rule)
{
	/* Every field is bounded: 6 args of 18, names of 32, comm of
	 * DENIAL_COMM_FIELD_MAX at most. */
	char line[512];

	format_denial(s, req, c, verdict, rule, line, sizeof(line));
	scfs_state_log_append(&s->state, line);
	if (s->state.log_pending == 1)
		s->log_since = now_ns(CLOCK_MONOTONIC);
}

void sv_log_done(struct supervisor *s)
{
	for (size_t i = 0; i < COMM_CACHE; i++)
		if (s->comm[i].open)
			close(s->comm[i].fd);
	for (size_t i = 0; i < NAME_CACHE; i++)
		free(s->names[i].name);
}
