/* The state message a runtime sends with a seccomp listener (the OCI
 * runtime spec's ContainerProcessState), validated strictly: whatever
 * reaches the agent's socket is untrusted until it passes. */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "json_util.h"
#include "scfs/agent.h"

static const char *const top_keys[] = { "ociVersion", "fds", "pid", "metadata", "state", NULL };
static const char *const state_keys[] = { "ociVersion", "id", "status", "pid", "bundle", "annotations", NULL };

static bool only_keys(json_object *o, const char *const *known, const char **bad)
{
	json_object_object_foreach(o, key, val) {
		bool found = false;

		(void)val;
		for (size_t i = 0; known[i] && !found; i++)
			found = strcmp(key, known[i]) == 0;
		if (!found) {
			*bad = key;
			return false;
		}
	}
	return true;
}

static const char *get_string(json_object *o, const char *key)
{
	json_object *v = jchild(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* A pid, > 0 (or 0 where crun's exec message has it). */
static int get_pid(json_object *o, const char *key, pid_t *ret)
{
	json_object *v = jchild(o, key);
	int64_t n;

	if (!v || !json_object_is_type(v, json_type_int))
		return -EINVAL;
	n = json_object_get_int64(v);
	if (n < 0 || n > INT_MAX)
		return -EINVAL;
	*ret = (pid_t)n;
	return 0;
}

static bool id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	if (n < 1 || n > 128)
		return false;
	return strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

/* Absolute, no "." or ".." component, no empty one, at most PATH_MAX. */
static bool bundle_ok(const char *b)
{
	size_t n = b ? strlen(b) : 0;

	if (n < 2 || n >= PATH_MAX || b[0] != '/')
		return false;
	for (const char *p = b + 1; *p;) {
		size_t k = strcspn(p, "/");

		if (k == 0 || (k == 1 && p[0] == '.') || (k == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += k;
		p += *p == '/';
		if (p[-1] == '/' && !*p)
			return false;
	}
	return true;
}

static bool fds_ok(json_object *fds)
{
	json_object *f0;

	if (!fds || !json_object_is_type(fds, json_type_array) || json_object_array_length(fds) != 1)
		return false;
	f0 = json_object_array_get_idx(fds, 0);
	return f0 && json_object_is_type(f0, json_type_string) && strcmp(json_object_get_string(f0), "seccompFd") == 0;
}

static int check_state(json_object *st, struct scfs_agent_msg *m, char **why)
{
	const char *bad = NULL, *id, *bundle, *status;
	json_object *ann = jchild(st, "annotations");

	if (!only_keys(st, state_keys, &bad))
		return *why = scfs_xasprintf("state: unexpected key \"%.64s\"", bad), -EINVAL;
	if (!get_string(st, "ociVersion"))
		return *why = scfs_xstrdup("state.ociVersion: missing or not a string"), -EINVAL;
	id = get_string(st, "id");
	if (!id_ok(id))
		return *why = scfs_xstrdup("state.id: not 1 to 128 of [A-Za-z0-9_.-]"), -EINVAL;
	status = get_string(st, "status");
	if (!status)
		return *why = scfs_xstrdup("state.status: missing or not a string"), -EINVAL;
	if (get_pid(st, "pid", &m->init_pid) < 0)
		return *why = scfs_xstrdup("state.pid: not a positive integer"), -EINVAL;
	bundle = get_string(st, "bundle");
	/* crun's message for an exec'd process: pid 0 and bundle "." (its
	 * working directory); only a container already supervised takes it. */
	m->exec_form = m->pid == 0 && m->init_pid == 0 && bundle && strcmp(bundle, ".") == 0 &&
		       strcmp(status, "running") == 0;
	if (!m->exec_form && (m->pid == 0 || m->init_pid == 0))
		return *why = scfs_xstrdup("pid: not a positive integer"), -EINVAL;
	if (!m->exec_form && !bundle_ok(bundle))
		return *why = scfs_xstrdup("state.bundle: not an absolute path without . or .. components"), -EINVAL;
	if (ann && !json_object_is_type(ann, json_type_object))
		return *why = scfs_xstrdup("state.annotations: not an object"), -EINVAL;
	snprintf(m->id, sizeof(m->id), "%s", id);
	m->bundle = m->exec_form ? NULL : scfs_xstrdup(bundle);
	m->status = scfs_xstrdup(status);
	return 0;
}

static int check_top(json_object *doc, struct scfs_agent_msg *m, char **why)
{
	const char *bad = NULL, *meta;
	json_object *st;

	if (!json_object_is_type(doc, json_type_object))
		return *why = scfs_xstrdup("not a JSON object"), -EINVAL;
	if (!only_keys(doc, top_keys, &bad))
		return *why = scfs_xasprintf("unexpected key \"%.64s\"", bad), -EINVAL;
	if (!get_string(doc, "ociVersion"))
		return *why = scfs_xstrdup("ociVersion: missing or not a string"), -EINVAL;
	if (!fds_ok(jchild(doc, "fds")))
		return *why = scfs_xstrdup("fds: not [\"seccompFd\"]"), -EINVAL;
	if (get_pid(doc, "pid", &m->pid) < 0)
		return *why = scfs_xstrdup("pid: not a positive integer"), -EINVAL;
	meta = get_string(doc, "metadata");
	if (!meta || strcmp(meta, SCFS_LISTENER_METADATA) != 0)
		return *why = scfs_xstrdup("metadata: not \"" SCFS_LISTENER_METADATA "\" (listenerMetadata)"), -EINVAL;
	st = jchild(doc, "state");
	if (!st || !json_object_is_type(st, json_type_object))
		return *why = scfs_xstrdup("state: missing or not an object"), -EINVAL;
	return check_state(st, m, why);
}

int scfs_agent_msg_parse(const char *text, size_t len, struct scfs_agent_msg *m, char **why)
{
	struct scfs_diag d;
	json_object *doc;
	int r;

	*m = (struct scfs_agent_msg){ 0 };
	*why = NULL;
	if (len > SCFS_AGENT_MSG_MAX)
		return *why = scfs_xstrdup("larger than 64 KiB"), -EINVAL;
	/* Duplicate keys, NULs in keys and bad UTF-8 are refused too. */
	scfs_diag_init(&d, "message");
	doc = jparse_document(&d, text, len);
	if (!doc || scfs_diag_failed(&d)) {
		*why = scfs_xasprintf("not valid JSON%s%s", d.n ? ": " : "", d.n ? d.v[0].msg : "");
		scfs_diag_done(&d);
		if (doc)
			json_object_put(doc);
		return -EINVAL;
	}
	scfs_diag_done(&d);
	r = check_top(doc, m, why);
	json_object_put(doc);
	if (r < 0)
		scfs_agent_msg_done(m);
	return r;
}

void scfs_agent_msg_done(struct scfs_agent_msg *m)
{
	free(m->bundle);
	free(m->status);
	m->bundle = m->status = NULL;
}

bool scfs_agent_fd_is_listener(int fd)
{
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = 0;
	return strcmp(target, "anon_inode:seccomp notify") == 0;
}
