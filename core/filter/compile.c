/* Expanded profile -> libseccomp -> the program scfs loads.
 *
 * Order as runc and crun (profile-format.md 4): every arch before any rule,
 * rules in file order and names in order, a rule whose action equals the
 * default skipped, several conditions on one argument split into OR'ed
 * rules.  One libseccomp context is built per arch and they are merged:
 * libseccomp translates raw syscall numbers through the native arch's table,
 * so syscalls it does not know can be added by number only in a context
 * that holds the native arch alone. */
#include <errno.h>
#include <json-c/linkhash.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "compile_checks.h"
#include "enosys.h"
#include "insns.h"
#include "json_util.h"
#include "scfs/compile.h"
#include "scfs/kabi.h"
#include "scfs/newsys.h"
#include "scfs/sys.h"

#define BPF_MAX_INSNS 4096

const char *scfs_entry_status_string(enum scfs_entry_status s)
{
	switch (s) {
	case SCFS_ENTRY_ADDED:
		return "added";
	case SCFS_ENTRY_ADDED_BY_NUMBER:
		return "added by number (unknown to libseccomp)";
	case SCFS_ENTRY_SKIPPED_DEFAULT:
		return "skipped: action equals the default";
	case SCFS_ENTRY_NOT_ON_ARCH:
		return "not present on this arch";
	case SCFS_ENTRY_UNKNOWN:
		return "unknown syscall";
	case SCFS_ENTRY_NEWER_UNADDABLE:
		return "newer than libseccomp; addable by number on the native arch only";
	}
	return "?";
}

void scfs_compile_opts_init(struct scfs_compile_opts *o)
{
	*o = (struct scfs_compile_opts){ .optimize = true, .enosys = SCFS_ENOSYS_STUB };
}

struct compiler {
	const struct scfs_profile *p;
	const struct scfs_compile_opts *o;
	struct scfs_diag *d;
	struct scfs_filter *f;
	const struct scfs_arch_info **arches;
	size_t n_arches;
	size_t entries_cap;
	/* The (action, nr, conditions) libseccomp has taken into the current
	 * arch's context (see add_once). */
	struct lh_table *added;
	/* "name/conditions" -> struct first_rules, built at the first conflict. */
	struct lh_table *firsts;
	/* Set while the rules go to the size floor instead of libseccomp. */
	struct insns_floor *floor;
};

/* For one (name, conditions): the first rule that has them, and the first
 * after it with another action (SIZE_MAX if none). */
struct first_rules {
	size_t first, other;
};

static void add_entry(struct compiler *c, size_t rule, size_t name, const struct scfs_arch_info *a, int nr,
		      enum scfs_entry_status st)
{
	struct scfs_filter *f = c->f;

	if (f->n_entries == c->entries_cap) {
		c->entries_cap = c->entries_cap ? 2 * c->entries_cap : 256;
		f->entries = scfs_xrealloc(f->entries, c->entries_cap, sizeof(*f->entries));
	}
	f->entries[f->n_entries++] = (struct scfs_entry){ rule, name, a, nr, st };
}

static char *name_path(const struct scfs_rule *r, size_t j)
{
	return scfs_xasprintf("syscalls[%zu].names[%zu]", r->index, j);
}

