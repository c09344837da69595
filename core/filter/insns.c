/* A floor under the number of instructions libseccomp 2.5 writes, computed
 * from the rules the compiler would give it, so that a profile whose
 * program cannot fit in the kernel (4096 instructions) is refused before
 * libseccomp spends seconds or minutes building it: it takes time that
 * grows with the square of the rules on one syscall and of the program.
 *
 * Why it is a floor (libseccomp 2.5.4: src/db.c, src/gen_bpf.c).
 *
 * 1. The tree.  libseccomp keeps, per (arch, syscall), a tree of 32-bit
 *    comparison nodes.  A rule becomes a chain: its conditions in argument
 *    order, an EQ condition one node per word (on 64-bit arches the high
 *    word then the low word; on 32-bit ones the low word, the value
 *    truncated), linked by their true edges, the last true edge carrying
 *    the action.  The chain is merged level by level: a node equal to one
 *    on the level (same word, operator, mask and value) is shared and the
 *    rest merged below it; otherwise the rest of the chain is inserted into
 *    the level, kept in descending order (for EQ nodes: by argument, high
 *    word above low word, then by value).  Before that a pruning pass
 *    (_db_tree_prune) looks for the new chain along the tree's paths,
 *    skipping nodes of one side only, and removes or drops a chain only
 *    where every node of one chain was found on the other's path.
 *    Only a syscall whose rules on that arch all compare with EQ, none of
 *    them unconditional, and none of them comparing a subset of another's
 *    arguments with the same values ("nested"), is modelled.  There no
 *    chain is found along another's path, so nothing is pruned or dropped;
 *    no chain ends inside another; the same chain again with the same
 *    action changes nothing, with another one it is refused (EEXIST) and
 *    the transaction leaves the tree as it was.  So the tree is the trie of
 *    the distinct chains, each with its action, siblings in that order.
 *    Never modelled (they add nothing to the floor): other syscalls, arches
 *    missing from the table below, and on arches where libseccomp rewrites
 *    socket and IPC calls (abi_rule_add) the multiplexers and every number
 *    its own name does not resolve to.
 *
 * 2. The blocks.  gen_bpf makes each node one block: maybe a load (and a
 *    mask), then one conditional jump on the node's word and value, true to
 *    the first block of its child level (or its action's RET), false to its
 *    next sibling, after the last sibling to the parent's next sibling and
 *    so on up; the top level falls to the default action's RET.  Blocks are
 *    hashed over their instructions (targets as the target blocks' hashes)
 *    and accumulator states, an identical block is emitted once, and every
 *    reachable block is emitted.  Two nodes share a block only if they test
 *    the same word (the accumulator state at the jump) against the same
 *    value and their targets are the same blocks.  A level's first block
 *    also loads its word (the accumulator holds the parent's word; at the
 *    top the syscall number or nothing), and so does a block whose previous
 *    sibling compared another word.
 *
 * 3. The count.  Key each modelled node by (word offset, value, key of the
 *    true target, key of the false target), a RET by its action word, in
 *    one table over every syscall and arch.  Targets come after their node
 *    in its tree's order, so by induction on how many nodes follow a pair,
 *    two nodes sharing a block have one key: the program has at least one
 *    instruction per distinct key, two for a key that ever loads (that
 *    occurrence's block has a load and a jump).  Besides those blocks it
 *    has a RET per distinct action word reached (the default, the leaves'
 *    actions), a syscall check per modelled syscall of each arch, an arch
 *    check per arch (x86_64 and x32 share one) and the load of the arch.
 *    Long jumps, reloads and the syscall binary tree only add
 *    instructions.
 *
 * tests/unit/test_floor.c checks floor <= libseccomp's size on random and
 * adversarial profiles, and fuzz_profile on every input it compiles. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "insns.h"
#include "scfs/util.h"

#define ACT_ID 0x80000000u

/* The arches libseccomp 2.5.4 has, with what the model needs of them:
 * word size, byte order, and whether abi_rule_add rewrites socket/IPC. */
