/* sctui's model (model.h).  No curses in this file. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "linediff.h"
#include "model.h"
#include "rows.h"

static void apply_counts(struct sctui_model *m);

/* ---- loading ---------------------------------------------------------- */

int sctui_model_compile(const struct sctui_model *m, const char *text, size_t len, struct scfs_profile **ret_src,
			struct scfs_profile **ret_eff, struct scfs_filter **ret_filter, struct scfs_diag *diag)
{
	struct scfs_pipeline pl = { 0 };
	struct scfs_compile_opts co;
	int r;

	/* The table only needs verdicts: the unoptimised program gives the
	 * same answers and compiles faster (and each edit's is thrown away,
	 * so no cache). */
	scfs_compile_opts_init(&co);
	co.optimize = false;
	r = scfs_pipeline_parse(&pl, text, len, m->path, &m->host, diag);
	if (r == 0)
		r = scfs_pipeline_compile(&pl, &co, NULL, diag);
	if (r == 0) {
		*ret_src = TAKE_PTR(pl.src);
		*ret_eff = TAKE_PTR(pl.eff);
		*ret_filter = TAKE_PTR(pl.filter);
	}
	scfs_pipeline_done(&pl);
	return r;
}

int sctui_model_open_text(struct sctui_model *m, const char *text, size_t len, const char *name,
			  const struct scfs_host *host, struct scfs_diag *diag)
{
	int r;

	*m = (struct sctui_model){ .host = *host };
	m->path = scfs_xstrdup(name);
	r = scfs_edit_parse(text, len, &m->doc, &m->style, diag);
	if (r == 0)
		r = sctui_model_compile(m, text, len, &m->orig_src, &m->orig_eff, &m->orig_filter, diag);
	if (r < 0) {
		sctui_model_done(m);
		return r;
	}
	if (json_object_deep_copy(m->doc, &m->orig_doc, NULL) < 0) {
		sctui_model_done(m);
		return -ENOMEM;
	}
	m->src = m->orig_src;
	m->eff = m->orig_eff;
	m->filter = m->orig_filter;
	m->text = scfs_edit_render(m->doc, &m->style, &m->text_len);
	m->saved_text = scfs_xstrdup(m->text);
	sctui_rows_build(m);
	/* Counters cover every arch: apply those of this one. */
	apply_counts(m);
	sctui_model_set_filter(m, &(struct sctui_filter){ .kind = SCTUI_FILTER_ALL });
	return 0;
}

int sctui_model_open(struct sctui_model *m, const char *path, bool is_default, const struct scfs_host *host,
		     struct scfs_diag *diag)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r;

	r = scfs_read_file(path, SCFS_PROFILE_MAX_BYTES, &text, &len);
	if (r < 0) {
		*m = (struct sctui_model){ 0 };
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "", "cannot read: %s", strerror(-r));
		return r;
	}
	r = sctui_model_open_text(m, text, len, path, host, diag);
	if (r == 0)
		m->path_is_default = is_default;
	return r;
}

void sctui_model_current_free(struct sctui_model *m)
{
	if (m->filter != m->orig_filter)
		scfs_filter_free(m->filter);
	if (m->eff != m->orig_eff)
		scfs_profile_free(m->eff);
	if (m->src != m->orig_src)
		scfs_profile_free(m->src);
	m->filter = NULL;
	m->eff = m->src = NULL;
}

/* The list of edited syscalls is freed here, where the model is: the
 * edits (edits.c) sit above the model and call into it. */
void sctui_edits_done(struct sctui_edits *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].name);
		json_object_put(e->v[i].rules);
	}
	free(e->v);
	*e = (struct sctui_edits){ 0 };
}

void sctui_model_done(struct sctui_model *m)
{
	sctui_model_current_free(m);
	scfs_filter_free(m->orig_filter);
	scfs_profile_free(m->orig_eff);
	scfs_profile_free(m->orig_src);
	sctui_rows_free(m);
	sctui_edits_done(&m->edits);
	for (size_t i = 0; i < m->n_undo; i++)
		sctui_edits_done(&m->undo[i]);
	json_object_put(m->doc);
	json_object_put(m->orig_doc);
	free(m->text);
	free(m->saved_text);
	free(m->path);
	free(m->counts);
	*m = (struct sctui_model){ 0 };
}

/* ---- arches (the list itself: arches.c) ---------------------------------- */

