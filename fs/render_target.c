/* Targets of scfs run: which exist, their names, and their generated files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include "fs.h"

static bool is_pid_name(const char *s)
{
	return *s && *s != '0' && strlen(s) <= 10 && strspn(s, "0123456789") == strlen(s);
}

bool fs_target_at(int dirfd)
{
	struct stat st;

	return fstatat(dirfd, "counters.bin", &st, AT_SYMLINK_NOFOLLOW) == 0;
}

bool fs_target_exists(struct fs_session *s, pid_t pid)
{
	_cleanup_close_ int dirfd = scfs_state_dir_open(s->base, pid);

	return dirfd >= 0 && fs_target_at(dirfd);
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

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

int fs_target_list(struct fs_session *s, pid_t **ret, size_t *ret_n)
{
	DIR *d = opendir(s->base);
	pid_t *pids = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;

	*ret = NULL;
	*ret_n = 0;
	if (!d)
		return 0; /* no state directory yet: nothing has run */
	while ((e = readdir(d))) {
		char sub[32];
		struct stat st;
		long v;

		if (!is_pid_name(e->d_name))
			continue;
		v = strtol(e->d_name, NULL, 10);
		if (v <= 0 || v > INT_MAX)
			continue;
		snprintf(sub, sizeof(sub), "%ld", v);
		/* A link in place of a directory is no target (never followed). */
		if (fstatat(dirfd(d), sub, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
			continue;
		strcat(sub, "/counters.bin");
		/* fstatat, not faccessat: no switch of credentials per entry. */
		if (fstatat(dirfd(d), sub, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue; /* being created, or not a target */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			pids = scfs_xrealloc(pids, cap, sizeof(*pids));
		}
		pids[n++] = (pid_t)v;
	}
	closedir(d);
	if (n)
		qsort(pids, n, sizeof(*pids), cmp_pid);
	*ret = pids;
	*ret_n = n;
	return 0;
}

/* A target's name and start, from its info file. */
struct named {
	char *name;
	pid_t pid;
	long long start_ns;
};

/* A name as a directory entry: no '/', and nothing a terminal would act on
 * (scfs writes names escaped; a name that is not was not written by it). */
static bool usable_name(const char *n)
{
	return *n && !strchr(n, '/') && strcmp(n, ".") != 0 && strcmp(n, "..") != 0 && strlen(n) <= NAME_MAX &&
	       !scfs_escape_needed(n, strlen(n), SCFS_ESC_SHOW, NULL);
}

static int read_named(struct fs_session *s, pid_t pid, struct named *ret)
{
	_cleanup_free_ char *start = NULL;
	_cleanup_close_ int dirfd = scfs_state_dir_open(s->base, pid);
	struct scfs_state_view info_only = { .pid = pid };
	size_t len;
	int r = dirfd < 0 ? dirfd : scfs_state_file_read(dirfd, "info", SCFS_STATE_INFO_MAX, &info_only.info, &len);

	if (r < 0)
		return r;
	/* A target's name, a container's name or short id (core decides). */
	ret->name = scfs_state_view_label(&info_only);
	start = scfs_state_view_info(&info_only, "start_ns");
	free(info_only.info);
	if (!ret->name || !usable_name(ret->name)) {
		free(ret->name);
		ret->name = NULL;
		return -ENOENT;
	}
	ret->pid = pid;
	ret->start_ns = start ? atoll(start) : 0;
	return 0;
}

/* Whether @a started after @b: the latest target of a name wins.  Start
 * time first (pids wrap), then the pid. */
static bool later(const struct named *a, const struct named *b)
{
	return a->start_ns != b->start_ns ? a->start_ns > b->start_ns : a->pid > b->pid;
}

/* Every target with a usable name, at most one per name (the latest). */
static int scan_names(struct fs_session *s, const char *only, struct named **ret, size_t *ret_n)
{
	_cleanup_free_ pid_t *pids = NULL;
	struct named *out = NULL;
	size_t n = 0, k = 0;
	int r = fs_target_list(s, &pids, &n);

	if (r < 0)
		return r;
	out = scfs_xcalloc(n, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		struct named t;
		size_t j;

		if (read_named(s, pids[i], &t) < 0)
			continue;
		if (only && strcmp(only, t.name) != 0) {
			free(t.name);
			continue;
		}
		for (j = 0; j < k && strcmp(out[j].name, t.name) != 0; j++)
			;
		if (j == k) {
			out[k++] = t;
		} else if (later(&t, &out[j])) {
			free(out[j].name);
			out[j] = t;
		} else {
			free(t.name);
		}
	}
	*ret = out;
	*ret_n = k;
	return 0;
}

int fs_target_by_name(struct fs_session *s, const char *name, pid_t *ret)
{
	struct named *all = NULL;
	size_t n = 0;
	int r;

	if (!usable_name(name))
		return -ENOENT;
	r = scan_names(s, name, &all, &n);
	if (r == 0 && n == 0)
		r = -ENOENT;
	if (r == 0)
		*ret = all[0].pid;
	for (size_t i = 0; i < n; i++)
		free(all[i].name);
	free(all);
	return r;
}

int fs_target_names(struct fs_session *s, char ***ret, size_t *ret_n)
{
	struct named *all = NULL;
	size_t n = 0;
	int r = scan_names(s, NULL, &all, &n);
	char **names;

	if (r < 0)
		return r;
	names = scfs_xcalloc(n, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = all[i].name;
	free(all);
	*ret = names;
	*ret_n = n;
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
