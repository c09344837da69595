/* scfs suggest (suggest.h): candidate edits per denied syscall, each kept
 * only if the real filter, compiled afresh, then allows every denied call
 * of that syscall. */
#include <errno.h>
#include <inttypes.h>
#include <linux/seccomp.h>
#include <stdio.h>

#include "decode_tables.h"
#include "scfs/bpf.h"
#include "scfs/compile.h"
#include "scfs/decode.h"
#include "scfs/diff.h"
#include "scfs/edit.h"
#include "scfs/expand.h"
#include "scfs/pipeline.h"
#include "scfs/suggest.h"

#define MAX_ENUM_RULES 8 /* more distinct values than this: not a narrow change */

/* ---------------------------------------------------------------- the log */

/* One object of denied.jsonl: arch, nr, syscall and the six registers
 * (null for a kernel record: *@no_args). */
static int parse_object(json_object *o, struct scfs_suggest_call *c, bool *no_args)
{
	json_object *arch, *nr, *name, *args;
	const struct scfs_arch_info *a;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "arch", &arch) ||
	    !json_object_object_get_ex(o, "nr", &nr) || !json_object_object_get_ex(o, "syscall", &name) ||
	    !json_object_object_get_ex(o, "args", &args) || !json_object_is_type(arch, json_type_string) ||
	    !json_object_is_type(nr, json_type_int) || !json_object_is_type(name, json_type_string))
		return -EINVAL;
	a = scfs_arch_lookup(json_object_get_string(arch));
	if (!a || json_object_get_string_len(name) >= (int)sizeof(c->name))
		return -EINVAL;
	*c = (struct scfs_suggest_call){ .audit_arch = scfs_arch_audit(a), .nr = json_object_get_int(nr) };
	memcpy(c->name, json_object_get_string(name), (size_t)json_object_get_string_len(name) + 1);
	*no_args = args == NULL;
	if (*no_args)
		return 0;
	if (!json_object_is_type(args, json_type_array) || json_object_array_length(args) != 6)
		return -EINVAL;
	for (size_t i = 0; i < 6; i++) {
		json_object *v = json_object_array_get_idx(args, i);

		if (!json_object_is_type(v, json_type_int))
			return -EINVAL;
		c->args[i] = json_object_get_uint64(v);
	}
	return 0;
}

int scfs_suggest_read_denials(const char *text, size_t len, struct scfs_suggest_call **ret, size_t *n,
			      size_t *no_args)
{
	struct scfs_suggest_call *v = NULL;
	size_t k = 0;

	*no_args = 0;
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_tokener *tok = json_tokener_new();
		json_object *o = l ? json_tokener_parse_ex(tok, p, (int)l) : NULL;
		bool bad = l && (!o || json_tokener_get_parse_end(tok) != l);
		struct scfs_suggest_call c;
		bool skip = false;

		json_tokener_free(tok);
		p = nl ? nl + 1 : end;
		if (!bad && o && parse_object(o, &c, &skip) < 0)
			bad = true;
		json_object_put(o);
		if (bad) {
			free(v);
			return -EINVAL;
		}
		if (!l)
			continue;
		if (skip) {
			(*no_args)++;
			continue;
		}
		v = scfs_xrealloc(v, k + 1, sizeof(*v));
		v[k++] = c;
	}
	*ret = v;
	*n = k;
	return 0;
}

/* ---------------------------------------------------------------- checking */

struct ctx {
	const struct scfs_host *host;
	const char *source;
	struct scfs_edit_style style;
	json_object *doc;
	json_object *patch;
	struct scfs_diag *diag;
};

