/* Allocation and file helpers. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "scfs/util.h"

static void oom(void)
{
	fputs("scfs: out of memory\n", stderr);
	abort();
}

void *scfs_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *scfs_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *scfs_xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	p = realloc(p, n * size > 0 ? n * size : 1);
	if (!p)
		oom();
	return p;
}

char *scfs_xstrdup(const char *s)
{
	char *r = strdup(s);
	if (!r)
		oom();
	return r;
}

char *scfs_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *r;

	va_start(ap, fmt);
	if (vasprintf(&r, fmt, ap) < 0)
		oom();
	va_end(ap);
	return r;
}

int scfs_mkdir_p(const char *path, mode_t mode)
{
	_cleanup_free_ char *p = scfs_xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	return mkdir(p, mode) < 0 && errno != EEXIST ? -errno : 0;
}

int scfs_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int scfs_read_file(const char *path, size_t max, char **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;
	struct stat st;

	/* Non-blocking so that a FIFO cannot hold the open (nor a device with
	 * no writer the read); only regular files are read at all. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (cap > max)
				return -EFBIG;
			cap = cap ? cap * 2 : 65536;
			buf = scfs_xrealloc(buf, cap + 1, 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return -EFBIG;
	}
	if (!buf)
		buf = scfs_xmalloc(1);
	buf[len] = 0;
	*ret = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

/* A name no other file in the directory has: ".NAME.XXXXXXXX" with random
 * hex, created with O_EXCL so a planted file or link is never opened. */
int scfs_tmpfile_at(int dirfd, const char *name, mode_t mode, char **ret_name)
{
	for (int tries = 0; tries < 100; tries++) {
		uint32_t rnd = 0;
		_cleanup_free_ char *tmp = NULL;
		int fd;

		if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
			rnd = (uint32_t)getpid() * 2654435761u ^ (uint32_t)tries;
		tmp = scfs_xasprintf(".%s.%08x", name, rnd);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0) {
			*ret_name = TAKE_PTR(tmp);
			return fd;
		}
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int scfs_write_file_at(int dirfd, const char *name, const void *data, size_t len, mode_t mode)
{
	_cleanup_free_ char *tmp = NULL;
	int fd = scfs_tmpfile_at(dirfd, name, mode, &tmp), r;

	if (fd < 0)
		return fd;
	r = scfs_write_all(fd, data, len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0)
		(void)unlinkat(dirfd, tmp, 0);
	return r;
}

/* Everything under @dirfd's entry @name, without following a link: a
 * link or file is unlinked, a directory emptied (to @depth levels) and
 * removed.  Best effort; returns the first error. */
int scfs_rm_tree_at(int at, const char *name, int depth)
{
	int fd, r = 0;
	DIR *d;
	struct dirent *e;

	if (unlinkat(at, name, 0) == 0)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -errno;
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	while ((e = readdir(d))) {
		int q;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		q = depth > 0 ? scfs_rm_tree_at(dirfd(d), e->d_name, depth - 1) : -ELOOP;
		if (q < 0 && r == 0)
			r = q;
	}
	closedir(d);
	if (unlinkat(at, name, AT_REMOVEDIR) < 0 && r == 0)
		r = -errno;
	return r;
}
