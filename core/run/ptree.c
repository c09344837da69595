/* The target's process tree, from the kernel's process-event connector
 * (linux/cn_proc.h; no library wraps it, so the netlink exchange is done
 * here by hand) or, without it, from /proc. */
#include <errno.h>
#include <signal.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ptree.h"
#include "scfs/util.h"

/* An exited pid still counts for this long: its kernel record may follow
 * its exit, and pids are not reused that fast. */
#define GONE_KEEP_NS (2 * 1000000000LL)

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct ptree_slot *slot_of(struct ptree *t, pid_t pid)
{
	size_t i = ((size_t)pid * 2654435761u) & (t->cap - 1);

	while (t->slots[i].pid && t->slots[i].pid != pid)
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

/* Double the table, leaving out pids long gone. */
static void grow(struct ptree *t)
{
	struct ptree_slot *old = t->slots;
	size_t old_cap = t->cap;
	int64_t now = mono_ns();

	t->cap = old_cap ? old_cap * 2 : 64;
	t->slots = scfs_xcalloc(t->cap, sizeof(*t->slots));
	t->used = 0;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].pid || (old[i].gone_ns && now - old[i].gone_ns > GONE_KEEP_NS))
			continue;
		*slot_of(t, old[i].pid) = old[i];
		t->used++;
	}
	free(old);
}

static void add(struct ptree *t, pid_t pid)
{
	struct ptree_slot *s;

	if (pid <= 0)
		return;
	if ((t->used + 1) * 2 > t->cap)
		grow(t);
	s = slot_of(t, pid);
	if (!s->pid)
		t->used++;
	*s = (struct ptree_slot){ .pid = pid };
}

static bool known(struct ptree *t, pid_t pid)
{
	const struct ptree_slot *s = t->cap ? slot_of(t, pid) : NULL;

	return s && s->pid == pid && (!s->gone_ns || mono_ns() - s->gone_ns <= GONE_KEEP_NS);
}

static void mark_gone(struct ptree *t, pid_t pid)
{
	struct ptree_slot *s = t->cap ? slot_of(t, pid) : NULL;

	if (s && s->pid == pid)
		s->gone_ns = mono_ns();
}

static int listen_connector(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	struct __attribute__((packed)) {
		struct nlmsghdr nl;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} msg = {
		.nl = { .nlmsg_len = sizeof(msg), .nlmsg_type = NLMSG_DONE, .nlmsg_pid = (__u32)getpid() },
		.cn = { .id = { .idx = CN_IDX_PROC, .val = CN_VAL_PROC }, .len = sizeof(enum proc_cn_mcast_op) },
		.op = PROC_CN_MCAST_LISTEN,
	};
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || send(fd, &msg, sizeof(msg), 0) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

/* The process event in a connector message.  It follows the 20-byte
 * cn_msg header, so it is copied out rather than read in place: its 8-byte
 * members would be misaligned there. */
static bool event_of(const struct nlmsghdr *h, struct proc_event *ev)
{
	const struct cn_msg *cn = NLMSG_DATA(h);

	if (h->nlmsg_type != NLMSG_DONE || cn->id.idx != CN_IDX_PROC || cn->len < sizeof(*ev))
		return false;
	memcpy(ev, cn->data, sizeof(*ev));
	return true;
}

/* The kernel answers the listen request at once with an ack on the same
 * group; an unprivileged request is refused there (EPERM), though events
 * may still flow while someone else listens, which cannot be relied on. */
static int listen_refused(int fd)
{
	char buf[4096] __attribute__((aligned(NLMSG_ALIGNTO)));
	ssize_t n;

	for (int rounds = 0; rounds < 64 && (n = recv(fd, buf, sizeof(buf), 0)) > 0; rounds++)
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			struct proc_event ev;

			if (event_of(h, &ev) && ev.what == PROC_EVENT_NONE)
				return (int)ev.event_data.ack.err;
		}
	return 0;
}

void ptree_open(struct ptree *t)
{
	int fd, err;

	*t = (struct ptree){ .nl = -1, .self = getpid() };
	fd = listen_connector();
	if (fd < 0) {
		t->nl_error = -fd;
		return;
	}
	err = listen_refused(fd);
	if (err) {
		close(fd);
		t->nl_error = err;
		return;
	}
	t->nl = fd;
}

void ptree_close(struct ptree *t)
{
	if (t->nl >= 0)
		close(t->nl);
	free(t->slots);
	*t = (struct ptree){ .nl = -1 };
}

