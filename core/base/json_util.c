/* json-c helpers used by the profile loader. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
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

/* The grammar of a JSON number (RFC 8259 section 6) over [s, end). */
static bool number_is_json(const char *s, const char *end)
{
	const char *p = s;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && isdigit((unsigned char)*p))
			p++;
	else
		return false;
	if (p < end && *p == '.') {
		if (++p >= end || !isdigit((unsigned char)*p))
			return false;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !isdigit((unsigned char)*p))
			return false;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	return p == end;
}

static bool is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '+' || c == '-';
}

static bool is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* What json-c's tokenizer lets through although JSON does not allow it:
 * single-quoted strings, NaN and Infinity, numbers such as "1." or "-",
 * raw control characters inside strings.  json-c also clamps integers
 * beyond 64 bits to the nearest 64-bit value without telling the caller.
 * Scans [0, len) token by token; json-c has already checked the nesting.
 * Unless @complete, the text was cut at @len (json-c stopped there), and a
 * token running up to @len is left to json-c's verdict.
 * On a problem, sets *at and returns a malloc'd message; *invalid tells a
 * syntax error from a valid number that scfs cannot hold. */
static char *lex_check(const char *text, size_t len, bool complete, size_t *at, bool *invalid)
{
	*invalid = true;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		switch (c) {
		case ' ': case '\t': case '\n': case '\r':
		case '{': case '}': case '[': case ']': case ':': case ',':
			continue;
		case '\'':
			*at = i;
			return scfs_xstrdup("strings must be in double quotes");
		case '"':
			for (i++; i < len && text[i] != '"'; i++) {
				unsigned char u = (unsigned char)text[i];

				if (u < 0x20) {
					*at = i;
					return scfs_xstrdup("control character in a string (escape it)");
				}
				if (u != '\\')
					continue;
				if (i + 1 >= len)
					return NULL; /* cut off: json-c reports it */
				if (!strchr("\"\\/bfnrtu", text[i + 1])) {
					*at = i;
					return scfs_xasprintf("invalid escape \"\\%c\" in a string", text[i + 1]);
				}
				i++;
			}
			continue;
		}
		if (c == '-' || isdigit((unsigned char)c) || isalpha((unsigned char)c)) {
			size_t s = i, n;

			while (i < len && is_word_char(text[i]))
				i++;
			n = i - s;
			*at = s;
			if (i == len && !complete)
				return NULL;
			if (c == '-' || isdigit((unsigned char)c)) {
				bool integer = !memchr(text + s, '.', n) && !memchr(text + s, 'e', n) &&
					       !memchr(text + s, 'E', n);

				if (!number_is_json(text + s, text + i))
					return scfs_xasprintf("malformed number \"%.*s\"", (int)(n < 40 ? n : 40), text + s);
				if (integer && n >= 19) {
					errno = 0;
					if (c == '-')
						(void)strtoll(text + s, NULL, 10);
					else
						(void)strtoull(text + s, NULL, 10);
					if (errno == ERANGE) {
						*invalid = false;
						return scfs_xstrdup("number does not fit in 64 bits");
					}
				}
			} else if (!((n == 4 && memcmp(text + s, "true", 4) == 0) ||
				     (n == 5 && memcmp(text + s, "false", 5) == 0) ||
				     (n == 4 && memcmp(text + s, "null", 4) == 0))) {
				return scfs_xasprintf("%.*s is not a JSON value", (int)(n < 40 ? n : 40), text + s);
			}
			i--;
			continue;
		}
		*at = i;
		return scfs_xstrdup("unexpected character");
	}
	return NULL;
}

static void report_at(struct scfs_diag *d, const char *text, size_t at, bool invalid, const char *msg)
{
	size_t line, col;

	offset_to_line(text, at, &line, &col);
	scfs_diag_add(d, SCFS_DIAG_ERROR, "", "line %zu, column %zu: %s%s", line, col, invalid ? "invalid JSON: " : "",
		      msg);
}

