/* scfs diff: what changes, syscall by syscall, between two profiles. */
#include <seccomp.h>

#include "cli.h"

static const char diff_help[] =
	"Usage: scfs diff [OPTIONS] A B\n"
	"Compare two profiles after expanding both for the same host: the default\n"
	"actions, then every syscall whose outcome changes (A → B), then argument\n"
	"rules that differ, then syscalls neither profile names.  Several entries\n"
	"for one syscall are resolved as libseccomp does (the first unconditional\n"
	"one wins).  Each arch of the filters is compared; a line that holds only\n"
	"on some of them names them.\n\n"
	"  --subset           only test whether B allows nothing A denies: exit 0 if\n"
	"                     so, 1 (listing the syscalls) if not.  Argument rules are\n"
	"                     compared as sets of exact conditions; when that cannot\n"
	"                     decide, the answer is no (\"cannot prove\")\n"
	PIPELINE_HELP
	"\nExit status: 0 no difference (or B is a subset), 1 differences, 125 errors.\n";

static char *action_text(uint32_t w)
{
	char buf[64];

	scfs_action_word_format(w, buf, sizeof(buf));
	return scfs_xstrdup(buf);
}

/* "ALLOW (syscalls[3])", "ERRNO(1) EPERM (default)", multi-line for argument rules. */
static char *side_describe(const struct scfs_diff_side *s, const struct scfs_profile *p, const char *indent)
{
	_cleanup_free_ char *act = action_text(s->action);
	char *out = NULL;
	size_t len = 0;
	FILE *m;

	if (!s->filtered)
		return scfs_xstrdup("KILL_THREAD (arch not in this filter)");
	if (!s->d || s->d->kind == SCFS_DECIDE_DEFAULT)
		return scfs_xasprintf("%s (%s)", act, s->stub ? "ENOSYS stub" : "default");
	if (s->d->kind == SCFS_DECIDE_RULE)
		return scfs_xasprintf("%s (syscalls[%zu])", act, p->rules[s->d->rule].index);
	m = open_memstream(&out, &len);
	if (!m)
		abort();
	for (size_t i = 0; i < s->d->n_conds; i++) {
		const struct scfs_rule *r = &p->rules[s->d->conds[i].rule];
		_cleanup_free_ char *c = scfs_rule_conditions_format(r);
		_cleanup_free_ char *a = action_text(scfs_action_word(&r->action));

		fprintf(m, "%s%s if %s (syscalls[%zu])\n", i ? indent : "", a, c, r->index);
	}
	fprintf(m, "%sotherwise %s (%s)", indent, act, s->stub ? "ENOSYS stub" : "default");
	fclose(m);
	return out;
}

struct line {
	const char *name;
	char *text;  /* what is printed after the name */
	char *arches;
	bool args;   /* an argument-rule difference */
	enum scfs_subset subset;
	bool used;
};

static void arch_list_add(char **list, const char *name)
{
	char *n = *list ? scfs_xasprintf("%s, %s", *list, name) : scfs_xstrdup(name);

	free(*list);
	*list = n;
}

/* "socket(AF_ALG)": the arguments up to the last one that is not 0, decoded. */
static char *call_text(const char *name, const uint64_t *args)
{
	char *out = NULL;
	size_t len = 0, last = 0;
	FILE *m = open_memstream(&out, &len);

	if (!m)
		abort();
	for (size_t i = 0; i < 6; i++)
		if (args[i])
			last = i;
	fprintf(m, "%s(", name);
	for (size_t i = 0; i <= last; i++) {
		char v[256];

		scfs_decode_arg(name, (unsigned)i, args[i], v, sizeof(v));
		fprintf(m, "%s%s", i ? ", " : "", v);
	}
	fputc(')', m);
	fclose(m);
	return out;
}

static char *entry_text(const struct scfs_diff_entry *e, const struct scfs_pipeline *pa, const struct scfs_pipeline *pb)
{
	_cleanup_free_ char *a = NULL, *b = NULL, *w = NULL;

	if (e->args_changed && e->same_rules) {
		a = action_text(e->a.action);
		b = action_text(e->b.action);
		return scfs_xasprintf("    same argument rules; calls they do not match: %s → %s", a, b);
	}
	if (e->args_changed) {
		a = side_describe(&e->a, pa->eff, "       ");
		b = side_describe(&e->b, pb->eff, "       ");
		if (e->has_witness) {
			_cleanup_free_ char *call = call_text(e->name, e->witness), *wa = action_text(e->witness_a),
					    *wb = action_text(e->witness_b);

			w = scfs_xasprintf("\n    e.g. %s: %s → %s", call, wa, wb);
		}
		return scfs_xasprintf("    A: %s\n    B: %s%s", a, b, w ? w : "");
	}
	a = side_describe(&e->a, pa->eff, "");
	b = side_describe(&e->b, pb->eff, "");
	return scfs_xasprintf("%s → %s", a, b);
}

