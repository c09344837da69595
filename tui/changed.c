/* Which syscalls an edit changed (rows.h).  A row is changed when the
 * edited profile decides its syscall differently from the profile as
 * loaded anywhere, not only on the host sctui shows: on another arch of
 * the filter, or for another capability set, kernel or native arch that
 * the includes and excludes of its rules depend on.  Taking unshare out
 * of Docker's CAP_SYS_ADMIN rule and allowing it in syscalls[0] leaves
 * the row "ALLOW" on a host with CAP_SYS_ADMIN, and widens the profile
 * for every container without it.  No curses in this file. */
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rows.h"

/* Every subset of the capabilities a syscall's rules name is tried:
 * Docker's rules name one or two per syscall.  Beyond this many the
 * rules are called different unless they are written the same. */
#define CAPS_MAX 8
/* Distinct native arches and kernel versions tried per syscall. */
#define VALUES_MAX 16

/* ---- the (name, rule) index (rows.h) ---------------------------------- */

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

/* The rules of @p that name @name, in profile order, each once.
 * Returns how many; *@ret is malloc'd. */
static size_t rules_naming(const struct scfs_profile *p, const struct sctui_rule_index *ix, const char *name,
			   const struct scfs_rule ***ret)
{
	size_t first = sctui_rule_index_first(ix, name), n = 0, k;
	const struct scfs_rule **v;

	for (k = first; k < ix->n && strcmp(ix->v[k].name, name) == 0; k++)
		;
	v = scfs_xcalloc(k - first ? k - first : 1, sizeof(*v));
	for (k = first; k < ix->n && strcmp(ix->v[k].name, name) == 0; k++)
		if (n == 0 || v[n - 1] != &p->rules[ix->v[k].rule])
			v[n++] = &p->rules[ix->v[k].rule];
	*ret = v;
	return n;
}

static bool args_equal(const struct scfs_rule *a, const struct scfs_rule *b)
{
	if (a->n_args != b->n_args)
		return false;
	for (size_t i = 0; i < a->n_args; i++)
		if (a->args[i].index != b->args[i].index || a->args[i].op != b->args[i].op ||
		    a->args[i].value != b->args[i].value || a->args[i].value_two != b->args[i].value_two)
			return false;
	return true;
}

/* Same action and conditions: what the rule adds for one name. */
static bool rule_same(const struct scfs_rule *a, const struct scfs_rule *b)
{
	return scfs_action_word(&a->action) == scfs_action_word(&b->action) && args_equal(a, b);
}

/* Written the same, includes and excludes too: the same on every host. */
static bool rules_written_same(const struct scfs_rule **a, size_t na, const struct scfs_rule **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!rule_same(a[i], b[i]) || !scfs_cond_equal(&a[i]->includes, &b[i]->includes) ||
		    !scfs_cond_equal(&a[i]->excludes, &b[i]->excludes))
			return false;
	return true;
}

/* What the filter gets for the syscall on host @h: rules whose action is
 * the default are never added; the first unconditional rule decides every
 * call and the conditional rules before it are thrown away; without one,
 * the conditional rules in order (profile-format 5.2).  Writes the rules
 * that count to @out and returns how many. */
static size_t decide(const struct scfs_rule **v, size_t n, uint32_t def, const struct scfs_host *h,
		     const struct scfs_rule **out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (scfs_action_word(&v[i]->action) == def || scfs_rule_evaluate(v[i], h) != SCFS_KEEP)
			continue;
		if (v[i]->n_args == 0) {
			out[0] = v[i];
			return 1;
		}
		out[k++] = v[i];
	}
	return k;
}

/* The hosts worth telling apart: each capability, native arch and kernel
 * version some rule's includes or excludes names. */
struct host_values {
	int caps[CAPS_MAX];
	size_t n_caps;
	const struct scfs_arch_info *arches[VALUES_MAX];
	size_t n_arches;
	struct scfs_kver kernels[VALUES_MAX];
	size_t n_kernels;
	bool too_many;
};

static void add_cap(struct host_values *hv, const char *name)
{
	int c = scfs_cap_from_string(name);

	/* A name that is no capability never matches (expand.c): nothing to try. */
	if (strncmp(name, "CAP_", 4) != 0 || c < 0 || c >= 64)
		return;
	for (size_t i = 0; i < hv->n_caps; i++)
		if (hv->caps[i] == c)
			return;
	if (hv->n_caps == CAPS_MAX)
		hv->too_many = true;
	else
		hv->caps[hv->n_caps++] = c;
}

