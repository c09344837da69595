/* The FUSE view of scfs state: internal interfaces between main.c (options),
 * session.c (the daemon's state), tree.c (the node table), handle.c (open
 * files), ops.c (the FUSE operations) and the render_*.c files (content of
 * each file).  No circles: main, ops -> handle -> tree -> render_host ->
 * render_target, session (a file calls only files to its right).
 *
 * The daemon is a view: it never writes the state directory and keeps
 * nothing a crash could lose.  Every answer is computed from the state
 * directory (through libscfs) or from /proc at the time it is asked. */
#pragma once

#define FUSE_USE_VERSION 31

#include <fuse.h>
#include <linux/filter.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "scfs/scfs.h"
#include "scfs/hostproc.h"
#include "scfs/render_fs.h"

/* Debug output, only with -o scfs_debug (never on stdout: in foreground
 * mode stdout may be a terminal or a pipe someone reads). */
#define fs_debug(s, ...)                                      \
	do {                                                  \
		if ((s)->debug)                               \
			fprintf(stderr, "scfs-fs: " __VA_ARGS__); \
	} while (0)

/* ---- session.c ---------------------------------------------------------- */

struct fs_handle;

/* One dumped set of filters of a host process, newest first (index 0 is
 * the filter installed last, as PTRACE_SECCOMP_GET_FILTER numbers them). */
/* A cached dump, valid while the process has the same start time and
 * filter count (filters are never removed, only added). */
struct fs_filter_cache_entry {
	pid_t pid;
	unsigned long long start_time; /* field 22 of /proc/PID/stat */
	int count;                     /* Seccomp_filters when dumped */
	uint64_t used;                 /* LRU tick */
	struct scfs_host_filters f;
};

#define FS_FILTER_CACHE_SIZE 32

/* Everything the daemon knows, reached through fuse_get_context()->private_data.
 * Fields marked "immutable" are written before the FUSE loop starts and only
 * read afterwards; the others name the lock that guards them. */
struct fs_session {
	char *base;       /* immutable: the state directory (absolute path) */
	bool can_dump;    /* immutable: CAP_SYS_ADMIN and not itself under seccomp */
	bool debug;       /* immutable: -o scfs_debug */
	uid_t uid;        /* immutable: owner of the public directories (the daemon's uid) */
	gid_t gid;        /* immutable */
	double entry_timeout; /* immutable: seconds the kernel may keep a name */

	pthread_mutex_t lock; /* guards the poll waiters and the filter cache */
	struct fs_handle *waiters; /* lock: open log handles holding a poll handle */
	struct fs_handle *opened;  /* lock: every open handle, for fstat after the state is gone */
	struct fs_filter_cache_entry cache[FS_FILTER_CACHE_SIZE]; /* lock */
	uint64_t cache_tick; /* lock */

	/* Held for the whole of a filter dump: two tracers cannot attach to
	 * the same process, and dumps are rare. Taken before lock, never after. */
	pthread_mutex_t dump_lock;

	int inotify_fd;  /* owned; set in fs_session_start, read by the watcher */
	int stop_fd;     /* owned eventfd: wakes the watcher to stop */
	pthread_t watcher;
	bool watcher_running; /* written in init and destroy, which never overlap requests */

	_Atomic unsigned long n_opens;   /* statistics for debug output */
	_Atomic unsigned long n_renders;
};

/* The session of the running daemon (private_data). */
struct fs_session *fs_session_get(void);

int fs_session_init(struct fs_session *s, const char *base, bool debug);
/* Start the inotify watcher (from the FUSE init callback, after daemonizing). */
void fs_session_start(struct fs_session *s);
/* Stop the watcher and let go of every poll handle (the FUSE destroy callback). */
void fs_session_stop(struct fs_session *s);
/* Stop the watcher and free every resource; safe on a never-started session. */
void fs_session_done(struct fs_session *s);

