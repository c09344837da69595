/* Measurements behind bench/RESULTS-tui.md. */
#pragma once

#include "model.h"

/* For every prefix of @word, time sctui_model_set_filter with that text
 * over the whole table @reps times; print one line per prefix (median and
 * worst in microseconds, rows left) to stdout. */
void sctui_bench_filter(struct sctui_model *m, const char *word, unsigned reps);

/* Toggle syscall @name @reps times (each a full edit: document change,
 * parse, expand, compile, re-evaluation); print median and worst. */
void sctui_bench_toggle(struct sctui_model *m, const char *name, unsigned reps);
