/* The FUSE operations: each resolves its path through the node table and
 * does the one thing it is for.  The mount is read-only (main.c adds "ro"),
 * so the kernel refuses writes with EROFS before they reach us. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>

#include "fs.h"

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	struct fs_session *s = fs_session_get();

	/* Names may be cached briefly (a vanished target fails at its next
	 * getattr or open anyway); attributes never, so that sizes are always
	 * those of what a read would return, and gone entries are not cached. */
	cfg->entry_timeout = s->entry_timeout;
	cfg->attr_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->direct_io = 1;
	cfg->kernel_cache = 0;
	fs_session_start(s);
	return s;
}

static void fs_destroy(void *data)
{
	struct fs_session *s = data;

	fs_session_stop(s);
	fs_debug(s, "served %lu opens, %lu renders\n", (unsigned long)s->n_opens, (unsigned long)s->n_renders);
}

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct fs_session *s = fs_session_get();
	struct fsloc loc;
	int r;

	if (fi && fi->fh)
		return fs_handle_stat((const struct fs_handle *)(uintptr_t)fi->fh, st);
	r = fsloc_resolve(s, path, &loc);
	if (r == 0)
		r = fsloc_permit(&loc, 0);
	if (r == 0)
		r = fsloc_stat(s, &loc, st);
	fsloc_done(&loc);
	if (r == -ENOENT)
		r = fs_handle_stat_opened(s, path, fuse_get_context()->uid, st);
	return r;
}

static int fs_access(const char *path, int mask)
{
	struct fsloc loc;
	int r = fsloc_resolve(fs_session_get(), path, &loc);

	if (r == 0)
		r = fsloc_permit(&loc, mask);
	fsloc_done(&loc);
	return r;
}

static int fs_readlink(const char *path, char *buf, size_t size)
{
	struct fs_session *s = fs_session_get();
	_cleanup_free_ char *target = NULL;
	struct fsloc loc;
	int r = fsloc_resolve(s, path, &loc);

	if (r == 0)
		r = fsloc_permit(&loc, 0);
	if (r == 0)
		r = fsloc_readlink(s, &loc, &target);
	fsloc_done(&loc);
	if (r < 0)
		return r;
	if (size == 0)
		return -EINVAL;
	/* libfuse wants it NUL-terminated, truncated to fit. */
	snprintf(buf, size, "%s", target);
	return 0;
}

static int fs_opendir(const char *path, struct fuse_file_info *fi)
{
	struct fsloc loc;
	int r = fsloc_resolve(fs_session_get(), path, &loc);

	if (r == 0 && loc.node->kind != FSNODE_DIR)
		r = -ENOTDIR;
	if (r == 0)
		r = fsloc_permit(&loc, R_OK | X_OK);
	fsloc_done(&loc);
	return r;
}

struct fill_ctx {
	void *buf;
	fuse_fill_dir_t filler;
};

static int fill_one(void *ctx, const char *name, mode_t type)
{
	struct fill_ctx *c = ctx;
	struct stat st = { .st_mode = type };

	return c->filler(c->buf, name, &st, 0, 0) ? -ENOMEM : 0;
}

/* One listing per call, computed from the state directory and /proc now:
 * targets that appear or vanish show at the next readdir. */
static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t off, struct fuse_file_info *fi,
		      enum fuse_readdir_flags flags)
{
	struct fs_session *s = fs_session_get();
	struct fill_ctx c = { buf, filler };
	struct fsloc loc;
	int r = fsloc_resolve(s, path, &loc);

	if (r == 0)
		r = fsloc_permit(&loc, R_OK | X_OK);
	if (r == 0)
		r = fsloc_list(s, &loc, fill_one, &c);
	fsloc_done(&loc);
	return r;
}

