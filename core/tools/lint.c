/* scfs lint: findings from the loader's diagnostics, the expanded model,
 * the compiler's per-name entries and the per-syscall decisions. */
#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>

#include "json_util.h"
#include "scfs/bpf.h"
#include "scfs/diff.h"
#include "scfs/edit.h"
#include "scfs/expand.h"
#include "scfs/lint.h"
#include "scfs/newsys.h"
#include "scfs/observe.h"
#include "name_suggest.h"

const char *scfs_lint_kind_name(enum scfs_lint_kind k)
{
	static const char *const names[] = {
#define SCFS_LINT_NAME(id, name, desc) [SCFS_LINT_##id] = name,
		SCFS_LINT_KINDS(SCFS_LINT_NAME)
#undef SCFS_LINT_NAME
	};

	return (unsigned)k < ELEMENTSOF(names) ? names[k] : NULL;
}

/* ---- replacements for syscalls some arches lack ---- */

struct replacement {
	const char *name;
	const char *const *with;
	const char *note;
};

#define R(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The generic syscall table (aarch64, riscv64, loongarch64) dropped the
 * old path-based and legacy calls; libc uses these instead. */
static const struct replacement replacements[] = {
	{ "open", R("openat"), NULL },
	{ "creat", R("openat"), NULL },
	{ "stat", R("newfstatat", "statx"), NULL },
	{ "lstat", R("newfstatat", "statx"), NULL },
	{ "mkdir", R("mkdirat"), NULL },
	{ "mknod", R("mknodat"), NULL },
	{ "dup2", R("dup3"), NULL },
	{ "poll", R("ppoll"), NULL },
	{ "select", R("pselect6"), NULL },
	{ "rename", R("renameat2", "renameat"), NULL },
	{ "chmod", R("fchmodat"), NULL },
	{ "chown", R("fchownat"), NULL },
	{ "lchown", R("fchownat"), NULL },
	{ "unlink", R("unlinkat"), NULL },
	{ "rmdir", R("unlinkat"), NULL },
	{ "link", R("linkat"), NULL },
	{ "symlink", R("symlinkat"), NULL },
	{ "readlink", R("readlinkat"), NULL },
	{ "access", R("faccessat", "faccessat2"), NULL },
	{ "pipe", R("pipe2"), NULL },
	{ "epoll_wait", R("epoll_pwait"), NULL },
	{ "epoll_create", R("epoll_create1"), NULL },
	{ "inotify_init", R("inotify_init1"), NULL },
	{ "eventfd", R("eventfd2"), NULL },
	{ "signalfd", R("signalfd4"), NULL },
	{ "getdents", R("getdents64"), NULL },
	{ "utime", R("utimensat"), NULL },
	{ "utimes", R("utimensat"), NULL },
	{ "futimesat", R("utimensat"), NULL },
	{ "fork", R("clone"), NULL },
	{ "vfork", R("clone"), NULL },
	{ "alarm", R("setitimer"), NULL },
	{ "pause", R("ppoll"), NULL },
	{ "getpgrp", R("getpgid"), NULL },
	{ "time", R("clock_gettime"), "usually served by the vDSO, with no syscall at all" },
	{ "gettimeofday", R("clock_gettime"), "usually served by the vDSO, with no syscall at all" },
};

#undef R

const char *const *scfs_syscall_replacements(const char *name, const char **note)
{
	for (size_t i = 0; i < ELEMENTSOF(replacements); i++)
		if (strcmp(replacements[i].name, name) == 0) {
			if (note)
				*note = replacements[i].note;
			return replacements[i].with;
		}
	return NULL;
}

/* ---- collecting findings ---- */

struct linter {
	const char *file;
	struct scfs_lint_report *out;
	const struct scfs_host *host; /* the host being looked at, or NULL */
	size_t cap;                   /* of out->v */
	struct lh_table *seen;        /* "kind/path/message" of every finding */
	struct suggest_candidates cands; /* built at the first unknown name */
	struct lh_table *suggested;   /* unknown name -> its suggestion (or NULL) */
};

/* Suggestions are searched for this many distinct unknown names; after
 * that the hint only says to check the spelling, so that a profile of a
 * million made-up names costs no more than this many searches. */
#define SUGGEST_MAX 1000

