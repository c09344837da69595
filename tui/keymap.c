/* Actions and key bindings (keymap.h). */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keymap.h"
#include "scfs/util.h"

static const char *const names[_SCTUI_ACT_MAX] = {
#define NAME(id, name, legend, help) [SCTUI_ACT_##id] = #name,
	SCTUI_ACTIONS(NAME)
#undef NAME
};

static const char *const helps[_SCTUI_ACT_MAX] = {
#define HELP(id, name, legend, help) [SCTUI_ACT_##id] = help,
	SCTUI_ACTIONS(HELP)
#undef HELP
};

static const char *const legends[_SCTUI_ACT_MAX] = {
#define LEGEND(id, name, legend, help) [SCTUI_ACT_##id] = legend,
	SCTUI_ACTIONS(LEGEND)
#undef LEGEND
};

const char *sctui_action_name(enum sctui_action a)
{
	return a > SCTUI_ACT_NONE && a < _SCTUI_ACT_MAX ? names[a] : NULL;
}

const char *sctui_action_help(enum sctui_action a)
{
	return a > SCTUI_ACT_NONE && a < _SCTUI_ACT_MAX ? helps[a] : NULL;
}

const char *sctui_action_legend(enum sctui_action a)
{
	return a > SCTUI_ACT_NONE && a < _SCTUI_ACT_MAX ? legends[a] : NULL;
}

enum sctui_action sctui_action_lookup(const char *name)
{
	for (int a = SCTUI_ACT_NONE + 1; a < _SCTUI_ACT_MAX; a++)
		if (strcmp(names[a], name) == 0)
			return (enum sctui_action)a;
	return SCTUI_ACT_NONE;
}

#define FN(k) (SCTUI_KEY_FN | (k))
#define CTRL(c) ((c) & 0x1f)

static const struct sctui_binding defaults[] = {
	{ FN(KEY_F(1)), SCTUI_ACT_HELP },      { '?', SCTUI_ACT_HELP },
	{ FN(KEY_F(2)), SCTUI_ACT_SAVE },      { 'w', SCTUI_ACT_SAVE },
	{ FN(KEY_F(3)), SCTUI_ACT_SEARCH },    { '/', SCTUI_ACT_SEARCH },
	{ FN(KEY_F(4)), SCTUI_ACT_FILTER },    { '\\', SCTUI_ACT_FILTER },
	{ FN(KEY_F(5)), SCTUI_ACT_RUN },       { 'r', SCTUI_ACT_RUN },
	{ FN(KEY_F(6)), SCTUI_ACT_SORT },      { 's', SCTUI_ACT_SORT },
	{ FN(KEY_F(7)), SCTUI_ACT_ARCH },      { 'a', SCTUI_ACT_ARCH },
	{ FN(KEY_F(8)), SCTUI_ACT_DIFF },      { 'D', SCTUI_ACT_DIFF },
	{ FN(KEY_F(9)), SCTUI_ACT_STOP },      { 'x', SCTUI_ACT_STOP },
	{ FN(KEY_F(10)), SCTUI_ACT_QUIT },     { 'q', SCTUI_ACT_QUIT },
	{ FN(KEY_UP), SCTUI_ACT_UP },          { 'k', SCTUI_ACT_UP },
	{ FN(KEY_DOWN), SCTUI_ACT_DOWN },      { 'j', SCTUI_ACT_DOWN },
	{ FN(KEY_PPAGE), SCTUI_ACT_PAGE_UP },  { CTRL('b'), SCTUI_ACT_PAGE_UP },
	{ FN(KEY_NPAGE), SCTUI_ACT_PAGE_DOWN }, { CTRL('f'), SCTUI_ACT_PAGE_DOWN },
	{ FN(KEY_HOME), SCTUI_ACT_HOME },      { 'g', SCTUI_ACT_HOME },
	{ FN(KEY_END), SCTUI_ACT_END },        { 'G', SCTUI_ACT_END },
	{ ' ', SCTUI_ACT_TOGGLE },             { 'e', SCTUI_ACT_SET_ACTION },
	{ '\n', SCTUI_ACT_DETAIL },            { '\r', SCTUI_ACT_DETAIL },
	{ FN(KEY_ENTER), SCTUI_ACT_DETAIL },   { 'u', SCTUI_ACT_UNDO },
	{ 'W', SCTUI_ACT_SAVE_AS },            { 'c', SCTUI_ACT_COMPLAIN },
	{ 'o', SCTUI_ACT_OUTPUT },             { 'n', SCTUI_ACT_NEXT },
	{ 'N', SCTUI_ACT_PREV },               { ':', SCTUI_ACT_COMMAND },
	{ 27, SCTUI_ACT_CLOSE },               { CTRL('l'), SCTUI_ACT_REDRAW },
	{ '\t', SCTUI_ACT_PANE },              { 'S', SCTUI_ACT_SUGGEST },
	{ 'C', SCTUI_ACT_CAPS },               { 'L', SCTUI_ACT_WATCH },
};

