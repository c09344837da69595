/* How long a profile takes from JSON text to the program scfs loads.
 *
 *   bench_compile PROFILE [RUNS]
 *
 * The file is read once; each run parses the buffer (scfs_profile_parse,
 * which also validates), expands it for the host and compiles it
 * (scfs_compile: libseccomp rules, export, ENOSYS stub), timed with
 * CLOCK_MONOTONIC.  Freeing the results is not timed.  Runs with
 * libseccomp's binary-tree optimisation (the default) and without.
 *
 * The host is fixed so the figures do not depend on who runs them: the
 * native arch, Docker's default capability set (what a container gets)
 * and this machine's kernel version. */
#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scfs/scfs.h"

#define WARMUP 20

/* moby's default capabilities (oci/caps/defaults.go). */
static const char docker_caps[] = "CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,CAP_NET_RAW,"
				  "CAP_SETGID,CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,CAP_NET_BIND_SERVICE,"
				  "CAP_SYS_CHROOT,CAP_KILL,CAP_AUDIT_WRITE";

enum { PH_PARSE, PH_EXPAND, PH_COMPILE, PH_TOTAL, _PH_MAX };
static const char *const phase_name[_PH_MAX] = { "parse", "expand", "compile", "total" };

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v[0..n). */
static double pct(const double *v, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);

	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

/* One pipeline run; fills t[] with the phase times.  Exits if the profile does not compile. */
static void run_once(const char *text, size_t len, const char *path, const struct scfs_host *h, bool optimize,
		     double t[_PH_MAX], size_t *prog_len)
{
	struct scfs_profile *src = NULL, *eff = NULL;
	struct scfs_filter *f = NULL;
	struct scfs_compile_opts o;
	struct scfs_diag d;
	double t0, t1, t2, t3;
	int r;

	scfs_diag_init(&d, path);
	scfs_compile_opts_init(&o);
	o.optimize = optimize;
	t0 = now_us();
	r = scfs_profile_parse(text, len, path, &src, &d);
	t1 = now_us();
	if (r == 0)
		r = scfs_profile_expand(src, h, &eff);
	t2 = now_us();
	if (r == 0)
		r = scfs_compile(eff, &o, &f, &d);
	t3 = now_us();
	if (r < 0) {
		scfs_diag_print(&d, stderr, SCFS_DIAG_ERROR);
		fprintf(stderr, "bench_compile: %s does not compile: %s\n", path, strerror(-r));
		exit(1);
	}
	t[PH_PARSE] = t1 - t0;
	t[PH_EXPAND] = t2 - t1;
	t[PH_COMPILE] = t3 - t2;
	t[PH_TOTAL] = t3 - t0;
	*prog_len = f->prog_len;
	scfs_filter_free(f);
	scfs_profile_free(eff);
	scfs_profile_free(src);
	scfs_diag_done(&d);
}

static void bench(const char *text, size_t len, const char *path, const struct scfs_host *h, bool optimize,
		  size_t runs)
{
	double *v[_PH_MAX], t[_PH_MAX];
	size_t prog_len = 0;

	for (int p = 0; p < _PH_MAX; p++)
		v[p] = scfs_xcalloc(runs, sizeof(double));
	for (size_t i = 0; i < WARMUP; i++)
		run_once(text, len, path, h, optimize, t, &prog_len);
	for (size_t i = 0; i < runs; i++) {
		run_once(text, len, path, h, optimize, t, &prog_len);
		for (int p = 0; p < _PH_MAX; p++)
			v[p][i] = t[p];
	}
	printf("optimize=%s (%zu instructions), %zu runs, microseconds:\n", optimize ? "true" : "false", prog_len,
	       runs);
	printf("  %-8s %10s %10s %10s %10s\n", "phase", "median", "p99", "min", "max");
	for (int p = 0; p < _PH_MAX; p++) {
		qsort(v[p], runs, sizeof(double), cmp_double);
		printf("  %-8s %10.1f %10.1f %10.1f %10.1f\n", phase_name[p], pct(v[p], runs, 50), pct(v[p], runs, 99),
		       v[p][0], v[p][runs - 1]);
		free(v[p]);
	}
}

int main(int argc, char **argv)
{
	_cleanup_free_ char *text = NULL;
	const struct scmp_version *lv = seccomp_version();
	struct scfs_host h;
	size_t len, runs = 1000;
	int r;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s PROFILE [RUNS]\n", argv[0]);
		return 2;
	}
	if (argc == 3) {
		char *end;

		errno = 0;
		runs = strtoul(argv[2], &end, 10);
		if (errno || *end || runs == 0) {
			fprintf(stderr, "bench_compile: RUNS must be a positive number\n");
			return 2;
		}
	}
	r = scfs_read_file(argv[1], SCFS_PROFILE_MAX_BYTES, &text, &len);
	if (r < 0) {
		fprintf(stderr, "bench_compile: %s: %s\n", argv[1], strerror(-r));
		return 1;
	}
	r = scfs_host_detect(&h);
	if (r < 0 || scfs_caps_parse(docker_caps, &h.caps, NULL) < 0) {
		fprintf(stderr, "bench_compile: cannot set up the host\n");
		return 1;
	}
	printf("profile %s (%zu bytes)\n", argv[1], len);
	printf("host: %s, Docker's default capabilities, kernel %u.%u; libseccomp %u.%u.%u\n", h.arch->scmp_name,
	       h.kernel.major, h.kernel.minor, lv->major, lv->minor, lv->micro);
	printf("timed: parse (with validation) + expand + compile, %d warm-up runs not counted\n", WARMUP);
	bench(text, len, argv[1], &h, true, runs);
	bench(text, len, argv[1], &h, false, runs);
	return 0;
}
