/* scfs record and merge, on top of scfs_run and the state counters. */
#include <errno.h>
#include <json-c/linkhash.h>
#include <seccomp.h>
#include <sys/utsname.h>
#include <time.h>

#include "config.h"
#include "json_util.h"
#include "scfs/compile.h"
#include "scfs/diff.h"
#include "scfs/expand.h"
#include "scfs/newsys.h"
#include "scfs/observe.h"
#include "scfs/pipeline.h"
#include "scfs/record.h"
#include "scfs/run.h"
#include "scfs/state.h"

bool scfs_record_parse_seen(const char *comment, unsigned *k, unsigned *r)
{
	const char *p = comment ? strstr(comment, "seen in ") : NULL;

	return p && sscanf(p, "seen in %u of %u run", k, r) == 2 && *r > 0 && *k <= *r;
}

/* The ABIs a native arch runs besides its own: what Docker's archMap lists. */
static void compat_arches(const struct scfs_arch_info *native, const struct scfs_arch_info **v, size_t *n)
{
	static const struct {
		const char *native, *compat[2];
	} map[] = {
		{ "x86_64", { "x86", "x32" } },	      { "aarch64", { "arm", NULL } },
		{ "s390x", { "s390", NULL } },	      { "mips64", { "mips", "mips64n32" } },
		{ "mipsel64", { "mipsel", "mipsel64n32" } }, { "ppc64", { "ppc", NULL } },
	};

	v[(*n)++] = native;
	for (size_t i = 0; i < ELEMENTSOF(map); i++) {
		if (strcmp(map[i].native, native->scmp_name) != 0)
			continue;
		for (size_t k = 0; k < 2 && map[i].compat[k]; k++) {
			const struct scfs_arch_info *a = scfs_arch_lookup(map[i].compat[k]);

			if (a && scfs_arch_token(a))
				v[(*n)++] = a;
		}
	}
}

static char *iso_now(void)
{
	char buf[64];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return scfs_xstrdup(buf);
}

static char *join_argv(char *const *argv)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	if (!m)
		abort();
	for (size_t i = 0; argv[i]; i++) {
		bool quote = !*argv[i] || strpbrk(argv[i], " \t\n'\"|&;<>()$`\\*?") != NULL;

		if (i)
			fputc(' ', m);
		if (!quote) {
			fputs(argv[i], m);
			continue;
		}
		fputc('\'', m);
		for (const char *c = argv[i]; *c; c++)
			if (*c == '\'')
				fputs("'\\''", m);
			else
				fputc(*c, m);
		fputc('\'', m);
	}
	fclose(m);
	return out;
}

/* The "deny everything" base: ERRNO by default, no rules, every ABI the
 * machine runs, so a 32-bit call is observed instead of killed. */
static char *make_base(const struct scfs_host *h)
{
	const struct scfs_arch_info *arches[4];
	struct scfs_profile *m = scfs_xcalloc(1, sizeof(*m));
	size_t n = 0;
	char *text;

	compat_arches(h->arch, arches, &n);
	m->source = scfs_xstrdup("scfs record base");
	m->has_default_action = true;
	m->default_action = (struct scfs_action){ .kind = SCFS_ACT_ERRNO, .data = 1, .data_set = true };
	m->arches = scfs_xcalloc(n, sizeof(*m->arches));
	memcpy(m->arches, arches, n * sizeof(*arches));
	m->n_arches = n;
	m->has_syscalls = true;
	/* execve allowed: scfs_run takes a denied execve before the target
	 * runs for a failed start, complain mode or not.  It is added to the
	 * recording by hand (the command was executed). */
	m->rules = scfs_xcalloc(1, sizeof(*m->rules));
	m->rules[0] = (struct scfs_rule){ .names = scfs_xcalloc(1, sizeof(char *)), .n_names = 1,
					  .action = { .kind = SCFS_ACT_ALLOW, .data = 1 } };
	m->rules[0].names[0] = scfs_xstrdup("execve");
	m->n_rules = 1;
	text = scfs_profile_to_json(m);
	scfs_profile_free(m);
	return text;
}

struct seen {
	char **names;
	size_t n;
	const struct scfs_arch_info **extra_arches; /* seen, but not in the filter */
	size_t n_extra;
};

static void note_add(struct scfs_record_result *res, bool incomplete, char *text)
{
	res->notes = scfs_xrealloc(res->notes, res->n_notes + 1, sizeof(*res->notes));
	res->notes[res->n_notes++] = (struct scfs_record_note){ incomplete, text };
}