void sctui_keymap_init(struct sctui_keymap *km)
{
	memcpy(km->v, defaults, sizeof(defaults));
	km->n = ELEMENTSOF(defaults);
}

enum sctui_action sctui_keymap_lookup(const struct sctui_keymap *km, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key)
			return km->v[i].action;
	return SCTUI_ACT_NONE;
}

int sctui_keymap_bind(struct sctui_keymap *km, int key, enum sctui_action a)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key) {
			km->v[i].action = a;
			return 0;
		}
	if (km->n == SCTUI_KEY_MAX_BINDINGS)
		return -ENOSPC;
	km->v[km->n++] = (struct sctui_binding){ key, a };
	return 0;
}

static bool is_fkey(int key)
{
	return (key & SCTUI_KEY_FN) && (key & ~SCTUI_KEY_FN) >= KEY_F(1) && (key & ~SCTUI_KEY_FN) <= KEY_F(12);
}

int sctui_keymap_key_for(const struct sctui_keymap *km, enum sctui_action a, bool prefer_fn)
{
	int first = 0;

	for (size_t i = 0; i < km->n; i++) {
		if (km->v[i].action != a)
			continue;
		if (!prefer_fn || is_fkey(km->v[i].key))
			return km->v[i].key;
		if (!first)
			first = km->v[i].key;
	}
	return first;
}

static const struct {
	int key;
	const char *name;
} key_names[] = {
	{ ' ', "Space" },
	{ '\n', "Enter" },
	{ '\r', "Return" },
	{ '\t', "Tab" },
	{ 27, "Esc" },
	{ 127, "Backspace" },
	{ FN(KEY_ENTER), "KeypadEnter" },
	{ FN(KEY_UP), "Up" },
	{ FN(KEY_DOWN), "Down" },
	{ FN(KEY_LEFT), "Left" },
	{ FN(KEY_RIGHT), "Right" },
	{ FN(KEY_PPAGE), "PgUp" },
	{ FN(KEY_NPAGE), "PgDn" },
	{ FN(KEY_HOME), "Home" },
	{ FN(KEY_END), "End" },
	{ FN(KEY_DC), "Delete" },
	{ FN(KEY_IC), "Insert" },
	{ FN(KEY_BACKSPACE), "KeyBackspace" },
};

const char *sctui_key_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < ELEMENTSOF(key_names); i++)
		if (key_names[i].key == key) {
			snprintf(buf, size, "%s", key_names[i].name);
			return buf;
		}
	if (is_fkey(key))
		snprintf(buf, size, "F%d", (key & ~SCTUI_KEY_FN) - KEY_F0);
	else if (key & SCTUI_KEY_FN)
		snprintf(buf, size, "<%d>", key & ~SCTUI_KEY_FN);
	else if (key > 0 && key < 32)
		snprintf(buf, size, "^%c", key + '@');
	else if (key < 128)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "%lc", (wint_t)key);
	return buf;
}

int sctui_key_parse(const char *s)
{
	wchar_t wc;
	size_t n;

	for (size_t i = 0; i < ELEMENTSOF(key_names); i++)
		if (strcasecmp(s, key_names[i].name) == 0)
			return key_names[i].key;
	if ((s[0] == 'F' || s[0] == 'f') && s[1] >= '1' && s[1] <= '9') {
		char *end;
		long f = strtol(s + 1, &end, 10);

		if (*end == '\0' && f >= 1 && f <= 12)
			return FN(KEY_F((int)f));
	}
	if (s[0] == '^' && s[1] && !s[2] && ((s[1] >= '@' && s[1] <= '_') || (s[1] >= 'a' && s[1] <= 'z')))
		return s[1] & 0x1f;
	n = mbtowc(&wc, s, strlen(s));
	if (n > 0 && s[n] == '\0' && wc > 32)
		return (int)wc;
	return -EINVAL;
}

int sctui_keymap_load(struct sctui_keymap *km, const char *path, char *err, size_t err_size)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	char line[256];
	int bad = 0, lineno = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char verb[16], key[32], action[64], extra[2];
		const char *why = NULL;
		int n, k = -EINVAL;
		enum sctui_action a = SCTUI_ACT_NONE;

		lineno++;
		n = sscanf(line, " %15s %31s %63s %1s", verb, key, action, extra);
		if (n <= 0 || verb[0] == '#')
			continue;
		if (n != 3 || strcmp(verb, "bind") != 0)
			why = "expected: bind KEY ACTION";
		else if ((k = sctui_key_parse(key)) < 0)
			why = "unknown key";
		else if ((a = sctui_action_lookup(action)) == SCTUI_ACT_NONE)
			why = "unknown action";
		else if (sctui_keymap_bind(km, k, a) < 0)
			why = "too many bindings";
		if (why) {
			if (bad == 0 && err)
				snprintf(err, err_size, "%s:%d: %s", path, lineno, why);
			bad++;
		}
	}
	return bad;
}
