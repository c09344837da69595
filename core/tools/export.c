/* systemd and Security Profiles Operator forms of a profile. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdarg.h>

#include "export_sd.h"
#include "scfs/diff.h"
#include "scfs/escape.h"
#include "scfs/export.h"
#include "scfs/observe.h"

static const char *const format_names[_SCFS_EXPORT_MAX] = {
	[SCFS_EXPORT_OCI] = "oci",	   [SCFS_EXPORT_DOCKER] = "docker", [SCFS_EXPORT_BPF] = "bpf",
	[SCFS_EXPORT_PFC] = "pfc",	   [SCFS_EXPORT_SYSTEMD] = "systemd", [SCFS_EXPORT_SPO] = "spo",
};

enum scfs_export_format scfs_export_format_from_string(const char *s)
{
	for (size_t i = 0; i < _SCFS_EXPORT_MAX; i++)
		if (strcmp(format_names[i], s) == 0)
			return (enum scfs_export_format)i;
	return _SCFS_EXPORT_INVALID;
}

const char *scfs_export_format_to_string(enum scfs_export_format f)
{
	return (unsigned)f < _SCFS_EXPORT_MAX ? format_names[f] : NULL;
}

static FILE *memstream(char **buf, size_t *len)
{
	FILE *m = open_memstream(buf, len);

	if (!m)
		abort();
	return m;
}

/* ---- systemd ---- */

/* systemd's names for the arches (systemd.unit(5), ConditionArchitecture=). */
static const char *systemd_arch(const struct scfs_arch_info *a)
{
	static const struct {
		const char *scmp, *systemd;
	} map[] = {
		{ "x86", "x86" },	  { "x86_64", "x86-64" },	  { "x32", "x32" },
		{ "arm", "arm" },	  { "aarch64", "arm64" },	  { "mips", "mips" },
		{ "mipsel", "mips-le" },  { "mips64", "mips64" },	  { "mipsel64", "mips64-le" },
		{ "mips64n32", "mips64-n32" }, { "mipsel64n32", "mips64-le-n32" }, { "ppc", "ppc" },
		{ "ppc64", "ppc64" },	  { "ppc64le", "ppc64-le" },	  { "s390", "s390" },
		{ "s390x", "s390x" },	  { "parisc", "parisc" },	  { "parisc64", "parisc64" },
		{ "riscv64", "riscv64" }, { "loongarch64", "loongarch64" },
	};

	for (size_t i = 0; i < ELEMENTSOF(map); i++)
		if (strcmp(map[i].scmp, a->scmp_name) == 0)
			return map[i].systemd;
	return NULL;
}

/* One syscall name and what the profile does with it on every arch. */
struct sysname {
	const char *name;
	const struct scfs_decision **d;
	size_t n;
};

struct names {
	struct sysname *v;
	size_t n;
};

static void names_add(struct names *ns, const struct scfs_decision *d)
{
	struct sysname *s = NULL;

	for (size_t i = 0; i < ns->n && !s; i++)
		if (strcmp(ns->v[i].name, d->name) == 0)
			s = &ns->v[i];
	if (!s) {
		ns->v = scfs_xrealloc(ns->v, ns->n + 1, sizeof(*ns->v));
		s = &ns->v[ns->n++];
		*s = (struct sysname){ .name = d->name };
	}
	s->d = scfs_xrealloc(s->d, s->n + 1, sizeof(*s->d));
	s->d[s->n++] = d;
}

static int cmp_sysname(const void *x, const void *y)
{
	return strcmp(((const struct sysname *)x)->name, ((const struct sysname *)y)->name);
}

static void names_done(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i].d);
	free(ns->v);
}

/* Every named syscall of the filter, by name, over all its arches. */
static void names_collect(const struct scfs_decisions *ds, struct names *ns)
{
	*ns = (struct names){ 0 };
	for (size_t i = 0; i < ds->n; i++)
		names_add(ns, &ds->v[i]);
	if (ns->n)
		qsort(ns->v, ns->n, sizeof(*ns->v), cmp_sysname);
}

/* The one action every arch gives @s unconditionally, or false. */
static bool uniform(const struct sysname *s, uint32_t *w)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->d[i]->kind != SCFS_DECIDE_RULE || (i && s->d[i]->action != *w))
			return false;
		*w = s->d[i]->action;
	}
	return s->n > 0;
}