static const struct arch_props {
	uint32_t tok;
	bool b64, be, mux;
} arch_table[] = {
	{ SCMP_ARCH_X86_64, true, false, false },     { SCMP_ARCH_AARCH64, true, false, false },
	{ SCMP_ARCH_RISCV64, true, false, false },    { SCMP_ARCH_MIPSEL64, true, false, false },
	{ SCMP_ARCH_PPC64LE, true, false, true },     { SCMP_ARCH_PPC64, true, true, true },
	{ SCMP_ARCH_S390X, true, true, true },        { SCMP_ARCH_MIPS64, true, true, false },
	{ SCMP_ARCH_PARISC64, true, true, false },    { SCMP_ARCH_X86, false, false, true },
	{ SCMP_ARCH_X32, false, false, false },       { SCMP_ARCH_ARM, false, false, false },
	{ SCMP_ARCH_MIPSEL, false, false, true },     { SCMP_ARCH_MIPSEL64N32, false, false, false },
	{ SCMP_ARCH_MIPS, false, true, true },        { SCMP_ARCH_MIPS64N32, false, true, false },
	{ SCMP_ARCH_PPC, false, true, true },         { SCMP_ARCH_S390, false, true, true },
	{ SCMP_ARCH_PARISC, false, true, false },
};

/* Open addressing: 128-bit keys -> index. */
struct map {
	struct slot {
		uint64_t a, b;
		uint32_t v; /* 0: empty, else index + 1 */
	} *s;
	size_t cap, n;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x7fb5d329728ea185ULL;
	x ^= x >> 27;
	x *= 0x81dadef4bc2dd44dULL;
	return x ^ (x >> 33);
}

static struct slot *map_slot(struct map *m, uint64_t a, uint64_t b)
{
	size_t i = mix(a ^ mix(b)) & (m->cap - 1);

	while (m->s[i].v && (m->s[i].a != a || m->s[i].b != b))
		i = (i + 1) & (m->cap - 1);
	return &m->s[i];
}

/* The index stored for (a, b), or -1 after storing @v (index) for it. */
static long map_put(struct map *m, uint64_t a, uint64_t b, uint32_t v)
{
	struct slot *s;

	if (2 * (m->n + 1) > m->cap) {
		struct map g = { scfs_xcalloc(m->cap ? 2 * m->cap : 64, sizeof(*g.s)), m->cap ? 2 * m->cap : 64, m->n };

		for (size_t i = 0; i < m->cap; i++)
			if (m->s[i].v)
				*map_slot(&g, m->s[i].a, m->s[i].b) = m->s[i];
		free(m->s);
		*m = g;
	}
	s = map_slot(m, a, b);
	if (s->v)
		return (long)s->v - 1;
	*s = (struct slot){ a, b, v + 1 };
	m->n++;
	return -1;
}

/* One rule as libseccomp takes it: the arguments it compares (bit i:
 * argument i), their values' high and low words as the arch's chain
 * compares them (high words 0 on 32-bit arches, which drop them), and its
 * action. */
struct tuple {
	unsigned args;
	uint32_t hi[6], lo[6];
	uint32_t action;
};

struct group {
	size_t arch; /* index into insns_floor.arches */
	int nr;
	bool unmodelled;
	size_t rule, name;
	struct tuple *t;
	size_t n, cap;
};

struct insns_floor {
	uint32_t def;
	const struct arch_props **arches;
	size_t n_arches;
	struct group *g;
	size_t n_g, cap_g;
	struct map groups;  /* (arch, nr) -> group */
	struct map nodes;   /* node keys */
	struct map actions; /* action word -> id */
	struct map tuples;  /* digest of (group, words) -> tuple */
	uint8_t *load;      /* per node key: has a block that loads its word */
	size_t cap_load, loads;
	int xlat[1024]; /* native number -> this arch's, INT32_MIN: not looked up */
	int mux[2];     /* socketcall, ipc on the current arch, or -1 */
};

struct insns_floor *insns_floor_new(uint32_t default_action)
{
	struct insns_floor *fl = scfs_xcalloc(1, sizeof(*fl));

	fl->def = default_action;
	return fl;
}

void insns_floor_free(struct insns_floor *fl)
{
	if (!fl)
		return;
	for (size_t i = 0; i < fl->n_g; i++)
		free(fl->g[i].t);
	free(fl->g);
	free(fl->arches);
	free(fl->groups.s);
	free(fl->nodes.s);
	free(fl->actions.s);
	free(fl->tuples.s);
	free(fl->load);
	free(fl);
}

