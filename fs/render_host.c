/* Host processes under seccomp as files: their status and their filters
 * (core/hostproc reads them; the session caches the dumps). */
#include <errno.h>

#include "fs.h"

int fs_render_host_status(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len)
{
	_cleanup_free_ char *st = NULL;
	int r = scfs_render_host_status(loc->pid, &st);

	if (r < 0)
		return r;
	/* Whether this view also has the target's recorded state. */
	*ret = scfs_xasprintf("%sTarget:\t%s\n", st, fs_target_exists(s, loc->pid) ? "yes" : "no");
	*ret_len = strlen(*ret);
	return 0;
}

static int host_filters(struct fs_session *s, const struct fsloc *loc, struct scfs_host_filters *f)
{
	/* The thread asking: it cannot stop while it waits for our answer. */
	pid_t requester = fuse_get_context()->pid;

	return fs_session_host_filters(s, loc->pid, requester, f);
}

int fs_render_host_filter_bpf(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len)
{
	struct scfs_host_filters f;
	int r = host_filters(s, loc, &f);
	size_t bytes;

	if (r < 0)
		return r;
	/* The filter the kernel runs first: the one installed last. */
	bytes = f.n ? f.len[0] * sizeof(struct sock_filter) : 0;
	*ret = scfs_xmalloc(bytes + 1);
	if (bytes)
		memcpy(*ret, f.prog[0], bytes);
	*ret_len = bytes;
	scfs_host_filters_done(&f);
	return 0;
}

int fs_render_host_filter_txt(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len)
{
	struct scfs_host_filters f;
	char *out = NULL;
	size_t len = 0;
	FILE *m;
	int r = host_filters(s, loc, &f);

	if (r < 0)
		return r;
	m = open_memstream(&out, &len);
	if (!m)
		abort();
	for (size_t i = 0; i < f.n; i++) {
		_cleanup_free_ char *text = scfs_render_bpf_text(f.prog[i], f.len[i]);

		fprintf(m, "%s# filter %zu of %zu%s: %zu instructions\n%s", i ? "\n" : "", i, f.n,
			i == 0 ? " (installed last, runs first)" : "", f.len[i], text);
	}
	fclose(m);
	scfs_host_filters_done(&f);
	*ret = out;
	*ret_len = len;
	return 0;
}

