/* json-c helpers used by the profile loader. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <strings.h>

#include "json_util.h"

char *jpath_key(const char *base, const char *key)
{
	return *base ? scfs_xasprintf("%s.%s", base, key) : scfs_xstrdup(key);
}

char *jpath_idx(const char *base, size_t i)
{
	return scfs_xasprintf("%s[%zu]", base, i);
}

json_object *jchild(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v; /* NULL for JSON null */
}

static const char *type_name(json_object *v)
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

	scfs_diag_add(d, SCFS_DIAG_ERROR, p, "must be %s, not %s", want, type_name(v));
	return JF_BAD;
}

/* A JSON string with no NUL inside: syscall names and paths go to C APIs. */
static bool string_is_clean(json_object *v)
{
	return strlen(json_object_get_string(v)) == (size_t)json_object_get_string_len(v);
}

enum jfield jget_string(struct scfs_diag *d, json_object *obj, const char *key, const char *base, char **ret)
{
	json_object *v = jchild(obj, key);

	if (!v)
		return JF_ABSENT;
	if (!json_object_is_type(v, json_type_string))
		return bad_type(d, base, key, v, "a string");
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
	json_object *v = jchild(obj, key);
	_cleanup_free_ char *p = NULL;
	uint64_t u;

	if (!v)
		return JF_ABSENT;
	if (!json_object_is_type(v, json_type_int))
		return bad_type(d, base, key, v, "an unsigned integer");
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

enum jfield jget_strings(struct scfs_diag *d, json_object *obj, const char *key, const char *base, char ***ret,
			 size_t *ret_n)
{
	json_object *v = jchild(obj, key);
	_cleanup_free_ char *p = NULL;
	char **out;
	size_t n;
	bool bad = false;

	if (!v)
		return JF_ABSENT;
	if (!json_object_is_type(v, json_type_array))
		return bad_type(d, base, key, v, "an array of strings");
	p = jpath_key(base, key);
	n = json_object_array_length(v);
	out = scfs_xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(v, i);
		_cleanup_free_ char *ip = jpath_idx(p, i);

		if (!it || !json_object_is_type(it, json_type_string)) {
			scfs_diag_add(d, SCFS_DIAG_ERROR, ip, "must be a string, not %s", it ? type_name(it) : "null");
			bad = true;
		} else if (!string_is_clean(it)) {
			scfs_diag_add(d, SCFS_DIAG_ERROR, ip, "contains a NUL character");
			bad = true;
		} else {
			out[i] = scfs_xstrdup(json_object_get_string(it));
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
	json_object *v = jchild(obj, key);

	if (!v)
		return JF_ABSENT;
	if (!json_object_is_type(v, json_type_array))
		return bad_type(d, base, key, v, "an array");
	*ret = v;
	return JF_OK;
}

enum jfield jget_object(struct scfs_diag *d, json_object *obj, const char *key, const char *base,
			json_object **ret)
{
	json_object *v = jchild(obj, key);

	if (!v)
		return JF_ABSENT;
	if (!json_object_is_type(v, json_type_object))
		return bad_type(d, base, key, v, "an object");
	*ret = v;
	return JF_OK;
}

void jcheck_keys(struct scfs_diag *d, json_object *obj, const char *base, const char *const *known)
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
		/* Go's decoder would accept the variant; crun's would not.  We
		 * follow crun, and say so, because ignoring it changes meaning. */
		if (variant)
			scfs_diag_add(d, SCFS_DIAG_WARNING, p, "key ignored: keys are case-sensitive (did you mean \"%s\"?)",
				      variant);
		else
			scfs_diag_add(d, SCFS_DIAG_NOTE, p, "unknown key ignored");
	}
}

static void offset_to_line(const char *text, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* json-c clamps integers beyond 64 bits to UINT64_MAX/INT64_MIN without
 * telling the caller, so find such literals in the text ourselves. */
static bool find_overflow(const char *text, size_t len, size_t *at)
{
	bool in_str = false;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
			continue;
		}
		if (c == '-' || isdigit((unsigned char)c)) {
			size_t s = i, digits = 0;
			bool neg = c == '-', frac = false;

			if (neg)
				i++;
			while (i < len && isdigit((unsigned char)text[i])) {
				i++;
				digits++;
			}
			if (i < len && (text[i] == '.' || text[i] == 'e' || text[i] == 'E'))
				frac = true;
			if (!frac && digits >= 19) {
				errno = 0;
				if (neg)
					(void)strtoll(text + s, NULL, 10);
				else
					(void)strtoull(text + s, NULL, 10);
				if (errno == ERANGE) {
					*at = s;
					return true;
				}
			}
			while (i < len && (isalnum((unsigned char)text[i]) || text[i] == '.' || text[i] == '+' ||
					   text[i] == '-'))
				i++;
			i--;
		}
	}
	return false;
}

json_object *jparse_document(struct scfs_diag *d, const char *text, size_t len)
{
	json_tokener *tok;
	json_object *doc;
	size_t line, col, at;
	enum json_tokener_error jerr;

	if (len == 0) {
		scfs_diag_add(d, SCFS_DIAG_ERROR, "", "empty file");
		return NULL;
	}
	tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	if (!tok)
		abort();
	doc = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	if (!doc || jerr != json_tokener_success) {
		const char *why = jerr == json_tokener_continue ? "unexpected end of file" : json_tokener_error_desc(jerr);

		offset_to_line(text, json_tokener_get_parse_end(tok), &line, &col);
		scfs_diag_add(d, SCFS_DIAG_ERROR, "", "line %zu, column %zu: invalid JSON: %s", line, col, why);
		json_object_put(doc);
		json_tokener_free(tok);
		return NULL;
	}
	at = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	while (at < len && isspace((unsigned char)text[at]))
		at++;
	if (at < len) {
		offset_to_line(text, at, &line, &col);
		scfs_diag_add(d, SCFS_DIAG_ERROR, "", "line %zu, column %zu: invalid JSON: data after the top-level value",
			      line, col);
		json_object_put(doc);
		return NULL;
	}
	if (find_overflow(text, len, &at)) {
		offset_to_line(text, at, &line, &col);
		scfs_diag_add(d, SCFS_DIAG_ERROR, "", "line %zu, column %zu: number does not fit in 64 bits", line, col);
		json_object_put(doc);
		return NULL;
	}
	if (!json_object_is_type(doc, json_type_object)) {
		scfs_diag_add(d, SCFS_DIAG_ERROR, "", "the profile must be a JSON object, not %s", type_name(doc));
		json_object_put(doc);
		return NULL;
	}
	return doc;
}
