/* The denial log's lines for notifications: who called (a comm cache
 * checked against the notification), the syscall's name (cached), the call
 * decoded (its strings read from the target while it waits for the
 * answer), and a line of fixed shape built without printf.  The line is
 * formatted after the answer, so the target does not wait for it. */
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

/* The decoder's string reader: from the target, kept for the summary's
 * replay, or ESRCH once the notification is known to be gone. */
static int call_read(void *ud, uint64_t addr, char *buf, size_t len)
{
	struct sv_call *c = ud;
	struct sv_string *v = NULL;

	if (c->dead)
		return -ESRCH;
	if (c->replay) {
		for (unsigned i = 0; i < c->n && !v; i++)
			if (c->str[i].addr == addr)
				v = &c->str[i];
		if (!v)
			return -ENOENT;
	} else {
		if (c->n == ELEMENTSOF(c->str))
			return -E2BIG;
		v = &c->str[c->n++];
		v->addr = addr;
		v->r = sv_read_string(c->tid, addr, v->buf, sizeof(v->buf));
	}
	if (v->r > 0)
		memcpy(buf, v->buf, (size_t)v->r < len ? (size_t)v->r : len);
	return v->r;
}

static bool is_compat32(const struct seccomp_data *d, uint32_t tok)
{
	return !(d->arch & __AUDIT_ARCH_64BIT) || tok == SCMP_ARCH_X32;
}

/* Before the answer: the thread's comm and the call's strings.  A fresh
 * /proc read may have raced with the thread's death and its tid's reuse,
 * and memory read by pid may be another process's; while the notification
 * is pending the thread cannot die, so its validity after the reads proves
 * them. */
static struct comm_entry *denial_prepare(struct supervisor *s, const struct seccomp_notif *req)
{
	bool fresh;
	struct comm_entry *c = lookup_comm(s, (pid_t)req->pid, &fresh);
	const struct seccomp_data *d = &req->data;
	uint32_t tok;
	const char *name;

	(void)arch_of(d, &tok);
	name = syscall_name(s, tok, (int)d->nr);
	s->call.tid = (pid_t)req->pid;
	s->call.n = 0;
	s->call.replay = s->call.dead = false;
	s->last.compat32 = is_compat32(d, tok);
	memcpy(s->last.args, d->args, sizeof(s->last.args));
	scfs_decode_call_flags(name ? name : "?", s->last.args, s->last.compat32, SCFS_DECODE_FIELD, call_read, &s->call,
			       s->call.field, sizeof(s->call.field));
	if ((fresh || s->call.n) && ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0) {
		if (fresh)
			snprintf(c->comm, sizeof(c->comm), "?");
		if (s->call.n) {
			s->call.dead = true;
			s->call.n = 0;
			scfs_decode_call_flags(name ? name : "?", s->last.args, s->last.compat32, SCFS_DECODE_FIELD,
					       call_read, &s->call, s->call.field, sizeof(s->call.field));
		}
	}
	s->last.decoded = true;
	return c;
}

