/* sctui's actions and the keys bound to them.
 *
 * One list, SCTUI_ACTIONS, names every action once; the enum, the action
 * names (used by ":" commands and the key file), the help screen and the
 * bottom legend are all generated from it.  Keys map to actions through a
 * table with built-in defaults that a key file can extend or override
 * (lines "bind KEY ACTION", see sctui(1)). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* X(ID, name, legend label or NULL, help text) */
#define SCTUI_ACTIONS(X)                                                                                 \
	X(HELP, help, "Help", "show this help")                                                         \
	X(SAVE, save, "Save", "save the edited profile to its file (asks for a path for the shipped default)") \
	X(SEARCH, search, "Search", "search by name as you type; Enter keeps the match, Esc goes back") \
	X(FILTER, filter, "Filter", "show only: denied, allowed, changed, hits, @group, or names containing text") \
	X(RUN, run, "Run", "launch the command under the edited profile (ends the previous run)")       \
	X(SORT, sort, "Sort", "cycle the order: name, number, hits")                                    \
	X(ARCH, arch, "Arch", "cycle the profile's architectures")                                      \
	X(DIFF, diff, "Diff", "show the edits as a diff of the document against the file as loaded")    \
	X(STOP, stop, "Stop", "end the running command")                                                \
	X(QUIT, quit, "Quit", "quit (asks when there are unsaved edits)")                               \
	X(UP, up, NULL, "move up one line")                                                             \
	X(DOWN, down, NULL, "move down one line")                                                       \
	X(PAGE_UP, page_up, NULL, "move up one page")                                                   \
	X(PAGE_DOWN, page_down, NULL, "move down one page")                                             \
	X(HOME, home, NULL, "go to the first line")                                                     \
	X(END, end, NULL, "go to the last line")                                                        \
	X(TOGGLE, toggle, NULL, "allow or deny the syscall; asks whether to do its siblings too")       \
	X(SET_ACTION, set_action, NULL, "set the action: ALLOW, ERRNO [n|ENAME], KILL, KILL_PROCESS, TRAP, LOG, TRACE n, default") \
	X(DETAIL, detail, NULL, "show the rules that name the syscall, with their conditions")          \
	X(UNDO, undo, NULL, "undo the last edit")                                                       \
	X(SAVE_AS, save_as, NULL, "save to another file, which becomes the profile's file")             \
	X(COMPLAIN, complain, NULL, "toggle complain mode (log and allow) for the next launch")         \
	X(OUTPUT, output, NULL, "switch the bottom pane between denials and the command's output")     \
	X(PANE, pane, NULL, "move the keys to the denials pane and back: Up/Down pick a denial, Enter or S suggests") \
	X(SUGGEST, suggest, NULL, "on the picked denial (else the newest): go to its syscall and rule, offer the smallest change that allows it") \
	X(WATCH, watch, NULL, "list the targets and containers of the state base (as scfs ps) and watch one: its denials, its profile") \
	X(CAPS, caps, NULL, "next capability set to expand for: docker, podman, containerd, all, none, the one sctui started with") \
	X(NEXT, next, NULL, "next search match")                                                        \
	X(PREV, prev, NULL, "previous search match")                                                    \
	X(COMMAND, command, NULL, "command line: arch NAME, caps NAME, w [PATH], q, q!, wq, sort KEY, filter SPEC, set ACTION, or any action name") \
	X(CLOSE, close, NULL, "close the view or cancel the prompt")                                    \
	X(REDRAW, redraw, NULL, "redraw the screen")

enum sctui_action {
	SCTUI_ACT_NONE = 0,
#define SCTUI_ACTION_ENUM(id, name, legend, help) SCTUI_ACT_##id,
	SCTUI_ACTIONS(SCTUI_ACTION_ENUM)
#undef SCTUI_ACTION_ENUM
	_SCTUI_ACT_MAX,
};

/* A key: a character (its Unicode value) or a curses key code with this
 * bit set, so the two ranges cannot collide. */
#define SCTUI_KEY_FN 0x40000000
#define SCTUI_KEY_MAX_BINDINGS 256

struct sctui_binding {
	int key;
	enum sctui_action action;
};

struct sctui_keymap {
	struct sctui_binding v[SCTUI_KEY_MAX_BINDINGS];
	size_t n;
};

/* "toggle" for SCTUI_ACT_TOGGLE; NULL for NONE or out of range. */
const char *sctui_action_name(enum sctui_action a);
const char *sctui_action_help(enum sctui_action a);
const char *sctui_action_legend(enum sctui_action a);
/* By name; SCTUI_ACT_NONE if unknown. */
enum sctui_action sctui_action_lookup(const char *name);

/* The built-in bindings. */
void sctui_keymap_init(struct sctui_keymap *km);
/* The action bound to @key, or SCTUI_ACT_NONE. */
enum sctui_action sctui_keymap_lookup(const struct sctui_keymap *km, int key);
/* Bind @key to @a, replacing an earlier binding of the key.
 * Returns 0, or -ENOSPC when the table is full. */
int sctui_keymap_bind(struct sctui_keymap *km, int key, enum sctui_action a);
/* The first key bound to @a, preferring function keys when @prefer_fn;
 * 0 if none. */
int sctui_keymap_key_for(const struct sctui_keymap *km, enum sctui_action a, bool prefer_fn);

/* "F3", "Space", "^L", "Enter", "/" ... for @key, into @buf. */
const char *sctui_key_name(int key, char *buf, size_t size);
/* The inverse; returns the key or -EINVAL. */
int sctui_key_parse(const char *s);

/**
 * Read a key file: "bind KEY ACTION" lines, '#' comments, blank lines.
 * Bad lines are skipped; the first one is described in @err (may be NULL).
 * Returns the number of bad lines, or -errno if the file cannot be read
 * (-ENOENT when it does not exist).
 */
int sctui_keymap_load(struct sctui_keymap *km, const char *path, char *err, size_t err_size);
