/* The differential test's helper: programs read back from a container
 * runtime, compared with the ones scfs compiles, input by input, with
 * scfs's own BPF evaluator. */
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every filter a process holds, as PTRACE_SECCOMP_GET_FILTER numbers them:
 * f[0] was installed last and runs first. */
#define PARITY_MAX_FILTERS 16
struct prog {
	struct sock_filter *ins;
	size_t len;
};
struct progset {
	struct prog f[PARITY_MAX_FILTERS];
	size_t n;
};

/* A file written by `parity readback` (a ".set": per filter a uint32
 * instruction count and the instructions), or a raw program as
 * `scfs compile --format bpf` writes it.  Exits on error. */
void progset_load(struct progset *s, const char *path);
void progset_done(struct progset *s);

/* The action the kernel takes: every filter runs and the one with the
 * highest-precedence action decides (kernel/seccomp.c, seccomp_run_filters). */
uint32_t progset_run(const struct progset *s, const struct seccomp_data *d);

/* "ERRNO(1)", "ALLOW", "KILL_PROCESS", ... (static buffer). */
const char *action_str(uint32_t ret);

int cmd_compare(int argc, char **argv);
