/* Targets of scfs run: which exist, their names, and their generated files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include "fs.h"

bool fs_target_exists(struct fs_session *s, pid_t pid)
{
	_cleanup_close_ int dirfd = scfs_state_dir_open(s->base, pid);

	return dirfd >= 0 && scfs_state_dir_is_target(dirfd);
}

int fs_state_error(int r)
{
	switch (-r) {
	case ELOOP:
	case ENOTDIR:
	case EMEDIUMTYPE:
	case EPERM:
	case EFBIG:
	case EBADMSG:
		return -EIO;
	default:
		return r;
	}
}

int fs_target_list(struct fs_session *s, pid_t **ret, size_t *ret_n)
{
	/* No state directory yet (nothing has run) or none readable: empty. */
	if (scfs_state_pids(s->base, ret, ret_n) < 0) {
		*ret = NULL;
		*ret_n = 0;
	}
	return 0;
}

/* A name as a directory entry: no '/', and nothing a terminal would act on
 * (scfs writes names escaped; a name that is not was not written by it). */
static bool usable_name(const char *n)
{
	return *n && !strchr(n, '/') && strcmp(n, ".") != 0 && strcmp(n, "..") != 0 && strlen(n) <= NAME_MAX &&
	       !scfs_escape_needed(n, strlen(n), SCFS_ESC_SHOW, NULL);
}

int fs_target_by_name(struct fs_session *s, const char *name, pid_t *ret)
{
	struct scfs_target_ref *t = NULL;
	size_t n;

	if (!usable_name(name))
		return -ENOENT;
	n = scfs_state_targets(s->base, NULL, NULL, &t);
	*ret = scfs_state_latest(t, n, name); /* pids wrap: the latest start wins */
	scfs_state_targets_free(t, n);
	return *ret ? 0 : -ENOENT;
}

int fs_target_names(struct fs_session *s, char ***ret, size_t *ret_n)
{
	struct scfs_target_ref *t = NULL;
	size_t n = scfs_state_targets(s->base, NULL, NULL, &t), k = 0;
	char **names = scfs_xcalloc(n, sizeof(*names));

	/* Each usable name once (the list is oldest first: keep the last). */
	for (size_t i = 0; i < n; i++) {
		bool keep = t[i].name && usable_name(t[i].name);

		for (size_t j = i + 1; keep && j < n; j++)
			keep = !t[j].name || strcmp(t[j].name, t[i].name) != 0;
		if (keep) {
			names[k++] = t[i].name;
			t[i].name = NULL;
		}
	}
	scfs_state_targets_free(t, n);
	*ret = names;
	*ret_n = k;
	return 0;
}

/* Rendered through core, from a view taken now: no state of our own. */
static int render_view(struct fs_session *s, const struct fsloc *loc, bool counters, char **ret, size_t *ret_len)
{
	struct scfs_state_view v;
	int r = scfs_state_view_open_light(&v, s->base, loc->pid, counters);

	if (r < 0)
		return fs_state_error(r);
	*ret = counters ? scfs_render_counters(&v) : scfs_render_status(&v);
	*ret_len = strlen(*ret);
	scfs_state_view_done(&v);
	return 0;
}

int fs_render_target_status(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len)
{
	return render_view(s, loc, false, ret, ret_len);
}

int fs_render_target_counters(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len)
{
	return render_view(s, loc, true, ret, ret_len);
}
