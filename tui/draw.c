/* The bottom of sctui's screen (ui.h): drawing UTF-8 text, measuring it,
 * bands, and the status line's message.  Every panel and action draws
 * through here; this file calls no other file of the program. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "ui.h"

void sctui_ui_message(struct sctui_ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof(ui->message), fmt, ap);
	va_end(ap);
	ui->message_error = error;
}

/* Draw (or with !@draw only measure) UTF-8 @s at the cursor in at most
 * @width columns; the bytes taken go to *@bytes.  Returns columns used. */
static int text_walk(const char *s, int width, bool draw, size_t *bytes)
{
	const char *start = s;
	mbstate_t st = { 0 };
	size_t len = strlen(s);
	int used = 0;

	while (len > 0 && used < width) {
		wchar_t wc;
		size_t n;
		int w;

		/* Bytes from a target or a profile (its output, comm, names):
		 * what the escaping escapes is drawn as its \xNN, so that no
		 * control reaches the terminal and invalid bytes stay visible. */
		if (*s != '\t' && !scfs_escape_span(s, len, SCFS_ESC_SHOW, NULL)) {
			char e[8];

			snprintf(e, sizeof(e), "\\x%02x", (unsigned char)*s);
			if (used + 4 > width)
				break;
			if (draw)
				(void)addstr(e);
			used += 4;
			s++;
			len--;
			continue;
		}
		n = mbrtowc(&wc, s, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			/* Not valid in this locale: show a placeholder byte. */
			memset(&st, 0, sizeof(st));
			wc = L'?';
			n = 1;
		} else if (n == 0) {
			break;
		}
		if (wc == L'\t') {
			/* Tab stops every 4 columns: JSON nests deep. */
			int stop = (used / 4 + 1) * 4;

			while (used < stop && used < width) {
				if (draw)
					(void)addch(' ');
				used++;
			}
			s += n;
			len -= n;
			continue;
		}
		w = wcwidth(wc);
		if (w < 0) {
			wc = L'?';
			w = 1;
		}
		if (used + w > width)
			break;
		if (draw)
			(void)addnwstr(&wc, 1);
		used += w;
		s += n;
		len -= n;
	}
	if (bytes)
		*bytes = (size_t)(s - start);
	return used;
}

void sctui_draw_band(int y, int x, int width, int attr, const char *text)
{
	attrset(attr);
	move(y, x);
	for (int i = 0; i < width; i++)
		addch(' ');
	sctui_draw_text(y, x, text, width);
	attrset(A_NORMAL);
}

int sctui_draw_text(int y, int x, const char *s, int width)
{
	move(y, x);
	return text_walk(s, width, true, NULL);
}

int sctui_text_fit(const char *s, int width, size_t *bytes)
{
	return text_walk(s, width, false, bytes);
}
