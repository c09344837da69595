/* A test target for scfs run: makes calls in patterns sysprobe cannot
 * (loops, threads) and reports what it saw.
 *   target loop N NAME        call NAME (no arguments) N times; print "errno=E count=C" per errno seen
 *   target threads N NAME     N threads each call NAME once; print one "tid=T errno=E" line each
 *   target trap NAME          catch SIGSYS, call NAME once; print what the handler saw
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int nr_of(const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr < 0 && strspn(name, "0123456789") == strlen(name))
		nr = atoi(name);
	if (nr < 0) {
		fprintf(stderr, "target: unknown syscall %s\n", name);
		exit(2);
	}
	return nr;
}

/* @path: the first argument as a string (loopstr: a denial whose line
 * needs the target's memory read), else every argument 0. */
static int loop(long n, int nr, const char *path)
{
	static long seen[4096];

	for (long i = 0; i < n; i++) {
		long r = path ? syscall(nr, path, 0755, 0, 0, 0, 0) : syscall(nr, 0, 0, 0, 0, 0, 0);

		seen[r == -1 && errno < 4096 ? errno : 0]++;
	}
	for (int e = 0; e < 4096; e++)
		if (seen[e])
			printf("errno=%d count=%ld\n", e, seen[e]);
	return 0;
}

static int thread_nr;

static void *thread_main(void *arg)
{
	long r = syscall(thread_nr, "/nonexistent/scfs-target", 0755, 0, 0, 0, 0);
	int *err = arg;

	*err = r == -1 ? errno : 0;
	return NULL;
}

static int threads(int n, int nr)
{
	pthread_t t[64];
	int err[64];

	thread_nr = nr;
	for (int i = 0; i < n && i < 64; i++)
		pthread_create(&t[i], NULL, thread_main, &err[i]);
	for (int i = 0; i < n && i < 64; i++) {
		pthread_join(t[i], NULL);
		printf("thread=%d errno=%d\n", i, err[i]);
	}
	return 0;
}

static volatile sig_atomic_t trap_code, trap_syscall, trap_errno, trapped;

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	trapped = 1;
	trap_code = si->si_code;
	trap_syscall = si->si_syscall;
	trap_errno = si->si_errno;
}

/* A program that handles its traps, as emulation layers do: it must see
 * the same siginfo under scfs as under the bare filter. */
static int trap(int nr)
{
	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	char line[128] = "", filters[32] = "?";
	FILE *f;

	sigaction(SIGSYS, &sa, NULL);
	syscall(nr, 0, 0, 0, 0, 0, 0);
	f = fopen("/proc/self/status", "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp_filters: %31s", filters) == 1)
			break;
	if (f)
		fclose(f);
	printf("trapped=%d code=%d syscall=%d errno=%d filters=%s\n", (int)trapped, (int)trap_code,
	       (int)trap_syscall, (int)trap_errno, filters);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "trap") == 0)
		return trap(nr_of(argv[2]));
	if (argc == 4 && strcmp(argv[1], "loop") == 0)
		return loop(atol(argv[2]), nr_of(argv[3]), NULL);
	if (argc == 4 && strcmp(argv[1], "loopstr") == 0)
		return loop(atol(argv[2]), nr_of(argv[3]), "/nonexistent/scfs-target/a-path-of-some-length");
	if (argc == 4 && strcmp(argv[1], "threads") == 0)
		return threads(atoi(argv[2]), nr_of(argv[3]));
	fprintf(stderr, "usage: target loop|loopstr N NAME | target threads N NAME | target trap NAME\n");
	return 2;
}
