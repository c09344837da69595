/* The syscall table of sctui's model: one row per syscall of the chosen
 * arch, and what the profile answers for each.  No curses in this file. */
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rows.h"

/* Syscall numbers scanned per arch; every table ends below this. */
#define NR_SCAN 1024
/* ARM's private calls (breakpoint, cacheflush, set_tls, ...). */
#define ARM_NR_BASE 0x0f0000
#define ARM_NR_SCAN 16
#define X32_SYSCALL_BIT 0x40000000

static int name_ref_cmp(const void *a, const void *b)
{
	const struct sctui_rule_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

void sctui_rule_index_build(struct sctui_rule_index *ix, const struct scfs_profile *p)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < p->n_rules; i++)
		n += p->rules[i].n_names;
	ix->v = scfs_xcalloc(n ? n : 1, sizeof(*ix->v));
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			ix->v[k++] = (struct sctui_rule_ref){ p->rules[i].names[j], i };
	ix->n = n;
	qsort(ix->v, n, sizeof(*ix->v), name_ref_cmp);
}

void sctui_rule_index_done(struct sctui_rule_index *ix)
{
	free(ix->v);
	*ix = (struct sctui_rule_index){ 0 };
}

size_t sctui_rule_index_first(const struct sctui_rule_index *ix, const char *name)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether a condition holds when the argument is zero. */
static bool arg_holds_for_zero(const struct scfs_arg *a)
{
	switch (a->op) {
	case SCFS_CMP_NE:
		return a->value != 0;
	case SCFS_CMP_LT:
		return a->value > 0;
	case SCFS_CMP_LE:
		return true;
	case SCFS_CMP_EQ:
	case SCFS_CMP_GE:
		return a->value == 0;
	case SCFS_CMP_GT:
		return false;
	case SCFS_CMP_MASKED_EQ:
		return a->value_two == 0;
	default:
		return false;
	}
}

static bool rule_holds_for_zero(const struct scfs_rule *r)
{
	for (size_t i = 0; i < r->n_args; i++)
		if (!arg_holds_for_zero(&r->args[i]))
			return false;
	return true;
}

/* The audit arch the kernel reports for calls of @token: x32 calls come
 * as x86_64 with the x32 bit in the number. */
static uint32_t audit_arch_of(uint32_t token)
{
	return token == SCMP_ARCH_X32 ? SCMP_ARCH_X86_64 : token;
}

static int nr_offset(uint32_t token)
{
	switch (token) {
	case SCMP_ARCH_X32:
		return X32_SYSCALL_BIT;
	case SCMP_ARCH_MIPS:
	case SCMP_ARCH_MIPSEL:
		return 4000;
	case SCMP_ARCH_MIPS64:
	case SCMP_ARCH_MIPSEL64:
		return 5000;
	case SCMP_ARCH_MIPS64N32:
	case SCMP_ARCH_MIPSEL64N32:
		return 6000;
	default:
		return 0;
	}
}

static bool stub_decides(const struct scfs_filter *f, uint32_t token, int nr)
{
	if (!f->stub_len)
		return false;
	for (size_t i = 0; i < f->n_stub; i++)
		if (scfs_arch_token(f->stub[i].arch) == token)
			return f->stub[i].max_nr >= 0 && (uint32_t)nr > (uint32_t)f->stub[i].max_nr;
	return false;
}

/* What the filter answers for the row's syscall with zero arguments, and
 * the rule that decided it.  libseccomp lets the first unconditional rule
 * for a syscall decide every call of it (conditional rules before it are
 * dropped, all rules after it too); without one, the conditional rules
 * decide, and with zero arguments it is the first whose conditions hold
 * and whose action is the filter's answer.  The answer itself always comes
 * from running the compiled program. */
