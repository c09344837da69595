/* scfs show: one target's state, rendered as the FUSE view serves it. */
#include <errno.h>

#include "cli.h"
#include "scfs/render_fs.h"

static const char show_help[] =
	"Usage: scfs show [--state-dir DIR] PID|NAME|last [FILE]\n"
	"Print FILE of a target's state: status (default), counters, denied,\n"
	"denied.jsonl, exit, unknown, info, profile.json, effective.json, filter.txt,\n"
	"filter.bpf and loaded.bpf (binary: not to a terminal).\n"
	"NAME is the --name given to scfs run (or the command's name), or a\n"
	"container's name, full id or an id prefix of 12 or more characters: the\n"
	"latest target of that name.  \"last\" is the target started last.\n";

static bool is_binary(const char *name)
{
	return strcmp(name, "filter.bpf") == 0 || strcmp(name, "loaded.bpf") == 0 || strcmp(name, "trap.bpf") == 0 ||
	       strcmp(name, "counters.bin") == 0;
}

/* A state file, read as untrusted input (no link, bounded) and printed
 * with whatever a terminal would act on escaped (doc/state-format.md);
 * a binary file byte for byte (it never goes to a terminal). */
static int cat_file(const struct scfs_state_view *v, const char *name)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r = scfs_state_file_read(v->dirfd, name, SCFS_STATE_FILE_MAX, &text, &len);

	if (r < 0)
		return cli_error("show", "%s/%s: %s", v->dir, name, scfs_state_strerror(r));
	if (is_binary(name))
		fwrite(text, 1, len, stdout);
	else
		scfs_escape_put(stdout, text, len, SCFS_ESC_SHOW_TEXT, NULL);
	return 0;
}

/* PID, "last" or a name (the latest target of that name, as the FUSE view's
 * by-name links).  Returns the pid, or 0 after printing why not. */
static pid_t resolve(const char *base, const char *who)
{
	pid_t pid = scfs_state_find(base, who);

	if (!pid)
		cli_error("show", "%s: no target %s in %s (scfs ps lists them)", who,
			  strcmp(who, "last") == 0 ? "has run" : "of that name", base);
	return pid;
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
	pid_t pid;
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
	/* As compile does: raw BPF or counters on a terminal only garble it. */
	if (is_binary(what) && isatty(STDOUT_FILENO))
		return cli_error("show", "refusing to write binary %s to a terminal; redirect it (> FILE), or see filter.txt",
				 what);
	base = scfs_state_base(state_dir, cli_env());
	pid = resolve(base, argv[optind]);
	if (!pid)
		return EXIT_SCFS_FAILURE;
	r = scfs_state_view_open(&v, base, pid);
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