static enum scmp_compare cmp_op(enum scfs_cmp c)
{
	static const enum scmp_compare map[_SCFS_CMP_MAX] = {
		[SCFS_CMP_NE] = SCMP_CMP_NE, [SCFS_CMP_LT] = SCMP_CMP_LT,
		[SCFS_CMP_LE] = SCMP_CMP_LE, [SCFS_CMP_EQ] = SCMP_CMP_EQ,
		[SCFS_CMP_GE] = SCMP_CMP_GE, [SCFS_CMP_GT] = SCMP_CMP_GT,
		[SCFS_CMP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
	};
	return map[c];
}

static struct scmp_arg_cmp to_cmp(const struct scfs_arg *a)
{
	return (struct scmp_arg_cmp){
		.arg = a->index,
		.op = cmp_op(a->op),
		.datum_a = a->value,
		.datum_b = a->op == SCFS_CMP_MASKED_EQ ? a->value_two : 0,
	};
}

/* One condition of a table key (at most COND_KEY_MAX bytes). */
#define COND_KEY_MAX 56
static int put_cond_key(char *k, unsigned arg, int op, uint64_t a, uint64_t b)
{
	return sprintf(k, "/%u,%d,%llx,%llx", arg, op, (unsigned long long)a, (unsigned long long)b);
}

/* @name and the conditions as libseccomp compares them (valueTwo only
 * matters for MASKED_EQ). */
static char *first_key(const struct scfs_rule *r, const char *name)
{
	char *key = scfs_xmalloc(strlen(name) + 24 + r->n_args * COND_KEY_MAX), *k = key;

	k += sprintf(k, "%s/%zu", name, r->n_args);
	for (size_t i = 0; i < r->n_args; i++) {
		const struct scfs_arg *a = &r->args[i];

		k += put_cond_key(k, a->index, (int)a->op, a->value, a->op == SCFS_CMP_MASKED_EQ ? a->value_two : 0);
	}
	return key;
}

/* One pass over every (rule, name): the table report_conflict looks in,
 * instead of scanning all earlier rules for each of thousands of conflicts. */
static void build_firsts(struct compiler *c)
{
	c->firsts = jtable_new_owning(1024);
	for (size_t k = 0; k < c->p->n_rules; k++) {
		const struct scfs_rule *o = &c->p->rules[k];

		for (size_t j = 0; j < o->n_names; j++) {
			char *key = first_key(o, o->names[j]);
			struct first_rules *fr;

			if (lh_table_lookup_ex(c->firsts, key, (void **)&fr)) {
				if (fr->other == SIZE_MAX && !scfs_action_equal(&c->p->rules[fr->first].action, &o->action))
					fr->other = k;
				free(key);
				continue;
			}
			fr = scfs_xmalloc(sizeof(*fr));
			*fr = (struct first_rules){ k, SIZE_MAX };
			if (lh_table_insert(c->firsts, key, fr) < 0)
				abort();
		}
	}
}

/* The first rule before @ri with @r's name @j and conditions and another
 * action, or SIZE_MAX. */
static size_t earlier_conflict(struct compiler *c, size_t ri, size_t j)
{
	const struct scfs_rule *r = &c->p->rules[ri];
	_cleanup_free_ char *key = first_key(r, r->names[j]);
	struct first_rules *fr;
	size_t k;

	if (!c->firsts)
		build_firsts(c);
	if (!lh_table_lookup_ex(c->firsts, key, (void **)&fr))
		return SIZE_MAX;
	k = !scfs_action_equal(&c->p->rules[fr->first].action, &r->action) ? fr->first : fr->other;
	return k < ri ? k : SIZE_MAX;
}

/* libseccomp's EEXIST names no culprit: find the earlier rule it met. */
static void report_conflict(struct compiler *c, size_t ri, size_t j)
{
	const struct scfs_rule *r = &c->p->rules[ri];
	_cleanup_free_ char *p = name_path(r, j);
	size_t k;

	/* The same conflict recurs in every arch's context: say it once. */
	for (size_t i = 0; i < c->d->n; i++)
		if (c->d->v[i].level == SCFS_DIAG_ERROR && strcmp(c->d->v[i].path, p) == 0)
			return;

	k = earlier_conflict(c, ri, j);
	if (k != SIZE_MAX) {
		scfs_diag_add_code(c->d, SCFS_DIAG_ERROR, SCFS_DIAG_CODE_CONFLICT, p,
				   "\"%s\" conflicts with syscalls[%zu]: same conditions, different action (libseccomp: EEXIST)",
				   r->names[j], c->p->rules[k].index);
		return;
	}
	scfs_diag_add_code(c->d, SCFS_DIAG_ERROR, SCFS_DIAG_CODE_CONFLICT, p,
			   "\"%s\" conflicts with an earlier rule (libseccomp: EEXIST)", r->names[j]);
}

/* seccomp_rule_add_array, once per (action, nr, conditions) in a context.
 * libseccomp walks what it holds for a syscall on every add, so a name
 * listed 100,000 times cost seconds; a repeat it has already taken leaves
 * its tree as it was, so skipping it keeps the program byte for byte.
 * Only adds that succeeded are remembered: a refused one (EEXIST) is tried,
 * and reported, again for each place it comes from. */
static int add_once(struct compiler *c, scmp_filter_ctx ctx, uint32_t action, int nr, unsigned n,
		    const struct scmp_arg_cmp *cmps, size_t ri, size_t j)
{
	char *key, *k;
	int rc;

	k = key = scfs_xmalloc(32 + (size_t)n * COND_KEY_MAX);
	k += sprintf(k, "%x/%d", action, nr);
	for (unsigned i = 0; i < n; i++)
		k += put_cond_key(k, cmps[i].arg, (int)cmps[i].op, cmps[i].datum_a, cmps[i].datum_b);
	if (!c->o->no_dedupe && lh_table_lookup_entry(c->added, key)) {
		free(key);
		return 0;
	}
	if (c->floor)
		rc = insns_floor_rule(c->floor, action, nr, n, cmps, ri, j);
	else
		rc = seccomp_rule_add_array(ctx, action, nr, n, cmps);
	if (rc == 0 && lh_table_insert(c->added, key, NULL) == 0)
		return 0;
	free(key);
	return rc;
}

static int add_rule(struct compiler *c, scmp_filter_ctx ctx, size_t ri, size_t j, uint32_t action, int nr)
{
	const struct scfs_rule *r = &c->p->rules[ri];
	struct scmp_arg_cmp cmps[64];
	int rc = 0;

	for (size_t i = 0; i < r->n_args; i++)
		cmps[i] = to_cmp(&r->args[i]);
	if (scfs_rule_index_repeats(r)) {
		/* libseccomp refuses two conditions on one argument in a rule;
		 * the runtimes split the entry, which ORs them. */
		for (size_t i = 0; i < r->n_args && rc == 0; i++)
			rc = add_once(c, ctx, action, nr, 1, &cmps[i], ri, j);
	} else {
		rc = add_once(c, ctx, action, nr, (unsigned)r->n_args, cmps, ri, j);
	}
	if (rc == -EEXIST && (c->o->skip_conflicts || c->floor)) {
		return 0;
	} else if (rc == -EEXIST) {
		report_conflict(c, ri, j);
	} else if (rc < 0) {
		_cleanup_free_ char *p = name_path(r, j);

		scfs_diag_add(c->d, SCFS_DIAG_ERROR, p, "libseccomp rejected the rule for \"%s\": %s", r->names[j],
			      strerror(-rc));
	}
	return rc;
}

/* On x86 and s390 the socket and SysV IPC calls exist twice: as direct
 * syscalls and behind the socketcall/ipc multiplexer.  libseccomp resolves
 * their names there to pseudo-numbers in these two ranges and, given such a
 * rule, writes it for both entry points (what the runtimes load).  Other
 * pseudo-numbers mean "not on this arch". */
static bool multiplexed(uint32_t tok, int pseudo)
{
	if (tok != SCMP_ARCH_X86 && tok != SCMP_ARCH_S390 && tok != SCMP_ARCH_S390X)
		return false;
	return (pseudo <= -100 && pseudo >= -120) || (pseudo <= -200 && pseudo >= -224);
}

/* The direct syscall number behind a multiplexed name on @tok, or -1
 * (accept, send, recv... have none).  libseccomp has no call for it, so
 * its number -> name table is read, once per arch and process (a
 * profile names some twenty such calls; each read walks the table). */
static int direct_number(uint32_t tok, const char *name)
{
	static uint32_t names_tok;
	static char *names[1024];

	if (names_tok != tok) {
		for (int n = 0; n < 1024; n++) {
			free(names[n]);
			names[n] = seccomp_syscall_resolve_num_arch(tok, n);
		}
		names_tok = tok;
	}
	for (int n = 0; n < 1024; n++)
		if (names[n] && strcmp(names[n], name) == 0)
			return n;
	return -1;
}

/* The syscall number of @name on @a, and how it can be added. */
static enum scfs_entry_status resolve(const struct scfs_arch_info *a, const char *name, int *nr,
				      bool libseccomp_names)
{
	uint32_t tok = scfs_arch_token(a);
	const struct scfs_newsys *ns;

	*nr = seccomp_syscall_resolve_name_arch(tok, name);
	if (*nr >= 0)
		return SCFS_ENTRY_ADDED;
	if (*nr != __NR_SCMP_ERROR && multiplexed(tok, *nr)) {
		*nr = direct_number(tok, name);
		return SCFS_ENTRY_ADDED;
	}
	if (*nr != __NR_SCMP_ERROR) {
		*nr = -1; /* a pseudo-number: exists on other arches only */
		return SCFS_ENTRY_NOT_ON_ARCH;
	}
	ns = libseccomp_names ? NULL : scfs_newsys_lookup(name);
	if (!ns)
		return SCFS_ENTRY_UNKNOWN;
	*nr = scfs_newsys_nr(ns, tok);
	if (*nr < 0)
		return SCFS_ENTRY_NOT_ON_ARCH;
	return tok == seccomp_arch_native() ? SCFS_ENTRY_ADDED_BY_NUMBER : SCFS_ENTRY_NEWER_UNADDABLE;
}

static uint32_t rule_action(struct compiler *c, const struct scfs_rule *r)
{
	uint32_t w = scfs_action_word(&r->action);

	return c->o->map_action ? c->o->map_action(c->o->userdata, r, w) : w;
}

static int compile_arch(struct compiler *c, scmp_filter_ctx ctx, const struct scfs_arch_info *a)
{
	uint32_t def = scfs_action_word(&c->p->default_action);
	int rc = 0;

	for (size_t ri = 0; ri < c->p->n_rules; ri++) {
		const struct scfs_rule *r = &c->p->rules[ri];
		uint32_t w = rule_action(c, r);
		/* Skipping is decided on the profile's own actions, so a remapped
		 * variant keeps exactly the rules the real filter has. */
		bool equal_default = scfs_action_word(&r->action) == def;

		for (size_t j = 0; j < r->n_names; j++) {
			int nr;
			enum scfs_entry_status st = resolve(a, r->names[j], &nr, c->o->libseccomp_names);
			bool addable = st == SCFS_ENTRY_ADDED || st == SCFS_ENTRY_ADDED_BY_NUMBER;

			if (addable && equal_default)
				st = SCFS_ENTRY_SKIPPED_DEFAULT;
			if (!c->floor)
				add_entry(c, ri, j, a, st == SCFS_ENTRY_NEWER_UNADDABLE ? -1 : nr, st);
			if (st == SCFS_ENTRY_ADDED)
				/* by the native number: libseccomp maps it to this arch */
				rc = add_rule(c, ctx, ri, j, w, seccomp_syscall_resolve_name(r->names[j]));
			else if (st == SCFS_ENTRY_ADDED_BY_NUMBER)
				rc = add_rule(c, ctx, ri, j, w, nr);
			if (rc == -EEXIST || rc == -EINVAL)
				rc = 0; /* reported; keep going to find the other errors */
			else if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* Report names, once per (rule, name), that no arch could take. */
static void report_names(struct compiler *c)
{
	struct scfs_filter *f = c->f;

	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &c->p->rules[e->rule];
		_cleanup_free_ char *p = NULL;

		if (e->arch != c->arches[0])
			continue; /* one report per (rule, name): the primary arch's */
		p = name_path(r, e->name);
		if (e->status == SCFS_ENTRY_UNKNOWN && c->o->libseccomp_names && scfs_newsys_lookup(r->names[e->name])) {
			scfs_diag_add(c->d, SCFS_DIAG_NOTE, p,
				      "\"%s\" is unknown to libseccomp %u.%u.%u: skipped, as crun and runc skip it (the default action decides it)",
				      r->names[e->name], seccomp_version()->major, seccomp_version()->minor,
				      seccomp_version()->micro);
		} else if (e->status == SCFS_ENTRY_UNKNOWN) {
			scfs_diag_add(c->d, c->o->strict ? SCFS_DIAG_ERROR : SCFS_DIAG_WARNING, p,
				      "unknown syscall \"%s\"%s (libseccomp %u.%u.%u and scfs's table do not know it)",
				      r->names[e->name], c->o->strict ? "" : " skipped", seccomp_version()->major,
				      seccomp_version()->minor, seccomp_version()->micro);
		} else if (resolve(c->arches[0], r->names[e->name], &(int){ 0 }, c->o->libseccomp_names) ==
				   SCFS_ENTRY_ADDED_BY_NUMBER &&
			   c->n_arches > 1) {
			const struct scfs_newsys *ns = scfs_newsys_lookup(r->names[e->name]);

			scfs_diag_add(c->d, SCFS_DIAG_NOTE, p,
				      "\"%s\" (Linux %u.%u) is unknown to libseccomp: added by number on %s only; other arches give it the default action",
				      r->names[e->name], ns->since.major, ns->since.minor, c->arches[0]->scmp_name);
		}
	}
}

/* Whether entry @e raises its arch's stub threshold.  runc finds the
 * highest number by resolving every name on the arch with libseccomp, so
 * a multiplexed name (a pseudo-number there) does not count; names unknown
 * to libseccomp that scfs adds by number do (a deliberate difference,
 * README "Choices"), or the calls scfs adds would get ENOSYS. */
static bool raises_stub(const struct scfs_entry *e, const struct scfs_rule *r)
{
	if (e->nr <= 0)
		return false;
	if (e->status == SCFS_ENTRY_ADDED_BY_NUMBER)
		return true;
	if (e->status != SCFS_ENTRY_ADDED && e->status != SCFS_ENTRY_SKIPPED_DEFAULT)
		return false;
	return seccomp_syscall_resolve_name_arch(scfs_arch_token(e->arch), r->names[e->name]) >= 0;
}

/* runc's model: one threshold per arch the profile lists (none when it
 * lists none), from the names of every rule whatever its action. */
static void compute_stub(struct compiler *c)
{
	const struct scfs_profile *p = c->p;
	struct scfs_filter *f = c->f;
	uint32_t def = f->default_action & SECCOMP_RET_ACTION_FULL;

	/* No stub where unlisted calls are allowed anyway (runc's rule). */
	if (c->o->enosys == SCFS_ENOSYS_NONE || def == SCMP_ACT_ALLOW || def == SCMP_ACT_LOG ||
	    def == (SCMP_ACT_TRACE(0) & SECCOMP_RET_ACTION_FULL) || def == SCMP_ACT_NOTIFY || !p->n_arches)
		return;
	f->stub = scfs_xcalloc(p->n_arches, sizeof(*f->stub));
	for (size_t i = 0; i < p->n_arches; i++) {
		bool dup = false;

		for (size_t k = 0; k < f->n_stub; k++)
			dup |= f->stub[k].arch == p->arches[i];
		if (!dup)
			f->stub[f->n_stub++] = (struct scfs_stub_arch){ p->arches[i], -1 };
	}
	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];

		if (!raises_stub(e, &p->rules[e->rule]))
			continue;
		for (size_t k = 0; k < f->n_stub; k++)
			if (f->stub[k].arch == e->arch && e->nr > f->stub[k].max_nr)
				f->stub[k].max_nr = e->nr;
	}
}

/* The primary (host) arch first, then the profile's, without repeats. */
static int collect_arches(struct compiler *c)
{
	const struct scfs_profile *p = c->p;
	int rc = 0;

	c->arches = scfs_xcalloc(p->n_arches + 1, sizeof(*c->arches));
	c->arches[c->n_arches++] = p->host_arch;
	for (size_t i = 0; i < p->n_arches; i++) {
		bool dup = false;

		for (size_t k = 0; k < c->n_arches; k++)
			dup |= c->arches[k] == p->arches[i];
		if (dup)
			continue;
		if (!scfs_arch_token(p->arches[i])) {
			/* After expansion the list may have come from archMap. */
			_cleanup_free_ char *path = p->arches_from_archmap ? scfs_xstrdup("archMap")
									   : scfs_xasprintf("architectures[%zu]", i);

			scfs_diag_add(c->d, SCFS_DIAG_ERROR, path, "%s%s%s%s is not supported by libseccomp %u.%u.%u",
				      p->arches[i]->oci, p->arches_from_archmap ? " (in the entry for " : "",
				      p->arches_from_archmap ? p->host_arch->oci : "", p->arches_from_archmap ? ")" : "",
				      seccomp_version()->major,
				      seccomp_version()->minor, seccomp_version()->micro);
			rc = -EINVAL;
			continue;
		}
		c->arches[c->n_arches++] = p->arches[i];
	}
	if (!scfs_arch_token(p->host_arch)) {
		scfs_diag_add(c->d, SCFS_DIAG_ERROR, "", "host arch %s is not supported by the linked libseccomp",
			      p->host_arch->oci);
		rc = -EINVAL;
	}
	return rc;
}

static scmp_filter_ctx new_ctx(struct compiler *c, const struct scfs_arch_info *a)
{
	uint32_t tok = scfs_arch_token(a);
	scmp_filter_ctx ctx = seccomp_init(c->f->default_action);

	if (!ctx)
		return NULL;
	if (tok != seccomp_arch_native()) {
		/* Native out first: libseccomp refuses (EDOM) to hold arches of
		 * different endianness together. */
		if (seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE) < 0 || seccomp_arch_add(ctx, tok) < 0) {
			seccomp_release(ctx);
			return NULL;
		}
	}
	if (c->o->optimize)
		(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	return ctx;
}

static int export_prog(struct compiler *c)
{
	struct scfs_filter *f = c->f;
	_cleanup_close_ int fd = memfd_create("scfs-bpf", MFD_CLOEXEC);
	_cleanup_free_ struct sock_filter *stub = NULL;
	struct stat st;
	size_t n;
	int rc;

	if (fd < 0)
		return -errno;
	rc = seccomp_export_bpf(f->ctx, fd);
	if (rc < 0)
		return rc;
	if (fstat(fd, &st) < 0)
		return -errno;
	f->stub_len = enosys_stub_build(f->stub, f->n_stub, SCMP_ACT_ERRNO(ENOSYS), &stub);
	n = (size_t)st.st_size / sizeof(struct sock_filter);
	f->prog_len = f->stub_len + n;
	f->prog = scfs_xcalloc(f->prog_len, sizeof(*f->prog));
	if (f->stub_len)
		memcpy(f->prog, stub, f->stub_len * sizeof(*stub));
	if (pread(fd, f->prog + f->stub_len, n * sizeof(*f->prog), 0) != (ssize_t)(n * sizeof(*f->prog)))
		return -EIO;
	if (f->prog_len > BPF_MAX_INSNS && !c->o->no_size_limit) {
		scfs_diag_add(c->d, SCFS_DIAG_ERROR, "", "the filter has %zu instructions; the kernel takes at most %d",
			      f->prog_len, BPF_MAX_INSNS);
		return -EINVAL;
	}
	return 0;
}

/* An upper bound of the size floor (insns.c): on each arch a condition of
 * a rule name is at most two nodes counted twice, and each of the name's
 * adds (one per condition when they are split) at most one RET and one
 * syscall check; then the default's RET, the arch checks and the load.
 * Spares the floor's pass where it cannot reach the limit. */
static bool floor_may_exceed(const struct compiler *c)
{
	size_t est = 0;

	for (size_t i = 0; i < c->p->n_rules && est <= BPF_MAX_INSNS; i++)
		if (c->p->rules[i].n_args)
			est += c->p->rules[i].n_names * (6 * c->p->rules[i].n_args + 2);
	return est > BPF_MAX_INSNS || est * c->n_arches + c->n_arches + 2 > BPF_MAX_INSNS;
}

/* The floor under libseccomp's program: every rule goes the way it would
 * go to libseccomp, into the model instead. */
static size_t floor_pass(struct compiler *c, struct insns_worst *w)
{
	size_t n;

	c->floor = insns_floor_new(c->f->default_action);
	for (size_t i = 0; i < c->n_arches; i++) {
		insns_floor_arch(c->floor, scfs_arch_token(c->arches[i]));
		c->added = jtable_new(256);
		(void)compile_arch(c, NULL, c->arches[i]);
		lh_table_free(c->added);
		c->added = NULL;
	}
	n = insns_floor_count(c->floor, w);
	insns_floor_free(c->floor);
	c->floor = NULL;
	return n;
}

/* A program that cannot fit is refused before libseccomp takes seconds
 * or minutes to build it (the time grows with the square of the rules
 * on one syscall and of the program). */
static int check_floor(struct compiler *c)
{
	struct insns_worst w = { 0 };
	_cleanup_free_ char *path = NULL;
	const struct scfs_rule *r;
	size_t n;

	if (!c->o->floor_out && (c->o->no_size_limit || !floor_may_exceed(c)))
		return 0;
	n = floor_pass(c, &w);
	if (c->o->floor_out)
		*c->o->floor_out = n;
	if (c->o->no_size_limit || n <= BPF_MAX_INSNS || !w.insns)
		return 0;
	r = &c->p->rules[w.rule];
	path = scfs_xasprintf("syscalls[%zu].args", r->index);
	scfs_diag_add(c->d, SCFS_DIAG_ERROR, path,
		      "the filter needs at least %zu instructions (%zu for the %zu argument rules on \"%s\" from here on); the kernel takes at most %d",
		      n, w.insns, w.rules, r->names[w.name], BPF_MAX_INSNS);
	return -EINVAL;
}

static int compile_all(struct compiler *c)
{
	struct scfs_filter *f = c->f;
	int rc;

	rc = compile_check_errno_range(c->p, c->d);
	if (rc < 0)
		return rc;

	rc = collect_arches(c);
	if (rc < 0)
		return rc;
	rc = compile_check_notify(c->p, c->d);
	if (rc < 0)
		return rc;
	rc = check_floor(c);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < c->n_arches; i++) {
		scmp_filter_ctx ctx = new_ctx(c, c->arches[i]);

		if (!ctx) {
			scfs_diag_add(c->d, SCFS_DIAG_ERROR, "defaultAction", "libseccomp refused the default action %s",
				      scfs_action_to_string(c->p->default_action.kind));
			return -EINVAL;
		}
		c->added = jtable_new(256);
		rc = compile_arch(c, ctx, c->arches[i]);
		lh_table_free(c->added);
		c->added = NULL;
		if (rc == 0 && f->ctx)
			rc = seccomp_merge(f->ctx, ctx);
		else if (rc == 0)
			f->ctx = ctx;
		if (rc < 0) {
			seccomp_release(ctx);
			scfs_diag_add(c->d, SCFS_DIAG_ERROR, "", "libseccomp failed to build the %s filter: %s",
				      c->arches[i]->scmp_name, strerror(-rc));
			return rc;
		}
	}
	report_names(c);
	if (scfs_diag_failed(c->d))
		return -EINVAL;
	compute_stub(c);
	return export_prog(c);
}

