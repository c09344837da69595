/* The daemon's state: options, poll waiters with their inotify watcher,
 * and the cache of dumped host filters.  Nothing here is a record of
 * anything: all of it can be lost with the daemon. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>

#include "fs.h"

/* Events in a target's directory that may change what its log's poll
 * reports: an appended denial, "exit" renamed into place, the directory
 * removed. */
#define WATCH_MASK (IN_MODIFY | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_ONLYDIR)

struct fs_session *fs_session_get(void)
{
	return fuse_get_context()->private_data;
}

int fs_session_init(struct fs_session *s, const char *base, bool debug)
{
	*s = (struct fs_session){ .inotify_fd = -1, .stop_fd = -1 };
	s->base = scfs_xstrdup(base);
	s->debug = debug;
	s->uid = getuid();
	s->gid = getgid();
	s->entry_timeout = 1.0;
	s->can_dump = scfs_host_can_dump_filters();
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->dump_lock, NULL);
	return 0;
}

/* Take @h off the waiters list; s->lock held. */
static void waiter_unlink(struct fs_session *s, struct fs_handle *h)
{
	if (h->prev)
		h->prev->next = h->next;
	else
		s->waiters = h->next;
	if (h->next)
		h->next->prev = h->prev;
	h->next = h->prev = NULL;
}

/* Wake every waiter whose directory saw an event (all of them if @all). */
static void wake(struct fs_session *s, const int *wds, size_t n, bool all)
{
	pthread_mutex_lock(&s->lock);
	for (struct fs_handle *h = s->waiters, *next; h; h = next) {
		bool hit = all;

		next = h->next;
		for (size_t i = 0; !hit && i < n; i++)
			hit = h->wd == wds[i];
		if (!hit)
			continue;
		/* The kernel polls again and gets a fresh handle: one
		 * notification per handle, as fuse_notify_poll() wants. */
		(void)fuse_notify_poll(h->ph);
		fuse_pollhandle_destroy(h->ph);
		h->ph = NULL;
		h->wd = -1;
		waiter_unlink(s, h);
	}
	pthread_mutex_unlock(&s->lock);
}

static void *watcher_main(void *arg)
{
	struct fs_session *s = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));

	for (;;) {
		struct pollfd p[2] = { { s->inotify_fd, POLLIN, 0 }, { s->stop_fd, POLLIN, 0 } };
		int wds[64];
		size_t n = 0;
		bool all = false;
		ssize_t len;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents)
			break;
		len = read(s->inotify_fd, buf, sizeof(buf));
		if (len <= 0)
			continue;
		for (char *q = buf; q < buf + len;) {
			const struct inotify_event *e = (const struct inotify_event *)q;

			if (e->mask & IN_Q_OVERFLOW)
				all = true;
			else if (n < ELEMENTSOF(wds))
				wds[n++] = e->wd;
			else
				all = true;
			q += sizeof(*e) + e->len;
		}
		wake(s, wds, n, all);
	}
	return NULL;
}

void fs_session_start(struct fs_session *s)
{
	s->inotify_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	s->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (s->inotify_fd < 0 || s->stop_fd < 0) {
		fprintf(stderr, "scfs-fs: no inotify (%s): poll on denied reports readiness only when asked\n",
			strerror(errno));
		return;
	}
	if (pthread_create(&s->watcher, NULL, watcher_main, s) == 0)
		s->watcher_running = true;
}

void fs_session_stop(struct fs_session *s)
{
	if (s->watcher_running) {
		uint64_t one = 1;

		if (write(s->stop_fd, &one, sizeof(one)) == sizeof(one))
			pthread_join(s->watcher, NULL);
		else
			pthread_detach(s->watcher);
		s->watcher_running = false;
	}
	wake(s, NULL, 0, true);
}

void fs_session_done(struct fs_session *s)
{
	fs_session_stop(s);
	if (s->inotify_fd >= 0)
		close(s->inotify_fd);
	if (s->stop_fd >= 0)
		close(s->stop_fd);
	for (size_t i = 0; i < FS_FILTER_CACHE_SIZE; i++)
		scfs_host_filters_done(&s->cache[i].f);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->dump_lock);
	free(s->base);
	*s = (struct fs_session){ .inotify_fd = -1, .stop_fd = -1 };
}

void fs_session_poll_wait(struct fs_session *s, struct fs_handle *h, struct fuse_pollhandle *ph)
{
	char self[64];
	int wd = -1;

	/* The directory the handle opened, through its fd: a path could by
	 * now name another directory, or a link. */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", h->dirfd);
	if (s->inotify_fd >= 0 && h->dirfd >= 0)
		wd = inotify_add_watch(s->inotify_fd, self, WATCH_MASK);

	pthread_mutex_lock(&s->lock);
	if (h->ph) {
		fuse_pollhandle_destroy(h->ph);
	} else {
		h->prev = NULL;
		h->next = s->waiters;
		if (s->waiters)
			s->waiters->prev = h;
		s->waiters = h;
	}
	h->ph = ph;
	h->wd = wd;
	pthread_mutex_unlock(&s->lock);
}

