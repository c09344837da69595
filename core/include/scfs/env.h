/* What the environment says to the library.  No code below the programs'
 * mains reads the environment: cli/env.c fills this once (for scfs,
 * scfs-fs, sctui and scfs-runtime) and the values are passed down. */
#pragma once

struct scfs_env {
	const char *state_dir;       /* $SCFS_STATE_DIR: the state base */
	const char *runtime_dir;     /* $XDG_RUNTIME_DIR: where a user's state base goes */
	const char *default_profile; /* $SCFS_DEFAULT_PROFILE: run's profile when none is given */
	const char *tmp_dir;         /* $TMPDIR: where sctui keeps its runs' output */
	/* The filter cache's place, read with secure_getenv (a setuid scfs
	 * ignores them). */
	const char *no_cache;        /* $SCFS_NO_CACHE: set (not "" or "0") means no cache */
	const char *cache_dir;       /* $SCFS_CACHE_DIR */
	const char *cache_home;      /* $XDG_CACHE_HOME */
	const char *home;            /* $HOME */
	/* scfs-runtime's: which runtime it wraps, the agent it asks, where
	 * it looks for programs. */
	const char *runtime;         /* $SCFS_RUNTIME: crun, runc or a path */
	const char *agent_socket;    /* $SCFS_AGENT_SOCKET */
	const char *path;            /* $PATH */
};
