/* A whole profile text to a json-c object: json-c's strict tokener, its
 * syntax errors said with line and column and in plain words, then the
 * second pass over the accepted text (json_scan.c) for what json-c lets
 * through. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "json_util.h"

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