/* The suggestion for the unknown name @n, malloc'd, or NULL. */
static char *suggestion(struct linter *l, const char *n)
{
	void *v;

	if (!l->suggested) {
		l->suggested = jtable_new_owning(64);
		suggest_candidates_build(&l->cands);
	}
	if (!lh_table_lookup_ex(l->suggested, n, &v)) {
		if (l->suggested->count >= SUGGEST_MAX)
			return NULL;
		v = suggest_in(&l->cands, n);
		if (lh_table_insert(l->suggested, scfs_xstrdup(n), v) < 0)
			abort();
	}
	return v ? scfs_xstrdup(v) : NULL;
}

static size_t rule_of_path(const char *path)
{
	size_t r;

	if (path && sscanf(path, "syscalls[%zu]", &r) == 1)
		return r;
	return SCFS_LINT_NO_RULE;
}

static void add(struct linter *l, enum scfs_lint_kind kind, const char *path, const char *name, const char *arch,
		char *message, char *hint)
{
	struct scfs_lint_report *o = l->out;
	char *key;

	path = path ? path : "";
	/* The same finding from several hosts or passes is kept once; a hash
	 * table, since a profile can give hundreds of thousands of them. */
	key = scfs_xasprintf("%d/%s/%s", (int)kind, path, message);
	if (lh_table_lookup_entry(l->seen, key)) {
		free(key);
		free(message);
		free(hint);
		return;
	}
	if (lh_table_insert(l->seen, key, NULL) < 0)
		abort();
	if (o->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		o->v = scfs_xrealloc(o->v, l->cap, sizeof(*o->v));
	}
	o->v[o->n++] = (struct scfs_lint_finding){
		.kind = kind,
		.rule = rule_of_path(path),
		.path = scfs_xstrdup(path),
		.name = name ? scfs_xstrdup(name) : NULL,
		.arch = arch ? scfs_xstrdup(arch) : NULL,
		.message = message,
		.hint = hint,
	};
}

/* The loader's refusals that lint can report and work around, known by
 * their code; lint shows the loader's own message, as every verb does. */
static bool is_errno_on_action(const struct scfs_diag_entry *e)
{
	return e->code == SCFS_DIAG_CODE_ERRNO_ON_ACTION;
}

/* An unknown action close to a known one: reported with the suggestion,
 * and the suggestion put in its place so that the rest can be linted. */
static bool fix_unknown_action(struct linter *l, json_object *doc, const struct scfs_diag_entry *e)
{
	const char *key = strrchr(e->path, '.');
	size_t r = rule_of_path(e->path);
	json_object *obj = r == SCFS_LINT_NO_RULE ? doc : scfs_edit_rule(doc, r);
	char *sugg;

	if (e->code != SCFS_DIAG_CODE_UNKNOWN_ACTION || !e->datum || !obj)
		return false;
	sugg = scfs_action_suggest(e->datum);
	if (!sugg)
		return false;
	json_object_object_add(obj, key ? key + 1 : e->path, json_object_new_string(sugg));
	add(l, SCFS_LINT_UNKNOWN_ACTION, e->path, NULL, NULL, scfs_xstrdup(e->msg),
	    scfs_xasprintf("did you mean \"%s\"?", sugg));
	free(sugg);
	return true;
}

static bool is_notify_without_listener(const struct scfs_diag_entry *e)
{
	return e->code == SCFS_DIAG_CODE_NOTIFY_NO_LISTENER;
}

/* Remove the errno fields of the object @path points into. */
static void drop_errno(json_object *doc, const char *path)
{
	size_t r = rule_of_path(path);
	json_object *obj = r == SCFS_LINT_NO_RULE ? doc : scfs_edit_rule(doc, r);

	if (!obj)
		return;
	if (r == SCFS_LINT_NO_RULE) {
		json_object_object_del(obj, "defaultErrnoRet");
		json_object_object_del(obj, "defaultErrno");
	} else {
		json_object_object_del(obj, "errnoRet");
		json_object_object_del(obj, "errno");
	}
}

static void copy_diag(const struct scfs_diag *from, struct scfs_diag *to)
{
	for (size_t i = 0; i < from->n; i++)
		scfs_diag_add_datum(to, from->v[i].level, from->v[i].code, from->v[i].path, from->v[i].datum, "%s",
				    from->v[i].msg);
}

