/* The prompt on the status line: text input for search, filter, ":"
 * commands, file names and actions, and single-key questions. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui.h"

void sctui_prompt_open(struct sctui_ui *ui, enum sctui_prompt kind, const char *label, const char *initial)
{
	ui->prompt = kind;
	snprintf(ui->prompt_label, sizeof(ui->prompt_label), "%s", label);
	snprintf(ui->input, sizeof(ui->input), "%s", initial ? initial : "");
	ui->input_len = strlen(ui->input);
	ui->prompt_hint[0] = '\0';
	ui->input_selected = false;
}

void sctui_prompt_hint(struct sctui_ui *ui, const char *hint)
{
	snprintf(ui->prompt_hint, sizeof(ui->prompt_hint), "%s", hint);
}

void sctui_prompt_select_all(struct sctui_ui *ui)
{
	ui->input_selected = ui->input_len > 0;
}

/* With the input selected, a character or a deletion replaces all of it;
 * a movement key keeps it for editing (Enter and Esc answer as always). */
static void selection_key(struct sctui_ui *ui, int key)
{
	bool fn = key & SCTUI_KEY_FN;

	if (!ui->input_selected)
		return;
	ui->input_selected = false;
	if ((!fn && key >= 32 && key != 127) || key == 127 || key == 8 || key == (SCTUI_KEY_FN | KEY_BACKSPACE) ||
	    key == (SCTUI_KEY_FN | KEY_DC)) {
		ui->input_len = 0;
		ui->input[0] = '\0';
	}
}

static bool is_question(enum sctui_prompt k)
{
	return k == SCTUI_PROMPT_SIBLINGS || k == SCTUI_PROMPT_QUIT || k == SCTUI_PROMPT_SUGGEST;
}

static bool incremental(enum sctui_prompt k)
{
	return k == SCTUI_PROMPT_SEARCH || k == SCTUI_PROMPT_FILTER;
}

/* Drop the last UTF-8 character of the input. */
static void backspace(struct sctui_ui *ui)
{
	while (ui->input_len > 0) {
		unsigned char c = (unsigned char)ui->input[--ui->input_len];

		if ((c & 0xc0) != 0x80)
			break;
	}
	ui->input[ui->input_len] = '\0';
}

/* Close the prompt with an answer for the main loop. */
static unsigned answer(struct sctui_ui *ui, bool accepted, int key)
{
	ui->answer.kind = ui->prompt;
	ui->answer.accepted = accepted;
	ui->answer.key = key;
	ui->prompt = SCTUI_PROMPT_NONE;
	return SCTUI_REACT_REDRAW | SCTUI_REACT_PROMPT_DONE;
}

unsigned sctui_prompt_key(struct sctui_ui *ui, int key)
{
	enum sctui_prompt k = ui->prompt;
	unsigned react = SCTUI_REACT_REDRAW;
	char mb[16];
	mbstate_t st = { 0 };
	size_t n;

	if (is_question(k))
		return answer(ui, key != 27 && key != 7, key);
	if (key != 27 && key != 7 && key != '\r' && key != '\n' && key != (SCTUI_KEY_FN | KEY_ENTER) &&
	    ui->input_selected) {
		selection_key(ui, key);
		if (key == 127 || key == 8 || key == (SCTUI_KEY_FN | KEY_BACKSPACE) || key == (SCTUI_KEY_FN | KEY_DC))
			return incremental(k) ? react | SCTUI_REACT_PROMPT_CHANGED : react;
	}
	switch (key) {
	case 27:       /* Esc */
	case 7:        /* ^G */
		return answer(ui, false, key);
	case '\r':
	case '\n':
	case SCTUI_KEY_FN | KEY_ENTER:
		return answer(ui, true, key);
	case 127:
	case 8:
	case SCTUI_KEY_FN | KEY_BACKSPACE:
		if (ui->input_len == 0 && !incremental(k))
			break;
		backspace(ui);
		break;
	case 21: /* ^U */
		ui->input_len = 0;
		ui->input[0] = '\0';
		break;
	default:
		if ((key & SCTUI_KEY_FN) || key < 32)
			return react;
		n = wcrtomb(mb, (wchar_t)key, &st);
		if (n == (size_t)-1 || ui->input_len + n >= sizeof(ui->input))
			return react;
		memcpy(ui->input + ui->input_len, mb, n);
		ui->input_len += n;
		ui->input[ui->input_len] = '\0';
	}
	if (incremental(k))
		react |= SCTUI_REACT_PROMPT_CHANGED;
	return react;
}

/* Columns the input always gets: a long label is cut, not the input. */
static int input_room(const struct sctui_ui *ui)
{
	int room = ui->cols / 3;

	return room < 16 ? 16 : room;
}

void sctui_prompt_draw(struct sctui_ui *ui, int y)
{
	int x, label_w = ui->cols;

	if (!is_question(ui->prompt))
		label_w = ui->cols - input_room(ui) > 1 ? ui->cols - input_room(ui) : 1;
	attrset(A_BOLD);
	x = sctui_draw_text(y, 0, ui->prompt_label, label_w);
	attrset(A_NORMAL);
	if (is_question(ui->prompt))
		return;
	/* Show the end of a long input. */
	{
		const char *s = ui->input;
		int room = ui->cols - x - 1;

		size_t fits;

		/* Leave the last column for the cursor. */
		while (room > 0 && *s && (sctui_text_fit(s, room, &fits), fits < strlen(s))) {
			s++;
			while ((*s & 0xc0) == 0x80)
				s++;
		}
		attrset(ui->input_selected ? A_REVERSE : A_NORMAL);
		x += sctui_draw_text(y, x, s, room > 0 ? room : 0);
	}
	attrset(ui->input_selected ? A_NORMAL : A_REVERSE);
	if (x < ui->cols)
		mvaddch(y, x, ' ');
	attrset(A_NORMAL);
}
