/* scfs mount, and scfs started by mount(8): the FUSE view (fs/). */
#include "config.h"
#include "cli.h"
#if SCFS_HAVE_FS
#include "scfs_fs.h"
#endif

/* Run the view with argv[0] set to "scfs" for libfuse's messages. */
static int run_view(int argc, char **argv, const char *source)
{
#if SCFS_HAVE_FS
	_cleanup_free_ char **args = scfs_xcalloc((size_t)argc + 1, sizeof(*args));

	args[0] = (char *)"scfs";
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	return scfs_fs_main(argc, args, source) ? EXIT_SCFS_FAILURE : 0;
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