/* Load, reporting and working around what lint can.  Returns 0 and the
 * profile, or -EINVAL (the reasons copied to @diag). */
static int load(struct linter *l, const char *text, size_t len, struct scfs_profile **ret, struct scfs_diag *diag)
{
	struct scfs_edit_style style;
	json_object *doc = NULL;
	struct scfs_diag ld;
	bool fixable = true;
	int r;

	r = scfs_edit_parse(text, len, &doc, &style, diag);
	if (r < 0)
		return -EINVAL;
	scfs_diag_init(&ld, l->file);
	r = scfs_profile_parse(text, len, l->file, ret, &ld);
	if (r == -EINVAL) {
		for (size_t i = 0; i < ld.n; i++) {
			const struct scfs_diag_entry *e = &ld.v[i];

			if (e->level != SCFS_DIAG_ERROR)
				continue;
			if (is_errno_on_action(e)) {
				add(l, SCFS_LINT_ERRNO_ACTION, e->path, NULL, NULL, scfs_xstrdup(e->msg),
				    scfs_xasprintf("remove \"%s\", or use SCMP_ACT_ERRNO if the call should fail with it "
						   "(crun and scfs refuse the profile; runc ignores the value)",
						   strrchr(e->path, '.') ? strrchr(e->path, '.') + 1 : e->path));
				drop_errno(doc, e->path);
			} else if (is_notify_without_listener(e)) {
				add(l, SCFS_LINT_NOTIFY_NO_LISTENER, e->path, NULL, NULL, scfs_xstrdup(e->msg),
				    scfs_xstrdup("set \"listenerPath\" to the socket of the agent that answers, or use "
						 "another action (runc refuses NOTIFY without it)"));
				json_object_object_add(doc, "listenerPath", json_object_new_string("/scfs-lint-placeholder"));
			} else if (!fix_unknown_action(l, doc, e)) {
				fixable = false;
			}
		}
		if (fixable) {
			const char *fixed = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);

			scfs_diag_done(&ld);
			scfs_diag_init(&ld, l->file);
			r = scfs_profile_parse(fixed, strlen(fixed), l->file, ret, &ld);
		}
	}
	json_object_put(doc);
	if (r < 0) {
		copy_diag(&ld, diag);
		scfs_diag_done(&ld);
		return r;
	}
	for (size_t i = 0; i < ld.n; i++) {
		const struct scfs_diag_entry *e = &ld.v[i];

		if (e->level == SCFS_DIAG_ERROR)
			continue;
		if (e->code == SCFS_DIAG_CODE_KEY_IGNORED)
			add(l, SCFS_LINT_UNKNOWN_KEY, e->path, NULL, NULL, scfs_xstrdup(e->msg),
			    e->datum ? scfs_xasprintf("rename it to \"%s\" (keys are case-sensitive for crun and scfs; "
						      "Go-based runtimes would read it)",
						      e->datum)
				     : scfs_xstrdup("remove it, or fix its spelling: no runtime reads it"));
	}
	scfs_diag_done(&ld);
	return 0;
}

/* ---- findings on the compiled model ---- */

static const char *src_name(const struct scfs_profile *p, const struct scfs_rule_ref *ref)
{
	return p->rules[ref->rule].names[ref->name];
}

static char *action_str(const struct scfs_action *a)
{
	char buf[64];

	scfs_action_word_format(scfs_action_word(a), buf, sizeof(buf));
	return scfs_xstrdup(buf);
}

static char *name_path(const struct scfs_rule *r, size_t j)
{
	return scfs_xasprintf("syscalls[%zu].names[%zu]", r->index, j);
}

