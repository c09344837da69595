/* See support.h. */
#include <errno.h>
#include <ftw.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "support.h"

int sim_disagreements, sim_probes;
int observed_probes, observed_disagreements;
/* The JSON of the last build(), for observed probes. */
static char *last_json;

void test_host(struct scfs_host *h)
{
	(void)scfs_host_detect(h);
	h->caps = 0;
}

void build(struct built *b, const char *json, const struct scfs_host *h, bool strict)
{
	struct scfs_host host;
	struct scfs_compile_opts o;

	*b = (struct built){ 0 };
	scfs_diag_init(&b->diag, "test.json");
	if (!h) {
		test_host(&host);
		h = &host;
	}
	free(last_json);
	last_json = scfs_xstrdup(json);
	b->rc = scfs_profile_parse(json, strlen(json), "test.json", &b->src, &b->diag);
	if (b->rc == 0)
		b->rc = scfs_profile_expand(b->src, h, &b->eff);
	if (b->rc == 0) {
		scfs_compile_opts_init(&o);
		o.strict = strict;
		b->rc = scfs_compile(b->eff, &o, &b->filter, &b->diag);
	}
	if (b->rc < 0)
		scfs_diag_print(&b->diag, stderr, SCFS_DIAG_ERROR);
}

void built_done(struct built *b)
{
	scfs_filter_free(b->filter);
	scfs_profile_free(b->eff);
	scfs_profile_free(b->src);
	scfs_diag_done(&b->diag);
}

bool diag_has(const struct built *b, enum scfs_diag_level level, const char *needle)
{
	for (size_t i = 0; i < b->diag.n; i++)
		if (b->diag.v[i].level == level && strstr(b->diag.v[i].msg, needle))
			return true;
	return false;
}

struct shared {
	volatile int done;
	long ret;
	int err;
	pid_t self; /* the child's pid, taken before the filter is loaded */
};

#if defined(__x86_64__)
static long int80(long nr, const uint64_t a[6])
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}
#endif

static void __attribute__((noreturn)) child(const struct scfs_filter *f, int nr, const uint64_t a[6], bool compat32, struct shared *sh)
{
	long r;

	signal(SIGILL, SIG_DFL);
	sh->self = getpid();
	/* Without a filter the child is the same but for it: no_new_privs
	 * too, which loading a filter sets. */
	if (f ? scfs_sys_load_filter(f->prog, f->prog_len, 0) < 0 : prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		_exit(99);
	if (compat32) {
#if defined(__x86_64__)
		r = int80(nr, a);
		sh->ret = r < 0 && r > -4096 ? -1 : r;
		sh->err = r < 0 && r > -4096 ? (int)-r : 0;
#endif
	} else {
		r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		sh->ret = r;
		sh->err = r == -1 ? errno : 0;
	}
	sh->done = 1;
	/* exit_group may be denied by the filter under test; the result is
	 * already in shared memory, so any way of ending is fine: a trap
	 * instruction (SIGILL, which sanitizers leave alone) if it returns. */
	syscall(SYS_exit_group, 0);
	__builtin_trap();
}

/* Run child() (f NULL: with no filter) and collect what it saw. */
static struct outcome run_child(const struct scfs_filter *f, int nr, const uint64_t a[6], bool compat32,
				pid_t *self)
{
	struct outcome o = { 0 };
	struct shared *sh;
	int status = 0;
	pid_t pid;

	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		abort();
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0)
		child(f, nr, a, compat32, sh);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	o.returned = sh->done;
	o.ret = sh->ret;
	o.err = sh->err;
	o.sig = WIFSIGNALED(status) && !o.returned ? WTERMSIG(status) : 0;
	*self = sh->self;
	munmap(sh, 4096);
	return o;
}

/* An allowed call must do exactly what it does with no filter at all: the
 * same call made again in a child without the filter gives the expected
 * result and errno.  (Only "it returned" would let a wrong allow, or a
 * wrong errno that happens to look like success, pass.)  A result equal to
 * the child's own pid counts as the same in both (getpid and the like). */