int scfs_compile(const struct scfs_profile *p, const struct scfs_compile_opts *o, struct scfs_filter **ret,
		 struct scfs_diag *diag)
{
	struct scfs_compile_opts defaults;
	struct compiler c = { .p = p, .o = o, .d = diag };
	int rc;

	if (!o) {
		scfs_compile_opts_init(&defaults);
		c.o = &defaults;
	}
	if (!p->expanded || !p->host_arch)
		return -EINVAL;
	if (scfs_profile_disables_seccomp(p)) {
		scfs_diag_add(diag, SCFS_DIAG_ERROR, "",
			      "no defaultAction and no syscalls: the profile disables seccomp, there is no filter to build");
		return -EINVAL;
	}
	c.f = scfs_xcalloc(1, sizeof(*c.f));
	c.f->profile = p;
	c.f->default_action = scfs_action_word(&p->default_action);
	if (c.o->map_default)
		c.f->default_action = c.o->map_default(c.o->userdata, c.f->default_action);
	/* flags absent: both runtimes default to SPEC_ALLOW; [] means none. */
	c.f->flags = p->has_flags ? p->flags : SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	c.f->libseccomp_names = c.o->libseccomp_names;
	compile_check_flags(p, c.f->flags, diag);
	rc = compile_all(&c);
	free(c.arches);
	if (c.firsts)
		lh_table_free(c.firsts);
	if (rc < 0) {
		scfs_filter_free(c.f);
		return rc == -EEXIST ? -EINVAL : rc;
	}
	*ret = c.f;
	return 0;
}

