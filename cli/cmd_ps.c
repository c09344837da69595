/* scfs ps / scfs clean: the targets in the state directory. */
#include <errno.h>
#include <ftw.h>
#include <signal.h>

#include "cli.h"

static const char ps_help[] =
	"Usage: scfs ps [--state-dir DIR]\n"
	"List targets of scfs run and containers the agent observes, oldest first:\n"
	"pid, kind (target or container), name (a container's name, else its short\n"
	"id), mode, denials, dropped, state, profile.\n"
	"State \"lost\" means scfs itself (a container's supervisor in the agent) is\n"
	"gone while the target may still run; \"ended\": a container's listener closed.\n";

static const char clean_help[] =
	"Usage: scfs clean [--state-dir DIR] (--all | PID...)\n"
	"Remove the recorded state of targets that are no longer running.\n";

enum { OPT_STATE_DIR = 0x100, OPT_ALL };

static int parse_common(int argc, char **argv, const char *help, const char **state_dir, bool *all)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "all", no_argument, NULL, OPT_ALL },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return 1;
		}
		if (c == OPT_STATE_DIR)
			*state_dir = optarg;
		else if (c == OPT_ALL && all)
			*all = true;
		else
			return -1;
	}
	return 0;
}

/* A value of "info" for a terminal: the file is its owner's to write.
 * Blanks are escaped too, so that the columns stay columns. */
static char *shown(char *raw)
{
	char *out = scfs_escape_str(raw, SCFS_ESC_SHOW, " ");

	free(raw);
	return out;
}

static char *shown_info(const struct scfs_state_view *v, const char *key)
{
	return shown(scfs_state_view_info(v, key));
}

static void ps_line(const struct scfs_state_view *v)
{
	_cleanup_free_ char *name = shown(scfs_state_view_label(v));
	_cleanup_free_ char *mode = shown_info(v, "mode");
	_cleanup_free_ char *prof = shown_info(v, "profile");

	printf("%-8d %-9s %-16s %-9s %8llu %8llu %-8s %s\n", (int)v->pid,
	       scfs_state_view_is_container(v) ? "container" : "target", name ? name : "?", mode ? mode : "?",
	       (unsigned long long)v->hdr.denials, (unsigned long long)v->hdr.dropped, scfs_state_name(v),
	       prof ? prof : "?");
}

static void report_refused(void *userdata, pid_t pid, int r)
{
	fprintf(stderr, "scfs ps: %s/%d: %s\n", (const char *)userdata, (int)pid, scfs_state_strerror(r));
}

int cmd_ps(int argc, char **argv)
{
	const char *state_dir = NULL;
	_cleanup_free_ char *base = NULL;
	struct scfs_target_ref *t = NULL;
	size_t n;
	int r = parse_common(argc, argv, ps_help, &state_dir, NULL);

	if (r)
		return r > 0 ? 0 : cli_error("ps", "bad option (see scfs ps --help)");
	base = scfs_state_base(state_dir, cli_env());
	n = scfs_state_targets(base, report_refused, base, &t); /* none when nothing has run yet */
	printf("%-8s %-9s %-16s %-9s %8s %8s %-8s %s\n", "PID", "KIND", "NAME", "MODE", "DENIALS", "DROPPED", "STATE",
	       "PROFILE");
	for (size_t i = 0; i < n; i++) {
		struct scfs_state_view v;

		if (scfs_state_view_open_light(&v, base, t[i].pid, false) == 0) {
			ps_line(&v);
			scfs_state_view_done(&v);
		}
	}
	scfs_state_targets_free(t, n);
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int clean_one(const char *base, pid_t pid)
{
	struct scfs_state_view v;
	int r = scfs_state_view_open(&v, base, pid);
	bool live;

	if (r < 0)
		return cli_error("clean", "%d: no state (%s)", (int)pid, scfs_state_strerror(r));
	live = (v.hdr.state == SCFS_TARGET_RUNNING || v.hdr.state == SCFS_TARGET_STARTING) &&
	       (scfs_state_view_supervised(&v) || kill(pid, 0) == 0);
	if (!live)
		r = nftw(v.dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS) < 0 ? -errno : 0;
	scfs_state_view_done(&v);
	if (live)
		return cli_error("clean", "%d is still running", (int)pid);
	return r < 0 ? cli_error("clean", "%d: %s", (int)pid, strerror(-r)) : 0;
}

int cmd_clean(int argc, char **argv)
{
	const char *state_dir = NULL;
	_cleanup_free_ char *base = NULL;
	bool all = false;
	int r = parse_common(argc, argv, clean_help, &state_dir, &all), status = 0;

	if (r)
		return r > 0 ? 0 : cli_error("clean", "bad option (see scfs clean --help)");
	base = scfs_state_base(state_dir, cli_env());
	if (all) {
		_cleanup_free_ pid_t *pids = NULL;
		size_t n = 0;

		(void)scfs_state_pids(base, &pids, &n);
		for (size_t i = 0; i < n; i++) {
			struct scfs_state_view v;

			if (scfs_state_view_open(&v, base, pids[i]) == 0) {
				bool done = v.hdr.state == SCFS_TARGET_EXITED || v.hdr.state == SCFS_TARGET_FAILED ||
					    v.hdr.state == SCFS_TARGET_ENDED;

				scfs_state_view_done(&v);
				if (done && clean_one(base, pids[i]))
					status = EXIT_SCFS_FAILURE;
			}
		}
		return status;
	}
	if (optind >= argc)
		return cli_error("clean", "give PIDs or --all");
	for (int i = optind; i < argc; i++) {
		pid_t pid;

		if (!scfs_state_pid_name(argv[i], &pid) || clean_one(base, pid))
			status = EXIT_SCFS_FAILURE;
	}
	return status;
}
