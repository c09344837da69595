/* The node table: every file and directory of the view, and the one walk
 * that getattr, readdir, open and readlink share. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>

#include "fs.h"

static const char *const status_mtime[] = { "counters.bin", "info", "denied", "exit", NULL };
static const char *const counters_mtime[] = { "counters.bin", "denied", NULL };

static bool host_can_dump(struct fs_session *s, const struct fsloc *loc)
{
	return s->can_dump;
}

/* The view, as doc/scfs.5 describes it.  A node backed by a state file
 * (@source) exists exactly while that file does: "exit" appears when the
 * target exits, a half-written target shows only what is there. */
static const struct fsnode fsnode_table[] = {
	{ .pattern = "/", .kind = FSNODE_DIR, .mode = 0555 },
	{ .pattern = "/<pid>", .kind = FSNODE_DIR, .mode = 0500 },
	{ .pattern = "/<pid>/status", .kind = FSNODE_FILE, .mode = 0400, .source = "counters.bin",
	  .render = fs_render_target_status, .mtime_from = status_mtime },
	{ .pattern = "/<pid>/counters", .kind = FSNODE_FILE, .mode = 0400, .source = "counters.bin",
	  .render = fs_render_target_counters, .mtime_from = counters_mtime },
	{ .pattern = "/<pid>/info", .kind = FSNODE_FILE, .mode = 0400, .source = "info", .text = true },
	{ .pattern = "/<pid>/profile.json", .kind = FSNODE_FILE, .mode = 0400, .source = "profile.json", .text = true },
	{ .pattern = "/<pid>/effective.json", .kind = FSNODE_FILE, .mode = 0400, .source = "effective.json", .text = true },
	{ .pattern = "/<pid>/filter.bpf", .kind = FSNODE_FILE, .mode = 0400, .source = "filter.bpf" },
	{ .pattern = "/<pid>/loaded.bpf", .kind = FSNODE_FILE, .mode = 0400, .source = "loaded.bpf" },
	{ .pattern = "/<pid>/filter.txt", .kind = FSNODE_FILE, .mode = 0400, .source = "filter.txt", .text = true },
	{ .pattern = "/<pid>/unknown", .kind = FSNODE_FILE, .mode = 0400, .source = "unknown", .text = true },
	{ .pattern = "/<pid>/denied", .kind = FSNODE_LOG, .mode = 0400, .source = "denied", .text = true },
	{ .pattern = "/<pid>/denied.jsonl", .kind = FSNODE_LOG, .mode = 0400, .source = "denied.jsonl", .text = true },
	{ .pattern = "/<pid>/exit", .kind = FSNODE_FILE, .mode = 0400, .source = "exit", .text = true },
	{ .pattern = "/by-name", .kind = FSNODE_DIR, .mode = 0555 },
	{ .pattern = "/by-name/<name>", .kind = FSNODE_LINK, .mode = 0777 },
	{ .pattern = "/host", .kind = FSNODE_DIR, .mode = 0555 },
	{ .pattern = "/host/<host>", .kind = FSNODE_DIR, .mode = 0500 },
	{ .pattern = "/host/<host>/status", .kind = FSNODE_FILE, .mode = 0400, .render = fs_render_host_status },
	{ .pattern = "/host/<host>/filter.bpf", .kind = FSNODE_FILE, .mode = 0400,
	  .render = fs_render_host_filter_bpf, .present = host_can_dump, .root_only = true },
	{ .pattern = "/host/<host>/filter.txt", .kind = FSNODE_FILE, .mode = 0400,
	  .render = fs_render_host_filter_txt, .present = host_can_dump, .root_only = true },
};

#define FS_MAX_DEPTH 4

/* Split "/a/b/c" into components pointing into @buf (a copy of @path). */
static int split(const char *path, char *buf, size_t size, const char **comp)
{
	int n = 0;

	if (strlen(path) >= size)
		return -ENAMETOOLONG;
	strcpy(buf, path);
	for (char *save = NULL, *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (n == FS_MAX_DEPTH)
			return -ENOENT;
		comp[n++] = c;
	}
	return n;
}

