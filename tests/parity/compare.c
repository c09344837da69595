/* SPDX-License-Identifier: Apache-2.0 */
/*
 *   parity compare stub|none PROFILE.json RUNTIME.set SCFS.bpf SCFS_STRIPPED.bpf
 *
 * R is the program a runtime loaded for PROFILE (read back from the kernel),
 * S the one `scfs compile` gives for PROFILE, T the one it gives for PROFILE
 * without the names libseccomp does not know (`parity strip`), i.e. for
 * what the runtimes compile.  Over every input (below):
 *   - R and T must decide alike: anything else is unexplained;
 *   - S may differ from T only where scfs deliberately adds what the
 *     runtimes drop: on an arch of the profile, a syscall newer than
 *     libseccomp that the profile names (scfs adds it by number), and with
 *     the stub model the numbers between the highest name libseccomp knows
 *     and the highest name (they get the default action, not ENOSYS, since
 *     the profile names a syscall above them).  Elsewhere: unexplained.
 * So R and S differ exactly on the deliberate inputs, and nowhere else.
 *
 * Inputs: on the x86_64 audit arch every number 0..1023, the same with the
 * x32 bit, numbers past the tables and every number any program compares
 * (±1); the same numbers on i386; a few on foreign arches (the bad-arch
 * action).  For each (arch, nr) where some program compares arguments,
 * argument vectors from every constant compared (inputs.c); else all-zero.
 *
 * Prints "decisions=N differ=D explained=E unexplained=U", the deliberate
 * differences one per (arch, nr), and the first unexplained inputs.
 * Exit 0 when U is 0.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <linux/audit.h>
#include <seccomp.h>

#include "inputs.h"
#include "parity.h"
#include "scfs/newsys.h"

#define MAX_VECTORS 20000
#define SHOW_MAX 25

/* A syscall newer than libseccomp that the profile names on one arch, and
 * the action word of each rule naming it. */
struct newer {
	uint32_t nr;
	struct u32set words;
};

struct arch_facts {
	uint32_t token;  /* libseccomp arch token */
	int max_known;   /* highest number of a name libseccomp knows */
	int max_all;     /* the same counting scfs's newer names */
	struct newer *newer;
	size_t n_newer;
};

struct facts {
	bool stub, has_arches;
	uint32_t default_word;
	struct arch_facts a[16];
	size_t n;
};

struct run {
	struct facts fx;
	struct progset r, s, t;
	unsigned long long decisions, differ, explained, unexplained;
	int shown;
	uint32_t last_nr, last_arch; /* deliberate differences, printed once per (arch, nr) */
};

