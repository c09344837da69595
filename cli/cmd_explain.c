/* scfs explain: which rule decides one call, computed on the exact program. */
#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>

#include "cli.h"

static const char explain_help[] =
	"Usage: scfs explain [OPTIONS] PROFILE SYSCALL [ARG...]\n"
	"Say what the filter scfs builds for PROFILE does with one call, and which\n"
	"rule decides it.  The answer comes from running the exact program (the\n"
	"ENOSYS stub and libseccomp's code) over the call's seccomp_data, and from\n"
	"the same program compiled with each rule's index as its action.\n"
	"SYSCALL is a name or a number; each ARG an integer (decimal, 0x hex, 0\n"
	"octal, negative for two's complement) or the constants that argument takes\n"
	"(AF_PACKET, SOCK_RAW, CLONE_NEWNS|CLONE_NEWUSER, SIGKILL, AT_FDCWD), up to 6;\n"
	"missing ones are 0.\n\n"
	"  --abi ARCH         the ABI the call is made with, e.g. x86 or x32 on an\n"
	"                     x86_64 host (default: the host's native arch)\n"
	"  --json             the answer as a JSON object\n" PIPELINE_HELP
	"\nExit status: 0 explained, 125 bad profile or unknown syscall.\n";

#define NEG_MARK '\x1f'