static char *name_of(uint32_t tok, int nr)
{
	char *n = seccomp_syscall_resolve_num_arch(tok, nr);

	for (size_t i = 0; !n && scfs_newsys_get(i); i++)
		if (scfs_newsys_nr(scfs_newsys_get(i), tok) == nr)
			n = scfs_xstrdup(scfs_newsys_get(i)->name);
	return n;
}

static void seen_add(struct seen *s, char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0) {
			free(name);
			return;
		}
	s->names = scfs_xrealloc(s->names, s->n + 1, sizeof(*s->names));
	s->names[s->n++] = name;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void collect(const struct scfs_state_view *v, const struct scfs_filter *f, struct seen *s,
		    struct scfs_record_result *res)
{
	for (uint32_t i = 0; i < v->hdr.used; i++) {
		const struct scfs_counter *c = &v->ctr[i];
		const struct scfs_arch_info *a = scfs_arch_from_token(c->arch_token);
		char *name;
		bool known = false;

		/* NOTIFY in a base goes to scfs as well, but is not a denial. */
		if (!scfs_action_denies(c->action))
			continue;
		if (!a) {
			note_add(res, true,
				 scfs_xasprintf("%llu call(s) to number %d on an ABI scfs does not know (audit arch %#x): "
						"not recorded",
						(unsigned long long)c->hits, c->nr, c->arch_token));
			continue;
		}
		name = name_of(scfs_arch_token(a), c->nr);
		if (!name) {
			note_add(res, true,
				 scfs_xasprintf("%llu call(s) to syscall number %d on %s, which has no name there: a "
						"profile cannot allow it by name",
						(unsigned long long)c->hits, c->nr, a->scmp_name));
			continue;
		}
		seen_add(s, name);
		if (scfs_filter_has_arch(f, a))
			continue;
		for (size_t k = 0; k < s->n_extra; k++)
			known |= s->extra_arches[k] == a;
		if (known)
			continue;
		s->extra_arches = scfs_xrealloc(s->extra_arches, s->n_extra + 1, sizeof(*s->extra_arches));
		s->extra_arches[s->n_extra++] = a;
		note_add(res, false,
			 scfs_xasprintf("calls on %s, which the base profile's filter does not cover (it kills them "
					"outside complain mode): recorded, and %s added to the architectures",
					a->scmp_name, a->oci));
	}
	if (s->n)
		qsort(s->names, s->n, sizeof(*s->names), cmp_str);
	if (v->hdr.overflow_hits)
		note_add(res, true,
			 scfs_xasprintf("%u call(s) were not counted: the counters hold %u distinct (rule, arch, syscall) "
					"entries and were full; the profile may miss syscalls",
					v->hdr.overflow_hits, v->hdr.capacity));
	if (v->hdr.dropped)
		note_add(res, false,
			 scfs_xasprintf("%llu line(s) of the denial log were dropped (it is capped); the counters, "
					"which the profile comes from, are complete",
					(unsigned long long)v->hdr.dropped));
}

static char *provenance(const struct scfs_record_spec *spec, const struct scfs_record_result *res)
{
	_cleanup_free_ char *cmd = join_argv(spec->argv), *when = iso_now();
	const struct scmp_version *v = seccomp_version();
	struct utsname u;
	bool incomplete = false;

	for (size_t i = 0; i < res->n_notes; i++)
		incomplete |= res->notes[i].incomplete;
	if (uname(&u) < 0)
		snprintf(u.release, sizeof(u.release), "?");
	return scfs_xasprintf("scfs record: seen in 1 of 1 runs | command: %s | arch: %s | kernel: %s | "
			      "libseccomp: %u.%u.%u | scfs: %s%s%s | date: %s | coverage: %s",
			      cmd, spec->host->arch->scmp_name, u.release, v->major, v->minor, v->micro, SCFS_VERSION,
			      spec->base_path ? " | base: " : "", spec->base_path ? spec->base_path : "", when,
			      incomplete ? "incomplete (see scfs record's notes)" : "every syscall the command made");
}

/* The recorded rule: ALLOW for every name seen. */
static void make_rule(struct scfs_rule *r, struct seen *s, char *comment)
{
	*r = (struct scfs_rule){
		.names = TAKE_PTR(s->names),
		.n_names = s->n,
		.action = { .kind = SCFS_ACT_ALLOW, .data = 1 },
		.comment = comment,
	};
	s->n = 0;
}

