/* Line diff (diff.h). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linediff.h"
#include "scfs/util.h"

/* Beyond this many cells the LCS table is not built. */
#define DIFF_MAX_CELLS (4u << 20)

struct line {
	const char *s;
	size_t len;
};

struct lines {
	struct line *v;
	size_t n;
};

enum op_kind { OP_SAME, OP_DEL, OP_ADD };

struct op {
	enum op_kind kind;
	size_t ai, bi; /* line in a (SAME, DEL) and in b (SAME, ADD) */
};

struct buf {
	char *s;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = scfs_xrealloc(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void split(const char *t, struct lines *l)
{
	size_t cap = 64;

	l->v = scfs_xcalloc(cap, sizeof(*l->v));
	l->n = 0;
	while (*t) {
		const char *e = strchrnul(t, '\n');

		if (l->n == cap) {
			cap *= 2;
			l->v = scfs_xrealloc(l->v, cap, sizeof(*l->v));
		}
		l->v[l->n++] = (struct line){ t, (size_t)(e - t) };
		t = *e ? e + 1 : e;
	}
}

static bool same(const struct line *x, const struct line *y)
{
	return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
}

/* The edit script for a[a0..a0+n) against b[b0..b0+m). */
static void script_middle(const struct lines *a, const struct lines *b, size_t a0, size_t b0, size_t n, size_t m,
			  struct op *ops, size_t *k)
{
	uint32_t *t;
	size_t i = 0, j = 0;

	if (n == 0 || m == 0 || n * m > DIFF_MAX_CELLS || n > UINT32_MAX) {
		for (size_t x = 0; x < n; x++)
			ops[(*k)++] = (struct op){ OP_DEL, a0 + x, 0 };
		for (size_t y = 0; y < m; y++)
			ops[(*k)++] = (struct op){ OP_ADD, 0, b0 + y };
		return;
	}
	/* t[i][j]: LCS length of a-suffix from i and b-suffix from j. */
	t = scfs_xcalloc((n + 1) * (m + 1), sizeof(*t));
#define T(i, j) t[(i) * (m + 1) + (j)]
	for (size_t x = n; x-- > 0;)
		for (size_t y = m; y-- > 0;)
			T(x, y) = same(&a->v[a0 + x], &b->v[b0 + y]) ? T(x + 1, y + 1) + 1
				  : T(x + 1, y) >= T(x, y + 1)        ? T(x + 1, y)
								       : T(x, y + 1);
	while (i < n || j < m) {
		if (i < n && j < m && same(&a->v[a0 + i], &b->v[b0 + j])) {
			ops[(*k)++] = (struct op){ OP_SAME, a0 + i, b0 + j };
			i++;
			j++;
		} else if (j == m || (i < n && T(i + 1, j) >= T(i, j + 1))) {
			ops[(*k)++] = (struct op){ OP_DEL, a0 + i, 0 };
			i++;
		} else {
			ops[(*k)++] = (struct op){ OP_ADD, 0, b0 + j };
			j++;
		}
	}
#undef T
	free(t);
}

static void emit_line(struct buf *out, char prefix, const struct line *l)
{
	buf_add(out, &prefix, 1);
	buf_add(out, l->s, l->len);
	buf_add(out, "\n", 1);
}

char *sctui_diff(const char *a_text, const char *b_text, unsigned context)
{
	struct lines a, b;
	struct buf out = { 0 };
	struct op *ops;
	size_t pre = 0, suf = 0, k = 0;

	split(a_text, &a);
	split(b_text, &b);
	while (pre < a.n && pre < b.n && same(&a.v[pre], &b.v[pre]))
		pre++;
	while (suf < a.n - pre && suf < b.n - pre && same(&a.v[a.n - 1 - suf], &b.v[b.n - 1 - suf]))
		suf++;
	ops = scfs_xcalloc(a.n + b.n + 1, sizeof(*ops));
	for (size_t i = 0; i < pre; i++)
		ops[k++] = (struct op){ OP_SAME, i, i };
	script_middle(&a, &b, pre, pre, a.n - pre - suf, b.n - pre - suf, ops, &k);
	for (size_t i = 0; i < suf; i++)
		ops[k++] = (struct op){ OP_SAME, a.n - suf + i, b.n - suf + i };

	buf_add(&out, "", 0);
	for (size_t i = 0; i < k;) {
		size_t start, end, a_start, b_start, na = 0, nb = 0;
		char hdr[96];

		if (ops[i].kind == OP_SAME) {
			i++;
			continue;
		}
		/* A hunk: back up by the context, then run until a stretch of
		 * more than 2*context unchanged lines. */
		start = i > context ? i - context : 0;
		end = i;
		while (end < k) {
			size_t run = 0;

			while (end + run < k && ops[end + run].kind == OP_SAME)
				run++;
			if (end + run == k || run > 2 * context) {
				end += run < context ? run : context;
				break;
			}
			end += run;
			while (end < k && ops[end].kind != OP_SAME)
				end++;
		}
		a_start = b_start = 0;
		for (size_t x = 0; x < start; x++) {
			a_start += ops[x].kind != OP_ADD;
			b_start += ops[x].kind != OP_DEL;
		}
		for (size_t x = start; x < end; x++) {
			na += ops[x].kind != OP_ADD;
			nb += ops[x].kind != OP_DEL;
		}
		snprintf(hdr, sizeof(hdr), "@@ -%zu,%zu +%zu,%zu @@\n", a_start + 1, na, b_start + 1, nb);
		buf_add(&out, hdr, strlen(hdr));
		for (size_t x = start; x < end; x++) {
			if (ops[x].kind == OP_SAME)
				emit_line(&out, ' ', &a.v[ops[x].ai]);
			else if (ops[x].kind == OP_DEL)
				emit_line(&out, '-', &a.v[ops[x].ai]);
			else
				emit_line(&out, '+', &b.v[ops[x].bi]);
		}
		i = end;
	}
	free(ops);
	free(a.v);
	free(b.v);
	return out.s;
}
