/* Open files of the view: a snapshot rendered at open, or the state file
 * itself; the session keeps the list (for fstat by path after removal). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>

#include "fs.h"

int fs_handle_open(struct fs_session *s, const char *path, const struct fsloc *loc, struct fs_handle **ret)
{
	const struct fsnode *node = loc->node;
	struct fs_handle *h = scfs_xcalloc(1, sizeof(*h));
	int r = 0;

	h->node = node;
	h->pid = loc->pid;
	h->fd = -1;
	h->dirfd = -1;
	h->wd = -1;
	h->owner = loc->owner;
	h->group = loc->group;
	h->path = scfs_xstrdup(path);
	if (node->render) {
		r = node->render(s, loc, &h->data, &h->len);
		h->mtime = fsloc_mtime(s, loc);
		s->n_renders++;
	} else {
		/* The fd is the snapshot: static files are replaced by rename,
		 * never rewritten, and the log only grows.  Opened as untrusted
		 * (no link, no FIFO, the directory owner's regular file). */
		h->fd = scfs_state_file_open(loc->dirfd, node->source, NULL);
		if (h->fd < 0)
			r = fs_state_error(h->fd);
		h->dirfd = fcntl(loc->dirfd, F_DUPFD_CLOEXEC, 3);
		if (r == 0 && h->dirfd < 0)
			r = -errno;
	}
	if (r < 0) {
		fs_handle_free(s, h);
		return r;
	}
	s->n_opens++;
	fs_session_opened(s, h);
	*ret = h;
	return 0;
}

void fs_handle_free(struct fs_session *s, struct fs_handle *h)
{
	if (!h)
		return;
	fs_session_poll_forget(s, h);
	fs_session_closed(s, h);
	if (h->fd >= 0)
		close(h->fd);
	if (h->dirfd >= 0)
		close(h->dirfd);
	free(h->data);
	free(h->path);
	free(h);
}

int fs_handle_stat(const struct fs_handle *h, struct stat *st)
{
	*st = (struct stat){ 0 };
	st->st_mode = S_IFREG | h->node->mode;
	st->st_uid = h->owner;
	st->st_gid = h->group;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	if (h->fd >= 0) {
		struct stat fst;

		if (fstat(h->fd, &fst) < 0)
			return -errno;
		st->st_size = fst.st_size;
		st->st_mtim = fst.st_mtim;
	} else {
		st->st_size = (off_t)h->len;
		st->st_mtim = h->mtime;
	}
	st->st_ctim = st->st_atim = st->st_mtim;
	st->st_blocks = (st->st_size + 511) / 512;
	return 0;
}

bool fs_handle_log_ended(const struct fs_handle *h)
{
	struct stat st;

	/* The directory removed (no links left), or "exit" in it. */
	if (fstat(h->dirfd, &st) < 0 || st.st_nlink == 0 || fstatat(h->dirfd, "exit", &st, AT_SYMLINK_NOFOLLOW) == 0)
		return true;
	/* No exit file: either running, or scfs was killed.  A target that is
	 * gone too will write no more. */
	return kill(h->pid, 0) < 0 && errno == ESRCH;
}

int fs_handle_stat_opened(struct fs_session *s, const char *path, uid_t uid, struct stat *st)
{
	int r = -ENOENT;

	pthread_mutex_lock(&s->lock);
	for (struct fs_handle *h = s->opened; h; h = h->onext)
		if (strcmp(h->path, path) == 0 && (uid == 0 || uid == h->owner)) {
			r = fs_handle_stat(h, st);
			break;
		}
	pthread_mutex_unlock(&s->lock);
	return r;
}

void fs_handle_free_all(struct fs_session *s)
{
	while (s->opened)
		fs_handle_free(s, s->opened);
}
