/* The syscall table panel. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

static int action_color(uint32_t word)
{
	static const int colors[] = {
		[SCFS_ACTION_CLASS_ALLOW] = SCTUI_COLOR_ALLOW, [SCFS_ACTION_CLASS_RECORD] = SCTUI_COLOR_LOG,
		[SCFS_ACTION_CLASS_DENY] = SCTUI_COLOR_DENY,   [SCFS_ACTION_CLASS_KILL] = SCTUI_COLOR_KILL,
	};

	return colors[scfs_action_word_class(word)];
}

/* Column widths for the current arch and terminal width. */
struct cols {
	int nr, name, action, rule, hits, kernel, groups;
};

static void widths(const struct sctui_model *m, int w, struct cols *c)
{
	int fixed;
	char nr[24];

	c->nr = 3;
	for (size_t i = 0; i < m->n_rows; i++) {
		int len = (int)strlen(sctui_nr_label(m, m->rows[i].nr, nr, sizeof(nr)));

		c->nr = len > c->nr ? len : c->nr;
	}
	c->name = w >= 110 ? 24 : 20;
	c->action = 13;
	c->rule = 14;
	c->hits = 6;
	c->kernel = 6;
	/* marker + gaps between the seven columns */
	fixed = 1 + c->nr + c->name + c->action + c->rule + c->hits + c->kernel + 7;
	c->groups = w - fixed;
	if (c->groups < 0) {
		c->name += c->groups;
		c->groups = 0;
		if (c->name < 8)
			c->name = 8;
	}
}

static void ensure_visible(struct sctui_ui *ui, int rows)
{
	size_t sel = ui->model->sel;

	if (rows <= 0)
		return;
	if (sel < ui->top)
		ui->top = sel;
	if (sel >= ui->top + (size_t)rows)
		ui->top = sel - (size_t)rows + 1;
	if (ui->top + (size_t)rows > ui->model->n_vis)
		ui->top = ui->model->n_vis > (size_t)rows ? ui->model->n_vis - (size_t)rows : 0;
}

static void format_groups(uint32_t groups, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int g = 0; g < _SCFS_GROUP_MAX && len + 1 < size; g++)
		if (groups & (1u << g)) {
			int n = snprintf(buf + len, size - len, "%s%s", len ? " " : "", scfs_group_name(g));

			if (n < 0)
				break;
			len += (size_t)n < size - len ? (size_t)n : size - len - 1;
		}
}

static void draw_row(struct sctui_ui *ui, const struct sctui_row *r, const struct cols *c, int y, bool selected)
{
	char buf[256], act[48], rule[32], hits[24], kern[16], groups[256];
	int x = 0, base = selected ? ui->attrs[SCTUI_COLOR_SELECTED] : (int)A_NORMAL;

	attrset(base);
	if (selected) {
		move(y, 0);
		for (int i = 0; i < ui->cols; i++)
			addch(' ');
	}
	attrset(r->changed ? (selected ? base | (int)A_BOLD : ui->attrs[SCTUI_COLOR_CHANGED]) : base);
	mvaddch(y, x, r->changed ? '+' : ' ');
	x += 1;
	attrset(base);
	snprintf(buf, sizeof(buf), "%*s", c->nr, sctui_nr_label(ui->model, r->nr, act, sizeof(act)));
	x += sctui_draw_text(y, x, buf, c->nr) + 1;
	sctui_draw_text(y, x, r->name, c->name);
	x += c->name + 1;
	attrset(selected ? base : ui->attrs[action_color(r->action)]);
	sctui_draw_text(y, x, sctui_action_label(r->action, act, sizeof(act)), c->action);
	x += c->action + 1;
	attrset(base);
	sctui_rule_label(r->rule, rule, sizeof(rule));
	snprintf(buf, sizeof(buf), "%s%s", rule, r->conditional ? "*" : "");
	sctui_draw_text(y, x, buf, c->rule);
	x += c->rule + 1;
	if (r->hits)
		snprintf(hits, sizeof(hits), "%*llu", c->hits, (unsigned long long)r->hits);
	else
		snprintf(hits, sizeof(hits), "%*s", c->hits, "");
	if (r->denials && !selected)
		attrset(ui->attrs[SCTUI_COLOR_DENY]);
	sctui_draw_text(y, x, hits, c->hits);
	attrset(base);
	x += c->hits + 1;
	if (r->newsys)
		snprintf(kern, sizeof(kern), "%u.%u", r->newsys->since.major, r->newsys->since.minor);
	else
		kern[0] = '\0';
	sctui_draw_text(y, x, kern, c->kernel);
	x += c->kernel + 1;
	if (c->groups > 0) {
		format_groups(r->groups, groups, sizeof(groups));
		sctui_draw_text(y, x, groups, c->groups);
	}
	attrset(A_NORMAL);
}