int sctui_model_set_arch(struct sctui_model *m, size_t i)
{
	struct sctui_filter f = m->filter_spec;

	if (i >= sctui_model_n_arches(m))
		return -EINVAL;
	m->arch = i;
	sctui_rows_build(m);
	/* Counters cover every arch: apply those of this one. */
	apply_counts(m);
	m->sel = 0;
	sctui_model_set_filter(m, &f);
	return 0;
}

int sctui_model_set_arch_name(struct sctui_model *m, const char *name)
{
	const struct scfs_arch_info *a = scfs_arch_lookup(name);

	if (!a)
		a = scfs_arch_lookup_go(name);
	for (size_t i = 0; a && i < sctui_model_n_arches(m); i++)
		if (sctui_model_arch(m, i) == a)
			return sctui_model_set_arch(m, i);
	return -ENOENT;
}

/* ---- view: sort, filter, selection, search ---------------------------- */

const char *sctui_sort_name(enum sctui_sort s)
{
	static const char *const names[_SCTUI_SORT_MAX] = {
		[SCTUI_SORT_NAME] = "name",
		[SCTUI_SORT_NR] = "number",
		[SCTUI_SORT_HITS] = "hits",
	};

	return s >= 0 && s < _SCTUI_SORT_MAX ? names[s] : "?";
}

static int row_cmp(const void *a, const void *b, void *userdata)
{
	const struct sctui_model *m = userdata;
	const struct sctui_row *x = &m->rows[*(const size_t *)a], *y = &m->rows[*(const size_t *)b];

	switch (m->sort) {
	case SCTUI_SORT_NR:
		return x->nr < y->nr ? -1 : x->nr > y->nr;
	case SCTUI_SORT_HITS:
		if (x->hits != y->hits)
			return x->hits > y->hits ? -1 : 1;
		break;
	default:
		break;
	}
	return strcmp(x->name, y->name);
}

static bool row_visible(const struct sctui_model *m, const struct sctui_row *r)
{
	const struct sctui_filter *f = &m->filter_spec;

	switch (f->kind) {
	case SCTUI_FILTER_DENIED:
		return sctui_row_denied(r);
	case SCTUI_FILTER_ALLOWED:
		return !sctui_row_denied(r);
	case SCTUI_FILTER_CHANGED:
		return r->changed;
	case SCTUI_FILTER_HITS:
		return r->hits > 0;
	case SCTUI_FILTER_GROUP:
		return f->group >= 0 && (r->groups & (1u << f->group));
	case SCTUI_FILTER_TEXT:
		return strstr(r->name, f->text) != NULL;
	default:
		return true;
	}
}

/* Recompute vis[] keeping the selected row when it stays visible. */
void sctui_model_refresh(struct sctui_model *m)
{
	struct sctui_row *selected = sctui_model_selected(m);
	size_t keep = selected ? (size_t)(selected - m->rows) : SIZE_MAX;

	m->n_vis = 0;
	for (size_t i = 0; i < m->n_rows; i++)
		if (row_visible(m, &m->rows[i]))
			m->vis[m->n_vis++] = i;
	qsort_r(m->vis, m->n_vis, sizeof(*m->vis), row_cmp, m);
	for (size_t i = 0; i < m->n_vis; i++)
		if (m->vis[i] == keep) {
			m->sel = i;
			return;
		}
	sctui_model_select(m, m->sel);
}

void sctui_model_set_sort(struct sctui_model *m, enum sctui_sort s)
{
	m->sort = s >= 0 && s < _SCTUI_SORT_MAX ? s : SCTUI_SORT_NAME;
	sctui_model_refresh(m);
}

int sctui_filter_parse(const char *s, struct sctui_filter *ret)
{
	static const struct {
		const char *word;
		enum sctui_filter_kind kind;
	} words[] = {
		{ "", SCTUI_FILTER_ALL },          { "all", SCTUI_FILTER_ALL },
		{ "denied", SCTUI_FILTER_DENIED }, { "allowed", SCTUI_FILTER_ALLOWED },
		{ "changed", SCTUI_FILTER_CHANGED }, { "hits", SCTUI_FILTER_HITS },
	};

	*ret = (struct sctui_filter){ .kind = SCTUI_FILTER_TEXT, .group = _SCFS_GROUP_INVALID };
	for (size_t i = 0; i < ELEMENTSOF(words); i++)
		if (strcmp(s, words[i].word) == 0) {
			ret->kind = words[i].kind;
			return 0;
		}
	if (s[0] == '@') {
		ret->kind = SCTUI_FILTER_GROUP;
		ret->group = scfs_group_lookup(s);
		return ret->group < 0 ? -EINVAL : 0;
	}
	snprintf(ret->text, sizeof(ret->text), "%s", s);
	return 0;
}

