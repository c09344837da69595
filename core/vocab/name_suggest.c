/* The "did you mean" search for unknown syscall and action names (scfs
 * lint). */
#include <ctype.h>
#include <seccomp.h>
#include <strings.h>

#include "scfs/names.h"
#include "scfs/newsys.h"
#include "name_suggest.h"

/* Optimal string alignment distance (adjacent swaps count one). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	_cleanup_free_ size_t *d = scfs_xcalloc((la + 1) * (lb + 1), sizeof(*d));

#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1], best = D(i - 1, j) + 1;

			if (D(i, j - 1) + 1 < best)
				best = D(i, j - 1) + 1;
			if (D(i - 1, j - 1) + cost < best)
				best = D(i - 1, j - 1) + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && D(i - 2, j - 2) + 1 < best)
				best = D(i - 2, j - 2) + 1;
			D(i, j) = best;
		}
	return D(la, lb);
#undef D
}

struct suggest {
	const char *want;
	char *lower; /* @want lowercased, without a "sys_"/"__NR_" prefix */
	char *best;
	size_t best_d;
};

static void consider(struct suggest *s, const char *cand)
{
	size_t d;

	if (s->best && strcmp(s->best, cand) == 0)
		return;
	d = strcmp(s->lower, cand) == 0 ? 0 : edit_distance(s->lower, cand);
	if (!s->best || d < s->best_d || (d == s->best_d && strcmp(cand, s->best) < 0)) {
		free(s->best);
		s->best = scfs_xstrdup(cand);
		s->best_d = d;
	}
}

static void cand_add(struct suggest_candidates *c, const char *name)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		c->v = scfs_xrealloc(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n++] = scfs_xstrdup(name);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void suggest_candidates_build(struct suggest_candidates *c)
{
	static const char *const arches[] = { "x86_64", "x86", "x32",  "aarch64", "arm",
					      "ppc64",  "s390x", "mips", "riscv64" };
	size_t k = 0;

	for (size_t a = 0; a < ELEMENTSOF(arches); a++) {
		uint32_t tok = seccomp_arch_resolve_name(arches[a]);
		int first = tok == SCMP_ARCH_X32 ? 0x40000000 : tok == SCMP_ARCH_MIPS ? 4000 : 0;

		if (!tok)
			continue;
		for (int nr = first; nr < first + 1100; nr++) {
			_cleanup_free_ char *n = seccomp_syscall_resolve_num_arch(tok, nr);

			if (n)
				cand_add(c, n);
		}
		if (tok == SCMP_ARCH_ARM)
			for (int nr = 0xf0000; nr < 0xf0010; nr++) {
				_cleanup_free_ char *n = seccomp_syscall_resolve_num_arch(tok, nr);

				if (n)
					cand_add(c, n);
			}
	}
	for (size_t i = 0; scfs_newsys_get(i); i++)
		cand_add(c, scfs_newsys_get(i)->name);
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cmp_str);
	for (size_t i = 0; i < c->n; i++) {
		if (k && strcmp(c->v[k - 1], c->v[i]) == 0)
			free(c->v[i]);
		else
			c->v[k++] = c->v[i];
	}
	c->n = k;
}

void suggest_candidates_done(struct suggest_candidates *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	*c = (struct suggest_candidates){ 0 };
}

char *suggest_in(const struct suggest_candidates *c, const char *name)
{
	struct suggest s = { .want = name };
	const char *base = name;
	size_t limit;

	if (strncasecmp(base, "__NR_", 5) == 0)
		base += 5;
	else if (strncasecmp(base, "sys_", 4) == 0)
		base += 4;
	s.lower = scfs_xstrdup(base);
	for (char *ch = s.lower; *ch; ch++)
		*ch = (char)tolower((unsigned char)*ch);
	for (size_t i = 0; i < c->n; i++)
		consider(&s, c->v[i]);
	/* Close enough to be a typo, not another word. */
	limit = strlen(s.lower) <= 4 ? 1 : strlen(s.lower) <= 8 ? 2 : 3;
	free(s.lower);
	if (s.best && s.best_d <= limit && strcmp(s.best, name) != 0)
		return s.best;
	free(s.best);
	return NULL;
}

char *scfs_syscall_suggest(const char *name)
{
	struct suggest_candidates c = { 0 };
	char *r;

	suggest_candidates_build(&c);
	r = suggest_in(&c, name);
	suggest_candidates_done(&c);
	return r;
}

char *scfs_action_suggest(const char *name)
{
	bool prefixed = strncasecmp(name, "SCMP_ACT_", 9) == 0;
	struct suggest s = { .want = name, .lower = scfs_xasprintf("%s%s", prefixed ? "" : "SCMP_ACT_", name) };
	size_t len = strlen(s.lower) - 9, limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;

	/* Action names are upper case; "scmp_act_alow" and "ALLOW" are
	 * typos too.  The limit is the syscall one, on the part after the
	 * prefix, so that "SCMP_ACT_FOO" is not taken for LOG. */
	for (char *c = s.lower; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	for (int k = 0; scfs_action_to_string((enum scfs_action_kind)k); k++)
		consider(&s, scfs_action_to_string((enum scfs_action_kind)k));
	free(s.lower);
	if (s.best && s.best_d <= limit && strcmp(s.best, name) != 0)
		return s.best;
	free(s.best);
	return NULL;
}
