/* config.json in and out: the observed program as crun's base64
 * annotation, the atomic rewrite by the wrapper, the agent's checked read. */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_util.h"
#include "scfs/agent.h"
#include "scfs/kabi.h"
#include "scfs/sys.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *base64_encode(const unsigned char *p, size_t n)
{
	char *out = scfs_xmalloc((n + 2) / 3 * 4 + 1), *o = out;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);

		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*o = 0;
	return out;
}

static int b64_value(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

/* Strict: the standard alphabet, padded, nothing else (no blanks), and
 * the unused bits of the last group zero, so one program has one text. */
static int base64_decode(const char *s, unsigned char **ret, size_t *ret_len)
{
	size_t n = strlen(s), k = 0;
	unsigned char *out;

	if (n % 4)
		return -EINVAL;
	out = scfs_xmalloc(n / 4 * 3 + 1);
	for (size_t i = 0; i < n; i += 4) {
		int v[4], pad = 0;

		for (int j = 0; j < 4; j++) {
			bool last = i + 4 == n;

			v[j] = s[i + j] == '=' && last && j >= 2 ? (pad++, 0) : b64_value(s[i + j]);
			if (v[j] < 0 || (pad && s[i + j] != '=')) {
				free(out);
				return -EINVAL;
			}
		}
		if ((pad == 1 && (v[2] & 3)) || (pad == 2 && (v[1] & 15))) {
			free(out);
			return -EINVAL;
		}
		out[k++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (pad < 2)
			out[k++] = (unsigned char)(v[1] << 4 | v[2] >> 2);
		if (pad < 1)
			out[k++] = (unsigned char)(v[2] << 6 | v[3]);
	}
	*ret = out;
	*ret_len = k;
	return 0;
}

char *scfs_bundle_program_base64(const struct scfs_bundle *b)
{
	return base64_encode((const unsigned char *)b->obs.prog, b->obs.prog_len * sizeof(*b->obs.prog));
}

bool scfs_bundle_program_matches(const struct scfs_bundle *b, char **why)
{
	_cleanup_free_ unsigned char *prog = NULL;
	size_t len = 0, want = b->obs.prog_len * sizeof(*b->obs.prog);

	*why = NULL;
	if (!b->bpf_data)
		*why = scfs_xstrdup("no " SCFS_ANN_BPF " annotation");
	else if (base64_decode(b->bpf_data, &prog, &len) < 0)
		*why = scfs_xstrdup(SCFS_ANN_BPF " is not strict base64");
	else if (len != want)
		*why = scfs_xasprintf(SCFS_ANN_BPF " holds %zu bytes, the profile gives %zu", len, want);
	else if (memcmp(prog, b->obs.prog, len) != 0)
		*why = scfs_xstrdup(SCFS_ANN_BPF " differs from the program the profile gives");
	return !*why;
}

static json_object *child_object(json_object *parent, const char *key)
{
	json_object *o = jchild(parent, key);

	if (!o || !json_object_is_type(o, json_type_object)) {
		o = json_object_new_object();
		json_object_object_add(parent, key, o);
	}
	return o;
}

/* The flags as scfs run loads the observed program: TSYNC dropped (the
 * kernel refuses it with a listener, and the process loading it has one
 * thread), WAIT_KILLABLE_RECV added where the kernel has it (a signal
 * must not turn a call the agent lets through into EINTR).  Neither
 * changes what the program decides. */
static void listener_flags(json_object *sec)
{
	json_object *old = jchild(sec, "flags"), *flags = json_object_new_array();
	bool killable = scfs_sys_filter_flags_supported(SECCOMP_FILTER_FLAG_NEW_LISTENER |
							 SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);

	for (size_t i = 0; old && json_object_is_type(old, json_type_array) && i < json_object_array_length(old); i++) {
		json_object *f = json_object_array_get_idx(old, i);
		const char *name = json_object_get_string(f);

		if (strcmp(name, "SECCOMP_FILTER_FLAG_TSYNC") == 0)
			continue;
		if (strcmp(name, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") == 0)
			killable = false; /* there already */
		json_object_array_add(flags, json_object_get(f));
	}
	if (killable)
		json_object_array_add(flags, json_object_new_string("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"));
	if (json_object_array_length(flags) || old)
		json_object_object_add(sec, "flags", flags);
	else
		json_object_put(flags);
}

int scfs_bundle_rewrite(struct scfs_bundle *b, const char *socket, char **why)
{
	json_object *doc = b->doc, *sec = jchild(jchild(doc, "linux"), "seccomp");
	_cleanup_free_ char *prog = scfs_bundle_program_base64(b), *dir = scfs_xstrdup(b->config_path), *tmp = NULL;
	_cleanup_close_ int dfd = -1;
	const char *text, *base;
	char *slash = strrchr(dir, '/');
	struct stat st;
	int fd, r;

	json_object_object_add(child_object(doc, "annotations"), SCFS_ANN_BPF, json_object_new_string(prog));
	json_object_object_add(sec, "listenerPath", json_object_new_string(socket));
	json_object_object_add(sec, "listenerMetadata", json_object_new_string(SCFS_LISTENER_METADATA));
	/* runc 1.1.5 refuses flags it does not know (WAIT_KILLABLE_RECV): the
	 * runc model keeps the profile's own, as the agent's check expects. */
	if (!b->runc_model)
		listener_flags(sec);
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
	base = slash ? slash + 1 : dir;
	if (slash)
		*slash = 0;
	dfd = open(slash ? (*dir ? dir : "/") : ".", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (dfd < 0 || fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		*why = scfs_xasprintf("%s: %s", b->config_path, strerror(errno));
		return -errno;
	}
	fd = scfs_tmpfile_at(dfd, base, st.st_mode & 07777, &tmp);
	if (fd < 0) {
		*why = scfs_xasprintf("%s: cannot write beside it: %s", b->config_path, strerror(-fd));
		return fd;
	}
	r = scfs_write_all(fd, text, strlen(text));
	if (r == 0 && (fchown(fd, st.st_uid, st.st_gid) < 0 || fchmod(fd, st.st_mode & 07777) < 0))
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dfd, tmp, dfd, base) < 0)
		r = -errno;
	if (r < 0) {
		(void)unlinkat(dfd, tmp, 0);
		*why = scfs_xasprintf("%s: cannot rewrite it: %s", b->config_path, strerror(-r));
	}
	return r;
}

static int refuse(char **why, int err, const char *path, const char *what)
{
	*why = scfs_xasprintf("%s: %s", path, what);
	return err;
}

/* @path without following a final link: root's (or @owner's), not
 * writable by group or others, regular, at most SCFS_BUNDLE_CONFIG_MAX. */
static int read_trusted(const char *path, uid_t owner, char **text, size_t *len, char **why)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_close_ int fd = -1;
	struct stat st;
	size_t n = 0;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return refuse(why, -errno, path, strerror(errno));
	if (fstat(fd, &st) < 0)
		return refuse(why, -errno, path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return refuse(why, -EINVAL, path, "not a regular file");
	if (st.st_uid != 0 && st.st_uid != owner)
		return refuse(why, -EPERM, path, "not owned by root");
	if (st.st_mode & 022)
		return refuse(why, -EPERM, path, "writable by group or others");
	if (st.st_size > (off_t)SCFS_BUNDLE_CONFIG_MAX)
		return refuse(why, -EFBIG, path, "larger than 4 MiB");
	buf = scfs_xmalloc((size_t)st.st_size + 1);
	while (n < (size_t)st.st_size) {
		ssize_t k = read(fd, buf + n, (size_t)st.st_size - n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return refuse(why, -errno, path, strerror(errno));
		if (k == 0)
			break;
		n += (size_t)k;
	}
	buf[n] = 0;
	*text = TAKE_PTR(buf);
	*len = n;
	return 0;
}

int scfs_bundle_read_trusted(const char *bundle, uid_t owner, char **text, size_t *len, char **why)
{
	_cleanup_free_ char *path = scfs_xasprintf("%s/config.json", bundle);

	if (bundle[0] != '/')
		return refuse(why, -EINVAL, path, "the bundle is not an absolute path");
	return read_trusted(path, owner, text, len, why);
}

/* The source of the bind mount on /etc/hostname, or NULL (points into doc). */
static const char *hostname_source(json_object *doc)
{
	json_object *mounts = jchild(doc, "mounts");

	if (!mounts || !json_object_is_type(mounts, json_type_array))
		return NULL;
	for (size_t i = 0; i < json_object_array_length(mounts); i++) {
		json_object *m = json_object_array_get_idx(mounts, i);
		json_object *dst = m ? jchild(m, "destination") : NULL, *src = m ? jchild(m, "source") : NULL;

		if (dst && src && json_object_is_type(dst, json_type_string) &&
		    json_object_is_type(src, json_type_string) && strcmp(json_object_get_string(dst), "/etc/hostname") == 0)
			return json_object_get_string(src);
	}
	return NULL;
}

/* Docker (20.10) puts no name in config.json.  Its own store has it: the
 * container's /etc/hostname is bound from DATA_ROOT/containers/ID/hostname,
 * and config.v2.json beside it (root's, 0600) holds "ID" and "Name":
 * "/NAME".  Only a file read as config.json is, under the container's own
 * id, is believed. */
int scfs_bundle_docker_name(struct scfs_bundle *b, const char *id, uid_t owner)
{
	_cleanup_free_ char *want = NULL, *path = NULL, *text = NULL, *why = NULL;
	const char *src = b->doc ? hostname_source(b->doc) : NULL, *s;
	json_object *doc, *name, *cid;
	size_t len = 0, n;
	int r = -ENOENT;

	if (!src || src[0] != '/' || !id || !*id || strchr(id, '/') || strstr(src, "/../"))
		return -ENOENT;
	want = scfs_xasprintf("/containers/%s/hostname", id);
	n = strlen(src);
	if (n <= strlen(want) || strcmp(src + n - strlen(want), want) != 0)
		return -ENOENT;
	path = scfs_xasprintf("%.*sconfig.v2.json", (int)(n - strlen("hostname")), src);
	if (read_trusted(path, owner, &text, &len, &why) < 0)
		return -ENOENT;
	doc = json_tokener_parse(text);
	name = doc ? jchild(doc, "Name") : NULL;
	cid = doc ? jchild(doc, "ID") : NULL;
	if (name && cid && json_object_is_type(name, json_type_string) && json_object_is_type(cid, json_type_string) &&
	    strcmp(json_object_get_string(cid), id) == 0) {
		s = json_object_get_string(name);
		s += *s == '/';
		if (*s) {
			b->docker_name = scfs_xstrdup(s);
			r = 0;
		}
	}
	if (doc)
		json_object_put(doc);
	return r;
}
