/* Collected diagnostics. */
#include "scfs/diag.h"
#include "scfs/escape.h"

void scfs_diag_init(struct scfs_diag *d, const char *file)
{
	*d = (struct scfs_diag){ .file = scfs_xstrdup(file ? file : "-") };
}

void scfs_diag_done(struct scfs_diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
		free(d->v[i].file);
		free(d->v[i].datum);
	}
	free(d->v);
	free(d->file);
	free(d->cur_file);
	*d = (struct scfs_diag){ 0 };
}

static void diag_vadd_code(struct scfs_diag *d, enum scfs_diag_level level, enum scfs_diag_code code,
			   const char *path, const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static void diag_vadd_code(struct scfs_diag *d, enum scfs_diag_level level, enum scfs_diag_code code,
			   const char *path, const char *fmt, va_list ap)
{
	char *msg;

	switch (level) {
	case SCFS_DIAG_ERROR:
		d->n_errors++;
		break;
	case SCFS_DIAG_WARNING:
		d->n_warnings++;
		break;
	case SCFS_DIAG_NOTE:
		d->n_notes++;
		break;
	}
	if (d->n >= SCFS_DIAG_MAX) {
		d->n_dropped++;
		return;
	}
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = scfs_xstrdup("(out of memory formatting message)");
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = scfs_xrealloc(d->v, d->cap, sizeof(*d->v));
	}
	d->v[d->n++] = (struct scfs_diag_entry){
		.level = level,
		.code = code,
		.path = scfs_xstrdup(path ? path : ""),
		.msg = msg,
		.file = d->cur_file ? scfs_xstrdup(d->cur_file) : NULL,
	};
}

void scfs_diag_vadd(struct scfs_diag *d, enum scfs_diag_level level, const char *path, const char *fmt,
		    va_list ap)
{
	diag_vadd_code(d, level, SCFS_DIAG_CODE_NONE, path, fmt, ap);
}

void scfs_diag_add_code(struct scfs_diag *d, enum scfs_diag_level level, enum scfs_diag_code code,
			const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd_code(d, level, code, path, fmt, ap);
	va_end(ap);
}

void scfs_diag_add_datum(struct scfs_diag *d, enum scfs_diag_level level, enum scfs_diag_code code,
			 const char *path, const char *datum, const char *fmt, ...)
{
	size_t n = d->n;
	va_list ap;

	va_start(ap, fmt);
	diag_vadd_code(d, level, code, path, fmt, ap);
	va_end(ap);
	if (d->n > n && datum) /* kept, not only counted */
		d->v[n].datum = scfs_xstrdup(datum);
}

void scfs_diag_set_file(struct scfs_diag *d, const char *file)
{
	free(d->cur_file);
	d->cur_file = file ? scfs_xstrdup(file) : NULL;
}

void scfs_diag_add(struct scfs_diag *d, enum scfs_diag_level level, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	scfs_diag_vadd(d, level, path, fmt, ap);
	va_end(ap);
}

static const char *level_prefix(enum scfs_diag_level l)
{
	switch (l) {
	case SCFS_DIAG_WARNING:
		return "warning: ";
	case SCFS_DIAG_NOTE:
		return "note: ";
	default:
		return "";
	}
}

/* Messages quote profile values (names, actions, keys) and the loader's
 * refusals quote the bytes it refused: one line per diagnostic, whatever
 * they hold (scfs/escape.h). */
static void put_escaped(FILE *f, const char *s)
{
	scfs_escape_put(f, s, strlen(s), 0, NULL);
}

void scfs_diag_print(const struct scfs_diag *d, FILE *f, enum scfs_diag_level max_level)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct scfs_diag_entry *e = &d->v[i];

		if (e->level > max_level)
			continue;
		put_escaped(f, e->file ? e->file : d->file);
		fprintf(f, ": %s", level_prefix(e->level));
		put_escaped(f, e->path);
		fputs(*e->path ? ": " : "", f);
		put_escaped(f, e->msg);
		fputc('\n', f);
	}
	if (d->n_dropped) {
		put_escaped(f, d->file);
		fprintf(f, ": %zu more diagnostics not shown (limit %d)\n", d->n_dropped, SCFS_DIAG_MAX);
	}
}
