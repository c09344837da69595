/* The per-target state directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#include "scfs/state.h"

char *scfs_state_base(const char *override)
{
	const char *env = getenv("SCFS_STATE_DIR"), *xdg = getenv("XDG_RUNTIME_DIR");

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


static int map_counters(struct scfs_state *s, uint32_t mode)
{
	_cleanup_free_ char *path = scfs_xasprintf("%s/counters.bin", s->dir);
	_cleanup_close_ int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	void *m;

	if (fd < 0)
		return -errno;
	s->map_len = sizeof(struct scfs_counters_header) + SCFS_COUNTERS_CAPACITY * sizeof(struct scfs_counter);
	if (ftruncate(fd, (off_t)s->map_len) < 0)
		return -errno;
	m = mmap(NULL, s->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return -errno;
	s->hdr = m;
	s->ctr = (struct scfs_counter *)(s->hdr + 1);
	memcpy(s->hdr->magic, SCFS_COUNTERS_MAGIC, 8);
	s->hdr->version = 1;
	s->hdr->capacity = SCFS_COUNTERS_CAPACITY;
	s->hdr->mode = mode;
	return 0;
}

int scfs_state_create(struct scfs_state *s, const char *base, pid_t pid, uint32_t mode)
{
	_cleanup_free_ char *denied = NULL;
	int r;

	*s = (struct scfs_state){ .denied_fd = -1 };
	r = scfs_mkdir_p(base, 0755);
	if (r < 0)
		return r;
	s->dir = scfs_xasprintf("%s/%d", base, (int)pid);
	/* A directory left by an earlier target with a recycled pid is stale. */
	if (mkdir(s->dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	{
		_cleanup_free_ char *old = scfs_xasprintf("%s/counters.bin", s->dir);

		(void)unlink(old);
	}
	r = map_counters(s, mode);
	if (r < 0)
		return r;
	denied = scfs_xasprintf("%s/denied", s->dir);
	s->denied_fd = open(denied, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	if (s->denied_fd < 0)
		return -errno;
	s->slots = scfs_xcalloc(SCFS_COUNTERS_CAPACITY * 2, sizeof(*s->slots));
	return 0;
}

void scfs_state_close(struct scfs_state *s)
{
	if (s->hdr)
		scfs_state_log_flush(s);
	free(s->logbuf);
	/* No msync: the mapping is MAP_SHARED, so every store is already in
	 * the page cache that readers of counters.bin see, and it outlives
	 * both munmap and scfs.  MS_SYNC would only force the disk write
	 * (about 1 ms at every exit) for durability across a machine crash,
	 * which a record of a run that died with the machine does not need. */
	if (s->hdr)
		munmap(s->hdr, s->map_len);
	if (s->denied_fd >= 0)
		close(s->denied_fd);
	free(s->slots);
	free(s->dir);
	*s = (struct scfs_state){ .denied_fd = -1 };
}

int scfs_state_put(const struct scfs_state *s, const char *name, const void *data, size_t len)
{
	_cleanup_free_ char *tmp = scfs_xasprintf("%s/.%s.tmp", s->dir, name);
	_cleanup_free_ char *dst = scfs_xasprintf("%s/%s", s->dir, name);
	int fd, r;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	r = scfs_write_all(fd, data, len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, dst) < 0)
		r = -errno;
	if (r < 0)
		(void)unlink(tmp);
	return r;
}

bool scfs_state_log_full(const struct scfs_state *s)
{
	return s->hdr->logged + s->log_pending >= SCFS_DENIED_MAX_LINES;
}

/* Lines are gathered and written together, each write holding whole lines
 * (O_APPEND keeps them whole for readers): a write per line would cost a
 * denial storm one more syscall per denial. */
#define LOG_FLUSH_BYTES 65536

void scfs_state_log_flush(struct scfs_state *s)
{
	if (!s->log_pending)
		return;
	if (scfs_write_all(s->denied_fd, s->logbuf, s->log_len) < 0)
		s->hdr->dropped += s->log_pending;
	else
		s->hdr->logged += s->log_pending;
	s->log_len = 0;
	s->log_pending = 0;
}

void scfs_state_log_append(struct scfs_state *s, const char *line)
{
	size_t len = strlen(line);

	if (scfs_state_log_full(s)) {
		s->hdr->dropped++;
		return;
	}
	if (s->log_len + len + 1 > s->log_cap) {
		s->log_cap = s->log_len + len + 1 > LOG_FLUSH_BYTES ? s->log_len + len + 1 : LOG_FLUSH_BYTES;
		s->logbuf = scfs_xrealloc(s->logbuf, s->log_cap, 1);
	}
	memcpy(s->logbuf + s->log_len, line, len);
	s->logbuf[s->log_len + len] = '\n';
	s->log_len += len + 1;
	s->log_pending++;
	if (s->log_len >= LOG_FLUSH_BYTES / 2)
		scfs_state_log_flush(s);
}

void scfs_state_log_denial(struct scfs_state *s, const char *line)
{
	scfs_state_log_append(s, line);
	scfs_state_log_flush(s);
}

static uint32_t hash_key(uint32_t rule, uint32_t arch, int nr)
{
	uint32_t h = rule * 2654435761u ^ arch * 40503u ^ (uint32_t)nr * 2246822519u;

	return h ^ (h >> 15);
}

void scfs_state_count(struct scfs_state *s, uint32_t rule, uint32_t arch, int nr, uint32_t action, bool denied)
{
	uint32_t n = SCFS_COUNTERS_CAPACITY * 2, i = hash_key(rule, arch, nr) % n;

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