/* json-c in strict mode also fails on data after a complete value; tell
 * that apart by parsing the text before the failure on its own. */
static bool value_ends_before(const char *text, size_t at)
{
	json_tokener *tok = json_tokener_new_ex(JPARSE_MAX_DEPTH);
	json_object *o;
	bool done;

	if (!tok)
		abort();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, text, (int)at);
	if (json_tokener_get_error(tok) == json_tokener_continue)
		o = json_tokener_parse_ex(tok, "", 1);
	done = json_tokener_get_error(tok) == json_tokener_success;
	json_object_put(o);
	json_tokener_free(tok);
	return done;
}

/* json-c's description of a failure at *@at, made clearer where we can. */
static const char *syntax_error(const char *text, size_t *at, enum json_tokener_error jerr)
{
	size_t p = *at;

	if (jerr == json_tokener_continue)
		return "unexpected end of file";
	if (text[*at] == '/')
		return "comments are not allowed in JSON";
	while (p > 0 && is_json_space(text[p - 1]))
		p--;
	if ((text[*at] == '}' || text[*at] == ']') && p > 0 && text[p - 1] == ',') {
		*at = p - 1;
		return "trailing comma";
	}
	return json_tokener_error_desc(jerr);
}

json_object *jparse_document(struct scfs_diag *d, const char *text, size_t len)
{
	_cleanup_free_ char *lex = NULL;
	json_tokener *tok;
	json_object *doc;
	const char *nul;
	size_t at, lex_at = 0;
	bool lex_invalid = true;
	enum json_tokener_error jerr;

	if (len == 0) {
		scfs_diag_add(d, SCFS_DIAG_ERROR, "", "empty file");
		return NULL;
	}
	if (len > INT_MAX) {
		scfs_diag_add(d, SCFS_DIAG_ERROR, "", "larger than %d bytes", INT_MAX);
		return NULL;
	}
	/* json-c would take a NUL byte for the end of the input. */
	nul = memchr(text, 0, len);
	if (nul) {
		report_at(d, text, (size_t)(nul - text), true, "NUL byte");
		return NULL;
	}
	tok = json_tokener_new_ex(JPARSE_MAX_DEPTH);
	if (!tok)
		abort();
	/* Strict: no comments, no trailing commas, no leading zeros. */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	doc = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	at = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		/* A top-level number or literal is complete only once json-c
		 * sees its end; anything else still open is cut off. */
		doc = json_tokener_parse_ex(tok, "", 1);
		jerr = json_tokener_get_error(tok);
		if (jerr != json_tokener_success) {
			jerr = json_tokener_continue;
			at = len;
		}
	}
	json_tokener_free(tok);
	/* Report the first problem in the text: a token json-c let through
	 * may come before the place where it gave up. */
	lex = lex_check(text, at, jerr == json_tokener_success, &lex_at, &lex_invalid);
	if (lex) {
		report_at(d, text, lex_at, lex_invalid, lex);
		json_object_put(doc);
		return NULL;
	}
	if (jerr != json_tokener_success && !(jerr != json_tokener_continue && value_ends_before(text, at))) {
		const char *why = syntax_error(text, &at, jerr);

		report_at(d, text, at, true, why);
		json_object_put(doc);
		return NULL;
	}
	while (at < len && is_json_space(text[at]))
		at++;
	if (at < len) {
		report_at(d, text, at, true, "data after the top-level value");
		json_object_put(doc);
		return NULL;
	}
	if (!doc || !json_object_is_type(doc, json_type_object)) {
		scfs_diag_add(d, SCFS_DIAG_ERROR, "", "the profile must be a JSON object, not %s", jtype_name(doc));
		json_object_put(doc);
		return NULL;
	}
	if (jscan_document(d, text, len) < 0) {
		json_object_put(doc);
		return NULL;
	}
	return doc;
}
