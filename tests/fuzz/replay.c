/* Runs the fuzz target over files, so the harness (and every input that
 * once crashed it) is exercised in ordinary builds without libFuzzer.
 *
 *   fuzz_replay PATH...
 *
 * A file is one input; a directory contributes every regular file in it,
 * in name order (not recursive).  A path that does not exist is reported
 * as a skipped test, since some seed directories are optional.  Output is
 * TAP: one "ok N - FILE" per input that ran through; a crash, a sanitizer
 * report or an abort() from the target ends the program instead. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scfs/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int n_tests, n_failed;

static void run_file(const char *path)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	/* Read everything the target may see, and somewhat more. */
	r = scfs_read_file(path, 64u << 20, &buf, &len);
	if (r < 0) {
		printf("not ok %d - %s # cannot read: %s\n", ++n_tests, path, strerror(-r));
		n_failed++;
		fflush(stdout);
		return;
	}
	(void)LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	printf("ok %d - %s\n", ++n_tests, path);
	fflush(stdout);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *dir)
{
	char **names = NULL;
	size_t n = 0, cap = 0, files = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d) {
		printf("not ok %d - %s # cannot open: %s\n", ++n_tests, dir, strerror(errno));
		n_failed++;
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = scfs_xrealloc(names, cap, sizeof(*names));
		}
		names[n++] = scfs_xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			run_file(names[i]);
			files++;
		}
		free(names[i]);
	}
	free(names);
	if (!files)
		printf("# %s: no files\n", dir);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			if (errno == ENOENT)
				printf("ok %d - %s # SKIP not present\n", ++n_tests, argv[i]);
			else {
				printf("not ok %d - %s # %s\n", ++n_tests, argv[i], strerror(errno));
				n_failed++;
			}
		} else if (S_ISDIR(st.st_mode)) {
			run_dir(argv[i]);
		} else {
			run_file(argv[i]);
		}
		fflush(stdout);
	}
	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
