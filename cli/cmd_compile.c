/* scfs compile: the exact filter bytes scfs would load. */
#include <fcntl.h>

#include "cli.h"

static const char compile_help[] =
	"Usage: scfs compile [OPTIONS] PROFILE\n"
	"Write the BPF program scfs would load for PROFILE on this host (the ENOSYS\n"
	"stub followed by libseccomp's program), or a readable listing of it.\n"
	"The raw form is what bwrap --seccomp FD takes.\n\n"
	"  -o, --output FILE  write to FILE instead of standard output\n"
	"  --format bpf|pfc   raw struct sock_filter array (default) or listing\n" PIPELINE_HELP;

int cmd_compile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		PIPELINE_LONG_OPTIONS,
		{ 0 },
	};
	const char *output = NULL, *format = "bpf";
	struct pipeline_opts po;
	struct scfs_pipeline pl;
	int c, r, fd = STDOUT_FILENO;

	pipeline_opts_init(&po);
	while ((c = getopt_long(argc, argv, "ho:v", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(compile_help, stdout);
			return 0;
		}
		if (c == 'o')
			output = optarg;
		else if (c == 'f')
			format = optarg;
		else if (pipeline_opt(&po, c, optarg) != 1)
			return cli_error("compile", "bad option (see scfs compile --help)");
	}
	if (strcmp(format, "bpf") != 0 && strcmp(format, "pfc") != 0)
		return cli_error("compile", "--format: expected bpf or pfc, got \"%s\"", format);
	if (optind != argc - 1)
		return cli_error("compile", "expected one PROFILE (see scfs compile --help)");
	if (!output && strcmp(format, "bpf") == 0 && isatty(STDOUT_FILENO))
		return cli_error("compile", "refusing to write binary BPF to a terminal; use -o FILE or --format pfc");
	r = pipeline_run(&pl, argv[optind], &po, true);
	if (r == 0 && output) {
		fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			r = cli_error("compile", "%s: %s", output, strerror(errno));
	}
	if (r == 0) {
		int w = strcmp(format, "bpf") == 0 ? scfs_filter_write_bpf(pl.filter, fd)
						   : scfs_filter_write_pfc(pl.filter, fd);

		if (w < 0)
			r = cli_error("compile", "write: %s", strerror(-w));
	}
	if (output && fd >= 0 && close(fd) < 0 && r == 0)
		r = cli_error("compile", "%s: %s", output, strerror(errno));
	pipeline_done(&pl);
	return r;
}
