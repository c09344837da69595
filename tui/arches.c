/* The arches of sctui's model (model.h): the expanded profile's, native
 * first, and libseccomp's token for the one shown.  The lowest file of the
 * model: it calls no other, so rows, the changed marks and the model all
 * read the arches from here.  No curses in this file. */
#include "model.h"
#include "rows.h"

/* A profile without "architectures" filters the native arch only. */
size_t sctui_model_n_arches(const struct sctui_model *m)
{
	if (!m->orig_eff)
		return 0;
	return m->orig_eff->n_arches ? m->orig_eff->n_arches : 1;
}

const struct scfs_arch_info *sctui_model_arch(const struct sctui_model *m, size_t i)
{
	if (i >= sctui_model_n_arches(m))
		return NULL;
	return m->orig_eff->n_arches ? m->orig_eff->arches[i] : m->host.arch;
}

uint32_t sctui_model_token(const struct sctui_model *m)
{
	const struct scfs_arch_info *a = sctui_model_arch(m, m->arch);

	return a ? scfs_arch_token(a) : 0;
}
