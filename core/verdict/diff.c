/* Decisions per syscall, and the difference of two profiles. */
#include <errno.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <seccomp.h>

#include "scfs/bpf.h"
#include "scfs/decode.h"
#include "scfs/diff.h"
#include "scfs/verdict.h"

#define X32_SYSCALL_BIT 0x40000000u

uint32_t scfs_arch_audit(const struct scfs_arch_info *a)
{
	uint32_t tok = scfs_arch_token(a);

	return tok == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : tok;
}

const char *scfs_subset_string(enum scfs_subset s)
{
	switch (s) {
	case SCFS_SUBSET_OK:
		return "ok";
	case SCFS_SUBSET_VIOLATION:
		return "B allows more";
	case SCFS_SUBSET_UNSURE:
		return "cannot prove";
	}
	return "?";
}

/* A compared value as that argument of @name reads: AF_VSOCK, CLONE_NEWUSER,
 * an fd in decimal (core/vocab/decode.c). */
static void fmt_value(FILE *m, const char *name, unsigned index, uint64_t v)
{
	char buf[1024];

	scfs_decode_arg(name, index, v, buf, sizeof(buf));
	fputs(buf, m);
}

static void fmt_arg(FILE *m, const char *name, const struct scfs_arg *a)
{
	static const char *const ops[_SCFS_CMP_MAX] = {
		[SCFS_CMP_NE] = "!=", [SCFS_CMP_LT] = "<",  [SCFS_CMP_LE] = "<=", [SCFS_CMP_EQ] = "==",
		[SCFS_CMP_GE] = ">=", [SCFS_CMP_GT] = ">",  [SCFS_CMP_MASKED_EQ] = "==",
	};

	if (a->op == SCFS_CMP_MASKED_EQ) {
		fprintf(m, "(a%u & ", a->index);
		fmt_value(m, name, a->index, a->value);
		fputs(") == ", m);
		fmt_value(m, name, a->index, a->value_two);
	} else {
		fprintf(m, "a%u %s ", a->index, ops[a->op]);
		fmt_value(m, name, a->index, a->value);
	}
}

char *scfs_rule_conditions_format(const struct scfs_rule *r)
{
	const char *sep = scfs_rule_index_repeats(r) ? " || " : " && ";
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	if (!m)
		abort();
	for (size_t i = 0; i < r->n_args; i++) {
		if (i)
			fputs(sep, m);
		/* The names of one rule share their arguments' meaning (clone and
		 * unshare their flags): the first one's signature is used. */
		fmt_arg(m, r->n_names ? r->names[0] : "", &r->args[i]);
	}
	fclose(m);
	return out;
}

/* The arches a filter has sections for: the host's first, then the profile's. */
bool scfs_filter_has_arch(const struct scfs_filter *f, const struct scfs_arch_info *a)
{
	const struct scfs_profile *p = f->profile;

	if (p->host_arch == a)
		return true;
	for (size_t i = 0; i < p->n_arches; i++)
		if (p->arches[i] == a)
			return true;
	return false;
}

int scfs_filter_stub_max(const struct scfs_filter *f, const struct scfs_arch_info *a)
{
	for (size_t i = 0; i < f->n_stub; i++)
		if (f->stub[i].arch == a)
			return f->stub[i].max_nr;
	return -1;
}

uint32_t scfs_filter_fallback(const struct scfs_filter *f, const struct scfs_arch_info *a, int nr, bool *stub)
{
	int max = f->stub_len ? scfs_filter_stub_max(f, a) : -1;
	bool s = max >= 0 && (uint32_t)nr > (uint32_t)max;

	if (stub)
		*stub = s;
	return s ? SCMP_ACT_ERRNO(ENOSYS) : f->default_action;
}

static void add_lost(struct scfs_decision *d, struct scfs_rule_ref ref, enum scfs_lost_reason why, size_t by)
{
	d->lost = scfs_xrealloc(d->lost, d->n_lost + 1, sizeof(*d->lost));
	d->lost[d->n_lost++] = (struct scfs_lost_rule){ ref.rule, ref.name, why, by };
}

static struct scfs_decision *find_or_add(struct scfs_decisions *ds, const struct scfs_arch_info *a, int nr,
					 const char *name)
{
	for (size_t i = ds->n; i-- > 0;)
		if (ds->v[i].arch == a && ds->v[i].nr == nr)
			return &ds->v[i];
	ds->v = scfs_xrealloc(ds->v, ds->n + 1, sizeof(*ds->v));
	ds->v[ds->n] = (struct scfs_decision){ .arch = a, .nr = nr, .name = name, .kind = SCFS_DECIDE_DEFAULT };
	return &ds->v[ds->n++];
}

