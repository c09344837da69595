/* json-c document -> struct scfs_profile, with strict validation.  Every
 * problem is recorded with its JSON path; parsing goes on after an error so
 * that one run reports them all. */
#include <errno.h>
#include <inttypes.h>

#include "json_util.h"
#include "scfs/host.h"
#include "scfs/profile.h"

/* TRACE data and errno values are 16 bits in the action word. */
#define TRACE_MAX 65535
/* More conditions than this in one entry is not a real profile. */
#define ARGS_MAX 64

static const char *const top_keys[] = { "defaultAction", "defaultErrnoRet", "defaultErrno", "architectures",
					"archMap", "flags", "listenerPath", "listenerMetadata", "syscalls", NULL };
static const char *const rule_keys[] = { "names", "name", "action", "errnoRet", "errno", "args",
					 "comment", "includes", "excludes", NULL };
static const char *const arg_keys[] = { "index", "value", "valueTwo", "op", NULL };
static const char *const cond_keys[] = { "caps", "arches", "minKernel", NULL };
static const char *const archmap_keys[] = { "architecture", "subArchitectures", NULL };

struct parser {
	struct scfs_diag *d;
};

static void error(struct parser *ps, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void error(struct parser *ps, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	scfs_diag_vadd(ps->d, SCFS_DIAG_ERROR, path, fmt, ap);
	va_end(ap);
}

/* An action string plus its optional numeric and Podman string errno. */
static void parse_action(struct parser *ps, json_object *obj, const char *base, const char *akey,
			 const char *nkey, const char *skey, struct scfs_action *a, bool *ok)
{
	_cleanup_free_ char *name = NULL, *estr = NULL, *apath = jpath_key(base, akey);
	uint64_t n;
	int e;

	*a = (struct scfs_action){ .kind = _SCFS_ACT_INVALID, .data = 1 };
	switch (jget_string(ps->d, obj, akey, base, &name)) {
	case JF_ABSENT:
		error(ps, apath, "missing (required)");
		*ok = false;
		break;
	case JF_BAD:
		*ok = false;
		break;
	case JF_OK:
		a->kind = scfs_action_from_string(name);
		if (a->kind < 0) {
			scfs_diag_add_datum(ps->d, SCFS_DIAG_ERROR, SCFS_DIAG_CODE_UNKNOWN_ACTION, apath, name,
					    "unknown action \"%s\"", name);
			*ok = false;
		}
	}
	switch (jget_uint(ps->d, obj, nkey, base, UINT32_MAX, &n)) {
	case JF_OK:
		a->data = (uint32_t)n;
		a->data_set = true;
		break;
	case JF_BAD:
		*ok = false;
		break;
	case JF_ABSENT:
		break;
	}
	switch (jget_string(ps->d, obj, skey, base, &estr)) {
	case JF_OK:
		e = scfs_errno_from_string(estr);
		if (e < 0) {
			_cleanup_free_ char *p = jpath_key(base, skey);

			error(ps, p, "unknown errno \"%s\"", estr);
			*ok = false;
		} else {
			/* Podman: the string form replaces the number. */
			a->data = (uint32_t)e;
			a->data_set = true;
		}
		break;
	case JF_BAD:
		*ok = false;
		break;
	case JF_ABSENT:
		break;
	}
}

/* Semantic checks on an action once its kind is known. */
static void check_action(struct parser *ps, const struct scfs_action *a, json_object *obj, const char *base,
			 const char *nkey, const char *skey, bool *ok)
{
	_cleanup_free_ char *p = NULL;
	bool podman = jchild(obj, skey) != NULL;

	if (a->kind < 0 || !a->data_set)
		return;
	p = jpath_key(base, podman ? skey : nkey);
	if (!scfs_action_takes_data(a->kind)) {
		/* The runtime spec says to fail; crun does.  runc ignores it. */
		scfs_diag_add_code(ps->d, SCFS_DIAG_ERROR, SCFS_DIAG_CODE_ERRNO_ON_ACTION, p,
				   "%s cannot carry an errno (only SCMP_ACT_ERRNO and SCMP_ACT_TRACE can)",
				   scfs_action_to_string(a->kind));
		*ok = false;
	} else if (a->kind == SCFS_ACT_ERRNO && (a->data > TRACE_MAX || (podman && a->data > SCFS_ERRNO_MAX))) {
		/* 4095..65535 parse (moby loads them) but cannot compile: see
		 * compile.c; beyond 16 bits the runtimes would silently wrap.
		 * Podman's string form has no such moby precedent, and here the
		 * message can name the field the value came from. */
		error(ps, p, "errno %" PRIu32 " is out of range (0 to %d)", a->data, SCFS_ERRNO_MAX);
		*ok = false;
	} else if (a->kind == SCFS_ACT_TRACE && a->data > TRACE_MAX) {
		error(ps, p, "trace value %" PRIu32 " is out of range (0 to %d)", a->data, TRACE_MAX);
		*ok = false;
	}
}

/* A required field: true if it was there and valid; "missing" reported. */
static bool required(struct parser *ps, enum jfield f, const char *base, const char *key)
{
	if (f == JF_ABSENT) {
		_cleanup_free_ char *p = jpath_key(base, key);

		error(ps, p, "missing (required)");
	}
	return f == JF_OK;
}

static bool parse_arg(struct parser *ps, json_object *o, const char *p, struct scfs_arg *arg)
{
	_cleanup_free_ char *op = NULL, *ppath = jpath_key(p, "op");
	uint64_t v = 0;
	bool ok = true;

	if (!json_object_is_type(o, json_type_object)) {
		error(ps, p, "must be an object, not %s", jtype_name(o));
		return false;
	}
	jcheck_keys(ps->d, o, p, arg_keys, false);
	/* Any unsigned integer parses, so that 2^32+5 is not read as 5 and the
	 * message gives the real range. */
	if (!required(ps, jget_uint(ps->d, o, "index", p, UINT64_MAX, &v), p, "index")) {
		ok = false;
	} else if (v > 5) {
		_cleanup_free_ char *ip = jpath_key(p, "index");

		error(ps, ip, "argument index %" PRIu64 " is out of range (0 to 5)", v);
		ok = false;
	}
	arg->index = (unsigned)v;
	if (!required(ps, jget_uint(ps->d, o, "value", p, UINT64_MAX, &arg->value), p, "value"))
		ok = false;
	if (jget_uint(ps->d, o, "valueTwo", p, UINT64_MAX, &arg->value_two) == JF_BAD)
		ok = false;
	if (!required(ps, jget_string(ps->d, o, "op", p, &op), p, "op")) {
		ok = false;
	} else {
		arg->op = scfs_cmp_from_string(op);
		if (arg->op < 0) {
			error(ps, ppath, "unknown operator \"%s\"", op);
			ok = false;
		}
	}
	return ok;
}

static bool parse_args(struct parser *ps, json_object *r, const char *base, struct scfs_rule *rule)
{
	_cleanup_free_ char *p = jpath_key(base, "args");
	json_object *arr;
	bool ok = true;
	size_t n;

	switch (jget_array(ps->d, r, "args", base, &arr)) {
	case JF_ABSENT:
		return true; /* absent and null both mean unconditional */
	case JF_BAD:
		return false;
	case JF_OK:
		break;
	}
	n = json_object_array_length(arr);
	if (n > ARGS_MAX) {
		error(ps, p, "%zu conditions in one entry (at most %d)", n, ARGS_MAX);
		return false;
	}
	rule->args = scfs_xcalloc(n, sizeof(*rule->args));
	rule->n_args = n;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *ip = jpath_idx(p, i);
		json_object *o = json_object_array_get_idx(arr, i);

		if (!o) {
			error(ps, ip, "must be an object, not null");
			ok = false;
			continue;
		}
		if (!parse_arg(ps, o, ip, &rule->args[i]))
			ok = false;
	}
	return ok;
}

