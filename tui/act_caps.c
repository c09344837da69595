/* The capability set the profile is expanded for, by name (ui.h).  The
 * same words as --caps: Docker's default profile allows mount, unshare,
 * bpf... only with CAP_SYS_ADMIN, so the table of a Docker container
 * (docker) is not the one of this process (often all of them). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

/* The starting set, then the presets (named in panel_bar.c). */
#define N_SETS (1 + sctui_caps_n_presets())

void sctui_caps_init(struct sctui_ui *ui, const char *spec)
{
	ui->caps_idx = 0;
	ui->caps_start = ui->model->host.caps;
	ui->caps_start_drop = ui->runner->drop_caps;
	ui->caps_run_error = 0;
	if (!spec)
		snprintf(ui->caps_start_name, sizeof(ui->caps_start_name), "host");
	else if (strlen(spec) < sizeof(ui->caps_start_name))
		snprintf(ui->caps_start_name, sizeof(ui->caps_start_name), "%s", spec);
	else
		snprintf(ui->caps_start_name, sizeof(ui->caps_start_name), "--caps(%d)",
			 __builtin_popcountll(ui->caps_start));
}

/* Runs must be held to the set the table shows, as scfs run --caps holds
 * them: drop the bounding set to it, or need not (scfs_caps_enforce_plan).
 * When neither works, runs are refused until another set is chosen. */
static void plan_runs(struct sctui_ui *ui)
{
	bool drop = false;

	if (ui->caps_idx == 0) {
		ui->runner->drop_caps = ui->caps_start_drop;
		ui->caps_run_error = 0;
		return;
	}
	ui->caps_run_error = scfs_caps_enforce_plan(ui->model->host.caps, &drop);
	ui->runner->drop_caps = ui->caps_run_error == 0 && drop;
}

/* The set of index @idx (0: the starting one). */
static int set_of(const struct sctui_ui *ui, size_t idx, uint64_t *caps)
{
	if (idx == 0) {
		*caps = ui->caps_start;
		return 0;
	}
	return scfs_caps_parse(sctui_caps_preset(idx - 1), caps, NULL);
}

unsigned sctui_caps_set(struct sctui_ui *ui, const char *spec)
{
	struct sctui_model *m = ui->model;
	size_t idx = (ui->caps_idx + 1) % N_SETS;
	uint64_t caps = 0;
	struct scfs_diag d;
	int r;

	if (spec) {
		for (idx = 0; idx < N_SETS; idx++)
			if (strcmp(spec, idx ? sctui_caps_preset(idx - 1) : ui->caps_start_name) == 0)
				break;
		if (idx == N_SETS) {
			sctui_ui_message(ui, true, "caps: one of docker podman containerd all none %s", ui->caps_start_name);
			return SCTUI_REACT_REDRAW;
		}
	}
	if (set_of(ui, idx, &caps) < 0)
		return SCTUI_REACT_NONE;
	scfs_diag_init(&d, m->path);
	r = sctui_model_set_caps(m, caps, &d);
	if (r < 0) {
		sctui_ui_message(ui, true, "caps %s: %s", idx ? sctui_caps_preset(idx - 1) : ui->caps_start_name,
				 d.n && d.v[0].msg ? d.v[0].msg : strerror(-r));
		scfs_diag_done(&d);
		return SCTUI_REACT_REDRAW;
	}
	scfs_diag_done(&d);
	ui->caps_idx = idx;
	plan_runs(ui);
	if (ui->caps_run_error)
		sctui_ui_message(ui, true, "caps %s (%d): runs refused, this process cannot drop to it%s",
				 sctui_caps_name(ui), __builtin_popcountll(caps),
				 ui->caps_run_error == -EPERM ? " (no CAP_SETPCAP)" : "");
	else
		sctui_ui_message(ui, false, "caps %s: expanded for %d capabilities; runs get them",
				 sctui_caps_name(ui), __builtin_popcountll(caps));
	return SCTUI_REACT_REDRAW;
}

unsigned sctui_act_caps(struct sctui_ui *ui)
{
	return sctui_caps_set(ui, NULL);
}
