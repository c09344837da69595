/* A scrollable text view over the table: help, diff, detail.  Lines
 * longer than the view wrap at a blank (or anywhere, for a word wider
 * than the view), continued a little indented, so that nothing is cut off
 * at 80 columns; scrolling counts the rows on screen. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* One row on screen: a piece of a line. */
struct vrow {
	size_t line, off, len;
	int indent;
};

struct text_view {
	char *title;
	char *text;
	const char **lines; /* into text, each ended by '\0' */
	size_t n_lines;
	size_t top;         /* first row shown, in rows[] */
	bool diff;          /* colour +, - and @@ lines */
	struct vrow *rows;  /* the lines wrapped for the width rows_w */
	size_t n_rows;
	int rows_w;
};

static void text_done(struct panel *p)
{
	struct text_view *t = p->priv;

	if (!t)
		return;
	free(t->title);
	free(t->text);
	free(t->lines);
	free(t->rows);
	free(t);
	p->priv = NULL;
}

struct panel *sctui_text_new(const char *title, char *text, bool diff)
{
	struct panel *p = scfs_xcalloc(1, sizeof(*p));
	struct text_view *t = scfs_xcalloc(1, sizeof(*t));
	size_t cap = 64;

	t->title = scfs_xstrdup(title);
	t->text = text ? text : scfs_xstrdup("");
	t->diff = diff;
	t->lines = scfs_xcalloc(cap, sizeof(*t->lines));
	for (char *s = t->text; *s;) {
		char *e = strchrnul(s, '\n');
		bool last = *e == '\0';

		if (t->n_lines == cap) {
			cap *= 2;
			t->lines = scfs_xrealloc(t->lines, cap, sizeof(*t->lines));
		}
		t->lines[t->n_lines++] = s;
		*e = '\0';
		s = last ? e : e + 1;
	}
	p->ops = &sctui_text_ops;
	p->priv = t;
	return p;
}

static int line_color(const struct text_view *t, const char *l)
{
	if (!t->diff)
		return -1;
	if (strncmp(l, "@@", 2) == 0)
		return SCTUI_COLOR_DIFF_HUNK;
	if (l[0] == '+')
		return SCTUI_COLOR_DIFF_ADD;
	if (l[0] == '-')
		return SCTUI_COLOR_DIFF_DEL;
	return -1;
}

static void add_row(struct text_view *t, size_t *cap, size_t line, size_t off, size_t len, int indent)
{
	if (t->n_rows == *cap) {
		*cap = *cap ? *cap * 2 : 128;
		t->rows = scfs_xrealloc(t->rows, *cap, sizeof(*t->rows));
	}
	t->rows[t->n_rows++] = (struct vrow){ line, off, len, indent };
}

/* The length of the next piece of @s that fits in @w columns: up to the
 * last blank that fits, or after the last '|' or ',' (flag lists), or as
 * much as fits when there is none. */
static size_t piece(const char *s, int w)
{
	size_t fits, n = strlen(s), lead = strspn(s, " ");

	sctui_text_fit(s, w, &fits);
	if (fits >= n)
		return n;
	/* Not inside the line's own indentation: that would leave a blank row. */
	for (size_t i = fits; i > lead; i--)
		if (s[i] == ' ')
			return i;
	for (size_t i = fits; i > lead + 1; i--)
		if (s[i - 1] == '|' || s[i - 1] == ',')
			return i;
	if (fits == 0) /* a character wider than the view */
		for (fits = 1; (s[fits] & 0xc0) == 0x80; fits++)
			;
	return fits;
}

/* Where a wrapped line continues: under the text after the last gap of
 * two blanks in its first half (the third column of "  KEYS  name  what"),
 * else two columns in from its own indentation. */
static int hanging_indent(const char *l, int w)
{
	size_t lead = strspn(l, " "), at = 0;

	for (size_t i = lead; l[i] && i + 2 < (size_t)w / 2; i++)
		if (l[i] == ' ' && l[i + 1] == ' ' && l[i + 2] != ' ' && l[i + 2])
			at = i + 2;
	if (at)
		return (int)at;
	return (int)lead + 2 < w / 3 ? (int)lead + 2 : w / 3;
}