static void warn_arch_names(struct parser *ps, const char *p, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct scfs_arch_info *a = scfs_arch_lookup(v[i]);
		_cleanup_free_ char *ip = jpath_idx(p, i);

		if (scfs_arch_lookup_go(v[i]))
			continue;
		/* moby compares these with the Go spelling; anything else never matches. */
		if (a && a->go_name)
			scfs_diag_add(ps->d, SCFS_DIAG_WARNING, ip, "\"%s\" never matches a host (the spelling here is \"%s\")",
				      v[i], a->go_name);
		else
			scfs_diag_add(ps->d, SCFS_DIAG_WARNING, ip, "unknown architecture \"%s\" never matches a host", v[i]);
	}
}

static void warn_cap_names(struct parser *ps, const char *p, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *ip = jpath_idx(p, i);

		if (strncmp(v[i], "CAP_", 4) != 0 || scfs_cap_from_string(v[i]) < 0)
			scfs_diag_add(ps->d, SCFS_DIAG_WARNING, ip, "unknown capability \"%s\" is never in the bounding set",
				      v[i]);
	}
}

static bool parse_cond(struct parser *ps, json_object *r, const char *key, const char *base, struct scfs_cond *c)
{
	_cleanup_free_ char *p = jpath_key(base, key), *mk = NULL;
	json_object *o;
	bool ok = true;
	json_object *mkv;

	switch (jget_object(ps->d, r, key, base, &o)) {
	case JF_ABSENT:
		return true;
	case JF_BAD:
		return false;
	case JF_OK:
		break;
	}
	c->present = true;
	/* A condition key that is ignored makes the rule apply where it was
	 * meant not to ("capz": the rule becomes unconditional). */
	jcheck_keys(ps->d, o, p, cond_keys, true);
	if (jget_strings(ps->d, o, "arches", p, &c->arches, &c->n_arches) == JF_BAD)
		ok = false;
	else if (c->n_arches) {
		_cleanup_free_ char *ap = jpath_key(p, "arches");

		warn_arch_names(ps, ap, c->arches, c->n_arches);
	}
	if (jget_strings(ps->d, o, "caps", p, &c->caps, &c->n_caps) == JF_BAD)
		ok = false;
	else if (c->n_caps) {
		_cleanup_free_ char *cp = jpath_key(p, "caps");

		warn_cap_names(ps, cp, c->caps, c->n_caps);
	}
	/* moby: a string "<a>.<b>"; anything else is a load error (test vector 18). */
	mkv = jchild(o, "minKernel");
	if (mkv && !json_object_is_type(mkv, json_type_string)) {
		_cleanup_free_ char *mp = jpath_key(p, "minKernel");

		error(ps, mp, "must be a string \"<major>.<minor>\", not %s", json_object_to_json_string(mkv));
		ok = false;
	} else if (jget_string(ps->d, o, "minKernel", p, &mk) == JF_OK) {
		_cleanup_free_ char *mp = jpath_key(p, "minKernel");

		c->has_min_kernel = true;
		/* moby reads "" as no version at all: a condition that looks
		 * like one and matches every kernel; "0.0" it refuses. */
		if (!*mk) {
			error(ps, mp, "empty kernel version (expected \"<major>.<minor>\")");
			ok = false;
		} else if (scfs_kver_parse(mk, &c->min_kernel) < 0 || strcmp(mk, "0.0") == 0) {
			error(ps, mp, "malformed kernel version \"%.*s%s\" (expected \"<major>.<minor>\")", 32, mk,
			      strlen(mk) > 32 ? "..." : "");
			ok = false;
		}
	}
	return ok;
}

