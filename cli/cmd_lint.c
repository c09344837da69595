/* scfs lint: mistakes that load without error. */
#include <json-c/json.h>

#include "cli.h"

static const char lint_help[] =
	"Usage: scfs lint [OPTIONS] PROFILE\n"
	"Report rules that never take effect (after an unconditional rule for the\n"
	"same syscall, voided by a later one, equal to the default action), rules\n"
	"libseccomp refuses as conflicting, syscalls missing on a target arch,\n"
	"unknown names (with a suggestion), a denied execve/execveat, errno on\n"
	"actions that cannot return one, NOTIFY without a listener and unknown\n"
	"keys.  Each finding names its rule (syscalls[N]) and says how to fix it,\n"
	"with a severity: error (a runtime refuses the profile, or it does other\n"
	"than written), warning (a rule that does not do what it says), info (a\n"
	"rule without effect whose outcome is the same anyway: a duplicate).\n\n"
	"  --arch ARCH        lint for this native arch; repeat (or separate with\n"
	"                     commas) for several (default: this machine's)\n"
	"  --caps LIST        bounding capability set for includes/excludes: docker,\n"
	"                     containerd, podman, all, none, CAP_A,CAP_B or a mix\n"
	"                     (default: this process's)\n"
	"  --kernel X.Y       kernel version for minKernel (default: this kernel)\n"
	"  --json             the findings as a JSON array on stdout\n"
	"  --fail-on LEVEL    exit 1 for findings of LEVEL or worse: error, warning\n"
	"                     (default) or info\n\n"
	"Exit status: 0 no findings at --fail-on's level or worse, 1 some, 125 not\n"
	"JSON or not loadable.\n";

static int setup_hosts(const char *const *arches, size_t n_arches, const struct pipeline_opts *o,
		       struct scfs_host **ret, size_t *ret_n)
{
	struct scfs_host base, *hosts;
	size_t n = 0;
	int r = scfs_host_detect(&base);

	if (r < 0)
		return cli_error("lint", "cannot read this host's arch, capabilities or kernel: %s", strerror(-r));
	if (o->caps) {
		_cleanup_free_ char *bad = NULL;

		if (scfs_caps_parse(o->caps, &base.caps, &bad) < 0)
			return cli_error("lint", "--caps: unknown capability \"%s\"", bad ? bad : o->caps);
	}
	if (o->kernel && scfs_kver_parse(o->kernel, &base.kernel) < 0)
		return cli_error("lint", "--kernel: expected MAJOR.MINOR, got \"%s\"", o->kernel);
	hosts = scfs_xcalloc(n_arches ? n_arches : 1, sizeof(*hosts));
	if (!n_arches)
		hosts[n++] = base;
	for (size_t i = 0; i < n_arches; i++) {
		const struct scfs_arch_info *a = scfs_arch_lookup(arches[i]);

		if (!a)
			a = scfs_arch_lookup_go(arches[i]);
		if (!a) {
			free(hosts);
			return cli_error("lint", "--arch: unknown architecture \"%s\"", arches[i]);
		}
		hosts[n] = base;
		hosts[n++].arch = a;
	}
	*ret = hosts;
	*ret_n = n;
	return 0;
}

static void print_json(const struct scfs_lint_report *rep, const char *file)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < rep->n; i++) {
		const struct scfs_lint_finding *f = &rep->v[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "file", json_object_new_string(file));
		json_object_object_add(o, "kind", json_object_new_string(scfs_lint_kind_name(f->kind)));
		json_object_object_add(o, "severity",
				       json_object_new_string(scfs_lint_severity_name(scfs_lint_severity_of(f->kind))));
		json_object_object_add(o, "rule", f->rule == SCFS_LINT_NO_RULE ? NULL : json_object_new_uint64(f->rule));
		json_object_object_add(o, "path", json_object_new_string(f->path));
		json_object_object_add(o, "syscall", f->name ? json_object_new_string(f->name) : NULL);
		json_object_object_add(o, "arch", f->arch ? json_object_new_string(f->arch) : NULL);
		json_object_object_add(o, "message", json_object_new_string(f->message));
		json_object_object_add(o, "hint", f->hint ? json_object_new_string(f->hint) : NULL);
		json_object_array_add(arr, o);
	}
	puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
}

