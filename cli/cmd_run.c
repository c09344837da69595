/* scfs run: launch a target under a profile and observe it. */
#include "cli.h"

static const char run_help[] =
	"Usage: scfs run [OPTIONS] -- COMMAND [ARGS...]\n"
	"Run COMMAND under a seccomp profile (the shipped default when -p is not\n"
	"given).  The filter is loaded as the last step before execve.  Every\n"
	"denied call is recorded with its arguments and deciding rule in the\n"
	"state directory (see scfs ps), and a one-line summary is printed on exit\n"
	"when anything was denied.\n\n"
	"  -p, --profile FILE  the profile (Docker, OCI or Podman JSON)\n"
	"  --complain          log what the profile would deny, and allow it\n"
	"  --count             also count every allowed call of every rule (slower)\n"
	"  --name NAME         a name for the target in scfs ps\n"
	"  --caps LIST         expand the profile for LIST (docker, containerd, podman,\n"
	"                      all, none, CAP_A,CAP_B or a mix) and hold the target to\n"
	"                      it: the bounding set is reduced to LIST (needs\n"
	"                      CAP_SETPCAP); without that privilege, the caller must\n"
	"                      hold no capability outside LIST (non-root: none)\n"
	"  --state-dir DIR     where state goes (default $SCFS_STATE_DIR, /run/scfs\n"
	"                      for root, else $XDG_RUNTIME_DIR/scfs)\n"
	"  --strict            unknown syscall names in the profile are errors\n"
	"  --no-cache          compile the filter afresh, without the filter cache\n"
	"  -v, --verbose       print notes (whether the filter came from the cache)\n\n"
	"Exit status: the target's, 128+N if killed by signal N, 125 if the profile\n"
	"is invalid or scfs failed, 126 if COMMAND cannot be executed (including a\n"
	"profile that denies execve), 127 if it is not found.\n";

enum { OPT_COMPLAIN = 0x100, OPT_COUNT, OPT_NAME, OPT_STATE_DIR };

/* How the target is held to --caps (scfs_caps_enforce_plan); 0 or an exit
 * status after one line saying why it cannot be. */
static int caps_plan(const char *spec, uint64_t caps, bool *drop)
{
	int r = scfs_caps_enforce_plan(caps, drop);

	if (r == -EPERM)
		return cli_error("run", "--caps %s: this process has capabilities outside the set and cannot drop them "
					"(no CAP_SETPCAP)", spec);
	if (r < 0)
		return cli_error("run", "--caps %s: cannot read this process's capabilities: %s", spec, strerror(-r));
	return 0;
}

/* The summary, ending with how to find the target again. */
static void print_summary(const struct scfs_run_result *res, const char *state_dir)
{
	if (res->summary && res->pid > 0)
		fprintf(stderr, "%s; scfs show %s%s%s%d denied\n", res->summary, state_dir ? "--state-dir " : "",
			state_dir ? state_dir : "", state_dir ? " " : "", (int)res->pid);
	else if (res->summary)
		fprintf(stderr, "%s\n", res->summary);
}

struct run_args {
	const char *profile, *name, *state_dir;
	enum scfs_mode mode;
	struct pipeline_opts po;
};

/* Options up to the command.  Returns 0, 1 after --help, or the exit
 * status of a bad option. */
static int parse_run(int argc, char **argv, struct run_args *a)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "profile", required_argument, NULL, 'p' },
		{ "complain", no_argument, NULL, OPT_COMPLAIN },
		{ "count", no_argument, NULL, OPT_COUNT },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		PIPELINE_LONG_OPTIONS,
		{ 0 },
	};
	int c;

	*a = (struct run_args){ .mode = SCFS_MODE_ENFORCE };
	pipeline_opts_init(&a->po);
	/* "+": stop at the first non-option, the command's own options follow. */
	while ((c = getopt_long(argc, argv, "+hp:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(run_help, stdout);
			return 1;
		case 'p':
			a->profile = optarg;
			break;
		case OPT_COMPLAIN:
			a->mode = SCFS_MODE_COMPLAIN;
			break;
		case OPT_COUNT:
			a->mode = a->mode == SCFS_MODE_COMPLAIN ? a->mode : SCFS_MODE_COUNT;
			break;
		case OPT_NAME:
			a->name = optarg;
			break;
		case OPT_STATE_DIR:
			a->state_dir = optarg;
			break;
		default:
			if (pipeline_opt(&a->po, c, optarg) != 1 || c == 'A' || c == 'K')
				return cli_error("run", "bad option (see scfs run --help)");
		}
	}
	if (optind >= argc)
		return cli_error("run", "no command given (scfs run [OPTIONS] -- COMMAND [ARGS...])");
	if (!a->profile)
		a->profile = scfs_default_profile_path(cli_env());
	return 0;
}