static enum fsvar var_of(const char *comp)
{
	if (strcmp(comp, "<pid>") == 0)
		return FSVAR_PID;
	if (strcmp(comp, "<host>") == 0)
		return FSVAR_HOST;
	if (strcmp(comp, "<name>") == 0)
		return FSVAR_NAME;
	return FSVAR_NONE;
}

static bool parse_pid(const char *s, pid_t *ret)
{
	char *end;
	long v;

	if (!*s || strspn(s, "0123456789") != strlen(s) || s[0] == '0' || strlen(s) > 10)
		return false;
	v = strtol(s, &end, 10);
	if (v <= 0 || v > INT_MAX)
		return false;
	*ret = (pid_t)v;
	return true;
}

/* Whether @node's pattern is the direct child of @parent's. */
static bool is_child(const struct fsnode *node, const struct fsnode *parent)
{
	const char *slash = strrchr(node->pattern, '/');
	size_t plen = strlen(parent->pattern);

	if (node == parent || !slash)
		return false;
	if (slash == node->pattern) /* "/x": child of "/" */
		return strcmp(parent->pattern, "/") == 0;
	return (size_t)(slash - node->pattern) == plen && strncmp(node->pattern, parent->pattern, plen) == 0;
}

/* Bind the target or host process of a location: its directory and owner. */
static int bind_owner(struct fs_session *s, struct fsloc *loc, enum fsvar var)
{
	struct stat st;

	if (var == FSVAR_PID) {
		/* Everything below is read relative to this fd: a directory a
		 * user replaces by a link is not followed (scfs_state_dir_open). */
		loc->dirfd = scfs_state_dir_open(s->base, loc->pid);
		if (loc->dirfd < 0 || !scfs_state_dir_is_target(loc->dirfd) || fstat(loc->dirfd, &st) < 0)
			return -ENOENT;
		loc->dir = scfs_xasprintf("%s/%d", s->base, (int)loc->pid);
	} else {
		if (!scfs_host_filtered(loc->pid))
			return -ENOENT;
		loc->dir = scfs_xasprintf("/proc/%d", (int)loc->pid);
		if (stat(loc->dir, &st) < 0)
			return -ENOENT;
	}
	loc->dir_owner = loc->owner = st.st_uid;
	loc->group = st.st_gid;
	return 0;
}

/* Whether the node of a bound location exists: its state file, and its
 * extra condition. */
