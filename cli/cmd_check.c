/* scfs check: validate a profile and summarise what it becomes here. */
#include <json-c/json.h>
#include <linux/seccomp.h>

#include "cli.h"

static const char check_help[] =
	"Usage: scfs check [OPTIONS] PROFILE\n"
	"Validate PROFILE (Docker, OCI or Podman JSON), expand it for this host and\n"
	"compile it; print every error with its JSON path, then a summary.\n"
	"Exit status: 0 valid, 125 invalid.\n\n"
	"  --json             print the summary as JSON on stdout\n" PIPELINE_HELP;

static const enum scfs_entry_status statuses[] = {
	SCFS_ENTRY_ADDED,        SCFS_ENTRY_ADDED_BY_NUMBER, SCFS_ENTRY_SKIPPED_DEFAULT,
	SCFS_ENTRY_NOT_ON_ARCH,  SCFS_ENTRY_UNKNOWN,         SCFS_ENTRY_NEWER_UNADDABLE,
};
static const char *const status_keys[] = {
	"added", "added_by_number", "equal_to_default", "not_on_arch", "unknown", "newer_unaddable",
};

/* WAIT_KILLABLE_RECV is only valid with a listener, which scfs run adds. */
static bool flags_ok(unsigned flags)
{
	return scfs_sys_filter_flags_supported(flags & 32 ? flags | SECCOMP_FILTER_FLAG_NEW_LISTENER : flags);
}

/* Entries with @st on arch @a. */
static size_t count_on(const struct scfs_filter *f, const struct scfs_arch_info *a, enum scfs_entry_status st)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n_entries; i++)
		n += f->entries[i].arch == a && f->entries[i].status == st;
	return n;
}

static json_object *arches_json(const struct scfs_pipeline *pl)
{
	json_object *arr = json_object_new_array();

	json_object_array_add(arr, json_object_new_string(pl->host.arch->scmp_name));
	for (size_t i = 0; i < pl->eff->n_arches; i++)
		if (pl->eff->arches[i] != pl->host.arch)
			json_object_array_add(arr, json_object_new_string(pl->eff->arches[i]->scmp_name));
	return arr;
}

/* Names that are not in the filter on the native arch, and why. */
static json_object *skipped_json(const struct scfs_pipeline *pl)
{
	const struct scfs_filter *f = pl->filter;
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &pl->eff->rules[e->rule];
		json_object *o;

		if (e->arch != pl->host.arch ||
		    (e->status != SCFS_ENTRY_UNKNOWN && e->status != SCFS_ENTRY_ADDED_BY_NUMBER))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "rule", json_object_new_uint64(r->index));
		json_object_object_add(o, "name", json_object_new_string(r->names[e->name]));
		json_object_object_add(o, "status", json_object_new_string(scfs_entry_status_string(e->status)));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *summary_json(const struct scfs_pipeline *pl)
{
	const struct scfs_filter *f = pl->filter;
	json_object *o = json_object_new_object(), *names = json_object_new_object(), *stub = json_object_new_array();

	json_object_object_add(o, "file", json_object_new_string(pl->src->source));
	json_object_object_add(o, "valid", json_object_new_boolean(1));
	json_object_object_add(o, "defaultAction",
			       json_object_new_string(scfs_action_to_string(pl->eff->default_action.kind)));
	json_object_object_add(o, "architectures", arches_json(pl));
	json_object_object_add(o, "rules", json_object_new_uint64(pl->src->n_rules));
	json_object_object_add(o, "rulesKept", json_object_new_uint64(pl->eff->n_rules));
	for (size_t i = 0; i < ELEMENTSOF(statuses); i++)
		json_object_object_add(names, status_keys[i],
				       json_object_new_uint64(count_on(f, pl->host.arch, statuses[i])));
	json_object_object_add(o, "names", names);
	json_object_object_add(o, "skipped", skipped_json(pl));
	for (size_t i = 0; i < f->n_stub; i++) {
		json_object *s = json_object_new_object();

		json_object_object_add(s, "arch", json_object_new_string(f->stub[i].arch->scmp_name));
		json_object_object_add(s, "maxSyscall", json_object_new_int(f->stub[i].max_nr));
		json_object_array_add(stub, s);
	}
	json_object_object_add(o, "enosysStub", stub);
	json_object_object_add(o, "instructions", json_object_new_uint64(f->prog_len));
	json_object_object_add(o, "flagsSupported", json_object_new_boolean(flags_ok(f->flags)));
	json_object_object_add(o, "warnings", json_object_new_uint64(pl->diag.n_warnings));
	return o;
}