static bool parse_names(struct parser *ps, json_object *r, const char *base, struct scfs_rule *rule)
{
	_cleanup_free_ char *single = NULL;
	enum jfield fn, fs;
	bool ok = true;

	fn = jget_strings(ps->d, r, "names", base, &rule->names, &rule->n_names);
	fs = jget_string(ps->d, r, "name", base, &single);
	if (fn == JF_BAD || fs == JF_BAD)
		return false;
	if (fn == JF_OK && fs == JF_OK) {
		error(ps, base, "both \"name\" and \"names\" are set (use one)");
		return false;
	}
	if (fs == JF_OK) {
		/* moby's legacy form: turned into names: [name]. */
		rule->names = scfs_xcalloc(1, sizeof(char *));
		rule->names[0] = TAKE_PTR(single);
		rule->n_names = 1;
		rule->legacy_name = true;
	}
	if (fn == JF_ABSENT && fs == JF_ABSENT) {
		error(ps, base, "no syscall names (\"names\" is missing)");
		return false;
	}
	if (rule->n_names == 0) {
		_cleanup_free_ char *p = jpath_key(base, "names");

		error(ps, p, "empty list (at least one syscall name is required)");
		return false;
	}
	for (size_t i = 0; i < rule->n_names; i++) {
		size_t len = strlen(rule->names[i]);

		if (!len || len > SCFS_SYSCALL_NAME_MAX) {
			_cleanup_free_ char *p = jpath_key(base, rule->legacy_name ? "name" : "names");
			_cleanup_free_ char *ip = rule->legacy_name ? scfs_xstrdup(p) : jpath_idx(p, i);

			if (len)
				error(ps, ip, "syscall name of %zu bytes (no syscall name is longer than %u)", len,
				      SCFS_SYSCALL_NAME_MAX);
			else
				error(ps, ip, "empty syscall name");
			ok = false;
		}
	}
	return ok;
}

