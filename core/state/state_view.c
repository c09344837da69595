/* Reading a target's state: every file is untrusted input (scfs/state.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include "scfs/state.h"

int scfs_state_dir_open(const char *base, pid_t pid)
{
	_cleanup_free_ char *path = scfs_xasprintf("%s/%d", base, (int)pid);
	/* O_NOFOLLOW on the last component: the directory a user may have
	 * created (or replaced by a link); the base is the administrator's. */
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return errno == ELOOP ? -ENOTDIR : -errno;
	return fd;
}

/* The checks on a state file's attributes, against its directory's. */
static int check_file(int dirfd, const struct stat *st)
{
	struct stat dst;

	if (S_ISLNK(st->st_mode))
		return -ELOOP;
	if (!S_ISREG(st->st_mode))
		return -EMEDIUMTYPE;
	/* A file of another owner in a user's directory is a hard link the
	 * user made to it (possible where fs.protected_hardlinks is 0). */
	if (fstat(dirfd, &dst) < 0)
		return -errno;
	if (st->st_uid != dst.st_uid)
		return -EPERM;
	return 0;
}

int scfs_state_file_stat(int dirfd, const char *name, struct stat *st)
{
	struct stat tmp;

	if (!st)
		st = &tmp;
	if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	return check_file(dirfd, st);
}