struct scfs_filter *scfs_filter_free(struct scfs_filter *f)
{
	if (!f)
		return NULL;
	if (f->ctx)
		seccomp_release(f->ctx);
	free(f->entries);
	free(f->stub);
	free(f->prog);
	if (f->map)
		munmap(f->map, f->map_len);
	free(f);
	return NULL;
}

size_t scfs_filter_count(const struct scfs_filter *f, enum scfs_entry_status s)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n_entries; i++)
		n += f->entries[i].status == s;
	return n;
}

int scfs_filter_write_bpf(const struct scfs_filter *f, int fd)
{
	return scfs_write_all(fd, f->prog, f->prog_len * sizeof(*f->prog));
}

int scfs_filter_write_pfc(const struct scfs_filter *f, int fd)
{
	_cleanup_free_ char *head = NULL;
	size_t len = 0;
	FILE *m;
	int r;

	m = open_memstream(&head, &len);
	if (!m)
		return -errno;
	fprintf(m, "#\n# scfs: %zu instructions loaded (%zu of ENOSYS stub, then libseccomp's program)\n#\n",
		f->prog_len, f->stub_len);
	if (f->n_stub) {
		fprintf(m, "# ENOSYS stub: calls numbered above the highest one the profile names\n");
		for (size_t i = 0; i < f->n_stub; i++)
			if (f->stub[i].max_nr >= 0)
				fprintf(m, "#   %-12s syscall > %d -> ERRNO(38)\n", f->stub[i].arch->scmp_name,
					f->stub[i].max_nr);
	} else {
		fprintf(m, "# no ENOSYS stub\n");
	}
	fclose(m);
	r = scfs_write_all(fd, head, len);
	if (r < 0)
		return r;
	if (!f->ctx)
		return f->pfc ? scfs_write_all(fd, f->pfc, f->pfc_len) : -ENODATA;
	return seccomp_export_pfc(f->ctx, fd);
}