/* Follow libseccomp's database for one added (rule, name). */
static void apply_entry(const struct scfs_filter *f, struct scfs_decision *d, const struct scfs_entry *e)
{
	const struct scfs_rule *r = &f->profile->rules[e->rule];
	struct scfs_rule_ref ref = { e->rule, e->name };

	if (d->kind == SCFS_DECIDE_RULE) {
		/* The same name twice in one rule is not a second rule. */
		if (d->rule != e->rule)
			add_lost(d, ref, SCFS_LOST_SHADOWED, d->rule);
		return;
	}
	if (r->n_args == 0) {
		for (size_t i = 0; i < d->n_conds; i++)
			add_lost(d, d->conds[i], SCFS_LOST_VOIDED, e->rule);
		free(d->conds);
		d->conds = NULL;
		d->n_conds = 0;
		d->kind = SCFS_DECIDE_RULE;
		d->rule = e->rule;
		d->action = scfs_action_word(&r->action);
		d->stub = false;
		return;
	}
	for (size_t i = 0; i < d->n_conds; i++)
		if (d->conds[i].rule == e->rule)
			return;
	d->conds = scfs_xrealloc(d->conds, d->n_conds + 1, sizeof(*d->conds));
	d->conds[d->n_conds++] = ref;
	d->kind = SCFS_DECIDE_CONDITIONAL;
	d->action = scfs_filter_fallback(f, d->arch, d->nr, &d->stub);
}

/* An unconditional claim must hold for any arguments: try a few. */
static void verify(const struct scfs_filter *f, struct scfs_decision *d)
{
	static const uint64_t probes[] = { 0, UINT64_MAX, 1, 0x7e020000 };
	struct seccomp_data data = { .nr = d->nr, .arch = scfs_arch_audit(d->arch) };
	uint32_t v;

	if (d->kind == SCFS_DECIDE_CONDITIONAL)
		return;
	for (size_t p = 0; p < ELEMENTSOF(probes); p++) {
		for (size_t i = 0; i < 6; i++)
			data.args[i] = probes[p];
		if (scfs_bpf_run(f->prog, f->prog_len, &data, &v) < 0 || v != d->action) {
			d->unsure = true;
			return;
		}
	}
}

static size_t arch_pos(const struct scfs_filter *f, const struct scfs_arch_info *a)
{
	const struct scfs_profile *p = f->profile;

	if (a == p->host_arch)
		return 0;
	for (size_t i = 0; i < p->n_arches; i++)
		if (p->arches[i] == a)
			return i + 1;
	return p->n_arches + 1;
}

static int cmp_decision(const void *x, const void *y)
{
	const struct scfs_decision *a = x, *b = y;

	if (a->arch_order != b->arch_order)
		return a->arch_order < b->arch_order ? -1 : 1;
	if (a->nr != b->nr)
		return (uint32_t)a->nr < (uint32_t)b->nr ? -1 : 1;
	return 0;
}

int scfs_decisions_build(const struct scfs_filter *f, struct scfs_decisions *ret)
{
	struct scfs_decisions ds = { .filter = f };

	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		struct scfs_decision *d;

		if ((e->status != SCFS_ENTRY_ADDED && e->status != SCFS_ENTRY_ADDED_BY_NUMBER) || e->nr < 0)
			continue;
		d = find_or_add(&ds, e->arch, e->nr, f->profile->rules[e->rule].names[e->name]);
		apply_entry(f, d, e);
	}
	for (size_t i = 0; i < ds.n; i++) {
		verify(f, &ds.v[i]);
		ds.v[i].arch_order = arch_pos(f, ds.v[i].arch);
	}
	if (ds.n)
		qsort(ds.v, ds.n, sizeof(*ds.v), cmp_decision);
	*ret = ds;
	return 0;
}

void scfs_decisions_done(struct scfs_decisions *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].conds);
		free(d->v[i].lost);
	}
	free(d->v);
	*d = (struct scfs_decisions){ 0 };
}

