/* The runc model: runc loads no raw program, so the wrapper can only change
 * the profile's JSON.  Explicit deny rules (ERRNO, and TRACE, which the
 * kernel answers ENOSYS without a tracer) become SCMP_ACT_NOTIFY rules; the
 * agent answers each notification from the real filter, compiled from the
 * original profile with runc's ENOSYS stub, so the errno and the rule stay
 * exact.  runc refuses NOTIFY as the default action and on write, so those
 * denials, and the stub's, stay with the kernel: not seen, not counted.
 *
 * The original profile travels in the annotation io.scfs.seccomp (JSON
 * text): the agent recompiles it, and takes it only if turning it into
 * NOTIFY rules gives exactly the linux.seccomp the runtime loaded. */
#include <errno.h>
#include <json-c/json.h>
#include <string.h>

#include "json_util.h"
#include "scfs/agent.h"

/* Whether a rule's action is a deny the agent can answer in the runc model. */
static bool notifiable(json_object *rule)
{
	json_object *a = jchild(rule, "action");
	const char *s = a && json_object_is_type(a, json_type_string) ? json_object_get_string(a) : "";

	return strcmp(s, "SCMP_ACT_ERRNO") == 0 || strcmp(s, "SCMP_ACT_TRACE") == 0;
}

static bool is_write(json_object *name)
{
	return json_object_is_type(name, json_type_string) && strcmp(json_object_get_string(name), "write") == 0;
}

/* A copy of @rule with its action turned into NOTIFY (and no errno), its
 * names those of @names that are (@want_write) or are not write. */
static json_object *rule_part(json_object *rule, bool want_write, bool notify)
{
	json_object *copy = NULL, *names, *kept = json_object_new_array();

	if (json_object_deep_copy(rule, &copy, NULL) < 0)
		abort(); /* out of memory */
	names = jchild(copy, "names");
	for (size_t i = 0; names && i < json_object_array_length(names); i++) {
		json_object *n = json_object_array_get_idx(names, i);

		if (is_write(n) == want_write)
			json_object_array_add(kept, json_object_get(n));
	}
	if (names)
		json_object_object_add(copy, "names", kept);
	else
		json_object_put(kept);
	if (notify) {
		json_object_object_add(copy, "action", json_object_new_string("SCMP_ACT_NOTIFY"));
		json_object_object_del(copy, "errnoRet");
		json_object_object_del(copy, "errno");
	}
	return copy;
}

/* How many of a rule's names are write (a "name" key alone counts too). */
static size_t write_names(json_object *rule, size_t *total)
{
	json_object *names = jchild(rule, "names"), *name = jchild(rule, "name");
	size_t w = 0;

	*total = 0;
	if (names && json_object_is_type(names, json_type_array)) {
		*total = json_object_array_length(names);
		for (size_t i = 0; i < *total; i++)
			w += is_write(json_object_array_get_idx(names, i));
	} else if (name) {
		*total = 1;
		w = is_write(name);
	}
	return w;
}

/* The profile runc gets: every notifiable rule NOTIFY, except on write (a
 * rule naming write and others is split, write keeping its action).
 * Returns a new object; @unobs collects the rules left to the kernel. */
static json_object *transform(json_object *sec, FILE *unobs)
{
	json_object *out = NULL, *rules, *nrules = json_object_new_array();

	if (json_object_deep_copy(sec, &out, NULL) < 0)
		abort();
	rules = jchild(out, "syscalls");
	for (size_t i = 0; rules && json_object_is_type(rules, json_type_array) && i < json_object_array_length(rules);
	     i++) {
		json_object *r = json_object_array_get_idx(rules, i);
		size_t total, w;

		if (!r || !json_object_is_type(r, json_type_object) || !notifiable(r)) {
			json_object_array_add(nrules, json_object_get(r));
			continue;
		}
		w = write_names(r, &total);
		if (w && unobs)
			fprintf(unobs, ", write (syscalls[%zu])", i);
		if (w == 0)
			json_object_array_add(nrules, rule_part(r, false, true));
		else if (w == total)
			json_object_array_add(nrules, json_object_get(r));
		else {
			json_object_array_add(nrules, rule_part(r, false, true));
			json_object_array_add(nrules, rule_part(r, true, false));
		}
	}
	if (rules)
		json_object_object_add(out, "syscalls", nrules);
	else
		json_object_put(nrules);
	return out;
}

/* What the kernel keeps in this model, for the wrapper's line and the
 * state's "unobservable": the default action when it denies, runc's
 * ENOSYS stub when the profile lists arches, and deny rules on write. */
