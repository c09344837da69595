/* The FUSE view as the scfs program calls it (cli/cmd_mount.c). */
#pragma once

/**
 * Mount the view and serve it until unmounted.
 * @argc, @argv: "scfs MOUNTPOINT [-f] [-s] [-d] [-o OPT[,OPT...]]" (argv[0]
 *   is the program name for messages); -o state_dir=DIR picks the state
 *   directory (default: as scfs run, scfs_state_base()), -o scfs_debug
 *   prints the view's own debug lines, other options go to libfuse.
 * @source: mount(8)'s SOURCE (a label, shown as the file system's name),
 *   or NULL.
 * Returns 0 after a clean unmount, 1 after bad options, or libfuse's
 * fuse_main() status.
 */
int scfs_fs_main(int argc, char **argv, const char *source);