static bool parse_rule(struct parser *ps, json_object *r, const char *p, size_t index, bool has_listener,
		       struct scfs_rule *rule)
{
	bool ok = true;

	rule->index = index;
	if (!json_object_is_type(r, json_type_object)) {
		error(ps, p, "must be an object, not %s", jtype_name(r));
		return false;
	}
	jcheck_keys(ps->d, r, p, rule_keys, false);
	if (!parse_names(ps, r, p, rule))
		ok = false;
	parse_action(ps, r, p, "action", "errnoRet", "errno", &rule->action, &ok);
	check_action(ps, &rule->action, r, p, "errnoRet", "errno", &ok);
	if (rule->action.kind == SCFS_ACT_NOTIFY && !has_listener) {
		_cleanup_free_ char *ap = jpath_key(p, "action");

		scfs_diag_add_code(ps->d, SCFS_DIAG_ERROR, SCFS_DIAG_CODE_NOTIFY_NO_LISTENER, ap,
				   "SCMP_ACT_NOTIFY needs \"listenerPath\" (an agent to answer the notifications)");
		ok = false;
	}
	if (!parse_args(ps, r, p, rule))
		ok = false;
	if (jget_string(ps->d, r, "comment", p, &rule->comment) == JF_BAD)
		ok = false;
	if (!parse_cond(ps, r, "includes", p, &rule->includes))
		ok = false;
	if (!parse_cond(ps, r, "excludes", p, &rule->excludes))
		ok = false;
	return ok;
}

static bool parse_rules(struct parser *ps, json_object *doc, struct scfs_profile *prof)
{
	json_object *arr;
	bool ok = true;
	size_t n;

	switch (jget_array(ps->d, doc, "syscalls", "", &arr)) {
	case JF_ABSENT:
		return true;
	case JF_BAD:
		return false;
	case JF_OK:
		break;
	}
	prof->has_syscalls = true;
	n = json_object_array_length(arr);
	if (n > SCFS_PROFILE_MAX_RULES) {
		error(ps, "syscalls", "%zu entries (at most %u)", n, SCFS_PROFILE_MAX_RULES);
		return false;
	}
	prof->rules = scfs_xcalloc(n, sizeof(*prof->rules));
	prof->n_rules = n;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *p = jpath_idx("syscalls", i);
		json_object *r = json_object_array_get_idx(arr, i);

		if (!r) {
			error(ps, p, "must be an object, not null");
			ok = false;
			continue;
		}
		if (!parse_rule(ps, r, p, i, prof->listener_path != NULL, &prof->rules[i]))
			ok = false;
	}
	return ok;
}

