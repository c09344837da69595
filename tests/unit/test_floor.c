/* The size floor (core/filter/insns.c) a profile is refused on before
 * libseccomp builds its program: never above the size libseccomp really
 * writes, on random and adversarial profiles (conflicts as errors, skipped,
 * and the attribution program scfs run builds); the worst shape refused at
 * once; a profile near the limit still compiled and loaded by the kernel.
 * `test_floor N SEED` runs N random profiles from SEED (and N/10, N/40
 * larger ones): a longer search. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include <seccomp.h>

#include "../tap.h"
#include "support.h"

struct buf {
	char *s;
	size_t n, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (b->s && (size_t)n < b->cap - b->n)
			break;
		b->cap = 2 * (b->cap + (size_t)n + 64);
		b->s = scfs_xrealloc(b->s, b->cap, 1);
	}
	b->n += (size_t)n;
}

static uint64_t rng;
static uint64_t rnd(void)
{
	rng ^= rng >> 12, rng ^= rng << 25, rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}
static unsigned pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

struct result {
	int rc;
	size_t floor, size; /* size: libseccomp's program, without the stub */
	bool refused;       /* with the default options: refused on the floor */
};

/* As scfs run's attribution program: each rule's index as its action. */
static uint32_t id_action(void *userdata, const struct scfs_rule *r, uint32_t action)
{
	return SCMP_ACT_TRACE((uint32_t)(r - ((const struct scfs_profile *)userdata)->rules));
}

static uint32_t id_default(void *userdata, uint32_t action)
{
	return SCMP_ACT_TRACE(0xffff);
}

/* Compile @json for the test host: once with no size limit (the floor and
 * libseccomp's size), once as scfs check would.  @mode 0: conflicts are
 * errors, 1: skipped, 2: the attribution variant of scfs run. */
static struct result compile(const char *json, int mode)
{
	struct result res = { .rc = -1 };
	struct scfs_profile *src = NULL, *eff = NULL;
	struct scfs_filter *f = NULL;
	struct scfs_compile_opts o;
	struct scfs_diag d;
	struct scfs_host h;

	test_host(&h);
	scfs_diag_init(&d, "t.json");
	if (scfs_profile_parse(json, strlen(json), "t.json", &src, &d) < 0 || scfs_profile_expand(src, &h, &eff) < 0)
		goto out;
	scfs_compile_opts_init(&o);
	o.skip_conflicts = mode > 0;
	if (mode == 2) {
		o.enosys = SCFS_ENOSYS_NONE;
		o.map_action = id_action;
		o.map_default = id_default;
		o.userdata = eff;
	}
	o.no_size_limit = true;
	o.floor_out = &res.floor;
	res.rc = scfs_compile(eff, &o, &f, &d);
	if (res.rc == 0)
		res.size = f->prog_len - f->stub_len;
	f = scfs_filter_free(f);
	o.no_size_limit = false;
	o.floor_out = NULL;
	scfs_diag_done(&d);
	scfs_diag_init(&d, "t.json");
	(void)scfs_compile(eff, &o, &f, &d);
	for (size_t i = 0; i < d.n; i++)
		res.refused |= strstr(d.v[i].msg, "the filter needs at least") != NULL;
	scfs_filter_free(f);
out:
	scfs_diag_done(&d);
	scfs_profile_free(eff);
	scfs_profile_free(src);
	return res;
}

static const char *const names[] = { "read", "write", "openat", "ioctl", "personality", "getpriority",
				     "fcntl", "socket", "shmget", "socketcall", "ipc", "kill" };
