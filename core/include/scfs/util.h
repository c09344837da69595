/* Small helpers shared by every part of scfs: cleanup attributes,
 * ownership transfer and allocation that aborts on failure. */
#pragma once

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/types.h>

#define SCFS_API __attribute__((visibility("default")))

#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void freep(void *p)
{
	free(*(void **)p);
}

static inline void closep(const int *fd)
{
	if (*fd >= 0)
		(void)close(*fd);
}

static inline void fclosep(FILE **f)
{
	if (*f)
		(void)fclose(*f);
}

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)

/* Move ownership out of a cleanup-managed variable. */
#define TAKE_PTR(p)                        \
	({                                 \
		__typeof__(p) _p_ = (p);   \
		(p) = NULL;                \
		_p_;                       \
	})

#define TAKE_FD(fd)                        \
	({                                 \
		int _fd_ = (fd);           \
		(fd) = -1;                 \
		_fd_;                      \
	})

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failure in a CLI tool has no useful recovery; abort loudly. */
SCFS_API void *scfs_xmalloc(size_t n);
SCFS_API void *scfs_xcalloc(size_t n, size_t size);
SCFS_API void *scfs_xrealloc(void *p, size_t n, size_t size);
SCFS_API char *scfs_xstrdup(const char *s);
SCFS_API char *scfs_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* write(2) until all of @buf is written (EINTR retried). Returns 0 or -errno. */
SCFS_API int scfs_write_all(int fd, const void *buf, size_t len);

/* mkdir -p: @path and its missing parents, each made with @mode.
 * Returns 0 or -errno. */
SCFS_API int scfs_mkdir_p(const char *path, mode_t mode);

/* Create a fresh ".NAME.XXXXXXXX" in @dirfd (O_EXCL, O_NOFOLLOW): returns
 * the fd with its name in *ret_name, or -errno. */
SCFS_API int scfs_tmpfile_at(int dirfd, const char *name, mode_t mode, char **ret_name);
/* Write @name in @dirfd whole: a fresh temporary file renamed over it, so
 * no link is followed and readers see the old or the new content. */
SCFS_API int scfs_write_file_at(int dirfd, const char *name, const void *data, size_t len, mode_t mode);
/* Remove @name in @dirfd and, for a directory, what it holds (@depth
 * levels), never following a link.  Returns 0 or the first -errno. */
SCFS_API int scfs_rm_tree_at(int dirfd, const char *name, int depth);

/* Read a whole regular file, refusing files larger than max (-EFBIG),
 * directories (-EISDIR) and anything else that is not a regular file
 * (-EINVAL: a FIFO, a socket, a device), without blocking on them. */
SCFS_API int scfs_read_file(const char *path, size_t max, char **ret, size_t *ret_len);
