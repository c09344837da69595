/* Watching a target sctui did not launch (ui.h): L lists the targets and
 * containers of the state base, as scfs ps does, and asks which one;
 * ":watch WHO" and --watch name one directly.  Its profile, as its state
 * keeps it, replaces the table's, so that the denials pane, the jump to a
 * denial's rule and the suggest offer work on it as on a run's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "watch.h"

unsigned sctui_act_watch(struct sctui_ui *ui)
{
	if (sctui_runner_active(ui->runner)) {
		sctui_ui_message(ui, true, "a run is in progress: x ends it, then L watches another target");
		return SCTUI_REACT_REDRAW;
	}
	sctui_ui_show_text(ui, "Watch: targets and containers", sctui_watch_list_text(ui->runner->base), false);
	sctui_prompt_open(ui, SCTUI_PROMPT_WATCH, "Watch (PID, name or last): ", "last");
	sctui_prompt_select_all(ui);
	sctui_prompt_hint(ui, "a PID or NAME from the list, or last; Enter watches it, Esc cancels");
	return SCTUI_REACT_REDRAW;
}

/* The table takes the watched target's profile: the edited one goes, so
 * unsaved edits stop it.  w then asks for a path: never the state's file
 * or a container's bundle. */
static int load_profile(struct sctui_ui *ui, pid_t pid)
{
	_cleanup_free_ char *text = NULL, *name = NULL;
	struct sctui_model next;
	struct scfs_diag diag;
	const char *which = NULL;
	size_t len = 0;
	int r = sctui_watch_profile(ui->runner->base, pid, &text, &len, &which);

	if (r < 0) {
		sctui_ui_message(ui, true, "%d: cannot read its profile from the state: %s", (int)pid,
				 scfs_state_strerror(r));
		return r;
	}
	name = scfs_xasprintf("%s/%d/%s", ui->runner->base, (int)pid, which);
	scfs_diag_init(&diag, name);
	r = sctui_model_open_text(&next, text, len, name, &ui->model->host, &diag);
	if (r < 0) {
		sctui_ui_message(ui, true, "%s: %s", name, diag.n ? diag.v[0].msg : strerror(-r));
		scfs_diag_done(&diag);
		return r;
	}
	scfs_diag_done(&diag);
	next.path_is_default = true;
	next.sort = ui->model->sort;
	sctui_model_done(ui->model);
	*ui->model = next;
	sctui_model_set_sort(ui->model, next.sort);
	ui->top = 0;
	return 0;
}

unsigned sctui_watch(struct sctui_ui *ui, const char *who)
{
	pid_t pid = sctui_watch_resolve(ui->runner->base, who);
	char src[96];
	int r;

	if (!pid) {
		sctui_ui_message(ui, true, "watch %s: no target %s in %s", who,
				 strcmp(who, "last") == 0 ? "has run" : "of that name", ui->runner->base);
		return SCTUI_REACT_REDRAW;
	}
	if (sctui_runner_active(ui->runner)) {
		sctui_ui_message(ui, true, "a run is in progress: x ends it first");
		return SCTUI_REACT_REDRAW;
	}
	if (sctui_model_dirty(ui->model)) {
		sctui_ui_message(ui, true, "unsaved edits: w saves them (or u undoes) before watching another profile");
		return SCTUI_REACT_REDRAW;
	}
	r = sctui_runner_watch(ui->runner, pid);
	if (r < 0) {
		sctui_ui_message(ui, true, "watch %s: %s", who, scfs_state_strerror(r));
		return SCTUI_REACT_REDRAW;
	}
	if (load_profile(ui, pid) < 0) {
		sctui_runner_unwatch(ui->runner);
		return SCTUI_REACT_REDRAW;
	}
	ui->den_follow = true;
	ui->pane_output = false;
	(void)sctui_runner_poll(ui->runner, ui->model);
	sctui_ui_message(ui, false, "watching %s: its profile from the state is in the table; x stops watching",
			 sctui_runner_source(ui->runner, src, sizeof(src)));
	return SCTUI_REACT_REDRAW;
}