/* getopt would read "-100" as options: hide leading-dash numbers. */
static char **hide_negatives(int argc, char **argv)
{
	char **v = scfs_xcalloc((size_t)argc + 1, sizeof(*v));

	for (int i = 0; i < argc; i++) {
		if (i > 0 && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9')
			v[i] = scfs_xasprintf("%c%s", NEG_MARK, argv[i]);
		else
			v[i] = scfs_xstrdup(argv[i]);
	}
	return v;
}

static void free_argv(char **v, int argc)
{
	for (int i = 0; i < argc; i++)
		free(v[i]);
	free(v);
}

static int parse_arg(const char *s, uint64_t *ret)
{
	char *end;

	if (s[0] == NEG_MARK)
		s++;
	errno = 0;
	if (s[0] == '-') {
		long long v = strtoll(s, &end, 0);

		if (errno || *end || end == s)
			return -EINVAL;
		*ret = (uint64_t)v;
	} else {
		unsigned long long v;

		if (s[0] < '0' || s[0] > '9')
			return -EINVAL;
		v = strtoull(s, &end, 0);
		if (errno || *end)
			return -EINVAL;
		*ret = v;
	}
	return 0;
}

struct answer {
	const char *name;
	int nr;
	const struct scfs_arch_info *abi;
	uint64_t args[6];
	size_t n_args;
	uint32_t verdict, rule;
	const struct scfs_rule *r; /* the deciding rule, if any */
	int stub_max;
};

/* Each ARG as a number or as the constants that argument of the call takes
 * ("AF_PACKET", "CLONE_NEWNS|CLONE_NEWUSER", core/vocab/decode.c). */
static int parse_args(struct answer *a, char **args)
{
	for (size_t i = 0; i < a->n_args; i++) {
		const char *s = args[i][0] == NEG_MARK ? args[i] + 1 : args[i];

		if (scfs_decode_parse(a->name, (unsigned)i, s, &a->args[i]) == 0)
			continue;
		if (scfs_decode_nargs(a->name) < 0)
			return cli_error("explain", "argument %zu: expected an integer (scfs has no signature for %s), got \"%s\"",
					 i, a->name, s);
		return cli_error("explain", "argument %zu: \"%s\" is neither an integer nor a constant argument %zu of %s takes",
				 i, s, i, a->name);
	}
	return 0;
}

/* The syscall's number on @a and its name (malloc'd). */
static int resolve_call(const char *s, const struct scfs_arch_info *a, int *nr, char **name)
{
	uint32_t tok = scfs_arch_token(a);
	uint64_t v;

	if (parse_arg(s, &v) == 0) {
		if (v > INT32_MAX)
			return -EINVAL;
		*nr = (int)v;
		if (tok == SCMP_ARCH_X32)
			*nr |= 0x40000000;
		*name = seccomp_syscall_resolve_num_arch(tok, *nr);
		for (size_t i = 0; !*name && scfs_newsys_get(i); i++)
			if (scfs_newsys_nr(scfs_newsys_get(i), tok) == *nr)
				*name = scfs_xstrdup(scfs_newsys_get(i)->name);
		if (!*name)
			*name = scfs_xasprintf("syscall_%d", *nr);
		return 0;
	}
	*nr = seccomp_syscall_resolve_name_arch(tok, s);
	if (*nr == __NR_SCMP_ERROR && scfs_newsys_lookup(s))
		*nr = scfs_newsys_nr(scfs_newsys_lookup(s), tok);
	if (*nr < 0)
		return *nr == __NR_SCMP_ERROR ? -ENOENT : -ENXIO;
	*name = scfs_xstrdup(s);
	return 0;
}

/* What the calling program experiences. */
static const char *consequence(uint32_t w)
{
	switch (w & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
		return "the call runs";
	case SECCOMP_RET_LOG:
		return "the call runs and the kernel logs it";
	case SECCOMP_RET_ERRNO:
		return (w & SECCOMP_RET_DATA) ? "the call does not run and returns -1 with this errno"
					      : "the call does not run and returns 0";
	case SECCOMP_RET_KILL_PROCESS:
		return "the whole process is killed by SIGSYS";
	case SECCOMP_RET_KILL_THREAD:
		return "the calling thread is killed by SIGSYS (a single-threaded program dies)";
	case SECCOMP_RET_TRAP:
		return "SIGSYS is sent to the thread: it dies unless it handles the signal";
	case SECCOMP_RET_TRACE:
		return "a ptrace tracer decides; with no tracer the call fails with ENOSYS";
	case SECCOMP_RET_USER_NOTIF:
		return "the agent at listenerPath decides";
	}
	return "?";
}

/* "mkdir, mkdirat" or, for a long list, its start and the call's own name. */
static char *names_list(const struct scfs_rule *r, const char *call)
{
	char *out = NULL;
	size_t len = 0;
	bool shown = false;
	FILE *m = open_memstream(&out, &len);

	if (!m)
		abort();
	for (size_t i = 0; i < r->n_names && i < 4; i++) {
		/* The profile's names, whatever they hold: escaped. */
		fputs(i ? ", " : "", m);
		scfs_escape_put(m, r->names[i], strlen(r->names[i]), 0, NULL);
		shown |= strcmp(r->names[i], call) == 0;
	}
	if (r->n_names > 4)
		fprintf(m, ", … (%zu names%s%s)", r->n_names, shown ? "" : ", including ", shown ? "" : call);
	fclose(m);
	return out;
}


static char *decided_by(const struct answer *a, const struct scfs_pipeline *pl)
{
	_cleanup_free_ char *names = NULL, *conds = NULL;

	switch (a->rule) {
	case SCFS_RULE_DEFAULT:
		return scfs_xstrdup("default action");
	case SCFS_RULE_ENOSYS:
		return scfs_xasprintf("ENOSYS stub (newer than the profile: > %d)", a->stub_max);
	case SCFS_RULE_UNKNOWN:
		if (!scfs_filter_has_arch(pl->filter, a->abi))
			return scfs_xasprintf("the %s ABI is not in the filter: libseccomp kills calls from other ABIs",
					      a->abi->scmp_name);
		return scfs_xstrdup("could not be attributed to a rule");
	}
	names = names_list(a->r, a->name);
	conds = scfs_rule_conditions_format(a->r);
	return scfs_xasprintf("decided by syscalls[%zu] (names %s%s%s)", a->r->index, names, *conds ? "; if " : "",
			      conds);
}

/* Which capabilities made includes/excludes.caps drop @r: the listed ones
 * the host lacks (includes) or has (excludes), " (lacks CAP_SYS_ADMIN)". */
static char *caps_detail(const struct scfs_rule *r, enum scfs_drop_reason why, const struct scfs_host *h)
{
	bool inc = why == SCFS_DROP_INCLUDES_CAP;
	const struct scfs_cond *c = inc ? &r->includes : &r->excludes;
	char *out = NULL;
	size_t len = 0;
	FILE *m;

	if (why != SCFS_DROP_INCLUDES_CAP && why != SCFS_DROP_EXCLUDES_CAP)
		return scfs_xstrdup("");
	m = open_memstream(&out, &len);
	if (!m)
		abort();
	for (size_t i = 0, n = 0; i < c->n_caps; i++) {
		uint64_t bit = 0;
		bool has = scfs_caps_parse(c->caps[i], &bit, NULL) == 0 && (h->caps & bit) == bit && bit;

		if (has != inc)
			fprintf(m, "%s%s", n++ ? ", " : inc ? " (lacks " : " (has ", c->caps[i]);
	}
	if (ftell(m))
		fputc(')', m);
	fclose(m);
	return out;
}

/* Rules that name the call but did not decide it, and why. */
static void print_others(const struct answer *a, const struct scfs_pipeline *pl, FILE *out)
{
	const struct scfs_filter *f = pl->filter;
	struct scfs_decisions ds;
	const struct scfs_decision *d;

	for (size_t i = 0; i < pl->src->n_rules; i++) {
		const struct scfs_rule *r = &pl->src->rules[i];
		enum scfs_drop_reason why = scfs_rule_evaluate(r, &pl->host);

		for (size_t j = 0; j < r->n_names; j++) {
			_cleanup_free_ char *caps = NULL;

			if (strcmp(r->names[j], a->name) != 0 || why == SCFS_KEEP)
				continue;
			caps = caps_detail(r, why, &pl->host);
			fprintf(out, "  syscalls[%zu] names %s but is dropped on this host: %s%s\n", r->index, a->name,
				scfs_drop_reason_string(why), caps);
		}
	}
	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &pl->eff->rules[e->rule];

		if (e->arch == a->abi && e->nr == a->nr && e->status == SCFS_ENTRY_SKIPPED_DEFAULT)
			fprintf(out, "  syscalls[%zu] names %s but its action is the default: not in the filter\n",
				r->index, a->name);
	}
	if (scfs_decisions_build(f, &ds) < 0)
		return;
	d = scfs_decisions_find(&ds, a->abi, a->nr);
	for (size_t i = 0; d && i < d->n_lost; i++) {
		const struct scfs_rule *r = &pl->eff->rules[d->lost[i].rule];

		fprintf(out, "  syscalls[%zu] names %s but never applies: %s syscalls[%zu]\n", r->index, a->name,
			d->lost[i].why == SCFS_LOST_VOIDED ? "thrown away for the later unconditional"
							   : "dropped after the earlier unconditional",
			pl->eff->rules[d->lost[i].by].index);
	}
	for (size_t i = 0; d && i < d->n_conds; i++) {
		const struct scfs_rule *r = &pl->eff->rules[d->conds[i].rule];
		_cleanup_free_ char *c = NULL;

		if (r == a->r)
			continue;
		c = scfs_rule_conditions_format(r);
		fprintf(out, "  syscalls[%zu] names %s but its conditions do not match: %s\n", r->index, a->name, c);
	}
	scfs_decisions_done(&ds);
}

