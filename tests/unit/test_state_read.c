/* The state readers (core/state/state_view.c) on hostile directories: links,
 * FIFOs, files of another owner, oversized files, and counters.bin headers
 * that lie about their size.  Each must be refused with its own error, at
 * once, without allocating what the header claims. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "scfs/state.h"

static char base[] = "/tmp/scfs-state-read.XXXXXX";
static char dir[sizeof(base) + 16];

static void put(const char *name, const void *data, size_t len)
{
	char p[sizeof(dir) + 32];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		abort();
}

static void counters(uint32_t version, uint32_t capacity, uint32_t used, size_t entries)
{
	size_t len = sizeof(struct scfs_counters_header) + entries * sizeof(struct scfs_counter);
	struct scfs_counters_header *h = calloc(1, len);

	memcpy(h->magic, SCFS_COUNTERS_MAGIC, 8);
	h->version = version;
	h->capacity = capacity;
	h->used = used;
	h->denials = 7;
	put("counters.bin", h, len);
	free(h);
}

static int view(void)
{
	struct scfs_state_view v;
	int r = scfs_state_view_open(&v, base, 4242);

	scfs_state_view_done(&v);
	return r;
}

static void files(void)
{
	int dfd = scfs_state_dir_open(base, 4242), fd;
	char p[sizeof(dir) + 32], *text = NULL;
	size_t len;

	put("info", "name\tok\n", 8);
	fd = scfs_state_file_open(dfd, "info", NULL);
	tap_ok(fd >= 0, "a regular file of the directory's owner opens");
	close(fd);
	snprintf(p, sizeof(p), "%s/link", dir);
	tap_ok(symlink("/etc/passwd", p) == 0 && scfs_state_file_open(dfd, "link", NULL) == -ELOOP,
	       "a symbolic link is refused (-ELOOP)");
	tap_ok(scfs_state_file_stat(dfd, "link", NULL) == -ELOOP, "... by stat too");
	snprintf(p, sizeof(p), "%s/fifo", dir);
	tap_ok(mkfifo(p, 0600) == 0 && scfs_state_file_open(dfd, "fifo", NULL) == -EMEDIUMTYPE,
	       "a FIFO is refused at once, not waited on (-EMEDIUMTYPE)");
	if (geteuid() == 0) {
		snprintf(p, sizeof(p), "%s/other", dir);
		put("other", "x", 1);
		tap_ok(chown(p, 62001, 62001) == 0 && scfs_state_file_open(dfd, "other", NULL) == -EPERM,
		       "a file of another owner than the directory's is refused (-EPERM)");
	} else {
		tap_skip("a file of another owner: needs root to chown");
	}
	tap_ok(scfs_state_file_read(dfd, "info", 4, &text, &len) == -EFBIG, "a file beyond the limit: -EFBIG");
	tap_ok(scfs_state_file_read(dfd, "info", 64, &text, &len) == 0 && len == 8 && strcmp(text, "name\tok\n") == 0,
	       "within the limit: read whole");
	free(text);
	close(dfd);
	snprintf(p, sizeof(p), "%s/4243", base);
	tap_ok(symlink(dir, p) == 0 && scfs_state_dir_open(base, 4243) == -ENOTDIR,
	       "a target directory that is a link is refused (-ENOTDIR)");
	tap_ok(strstr(scfs_state_strerror(-ELOOP), "symbolic link") != NULL, "refusals have words");
}

static void headers(void)
{
	struct scfs_state_view v;

	counters(1, 8192, 2, 8192);
	tap_ok(scfs_state_view_open(&v, base, 4242) == 0 && v.hdr.used == 2 && v.hdr.denials == 7 &&
		       strcmp(v.info, "name\tok\n") == 0,
	       "a well-formed counters.bin: the view has its entries and info");
	scfs_state_view_done(&v);
	counters(1, 0xffffffffu, 0xffffffffu, 0);
	tap_ok(view() == -EBADMSG, "capacity = used = 0xffffffff with no entries: -EBADMSG, nothing allocated");
	counters(1, SCFS_COUNTERS_MAX_CAPACITY + 1, 0, 0);
	tap_ok(view() == -EBADMSG, "capacity beyond %u: -EBADMSG", SCFS_COUNTERS_MAX_CAPACITY);
	counters(1, 10, 11, 11);
	tap_ok(view() == -EBADMSG, "used > capacity: -EBADMSG");
	counters(1, 100, 50, 49);
	tap_ok(view() == -EBADMSG, "one entry fewer in the file than used says: -EBADMSG");
	counters(2, 100, 1, 100);
	tap_ok(view() == -EBADMSG, "an unknown version: -EBADMSG");
	put("counters.bin", "SCFSCTR1", 8);
	tap_ok(view() == -EBADMSG, "shorter than a header: -EBADMSG");
	counters(1, 100, 1, 100);
	{
		char p[sizeof(dir) + 32];

		snprintf(p, sizeof(p), "%s/info", dir);
		unlink(p);
		tap_ok(symlink("/etc/shadow", p) == 0 && scfs_state_view_open(&v, base, 4242) == 0 && !*v.info,
		       "info a link: the view opens, info empty (that file's error only)");
		scfs_state_view_done(&v);
	}
}

int main(void)
{
	char cmd[sizeof(base) + 16];

	if (!mkdtemp(base))
		return 1;
	snprintf(dir, sizeof(dir), "%s/4242", base);
	if (mkdir(dir, 0700) < 0)
		return 1;
	files();
	headers();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", base);
	return tap_done();
}