static bool seen_has(const struct seen *s, const char *name)
{
	return s->n && bsearch(&name, s->names, s->n, sizeof(*s->names), cmp_str) != NULL;
}

/* Take the recorded names out of every base rule: in a default-ALLOW base
 * an added allow equals the default and is skipped, so only removing the
 * denial lets the call through; elsewhere it keeps one rule per name. */
static void drop_names(struct scfs_profile *p, const struct seen *s)
{
	size_t w = 0;

	for (size_t i = 0; i < p->n_rules; i++) {
		struct scfs_rule *r = &p->rules[i];
		size_t k = 0;

		for (size_t j = 0; j < r->n_names; j++) {
			if (seen_has(s, r->names[j]))
				free(r->names[j]);
			else
				r->names[k++] = r->names[j];
		}
		r->n_names = k;
		if (k == 0)
			scfs_rule_done(r);
		else
			p->rules[w++] = *r;
	}
	p->n_rules = w;
}

static char *render_recorded(const struct scfs_record_spec *spec, struct scfs_profile *src,
			     const struct scfs_filter *f, struct seen *s, char *comment)
{
	struct scfs_profile *out;
	char *json;

	if (spec->base_path) {
		/* Before every base rule: the first unconditional rule for a
		 * syscall wins in libseccomp, so an allow appended at the end
		 * would be dropped wherever the base decides the syscall. */
		out = src;
		drop_names(out, s);
		if (s->n) {
			out->rules = scfs_xrealloc(out->rules, out->n_rules + 1, sizeof(*out->rules));
			memmove(out->rules + 1, out->rules, out->n_rules * sizeof(*out->rules));
			out->n_rules++;
			make_rule(&out->rules[0], s, comment);
		} else {
			free(comment);
		}
		out->has_syscalls = true;
		if (!out->n_arch_map)
			for (size_t i = 0; i < s->n_extra; i++) {
				out->arches = scfs_xrealloc(out->arches, out->n_arches + 1, sizeof(*out->arches));
				out->arches[out->n_arches++] = s->extra_arches[i];
			}
		return scfs_profile_to_json(out);
	}
	out = scfs_xcalloc(1, sizeof(*out));
	out->source = scfs_xstrdup("scfs record");
	out->has_default_action = true;
	out->default_action = (struct scfs_action){ .kind = SCFS_ACT_ERRNO, .data = 1, .data_set = true };
	/* The arches recorded under, so unseen calls there are denied, not killed. */
	out->arches = scfs_xcalloc(f->profile->n_arches + s->n_extra + 1, sizeof(*out->arches));
	out->arches[out->n_arches++] = f->profile->host_arch;
	for (size_t i = 0; i < f->profile->n_arches; i++)
		if (f->profile->arches[i] != f->profile->host_arch)
			out->arches[out->n_arches++] = f->profile->arches[i];
	for (size_t i = 0; i < s->n_extra; i++)
		out->arches[out->n_arches++] = s->extra_arches[i];
	out->has_syscalls = true;
	if (s->n) {
		out->rules = scfs_xcalloc(1, sizeof(*out->rules));
		make_rule(&out->rules[0], s, comment);
		out->n_rules = 1;
	} else {
		free(comment);
	}
	json = scfs_profile_to_json(out);
	scfs_profile_free(out);
	return json;
}

/* The profile recorded under, through the pipeline: the base given, or
 * the deny-everything one. */
static int record_base(const struct scfs_record_spec *spec, struct scfs_pipeline *pl, struct scfs_diag *diag)
{
	struct scfs_compile_opts co;
	int r;

	if (spec->base_path) {
		/* Its problems are reported against it, not against the verb. */
		scfs_diag_set_file(diag, spec->base_path);
		r = scfs_pipeline_load(pl, spec->base_path, spec->host, diag);
		scfs_diag_set_file(diag, NULL);
	} else {
		_cleanup_free_ char *text = make_base(spec->host);

		r = scfs_pipeline_parse(pl, text, strlen(text), "(scfs record: deny everything)", spec->host, diag);
	}
	scfs_compile_opts_init(&co);
	/* No stub for the deny-everything base: its one rule would make
	 * every newer call an ENOSYS "denial" (still recorded, but noise). */
	if (!spec->base_path)
		co.enosys = SCFS_ENOSYS_NONE;
	return r < 0 ? r : scfs_pipeline_compile(pl, &co, NULL, diag);
}

/* Run the command in complain mode under @pl; its counts (scfs's own, not
 * counters.bin: the recorded command runs as the same user and could
 * write that file to widen the allow list) into @v. */