/* Go's spellings (amd64, arm64, loong64) are what includes.arches takes,
 * so they do turn up here; say which name to write instead. */
static void unknown_arch(struct parser *ps, const char *path, const char *name)
{
	const struct scfs_arch_info *go = scfs_arch_lookup_go(name);

	if (go)
		error(ps, path, "unknown architecture \"%s\" (the Go spelling; here write \"%s\")", name, go->oci);
	else
		error(ps, path, "unknown architecture \"%s\"", name);
}

/* Resolve a list of arch names; unknown ones are errors. */
static bool parse_arch_list(struct parser *ps, char **v, size_t n, const char *p,
			    const struct scfs_arch_info ***ret)
{
	const struct scfs_arch_info **out = scfs_xcalloc(n, sizeof(*out));
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *ip = jpath_idx(p, i);

		out[i] = scfs_arch_lookup(v[i]);
		if (!out[i]) {
			unknown_arch(ps, ip, v[i]);
			ok = false;
		}
	}
	*ret = out;
	return ok;
}

static bool parse_archmap(struct parser *ps, json_object *doc, struct scfs_profile *prof)
{
	json_object *arr;
	bool ok = true;

	if (jget_array(ps->d, doc, "archMap", "", &arr) != JF_OK)
		return jchild(doc, "archMap") == NULL || json_object_is_type(jchild(doc, "archMap"), json_type_array);
	prof->n_arch_map = json_object_array_length(arr);
	prof->arch_map = scfs_xcalloc(prof->n_arch_map, sizeof(*prof->arch_map));
	for (size_t i = 0; i < prof->n_arch_map; i++) {
		_cleanup_free_ char *p = jpath_idx("archMap", i), *name = NULL, *ap = NULL;
		json_object *o = json_object_array_get_idx(arr, i);
		struct scfs_archmap_entry *e = &prof->arch_map[i];
		char **subs = NULL;
		size_t n_subs = 0;

		if (!o || !json_object_is_type(o, json_type_object)) {
			error(ps, p, "must be an object, not %s", jtype_name(o));
			ok = false;
			continue;
		}
		jcheck_keys(ps->d, o, p, archmap_keys, false);
		ap = jpath_key(p, "architecture");
		switch (jget_string(ps->d, o, "architecture", p, &name)) {
		case JF_ABSENT:
			error(ps, ap, "missing (required)");
			ok = false;
			break;
		case JF_BAD:
			ok = false;
			break;
		case JF_OK:
			e->arch = scfs_arch_lookup(name);
			if (!e->arch) {
				unknown_arch(ps, ap, name);
				ok = false;
			}
		}
		switch (jget_strings(ps->d, o, "subArchitectures", p, &subs, &n_subs)) {
		case JF_BAD:
			ok = false;
			break;
		case JF_OK: {
			_cleanup_free_ char *sp = jpath_key(p, "subArchitectures");

			if (!parse_arch_list(ps, subs, n_subs, sp, &e->subs))
				ok = false;
			e->n_subs = n_subs;
			strv_free(subs, n_subs);
			break;
		}
		case JF_ABSENT:
			break;
		}
	}
	return ok;
}

