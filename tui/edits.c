/* sctui's edits (model.h): toggling, explicit actions, undo.  The document
 * is never edited in place.  An edit changes the list of edited syscalls,
 * and the document is rebuilt from the one loaded with that list applied
 * in order.  A syscall that leaves the list gets back exactly the rules it
 * had when loaded.  Edited in place instead, a deny then an allow took
 * unshare out of Docker's CAP_SYS_ADMIN rule and put it into syscalls[0],
 * which allows it for everyone.  No curses in this file. */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rows.h"

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

/* Append a copy of @x (a suggested change's rules are shared: no step
 * changes them, scfs_suggest_apply appends copies). */
static void edits_push(struct sctui_edits *e, const struct sctui_edit *x)
{
	e->v = scfs_xrealloc(e->v, e->n + 1, sizeof(*e->v));
	e->v[e->n++] = (struct sctui_edit){ scfs_xstrdup(x->name), x->action, json_object_get(x->rules), x->unshadow };
}

static void edits_append(struct sctui_edits *e, const char *name, const struct scfs_action *a)
{
	edits_push(e, &(struct sctui_edit){ (char *)name, *a, NULL, false });
}

static void edits_copy(struct sctui_edits *dst, const struct sctui_edits *src)
{
	*dst = (struct sctui_edits){ 0 };
	for (size_t i = 0; i < src->n; i++)
		edits_push(dst, &src->v[i]);
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
	json_object_put(e->v[i].rules);
	memmove(e->v + i, e->v + i + 1, (e->n - i - 1) * sizeof(*e->v));
	e->n--;
}

static bool edits_equal(const struct sctui_edits *a, const struct sctui_edits *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, b->v[i].name) != 0 || a->v[i].action.kind != b->v[i].action.kind ||
		    scfs_action_word(&a->v[i].action) != scfs_action_word(&b->v[i].action) ||
		    !a->v[i].rules != !b->v[i].rules || a->v[i].unshadow != b->v[i].unshadow ||
		    (a->v[i].rules && !json_object_equal(a->v[i].rules, b->v[i].rules)))
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
		const struct sctui_edit *x = &e->v[i];
		int r = x->rules ? scfs_suggest_apply(doc, &(struct scfs_suggest_change){ .name = x->name,
											.rules = x->rules,
											.unshadow = x->unshadow })
				 : scfs_edit_set_action(doc, x->name, &x->action, def);

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
		bool found = false, back;
		long at;

		/* An action replaces every earlier edit of the syscall (a
		 * suggested change after an action leaves two). */
		while ((at = edits_find(&e, row->name)) >= 0) {
			edits_remove(&e, (size_t)at);
			found = true;
		}
		/* Back to what the row showed as loaded: the loaded rules
		 * again, conditions and all, not a plain rule with that action. */
		back = found && scfs_action_word(&act) == row->orig_action;
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

/* ---- suggested changes --------------------------------------------------- */

int sctui_model_suggest(const struct sctui_model *m, const struct scfs_suggest_call *call,
			struct scfs_suggestion *ret, struct scfs_diag *diag)
{
	*ret = (struct scfs_suggestion){ 0 };
	return scfs_suggest(m->text, m->text_len, m->path, &m->host, call, 1, ret, diag);
}

/* Whether the edited filter lets @call through (the call as the kernel
 * gave it: arch, number and the six registers). */
static bool filter_allows(const struct sctui_model *m, const struct scfs_suggest_call *call)
{
	struct seccomp_data d = { .nr = call->nr, .arch = call->audit_arch };
	uint32_t w = 0;

	memcpy(d.args, call->args, sizeof(d.args));
	if (scfs_bpf_run(m->filter->prog, m->filter->prog_len, &d, &w) < 0)
		return false;
	return scfs_action_word_allows(w);
}

int sctui_model_accept(struct sctui_model *m, const struct scfs_suggest_change *c,
		       const struct scfs_suggest_call *call, struct scfs_diag *diag)
{
	struct sctui_edits e;
	bool pushed;
	int r;

	if (!c->name || !json_object_is_type(c->rules, json_type_array))
		return -EINVAL;
	edits_copy(&e, &m->edits);
	edits_push(&e, &(struct sctui_edit){ c->name, { .kind = SCFS_ACT_ALLOW }, c->rules, c->unshadow });
	r = apply_edits(m, &e, diag);
	pushed = r == 0 && !edits_equal(&e, &m->edits);
	if (pushed)
		undo_push(m, &e);
	sctui_edits_done(&e);
	if (r < 0)
		return r;
	/* The edit list is replayed on the loaded document, not on the edited
	 * one the change was worked out on: check that the result does what
	 * was offered. */
	if (!filter_allows(m, call)) {
		if (pushed)
			(void)sctui_model_undo(m);
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "the change, applied, does not allow %s: not kept", c->name);
		return -EPERM;
	}
	return 0;
}