static void evaluate(const struct scfs_profile *eff, const struct scfs_filter *f, const struct sctui_rule_index *ix,
		     uint32_t token, const struct sctui_row *row, uint32_t *ret_action, long *ret_rule,
		     bool *ret_conditional)
{
	struct seccomp_data d = { .nr = row->nr, .arch = audit_arch_of(token) };
	const struct scfs_rule *uncond = NULL, *cond_match = NULL;
	size_t first = sctui_rule_index_first(ix, row->name);
	long rule = SCTUI_RULE_UNKNOWN;
	bool cond = false;
	uint32_t v;

	if (scfs_bpf_run(f->prog, f->prog_len, &d, &v) < 0)
		v = SECCOMP_RET_KILL_PROCESS;
	for (size_t k = first; k < ix->n && strcmp(ix->v[k].name, row->name) == 0; k++) {
		const struct scfs_rule *r = &eff->rules[ix->v[k].rule];

		if (r->n_args == 0) {
			uncond = r;
			break;
		}
		cond = true;
		if (!cond_match && scfs_action_word(&r->action) == v && rule_holds_for_zero(r))
			cond_match = r;
	}
	if (uncond) {
		cond = false;
		if (scfs_action_word(&uncond->action) == v)
			rule = (long)uncond->index;
	} else if (cond_match) {
		rule = (long)cond_match->index;
	}
	if (rule == SCTUI_RULE_UNKNOWN) {
		if ((v & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO && (v & SECCOMP_RET_DATA) == ENOSYS &&
		    stub_decides(f, token, row->nr))
			rule = SCTUI_RULE_ENOSYS;
		else if (v == f->default_action)
			rule = SCTUI_RULE_DEFAULT;
	}
	*ret_action = v;
	*ret_rule = rule;
	*ret_conditional = cond;
}

uint32_t sctui_model_token(const struct sctui_model *m)
{
	const struct scfs_arch_info *a = sctui_model_arch(m, m->arch);

	return a ? scfs_arch_token(a) : 0;
}

void sctui_rows_evaluate(struct sctui_model *m, bool original)
{
	const struct scfs_profile *eff = original ? m->orig_eff : m->eff;
	const struct scfs_filter *f = original ? m->orig_filter : m->filter;
	uint32_t token = sctui_model_token(m);
	struct sctui_rule_index ix;

	sctui_rule_index_build(&ix, eff);
	for (size_t i = 0; i < m->n_rows; i++) {
		struct sctui_row *r = &m->rows[i];

		if (original)
			evaluate(eff, f, &ix, token, r, &r->orig_action, &r->orig_rule, &r->orig_conditional);
		else
			evaluate(eff, f, &ix, token, r, &r->action, &r->rule, &r->conditional);
	}
	sctui_rule_index_done(&ix);
	if (!original)
		sctui_rows_mark_changed(m);
}

void sctui_rows_free(struct sctui_model *m)
{
	for (size_t i = 0; i < m->n_rows; i++)
		free(m->rows[i].name);
	free(m->rows);
	free(m->vis);
	free(m->arch_nr);
	free(m->arch_orig);
	m->rows = NULL;
	m->vis = NULL;
	m->arch_nr = NULL;
	m->arch_orig = NULL;
	m->n_rows = m->n_vis = 0;
}

static void add_row(struct sctui_model *m, size_t *cap, char *name, int nr)
{
	if (m->n_rows == *cap) {
		*cap = *cap ? *cap * 2 : 512;
		m->rows = scfs_xrealloc(m->rows, *cap, sizeof(*m->rows));
	}
	m->rows[m->n_rows++] = (struct sctui_row){
		.name = name,
		.nr = nr,
		.groups = scfs_syscall_groups(name),
		.newsys = scfs_newsys_lookup(name),
	};
}

static bool have_nr(const struct sctui_model *m, int nr)
{
	for (size_t i = 0; i < m->n_rows; i++)
		if (m->rows[i].nr == nr)
			return true;
	return false;
}

/* Every syscall libseccomp knows on the arch, and scfs's newer ones. */
void sctui_rows_build(struct sctui_model *m)
{
	uint32_t token = sctui_model_token(m);
	int off = nr_offset(token);
	size_t cap = 0;
	const struct scfs_newsys *ns;

	sctui_rows_free(m);
	if (!token)
		return;
	for (int nr = off; nr < off + NR_SCAN; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(token, nr);

		if (name)
			add_row(m, &cap, name, nr);
	}
	if (token == SCMP_ARCH_ARM)
		for (int nr = ARM_NR_BASE; nr < ARM_NR_BASE + ARM_NR_SCAN; nr++) {
			char *name = seccomp_syscall_resolve_num_arch(token, nr);

			if (name)
				add_row(m, &cap, name, nr);
		}
	for (size_t i = 0; (ns = scfs_newsys_get(i)); i++) {
		int nr = scfs_newsys_nr(ns, token);

		if (nr >= 0 && !have_nr(m, nr))
			add_row(m, &cap, scfs_xstrdup(ns->name), nr);
	}
	m->vis = scfs_xcalloc(m->n_rows ? m->n_rows : 1, sizeof(*m->vis));
	sctui_rows_evaluate(m, true);
	sctui_rows_evaluate(m, false);
}