static uint32_t arch_token(const char *name)
{
	char low[64];
	size_t i = 0;

	if (!strncmp(name, "SCMP_ARCH_", 10))
		name += 10;
	for (; name[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = 0;
	return seccomp_arch_resolve_name(low);
}

/* The action word a runtime gives "action"/"errnoRet" (EPERM when an
 * errno action has none, as crun and runc do). */
static uint32_t action_word(json_object *obj, const char *akey, const char *ekey)
{
	static const struct {
		const char *name;
		uint32_t word;
	} acts[] = {
		{ "SCMP_ACT_KILL", SECCOMP_RET_KILL_THREAD },	 { "SCMP_ACT_KILL_THREAD", SECCOMP_RET_KILL_THREAD },
		{ "SCMP_ACT_KILL_PROCESS", SECCOMP_RET_KILL_PROCESS }, { "SCMP_ACT_TRAP", SECCOMP_RET_TRAP },
		{ "SCMP_ACT_ERRNO", SECCOMP_RET_ERRNO },	 { "SCMP_ACT_TRACE", SECCOMP_RET_TRACE },
		{ "SCMP_ACT_LOG", SECCOMP_RET_LOG },		 { "SCMP_ACT_ALLOW", SECCOMP_RET_ALLOW },
		{ "SCMP_ACT_NOTIFY", SECCOMP_RET_USER_NOTIF },
	};
	json_object *a, *e;
	uint32_t w = ~0u;

	if (!json_object_object_get_ex(obj, akey, &a))
		return w;
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (!strcmp(json_object_get_string(a), acts[i].name))
			w = acts[i].word;
	if (w == SECCOMP_RET_ERRNO)
		w |= json_object_object_get_ex(obj, ekey, &e) ? (uint32_t)json_object_get_int(e) : 1;
	return w;
}

static void facts_name(struct arch_facts *a, const char *name, uint32_t word)
{
	int nr = seccomp_syscall_resolve_name_arch(a->token, name);

	if (nr >= 0) {
		if (nr > a->max_known)
			a->max_known = nr;
		if (nr > a->max_all)
			a->max_all = nr;
		return;
	}
	const struct scfs_newsys *ns = seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR ? scfs_newsys_lookup(name) : NULL;
	if (!ns || (nr = scfs_newsys_nr(ns, a->token)) < 0)
		return;
	size_t i = 0;
	while (i < a->n_newer && a->newer[i].nr != (uint32_t)nr)
		i++;
	if (i == a->n_newer) {
		a->newer = realloc(a->newer, ++a->n_newer * sizeof(*a->newer));
		a->newer[i] = (struct newer){ .nr = (uint32_t)nr };
	}
	u32set_add(&a->newer[i].words, word);
	if (nr > a->max_all)
		a->max_all = nr;
}

/* What the profile's names are on each of its arches. */
static void facts_load(struct facts *fx, const char *path)
{
	json_object *root = json_object_from_file(path), *arches, *rules, *names;

	if (!root) {
		fprintf(stderr, "parity: cannot read %s\n", path);
		exit(2);
	}
	fx->default_word = action_word(root, "defaultAction", "defaultErrnoRet");
	fx->has_arches = json_object_object_get_ex(root, "architectures", &arches) && json_object_array_length(arches) > 0;
	fx->a[fx->n++].token = SCMP_ARCH_X86_64; /* the native arch is always in the filter */
	for (size_t i = 0; fx->has_arches && i < json_object_array_length(arches) && fx->n < 16; i++) {
		uint32_t t = arch_token(json_object_get_string(json_object_array_get_idx(arches, i)));
		bool dup = false;

		for (size_t j = 0; j < fx->n; j++)
			dup |= fx->a[j].token == t;
		if (t && !dup)
			fx->a[fx->n++].token = t;
	}
	for (size_t j = 0; j < fx->n; j++)
		fx->a[j].max_known = fx->a[j].max_all = -1;
	if (json_object_object_get_ex(root, "syscalls", &rules))
		for (size_t i = 0; i < json_object_array_length(rules); i++) {
			json_object *r = json_object_array_get_idx(rules, i);
			uint32_t w = action_word(r, "action", "errnoRet");

			if (!json_object_object_get_ex(r, "names", &names))
				continue;
			for (size_t k = 0; k < json_object_array_length(names); k++)
				for (size_t j = 0; j < fx->n; j++)
					facts_name(&fx->a[j], json_object_get_string(json_object_array_get_idx(names, k)), w);
		}
	json_object_put(root);
}

static const struct arch_facts *facts_arch(const struct facts *fx, const struct seccomp_data *d, const char **name)
{
	uint32_t t = d->arch == AUDIT_ARCH_X86_64 && (d->nr & 0x40000000) ? SCMP_ARCH_X32
		   : d->arch == AUDIT_ARCH_I386				? SCMP_ARCH_X86
									: d->arch;

	*name = t == SCMP_ARCH_X32 ? "x32" : t == SCMP_ARCH_X86 ? "x86" : t == SCMP_ARCH_X86_64 ? "x86_64" : "foreign";
	for (size_t j = 0; j < fx->n; j++)
		if (fx->a[j].token == t)
			return &fx->a[j];
	return NULL;
}

/* Is this input one where scfs deliberately differs (see the top), with
 * scfs's decision @s one it may give there: for a newer syscall the action
 * of a rule naming it or the default (a rule equal to the default, or one
 * whose conditions do not hold); between the highest known name and the
 * highest name, the default. */
static const char *deliberate(const struct facts *fx, const struct seccomp_data *d, uint32_t s)
{
	const char *an;
	const struct arch_facts *a = facts_arch(fx, d, &an);
	int nr = d->nr;

	if (!a)
		return NULL;
	for (size_t i = 0; i < a->n_newer; i++) {
		const struct newer *nw = &a->newer[i];
		bool ok = s == fx->default_word;

		if ((int)nw->nr != nr)
			continue;
		for (size_t k = 0; k < nw->words.n; k++)
			ok |= s == nw->words.v[k] ||
			      ((s & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE && nw->words.v[k] == SECCOMP_RET_TRACE);
		return ok ? "names a syscall newer than libseccomp 2.5.4" : NULL;
	}
	if (fx->stub && fx->has_arches && nr > a->max_known && nr <= a->max_all && s == fx->default_word)
		return "above libseccomp's highest name but below a newer name: default action, not ENOSYS";
	return NULL;
}

static void show(const char *what, const struct seccomp_data *d, uint32_t r, uint32_t s, uint32_t t)
{
	const char *an;
	char rs[48], ss[48];
	struct facts none = { 0 };

	(void)facts_arch(&none, d, &an);
	snprintf(rs, sizeof(rs), "%s", action_str(r));
	snprintf(ss, sizeof(ss), "%s", action_str(s));
	printf("# %s: arch=0x%08x(%s) nr=%d args=%llx,%llx,%llx,%llx,%llx,%llx ip=%llx runtime=%s scfs=%s scfs-stripped=%s\n",
	       what, d->arch, an, d->nr, (unsigned long long)d->args[0], (unsigned long long)d->args[1],
	       (unsigned long long)d->args[2], (unsigned long long)d->args[3], (unsigned long long)d->args[4],
	       (unsigned long long)d->args[5], (unsigned long long)d->instruction_pointer, rs, ss, action_str(t));
}

static void decide(struct run *ru, const struct seccomp_data *d)
{
	uint32_t r = progset_run(&ru->r, d), s = progset_run(&ru->s, d), t = progset_run(&ru->t, d);
	const char *why = s != t || r != s ? deliberate(&ru->fx, d, s) : NULL;
	bool bad = r != t || (s != t && !why);

	ru->decisions++;
	ru->differ += r != s;
	ru->explained += r != s && !bad;
	ru->unexplained += bad;
	if (bad && ru->shown++ < SHOW_MAX)
		show("UNEXPLAINED", d, r, s, t);
	if (!bad && r != s && (d->nr != (int)ru->last_nr || d->arch != ru->last_arch)) {
		ru->last_nr = (uint32_t)d->nr;
		ru->last_arch = d->arch;
		char tag[160];
		snprintf(tag, sizeof(tag), "deliberate (%s)", why);
		show(tag, d, r, s, t);
	}
}

/* Comparisons of argument words reachable for this (arch, nr) in any of
 * the programs. */
static void reachable(const struct run *ru, const struct seccomp_data *d, struct kset *ks)
{
	const struct progset *sets[] = { &ru->r, &ru->s, &ru->t };

	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < sets[i]->n; j++)
			if (!walk(sets[i]->f[j].ins, sets[i]->f[j].len, d, ks))
				scan_all(sets[i]->f[j].ins, sets[i]->f[j].len, ks);
}

/* 64-bit values for argument @i (6: the instruction pointer). */
static void arg_values(const struct kset *ks, int i, struct u32set *lo, struct u32set *hi)
{
	uint8_t w = i == 6 ? 0 : (uint8_t)(2 + 2 * i);

	lo->n = hi->n = 0;
	if (!kset_has_word(ks, w) && !kset_has_word(ks, (uint8_t)(w + 1))) {
		u32set_add(lo, 0);
		u32set_add(hi, 0);
		return;
	}
	word_values(ks, w, lo);
	word_values(ks, (uint8_t)(w + 1), hi);
}

static void set_arg(struct seccomp_data *d, int i, uint64_t v)
{
	if (i == 6)
		d->instruction_pointer = v;
	else
		d->args[i] = v;
}

/* Every combination of the argument values, or, past MAX_VECTORS, each
 * argument through all its values with the others at each of their
 * compared constants (and zero). */
static void vectors(struct run *ru, struct seccomp_data *d, const struct kset *ks)
{
	struct u32set lo[7] = { 0 }, hi[7] = { 0 };
	size_t n[7], total = 1;

	for (int i = 0; i < 7; i++) {
		arg_values(ks, i, &lo[i], &hi[i]);
		n[i] = lo[i].n * hi[i].n;
		total = total > MAX_VECTORS ? total : total * n[i];
	}
	if (total > MAX_VECTORS) {
		printf("# note: nr=%d arch=0x%08x: %zu combinations, each argument varied alone\n", d->nr, d->arch, total);
		for (int i = 0; i < 7; i++) {
			for (size_t v = 0; v < n[i]; v++) {
				struct seccomp_data e = *d;
				set_arg(&e, i, (uint64_t)hi[i].v[v / lo[i].n] << 32 | lo[i].v[v % lo[i].n]);
				decide(ru, &e);
			}
		}
		goto out;
	}
	size_t idx[7] = { 0 };
	for (;;) {
		for (int i = 0; i < 7; i++)
			set_arg(d, i, (uint64_t)hi[i].v[idx[i] / lo[i].n] << 32 | lo[i].v[idx[i] % lo[i].n]);
		decide(ru, d);
		int i = 0;
		while (i < 7 && ++idx[i] == n[i])
			idx[i++] = 0;
		if (i == 7)
			break;
	}
out:
	for (int i = 0; i < 7; i++)
		free(lo[i].v), free(hi[i].v);
}

static void one_nr(struct run *ru, uint32_t arch, uint32_t nr)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = arch };
	struct kset ks = { 0 };

	reachable(ru, &d, &ks);
	if (ks.n == 0)
		decide(ru, &d);
	else
		vectors(ru, &d, &ks);
	free(ks.v);
}

