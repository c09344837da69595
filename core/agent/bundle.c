/* An OCI bundle's config.json as scfs observes it: linux.seccomp compiled
 * for this host as crun compiles it, the observed program, the mode and
 * the names from the annotations. */
#include <errno.h>
#include <json-c/json.h>
#include <string.h>

#include "json_util.h"
#include "scfs/agent.h"
#include "scfs/expand.h"
#include "scfs/fcache.h"

static const char *ann_string(json_object *ann, const char *key)
{
	json_object *v = ann ? jchild(ann, key) : NULL;

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static int parse_mode(struct scfs_bundle *b, json_object *ann, struct scfs_diag *diag)
{
	const char *m = ann_string(ann, SCFS_ANN_MODE);

	b->mode = SCFS_MODE_ENFORCE;
	if (ann && jchild(ann, SCFS_ANN_MODE) && !m)
		goto bad;
	if (!m || strcmp(m, "enforce") == 0)
		return 0;
	if (strcmp(m, "complain") == 0)
		b->mode = SCFS_MODE_COMPLAIN;
	else if (strcmp(m, "count") == 0)
		b->mode = SCFS_MODE_COUNT;
	else
		goto bad;
	return 0;
bad:
	scfs_diag_add(diag, SCFS_DIAG_ERROR, "annotations." SCFS_ANN_MODE, "expected enforce, complain or count");
	return -EINVAL;
}

/* process.args, for the state's "command" (empty if absent or odd). */
static void parse_args(struct scfs_bundle *b, json_object *doc)
{
	json_object *proc = jchild(doc, "process"), *args = proc ? jchild(proc, "args") : NULL;
	size_t n = args && json_object_is_type(args, json_type_array) ? json_object_array_length(args) : 0, k = 0;

	b->args = scfs_xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(args, i);

		if (json_object_is_type(a, json_type_string))
			b->args[k++] = scfs_xstrdup(json_object_get_string(a));
	}
}

/* A rule of the profile's own that hands calls to a listener. */
static bool has_notify_rule(json_object *sec)
{
	json_object *rules = jchild(sec, "syscalls");
	json_object *def = jchild(sec, "defaultAction");

	if (def && json_object_is_type(def, json_type_string) && strcmp(json_object_get_string(def), "SCMP_ACT_NOTIFY") == 0)
		return true;
	if (!rules || !json_object_is_type(rules, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(rules); i++) {
		json_object *r = json_object_array_get_idx(rules, i), *a = r ? jchild(r, "action") : NULL;

		if (a && json_object_is_type(a, json_type_string) && strcmp(json_object_get_string(a), "SCMP_ACT_NOTIFY") == 0)
			return true;
	}
	return false;
}

/* linux.seccomp as compiled: without the listener keys, as text. */
static void take_seccomp(struct scfs_bundle *b, json_object *sec, bool strip)
{
	json_object *copy = NULL;

	if (!strip)
		b->own_listener = jchild(sec, "listenerPath") || jchild(sec, "listenerMetadata") || has_notify_rule(sec);
	if (json_object_deep_copy(sec, &copy, NULL) < 0)
		abort(); /* out of memory */
	json_object_object_del(copy, "listenerPath");
	json_object_object_del(copy, "listenerMetadata");
	b->seccomp_text = scfs_xstrdup(json_object_to_json_string_ext(copy, JSON_C_TO_STRING_PLAIN));
	b->seccomp_len = strlen(b->seccomp_text);
	json_object_put(copy);
}

int scfs_bundle_parse(struct scfs_bundle *b, const char *text, size_t len, const char *path, bool strip,
		      struct scfs_diag *diag)
{
	json_object *doc, *linux_, *sec, *ann;
	int r;

	*b = (struct scfs_bundle){ .config_path = scfs_xstrdup(path) };
	doc = jparse_document(diag, text, len);
	if (!doc)
		return -EINVAL;
	b->doc = doc;
	if (!json_object_is_type(doc, json_type_object)) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "must be a JSON object, not %s", jtype_name(doc));
		return -EINVAL;
	}
	ann = jchild(doc, "annotations");
	if (ann && !json_object_is_type(ann, json_type_object)) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "annotations", "must be an object, not %s", jtype_name(ann));
		return -EINVAL;
	}
	r = parse_mode(b, ann, diag);
	if (r < 0)
		return r;
	b->bpf_data = ann_string(ann, SCFS_ANN_BPF);
	/* CRI-O's keys, else containerd's CRI plugin's. */
	b->container_name = ann_string(ann, "io.kubernetes.container.name") ?:
			    ann_string(ann, "io.kubernetes.cri.container-name");
	b->pod = ann_string(ann, "io.kubernetes.pod.name") ?: ann_string(ann, "io.kubernetes.cri.sandbox-name");
	b->pod_namespace = ann_string(ann, "io.kubernetes.pod.namespace") ?:
			   ann_string(ann, "io.kubernetes.cri.sandbox-namespace");
	parse_args(b, doc);
	linux_ = jchild(doc, "linux");
	sec = linux_ && json_object_is_type(linux_, json_type_object) ? jchild(linux_, "seccomp") : NULL;
	if (!sec)
		return 0;
	if (!json_object_is_type(sec, json_type_object)) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "linux.seccomp", "must be an object, not %s", jtype_name(sec));
		return -EINVAL;
	}
	b->has_seccomp = true;
	take_seccomp(b, sec, strip);
	/* crun's own way to hand the listener elsewhere. */
	if (!strip && ann_string(ann, "run.oci.seccomp.receiver"))
		b->own_listener = true;
	return 0;
}