static void add_arch(struct host_values *hv, const char *go_name)
{
	const struct scfs_arch_info *a = scfs_arch_lookup_go(go_name);

	for (size_t i = 0; a && i < hv->n_arches; i++)
		if (hv->arches[i] == a)
			return;
	if (!a)
		return; /* no host has it: "none of the named arches" covers it */
	if (hv->n_arches == VALUES_MAX)
		hv->too_many = true;
	else
		hv->arches[hv->n_arches++] = a;
}

static void add_kernel(struct host_values *hv, struct scfs_kver k)
{
	for (size_t i = 0; i < hv->n_kernels; i++)
		if (scfs_kver_cmp(hv->kernels[i], k) == 0)
			return;
	if (hv->n_kernels == VALUES_MAX)
		hv->too_many = true;
	else
		hv->kernels[hv->n_kernels++] = k;
}

static void add_cond(struct host_values *hv, const struct scfs_cond *c)
{
	for (size_t i = 0; i < c->n_caps; i++)
		add_cap(hv, c->caps[i]);
	for (size_t i = 0; i < c->n_arches; i++)
		add_arch(hv, c->arches[i]);
	if (c->has_min_kernel)
		add_kernel(hv, c->min_kernel);
}

static void collect(struct host_values *hv, const struct scfs_rule **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		add_cond(hv, &v[i]->includes);
		add_cond(hv, &v[i]->excludes);
	}
}

static bool same_on(const struct scfs_rule **a, size_t na, uint32_t def_a, const struct scfs_rule **b, size_t nb,
		    uint32_t def_b, const struct scfs_host *h, const struct scfs_rule **da, const struct scfs_rule **db)
{
	size_t ka = decide(a, na, def_a, h, da), kb = decide(b, nb, def_b, h, db);

	if (ka != kb)
		return false;
	for (size_t i = 0; i < ka; i++)
		if (!rule_same(da[i], db[i]))
			return false;
	return true;
}

/* Every combination of the values: a host with none of the named arches
 * (an arch entry with no Go name matches no list), kernel 0.0 and each
 * minKernel (the comparisons are >= and <, so these are all the cases),
 * and every subset of the capabilities. */
static bool same_everywhere(const struct scfs_rule **a, size_t na, uint32_t def_a, const struct scfs_rule **b,
			    size_t nb, uint32_t def_b, const struct host_values *hv)
{
	static const struct scfs_arch_info other_arch = { .oci = "", .scmp_name = "(none named)", .go_name = NULL };
	_cleanup_free_ const struct scfs_rule **da = scfs_xcalloc(na + 1, sizeof(*da));
	_cleanup_free_ const struct scfs_rule **db = scfs_xcalloc(nb + 1, sizeof(*db));

	for (size_t ai = 0; ai <= hv->n_arches; ai++)
		for (size_t ki = 0; ki <= hv->n_kernels; ki++)
			for (uint64_t set = 0; set < (UINT64_C(1) << hv->n_caps); set++) {
				struct scfs_host h = {
					.arch = ai < hv->n_arches ? hv->arches[ai] : &other_arch,
					.kernel = ki < hv->n_kernels ? hv->kernels[ki] : (struct scfs_kver){ 0, 0 },
				};

				for (size_t c = 0; c < hv->n_caps; c++)
					if (set & (UINT64_C(1) << c))
						h.caps |= UINT64_C(1) << hv->caps[c];
				if (!same_on(a, na, def_a, b, nb, def_b, &h, da, db))
					return false;
			}
	return true;
}

bool sctui_rules_same(const struct scfs_profile *a, const struct sctui_rule_index *ia, const struct scfs_profile *b,
		      const struct sctui_rule_index *ib, const char *name)
{
	_cleanup_free_ const struct scfs_rule **ra = NULL, **rb = NULL;
	size_t na = rules_naming(a, ia, name, &ra), nb = rules_naming(b, ib, name, &rb);
	uint32_t def_a = scfs_action_word(&a->default_action), def_b = scfs_action_word(&b->default_action);
	struct host_values hv = { 0 };

	if (def_a != def_b)
		return false;
	if (rules_written_same(ra, na, rb, nb))
		return true;
	collect(&hv, ra, na);
	collect(&hv, rb, nb);
	if (hv.too_many)
		return false;
	return same_everywhere(ra, na, def_a, rb, nb, def_b, &hv);
}