static int record_run(const struct scfs_record_spec *spec, const struct scfs_pipeline *pl,
		      struct scfs_record_result *res, struct scfs_state_view *v, struct scfs_diag *diag)
{
	struct scfs_run_result rr = { 0 };
	struct scfs_run_spec rs = {
		.argv = spec->argv,
		.name = spec->name,
		.mode = SCFS_MODE_COMPLAIN,
		.state_base = spec->state_base,
		.filter = pl->filter,
		.profile_path = spec->base_path ? spec->base_path : "(scfs record: deny everything)",
		.profile_text = pl->text,
		.profile_len = pl->len,
		.search_path = spec->search_path,
	};
	int r = scfs_run(&rs, &rr, diag);

	if (r < 0)
		return r;
	res->exit_code = rr.exit_code;
	res->pid = rr.pid;
	res->summary = TAKE_PTR(rr.summary);
	*v = (struct scfs_state_view){ .pid = rr.pid, .hdr = rr.counters, .ctr = TAKE_PTR(rr.entries) };
	scfs_run_result_done(&rr);
	if (!res->pid || !v->ctr) {
		scfs_state_view_done(v);
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "the command did not start: nothing was recorded");
		return -ECHILD;
	}
	return 0;
}

/* What recording under a given base leaves as it was, said once. */
static void note_base(const struct scfs_record_spec *spec, const struct scfs_profile *eff,
		      struct scfs_record_result *res)
{
	note_add(res, false,
		 scfs_xasprintf("calls %s allows were not observed (they need no change); its other "
				"rules are kept as they are",
				spec->base_path));
	for (size_t i = 0; i < eff->n_rules; i++)
		if (eff->rules[i].action.kind == SCFS_ACT_NOTIFY) {
			note_add(res, false,
				 scfs_xasprintf("syscalls[%zu] is SCMP_ACT_NOTIFY: while recording, scfs answered its "
						"calls (allowed them) instead of the agent, and did not record them",
						eff->rules[i].index));
			break;
		}
}

int scfs_record(const struct scfs_record_spec *spec, struct scfs_record_result *res, struct scfs_diag *diag)
{
	_cleanup_(scfs_pipeline_done) struct scfs_pipeline pl = { 0 };
	struct scfs_state_view v;
	struct seen s = { 0 };
	int r;

	*res = (struct scfs_record_result){ 0 };
	r = record_base(spec, &pl, diag);
	if (r == 0)
		r = record_run(spec, &pl, res, &v, diag);
	if (r < 0)
		return r;
	/* Never executed (not found, not executable): nothing to record.  The
	 * state may say "exited" then, so the count is what tells. */
	if (v.hdr.state == SCFS_TARGET_FAILED || (v.hdr.hits == 0 && res->exit_code >= 126)) {
		scfs_state_view_done(&v);
		return 0;
	}
	res->n_calls = v.hdr.hits;
	if (!spec->base_path)
		seen_add(&s, scfs_xstrdup("execve"));
	else
		note_base(spec, pl.eff, res);
	collect(&v, pl.filter, &s, res);
	scfs_state_view_done(&v);
	res->n_syscalls = s.n;
	res->profile = render_recorded(spec, pl.src, pl.filter, &s, provenance(spec, res));
	for (size_t i = 0; i < s.n; i++)
		free(s.names[i]);
	free(s.names);
	free(s.extra_arches);
	return 0;
}

void scfs_record_result_done(struct scfs_record_result *res)
{
	for (size_t i = 0; i < res->n_notes; i++)
		free(res->notes[i].text);
	free(res->notes);
	free(res->profile);
	free(res->summary);
	*res = (struct scfs_record_result){ 0 };
}

/* ---- merge ---- */

struct count {
	char *name;
	unsigned seen;
};

struct merger {
	struct count *v;
	size_t n, cap;
	struct lh_table *index; /* name -> its position in v, plus one */
	struct scfs_rule *kept; /* rules other than unconditional allows */
	size_t n_kept, cap_kept;
	size_t *kept_next;      /* the previous kept rule with the same names */
	struct lh_table *kept_index; /* names, one per line -> last kept rule with them, plus one */
	const struct scfs_arch_info **arches;
	size_t n_arches;
};

/* Through a hash table: a recording can name a great many syscalls, and
 * a scan of every name already counted made merging quadratic. */