const struct scfs_decision *scfs_decisions_find(const struct scfs_decisions *d, const struct scfs_arch_info *a,
						int nr)
{
	size_t lo = 0, hi = d->n;
	size_t pa = arch_pos(d->filter, a);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct scfs_decision *x = &d->v[mid];
		size_t px = x->arch_order;

		if (px == pa && x->arch == a && x->nr == nr)
			return x;
		if (px < pa || (px == pa && (uint32_t)x->nr < (uint32_t)nr))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- comparing two views ---- */

/* One (conditions, action) element of a conditional decision.  Several
 * conditions on one argument are split into single-condition elements,
 * as the runtimes compile them. */
struct element {
	char *key; /* canonical conditions */
	uint32_t action;
};

struct elements {
	struct element *v;
	size_t n;
};

static int cmp_arg(const void *x, const void *y)
{
	const struct scfs_arg *a = x, *b = y;

	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	if (a->op != b->op)
		return a->op < b->op ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	if (a->op == SCFS_CMP_MASKED_EQ && a->value_two != b->value_two)
		return a->value_two < b->value_two ? -1 : 1;
	return 0;
}

static char *args_key(const struct scfs_arg *args, size_t n)
{
	_cleanup_free_ struct scfs_arg *s = scfs_xcalloc(n ? n : 1, sizeof(*s));
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	if (!m)
		abort();
	if (n)
		memcpy(s, args, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_arg);
	for (size_t i = 0; i < n; i++)
		fprintf(m, "%u/%d/%" PRIx64 "/%" PRIx64 ";", s[i].index, (int)s[i].op, s[i].value,
			s[i].op == SCFS_CMP_MASKED_EQ ? s[i].value_two : 0);
	fclose(m);
	return out;
}

static void elements_add(struct elements *es, char *key, uint32_t action)
{
	es->v = scfs_xrealloc(es->v, es->n + 1, sizeof(*es->v));
	es->v[es->n++] = (struct element){ key, action };
}

static int cmp_element(const void *x, const void *y)
{
	const struct element *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return a->action < b->action ? -1 : a->action > b->action;
}

static void elements_of(const struct scfs_profile *p, const struct scfs_decision *d, struct elements *es)
{
	*es = (struct elements){ 0 };
	for (size_t i = 0; d && i < d->n_conds; i++) {
		const struct scfs_rule *r = &p->rules[d->conds[i].rule];
		uint32_t w = scfs_action_word(&r->action);

		if (scfs_rule_index_repeats(r)) {
			for (size_t k = 0; k < r->n_args; k++)
				elements_add(es, args_key(&r->args[k], 1), w);
		} else {
			elements_add(es, args_key(r->args, r->n_args), w);
		}
	}
	if (es->n)
		qsort(es->v, es->n, sizeof(*es->v), cmp_element);
}

static void elements_done(struct elements *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->v[i].key);
	free(es->v);
}

static bool elements_equal(const struct elements *a, const struct elements *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (cmp_element(&a->v[i], &b->v[i]) != 0)
			return false;
	return true;
}

static bool conditional(const struct scfs_diff_side *s)
{
	return s->d && s->d->kind == SCFS_DECIDE_CONDITIONAL;
}

/* Whether every outcome of a side satisfies @pred. */
static bool all_outcomes(const struct scfs_diff_side *s, const struct elements *es, bool (*pred)(uint32_t))
{
	if (!pred(s->action))
		return false;
	for (size_t i = 0; conditional(s) && i < es->n; i++)
		if (!pred(es->v[i].action))
			return false;
	return true;
}

static bool never_allows(uint32_t w)
{
	return !scfs_action_word_may_allow(w);
}

/* B's allowing elements all appear as allowing elements of A, and A has
 * no element that denies (so a call one of them matches is allowed). */
static bool allowing_contained(const struct elements *ea, const struct elements *eb)
{
	for (size_t i = 0; i < ea->n; i++)
		if (!scfs_action_word_allows(ea->v[i].action))
			return false;
	for (size_t i = 0; i < eb->n; i++) {
		bool found = false;

		if (!scfs_action_word_may_allow(eb->v[i].action))
			continue;
		for (size_t k = 0; k < ea->n && !found; k++)
			found = strcmp(ea->v[k].key, eb->v[i].key) == 0;
		if (!found)
			return false;
	}
	return true;
}