void fs_session_poll_forget(struct fs_session *s, struct fs_handle *h)
{
	pthread_mutex_lock(&s->lock);
	if (h->ph) {
		fuse_pollhandle_destroy(h->ph);
		h->ph = NULL;
		waiter_unlink(s, h);
	}
	pthread_mutex_unlock(&s->lock);
}

static void filters_copy(const struct scfs_host_filters *from, struct scfs_host_filters *to)
{
	to->n = from->n;
	to->prog = scfs_xcalloc(from->n, sizeof(*to->prog));
	to->len = scfs_xcalloc(from->n, sizeof(*to->len));
	for (size_t i = 0; i < from->n; i++) {
		to->len[i] = from->len[i];
		to->prog[i] = scfs_xmalloc(from->len[i] * sizeof(struct sock_filter) + 1);
		memcpy(to->prog[i], from->prog[i], from->len[i] * sizeof(struct sock_filter));
	}
}

/* Under s->lock. */
static bool cache_get(struct fs_session *s, pid_t pid, unsigned long long start, int count, struct scfs_host_filters *ret)
{
	for (size_t i = 0; i < FS_FILTER_CACHE_SIZE; i++) {
		struct fs_filter_cache_entry *e = &s->cache[i];

		if (e->pid == pid && e->start_time == start && e->count == count) {
			e->used = ++s->cache_tick;
			filters_copy(&e->f, ret);
			return true;
		}
	}
	return false;
}

/* Under s->lock: replace the entry used longest ago. */
static void cache_put(struct fs_session *s, pid_t pid, unsigned long long start, int count,
		      const struct scfs_host_filters *f)
{
	struct fs_filter_cache_entry *victim = &s->cache[0];

	for (size_t i = 1; i < FS_FILTER_CACHE_SIZE; i++)
		if (s->cache[i].used < victim->used)
			victim = &s->cache[i];
	scfs_host_filters_done(&victim->f);
	victim->pid = pid;
	victim->start_time = start;
	victim->count = count;
	victim->used = ++s->cache_tick;
	filters_copy(f, &victim->f);
}

int fs_session_host_filters(struct fs_session *s, pid_t pid, pid_t requester, struct scfs_host_filters *ret)
{
	struct scfs_host_seccomp hs;
	unsigned long long start;
	bool hit;
	int r;

	*ret = (struct scfs_host_filters){ 0 };
	if (!s->can_dump)
		return -EPERM;
	r = scfs_host_seccomp_read(pid, &hs);
	if (r < 0)
		return r;
	if (hs.mode != SECCOMP_MODE_FILTER)
		return -ENOENT;
	start = scfs_host_start_time(pid);
	/* A process's filters never change, they are only added to: the same
	 * process (start time) with the same count has the same filters. */
	pthread_mutex_lock(&s->dump_lock);
	pthread_mutex_lock(&s->lock);
	hit = cache_get(s, pid, start, hs.filters, ret);
	pthread_mutex_unlock(&s->lock);
	if (hit) {
		pthread_mutex_unlock(&s->dump_lock);
		return 0;
	}
	if (requester == pid) {
		/* It waits for us in the kernel and cannot stop for ptrace. */
		pthread_mutex_unlock(&s->dump_lock);
		return -EDEADLK;
	}
	r = scfs_host_dump_filters(pid, ret);
	fs_debug(s, "dump of %d: %s, %zu filters\n", (int)pid, r < 0 ? strerror(-r) : "ok", ret->n);
	if (r == 0 && scfs_host_start_time(pid) == start && ret->n == (size_t)hs.filters) {
		pthread_mutex_lock(&s->lock);
		cache_put(s, pid, start, hs.filters, ret);
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_unlock(&s->dump_lock);
	return r;
}

void fs_session_opened(struct fs_session *s, struct fs_handle *h)
{
	pthread_mutex_lock(&s->lock);
	h->oprev = NULL;
	h->onext = s->opened;
	if (s->opened)
		s->opened->oprev = h;
	s->opened = h;
	pthread_mutex_unlock(&s->lock);
}

void fs_session_closed(struct fs_session *s, struct fs_handle *h)
{
	pthread_mutex_lock(&s->lock);
	if (h->oprev)
		h->oprev->onext = h->onext;
	else if (s->opened == h)
		s->opened = h->onext;
	if (h->onext)
		h->onext->oprev = h->oprev;
	h->onext = h->oprev = NULL;
	pthread_mutex_unlock(&s->lock);
}