void insns_floor_arch(struct insns_floor *fl, uint32_t tok)
{
	const struct arch_props *p = NULL;

	for (size_t i = 0; i < sizeof(arch_table) / sizeof(arch_table[0]); i++)
		if (arch_table[i].tok == tok)
			p = &arch_table[i];
	fl->arches = scfs_xrealloc(fl->arches, fl->n_arches + 1, sizeof(*fl->arches));
	fl->arches[fl->n_arches++] = p; /* NULL: unknown, nothing on it is modelled */
	for (size_t i = 0; i < 1024; i++)
		fl->xlat[i] = INT32_MIN;
	fl->mux[0] = p && p->mux ? seccomp_syscall_resolve_name_arch(tok, "socketcall") : -1;
	fl->mux[1] = p && p->mux ? seccomp_syscall_resolve_name_arch(tok, "ipc") : -1;
}

/* The number libseccomp files a rule for native number @nr under on the
 * current arch (arch_syscall_translate: through the native name). */
static int translate(struct insns_floor *fl, int nr)
{
	uint32_t tok = fl->arches[fl->n_arches - 1]->tok;
	char *name;
	int out;

	if (tok == seccomp_arch_native() || nr < 0)
		return nr;
	if (nr < 1024 && fl->xlat[nr] != INT32_MIN)
		return fl->xlat[nr];
	name = seccomp_syscall_resolve_num_arch(seccomp_arch_native(), nr);
	out = name ? seccomp_syscall_resolve_name_arch(tok, name) : -1;
	free(name);
	if (nr < 1024)
		fl->xlat[nr] = out;
	return out;
}

/* Whether libseccomp may put rules of other numbers into @nr's tree. */
static bool foreign_rules(struct insns_floor *fl, int nr)
{
	uint32_t tok = fl->arches[fl->n_arches - 1]->tok;
	char *name;
	bool own;

	if (!fl->arches[fl->n_arches - 1]->mux)
		return false;
	if (nr == fl->mux[0] || nr == fl->mux[1])
		return true;
	name = seccomp_syscall_resolve_num_arch(tok, nr);
	own = !name || seccomp_syscall_resolve_name_arch(tok, name) == nr;
	free(name);
	return !own;
}

static struct group *group_of(struct insns_floor *fl, int nr, size_t rule, size_t name)
{
	long i = map_put(&fl->groups, fl->n_arches, (uint64_t)(uint32_t)nr, (uint32_t)fl->n_g);
	struct group *g;

	if (i >= 0)
		return &fl->g[i];
	if (fl->n_g == fl->cap_g) {
		fl->cap_g = fl->cap_g ? 2 * fl->cap_g : 16;
		fl->g = scfs_xrealloc(fl->g, fl->cap_g, sizeof(*fl->g));
	}
	g = &fl->g[fl->n_g++];
	*g = (struct group){ .arch = fl->n_arches - 1, .nr = nr, .rule = rule, .name = name };
	g->unmodelled = foreign_rules(fl, nr);
	return g;
}

static void unmodel(struct group *g)
{
	g->unmodelled = true;
	free(g->t);
	g->t = NULL;
	g->n = g->cap = 0;
}

/* A digest of @t's values on arguments @args (all of them: @t->args). */
static void digest(const struct tuple *t, unsigned args, uint64_t seed, uint64_t *da, uint64_t *db)
{
	*da = mix(seed ^ args);
	*db = mix(*da ^ 0x9e3779b97f4a7c15ULL);
	for (unsigned a = 0; a < 6; a++) {
		if (!(args & (1u << a)))
			continue;
		*da = mix(*da ^ ((uint64_t)t->hi[a] << 32 | t->lo[a]));
		*db = mix(*db + t->lo[a] + ((uint64_t)t->hi[a] << 29) + a);
	}
}

static bool same_tuple(const struct tuple *x, const struct tuple *y)
{
	if (x->args != y->args)
		return false;
	for (unsigned a = 0; a < 6; a++)
		if ((x->args & (1u << a)) && (x->hi[a] != y->hi[a] || x->lo[a] != y->lo[a]))
			return false;
	return true;
}

/* Files @t in group @g: 0, or -EEXIST as libseccomp refuses the same
 * chain with another action (the tree stays as it was). */
static int add_tuple(struct insns_floor *fl, struct group *g, const struct tuple *t)
{
	uint64_t da, db;
	long i;

	digest(t, t->args, (uint64_t)(g - fl->g), &da, &db);
	i = map_put(&fl->tuples, da, db, (uint32_t)g->n);
	if (i >= 0 && ((size_t)i >= g->n || !same_tuple(&g->t[i], t))) {
		unmodel(g); /* two tuples, one digest: give up on this syscall */
		return 0;
	}
	if (i >= 0)
		return g->t[i].action == t->action ? 0 : -EEXIST;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 8;
		g->t = scfs_xrealloc(g->t, g->cap, sizeof(*g->t));
	}
	g->t[g->n++] = *t;
	return 0;
}

