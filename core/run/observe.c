/* The observation program and verdict/attribution of notifications. */
#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stddef.h>
#include <sys/syscall.h>

#include "scfs/bpf.h"
#include "scfs/observe.h"

const char *scfs_mode_string(enum scfs_mode m)
{
	switch (m) {
	case SCFS_MODE_ENFORCE:
		return "enforce";
	case SCFS_MODE_COUNT:
		return "count";
	case SCFS_MODE_COMPLAIN:
		return "complain";
	}
	return "?";
}

/* Which results of the real filter go to the supervisor in each mode.
 * Kills and traps stay with the kernel outside complain mode: only the
 * kernel can deliver them exactly (a forced SIGSYS, one thread only).  A
 * trap is then decided by the trap program loaded beside this one (see
 * build_trap_prog), so here it needs only a result that ranks below it. */
static bool notified(enum scfs_mode m, uint32_t k, bool external)
{
	uint32_t a = k & SECCOMP_RET_ACTION_FULL;

	switch (a) {
	case SECCOMP_RET_KILL_PROCESS:
	case SECCOMP_RET_KILL_THREAD:
		return m == SCFS_MODE_COMPLAIN;
	case SECCOMP_RET_TRAP:
		/* A program loaded by someone else (a container runtime) has
		 * no trap program beside it: the trap stays the kernel's. */
		return !external || m == SCFS_MODE_COMPLAIN;
	case SECCOMP_RET_ERRNO:
		return true;
	case SECCOMP_RET_TRACE:
		return m != SCFS_MODE_ENFORCE;
	case SECCOMP_RET_ALLOW:
	case SECCOMP_RET_LOG:
		return m == SCFS_MODE_COUNT;
	}
	return false;
}

/* "A native-arch call @nr whose argument @arg is the cookie returns @ret":
 * how scfs's own launcher calls are told from the target's. */
static size_t cookie_check(uint64_t cookie, uint32_t audit_arch, int nr, unsigned arg, uint32_t ret,
			   struct sock_filter *p)
{
	size_t n = 0, lo = offsetof(struct seccomp_data, args[0]) + arg * sizeof(uint64_t);

	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, audit_arch, 0, 6);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 4);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)lo);
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)cookie, 0, 2);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)lo + 4);
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(cookie >> 32), 1, 0);
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ret);
	return n;
}

/* The launcher prologue: a native-arch call numbered SCFS_LAUNCH_NR whose
 * first argument is the cookie is always notified. */
static size_t prologue(uint64_t cookie, uint32_t audit_arch, struct sock_filter *p)
{
	return cookie_check(cookie, audit_arch, SCFS_LAUNCH_NR, 0, SECCOMP_RET_USER_NOTIF, p);
}

