/* What one system call costs under a seccomp filter.
 *
 *   syscall_cost [-f FILTER.bpf] NAME N
 *
 * With -f, loads the raw filter (as written by `scfs compile -o`) with
 * PR_SET_NO_NEW_PRIVS and SECCOMP_FILTER_FLAG_SPEC_ALLOW (the flag scfs and
 * runc use when a profile names none).  Then times N calls of NAME with
 * CLOCK_MONOTONIC (vDSO, so the clock adds no system call), five times
 * after one untimed warm-up pass of N/10, and prints the best.
 *
 * NAME is one of:
 *   getpid      getpid(): no arguments, the plain syscall path
 *   socket-inval  socket(1000, SOCK_STREAM, 0): passes Docker's argument-checked
 *               socket rule (family > 40) and fails in the kernel at once with
 *               EAFNOSUPPORT (family >= AF_MAX), so it measures the filter's
 *               argument comparisons without socket allocation
 *   any other name known to libseccomp: called with six zero arguments
 *
 * Output: name=NAME n=N best_ns=X runs_ns=a,b,c,d,e ret=R errno=E
 * (ret and errno of the last call, to show what the call did). */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define RUNS 5

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int load_filter(const char *path)
{
	static struct sock_filter prog[BPF_MAXINSNS];
	struct sock_fprog fp = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		fprintf(stderr, "syscall_cost: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(prog, 1, sizeof(prog), f);
	fclose(f);
	if (n == 0 || n % sizeof(prog[0])) {
		fprintf(stderr, "syscall_cost: %s: not a raw BPF program (%zu bytes)\n", path, n);
		return -1;
	}
	fp.len = (unsigned short)(n / sizeof(prog[0]));
	fp.filter = prog;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_SPEC_ALLOW, &fp) < 0) {
		fprintf(stderr, "syscall_cost: loading %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

struct call {
	long nr, a0, a1, a2;
};

static long last_ret;
static int last_errno;

static int64_t timed(const struct call *c, long n)
{
	int64_t t0 = now_ns();
	long r = 0;

	for (long i = 0; i < n; i++)
		r = syscall(c->nr, c->a0, c->a1, c->a2, 0, 0, 0);
	last_ret = r;
	last_errno = r == -1 ? errno : 0;
	return now_ns() - t0;
}

int main(int argc, char **argv)
{
	const char *filter = NULL, *name;
	struct call c = { 0 };
	double best = 0, per[RUNS];
	long n;
	int opt;

	while ((opt = getopt(argc, argv, "+f:")) != -1) {
		if (opt != 'f')
			goto usage;
		filter = optarg;
	}
	if (argc - optind != 2)
		goto usage;
	name = argv[optind];
	n = atol(argv[optind + 1]);
	if (n <= 0)
		goto usage;
	if (strcmp(name, "socket-inval") == 0) {
		c = (struct call){ SYS_socket, 1000, SOCK_STREAM, 0 };
	} else {
		c.nr = seccomp_syscall_resolve_name(name);
		if (c.nr < 0) {
			fprintf(stderr, "syscall_cost: unknown syscall %s\n", name);
			return 2;
		}
	}
	if (filter && load_filter(filter) < 0)
		return 1;
	(void)timed(&c, n / 10 + 1);
	for (int i = 0; i < RUNS; i++) {
		per[i] = (double)timed(&c, n) / (double)n;
		if (i == 0 || per[i] < best)
			best = per[i];
	}
	printf("name=%s n=%ld best_ns=%.1f runs_ns=", name, n, best);
	for (int i = 0; i < RUNS; i++)
		printf("%s%.1f", i ? "," : "", per[i]);
	printf(" ret=%ld errno=%d\n", last_ret, last_errno);
	return 0;
usage:
	fprintf(stderr, "usage: syscall_cost [-f FILTER.bpf] NAME N\n");
	return 2;
}
