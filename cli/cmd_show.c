/* scfs show: one target's state, rendered as the FUSE view serves it. */
#include <errno.h>

#include "cli.h"

static const char show_help[] =
	"Usage: scfs show [--state-dir DIR] PID [FILE]\n"
	"Print FILE of a target's state: status (default), counters, denied, exit,\n"
	"unknown, info, profile.json, effective.json, filter.txt.\n";

/* A state file, read as untrusted input (no link, bounded) and printed
 * with whatever a terminal would act on escaped (doc/state-format.md). */
static int cat_file(const struct scfs_state_view *v, const char *name)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r = scfs_state_file_read(v->dirfd, name, SCFS_STATE_FILE_MAX, &text, &len);

	if (r < 0)
		return cli_error("show", "%s/%s: %s", v->dir, name, scfs_state_strerror(r));
	scfs_escape_put(stdout, text, len, SCFS_ESC_SHOW_TEXT, NULL);
	return 0;
}

int cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "state-dir", required_argument, NULL, 'd' },
		{ 0 },
	};
	const char *state_dir = NULL, *what = "status";
	_cleanup_free_ char *base = NULL, *text = NULL;
	struct scfs_state_view v;
	int c, r;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(show_help, stdout);
			return 0;
		}
		if (c != 'd')
			return cli_error("show", "bad option (see scfs show --help)");
		state_dir = optarg;
	}
	if (optind >= argc || optind + 2 < argc)
		return cli_error("show", "expected PID [FILE]");
	if (optind + 1 < argc)
		what = argv[optind + 1];
	if (strchr(what, '/'))
		return cli_error("show", "no such file \"%s\"", what);
	base = scfs_state_base(state_dir);
	r = scfs_state_view_open(&v, base, (pid_t)atoi(argv[optind]));
	if (r < 0)
		return cli_error("show", "%s: no state for this target (%s)", argv[optind], scfs_state_strerror(r));
	if (strcmp(what, "status") == 0)
		text = scfs_render_status(&v);
	else if (strcmp(what, "counters") == 0)
		text = scfs_render_counters(&v);
	if (text)
		fputs(text, stdout);
	else
		r = cat_file(&v, what);
	scfs_state_view_done(&v);
	return r < 0 ? EXIT_SCFS_FAILURE : r;
}