static enum scfs_subset subset_of(const struct scfs_diff_side *a, const struct elements *ea,
				  const struct scfs_diff_side *b, const struct elements *eb)
{
	if (all_outcomes(b, eb, never_allows))
		return SCFS_SUBSET_OK;
	if (all_outcomes(a, ea, scfs_action_word_allows))
		return SCFS_SUBSET_OK;
	if ((a->d && a->d->unsure) || (b->d && b->d->unsure))
		return SCFS_SUBSET_UNSURE;
	/* B lets some calls run; A denies some. */
	if (!conditional(b) || !conditional(a))
		return SCFS_SUBSET_VIOLATION;
	if (elements_equal(ea, eb) && scfs_action_word_allows(a->action) == scfs_action_word_may_allow(b->action))
		return SCFS_SUBSET_OK;
	if (!scfs_action_word_may_allow(b->action) && allowing_contained(ea, eb))
		return SCFS_SUBSET_OK;
	return SCFS_SUBSET_UNSURE;
}

static void side_of(const struct scfs_decisions *ds, const struct scfs_arch_info *a, int nr, struct scfs_diff_side *s)
{
	const struct scfs_filter *f = ds->filter;

	*s = (struct scfs_diff_side){ .filtered = scfs_filter_has_arch(f, a) };
	if (!s->filtered) {
		s->action = SCMP_ACT_KILL_THREAD; /* libseccomp's bad-arch action */
		return;
	}
	s->d = scfs_decisions_find(ds, a, nr);
	if (s->d) {
		s->action = s->d->action;
		s->stub = s->d->stub;
	} else {
		s->action = scfs_filter_fallback(f, a, nr, &s->stub);
	}
}

/* ABIs whose syscall arguments are 32 bits wide: libseccomp compares only
 * the low half there, and no call can carry more. */
static bool arch_32bit(const struct scfs_arch_info *a)
{
	static const char *const v[] = { "x86", "arm", "mips", "mipsel", "ppc", "s390", "parisc" };

	for (size_t i = 0; i < ELEMENTSOF(v); i++)
		if (strcmp(a->scmp_name, v[i]) == 0)
			return true;
	return false;
}

#define SAMPLES_MAX 64
#define GRID_MAX 200000

struct samples {
	uint64_t v[6][SAMPLES_MAX];
	size_t n[6];
	unsigned used; /* bit i: argument i is tested by some condition */
};

static bool sample_add(struct samples *s, unsigned idx, uint64_t v, bool narrow)
{
	if (narrow && v > UINT32_MAX)
		return true;
	for (size_t i = 0; i < s->n[idx]; i++)
		if (s->v[idx][i] == v)
			return true;
	if (s->n[idx] == SAMPLES_MAX)
		return false;
	s->v[idx][s->n[idx]++] = v;
	return true;
}

/* The values where a condition's outcome can change, and one on each side. */
static bool samples_of(const struct scfs_profile *p, const struct scfs_decision *d, bool narrow, struct samples *s)
{
	static const uint64_t edges[] = { 0, 1, UINT32_MAX, (uint64_t)UINT32_MAX + 1, UINT64_MAX };

	for (size_t i = 0; d && d->kind == SCFS_DECIDE_CONDITIONAL && i < d->n_conds; i++) {
		const struct scfs_rule *r = &p->rules[d->conds[i].rule];

		for (size_t k = 0; k < r->n_args; k++) {
			const struct scfs_arg *a = &r->args[k];
			uint64_t c[2] = { a->value, a->value & UINT32_MAX };

			/* A masked test is not monotonic in the value: no finite
			 * set of samples covers it. */
			if (a->op == SCFS_CMP_MASKED_EQ)
				return false;
			if (!(s->used & (1u << a->index)))
				for (size_t e = 0; e < ELEMENTSOF(edges); e++)
					(void)sample_add(s, a->index, edges[e], narrow);
			s->used |= 1u << a->index;
			for (size_t j = 0; j < 2; j++)
				if (!sample_add(s, a->index, c[j] - 1, narrow) || !sample_add(s, a->index, c[j], narrow) ||
				    !sample_add(s, a->index, c[j] + 1, narrow))
					return false;
		}
	}
	return true;
}

static uint32_t run_side(const struct scfs_diff_side *side, const struct scfs_filter *f, const struct seccomp_data *d)
{
	uint32_t v;

	if (!side->filtered)
		return SCMP_ACT_KILL_THREAD;
	if (scfs_bpf_run(f->prog, f->prog_len, d, &v) < 0)
		return SCMP_ACT_KILL_PROCESS;
	return v;
}

