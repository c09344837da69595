/* The per-target state directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

#include "scfs/state.h"

char *scfs_state_base(const char *override, const struct scfs_env *e)
{
	const char *env = e ? e->state_dir : NULL, *xdg = e ? e->runtime_dir : NULL;

	if (override && *override)
		return scfs_xstrdup(override);
	if (env && *env)
		return scfs_xstrdup(env);
	if (geteuid() == 0)
		return scfs_xstrdup("/run/scfs");
	if (xdg && *xdg)
		return scfs_xasprintf("%s/scfs", xdg);
	return scfs_xasprintf("/tmp/scfs-%u", (unsigned)getuid());
}


static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int refuse(char **why, int r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int refuse(char **why, int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(why, fmt, ap) < 0)
		*why = scfs_xstrdup("out of memory");
	va_end(ap);
	return r;
}

/* The base's own checks: a directory the user owns that no one else may
 * write.  A root-owned sticky directory (like /tmp) may be shared by users:
 * none can rename or remove another's entries in it, and each target's
 * directory is checked to be the user's own (scfs_state_create). */
static int check_base(int fd, const char *base, char **why)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return refuse(why, -errno, "%s: %s", base, strerror(errno));
	if (st.st_uid != geteuid() && !(st.st_uid == 0 && (st.st_mode & S_ISVTX)))
		return refuse(why, -EPERM,
			      "%s: owned by uid %u, not by uid %u: another user may have made it, refusing it "
			      "(remove it, or give --state-dir)",
			      base, (unsigned)st.st_uid, (unsigned)geteuid());
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
		return refuse(why, -EPERM, "%s: writable by group or others (mode %04o): refusing it", base,
			      (unsigned)(st.st_mode & 07777));
	return 0;
}

int scfs_state_base_open(const char *base, char **why)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *path = scfs_xstrdup(base);
	size_t len = strlen(path);
	char *slash;
	int r;

	*why = NULL;
	/* "DIR/" would follow a link named DIR: no trailing slashes. */
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	slash = strrchr(path, '/');
	if (slash && slash != path) {
		*slash = '\0';
		r = scfs_mkdir_p(path, 0755);
		if (r < 0)
			return refuse(why, r, "%s: cannot make it: %s", path, strerror(-r));
		*slash = '/';
	}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return refuse(why, -errno, "%s: cannot make it: %s", path, strerror(errno));
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && (errno == ELOOP || errno == ENOTDIR))
		return refuse(why, -errno, "%s: not a directory (a link or a file): refusing it", path);
	if (fd < 0)
		return refuse(why, -errno, "%s: %s", path, strerror(errno));
	r = check_base(fd, path, why);
	return r < 0 ? r : TAKE_FD(fd);
}

/* A directory already named @name (an earlier process had the pid) is
 * renamed aside at once, so no reader takes it for the new target's, then
 * removed; whatever cannot be removed stays under the hidden name. */
static int clear_stale(int base_fd, const char *name)
{
	_cleanup_free_ char *aside = NULL;
	uint32_t rnd = 0;

	(void)!getrandom(&rnd, sizeof(rnd), 0);
	aside = scfs_xasprintf(".stale.%s.%08x", name, rnd);
	if (renameat(base_fd, name, base_fd, aside) < 0)
		return -errno;
	(void)scfs_rm_tree_at(base_fd, aside, 4);
	return 0;
}

