/* Profile model lifetime, comparison and rendering back to OCI JSON. */
#include <json-c/json.h>
#include <unistd.h>

#include "config.h"
#include <seccomp.h>

#include "json_util.h"
#include "scfs/host.h"
#include "scfs/profile.h"

static void cond_done(struct scfs_cond *c)
{
	strv_free(c->arches, c->n_arches);
	strv_free(c->caps, c->n_caps);
	*c = (struct scfs_cond){ 0 };
}

static char **strv_copy(char **v, size_t n)
{
	char **r = scfs_xcalloc(n, sizeof(char *));

	for (size_t i = 0; i < n; i++)
		r[i] = scfs_xstrdup(v[i]);
	return r;
}

static void cond_copy(struct scfs_cond *dst, const struct scfs_cond *src)
{
	*dst = *src;
	dst->arches = strv_copy(src->arches, src->n_arches);
	dst->caps = strv_copy(src->caps, src->n_caps);
}

void scfs_rule_done(struct scfs_rule *r)
{
	strv_free(r->names, r->n_names);
	free(r->args);
	free(r->comment);
	cond_done(&r->includes);
	cond_done(&r->excludes);
	*r = (struct scfs_rule){ 0 };
}

void scfs_rule_copy(struct scfs_rule *dst, const struct scfs_rule *src)
{
	*dst = *src;
	dst->names = strv_copy(src->names, src->n_names);
	dst->args = scfs_xcalloc(src->n_args, sizeof(*src->args));
	if (src->n_args)
		memcpy(dst->args, src->args, src->n_args * sizeof(*src->args));
	dst->comment = src->comment ? scfs_xstrdup(src->comment) : NULL;
	cond_copy(&dst->includes, &src->includes);
	cond_copy(&dst->excludes, &src->excludes);
}

struct scfs_profile *scfs_profile_free(struct scfs_profile *p)
{
	if (!p)
		return NULL;
	for (size_t i = 0; i < p->n_rules; i++)
		scfs_rule_done(&p->rules[i]);
	free(p->rules);
	for (size_t i = 0; i < p->n_arch_map; i++)
		free(p->arch_map[i].subs);
	free(p->arch_map);
	free(p->arches);
	free(p->listener_path);
	free(p->listener_metadata);
	free(p->source);
	free(p);
	return NULL;
}

static bool kept(const struct scfs_profile *eff, size_t index)
{
	for (size_t i = 0; i < eff->n_rules; i++)
		if (eff->rules[i].index == index)
			return true;
	return false;
}

void scfs_profile_check_portable(const struct scfs_profile *src, const struct scfs_profile *eff,
				 struct scfs_diag *diag)
{
	for (size_t i = 0; i < src->n_rules; i++) {
		const struct scfs_action *a = &src->rules[i].action;
		_cleanup_free_ char *path = NULL;

		if (a->kind != SCFS_ACT_ERRNO || a->data <= SCFS_ERRNO_MAX || kept(eff, src->rules[i].index))
			continue;
		path = scfs_xasprintf("syscalls[%zu].errnoRet", src->rules[i].index);
		scfs_diag_add_code(diag, SCFS_DIAG_WARNING, SCFS_DIAG_CODE_ERRNO_RANGE, path,
				   "errno %u is out of range (0 to %d); the rule is not used on this host but fails to "
				   "compile where it is",
				   a->data, SCFS_ERRNO_MAX);
	}
}

bool scfs_rule_index_repeats(const struct scfs_rule *r)
{
	unsigned seen = 0;

	for (size_t i = 0; i < r->n_args; i++) {
		if (seen & (1u << r->args[i].index))
			return true;
		seen |= 1u << r->args[i].index;
	}
	return false;
}