char *sv_last_call(struct supervisor *s, const char *name)
{
	char out[sizeof(s->call.field)];

	if (!s->last.set || !s->last.decoded)
		return scfs_xstrdup(name);
	s->call.replay = true;
	scfs_decode_call(name, s->last.args, s->last.compat32, call_read, &s->call, out, sizeof(out));
	return scfs_xstrdup(out);
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

/* One line of the denial log (doc/state-format.md), into @buf, from @r. */
static void format_line(const struct denial_record *r, const char *comm_field, char *buf, size_t size)
{
	struct linebuf b = { buf, buf + size - 1 };

	put_str(&b, r->time);
	put_str(&b, " pid=");
	put_int(&b, r->pid);
	put_str(&b, " tid=");
	put_int(&b, r->tid);
	put_str(&b, " comm=");
	put_str(&b, comm_field);
	put_str(&b, " arch=");
	put_str(&b, r->arch);
	put_str(&b, " syscall=");
	put_str(&b, r->syscall);
	put_str(&b, " nr=");
	put_int(&b, r->nr);
	put_str(&b, " call=");
	put_str(&b, r->call);
	put_str(&b, " action=");
	put_str(&b, r->action);
	if (r->err >= 0) {
		put_str(&b, " errno=");
		put_int(&b, r->err);
		put_str(&b, " errname=");
		put_str(&b, r->errname);
	}
	put_str(&b, " rule=");
	put_str(&b, r->rule);
	put_str(&b, " mode=");
	put_str(&b, r->mode);
	put_str(&b, r->launcher ? " phase=launcher" : "");
	*b.p = '\0';
}

/* The denial's line into @buf and its JSON object (valid until the next). */
static const char *format_denial(struct supervisor *s, const struct seccomp_notif *req, const struct comm_entry *c,
			   uint32_t verdict, uint32_t rule, char *buf, size_t size)
{
	const struct seccomp_data *d = &req->data;
	uint32_t tok, act = verdict & SECCOMP_RET_ACTION_FULL, data = verdict & SECCOMP_RET_DATA;
	const struct scfs_arch_info *a = arch_of(d, &tok);
	const char *name = syscall_name(s, tok, (int)d->nr);
	char when[48], rl[32], comm[DENIAL_COMM_FIELD_MAX], jcomm[DENIAL_COMM_FIELD_MAX];
	int e = act == SECCOMP_RET_ERRNO ? (int)data : act == SECCOMP_RET_TRACE ? ENOSYS : -1;
	struct denial_record r = {
		.time = when, .pid = c->tgid, .tid = (pid_t)req->pid, .comm = jcomm, .arch = a ? a->scmp_name : "?",
		.syscall = name ? name : "?", .nr = (int)d->nr, .args = s->last.args, .call = s->call.field,
		.action = scfs_action_word_name(verdict), .err = e,
		.errname = e >= 0 && scfs_errno_name(e) ? scfs_errno_name(e) : "-", .rule = rl,
		.mode = scfs_mode_string(s->spec->mode), .source = "notify", .ip = d->instruction_pointer,
		.launcher = !s->exec_done,
	};

	denial_time(when, sizeof(when));
	rule_label(s, rule, rl, sizeof(rl));
	denial_comm_field(c->comm, strlen(c->comm), comm, sizeof(comm));
	/* In JSON blanks are no separators: the comm escaped as any text. */
	scfs_escape_buf(jcomm, sizeof(jcomm), c->comm, strlen(c->comm), 0, NULL);
	format_line(&r, comm, buf, size);
	return denial_json_cached(&s->json, &r);
}

/* The part of recording a denial that must precede the answer; returns the
 * comm entry when a log line is to be written after it, NULL when the log
 * is full (then only the count moves: no formatting in a storm). */
const struct comm_entry *sv_note_denial(struct supervisor *s, const struct seccomp_notif *req,
					    uint32_t verdict, uint32_t rule)
{
	s->last = (struct last_denial){ .set = true, .verdict = verdict, .rule = rule, .arch = req->data.arch, .nr = req->data.nr };
	if (scfs_state_log_full(&s->state)) {
		s->state.hdr->dropped++;
		return NULL;
	}
	return denial_prepare(s, req);
}

/* The rest, once the target has its answer and runs on. */
void sv_log_denial(struct supervisor *s, const struct seccomp_notif *req, const struct comm_entry *c,
		       uint32_t verdict, uint32_t rule)
{
	/* Every field is bounded: the call (its own bound), names of 32,
	 * comm of DENIAL_COMM_FIELD_MAX at most. */
	char line[sizeof(s->call.field) + 512];
	const char *json = format_denial(s, req, c, verdict, rule, line, sizeof(line));

	scfs_state_log_append(&s->state, line, json);
	if (s->state.log_pending == 1)
		s->log_since = now_ns(CLOCK_MONOTONIC);
}

void sv_log_done(struct supervisor *s)
{
	denial_json_cache_done(&s->json);
	for (size_t i = 0; i < COMM_CACHE; i++)
		if (s->comm[i].open)
			close(s->comm[i].fd);
	for (size_t i = 0; i < NAME_CACHE; i++)
		free(s->names[i].name);
}