/* Whether the real filter of @doc allows every call of @calls named @name. */
static bool allows_all(struct ctx *c, json_object *doc, const struct scfs_suggest_call *calls, size_t n,
		       const char *name)
{
	_cleanup_free_ char *text = scfs_edit_render(doc, &c->style, NULL);
	struct scfs_pipeline pl = { 0 };
	const struct scfs_filter *f;
	struct scfs_diag d;
	bool ok = false;

	scfs_diag_init(&d, c->source);
	if (scfs_pipeline_parse(&pl, text, strlen(text), c->source, c->host, &d) == 0 &&
	    scfs_pipeline_compile(&pl, NULL, NULL, &d) == 0) {
		f = pl.filter;
		ok = true;
		for (size_t i = 0; ok && i < n; i++) {
			struct seccomp_data sd = { .nr = calls[i].nr, .arch = calls[i].audit_arch };
			uint32_t w = 0;

			if (strcmp(calls[i].name, name) != 0)
				continue;
			memcpy(sd.args, calls[i].args, sizeof(sd.args));
			ok = scfs_bpf_run(f->prog, f->prog_len, &sd, &w) == 0 &&
			     ((w & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW ||
			      (w & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_LOG);
		}
	}
	scfs_pipeline_done(&pl);
	scfs_diag_done(&d);
	return ok;
}

/* ---------------------------------------------------------------- edits */

static json_object *syscalls_of(json_object *doc)
{
	json_object *s = NULL;

	json_object_object_get_ex(doc, "syscalls", &s);
	return json_object_is_type(s, json_type_array) ? s : NULL;
}

static json_object *op(const char *kind, const char *path, json_object *value)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "op", json_object_new_string(kind));
	json_object_object_add(o, "path", json_object_new_string(path));
	if (value)
		json_object_object_add(o, "value", value);
	return o;
}

/* Append @rule to @doc's syscalls[] (made if absent), recording the ops
 * in @ops when not NULL. */
static void append_to(json_object *doc, json_object *rule, json_object *ops)
{
	json_object *s = syscalls_of(doc);

	if (!s) {
		s = json_object_new_array();
		json_object_object_add(doc, "syscalls", s);
		if (ops)
			json_object_array_add(ops, op("add", "/syscalls", json_object_new_array()));
	}
	if (ops)
		json_object_array_add(ops, op("add", "/syscalls/-", json_object_get(rule)));
	json_object_array_add(s, rule);
}

static json_object *new_rule(const char *name)
{
	json_object *r = json_object_new_object(), *names = json_object_new_array();

	json_object_array_add(names, json_object_new_string(name));
	json_object_object_add(r, "names", names);
	json_object_object_add(r, "action", json_object_new_string("SCMP_ACT_ALLOW"));
	return r;
}

static json_object *cond(unsigned index, uint64_t value, uint64_t two, const char *opname)
{
	json_object *a = json_object_new_object();

	json_object_object_add(a, "index", json_object_new_uint64(index));
	json_object_object_add(a, "value", json_object_new_uint64(value));
	if (two || strcmp(opname, "SCMP_CMP_MASKED_EQ") == 0)
		json_object_object_add(a, "valueTwo", json_object_new_uint64(two));
	json_object_object_add(a, "op", json_object_new_string(opname));
	return a;
}

static bool names_has(json_object *rule, const char *name)
{
	json_object *names = NULL;

	if (!json_object_object_get_ex(rule, "names", &names) || !json_object_is_type(names, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(names); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(names, i)), name) == 0)
			return true;
	return false;
}

static const char *rule_action(json_object *rule)
{
	json_object *a = NULL;

	json_object_object_get_ex(rule, "action", &a);
	return a ? json_object_get_string(a) : "";
}

static json_object *rule_args(json_object *rule)
{
	json_object *a = NULL;

	json_object_object_get_ex(rule, "args", &a);
	return json_object_is_type(a, json_type_array) ? a : NULL;
}

static uint64_t num(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v ? (uint64_t)json_object_get_uint64(v) : 0;
}

static const char *str(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v ? json_object_get_string(v) : "";
}

/* The calls of @name, and the OR of their argument @i bits within @mask
 * that differ from @want. */
static uint64_t differing_bits(const struct scfs_suggest_call *calls, size_t n, const char *name, unsigned i,
			       uint64_t mask, uint64_t want)
{
	uint64_t bits = 0;

	for (size_t k = 0; k < n; k++)
		if (strcmp(calls[k].name, name) == 0)
			bits |= (calls[k].args[i] & mask) ^ want;
	return bits;
}

