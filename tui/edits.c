/* sctui's edits (model.h): toggling, explicit actions, undo.  The document
 * is never edited in place.  An edit changes the list of edited syscalls,
 * and the document is rebuilt from the one loaded with that list applied
 * in order.  A syscall that leaves the list gets back exactly the rules it
 * had when loaded.  Edited in place instead, a deny then an allow took
 * unshare out of Docker's CAP_SYS_ADMIN rule and put it into syscalls[0],
 * which allows it for everyone.  No curses in this file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rows.h"

bool sctui_row_denied(const struct sctui_row *r)
{
	return scfs_action_denies(r->action);
}

size_t sctui_model_siblings(const struct sctui_model *m, size_t row, size_t *out, size_t max)
{
	const char *const *sib;
	size_t n = 0;

	if (row >= m->n_rows)
		return 0;
	sib = scfs_syscall_siblings(m->rows[row].name);
	for (; sib && *sib; sib++) {
		if (strcmp(*sib, m->rows[row].name) == 0)
			continue;
		/* The same action, not just both denied: after denying clone
		 * with its siblings, clone3's ERRNO(ENOSYS) rule is not one of
		 * the rows that allowing clone again should take along. */
		for (size_t i = 0; i < m->n_rows; i++)
			if (strcmp(m->rows[i].name, *sib) == 0 && m->rows[i].action == m->rows[row].action) {
				if (n < max)
					out[n] = i;
				n++;
				break;
			}
	}
	return n;
}

void sctui_model_toggle_action(const struct sctui_model *m, size_t row, struct scfs_action *ret)
{
	const struct scfs_action *def = &m->src->default_action;

	if (row < m->n_rows && sctui_row_denied(&m->rows[row])) {
		*ret = (struct scfs_action){ .kind = SCFS_ACT_ALLOW };
		return;
	}
	if (m->src->has_default_action && def->kind == SCFS_ACT_ERRNO)
		*ret = (struct scfs_action){ .kind = SCFS_ACT_ERRNO, .data = def->data, .data_set = true };
	else
		*ret = (struct scfs_action){ .kind = SCFS_ACT_ERRNO, .data = EPERM, .data_set = true };
}

/* ---- the list of edited syscalls --------------------------------------- */

void sctui_edits_done(struct sctui_edits *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].name);
	free(e->v);
	*e = (struct sctui_edits){ 0 };
}

static void edits_append(struct sctui_edits *e, const char *name, const struct scfs_action *a)
{
	e->v = scfs_xrealloc(e->v, e->n + 1, sizeof(*e->v));
	e->v[e->n++] = (struct sctui_edit){ scfs_xstrdup(name), *a };
}

static void edits_copy(struct sctui_edits *dst, const struct sctui_edits *src)
{
	*dst = (struct sctui_edits){ 0 };
	for (size_t i = 0; i < src->n; i++)
		edits_append(dst, src->v[i].name, &src->v[i].action);
}

static long edits_find(const struct sctui_edits *e, const char *name)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->v[i].name, name) == 0)
			return (long)i;
	return -1;
}

static void edits_remove(struct sctui_edits *e, size_t i)
{
	free(e->v[i].name);
	memmove(e->v + i, e->v + i + 1, (e->n - i - 1) * sizeof(*e->v));
	e->n--;
}

static bool edits_equal(const struct sctui_edits *a, const struct sctui_edits *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, b->v[i].name) != 0 || a->v[i].action.kind != b->v[i].action.kind ||
		    scfs_action_word(&a->v[i].action) != scfs_action_word(&b->v[i].action))
			return false;
	return true;
}

/* ---- the document from the list ----------------------------------------- */

/* The loaded document with @e applied in order. */
static int replay(const struct sctui_model *m, const struct sctui_edits *e, json_object **ret)
{
	const struct scfs_action *def = m->orig_src->has_default_action ? &m->orig_src->default_action : NULL;
	json_object *doc = NULL;

	if (json_object_deep_copy(m->orig_doc, &doc, NULL) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < e->n; i++) {
		int r = scfs_edit_set_action(doc, e->v[i].name, &e->v[i].action, def);

		if (r < 0) {
			json_object_put(doc);
			return r;
		}
	}
	*ret = doc;
	return 0;
}

/* Take out of @e every syscall that @doc decides as the loaded document
 * does (sctui_rules_same), so that it gets its loaded rules back: setting
 * an ERRNO rule's syscall to the default action, say, removes the rule
 * and would otherwise leave an edit that changes nothing but the text.
 * Returns whether any was taken out. */