static bool node_present(struct fs_session *s, const struct fsloc *loc)
{
	const struct fsnode *node = loc->node;

	if (node->source && loc->dirfd >= 0) {
		struct stat st;

		/* Present whatever it is; what it is decides its reads. */
		if (fstatat(loc->dirfd, node->source, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return false;
	}
	return !node->present || node->present(s, loc);
}

/* Match @comp against @node's pattern and bind its variable. */
static int match(struct fs_session *s, const struct fsnode *node, const char **comp, int n, struct fsloc *loc)
{
	char pbuf[128];
	const char *pc[FS_MAX_DEPTH];
	int pn = split(node->pattern, pbuf, sizeof(pbuf), pc), private_at = -1, r;
	enum fsvar bound = FSVAR_NONE;

	if (pn != n)
		return -ENOENT;
	for (int i = 0; i < n; i++) {
		enum fsvar v = var_of(pc[i]);

		if (v == FSVAR_NONE) {
			if (strcmp(pc[i], comp[i]) != 0)
				return -ENOENT;
		} else if (v == FSVAR_NAME) {
			if (strcmp(comp[i], ".") == 0 || strcmp(comp[i], "..") == 0)
				return -ENOENT;
			loc->name = scfs_xstrdup(comp[i]);
			bound = v;
		} else {
			if (!parse_pid(comp[i], &loc->pid))
				return -ENOENT;
			bound = v;
			private_at = i;
		}
	}
	loc->node = node;
	loc->dir_owner = loc->owner = s->uid;
	loc->group = s->gid;
	if (bound == FSVAR_PID || bound == FSVAR_HOST) {
		r = bind_owner(s, loc, bound);
		if (r < 0)
			return r;
		if (node->root_only)
			loc->owner = 0;
		loc->private_dir = private_at == n - 1;
		loc->in_private = private_at < n - 1;
	} else if (bound == FSVAR_NAME) {
		r = fs_target_by_name(s, loc->name, &loc->pid);
		if (r < 0)
			return r;
	}
	return node_present(s, loc) ? 0 : -ENOENT;
}

int fsloc_resolve(struct fs_session *s, const char *path, struct fsloc *ret)
{
	char buf[PATH_MAX];
	const char *comp[FS_MAX_DEPTH];
	int n = split(path, buf, sizeof(buf), comp), r = -ENOENT;

	*ret = (struct fsloc){ .dirfd = -1 };
	if (n < 0)
		return n;
	for (size_t i = 0; i < ELEMENTSOF(fsnode_table); i++) {
		bool shaped;

		r = match(s, &fsnode_table[i], comp, n, ret);
		if (r == 0)
			return 0;
		/* Patterns do not overlap: once the literal parts matched, a
		 * failed binding is the answer. */
		shaped = ret->node != NULL;
		fsloc_done(ret);
		if (shaped)
			break;
	}
	return -ENOENT;
}

void fsloc_done(struct fsloc *loc)
{
	free(loc->name);
	free(loc->dir);
	if (loc->dirfd >= 0)
		close(loc->dirfd);
	*loc = (struct fsloc){ .dirfd = -1 };
}

int fsloc_permit(const struct fsloc *loc, int want)
{
	const struct fuse_context *c = fuse_get_context();
	mode_t bits = 0;

	if (want & W_OK)
		return -EROFS;
	if (c->uid == 0)
		return 0;
	/* The target's directory has no bits for others: nothing inside it can
	 * even be looked up by them. */
	if (loc->in_private && c->uid != loc->dir_owner)
		return -EACCES;
	if (want & R_OK)
		bits |= 04;
	if (want & X_OK)
		bits |= 01;
	if (c->uid == loc->owner)
		bits <<= 6;
	return (loc->node->mode & bits) == bits ? 0 : -EACCES;
}

static struct timespec newest_mtime(int dirfd, const char *const *names)
{
	struct timespec t = { 0 };

	for (size_t i = 0; names[i]; i++) {
		struct stat st;

		if (fstatat(dirfd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    (st.st_mtim.tv_sec > t.tv_sec || (st.st_mtim.tv_sec == t.tv_sec && st.st_mtim.tv_nsec > t.tv_nsec)))
			t = st.st_mtim;
	}
	return t;
}

/* The mtime of a generated node: the newest of the state files it is made of,
 * or its directory's (host processes: the /proc entry's). */
struct timespec fsloc_mtime(struct fs_session *s, const struct fsloc *loc)
{
	const char *const one[] = { loc->node->source ? loc->node->source : ".", NULL };
	struct stat st;

	if (!loc->dir)
		return stat(s->base, &st) == 0 ? st.st_mtim : (struct timespec){ 0 };
	if (loc->dirfd < 0) /* a host process: its /proc directory */
		return stat(loc->dir, &st) == 0 ? st.st_mtim : (struct timespec){ 0 };
	return newest_mtime(loc->dirfd, loc->node->mtime_from ? loc->node->mtime_from : one);
}

static void fill_common(const struct fsloc *loc, struct stat *st)
{
	*st = (struct stat){ 0 };
	st->st_uid = loc->owner;
	st->st_gid = loc->group;
	st->st_nlink = 1;
	st->st_blksize = 4096;
}

int fsloc_stat(struct fs_session *s, const struct fsloc *loc, struct stat *st)
{
	const struct fsnode *node = loc->node;
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r;

	fill_common(loc, st);
	switch (node->kind) {
	case FSNODE_DIR:
		st->st_mode = S_IFDIR | node->mode;
		st->st_nlink = 2;
		st->st_mtim = fsloc_mtime(s, loc);
		break;
	case FSNODE_LINK:
		st->st_mode = S_IFLNK | node->mode;
		r = fsloc_readlink(s, loc, &data);
		if (r < 0)
			return r;
		st->st_size = (off_t)strlen(data);
		st->st_mtim = fsloc_mtime(s, loc);
		break;
	case FSNODE_FILE:
	case FSNODE_LOG:
		st->st_mode = S_IFREG | node->mode;
		if (node->render) {
			/* The true size means rendering now; small files, cheap. */
			r = node->render(s, loc, &data, &len);
			if (r < 0)
				return r;
			st->st_size = (off_t)len;
			st->st_mtim = fsloc_mtime(s, loc);
		} else {
			struct stat fst;

			r = scfs_state_file_stat(loc->dirfd, node->source, &fst);
			if (r < 0)
				return fs_state_error(r);
			st->st_size = fst.st_size;
			st->st_mtim = fst.st_mtim;
		}
		break;
	}
	st->st_ctim = st->st_atim = st->st_mtim;
	st->st_blocks = (st->st_size + 511) / 512;
	return 0;
}

/* List the children of @loc that a variable stands for. */
static int list_var(struct fs_session *s, enum fsvar var, mode_t type, fsloc_fill_fn fill, void *ctx)
{
	char num[16];
	int r = 0;

	if (var == FSVAR_NAME) {
		char **names = NULL;
		size_t n = 0;

		r = fs_target_names(s, &names, &n);
		for (size_t i = 0; i < n; i++) {
			if (r == 0)
				r = fill(ctx, names[i], type);
			free(names[i]);
		}
		free(names);
		return r;
	} else {
		_cleanup_free_ pid_t *pids = NULL;
		size_t n = 0;

		r = var == FSVAR_PID ? fs_target_list(s, &pids, &n) : scfs_host_list_filtered(&pids, &n);
		for (size_t i = 0; r == 0 && i < n; i++) {
			snprintf(num, sizeof(num), "%d", (int)pids[i]);
			r = fill(ctx, num, type);
		}
	}
	return r;
}

static mode_t type_of(enum fsnode_kind k)
{
	return k == FSNODE_DIR ? S_IFDIR : k == FSNODE_LINK ? S_IFLNK : S_IFREG;
}

int fsloc_list(struct fs_session *s, const struct fsloc *loc, fsloc_fill_fn fill, void *ctx)
{
	int r;

	if (loc->node->kind != FSNODE_DIR)
		return -ENOTDIR;
	r = fill(ctx, ".", S_IFDIR);
	if (r == 0)
		r = fill(ctx, "..", S_IFDIR);
	for (size_t i = 0; r == 0 && i < ELEMENTSOF(fsnode_table); i++) {
		const struct fsnode *node = &fsnode_table[i];
		const char *last;
		enum fsvar var;

		if (!is_child(node, loc->node))
			continue;
		last = strrchr(node->pattern, '/') + 1;
		var = var_of(last);
		if (var != FSVAR_NONE) {
			r = list_var(s, var, type_of(node->kind), fill, ctx);
		} else {
			/* A literal child shares the parent's binding. */
			struct fsloc child = *loc;

			child.node = node;
			child.in_private = loc->private_dir || loc->in_private;
			child.private_dir = false;
			if (node_present(s, &child))
				r = fill(ctx, last, type_of(node->kind));
		}
	}
	return r;
}

int fsloc_readlink(struct fs_session *s, const struct fsloc *loc, char **ret)
{
	if (loc->node->kind != FSNODE_LINK)
		return -EINVAL;
	*ret = scfs_xasprintf("../%d", (int)loc->pid);
	return 0;
}
