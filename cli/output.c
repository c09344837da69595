/* Where a verb's -o output goes. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* A fresh temporary file in the destination's directory, renamed over
 * it: never a fixed name that someone else (in /tmp, say) could have
 * planted as a link, and never half a file at @path. */
int cli_write_out(const char *path, const void *data, size_t len)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_close_ int dfd = -1;
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;

	if (strcmp(path, "-") == 0)
		return fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : -EIO;
	if (!*name)
		return -EISDIR;
	dir = slash ? (slash == path ? scfs_xstrdup("/") : scfs_xasprintf("%.*s", (int)(slash - path), path)) : scfs_xstrdup(".");
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	return scfs_write_file_at(dfd, name, data, len, 0644);
}
