/* Helpers shared by the model tests; see support.h. */
#include "support.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct sctui_row *row_named(struct sctui_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_rows; i++)
		if (strcmp(m->rows[i].name, name) == 0)
			return &m->rows[i];
	return NULL;
}

size_t row_index(struct sctui_model *m, const char *name)
{
	struct sctui_row *r = row_named(m, name);

	return r ? (size_t)(r - m->rows) : SIZE_MAX;
}

bool open_text_for(struct sctui_model *m, const char *text, const struct scfs_host *h)
{
	struct scfs_diag d;
	int r;

	scfs_diag_init(&d, "inline");
	r = sctui_model_open_text(m, text, strlen(text), "inline.json", h, &d);
	if (r < 0)
		scfs_diag_print(&d, stdout, SCFS_DIAG_WARNING);
	scfs_diag_done(&d);
	return r == 0;
}
