/* The escaping of untrusted bytes (scfs/escape.h). */
#include <stdint.h>

#include "scfs/escape.h"

/* The length of the valid UTF-8 sequence at @s (RFC 3629: shortest form,
 * no surrogates, nothing above U+10FFFF), or 0.  By hand: glibc's
 * mbrtowc() depends on the locale (the FUSE daemon and a C-locale scfs
 * would disagree), and neither json-c nor ncurses validates bytes. */
static size_t utf8_len(const unsigned char *s, size_t avail, uint32_t *cp)
{
	size_t n;
	uint32_t c = s[0], min;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* How many bytes at @i pass as they are; 0 when byte @i is escaped. */
static size_t safe_run(const unsigned char *s, size_t len, size_t i, unsigned flags, const char *seps)
{
	unsigned char c = s[i];
	uint32_t cp;
	size_t n;

	if (c >= 0x80) {
		n = utf8_len(s + i, len - i, &cp);
		return n && !(cp >= 0x80 && cp <= 0x9f) ? n : 0;
	}
	if (flags & SCFS_ESC_MULTILINE) {
		if (c == '\n' || c == '\t')
			return 1;
		if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
			return 1;
	}
	if (c < 0x20 || c == 0x7f)
		return 0;
	if (c == '\\')
		return flags & SCFS_ESC_KEEP_BACKSLASH ? 1 : 0;
	if (c == '"' && (flags & SCFS_ESC_QUOTED))
		return 0;
	if (seps && strchr(seps, c))
		return 0;
	return 1;
}

/* The escape of byte @c: "\\", "\"" or "\xNN", into @out (5 bytes). */
static size_t escape_one(unsigned char c, unsigned flags, char out[5])
{
	if (c == '\\' || (c == '"' && (flags & SCFS_ESC_QUOTED))) {
		out[0] = '\\';
		out[1] = (char)c;
		out[2] = '\0';
		return 2;
	}
	snprintf(out, 5, "\\x%02x", c);
	return 4;
}

void scfs_escape_put(FILE *f, const char *s, size_t len, unsigned flags, const char *seps)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t n = safe_run(u, len, i, flags, seps);
		char e[5];

		if (n) {
			fwrite(s + i, 1, n, f);
			i += n;
		} else {
			fwrite(e, 1, escape_one(u[i++], flags, e), f);
		}
	}
}

char *scfs_escape(const char *s, size_t len, unsigned flags, const char *seps)
{
	char *out = NULL;
	size_t olen = 0;
	FILE *m = open_memstream(&out, &olen);

	if (!m)
		abort(); /* out of memory, as scfs_xmalloc */
	scfs_escape_put(m, s, len, flags, seps);
	if (fclose(m) != 0 || !out)
		abort();
	return out;
}

char *scfs_escape_str(const char *s, unsigned flags, const char *seps)
{
	return s ? scfs_escape(s, strlen(s), flags, seps) : NULL;
}

size_t scfs_escape_buf(char *out, size_t size, const char *s, size_t len, unsigned flags, const char *seps)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0;

	for (size_t i = 0; i < len;) {
		size_t n = safe_run(u, len, i, flags, seps);
		char e[5];

		if (!n) {
			n = escape_one(u[i], flags, e);
			if (o + n >= size)
				break;
			memcpy(out + o, e, n);
			i++;
		} else {
			if (o + n >= size)
				break;
			memcpy(out + o, s + i, n);
			i += n;
		}
		o += n;
	}
	out[o] = '\0';
	return o;
}

size_t scfs_escape_span(const char *s, size_t len, unsigned flags, const char *seps)
{
	return len ? safe_run((const unsigned char *)s, len, 0, flags, seps) : 0;
}

bool scfs_escape_needed(const char *s, size_t len, unsigned flags, const char *seps)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0, n; i < len; i += n)
		if (!(n = safe_run(u, len, i, flags, seps)))
			return true;
	return false;
}

void scfs_escape_mask(char *buf, size_t len, size_t from, size_t to, unsigned flags)
{
	unsigned char *u = (unsigned char *)buf;

	/* A sequence that covers @from starts at most 3 bytes before it; one
	 * that starts earlier ends before it, so decoding from there meets
	 * every lead byte at or after @from where a decoding of the whole
	 * file would. */
	for (size_t i = from > 3 ? from - 3 : 0, n; i < to && i < len; i += n) {
		n = safe_run(u, len, i, flags | SCFS_ESC_KEEP_BACKSLASH, NULL);
		if (!n) {
			if (i >= from)
				u[i] = '?';
			n = 1;
		}
	}
}