int scfs_state_file_open(int dirfd, const char *name, struct stat *st)
{
	struct stat tmp;
	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer. */
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY), r;

	if (fd < 0)
		return errno == ELOOP ? -ELOOP : -errno;
	if (!st)
		st = &tmp;
	r = fstat(fd, st) < 0 ? -errno : check_file(dirfd, st);
	if (r == 0 && fcntl(fd, F_SETFL, 0) < 0)
		r = -errno;
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int scfs_state_file_read(int dirfd, const char *name, size_t max, char **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	struct stat st;
	size_t len = 0;

	fd = scfs_state_file_open(dirfd, name, &st);
	if (fd < 0)
		return fd;
	if ((uint64_t)st.st_size > max)
		return -EFBIG;
	/* Sized by fstat, bounded by @max, and read to the end: a file that
	 * grows meanwhile (the log) stops at @max. */
	buf = scfs_xmalloc((size_t)st.st_size + 1);
	for (size_t cap = (size_t)st.st_size;;) {
		ssize_t n;

		if (len == cap) {
			if (cap >= max)
				break;
			cap = cap * 2 + 4096 < max ? cap * 2 + 4096 : max;
			buf = scfs_xrealloc(buf, cap + 1, 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*ret = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

const char *scfs_state_strerror(int r)
{
	switch (-r) {
	case ELOOP:
		return "a symbolic link (state files are never followed)";
	case ENOTDIR:
		return "not a directory (a symbolic link is never followed)";
	case EMEDIUMTYPE:
		return "not a regular file";
	case EPERM:
		return "not owned by the owner of its directory";
	case EFBIG:
		return "larger than a reader accepts (see doc/state-format.md)";
	case EBADMSG:
		return "malformed (its header does not match its size)";
	default:
		return strerror(-r);
	}
}

static int pread_all(int fd, void *buf, size_t len, off_t off)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EBADMSG; /* shorter than its header says */
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* The header of counters.bin, checked against what the file really holds
 * before anything is allocated from it. */
static int read_header(int fd, const struct stat *st, struct scfs_counters_header *h)
{
	int r = pread_all(fd, h, sizeof(*h), 0);

	if (r < 0)
		return r;
	if (memcmp(h->magic, SCFS_COUNTERS_MAGIC, 8) != 0 || h->version != 1)
		return -EBADMSG;
	if (h->capacity > SCFS_COUNTERS_MAX_CAPACITY || h->used > h->capacity)
		return -EBADMSG;
	if (sizeof(*h) + (uint64_t)h->used * sizeof(struct scfs_counter) > (uint64_t)st->st_size)
		return -EBADMSG;
	return 0;
}

int scfs_state_view_open_light(struct scfs_state_view *v, const char *base, pid_t pid, bool with_counters)
{
	_cleanup_close_ int fd = -1;
	struct stat st;
	size_t len;
	int r;

	*v = (struct scfs_state_view){ .pid = pid, .dirfd = -1 };
	v->dirfd = scfs_state_dir_open(base, pid);
	if (v->dirfd < 0) {
		r = v->dirfd;
		goto fail;
	}
	v->dir = scfs_xasprintf("%s/%d", base, (int)pid);
	fd = scfs_state_file_open(v->dirfd, "counters.bin", &st);
	r = fd < 0 ? fd : read_header(fd, &st, &v->hdr);
	if (r < 0)
		goto fail;
	if (!with_counters)
		v->hdr.used = 0; /* the view holds no entries; ctr stays valid for 0 */
	v->ctr = scfs_xcalloc(v->hdr.used, sizeof(*v->ctr));
	if (v->hdr.used) {
		r = pread_all(fd, v->ctr, v->hdr.used * sizeof(*v->ctr), (off_t)sizeof(v->hdr));
		if (r < 0)
			goto fail;
	}
	/* An unreadable info is that file's problem: the view shows "?". */
	if (scfs_state_file_read(v->dirfd, "info", SCFS_STATE_INFO_MAX, &v->info, &len) < 0)
		v->info = scfs_xstrdup("");
	return 0;
fail:
	scfs_state_view_done(v);
	return r;
}

int scfs_state_view_open(struct scfs_state_view *v, const char *base, pid_t pid)
{
	return scfs_state_view_open_light(v, base, pid, true);
}

void scfs_state_view_done(struct scfs_state_view *v)
{
	if (v->dir && v->dirfd >= 0) /* a zeroed view holds no fd */
		close(v->dirfd);
	free(v->dir);
	free(v->ctr);
	free(v->info);
	*v = (struct scfs_state_view){ .dirfd = -1 };
}

char *scfs_state_view_info(const struct scfs_state_view *v, const char *key)
{
	size_t kl = strlen(key);

	for (const char *l = v->info; l && *l;) {
		const char *e = strchrnul(l, '\n');

		if ((size_t)(e - l) > kl && strncmp(l, key, kl) == 0 && l[kl] == '\t')
			return strndup(l + kl + 1, (size_t)(e - l) - kl - 1);
		l = *e ? e + 1 : e;
	}
	return NULL;
}

/* Whether @pid is a zombie: dead, waiting for whoever inherited it to
 * reap it (a container's supervisor outlives the agent only so). */
static bool is_zombie(pid_t pid)
{
	_cleanup_free_ char *path = scfs_xasprintf("/proc/%d/stat", (int)pid);
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	char buf[512], *rp;

	if (!f || !fgets(buf, sizeof(buf), f))
		return false;
	rp = strrchr(buf, ')'); /* the state follows the comm, which may hold ")" */
	return rp && rp[1] == ' ' && (rp[2] == 'Z' || rp[2] == 'X');
}

bool scfs_state_view_supervised(const struct scfs_state_view *v)
{
	_cleanup_free_ char *s = scfs_state_view_info(v, "scfs_pid");
	pid_t p = s ? (pid_t)atoi(s) : 0;

	return p > 0 && (kill(p, 0) == 0 || errno == EPERM) && !is_zombie(p);
}

bool scfs_state_view_is_container(const struct scfs_state_view *v)
{
	_cleanup_free_ char *kind = scfs_state_view_info(v, "kind");

	return kind && strcmp(kind, "container") == 0;
}

/* A container's key, NULL when absent: the agent writes "-" for a value
 * the runtime did not pass. */
static char *container_key(const struct scfs_state_view *v, const char *key)
{
	char *val = scfs_state_view_info(v, key);

	if (val && (!*val || strcmp(val, "-") == 0)) {
		free(val);
		return NULL;
	}
	return val;
}

/* A container id as a short one: runtimes' ids are 64 hex digits, which
 * no column holds; the first 12 are what Podman and Docker print. */
static char *short_id(const char *id)
{
	return strndup(id, SCFS_CONTAINER_SHORT_ID);
}

char *scfs_state_view_label(const struct scfs_state_view *v)
{
	_cleanup_free_ char *id = NULL;
	char *name;

	if (!scfs_state_view_is_container(v))
		return scfs_state_view_info(v, "name");
	name = container_key(v, "container_name");
	if (name)
		return name;
	id = container_key(v, "container_id");
	return id ? short_id(id) : NULL;
}

bool scfs_state_view_named(const struct scfs_state_view *v, const char *who)
{
	_cleanup_free_ char *label = scfs_state_view_label(v), *id = NULL;
	size_t wl = strlen(who);

	if (label && strcmp(label, who) == 0)
		return true;
	if (!scfs_state_view_is_container(v) || wl < SCFS_CONTAINER_SHORT_ID)
		return false;
	id = container_key(v, "container_id");
	return id && strncmp(id, who, wl) == 0;
}
