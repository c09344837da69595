/* Classic BPF as seccomp runs it: 32-bit A and X, 16 scratch words, and
 * loads from struct seccomp_data only. */
#include <errno.h>
#include <stdbool.h>

#include "scfs/bpf.h"

#define SCRATCH 16

int scfs_bpf_check(const struct sock_filter *prog, size_t len)
{
	if (len == 0 || len > 4096)
		return -EINVAL;
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &prog[pc];

		switch (BPF_CLASS(in->code)) {
		case BPF_JMP:
			if (BPF_OP(in->code) == BPF_JA) {
				if (in->k >= len - pc - 1)
					return -EINVAL;
			} else if (pc + 1 + in->jt >= len || pc + 1 + in->jf >= len) {
				return -EINVAL;
			}
			break;
		case BPF_LD:
		case BPF_LDX:
			if (BPF_MODE(in->code) == BPF_ABS &&
			    (in->k >= sizeof(struct seccomp_data) || in->k & 3))
				return -EINVAL;
			if (BPF_MODE(in->code) == BPF_MEM && in->k >= SCRATCH)
				return -EINVAL;
			break;
		case BPF_ST:
		case BPF_STX:
			if (in->k >= SCRATCH)
				return -EINVAL;
			break;
		default:
			break;
		}
	}
	/* The last instruction must return. */
	return BPF_CLASS(prog[len - 1].code) == BPF_RET ? 0 : -EINVAL;
}

static uint32_t load_word(const struct seccomp_data *d, uint32_t off)
{
	uint32_t w;

	memcpy(&w, (const char *)d + off, sizeof(w));
	return w;
}

static int alu(uint16_t code, uint32_t *a, uint32_t v)
{
	switch (BPF_OP(code)) {
	case BPF_ADD:
		*a += v;
		break;
	case BPF_SUB:
		*a -= v;
		break;
	case BPF_MUL:
		*a *= v;
		break;
	case BPF_DIV:
		if (!v)
			return -EINVAL;
		*a /= v;
		break;
	case BPF_MOD:
		if (!v)
			return -EINVAL;
		*a %= v;
		break;
	case BPF_AND:
		*a &= v;
		break;
	case BPF_OR:
		*a |= v;
		break;
	case BPF_XOR:
		*a ^= v;
		break;
	case BPF_LSH:
		*a = v < 32 ? *a << v : 0;
		break;
	case BPF_RSH:
		*a = v < 32 ? *a >> v : 0;
		break;
	case BPF_NEG:
		*a = -*a;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static bool jump_taken(uint16_t code, uint32_t a, uint32_t v)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ:
		return a == v;
	case BPF_JGT:
		return a > v;
	case BPF_JGE:
		return a >= v;
	case BPF_JSET:
		return a & v;
	}
	return false;
}

static int run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data, uint32_t *ret,
	       size_t *steps);

int scfs_bpf_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data, uint32_t *ret)
{
	size_t steps;

	return scfs_bpf_run_steps(prog, len, data, ret, &steps);
}

int scfs_bpf_run_unchecked(const struct sock_filter *prog, size_t len, const struct seccomp_data *data, uint32_t *ret)
{
	size_t steps;

	return run(prog, len, data, ret, &steps);
}

int scfs_bpf_run_steps(const struct sock_filter *prog, size_t len, const struct seccomp_data *data, uint32_t *ret,
		       size_t *steps)
{
	*steps = 0;
	if (scfs_bpf_check(prog, len) < 0)
		return -EINVAL;
	return run(prog, len, data, ret, steps);
}

/* Jumps and loads are in range: scfs_bpf_check said so. */
static int run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data, uint32_t *ret,
	       size_t *steps)
{
	uint32_t a = 0, x = 0, mem[SCRATCH] = { 0 };
	size_t pc = 0;

	*steps = 0;
	while (pc < len) {
		const struct sock_filter *in = &prog[pc++];

		(*steps)++;
		uint32_t src = BPF_SRC(in->code) == BPF_X ? x : in->k;

		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
			if (BPF_MODE(in->code) == BPF_ABS)
				a = load_word(data, in->k);
			else if (BPF_MODE(in->code) == BPF_IMM)
				a = in->k;
			else if (BPF_MODE(in->code) == BPF_MEM)
				a = mem[in->k];
			else if (BPF_MODE(in->code) == BPF_LEN)
				a = sizeof(*data);
			else
				return -EINVAL;
			break;
		case BPF_LDX:
			if (BPF_MODE(in->code) == BPF_IMM)
				x = in->k;
			else if (BPF_MODE(in->code) == BPF_MEM)
				x = mem[in->k];
			else if (BPF_MODE(in->code) == BPF_LEN)
				x = sizeof(*data);
			else
				return -EINVAL;
			break;
		case BPF_ST:
			mem[in->k] = a;
			break;
		case BPF_STX:
			mem[in->k] = x;
			break;
		case BPF_ALU:
			if (alu(in->code, &a, src) < 0)
				return -EINVAL;
			break;
		case BPF_JMP:
			if (BPF_OP(in->code) == BPF_JA)
				pc += in->k;
			else
				pc += jump_taken(in->code, a, src) ? in->jt : in->jf;
			break;
		case BPF_RET:
			*ret = BPF_RVAL(in->code) == BPF_A ? a : in->k;
			return 0;
		case BPF_MISC:
			if (BPF_MISCOP(in->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
}
