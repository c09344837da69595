/* The ENOSYS stub.  libseccomp has no notion of "newer than the profile",
 * so, like runc, scfs writes this small cBPF prologue itself: per arch, a
 * call numbered above the highest syscall the profile names gets ENOSYS,
 * which makes libc fall back to an older syscall instead of failing on
 * EPERM (profile-format.md 5.5). */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>

#include "enosys.h"

#define X32_SYSCALL_BIT 0x40000000u

/* Label targets resolved after the whole stub is laid out. */
enum { L_NONE = -1, L_END = -2, L_ENOSYS = -3, L_NEXT = -4 };

struct insn {
	struct sock_filter f;
	int jt, jf; /* L_* or an absolute index */
};

struct stub {
	struct insn *v;
	size_t n;
};

static size_t emit(struct stub *s, uint16_t code, uint32_t k, int jt, int jf)
{
	s->v = scfs_xrealloc(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n] = (struct insn){ .f = BPF_STMT(code, k), .jt = jt, .jf = jf };
	return s->n++;
}

static int find_max(const struct scfs_stub_arch *a, size_t n, uint32_t token)
{
	for (size_t i = 0; i < n; i++)
		if (scfs_arch_token(a[i].arch) == token)
			return a[i].max_nr;
	return -1;
}

/* One block per runtime audit arch.  x32 shares x86_64's audit arch and is
 * told apart by bit 30 of the syscall number. */
static void emit_block(struct stub *s, uint32_t audit_arch, int max, int max_x32, bool s390)
{
	size_t next_fix[4];
	size_t n_fix = 0;

	next_fix[n_fix++] = emit(s, BPF_JMP | BPF_JEQ | BPF_K, audit_arch, L_NONE, L_NEXT);
	emit(s, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), L_NONE, L_NONE);
	if (audit_arch == AUDIT_ARCH_X86_64) {
		/* x32 call: compare with x32's threshold, or leave it to libseccomp. */
		size_t j = emit(s, BPF_JMP | BPF_JSET | BPF_K, X32_SYSCALL_BIT, L_NONE, L_NONE);

		if (max >= 0) {
			emit(s, BPF_JMP | BPF_JGT | BPF_K, (uint32_t)max, L_ENOSYS, L_END);
		} else {
			emit(s, BPF_JMP | BPF_JA, 0, L_END, L_NONE);
		}
		s->v[j].jt = (int)s->n;
		s->v[j].jf = (int)(j + 1);
		if (max_x32 >= 0)
			emit(s, BPF_JMP | BPF_JGT | BPF_K, (uint32_t)max_x32, L_ENOSYS, L_END);
		else
			emit(s, BPF_JMP | BPF_JA, 0, L_END, L_NONE);
	} else {
		/* s390's syscall 0 is the multiplexer: also ENOSYS, as runc does. */
		if (s390)
			emit(s, BPF_JMP | BPF_JEQ | BPF_K, 0, L_ENOSYS, L_NONE);
		emit(s, BPF_JMP | BPF_JGT | BPF_K, (uint32_t)max, L_ENOSYS, L_END);
	}
	/* Every L_NEXT in this block points past it. */
	for (size_t i = 0; i < n_fix; i++)
		s->v[next_fix[i]].jf = (int)s->n;
}

/* Turn absolute targets into the relative offsets cBPF uses. */
static void resolve(struct stub *s, size_t end, size_t enosys)
{
	for (size_t i = 0; i < s->n; i++) {
		struct insn *in = &s->v[i];
		int t[2] = { in->jt, in->jf };

		for (int k = 0; k < 2; k++) {
			if (t[k] == L_END)
				t[k] = (int)end;
			else if (t[k] == L_ENOSYS)
				t[k] = (int)enosys;
		}
		if (BPF_CLASS(in->f.code) == BPF_JMP && BPF_OP(in->f.code) == BPF_JA) {
			in->f.k = (uint32_t)(t[0] - (int)i - 1);
			continue;
		}
		if (BPF_CLASS(in->f.code) != BPF_JMP)
			continue;
		in->f.jt = t[0] == L_NONE ? 0 : (uint8_t)(t[0] - (int)i - 1);
		in->f.jf = t[1] == L_NONE ? 0 : (uint8_t)(t[1] - (int)i - 1);
	}
}

size_t enosys_stub_build(const struct scfs_stub_arch *arches, size_t n, uint32_t action, struct sock_filter **ret)
{
	struct stub s = { 0 };
	size_t end, enosys;
	bool any = false;

	*ret = NULL;
	emit(&s, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), L_NONE, L_NONE);
	for (size_t i = 0; i < n; i++) {
		uint32_t tok = scfs_arch_token(arches[i].arch);
		int max_x32;

		if (tok == SCMP_ARCH_X32)
			continue; /* handled with x86_64 */
		if (tok == SCMP_ARCH_X86_64) {
			max_x32 = find_max(arches, n, SCMP_ARCH_X32);
			if (arches[i].max_nr < 0 && max_x32 < 0)
				continue;
			emit_block(&s, AUDIT_ARCH_X86_64, arches[i].max_nr, max_x32, false);
		} else {
			if (arches[i].max_nr < 0)
				continue; /* an arch with no known syscall gets no stub */
			emit_block(&s, tok, arches[i].max_nr, -1, tok == SCMP_ARCH_S390 || tok == SCMP_ARCH_S390X);
		}
		any = true;
	}
	/* An x32 threshold alone (no x86_64 section) needs its own block. */
	if (find_max(arches, n, SCMP_ARCH_X32) >= 0 && find_max(arches, n, SCMP_ARCH_X86_64) < 0 &&
	    !any) {
		emit_block(&s, AUDIT_ARCH_X86_64, -1, find_max(arches, n, SCMP_ARCH_X32), false);
		any = true;
	}
	if (!any) {
		free(s.v);
		return 0;
	}
	end = emit(&s, BPF_JMP | BPF_JA, 0, L_NONE, L_NONE);
	enosys = emit(&s, BPF_RET | BPF_K, action, L_NONE, L_NONE);
	s.v[end].jt = (int)enosys + 1; /* skip the return: into the real filter */
	resolve(&s, end, enosys);
	*ret = scfs_xcalloc(s.n, sizeof(**ret));
	for (size_t i = 0; i < s.n; i++)
		(*ret)[i] = s.v[i].f;
	n = s.n;
	free(s.v);
	return n;
}