/* Poll: remember @ph for @h (replacing an older one) and watch @h's
 * target directory so fs_session_watcher() can wake it.  Takes ownership of @ph. */
void fs_session_poll_wait(struct fs_session *s, struct fs_handle *h, struct fuse_pollhandle *ph);
/* Forget @h's poll handle, if any (release). */
void fs_session_poll_forget(struct fs_session *s, struct fs_handle *h);

/* Open handles by path.  The kernel sends fstat(2) as a getattr by path,
 * without the file handle: once a target's state is removed, a file opened
 * before must still answer fstat from its snapshot, as an unlinked file does. */
void fs_session_opened(struct fs_session *s, struct fs_handle *h);
void fs_session_closed(struct fs_session *s, struct fs_handle *h);


/* The filters of host process @pid: from the cache, else dumped with ptrace.
 * @requester is the thread asking (a process cannot be stopped while it
 * waits for us).  Fills @ret with a copy the caller frees with
 * scfs_host_filters_done().  Returns 0 or -errno. */
int fs_session_host_filters(struct fs_session *s, pid_t pid, pid_t requester, struct scfs_host_filters *ret);

/* ---- tree.c ------------------------------------------------------------- */

enum fsnode_kind {
	FSNODE_DIR,
	FSNODE_FILE, /* a snapshot: rendered, or a state file read through an fd */
	FSNODE_LOG,  /* an append-only state file: reads follow it as it grows, poll */
	FSNODE_LINK,
};

/* What a path component in a pattern stands for. */
enum fsvar {
	FSVAR_NONE,
	FSVAR_PID,  /* "<pid>": a target with a state directory */
	FSVAR_HOST, /* "<host>": a host process in seccomp filter mode */
	FSVAR_NAME, /* "<name>": a target's --name */
};

struct fsloc;

/* One entry of the node table: every file and directory the view has.
 * getattr, readdir, open and readlink all walk this one table. */
struct fsnode {
	const char *pattern; /* "/<pid>/status": literal components and one variable at most */
	enum fsnode_kind kind;
	mode_t mode;         /* permission bits */
	/* The state file behind the node (relative to the target's directory):
	 * the node exists while it does; it gives size and mtime of pass-through
	 * files, and is what they read. */
	const char *source;
	/* Generated content, or NULL for a pass-through of @source. */
	int (*render)(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len);
	/* Extra condition for the node to exist, or NULL. */
	bool (*present)(struct fs_session *s, const struct fsloc *loc);
	/* State files whose newest mtime is the node's mtime (NULL: @source's). */
	const char *const *mtime_from;
	/* Owned by root whoever owns the directory: the view does not lend its
	 * privilege (filters read with CAP_SYS_ADMIN) to other users. */
	bool root_only;
	/* Text a reader may send to a terminal: read through
	 * scfs_escape_mask() (doc/scfs.5), same length, so offsets hold. */
	bool text;
};

/* A path resolved against the table. */
struct fsloc {
	const struct fsnode *node;
	pid_t pid;        /* the <pid> or <host> of the path, or 0 */
	char *name;       /* the <name> of the path (malloc'd), or NULL */
	char *dir;        /* the target's state directory, or /proc/PID (malloc'd), or NULL */
	int dirfd;        /* owned: the target's state directory (scfs_state_dir_open), or -1 */
	bool private_dir; /* the node is a target's (or host process's) directory */
	bool in_private;  /* the node is inside one */
	uid_t dir_owner;  /* owner of the target's directory, else the daemon's uid */
	uid_t owner;      /* owner of the node itself (dir_owner, or root) */
	gid_t group;
};

/* Resolve @path.  Returns 0, or -ENOENT. */
int fsloc_resolve(struct fs_session *s, const char *path, struct fsloc *ret);
void fsloc_done(struct fsloc *loc);

/* Whether the caller may look inside @loc (@want: R_OK, X_OK or 0 for
 * stat); 0 or -EACCES.  Enforced here because default_permissions may be
 * off: with allow_other, another uid sees the list of targets, not their files. */