int scfs_state_create(struct scfs_state *s, int base_fd, const char *base, pid_t pid, uint32_t mode)
{
	char name[16];
	struct stat st;
	int r;

	*s = (struct scfs_state){ .base_fd = base_fd, .dir_fd = -1, .denied_fd = -1, .jsonl_fd = -1 };
	snprintf(name, sizeof(name), "%d", (int)pid);
	s->dir = scfs_xasprintf("%s/%s", base, name);
	if (mkdirat(base_fd, name, 0700) < 0) {
		if (errno != EEXIST)
			return -errno;
		r = clear_stale(base_fd, name);
		if (r < 0)
			return r;
		if (mkdirat(base_fd, name, 0700) < 0)
			return -errno;
	}
	s->dir_fd = openat(base_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->dir_fd < 0)
		return -errno;
	/* In a shared sticky base another user's entry of that name stays. */
	if (fstat(s->dir_fd, &st) < 0)
		return -errno;
	if (st.st_uid != geteuid())
		return -EPERM;
	/* Header and entries in one block, laid out as counters.bin is. */
	s->hdr = scfs_xcalloc(1, sizeof(*s->hdr) + SCFS_COUNTERS_CAPACITY * sizeof(struct scfs_counter));
	s->ctr = (struct scfs_counter *)(s->hdr + 1);
	memcpy(s->hdr->magic, SCFS_COUNTERS_MAGIC, 8);
	s->hdr->version = 1;
	s->hdr->capacity = SCFS_COUNTERS_CAPACITY;
	s->hdr->mode = mode;
	s->slots = scfs_xcalloc(SCFS_COUNTERS_CAPACITY * 2, sizeof(*s->slots));
	r = scfs_state_sync(s);
	if (r < 0)
		return r;
	s->denied_fd = openat(s->dir_fd, "denied", O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
			      0644);
	if (s->denied_fd < 0)
		return -errno;
	s->jsonl_fd = openat(s->dir_fd, "denied.jsonl",
			     O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
	return s->jsonl_fd < 0 ? -errno : 0;
}

static void note_error(struct scfs_state *s, const char *file, int r)
{
	if (r < 0 && !s->error) {
		s->error = r;
		snprintf(s->error_file, sizeof(s->error_file), "%s", file);
	}
}

/* The header and the entries in use, renamed over counters.bin: readers
 * see one consistent snapshot, and a full file system costs the snapshot,
 * never scfs (a shared mapping would have died of SIGBUS). */
int scfs_state_sync(struct scfs_state *s)
{
	size_t len = sizeof(*s->hdr) + (size_t)s->hdr->used * sizeof(struct scfs_counter);
	int r = scfs_write_file_at(s->dir_fd, "counters.bin", s->hdr, len, 0644);

	note_error(s, "counters.bin", r);
	s->dirty = false;
	s->synced_ns = mono_ns();
	return r;
}

bool scfs_state_sync_due(const struct scfs_state *s, int64_t now)
{
	return s->dirty && now - s->synced_ns >= SCFS_COUNTERS_SYNC_NS;
}

void scfs_state_sync_soon(struct scfs_state *s)
{
	s->dirty = true;
	s->synced_ns = INT64_MIN / 2; /* due whatever the clock says */
}

void scfs_state_close(struct scfs_state *s)
{
	if (s->hdr && s->dir_fd >= 0 && s->dirty)
		(void)scfs_state_sync(s);
	free(s->hdr);
	if (s->denied_fd >= 0)
		close(s->denied_fd);
	if (s->jsonl_fd >= 0)
		close(s->jsonl_fd);
	if (s->dir_fd >= 0)
		close(s->dir_fd);
	if (s->base_fd >= 0)
		close(s->base_fd);
	free(s->slots);
	free(s->dir);
	*s = (struct scfs_state){ .base_fd = -1, .dir_fd = -1, .denied_fd = -1, .jsonl_fd = -1 };
}

int scfs_state_put(struct scfs_state *s, const char *name, const void *data, size_t len)
{
	int r = scfs_write_file_at(s->dir_fd, name, data, len, 0644);

	note_error(s, name, r);
	return r;
}

void scfs_log_writer_init(struct scfs_log_writer *w, const struct scfs_state *s)
{
	*w = (struct scfs_log_writer){ .denied_fd = s->denied_fd, .jsonl_fd = s->jsonl_fd };
}

/* A write per line would cost a denial storm one more syscall per denial. */
#define LOG_FLUSH_BYTES 65536

static void writer_error(struct scfs_log_writer *w, const char *file, int r)
{
	if (r < 0 && !w->error) {
		w->error = r;
		snprintf(w->error_file, sizeof(w->error_file), "%s", file);
	}
}

void scfs_log_writer_flush(struct scfs_log_writer *w)
{
	int r, rj;

	if (!w->pending)
		return;
	r = scfs_write_all(w->denied_fd, w->log.buf, w->log.len);
	writer_error(w, "denied", r);
	/* denied.jsonl holds the same denials: its failure is reported as
	 * the state's error, the counts follow "denied". */
	rj = scfs_write_all(w->jsonl_fd, w->jlog.buf, w->jlog.len);
	writer_error(w, "denied.jsonl", rj);
	if (r < 0)
		w->failed += w->pending;
	else
		w->logged += w->pending;
	w->log.len = 0;
	w->jlog.len = 0;
	w->pending = 0;
}

static char *buf_room(struct scfs_logbuf *b, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = b->len + len + 1 > LOG_FLUSH_BYTES ? b->len + len + 1 : LOG_FLUSH_BYTES;
		b->buf = scfs_xrealloc(b->buf, b->cap, 1);
	}
	return b->buf + b->len;
}