/* ---------------------------------------------------------------- candidates */

struct cand {
	json_object *doc;   /* a copy being edited */
	json_object *ops;
	char *what;
	json_object *rules; /* the rules appended, as scfs_suggest_apply takes them */
	bool unshadow;
};

/* Append @rule to the candidate's document, its patch and its rules. */
static void append_rule(struct cand *k, json_object *rule)
{
	json_object *copy = NULL;

	json_object_deep_copy(rule, &copy, NULL);
	json_object_array_add(k->rules, copy);
	append_to(k->doc, rule, k->ops);
}

typedef bool (*cand_fn)(struct ctx *c, struct cand *k, const struct scfs_suggest_call *calls, size_t n,
			const char *name);

/* 1. A copy of an allowing rule with one masked condition relaxed. */
static bool relax_mask(struct ctx *c, struct cand *k, const struct scfs_suggest_call *calls, size_t n,
		       const char *name)
{
	json_object *s = syscalls_of(k->doc);

	for (size_t r = 0; s && r < json_object_array_length(s); r++) {
		json_object *rule = json_object_array_get_idx(s, r), *args = rule_args(rule);

		if (!names_has(rule, name) || strcmp(rule_action(rule), "SCMP_ACT_ALLOW") != 0 || !args)
			continue;
		for (size_t a = 0; a < json_object_array_length(args); a++) {
			json_object *ca = json_object_array_get_idx(args, a), *copy = NULL, *names;
			uint64_t mask = num(ca, "value"), want = num(ca, "valueTwo"), drop;
			unsigned idx = (unsigned)num(ca, "index");
			char was[256], now[256];

			if (strcmp(str(ca, "op"), "SCMP_CMP_MASKED_EQ") != 0 || idx > 5)
				continue;
			drop = differing_bits(calls, n, name, idx, mask, want);
			if (!drop || drop == mask)
				continue; /* nothing to relax, or nothing would be left of it */
			json_object_deep_copy(rule, &copy, NULL);
			names = json_object_new_array();
			json_object_array_add(names, json_object_new_string(name));
			json_object_object_add(copy, "names", names);
			json_object_array_put_idx(rule_args(copy), a, cond(idx, mask & ~drop, want & ~drop, "SCMP_CMP_MASKED_EQ"));
			scfs_decode_arg(name, idx, mask, was, sizeof(was));
			scfs_decode_arg(name, idx, mask & ~drop, now, sizeof(now));
			k->what = scfs_xasprintf("allow %s as syscalls[%zu] does, with (a%u & %s) == ... instead of (a%u & %s)",
						 name, r, idx, now, idx, was);
			append_rule(k, copy);
			return true;
		}
	}
	return false;
}

/* The first argument of @name whose signature is a table of kind @flags
 * (flags or an enum).  clone's flags are left out: their low byte is the
 * exit signal, and its namespace mask is relaxed by relax_mask instead;
 * unshare's and setns's use the same table and are all namespace flags. */
static int table_arg(const char *name, bool flags, const struct decode_table **t)
{
	const struct decode_sig *sig = decode_sig_lookup(name);
	const char *p = sig ? sig->args : "";

	for (int i = 0; *p; i++) {
		size_t l;

		p += strspn(p, " ");
		l = strcspn(p, " ");
		*t = p[0] == '%' ? decode_table_lookup(p + 1, l - 1) : NULL;
		if (*t && (*t)->is_flags == flags && (strcmp((*t)->name, "clone_flags") != 0 || strcmp(name, "clone") != 0))
			return i;
		p += l;
	}
	return -1;
}