/* The syscall's number on arch @a, or -1 when it has none there. */
static int nr_on(const struct scfs_arch_info *a, const char *name)
{
	const struct scfs_newsys *ns = scfs_newsys_lookup(name);
	int nr = seccomp_syscall_resolve_name_arch(scfs_arch_token(a), name);

	if (nr >= 0)
		return nr;
	/* Negative: unknown, or a multiplexed pseudo-number (x86 socketcall
	 * calls), which has a row of its own. */
	return ns ? scfs_newsys_nr(ns, scfs_arch_token(a)) : -1;
}

static uint32_t run(const struct scfs_filter *f, const struct scfs_arch_info *a, int nr)
{
	struct seccomp_data d = { .nr = nr, .arch = scfs_arch_audit(a) };
	uint32_t v;

	/* Both programs were checked once (sctui_rows_mark_changed): checking
	 * them again for each of a thousand calls was most of the cost. */
	if (scfs_bpf_run_unchecked(f->prog, f->prog_len, &d, &v) < 0)
		return UINT32_MAX;
	return v;
}

/* Every row's number on every arch of the profile, and what the loaded
 * filter answers there: the same for every edit, so computed once. */
static void arch_cache_build(struct sctui_model *m)
{
	size_t na = sctui_model_n_arches(m);

	m->arch_nr = scfs_xcalloc(m->n_rows * na + 1, sizeof(*m->arch_nr));
	m->arch_orig = scfs_xcalloc(m->n_rows * na + 1, sizeof(*m->arch_orig));
	for (size_t i = 0; i < m->n_rows; i++)
		for (size_t k = 0; k < na; k++) {
			const struct scfs_arch_info *a = sctui_model_arch(m, k);
			int nr = nr_on(a, m->rows[i].name);

			m->arch_nr[i * na + k] = nr;
			if (nr >= 0)
				m->arch_orig[i * na + k] = run(m->orig_filter, a, nr);
		}
}

/* Whether the edited program answers a call of row @i with zero arguments
 * differently from the loaded one on some arch of the profile.  The rules
 * compared above cannot see one name's rules reach another syscall; the
 * programs can. */
static bool programs_differ(const struct sctui_model *m, size_t i)
{
	size_t na = sctui_model_n_arches(m);

	for (size_t k = 0; k < na; k++) {
		int nr = m->arch_nr[i * na + k];

		if (nr >= 0 && run(m->filter, sctui_model_arch(m, k), nr) != m->arch_orig[i * na + k])
			return true;
	}
	return false;
}

void sctui_rows_mark_changed(struct sctui_model *m)
{
	struct sctui_rule_index io, ie;
	bool same_doc = m->src == m->orig_src;
	/* The same program answers alike everywhere. */
	bool same_prog = same_doc || (m->filter->prog_len == m->orig_filter->prog_len &&
				      memcmp(m->filter->prog, m->orig_filter->prog,
					     m->filter->prog_len * sizeof(*m->filter->prog)) == 0);

	if (same_doc) {
		for (size_t i = 0; i < m->n_rows; i++)
			m->rows[i].changed = false;
		return;
	}
	if (!same_prog && (scfs_bpf_check(m->filter->prog, m->filter->prog_len) < 0 ||
			   scfs_bpf_check(m->orig_filter->prog, m->orig_filter->prog_len) < 0)) {
		/* Cannot be run: say every row may have changed. */
		for (size_t i = 0; i < m->n_rows; i++)
			m->rows[i].changed = true;
		return;
	}
	if (!same_prog && !m->arch_nr)
		arch_cache_build(m);
	sctui_rule_index_build(&io, m->orig_src);
	sctui_rule_index_build(&ie, m->src);
	for (size_t i = 0; i < m->n_rows; i++) {
		struct sctui_row *r = &m->rows[i];

		r->changed = r->action != r->orig_action || r->conditional != r->orig_conditional ||
			     !sctui_rules_same(m->orig_src, &io, m->src, &ie, r->name) ||
			     (!same_prog && programs_differ(m, i));
	}
	sctui_rule_index_done(&io);
	sctui_rule_index_done(&ie);
}