static bool settle(const struct sctui_model *m, json_object *doc, struct sctui_edits *e)
{
	struct scfs_profile *src = NULL;
	struct scfs_diag d;
	bool dropped = false;
	size_t len;
	char *text = scfs_edit_render(doc, &m->style, &len);

	scfs_diag_init(&d, m->path);
	/* An invalid document is reported by the compile that follows. */
	if (scfs_profile_parse(text, len, m->path, &src, &d) == 0) {
		struct sctui_rule_index io, ie;

		sctui_rule_index_build(&io, m->orig_src);
		sctui_rule_index_build(&ie, src);
		for (size_t i = e->n; i-- > 0;)
			if (sctui_rules_same(m->orig_src, &io, src, &ie, e->v[i].name)) {
				edits_remove(e, i);
				dropped = true;
			}
		sctui_rule_index_done(&io);
		sctui_rule_index_done(&ie);
	}
	scfs_profile_free(src);
	scfs_diag_done(&d);
	free(text);
	return dropped;
}

/* Make the document the loaded one with the edits @e: rebuild, compile,
 * re-evaluate.  On success the model takes the list (less the edits that
 * changed nothing) and *@e holds the one it had; on failure nothing
 * changes and @diag says why. */
static int apply_edits(struct sctui_model *m, struct sctui_edits *e, struct scfs_diag *diag)
{
	struct scfs_profile *src, *eff;
	struct scfs_filter *f;
	struct sctui_edits cur;
	json_object *doc;
	char *text;
	size_t len;
	int r;

	edits_copy(&cur, e);
	for (;;) {
		r = replay(m, &cur, &doc);
		if (r < 0) {
			sctui_edits_done(&cur);
			return r;
		}
		if (!settle(m, doc, &cur))
			break;
		json_object_put(doc);
	}
	text = scfs_edit_render(doc, &m->style, &len);
	r = sctui_model_compile(m, text, len, &src, &eff, &f, diag);
	if (r < 0) {
		free(text);
		json_object_put(doc);
		sctui_edits_done(&cur);
		return r;
	}
	sctui_model_current_free(m);
	json_object_put(m->doc);
	m->doc = doc;
	free(m->text);
	m->text = text;
	m->text_len = len;
	m->src = src;
	m->eff = eff;
	m->filter = f;
	sctui_edits_done(e);
	*e = m->edits;
	m->edits = cur;
	sctui_rows_evaluate(m, false);
	sctui_model_refresh(m);
	return 0;
}

/* ---- edits and undo ------------------------------------------------------ */

static void undo_push(struct sctui_model *m, struct sctui_edits *e)
{
	if (m->n_undo == SCTUI_UNDO_MAX) {
		sctui_edits_done(&m->undo[0]);
		memmove(m->undo, m->undo + 1, (SCTUI_UNDO_MAX - 1) * sizeof(m->undo[0]));
		m->n_undo--;
	}
	m->undo[m->n_undo++] = *e;
	*e = (struct sctui_edits){ 0 };
}

int sctui_model_set_action(struct sctui_model *m, const size_t *rows, size_t n, const struct scfs_action *a,
			   struct scfs_diag *diag)
{
	struct sctui_edits e;
	struct scfs_action act;
	int r;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i] >= m->n_rows)
			return -EINVAL;
	if (a)
		act = *a;
	else
		sctui_model_toggle_action(m, rows[0], &act);
	edits_copy(&e, &m->edits);
	for (size_t i = 0; i < n; i++) {
		const struct sctui_row *row = &m->rows[rows[i]];
		long at = edits_find(&e, row->name);
		/* Back to what the row showed as loaded: the loaded rules
		 * again, conditions and all, not a plain rule with that action. */
		bool back = at >= 0 && scfs_action_word(&act) == row->orig_action;

		if (at >= 0)
			edits_remove(&e, (size_t)at);
		if (!back)
			edits_append(&e, row->name, &act);
	}
	r = apply_edits(m, &e, diag);
	if (r == 0 && !edits_equal(&e, &m->edits))
		undo_push(m, &e);
	sctui_edits_done(&e);
	return r;
}

int sctui_model_toggle(struct sctui_model *m, size_t row, bool with_siblings, struct scfs_diag *diag)
{
	size_t rows[32];
	size_t n = 1;

	if (row >= m->n_rows)
		return -EINVAL;
	rows[0] = row;
	if (with_siblings) {
		size_t k = sctui_model_siblings(m, row, rows + 1, ELEMENTSOF(rows) - 1);

		n += k < ELEMENTSOF(rows) - 1 ? k : ELEMENTSOF(rows) - 1;
	}
	return sctui_model_set_action(m, rows, n, NULL, diag);
}

int sctui_model_undo(struct sctui_model *m)
{
	struct sctui_edits e;
	struct scfs_diag d;
	int r;

	if (m->n_undo == 0)
		return -ENOENT;
	e = m->undo[--m->n_undo];
	scfs_diag_init(&d, m->path);
	r = apply_edits(m, &e, &d);
	scfs_diag_done(&d);
	if (r < 0) {
		/* The step compiled before; keep it on the stack. */
		m->undo[m->n_undo++] = e;
		return r;
	}
	sctui_edits_done(&e);
	return 0;
}
