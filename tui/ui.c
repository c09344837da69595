/* The screen and the main loop (ui.h). */
#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "ui.h"

/* How often a running target's state is read. */
#define POLL_MS 250

/* The one thing a signal handler may touch.  SIGINT asks to quit as q
 * does; SIGTERM and SIGHUP end sctui (ending the run) at once. */
static volatile sig_atomic_t pending_signal;

static void on_signal(int sig)
{
	pending_signal = sig;
}

static void signals_init(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	/* No SA_RESTART: the wait for a key returns at once.  Installed
	 * before initscr so curses keeps them. */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ELEMENTSOF(sigs); i++)
		(void)sigaction(sigs[i], &sa, NULL);
}

/* The terminal hung up (its emulator or tmux server gone) without a
 * SIGHUP reaching sctui: every wait for a key then fails at once, and
 * sctui would spin. */
static bool terminal_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static void colors_init(struct sctui_ui *ui, bool no_color)
{
	static const struct {
		enum sctui_color role;
		short fg, bg;
		int extra;
	} pairs[] = {
		{ SCTUI_COLOR_HEADER, COLOR_BLACK, COLOR_CYAN, 0 },
		{ SCTUI_COLOR_SELECTED, COLOR_BLACK, COLOR_CYAN, 0 },
		{ SCTUI_COLOR_ALLOW, COLOR_GREEN, -1, 0 },
		{ SCTUI_COLOR_DENY, COLOR_RED, -1, A_BOLD },
		{ SCTUI_COLOR_KILL, COLOR_MAGENTA, -1, A_BOLD },
		{ SCTUI_COLOR_LOG, COLOR_YELLOW, -1, 0 },
		{ SCTUI_COLOR_CHANGED, COLOR_YELLOW, -1, A_BOLD },
		{ SCTUI_COLOR_KEY, COLOR_WHITE, COLOR_BLACK, 0 },
		{ SCTUI_COLOR_LABEL, COLOR_BLACK, COLOR_CYAN, 0 },
		{ SCTUI_COLOR_ERROR, COLOR_RED, -1, A_BOLD },
		{ SCTUI_COLOR_DIFF_ADD, COLOR_GREEN, -1, 0 },
		{ SCTUI_COLOR_DIFF_DEL, COLOR_RED, -1, 0 },
		{ SCTUI_COLOR_DIFF_HUNK, COLOR_CYAN, -1, 0 },
		{ SCTUI_COLOR_TITLE, COLOR_BLACK, COLOR_GREEN, 0 },
	};
	/* Without colours every role still reads: reverse video for bars
	 * and the selection, bold for denials, underline for edits. */
	static const int mono[_SCTUI_COLOR_MAX] = {
		[SCTUI_COLOR_HEADER] = A_REVERSE,  [SCTUI_COLOR_SELECTED] = A_REVERSE,
		[SCTUI_COLOR_DENY] = A_BOLD,       [SCTUI_COLOR_KILL] = A_BOLD | A_UNDERLINE,
		[SCTUI_COLOR_CHANGED] = A_BOLD,    [SCTUI_COLOR_KEY] = A_NORMAL,
		[SCTUI_COLOR_LABEL] = A_REVERSE,   [SCTUI_COLOR_ERROR] = A_BOLD,
		[SCTUI_COLOR_DIFF_ADD] = A_BOLD,   [SCTUI_COLOR_DIFF_HUNK] = A_UNDERLINE,
		[SCTUI_COLOR_TITLE] = A_REVERSE,
	};

	ui->colors = has_colors() && !no_color;
	memcpy(ui->attrs, mono, sizeof(mono));
	if (!ui->colors)
		return;
	start_color();
	(void)use_default_colors();
	for (size_t i = 0; i < ELEMENTSOF(pairs); i++) {
		short bg = pairs[i].bg;

		if (COLORS < 8)
			break;
		(void)init_pair((short)(i + 1), pairs[i].fg, bg);
		ui->attrs[pairs[i].role] = (int)COLOR_PAIR(i + 1) | pairs[i].extra;
	}
}