/* A filter-cache hit taken before the parse (pipeline_peek): the profile
 * is parsed and expanded, and the entry checked against it, while the
 * launcher loads the filter, before it is let go; the diagnostics are
 * printed then, in pipeline_run's order. */
struct early {
	struct scfs_pipeline *pl;
	const struct run_args *a;
	struct scfs_diag notes; /* the cache lookup's */
	int r; /* 0; 1: the entry failed its checks (pipeline_run's way instead); or an exit status */
};

static int settle(void *userdata)
{
	struct early *e = userdata;
	struct scfs_pipeline *pl = e->pl;
	int r = scfs_pipeline_settle(pl, e->a->profile, &pl->diag);

	if (r == 1) {
		e->r = 1; /* nothing said: pipeline_run says it all, the entry's fault too */
		return -ESTALE;
	}
	pipeline_caps_note(pl->src, &e->a->po, &pl->host);
	if (r == 0) {
		scfs_profile_check_portable(pl->src, pl->eff, &pl->diag);
		for (size_t i = 0; i < e->notes.n; i++)
			scfs_diag_add(&pl->diag, e->notes.v[i].level, e->notes.v[i].path, "%s", e->notes.v[i].msg);
	}
	scfs_diag_print(&pl->diag, stderr, e->a->po.verbose ? SCFS_DIAG_NOTE : SCFS_DIAG_WARNING);
	if (r == 0)
		return 0;
	if (!scfs_diag_failed(&pl->diag))
		fprintf(stderr, "%s: %s\n", e->a->profile, strerror(-r));
	e->r = EXIT_SCFS_FAILURE;
	return -EINVAL;
}

/* Run @argv under the compiled profile; the command's exit status. */
static int launch(const struct run_args *a, const struct scfs_pipeline *pl, bool drop_caps, char **argv,
		  struct early *e)
{
	_cleanup_free_ char *base = scfs_state_base(a->state_dir, cli_env());
	struct scfs_run_result res = { 0 };
	struct scfs_run_spec spec = {
		.argv = argv,
		.name = a->name,
		.mode = a->mode,
		.state_base = base,
		.drop_caps = drop_caps,
		.caps = pl->host.caps,
		.filter = pl->filter,
		.profile_path = a->profile,
		.profile_text = pl->text,
		.profile_len = pl->len,
		.search_path = cli_env()->path,
		.prepare = e ? settle : NULL,
		.prepare_userdata = e,
	};
	struct scfs_diag rd;
	int r;

	scfs_diag_init(&rd, "scfs run");
	r = scfs_run(&spec, &res, &rd);
	if (r < 0 && e && e->r) {
		r = e->r; /* settle said why, or pipeline_run will */
	} else if (r < 0) {
		scfs_diag_print(&rd, stderr, SCFS_DIAG_WARNING);
		if (!scfs_diag_failed(&rd))
			fprintf(stderr, "scfs run: %s\n", strerror(-r));
		r = EXIT_SCFS_FAILURE;
	} else {
		print_summary(&res, a->state_dir);
		r = res.exit_code;
	}
	scfs_run_result_done(&res);
	scfs_diag_done(&rd);
	return r;
}

/* The launch with its --caps plan; @e for a filter from pipeline_peek. */
static int plan_and_launch(const struct run_args *a, struct scfs_pipeline *pl, char **argv, struct early *e)
{
	bool drop_caps = false;
	int r = a->po.caps ? caps_plan(a->po.caps, pl->host.caps, &drop_caps) : 0;

	return r ? r : launch(a, pl, drop_caps, argv, e);
}

int cmd_run(int argc, char **argv)
{
	struct scfs_pipeline pl = { 0 };
	struct run_args a;
	struct early e = { .pl = &pl, .a = &a };
	int r = parse_run(argc, argv, &a), peek;

	if (r)
		return r == 1 ? 0 : r;
	scfs_diag_init(&e.notes, "");
	peek = pipeline_peek(&pl, a.profile, &a.po, &e.notes);
	if (peek == 0)
		r = plan_and_launch(&a, &pl, argv + optind, &e);
	if (peek == 0 && e.r != 1) {
		pipeline_done(&pl);
		scfs_diag_done(&e.notes);
		return r;
	}
	pipeline_done(&pl);
	scfs_diag_done(&e.notes);
	if (peek != 0 && peek != 1)
		return peek;
	/* No hit, or an entry that failed its checks: the way every verb takes. */
	r = pipeline_run(&pl, a.profile, &a.po, true);
	if (r == 0)
		r = plan_and_launch(&a, &pl, argv + optind, NULL);
	pipeline_done(&pl);
	return r;
}