/* 2. One rule per enum value the calls used: socket(AF_VSOCK). */
static bool allow_values(struct ctx *c, struct cand *k, const struct scfs_suggest_call *calls, size_t n,
			 const char *name)
{
	const struct decode_table *t = NULL;
	int i = table_arg(name, false, &t);
	uint64_t seen[MAX_ENUM_RULES];
	size_t ns = 0;
	char *list = NULL;

	if (i < 0)
		return false;
	for (size_t j = 0; j < n; j++) {
		bool dup = false;

		if (strcmp(calls[j].name, name) != 0)
			continue;
		for (size_t q = 0; q < ns; q++)
			dup |= seen[q] == calls[j].args[i];
		if (dup)
			continue;
		if (ns == MAX_ENUM_RULES)
			return false;
		seen[ns++] = calls[j].args[i];
	}
	for (size_t q = 0; q < ns; q++) {
		json_object *r = new_rule(name), *args = json_object_new_array();
		char v[128], *l;

		json_object_array_add(args, cond((unsigned)i, seen[q], 0, "SCMP_CMP_EQ"));
		json_object_object_add(r, "args", args);
		append_rule(k, r);
		scfs_decode_arg(name, (unsigned)i, seen[q], v, sizeof(v));
		l = scfs_xasprintf("%s%s%s", list ? list : "", list ? ", " : "", v);
		free(list);
		list = l;
	}
	k->what = scfs_xasprintf("allow %s when a%d is %s", name, i, list);
	free(list);
	return true;
}

/* 3. Only the flags the calls set: (a & ~used) == 0. */
static bool allow_flags(struct ctx *c, struct cand *k, const struct scfs_suggest_call *calls, size_t n,
			const char *name)
{
	const struct decode_table *t = NULL;
	int i = table_arg(name, true, &t);
	uint64_t used = 0;
	json_object *r, *args;
	char v[256];

	if (i < 0)
		return false;
	for (size_t j = 0; j < n; j++)
		if (strcmp(calls[j].name, name) == 0)
			used |= calls[j].args[i];
	r = new_rule(name);
	args = json_object_new_array();
	json_object_array_add(args, cond((unsigned)i, ~used, 0, "SCMP_CMP_MASKED_EQ"));
	json_object_object_add(r, "args", args);
	append_rule(k, r);
	scfs_decode_arg(name, (unsigned)i, used, v, sizeof(v));
	k->what = scfs_xasprintf("allow %s when a%d has no flags but %s", name, i, v);
	return true;
}

/* 4. The syscall, whatever its arguments. */
static bool allow_all(struct ctx *c, struct cand *k, const struct scfs_suggest_call *calls, size_t n,
		      const char *name)
{
	append_rule(k, new_rule(name));
	k->what = scfs_xasprintf("allow %s whatever its arguments", name);
	return true;
}

/* Take @name out of every unconditional rule of @doc that does not allow
 * it (a rule left without names goes), recording the ops in @ops when not
 * NULL.  Returns how many rules named it. */
static size_t unshadow(json_object *doc, const char *name, json_object *ops)
{
	json_object *s = syscalls_of(doc);
	size_t removed = 0;

	for (size_t r = 0; s && r < json_object_array_length(s);) {
		json_object *rule = json_object_array_get_idx(s, r), *names = NULL;
		bool gone = false;

		json_object_object_get_ex(rule, "names", &names);
		if (!rule_args(rule) && strcmp(rule_action(rule), "SCMP_ACT_ALLOW") != 0 && names_has(rule, name)) {
			for (size_t j = json_object_array_length(names); j-- > 0;)
				if (strcmp(json_object_get_string(json_object_array_get_idx(names, j)), name) == 0) {
					_cleanup_free_ char *p = scfs_xasprintf("/syscalls/%zu/names/%zu", r, j);

					if (ops)
						json_object_array_add(ops, op("remove", p, NULL));
					json_object_array_del_idx(names, j, 1);
				}
			removed++;
			if (json_object_array_length(names) == 0) {
				_cleanup_free_ char *p = scfs_xasprintf("/syscalls/%zu", r);

				if (ops)
					json_object_array_add(ops, op("remove", p, NULL));
				json_object_array_del_idx(s, r, 1);
				gone = true;
			}
		}
		r += !gone;
	}
	return removed;
}