static bool strv_equal(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

bool scfs_cond_equal(const struct scfs_cond *a, const struct scfs_cond *b)
{
	return a->present == b->present && strv_equal(a->arches, a->n_arches, b->arches, b->n_arches) &&
	       strv_equal(a->caps, a->n_caps, b->caps, b->n_caps) && a->has_min_kernel == b->has_min_kernel &&
	       (!a->has_min_kernel || scfs_kver_cmp(a->min_kernel, b->min_kernel) == 0);
}

bool scfs_rule_equal(const struct scfs_rule *a, const struct scfs_rule *b)
{
	return strv_equal(a->names, a->n_names, b->names, b->n_names) && scfs_action_equal(&a->action, &b->action) &&
	       a->n_args == b->n_args && (a->n_args == 0 || memcmp(a->args, b->args, a->n_args * sizeof(*a->args)) == 0) &&
	       scfs_cond_equal(&a->includes, &b->includes) && scfs_cond_equal(&a->excludes, &b->excludes);
}

const char *scfs_default_profile_path(const struct scfs_env *e)
{
	const char *env = e ? e->default_profile : NULL;

	if (env && *env)
		return env;
	if (access(SCFS_PROFILE_DIR "/default.json", R_OK) == 0)
		return SCFS_PROFILE_DIR "/default.json";
	return SCFS_SOURCE_PROFILE_DIR "/default.json";
}

bool scfs_profile_disables_seccomp(const struct scfs_profile *p)
{
	return !p->has_default_action && p->n_rules == 0;
}

uint32_t scfs_action_word(const struct scfs_action *a)
{
	switch (a->kind) {
	case SCFS_ACT_KILL:
	case SCFS_ACT_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case SCFS_ACT_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case SCFS_ACT_TRAP:
		return SCMP_ACT_TRAP;
	case SCFS_ACT_ERRNO:
		return SCMP_ACT_ERRNO(a->data);
	case SCFS_ACT_TRACE:
		return SCMP_ACT_TRACE(a->data);
	case SCFS_ACT_LOG:
		return SCMP_ACT_LOG;
	case SCFS_ACT_ALLOW:
		return SCMP_ACT_ALLOW;
	case SCFS_ACT_NOTIFY:
		return SCMP_ACT_NOTIFY;
	default:
		return SCMP_ACT_KILL_PROCESS;
	}
}

bool scfs_action_equal(const struct scfs_action *a, const struct scfs_action *b)
{
	return scfs_action_word(a) == scfs_action_word(b);
}

static void add_action(json_object *o, const char *akey, const char *nkey, const struct scfs_action *a)
{
	json_object_object_add(o, akey, json_object_new_string(scfs_action_to_string(a->kind)));
	if (a->data_set)
		json_object_object_add(o, nkey, json_object_new_uint64(a->data));
}

static json_object *strings_json(char **v, size_t n)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_string(v[i]));
	return arr;
}

static json_object *cond_json(const struct scfs_cond *c)
{
	json_object *o = json_object_new_object();

	if (c->n_arches)
		json_object_object_add(o, "arches", strings_json(c->arches, c->n_arches));
	if (c->n_caps)
		json_object_object_add(o, "caps", strings_json(c->caps, c->n_caps));
	if (c->has_min_kernel) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%u.%u", c->min_kernel.major, c->min_kernel.minor);
		json_object_object_add(o, "minKernel", json_object_new_string(buf));
	}
	return o;
}

static json_object *rule_json(const struct scfs_rule *r, bool expanded)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "names", strings_json(r->names, r->n_names));
	add_action(o, "action", "errnoRet", &r->action);
	if (r->n_args) {
		json_object *args = json_object_new_array();

		for (size_t i = 0; i < r->n_args; i++) {
			json_object *a = json_object_new_object();

			json_object_object_add(a, "index", json_object_new_int(r->args[i].index));
			json_object_object_add(a, "value", json_object_new_uint64(r->args[i].value));
			json_object_object_add(a, "valueTwo", json_object_new_uint64(r->args[i].value_two));
			json_object_object_add(a, "op", json_object_new_string(scfs_cmp_to_string(r->args[i].op)));
			json_object_array_add(args, a);
		}
		json_object_object_add(o, "args", args);
	}
	if (r->comment)
		json_object_object_add(o, "comment", json_object_new_string(r->comment));
	if (!expanded && r->includes.present)
		json_object_object_add(o, "includes", cond_json(&r->includes));
	if (!expanded && r->excludes.present)
		json_object_object_add(o, "excludes", cond_json(&r->excludes));
	return o;
}

static json_object *arch_list_json(const struct scfs_arch_info *const *v, size_t n)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_string(v[i]->oci));
	return arr;
}

char *scfs_profile_to_json(const struct scfs_profile *p)
{
	json_object *o = json_object_new_object();
	char *out;

	if (p->has_default_action)
		add_action(o, "defaultAction", "defaultErrnoRet", &p->default_action);
	if (p->n_arches || p->expanded)
		json_object_object_add(o, "architectures", arch_list_json(p->arches, p->n_arches));
	if (p->n_arch_map && !p->expanded) {
		json_object *arr = json_object_new_array();

		for (size_t i = 0; i < p->n_arch_map; i++) {
			json_object *e = json_object_new_object();

			json_object_object_add(e, "architecture", json_object_new_string(p->arch_map[i].arch->oci));
			json_object_object_add(e, "subArchitectures",
					       arch_list_json(p->arch_map[i].subs, p->arch_map[i].n_subs));
			json_object_array_add(arr, e);
		}
		json_object_object_add(o, "archMap", arr);
	}
	if (p->has_flags) {
		json_object *arr = json_object_new_array();

		for (unsigned bit = 1; bit; bit <<= 1)
			if (p->flags & bit)
				json_object_array_add(arr, json_object_new_string(scfs_flag_to_string(bit)));
		json_object_object_add(o, "flags", arr);
	}
	if (p->listener_path)
		json_object_object_add(o, "listenerPath", json_object_new_string(p->listener_path));
	if (p->listener_metadata)
		json_object_object_add(o, "listenerMetadata", json_object_new_string(p->listener_metadata));
	if (p->has_syscalls || p->n_rules) {
		json_object *arr = json_object_new_array();

		for (size_t i = 0; i < p->n_rules; i++)
			json_object_array_add(arr, rule_json(&p->rules[i], p->expanded));
		json_object_object_add(o, "syscalls", arr);
	}
	out = scfs_xasprintf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_SPACED |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return out;
}
