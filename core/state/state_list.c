/* Which targets a state directory holds: the one place that knows a
 * target is <base>/<pid>/ holding counters.bin (doc/state-format.md). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#include "scfs/state.h"

bool scfs_state_pid_name(const char *s, pid_t *ret)
{
	long v;

	/* As the writer names them: decimal, no leading zero, a valid pid. */
	if (!*s || *s == '0' || strlen(s) > 10 || strspn(s, "0123456789") != strlen(s))
		return false;
	v = strtol(s, NULL, 10);
	if (v <= 0 || v > INT_MAX)
		return false;
	if (ret)
		*ret = (pid_t)v;
	return true;
}

bool scfs_state_dir_is_target(int dirfd)
{
	struct stat st;

	/* fstatat, not faccessat: no switch of credentials per entry. */
	return fstatat(dirfd, "counters.bin", &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Whether entry @name of @d is a target's directory: a directory, never
 * a link to one, that holds counters.bin (one without it is being created,
 * or is not a target). */
static bool entry_is_target(DIR *d, const char *name)
{
	_cleanup_free_ char *sub = scfs_xasprintf("%s/counters.bin", name);
	struct stat st;

	if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
		return false;
	return fstatat(dirfd(d), sub, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* The pid-named entries of @base, ascending; with @targets_only only the
 * targets' directories. */
static int list_pids(const char *base, bool targets_only, pid_t **ret, size_t *ret_n)
{
	DIR *d = opendir(base);
	pid_t *pids = NULL, pid;
	size_t n = 0, cap = 0;
	struct dirent *e;

	*ret = NULL;
	*ret_n = 0;
	if (!d)
		return errno == ENOENT ? 0 : -errno; /* none yet: nothing has run */
	while ((e = readdir(d))) {
		if (!scfs_state_pid_name(e->d_name, &pid) || (targets_only && !entry_is_target(d, e->d_name)))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			pids = scfs_xrealloc(pids, cap, sizeof(*pids));
		}
		pids[n++] = pid;
	}
	closedir(d);
	if (n)
		qsort(pids, n, sizeof(*pids), cmp_pid);
	*ret = pids;
	*ret_n = n;
	return 0;
}

int scfs_state_pids(const char *base, pid_t **ret, size_t *ret_n)
{
	return list_pids(base, true, ret, ret_n);
}

static int by_start(const void *a, const void *b)
{
	const struct scfs_target_ref *x = a, *y = b;

	if (x->start_ns != y->start_ns)
		return x->start_ns < y->start_ns ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

size_t scfs_state_targets(const char *base, scfs_state_report_fn report, void *userdata,
			  struct scfs_target_ref **ret)
{
	_cleanup_free_ pid_t *pids = NULL;
	struct scfs_target_ref *v = NULL;
	size_t n = 0, n_out = 0;

	*ret = NULL;
	if (list_pids(base, false, &pids, &n) < 0 || n == 0)
		return 0;
	v = scfs_xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		struct scfs_state_view sv;
		/* Only the header and info: a long list stays cheap. */
		int r = scfs_state_view_open_light(&sv, base, pids[i], false);

		/* A state refused or malformed is the caller's to say; one
		 * without counters.bin is being created, or not a target. */
		if (r < 0 && r != -ENOENT && report)
			report(userdata, pids[i], r);
		if (r < 0)
			continue;
		v[n_out++] = (struct scfs_target_ref){ sv.pid, sv.hdr.start_ns, scfs_state_view_label(&sv) };
		scfs_state_view_done(&sv);
	}
	if (n_out)
		qsort(v, n_out, sizeof(*v), by_start);
	*ret = v;
	return n_out;
}

void scfs_state_targets_free(struct scfs_target_ref *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

pid_t scfs_state_latest(const struct scfs_target_ref *v, size_t n, const char *name)
{
	for (size_t i = n; i-- > 0;)
		if (!name || (v[i].name && strcmp(v[i].name, name) == 0))
			return v[i].pid;
	return 0;
}

pid_t scfs_state_find(const char *base, const char *who)
{
	struct scfs_target_ref *t = NULL;
	pid_t pid = 0;
	size_t n;

	if (!who || !*who)
		return 0;
	if (scfs_state_pid_name(who, &pid))
		return pid;
	n = scfs_state_targets(base, NULL, NULL, &t);
	pid = scfs_state_latest(t, n, strcmp(who, "last") == 0 ? NULL : who);
	/* A container also by its id, or a long enough prefix of it. */
	for (size_t i = n; i-- > 0 && !pid;) {
		struct scfs_state_view v;

		if (scfs_state_view_open_light(&v, base, t[i].pid, false) == 0) {
			if (scfs_state_view_named(&v, who))
				pid = t[i].pid;
			scfs_state_view_done(&v);
		}
	}
	scfs_state_targets_free(t, n);
	return pid;
}
