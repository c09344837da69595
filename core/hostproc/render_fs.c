/* Renderings for the FUSE view: BPF listing, host seccomp state, light view. */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>

#include "scfs/escape.h"
#include "scfs/names.h"
#include "scfs/render_fs.h"

/* What the accumulator holds, as far as a straight-line reading can tell:
 * enough to annotate the constants compared against it. */
enum acc_kind { ACC_OTHER, ACC_NR, ACC_ARCH };

static void note_load(FILE *m, uint32_t k, enum acc_kind *acc)
{
	*acc = ACC_OTHER;
	if (k == offsetof(struct seccomp_data, nr)) {
		*acc = ACC_NR;
		fputs("nr", m);
	} else if (k == offsetof(struct seccomp_data, arch)) {
		*acc = ACC_ARCH;
		fputs("arch", m);
	} else if (k == offsetof(struct seccomp_data, instruction_pointer)) {
		fputs(BYTE_ORDER == LITTLE_ENDIAN ? "instruction_pointer (low)" : "instruction_pointer (high)", m);
	} else if (k == offsetof(struct seccomp_data, instruction_pointer) + 4) {
		fputs(BYTE_ORDER == LITTLE_ENDIAN ? "instruction_pointer (high)" : "instruction_pointer (low)", m);
	} else if (k >= offsetof(struct seccomp_data, args) && k < sizeof(struct seccomp_data) && k % 4 == 0) {
		uint32_t rel = k - (uint32_t)offsetof(struct seccomp_data, args);
		bool first = rel % 8 == 0;

		fprintf(m, "args[%u] (%s)", rel / 8, first == (BYTE_ORDER == LITTLE_ENDIAN) ? "low" : "high");
	} else {
		fputs("beyond seccomp_data", m);
	}
}

/* @exact: an equality test, where a number that names nothing is worth saying. */
static void note_const(FILE *m, uint32_t k, enum acc_kind acc, uint32_t arch, bool exact)
{
	if (acc == ACC_ARCH) {
		const struct scfs_arch_info *a = scfs_arch_from_token(k);

		fprintf(m, "%s", a ? a->scmp_name : "unknown arch");
	} else if (acc == ACC_NR) {
		_cleanup_free_ char *name = NULL;
		bool x32 = arch == SCMP_ARCH_X86_64 && (k & 0x40000000u) && k != SCFS_LAUNCH_NR;

		/* x32 calls arrive under the x86_64 arch with bit 30 set. */
		name = seccomp_syscall_resolve_num_arch(x32 ? SCMP_ARCH_X32 : arch, (int)k);
		if (k == SCFS_LAUNCH_NR)
			fputs("scfs launcher call", m);
		else if (name)
			fprintf(m, "%s%s", name, x32 ? " (x32)" : "");
		else if (exact)
			fputs("no syscall of that number", m);
	}
}

static void note_ret(FILE *m, uint32_t k)
{
	uint32_t act = k & SECCOMP_RET_ACTION_FULL, data = k & SECCOMP_RET_DATA;
	const char *e;

	fputs(scfs_action_word_name(k), m);
	if (act == SECCOMP_RET_ERRNO) {
		e = scfs_errno_name((int)data);
		fprintf(m, "(%u)%s%s", data, e ? " " : "", e ? e : "");
	} else if (act == SECCOMP_RET_TRACE || act == SECCOMP_RET_TRAP) {
		fprintf(m, "(%u)", data);
	}
}

static const char *alu_name(uint16_t op)
{
	switch (op) {
	case BPF_ADD:
		return "add";
	case BPF_SUB:
		return "sub";
	case BPF_MUL:
		return "mul";
	case BPF_DIV:
		return "div";
	case BPF_OR:
		return "or";
	case BPF_AND:
		return "and";
	case BPF_LSH:
		return "lsh";
	case BPF_RSH:
		return "rsh";
	case BPF_NEG:
		return "neg";
	case BPF_MOD:
		return "mod";
	case BPF_XOR:
		return "xor";
	default:
		return NULL;
	}
}

static const char *jmp_name(uint16_t op)
{
	switch (op) {
	case BPF_JA:
		return "ja";
	case BPF_JEQ:
		return "jeq";
	case BPF_JGT:
		return "jgt";
	case BPF_JGE:
		return "jge";
	case BPF_JSET:
		return "jset";
	default:
		return NULL;
	}
}