int insns_floor_rule(struct insns_floor *fl, uint32_t action, int nr, unsigned n, const struct scmp_arg_cmp *cmps,
		     size_t rule, size_t name)
{
	const struct arch_props *p = fl->n_arches ? fl->arches[fl->n_arches - 1] : NULL;
	struct tuple t = { .action = action };
	struct group *g;

	if (!p)
		return 0;
	nr = translate(fl, nr);
	/* A rule with the default action is refused (EACCES): no program. */
	if (nr < 0 || action == fl->def)
		return 0;
	g = group_of(fl, nr, rule, name);
	if (g->unmodelled)
		return 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned a = cmps[i].arg;

		if (a >= 6 || (t.args & (1u << a)) || cmps[i].op != SCMP_CMP_EQ)
			return unmodel(g), 0; /* refused (EINVAL), or not EQ */
		t.args |= 1u << a;
		t.hi[a] = p->b64 ? (uint32_t)(cmps[i].datum_a >> 32) : 0; /* 32-bit: truncated */
		t.lo[a] = (uint32_t)cmps[i].datum_a;
	}
	if (!t.args)
		return unmodel(g), 0; /* unconditional: the tree is dropped */
	return add_tuple(fl, g, &t);
}

/* Whether some rule of @g compares a subset of another's arguments with
 * the same values: then libseccomp prunes or drops chains, which the model
 * does not follow.  (Digests only: a collision just gives up a group.) */
static bool nested(const struct group *g)
{
	bool seen[64] = { false };
	uint64_t da, db;

	for (size_t i = 0; i < g->n; i++)
		seen[g->t[i].args] = true;
	for (unsigned S = 1; S < 64; S++) {
		for (unsigned T = S + 1; seen[S] && T < 64; T++) {
			struct map m = { 0 };
			bool hit = false;

			if (!seen[T] || (S & T) != S)
				continue;
			for (size_t i = 0; i < g->n; i++)
				if (g->t[i].args == T && (digest(&g->t[i], S, 0, &da, &db), true))
					(void)map_put(&m, da, db, 0);
			for (size_t i = 0; i < g->n && !hit; i++)
				if (g->t[i].args == S && (digest(&g->t[i], S, 0, &da, &db), true))
					hit = map_put(&m, da, db, 0) >= 0;
			free(m.s);
			if (hit)
				return true;
		}
	}
	return false;
}

/* One modelled group laid out as its chains: per row, per depth, the word
 * compared (its place in libseccomp's level order: argument * 2, + 1 for
 * a high word) and the value. */
struct trie {
	struct insns_floor *fl;
	const struct arch_props *p;
	uint8_t *len, *word; /* n rows; n rows of 12 */
	uint32_t *d;         /* n rows of 12 */
	uint32_t *act;       /* the action id of each row */
	size_t *order;       /* rows in the order of the tree's leaves */
	size_t n;
};

#define AT(t, field, row, k) ((t)->field[(t)->order[row] * 12 + (k)])

/* libseccomp's level order: words, then values, descending. */
static int row_cmp(const void *x, const void *y, void *arg)
{
	const struct trie *t = arg;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	for (unsigned k = 0; k < t->len[a] && k < t->len[b]; k++) {
		if (t->word[a * 12 + k] != t->word[b * 12 + k])
			return t->word[a * 12 + k] > t->word[b * 12 + k] ? -1 : 1;
		if (t->d[a * 12 + k] != t->d[b * 12 + k])
			return t->d[a * 12 + k] > t->d[b * 12 + k] ? -1 : 1;
	}
	return t->len[a] != t->len[b] ? (t->len[a] < t->len[b] ? -1 : 1) : (a < b ? -1 : 1);
}

static uint32_t action_id(struct insns_floor *fl, uint32_t action)
{
	long i = map_put(&fl->actions, action, 0, (uint32_t)fl->actions.n);

	return ACT_ID | (uint32_t)(i >= 0 ? (size_t)i : fl->actions.n - 1);
}

static uint32_t intern(struct insns_floor *fl, uint32_t off, uint32_t value, uint32_t t, uint32_t f)
{
	long i = map_put(&fl->nodes, (uint64_t)off << 32 | value, (uint64_t)t << 32 | f, (uint32_t)fl->nodes.n);

	return 1 + (uint32_t)(i >= 0 ? (size_t)i : fl->nodes.n - 1);
}

