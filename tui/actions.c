/* What the actions do (ui.h).  Each returns reactions; none draws. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

typedef unsigned (*action_fn)(struct sctui_ui *ui);

static unsigned report_diag(struct sctui_ui *ui, int r, struct scfs_diag *d, const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == SCFS_DIAG_ERROR) {
			sctui_ui_message(ui, true, "%s: %s%s%s", what, d->v[i].path, *d->v[i].path ? ": " : "",
					 d->v[i].msg);
			return SCTUI_REACT_REDRAW;
		}
	sctui_ui_message(ui, true, "%s: %s", what, strerror(-r));
	return SCTUI_REACT_REDRAW;
}

static char *help_text(struct sctui_ui *ui)
{
	const struct panel_ops *panels[] = { &sctui_table_ops, &sctui_pane_ops, &sctui_text_ops };
	size_t cap = 8192, len = 0;
	char *s = scfs_xmalloc(cap);

#define ADD(...)                                                                         \
	do {                                                                             \
		int n_ = snprintf(s + len, cap - len, __VA_ARGS__);                       \
		if (n_ >= 0 && (size_t)n_ >= cap - len) {                                 \
			cap = (len + (size_t)n_ + 1) * 2;                                 \
			s = scfs_xrealloc(s, cap, 1);                                     \
			n_ = snprintf(s + len, cap - len, __VA_ARGS__);                   \
		}                                                                         \
		if (n_ > 0)                                                               \
			len += (size_t)n_;                                                \
	} while (0)

	ADD("sctui edits a seccomp profile, runs a command under it, watches a target.\n\nKeys\n\n");
	for (int a = SCTUI_ACT_NONE + 1; a < _SCTUI_ACT_MAX; a++) {
		char keys[96] = "", kn[32];
		size_t kl = 0;

		for (size_t i = 0; i < ui->keymap.n; i++)
			if (ui->keymap.v[i].action == (enum sctui_action)a) {
				int n = snprintf(keys + kl, sizeof(keys) - kl, "%s%s", kl ? " " : "",
						 sctui_key_name(ui->keymap.v[i].key, kn, sizeof(kn)));

				if (n > 0 && (size_t)n < sizeof(keys) - kl)
					kl += (size_t)n;
			}
		ADD("  %-13s %-11s %s\n", keys[0] ? keys : "(: only)", sctui_action_name(a), sctui_action_help(a));
	}
	ADD("\nThe action name works after \":\" too, and in a key file (\"bind KEY ACTION\" lines in\n"
	    "$SCTUI_KEYS or ~/.config/sctui/keys).\n\nFilters: denied, allowed, changed, hits, or a group:");
	for (int g = 0; g < _SCFS_GROUP_MAX; g++)
		ADD("%s%s", g % 8 == 0 ? "\n  " : " ", scfs_group_name(g));
	ADD("\nAnything else keeps the names that contain it.\n");
	for (size_t i = 0; i < ELEMENTSOF(panels); i++)
		if (panels[i]->help)
			ADD("\n%s\n", panels[i]->help);
	ADD("\nToggling denies with the profile's default errno when the default action is ERRNO (else\n"
	    "EPERM) and allows with SCMP_ACT_ALLOW. The name is taken out of every rule that lists it,\n"
	    "then added to the first plain rule with that action (or a new rule at the end), unless\n"
	    "the default action already gives it. An edited syscall given back the action it had as\n"
	    "loaded gets back its loaded rules, conditions and includes/excludes too: Space twice leaves\n"
	    "the profile as it was. + marks the rows the edits decide differently anywhere: on another\n"
	    "arch, or for another capability set, kernel or native arch the rules name. Saving writes\n"
	    "the edited JSON document: other rules, comments and key order stay as they were.\n"
	    "\nC expands the profile for another capability set: docker, podman, containerd, all, none,\n"
	    "then the one sctui started with (--caps, or host: this process's). Rules that\n"
	    "includes/excludes.caps keep or drop for the set come and go in the table (Docker's\n"
	    "default allows unshare, mount, bpf... with CAP_SYS_ADMIN only); the edits stay. The top\n"
	    "line names the set, and runs are held to it as scfs run --caps holds them.\n"
	    "\nL lists the targets of scfs run and the containers of scfs agent in the state base, as\n"
	    "scfs ps does, and watches the one you name (PID, name, a container's id or 12-character\n"
	    "prefix, or last; also :watch WHO and sctui --watch WHO): the pane follows its denials from\n"
	    "the first, live, and its profile from its state fills the table, so Enter, Tab and S work\n"
	    "on it. Its state shows in the pane's title: running, exited, lost (scfs or the agent is\n"
	    "gone), ended (a container's listeners hung up). x stops watching; r runs COMMAND instead.\n"
	    "\nEnter's rule view: conditions on different arguments must all hold; several on one\n"
	    "argument are alternatives (\"argN, any of\"), as crun and runc compile them.\n");
#undef ADD
	return s;
}

/* ---- the actions ------------------------------------------------------ */