static bool has_trap(const struct scfs_filter *f)
{
	for (size_t i = 0; i < f->prog_len; i++)
		if (BPF_CLASS(f->prog[i].code) == BPF_RET && BPF_RVAL(f->prog[i].code) == BPF_K &&
		    (f->prog[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRAP)
			return true;
	return false;
}

/* The kernel records a trap only for a filter loaded with FLAG_LOG, and
 * that flag would record every notification of the observed program too.
 * So traps get a program of their own, loaded first with FLAG_LOG: the real
 * filter with every result but TRAP turned into ALLOW.  The kernel takes
 * the strongest result of all filters, and TRAP outranks what the observed
 * program returns for those calls, so the trap, and its record, come from
 * this one.  Its prologue lets the launcher's last calls through: the
 * second seccomp(2) (marked by the cookie in an argument the kernel
 * ignores) and the launcher call itself. */
static int build_trap_prog(struct scfs_observer *o, uint32_t audit_arch)
{
	const struct scfs_filter *f = o->filter;
	struct sock_filter *p;
	size_t n = 0;

	o->trap_prog_len = 2 * 10 + f->prog_len;
	if (o->trap_prog_len > 4096)
		return -E2BIG;
	p = o->trap_prog = scfs_xcalloc(o->trap_prog_len, sizeof(*p));
	n += cookie_check(o->cookie, audit_arch, SCFS_LAUNCH_NR, 0, SECCOMP_RET_ALLOW, p + n);
	n += cookie_check(o->cookie, audit_arch, __NR_seccomp, SCFS_SECCOMP_COOKIE_ARG, SECCOMP_RET_ALLOW, p + n);
	for (size_t i = 0; i < f->prog_len; i++) {
		struct sock_filter in = f->prog[i];

		if (BPF_CLASS(in.code) == BPF_RET && BPF_RVAL(in.code) == BPF_K &&
		    (in.k & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_TRAP)
			in.k = SECCOMP_RET_ALLOW;
		p[n++] = in;
	}
	return scfs_bpf_check(p, n) < 0 ? -EINVAL : 0;
}

static uint32_t id_action(void *userdata, const struct scfs_rule *r, uint32_t action)
{
	const struct scfs_profile *p = userdata;

	return SCMP_ACT_TRACE((uint32_t)(r - p->rules));
}

static uint32_t id_default(void *userdata, uint32_t action)
{
	return SCMP_ACT_TRACE(SCFS_RULE_DEFAULT);
}

/* The rules compiled again with each rule's index as its action, so a
 * run of this program names the rule libseccomp's tree reached. */
static int build_id_prog(struct scfs_observer *o, struct scfs_diag *diag)
{
	const struct scfs_profile *p = o->filter->profile;
	struct scfs_filter *idf = NULL;
	struct scfs_compile_opts co;
	int r;

	scfs_compile_opts_init(&co);
	co.enosys = SCFS_ENOSYS_NONE;
	co.map_action = id_action;
	co.map_default = id_default;
	co.userdata = (void *)p;
	co.skip_conflicts = true;
	co.libseccomp_names = o->filter->libseccomp_names; /* the same names as the real filter */
	r = scfs_compile(p, &co, &idf, diag);
	if (r < 0)
		return r;
	o->id_prog = TAKE_PTR(idf->prog);
	o->id_prog_len = idf->prog_len;
	scfs_filter_free(idf);
	return 0;
}

static int observer_init(struct scfs_observer *o, const struct scfs_filter *f, enum scfs_mode mode, uint64_t cookie,
			 bool eager_id, bool external, struct scfs_diag *diag);

/* Build the attribution program once. */
static int observer_id_prog(struct scfs_observer *o, struct scfs_diag *diag)
{
	int r;

	if (o->id_prog || o->id_failed)
		return o->id_failed ? -EINVAL : 0;
	r = build_id_prog(o, diag);
	if (r == 0 && scfs_bpf_check(o->id_prog, o->id_prog_len) < 0)
		r = -EINVAL;
	o->id_failed = r < 0;
	return r;
}

int scfs_observer_init(struct scfs_observer *o, const struct scfs_filter *f, enum scfs_mode mode, uint64_t cookie,
		       struct scfs_diag *diag)
{
	return observer_init(o, f, mode, cookie, false, false, diag);
}

int scfs_observer_init_eager(struct scfs_observer *o, const struct scfs_filter *f, enum scfs_mode mode,
			     uint64_t cookie, struct scfs_diag *diag)
{
	return observer_init(o, f, mode, cookie, true, false, diag);
}

int scfs_observer_init_external(struct scfs_observer *o, const struct scfs_filter *f, enum scfs_mode mode,
				struct scfs_diag *diag)
{
	return observer_init(o, f, mode, 0, false, true, diag);
}

static int observer_init(struct scfs_observer *o, const struct scfs_filter *f, enum scfs_mode mode, uint64_t cookie,
			 bool eager_id, bool external, struct scfs_diag *diag)
{
	const struct scfs_arch_info *native = scfs_arch_native();
	struct sock_filter pro[16];
	size_t n_pro;
	int r;

	*o = (struct scfs_observer){ .filter = f, .mode = mode, .cookie = cookie, .external = external };
	if (!native || !scfs_arch_token(native))
		return -ENOTSUP;
	/* The audit arch of native calls is libseccomp's native token.  No
	 * launcher, no prologue: the runtime's own calls before execve are
	 * not scfs's to tell apart. */
	n_pro = external ? 0 : prologue(cookie, seccomp_arch_native(), pro);
	o->prog_len = n_pro + f->prog_len;
	if (o->prog_len > 4096) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "the filter is too long to observe (%zu instructions)", o->prog_len);
		return -E2BIG;
	}
	o->prog = scfs_xcalloc(o->prog_len, sizeof(*o->prog));
	memcpy(o->prog, pro, n_pro * sizeof(*pro));
	for (size_t i = 0; i < f->prog_len; i++) {
		struct sock_filter in = f->prog[i];

		if (BPF_CLASS(in.code) == BPF_RET && BPF_RVAL(in.code) == BPF_K && notified(mode, in.k, external))
			in.k = SECCOMP_RET_USER_NOTIF;
		o->prog[n_pro + i] = in;
	}
	if (scfs_bpf_check(f->prog, f->prog_len) < 0) {
		scfs_observer_done(o);
		return -EINVAL;
	}
	if (!external && mode != SCFS_MODE_COMPLAIN && has_trap(f) && build_trap_prog(o, seccomp_arch_native()) < 0) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "the filter is too long to observe its traps (%zu instructions)",
			      o->trap_prog_len);
		scfs_observer_done(o);
		return -E2BIG;
	}
	/* The attribution program costs a second full libseccomp compile; it
	 * is built on the first notification that needs it (after the target
	 * has started), unless asked for now. */
	r = eager_id ? observer_id_prog(o, diag) : 0;
	if (r < 0)
		scfs_observer_done(o);
	return r;
}

