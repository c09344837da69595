/* The top line (what is being edited, where) and the bottom legend of
 * function keys, htop-style. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

/* The capability sets C goes through after the starting one, in order.
 * Named here, where the header shows them; act_caps.c cycles through
 * them (the bar draws, the action changes the set). */
static const char *const presets[] = { "docker", "podman", "containerd", "all", "none" };

size_t sctui_caps_n_presets(void)
{
	return ELEMENTSOF(presets);
}

const char *sctui_caps_preset(size_t i)
{
	return i < ELEMENTSOF(presets) ? presets[i] : NULL;
}

const char *sctui_caps_name(const struct sctui_ui *ui)
{
	if (ui->caps_idx == 0)
		return ui->caps_start_name[0] ? ui->caps_start_name : "host";
	if (ui->caps_idx <= ELEMENTSOF(presets))
		return presets[ui->caps_idx - 1];
	return "?";
}

/* The header's fields, whole or not at all: when the line is too narrow
 * the least useful field goes first (the sort, the next run's mode, which
 * the status line also shows, an inactive filter...), and the path is
 * shortened from the left at a '/', never cut inside a word. */
enum { F_PATH, F_ARCH, F_CAPS, F_COUNT, F_FILTER, F_SORT, F_MODE, N_FIELDS };

static int fields_width(char f[N_FIELDS][320], const bool on[N_FIELDS])
{
	int w = 7; /* " sctui " */

	for (int i = 0; i < N_FIELDS; i++)
		if (on[i])
			w += (int)strlen(f[i]) + (i == F_PATH ? 1 : 3);
	return w;
}

void sctui_bar_draw_header(struct sctui_ui *ui, int y)
{
	const struct sctui_model *m = ui->model;
	const struct scfs_arch_info *a = sctui_model_arch(m, m->arch);
	bool filtered = m->filter_spec.kind != SCTUI_FILTER_ALL;
	/* Dropped in this order. */
	const int drop[] = { F_SORT, F_MODE, filtered ? F_COUNT : F_FILTER, filtered ? F_FILTER : F_COUNT, F_ARCH,
			     F_CAPS };
	bool on[N_FIELDS] = { true, true, true, true, true, true, true };
	char f[N_FIELDS][320], fb[160], line[1024];
	const char *path = m->path, *slash;
	size_t len;

	snprintf(f[F_ARCH], sizeof(f[0]), "arch %s (%zu/%zu)", a ? a->scmp_name : "?", m->arch + 1,
		 sctui_model_n_arches(m));
	snprintf(f[F_CAPS], sizeof(f[0]), "caps %s", sctui_caps_name(ui));
	snprintf(f[F_COUNT], sizeof(f[0]), "%zu/%zu syscalls", m->n_vis, m->n_rows);
	snprintf(f[F_FILTER], sizeof(f[0]), "filter %s", sctui_filter_describe(&m->filter_spec, fb, sizeof(fb)));
	snprintf(f[F_SORT], sizeof(f[0]), "sort %s", sctui_sort_name(m->sort));
	snprintf(f[F_MODE], sizeof(f[0]), "next run: %s", scfs_mode_string(ui->next_mode));
	for (;;) {
		snprintf(f[F_PATH], sizeof(f[0]), "%s%s%s ", path == m->path ? "" : "...", path,
			 sctui_model_dirty(m) ? " [modified]" : "");
		for (size_t i = 0; i < ELEMENTSOF(drop) && fields_width(f, on) > ui->cols; i++)
			on[drop[i]] = false;
		if (fields_width(f, on) <= ui->cols || !(slash = strchr(path + 1, '/')))
			break;
		path = slash;
	}
	len = (size_t)snprintf(line, sizeof(line), " sctui  %s", f[F_PATH]);
	for (int i = F_ARCH; i < N_FIELDS && len < sizeof(line); i++)
		if (on[i])
			len += (size_t)snprintf(line + len, sizeof(line) - len, "| %s ", f[i]);
	sctui_draw_band(y, 0, ui->cols, ui->attrs[SCTUI_COLOR_HEADER], line);
}

void sctui_bar_draw_legend(struct sctui_ui *ui, int y)
{
	int x = 0;

	move(y, 0);
	/* An open prompt's choices take the legend's place. */
	if (ui->prompt != SCTUI_PROMPT_NONE && ui->prompt_hint[0]) {
		sctui_draw_band(y, 0, ui->cols, ui->attrs[SCTUI_COLOR_LABEL], ui->prompt_hint);
		return;
	}
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