static void dis_ld(const struct sock_filter *f, enum acc_kind *acc, FILE *ops, FILE *note)
{
	static const char *const ld_size[] = { "ld", "ldh", "ldb", "ld?" };
	const char *sz = ld_size[(BPF_SIZE(f->code) >> 3) & 3];

	*acc = ACC_OTHER;
	switch (BPF_MODE(f->code)) {
	case BPF_ABS:
		fprintf(ops, "%s [%u]", sz, f->k);
		if (BPF_SIZE(f->code) == BPF_W)
			note_load(note, f->k, acc);
		break;
	case BPF_IND:
		fprintf(ops, "%s [x + %u]", sz, f->k);
		break;
	case BPF_IMM:
		fprintf(ops, "ld #%#x", f->k);
		break;
	case BPF_MEM:
		fprintf(ops, "ld M[%u]", f->k);
		break;
	case BPF_LEN:
		fputs("ld #len", ops);
		break;
	default:
		fprintf(ops, "invalid ld mode %#x", (unsigned)BPF_MODE(f->code));
		break;
	}
}

static void dis_ldx(const struct sock_filter *f, FILE *ops)
{
	switch (BPF_MODE(f->code)) {
	case BPF_IMM:
		fprintf(ops, "ldx #%#x", f->k);
		break;
	case BPF_MEM:
		fprintf(ops, "ldx M[%u]", f->k);
		break;
	case BPF_LEN:
		fputs("ldx #len", ops);
		break;
	case BPF_MSH:
		fprintf(ops, "ldxb 4*([%u]&0xf)", f->k);
		break;
	default:
		fprintf(ops, "invalid ldx mode %#x", (unsigned)BPF_MODE(f->code));
		break;
	}
}

static void dis_alu(const struct sock_filter *f, enum acc_kind *acc, FILE *ops)
{
	const char *name = alu_name(BPF_OP(f->code));

	*acc = ACC_OTHER;
	if (!name)
		fprintf(ops, "invalid alu op %#x", (unsigned)BPF_OP(f->code));
	else if (BPF_OP(f->code) == BPF_NEG)
		fputs(name, ops);
	else if (BPF_SRC(f->code) == BPF_X)
		fprintf(ops, "%s x", name);
	else
		fprintf(ops, "%s #%#x", name, f->k);
}

/* Jumps name their absolute targets; a comparison after a load of nr or
 * arch names the constant. */
static void dis_jmp(const struct sock_filter *prog, size_t n, size_t pc, enum acc_kind acc, uint32_t *arch,
		    FILE *ops, FILE *note)
{
	const struct sock_filter *f = &prog[pc];
	const char *name = jmp_name(BPF_OP(f->code));
	size_t jt = pc + 1 + f->jt, jf = pc + 1 + f->jf;

	if (!name) {
		fprintf(ops, "invalid jmp op %#x", (unsigned)BPF_OP(f->code));
		return;
	}
	if (BPF_OP(f->code) == BPF_JA) {
		size_t to = pc + 1 + f->k;

		fprintf(ops, "ja %zu", to);
		if (to >= n)
			fputs("jump beyond the program", note);
		return;
	}
	if (BPF_SRC(f->code) == BPF_X)
		fprintf(ops, "%s x, %zu, %zu", name, jt, jf);
	else
		fprintf(ops, "%s #%#x, %zu, %zu", name, f->k, jt, jf);
	if (jt >= n || jf >= n)
		fputs("jump beyond the program", note);
	else if (BPF_SRC(f->code) == BPF_K && BPF_OP(f->code) != BPF_JSET) {
		note_const(note, f->k, acc, *arch, BPF_OP(f->code) == BPF_JEQ);
		if (acc == ACC_ARCH && BPF_OP(f->code) == BPF_JEQ)
			*arch = f->k; /* what follows is (usually) this arch's section */
	}
}

static void dis_ret(const struct sock_filter *f, FILE *ops, FILE *note)
{
	switch (BPF_RVAL(f->code)) {
	case BPF_K:
		fprintf(ops, "ret #%#x", f->k);
		note_ret(note, f->k);
		break;
	case BPF_A:
		fputs("ret a", ops);
		break;
	default:
		fputs("ret x (invalid in seccomp)", ops);
		break;
	}
}

static void dis_misc(const struct sock_filter *f, enum acc_kind *acc, FILE *ops)
{
	*acc = ACC_OTHER;
	if (BPF_MISCOP(f->code) == BPF_TAX)
		fputs("tax", ops);
	else if (BPF_MISCOP(f->code) == BPF_TXA)
		fputs("txa", ops);
	else
		fprintf(ops, "invalid misc op %#x", (unsigned)BPF_MISCOP(f->code));
}

/* The mnemonic and operands of one instruction into @ops, a note into
 * @note (may stay empty).  Updates the accumulator guess. */
