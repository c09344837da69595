/* scfs-runtime: the OCI runtime wrapper (runtime.c), its reading of a
 * runc-style command line and its one-line failure (runtime_args.c), the
 * agent it hands listeners to (runtime_agent.c), the crun model
 * (runtime_crun.c) and the runc model (runtime_runc.c). */
#pragma once

#include <limits.h>
#include <stdbool.h>

#include "scfs/scfs.h"

#define RT_EXIT_FAILURE 125
#define RT_DEFAULT_SOCKET "/run/scfs/agent.sock"

struct rt_conf {
	char runtime[PATH_MAX]; /* crun, runc or a path */
	char socket[108];       /* the agent's socket (sun_path) */
};

/* What the command line asks for. */
struct rt_cmd {
	const char *verb;   /* the subcommand, or NULL */
	bool creates;       /* create or run: the bundle is prepared first */
	const char *bundle; /* --bundle/-b, or NULL for the cwd */
	const char *config; /* crun's --config/-f, or NULL */
	const char *id;     /* the container id (the last operand) */
	const char *log;    /* the global --log file, or NULL */
	const char *log_format; /* --log-format (json or text), or NULL */
};

/* "scfs-runtime: ..." on stderr and, as an error entry, in the --log file
 * (rt_log_to); returns RT_EXIT_FAILURE. */
int rt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A note that is no failure: to the --log file when there is one (under
 * containerd stderr is the container's own), else stderr. */
void rt_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Where rt_fail and rt_note also write: the runtime's --log file in its
 * --log-format; NULL for none. */
void rt_log_to(const char *path, const char *format);
struct scfs_diag;
/* The diagnostics' errors, each line as rt_fail writes it; RT_EXIT_FAILURE. */
int rt_diag(const struct scfs_diag *d);
void rt_parse_args(int argc, char **argv, struct rt_cmd *cmd);
/* 0 once an agent answers on @sock (started if none did), else the exit. */
int rt_ensure_agent(const char *sock);
/* @name in PATH (or @name itself when it has a '/') into @out; never this
 * program.  0 or -errno. */
int rt_find_program(const char *name, char *out, size_t len);
/* Rewrite the bundle for the crun model (or leave it, saying why): 0 to go
 * on to the runtime, else the exit status. */
int rt_prepare_crun(const struct rt_conf *conf, const struct rt_cmd *cmd, const char *runtime_path);
/* The runc model (runtime_runc.c) on a parsed bundle with a profile of its
 * own: 0 to go on to runc, else the exit status after one line. */
struct scfs_bundle;
struct scfs_diag;
int rt_prepare_runc(const struct rt_conf *conf, const struct rt_cmd *cmd, struct scfs_bundle *b, struct scfs_diag *d);
