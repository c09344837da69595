/* The escaping of untrusted bytes (core/base/escape.c): every class of byte a
 * terminal or a record parser would act on, and what must pass untouched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "scfs/escape.h"

/* Escape @len bytes and compare with @want (printed both ways on failure). */
static void is(const char *what, const char *s, size_t len, unsigned flags, const char *seps, const char *want)
{
	char *got = scfs_escape(s, len, flags, seps);

	if (!tap_ok(strcmp(got, want) == 0, "%s", what))
		printf("#   got: '%s'\n#  want: '%s'\n", got, want);
	free(got);
}

#define IS(what, lit, flags, seps, want) is(what, lit, sizeof(lit) - 1, flags, seps, want)

static void controls(void)
{
	IS("ESC and a CSI sequence", "a\x1b[2Jb", 0, NULL, "a\\x1b[2Jb");
	IS("\\r, \\n and \\t in a field", "x\ry\nz\tw", 0, NULL, "x\\x0dy\\x0az\\x09w");
	IS("NUL and DEL", "a\0b\x7f", 0, NULL, "a\\x00b\\x7f");
	IS("C1 controls U+0080 and U+009B (CSI)", "\xc2\x80-\xc2\x9b", 0, NULL, "\\xc2\\x80-\\xc2\\x9b");
	IS("U+00A0 right after the C1 range passes", "\xc2\xa0", 0, NULL, "\xc2\xa0");
	IS("backslash doubled in a field", "a\\x1b", 0, NULL, "a\\\\x1b");
	IS("backslash kept for display", "a\\x1b\x1b", SCFS_ESC_SHOW, NULL, "a\\x1b\\x1b");
	IS("printable ASCII passes", " !\"#~09AZaz", 0, NULL, " !\"#~09AZaz");
	IS("between quotes: \\\" and \\\\", "a\"b\\c", SCFS_ESC_QUOTED, NULL, "a\\\"b\\\\c");
}

static void utf8(void)
{
	IS("valid 2-, 3- and 4-byte UTF-8 passes", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 0, NULL,
	   "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	IS("a stray continuation byte", "a\x80z", 0, NULL, "a\\x80z");
	IS("a truncated sequence, then ASCII", "\xe2\x82z", 0, NULL, "\\xe2\\x82z");
	IS("a truncated sequence at the end", "a\xe2", 0, NULL, "a\\xe2");
	IS("overlong NUL and overlong '/'", "\xc0\x80\xe0\x80\xaf", 0, NULL, "\\xc0\\x80\\xe0\\x80\\xaf");
	IS("a surrogate (U+D800)", "\xed\xa0\x80", 0, NULL, "\\xed\\xa0\\x80");
	IS("above U+10FFFF", "\xf4\x90\x80\x80", 0, NULL, "\\xf4\\x90\\x80\\x80");
	IS("0xfe and 0xff", "\xfe\xff", 0, NULL, "\\xfe\\xff");
	IS("an invalid lead before a valid sequence", "\xe2\xe2\x82\xac", 0, NULL, "\\xe2\xe2\x82\xac");
}

static void separators(void)
{
	IS("blank and '=' in a key=value field", "a b=c", 0, " =", "a\\x20b\\x3dc");
	IS("tab in a TSV field even with a separator list", "a\tb", 0, "\t", "a\\x09b");
	IS("multi-line text keeps \\n, \\t and \\r\\n", "a\tb\r\nc\n", SCFS_ESC_MULTILINE, NULL, "a\tb\r\nc\n");
	IS("multi-line text escapes a lone \\r", "ok\rforged\n", SCFS_ESC_MULTILINE, NULL, "ok\\x0dforged\n");
	IS("multi-line text still escapes ESC", "a\n\x1b[2J\n", SCFS_ESC_SHOW_TEXT, NULL, "a\n\\x1b[2J\n");
}

static void helpers(void)
{
	char buf[12];
	size_t n;

	n = scfs_escape_buf(buf, sizeof(buf), "ab\x1b\x1b\x1b", 5, 0, NULL);
	tap_ok(n == 10 && strcmp(buf, "ab\\x1b\\x1b") == 0, "a fixed buffer holds whole escapes only (%s)", buf);
	n = scfs_escape_buf(buf, 4, "\xc3\xa9\xc3\xa9", 4, 0, NULL);
	tap_ok(n == 2 && strcmp(buf, "\xc3\xa9") == 0, "a fixed buffer never splits a UTF-8 sequence");
	tap_ok(!scfs_escape_needed("plain text", 10, 0, NULL) && scfs_escape_needed("a b", 3, 0, " "),
	       "escape_needed says when something would change");
	tap_ok(scfs_escape_str(NULL, 0, NULL) == NULL, "escape_str(NULL) is NULL");
}

/* The same-length form over a window must equal the form over the whole. */
static void mask(void)
{
	static const char text[] = "ok \xc3\xa9 \x1b[2J \xc2\x9b x\xe2\x82\xac\x80 a\rb\r\n\\x1b end";
	size_t len = sizeof(text) - 1;
	char whole[sizeof(text)];
	bool same = true;

	memcpy(whole, text, sizeof(text));
	scfs_escape_mask(whole, len, 0, len, SCFS_ESC_MULTILINE);
	tap_ok(strcmp(whole, "ok \xc3\xa9 ?[2J ?? x\xe2\x82\xac? a?b\r\n\\x1b end") == 0,
	       "mask: same length, '?' for every escaped byte");
	/* Every window [from, to) with 3 bytes of context either side. */
	for (size_t from = 0; from < len; from++)
		for (size_t to = from + 1; to <= len; to++) {
			size_t lo = from > 3 ? from - 3 : 0, hi = to + 3 < len ? to + 3 : len;
			char win[sizeof(text)];

			memcpy(win, text + lo, hi - lo);
			scfs_escape_mask(win, hi - lo, from - lo, to - lo, SCFS_ESC_MULTILINE);
			if (memcmp(win + (from - lo), whole + from, to - from) != 0)
				same = false;
		}
	tap_ok(same, "mask: every window of the text gives the bytes of the whole");
}

int main(void)
{
	controls();
	utf8();
	separators();
	helpers();
	mask();
	return tap_done();
}