static char *describe(json_object *sec)
{
	json_object *def = jchild(sec, "defaultAction"), *arches = jchild(sec, "architectures");
	const char *d = def && json_object_is_type(def, json_type_string) ? json_object_get_string(def) : "?";
	bool denies = strcmp(d, "SCMP_ACT_ALLOW") != 0 && strcmp(d, "SCMP_ACT_LOG") != 0;
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	json_object *t;

	if (denies && jchild(sec, "defaultErrnoRet"))
		fprintf(m, ", the default action (%s(%s))", d,
			json_object_get_string(jchild(sec, "defaultErrnoRet")));
	else if (denies)
		fprintf(m, ", the default action (%s)", d);
	if (denies && strcmp(d, "SCMP_ACT_TRACE") != 0 &&
	    ((arches && json_object_array_length(arches) > 0) || jchild(sec, "archMap")))
		fputs(", the ENOSYS stub (calls newer than the profile)", m);
	t = transform(sec, m);
	json_object_put(t);
	fclose(m);
	if (!*out) {
		free(out);
		return NULL;
	}
	memmove(out, out + 2, strlen(out + 2) + 1); /* the leading ", " */
	return out;
}

static json_object *annotations(json_object *doc)
{
	json_object *ann = jchild(doc, "annotations");

	if (!ann || !json_object_is_type(ann, json_type_object)) {
		ann = json_object_new_object();
		json_object_object_add(doc, "annotations", ann);
	}
	return ann;
}

static const char *ann_str(json_object *doc, const char *key)
{
	json_object *ann = jchild(doc, "annotations"), *v = ann ? jchild(ann, key) : NULL;

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* Take @text (JSON) as the profile the bundle is compiled from. */
static int use_original(struct scfs_bundle *b, const char *text, char **why)
{
	json_object *o = json_tokener_parse(text);

	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		*why = scfs_xasprintf("%s: annotation %s is not a JSON object", b->config_path, SCFS_ANN_SECCOMP);
		return -EINVAL;
	}
	free(b->seccomp_text);
	b->seccomp_text = scfs_xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	b->seccomp_len = strlen(b->seccomp_text);
	free(b->unobservable);
	b->unobservable = describe(o);
	json_object_put(o);
	b->enosys_stub = true;
	b->runc_model = true;
	return 0;
}

int scfs_bundle_runc_prepare(struct scfs_bundle *b, char **why)
{
	const char *orig = ann_str(b->doc, SCFS_ANN_SECCOMP);
	json_object *sec = jchild(jchild(b->doc, "linux"), "seccomp");

	/* Prepared before (create retried): start again from the original. */
	if (orig)
		return use_original(b, orig, why);
	if (!sec)
		return 0;
	return use_original(b, json_object_to_json_string_ext(sec, JSON_C_TO_STRING_PLAIN), why);
}

int scfs_bundle_runc_transform(struct scfs_bundle *b, char **why)
{
	json_object *linux_ = jchild(b->doc, "linux"), *orig = json_tokener_parse(b->seccomp_text), *t;

	if (!linux_ || !orig) {
		json_object_put(orig);
		*why = scfs_xasprintf("%s: no linux.seccomp to rewrite", b->config_path);
		return -EINVAL;
	}
	t = transform(orig, NULL);
	json_object_put(orig);
	json_object_object_add(linux_, "seccomp", t);
	json_object_object_add(annotations(b->doc), SCFS_ANN_SECCOMP, json_object_new_string(b->seccomp_text));
	json_object_object_add(annotations(b->doc), SCFS_ANN_MODEL, json_object_new_string("runc"));
	return 0;
}

int scfs_bundle_runc_check(struct scfs_bundle *b, char **why)
{
	const char *model = ann_str(b->doc, SCFS_ANN_MODEL), *orig = ann_str(b->doc, SCFS_ANN_SECCOMP);
	json_object *o, *t;
	bool same;
	int r;

	if (!model)
		return 0; /* the crun model */
	if (strcmp(model, "runc") != 0 || !orig) {
		*why = scfs_xasprintf("%s: annotation %s is \"%s\" (expected runc, with %s)", b->config_path,
				      SCFS_ANN_MODEL, model, SCFS_ANN_SECCOMP);
		return -EINVAL;
	}
	o = json_tokener_parse(orig);
	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		*why = scfs_xasprintf("%s: annotation %s is not a JSON object", b->config_path, SCFS_ANN_SECCOMP);
		return -EINVAL;
	}
	/* b->seccomp_text is what the runtime loaded, less the listener keys. */
	t = transform(o, NULL);
	same = strcmp(json_object_to_json_string_ext(t, JSON_C_TO_STRING_PLAIN), b->seccomp_text) == 0;
	json_object_put(t);
	json_object_put(o);
	if (!same) {
		*why = scfs_xasprintf("%s: linux.seccomp is not the runc model of annotation %s", b->config_path,
				      SCFS_ANN_SECCOMP);
		return -EBADMSG;
	}
	r = use_original(b, orig, why);
	return r;
}