static void print_text(const struct scfs_pipeline *pl, FILE *out)
{
	const struct scfs_filter *f = pl->filter;
	const struct scfs_action *da = &pl->eff->default_action;
	const char *en = scfs_errno_name((int)da->data);

	fprintf(out, "%s: valid\n", pl->src->source);
	fprintf(out, "  default action:  %s", scfs_action_to_string(da->kind));
	if (scfs_action_takes_data(da->kind))
		fprintf(out, " %u%s%s", da->data, en ? " " : "", en ? en : "");
	fprintf(out, "\n  architectures:   %s (native)", pl->host.arch->scmp_name);
	for (size_t i = 0; i < pl->eff->n_arches; i++)
		if (pl->eff->arches[i] != pl->host.arch)
			fprintf(out, " %s", pl->eff->arches[i]->scmp_name);
	fprintf(out, "\n  rules:           %zu in the file, %zu kept for this host\n", pl->src->n_rules, pl->eff->n_rules);
	fprintf(out, "  names on %s:", pl->host.arch->scmp_name);
	for (size_t i = 0; i < ELEMENTSOF(statuses); i++)
		fprintf(out, "%s %zu %s", i ? "," : "", count_on(f, pl->host.arch, statuses[i]), status_keys[i]);
	fputc('\n', out);
	for (size_t i = 0; i < f->n_entries; i++) {
		const struct scfs_entry *e = &f->entries[i];
		const struct scfs_rule *r = &pl->eff->rules[e->rule];

		if (e->arch == pl->host.arch &&
		    (e->status == SCFS_ENTRY_UNKNOWN || e->status == SCFS_ENTRY_ADDED_BY_NUMBER)) {
			/* An unknown name is whatever the profile says. */
			_cleanup_free_ char *name = scfs_escape_str(r->names[e->name], 0, NULL);

			fprintf(out, "    %-20s syscalls[%zu]: %s\n", name, r->index, scfs_entry_status_string(e->status));
		}
	}
	fprintf(out, "  ENOSYS stub:    ");
	if (!f->stub_len)
		fprintf(out, " none");
	for (size_t i = 0; i < f->n_stub; i++)
		if (f->stub[i].max_nr >= 0)
			fprintf(out, " %s>%d", f->stub[i].arch->scmp_name, f->stub[i].max_nr);
	fprintf(out, "\n  filter:          %zu instructions, flags 0x%x (%s by this kernel)\n", f->prog_len, f->flags,
		flags_ok(f->flags) ? "supported" : "NOT supported");
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		PIPELINE_LONG_OPTIONS,
		{ 0 },
	};
	struct pipeline_opts po;
	struct scfs_pipeline pl;
	bool json = false;
	int c, r;

	pipeline_opts_init(&po);
	while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(check_help, stdout);
			return 0;
		}
		if (c == 'j')
			json = true;
		else if (pipeline_opt(&po, c, optarg) != 1)
			return cli_error("check", "bad option (see scfs check --help)");
	}
	if (optind != argc - 1)
		return cli_error("check", "expected one PROFILE (see scfs check --help)");
	r = pipeline_run(&pl, argv[optind], &po, true);
	if (r == 0 && json) {
		json_object *o = summary_json(&pl);

		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else if (r == 0) {
		print_text(&pl, stdout);
	}
	pipeline_done(&pl);
	return r;
}
