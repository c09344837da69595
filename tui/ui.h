/* sctui's screen: the UI context every panel and action sees, the panel
 * interface, and the reactions actions return.  Actions never draw: they
 * change the model or the UI state and say what needs doing, and only the
 * main loop (ui.c) redraws. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "model.h"
#include "runner.h"

/* Reactions, a bit mask. */
#define SCTUI_REACT_NONE 0u
#define SCTUI_REACT_REDRAW (1u << 0)    /* draw the screen again */
#define SCTUI_REACT_QUIT (1u << 1)      /* leave the main loop */
#define SCTUI_REACT_UNHANDLED (1u << 2) /* a panel passes the action on */
#define SCTUI_REACT_CLOSE (1u << 3)     /* close the overlay view */
#define SCTUI_REACT_FULL (1u << 4)      /* clear and repaint the terminal */
/* From the prompt: the main loop hands them to actions.c. */
#define SCTUI_REACT_PROMPT_CHANGED (1u << 5) /* the input changed (incremental search, filter) */
#define SCTUI_REACT_PROMPT_DONE (1u << 6)    /* answered or cancelled: ui->answer says how */
/* The pane's picked denial: offer the change that allows it (act_suggest.c). */
#define SCTUI_REACT_SUGGEST (1u << 7)

struct sctui_ui;
struct panel;

struct panel_ops {
	const char *name;
	/* Draw the panel inside p->y, p->x, p->h, p->w from the UI state;
	 * changes nothing but the panel's own scroll position. */
	void (*draw)(struct panel *p, struct sctui_ui *ui);
	/* An action while the panel has the keyboard.  Returns reactions, or
	 * SCTUI_REACT_UNHANDLED to hand the action to actions.c.  NULL: the
	 * panel never has the keyboard. */
	unsigned (*handle)(struct panel *p, struct sctui_ui *ui, enum sctui_action a);
	/* A paragraph for the help screen about this panel, or NULL. */
	const char *help;
	/* Free p->priv.  NULL when there is nothing to free. */
	void (*done)(struct panel *p);
};

struct panel {
	const struct panel_ops *ops;
	int y, x, h, w;
	void *priv;
};

/* Colour roles; on a monochrome terminal each maps to an attribute. */
enum sctui_color {
	SCTUI_COLOR_NORMAL,
	SCTUI_COLOR_HEADER,   /* top line, column headings */
	SCTUI_COLOR_SELECTED,
	SCTUI_COLOR_ALLOW,
	SCTUI_COLOR_DENY,
	SCTUI_COLOR_KILL,
	SCTUI_COLOR_LOG,
	SCTUI_COLOR_CHANGED,
	SCTUI_COLOR_KEY,      /* legend key */
	SCTUI_COLOR_LABEL,    /* legend label */
	SCTUI_COLOR_ERROR,
	SCTUI_COLOR_DIFF_ADD,
	SCTUI_COLOR_DIFF_DEL,
	SCTUI_COLOR_DIFF_HUNK,
	SCTUI_COLOR_TITLE,    /* pane titles */
	_SCTUI_COLOR_MAX,
};

enum sctui_prompt {
	SCTUI_PROMPT_NONE,
	SCTUI_PROMPT_SEARCH,
	SCTUI_PROMPT_FILTER,
	SCTUI_PROMPT_COMMAND,
	SCTUI_PROMPT_SAVE_AS,
	SCTUI_PROMPT_SET_ACTION,
	SCTUI_PROMPT_SIBLINGS, /* y/n */
	SCTUI_PROMPT_QUIT,     /* y/n/c */
	SCTUI_PROMPT_SUGGEST,  /* y/n on the change shown in the view above */
	SCTUI_PROMPT_WATCH,    /* which target to watch, over the list of them */
};

#define SCTUI_INPUT_MAX 256
#define SCTUI_SIBLINGS_MAX 31

struct sctui_ui {
	struct sctui_model *model;   /* not owned */
	struct sctui_runner *runner; /* not owned */
	char *const *argv;           /* the command (NULL: r has nothing to run) */
	enum scfs_mode next_mode;    /* for the next launch (c toggles complain) */
	struct sctui_keymap keymap;
	bool colors;
	int attrs[_SCTUI_COLOR_MAX];

	int lines, cols;
	struct panel table;          /* the syscall table */
	struct panel pane;           /* denials or output, below the table */
	struct panel *overlay;       /* a text view over the table (help, diff, detail), or NULL */
	bool pane_output;            /* the pane shows output instead of denials */
	size_t top;                  /* first visible row of the table */

	enum sctui_prompt prompt;
	char prompt_label[160];
	char prompt_hint[160];       /* shown in place of the legend while the prompt is open */
	char input[SCTUI_INPUT_MAX]; /* UTF-8 */
	size_t input_len;
	bool input_selected;         /* the whole input is selected: typing replaces it */
	struct {                     /* the prompt just closed (SCTUI_REACT_PROMPT_DONE) */
		enum sctui_prompt kind;
		bool accepted;       /* Enter, or any key but Esc and ^G for a question */
		int key;
	} answer;
	size_t search_origin;        /* selection when the search started */
	char search[SCTUI_TEXT_MAX]; /* the last search, for n/N */
	struct sctui_filter filter_before; /* restored when the filter prompt is cancelled */
	size_t pending[SCTUI_SIBLINGS_MAX + 1]; /* the row and its siblings to toggle */
	size_t n_pending;

	/* The denials pane has the keys (Tab); den_sel is the picked
	 * denial's line number in the run's log, from 0, and den_follow
	 * keeps it on the newest as denials arrive. */
	bool pane_focus;
	size_t den_sel;
	bool den_follow;

