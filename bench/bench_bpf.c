/* The size of the program scfs loads and how many BPF instructions the
 * kernel runs for a syscall, with and without libseccomp's binary-tree
 * optimisation.
 *
 *   bench_bpf PROFILE
 *
 * Instruction counts come from scfs's evaluator (scfs_bpf_run_steps) on
 * the exact program, for x86_64 calls (AUDIT_ARCH_X86_64).  For syscalls
 * whose rules check arguments the count depends on the arguments, so each
 * is run over a set of argument values and the longest path is reported.
 * The host is the one bench_compile uses: native arch, Docker's default
 * capabilities, this kernel. */
#include <linux/audit.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scfs/scfs.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const char docker_caps[] = "CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,CAP_NET_RAW,"
				  "CAP_SETGID,CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,CAP_NET_BIND_SERVICE,"
				  "CAP_SYS_CHROOT,CAP_KILL,CAP_AUDIT_WRITE";

/* A syscall with the argument vectors it is run with. */
struct probe {
	char label[48];
	int nr;
	uint64_t (*args)[6];
	size_t n_args;
};

struct result {
	size_t max_steps;
	double mean_steps;
	char actions[96]; /* distinct results, e.g. "ALLOW ERRNO(1)" */
};

static void add_args(struct probe *p, uint64_t a0, uint64_t a1, uint64_t a2)
{
	p->args = scfs_xrealloc(p->args, p->n_args + 1, sizeof(*p->args));
	memset(p->args[p->n_args], 0, sizeof(p->args[0]));
	p->args[p->n_args][0] = a0;
	p->args[p->n_args][1] = a1;
	p->args[p->n_args][2] = a2;
	p->n_args++;
}

static struct probe probe_named(const char *name)
{
	struct probe p = { .nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name) };

	snprintf(p.label, sizeof(p.label), "%s", name);
	if (p.nr < 0) {
		fprintf(stderr, "bench_bpf: libseccomp does not know %s on x86_64\n", name);
		exit(1);
	}
	return p;
}

static void action_string(uint32_t w, char *buf, size_t len)
{
	switch (w & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
		snprintf(buf, len, "ALLOW");
		break;
	case SECCOMP_RET_ERRNO:
		snprintf(buf, len, "ERRNO(%u)", w & SECCOMP_RET_DATA);
		break;
	case SECCOMP_RET_KILL_PROCESS:
		snprintf(buf, len, "KILL_PROCESS");
		break;
	case SECCOMP_RET_KILL_THREAD:
		snprintf(buf, len, "KILL_THREAD");
		break;
	case SECCOMP_RET_TRAP:
		snprintf(buf, len, "TRAP");
		break;
	case SECCOMP_RET_TRACE:
		snprintf(buf, len, "TRACE(%u)", w & SECCOMP_RET_DATA);
		break;
	case SECCOMP_RET_LOG:
		snprintf(buf, len, "LOG");
		break;
	case SECCOMP_RET_USER_NOTIF:
		snprintf(buf, len, "NOTIFY");
		break;
	default:
		snprintf(buf, len, "0x%08x", w);
	}
}

static struct result measure(const struct scfs_filter *f, const struct probe *p)
{
	struct result res = { 0 };
	size_t total = 0;

	for (size_t i = 0; i < p->n_args; i++) {
		struct seccomp_data d = { .nr = p->nr, .arch = AUDIT_ARCH_X86_64 };
		char act[32];
		uint32_t w;
		size_t steps;

		memcpy(d.args, p->args[i], sizeof(d.args));
		if (scfs_bpf_run_steps(f->prog, f->prog_len, &d, &w, &steps) < 0) {
			fprintf(stderr, "bench_bpf: the evaluator rejects the program\n");
			exit(1);
		}
		total += steps;
		if (steps > res.max_steps)
			res.max_steps = steps;
		action_string(w, act, sizeof(act));
		if (!strstr(res.actions, act) && strlen(res.actions) + strlen(act) + 2 < sizeof(res.actions))
			snprintf(res.actions + strlen(res.actions), sizeof(res.actions) - strlen(res.actions), "%s%s",
				 *res.actions ? " " : "", act);
	}
	res.mean_steps = (double)total / (double)p->n_args;
	return res;
}

static bool profile_names(const struct scfs_profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (strcmp(p->rules[i].names[j], name) == 0)
				return true;
	return false;
}

