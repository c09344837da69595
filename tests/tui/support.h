/* Helpers shared by the model tests (test_model, test_offer): a row by its
 * syscall name, and a profile opened from JSON text with its diagnostics
 * in the TAP log. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* The row of syscall @name, or NULL when the table has none. */
struct sctui_row *row_named(struct sctui_model *m, const char *name);
/* The index of that row, or SIZE_MAX. */
size_t row_index(struct sctui_model *m, const char *name);
/* Open @text (a profile, named inline.json) for host @h; a failure prints
 * its diagnostics to stdout, where TAP shows them. */
bool open_text_for(struct sctui_model *m, const char *text, const struct scfs_host *h);
