/* Latency of what cat and ls do to a file system, timed in-process so that
 * fork and exec do not drown the figure:
 *   fs_latency [-n N] FILE...      open, read until EOF, close
 *   fs_latency [-n N] -d DIR...    opendir, readdir to the end, closedir
 * Prints median, p99 and max in microseconds over N runs (default 1000). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One cat: the bytes read, or -1. */
static long read_file(const char *path)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long bytes = 0;
	ssize_t r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		bytes += r;
	close(fd);
	return r < 0 ? -1 : bytes;
}

/* One ls: the entries read, or -1. */
static long list_dir(const char *path)
{
	DIR *d = opendir(path);
	long n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	int n = 1000, i = 1;
	long (*op)(const char *) = read_file;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "-d") == 0)
			op = list_dir;
		else
			break;
	}
	if (i >= argc || n < 1) {
		fprintf(stderr, "usage: fs_latency [-n N] [-d] PATH...\n");
		return 2;
	}
	for (; i < argc; i++) {
		double *t = calloc((size_t)n, sizeof(*t));
		long got = 0;

		if (!t)
			return 1;
		for (int k = 0; k < n; k++) {
			double t0 = now_us();

			got = op(argv[i]);
			t[k] = now_us() - t0;
			if (got < 0) {
				perror(argv[i]);
				return 1;
			}
		}
		qsort(t, (size_t)n, sizeof(*t), cmp_double);
		printf("%-36s runs=%d %s=%ld median=%.1fus p99=%.1fus max=%.1fus\n", argv[i], n,
		       op == list_dir ? "entries" : "bytes", got, t[n / 2], t[(size_t)n * 99 / 100], t[n - 1]);
		free(t);
	}
	return 0;
}
