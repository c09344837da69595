/* A second pass over a JSON text json-c has accepted, for what json-c
 * 0.16 lets through without a word:
 *   - duplicate keys: json-c keeps the last value and drops the others (a
 *     profile with "defaultAction" twice reads one way and runs the other).
 *     It has no tokener flag and no parse callback that would see them,
 *     and by the time the object exists they are gone, so the text is
 *     walked here;
 *   - keys with a NUL (\u0000) in them: json-c cuts a key there, so
 *     "defaultAction\u0000x" would become "defaultAction";
 *   - invalid UTF-8 in strings.  JSON_TOKENER_VALIDATE_UTF8 exists, but it
 *     takes overlong forms, surrogates and code points past U+10FFFF, and
 *     reports a byte offset where the user needs the field's JSON path.
 * One pass, left to right, keeping the path to the current value; each
 * object's keys go into a json-c hash table (randomly seeded, so a crafted
 * set of keys cannot make it slow).  The nesting limit is the loader's:
 * json-c has already refused anything deeper. */
#include <errno.h>

#include "json_util.h"

/* Path components longer than this are shortened in messages: no real
 * key comes close, and a path is built for every error reported. */
#define KEY_SHOWN_MAX 64

struct frame {
	bool object;
	bool want_key;      /* object: the next string is a key */
	size_t index;       /* array: the current element */
	char *key;          /* object: the current key, decoded */
	struct lh_table *keys; /* object: key -> line of its first occurrence */
};

struct scan {
	struct scfs_diag *d;
	const char *text;
	size_t len, line;
	struct frame stack[JPARSE_MAX_DEPTH + 1];
	size_t depth;
	json_tokener *tok; /* decodes keys that hold escapes */
	bool failed;
};

static char *shown_key(const char *key)
{
	if (strlen(key) <= KEY_SHOWN_MAX)
		return scfs_xstrdup(key);
	return scfs_xasprintf("%.*s...", KEY_SHOWN_MAX, key);
}

/* The JSON path of the position in the first @n frames. */
static char *scan_path(const struct scan *s, size_t n)
{
	char *p = scfs_xstrdup(""), *q;

	for (size_t i = 0; i < n; i++) {
		const struct frame *f = &s->stack[i];

		if (f->object && f->key) {
			_cleanup_free_ char *k = shown_key(f->key);

			q = jpath_key(p, k);
		} else if (!f->object) {
			q = jpath_idx(p, f->index);
		} else {
			continue;
		}
		free(p);
		p = q;
	}
	return p;
}

/* An error at the path of the first @n frames: all of them for a value,
 * all but the innermost for a key (the path of the object holding it). */
static void scan_error(struct scan *s, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void scan_error(struct scan *s, size_t n, const char *fmt, ...)
{
	_cleanup_free_ char *p = NULL;
	va_list ap;

	s->failed = true;
	/* Past the diagnostics' limit only the count is kept: no path to build. */
	if (s->d->n < SCFS_DIAG_MAX)
		p = scan_path(s, n);
	va_start(ap, fmt);
	scfs_diag_vadd(s->d, SCFS_DIAG_ERROR, p ? p : "", fmt, ap);
	va_end(ap);
}

/* Length of the UTF-8 sequence at @p (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0 if it is not one. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* Offset of the first invalid byte in [p, end), or -1. */
static ssize_t utf8_invalid_at(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p, *e = (const unsigned char *)end;

	while (u < e) {
		size_t n = utf8_seq(u, e);

		if (!n)
			return (ssize_t)(u - (const unsigned char *)p);
		u += n;
	}
	return -1;
}

/* The key at [start, end) (inside the quotes), decoded the way json-c
 * decodes it; NULL if it holds a NUL. */
static char *decode_key(struct scan *s, size_t start, size_t end)
{
	json_object *o;
	char *k = NULL;

	if (!memchr(s->text + start, '\\', end - start)) {
		k = scfs_xmalloc(end - start + 1);
		memcpy(k, s->text + start, end - start);
		k[end - start] = '\0';
		return k;
	}
	json_tokener_reset(s->tok);
	o = json_tokener_parse_ex(s->tok, s->text + start - 1, (int)(end - start + 2));
	if (!o || !json_object_is_type(o, json_type_string))
		abort(); /* json-c took the whole document a moment ago */
	if (strlen(json_object_get_string(o)) == (size_t)json_object_get_string_len(o))
		k = scfs_xstrdup(json_object_get_string(o));
	json_object_put(o);
	return k;
}

static void scan_key(struct scan *s, size_t start, size_t end)
{
	struct frame *f = &s->stack[s->depth - 1];
	void *first;

	free(f->key);
	f->key = decode_key(s, start, end);
	f->want_key = false;
	if (!f->key) {
		f->key = scfs_xstrdup("");
		scan_error(s, s->depth - 1, "a key contains a NUL character (U+0000), line %zu", s->line);
		return;
	}
	if (!f->keys)
		f->keys = jtable_new(16);
	if (lh_table_lookup_ex(f->keys, f->key, &first)) {
		scan_error(s, s->depth, "duplicate key (first given at line %zu)",
			   (size_t)(uintptr_t)first);
		return;
	}
	if (lh_table_insert(f->keys, scfs_xstrdup(f->key), (void *)(uintptr_t)s->line) < 0)
		abort();
}

/* The string whose opening quote is at @i; returns the offset of its
 * closing quote. */
static size_t scan_string(struct scan *s, size_t i)
{
	size_t start = i + 1, end = start;
	struct frame *f = s->depth ? &s->stack[s->depth - 1] : NULL;
	bool key = f && f->object && f->want_key;
	ssize_t bad;

	while (s->text[end] != '"')
		end += s->text[end] == '\\' ? 2 : 1;
	bad = utf8_invalid_at(s->text + start, s->text + end);
	if (bad >= 0 && key)
		scan_error(s, s->depth - 1, "a key is not valid UTF-8 (byte 0x%02x at line %zu)",
			   (unsigned char)s->text[start + (size_t)bad], s->line);
	else if (bad >= 0)
		scan_error(s, s->depth, "not valid UTF-8 (byte 0x%02x at offset %zd of the string)",
			   (unsigned char)s->text[start + (size_t)bad], bad);
	if (key)
		scan_key(s, start, end);
	return end;
}

static void pop(struct scan *s)
{
	struct frame *f = &s->stack[--s->depth];

	free(f->key);
	if (f->keys)
		lh_table_free(f->keys);
	*f = (struct frame){ 0 };
}

int jscan_document(struct scfs_diag *d, const char *text, size_t len)
{
	struct scan s = { .d = d, .text = text, .len = len, .line = 1 };

	s.tok = json_tokener_new_ex(JPARSE_MAX_DEPTH);
	if (!s.tok)
		abort();
	for (size_t i = 0; i < len; i++) {
		switch (text[i]) {
		case '\n':
			s.line++;
			break;
		case '{':
		case '[':
			if (s.depth == JPARSE_MAX_DEPTH + 1)
				abort(); /* json-c refuses this nesting */
			s.stack[s.depth++] = (struct frame){ .object = text[i] == '{', .want_key = text[i] == '{' };
			break;
		case '}':
		case ']':
			pop(&s);
			break;
		case ',':
			if (s.stack[s.depth - 1].object)
				s.stack[s.depth - 1].want_key = true;
			else
				s.stack[s.depth - 1].index++;
			break;
		case '"':
			i = scan_string(&s, i);
			break;
		}
	}
	while (s.depth)
		pop(&s);
	json_tokener_free(s.tok);
	return s.failed ? -EINVAL : 0;
}
