/* The pane under the table: the run's denials as they happen, or the
 * command's output. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

/* Output shown in the pane: the tail of the log. */
#define PANE_OUTPUT_BYTES 16384

static void title(struct panel *p, struct sctui_ui *ui, const char *text)
{
	sctui_draw_band(p->y, p->x, p->w, ui->attrs[SCTUI_COLOR_TITLE], text);
}

static void draw_denials(struct panel *p, struct sctui_ui *ui)
{
	const struct sctui_runner *r = ui->runner;
	int rows = p->h - 1;
	size_t shown;
	char t[256], st[160];

	snprintf(t, sizeof(t), " Denials: %s%s   (o: output)", sctui_runner_status(r, st, sizeof(st)),
		 r->dropped ? ", some not logged" : "");
	title(p, ui, t);
	if (r->n_seen == 0) {
		sctui_draw_text(p->y + 1, p->x + 1,
				ui->argv ? "none yet; r runs the command under the edited profile"
					 : "no command given (sctui -p PROFILE -- COMMAND ARGS...)",
				p->w - 1);
		return;
	}
	/* Oldest at the top, the newest on the last line. */
	shown = r->n_seen < (size_t)rows ? r->n_seen : (size_t)rows;
	shown = shown < SCTUI_DENIALS_MAX ? shown : SCTUI_DENIALS_MAX;
	for (size_t i = 0; i < shown; i++) {
		const struct sctui_denial *d = sctui_runner_denial(r, shown - 1 - i);
		char line[320], res[40], tid[24] = "";

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
		attrset(d->complain ? (int)A_NORMAL : ui->attrs[SCTUI_COLOR_DENY]);
		sctui_draw_text(p->y + 1 + (int)i, p->x, line, 12);
		attrset(A_NORMAL);
		sctui_draw_text(p->y + 1 + (int)i, p->x + 12, line + 12, p->w - 12);
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

const struct panel_ops sctui_pane_ops = {
	.name = "pane",
	.draw = pane_draw,
	.handle = NULL,
	.help = "The pane under the table follows the current run: each denial as scfs records it (time\n"
		"in UTC, result, deciding rule, process as comm[pid], the calling thread's id, then the\n"
		"call decoded as in the denied log), or with o the command's output, which goes to a log\n"
		"file rather than over the screen. It grows into the rows the table leaves empty.",
	.done = NULL,
};