int sctui_ui_init(struct sctui_ui *ui, struct sctui_model *m, struct sctui_runner *r, char *const *argv,
		  const struct sctui_ui_opts *opts)
{
	const char *kf = opts->keyfile;
	char err[256] = "";
	int bad = 0;

	*ui = (struct sctui_ui){ .model = m, .runner = r, .argv = argv, .next_mode = SCFS_MODE_ENFORCE };
	sctui_keymap_init(&ui->keymap);
	if (kf)
		bad = sctui_keymap_load(&ui->keymap, kf, err, sizeof(err));
	signals_init();
	if (!initscr())
		return -ENOTTY;
	(void)cbreak();
	(void)noecho();
	(void)nonl();
	(void)keypad(stdscr, TRUE);
	(void)set_escdelay(25);
	(void)curs_set(0);
	timeout(POLL_MS);
	colors_init(ui, opts->no_color);
	sctui_ui_layout(ui);
	if (bad > 0)
		sctui_ui_message(ui, true, "%s (%d bad line%s in the key file)", err, bad, bad == 1 ? "" : "s");
	return 0;
}

void sctui_ui_done(struct sctui_ui *ui)
{
	scfs_suggestion_done(&ui->offer);
	sctui_ui_close_overlay(ui);
	endwin();
}

static void draw_status(struct sctui_ui *ui, int y)
{
	const struct sctui_row *r = sctui_model_selected(ui->model);
	char line[512], act[48], rule[32];
	size_t d;

	move(y, 0);
	clrtoeol();
	if (ui->prompt != SCTUI_PROMPT_NONE) {
		sctui_prompt_draw(ui, y);
		return;
	}
	if (ui->message[0]) {
		attrset(ui->message_error ? ui->attrs[SCTUI_COLOR_ERROR] : (int)A_NORMAL);
		sctui_draw_text(y, 0, ui->message, ui->cols);
		attrset(A_NORMAL);
		return;
	}
	if (ui->overlay) {
		snprintf(line, sizeof(line), "Up/Down PgUp/PgDn Home/End: scroll   Esc or q: close");
	} else if (ui->pane_focus && (d = sctui_pane_picked(ui)) != SIZE_MAX) {
		const struct sctui_denial *den = sctui_runner_denial(ui->runner, d);

		snprintf(line, sizeof(line), "denial %zu of %zu: %s %s (%s)   Enter/S: its rule and a change   Tab/Esc: table",
			 ui->runner->n_seen - d, ui->runner->n_seen, den->call, den->result, den->rule);
	} else if (r) {
		snprintf(line, sizeof(line), "%s: %s (%s%s)   %zu changed%s   next run: %s   Space toggle, e set, Enter detail, u undo",
			 r->name, sctui_action_label(r->action, act, sizeof(act)),
			 sctui_rule_label(r->rule, rule, sizeof(rule)), r->conditional ? ", conditional" : "",
			 sctui_model_n_changed(ui->model), sctui_model_dirty(ui->model) ? ", unsaved" : "",
			 scfs_mode_string(ui->next_mode));
	} else {
		snprintf(line, sizeof(line), "nothing matches the filter; Esc clears it");
	}
	sctui_draw_text(y, 0, line, ui->cols);
}