static unsigned act_help(struct sctui_ui *ui)
{
	sctui_ui_show_text(ui, "Help", help_text(ui), false);
	return SCTUI_REACT_REDRAW;
}

static unsigned save_to(struct sctui_ui *ui, const char *path)
{
	int r = sctui_model_save(ui->model, path);

	if (r < 0) {
		sctui_ui_message(ui, true, "cannot save %s: %s", path ? path : ui->model->path, strerror(-r));
		return SCTUI_REACT_REDRAW;
	}
	sctui_ui_message(ui, false, "saved %s", ui->model->path);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_save_as(struct sctui_ui *ui)
{
	/* The current name, selected: typing replaces it, Left or End keeps
	 * it to edit. */
	sctui_prompt_open(ui, SCTUI_PROMPT_SAVE_AS, "Save as: ",
			  ui->model->path_is_default ? "./profile.json" : ui->model->path);
	sctui_prompt_select_all(ui);
	sctui_prompt_hint(ui, "typing replaces the name; Left or End edits it; Enter saves, Esc cancels");
	return SCTUI_REACT_REDRAW;
}

static unsigned act_save(struct sctui_ui *ui)
{
	/* Never write over the shipped default. */
	if (ui->model->path_is_default)
		return act_save_as(ui);
	return save_to(ui, NULL);
}

static unsigned act_search(struct sctui_ui *ui)
{
	ui->search_origin = ui->model->sel;
	sctui_prompt_open(ui, SCTUI_PROMPT_SEARCH, "/", "");
	return SCTUI_REACT_REDRAW;
}

static unsigned act_filter(struct sctui_ui *ui)
{
	const struct sctui_filter *f = &ui->model->filter_spec;
	char cur[SCTUI_TEXT_MAX + 8] = "";

	ui->filter_before = *f;
	if (f->kind == SCTUI_FILTER_TEXT)
		snprintf(cur, sizeof(cur), "%s", f->text);
	else if (f->kind != SCTUI_FILTER_ALL)
		sctui_filter_describe(f, cur, sizeof(cur));
	sctui_prompt_open(ui, SCTUI_PROMPT_FILTER, "Filter: ", cur);
	sctui_prompt_hint(ui, "denied  allowed  changed  hits  @group  or text in the name;  Esc restores");
	return SCTUI_REACT_REDRAW;
}

static unsigned act_run(struct sctui_ui *ui)
{
	int r;

	if (!ui->argv || !ui->argv[0]) {
		sctui_ui_message(ui, true, "no command to run: start sctui with -- COMMAND [ARGS...]");
		return SCTUI_REACT_REDRAW;
	}
	if (ui->caps_run_error) {
		sctui_ui_message(ui, true, "not run: this process cannot hold a run to caps %s (C picks another set)",
				 sctui_caps_name(ui));
		return SCTUI_REACT_REDRAW;
	}
	r = sctui_runner_start(ui->runner, ui->model, ui->argv, ui->next_mode);
	sctui_model_set_counters(ui->model, NULL);
	ui->den_follow = true; /* a new log: pick its newest denial */
	if (r < 0)
		sctui_ui_message(ui, true, "cannot launch: %s", strerror(-r));
	else
		sctui_ui_message(ui, false, "run %u: %s under %s, caps %s%s, output in %s", ui->runner->run_no,
				 ui->argv[0], ui->model->path, sctui_caps_name(ui),
				 ui->next_mode == SCFS_MODE_COMPLAIN ? " (complain mode)" : "", ui->runner->log_path);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_sort(struct sctui_ui *ui)
{
	sctui_model_set_sort(ui->model, (ui->model->sort + 1) % _SCTUI_SORT_MAX);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_arch(struct sctui_ui *ui)
{
	size_t n = sctui_model_n_arches(ui->model);

	if (n > 1)
		(void)sctui_model_set_arch(ui->model, (ui->model->arch + 1) % n);
	ui->top = 0;
	return SCTUI_REACT_REDRAW;
}

static unsigned act_diff(struct sctui_ui *ui)
{
	char *d = sctui_model_diff(ui->model);

	if (!*d) {
		free(d);
		sctui_ui_message(ui, false, "no edits: the document is as loaded");
		return SCTUI_REACT_REDRAW;
	}
	sctui_ui_show_text(ui, "Diff: as loaded (-) against as edited (+)", d, true);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_stop(struct sctui_ui *ui)
{
	char src[96];

	if (ui->runner->watching) {
		sctui_ui_message(ui, false, "stopped watching %s (it goes on as it was)",
				 sctui_runner_source(ui->runner, src, sizeof(src)));
		sctui_runner_unwatch(ui->runner);
		sctui_model_set_counters(ui->model, NULL);
		ui->pane_focus = false;
		return SCTUI_REACT_REDRAW;
	}
	if (!sctui_runner_active(ui->runner)) {
		sctui_ui_message(ui, false, "nothing is running");
		return SCTUI_REACT_REDRAW;
	}
	sctui_runner_stop(ui->runner);
	(void)sctui_runner_poll(ui->runner, ui->model);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_quit(struct sctui_ui *ui)
{
	if (!sctui_model_dirty(ui->model))
		return SCTUI_REACT_QUIT;
	sctui_prompt_open(ui, SCTUI_PROMPT_QUIT, "Unsaved edits. Save before quitting? (y)es (n)o (c)ancel ", NULL);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_none(struct sctui_ui *ui)
{
	return SCTUI_REACT_NONE;
}

#define act_caps sctui_act_caps
#define act_pane sctui_act_pane
#define act_suggest sctui_act_suggest
#define act_watch sctui_act_watch
#define act_up act_none
#define act_down act_none
#define act_page_up act_none
#define act_page_down act_none
#define act_home act_none
#define act_end act_none

static unsigned do_toggle(struct sctui_ui *ui, const size_t *rows, size_t n)
{
	struct sctui_model *m = ui->model;
	struct scfs_diag d;
	char before[48], after[48];
	uint32_t was = m->rows[rows[0]].action;
	int r;

	scfs_diag_init(&d, m->path);
	r = sctui_model_set_action(m, rows, n, NULL, &d);
	if (r < 0) {
		report_diag(ui, r, &d, "cannot toggle");
		scfs_diag_done(&d);
		return SCTUI_REACT_REDRAW;
	}
	scfs_diag_done(&d);
	sctui_ui_message(ui, false, "%s%s: %s -> %s (for the next run)", m->rows[rows[0]].name,
			 n > 1 ? " and siblings" : "", sctui_action_label(was, before, sizeof(before)),
			 sctui_action_label(m->rows[rows[0]].action, after, sizeof(after)));
	return SCTUI_REACT_REDRAW;
}

static unsigned act_toggle(struct sctui_ui *ui)
{
	struct sctui_model *m = ui->model;
	const struct sctui_row *sel = sctui_model_selected(m);
	size_t row, sib[SCTUI_SIBLINGS_MAX], n;
	char label[160];
	size_t len;

	if (!sel)
		return SCTUI_REACT_NONE;
	row = (size_t)(sel - m->rows);
	n = sctui_model_siblings(m, row, sib, ELEMENTSOF(sib));
	n = n < ELEMENTSOF(sib) ? n : ELEMENTSOF(sib);
	if (n == 0)
		return do_toggle(ui, &row, 1);
	ui->pending[0] = row;
	memcpy(ui->pending + 1, sib, n * sizeof(*sib));
	ui->n_pending = n + 1;
	len = (size_t)snprintf(label, sizeof(label), "%s %s. Also its siblings",
			       sctui_row_denied(sel) ? "Allow" : "Deny", sel->name);
	for (size_t i = 0; i < n && len < sizeof(label); i++)
		len += (size_t)snprintf(label + len, sizeof(label) - len, "%s%s", i ? ", " : " ", m->rows[sib[i]].name);
	if (len < sizeof(label))
		snprintf(label + len, sizeof(label) - len, "? (y/n, Esc cancels) ");
	sctui_prompt_open(ui, SCTUI_PROMPT_SIBLINGS, label, NULL);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_set_action(struct sctui_ui *ui)
{
	const struct sctui_row *sel = sctui_model_selected(ui->model);
	char label[160];

	if (!sel)
		return SCTUI_REACT_NONE;
	/* The choices go where the legend was: the status line keeps its
	 * room for typing. */
	snprintf(label, sizeof(label), "Action for %s: ", sel->name);
	sctui_prompt_open(ui, SCTUI_PROMPT_SET_ACTION, label, NULL);
	sctui_prompt_hint(ui, "ALLOW ERRNO [n|ENAME] KILL KILL_PROCESS TRAP LOG TRACE n default; Esc cancels");
	return SCTUI_REACT_REDRAW;
}

static unsigned set_action_text(struct sctui_ui *ui, const char *text)
{
	struct sctui_model *m = ui->model;
	const struct sctui_row *sel = sctui_model_selected(m);
	const struct scfs_action *def = m->src->has_default_action ? &m->src->default_action : NULL;
	struct scfs_action a;
	struct scfs_diag d;
	char label[48];
	size_t row;
	int r;

	if (!sel)
		return SCTUI_REACT_NONE;
	if (sctui_action_parse(text, def, &a) < 0) {
		sctui_ui_message(ui, true, "not an action: \"%s\" (e.g. ALLOW, ERRNO EACCES, KILL_PROCESS, LOG)", text);
		return SCTUI_REACT_REDRAW;
	}
	row = (size_t)(sel - m->rows);
	scfs_diag_init(&d, m->path);
	r = sctui_model_set_action(m, &row, 1, &a, &d);
	if (r < 0)
		report_diag(ui, r, &d, "cannot set the action");
	else
		sctui_ui_message(ui, false, "%s: %s (for the next run)", m->rows[row].name,
				 sctui_action_label(m->rows[row].action, label, sizeof(label)));
	scfs_diag_done(&d);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_detail(struct sctui_ui *ui)
{
	const struct sctui_row *sel = sctui_model_selected(ui->model);
	char title[96];

	if (!sel)
		return SCTUI_REACT_NONE;
	snprintf(title, sizeof(title), "Detail: %s", sel->name);
	sctui_ui_show_text(ui, title, sctui_model_detail(ui->model, (size_t)(sel - ui->model->rows)), false);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_undo(struct sctui_ui *ui)
{
	int r = sctui_model_undo(ui->model);

	if (r == -ENOENT)
		sctui_ui_message(ui, false, "nothing to undo");
	else if (r < 0)
		sctui_ui_message(ui, true, "cannot undo: %s", strerror(-r));
	else
		sctui_ui_message(ui, false, "undone (%zu more step%s)", ui->model->n_undo, ui->model->n_undo == 1 ? "" : "s");
	return SCTUI_REACT_REDRAW;
}

static unsigned act_complain(struct sctui_ui *ui)
{
	ui->next_mode = ui->next_mode == SCFS_MODE_COMPLAIN ? SCFS_MODE_ENFORCE : SCFS_MODE_COMPLAIN;
	sctui_ui_message(ui, false, "next run: %s mode%s", scfs_mode_string(ui->next_mode),
			 ui->next_mode == SCFS_MODE_COMPLAIN ? " (denials are logged and allowed)" : "");
	return SCTUI_REACT_REDRAW;
}

static unsigned act_output(struct sctui_ui *ui)
{
	ui->pane_output = !ui->pane_output;
	return SCTUI_REACT_REDRAW;
}

static unsigned find_next(struct sctui_ui *ui, int dir)
{
	struct sctui_model *m = ui->model;
	size_t from = dir > 0 ? m->sel + 1 : (m->sel ? m->sel - 1 : (m->n_vis ? m->n_vis - 1 : 0));
	long i;

	if (!ui->search[0]) {
		sctui_ui_message(ui, false, "no search yet: / searches");
		return SCTUI_REACT_REDRAW;
	}
	i = sctui_model_find(m, ui->search, from, dir);
	if (i < 0)
		sctui_ui_message(ui, true, "not found: %s", ui->search);
	else
		sctui_model_select(m, (size_t)i);
	return SCTUI_REACT_REDRAW;
}

static unsigned act_next(struct sctui_ui *ui)
{
	return find_next(ui, 1);
}

static unsigned act_prev(struct sctui_ui *ui)
{
	return find_next(ui, -1);
}

static unsigned act_command(struct sctui_ui *ui)
{
	sctui_prompt_open(ui, SCTUI_PROMPT_COMMAND, ":", "");
	return SCTUI_REACT_REDRAW;
}

static unsigned act_close(struct sctui_ui *ui)
{
	/* On the table, Esc clears the filter. */
	if (ui->model->filter_spec.kind != SCTUI_FILTER_ALL) {
		sctui_model_set_filter(ui->model, &(struct sctui_filter){ .kind = SCTUI_FILTER_ALL });
		return SCTUI_REACT_REDRAW;
	}
	return SCTUI_REACT_NONE;
}

static unsigned act_redraw(struct sctui_ui *ui)
{
	return SCTUI_REACT_FULL;
}

static const action_fn handlers[_SCTUI_ACT_MAX] = {
#define HANDLER(id, name, legend, help) [SCTUI_ACT_##id] = act_##name,
	SCTUI_ACTIONS(HANDLER)
#undef HANDLER
};

unsigned sctui_actions_run(struct sctui_ui *ui, enum sctui_action a)
{
	if (a <= SCTUI_ACT_NONE || a >= _SCTUI_ACT_MAX || !handlers[a])
		return SCTUI_REACT_NONE;
	return handlers[a](ui);
}

/* ---- prompts ----------------------------------------------------------- */

static unsigned apply_filter_text(struct sctui_ui *ui, const char *text, bool final)
{
	struct sctui_filter f;

	if (sctui_filter_parse(text, &f) < 0) {
		/* "@fil" on the way to "@file-system": wait for more. */
		if (final)
			sctui_ui_message(ui, true, "unknown group %s (? lists them)", text);
		return SCTUI_REACT_REDRAW;
	}
	sctui_model_set_filter(ui->model, &f);
	ui->top = 0;
	return SCTUI_REACT_REDRAW;
}

unsigned sctui_actions_prompt_changed(struct sctui_ui *ui)
{
	long i;

	switch (ui->prompt) {
	case SCTUI_PROMPT_SEARCH:
		i = sctui_model_find(ui->model, ui->input, ui->search_origin, 1);
		if (i >= 0)
			sctui_model_select(ui->model, (size_t)i);
		else if (!ui->input[0])
			sctui_model_select(ui->model, ui->search_origin);
		return SCTUI_REACT_REDRAW;
	case SCTUI_PROMPT_FILTER:
		return apply_filter_text(ui, ui->input, false);
	default:
		return SCTUI_REACT_NONE;
	}
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static unsigned run_command(struct sctui_ui *ui, char *line)
{
	char *cmd = trim(line), *arg = cmd + strcspn(cmd, " \t");
	enum sctui_action a;

	if (*arg)
		*arg++ = '\0';
	arg = trim(arg);
	if (!*cmd)
		return SCTUI_REACT_NONE;
	if (strcmp(cmd, "q") == 0)
		return act_quit(ui);
	if (strcmp(cmd, "q!") == 0)
		return SCTUI_REACT_QUIT;
	if (strcmp(cmd, "w") == 0 || strcmp(cmd, "wq") == 0) {
		unsigned react;

		if (!*arg && ui->model->path_is_default) {
			ui->quit_after_save = strcmp(cmd, "wq") == 0;
			return act_save_as(ui);
		}
		react = save_to(ui, *arg ? arg : NULL);
		if (strcmp(cmd, "wq") == 0 && !sctui_model_dirty(ui->model))
			react |= SCTUI_REACT_QUIT;
		return react;
	}
	if (strcmp(cmd, "arch") == 0) {
		if (!*arg || sctui_model_set_arch_name(ui->model, arg) < 0) {
			char list[256] = "";
			size_t len = 0;

			for (size_t i = 0; i < sctui_model_n_arches(ui->model) && len < sizeof(list); i++)
				len += (size_t)snprintf(list + len, sizeof(list) - len, " %s",
							sctui_model_arch(ui->model, i)->scmp_name);
			sctui_ui_message(ui, true, "arch: the profile's arches are%s", list);
		}
		ui->top = 0;
		return SCTUI_REACT_REDRAW;
	}
	if (strcmp(cmd, "sort") == 0) {
		for (int s = 0; s < _SCTUI_SORT_MAX; s++)
			if (strcmp(arg, sctui_sort_name(s)) == 0 || (s == SCTUI_SORT_NR && strcmp(arg, "nr") == 0)) {
				sctui_model_set_sort(ui->model, s);
				return SCTUI_REACT_REDRAW;
			}
		sctui_ui_message(ui, true, "sort: name, number or hits");
		return SCTUI_REACT_REDRAW;
	}
	if (strcmp(cmd, "caps") == 0)
		return sctui_caps_set(ui, *arg ? arg : NULL);
	if (strcmp(cmd, "watch") == 0)
		return *arg ? sctui_watch(ui, arg) : sctui_act_watch(ui);
	if (strcmp(cmd, "filter") == 0)
		return apply_filter_text(ui, arg, true);
	if (strcmp(cmd, "set") == 0)
		return set_action_text(ui, arg);
	if (strcmp(cmd, "search") == 0 || strcmp(cmd, "goto") == 0) {
		snprintf(ui->search, sizeof(ui->search), "%s", arg);
		if (sctui_model_select_name(ui->model, arg) == 0)
			return SCTUI_REACT_REDRAW;
		return find_next(ui, 1);
	}
	a = sctui_action_lookup(cmd);
	if (a != SCTUI_ACT_NONE)
		return sctui_actions_run(ui, a);
	sctui_ui_message(ui, true, "unknown command :%s (? for help)", cmd);
	return SCTUI_REACT_REDRAW;
}

unsigned sctui_actions_prompt_done(struct sctui_ui *ui, enum sctui_prompt kind, bool accepted, int key)
{
	char *text = trim(ui->input);
	bool quit = ui->quit_after_save;

	ui->quit_after_save = false;
	switch (kind) {
	case SCTUI_PROMPT_SEARCH:
		if (accepted && *text)
			snprintf(ui->search, sizeof(ui->search), "%.*s", (int)sizeof(ui->search) - 1, ui->input);
		else
			sctui_model_select(ui->model, ui->search_origin);
		return SCTUI_REACT_REDRAW;
	case SCTUI_PROMPT_FILTER:
		if (!accepted) {
			sctui_model_set_filter(ui->model, &ui->filter_before);
			return SCTUI_REACT_REDRAW;
		}
		return apply_filter_text(ui, text, true);
	case SCTUI_PROMPT_COMMAND:
		return accepted ? run_command(ui, ui->input) : SCTUI_REACT_REDRAW;
	case SCTUI_PROMPT_SAVE_AS: {
		unsigned react;

		if (!accepted || !*text)
			return SCTUI_REACT_REDRAW;
		react = save_to(ui, text);
		if (quit && !sctui_model_dirty(ui->model))
			react |= SCTUI_REACT_QUIT;
		return react;
	}
	case SCTUI_PROMPT_SET_ACTION:
		return accepted && *text ? set_action_text(ui, text) : SCTUI_REACT_REDRAW;
	case SCTUI_PROMPT_SUGGEST:
		return sctui_suggest_answer(ui, accepted && (key == 'y' || key == 'Y'));
	case SCTUI_PROMPT_WATCH:
		return SCTUI_REACT_CLOSE | (accepted && *text ? sctui_watch(ui, text) : SCTUI_REACT_REDRAW);
	case SCTUI_PROMPT_SIBLINGS:
		if (!accepted || (key != 'y' && key != 'Y' && key != 'n' && key != 'N')) {
			sctui_ui_message(ui, false, "nothing changed");
			return SCTUI_REACT_REDRAW;
		}
		return do_toggle(ui, ui->pending, key == 'y' || key == 'Y' ? ui->n_pending : 1);
	case SCTUI_PROMPT_QUIT:
		if (key == 'n' || key == 'N')
			return SCTUI_REACT_QUIT;
		if (key == 'y' || key == 'Y') {
			if (ui->model->path_is_default) {
				ui->quit_after_save = true;
				return act_save_as(ui);
			}
			return save_to(ui, NULL) | (sctui_model_dirty(ui->model) ? 0 : SCTUI_REACT_QUIT);
		}
		return SCTUI_REACT_REDRAW;
	default:
		return SCTUI_REACT_REDRAW;
	}
}