static void print_text(const struct answer *a, const struct scfs_pipeline *pl)
{
	_cleanup_free_ char *by = decided_by(a, pl);
	char act[64];

	scfs_action_word_format(a->verdict, act, sizeof(act));
	printf("%s(", a->name);
	for (size_t i = 0; i < a->n_args; i++) {
		char v[256];

		scfs_decode_arg(a->name, (unsigned)i, a->args[i], v, sizeof(v));
		printf("%s%s", i ? ", " : "", v);
	}
	printf(") on %s: %s — %s\n", a->abi->scmp_name, act, by);
	printf("  syscall number %d; %s\n", a->nr, consequence(a->verdict));
	print_others(a, pl, stdout);
}

static void print_json(const struct answer *a, const struct scfs_pipeline *pl)
{
	_cleanup_free_ char *by = decided_by(a, pl);
	json_object *o = json_object_new_object(), *args = json_object_new_array();
	uint32_t act = a->verdict & SECCOMP_RET_ACTION_FULL;
	const char *kind = a->rule == SCFS_RULE_DEFAULT ? "default"
			   : a->rule == SCFS_RULE_ENOSYS ? "enosys"
			   : a->rule == SCFS_RULE_UNKNOWN ? "unknown"
							  : "rule";

	json_object_object_add(o, "syscall", json_object_new_string(a->name));
	json_object_object_add(o, "nr", json_object_new_int(a->nr));
	json_object_object_add(o, "arch", json_object_new_string(a->abi->scmp_name));
	for (size_t i = 0; i < a->n_args; i++)
		json_object_array_add(args, json_object_new_uint64(a->args[i]));
	json_object_object_add(o, "args", args);
	json_object_object_add(o, "action", json_object_new_string(scfs_action_word_name(a->verdict)));
	if (act == SECCOMP_RET_ERRNO || act == SECCOMP_RET_TRACE)
		json_object_object_add(o, act == SECCOMP_RET_ERRNO ? "errno" : "data",
				       json_object_new_int((int)(a->verdict & SECCOMP_RET_DATA)));
	json_object_object_add(o, "decidedBy", json_object_new_string(kind));
	if (a->r)
		json_object_object_add(o, "rule", json_object_new_uint64(a->r->index));
	json_object_object_add(o, "explanation", json_object_new_string(by));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static int explain(struct scfs_pipeline *pl, const char *abi_name, char **args, int n_args, bool json)
{
	struct answer a = { .abi = pl->host.arch, .n_args = (size_t)n_args - 1 };
	_cleanup_free_ char *name = NULL;
	struct scfs_observer obs;
	struct seccomp_data d;
	int r;

	if (abi_name) {
		a.abi = scfs_arch_lookup(abi_name);
		if (!a.abi)
			a.abi = scfs_arch_lookup_go(abi_name);
		if (!a.abi || !scfs_arch_token(a.abi))
			return cli_error("explain", "--abi: unknown architecture \"%s\"", abi_name);
	}
	if (a.n_args > 6)
		return cli_error("explain", "at most 6 arguments");
	r = resolve_call(args[0], a.abi, &a.nr, &name);
	if (r == -ENOENT)
		return cli_error("explain", "unknown syscall \"%s\"", args[0]);
	if (r == -ENXIO)
		return cli_error("explain", "%s has no number on %s in libseccomp's table (missing there, or "
				 "reached through a multiplexer such as socketcall); give the number instead",
				 args[0], a.abi->scmp_name);
	if (r < 0)
		return cli_error("explain", "bad syscall number \"%s\"", args[0]);
	a.name = name;
	r = parse_args(&a, args + 1);
	if (r != 0)
		return r;
	d = (struct seccomp_data){ .nr = a.nr, .arch = scfs_arch_audit(a.abi) };
	memcpy(d.args, a.args, sizeof(d.args));
	if (scfs_observer_init_eager(&obs, pl->filter, SCFS_MODE_ENFORCE, 0, &pl->diag) < 0) {
		scfs_diag_print(&pl->diag, stderr, SCFS_DIAG_WARNING);
		return cli_error("explain", "cannot build the attribution program");
	}
	a.verdict = scfs_observer_verdict(&obs, &d);
	a.rule = scfs_observer_rule(&obs, &d, a.verdict);
	scfs_observer_done(&obs);
	if (a.rule < pl->eff->n_rules)
		a.r = &pl->eff->rules[a.rule];
	else if (a.rule < SCFS_RULE_UNKNOWN)
		a.rule = SCFS_RULE_UNKNOWN;
	a.stub_max = scfs_filter_stub_max(pl->filter, a.abi);
	if (json)
		print_json(&a, pl);
	else
		print_text(&a, pl);
	return 0;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "abi", required_argument, NULL, 'a' },
		PIPELINE_LONG_OPTIONS,
		{ 0 },
	};
	char **av = hide_negatives(argc, argv);
	const char *abi = NULL;
	struct pipeline_opts po;
	struct scfs_pipeline pl = { 0 };
	bool json = false;
	int c, r = 0;

	pipeline_opts_init(&po);
	while (r == 0 && (c = getopt_long(argc, av, "hv", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(explain_help, stdout);
			free_argv(av, argc);
			return 0;
		}
		if (c == 'j')
			json = true;
		else if (c == 'a')
			abi = optarg;
		else if (pipeline_opt(&po, c, optarg) != 1)
			r = cli_error("explain", "bad option (see scfs explain --help)");
	}
	if (r == 0 && argc - optind < 2)
		r = cli_error("explain", "expected PROFILE SYSCALL [ARG...] (see scfs explain --help)");
	if (r == 0)
		r = pipeline_run(&pl, av[optind], &po, true);
	if (r == 0)
		r = explain(&pl, abi, av + optind + 1, argc - optind - 1, json);
	pipeline_done(&pl);
	free_argv(av, argc);
	return r;
}
