/* scfs expand: the effective OCI object for this (or a what-if) host. */
#include "cli.h"

static const char expand_help[] =
	"Usage: scfs expand [OPTIONS] PROFILE\n"
	"Print PROFILE as the OCI linux.seccomp object it becomes on this host:\n"
	"archMap resolved to \"architectures\", includes/excludes evaluated.\n\n" PIPELINE_HELP;

int cmd_expand(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		PIPELINE_LONG_OPTIONS,
		{ 0 },
	};
	struct pipeline_opts po;
	struct scfs_pipeline pl;
	int c, r;

	pipeline_opts_init(&po);
	while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(expand_help, stdout);
			return 0;
		}
		if (pipeline_opt(&po, c, optarg) != 1)
			return cli_error("expand", "bad option (see scfs expand --help)");
	}
	if (optind != argc - 1)
		return cli_error("expand", "expected one PROFILE (see scfs expand --help)");
	r = pipeline_run(&pl, argv[optind], &po, false);
	if (r == 0) {
		_cleanup_free_ char *s = scfs_profile_to_json(pl.eff);

		fputs(s, stdout);
	}
	pipeline_done(&pl);
	return r;
}