/* Node key @id has a block that loads its word somewhere. */
static void mark_load(struct insns_floor *fl, uint32_t id)
{
	if (id >= fl->cap_load) {
		size_t cap = fl->cap_load ? 2 * fl->cap_load : 1024;

		while (cap <= id)
			cap *= 2;
		fl->load = scfs_xrealloc(fl->load, cap, 1);
		memset(fl->load + fl->cap_load, 0, cap - fl->cap_load);
		fl->cap_load = cap;
	}
	fl->loads += !fl->load[id];
	fl->load[id] = 1;
}

/* The key of the first node of the level holding rows [lo, hi) at depth
 * @k, whose last node falls through to @cont. */
static uint32_t level(struct trie *t, size_t lo, size_t hi, unsigned k, uint32_t cont)
{
	uint32_t next = cont;

	while (hi > lo) {
		size_t start = hi - 1;
		unsigned w = AT(t, word, start, k);
		uint32_t v = AT(t, d, start, k), on_true;
		bool hi_word = w & 1;

		while (start > lo && AT(t, word, start - 1, k) == w && AT(t, d, start - 1, k) == v)
			start--;
		/* a chain ending inside another is excluded (nested) */
		on_true = t->len[t->order[start]] == k + 1 ? t->act[t->order[start]] : level(t, start, hi, k + 1, next);
		next = intern(t->fl, 16 + 8 * (w >> 1) + (hi_word != t->p->be ? 4 : 0), v, on_true, next);
		/* the first of a level, or after another word: a load */
		if (start == lo || AT(t, word, start - 1, k) != w)
			mark_load(t->fl, next);
		hi = start;
	}
	return next;
}

/* Interns group @g's nodes; returns how many instructions they add. */
static size_t model_group(struct insns_floor *fl, const struct group *g)
{
	struct trie t = { .fl = fl, .p = fl->arches[g->arch], .n = g->n };
	size_t before = fl->nodes.n + fl->loads;

	t.len = scfs_xcalloc(g->n, 1);
	t.word = scfs_xcalloc(g->n * 12, 1);
	t.d = scfs_xcalloc(g->n * 12, sizeof(*t.d));
	t.act = scfs_xcalloc(g->n, sizeof(*t.act));
	t.order = scfs_xcalloc(g->n, sizeof(*t.order));
	for (size_t i = 0; i < g->n; i++) {
		const struct tuple *tp = &g->t[i];

		for (unsigned a = 0; a < 6; a++) {
			if (!(tp->args & (1u << a)))
				continue;
			if (t.p->b64) {
				t.word[i * 12 + t.len[i]] = (uint8_t)(2 * a + 1);
				t.d[i * 12 + t.len[i]++] = tp->hi[a];
			}
			t.word[i * 12 + t.len[i]] = (uint8_t)(2 * a);
			t.d[i * 12 + t.len[i]++] = tp->lo[a];
		}
		t.act[i] = action_id(fl, tp->action);
		t.order[i] = i;
	}
	qsort_r(t.order, t.n, sizeof(*t.order), row_cmp, &t);
	level(&t, 0, t.n, 0, action_id(fl, fl->def));
	free(t.len);
	free(t.word);
	free(t.d);
	free(t.act);
	free(t.order);
	return fl->nodes.n + fl->loads - before;
}

size_t insns_floor_count(struct insns_floor *fl, struct insns_worst *worst)
{
	size_t checks = 0, arch_checks = fl->n_arches + 1; /* + the load of the arch */
	bool x86_64 = false, x32 = false;

	for (size_t i = 0; i < fl->n_g; i++) {
		const struct group *g = &fl->g[i];
		size_t added;

		if (g->unmodelled || !g->n || nested(g))
			continue;
		added = model_group(fl, g);
		checks++;
		if (worst && added > worst->insns)
			*worst = (struct insns_worst){ g->rule, g->name, g->n, added };
	}
	for (size_t i = 0; i < fl->n_arches; i++) {
		x86_64 |= fl->arches[i] && fl->arches[i]->tok == SCMP_ARCH_X86_64;
		x32 |= fl->arches[i] && fl->arches[i]->tok == SCMP_ARCH_X32;
	}
	if (x86_64 && x32)
		arch_checks--;
	/* actions.n: the RETs; the default is among them once any group is. */
	return fl->nodes.n + fl->loads + fl->actions.n + checks + arch_checks;
}
