/* What the supervisor's own filter evaluation costs per notification.
 *
 *   verdict_cost FILTER.bpf NAME [N]
 *
 * scfs answers every notification by running the real filter (and, for the
 * rule, a second program of about the same length) with libscfs's
 * evaluator, scfs_bpf_run, which validates the whole program with
 * scfs_bpf_check before every run.  This times, over N (default 1000000)
 * iterations, best of 5, on the raw program in FILTER.bpf and a native
 * x86_64 call NAME with zero arguments:
 *   check   scfs_bpf_check alone
 *   run     scfs_bpf_run (check + evaluation)
 * and prints the difference (the evaluation alone) and the number of
 * instructions the evaluation executes. */
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scfs/scfs.h"

#define RUNS 5

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile uint32_t sink;

int main(int argc, char **argv)
{
	static struct sock_filter prog[4096];
	struct seccomp_data d = { .arch = AUDIT_ARCH_X86_64 };
	double best_check = 0, best_run = 0;
	size_t len, steps = 0;
	uint32_t v = 0;
	long n = argc > 3 ? atol(argv[3]) : 1000000;
	FILE *f;
	int nr;

	if (argc < 3 || n <= 0) {
		fprintf(stderr, "usage: verdict_cost FILTER.bpf NAME [N]\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	len = fread(prog, sizeof(prog[0]), 4096, f);
	fclose(f);
	nr = seccomp_syscall_resolve_name(argv[2]);
	if (len == 0 || nr < 0) {
		fprintf(stderr, "verdict_cost: empty filter or unknown syscall\n");
		return 1;
	}
	d.nr = nr;
	if (scfs_bpf_run_steps(prog, len, &d, &v, &steps) < 0) {
		fprintf(stderr, "verdict_cost: the evaluator rejects %s\n", argv[1]);
		return 1;
	}
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns(), c, e;

		for (long i = 0; i < n; i++)
			sink += (uint32_t)scfs_bpf_check(prog, len);
		c = (now_ns() - t0) / (double)n;
		t0 = now_ns();
		for (long i = 0; i < n; i++) {
			uint32_t out;

			(void)scfs_bpf_run(prog, len, &d, &out);
			sink += out;
		}
		e = (now_ns() - t0) / (double)n;
		if (r == 0 || c < best_check)
			best_check = c;
		if (r == 0 || e < best_run)
			best_run = e;
	}
	printf("filter=%s len=%zu name=%s verdict=0x%08x steps=%zu check_ns=%.1f run_ns=%.1f eval_only_ns=%.1f\n",
	       argv[1], len, argv[2], v, steps, best_check, best_run, best_run - best_check);
	return 0;
}