const char *sctui_filter_describe(const struct sctui_filter *f, char *buf, size_t size)
{
	static const char *const names[_SCTUI_FILTER_MAX] = {
		[SCTUI_FILTER_ALL] = "all",       [SCTUI_FILTER_DENIED] = "denied",
		[SCTUI_FILTER_ALLOWED] = "allowed", [SCTUI_FILTER_CHANGED] = "changed",
		[SCTUI_FILTER_HITS] = "hits",
	};

	if (f->kind == SCTUI_FILTER_GROUP)
		snprintf(buf, size, "%s", scfs_group_name(f->group) ? scfs_group_name(f->group) : "@?");
	else if (f->kind == SCTUI_FILTER_TEXT)
		snprintf(buf, size, "\"%s\"", f->text);
	else
		snprintf(buf, size, "%s", names[f->kind]);
	return buf;
}

void sctui_model_set_filter(struct sctui_model *m, const struct sctui_filter *f)
{
	m->filter_spec = *f;
	sctui_model_refresh(m);
}

struct sctui_row *sctui_model_selected(const struct sctui_model *m)
{
	return m->sel < m->n_vis ? &m->rows[m->vis[m->sel]] : NULL;
}

void sctui_model_select(struct sctui_model *m, size_t i)
{
	m->sel = m->n_vis == 0 ? 0 : i < m->n_vis ? i : m->n_vis - 1;
}

int sctui_model_select_name(struct sctui_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_vis; i++)
		if (strcmp(m->rows[m->vis[i]].name, name) == 0) {
			m->sel = i;
			return 0;
		}
	return -ENOENT;
}

long sctui_model_find(const struct sctui_model *m, const char *text, size_t from, int dir)
{
	size_t n = m->n_vis;

	if (n == 0 || !text || !*text)
		return -1;
	from = from < n ? from : 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = dir > 0 ? (from + k) % n : (from + n - k) % n;

		if (strstr(m->rows[m->vis[i]].name, text))
			return (long)i;
	}
	return -1;
}

bool sctui_model_dirty(const struct sctui_model *m)
{
	return m->text && m->saved_text && strcmp(m->text, m->saved_text) != 0;
}

size_t sctui_model_n_changed(const struct sctui_model *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_rows; i++)
		n += m->rows[i].changed;
	return n;
}

/* ---- files --------------------------------------------------------------- */

int sctui_model_save(struct sctui_model *m, const char *path)
{
	_cleanup_free_ char *tmp = NULL;
	mode_t mode = 0644;
	struct stat st;
	int fd, r;

	if (!path)
		path = m->path;
	if (!path || !*path)
		return -EINVAL;
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return -EISDIR;
		mode = st.st_mode & 07777;
	}
	tmp = scfs_xasprintf("%s.sctui-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	r = scfs_write_all(fd, m->text, m->text_len);
	if (r == 0 && fchmod(fd, mode) < 0)
		r = -errno;
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		(void)unlink(tmp);
		return r;
	}
	free(m->saved_text);
	m->saved_text = scfs_xstrdup(m->text);
	if (strcmp(path, m->path) != 0) {
		free(m->path);
		m->path = scfs_xstrdup(path);
	}
	m->path_is_default = false;
	return 0;
}

char *sctui_model_diff(const struct sctui_model *m)
{
	_cleanup_free_ char *orig = scfs_edit_render(m->orig_doc, &m->style, NULL);

	return sctui_diff(orig, m->text, 3);
}

/* ---- live counters --------------------------------------------------- */

static int count_cmp(const void *a, const void *b)
{
	const struct sctui_count *x = a, *y = b;

	if (x->arch_token != y->arch_token)
		return x->arch_token < y->arch_token ? -1 : 1;
	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	return x->action < y->action ? -1 : x->action > y->action;
}