static void table_draw(struct panel *p, struct sctui_ui *ui)
{
	const struct sctui_model *m = ui->model;
	int rows = p->h - 1;
	struct cols c;
	char head[512];

	widths(m, p->w, &c);
	snprintf(head, sizeof(head), " %*s %-*s %-*s %-*s %*s %-*s %s", c.nr, "NR", c.name,
		 m->sort == SCTUI_SORT_NAME ? "NAME v" : "NAME", c.action, "ACTION", c.rule, "RULE", c.hits,
		 m->sort == SCTUI_SORT_HITS ? "HITS v" : "HITS", c.kernel, "KERNEL", c.groups > 0 ? "GROUPS" : "");
	if (m->sort == SCTUI_SORT_NR)
		head[1] = 'v';
	sctui_draw_band(p->y, p->x, p->w, ui->attrs[SCTUI_COLOR_HEADER], head);
	ensure_visible(ui, rows);
	if (m->n_vis == 0 && rows > 0) {
		char f[160], msg[256];

		snprintf(msg, sizeof(msg), "  no syscall on this arch matches the filter %s (Esc clears it)",
			 sctui_filter_describe(&m->filter_spec, f, sizeof(f)));
		sctui_draw_text(p->y + 1, p->x, msg, p->w);
		return;
	}
	for (int i = 0; i < rows && ui->top + (size_t)i < m->n_vis; i++) {
		size_t v = ui->top + (size_t)i;

		draw_row(ui, &m->rows[m->vis[v]], &c, p->y + 1 + i, v == m->sel);
	}
}

static unsigned table_handle(struct panel *p, struct sctui_ui *ui, enum sctui_action a)
{
	struct sctui_model *m = ui->model;
	size_t page = p->h > 2 ? (size_t)(p->h - 2) : 1;

	switch (a) {
	case SCTUI_ACT_UP:
		sctui_model_select(m, m->sel > 0 ? m->sel - 1 : 0);
		break;
	case SCTUI_ACT_DOWN:
		sctui_model_select(m, m->sel + 1);
		break;
	case SCTUI_ACT_PAGE_UP:
		sctui_model_select(m, m->sel > page ? m->sel - page : 0);
		break;
	case SCTUI_ACT_PAGE_DOWN:
		sctui_model_select(m, m->sel + page);
		break;
	case SCTUI_ACT_HOME:
		sctui_model_select(m, 0);
		break;
	case SCTUI_ACT_END:
		sctui_model_select(m, m->n_vis ? m->n_vis - 1 : 0);
		break;
	default:
		return SCTUI_REACT_UNHANDLED;
	}
	return SCTUI_REACT_REDRAW;
}

const struct panel_ops sctui_table_ops = {
	.name = "table",
	.draw = table_draw,
	.handle = table_handle,
	.help = "The table lists every syscall libseccomp knows on the shown arch, and scfs's newer ones.\n"
		"ACTION is what the profile does with the call when all its arguments are 0; RULE is the\n"
		"syscalls[] entry that decides it (\"default\": no rule; \"enosys\": the stub for syscalls\n"
		"newer than the profile); * marks syscalls named by rules with argument conditions, so\n"
		"other arguments can get another action (Enter shows them). + marks edited rows. HITS are\n"
		"the calls of the current run that scfs saw: denied calls (in complain mode, calls that\n"
		"would be denied); allowed calls never leave the kernel. KERNEL is the version that\n"
		"added the syscall, where scfs knows it. Edits apply at the next launch: a loaded\n"
		"filter cannot be relaxed.",
	.done = NULL,
};