/* Run both programs over the grid of samples.  Returns false when the
 * conditions cannot be covered by samples. */
static bool compare_sampled(const struct scfs_decisions *A, const struct scfs_decisions *B, struct scfs_diff_entry *e)
{
	struct samples s = { 0 };
	struct seccomp_data data = { .nr = e->nr, .arch = scfs_arch_audit(e->arch) };
	unsigned idx[6];
	size_t n_idx = 0, total = 1, pos[6] = { 0 };
	bool narrow = arch_32bit(e->arch), violation = false;

	if (!samples_of(A->filter->profile, e->a.d, narrow, &s) || !samples_of(B->filter->profile, e->b.d, narrow, &s))
		return false;
	for (unsigned i = 0; i < 6; i++)
		if (s.used & (1u << i)) {
			idx[n_idx++] = i;
			total *= s.n[i];
			if (total > GRID_MAX)
				return false;
		}
	for (size_t step = 0; step < total; step++) {
		uint32_t va, vb;
		bool bad;

		for (size_t k = 0; k < n_idx; k++)
			data.args[idx[k]] = s.v[idx[k]][pos[k]];
		va = run_side(&e->a, A->filter, &data);
		vb = run_side(&e->b, B->filter, &data);
		bad = scfs_action_word_may_allow(vb) && !scfs_action_word_allows(va);
		if (va != vb && (!e->has_witness || (bad && !violation))) {
			e->has_witness = true;
			memcpy(e->witness, data.args, sizeof(e->witness));
			e->witness_a = va;
			e->witness_b = vb;
		}
		if (va != vb)
			e->args_changed = true;
		violation |= bad;
		/* next grid point */
		for (size_t k = 0; k < n_idx; k++) {
			if (++pos[k] < s.n[idx[k]])
				break;
			pos[k] = 0;
		}
	}
	e->sampled = true;
	e->subset = violation ? SCFS_SUBSET_VIOLATION : SCFS_SUBSET_OK;
	return true;
}

static void compare_one(const struct scfs_decisions *A, const struct scfs_decisions *B,
			const struct scfs_arch_info *arch, int nr, const char *name, struct scfs_diff *out)
{
	struct scfs_diff_entry e = { .arch = arch, .nr = nr, .name = name };
	struct elements ea, eb;

	side_of(A, arch, nr, &e.a);
	side_of(B, arch, nr, &e.b);
	elements_of(A->filter->profile, e.a.d, &ea);
	elements_of(B->filter->profile, e.b.d, &eb);
	e.same_rules = conditional(&e.a) && conditional(&e.b) && elements_equal(&ea, &eb);
	if (conditional(&e.a) || conditional(&e.b)) {
		if (!compare_sampled(A, B, &e)) {
			e.args_changed = !(e.same_rules && e.a.action == e.b.action);
			e.subset = subset_of(&e.a, &ea, &e.b, &eb);
		}
	} else {
		e.action_changed = e.a.action != e.b.action || e.a.filtered != e.b.filtered;
		e.subset = subset_of(&e.a, &ea, &e.b, &eb);
	}
	if (e.subset != SCFS_SUBSET_OK)
		out->subset = false;
	if (e.args_changed || e.action_changed || e.subset != SCFS_SUBSET_OK) {
		out->equal = false;
		out->v = scfs_xrealloc(out->v, out->n + 1, sizeof(*out->v));
		out->v[out->n++] = e;
	}
	elements_done(&ea);
	elements_done(&eb);
}

static void add_range(struct scfs_diff *out, const struct scfs_decisions *A, const struct scfs_decisions *B,
		      const struct scfs_arch_info *arch, int64_t lo, int64_t hi)
{
	struct scfs_diff_range r = { .arch = arch, .lo = lo, .hi = hi };

	if (lo > hi)
		return;
	r.a_filtered = scfs_filter_has_arch(A->filter, arch);
	r.b_filtered = scfs_filter_has_arch(B->filter, arch);
	r.a = r.a_filtered ? scfs_filter_fallback(A->filter, arch, (int)lo, &r.a_stub) : SCMP_ACT_KILL_THREAD;
	r.b = r.b_filtered ? scfs_filter_fallback(B->filter, arch, (int)lo, &r.b_stub) : SCMP_ACT_KILL_THREAD;
	if (r.a == r.b && r.a_filtered == r.b_filtered)
		return;
	r.subset = scfs_action_word_may_allow(r.b) && !scfs_action_word_allows(r.a) ? SCFS_SUBSET_VIOLATION
										      : SCFS_SUBSET_OK;
	if (r.subset != SCFS_SUBSET_OK)
		out->subset = false;
	out->equal = false;
	out->ranges = scfs_xrealloc(out->ranges, out->n_ranges + 1, sizeof(*out->ranges));
	out->ranges[out->n_ranges++] = r;
}