static const char *const arch_sets[] = {
	"",
	"\"SCMP_ARCH_X86_64\"",
	"\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"",
	"\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_AARCH64\"",
	"\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_ARM\",\"SCMP_ARCH_AARCH64\"",
	"\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_RISCV64\",\"SCMP_ARCH_PPC64LE\",\"SCMP_ARCH_MIPSEL64N32\"",
	"\"SCMP_ARCH_X86\",\"SCMP_ARCH_MIPSEL\"",
};
static const char *const actions[] = {
	"\"action\":\"SCMP_ACT_ALLOW\"",
	"\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1",
	"\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13",
	"\"action\":\"SCMP_ACT_LOG\"",
	"\"action\":\"SCMP_ACT_KILL_PROCESS\"",
	"\"action\":\"SCMP_ACT_TRAP\"",
};
static const char *const defaults[] = { "SCMP_ACT_ERRNO", "SCMP_ACT_ALLOW", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_LOG" };

static uint64_t value(void)
{
	static const uint64_t special[] = { 0, 1, 2, 0xffffffff, 0x100000000, 0x100000001, 0xffffffff00000000,
					    UINT64_MAX };

	switch (pick(4)) {
	case 0:
		return special[pick(8)];
	case 1:
		return pick(8);
	case 2:
		return (uint64_t)pick(4) << 32 | pick(4); /* same low word, other high words */
	default:
		return rnd();
	}
}

static void put_arg(struct buf *b, unsigned idx, const char *op, uint64_t v, uint64_t v2, bool comma)
{
	put(b, "%s{\"index\":%u,\"value\":%llu,", comma ? "," : "", idx, (unsigned long long)v);
	if (strcmp(op, "SCMP_CMP_MASKED_EQ") == 0)
		put(b, "\"valueTwo\":%llu,", (unsigned long long)v2);
	put(b, "\"op\":\"%s\"}", op);
}

/* Rules of one uniform group: EQ on the same arguments, values from small
 * pools (shared prefixes, repeats), a few actions (duplicates, conflicts). */
static void put_group(struct buf *b, unsigned n_rules, const char *name, const char *name2)
{
	unsigned args = 1 + pick(63), pool[6], acts = 1 + pick(n_rules > 60 ? 1 : 3), act0 = pick(6);
	uint64_t vals[6][64];

	for (unsigned a = 0; a < 6; a++) {
		pool[a] = 1 + pick(n_rules > 60 ? 64 : 8);
		for (unsigned k = 0; k < pool[a]; k++)
			vals[a][k] = value();
	}
	for (unsigned i = 0; i < n_rules; i++) {
		bool first = true;

		put(b, ",{\"names\":[\"%s\"%s%s%s],%s,\"args\":[", name, name2 ? ",\"" : "", name2 ? name2 : "",
		    name2 ? "\"" : "", actions[(act0 + pick(acts)) % 6]);
		/* in a shuffled order: libseccomp sorts them by argument */
		for (unsigned s = pick(6), k = 0; k < 6; k++) {
			unsigned a = (s + k) % 6;

			if (args & (1u << a)) {
				put_arg(b, a, "SCMP_CMP_EQ", vals[a][pick(pool[a])], 0, !first);
				first = false;
			}
		}
		put(b, "]}");
	}
}

/* A rule the model leaves alone: another operator, an unconditional rule,
 * two conditions on one argument (split), a masked comparison. */
static void put_noise(struct buf *b)
{
	static const char *const ops[] = { "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_GT",
					   "SCMP_CMP_GE", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_EQ" };
	unsigned kind = pick(4);

	put(b, ",{\"names\":[\"%s\"],%s", names[pick(12)], actions[pick(6)]);
	if (kind == 0) {
		put(b, "}");
		return;
	}
	put(b, ",\"args\":[");
	if (kind == 1) {
		put_arg(b, 0, "SCMP_CMP_EQ", value(), 0, false);
		put_arg(b, 0, "SCMP_CMP_EQ", value(), 0, true);
	} else {
		put_arg(b, pick(6), ops[pick(7)], value(), value(), false);
		if (kind == 3)
			put_arg(b, 5, "SCMP_CMP_EQ", value(), 0, true);
	}
	put(b, "]}");
}

static char *random_profile(unsigned max_rules)
{
	struct buf b = { 0 };
	unsigned groups = 1 + pick(max_rules > 60 ? 2 : 5);

	put(&b, "{\"defaultAction\":\"%s\",\"architectures\":[%s],\"syscalls\":[{\"names\":[\"exit\"],%s}",
	    defaults[pick(4)], arch_sets[pick(7)], actions[0]);
	for (unsigned g = 0; g < groups; g++) {
		put_group(&b, 1 + pick(max_rules), names[pick(12)], pick(4) ? NULL : names[pick(12)]);
		if (!pick(3))
			put_noise(&b);
	}
	put(&b, "]}");
	return b.s;
}

/* Across the profiles: floor <= size whenever libseccomp built a program,
 * and the refusal only where the program really is too large. */
struct tally {
	unsigned built, failed, bad, bad_refusal, refused;
	double min_ratio, max_ratio;
	size_t max_size;
};

static void check(struct tally *t, const char *json, int mode)
{
	struct result r = compile(json, mode);
	double ratio;

	if (r.rc < 0) {
		t->failed++;
		return;
	}
	t->built++;
	if (r.floor > r.size && t->bad++ < 3)
		tap_diag("floor %zu > libseccomp's %zu instructions for: %s", r.floor, r.size, json);
	if (r.refused && r.size <= 4096 && t->bad_refusal++ < 3)
		tap_diag("refused a program of %zu instructions: %s", r.size, json);
	t->refused += r.refused;
	ratio = r.size ? (double)r.floor / (double)r.size : 1;
	if (!t->min_ratio || ratio < t->min_ratio)
		t->min_ratio = ratio;
	if (ratio > t->max_ratio)
		t->max_ratio = ratio;
	if (r.size > t->max_size)
		t->max_size = r.size;
}

static void random_profiles(unsigned n, unsigned max_rules, uint64_t seed)
{
	static const char *const modes[] = { "conflicts are errors", "conflicts skipped", "rule indexes as actions" };
	struct tally t[3] = { 0 };

	for (unsigned i = 0; i < n; i++) {
		char *json;

		rng = seed + i * 0x9e3779b97f4a7c15ULL;
		json = random_profile(max_rules);
		check(&t[i % 3], json, (int)(i % 3));
		free(json);
	}
	for (int k = 0; k < 3; k++) {
		tap_diag("%s: %u built (%u refused by libseccomp), floor/size %.2f-%.2f, largest %zu instructions",
			 modes[k], t[k].built, t[k].failed, t[k].min_ratio, t[k].max_ratio, t[k].max_size);
		tap_ok(t[k].built > n / 30 && !t[k].bad && !t[k].bad_refusal,
		       "%u random profiles (up to %u rules a group, %s): floor <= libseccomp's size in all %u built",
		       n / 3, max_rules, modes[k], t[k].built);
	}
}

/* @n rules on @name with EQ on all six arguments: rule i compares
 * argument k with base + k, plus i * step where bit k of @vary is set;
 * actions taken in turn from @acts. */
static char *uniform(const char *arches, const char *name, unsigned n, unsigned vary, uint64_t base, uint64_t step,
		     const char *const *acts, unsigned n_acts)
{
	struct buf b = { 0 };

	put(&b, "{\"defaultAction\":\"%s\",\"architectures\":[%s],\"syscalls\":[",
	    strstr(acts[0], "ALLOW") ? "SCMP_ACT_ERRNO" : "SCMP_ACT_ALLOW", arches);
	for (unsigned i = 0; i < n; i++) {
		put(&b, "%s{\"names\":[\"%s\"],%s,\"args\":[", i ? "," : "", name, acts[i % n_acts]);
		for (unsigned k = 0; k < 6; k++)
			put_arg(&b, k, "SCMP_CMP_EQ", base + (vary & (1u << k) ? i * step : 0) + k, 0, k > 0);
		put(&b, "]}");
	}
	put(&b, "]}");
	return b.s;
}

/* Rules on read comparing different sets of arguments: six, the first
 * two, the last three, with values that make no rule's conditions a
 * subset of another's; with @nested, one more rule whose two conditions
 * are the first two of a six-condition rule (libseccomp prunes). */
static char *mixed_sets(bool nested)
{
	struct buf b = { 0 };

	put(&b, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[");
	for (unsigned i = 0; i < 150; i++) {
		unsigned from = i % 3 == 2 ? 3 : 0, to = i % 3 == 1 ? 2 : 6;

		put(&b, "%s{\"names\":[\"read\"],\"action\":\"SCMP_ACT_%s\",\"args\":[", i ? "," : "",
		    i % 2 ? "LOG" : "ALLOW");
		for (unsigned k = from; k < to; k++)
			put_arg(&b, k, "SCMP_CMP_EQ", 1000 * (i % 3) + i + k, 0, k > from);
		put(&b, "]}");
	}
	if (nested) {
		put(&b, ",{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[");
		put_arg(&b, 0, "SCMP_CMP_EQ", 0, 0, false);
		put_arg(&b, 1, "SCMP_CMP_EQ", 1, 0, true);
		put(&b, "]}");
	}
	put(&b, "]}");
	return b.s;
}

static void adversarial(void)
{
	static const char *const allow[] = { "\"action\":\"SCMP_ACT_ALLOW\"" };
	static const char *const two[] = { "\"action\":\"SCMP_ACT_ALLOW\"", "\"action\":\"SCMP_ACT_LOG\"" };
	const struct {
		const char *what, *arches, *name;
		unsigned n, vary;
		uint64_t base, step;
		const char *const *acts;
		unsigned n_acts;
	} cases[] = {
		{ "only the first argument differs (every tail the same)", "", "read", 120, 0x01, 0, 1, allow, 1 },
		{ "only the last argument differs", "", "read", 120, 0x20, 7, 1, allow, 1 },
		{ "the same rules on x86_64 and aarch64", "\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_AARCH64\"", "write", 80,
		  0x3f, 3, 5, two, 2 },
		{ "high words only differ (one low word on i386 and arm)",
		  "\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_ARM\"", "read", 60, 0x3f, 9, 1ULL << 32, allow, 1 },
		{ "socket on the multiplexing i386", "\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"", "socket", 60, 0x3c, 1,
		  1, two, 2 },
		{ "shared prefixes, both actions", "\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X32\"", "ioctl", 150, 0x38,
		  0x5401, 1, two, 2 },
	};
	struct tally t = { 0 };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *json = uniform(cases[i].arches, cases[i].name, cases[i].n, cases[i].vary, cases[i].base,
				     cases[i].step, cases[i].acts, cases[i].n_acts);
		struct result r = compile(json, 0);

		tap_ok(r.rc == 0 && r.floor <= r.size && r.floor > r.size / 4,
		       "%s: floor %zu, libseccomp %zu instructions", cases[i].what, r.floor, r.size);
		check(&t, json, 1);
		check(&t, json, 2);
		free(json);
	}
	tap_ok(!t.bad && t.built == 12, "the same with conflicts skipped, and as scfs run's attribution program: floor <= size");
	for (int nested = 0; nested < 2; nested++) {
		char *json = mixed_sets(nested);
		struct result r = compile(json, 0);

		tap_ok(r.rc == 0 && r.floor <= r.size && (nested ? r.floor < 10 : r.floor > r.size / 2),
		       "rules on six, two and three arguments%s: floor %zu, libseccomp %zu instructions",
		       nested ? ", one a subset of another (not modelled)" : "", r.floor, r.size);
		free(json);
	}
}

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* bench/worst/gen.py's "conds": rules of six EQ conditions on four
 * syscalls (half of them with the default action), 1,000 distinct
 * condition sets, up to the 4 MiB profile limit.  libseccomp took 19 s of
 * CPU to build 11,060 instructions. */
static void worst_shape(void)
{
	static const char *const four[] = { "read", "write", "open", "close" };
	struct buf b = { 0 };
	struct built bt;
	double t0;

	put(&b, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[");
	for (unsigned i = 0; b.n < (4u << 20) - 1000; i++) {
		put(&b, "%s{\"names\":[\"%s\"],\"action\":\"%s\",\"args\":[", i ? "," : "", four[i % 4],
		    i % 2 ? "SCMP_ACT_ERRNO" : "SCMP_ACT_ALLOW");
		for (unsigned k = 0; k < 6; k++)
			put_arg(&b, k, "SCMP_CMP_EQ", (i * 7 + k) % 1000, 0, k > 0);
		put(&b, "]}");
	}
	put(&b, "]}");
	t0 = cpu_seconds();
	build(&bt, b.s, NULL, false);
	t0 = cpu_seconds() - t0;
	tap_ok(bt.rc < 0 && diag_has(&bt, SCFS_DIAG_ERROR, "the filter needs at least") && bt.diag.n &&
		       strcmp(bt.diag.v[bt.diag.n - 1].path, "syscalls[0].args") == 0,
	       "the conds shape (4 MiB of six-condition rules) is refused, against syscalls[0].args");
	tap_ok(t0 < 3, "... in %.2f s of CPU (libseccomp took 19 s to find 11,060 instructions)", t0);
	built_done(&bt);
	free(b.s);
}

/* Just under the limit: compiled (the floor does not refuse it) and
 * loaded by the kernel, which answers the rules' calls. */
static void near_limit(void)
{
	static const char *const errno71[] = { "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":71" };
	char *json = uniform("", "getpriority", 182, 0x3f, 40, 1, errno71, 1);
	struct result r = compile(json, 0);
	uint64_t hit[6] = { 40 + 100, 41 + 100, 42 + 100, 43 + 100, 44 + 100, 45 + 100 };
	uint64_t miss[6] = { 40 + 100, 41 + 100, 42 + 100, 43 + 100, 44 + 100, 46 + 100 };
	struct outcome o;
	struct built bt;

	tap_ok(r.rc == 0 && !r.refused && r.size > 3900 && r.size <= 4096 && r.floor <= r.size,
	       "182 six-condition rules: %zu instructions (floor %zu) compiled, not refused", r.size, r.floor);
	build(&bt, json, NULL, false);
	if (!bt.filter) {
		tap_ok(false, "... built for loading");
	} else {
		o = probe(bt.filter, "getpriority", hit, false);
		tap_ok(o.returned && o.ret == -1 && o.err == 71 && o.sim_agrees,
		       "... loaded by the kernel (%zu instructions): rule 100's call gets errno 71 (got %ld, errno %d)",
		       bt.filter->prog_len, o.ret, o.err);
		o = probe(bt.filter, "getpriority", miss, false);
		tap_ok(o.returned && o.err != 71 && o.sim_agrees, "... a call no rule names is allowed (errno %d)", o.err);
	}
	built_done(&bt);
	free(json);
	/* A little further: refused on the floor, and rightly. */
	json = uniform("", "getpriority", 200, 0x3f, 40, 1, errno71, 1);
	r = compile(json, 0);
	tap_ok(r.rc == 0 && r.refused && r.floor > 4096 && r.size > r.floor,
	       "200 such rules: refused on the floor (%zu); libseccomp's program has %zu instructions", r.floor, r.size);
	free(json);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed0001;

	worst_shape();
	near_limit();
	adversarial();
	random_profiles(argc > 1 ? (unsigned)atoi(argv[1]) : 600, 12, seed);
	random_profiles(argc > 1 ? (unsigned)atoi(argv[1]) / 10 : 60, 60, seed + 0xfff);
	random_profiles(argc > 1 ? (unsigned)atoi(argv[1]) / 40 : 9, 150, seed + 0x1fff);
	return tap_done();
}