static void lint_compile_diag(struct linter *l, const struct scfs_diag *cd)
{
	for (size_t i = 0; i < cd->n; i++) {
		const struct scfs_diag_entry *e = &cd->v[i];

		if (e->level != SCFS_DIAG_ERROR)
			continue;
		if (e->code == SCFS_DIAG_CODE_CONFLICT)
			add(l, SCFS_LINT_CONFLICT, e->path, NULL, NULL, scfs_xstrdup(e->msg),
			    scfs_xstrdup("make the conditions differ or remove one of the rules: libseccomp refuses the "
					 "pair, so runc, crun and scfs refuse the whole profile"));
		else if (e->code == SCFS_DIAG_CODE_ERRNO_RANGE)
			add(l, SCFS_LINT_ERRNO_RANGE, e->path, NULL, NULL, scfs_xstrdup(e->msg),
			    scfs_xasprintf("use an errno from 0 to %d: libseccomp cannot encode more, so no runtime "
					   "can load this profile",
					   SCFS_ERRNO_MAX));
		else
			add(l, SCFS_LINT_UNBUILDABLE, e->path, NULL, l->host->arch->scmp_name,
			    scfs_xasprintf("on %s: %s", l->host->arch->scmp_name, e->msg), NULL);
	}
	/* Rules expansion dropped here but that other hosts keep. */
	for (size_t i = 0; i < cd->n; i++) {
		const struct scfs_diag_entry *e = &cd->v[i];

		if (e->level == SCFS_DIAG_WARNING && e->code == SCFS_DIAG_CODE_ERRNO_RANGE)
			add(l, SCFS_LINT_ERRNO_RANGE, e->path, NULL, NULL, scfs_xstrdup(e->msg),
			    scfs_xasprintf("use an errno from 0 to %d", SCFS_ERRNO_MAX));
	}
}

static void lint_names(struct linter *l, const struct scfs_filter *f)
{
	const struct scfs_profile *p = f->profile;

	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &p->rules[e->rule];
		const char *n = r->names[e->name];
		_cleanup_free_ char *path = NULL, *sugg = NULL;

		if (e->arch != p->host_arch || e->status != SCFS_ENTRY_UNKNOWN)
			continue;
		path = name_path(r, e->name);
		sugg = suggestion(l, n);
		add(l, SCFS_LINT_UNKNOWN_NAME, path, n, NULL,
		    scfs_xasprintf("unknown syscall \"%s\": libseccomp %u.%u.%u and scfs's table of newer syscalls do "
				   "not know it, so this rule does nothing for it",
				   n, seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro),
		    sugg ? scfs_xasprintf("did you mean \"%s\"?", sugg)
			 : scfs_xstrdup("check the spelling; if it is newer than this libseccomp, scfs cannot add it "
					"either"));
	}
}

/* Whether another rule decides @nr unconditionally with an action other
 * than @w; its source index in *@by. */
static bool decided_otherwise(const struct scfs_decisions *ds, const struct scfs_arch_info *a, int nr, uint32_t w,
			      size_t *by)
{
	const struct scfs_decision *d = scfs_decisions_find(ds, a, nr);

	if (!d || d->kind != SCFS_DECIDE_RULE || d->action == w)
		return false;
	*by = ds->filter->profile->rules[d->rule].index;
	return true;
}

static void lint_equal_default(struct linter *l, const struct scfs_filter *f, const struct scfs_decisions *ds)
{
	const struct scfs_profile *p = f->profile;
	_cleanup_free_ bool *seen = scfs_xcalloc(p->n_rules + 1, sizeof(*seen));

	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &p->rules[e->rule];
		_cleanup_free_ char *path = NULL, *act = NULL, *conds = NULL, *extra = NULL;
		size_t by;

		if (e->arch != p->host_arch || e->status != SCFS_ENTRY_SKIPPED_DEFAULT || seen[e->rule])
			continue;
		seen[e->rule] = true;
		path = scfs_xasprintf("syscalls[%zu].action", r->index);
		act = action_str(&r->action);
		if (r->n_args == 0) {
			add(l, SCFS_LINT_EQUALS_DEFAULT, path, NULL, NULL,
			    scfs_xasprintf("%s is the default action: runc, crun and scfs skip this rule (libseccomp "
					   "would refuse it), so %s",
					   act, f->stub_len ? "it only raises the ENOSYS stub's threshold" : "it has no effect"),
			    scfs_xstrdup(r->action.kind == SCFS_ACT_ERRNO ? "remove the rule, or give it the errno you meant"
									    : "remove the rule"));
			continue;
		}
		conds = scfs_rule_conditions_format(r);
		if (decided_otherwise(ds, p->host_arch, e->nr, f->default_action, &by))
			extra = scfs_xasprintf("; syscalls[%zu] decides every \"%s\" call unconditionally, these included",
					       by, r->names[e->name]);
		add(l, SCFS_LINT_EQUALS_DEFAULT, path, NULL, NULL,
		    scfs_xasprintf("%s if %s is the default action: runc, crun and scfs skip this rule, so its "
				   "conditions select nothing%s",
				   act, conds, extra ? extra : ""),
		    extra ? scfs_xasprintf("give the unconditional rule (syscalls[%zu]) conditions that exclude these "
					   "calls, e.g. the negation of %s",
					   by, conds)
			  : scfs_xstrdup("remove the rule; if the calls it matches should fail differently, give it "
					 "another errno"));
	}
}