static size_t build_probes(const struct scfs_profile *eff, struct probe *v)
{
	static const uint64_t types[] = { 1, 2, 3, 5, 10 }, protos[] = { 0, 1, 6, 17 };
	static const uint64_t clone_new[] = { CLONE_NEWNS,  CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
					      CLONE_NEWUSER, CLONE_NEWPID,   CLONE_NEWNET, CLONE_NEWTIME };
	static const uint64_t pers[] = { 0, 8, 0x20000, 0x20008, 0xffffffff, 1, 0x400000 };
	/* Syscalls absent from most profiles; the first one this profile does
	 * not name stands for "not in the profile". */
	static const char *const unlisted[] = { "kexec_load", "reboot", "swapon", "init_module", "acct", "vhangup" };
	size_t n = 0;

	v[n] = probe_named("socket");
	for (uint64_t fam = 0; fam <= 45; fam++)
		for (size_t t = 0; t < ELEMENTSOF(types); t++)
			for (size_t pr = 0; pr < ELEMENTSOF(protos); pr++)
				add_args(&v[n], fam, types[t], protos[pr]);
	n++;

	v[n] = probe_named("clone");
	add_args(&v[n], 0, 0, 0);
	add_args(&v[n], SIGCHLD, 0, 0);
	for (size_t i = 0; i < ELEMENTSOF(clone_new); i++)
		add_args(&v[n], clone_new[i] | SIGCHLD, 0, 0);
	add_args(&v[n],
		 CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
			 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
		 0, 0);
	n++;

	v[n] = probe_named("personality");
	for (size_t i = 0; i < ELEMENTSOF(pers); i++)
		add_args(&v[n], pers[i], 0, 0);
	n++;

	v[n] = probe_named("getpid");
	add_args(&v[n], 0, 0, 0);
	n++;

	for (size_t i = 0; i < ELEMENTSOF(unlisted); i++) {
		if (profile_names(eff, unlisted[i]))
			continue;
		v[n] = probe_named(unlisted[i]);
		snprintf(v[n].label, sizeof(v[n].label), "%s (not in profile)", unlisted[i]);
		add_args(&v[n], 0, 0, 0);
		n++;
		break;
	}

	/* Above every number the profile names: the ENOSYS stub answers. */
	v[n] = (struct probe){ .nr = 1000 };
	snprintf(v[n].label, sizeof(v[n].label), "nr 1000 (above the table)");
	add_args(&v[n], 0, 0, 0);
	n++;
	return n;
}

static struct scfs_filter *compile(const struct scfs_profile *eff, bool optimize)
{
	struct scfs_compile_opts o;
	struct scfs_filter *f = NULL;
	struct scfs_diag d;

	scfs_diag_init(&d, eff->source);
	scfs_compile_opts_init(&o);
	o.optimize = optimize;
	if (scfs_compile(eff, &o, &f, &d) < 0) {
		scfs_diag_print(&d, stderr, SCFS_DIAG_ERROR);
		exit(1);
	}
	scfs_diag_done(&d);
	return f;
}

int main(int argc, char **argv)
{
	struct scfs_profile *src = NULL, *eff = NULL;
	struct scfs_filter *f[2];
	struct probe probes[8];
	struct scfs_diag d;
	struct scfs_host h;
	size_t n;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PROFILE\n", argv[0]);
		return 2;
	}
	if (scfs_host_detect(&h) < 0 || scfs_caps_parse(docker_caps, &h.caps, NULL) < 0) {
		fprintf(stderr, "bench_bpf: cannot set up the host\n");
		return 1;
	}
	if (h.arch != scfs_arch_lookup("x86_64")) {
		fprintf(stderr, "bench_bpf: the probes are x86_64 syscalls; this host is %s\n", h.arch->scmp_name);
		return 1;
	}
	scfs_diag_init(&d, argv[1]);
	if (scfs_profile_load(argv[1], &src, &d) < 0 || scfs_profile_expand(src, &h, &eff) < 0) {
		scfs_diag_print(&d, stderr, SCFS_DIAG_ERROR);
		return 1;
	}
	scfs_diag_done(&d);
	f[0] = compile(eff, true);
	f[1] = compile(eff, false);
	n = build_probes(eff, probes);

	printf("profile %s; host x86_64, Docker's default capabilities, kernel %u.%u\n", argv[1], h.kernel.major,
	       h.kernel.minor);
	printf("\n%-28s %14s %14s\n", "program", "optimize=true", "optimize=false");
	printf("%-28s %14zu %14zu\n", "instructions (prog_len)", f[0]->prog_len, f[1]->prog_len);
	printf("%-28s %14zu %14zu\n", "  of which ENOSYS stub", f[0]->stub_len, f[1]->stub_len);
	printf("\nBPF instructions executed for x86_64 calls (max / mean over the inputs)\n");
	printf("%-28s %6s %14s %14s  %s\n", "syscall", "inputs", "optimize=true", "optimize=false", "results");
	for (size_t i = 0; i < n; i++) {
		struct result r0 = measure(f[0], &probes[i]), r1 = measure(f[1], &probes[i]);
		char c0[32], c1[32];

		snprintf(c0, sizeof(c0), "%zu / %.1f", r0.max_steps, r0.mean_steps);
		snprintf(c1, sizeof(c1), "%zu / %.1f", r1.max_steps, r1.mean_steps);
		if (strcmp(r0.actions, r1.actions) != 0)
			fprintf(stderr, "bench_bpf: %s: the two programs disagree (%s vs %s)\n", probes[i].label,
				r0.actions, r1.actions);
		printf("%-28s %6zu %14s %14s  %s\n", probes[i].label, probes[i].n_args, c0, c1, r0.actions);
		free(probes[i].args);
	}
	scfs_filter_free(f[0]);
	scfs_filter_free(f[1]);
	scfs_profile_free(eff);
	scfs_profile_free(src);
	return 0;
}
