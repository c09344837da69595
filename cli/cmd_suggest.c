/* scfs suggest: the smallest change to a target's profile that would have
 * allowed its denials (core/tools/suggest.c). */
#include <errno.h>
#include <fcntl.h>

#include "cli.h"

static const char suggest_help[] =
	"Usage: scfs suggest [OPTIONS] PID [-o FILE]\n"
	"From the denials of target PID, the smallest change to the profile it ran\n"
	"under that would have allowed them, argument by argument: a masked\n"
	"condition relaxed by the bits the calls set, the enum values they used,\n"
	"the flags they used, and only then the whole syscall.  Each change is\n"
	"kept only if the real filter, compiled afresh for this host, allows every\n"
	"denied call.  Prints the change as a JSON patch (RFC 6902) on stdout and\n"
	"one line per syscall on stderr; -o writes the edited profile.\n\n"
	"  -o, --output FILE  write the edited profile (layout kept) to FILE\n"
	"  --state-dir DIR    where the targets' state is\n" PIPELINE_HELP
	"\nUse the --caps the target ran with: the profile is expanded for it.\n"
	"Exit status: 0 every denial allowed (or none), 1 some could not be,\n"
	"125 errors.\n";

/* A state file, read as every state reader does (scfs/state.h): the
 * directory is its owner's to write. */
static int read_state(const char *dir, const char *name, char **text, size_t *len)
{
	_cleanup_close_ int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int r = dirfd < 0 ? -errno : scfs_state_file_read(dirfd, name, SCFS_STATE_FILE_MAX, text, len);

	return r < 0 ? cli_error("suggest", "%s/%s: %s", dir, name, scfs_state_strerror(r)) : 0;
}

static int write_out(const char *path, const struct scfs_suggestion *s)
{
	int r = cli_write_out(path, s->rendered, s->rendered_len);

	return r < 0 ? cli_error("suggest", "%s: %s", path, strerror(-r)) : 0;
}

static void report(const struct scfs_suggestion *s, size_t no_args)
{
	for (size_t i = 0; i < s->n_changes; i++)
		fprintf(stderr, "scfs suggest: %s (%zu denied call%s)\n", s->changes[i].what, s->changes[i].calls,
			s->changes[i].calls == 1 ? "" : "s");
	if (no_args)
		fprintf(stderr, "scfs suggest: %zu denial%s from the kernel's records (kills, traps) carry no arguments: not used\n",
			no_args, no_args == 1 ? "" : "s");
	if (s->unresolved)
		fprintf(stderr, "scfs suggest: %zu denied call%s could not be allowed by any change tried\n", s->unresolved,
			s->unresolved == 1 ? "" : "s");
	if (!s->n_changes && !s->unresolved)
		fprintf(stderr, "scfs suggest: nothing to change: the profile allows every recorded call\n");
}

static int suggest(const char *dir, const char *out, const struct pipeline_opts *po)
{
	_cleanup_free_ char *denied = NULL, *profile = scfs_xasprintf("%s/profile.json", dir);
	_cleanup_free_ struct scfs_suggest_call *calls = NULL;
	struct scfs_suggestion s;
	struct scfs_pipeline pl;
	size_t len, n = 0, no_args = 0;
	int r;

	r = read_state(dir, "denied.jsonl", &denied, &len);
	if (r)
		return r;
	if (scfs_suggest_read_denials(denied, len, &calls, &n, &no_args) < 0)
		return cli_error("suggest", "%s/denied.jsonl: not a denial log", dir);
	r = pipeline_run(&pl, profile, po, false);
	if (r == 0 && scfs_suggest(pl.text, pl.len, profile, &pl.host, calls, n, &s, &pl.diag) < 0) {
		scfs_diag_print(&pl.diag, stderr, SCFS_DIAG_WARNING);
		r = EXIT_SCFS_FAILURE;
	}
	pipeline_done(&pl);
	if (r)
		return r;
	puts(json_object_to_json_string_ext(s.patch, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	report(&s, no_args);
	r = out ? write_out(out, &s) : 0;
	if (r == 0 && s.unresolved)
		r = 1;
	scfs_suggestion_done(&s);
	return r;
}

int cmd_suggest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "state-dir", required_argument, NULL, 'd' },
		PIPELINE_LONG_OPTIONS,
		{ 0 },
	};
	const char *out = NULL, *state_dir = NULL;
	_cleanup_free_ char *base = NULL, *dir = NULL;
	struct pipeline_opts po;
	int c;

	pipeline_opts_init(&po);
	while ((c = getopt_long(argc, argv, "ho:v", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(suggest_help, stdout);
			return 0;
		}
		if (c == 'o')
			out = optarg;
		else if (c == 'd')
			state_dir = optarg;
		else if (pipeline_opt(&po, c, optarg) != 1)
			return cli_error("suggest", "bad option (see scfs suggest --help)");
	}
	if (optind + 1 != argc)
		return cli_error("suggest", "expected one target PID (see scfs suggest --help)");
	base = scfs_state_base(state_dir, cli_env());
	dir = scfs_xasprintf("%s/%d", base, atoi(argv[optind]));
	return suggest(dir, out, &po);
}