/* Group identical changes of one syscall across arches. */
static struct line *group_lines(const struct scfs_diff *d, const struct scfs_pipeline *pa, const struct scfs_pipeline *pb,
				size_t *ret_n)
{
	struct line *v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct scfs_diff_entry *e = &d->v[i];
		_cleanup_free_ char *t = entry_text(e, pa, pb);
		size_t k;

		for (k = 0; k < n; k++)
			if (strcmp(v[k].name, e->name) == 0 && strcmp(v[k].text, t) == 0)
				break;
		if (k == n) {
			v = scfs_xrealloc(v, n + 1, sizeof(*v));
			v[n++] = (struct line){ .name = e->name, .text = TAKE_PTR(t), .args = e->args_changed };
		}
		arch_list_add(&v[k].arches, e->arch->scmp_name);
		if (e->subset > v[k].subset)
			v[k].subset = e->subset;
	}
	*ret_n = n;
	return v;
}

static size_t count_arches(const struct scfs_pipeline *pa, const struct scfs_pipeline *pb)
{
	const struct scfs_arch_info *seen[64];
	size_t n = 0;
	const struct scfs_profile *ps[2] = { pa->eff, pb->eff };

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i <= ps[k]->n_arches; i++) {
			const struct scfs_arch_info *a = i ? ps[k]->arches[i - 1] : ps[k]->host_arch;
			bool dup = false;

			for (size_t j = 0; j < n; j++)
				dup |= seen[j] == a;
			if (!dup && n < ELEMENTSOF(seen))
				seen[n++] = a;
		}
	return n;
}

static void print_arches(FILE *out, const char *label, const struct scfs_pipeline *pl)
{
	fprintf(out, "%s", label);
	fprintf(out, " %s", pl->eff->host_arch->scmp_name);
	for (size_t i = 0; i < pl->eff->n_arches; i++)
		if (pl->eff->arches[i] != pl->eff->host_arch)
			fprintf(out, " %s", pl->eff->arches[i]->scmp_name);
}

static void print_header(FILE *out, const struct scfs_pipeline *pa, const struct scfs_pipeline *pb)
{
	const struct scfs_filter *fa = pa->filter, *fb = pb->filter;
	_cleanup_free_ char *da = action_text(fa->default_action), *db = action_text(fb->default_action);

	fprintf(out, "--- A: %s\n+++ B: %s\n", pa->src->source, pb->src->source);
	fprintf(out, "host: %s, kernel %u.%u\n", pa->host.arch->scmp_name, pa->host.kernel.major, pa->host.kernel.minor);
	if (fa->default_action != fb->default_action)
		fprintf(out, "default action: %s → %s\n", da, db);
	else
		fprintf(out, "default action: %s (both)\n", da);
	print_arches(out, "architectures: A", pa);
	print_arches(out, ", B", pb);
	fputc('\n', out);
	for (size_t i = 0; i < fa->n_stub || i < fb->n_stub; i++) {
		const struct scfs_arch_info *a = i < fa->n_stub ? fa->stub[i].arch : fb->stub[i].arch;
		int ma = fa->stub_len ? scfs_filter_stub_max(fa, a) : -1, mb = fb->stub_len ? scfs_filter_stub_max(fb, a) : -1;

		if (ma != mb)
			fprintf(out, "ENOSYS stub on %s: %s%d → %s%d\n", a->scmp_name, ma < 0 ? "none " : "> ", ma,
				mb < 0 ? "none " : "> ", mb);
	}
}

static void print_range(FILE *out, const struct scfs_diff_range *r, bool subset_only)
{
	_cleanup_free_ char *a = action_text(r->a), *b = action_text(r->b);
	char span[64];

	/* x32 numbers carry bit 30: hex reads better there. */
	bool hex = r->lo >= 0x40000000;

	if (r->hi == INT64_MAX && hex)
		snprintf(span, sizeof(span), "%#llx and above", (long long)r->lo);
	else if (r->hi == INT64_MAX)
		snprintf(span, sizeof(span), "%lld and above", (long long)r->lo);
	else if (hex)
		snprintf(span, sizeof(span), "%#llx-%#llx", (long long)r->lo, (long long)r->hi);
	else
		snprintf(span, sizeof(span), "%lld-%lld", (long long)r->lo, (long long)r->hi);
	fprintf(out, "  %-8s %-16s %s (%s) → %s (%s)%s\n", r->arch->scmp_name, span, a,
		!r->a_filtered ? "arch not in filter" : r->a_stub ? "ENOSYS stub" : "default", b,
		!r->b_filtered ? "arch not in filter" : r->b_stub ? "ENOSYS stub" : "default",
		!subset_only && r->subset != SCFS_SUBSET_OK ? "   [B allows more]" : "");
}