static char *act_text(uint32_t w)
{
	char buf[64];

	scfs_action_word_format(w, buf, sizeof(buf));
	return scfs_xstrdup(buf);
}

/* "ALLOW if a0 < 38 (syscalls[2]); ..." over the arches, for comments. */
static char *describe(const struct sysname *s, const struct scfs_profile *p)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = memstream(&out, &len);

	for (size_t i = 0; i < s->n; i++) {
		const struct scfs_decision *d = s->d[i];
		bool same = false;

		/* arches with the same rules read once */
		for (size_t k = 0; k < i && !same; k++)
			same = s->d[k]->kind == d->kind && s->d[k]->action == d->action && s->d[k]->n_conds == d->n_conds &&
			       (d->kind != SCFS_DECIDE_RULE || s->d[k]->rule == d->rule) &&
			       (d->n_conds == 0 || memcmp(s->d[k]->conds, d->conds, d->n_conds * sizeof(*d->conds)) == 0);
		if (same)
			continue;
		if (i)
			fprintf(m, "; on %s: ", d->arch->scmp_name);
		if (d->kind == SCFS_DECIDE_RULE) {
			_cleanup_free_ char *a = act_text(d->action);

			fprintf(m, "%s (syscalls[%zu])", a, p->rules[d->rule].index);
			continue;
		}
		for (size_t k = 0; k < d->n_conds; k++) {
			const struct scfs_rule *r = &p->rules[d->conds[k].rule];
			_cleanup_free_ char *a = act_text(scfs_action_word(&r->action)), *c = scfs_rule_conditions_format(r);

			fprintf(m, "%s%s if %s (syscalls[%zu])", k ? ", " : "", a, c, r->index);
		}
		{
			_cleanup_free_ char *a = act_text(d->action);

			fprintf(m, ", otherwise %s", a);
		}
	}
	fclose(m);
	return out;
}

struct sysd {
	const struct scfs_filter *f;
	const struct scfs_profile *p;
	FILE *notes;  /* "# - ..." lines */
	size_t n_notes;
	char **list;  /* SystemCallFilter= entries */
	size_t n_list;
	FILE *settings; /* RestrictAddressFamilies=, LockPersonality= */
};

static void note(struct sysd *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct sysd *s, const char *fmt, ...)
{
	va_list ap;

	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		abort(); /* out of memory, as scfs_xasprintf */
	va_end(ap);
	/* Notes quote profile values: a newline in one would end the comment
	 * and start a directive of the unit. */
	fputs("# - ", s->notes);
	scfs_escape_put(s->notes, text, strlen(text), 0, NULL);
	fputc('\n', s->notes);
	free(text);
	s->n_notes++;
}

static void list_add(struct sysd *s, char *entry)
{
	s->list = scfs_xrealloc(s->list, s->n_list + 1, sizeof(*s->list));
	s->list[s->n_list++] = entry;
}

/* "mkdir:EPERM" for a deny list. */
static char *deny_entry(const char *name, uint32_t w)
{
	uint32_t act = w & SECCOMP_RET_ACTION_FULL, data = w & SECCOMP_RET_DATA;
	const char *en = scfs_errno_name((int)data);

	if (act == SECCOMP_RET_ERRNO)
		return en ? scfs_xasprintf("%s:%s", name, en) : scfs_xasprintf("%s:%u", name, data);
	if (act == SECCOMP_RET_TRACE || act == SECCOMP_RET_USER_NOTIF)
		return scfs_xasprintf("%s:ENOSYS", name);
	return scfs_xstrdup(name); /* kills: no SystemCallErrorNumber= in a deny list */
}

/* socket and personality decided by their arguments: systemd restricts
 * them itself (export_sd.c), so they stay usable instead of denied.  In
 * an allow list the call is listed; in a deny list it is left out.
 * Returns false when the setting cannot keep to the profile (the caller
 * then denies the call as for any other argument rule). */
