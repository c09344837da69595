/* The syscall table of sctui's model: one row per syscall of the chosen
 * arch, and what the profile answers for each.  No curses in this file. */
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

/* The row's verdict with zero arguments (core/verdict: the answer scfs
 * explain gives), the rule as its source index. */
static void evaluate(const struct scfs_decisions *ds, const struct scfs_arch_info *a, const struct sctui_row *row,
		     uint32_t *ret_action, long *ret_rule, bool *ret_conditional)
{
	const struct scfs_profile *eff = ds->filter->profile;
	struct scfs_verdict v;

	scfs_verdict_zero_args(ds, a, row->nr, &v);
	*ret_action = v.action;
	*ret_conditional = v.conditional;
	if (v.rule < eff->n_rules)
		*ret_rule = (long)eff->rules[v.rule].index;
	else
		*ret_rule = v.rule == SCFS_RULE_DEFAULT ? SCTUI_RULE_DEFAULT
			    : v.rule == SCFS_RULE_ENOSYS ? SCTUI_RULE_ENOSYS
							 : SCTUI_RULE_UNKNOWN;
}

void sctui_rows_evaluate(struct sctui_model *m, bool original)
{
	const struct scfs_filter *f = original ? m->orig_filter : m->filter;
	const struct scfs_arch_info *a = sctui_model_arch(m, m->arch);
	struct scfs_decisions ds;

	if (!a || scfs_decisions_build(f, &ds) < 0)
		return;
	for (size_t i = 0; i < m->n_rows; i++) {
		struct sctui_row *r = &m->rows[i];

		if (original)
			evaluate(&ds, a, r, &r->orig_action, &r->orig_rule, &r->orig_conditional);
		else
			evaluate(&ds, a, r, &r->action, &r->rule, &r->conditional);
	}
	scfs_decisions_done(&ds);
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

bool sctui_row_denied(const struct sctui_row *r)
{
	return scfs_action_denies(r->action);
}