static bool parse_top(struct parser *ps, json_object *doc, struct scfs_profile *prof)
{
	char **v = NULL;
	size_t n = 0;
	bool ok = true;
	json_object *da;

	jcheck_keys(ps->d, doc, "", top_keys, false);
	if (jget_string(ps->d, doc, "listenerPath", "", &prof->listener_path) == JF_BAD)
		ok = false;
	if (jget_string(ps->d, doc, "listenerMetadata", "", &prof->listener_metadata) == JF_BAD)
		ok = false;
	/* Go (runc) cannot tell "" from absent, and there is no socket to
	 * connect to either way. */
	if (prof->listener_path && !*prof->listener_path) {
		free(prof->listener_path);
		prof->listener_path = NULL;
	}
	if (prof->listener_metadata && !prof->listener_path) {
		error(ps, "listenerMetadata", "set without \"listenerPath\"");
		ok = false;
	}
	da = jchild(doc, "defaultAction");
	if (da || jchild(doc, "defaultErrnoRet") || jchild(doc, "defaultErrno")) {
		parse_action(ps, doc, "", "defaultAction", "defaultErrnoRet", "defaultErrno", &prof->default_action, &ok);
		check_action(ps, &prof->default_action, doc, "", "defaultErrnoRet", "defaultErrno", &ok);
		prof->has_default_action = da != NULL;
		if (prof->default_action.kind == SCFS_ACT_NOTIFY) {
			error(ps, "defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
			ok = false;
		}
	}
	switch (jget_strings(ps->d, doc, "architectures", "", &v, &n)) {
	case JF_BAD:
		ok = false;
		break;
	case JF_OK:
		if (!parse_arch_list(ps, v, n, "architectures", &prof->arches))
			ok = false;
		prof->n_arches = n;
		strv_free(v, n);
		break;
	case JF_ABSENT:
		break;
	}
	if (!parse_archmap(ps, doc, prof))
		ok = false;
	if (prof->n_arches && prof->n_arch_map) {
		error(ps, "archMap", "both \"architectures\" and \"archMap\" are set (use one)");
		ok = false;
	}
	v = NULL;
	n = 0;
	switch (jget_strings(ps->d, doc, "flags", "", &v, &n)) {
	case JF_BAD:
		ok = false;
		break;
	case JF_OK:
		prof->has_flags = true;
		for (size_t i = 0; i < n; i++) {
			unsigned bit = scfs_flag_from_string(v[i]);
			_cleanup_free_ char *ip = jpath_idx("flags", i);

			if (!bit) {
				error(ps, ip, "unknown flag \"%s\"", v[i]);
				ok = false;
			}
			prof->flags |= bit;
		}
		strv_free(v, n);
		break;
	case JF_ABSENT:
		break;
	}
	return ok;
}

int scfs_profile_parse(const char *text, size_t len, const char *name, struct scfs_profile **ret,
		       struct scfs_diag *diag)
{
	_cleanup_(scfs_profile_freep) struct scfs_profile *prof = NULL;
	struct parser ps = { .d = diag };
	json_object *doc;
	bool ok;

	doc = jparse_document(diag, text, len);
	if (!doc)
		return -EINVAL;
	prof = scfs_xcalloc(1, sizeof(*prof));
	prof->source = scfs_xstrdup(name ? name : "-");
	ok = parse_top(&ps, doc, prof);
	if (!parse_rules(&ps, doc, prof))
		ok = false;
	/* Already reported as missing if defaultErrnoRet/defaultErrno came
	 * without it. */
	if (!prof->has_default_action && prof->n_rules > 0 && !jchild(doc, "defaultErrnoRet") &&
	    !jchild(doc, "defaultErrno")) {
		error(&ps, "defaultAction", "missing (required when \"syscalls\" has entries)");
		ok = false;
	}
	json_object_put(doc);
	if (!ok || scfs_diag_failed(diag))
		return -EINVAL;
	*ret = TAKE_PTR(prof);
	return 0;
}

int scfs_profile_read(const char *path, char **ret, size_t *ret_len, struct scfs_diag *diag)
{
	int r = scfs_read_file(path, SCFS_PROFILE_MAX_BYTES, ret, ret_len);

	if (r == -EFBIG) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "file is larger than %u bytes", SCFS_PROFILE_MAX_BYTES);
		return -EINVAL;
	}
	if (r == -EISDIR || r == -EINVAL) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "not a regular file (%s)",
			      r == -EISDIR ? "a directory" : "a FIFO, socket or device");
		return -EINVAL;
	}
	if (r < 0)
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "cannot read: %s", strerror(-r));
	return r;
}

int scfs_profile_load(const char *path, struct scfs_profile **ret, struct scfs_diag *diag)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r;

	r = scfs_profile_read(path, &text, &len, diag);
	if (r < 0)
		return r;
	return scfs_profile_parse(text, len, path, ret, diag);
}
