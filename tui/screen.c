/* The screen's layout (ui.h): where the table, the pane and an overlay
 * view go, and opening or closing the overlay.  Above the panels, below
 * the actions and the main loop, which both open views through here. */
#include <curses.h>
#include <stdlib.h>

#include "ui.h"

/* Called at start, on a resize, and when an overlay opens or closes. */
void sctui_ui_layout(struct sctui_ui *ui)
{
	int body, pane, table, need;

	getmaxyx(stdscr, ui->lines, ui->cols);
	/* Header, table (with its heading line), pane, status, legend. */
	body = ui->lines - 3;
	pane = ui->lines >= 20 ? (ui->lines / 4 > 5 ? ui->lines / 4 : 5) : 0;
	if (body - pane < 4)
		pane = 0;
	table = body - pane > 0 ? body - pane : 0;
	/* Rows the table would leave empty (a filter, a short list) go to the
	 * pane: heading plus the visible rows, or plus the "nothing matches"
	 * line. */
	need = 1 + (ui->model->n_vis ? (int)ui->model->n_vis : 1);
	if (table > need && body - need >= 2) {
		table = need;
		pane = body - need;
	}
	ui->table = (struct panel){ &sctui_table_ops, 1, 0, table, ui->cols, NULL };
	ui->pane = (struct panel){ &sctui_pane_ops, 1 + ui->table.h, 0, pane, ui->cols, NULL };
	if (ui->overlay) {
		ui->overlay->y = 1;
		ui->overlay->x = 0;
		ui->overlay->h = body > 0 ? body : 0;
		ui->overlay->w = ui->cols;
	}
}

void sctui_ui_close_overlay(struct sctui_ui *ui)
{
	if (!ui->overlay)
		return;
	if (ui->overlay->ops->done)
		ui->overlay->ops->done(ui->overlay);
	free(ui->overlay);
	ui->overlay = NULL;
}

void sctui_ui_show_text(struct sctui_ui *ui, const char *title, char *text, bool diff)
{
	sctui_ui_close_overlay(ui);
	ui->overlay = sctui_text_new(title, text, diff);
	sctui_ui_layout(ui);
}
