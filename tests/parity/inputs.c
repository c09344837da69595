/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which argument values can matter to a program for one (arch, nr).
 *
 * For a fixed arch and syscall number the program's path is fixed until
 * it loads an argument (or the instruction pointer).  walk() follows the
 * program with the arch and number known and every argument word unknown:
 * a jump on a known value goes one way, a jump on an unknown word goes
 * both ways and its constant is recorded (with the mask an AND applied to
 * the word first).  This is reachability, not evaluation: the decisions
 * themselves always come from scfs's evaluator (core/filter/bpf.c).  It models
 * what libseccomp and the runtimes' ENOSYS stubs emit (loads, AND, jumps,
 * returns); anything else under an unknown value makes walk() give up,
 * and the caller then uses every constant the program compares anywhere.
 */
#include <stdlib.h>
#include <string.h>

#include "inputs.h"

#define VIS_SIZE (1u << 16)
#define STACK_MAX 8192

struct wstate {
	uint32_t pc, val, mask;
	uint8_t sym, word; /* sym: A holds seccomp_data word @word (offset 8 + 4*word) */
};

struct vis {
	uint32_t gen, pc, val, mask;
	uint8_t sym, word;
};

static struct vis vis[VIS_SIZE];
static uint32_t vis_gen;

/* True the first time a state is seen in this walk. */
static bool visit(const struct wstate *s)
{
	uint32_t h = (s->pc * 2654435761u) ^ (s->val * 40503u) ^ (s->mask * 97u) ^ (uint32_t)(s->sym << 7 | s->word);

	for (uint32_t i = 0; i < VIS_SIZE; i++) {
		struct vis *v = &vis[(h + i) & (VIS_SIZE - 1)];

		if (v->gen != vis_gen) {
			*v = (struct vis){ vis_gen, s->pc, s->val, s->mask, s->sym, s->word };
			return true;
		}
		if (v->pc == s->pc && v->val == s->val && v->mask == s->mask && v->sym == s->sym && v->word == s->word)
			return false;
	}
	return true; /* table full: walk again; forward jumps only, so it ends */
}

void kset_add(struct kset *ks, struct cmpk c)
{
	for (size_t i = 0; i < ks->n; i++)
		if (!memcmp(&ks->v[i], &c, sizeof(c)))
			return;
	if (ks->n == ks->cap && !(ks->v = realloc(ks->v, (ks->cap = ks->cap ? 2 * ks->cap : 16) * sizeof(c))))
		abort();
	ks->v[ks->n++] = c;
}

static bool alu_known(uint16_t code, uint32_t *a, uint32_t k)
{
	switch (BPF_OP(code)) {
	case BPF_AND: *a &= k; return true;
	case BPF_OR: *a |= k; return true;
	case BPF_ADD: *a += k; return true;
	case BPF_SUB: *a -= k; return true;
	case BPF_XOR: *a ^= k; return true;
	case BPF_LSH: *a = k < 32 ? *a << k : 0; return true;
	case BPF_RSH: *a = k < 32 ? *a >> k : 0; return true;
	}
	return false;
}

static bool taken(uint16_t code, uint32_t a, uint32_t k)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ: return a == k;
	case BPF_JGT: return a > k;
	case BPF_JGE: return a >= k;
	case BPF_JSET: return a & k;
	}
	return false;
}

/* One instruction; returns 1 to go on, 0 at a return, -1 to give up. */
static int step(const struct sock_filter *in, struct wstate *s, struct wstate *fork, bool *forked,
		const struct seccomp_data *d, struct kset *out)
{
	switch (BPF_CLASS(in->code)) {
	case BPF_LD:
		if (BPF_MODE(in->code) == BPF_IMM) {
			*s = (struct wstate){ .pc = s->pc, .val = in->k };
		} else if (BPF_MODE(in->code) == BPF_ABS && in->k < 8) {
			*s = (struct wstate){ .pc = s->pc, .val = in->k == 0 ? (uint32_t)d->nr : d->arch };
		} else if (BPF_MODE(in->code) == BPF_ABS) {
			*s = (struct wstate){ .pc = s->pc, .mask = ~0u, .sym = 1, .word = (uint8_t)((in->k - 8) / 4) };
		} else {
			return -1;
		}
		return 1;
	case BPF_ALU:
		if (BPF_SRC(in->code) == BPF_X)
			return -1;
		if (s->sym)
			return BPF_OP(in->code) == BPF_AND ? (s->mask &= in->k, 1) : -1;
		return alu_known(in->code, &s->val, in->k) ? 1 : -1;
	case BPF_JMP:
		if (BPF_OP(in->code) == BPF_JA) {
			s->pc += in->k;
			return 1;
		}
		if (BPF_SRC(in->code) == BPF_X)
			return -1;
		if (!s->sym) {
			s->pc += taken(in->code, s->val, in->k) ? in->jt : in->jf;
			return 1;
		}
		kset_add(out, (struct cmpk){ s->word, (uint8_t)BPF_OP(in->code), in->k, s->mask });
		if (in->jt != in->jf) {
			*fork = *s;
			fork->pc += in->jt;
			*forked = true;
		}
		s->pc += in->jf;
		return 1;
	case BPF_RET:
		return BPF_RVAL(in->code) == BPF_A && s->sym ? -1 : 0;
	}
	return -1;
}

