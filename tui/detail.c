/* The detail view's text (sctui_model_detail): everything the profile
 * says about one syscall, with argument values shown by name where the
 * kernel gives them names. */
#include <linux/sched.h>
#include <sched.h>
#include <stdarg.h>
#include <sys/personality.h>
#include <sys/socket.h>

#include "model.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct bufs {
	char *s;
	size_t len, cap;
};

static void put(struct bufs *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct bufs *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = scfs_xrealloc(b->s, b->cap, 1);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

struct bit_name {
	uint64_t bit;
	const char *name;
};

static const struct bit_name clone_bits[] = {
	{ CLONE_NEWTIME, "CLONE_NEWTIME" },
	{ CLONE_VM, "CLONE_VM" },
	{ CLONE_FS, "CLONE_FS" },
	{ CLONE_FILES, "CLONE_FILES" },
	{ CLONE_SIGHAND, "CLONE_SIGHAND" },
	{ CLONE_PIDFD, "CLONE_PIDFD" },
	{ CLONE_PTRACE, "CLONE_PTRACE" },
	{ CLONE_VFORK, "CLONE_VFORK" },
	{ CLONE_PARENT, "CLONE_PARENT" },
	{ CLONE_THREAD, "CLONE_THREAD" },
	{ CLONE_NEWNS, "CLONE_NEWNS" },
	{ CLONE_SYSVSEM, "CLONE_SYSVSEM" },
	{ CLONE_SETTLS, "CLONE_SETTLS" },
	{ CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID" },
	{ CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID" },
	{ CLONE_DETACHED, "CLONE_DETACHED" },
	{ CLONE_UNTRACED, "CLONE_UNTRACED" },
	{ CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID" },
	{ CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
	{ CLONE_NEWUTS, "CLONE_NEWUTS" },
	{ CLONE_NEWIPC, "CLONE_NEWIPC" },
	{ CLONE_NEWUSER, "CLONE_NEWUSER" },
	{ CLONE_NEWPID, "CLONE_NEWPID" },
	{ CLONE_NEWNET, "CLONE_NEWNET" },
	{ CLONE_IO, "CLONE_IO" },
};

static const struct bit_name families[] = {
	{ AF_UNSPEC, "AF_UNSPEC" },       { AF_UNIX, "AF_UNIX" },         { AF_INET, "AF_INET" },
	{ AF_AX25, "AF_AX25" },           { AF_IPX, "AF_IPX" },           { AF_APPLETALK, "AF_APPLETALK" },
	{ AF_NETROM, "AF_NETROM" },       { AF_BRIDGE, "AF_BRIDGE" },     { AF_ATMPVC, "AF_ATMPVC" },
	{ AF_X25, "AF_X25" },             { AF_INET6, "AF_INET6" },       { AF_ROSE, "AF_ROSE" },
	{ AF_DECnet, "AF_DECnet" },       { AF_NETBEUI, "AF_NETBEUI" },   { AF_SECURITY, "AF_SECURITY" },
	{ AF_KEY, "AF_KEY" },             { AF_NETLINK, "AF_NETLINK" },   { AF_PACKET, "AF_PACKET" },
	{ AF_ASH, "AF_ASH" },             { AF_ECONET, "AF_ECONET" },     { AF_ATMSVC, "AF_ATMSVC" },
	{ AF_RDS, "AF_RDS" },             { AF_SNA, "AF_SNA" },           { AF_IRDA, "AF_IRDA" },
	{ AF_PPPOX, "AF_PPPOX" },         { AF_WANPIPE, "AF_WANPIPE" },   { AF_LLC, "AF_LLC" },
	{ AF_IB, "AF_IB" },               { AF_MPLS, "AF_MPLS" },         { AF_CAN, "AF_CAN" },
	{ AF_TIPC, "AF_TIPC" },           { AF_BLUETOOTH, "AF_BLUETOOTH" }, { AF_IUCV, "AF_IUCV" },
	{ AF_RXRPC, "AF_RXRPC" },         { AF_ISDN, "AF_ISDN" },         { AF_PHONET, "AF_PHONET" },
	{ AF_IEEE802154, "AF_IEEE802154" }, { AF_CAIF, "AF_CAIF" },       { AF_ALG, "AF_ALG" },
	{ AF_NFC, "AF_NFC" },             { AF_VSOCK, "AF_VSOCK" },       { AF_KCM, "AF_KCM" },
	{ AF_QIPCRTR, "AF_QIPCRTR" },     { AF_SMC, "AF_SMC" },           { 44, "AF_XDP" },
	{ 45, "AF_MCTP" },
};

static const struct bit_name personalities[] = {
	{ PER_LINUX, "PER_LINUX" },
	{ PER_LINUX32, "PER_LINUX32" },
	{ UNAME26, "UNAME26" },
	{ UNAME26 | PER_LINUX32, "UNAME26|PER_LINUX32" },
	{ PER_LINUX | ADDR_NO_RANDOMIZE, "PER_LINUX|ADDR_NO_RANDOMIZE" },
	{ 0xffffffffu, "0xffffffff (query the current persona)" },
};

enum decoder { DEC_NONE, DEC_CLONE_FLAGS, DEC_FAMILY, DEC_PERSONALITY };

/* How argument @index of @syscall is read.  clone's flags are argument 0,
 * but argument 1 on s390, where the first two are swapped; both are
 * decoded as flags since a rule does not say which arch it is for. */
static enum decoder decoder_for(const char *syscall, unsigned index)
{
	if (strcmp(syscall, "clone") == 0 && index <= 1)
		return DEC_CLONE_FLAGS;
	if (strcmp(syscall, "unshare") == 0 && index == 0)
		return DEC_CLONE_FLAGS;
	if (strcmp(syscall, "setns") == 0 && index == 1)
		return DEC_CLONE_FLAGS;
	if ((strcmp(syscall, "socket") == 0 || strcmp(syscall, "socketpair") == 0) && index == 0)
		return DEC_FAMILY;
	if (strcmp(syscall, "personality") == 0 && index == 0)
		return DEC_PERSONALITY;
	return DEC_NONE;
}

/* " CLONE_NEWNS|CLONE_NEWUTS", " AF_VSOCK" etc., or nothing when no name
 * is known. */
static void symbolic(struct bufs *b, enum decoder dec, uint64_t v)
{
	const struct bit_name *t = NULL;
	size_t n = 0;

	switch (dec) {
	case DEC_CLONE_FLAGS: {
		uint64_t rest = v;
		bool first = true;

		if (v == 0)
			return;
		put(b, " ");
		for (size_t i = 0; i < ELEMENTSOF(clone_bits); i++)
			if ((v & clone_bits[i].bit) == clone_bits[i].bit) {
				put(b, "%s%s", first ? "" : "|", clone_bits[i].name);
				rest &= ~clone_bits[i].bit;
				first = false;
			}
		if (rest)
			put(b, "%s0x%llx", first ? "" : "|", (unsigned long long)rest);
		return;
	}
	case DEC_FAMILY:
		t = families;
		n = ELEMENTSOF(families);
		break;
	case DEC_PERSONALITY:
		t = personalities;
		n = ELEMENTSOF(personalities);
		break;
	default:
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (t[i].bit == v) {
			put(b, " %s", t[i].name);
			return;
		}
}

/* One condition per line with the symbolic name of its value, as in
 * "arg0 SCMP_CMP_GT 40 (0x28 = AF_VSOCK)"; a mask's flags, which get long,
 * go on lines of their own. */
static void put_arg(struct bufs *b, const char *syscall, const struct scfs_arg *a)
{
	enum decoder dec = decoder_for(syscall, a->index);
	const char *op = scfs_cmp_to_string(a->op);
	struct bufs sym = { 0 };

	put(&sym, "%s", "");
	if (a->op != SCFS_CMP_MASKED_EQ) {
		symbolic(&sym, dec, a->value);
		put(b, "    arg%u %s %llu (0x%llx%s%s)\n", a->index, op ? op : "?", (unsigned long long)a->value,
		    (unsigned long long)a->value, sym.len ? " =" : "", sym.s);
		free(sym.s);
		return;
	}
	put(b, "    arg%u & 0x%llx == 0x%llx (%s)\n", a->index, (unsigned long long)a->value,
	    (unsigned long long)a->value_two, op);
	symbolic(&sym, dec, a->value);
	if (sym.len)
		put(b, "      0x%llx =%s\n", (unsigned long long)a->value, sym.s);
	sym.len = 0;
	symbolic(&sym, dec, a->value_two);
	if (sym.len)
		put(b, "      0x%llx =%s\n", (unsigned long long)a->value_two, sym.s);
	free(sym.s);
}

static void put_cond(struct bufs *b, const char *what, const struct scfs_cond *c)
{
	if (!c->present || (!c->n_arches && !c->n_caps && !c->has_min_kernel))
		return;
	put(b, "  %s:", what);
	if (c->n_arches) {
		put(b, " arches");
		for (size_t i = 0; i < c->n_arches; i++)
			put(b, "%s%s", i ? "," : " ", c->arches[i]);
		put(b, ";");
	}
	if (c->n_caps) {
		put(b, " caps");
		for (size_t i = 0; i < c->n_caps; i++)
			put(b, "%s%s", i ? "," : " ", c->caps[i]);
		put(b, ";");
	}
	if (c->has_min_kernel)
		put(b, " minKernel %u.%u;", c->min_kernel.major, c->min_kernel.minor);
	put(b, "\n");
}

static void put_action(struct bufs *b, const struct scfs_action *a)
{
	put(b, "%s", scfs_action_to_string(a->kind) ? scfs_action_to_string(a->kind) : "?");
	if (scfs_action_takes_data(a->kind)) {
		const char *en = a->kind == SCFS_ACT_ERRNO ? scfs_errno_name((int)a->data) : NULL;

		put(b, " %u%s%s%s", a->data, en ? " (" : "", en ? en : "", en ? ")" : "");
	}
}

/* Whether an earlier condition of @sr is on the argument of condition @k. */
static bool arg_seen(const struct scfs_rule *sr, size_t k)
{
	for (size_t j = 0; j < k; j++)
		if (sr->args[j].index == sr->args[k].index)
			return true;
	return false;
}

/* A rule's conditions as the filter applies them: the runtimes compile
 * each condition on an argument that already has one as a rule of its own
 * (scfs_verdict, core/verdict/verdict.c), so conditions on one argument
 * are alternatives (any one holds) and different arguments must all hold.
 * Grouped by argument, in the order the arguments first appear. */
static void put_args(struct bufs *b, const char *name, const struct scfs_rule *sr)
{
	bool shared = false;

	for (size_t k = 0; k < sr->n_args; k++)
		shared |= arg_seen(sr, k);
	if (!sr->n_args)
		return;
	if (!shared) {
		put(b, "  when%s:\n", sr->n_args == 1 ? "" : " all of");
		for (size_t k = 0; k < sr->n_args; k++)
			put_arg(b, name, &sr->args[k]);
		return;
	}
	put(b, "  when each argument below matches one of its conditions (conditions on the\n"
	       "  same argument are OR'ed, as crun and runc compile them; arguments AND'ed):\n");
	for (size_t k = 0; k < sr->n_args; k++) {
		size_t n = 0;

		if (arg_seen(sr, k))
			continue;
		for (size_t j = k; j < sr->n_args; j++)
			n += sr->args[j].index == sr->args[k].index;
		if (n > 1)
			put(b, "   arg%u, any of:\n", sr->args[k].index);
		for (size_t j = k; j < sr->n_args; j++)
			if (sr->args[j].index == sr->args[k].index)
				put_arg(b, name, &sr->args[j]);
	}
}

/* One rule of the document that names the row's syscall. */
static void put_rule(struct bufs *b, const struct sctui_model *m, const char *name, const struct scfs_rule *sr)
{
	enum scfs_drop_reason why = scfs_rule_evaluate(sr, &m->host);

	put(b, "\nsyscalls[%zu]  ", sr->index);
	put_action(b, &sr->action);
	if (why == SCFS_KEEP)
		put(b, "  (applies on this host)\n");
	else
		put(b, "  (dropped on this host: %s)\n", scfs_drop_reason_string(why));
	if (sr->comment && *sr->comment)
		put(b, "  comment: %s\n", sr->comment);
	if (sr->n_names == 1) {
		put(b, "  names: only this one\n");
	} else if (sr->n_names <= 8) {
		put(b, "  names:");
		for (size_t k = 0; k < sr->n_names; k++)
			put(b, " %s", sr->names[k]);
		put(b, "\n");
	} else {
		put(b, "  names: %zu\n", sr->n_names);
	}
	put_args(b, name, sr);
	put_cond(b, "includes", &sr->includes);
	put_cond(b, "excludes", &sr->excludes);
}

/* What the row's syscall is and what the profile answers for it. */
static void put_verdict(struct bufs *b, const struct sctui_model *m, const struct sctui_row *r)
{
	const struct scfs_arch_info *arch = sctui_model_arch(m, m->arch);
	char act[48], rule[32], nr[24];

	put(b, "%s: syscall %s on %s", r->name, sctui_nr_label(m, r->nr, nr, sizeof(nr)), arch ? arch->scmp_name : "?");
	if (r->newsys)
		put(b, ", since Linux %u.%u (scfs's table: libseccomp does not know it)", r->newsys->since.major,
		    r->newsys->since.minor);
	put(b, "\n");
	put(b, "Groups:");
	if (!r->groups)
		put(b, " none");
	for (int g = 0; g < _SCFS_GROUP_MAX; g++)
		if (r->groups & (1u << g))
			put(b, " %s", scfs_group_name(g));
	put(b, "\n\n");
	put(b, "With all arguments 0: %s, decided by %s\n", sctui_action_label(r->action, act, sizeof(act)),
	    r->rule == SCTUI_RULE_DEFAULT ? "the default action" : sctui_rule_label(r->rule, rule, sizeof(rule)));
	if (r->conditional)
		put(b, "Rules with argument conditions name it: other arguments can get another action.\n");
	if (r->changed)
		put(b, "Edited: as loaded it was %s (%s)%s\n", sctui_action_label(r->orig_action, act, sizeof(act)),
		    sctui_rule_label(r->orig_rule, rule, sizeof(rule)), r->orig_conditional ? ", conditional" : "");
	if (r->changed && r->action == r->orig_action && r->conditional == r->orig_conditional)
		put(b, "The same here, not everywhere: another arch of the profile, or a capability set, kernel or\n"
		       "native arch its rules' includes/excludes name, gets another answer (scfs diff --caps none\n"
		       "and --caps all show it).\n");
	if (r->hits)
		put(b, "This run: %llu calls counted, %llu denied\n", (unsigned long long)r->hits,
		    (unsigned long long)r->denials);
}

char *sctui_model_detail(const struct sctui_model *m, size_t row)
{
	const struct sctui_row *r;
	struct bufs b = { 0 };
	size_t n_rules = 0;

	put(&b, "%s", "");
	if (row >= m->n_rows)
		return b.s;
	r = &m->rows[row];
	put_verdict(&b, m, r);
	put(&b, "Default action: ");
	if (m->src->has_default_action)
		put_action(&b, &m->src->default_action);
	else
		put(&b, "none");
	put(&b, "\n\nRules in the document that name %s:\n", r->name);
	for (size_t i = 0; i < m->src->n_rules; i++) {
		const struct scfs_rule *sr = &m->src->rules[i];
		bool names_it = false;

		for (size_t j = 0; j < sr->n_names && !names_it; j++)
			names_it = strcmp(sr->names[j], r->name) == 0;
		if (names_it) {
			n_rules++;
			put_rule(&b, m, r->name, sr);
		}
	}
	if (n_rules == 0)
		put(&b, "  none: the default action applies\n");
	return b.s;
}
