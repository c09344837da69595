/* Internal to the model: building and evaluating the table's rows. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* libseccomp's token for the model's current arch (0 if unknown). */
uint32_t sctui_model_token(const struct sctui_model *m);
/* Rebuild the rows for the current arch and evaluate both profiles. */
void sctui_rows_build(struct sctui_model *m);
/* What the edited (or the original) profile answers for every row. */
void sctui_rows_evaluate(struct sctui_model *m, bool original);
void sctui_rows_free(struct sctui_model *m);