void scfs_observer_done(struct scfs_observer *o)
{
	free(o->prog);
	free(o->id_prog);
	free(o->trap_prog);
	o->prog = o->id_prog = o->trap_prog = NULL;
}

uint32_t scfs_observer_verdict(const struct scfs_observer *o, const struct seccomp_data *d)
{
	uint32_t v;

	if (scfs_bpf_run_unchecked(o->filter->prog, o->filter->prog_len, d, &v) < 0)
		return SECCOMP_RET_KILL_PROCESS; /* cannot happen for a program we built */
	return v;
}

#define X32_SYSCALL_BIT 0x40000000u

/* Whether the ENOSYS stub in front of the filter decided this call. */
static bool from_stub(const struct scfs_filter *f, const struct seccomp_data *d)
{
	if (!f->stub_len)
		return false;
	for (size_t i = 0; i < f->n_stub; i++) {
		uint32_t tok = scfs_arch_token(f->stub[i].arch);
		bool x32_call = d->arch == AUDIT_ARCH_X86_64 && (d->nr & X32_SYSCALL_BIT);

		if (f->stub[i].max_nr < 0)
			continue;
		if (tok == SCMP_ARCH_X32 ? !x32_call : (d->arch != tok || x32_call))
			continue;
		return (uint32_t)d->nr > (uint32_t)f->stub[i].max_nr;
	}
	return false;
}

uint32_t scfs_observer_rule(struct scfs_observer *o, const struct seccomp_data *d, uint32_t verdict)
{
	struct scfs_diag quiet;
	uint32_t v;
	int r;

	if ((verdict & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO && (verdict & SECCOMP_RET_DATA) == ENOSYS &&
	    from_stub(o->filter, d))
		return SCFS_RULE_ENOSYS;
	scfs_diag_init(&quiet, "");
	r = observer_id_prog(o, &quiet);
	scfs_diag_done(&quiet);
	if (r < 0 || scfs_bpf_run_unchecked(o->id_prog, o->id_prog_len, d, &v) < 0)
		return SCFS_RULE_UNKNOWN;
	if ((v & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_TRACE)
		return SCFS_RULE_UNKNOWN; /* bad arch: libseccomp's own kill */
	return v & SECCOMP_RET_DATA;
}