static bool own_setting(struct sysd *s, const struct sysname *n, bool deny)
{
	struct scfs_sd_arg a;
	uint32_t w = 0;

	if (uniform(n, &w) || (strcmp(n->name, "socket") != 0 && strcmp(n->name, "personality") != 0))
		return false;
	if (strcmp(n->name, "socket") == 0)
		scfs_sd_socket(s->f, &a);
	else
		scfs_sd_personality(s->f, &a);
	if (!a.list) {
		scfs_sd_arg_done(&a);
		return false;
	}
	if (!deny)
		list_add(s, scfs_xstrdup(n->name));
	if (a.setting)
		fprintf(s->settings, "%s\n", a.setting);
	for (char *l = a.approx, *e; l && *l; l = *e ? e + 1 : e) {
		e = strchrnul(l, '\n');
		note(s, "%.*s", (int)(e - l), l);
	}
	scfs_sd_arg_done(&a);
	return true;
}

static void deny_mode_name(struct sysd *s, const struct sysname *n)
{
	uint32_t w = 0, act;
	_cleanup_free_ char *what = NULL;

	if (own_setting(s, n, true))
		return;
	if (uniform(n, &w)) {
		act = w & SECCOMP_RET_ACTION_FULL;
		if (scfs_action_word_allows(w)) {
			if (act == SECCOMP_RET_LOG && (s->f->default_action & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_LOG)
				note(s, "%s: SCMP_ACT_LOG is written as allowed (systemd's SystemCallLog= can log it)", n->name);
			return;
		}
		list_add(s, deny_entry(n->name, w));
		if (act == SECCOMP_RET_KILL_THREAD)
			note(s, "%s: KILL_THREAD becomes a kill of the whole process", n->name);
		else if (act == SECCOMP_RET_TRAP)
			note(s, "%s: TRAP (SIGSYS a handler may catch) becomes a kill", n->name);
		else if (act == SECCOMP_RET_TRACE)
			note(s, "%s: TRACE (a ptrace tracer decides) is written as ENOSYS, what it gives with no tracer",
			     n->name);
		else if (act == SECCOMP_RET_USER_NOTIF)
			note(s, "%s: NOTIFY (an agent decides) is denied with ENOSYS: systemd has no seccomp agent", n->name);
		return;
	}
	/* Argument rules, or arches that disagree: deny for every argument
	 * with the first denying outcome, so nothing is allowed that the
	 * profile denies. */
	what = describe(n, s->p);
	for (size_t i = 0; i < n->n; i++) {
		const struct scfs_decision *d = n->d[i];
		uint32_t deny = 0;
		bool found = false;

		if (d->kind == SCFS_DECIDE_RULE && !scfs_action_word_allows(d->action)) {
			deny = d->action;
			found = true;
		}
		for (size_t k = 0; !found && k < d->n_conds; k++) {
			uint32_t cw = scfs_action_word(&s->p->rules[d->conds[k].rule].action);

			if (!scfs_action_word_allows(cw)) {
				deny = cw;
				found = true;
			}
		}
		if (!found && d->kind == SCFS_DECIDE_CONDITIONAL && !scfs_action_word_allows(d->action)) {
			deny = d->action;
			found = true;
		}
		if (found) {
			_cleanup_free_ char *e = deny_entry(n->name, deny);

			list_add(s, TAKE_PTR(e));
			note(s, "%s: argument rules cannot be expressed (%s): denied here for every argument", n->name, what);
			return;
		}
	}
	note(s, "%s: argument rules cannot be expressed (%s): every outcome allows, so it is not listed", n->name, what);
}

static void allow_mode_name(struct sysd *s, const struct sysname *n)
{
	uint32_t w = 0;
	_cleanup_free_ char *what = describe(n, s->p);

	if (own_setting(s, n, false))
		return;
	if (uniform(n, &w) && scfs_action_word_allows(w)) {
		list_add(s, scfs_xstrdup(n->name));
		if ((w & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_LOG)
			note(s, "%s: SCMP_ACT_LOG is written as allowed (systemd's SystemCallLog= can log it)", n->name);
		return;
	}
	if (uniform(n, &w)) {
		note(s, "%s: %s: an allow list gives every call it does not list the same outcome, so here it gets "
			"the default",
		     n->name, what);
		return;
	}
	note(s, "%s: argument rules cannot be expressed (%s): not listed, so systemd denies it for every argument",
	     n->name, what);
}

/* Calls systemd allows in any allow list (systemd.exec(5)). */
static void implicit_allows(struct sysd *s, const struct names *ns)
{
	static const char *const always[] = { "execve", "exit", "exit_group", "getrlimit", "rt_sigreturn", "sigreturn" };

	for (size_t i = 0; i < ELEMENTSOF(always); i++) {
		bool listed = false;

		for (size_t k = 0; k < s->n_list && !listed; k++)
			listed = strcmp(s->list[k], always[i]) == 0;
		if (listed)
			continue;
		/* only where the host has it */
		if (seccomp_syscall_resolve_name_arch(scfs_arch_token(s->p->host_arch), always[i]) < 0)
			continue;
		note(s, "%s: the profile denies it, but systemd always allows it in an allow list", always[i]);
	}
	(void)ns;
	note(s, "systemd also always allows the calls that query time and sleep (its @default set), "
		"whatever the profile says about them");
}

static void print_list(FILE *m, struct sysd *s, bool deny)
{
	size_t col = 0;

	for (size_t i = 0; i < s->n_list; i++) {
		if (col == 0) {
			fprintf(m, "SystemCallFilter=%s", deny ? "~" : "");
			col = 17;
		} else {
			fputc(' ', m);
			col++;
		}
		fputs(s->list[i], m);
		col += strlen(s->list[i]);
		if (col > 100 || i + 1 == s->n_list) {
			fputc('\n', m);
			col = 0;
		}
	}
}

static void default_action(FILE *m, struct sysd *s)
{
	uint32_t w = s->f->default_action, act = w & SECCOMP_RET_ACTION_FULL, data = w & SECCOMP_RET_DATA;
	const char *en = scfs_errno_name((int)data);

	switch (act) {
	case SECCOMP_RET_ERRNO:
		if (data == 0)
			note(s, "defaultAction ERRNO(0) cannot be expressed (SystemCallErrorNumber= takes 1 to 4095): "
				"systemd kills instead");
		else if (en)
			fprintf(m, "SystemCallErrorNumber=%s\n", en);
		else
			fprintf(m, "SystemCallErrorNumber=%u\n", data);
		break;
	case SECCOMP_RET_KILL_PROCESS:
		break;
	case SECCOMP_RET_KILL_THREAD:
		note(s, "defaultAction KILL_THREAD: systemd kills the whole process");
		break;
	case SECCOMP_RET_TRAP:
		note(s, "defaultAction TRAP (SIGSYS a handler may catch): systemd kills instead");
		break;
	case SECCOMP_RET_TRACE:
		fprintf(m, "SystemCallErrorNumber=ENOSYS\n");
		note(s, "defaultAction TRACE (a ptrace tracer decides) is written as ENOSYS, what it gives with no tracer");
		break;
	case SECCOMP_RET_LOG:
		note(s, "defaultAction LOG: calls are allowed but not logged (systemd's SystemCallLog= can log them)");
		break;
	}
}

char *scfs_export_systemd(const struct scfs_filter *f, const struct scfs_host *host)
{
	struct scfs_decisions ds;
	struct names ns;
	struct sysd s = { .f = f, .p = f->profile };
	char *out = NULL, *nbuf = NULL, *sbuf = NULL;
	size_t len = 0, nlen = 0, slen = 0;
	bool deny = scfs_action_word_allows(f->default_action);
	FILE *m = memstream(&out, &len);

	s.notes = memstream(&nbuf, &nlen);
	s.settings = memstream(&sbuf, &slen);
	if (scfs_decisions_build(f, &ds) < 0)
		abort();
	names_collect(&ds, &ns);
	fputs("# systemd settings for ", m);
	scfs_escape_put(m, s.p->source, strlen(s.p->source), 0, NULL);
	fputs(", written by scfs export --to systemd\n", m);
	fprintf(m, "# (the profile expanded for %s, kernel %u.%u; put them in a unit's [Service] section)\n",
		host->arch->scmp_name, host->kernel.major, host->kernel.minor);
	fprintf(m, "[Service]\nSystemCallArchitectures=%s", systemd_arch(s.p->host_arch) ?: s.p->host_arch->scmp_name);
	for (size_t i = 0; i < s.p->n_arches; i++)
		if (s.p->arches[i] != s.p->host_arch) {
			const char *sa = systemd_arch(s.p->arches[i]);

			fprintf(m, " %s", sa ? sa : s.p->arches[i]->scmp_name);
		}
	fputc('\n', m);
	if (!deny)
		default_action(m, &s);
	else if ((f->default_action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_LOG)
		default_action(m, &s);
	for (size_t i = 0; i < ns.n; i++) {
		if (deny)
			deny_mode_name(&s, &ns.v[i]);
		else
			allow_mode_name(&s, &ns.v[i]);
	}
	if (!deny)
		implicit_allows(&s, &ns);
	if (deny && s.n_list == 0)
		fprintf(m, "# (the profile denies nothing: no SystemCallFilter= needed)\n");
	else if (!deny && s.n_list == 0)
		fprintf(m, "SystemCallFilter=\n# (the profile allows nothing)\n");
	print_list(m, &s, deny);
	fclose(s.settings);
	fputs(sbuf, m);
	free(sbuf);
	for (size_t i = 0; i < f->n_stub && f->stub_len; i++)
		if (f->stub[i].max_nr >= 0x40000000) /* x32 numbers carry bit 30 */
			note(&s, "the ENOSYS stub (calls numbered above %#x on %s get ENOSYS) cannot be expressed",
			     (unsigned)f->stub[i].max_nr, f->stub[i].arch->scmp_name);
		else if (f->stub[i].max_nr >= 0)
			note(&s, "the ENOSYS stub (calls numbered above %d on %s get ENOSYS) cannot be expressed",
			     f->stub[i].max_nr, f->stub[i].arch->scmp_name);
	for (size_t i = 0; i < f->n_entries; i++)
		if (f->entries[i].status == SCFS_ENTRY_ADDED_BY_NUMBER)
			note(&s, "%s is newer than libseccomp %u.%u.%u: systemd's own libseccomp must know it",
			     s.p->rules[f->entries[i].rule].names[f->entries[i].name], seccomp_version()->major,
			     seccomp_version()->minor, seccomp_version()->micro);
	if (s.p->has_flags && s.p->flags)
		note(&s, "seccomp filter flags (0x%x) cannot be set from a unit", s.p->flags);
	fclose(s.notes);
	if (s.n_notes)
		fprintf(m, "#\n# Not expressible in systemd (%zu):\n%s", s.n_notes, nbuf);
	fclose(m);
	free(nbuf);
	for (size_t i = 0; i < s.n_list; i++)
		free(s.list[i]);
	free(s.list);
	names_done(&ns);
	scfs_decisions_done(&ds);
	return out;
}

/* ---- Security Profiles Operator ---- */

/* Arches the v1beta1 CRD's enum accepts. */
static bool spo_arch_ok(const struct scfs_arch_info *a)
{
	static const char *const bad[] = { "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB" };

	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		if (strcmp(a->oci, bad[i]) == 0)
			return false;
	return true;
}

/* A Kubernetes object name: lowercase letters, digits, '-' and '.'. */
static char *k8s_name(const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	size_t n = strlen(base);
	char *out;
	size_t w = 0;

	if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	out = scfs_xcalloc(n + 8, 1);
	for (size_t i = 0; i < n && w < 253; i++) {
		char c = (char)tolower((unsigned char)base[i]);

		if (!isalnum((unsigned char)c) && c != '.')
			c = '-';
		if (c == '-' && (w == 0 || out[w - 1] == '-'))
			continue;
		out[w++] = c;
	}
	while (w && (out[w - 1] == '-' || out[w - 1] == '.'))
		w--;
	out[w] = 0;
	if (!w)
		strcpy(out, "profile");
	return out;
}

static void yaml_string(FILE *m, const char *s)
{
	/* JSON's double-quoted strings are valid YAML. */
	json_object *o = json_object_new_string(s);

	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE), m);
	json_object_put(o);
}

static void yaml_comment(FILE *m, const char *indent, const char *text)
{
	fprintf(m, "%s# ", indent);
	scfs_escape_put(m, text, strlen(text), 0, NULL); /* one line, whatever the profile's comment holds */
	fputc('\n', m);
}

/* A syscall name as a YAML scalar: plain when it is one (every real name
 * is), else quoted, so that a profile's name cannot add YAML of its own. */
static void yaml_name(FILE *m, const char *s)
{
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s))
		fputs(s, m);
	else
		yaml_string(m, s);
}