static bool has_cond(const struct scfs_rule *r)
{
	return r->includes.present || r->excludes.present;
}

static void lint_lost(struct linter *l, const struct scfs_decisions *ds)
{
	const struct scfs_profile *p = ds->filter->profile;

	for (size_t i = 0; i < ds->n; i++) {
		const struct scfs_decision *d = &ds->v[i];

		if (d->arch != p->host_arch)
			continue;
		for (size_t k = 0; k < d->n_lost; k++) {
			const struct scfs_lost_rule *lr = &d->lost[k];
			const struct scfs_rule *r = &p->rules[lr->rule], *by = &p->rules[lr->by];
			const char *n = src_name(p, &(struct scfs_rule_ref){ lr->rule, lr->name });
			_cleanup_free_ char *path = name_path(r, lr->name), *act = action_str(&r->action),
					    *bact = action_str(&by->action), *conds = NULL;

			if (lr->why == SCFS_LOST_VOIDED) {
				conds = scfs_rule_conditions_format(r);
				add(l, SCFS_LINT_VOIDED, path, n, NULL,
				    scfs_xasprintf("the conditional rule for \"%s\" (%s if %s) never applies: the later "
						   "unconditional syscalls[%zu] (%s) replaces it in libseccomp",
						   n, act, conds, by->index, bact),
				    scfs_xasprintf("remove \"%s\" from syscalls[%zu] if these conditions should hold, or "
						   "drop it here",
						   n, by->index));
			} else if (scfs_action_equal(&r->action, &by->action)) {
				add(l, SCFS_LINT_DUPLICATE, path, n, NULL,
				    scfs_xasprintf("\"%s\" is already decided by syscalls[%zu] with the same action (%s, "
						   "unconditional): libseccomp drops this entry, which has no effect",
						   n, by->index, act),
				    has_cond(r) || has_cond(by)
					    ? scfs_xstrdup("harmless: the two rules have different includes/excludes, "
							   "so keep both if each is needed on some host")
					    : scfs_xasprintf("remove \"%s\" from syscalls[%zu]", n, r->index));
			} else {
				add(l, SCFS_LINT_SHADOWED, path, n, NULL,
				    scfs_xasprintf("\"%s\" is already decided by syscalls[%zu] (%s, unconditional): this "
						   "rule's %s never takes effect for it",
						   n, by->index, bact, act),
				    scfs_xasprintf("keep \"%s\" in one rule only: the first unconditional rule wins "
						   "(move this rule before syscalls[%zu] if its action is the one meant)",
						   n, by->index));
			}
		}
	}
}

/* What a call with all arguments zero gets on the host arch. */
static uint32_t verdict_of(const struct scfs_filter *f, int nr)
{
	struct seccomp_data d = { .nr = nr, .arch = scfs_arch_audit(f->profile->host_arch) };
	uint32_t v;

	if (scfs_bpf_run(f->prog, f->prog_len, &d, &v) < 0)
		return SCMP_ACT_KILL_PROCESS;
	return v;
}

/* "syscalls[3]", "the default action", "the ENOSYS stub" for the decision of @nr. */
static char *decider(const struct scfs_decisions *ds, int nr)
{
	const struct scfs_filter *f = ds->filter;
	const struct scfs_decision *d = scfs_decisions_find(ds, f->profile->host_arch, nr);
	bool stub = false;

	if (d && d->kind == SCFS_DECIDE_RULE)
		return scfs_xasprintf("syscalls[%zu]", f->profile->rules[d->rule].index);
	if (d)
		return scfs_xstrdup("argument rules");
	(void)scfs_filter_fallback(f, f->profile->host_arch, nr, &stub);
	return scfs_xstrdup(stub ? "the ENOSYS stub" : "the default action");
}

