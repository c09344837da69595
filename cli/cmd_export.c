/* scfs export: the profile in another tool's format. */
#include <fcntl.h>

#include "cli.h"

static const char export_help[] =
	"Usage: scfs export [OPTIONS] PROFILE --to FORMAT [-o FILE]\n"
	"Write PROFILE, as expanded and compiled for this (or a what-if) host, in\n"
	"another format:\n"
	"  oci      the effective OCI linux.seccomp object (includes/excludes and\n"
	"           archMap resolved)\n"
	"  docker   the source profile re-rendered, host-independent\n"
	"  bpf      the exact program scfs loads (what bwrap --seccomp FD takes)\n"
	"  pfc      a readable listing of that program\n"
	"  systemd  SystemCallFilter=, SystemCallErrorNumber= and\n"
	"           SystemCallArchitectures= lines; what systemd cannot express is\n"
	"           listed as comments, never dropped silently\n"
	"  spo      a Security Profiles Operator SeccompProfile (YAML)\n\n"
	"  --to FORMAT        one of the above (required)\n"
	"  -o, --output FILE  write to FILE instead of standard output\n"
	"  --name NAME        metadata.name for spo (default: from the file name)\n" PIPELINE_HELP;

static int emit(const struct scfs_pipeline *pl, enum scfs_export_format fmt, const char *name, int fd)
{
	_cleanup_free_ char *text = NULL;

	switch (fmt) {
	case SCFS_EXPORT_BPF:
		return scfs_filter_write_bpf(pl->filter, fd);
	case SCFS_EXPORT_PFC:
		return scfs_filter_write_pfc(pl->filter, fd);
	case SCFS_EXPORT_OCI:
		text = scfs_profile_to_json(pl->eff);
		break;
	case SCFS_EXPORT_DOCKER:
		text = scfs_profile_to_json(pl->src);
		break;
	case SCFS_EXPORT_SYSTEMD:
		text = scfs_export_systemd(pl->filter, &pl->host);
		break;
	case SCFS_EXPORT_SPO:
		text = scfs_export_spo(pl->eff, name, &pl->host);
		break;
	default:
		return -EINVAL;
	}
	return scfs_write_all(fd, text, strlen(text));
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "to", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		PIPELINE_LONG_OPTIONS,
		{ 0 },
	};
	const char *output = NULL, *to = NULL, *name = NULL;
	enum scfs_export_format fmt;
	struct pipeline_opts po;
	struct scfs_pipeline pl;
	int c, r, w, fd = STDOUT_FILENO;

	pipeline_opts_init(&po);
	while ((c = getopt_long(argc, argv, "ho:v", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(export_help, stdout);
			return 0;
		}
		if (c == 't')
			to = optarg;
		else if (c == 'o')
			output = optarg;
		else if (c == 'n')
			name = optarg;
		else if (pipeline_opt(&po, c, optarg) != 1)
			return cli_error("export", "bad option (see scfs export --help)");
	}
	if (!to)
		return cli_error("export", "--to FORMAT is required: oci, docker, bpf, pfc, systemd or spo");
	fmt = scfs_export_format_from_string(to);
	if (fmt < 0)
		return cli_error("export", "--to: unknown format \"%s\" (oci, docker, bpf, pfc, systemd, spo)", to);
	if (optind != argc - 1)
		return cli_error("export", "expected one PROFILE (see scfs export --help)");
	if (!output && fmt == SCFS_EXPORT_BPF && isatty(STDOUT_FILENO))
		return cli_error("export", "refusing to write binary BPF to a terminal; use -o FILE");
	/* The docker form needs no filter; every other one is of the compiled profile. */
	r = pipeline_run(&pl, argv[optind], &po, fmt != SCFS_EXPORT_DOCKER);
	if (r == 0 && output) {
		fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			r = cli_error("export", "%s: %s", output, strerror(errno));
	}
	if (r == 0) {
		w = emit(&pl, fmt, name, fd);
		if (w < 0)
			r = cli_error("export", "write: %s", strerror(-w));
	}
	if (output && fd >= 0 && close(fd) < 0 && r == 0)
		r = cli_error("export", "%s: %s", output, strerror(errno));
	pipeline_done(&pl);
	return r;
}