int scfs_bundle_compile(struct scfs_bundle *b, const char *cache_dir, struct scfs_diag *diag)
{
	_cleanup_free_ char *label = scfs_xasprintf("%s linux.seccomp", b->config_path);
	struct scfs_compile_opts co;
	int r;

	r = scfs_host_detect(&b->host);
	if (r < 0) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "cannot read this host's arch or kernel: %s", strerror(-r));
		return r;
	}
	/* Messages about the profile name config.json and the rule. */
	scfs_diag_set_file(diag, label);
	r = scfs_profile_parse(b->seccomp_text, b->seccomp_len, label, &b->src, diag);
	if (r == 0)
		r = scfs_profile_expand(b->src, &b->host, &b->eff);
	if (r == 0)
		scfs_profile_check_portable(b->src, b->eff, diag);
	if (r < 0) {
		scfs_diag_set_file(diag, NULL);
		return r;
	}
	/* crun's model: no ENOSYS stub; runc's: its stub (tests/parity
	 * proves both equal to the runtimes' own). */
	scfs_compile_opts_init(&co);
	co.enosys = b->enosys_stub ? SCFS_ENOSYS_STUB : SCFS_ENOSYS_NONE;
	/* Both runtimes drop names libseccomp does not know (mseal in
	 * Docker's default): those calls get the default action there. */
	co.libseccomp_names = true;
	{
		const struct scfs_fcache_key key = { b->seccomp_text, b->seccomp_len, &b->host };

		r = scfs_compile_cached(b->eff, &co, &key, cache_dir, &b->filter, diag);
	}
	if (r == 0)
		r = scfs_observer_init_external(&b->obs, b->filter, b->mode, diag);
	scfs_diag_set_file(diag, NULL);
	b->compiled = r == 0;
	return r;
}

void scfs_bundle_done(struct scfs_bundle *b)
{
	if (b->compiled)
		scfs_observer_done(&b->obs);
	scfs_filter_free(b->filter);
	scfs_profile_free(b->eff);
	scfs_profile_free(b->src);
	if (b->args)
		for (char **a = b->args; *a; a++)
			free(*a);
	free(b->args);
	free(b->seccomp_text);
	free(b->unobservable);
	free(b->docker_name);
	free(b->config_path);
	if (b->doc)
		json_object_put(b->doc);
	*b = (struct scfs_bundle){ 0 };
}