static void lint_exec(struct linter *l, const struct scfs_decisions *ds)
{
	static const char *const calls[] = { "execve", "execveat" };
	const struct scfs_filter *f = ds->filter;
	uint32_t tok = scfs_arch_token(f->profile->host_arch);

	for (size_t i = 0; i < ELEMENTSOF(calls); i++) {
		int nr = seccomp_syscall_resolve_name_arch(tok, calls[i]);
		const struct scfs_decision *d;
		uint32_t v;
		char act[64];
		_cleanup_free_ char *who = NULL;

		if (nr < 0)
			continue;
		d = scfs_decisions_find(ds, f->profile->host_arch, nr);
		if (d && d->kind == SCFS_DECIDE_CONDITIONAL)
			continue; /* depends on arguments: pointers, in practice */
		v = verdict_of(f, nr);
		if (scfs_action_word_may_allow(v))
			continue;
		scfs_action_word_format(v, act, sizeof(act));
		who = decider(ds, nr);
		if (i == 0)
			add(l, SCFS_LINT_EXEC_DENIED, "", calls[i], NULL,
			    scfs_xasprintf("execve is denied (%s, by %s): no program can be started under this profile "
					   "(runc and crun load the filter before execve; scfs run exits 126)",
					   act, who),
			    scfs_xstrdup("allow execve"));
		else
			add(l, SCFS_LINT_EXEC_DENIED, "", calls[i], NULL,
			    scfs_xasprintf("execveat is denied (%s, by %s): fexecve(3) and programs that run a file by "
					   "descriptor fail",
					   act, who),
			    scfs_xstrdup("allow execveat, unless forbidding exec by descriptor is the point"));
	}
}

/* The action a syscall that @a lacks should have been given under its
 * replacement's name. */
static void lint_arch(struct linter *l, const struct scfs_filter *f, const struct scfs_decisions *ds)
{
	const struct scfs_profile *p = f->profile;
	const struct scfs_arch_info *a = p->host_arch;
	uint32_t tok = scfs_arch_token(a);

	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &p->rules[e->rule];
		const char *n = r->names[e->name], *note = NULL;
		const char *const *with = scfs_syscall_replacements(n, &note);
		uint32_t want = scfs_action_word(&r->action);
		_cleanup_free_ char *path = NULL, *act = NULL, *got = NULL, *list = NULL;
		bool covered = false;
		const char *missing = NULL;
		char gbuf[64];

		if (e->arch != a || e->status != SCFS_ENTRY_NOT_ON_ARCH || !with || r->n_args)
			continue;
		for (size_t k = 0; with[k] && !covered; k++) {
			int nr = seccomp_syscall_resolve_name_arch(tok, with[k]);
			const struct scfs_decision *d;

			if (nr < 0)
				continue;
			d = scfs_decisions_find(ds, a, nr);
			/* Argument rules for the replacement: the author thought about it. */
			covered = (d && d->kind == SCFS_DECIDE_CONDITIONAL) ||
				  (d ? d->action : scfs_filter_fallback(f, a, nr, NULL)) == want;
			if (!covered && !missing) {
				missing = with[k];
				scfs_action_word_format(d ? d->action : scfs_filter_fallback(f, a, nr, NULL), gbuf,
							sizeof(gbuf));
				got = scfs_xstrdup(gbuf);
			}
		}
		if (covered || !missing)
			continue;
		for (size_t k = 0; with[k]; k++) {
			char *nl = list ? scfs_xasprintf("%s or \"%s\"", list, with[k]) : scfs_xasprintf("\"%s\"", with[k]);

			free(list);
			list = nl;
		}
		path = name_path(r, e->name);
		act = action_str(&r->action);
		add(l, SCFS_LINT_NOT_ON_ARCH, path, n, a->scmp_name,
		    scfs_xasprintf("\"%s\" does not exist on %s, where programs call %s instead%s%s%s; \"%s\" gets %s "
				   "there, not this rule's %s",
				   n, a->scmp_name, list, note ? " (" : "", note ? note : "", note ? ")" : "", missing,
				   got, act),
		    scfs_xasprintf("add \"%s\" to syscalls[%zu] (keep \"%s\" for the arches that have it)", missing,
				   r->index, n));
	}
}