static const char *subset_mark(enum scfs_subset s)
{
	switch (s) {
	case SCFS_SUBSET_VIOLATION:
		return "   [B allows more]";
	case SCFS_SUBSET_UNSURE:
		return "   [cannot prove B allows no more]";
	default:
		return "";
	}
}

static void print_lines(FILE *out, struct line *v, size_t n, bool args, bool subset_only, size_t all_arches)
{
	for (size_t i = 0; i < n; i++) {
		size_t commas = 0;
		bool partial;
		_cleanup_free_ char *name = NULL;

		if (v[i].args != args || (subset_only && v[i].subset == SCFS_SUBSET_OK))
			continue;
		name = scfs_escape_str(v[i].name, 0, NULL); /* a profile's name, whatever it holds */
		for (const char *c = v[i].arches; *c; c++)
			commas += *c == ',';
		/* name the arches only when the line does not hold on all of them */
		partial = commas + 1 < all_arches;
		if (args)
			fprintf(out, "  %s%s%s%s%s\n%s\n", name, partial ? " (on " : "", partial ? v[i].arches : "",
				partial ? ")" : "", subset_mark(v[i].subset), v[i].text);
		else
			fprintf(out, "  %-20s %s%s%s%s%s\n", name, v[i].text, partial ? "   (on " : "",
				partial ? v[i].arches : "", partial ? ")" : "", subset_only ? "" : subset_mark(v[i].subset));
	}
}

static bool any(const struct line *v, size_t n, bool args, bool subset_only)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].args == args && (!subset_only || v[i].subset != SCFS_SUBSET_OK))
			return true;
	return false;
}

static int report(const struct scfs_pipeline *pa, const struct scfs_pipeline *pb, const struct scfs_diff *d, bool subset_only)
{
	size_t n = 0, all = count_arches(pa, pb);
	struct line *v = group_lines(d, pa, pb, &n);
	bool ranges = false;
	FILE *out = stdout;

	if (subset_only) {
		if (d->subset)
			fprintf(out, "%s allows nothing that %s denies (B is a subset of A)\n", pb->src->source,
				pa->src->source);
		else
			fprintf(out, "%s is not a subset of %s: B allows calls A denies, or it cannot be proven\n",
				pb->src->source, pa->src->source);
	} else {
		print_header(out, pa, pb);
		if (d->equal)
			fprintf(out, "no difference\n");
	}
	if (any(v, n, false, subset_only)) {
		fprintf(out, "\n%s:\n", subset_only ? "syscalls B allows and A does not" : "action changes (A → B)");
		print_lines(out, v, n, false, subset_only, all);
	}
	if (any(v, n, true, subset_only)) {
		fprintf(out, "\n%s:\n", subset_only ? "argument rules (B may allow calls A denies)" : "argument rules that differ");
		print_lines(out, v, n, true, subset_only, all);
	}
	for (size_t i = 0; i < d->n_ranges; i++)
		ranges |= !subset_only || d->ranges[i].subset != SCFS_SUBSET_OK;
	if (ranges) {
		fprintf(out, "\nsyscalls neither profile names (by number):\n");
		for (size_t i = 0; i < d->n_ranges; i++)
			if (!subset_only || d->ranges[i].subset != SCFS_SUBSET_OK)
				print_range(out, &d->ranges[i], subset_only);
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].arches);
	}
	free(v);
	if (subset_only)
		return d->subset ? 0 : 1;
	return d->equal ? 0 : 1;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "subset", no_argument, NULL, 's' },
		PIPELINE_LONG_OPTIONS,
		{ 0 },
	};
	struct pipeline_opts po;
	struct scfs_pipeline pa = { 0 }, pb = { 0 };
	struct scfs_decisions da = { 0 }, db = { 0 };
	struct scfs_diff d = { 0 };
	bool subset = false;
	int c, r;

	pipeline_opts_init(&po);
	while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(diff_help, stdout);
			return 0;
		}
		if (c == 's')
			subset = true;
		else if (pipeline_opt(&po, c, optarg) != 1)
			return cli_error("diff", "bad option (see scfs diff --help)");
	}
	if (optind != argc - 2)
		return cli_error("diff", "expected two profiles A and B (see scfs diff --help)");
	r = pipeline_run(&pa, argv[optind], &po, true);
	if (r == 0)
		r = pipeline_run(&pb, argv[optind + 1], &po, true);
	if (r == 0)
		r = scfs_decisions_build(pa.filter, &da) < 0 || scfs_decisions_build(pb.filter, &db) < 0 ||
				    scfs_diff_compute(&da, &db, &d) < 0
			    ? cli_error("diff", "out of memory")
			    : report(&pa, &pb, &d, subset);
	scfs_diff_done(&d);
	scfs_decisions_done(&da);
	scfs_decisions_done(&db);
	pipeline_done(&pa);
	pipeline_done(&pb);
	return r;
}
