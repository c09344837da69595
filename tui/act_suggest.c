/* From a denial to the rule that decided it and the change that would
 * have allowed it (ui.h).  The change is scfs suggest's (core/tools/
 * suggest.c), worked out against the edited document for the shown
 * capability set, shown whole before it is applied, and applied as an
 * ordinary edit: undoable, marked, saved by w and used by the next run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linediff.h"
#include "ui.h"

unsigned sctui_act_pane(struct sctui_ui *ui)
{
	if (ui->pane_focus) {
		ui->pane_focus = false;
		return SCTUI_REACT_REDRAW;
	}
	if (ui->runner->n_seen == 0) {
		sctui_ui_message(ui, false, "no denials to pick yet%s", ui->argv ? ": r runs the command" : "");
		return SCTUI_REACT_REDRAW;
	}
	ui->pane_output = false;
	ui->pane_focus = true;
	ui->den_follow = true;
	(void)sctui_pane_picked(ui);
	return SCTUI_REACT_REDRAW;
}

/* Show syscall @name on @arch in the table, clearing a filter that hides
 * it.  Returns whether it is selected. */
static bool go_to(struct sctui_ui *ui, const char *name, const char *arch)
{
	struct sctui_model *m = ui->model;
	const struct scfs_arch_info *a = sctui_model_arch(m, m->arch);

	if (*arch && (!a || strcmp(a->scmp_name, arch) != 0))
		(void)sctui_model_set_arch_name(m, arch);
	if (sctui_model_select_name(m, name) == 0)
		return true;
	sctui_model_set_filter(m, &(struct sctui_filter){ .kind = SCTUI_FILTER_ALL });
	return sctui_model_select_name(m, name) == 0;
}

/* The view of the offer: the denial, its rule, the change and its diff. */
static char *offer_text(struct sctui_ui *ui, const struct sctui_denial *d)
{
	const struct sctui_model *m = ui->model;
	const struct scfs_suggest_change *c = &ui->offer.changes[0];
	_cleanup_free_ char *diff = sctui_diff(m->text, ui->offer.rendered, 2);
	char tid[24] = "", src[96];

	if (d->tid > 0)
		snprintf(tid, sizeof(tid), " tid %d", d->tid);
	return scfs_xasprintf("Denied in %s:\n"
			      "  at %s to %s[%d]%s\n"
			      "  %s -> %s%s, decided by %s\n\n"
			      "The smallest change to the edited profile that allows it (scfs suggest,\n"
			      "checked with the real filter for caps %s):\n"
			      "  %s\n\n"
			      "y applies it as an edit for the next run (u undoes it), n leaves the\n"
			      "profile as it is. The document before (-) and after (+):\n\n%s",
			      sctui_runner_source(ui->runner, src, sizeof(src)), d->time, d->comm, d->pid, tid,
			      d->call, d->complain ? "allowed: " : "", d->result, d->rule,
			      sctui_caps_name(ui), c->what, diff);
}

unsigned sctui_act_suggest(struct sctui_ui *ui)
{
	size_t i = sctui_pane_picked(ui);
	const struct sctui_denial *d = i == SIZE_MAX ? NULL : sctui_runner_denial(ui->runner, i);
	char arch[32] = "", title[96];
	struct scfs_suggest_call call;
	struct scfs_diag diag;
	int r;

	if (!d) {
		sctui_ui_message(ui, false, "no denial to suggest from%s", ui->argv ? ": r runs the command" : "");
		return SCTUI_REACT_REDRAW;
	}
	r = sctui_runner_denial_call(ui->runner, i, &call, arch, sizeof(arch));
	go_to(ui, d->syscall, arch);
	if (r == -ENODATA) {
		sctui_ui_message(ui, true, "%s %s by %s: a kill or trap from the kernel's record has no arguments to "
				 "suggest from", d->syscall, d->result, d->rule);
		return SCTUI_REACT_REDRAW;
	}
	if (r < 0) {
		sctui_ui_message(ui, true, "%s: cannot read its registers from denied.jsonl: %s", d->syscall, strerror(-r));
		return SCTUI_REACT_REDRAW;
	}
	scfs_suggestion_done(&ui->offer);
	scfs_diag_init(&diag, ui->model->path);
	r = sctui_model_suggest(ui->model, &call, &ui->offer, &diag);
	if (r < 0)
		sctui_ui_message(ui, true, "suggest: %s", diag.n ? diag.v[0].msg : strerror(-r));
	else if (ui->offer.n_changes == 0 && ui->offer.unresolved == 0)
		sctui_ui_message(ui, false, "%s (%s): the edited profile allows this call already; it applies at the "
				 "next run", d->syscall, d->rule);
	else if (ui->offer.n_changes == 0)
		sctui_ui_message(ui, true, "%s (%s): no change scfs suggest tries allows this call", d->syscall, d->rule);
	scfs_diag_done(&diag);
	if (r < 0 || ui->offer.n_changes == 0) {
		scfs_suggestion_done(&ui->offer);
		return SCTUI_REACT_REDRAW;
	}
	ui->offer_call = call;
	snprintf(title, sizeof(title), "Suggest: %s (%s)", d->syscall, d->rule);
	sctui_ui_show_text(ui, title, offer_text(ui, d), true);
	sctui_prompt_open(ui, SCTUI_PROMPT_SUGGEST, "Apply this change? (y/n) ", NULL);
	sctui_prompt_hint(ui, "y applies the change, n or Esc leaves the profile; Up/Down scroll");
	return SCTUI_REACT_REDRAW;
}

unsigned sctui_suggest_answer(struct sctui_ui *ui, bool yes)
{
	struct sctui_model *m = ui->model;
	struct scfs_diag d;
	int r;

	if (!ui->offer.n_changes)
		return SCTUI_REACT_REDRAW | SCTUI_REACT_CLOSE;
	if (!yes) {
		sctui_ui_message(ui, false, "nothing changed");
	} else {
		scfs_diag_init(&d, m->path);
		r = sctui_model_accept(m, &ui->offer.changes[0], &ui->offer_call, &d);
		if (r < 0)
			sctui_ui_message(ui, true, "cannot apply: %s", d.n ? d.v[0].msg : strerror(-r));
		else
			sctui_ui_message(ui, false, "%s (for the next run; u undoes)", ui->offer.changes[0].what);
		scfs_diag_done(&d);
		(void)sctui_model_select_name(m, ui->offer.changes[0].name);
	}
	scfs_suggestion_done(&ui->offer);
	return SCTUI_REACT_REDRAW | SCTUI_REACT_CLOSE;
}