static void apply_counts(struct sctui_model *m)
{
	uint32_t token = sctui_model_token(m);

	for (size_t i = 0; i < m->n_rows; i++) {
		struct sctui_row *r = &m->rows[i];
		size_t lo = 0, hi = m->n_counts;
		struct sctui_count key = { token, r->nr, 0, 0 };

		r->hits = r->denials = 0;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (count_cmp(&m->counts[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < m->n_counts && m->counts[lo].arch_token == token && m->counts[lo].nr == r->nr; lo++) {
			r->hits += m->counts[lo].hits;
			if (scfs_action_denies(m->counts[lo].action))
				r->denials += m->counts[lo].hits;
		}
	}
}

void sctui_model_set_counters(struct sctui_model *m, const struct scfs_state_view *v)
{
	size_t n = v ? v->hdr.used : 0;

	free(m->counts);
	m->counts = NULL;
	m->n_counts = 0;
	if (n) {
		m->counts = scfs_xcalloc(n, sizeof(*m->counts));
		for (size_t i = 0; i < n; i++)
			m->counts[i] = (struct sctui_count){ v->ctr[i].arch_token, v->ctr[i].nr, v->ctr[i].action,
							     v->ctr[i].hits };
		m->n_counts = n;
		qsort(m->counts, n, sizeof(*m->counts), count_cmp);
	}
	apply_counts(m);
	if (m->vis && (m->sort == SCTUI_SORT_HITS || m->filter_spec.kind == SCTUI_FILTER_HITS))
		sctui_model_refresh(m);
}

/* ---- labels and parsing ------------------------------------------------- */

const char *sctui_action_label(uint32_t word, char *buf, size_t size)
{
	scfs_action_word_label(word, buf, size);
	return buf;
}

const char *sctui_nr_label(const struct sctui_model *m, int nr, char *buf, size_t size)
{
	const struct scfs_arch_info *a = sctui_model_arch(m, m->arch);

	/* x32 shares x86_64's numbers with bit 30 set (__X32_SYSCALL_BIT):
	 * 1073741867 reads better as x32:43. */
	if (a && scfs_arch_token(a) == SCMP_ARCH_X32 && nr >= 0x40000000)
		snprintf(buf, size, "x32:%d", nr - 0x40000000);
	else
		snprintf(buf, size, "%d", nr);
	return buf;
}

const char *sctui_rule_label(long rule, char *buf, size_t size)
{
	switch (rule) {
	case SCTUI_RULE_DEFAULT:
		snprintf(buf, size, "default");
		break;
	case SCTUI_RULE_ENOSYS:
		snprintf(buf, size, "enosys");
		break;
	case SCTUI_RULE_UNKNOWN:
		snprintf(buf, size, "?");
		break;
	default:
		snprintf(buf, size, "syscalls[%ld]", rule);
	}
	return buf;
}

int sctui_action_parse(const char *s, const struct scfs_action *def, struct scfs_action *ret)
{
	char word[32] = "", arg[32] = "", extra[2] = "";
	_cleanup_free_ char *full = NULL;
	int n, e;

	n = sscanf(s, " %31s %31s %1s", word, arg, extra);
	if (n < 1 || n > 2)
		return -EINVAL;
	for (char *p = word; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	for (char *p = arg; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (strcmp(word, "DEFAULT") == 0) {
		if (!def || n != 1)
			return -EINVAL;
		*ret = *def;
		return 0;
	}
	full = strncmp(word, "SCMP_ACT_", 9) == 0 ? scfs_xstrdup(word) : scfs_xasprintf("SCMP_ACT_%s", word);
	*ret = (struct scfs_action){ .kind = scfs_action_from_string(full), .data = 1 };
	if (ret->kind < 0)
		return -EINVAL;
	if (!scfs_action_takes_data(ret->kind))
		return n == 1 ? 0 : -EINVAL;
	if (n == 1) {
		ret->data = ret->kind == SCFS_ACT_ERRNO && def && def->kind == SCFS_ACT_ERRNO ? def->data
			    : ret->kind == SCFS_ACT_ERRNO                                    ? EPERM
											     : 0;
		ret->data_set = true;
		return 0;
	}
	e = scfs_errno_from_string(arg);
	if (e < 0 || (ret->kind == SCFS_ACT_ERRNO && e > SCFS_ERRNO_MAX) || e > 0xffff)
		return -EINVAL;
	ret->data = (uint32_t)e;
	ret->data_set = true;
	return 0;
}