static int fs_open(const char *path, struct fuse_file_info *fi)
{
	struct fs_session *s = fs_session_get();
	struct fs_handle *h = NULL;
	struct fsloc loc;
	int r;

	if ((fi->flags & O_ACCMODE) != O_RDONLY || (fi->flags & O_TRUNC))
		return -EROFS;
	r = fsloc_resolve(s, path, &loc);
	if (r == 0 && loc.node->kind == FSNODE_DIR)
		r = -EISDIR;
	if (r == 0)
		r = fsloc_permit(&loc, R_OK);
	if (r == 0)
		r = fs_handle_open(s, path, &loc, &h);
	fsloc_done(&loc);
	if (r < 0)
		return r;
	/* Reads always reach us: sizes of generated files are not the page
	 * cache's business, and the log grows under the reader. */
	fi->direct_io = 1;
	fi->keep_cache = 0;
	fi->fh = (uintptr_t)h;
	return 0;
}

/* A state file a reader may send to a terminal: the bytes asked for with
 * those the escaping would change as '?' (same length: sizes and offsets
 * stay the file's).  Read with 3 bytes either side, which decide whether a
 * byte at an edge belongs to a valid UTF-8 sequence. */
static ssize_t read_text(int fd, char *buf, size_t size, off_t off)
{
	size_t pre = off < 3 ? (size_t)off : 3, got;
	_cleanup_free_ char *tmp = scfs_xmalloc(size + pre + 3);
	ssize_t n = pread(fd, tmp, size + pre + 3, off - (off_t)pre);

	if (n < 0)
		return -1;
	got = (size_t)n > pre ? (size_t)n - pre : 0;
	got = got < size ? got : size;
	scfs_escape_mask(tmp, (size_t)n, pre, pre + got, SCFS_ESC_MULTILINE);
	memcpy(buf, tmp + pre, got);
	return (ssize_t)got;
}

static int fs_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
	struct fs_handle *h = (struct fs_handle *)(uintptr_t)fi->fh;
	ssize_t n;

	if (off < 0)
		return -EINVAL;
	if (h->fd < 0) {
		/* A snapshot: the same bytes at every offset for this open. */
		if ((size_t)off >= h->len)
			return 0;
		n = (ssize_t)(size < h->len - (size_t)off ? size : h->len - (size_t)off);
		memcpy(buf, h->data + off, (size_t)n);
		return (int)n;
	}
	n = h->node->text ? read_text(h->fd, buf, size, off) : pread(h->fd, buf, size, off);
	if (n < 0)
		return -errno;
	if (h->node->kind == FSNODE_LOG)
		h->read_end = off + n;
	return (int)n;
}

static int fs_release(const char *path, struct fuse_file_info *fi)
{
	fs_handle_free(fs_session_get(), (struct fs_handle *)(uintptr_t)fi->fh);
	return 0;
}

/* Generated and static files are always readable.  The log is readable
 * when it holds bytes past the end of this open's last read, and hangs up
 * once the target has exited (no more will come). */
static int fs_poll(const char *path, struct fuse_file_info *fi, struct fuse_pollhandle *ph, unsigned *reventsp)
{
	struct fs_session *s = fs_session_get();
	struct fs_handle *h = (struct fs_handle *)(uintptr_t)fi->fh;
	struct stat st;
	unsigned ev = 0;

	if (h->node->kind != FSNODE_LOG) {
		if (ph)
			fuse_pollhandle_destroy(ph);
		*reventsp = POLLIN | POLLRDNORM;
		return 0;
	}
	/* Watch first, then look: an append between the two still wakes us. */
	if (ph)
		fs_session_poll_wait(s, h, ph);
	if (fstat(h->fd, &st) == 0 && st.st_size > h->read_end)
		ev |= POLLIN | POLLRDNORM;
	if (fs_handle_log_ended(h))
		ev |= POLLHUP;
	if (ev)
		fs_session_poll_forget(s, h);
	*reventsp = ev;
	return 0;
}

const struct fuse_operations fs_operations = {
	.init = fs_init,
	.destroy = fs_destroy,
	.getattr = fs_getattr,
	.access = fs_access,
	.readlink = fs_readlink,
	.opendir = fs_opendir,
	.readdir = fs_readdir,
	.open = fs_open,
	.read = fs_read,
	.release = fs_release,
	.poll = fs_poll,
};
