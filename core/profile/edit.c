/* In-place edits of a profile document (edit.h). */
#include <errno.h>
#include <string.h>

#include "json_util.h"
#include "scfs/edit.h"
#include "scfs/names.h"

int scfs_edit_parse(const char *text, size_t len, json_object **ret, struct scfs_edit_style *style,
		    struct scfs_diag *diag)
{
	json_object *doc = jparse_document(diag, text, len);
	const char *nl;

	if (!doc)
		return -EINVAL;
	*style = (struct scfs_edit_style){ 0 };
	/* The first indented line says how the file is indented. */
	nl = memchr(text, '\n', len);
	style->tabs = nl && (size_t)(nl - text) + 1 < len && nl[1] == '\t';
	style->compact_empty = memmem(text, len, "[]", 2) || memmem(text, len, "{}", 2);
	style->final_newline = len > 0 && text[len - 1] == '\n';
	*ret = doc;
	return 0;
}

/* json-c writes an empty container as "[\n<indent>]"; fold it to "[]". */
static size_t fold_empty(char *s, size_t len)
{
	bool in_string = false;
	size_t w = 0;

	for (size_t r = 0; r < len;) {
		if (in_string) {
			if (s[r] == '\\' && r + 1 < len)
				s[w++] = s[r++];
			else if (s[r] == '"')
				in_string = false;
			s[w++] = s[r++];
			continue;
		}
		if (s[r] == '"')
			in_string = true;
		if (s[r] == '[' || s[r] == '{') {
			size_t k = r + 1;

			while (k < len && (s[k] == '\n' || s[k] == '\t' || s[k] == ' '))
				k++;
			if (k < len && k > r + 1 && s[k] == (s[r] == '[' ? ']' : '}')) {
				s[w++] = s[r];
				s[w++] = s[k];
				r = k + 1;
				continue;
			}
		}
		s[w++] = s[r++];
	}
	s[w] = '\0';
	return w;
}

char *scfs_edit_render(json_object *doc, const struct scfs_edit_style *style, size_t *ret_len)
{
	int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE;
	size_t len = 0;
	const char *s;
	char *out;

	if (style->tabs)
		flags |= JSON_C_TO_STRING_PRETTY_TAB;
	s = json_object_to_json_string_length(doc, flags, &len);
	out = scfs_xmalloc(len + 2);
	memcpy(out, s, len);
	out[len] = '\0';
	if (style->compact_empty)
		len = fold_empty(out, len);
	if (style->final_newline) {
		out[len++] = '\n';
		out[len] = '\0';
	}
	if (ret_len)
		*ret_len = len;
	return out;
}

json_object *scfs_edit_rule(json_object *doc, size_t index)
{
	json_object *arr = json_object_object_get(doc, "syscalls");

	if (!json_object_is_type(arr, json_type_array) || index >= json_object_array_length(arr))
		return NULL;
	return json_object_array_get_idx(arr, index);
}

/* The action a rule object states; false if it cannot be read (the
 * loader has already refused such a document, so this is defensive). */
static bool rule_action(json_object *rule, struct scfs_action *ret)
{
	json_object *act = json_object_object_get(rule, "action");
	json_object *num = json_object_object_get(rule, "errnoRet");
	json_object *str = json_object_object_get(rule, "errno");

	*ret = (struct scfs_action){ .data = 1 };
	if (!json_object_is_type(act, json_type_string))
		return false;
	ret->kind = scfs_action_from_string(json_object_get_string(act));
	if (ret->kind < 0)
		return false;
	if (json_object_is_type(num, json_type_int)) {
		ret->data = (uint32_t)json_object_get_uint64(num);
		ret->data_set = true;
	}
	if (json_object_is_type(str, json_type_string)) {
		int e = scfs_errno_from_string(json_object_get_string(str));

		if (e >= 0) {
			ret->data = (uint32_t)e;
			ret->data_set = true;
		}
	}
	return true;
}

static bool empty_or_absent(json_object *o)
{
	if (!o || json_object_is_type(o, json_type_null))
		return true;
	if (json_object_is_type(o, json_type_array))
		return json_object_array_length(o) == 0;
	if (json_object_is_type(o, json_type_object))
		return json_object_object_length(o) == 0;
	return false;
}

/* A rule that says "these names get this action", nothing more. */
static bool plain_rule_with(json_object *rule, const struct scfs_action *a)
{
	struct scfs_action ra;

	return json_object_is_type(rule, json_type_object) &&
	       json_object_is_type(json_object_object_get(rule, "names"), json_type_array) &&
	       empty_or_absent(json_object_object_get(rule, "args")) &&
	       empty_or_absent(json_object_object_get(rule, "includes")) &&
	       empty_or_absent(json_object_object_get(rule, "excludes")) && rule_action(rule, &ra) &&
	       scfs_action_equal(&ra, a) && ra.kind == a->kind;
}

