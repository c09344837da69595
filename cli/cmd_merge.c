/* scfs merge: the union of recorded profiles. */
#include "cli.h"

static const char merge_help[] =
	"Usage: scfs merge -o OUT.json A.json B.json ...\n"
	"Unite recorded profiles (scfs record): the syscalls any of them allows,\n"
	"grouped in one rule per coverage, whose \"comment\" says in how many of\n"
	"the M recorded runs it was seen (\"seen in N of M runs\").  A profile not\n"
	"written by scfs record counts as one run that saw all its allows.  Other\n"
	"rules (argument rules, denials) are kept once, after the allows.  The\n"
	"default actions must agree.\n\n"
	"  -o, --output FILE  where the profile goes (- for standard output)\n\n"
	"Exit status: 0 written, 125 an input cannot be read or merged.\n";

int cmd_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ 0 },
	};
	const char *output = NULL;
	_cleanup_free_ char *text = NULL;
	struct scfs_diag diag;
	int c, r;

	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(merge_help, stdout);
			return 0;
		}
		if (c != 'o')
			return cli_error("merge", "bad option (see scfs merge --help)");
		output = optarg;
	}
	if (!output)
		return cli_error("merge", "-o OUT.json is required (see scfs merge --help)");
	if (optind >= argc)
		return cli_error("merge", "expected at least one profile to merge");
	scfs_diag_init(&diag, "scfs merge");
	r = scfs_merge((const char *const *)argv + optind, (size_t)(argc - optind), &text, &diag);
	scfs_diag_print(&diag, stderr, SCFS_DIAG_WARNING);
	scfs_diag_done(&diag);
	if (r < 0)
		return EXIT_SCFS_FAILURE;
	r = cli_write_out(output, text, strlen(text));
	if (r < 0)
		return cli_error("merge", "%s: %s", output, strerror(-r));
	return 0;
}
