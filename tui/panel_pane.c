/* The pane under the table: the run's denials as they happen, or the
 * command's output. */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

/* Output shown in the pane: the tail of the log. */
#define PANE_OUTPUT_BYTES 16384

static void title(struct panel *p, struct sctui_ui *ui, const char *text)
{
	sctui_draw_band(p->y, p->x, p->w, ui->attrs[SCTUI_COLOR_TITLE], text);
}

size_t sctui_pane_picked(struct sctui_ui *ui)
{
	const struct sctui_runner *r = ui->runner;
	size_t kept = r->n_seen < SCTUI_DENIALS_MAX ? r->n_seen : SCTUI_DENIALS_MAX;

	if (kept == 0)
		return SIZE_MAX;
	/* Outside the pane, or following: the newest.  A pick that scrolled
	 * out of the kept ones, or a new run, starts again at the newest. */
	if (!ui->pane_focus || ui->den_follow || ui->den_sel >= r->n_seen || ui->den_sel < r->n_seen - kept) {
		ui->den_sel = r->n_seen - 1;
		ui->den_follow = true;
	}
	return r->n_seen - 1 - ui->den_sel;
}

static void draw_denials(struct panel *p, struct sctui_ui *ui)
{
	const struct sctui_runner *r = ui->runner;
	int rows = p->h - 1;
	size_t shown, picked = sctui_pane_picked(ui), bottom = 0;
	char t[256], st[160];

	snprintf(t, sizeof(t), " Denials: %s%s   %s", sctui_runner_status(r, st, sizeof(st)),
		 r->dropped ? ", some not logged" : "",
		 ui->pane_focus ? "(Enter/S: suggest, Tab: table)" : "(o: output, Tab: pick)");
	title(p, ui, t);
	if (r->n_seen == 0) {
		sctui_draw_text(p->y + 1, p->x + 1,
				r->watching ? "none yet from the watched target"
				: ui->argv ? "none yet; r runs the command under the edited profile"
					 : "no command given (sctui -p PROFILE -- COMMAND ARGS...)",
				p->w - 1);
		return;
	}
	/* Oldest at the top, the newest on the last line; scrolled so that
	 * the picked one shows. */
	shown = r->n_seen < (size_t)rows ? r->n_seen : (size_t)rows;
	shown = shown < SCTUI_DENIALS_MAX ? shown : SCTUI_DENIALS_MAX;
	if (ui->pane_focus && picked != SIZE_MAX && picked >= shown)
		bottom = picked - shown + 1;
	for (size_t i = 0; i < shown; i++) {
		size_t k = bottom + shown - 1 - i;
		const struct sctui_denial *d = sctui_runner_denial(r, k);
		char line[320], res[40], tid[24] = "";
		int y = p->y + 1 + (int)i, base = (int)A_NORMAL;

		if (!d)
			continue;
		/* In complain mode the call went through: say what it would
		 * have got.  Who called comes before the call, whose arguments
		 * may be long: at 80 columns the thread must still show. */
		snprintf(res, sizeof(res), "%s%s", d->complain ? "allowed:" : "", d->result);
		if (d->tid > 0)
			snprintf(tid, sizeof(tid), " tid %d", d->tid);
		snprintf(line, sizeof(line), "%s %-13s %-12s %s[%d]%s  %s", d->time, res, d->rule, d->comm, d->pid, tid,
			 d->call);
		if (ui->pane_focus && k == picked) {
			base = ui->attrs[SCTUI_COLOR_SELECTED];
			sctui_draw_band(y, p->x, p->w, base, "");
		}
		attrset(d->complain || base != (int)A_NORMAL ? base : ui->attrs[SCTUI_COLOR_DENY]);
		sctui_draw_text(y, p->x, line, 12);
		attrset(base);
		sctui_draw_text(y, p->x + 12, line + 12, p->w - 12);
		attrset(A_NORMAL);
	}
}

static void draw_output(struct panel *p, struct sctui_ui *ui)
{
	_cleanup_free_ char *out = sctui_runner_output(ui->runner, PANE_OUTPUT_BYTES);
	int rows = p->h - 1, n = 0;
	const char *start = out + strlen(out);
	char t[256], st[160];

	snprintf(t, sizeof(t), " Output: %s   (o: denials)", sctui_runner_status(ui->runner, st, sizeof(st)));
	title(p, ui, t);
	/* Find the start of the last @rows lines. */
	if (start > out && start[-1] == '\n')
		start--;
	while (start > out && n < rows) {
		start--;
		if (*start == '\n' && ++n == rows) {
			start++;
			break;
		}
	}
	for (int y = 0; y < rows && *start; y++) {
		const char *e = strchrnul(start, '\n');
		_cleanup_free_ char *line = strndup(start, (size_t)(e - start));

		sctui_draw_text(p->y + 1 + y, p->x, line, p->w);
		start = *e ? e + 1 : e;
	}
}

static void pane_draw(struct panel *p, struct sctui_ui *ui)
{
	if (ui->pane_output)
		draw_output(p, ui);
	else
		draw_denials(p, ui);
}

/* With the keys (Tab): movement picks a denial, Enter suggests, Esc or
 * Tab give the keys back to the table; the rest acts as on the table. */
static unsigned pane_handle(struct panel *p, struct sctui_ui *ui, enum sctui_action a)
{
	const struct sctui_runner *r = ui->runner;
	size_t page = p->h > 2 ? (size_t)(p->h - 2) : 1, i = sctui_pane_picked(ui);
	size_t kept = r->n_seen < SCTUI_DENIALS_MAX ? r->n_seen : SCTUI_DENIALS_MAX;

	if (i == SIZE_MAX && a != SCTUI_ACT_CLOSE)
		return SCTUI_REACT_UNHANDLED;
	switch (a) {
	case SCTUI_ACT_UP:
		i = i + 1 < kept ? i + 1 : kept - 1;
		break;
	case SCTUI_ACT_DOWN:
		i = i > 0 ? i - 1 : 0;
		break;
	case SCTUI_ACT_PAGE_UP:
		i = i + page < kept ? i + page : kept - 1;
		break;
	case SCTUI_ACT_PAGE_DOWN:
		i = i > page ? i - page : 0;
		break;
	case SCTUI_ACT_HOME:
		i = kept - 1;
		break;
	case SCTUI_ACT_END:
		i = 0;
		break;
	case SCTUI_ACT_DETAIL:
		return SCTUI_REACT_SUGGEST;
	case SCTUI_ACT_CLOSE:
		ui->pane_focus = false;
		return SCTUI_REACT_REDRAW;
	default:
		return SCTUI_REACT_UNHANDLED;
	}
	ui->den_sel = r->n_seen - 1 - i;
	ui->den_follow = i == 0;
	return SCTUI_REACT_REDRAW;
}

const struct panel_ops sctui_pane_ops = {
	.name = "pane",
	.draw = pane_draw,
	.handle = pane_handle,
	.help = "The pane under the table follows the current run (or the watched target): each denial as scfs records it (time\n"
		"in UTC, result, deciding rule, process as comm[pid], the calling thread's id, then the\n"
		"call decoded as in the denied log), or with o the command's output, which goes to a log\n"
		"file rather than over the screen. It grows into the rows the table leaves empty.\n"
		"Tab gives it the keys: Up/Down pick a denial, and Enter or S goes to the syscall and rule\n"
		"that decided it and offers the smallest change that would have allowed the call, worked\n"
		"out by scfs suggest from the call's registers and checked with the real filter. y applies\n"
		"it as an edit (u undoes, w saves, r runs with it). Without Tab, S takes the newest.",
	.done = NULL,
};