static void disasm_one(const struct sock_filter *prog, size_t n, size_t pc, enum acc_kind *acc, uint32_t *arch,
		       FILE *ops, FILE *note)
{
	const struct sock_filter *f = &prog[pc];

	switch (BPF_CLASS(f->code)) {
	case BPF_LD:
		dis_ld(f, acc, ops, note);
		break;
	case BPF_LDX:
		dis_ldx(f, ops);
		break;
	case BPF_ST:
		fprintf(ops, "st M[%u]", f->k);
		break;
	case BPF_STX:
		fprintf(ops, "stx M[%u]", f->k);
		break;
	case BPF_ALU:
		dis_alu(f, acc, ops);
		break;
	case BPF_JMP:
		dis_jmp(prog, n, pc, *acc, arch, ops, note);
		break;
	case BPF_RET:
		dis_ret(f, ops, note);
		break;
	default: /* BPF_MISC */
		dis_misc(f, acc, ops);
		break;
	}
}

char *scfs_render_bpf_text(const struct sock_filter *prog, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	const struct scfs_arch_info *native = scfs_arch_native();
	uint32_t arch = native ? scfs_arch_token(native) : SCMP_ARCH_NATIVE;
	enum acc_kind acc = ACC_OTHER;

	if (!m)
		abort(); /* out of memory, as scfs_xmalloc */
	for (size_t pc = 0; pc < n; pc++) {
		char *ops = NULL, *note = NULL;
		size_t ol = 0, nl = 0;
		FILE *o = open_memstream(&ops, &ol), *t = open_memstream(&note, &nl);

		if (!o || !t)
			abort();
		disasm_one(prog, n, pc, &acc, &arch, o, t);
		fclose(o);
		fclose(t);
		fprintf(m, "%4zu: %02x %02x %02x %08x  ", pc, (unsigned)prog[pc].code, (unsigned)prog[pc].jt,
			(unsigned)prog[pc].jf, prog[pc].k);
		if (nl)
			fprintf(m, "%-28s ; %s\n", ops, note);
		else
			fprintf(m, "%s\n", ops);
		free(ops);
		free(note);
	}
	fclose(m);
	return out;
}

/* /proc/PID/status, read whole.  Small: a few KiB. */
static int read_proc_status(pid_t pid, char **ret)
{
	_cleanup_free_ char *path = scfs_xasprintf("/proc/%d/status", (int)pid);
	size_t len;
	int r = scfs_read_file(path, 1u << 20, ret, &len);

	return r == -ESRCH ? -ENOENT : r;
}

/* The value after "KEY:" and blanks on its line, or NULL. */
static const char *status_field(const char *text, const char *key, size_t *vlen)
{
	size_t kl = strlen(key);

	for (const char *l = text; l && *l;) {
		const char *e = strchrnul(l, '\n');

		if ((size_t)(e - l) > kl && strncmp(l, key, kl) == 0 && l[kl] == ':') {
			const char *v = l + kl + 1;

			v += strspn(v, " \t");
			*vlen = (size_t)(e - v);
			return v;
		}
		l = *e ? e + 1 : e;
	}
	return NULL;
}

int scfs_host_seccomp_read(pid_t pid, struct scfs_host_seccomp *ret)
{
	_cleanup_free_ char *text = NULL;
	const char *v;
	size_t vl;
	int r = read_proc_status(pid, &text);

	if (r < 0)
		return r;
	*ret = (struct scfs_host_seccomp){ 0 };
	v = status_field(text, "Seccomp", &vl);
	if (!v)
		return -EIO;
	ret->mode = atoi(v);
	v = status_field(text, "Seccomp_filters", &vl);
	ret->filters = v ? atoi(v) : 0;
	v = status_field(text, "NoNewPrivs", &vl);
	ret->no_new_privs = v ? atoi(v) : 0;
	v = status_field(text, "Uid", &vl);
	ret->uid = v ? (uid_t)strtoul(v, NULL, 10) : 0;
	return 0;
}

int scfs_render_host_status(pid_t pid, char **ret)
{
	static const char *const keys[] = { "Name", "State", "Uid", "Gid", "Seccomp", "Seccomp_filters", "NoNewPrivs" };
	_cleanup_free_ char *text = NULL;
	char *out = NULL;
	size_t len = 0;
	FILE *m;
	int r = read_proc_status(pid, &text);

	if (r < 0)
		return r;
	m = open_memstream(&out, &len);
	if (!m)
		abort();
	fprintf(m, "Pid:\t%d\n", (int)pid);
	for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
		size_t vl;
		const char *v = status_field(text, keys[i], &vl);

		/* Name is the process's comm: the kernel escapes only '\n'
		 * and '\\' in it. */
		if (v) {
			fprintf(m, "%s:\t", keys[i]);
			scfs_escape_put(m, v, vl, SCFS_ESC_SHOW, NULL);
			fputc('\n', m);
		}
	}
	fclose(m);
	*ret = out;
	return 0;
}
