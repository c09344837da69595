/* Benchmarks of the model (bench.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void sctui_bench_filter(struct sctui_model *m, const char *word, unsigned reps)
{
	size_t len = strlen(word);
	double *t = scfs_xcalloc(reps ? reps : 1, sizeof(*t));

	printf("table: %zu rows on %s; %u runs per prefix; microseconds per keystroke\n", m->n_rows,
	       sctui_model_arch(m, m->arch) ? sctui_model_arch(m, m->arch)->scmp_name : "?", reps);
	printf("%-20s %10s %10s %6s\n", "filter text", "median", "max", "rows");
	for (size_t k = 1; k <= len; k++) {
		struct sctui_filter f = { .kind = SCTUI_FILTER_TEXT };

		snprintf(f.text, sizeof(f.text), "%.*s", (int)k, word);
		for (unsigned i = 0; i < reps; i++) {
			double t0 = now_us();

			sctui_model_set_filter(m, &f);
			t[i] = now_us() - t0;
		}
		qsort(t, reps, sizeof(*t), dbl_cmp);
		printf("%-20s %10.2f %10.2f %6zu\n", f.text, t[reps / 2], t[reps - 1], m->n_vis);
	}
	free(t);
}

void sctui_bench_toggle(struct sctui_model *m, const char *name, unsigned reps)
{
	double *t = scfs_xcalloc(reps ? reps : 1, sizeof(*t));
	struct scfs_diag d;
	size_t row = SIZE_MAX;

	for (size_t i = 0; i < m->n_rows; i++)
		if (strcmp(m->rows[i].name, name) == 0)
			row = i;
	if (row == SIZE_MAX || reps == 0) {
		printf("%s: no such syscall in the table\n", name);
		free(t);
		return;
	}
	scfs_diag_init(&d, m->path);
	for (unsigned i = 0; i < reps; i++) {
		double t0 = now_us();

		if (sctui_model_toggle(m, row, false, &d) < 0)
			break;
		t[i] = now_us() - t0;
	}
	scfs_diag_done(&d);
	qsort(t, reps, sizeof(*t), dbl_cmp);
	printf("toggle %s (edit, re-parse, expand, compile, re-evaluate %zu rows), %u runs: median %.0f us, max %.0f us\n",
	       name, m->n_rows, reps, t[reps / 2], t[reps - 1]);
	free(t);
}