static bool same_as_unfiltered(int nr, const uint64_t a[6], bool compat32, const struct outcome *o, pid_t self)
{
	pid_t bare_self;
	struct outcome b = run_child(NULL, nr, a, compat32, &bare_self);

	if (!o->returned || !b.returned)
		return false;
	if (o->err != b.err)
		return false;
	return o->ret == b.ret || (o->ret == self && b.ret == bare_self);
}

/* What the BPF evaluator says for this call, compared with the kernel. */
static bool sim_check(const struct scfs_filter *f, int nr, const uint64_t a[6], bool compat32,
		      const struct outcome *o, pid_t self)
{
	struct seccomp_data d = { .nr = nr, .arch = compat32 ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64 };
	uint32_t w, act;

	for (int i = 0; i < 6; i++)
		d.args[i] = compat32 ? (uint32_t)a[i] : a[i];
	if (scfs_bpf_run(f->prog, f->prog_len, &d, &w) < 0)
		return false;
	act = w & SECCOMP_RET_ACTION_FULL;
	if (act == SCMP_ACT_ERRNO(0))
		return o->returned && (w & 0xffff ? o->err == (int)(w & 0xffff) && o->ret == -1 : o->ret == 0);
	if (act == SCMP_ACT_KILL_PROCESS || act == SCMP_ACT_KILL_THREAD || act == SCMP_ACT_TRAP)
		return !o->returned && o->sig == SIGSYS;
	if (act == SCMP_ACT_ALLOW || act == SCMP_ACT_LOG)
		return same_as_unfiltered(nr, a, compat32, o, self);
	if ((w & SECCOMP_RET_ACTION_FULL) == (SCMP_ACT_TRACE(0) & SECCOMP_RET_ACTION_FULL))
		return o->returned && o->err == ENOSYS; /* no tracer attached */
	return false;
}

struct outcome probe(const struct scfs_filter *f, const char *name, const uint64_t args[6], bool compat32)
{
	struct outcome o;
	pid_t self;
	int nr;

	nr = compat32 ? seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, name) : seccomp_syscall_resolve_name(name);
	if (nr < 0 && strspn(name, "0123456789") == strlen(name))
		nr = atoi(name);
	o = run_child(f, nr, args, compat32, &self);
	o.sim_agrees = sim_check(f, nr, args, compat32, &o, self);
	return o;
}

struct outcome probe_unfiltered(const char *name, const uint64_t args[6])
{
	pid_t self;
	int nr = seccomp_syscall_resolve_name(name);

	if (nr < 0)
		nr = atoi(name);
	return run_child(NULL, nr, args, false, &self);
}

int bare_errno(const char *name, uint64_t a0, uint64_t a1, uint64_t a2)
{
	const uint64_t a[6] = { a0, a1, a2 };
	struct outcome o = probe_unfiltered(name, a);

	if (!o.returned)
		return -o.sig;
	return o.ret == -1 ? o.err : 0;
}

const char *compat32_missing(void)
{
	static char why[160];
	static int known; /* 0 not probed, 1 works, -1 does not */
	const uint64_t a[6] = { 0 };
	struct outcome o;
	pid_t self;
	const char *force = getenv("SCFS_TEST_NO_COMPAT32");

	if (known)
		return known > 0 ? NULL : why;
	known = -1;
#if defined(__x86_64__)
	if (force && *force) {
		snprintf(why, sizeof(why), "SCFS_TEST_NO_COMPAT32=%s: 32-bit syscalls treated as unavailable", force);
		return why;
	}
	/* getpid through int $0x80 with no filter: some kernels (IA32
	 * emulation off) fault on it, SIGSEGV, or answer ENOSYS. */
	o = run_child(NULL, seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, "getpid"), a, true, &self);
	if (!o.returned)
		snprintf(why, sizeof(why), "int $0x80 getpid with no filter loaded was killed by %s: no 32-bit syscalls here",
			 strsignal(o.sig));
	else if (o.ret != self)
		snprintf(why, sizeof(why), "int $0x80 getpid with no filter loaded returned %ld errno %d, not the pid: no 32-bit syscalls here",
			 o.ret, o.err);
	else
		known = 1;