static void count_add(struct merger *m, const char *name, unsigned k)
{
	void *at;

	if (!m->index) {
		m->index = lh_kchar_table_new(512, NULL);
		if (!m->index)
			abort();
	}
	if (lh_table_lookup_ex(m->index, name, &at)) {
		m->v[(uintptr_t)at - 1].seen += k;
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 256;
		m->v = scfs_xrealloc(m->v, m->cap, sizeof(*m->v));
	}
	m->v[m->n] = (struct count){ scfs_xstrdup(name), k };
	/* The key is the copy v owns: it outlives the table. */
	if (lh_table_insert(m->index, m->v[m->n].name, (void *)(uintptr_t)(m->n + 1)) < 0)
		abort();
	m->n++;
}

/* Keep a copy of @rule unless an equal one is kept already; true if kept.
 * Only rules with the same names are compared: a hash table of the names
 * leads to them, where comparing with every kept rule was quadratic. */
static bool kept_add(struct merger *m, const struct scfs_rule *rule)
{
	size_t len = 1, at = 0;
	void *last = NULL;
	char *key;

	for (size_t j = 0; j < rule->n_names; j++)
		len += strlen(rule->names[j]) + 1;
	key = scfs_xmalloc(len);
	for (size_t j = 0; j < rule->n_names; j++) {
		size_t l = strlen(rule->names[j]);

		memcpy(key + at, rule->names[j], l);
		key[at + l] = '\n';
		at += l + 1;
	}
	key[at] = '\0';
	if (!m->kept_index)
		m->kept_index = jtable_new(256);
	if (lh_table_lookup_ex(m->kept_index, key, &last))
		for (size_t j = (uintptr_t)last - 1; j != SIZE_MAX; j = m->kept_next[j])
			if (scfs_rule_equal(&m->kept[j], rule)) {
				free(key);
				return false;
			}
	if (m->n_kept == m->cap_kept) {
		m->cap_kept = m->cap_kept ? 2 * m->cap_kept : 64;
		m->kept = scfs_xrealloc(m->kept, m->cap_kept, sizeof(*m->kept));
		m->kept_next = scfs_xrealloc(m->kept_next, m->cap_kept, sizeof(*m->kept_next));
	}
	m->kept_next[m->n_kept] = last ? (uintptr_t)last - 1 : SIZE_MAX;
	scfs_rule_copy(&m->kept[m->n_kept++], rule);
	/* Replaces the entry (and frees the old key) when the names were seen. */
	if (last)
		lh_table_delete(m->kept_index, key);
	if (lh_table_insert(m->kept_index, key, (void *)(uintptr_t)m->n_kept) < 0)
		abort();
	return true;
}

static bool plain_allow(const struct scfs_rule *r)
{
	return r->n_args == 0 && r->action.kind == SCFS_ACT_ALLOW && !r->includes.present && !r->excludes.present;
}

static void arch_add(struct merger *m, const struct scfs_arch_info *a)
{
	for (size_t i = 0; i < m->n_arches; i++)
		if (m->arches[i] == a)
			return;
	m->arches = scfs_xrealloc(m->arches, m->n_arches + 1, sizeof(*m->arches));
	m->arches[m->n_arches++] = a;
}

static int cmp_count(const void *x, const void *y)
{
	const struct count *a = x, *b = y;

	if (a->seen != b->seen)
		return a->seen > b->seen ? -1 : 1;
	return strcmp(a->name, b->name);
}

static unsigned runs_of(const struct scfs_profile *p)
{
	unsigned runs = 0, k, r;

	for (size_t i = 0; i < p->n_rules; i++)
		if (scfs_record_parse_seen(p->rules[i].comment, &k, &r) && r > runs)
			runs = r;
	return runs ? runs : 1;
}

static char *inputs_text(const char *const *paths, const unsigned *runs, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	if (!m)
		abort();
	for (size_t i = 0; i < n; i++)
		fprintf(m, "%s%s (%u run%s)", i ? ", " : "", paths[i], runs[i], runs[i] == 1 ? "" : "s");
	fclose(m);
	return out;
}

static void merger_done(struct merger *m)
{
	if (m->index)
		lh_table_free(m->index);
	if (m->kept_index)
		lh_table_free(m->kept_index);
	free(m->kept_next);
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].name);
	free(m->v);
	for (size_t i = 0; i < m->n_kept; i++)
		scfs_rule_done(&m->kept[i]);
	free(m->kept);
	free(m->arches);
}

/* Read one recording into @m (its problems reported against it); the
 * first one's profile is kept in *@first for the settings they share. */