static void wrap(struct text_view *t, int w)
{
	size_t cap = 0;

	t->n_rows = 0;
	t->rows_w = w;
	for (size_t i = 0; i < t->n_lines; i++) {
		const char *l = t->lines[i];
		size_t off = 0, len = strlen(l);
		int indent = 0;

		do {
			size_t n = piece(l + off, w - indent);

			add_row(t, &cap, i, off, n, indent);
			off += n;
			while (l[off] == ' ')
				off++;
			indent = hanging_indent(l, w);
		} while (off < len);
	}
}

static void text_draw(struct panel *p, struct sctui_ui *ui)
{
	struct text_view *t = p->priv;
	int rows = p->h - 1;
	char head[320];

	if (rows < 1 || p->w < 1)
		return;
	if (t->rows_w != p->w)
		wrap(t, p->w);
	if (t->n_rows > (size_t)rows && t->top > t->n_rows - (size_t)rows)
		t->top = t->n_rows - (size_t)rows;
	if (t->n_rows <= (size_t)rows)
		t->top = 0;
	snprintf(head, sizeof(head), " %s   lines %zu-%zu of %zu", t->title, t->n_rows ? t->top + 1 : 0,
		 t->top + (size_t)rows < t->n_rows ? t->top + (size_t)rows : t->n_rows, t->n_rows);
	sctui_draw_band(p->y, p->x, p->w, ui->attrs[SCTUI_COLOR_TITLE], head);
	for (int i = 0; i < rows && t->top + (size_t)i < t->n_rows; i++) {
		const struct vrow *v = &t->rows[t->top + (size_t)i];
		_cleanup_free_ char *seg = strndup(t->lines[v->line] + v->off, v->len);
		int c = line_color(t, t->lines[v->line]);

		if (c >= 0)
			attrset(ui->attrs[c]);
		sctui_draw_text(p->y + 1 + i, p->x + v->indent, seg ? seg : "", p->w - v->indent);
		attrset(A_NORMAL);
	}
}

static unsigned text_handle(struct panel *p, struct sctui_ui *ui, enum sctui_action a)
{
	struct text_view *t = p->priv;
	size_t page = p->h > 2 ? (size_t)(p->h - 2) : 1;

	switch (a) {
	case SCTUI_ACT_UP:
		t->top = t->top ? t->top - 1 : 0;
		break;
	case SCTUI_ACT_DOWN:
		t->top++;
		break;
	case SCTUI_ACT_PAGE_UP:
		t->top = t->top > page ? t->top - page : 0;
		break;
	case SCTUI_ACT_PAGE_DOWN:
	case SCTUI_ACT_TOGGLE:
		t->top += page;
		break;
	case SCTUI_ACT_HOME:
		t->top = 0;
		break;
	case SCTUI_ACT_END:
		t->top = t->n_rows;
		break;
	case SCTUI_ACT_CLOSE:
	case SCTUI_ACT_QUIT:
	case SCTUI_ACT_DETAIL:
		return SCTUI_REACT_CLOSE;
	case SCTUI_ACT_HELP:
	case SCTUI_ACT_DIFF:
	case SCTUI_ACT_REDRAW:
	case SCTUI_ACT_RUN:
	case SCTUI_ACT_STOP:
	case SCTUI_ACT_SAVE:
	case SCTUI_ACT_SAVE_AS:
	case SCTUI_ACT_COMMAND:
	case SCTUI_ACT_COMPLAIN:
		/* Global actions still work over a view. */
		return SCTUI_REACT_UNHANDLED;
	default:
		return SCTUI_REACT_NONE;
	}
	return SCTUI_REACT_REDRAW;
}

const struct panel_ops sctui_text_ops = {
	.name = "text",
	.draw = text_draw,
	.handle = text_handle,
	.help = "Help, diff and detail views scroll with the movement keys (Space pages down) and close\n"
		"with Esc, q or Enter.",
	.done = text_done,
};