/* Name order as Docker's profile keeps it: underscores do not count
 * ("_llseek" sorts among the l's, "io_destroy" after "ioctl"). */
static int name_cmp(const char *a, const char *b)
{
	const char *x = a, *y = b;

	for (;;) {
		while (*x == '_')
			x++;
		while (*y == '_')
			y++;
		if (*x != *y || !*x)
			break;
		x++;
		y++;
	}
	if (*x != *y)
		return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
	return strcmp(a, b);
}

/* Whether a rule's names are kept in order, give or take a few: Docker's
 * lists are hand-kept and have the odd name out of place. */
static bool names_sorted(json_object *names)
{
	size_t n = json_object_array_length(names), out_of_place = 0;

	for (size_t i = 1; i < n; i++) {
		const char *p = json_object_get_string(json_object_array_get_idx(names, i - 1));
		const char *q = json_object_get_string(json_object_array_get_idx(names, i));

		if (!p || !q)
			return false;
		out_of_place += name_cmp(p, q) > 0;
	}
	return n > 1 && out_of_place * 20 <= n;
}

/* Insert @name into @names at @at by rebuilding the array (json-c 0.16
 * has no insert); the rebuilt array replaces the old one under the same
 * key, which keeps the key's position. */
static void names_insert(json_object *rule, json_object *names, const char *name, size_t at)
{
	size_t n = json_object_array_length(names);
	json_object *arr = json_object_new_array_ext((int)n + 1);

	for (size_t i = 0; i <= n; i++) {
		if (i == at)
			json_object_array_add(arr, json_object_new_string(name));
		if (i < n)
			json_object_array_add(arr, json_object_get(json_object_array_get_idx(names, i)));
	}
	json_object_object_add(rule, "names", arr);
}

static void add_to_rule(json_object *rule, const char *name)
{
	json_object *names = json_object_object_get(rule, "names");
	size_t n = json_object_array_length(names), at = n;

	if (names_sorted(names)) {
		at = 0;
		/* Before the first name that sorts after it. */
		while (at < n && name_cmp(json_object_get_string(json_object_array_get_idx(names, at)), name) <= 0)
			at++;
	}
	if (at == n)
		json_object_array_add(names, json_object_new_string(name));
	else
		names_insert(rule, names, name, at);
}

static json_object *new_rule(const char *name, const struct scfs_action *a)
{
	json_object *rule = json_object_new_object(), *names = json_object_new_array();

	json_object_array_add(names, json_object_new_string(name));
	json_object_object_add(rule, "names", names);
	json_object_object_add(rule, "action", json_object_new_string(scfs_action_to_string(a->kind)));
	if (scfs_action_takes_data(a->kind))
		json_object_object_add(rule, "errnoRet", json_object_new_uint64(a->data));
	return rule;
}

/* Take @name out of one rule.  Returns 1 if the rule changed, 2 if it is
 * now empty and must go, 0 if it does not list the name. */
static int remove_from_rule(json_object *rule, const char *name)
{
	json_object *names = json_object_object_get(rule, "names");
	json_object *single = json_object_object_get(rule, "name");
	int changed = 0;

	if (json_object_is_type(single, json_type_string) && strcmp(json_object_get_string(single), name) == 0)
		return 2;
	if (!json_object_is_type(names, json_type_array))
		return 0;
	for (size_t i = json_object_array_length(names); i-- > 0;) {
		const char *s = json_object_get_string(json_object_array_get_idx(names, i));

		if (s && strcmp(s, name) == 0) {
			json_object_array_del_idx(names, i, 1);
			changed = 1;
		}
	}
	if (changed && json_object_array_length(names) == 0)
		return 2;
	return changed;
}

int scfs_edit_set_action(json_object *doc, const char *name, const struct scfs_action *a,
			 const struct scfs_action *def)
{
	json_object *rules;
	int touched = 0;

	if (!json_object_is_type(doc, json_type_object) || !name || !*name)
		return -EINVAL;
	rules = json_object_object_get(doc, "syscalls");
	if (rules && !json_object_is_type(rules, json_type_array) && !json_object_is_type(rules, json_type_null))
		return -EINVAL;
	if (json_object_is_type(rules, json_type_array)) {
		for (size_t i = json_object_array_length(rules); i-- > 0;) {
			int r = remove_from_rule(json_object_array_get_idx(rules, i), name);

			if (r == 2)
				json_object_array_del_idx(rules, i, 1);
			touched += r > 0;
		}
	}
	if (def && scfs_action_equal(a, def))
		return touched;
	if (!json_object_is_type(rules, json_type_array)) {
		rules = json_object_new_array();
		json_object_object_add(doc, "syscalls", rules);
	}
	for (size_t i = 0; i < json_object_array_length(rules); i++) {
		json_object *rule = json_object_array_get_idx(rules, i);

		if (plain_rule_with(rule, a)) {
			add_to_rule(rule, name);
			return touched + 1;
		}
	}
	json_object_array_add(rules, new_rule(name, a));
	return touched + 1;
}
