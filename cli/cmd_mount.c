/* scfs mount, and scfs started by mount(8): the FUSE view is a program of
 * its own (fs/, scfs-fs) that this verb executes, so that only it loads
 * libfuse and every other verb starts without it. */
#include <errno.h>

#include "config.h"
#include "cli.h"

/* mountinfo escapes blanks, tabs, newlines and backslashes as \ooo. */
static void unescape_octal(char *s)
{
	char *w = s;

	for (const char *r = s; *r; w++)
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' &&
		    r[3] <= '7') {
			*w = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 4;
		} else {
			*w = *r++;
		}
	*w = '\0';
}

/* Whether the topmost mount at @dir is an scfs view: mounting again would
 * stack a second daemon over the first, which then serves nobody.  A dead
 * view (ENOTCONN) counts too: it wants umount, not another layer. */
static bool scfs_mounted_at(const char *dir)
{
	_cleanup_free_ char *real = realpath(dir, NULL), *line = NULL, *cwd = NULL;
	_cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
	size_t cap = 0;
	bool top_is_scfs = false;

	if (!real && dir[0] != '/')
		cwd = get_current_dir_name();
	if (!real)
		real = cwd ? scfs_xasprintf("%s/%s", cwd, dir) : scfs_xstrdup(dir);
	while (f && getline(&line, &cap, f) > 0) {
		char mp[4096], fstype[256];
		const char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mp) != 1 || sscanf(sep + 3, "%255s", fstype) != 1)
			continue;
		unescape_octal(mp);
		if (strcmp(mp, real) == 0) /* later lines are mounted on top */
			top_is_scfs = strcmp(fstype, "fuse.scfs") == 0;
	}
	return top_is_scfs;
}

/* The mountpoint among libfuse's arguments: the first that is neither an
 * option nor the value of -o. */
static const char *mountpoint_arg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0)
			i++;
		else if (argv[i][0] != '-')
			return argv[i];
	}
	return NULL;
}

#if SCFS_HAVE_FS
/* The view's program: this build tree's when this scfs is the build
 * tree's (the tests run it there), else the installed one. */
static const char *fs_program(void)
{
	_cleanup_free_ char *self = realpath("/proc/self/exe", NULL);
	_cleanup_free_ char *built = realpath(SCFS_BUILD_SCFS, NULL);

	return self && built && strcmp(self, built) == 0 ? SCFS_BUILD_FS_PROGRAM : SCFS_FS_PROGRAM;
}
#endif

/* Execute the view with argv[0] set to "scfs" for libfuse's messages. */
static int run_view(int argc, char **argv, const char *source)
{
#if SCFS_HAVE_FS
	_cleanup_free_ char **args = scfs_xcalloc((size_t)argc + 2, sizeof(*args));
	_cleanup_free_ char *src = source ? scfs_xasprintf("--source=%s", source) : NULL;
	const char *mp = mountpoint_arg(argc, argv), *prog = fs_program();
	int n = 0;

	if (mp && scfs_mounted_at(mp))
		return cli_error("mount", "%s: the scfs view is already mounted there (umount %s first)", mp, mp);

	args[n++] = (char *)"scfs";
	if (src)
		args[n++] = src;
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	fflush(NULL);
	execv(prog, args);
	return cli_error("mount", "cannot execute the FUSE view %s: %s", prog, strerror(errno));
#else
	return cli_error("mount", "this scfs was built without the FUSE view (meson setup -Dfs=enabled, needs fuse3)");
#endif
}

int cmd_mount(int argc, char **argv)
{
	return run_view(argc, argv, NULL);
}

int cmd_mount_helper(int argc, char **argv)
{
	/* scfs SOURCE MOUNTPOINT [-o OPTS]: SOURCE is only a label. */
	return run_view(argc - 1, argv + 1, argv[1]);
}
