/* A scrollable text view over the table: help, diff, detail. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct text_view {
	char *title;
	char *text;
	const char **lines; /* into text, each ended by '\0' */
	size_t n_lines;
	size_t top;
	bool diff;          /* colour +, - and @@ lines */
};

static void text_done(struct panel *p)
{
	struct text_view *t = p->priv;

	if (!t)
		return;
	free(t->title);
	free(t->text);
	free(t->lines);
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

static void text_draw(struct panel *p, struct sctui_ui *ui)
{
	struct text_view *t = p->priv;
	int rows = p->h - 1;
	char head[320];

	if (rows < 1)
		return;
	if (t->n_lines > (size_t)rows && t->top > t->n_lines - (size_t)rows)
		t->top = t->n_lines - (size_t)rows;
	if (t->n_lines <= (size_t)rows)
		t->top = 0;
	snprintf(head, sizeof(head), " %s   lines %zu-%zu of %zu", t->title, t->n_lines ? t->top + 1 : 0,
		 t->top + (size_t)rows < t->n_lines ? t->top + (size_t)rows : t->n_lines, t->n_lines);
	sctui_draw_band(p->y, p->x, p->w, ui->attrs[SCTUI_COLOR_TITLE], head);
	for (int i = 0; i < rows && t->top + (size_t)i < t->n_lines; i++) {
		const char *l = t->lines[t->top + (size_t)i];
		int c = line_color(t, l);

		if (c >= 0)
			attrset(ui->attrs[c]);
		sctui_draw_text(p->y + 1 + i, p->x, l, p->w);
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
		t->top = t->n_lines;
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