static int merge_one(struct merger *m, const char *path, const char *first_path, struct scfs_profile **first,
		     unsigned *runs, struct scfs_diag *diag)
{
	struct scfs_profile *p = NULL;
	int r;

	scfs_diag_set_file(diag, path);
	r = scfs_profile_load(path, &p, diag);
	if (r < 0)
		return r;
	if (*first && !scfs_action_equal(&(*first)->default_action, &p->default_action)) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "defaultAction",
			      "the default action differs from %s's: a union of allow lists needs one default",
			      first_path);
		r = -EINVAL;
	} else if (p->n_arch_map) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "archMap",
			      "profiles with archMap are templates, not recordings: expand them first "
			      "(scfs export --to oci)");
		r = -EINVAL;
	}
	*runs = runs_of(p);
	for (size_t k = 0; r == 0 && k < p->n_arches; k++)
		arch_add(m, p->arches[k]);
	for (size_t k = 0; r == 0 && k < p->n_rules; k++) {
		const struct scfs_rule *rule = &p->rules[k];
		unsigned seen, of;

		if (!plain_allow(rule)) {
			(void)kept_add(m, rule);
			continue;
		}
		if (!scfs_record_parse_seen(rule->comment, &seen, &of))
			seen = *runs;
		for (size_t j = 0; j < rule->n_names; j++)
			count_add(m, rule->names[j], seen);
	}
	if (!*first)
		*first = p;
	else
		scfs_profile_free(p);
	return r;
}

/* The union: the first recording's settings, one allow rule per coverage
 * count (most common first), then the rules kept as they were. */
static struct scfs_profile *merged(struct merger *m, const struct scfs_profile *first, unsigned total,
				   const char *inputs, const char *when)
{
	struct scfs_profile *out = scfs_xcalloc(1, sizeof(*out));

	out->source = scfs_xstrdup("scfs merge");
	out->has_default_action = first->has_default_action;
	out->default_action = first->default_action;
	out->arches = TAKE_PTR(m->arches);
	out->n_arches = m->n_arches;
	out->has_flags = first->has_flags;
	out->flags = first->flags;
	out->listener_path = first->listener_path ? scfs_xstrdup(first->listener_path) : NULL;
	out->listener_metadata = first->listener_metadata ? scfs_xstrdup(first->listener_metadata) : NULL;
	out->has_syscalls = true;
	out->rules = scfs_xcalloc(m->n + m->n_kept + 1, sizeof(*out->rules));
	for (size_t i = 0; i < m->n;) {
		size_t j = i;
		struct scfs_rule *rule = &out->rules[out->n_rules++];

		while (j < m->n && m->v[j].seen == m->v[i].seen)
			j++;
		*rule = (struct scfs_rule){
			.names = scfs_xcalloc(j - i, sizeof(char *)),
			.action = { .kind = SCFS_ACT_ALLOW, .data = 1 },
			.comment = scfs_xasprintf("scfs merge: seen in %u of %u runs | inputs: %s | date: %s", m->v[i].seen,
						  total, inputs, when),
		};
		for (size_t k = i; k < j; k++)
			rule->names[rule->n_names++] = TAKE_PTR(m->v[k].name);
		i = j;
	}
	for (size_t i = 0; i < m->n_kept; i++)
		out->rules[out->n_rules++] = m->kept[i];
	m->n_kept = 0;
	return out;
}

int scfs_merge(const char *const *paths, size_t n, char **ret, struct scfs_diag *diag)
{
	_cleanup_(scfs_profile_freep) struct scfs_profile *first = NULL;
	_cleanup_free_ unsigned *runs = scfs_xcalloc(n ? n : 1, sizeof(*runs));
	_cleanup_free_ char *inputs = NULL, *when = NULL;
	struct merger m = { 0 };
	struct scfs_profile *out;
	unsigned total = 0;
	int r = 0;

	for (size_t i = 0; i < n && r == 0; i++) {
		r = merge_one(&m, paths[i], paths[0], &first, &runs[i], diag);
		total += runs[i];
	}
	scfs_diag_set_file(diag, NULL);
	if (r < 0 || !first) {
		merger_done(&m);
		return r < 0 ? r : -EINVAL;
	}
	if (m.n)
		qsort(m.v, m.n, sizeof(*m.v), cmp_count);
	inputs = inputs_text(paths, runs, n);
	when = iso_now();
	out = merged(&m, first, total, inputs, when);
	*ret = scfs_profile_to_json(out);
	scfs_profile_free(out);
	merger_done(&m);
	return 0;
}