static void draw(struct sctui_ui *ui)
{
	/* The split between table and pane follows the visible rows. */
	sctui_ui_layout(ui);
	erase();
	if (ui->lines < 3 || ui->cols < 10) {
		sctui_draw_text(0, 0, "sctui: terminal too small", ui->cols);
		return;
	}
	sctui_bar_draw_header(ui, 0);
	if (ui->overlay) {
		ui->overlay->ops->draw(ui->overlay, ui);
	} else {
		if (ui->table.h > 0)
			ui->table.ops->draw(&ui->table, ui);
		if (ui->pane.h > 0)
			ui->pane.ops->draw(&ui->pane, ui);
	}
	draw_status(ui, ui->lines - 2);
	sctui_bar_draw_legend(ui, ui->lines - 1);
	(void)wnoutrefresh(stdscr);
	(void)doupdate();
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned dispatch(struct sctui_ui *ui, enum sctui_action a)
{
	struct panel *p = ui->overlay ? ui->overlay : ui->pane_focus && ui->pane.h > 0 ? &ui->pane : &ui->table;
	unsigned react = p->ops->handle ? p->ops->handle(p, ui, a) : SCTUI_REACT_UNHANDLED;

	if (react & SCTUI_REACT_SUGGEST)
		react = (react & ~SCTUI_REACT_SUGGEST) | sctui_act_suggest(ui);
	if (react & SCTUI_REACT_UNHANDLED)
		react = (react & ~SCTUI_REACT_UNHANDLED) | sctui_actions_run(ui, a);
	return react;
}

/* The prompt's reactions, handed to actions.c: what the input means is
 * theirs, never the prompt's. */
static unsigned prompt_react(struct sctui_ui *ui, unsigned react)
{
	if (react & SCTUI_REACT_PROMPT_DONE)
		react |= sctui_actions_prompt_done(ui, ui->answer.kind, ui->answer.accepted, ui->answer.key);
	else if (react & SCTUI_REACT_PROMPT_CHANGED)
		react |= sctui_actions_prompt_changed(ui);
	return react & ~(SCTUI_REACT_PROMPT_DONE | SCTUI_REACT_PROMPT_CHANGED);
}

/* While a suggested change waits for y/n, the keys that scroll the view
 * of it scroll it instead of answering; while the list of targets waits
 * for a name, the function keys among them (letters are the name's). */
static bool offer_scroll(const struct sctui_ui *ui, int key)
{
	enum sctui_action a = sctui_keymap_lookup(&ui->keymap, key);
	bool moves = a == SCTUI_ACT_UP || a == SCTUI_ACT_DOWN || a == SCTUI_ACT_PAGE_UP || a == SCTUI_ACT_PAGE_DOWN ||
		     a == SCTUI_ACT_HOME || a == SCTUI_ACT_END;

	if (!ui->overlay || !moves)
		return false;
	if (ui->prompt == SCTUI_PROMPT_WATCH)
		return key & SCTUI_KEY_FN;
	return ui->prompt == SCTUI_PROMPT_SUGGEST && key != 'n' && key != 'y';
}

void sctui_ui_run(struct sctui_ui *ui, bool bench_startup)
{
	unsigned react = SCTUI_REACT_REDRAW;
	long long last_poll = now_ms();

	for (;;) {
		wint_t ch;
		int kr, key;

		if (react & SCTUI_REACT_CLOSE) {
			sctui_ui_close_overlay(ui);
			sctui_ui_layout(ui);
		}
		if (react & SCTUI_REACT_FULL)
			(void)clearok(curscr, TRUE);
		if (react & (SCTUI_REACT_REDRAW | SCTUI_REACT_FULL | SCTUI_REACT_CLOSE))
			draw(ui);
		if (bench_startup || (react & SCTUI_REACT_QUIT))
			return;
		react = SCTUI_REACT_NONE;
		kr = get_wch(&ch);
		if (pending_signal) {
			int sig = pending_signal;

			pending_signal = 0;
			if (sig != SIGINT)
				return;
			ui->prompt = SCTUI_PROMPT_NONE;
			react |= sctui_actions_run(ui, SCTUI_ACT_QUIT) | SCTUI_REACT_REDRAW;
			continue;
		}
		if (kr == ERR || now_ms() - last_poll >= POLL_MS) {
			last_poll = now_ms();
			if (sctui_runner_poll(ui->runner, ui->model))
				react |= SCTUI_REACT_REDRAW;
		}
		if (kr == ERR && terminal_gone())
			return; /* as SIGHUP: the run ends with sctui */
		if (kr == ERR)
			continue;
		if (kr == KEY_CODE_YES && ch == KEY_RESIZE) {
			sctui_ui_layout(ui);
			react |= SCTUI_REACT_FULL;
			continue;
		}
		key = kr == KEY_CODE_YES ? (int)(SCTUI_KEY_FN | ch) : (int)ch;
		if (ui->message[0]) {
			ui->message[0] = '\0';
			react |= SCTUI_REACT_REDRAW;
		}
		if (ui->prompt != SCTUI_PROMPT_NONE && !offer_scroll(ui, key)) {
			react |= prompt_react(ui, sctui_prompt_key(ui, key));
		} else {
			enum sctui_action a = sctui_keymap_lookup(&ui->keymap, key);
			char kn[32];

			if (a == SCTUI_ACT_NONE)
				sctui_ui_message(ui, true, "%s: not bound (? for help)", sctui_key_name(key, kn, sizeof(kn)));
			else
				react |= dispatch(ui, a);
			react |= SCTUI_REACT_REDRAW;
		}
	}
}