char *scfs_export_spo(const struct scfs_profile *eff, const char *name, const struct scfs_host *host)
{
	_cleanup_free_ char *kname = k8s_name(name ? name : eff->source);
	const struct scfs_action *da = &eff->default_action;
	char *out = NULL;
	size_t len = 0;
	FILE *m = memstream(&out, &len);

	fputs("# SeccompProfile for ", m);
	scfs_escape_put(m, eff->source, strlen(eff->source), 0, NULL);
	fputs(", written by scfs export --to spo\n", m);
	fprintf(m, "# (the profile expanded for %s, kernel %u.%u: the CRD has no includes/excludes or archMap)\n",
		host->arch->scmp_name, host->kernel.major, host->kernel.minor);
	if (da->kind == SCFS_ACT_ERRNO && da->data != 1)
		fprintf(m, "# Not expressible: defaultErrnoRet %u (the CRD has no such field; the runtime returns EPERM)\n",
			da->data);
	if (da->kind == SCFS_ACT_TRACE && da->data_set)
		fprintf(m, "# Not expressible: defaultErrnoRet %u for SCMP_ACT_TRACE (the CRD has no such field)\n",
			da->data);
	fprintf(m, "apiVersion: security-profiles-operator.x-k8s.io/v1beta1\nkind: SeccompProfile\nmetadata:\n");
	fprintf(m, "  name: %s\nspec:\n  defaultAction: %s\n", kname, scfs_action_to_string(da->kind));
	fprintf(m, "  architectures:\n  - %s\n", eff->host_arch->oci);
	for (size_t i = 0; i < eff->n_arches; i++) {
		if (eff->arches[i] == eff->host_arch)
			continue;
		if (spo_arch_ok(eff->arches[i]))
			fprintf(m, "  - %s\n", eff->arches[i]->oci);
		else
			fprintf(m, "  # not expressible: %s is not in the CRD's list of arches\n", eff->arches[i]->oci);
	}
	if (eff->has_flags && eff->flags) {
		fprintf(m, "  flags:\n");
		for (unsigned bit = 1; bit; bit <<= 1)
			if (eff->flags & bit)
				fprintf(m, "  - %s\n", scfs_flag_to_string(bit));
	}
	if (eff->listener_path) {
		fprintf(m, "  listenerPath: ");
		yaml_string(m, eff->listener_path);
		fputc('\n', m);
	}
	if (eff->listener_metadata) {
		fprintf(m, "  listenerMetadata: ");
		yaml_string(m, eff->listener_metadata);
		fputc('\n', m);
	}
	if (eff->n_rules)
		fprintf(m, "  syscalls:\n");
	for (size_t i = 0; i < eff->n_rules; i++) {
		const struct scfs_rule *r = &eff->rules[i];
		_cleanup_free_ char *c = scfs_xasprintf("syscalls[%zu]%s%s", r->index, r->comment ? ": " : "",
							r->comment ? r->comment : "");

		yaml_comment(m, "  ", c);
		fprintf(m, "  - action: %s\n    names:\n", scfs_action_to_string(r->action.kind));
		for (size_t j = 0; j < r->n_names; j++) {
			fputs("    - ", m);
			yaml_name(m, r->names[j]);
			fputc('\n', m);
		}
		if (r->action.data_set)
			fprintf(m, "    errnoRet: %u\n", r->action.data);
		if (r->n_args)
			fprintf(m, "    args:\n");
		for (size_t k = 0; k < r->n_args; k++) {
			const struct scfs_arg *a = &r->args[k];

			fprintf(m, "    - index: %u\n      value: %" PRIu64 "\n", a->index, a->value);
			if (a->op == SCFS_CMP_MASKED_EQ || a->value_two)
				fprintf(m, "      valueTwo: %" PRIu64 "\n", a->value_two);
			fprintf(m, "      op: %s\n", scfs_cmp_to_string(a->op));
		}
	}
	fclose(m);
	return out;
}
