/* sctui's model for another capability set (model.h).  A Docker-format
 * profile's includes/excludes.caps decide which of its rules apply, so the
 * table differs between a Docker container, a Podman one and this process.
 * No curses in this file. */
#include <errno.h>
#include <stdlib.h>

#include "model.h"
#include "rows.h"

int sctui_model_set_caps(struct sctui_model *m, uint64_t caps, struct scfs_diag *diag)
{
	struct scfs_profile *os = NULL, *oe = NULL, *es = NULL, *ee = NULL;
	struct scfs_filter *of = NULL, *ef = NULL;
	const struct sctui_row *sel = sctui_model_selected(m);
	_cleanup_free_ char *name = sel ? scfs_xstrdup(sel->name) : NULL;
	_cleanup_free_ char *orig = NULL;
	bool edited = m->src != m->orig_src;
	uint64_t was = m->host.caps;
	size_t len = 0;
	int r;

	if (!m->orig_doc)
		return -EINVAL;
	m->host.caps = caps;
	/* The loaded document, rendered as the diff renders it: the same
	 * rules, so the same profile as the file's text. */
	orig = scfs_edit_render(m->orig_doc, &m->style, &len);
	r = sctui_model_compile(m, orig, len, &os, &oe, &of, diag);
	/* The edited document is the loaded one with the edit list replayed,
	 * and no step of it depends on the capability set (an action moves
	 * a name, a suggested change appends rules; which edits are dropped
	 * as changing nothing is decided for every set): it stays the same
	 * text, expanded afresh. */
	if (r == 0 && edited)
		r = sctui_model_compile(m, m->text, m->text_len, &es, &ee, &ef, diag);
	if (r < 0) {
		scfs_filter_free(of);
		scfs_profile_free(oe);
		scfs_profile_free(os);
		m->host.caps = was;
		return r;
	}
	sctui_model_current_free(m);
	scfs_filter_free(m->orig_filter);
	scfs_profile_free(m->orig_eff);
	scfs_profile_free(m->orig_src);
	m->orig_src = os;
	m->orig_eff = oe;
	m->orig_filter = of;
	m->src = edited ? es : os;
	m->eff = edited ? ee : oe;
	m->filter = edited ? ef : of;
	/* Rows, their marks and the live counters again; the filter and sort
	 * stay, and so does the selected syscall when still visible. */
	(void)sctui_model_set_arch(m, m->arch < sctui_model_n_arches(m) ? m->arch : 0);
	if (name)
		(void)sctui_model_select_name(m, name);
	return 0;
}