int fsloc_permit(const struct fsloc *loc, int want);

/* Attributes: sizes are the true size of what a read returns now. */
int fsloc_stat(struct fs_session *s, const struct fsloc *loc, struct stat *st);
/* The mtime of a generated node: the newest of the state files it is made
 * of, or its directory's (host processes: the /proc entry's). */
struct timespec fsloc_mtime(struct fs_session *s, const struct fsloc *loc);

/* Fill a directory: one call of @fill per entry. */
typedef int (*fsloc_fill_fn)(void *ctx, const char *name, mode_t type);
int fsloc_list(struct fs_session *s, const struct fsloc *loc, fsloc_fill_fn fill, void *ctx);

/* A symlink's target (malloc'd in @ret). */
int fsloc_readlink(struct fs_session *s, const struct fsloc *loc, char **ret);

/* ---- handle.c ----------------------------------------------------------- */

/* The file behind an open: a snapshot, or a followed log. */
struct fs_handle {
	const struct fsnode *node;
	pid_t pid;
	int fd;             /* owned: the state file for pass-through and logs, or -1 */
	char *data;         /* owned: rendered snapshot (render nodes), or NULL */
	size_t len;         /* bytes in data */
	struct timespec mtime; /* of the snapshot */
	uid_t owner;
	gid_t group;
	int dirfd;          /* owned: the target's state directory (pass-through files), or -1 */
	_Atomic off_t read_end; /* logs: end of the last read, for poll */
	char *path;         /* owned: the path it was opened by */
	/* lock (session): */
	struct fs_handle *onext, *oprev; /* in session->opened */
	struct fuse_pollhandle *ph; /* poll handle to notify, or NULL */
	int wd;                     /* inotify watch of dir while ph is set */
	struct fs_handle *next, *prev; /* in session->waiters while ph is set */
};

/* Open @loc (reached by @path): render the snapshot or open the state file. */
int fs_handle_open(struct fs_session *s, const char *path, const struct fsloc *loc, struct fs_handle **ret);
void fs_handle_free(struct fs_session *s, struct fs_handle *h);
int fs_handle_stat(const struct fs_handle *h, struct stat *st);
/* A log has no more to come: the target has exited, or its state is gone. */
bool fs_handle_log_ended(const struct fs_handle *h);
/* Attributes of an open handle of @path that @uid may see; -ENOENT if none. */
int fs_handle_stat_opened(struct fs_session *s, const char *path, uid_t uid, struct stat *st);
/* Free every handle still open: a lazy unmount ends the loop without a
 * release for files still open.  Before fs_session_done(). */
void fs_handle_free_all(struct fs_session *s);

/* ---- render_target.c ---------------------------------------------------- */

int fs_render_target_status(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len);
int fs_render_target_counters(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len);
/* Whether @pid is a target (its directory, never a link, has counters.bin). */
bool fs_target_exists(struct fs_session *s, pid_t pid);
/* A state reader's error as the view answers it: refusals and malformed
 * files are -EIO (an error for that file only); others pass. */
int fs_state_error(int r);
/* Every target pid, ascending; @ret malloc'd. */
int fs_target_list(struct fs_session *s, pid_t **ret, size_t *ret_n);
/* The target a --name points to: the latest started one, or -ENOENT. */
int fs_target_by_name(struct fs_session *s, const char *name, pid_t *ret);
/* Every distinct usable name; @ret is a malloc'd array of malloc'd strings. */
int fs_target_names(struct fs_session *s, char ***ret, size_t *ret_n);

/* ---- render_host.c ------------------------------------------------------ */

int fs_render_host_status(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len);
int fs_render_host_filter_bpf(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len);
int fs_render_host_filter_txt(struct fs_session *s, const struct fsloc *loc, char **ret, size_t *ret_len);

/* ---- ops.c -------------------------------------------------------------- */

extern const struct fuse_operations fs_operations;