/* Clamp errnos libseccomp cannot encode, so the rest can still be linted. */
static void clamp_errnos(struct scfs_profile *eff)
{
	if (eff->default_action.kind == SCFS_ACT_ERRNO && eff->default_action.data > SCFS_ERRNO_MAX)
		eff->default_action.data = SCFS_ERRNO_MAX;
	for (size_t i = 0; i < eff->n_rules; i++)
		if (eff->rules[i].action.kind == SCFS_ACT_ERRNO && eff->rules[i].action.data > SCFS_ERRNO_MAX)
			eff->rules[i].action.data = SCFS_ERRNO_MAX;
}

static void lint_host(struct linter *l, const struct scfs_profile *src)
{
	_cleanup_(scfs_profile_freep) struct scfs_profile *eff = NULL;
	_cleanup_(scfs_filter_freep) struct scfs_filter *f = NULL;
	struct scfs_decisions ds = { 0 };
	struct scfs_compile_opts co;
	struct scfs_diag cd;
	int r;

	if (scfs_profile_expand(src, l->host, &eff) < 0)
		return;
	scfs_diag_init(&cd, l->file);
	scfs_profile_check_portable(src, eff, &cd);
	scfs_compile_opts_init(&co);
	r = scfs_compile(eff, &co, &f, &cd);
	lint_compile_diag(l, &cd);
	scfs_diag_done(&cd);
	if (r < 0) {
		/* Conflicts and bad errnos are reported; look at the rest anyway. */
		clamp_errnos(eff);
		co.skip_conflicts = true;
		scfs_diag_init(&cd, l->file);
		r = scfs_compile(eff, &co, &f, &cd);
		scfs_diag_done(&cd);
		if (r < 0)
			return;
	}
	if (scfs_decisions_build(f, &ds) < 0)
		return;
	lint_names(l, f);
	lint_equal_default(l, f, &ds);
	lint_lost(l, &ds);
	lint_arch(l, f, &ds);
	lint_exec(l, &ds);
	scfs_decisions_done(&ds);
}

static int cmp_finding(const void *x, const void *y)
{
	const struct scfs_lint_finding *a = x, *b = y;
	int c;

	/* whole-file findings first, then by rule, path and kind */
	if (a->rule != b->rule)
		return a->rule == SCFS_LINT_NO_RULE ? -1 : b->rule == SCFS_LINT_NO_RULE ? 1 : a->rule < b->rule ? -1 : 1;
	c = strcmp(a->path, b->path);
	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->message, b->message);
}

int scfs_lint(const char *text, size_t len, const char *name, const struct scfs_host *hosts, size_t n_hosts,
	      struct scfs_lint_report *ret, struct scfs_diag *diag)
{
	_cleanup_(scfs_profile_freep) struct scfs_profile *src = NULL;
	struct scfs_lint_report out = { 0 };
	struct linter l = { .file = name ? name : "-", .out = &out, .seen = jtable_new(256) };
	int r;

	r = load(&l, text, len, &src, diag);
	if (r < 0) {
		lh_table_free(l.seen);
		scfs_lint_report_done(&out);
		return r;
	}
	if (scfs_profile_disables_seccomp(src)) {
		/* Nothing to compile: that is moby's "seccomp disabled". */
		add(&l, SCFS_LINT_UNBUILDABLE, "", NULL, NULL,
		    scfs_xstrdup("no defaultAction and no syscalls: runtimes treat this as seccomp disabled"),
		    scfs_xstrdup("add a defaultAction if a filter was meant"));
	} else {
		for (size_t i = 0; i < n_hosts; i++) {
			l.host = &hosts[i];
			lint_host(&l, src);
		}
	}
	lh_table_free(l.seen);
	if (l.suggested)
		lh_table_free(l.suggested);
	suggest_candidates_done(&l.cands);
	if (out.n)
		qsort(out.v, out.n, sizeof(*out.v), cmp_finding);
	*ret = out;
	return 0;
}

void scfs_lint_report_done(struct scfs_lint_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].path);
		free(r->v[i].name);
		free(r->v[i].arch);
		free(r->v[i].message);
		free(r->v[i].hint);
	}
	free(r->v);
	*r = (struct scfs_lint_report){ 0 };
}
