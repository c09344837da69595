/* json-c helpers used by the profile loader. */
#include <errno.h>
#include <inttypes.h>
#include <strings.h>

#include "json_util.h"

/* Paths are built for every rule a profile has, so by hand: a printf per
 * path was a fifth of the parse of Docker's default. */
char *jpath_key(const char *base, const char *key)
{
	size_t b = strlen(base), k = strlen(key);
	char *out = scfs_xmalloc(b + k + 2), *p = out;

	if (b) {
		memcpy(p, base, b);
		p += b;
		*p++ = '.';
	}
	memcpy(p, key, k + 1);
	return out;
}

char *jpath_idx(const char *base, size_t i)
{
	char num[24], *d = num + sizeof(num);
	size_t b = strlen(base), n;
	char *out;

	*--d = ']';
	do
		*--d = (char)('0' + i % 10);
	while (i /= 10);
	*--d = '[';
	n = (size_t)(num + sizeof(num) - d);
	out = scfs_xmalloc(b + n + 1);
	memcpy(out, base, b);
	memcpy(out + b, d, n);
	out[b + n] = '\0';
	return out;
}

json_object *jchild(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v; /* NULL for JSON null */
}

const char *jtype_name(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a fractional number";
	case json_type_int:
		return "an integer";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "unknown";
}

static enum jfield bad_type(struct scfs_diag *d, const char *base, const char *key, json_object *v,
			    const char *want)
{
	_cleanup_free_ char *p = jpath_key(base, key);

	scfs_diag_add(d, SCFS_DIAG_ERROR, p, "must be %s, not %s", want, jtype_name(v));
	return JF_BAD;
}

/* A JSON string with no NUL inside: syscall names and paths go to C APIs. */
static bool string_is_clean(json_object *v)
{
	return strlen(json_object_get_string(v)) == (size_t)json_object_get_string_len(v);
}

/* The member @key of @obj when it has @type (@what names the type in the
 * diagnostic): the first step of every jget_*. */
static enum jfield jget_typed(struct scfs_diag *d, json_object *obj, const char *key, const char *base,
			      json_type type, const char *what, json_object **ret)
{
	json_object *v = jchild(obj, key);

	if (!v)
		return JF_ABSENT;
	if (!json_object_is_type(v, type))
		return bad_type(d, base, key, v, what);
	*ret = v;
	return JF_OK;
}

enum jfield jget_string(struct scfs_diag *d, json_object *obj, const char *key, const char *base, char **ret)
{
	json_object *v;
	enum jfield f = jget_typed(d, obj, key, base, json_type_string, "a string", &v);

	if (f != JF_OK)
		return f;
	if (!string_is_clean(v)) {
		_cleanup_free_ char *p = jpath_key(base, key);

		scfs_diag_add(d, SCFS_DIAG_ERROR, p, "contains a NUL character");
		return JF_BAD;
	}
	*ret = scfs_xstrdup(json_object_get_string(v));
	return JF_OK;
}

enum jfield jget_uint(struct scfs_diag *d, json_object *obj, const char *key, const char *base, uint64_t max,
		      uint64_t *ret)
{
	json_object *v;
	_cleanup_free_ char *p = NULL;
	uint64_t u;
	enum jfield f = jget_typed(d, obj, key, base, json_type_int, "an unsigned integer", &v);

	if (f != JF_OK)
		return f;
	p = jpath_key(base, key);
	if (json_object_get_int64(v) < 0) {
		scfs_diag_add(d, SCFS_DIAG_ERROR, p, "must not be negative (%" PRId64 ")", json_object_get_int64(v));
		return JF_BAD;
	}
	u = json_object_get_uint64(v);
	if (u > max) {
		scfs_diag_add(d, SCFS_DIAG_ERROR, p, "%" PRIu64 " is out of range (at most %" PRIu64 ")", u, max);
		return JF_BAD;
	}
	*ret = u;
	return JF_OK;
}

void strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static void free_key(struct lh_entry *e)
{
	free(lh_entry_k(e));
}

static void free_key_value(struct lh_entry *e)
{
	free(lh_entry_k(e));
	free(lh_entry_v(e));
}

static struct lh_table *table_or_abort(struct lh_table *t)
{
	if (!t)
		abort();
	return t;
}

struct lh_table *jtable_new(int size)
{
	return table_or_abort(lh_kchar_table_new(size, free_key));
}

struct lh_table *jtable_new_owning(int size)
{
	return table_or_abort(lh_kchar_table_new(size, free_key_value));
}

enum jfield jget_strings(struct scfs_diag *d, json_object *obj, const char *key, const char *base, char ***ret,
			 size_t *ret_n)
{
	json_object *v;
	_cleanup_free_ char *p = NULL;
	char **out;
	size_t n;
	bool bad = false;
	enum jfield f = jget_typed(d, obj, key, base, json_type_array, "an array of strings", &v);

	if (f != JF_OK)
		return f;
	p = jpath_key(base, key);
	n = json_object_array_length(v);
	out = scfs_xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(v, i);
		bool is_str = it && json_object_is_type(it, json_type_string);

		if (is_str && string_is_clean(it)) {
			out[i] = scfs_xstrdup(json_object_get_string(it));
		} else {
			/* The element's path only for its message: Docker's default
			 * has some 400 names. */
			_cleanup_free_ char *ip = jpath_idx(p, i);

			if (!is_str)
				scfs_diag_add(d, SCFS_DIAG_ERROR, ip, "must be a string, not %s",
					      it ? jtype_name(it) : "null");
			else
				scfs_diag_add(d, SCFS_DIAG_ERROR, ip, "contains a NUL character");
			bad = true;
		}
	}
	if (bad) {
		strv_free(out, n);
		return JF_BAD;
	}
	*ret = out;
	*ret_n = n;
	return JF_OK;
}

enum jfield jget_array(struct scfs_diag *d, json_object *obj, const char *key, const char *base,
		       json_object **ret)
{
	return jget_typed(d, obj, key, base, json_type_array, "an array", ret);
}

enum jfield jget_object(struct scfs_diag *d, json_object *obj, const char *key, const char *base,
			json_object **ret)
{
	return jget_typed(d, obj, key, base, json_type_object, "an object", ret);
}

void jcheck_keys(struct scfs_diag *d, json_object *obj, const char *base, const char *const *known, bool strict)
{
	json_object_object_foreach(obj, key, val)
	{
		const char *variant = NULL;
		_cleanup_free_ char *p = NULL;
		bool exact = false;

		(void)val;
		for (const char *const *k = known; *k; k++) {
			if (strcmp(*k, key) == 0)
				exact = true;
			else if (strcasecmp(*k, key) == 0)
				variant = *k;
		}
		if (exact)
			continue;
		p = jpath_key(base, key);
		if (strict && variant)
			scfs_diag_add(d, SCFS_DIAG_ERROR, p, "unknown key (keys are case-sensitive: did you mean \"%s\"?)",
				      variant);
		else if (strict)
			scfs_diag_add(d, SCFS_DIAG_ERROR, p, "unknown key");
		/* Go's decoder would accept the variant; crun's would not.  We
		 * follow crun, and say so, because ignoring it changes meaning. */
		else if (variant)
			scfs_diag_add_datum(d, SCFS_DIAG_WARNING, SCFS_DIAG_CODE_KEY_IGNORED, p, variant,
					    "key ignored: keys are case-sensitive (did you mean \"%s\"?)", variant);
		else
			scfs_diag_add_code(d, SCFS_DIAG_NOTE, SCFS_DIAG_CODE_KEY_IGNORED, p, "unknown key ignored");
	}
}
