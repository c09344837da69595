/* scfs record: the allow-list profile a command needs. */
#include <fcntl.h>

#include "cli.h"

static const char record_help[] =
	"Usage: scfs record -o OUT.json [OPTIONS] -- COMMAND [ARGS...]\n"
	"Run COMMAND with every syscall it and its descendants make after execve\n"
	"observed and allowed (complain mode), then write a profile that allows\n"
	"exactly those syscalls and denies the rest with EPERM.  The rule's\n"
	"\"comment\" records the command line, arch, kernel, libseccomp version,\n"
	"date and run count (see scfs merge).  Anything that makes the recording\n"
	"incomplete is printed.\n\n"
	"  -o, --output FILE   where the profile goes (- for standard output)\n"
	"  --base PROFILE      start from PROFILE: only calls it would deny are\n"
	"                      observed and added (before its rules); what it\n"
	"                      allows stays as it is\n"
	"  --name NAME         a name for the target in scfs ps\n"
	"  --state-dir DIR     where the run's state goes (as scfs run)\n\n"
	"Exit status: the command's (as scfs run), 125 if scfs failed.\n";

enum { OPT_BASE = 0x100, OPT_NAME, OPT_STATE_DIR };

/* Options up to the command into @spec.  Returns 0, 1 after --help, or
 * the exit status of a bad option. */
static int parse_record(int argc, char **argv, struct scfs_record_spec *spec, const char **output,
			const char **state_dir)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "base", required_argument, NULL, OPT_BASE },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(record_help, stdout);
			return 1;
		case 'o':
			*output = optarg;
			break;
		case OPT_BASE:
			spec->base_path = optarg;
			break;
		case OPT_NAME:
			spec->name = optarg;
			break;
		case OPT_STATE_DIR:
			*state_dir = optarg;
			break;
		default:
			return cli_error("record", "bad option (see scfs record --help)");
		}
	}
	if (!*output)
		return cli_error("record", "-o OUT.json is required (see scfs record --help)");
	if (optind >= argc)
		return cli_error("record", "no command given (scfs record -o OUT -- COMMAND [ARGS...])");
	return 0;
}

/* Write what was recorded and say so; the command's exit status. */
static int report(const struct scfs_record_result *res, const char *output)
{
	bool incomplete = false;
	int r;

	if (!res->profile) {
		if (res->summary)
			fprintf(stderr, "%s\n", res->summary);
		fprintf(stderr, "scfs record: the command did not run: no profile written\n");
		return res->exit_code;
	}
	r = cli_write_out(output, res->profile, strlen(res->profile));
	if (r < 0)
		return cli_error("record", "%s: %s", output, strerror(-r));
	for (size_t i = 0; i < res->n_notes; i++) {
		fprintf(stderr, "scfs record: %s%s\n", res->notes[i].incomplete ? "INCOMPLETE: " : "", res->notes[i].text);
		incomplete |= res->notes[i].incomplete;
	}
	/* The run's own summary counts every recorded call as a denial:
	 * only a command that did not run is worth its words. */
	if (res->summary && res->exit_code >= 125)
		fprintf(stderr, "%s\n", res->summary);
	fprintf(stderr, "scfs record: %zu syscalls (%llu calls) recorded%s, written to %s (state: pid %d)\n",
		res->n_syscalls, (unsigned long long)res->n_calls, incomplete ? ", INCOMPLETE" : "",
		strcmp(output, "-") == 0 ? "standard output" : output, (int)res->pid);
	return res->exit_code;
}

int cmd_record(int argc, char **argv)
{
	const char *output = NULL, *state_dir = NULL;
	_cleanup_free_ char *base = NULL;
	struct scfs_record_spec spec = { .search_path = cli_env()->path };
	struct scfs_record_result res = { 0 };
	struct scfs_host host;
	struct scfs_diag diag;
	int r = parse_record(argc, argv, &spec, &output, &state_dir);

	if (r)
		return r == 1 ? 0 : r;
	r = scfs_host_detect(&host);
	if (r < 0)
		return cli_error("record", "cannot read this host's arch, capabilities or kernel: %s", strerror(-r));
	base = scfs_state_base(state_dir, cli_env());
	spec.argv = argv + optind;
	spec.state_base = base;
	spec.host = &host;
	scfs_diag_init(&diag, "scfs record");
	r = scfs_record(&spec, &res, &diag);
	if (r < 0) {
		scfs_diag_print(&diag, stderr, SCFS_DIAG_WARNING);
		if (!scfs_diag_failed(&diag))
			fprintf(stderr, "scfs record: %s\n", strerror(-r));
		if (res.summary)
			fprintf(stderr, "%s\n", res.summary);
		r = EXIT_SCFS_FAILURE;
	} else {
		r = report(&res, output);
	}
	scfs_diag_done(&diag);
	scfs_record_result_done(&res);
	return r;
}
