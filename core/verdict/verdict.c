/* What happens to a call, and which rule decides (scfs/verdict.h). */
#include <errno.h>
#include <linux/seccomp.h>

#include "scfs/bpf.h"
#include "scfs/verdict.h"

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

/* Whether a rule's conditions hold when every argument is zero.  Several
 * conditions on one argument are OR'ed, as crun and runc compile them
 * (one libseccomp rule each); conditions on different arguments AND'ed. */
static bool rule_holds_for_zero(const struct scfs_rule *r)
{
	for (size_t i = 0; i < r->n_args; i++) {
		bool any = false;

		for (size_t j = 0; j < r->n_args; j++)
			if (r->args[j].index == r->args[i].index)
				any |= arg_holds_for_zero(&r->args[j]);
		if (!any)
			return false;
	}
	return true;
}

/* Which of a decision's rules gives @action to a call with zero arguments. */
static uint32_t deciding_rule(const struct scfs_profile *p, const struct scfs_decision *d, uint32_t action)
{
	if (d->kind == SCFS_DECIDE_RULE)
		return d->action == action ? (uint32_t)d->rule : SCFS_RULE_UNKNOWN;
	for (size_t i = 0; d->kind == SCFS_DECIDE_CONDITIONAL && i < d->n_conds; i++) {
		const struct scfs_rule *r = &p->rules[d->conds[i].rule];

		if (scfs_action_word(&r->action) == action && rule_holds_for_zero(r))
			return (uint32_t)d->conds[i].rule;
	}
	return SCFS_RULE_UNKNOWN;
}

void scfs_verdict_zero_args(const struct scfs_decisions *ds, const struct scfs_arch_info *a, int nr,
			    struct scfs_verdict *ret)
{
	const struct scfs_filter *f = ds->filter;
	const struct scfs_decision *d = scfs_decisions_find(ds, a, nr);
	struct seccomp_data data = { .nr = nr, .arch = scfs_arch_audit(a) };
	bool stub;
	uint32_t v;

	if (scfs_bpf_run(f->prog, f->prog_len, &data, &v) < 0)
		v = SECCOMP_RET_KILL_PROCESS;
	*ret = (struct scfs_verdict){ .action = v, .rule = SCFS_RULE_UNKNOWN };
	if (d) {
		ret->conditional = d->kind == SCFS_DECIDE_CONDITIONAL;
		ret->rule = deciding_rule(f->profile, d, v);
	}
	if (ret->rule != SCFS_RULE_UNKNOWN)
		return;
	(void)scfs_filter_fallback(f, a, nr, &stub);
	if (stub && v == (SECCOMP_RET_ERRNO | ENOSYS))
		ret->rule = SCFS_RULE_ENOSYS;
	else if (v == f->default_action)
		ret->rule = SCFS_RULE_DEFAULT;
}