static void all_inputs(struct run *ru)
{
	static const uint32_t huge[] = { 1024, 2047, 2048, 4095, 4096, 0xffff, 0x10000, 0x3ffffffe, 0x3fffffff,
					 0x40000400, 0x4000ffff, 0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001,
					 0xbfffffff, 0xc0000000, 0xfffffffe, 0xffffffff };
	static const uint32_t foreign[] = { AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM, AUDIT_ARCH_S390X, AUDIT_ARCH_PPC64LE,
					    AUDIT_ARCH_X86_64 & ~__AUDIT_ARCH_64BIT, 0, 0xffffffff };
	static const uint32_t foreign_nrs[] = { 0, 1, 39, 59, 63, 172, 221, 1000, 0x40000027, 0xffffffff };
	struct u32set nrs = { 0 };
	const struct progset *sets[] = { &ru->r, &ru->s, &ru->t };

	for (uint32_t i = 0; i < 1024; i++) {
		u32set_add(&nrs, i);
		u32set_add(&nrs, 0x40000000 | i);
	}
	for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++)
		u32set_add(&nrs, huge[i]);
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < sets[i]->n; j++)
			scan_nrs(sets[i]->f[j].ins, sets[i]->f[j].len, &nrs);
	u32set_sort(&nrs);
	for (size_t i = 0; i < nrs.n; i++) {
		one_nr(ru, AUDIT_ARCH_X86_64, nrs.v[i]);
		one_nr(ru, AUDIT_ARCH_I386, nrs.v[i]);
	}
	for (size_t a = 0; a < sizeof(foreign) / sizeof(foreign[0]); a++)
		for (size_t i = 0; i < sizeof(foreign_nrs) / sizeof(foreign_nrs[0]); i++)
			one_nr(ru, foreign[a], foreign_nrs[i]);
	free(nrs.v);
}

int cmd_compare(int argc, char **argv)
{
	static struct run ru;

	if (argc != 6 || (strcmp(argv[1], "stub") && strcmp(argv[1], "none")))
		return fputs("usage: parity compare stub|none PROFILE.json RUNTIME.set SCFS.bpf SCFS_STRIPPED.bpf\n",
			     stderr),
		       2;
	ru.fx.stub = !strcmp(argv[1], "stub");
	ru.last_nr = ru.last_arch = ~0u;
	facts_load(&ru.fx, argv[2]);
	progset_load(&ru.r, argv[3]);
	progset_load(&ru.s, argv[4]);
	progset_load(&ru.t, argv[5]);
	all_inputs(&ru);
	printf("decisions=%llu differ=%llu explained=%llu unexplained=%llu\n", ru.decisions, ru.differ, ru.explained,
	       ru.unexplained);
	progset_done(&ru.r);
	progset_done(&ru.s);
	progset_done(&ru.t);
	for (size_t j = 0; j < ru.fx.n; j++) {
		for (size_t i = 0; i < ru.fx.a[j].n_newer; i++)
			free(ru.fx.a[j].newer[i].words.v);
		free(ru.fx.a[j].newer);
	}
	return ru.unexplained ? 1 : 0;
}