static void buf_commit(struct scfs_logbuf *b, size_t len)
{
	b->buf[b->len + len] = '\n';
	b->len += len + 1;
}

void scfs_log_writer_room(struct scfs_log_writer *w, size_t len, size_t jlen, char **line, char **json)
{
	*line = buf_room(&w->log, len);
	*json = buf_room(&w->jlog, jlen);
}

void scfs_log_writer_commit(struct scfs_log_writer *w, size_t len, size_t jlen)
{
	buf_commit(&w->log, len);
	buf_commit(&w->jlog, jlen);
	w->pending++;
	if (w->log.len >= LOG_FLUSH_BYTES / 2 || w->jlog.len >= LOG_FLUSH_BYTES / 2)
		scfs_log_writer_flush(w);
}

void scfs_log_writer_add(struct scfs_log_writer *w, const char *line, size_t len, const char *json, size_t jlen)
{
	char *l, *j;

	scfs_log_writer_room(w, len, jlen, &l, &j);
	memcpy(l, line, len);
	memcpy(j, json, jlen);
	scfs_log_writer_commit(w, len, jlen);
}

void scfs_log_writer_done(struct scfs_log_writer *w)
{
	scfs_log_writer_flush(w);
	free(w->log.buf);
	free(w->jlog.buf);
	w->log = w->jlog = (struct scfs_logbuf){ 0 };
}

void scfs_state_log_merge(struct scfs_state *s, uint64_t logged, uint64_t failed, int error, const char *file)
{
	if (logged || failed)
		s->dirty = true;
	s->hdr->logged += logged;
	s->hdr->dropped += failed;
	note_error(s, file, error);
}

static uint32_t hash_key(uint32_t rule, uint32_t arch, int nr)
{
	uint32_t h = rule * 2654435761u ^ arch * 40503u ^ (uint32_t)nr * 2246822519u;

	return h ^ (h >> 15);
}

void scfs_state_count(struct scfs_state *s, uint32_t rule, uint32_t arch, int nr, uint32_t action, bool denied)
{
	uint32_t n = SCFS_COUNTERS_CAPACITY * 2, i = hash_key(rule, arch, nr) % n;

	s->dirty = true;
	s->hdr->hits++;
	if (denied)
		s->hdr->denials++;
	for (uint32_t probe = 0; probe < n; probe++, i = (i + 1) % n) {
		struct scfs_counter *c;

		if (!s->slots[i]) {
			if (s->hdr->used >= s->hdr->capacity)
				break;
			c = &s->ctr[s->hdr->used];
			*c = (struct scfs_counter){ rule, arch, nr, action, 0 };
			s->slots[i] = ++s->hdr->used; /* published after the entry is filled */
		}
		c = &s->ctr[s->slots[i] - 1];
		if (c->rule == rule && c->arch_token == arch && c->nr == nr) {
			c->hits++;
			return;
		}
	}
	s->hdr->overflow_hits++;
}
