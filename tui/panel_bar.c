/* The top line (what is being edited, where) and the bottom legend of
 * function keys, htop-style. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

void sctui_bar_draw_header(struct sctui_ui *ui, int y)
{
	const struct sctui_model *m = ui->model;
	const struct scfs_arch_info *a = sctui_model_arch(m, m->arch);
	char line[1024], f[160];

	snprintf(line, sizeof(line), " sctui  %s%s  | arch %s (%zu/%zu) | %zu/%zu syscalls | filter %s | sort %s | next run: %s",
		 m->path, sctui_model_dirty(m) ? " [modified]" : "", a ? a->scmp_name : "?", m->arch + 1,
		 sctui_model_n_arches(m), m->n_vis, m->n_rows, sctui_filter_describe(&m->filter_spec, f, sizeof(f)),
		 sctui_sort_name(m->sort), scfs_mode_string(ui->next_mode));
	attrset(ui->attrs[SCTUI_COLOR_HEADER]);
	move(y, 0);
	for (int i = 0; i < ui->cols; i++)
		addch(' ');
	sctui_draw_text(y, 0, line, ui->cols);
	attrset(A_NORMAL);
}

void sctui_bar_draw_legend(struct sctui_ui *ui, int y)
{
	int x = 0;

	move(y, 0);
	for (int a = SCTUI_ACT_NONE + 1; a < _SCTUI_ACT_MAX && x < ui->cols; a++) {
		const char *label = sctui_action_legend(a);
		int key = label ? sctui_keymap_key_for(&ui->keymap, a, true) : 0;
		char kn[32], padded[16];

		if (!key)
			continue;
		sctui_key_name(key, kn, sizeof(kn));
		attrset(ui->attrs[SCTUI_COLOR_KEY]);
		x += sctui_draw_text(y, x, kn, ui->cols - x);
		snprintf(padded, sizeof(padded), "%-*s", ui->cols >= 100 ? 8 : 6, label);
		attrset(ui->attrs[SCTUI_COLOR_LABEL]);
		x += sctui_draw_text(y, x, padded, ui->cols - x);
	}
	attrset(ui->attrs[SCTUI_COLOR_LABEL]);
	for (; x < ui->cols; x++)
		mvaddch(y, x, ' ');
	attrset(A_NORMAL);
}
