/* scfs: dispatch to a verb, or mount when started by mount(8). */
#include <seccomp.h>
#include <json-c/json.h>
#include <sys/stat.h>

#include "config.h"
#include "cli.h"

static const struct verb verbs[] = {
	{ "check", "validate a profile and summarise it for this host", cmd_check },
	{ "expand", "print the effective OCI profile for this (or a what-if) host", cmd_expand },
	{ "compile", "write the exact BPF filter scfs would load", cmd_compile },
	{ "run", "run a command under a profile, recording every denial", cmd_run },
	{ "ps", "list targets and their denials", cmd_ps },
	{ "show", "print a target's status, counters, denials or other state", cmd_show },
	{ "clean", "remove the state of targets that have exited", cmd_clean },
	{ "lint", "find rules that never take effect, typos, arch gaps and other mistakes", cmd_lint },
	{ "diff", "compare two profiles syscall by syscall, or test that one is a subset", cmd_diff },
	{ "explain", "say which rule decides a call and what the program sees", cmd_explain },
	{ "export", "write a profile as OCI, Docker, BPF, PFC, systemd or SPO", cmd_export },
	{ "record", "run a command and write the allow-list profile it needs", cmd_record },
	{ "merge", "union recorded profiles, keeping how many runs saw each syscall", cmd_merge },
	{ "suggest", "the smallest profile change that would allow a target's denials", cmd_suggest },
	{ "mount", "serve every target's state as files (FUSE, see scfs(5))", cmd_mount },
	{ "agent", "observe containers started through scfs-runtime (receives their listeners)", cmd_agent },
};

static bool is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: scfs VERB [OPTIONS] ...\n\nVerbs:\n");
	for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
		fprintf(f, "  %-10s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(f, "\nscfs VERB --help describes each verb.  scfs --version prints versions.\n");
}

static void version(void)
{
	const struct scmp_version *v = seccomp_version();

	printf("scfs %s (libseccomp %u.%u.%u, json-c %s)\n", SCFS_VERSION, v->major, v->minor, v->micro,
	       json_c_version());
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_SCFS_FAILURE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		version();
		return 0;
	}
	for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			return verbs[i].run(argc - 1, argv + 1);
	/* mount -t fuse.scfs SOURCE DIR runs "scfs SOURCE DIR -o OPTS". */
	if (argc >= 3 && argv[1][0] != '-' && is_directory(argv[2]))
		return cmd_mount_helper(argc, argv);
	fprintf(stderr, "scfs: unknown verb \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_SCFS_FAILURE;
}