bool walk(const struct sock_filter *prog, size_t len, const struct seccomp_data *d, struct kset *out)
{
	static struct wstate stack[STACK_MAX];
	size_t sp = 0;

	vis_gen++;
	stack[sp++] = (struct wstate){ 0 };
	while (sp) {
		struct wstate s = stack[--sp];

		while (s.pc < len && visit(&s)) {
			struct wstate fork;
			bool forked = false;
			int r = step(&prog[s.pc++], &s, &fork, &forked, d, out);

			if (r < 0 || (forked && sp == STACK_MAX))
				return false;
			if (forked)
				stack[sp++] = fork;
			if (r == 0)
				break;
		}
	}
	return true;
}

/* Every comparison of an argument word anywhere in the program: the
 * fallback when walk() gives up. */
void scan_all(const struct sock_filter *prog, size_t len, struct kset *out)
{
	int word = -1;
	uint32_t mask = ~0u;

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &prog[pc];

		if (BPF_CLASS(in->code) == BPF_LD) {
			word = BPF_MODE(in->code) == BPF_ABS && in->k >= 8 ? (int)(in->k - 8) / 4 : -1;
			mask = ~0u;
		} else if (BPF_CLASS(in->code) == BPF_ALU && BPF_OP(in->code) == BPF_AND && BPF_SRC(in->code) == BPF_K) {
			mask &= in->k;
		} else if (BPF_CLASS(in->code) == BPF_JMP && BPF_OP(in->code) != BPF_JA && word >= 0) {
			kset_add(out, (struct cmpk){ (uint8_t)word, (uint8_t)BPF_OP(in->code), in->k, mask });
		}
	}
}

/* Syscall numbers the program compares (k-1, k, k+1 of each), added to @out. */
void scan_nrs(const struct sock_filter *prog, size_t len, struct u32set *out)
{
	bool nr = false;

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &prog[pc];

		if (BPF_CLASS(in->code) == BPF_LD)
			nr = BPF_MODE(in->code) == BPF_ABS && in->k == 0;
		else if (BPF_CLASS(in->code) == BPF_ALU)
			nr = false;
		else if (BPF_CLASS(in->code) == BPF_JMP && BPF_OP(in->code) != BPF_JA && nr) {
			u32set_add(out, in->k - 1);
			u32set_add(out, in->k);
			u32set_add(out, in->k + 1);
		}
	}
}

void u32set_add(struct u32set *s, uint32_t v)
{
	if (s->n == s->cap && !(s->v = realloc(s->v, (s->cap = s->cap ? 2 * s->cap : 64) * sizeof(v))))
		abort();
	s->v[s->n++] = v;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void u32set_sort(struct u32set *s)
{
	size_t o = 0;

	qsort(s->v, s->n, sizeof(*s->v), cmp_u32);
	for (size_t i = 0; i < s->n; i++)
		if (o == 0 || s->v[o - 1] != s->v[i])
			s->v[o++] = s->v[i];
	s->n = o;
}

/* The values of one 32-bit word worth trying: zero and all ones, and for
 * each constant it is compared with: the value, ±1, its complement; under
 * a mask: the mask, its complement, the value with the bits outside the
 * mask set, and the value with each bit of the mask flipped; for JSET each
 * of its bits alone and the value with each bit cleared. */
void word_values(const struct kset *ks, uint8_t word, struct u32set *out)
{
	u32set_add(out, 0);
	u32set_add(out, ~0u);
	for (size_t i = 0; i < ks->n; i++) {
		const struct cmpk *c = &ks->v[i];
		uint32_t bits = c->op == BPF_JSET ? c->k & c->mask : c->mask;

		if (c->word != word)
			continue;
		u32set_add(out, c->k);
		u32set_add(out, c->k - 1);
		u32set_add(out, c->k + 1);
		u32set_add(out, ~c->k);
		if (c->mask != ~0u) {
			u32set_add(out, c->mask);
			u32set_add(out, ~c->mask);
			u32set_add(out, c->k | ~c->mask);
		}
		for (int b = 0; b < 32 && (c->mask != ~0u || c->op == BPF_JSET); b++)
			if (bits & (1u << b)) {
				u32set_add(out, c->k ^ (1u << b));
				u32set_add(out, 1u << b);
			}
	}
	u32set_sort(out);
}

bool kset_has_word(const struct kset *ks, uint8_t word)
{
	for (size_t i = 0; i < ks->n; i++)
		if (ks->v[i].word == word)
			return true;
	return false;
}