	/* The capability sets C cycles through: caps_idx 0 is the one sctui
	 * started with (--caps, else this process's), then the presets. */
	size_t caps_idx;
	uint64_t caps_start;
	bool caps_start_drop;        /* runs dropped the bounding set to it */
	char caps_start_name[32];    /* "host", or --caps as given (shortened) */
	int caps_run_error;          /* runs cannot be held to the set: -errno, else 0 */

	/* The change offered for a denial, waiting for y/n. */
	struct scfs_suggestion offer;
	struct scfs_suggest_call offer_call;

	char message[256];           /* shown on the status line until the next key */
	bool message_error;
	bool quit_after_save;        /* a save-as prompt opened by quitting */
};

/* What the environment says to the screen, read by main (no getenv below
 * it): $NO_COLOR, and the key file ($SCTUI_KEYS, else
 * $XDG_CONFIG_HOME/sctui/keys, else $HOME/.config/sctui/keys). */
struct sctui_ui_opts {
	bool no_color;
	const char *keyfile; /* NULL: none */
};

/* ui.c */
int sctui_ui_init(struct sctui_ui *ui, struct sctui_model *m, struct sctui_runner *r, char *const *argv,
		  const struct sctui_ui_opts *opts);
void sctui_ui_done(struct sctui_ui *ui);
/* The main loop: returns when the user quits.  With @bench_startup it
 * returns after the first complete frame has been sent to the terminal. */
void sctui_ui_run(struct sctui_ui *ui, bool bench_startup);

/* screen.c: the layout of the panels for the terminal's size. */
void sctui_ui_layout(struct sctui_ui *ui);
void sctui_ui_close_overlay(struct sctui_ui *ui);
/* Open a text view over the table (takes ownership of @text). */
void sctui_ui_show_text(struct sctui_ui *ui, const char *title, char *text, bool diff);

/* draw.c: the message on the status line, and drawing text. */
void sctui_ui_message(struct sctui_ui *ui, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Draw UTF-8 @s at y, x in at most @width columns; returns columns used. */
int sctui_draw_text(int y, int x, const char *s, int width);
/* The same measured, not drawn: the columns and (*@bytes) the bytes of
 * the longest start of @s that fits in @width columns. */
int sctui_text_fit(const char *s, int width, size_t *bytes);
/* A full-width band in @attr (titles, headers): blanks, then @text. */
void sctui_draw_band(int y, int x, int width, int attr, const char *text);

/* act_caps.c: the capability set.  @spec is --caps (NULL: this process's
 * set); the model is already expanded for it and the runner set up. */
void sctui_caps_init(struct sctui_ui *ui, const char *spec);
/* Expand for the set @spec (":caps SPEC"), or the next one with NULL. */
unsigned sctui_caps_set(struct sctui_ui *ui, const char *spec);
unsigned sctui_act_caps(struct sctui_ui *ui);

/* act_suggest.c: a denial's rule and the change that allows it. */
unsigned sctui_act_pane(struct sctui_ui *ui);
unsigned sctui_act_suggest(struct sctui_ui *ui);
/* The answer to the offer (y applies it). */
unsigned sctui_suggest_answer(struct sctui_ui *ui, bool yes);
/* panel_pane.c: the picked denial, newest first (SIZE_MAX: none), after
 * keeping the pick inside the denials still kept. */
size_t sctui_pane_picked(struct sctui_ui *ui);

/* act_watch.c: watch a target or container of the state base that sctui
 * did not launch.  The list and the prompt; then @who (PID, NAME, last). */
unsigned sctui_act_watch(struct sctui_ui *ui);
unsigned sctui_watch(struct sctui_ui *ui, const char *who);

/* actions.c: what each action does when no panel took it. */
unsigned sctui_actions_run(struct sctui_ui *ui, enum sctui_action a);
/* The prompt's text changed (incremental search and filter). */
unsigned sctui_actions_prompt_changed(struct sctui_ui *ui);
/* A prompt of @kind was answered (Enter, or the key @key for questions)
 * or cancelled (@accepted false).  The prompt is already closed, so the
 * answer may open another. */
unsigned sctui_actions_prompt_done(struct sctui_ui *ui, enum sctui_prompt kind, bool accepted, int key);

/* panel_prompt.c: the status line's prompt.  It edits the input and
 * closes itself; what the input means is actions.c's, reached through the
 * reactions SCTUI_REACT_PROMPT_CHANGED and SCTUI_REACT_PROMPT_DONE. */
void sctui_prompt_open(struct sctui_ui *ui, enum sctui_prompt kind, const char *label, const char *initial);
/* After open: a line for the legend's place (the choices, the keys). */
void sctui_prompt_hint(struct sctui_ui *ui, const char *hint);
/* After open: select the initial text, so that typing replaces it. */
void sctui_prompt_select_all(struct sctui_ui *ui);
unsigned sctui_prompt_key(struct sctui_ui *ui, int key);
void sctui_prompt_draw(struct sctui_ui *ui, int y);

/* The panels. */
extern const struct panel_ops sctui_table_ops;
extern const struct panel_ops sctui_pane_ops;
extern const struct panel_ops sctui_text_ops;
/* panel_bar.c: top line and bottom legend. */
/* The set's name for the header: "docker", "host", ... */
const char *sctui_caps_name(const struct sctui_ui *ui);
/* The preset capability sets (C, :caps): how many, and the @i-th name
 * (NULL past the last). */
size_t sctui_caps_n_presets(void);
const char *sctui_caps_preset(size_t i);
void sctui_bar_draw_header(struct sctui_ui *ui, int y);
void sctui_bar_draw_legend(struct sctui_ui *ui, int y);
/* panel_text.c */
struct panel *sctui_text_new(const char *title, char *text, bool diff);