void ptree_set_root(struct ptree *t, pid_t root)
{
	t->root = root;
	add(t, root);
}

static void task_changed(struct ptree *t, pid_t tid)
{
	if (t->task_changed)
		t->task_changed(t->ud, tid);
}

/* Every event that can change what a tid names or what it is called. */
static void name_events(struct ptree *t, const struct proc_event *ev)
{
	switch (ev->what) {
	case PROC_EVENT_FORK:
		task_changed(t, ev->event_data.fork.child_pid);
		break;
	case PROC_EVENT_EXEC:
		task_changed(t, ev->event_data.exec.process_pid);
		break;
	case PROC_EVENT_COMM:
		task_changed(t, ev->event_data.comm.process_pid);
		break;
	case PROC_EVENT_EXIT:
		task_changed(t, ev->event_data.exit.process_pid);
		break;
	default:
		break;
	}
}

static void on_event(struct ptree *t, const struct proc_event *ev)
{
	name_events(t, ev);
	if (ev->what == PROC_EVENT_FORK) {
		const struct fork_proc_event *f = &ev->event_data.fork;

		/* A new process (not a thread) whose parent is ours. */
		if (f->child_pid == f->child_tgid && known(t, f->parent_tgid))
			add(t, f->child_tgid);
	} else if (ev->what == PROC_EVENT_EXIT) {
		const struct exit_proc_event *e = &ev->event_data.exit;

		if (e->process_pid != e->process_tgid || !known(t, e->process_tgid))
			return;
		/* A whole process killed by SIGSYS: a seccomp kill, most likely,
		 * whose record is then awaited.  exit_code is a wait status. */
		if ((e->exit_code & 0x7f) == SIGSYS && t->n_sigsys < ELEMENTSOF(t->sigsys))
			t->sigsys[t->n_sigsys++] = e->process_tgid;
		mark_gone(t, e->process_tgid);
	}
}

void ptree_drain(struct ptree *t)
{
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));

	while (t->nl >= 0) {
		ssize_t n = recv(t->nl, buf, sizeof(buf), 0);

		if (n < 0 && errno == ENOBUFS) {
			t->lost++; /* the socket overflowed: fall back to /proc for a while */
			task_changed(t, 0);
			continue;
		}
		if (n <= 0)
			return;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			struct proc_event ev;

			if (event_of(h, &ev))
				on_event(t, &ev);
		}
	}
}

void ptree_check_pids(struct ptree *t)
{
	char name[16] = "", buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	pid_t tid = gettid();
	ssize_t n;

	t->pids_ours = false;
	if (t->nl < 0 || prctl(PR_GET_NAME, name) < 0 || prctl(PR_SET_NAME, name) < 0)
		return;
	/* The event is queued before prctl returns; other processes' may
	 * come first (each is handled as any event). */
	while (!t->pids_ours && (n = recv(t->nl, buf, sizeof(buf), 0)) > 0)
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			struct proc_event ev;

			if (!event_of(h, &ev))
				continue;
			on_event(t, &ev);
			if (ev.what == PROC_EVENT_COMM && ev.event_data.comm.process_pid == tid &&
			    ev.event_data.comm.process_tgid == getpid() &&
			    strncmp(ev.event_data.comm.comm, name, sizeof(name)) == 0)
				t->pids_ours = true;
		}
}

size_t ptree_take_sigsys(struct ptree *t, pid_t *out, size_t max)
{
	size_t n = t->n_sigsys < max ? t->n_sigsys : max;

	memcpy(out, t->sigsys, n * sizeof(*out));
	memmove(t->sigsys, t->sigsys + n, (t->n_sigsys - n) * sizeof(*out));
	t->n_sigsys -= n;
	return n;
}

static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *close_paren;
	FILE *f;
	int ppid = 0;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* comm may hold blanks and parentheses: the state follows the last ')'. */
	close_paren = strrchr(buf, ')');
	if (!close_paren || sscanf(close_paren + 1, " %*c %d", &ppid) != 1)
		return 0;
	return (pid_t)ppid;
}

bool ptree_has(struct ptree *t, pid_t pid)
{
	if (known(t, pid))
		return true;
	/* /proc: the parent chain, while the process (or its zombie) exists. */
	for (int depth = 0; depth < 256 && pid > 1; depth++) {
		if (pid == t->root || pid == t->self)
			return depth > 0 || pid == t->root;
		pid = parent_of(pid);
	}
	return false;
}
