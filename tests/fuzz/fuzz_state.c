/* libFuzzer target: one input is the state directory of one target, as a
 * target (or another user, before the state base was the user's own) could
 * leave it, read through every reader entry point core exposes:
 * scfs_state_view_open (scfs show, ps, record, sctui),
 * scfs_state_view_open_light (the FUSE view), scfs_state_view_info, the
 * renderings made from a view (status, counters), and the file readers the
 * FUSE view and `show` use for exit and denied (scfs_state_dir_open,
 * scfs_state_file_stat, scfs_state_file_read).
 *
 * The input is split at each "\n--8<--\n" into the contents of counters.bin,
 * info, exit and denied, in that order; missing parts are files that do
 * not exist.  The files are written to a private temporary directory: the
 * readers take a base directory, not a buffer.
 *
 * Besides "no crash, no over-read, no UB" it checks that a view that opens
 * holds no more entries than its header allows, and that the two readers
 * agree on the header and entries. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scfs/render.h"
#include "scfs/render_fs.h"
#include "scfs/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A pid no process has (above the kernel's PID_MAX_LIMIT), so that status
 * never reads a live process's /proc entry. */
#define FUZZ_PID 4194305

static const char sep[] = "\n--8<--\n";
static const char *const files[] = { "counters.bin", "info", "exit", "denied" };

static char *base, *dir;

static void cleanup(void)
{
	char path[4096];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		(void)unlink(path);
	}
	(void)rmdir(dir);
	(void)rmdir(base);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl;

	if (asprintf(&tmpl, "%s/scfs-fuzz-state.XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0 || !mkdtemp(tmpl))
		abort();
	base = tmpl;
	if (asprintf(&dir, "%s/%d", base, FUZZ_PID) < 0 || mkdir(dir, 0700) < 0)
		abort();
	atexit(cleanup);
}

static void put(const char *name, const uint8_t *p, size_t n)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	(void)unlink(path);
	if (!p)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (n && write(fd, p, n) != (ssize_t)n))
		abort();
	close(fd);
}

static void split(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const uint8_t *s = p ? memmem(p, (size_t)(end - p), sep, sizeof(sep) - 1) : NULL;

		put(files[i], p, p ? (size_t)((s ? s : end) - p) : 0);
		p = s ? s + sizeof(sep) - 1 : NULL;
	}
}

static void render(const struct scfs_state_view *v)
{
	static const char *const keys[] = { "name", "pid", "scfs_pid", "mode", "profile", "", "\t" };
	char *s;

	if (v->hdr.used > v->hdr.capacity || (v->hdr.used && !v->ctr))
		abort();
	free(scfs_render_status(v));
	free(scfs_render_counters(v));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		s = scfs_state_view_info(v, keys[i]);
		if (s && strchr(s, '\n'))
			abort();
		free(s);
	}
}

/* Each file whole through the checked reader: what it returns is exactly
 * the file, NUL-terminated, and a refusal has a message. */
static void read_files(void)
{
	int dirfd = scfs_state_dir_open(base, FUZZ_PID);

	if (dirfd < 0)
		abort(); /* the harness made it */
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct stat st;
		char *buf = NULL;
		size_t len = 0;
		int r = scfs_state_file_read(dirfd, files[i], SCFS_STATE_FILE_MAX, &buf, &len);

		if (r == 0 && (buf[len] != '\0' || scfs_state_file_stat(dirfd, files[i], &st) < 0 ||
			       (size_t)st.st_size != len))
			abort();
		if (r < 0 && !scfs_state_strerror(r))
			abort();
		free(buf);
	}
	close(dirfd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scfs_state_view full, light;
	int rf, rl;

	if (!base)
		setup();
	split(data, size);
	read_files();
	rf = scfs_state_view_open(&full, base, FUZZ_PID);
	if (rf == 0)
		render(&full);
	rl = scfs_state_view_open_light(&light, base, FUZZ_PID, true);
	if (rl == 0)
		render(&light);
	/* Both read the same file: the same verdict and the same entries. */
	if ((rf == 0) != (rl == 0))
		abort();
	if (rf == 0 && (memcmp(&full.hdr, &light.hdr, sizeof(full.hdr)) != 0 ||
			memcmp(full.ctr, light.ctr, full.hdr.used * sizeof(*full.ctr)) != 0))
		abort();
	/* Both openers start by setting the whole view, so releasing a view
	 * whose open failed is safe; this target looks for parser faults, and
	 * an open that fails has nothing more to parse. */
	scfs_state_view_done(&full);
	scfs_state_view_done(&light);
	if (scfs_state_view_open_light(&light, base, FUZZ_PID, false) == 0)
		render(&light);
	scfs_state_view_done(&light);
	return 0;
}