#else
	(void)force;
	(void)o;
	(void)self;
	(void)a;
	snprintf(why, sizeof(why), "int $0x80 exists on x86_64 only");
#endif
	return known > 0 ? NULL : why;
}

/* The same call through `scfs run` (observed by the supervisor).  Only
 * denied calls are compared: arguments are passed as numbers, so pointers
 * would not point anywhere in sysprobe, and only denials involve scfs. */
static bool exit_allowed(const struct scfs_filter *f)
{
	struct seccomp_data d = { .nr = seccomp_syscall_resolve_name("exit_group"), .arch = AUDIT_ARCH_X86_64 };
	uint32_t w;

	return scfs_bpf_run(f->prog, f->prog_len, &d, &w) == 0 && !scfs_action_denies(w);
}

static char state_dir[] = "/tmp/scfs-vector-state-XXXXXX";

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

static void remove_state_dir(void)
{
	(void)nftw(state_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The observed runs' state directory: this process's own, made once and
 * removed at exit, so no run sees another's targets or leaves any behind. */
static const char *observed_state_dir(void)
{
	static bool made;

	if (!made) {
		if (!mkdtemp(state_dir))
			abort();
		atexit(remove_state_dir);
		made = true;
	}
	return state_dir;
}

static void probe_observed(const struct scfs_filter *f, const char *name, const uint64_t args[6], int bare)
{
	const char *scfs = getenv("SCFS_BIN"), *sysprobe = getenv("SYSPROBE_BIN");
	char tmpl[] = "/tmp/scfs-vector-XXXXXX", cmd[1024], line[64] = "";
	FILE *p;
	int fd, got;

	if (!scfs || !sysprobe || !last_json)
		return;
	if (!exit_allowed(f))
		return; /* a program that cannot exit is no target for any launcher */
	fd = mkstemp(tmpl);
	if (fd < 0 || write(fd, last_json, strlen(last_json)) < 0)
		abort();
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "ASAN_OPTIONS=detect_leaks=0 SCFS_STATE_DIR=%s timeout 60 %s run --caps none -p %s -- %s -n %s %lld %lld %lld 2>/dev/null",
		 observed_state_dir(), scfs, tmpl, sysprobe, name, (long long)args[0], (long long)args[1], (long long)args[2]);
	p = popen(cmd, "r");
	if (p && !fgets(line, sizeof(line), p))
		line[0] = 0;
	if (p)
		pclose(p);
	unlink(tmpl);
	/* No output: the profile does not let sysprobe start (or exec) at all,
	 * which any launcher would hit; such a call cannot be compared. */
	if (!line[0])
		return;
	got = atoi(line);
	observed_probes++;
	if (got != bare) {
		printf("# observed errno %d differs from bare %d for %s\n", got, bare, name);
		observed_disagreements++;
	}
}

int probe_errno(const struct scfs_filter *f, const char *name, uint64_t a0, uint64_t a1, uint64_t a2)
{
	const uint64_t args[6] = { a0, a1, a2 };
	struct outcome o = probe(f, name, args, false);
	struct seccomp_data d = { .nr = seccomp_syscall_resolve_name(name), .arch = AUDIT_ARCH_X86_64,
				  .args = { a0, a1, a2 } };
	uint32_t w;

	if (d.nr < 0)
		d.nr = atoi(name);
	if (o.returned && scfs_bpf_run(f->prog, f->prog_len, &d, &w) == 0 &&
	    (w & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
		probe_observed(f, name, args, o.ret == -1 ? o.err : 0);

	if (!o.sim_agrees) {
		printf("# BPF evaluator disagrees with the kernel on %s\n", name);
		sim_disagreements++;
	}
	sim_probes++;
	if (!o.returned)
		return -o.sig;
	return o.ret == -1 ? o.err : 0;
}
