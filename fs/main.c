/* scfs-fs, the FUSE view's own program: options, the session, and
 * libfuse's loop.  A program of its own so that no other verb of scfs
 * loads libfuse: scfs mount, and scfs as mount(8)'s fuse.scfs helper,
 * exec it (cli/cmd_mount.c). */
#include <errno.h>
#include <stddef.h>

#include "env.h"
#include "fs.h"
#include <fuse_lowlevel.h> /* fuse_cmdline_help */

static const char mount_help[] =
	"Usage: scfs mount MOUNTPOINT [-f] [-o OPT[,OPT...]]\n"
	"       scfs SOURCE MOUNTPOINT -o OPTS      (as mount -t fuse.scfs SOURCE MOUNTPOINT runs it)\n"
	"Serve the state of every target of scfs run, and the seccomp state of every\n"
	"host process, as a read-only file system (see scfs(5)).\n\n"
	"  -f                   stay in the foreground\n"
	"  -o state_dir=DIR     the state directory (default: as scfs run: $SCFS_STATE_DIR,\n"
	"                       /run/scfs for root, $XDG_RUNTIME_DIR/scfs otherwise)\n"
	"  -o allow_other       let other users in (they see only their own targets' files)\n"
	"  -o scfs_debug        debug lines of the view on stderr\n"
	"  -o OPT               any other option goes to libfuse (scfs mount --help-fuse)\n";

struct mount_opts {
	char *state_dir;
	int debug;
	int help;
	int help_fuse;
};

enum { KEY_HELP, KEY_HELP_FUSE };

static const struct fuse_opt mount_opt_spec[] = {
	{ "state_dir=%s", offsetof(struct mount_opts, state_dir), 0 },
	{ "scfs_debug", offsetof(struct mount_opts, debug), 1 },
	FUSE_OPT_KEY("-h", KEY_HELP),
	FUSE_OPT_KEY("--help", KEY_HELP),
	FUSE_OPT_KEY("--help-fuse", KEY_HELP_FUSE),
	FUSE_OPT_END,
};

static int opt_proc(void *data, const char *arg, int key, struct fuse_args *out)
{
	struct mount_opts *o = data;

	if (key == KEY_HELP) {
		o->help = 1;
		return 0;
	}
	if (key == KEY_HELP_FUSE) {
		o->help_fuse = 1;
		return 0;
	}
	return 1; /* everything else is libfuse's */
}

/* The daemon changes to / when it detaches: make the base absolute first. */
static char *absolute(const char *path)
{
	_cleanup_free_ char *cwd = NULL;

	if (path[0] == '/')
		return scfs_xstrdup(path);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return scfs_xstrdup(path);
	return scfs_xasprintf("%s/%s", cwd, path);
}

static bool has_option(const struct fuse_args *args, const char *name)
{
	size_t nl = strlen(name);

	for (int i = 1; i < args->argc; i++) {
		const char *a = args->argv[i];

		for (const char *p = strstr(a, name); p; p = strstr(p + 1, name))
			if ((p == a || p[-1] == ',' || (p - a == 2 && a[0] == '-' && a[1] == 'o')) &&
			    (p[nl] == '=' || p[nl] == ',' || p[nl] == 0))
				return true;
	}
	return false;
}

/* Mount the view and serve it until unmounted.  @argv: "scfs MOUNTPOINT
 * [-f] [-s] [-d] [-o OPT[,OPT...]]" (argv[0] names the program in libfuse's
 * messages); @source: mount(8)'s SOURCE (a label, the file system's name)
 * or NULL.  Returns 0 after a clean unmount, 1 after bad options, or
 * fuse_main()'s status. */
static int fs_main(int argc, char **argv, const char *source)
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct mount_opts o = { 0 };
	struct fs_session s;
	char *extra = NULL;
	_cleanup_free_ char *base = NULL, *abs = NULL, *fsname = NULL;
	int r;

	if (fuse_opt_parse(&args, &o, mount_opt_spec, opt_proc) < 0) {
		fuse_opt_free_args(&args);
		return 1;
	}
	if (o.help || o.help_fuse) {
		fputs(mount_help, stdout);
		if (o.help_fuse) {
			printf("\nlibfuse options:\n");
			fuse_cmdline_help();
			fuse_lib_help(&args);
		}
		fuse_opt_free_args(&args);
		free(o.state_dir);
		return 0;
	}
	base = scfs_state_base(o.state_dir, cli_env());
	abs = absolute(base);
	/* Read-only, whatever else was asked (mount(8) passes "rw" along):
	 * the kernel then refuses every write with EROFS. */
	if (!has_option(&args, "fsname")) {
		fsname = scfs_xasprintf("fsname=%s", source && *source ? source : "scfs");
		(void)fuse_opt_add_opt_escaped(&extra, fsname);
	}
	if (!has_option(&args, "subtype"))
		(void)fuse_opt_add_opt(&extra, "subtype=scfs");
	/* libfuse 3.14 warns about its own default here (libfuse issue #1003). */
	if (!has_option(&args, "max_idle_threads"))
		(void)fuse_opt_add_opt(&extra, "max_idle_threads=10");
	(void)fuse_opt_add_opt(&extra, "ro");
	if (fuse_opt_add_arg(&args, "-o") < 0 || fuse_opt_add_arg(&args, extra) < 0) {
		free(extra);
		fuse_opt_free_args(&args);
		free(o.state_dir);
		return 1;
	}
	free(extra);
	fs_session_init(&s, abs, o.debug);
	fs_debug(&s, "state directory %s, filter dumps %s\n", s.base, s.can_dump ? "on" : "off");
	r = fuse_main(args.argc, args.argv, &fs_operations, &s);
	fs_handle_free_all(&s);
	fs_session_done(&s);
	fuse_opt_free_args(&args);
	free(o.state_dir);
	return r;
}

/* scfs-fs [--source=SOURCE] MOUNTPOINT [OPTIONS]: argv[0] as the caller
 * wants libfuse to name the program ("scfs"). */
int main(int argc, char **argv)
{
	const char *source = NULL;

	if (argc > 1 && strncmp(argv[1], "--source=", 9) == 0) {
		source = argv[1] + 9;
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	return fs_main(argc, argv, source) ? 125 : 0;
}
