/* From a kernel kill/trap record to a denial-log line.  The record has no
 * arguments, so the rule is found by running the real filter with the
 * record's arch, number and ip; when a rule for that syscall compares
 * arguments, the result could differ for the real call, and the line says
 * so (rule=? and the candidates) rather than guess. */
#include <seccomp.h>
#include <stdio.h>

#include "denial.h"
#include "killrec.h"
#include "scfs/escape.h"

/* Whether any rule for (@token, @nr) in the filter looks at arguments. */
static bool args_decide(const struct scfs_filter *f, uint32_t token, int nr)
{
	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];

		if (e->nr == nr && scfs_arch_token(e->arch) == token && f->profile->rules[e->rule].n_args)
			return true;
	}
	return false;
}

/* "syscalls[3],syscalls[7],default": the rules with this action that name the syscall. */
static char *candidates(const struct scfs_filter *f, uint32_t token, int nr, uint32_t action)
{
	const struct scfs_profile *p = f->profile;
	char *out = NULL;
	size_t len = 0, prev = SIZE_MAX;
	FILE *m = open_memstream(&out, &len);

	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &p->rules[e->rule];

		if (e->nr != nr || scfs_arch_token(e->arch) != token || e->rule == prev ||
		    (scfs_action_word(&r->action) & SECCOMP_RET_ACTION_FULL) != action)
			continue;
		fprintf(m, "%ssyscalls[%zu]", ftell(m) ? "," : "", r->index);
		prev = e->rule;
	}
	if ((scfs_action_word(&p->default_action) & SECCOMP_RET_ACTION_FULL) == action)
		fprintf(m, "%sdefault", ftell(m) ? "," : "");
	fclose(m);
	return out;
}

void killrec_make(struct scfs_observer *o, const struct scfs_kaudit_rec *rec, enum scfs_mode mode,
		  struct killrec *out)
{
	const struct scfs_filter *f = o->filter;
	struct seccomp_data d = { .nr = rec->nr, .arch = rec->audit_arch, .instruction_pointer = rec->ip };
	_cleanup_free_ char *name = NULL, *cand = NULL;
	char when[48], rl[32], comm[DENIAL_COMM_FIELD_MAX], jcomm[DENIAL_COMM_FIELD_MAX];
	const char *arch;
	uint32_t v;

	*out = (struct killrec){ .token = denial_arch_token(rec->audit_arch, rec->nr), .verdict = rec->action,
				 .rule = SCFS_RULE_UNKNOWN };
	v = scfs_observer_verdict(o, &d);
	if ((v & SECCOMP_RET_ACTION_FULL) == rec->action) {
		out->verdict = v;
		if (!args_decide(f, out->token, rec->nr))
			out->rule = scfs_observer_rule(o, &d, v);
	}
	if (out->rule == SCFS_RULE_UNKNOWN)
		cand = candidates(f, out->token, rec->nr, rec->action);
	name = seccomp_syscall_resolve_num_arch(out->token, rec->nr);
	denial_time(when, sizeof(when));
	denial_rule_label(f->profile, out->rule, rl, sizeof(rl));
	denial_comm_field(rec->comm, strlen(rec->comm), comm, sizeof(comm));
	scfs_escape_buf(jcomm, sizeof(jcomm), rec->comm, strlen(rec->comm), 0, NULL);
	arch = scfs_arch_from_token(out->token) ? scfs_arch_from_token(out->token)->scmp_name : "?";
	out->line = scfs_xasprintf("%s pid=%d tid=? comm=%s arch=%s syscall=%s nr=%d call=? action=%s rule=%s%s%s "
				   "mode=%s source=kernel ip=0x%llx",
				   when, (int)rec->pid, comm, arch, name ? name : "?", rec->nr,
				   scfs_action_word_name(rec->action), out->rule == SCFS_RULE_UNKNOWN ? "?" : rl,
				   cand ? " candidates=" : "", cand && *cand ? cand : cand ? "-" : "", scfs_mode_string(mode),
				   (unsigned long long)rec->ip);
	out->json = denial_json(&(struct denial_record){
		.time = when, .pid = (int)rec->pid, .tid = -1, .comm = jcomm, .arch = arch,
		.syscall = name ? name : "?", .nr = rec->nr, .action = scfs_action_word_name(rec->action), .err = -1,
		.rule = out->rule == SCFS_RULE_UNKNOWN ? NULL : rl, .candidates = cand, .mode = scfs_mode_string(mode),
		.source = "kernel", .ip = rec->ip });
}
