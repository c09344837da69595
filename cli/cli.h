/* Shared pieces of the scfs command-line verbs. */
#pragma once

#include <getopt.h>
#include <stdbool.h>

#include "scfs/scfs.h"
#include "env.h"

/* Exit statuses, as container runtimes use them. */
#define EXIT_SCFS_FAILURE 125 /* bad profile or scfs itself failed */

struct verb {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

/* Options every profile-reading verb takes. */
struct pipeline_opts {
	const char *arch;   /* what-if native arch */
	const char *caps;   /* what-if bounding set */
	const char *kernel; /* what-if kernel version */
	bool strict;        /* unknown syscall names are errors */
	bool optimize;
	bool verbose;       /* print notes too */
	bool no_cache;      /* compile afresh, without the filter cache */
	enum scfs_enosys_model enosys;
};

#define PIPELINE_LONG_OPTIONS                                          \
	{ "arch", required_argument, NULL, 'A' },                      \
	{ "caps", required_argument, NULL, 'C' },                      \
	{ "kernel", required_argument, NULL, 'K' },                    \
	{ "strict", no_argument, NULL, 'S' },                          \
	{ "no-optimize", no_argument, NULL, 'O' },                     \
	{ "enosys", required_argument, NULL, 'E' },                    \
	{ "no-cache", no_argument, NULL, 'N' },                        \
	{ "verbose", no_argument, NULL, 'v' }

#define PIPELINE_HELP                                                                          \
	"  --arch ARCH        expand for another native arch (x86_64, aarch64, ...)\n"       \
	"  --caps LIST        bounding capability set to expand for: docker, containerd,\n" \
	"                     podman (a runtime's default set), all, none, CAP_A,CAP_B\n" \
	"                     or a mix (docker,SYS_ADMIN); default: this process's\n"     \
	"  --kernel X.Y       kernel version for minKernel (default: this kernel)\n"         \
	"  --strict           unknown syscall names are errors, not warnings\n"              \
	"  --enosys stub|none ENOSYS for syscalls newer than the profile (default: stub)\n"  \
	"  --no-optimize      no binary-tree optimisation of the filter\n"                   \
	"  --no-cache         compile afresh, neither reading nor writing the filter cache\n" \
	"  -v, --verbose      print notes as well as errors and warnings\n"

void pipeline_opts_init(struct pipeline_opts *o);
/* Handle one of PIPELINE_LONG_OPTIONS; returns 1 if handled, 0 if not, -1 on a bad value. */
int pipeline_opt(struct pipeline_opts *o, int c, const char *arg);

/**
 * Load @path, expand it for the host (with the what-if overrides) and, if
 * @compile, compile it (through the filter cache unless o->no_cache or
 * $SCFS_NO_CACHE).  Diagnostics are printed to stderr.
 * Returns 0, or EXIT_SCFS_FAILURE after printing why.
 */
int pipeline_run(struct scfs_pipeline *pl, const char *path, const struct pipeline_opts *o, bool compile_it);
void pipeline_done(struct scfs_pipeline *pl);
/* scfs run's start on a filter-cache hit (scfs_pipeline_peek): 0 with
 * pl->filter from the cache, the profile not yet parsed; 1 when it is no
 * hit (take pipeline_run); else the exit status after a message. */
int pipeline_peek(struct scfs_pipeline *pl, const char *path, const struct pipeline_opts *o,
		  struct scfs_diag *notes);
/* One line on stderr, once, when @p has includes/excludes.caps and is
 * expanded for this process's bounding set (no --caps) rather than for a
 * container's: which presets give a runtime's set. */
void pipeline_caps_note(const struct scfs_profile *p, const struct pipeline_opts *o, const struct scfs_host *h);



int cmd_check(int argc, char **argv);
int cmd_expand(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_agent(int argc, char **argv);
/* scfs SOURCE MOUNTPOINT [-o OPTS], as mount(8) runs a fuse.scfs helper. */
int cmd_mount_helper(int argc, char **argv);

/* "scfs VERB: message" on stderr; returns EXIT_SCFS_FAILURE. */
/* @len bytes to @path ("-": standard output) through a fresh temporary
 * file renamed over it.  Returns 0 or -errno. */
int cli_write_out(const char *path, const void *data, size_t len);
int cli_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