/* 5. As 4, and out of every unconditional rule that decides it otherwise. */
static bool allow_unshadowed(struct ctx *c, struct cand *k, const struct scfs_suggest_call *calls, size_t n,
			     const char *name)
{
	size_t removed = unshadow(k->doc, name, k->ops);

	if (!removed)
		return false;
	k->unshadow = true;
	append_rule(k, new_rule(name));
	k->what = scfs_xasprintf("allow %s, taking it out of %zu rule%s that denied it", name, removed,
				 removed == 1 ? "" : "s");
	return true;
}

static const cand_fn candidates[] = { relax_mask, allow_values, allow_flags, allow_all, allow_unshadowed };

static size_t count_calls(const struct scfs_suggest_call *calls, size_t n, const char *name)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += strcmp(calls[i].name, name) == 0;
	return k;
}

/* Try each candidate on a copy; keep the first that allows the calls. */
static void suggest_one(struct ctx *c, struct scfs_suggestion *s, const struct scfs_suggest_call *calls, size_t n,
			const char *name)
{
	for (size_t i = 0; i < ELEMENTSOF(candidates); i++) {
		struct cand k = { NULL, json_object_new_array(), NULL, json_object_new_array(), false };
		bool kept;

		json_object_deep_copy(c->doc, &k.doc, NULL);
		kept = candidates[i](c, &k, calls, n, name) && allows_all(c, k.doc, calls, n, name);
		if (kept) {
			json_object_put(c->doc);
			c->doc = TAKE_PTR(k.doc);
			for (size_t j = 0; j < json_object_array_length(k.ops); j++)
				json_object_array_add(c->patch, json_object_get(json_object_array_get_idx(k.ops, j)));
			s->changes = scfs_xrealloc(s->changes, s->n_changes + 1, sizeof(*s->changes));
			s->changes[s->n_changes++] = (struct scfs_suggest_change){
				scfs_xstrdup(name), TAKE_PTR(k.what), count_calls(calls, n, name), TAKE_PTR(k.rules), k.unshadow
			};
		}
		json_object_put(k.doc);
		json_object_put(k.ops);
		json_object_put(k.rules);
		free(k.what);
		if (kept)
			return;
	}
	s->unresolved += count_calls(calls, n, name);
}

int scfs_suggest(const char *text, size_t len, const char *source, const struct scfs_host *h,
		 const struct scfs_suggest_call *calls, size_t n, struct scfs_suggestion *ret, struct scfs_diag *diag)
{
	struct ctx c = { .host = h, .source = source, .diag = diag };
	struct scfs_suggestion s = { 0 };

	if (scfs_edit_parse(text, len, &c.doc, &c.style, diag) < 0)
		return -EINVAL;
	c.patch = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		bool first = true;

		for (size_t j = 0; j < i; j++)
			first &= strcmp(calls[j].name, calls[i].name) != 0;
		if (first && !allows_all(&c, c.doc, calls, n, calls[i].name))
			suggest_one(&c, &s, calls, n, calls[i].name);
	}
	s.doc = c.doc;
	s.patch = c.patch;
	s.rendered = scfs_edit_render(s.doc, &c.style, &s.rendered_len);
	*ret = s;
	return 0;
}

void scfs_suggestion_done(struct scfs_suggestion *s)
{
	for (size_t i = 0; i < s->n_changes; i++) {
		free(s->changes[i].name);
		free(s->changes[i].what);
		json_object_put(s->changes[i].rules);
	}
	free(s->changes);
	json_object_put(s->doc);
	json_object_put(s->patch);
	free(s->rendered);
	*s = (struct scfs_suggestion){ 0 };
}

int scfs_suggest_apply(json_object *doc, const struct scfs_suggest_change *c)
{
	if (!json_object_is_type(doc, json_type_object) || !json_object_is_type(c->rules, json_type_array))
		return -EINVAL;
	if (c->unshadow)
		(void)unshadow(doc, c->name, NULL);
	for (size_t i = 0; i < json_object_array_length(c->rules); i++) {
		json_object *copy = NULL;

		if (json_object_deep_copy(json_object_array_get_idx(c->rules, i), &copy, NULL) < 0)
			return -ENOMEM;
		append_to(doc, copy, NULL);
	}
	return 0;
}