/* Syscalls neither profile names: split at the stub thresholds. */
static void compare_unnamed(const struct scfs_decisions *A, const struct scfs_decisions *B,
			    const struct scfs_arch_info *arch, struct scfs_diff *out)
{
	int ta = scfs_filter_has_arch(A->filter, arch) && A->filter->stub_len ? scfs_filter_stub_max(A->filter, arch) : -1;
	int tb = scfs_filter_has_arch(B->filter, arch) && B->filter->stub_len ? scfs_filter_stub_max(B->filter, arch) : -1;
	int64_t base = scfs_arch_token(arch) == SCMP_ARCH_X32 ? X32_SYSCALL_BIT : 0;
	int64_t cuts[2];
	size_t n = 0;
	int64_t lo = base;

	if (ta >= 0)
		cuts[n++] = ta;
	if (tb >= 0 && tb != ta)
		cuts[n++] = tb;
	if (n == 2 && cuts[0] > cuts[1]) {
		int64_t t = cuts[0];

		cuts[0] = cuts[1];
		cuts[1] = t;
	}
	for (size_t i = 0; i < n; i++) {
		add_range(out, A, B, arch, lo, cuts[i]);
		lo = cuts[i] + 1;
	}
	add_range(out, A, B, arch, lo, INT64_MAX);
}

static void arch_union(const struct scfs_filter *fa, const struct scfs_filter *fb,
		       const struct scfs_arch_info ***ret, size_t *ret_n)
{
	const struct scfs_filter *fs[2] = { fa, fb };
	const struct scfs_arch_info **v = NULL;
	size_t n = 0;

	for (size_t k = 0; k < 2; k++) {
		const struct scfs_profile *p = fs[k]->profile;

		for (size_t i = 0; i <= p->n_arches; i++) {
			const struct scfs_arch_info *a = i == 0 ? p->host_arch : p->arches[i - 1];
			bool dup = false;

			for (size_t j = 0; j < n; j++)
				dup |= v[j] == a;
			if (dup)
				continue;
			v = scfs_xrealloc(v, n + 1, sizeof(*v));
			v[n++] = a;
		}
	}
	*ret = v;
	*ret_n = n;
}

static int cmp_int(const void *x, const void *y)
{
	uint32_t a = (uint32_t) * (const int *)x, b = (uint32_t) * (const int *)y;

	return a < b ? -1 : a > b;
}

int scfs_diff_compute(const struct scfs_decisions *A, const struct scfs_decisions *B, struct scfs_diff *ret)
{
	_cleanup_free_ const struct scfs_arch_info **arches = NULL;
	struct scfs_diff out = { .subset = true, .equal = true };
	size_t n_arches;

	arch_union(A->filter, B->filter, &arches, &n_arches);
	for (size_t ai = 0; ai < n_arches; ai++) {
		const struct scfs_arch_info *arch = arches[ai];
		const struct scfs_decisions *both[2] = { A, B };
		_cleanup_free_ int *nrs = NULL;
		size_t n = 0;

		for (size_t k = 0; k < 2; k++)
			for (size_t i = 0; i < both[k]->n; i++)
				if (both[k]->v[i].arch == arch) {
					nrs = scfs_xrealloc(nrs, n + 1, sizeof(*nrs));
					nrs[n++] = both[k]->v[i].nr;
				}
		if (n)
			qsort(nrs, n, sizeof(*nrs), cmp_int);
		for (size_t i = 0; i < n; i++) {
			const struct scfs_decision *da, *db;

			if (i && nrs[i] == nrs[i - 1])
				continue;
			da = scfs_decisions_find(A, arch, nrs[i]);
			db = scfs_decisions_find(B, arch, nrs[i]);
			compare_one(A, B, arch, nrs[i], da ? da->name : db->name, &out);
		}
		compare_unnamed(A, B, arch, &out);
	}
	*ret = out;
	return 0;
}

void scfs_diff_done(struct scfs_diff *d)
{
	free(d->v);
	free(d->ranges);
	*d = (struct scfs_diff){ 0 };
}