static void print_text(const struct scfs_lint_report *rep, const char *file)
{
	size_t count[SCFS_LINT_INFO + 1] = { 0 };

	for (size_t i = 0; i < rep->n; i++) {
		const struct scfs_lint_finding *f = &rep->v[i];
		enum scfs_lint_severity sev = scfs_lint_severity_of(f->kind);

		_cleanup_free_ char *efile = scfs_escape_str(file, 0, NULL), *epath = scfs_escape_str(f->path, 0, NULL);
		_cleanup_free_ char *emsg = scfs_escape_str(f->message, 0, NULL), *ehint = scfs_escape_str(f->hint, 0, NULL);

		/* Messages and fixes quote profile values: one line each, escaped. */
		count[sev]++;
		printf("%s: %s%s%s: %s: %s\n", efile, epath, *epath ? ": " : "", scfs_lint_severity_name(sev),
		       scfs_lint_kind_name(f->kind), emsg);
		if (ehint)
			printf("    fix: %s\n", ehint);
	}
	if (!rep->n) {
		printf("%s: no findings\n", file);
		return;
	}
	printf("%zu finding%s:", rep->n, rep->n == 1 ? "" : "s");
	for (int s = SCFS_LINT_ERROR, first = 1; s <= SCFS_LINT_INFO; s++)
		if (count[s]) {
			printf("%s %zu %s%s", first ? "" : ",", count[s], scfs_lint_severity_name(s),
			       count[s] > 1 && s != SCFS_LINT_INFO ? "s" : "");
			first = 0;
		}
	putchar('\n');
}

/* 1 if a finding is at @fail_on or worse. */
static int lint_status(const struct scfs_lint_report *rep, enum scfs_lint_severity fail_on)
{
	for (size_t i = 0; i < rep->n; i++)
		if (scfs_lint_severity_of(rep->v[i].kind) <= fail_on)
			return 1;
	return 0;
}

/* The note the other verbs give (pipeline_caps_note), from a plain parse:
 * lint loads the profile its own way. */
static void caps_note(const char *text, size_t len, const char *path, const struct pipeline_opts *o,
		      const struct scfs_host *h)
{
	struct scfs_profile *p = NULL;
	struct scfs_diag d;

	scfs_diag_init(&d, path);
	if (scfs_profile_parse(text, len, path, &p, &d) == 0)
		pipeline_caps_note(p, o, h);
	scfs_profile_free(p);
	scfs_diag_done(&d);
}

int cmd_lint(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "fail-on", required_argument, NULL, 'F' },
		PIPELINE_LONG_OPTIONS,
		{ 0 },
	};
	_cleanup_free_ char *text = NULL;
	_cleanup_free_ struct scfs_host *hosts = NULL;
	_cleanup_free_ char **arches = NULL;
	size_t n_arches = 0, n_hosts = 0, len = 0;
	struct scfs_lint_report rep = { 0 };
	enum scfs_lint_severity fail_on = SCFS_LINT_WARNING;
	struct pipeline_opts po;
	struct scfs_diag diag;
	bool json = false;
	const char *path;
	int c, r;

	pipeline_opts_init(&po);
	while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(lint_help, stdout);
			return 0;
		}
		if (c == 'j') {
			json = true;
		} else if (c == 'F') {
			if (scfs_lint_severity_parse(optarg, &fail_on) < 0)
				return cli_error("lint", "--fail-on: expected error, warning or info, got \"%s\"", optarg);
		} else if (c == 'A') {
			/* Several arches: repeated or comma-separated. */
			for (char *save = NULL, *t = strtok_r(optarg, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				arches = scfs_xrealloc(arches, n_arches + 1, sizeof(*arches));
				arches[n_arches++] = t;
			}
		} else if (pipeline_opt(&po, c, optarg) != 1) {
			return cli_error("lint", "bad option (see scfs lint --help)");
		}
	}
	if (optind != argc - 1)
		return cli_error("lint", "expected one PROFILE (see scfs lint --help)");
	path = argv[optind];
	r = setup_hosts((const char *const *)arches, n_arches, &po, &hosts, &n_hosts);
	if (r)
		return r;
	scfs_diag_init(&diag, path);
	r = scfs_profile_read(path, &text, &len, &diag);
	if (r < 0) {
		scfs_diag_print(&diag, stderr, SCFS_DIAG_ERROR);
		scfs_diag_done(&diag);
		return EXIT_SCFS_FAILURE;
	}
	caps_note(text, len, path, &po, &hosts[0]);
	r = scfs_lint(text, len, path, hosts, n_hosts, &rep, &diag);
	if (r < 0) {
		scfs_diag_print(&diag, stderr, SCFS_DIAG_WARNING);
		if (!scfs_diag_failed(&diag))
			fprintf(stderr, "%s: %s\n", path, strerror(-r));
		fprintf(stderr, "%s: cannot be linted: the profile does not load\n", path);
		scfs_diag_done(&diag);
		return EXIT_SCFS_FAILURE;
	}
	if (json)
		print_json(&rep, path);
	else
		print_text(&rep, path);
	r = lint_status(&rep, fail_on);
	scfs_lint_report_done(&rep);
	scfs_diag_done(&diag);
	return r;
}
