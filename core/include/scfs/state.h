/* Per-target state that other processes read live (scfs ps, the FUSE view,
 * sctui).  One directory per target, <base>/<pid>/, written so that a
 * crashing reader, or scfs itself killed, loses nothing already recorded:
 * static files are written whole and renamed into place, the denial log is
 * appended whole lines at a time.  The counters live in scfs's own memory
 * and are written out (whole, renamed into place) while the target runs and
 * at its end: the target runs as the same user and can write these files,
 * so scfs never reads anything back from them.  The format is documented in
 * doc/state-format.md. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "env.h"
#include "util.h"

#define SCFS_COUNTERS_MAGIC "SCFSCTR1"
#define SCFS_COUNTERS_CAPACITY 8192u
/* The denial log keeps the first this-many lines; later ones are counted. */
#define SCFS_DENIED_MAX_LINES 100000u

enum scfs_target_state {
	SCFS_TARGET_STARTING = 0,
	SCFS_TARGET_RUNNING = 1,
	SCFS_TARGET_EXITED = 2,
	SCFS_TARGET_FAILED = 3, /* never ran: could not be executed */
	SCFS_TARGET_ENDED = 4,  /* a container: its listeners hung up (no exit status known) */
};

/* counters.bin: this header, then SCFS_COUNTERS_CAPACITY entries. */
struct scfs_counters_header {
	char magic[8];
	uint32_t version;  /* 1 */
	uint32_t capacity; /* entries after the header */
	uint32_t used;     /* entries filled, in order of first hit */
	uint32_t mode;     /* enum scfs_mode */
	int32_t state;     /* enum scfs_target_state */
	int32_t wait_status; /* waitpid status once exited */
	uint64_t hits;     /* every call attributed (denials, and allows with --count) */
	uint64_t denials;  /* calls the profile denies (in complain mode: would deny) */
	uint64_t logged;   /* lines written to "denied" */
	uint64_t dropped;  /* denials not written to "denied" (cap or write error) */
	int64_t start_ns;  /* CLOCK_REALTIME */
	int64_t end_ns;
	uint32_t overflow_hits; /* hits whose (rule, syscall) found no free entry (counted here) */
	uint32_t reserved[7];
};

struct scfs_counter {
	uint32_t rule;       /* source index in syscalls[], or SCFS_RULE_* */
	uint32_t arch_token; /* libseccomp arch token */
	int32_t nr;          /* syscall number on that arch */
	uint32_t action;     /* the action word the profile gives it */
	uint64_t hits;
};

/* How often at most counters.bin is rewritten while counts change: the
 * first change after a quiet moment is written at once, a storm's every
 * 10 ms (as its denial lines). */
#define SCFS_COUNTERS_SYNC_NS (10 * 1000000LL)

/* The writer's handle on one target's state. */
struct scfs_state {
	char *dir;        /* its path, for messages */
	int base_fd;      /* the checked base (scfs_state_base_open) */
	int dir_fd;       /* every file is opened relative to this */
	int denied_fd;
	struct scfs_counters_header *hdr; /* scfs's own memory, never read back */
	struct scfs_counter *ctr;
	bool dirty;       /* counts changed since counters.bin was written */
	int64_t synced_ns; /* CLOCK_MONOTONIC of that write */
	int error;        /* the first error writing the state (-errno), 0 if none */
	char error_file[32]; /* the file it concerned */
	/* lookup (rule, arch, nr) -> entry; open addressing over 2x capacity */
	uint32_t *slots;
	int jsonl_fd;     /* denied.jsonl: the same denials as JSON objects */
};

/* The base directory: @override, $SCFS_STATE_DIR, /run/scfs for root,
 * $XDG_RUNTIME_DIR/scfs otherwise (the variables from @env, may be NULL).
 * Returns a malloc'd path. */
SCFS_API char *scfs_state_base(const char *override, const struct scfs_env *env);

/* Make @base if missing (parents 0755, itself 0755) and open it, refusing
 * one that is a link, not a directory, not owned by the effective uid or
 * writable by group or others: another user could have made it.  Returns
 * the directory fd, or -errno with *why (malloc'd) saying what is wrong. */
SCFS_API int scfs_state_base_open(const char *base, char **why);

/**
 * Create <base>/<pid>/ in @base_fd (taken over: closed by
 * scfs_state_close) with counters.bin.  A directory left there by an
 * earlier process with the same pid is moved aside and removed first.
 * Returns 0 or -errno.
 */
SCFS_API int scfs_state_create(struct scfs_state *s, int base_fd, const char *base, pid_t pid, uint32_t mode);
/* Write counters.bin now (scfs_state_sync_due: whether it is time). */
SCFS_API int scfs_state_sync(struct scfs_state *s);
SCFS_API bool scfs_state_sync_due(const struct scfs_state *s, int64_t now_mono_ns);
/* Make counters.bin due at once: written at the loop's next wait, or by
 * the end's own write when the end is already known by then. */
SCFS_API void scfs_state_sync_soon(struct scfs_state *s);
SCFS_API void scfs_state_close(struct scfs_state *s);

/* Write a whole file into the state dir atomically (temp + rename); the
 * first failure is kept in s->error. */
SCFS_API int scfs_state_put(struct scfs_state *s, const char *name, const void *data, size_t len);
/* The denial log's writer: lines for "denied" and objects for
 * "denied.jsonl" gathered and written together, whole lines per write
 * (O_APPEND keeps them whole for readers).  It touches nothing of the
 * state but the two files, so it may belong to a thread of its own (the
 * supervisor's log thread); what it wrote and lost is handed back to the
 * state's owner through scfs_state_log_merge. */
struct scfs_log_writer {
	int denied_fd, jsonl_fd; /* the state's, not closed by the writer */
	struct scfs_logbuf {
		char *buf;
		size_t len, cap;
	} log, jlog;
	uint32_t pending;   /* denials gathered, not yet written */
	uint64_t logged;    /* denials written to "denied" */
	uint64_t failed;    /* denials lost to a failed write of "denied" */
	int error;          /* the first failed write (-errno), 0 if none */
	char error_file[32];
};
SCFS_API void scfs_log_writer_init(struct scfs_log_writer *w, const struct scfs_state *s);
/* Gather one denial: @line (@len bytes; a newline is added) for "denied",
 * @json (@jlen bytes, one object) for "denied.jsonl"; written at once
 * when 32 KiB are waiting. */
SCFS_API void scfs_log_writer_add(struct scfs_log_writer *w, const char *line, size_t len, const char *json,
				  size_t jlen);
/* The same written in place: room for @len bytes at the end of "denied"'s
 * buffer and @jlen at the end of "denied.jsonl"'s (*@line, *@json; each
 * with one more for the newline), then the denial's @len and @jlen bytes
 * committed. */
SCFS_API void scfs_log_writer_room(struct scfs_log_writer *w, size_t len, size_t jlen, char **line, char **json);
SCFS_API void scfs_log_writer_commit(struct scfs_log_writer *w, size_t len, size_t jlen);
SCFS_API void scfs_log_writer_flush(struct scfs_log_writer *w);
SCFS_API void scfs_log_writer_done(struct scfs_log_writer *w);
/* Into the counters: @logged more denials written, @failed more lost to
 * a failed write (counted as dropped); @error (-errno) on @file is kept
 * as the state's error when it is the first. */
SCFS_API void scfs_state_log_merge(struct scfs_state *s, uint64_t logged, uint64_t failed, int error,
				   const char *file);
/* Count one hit of (rule, arch, nr). */
SCFS_API void scfs_state_count(struct scfs_state *s, uint32_t rule, uint32_t arch_token, int nr, uint32_t action,
			       bool denied);

/* ---- readers (core/state/state_view.c) ----------------------------------------
 * Whoever owns a target's directory can write anything into it, and the
 * FUSE daemon reading it runs as root: readers treat every state file as
 * untrusted input.  They open the directory without following a link
 * (O_DIRECTORY|O_NOFOLLOW) and each file relative to it (openat,
 * O_NOFOLLOW|O_NONBLOCK), take only regular files owned by the directory's
 * owner, and bound what they read.  A refused or malformed file is an
 * error for that file only.  Limits: doc/state-format.md. */

/* Entries a reader accepts in counters.bin (the writer has
 * SCFS_COUNTERS_CAPACITY): at most this many, 1.5 MiB, are allocated. */
#define SCFS_COUNTERS_MAX_CAPACITY 65536u
/* The most a reader reads of "info" (key<TAB>value lines). */
#define SCFS_STATE_INFO_MAX (1u << 20)
/* The most a reader reads whole of any other state file (the denial log at
 * its cap of SCFS_DENIED_MAX_LINES lines is about 30 MiB). */
#define SCFS_STATE_FILE_MAX (64u << 20)

/* Open <base>/<pid> for reading state: never through a symlink.
 * Returns an fd or -errno (-ENOTDIR for a symlink or a non-directory). */
SCFS_API int scfs_state_dir_open(const char *base, pid_t pid);
/* Open state file @name in @dirfd: a regular file owned by the directory's
 * owner, never through a link, never blocking (a FIFO is refused).  Fills
 * @st when not NULL.  Returns an fd or -errno: -ELOOP (a symlink),
 * -EMEDIUMTYPE (not a regular file), -EPERM (another owner), or open's. */
SCFS_API int scfs_state_file_open(int dirfd, const char *name, struct stat *st);
/* The same checks without opening (for attributes): 0 or -errno. */
SCFS_API int scfs_state_file_stat(int dirfd, const char *name, struct stat *st);
/* Read state file @name whole, at most @max bytes (-EFBIG beyond);
 * NUL-terminated.  Returns 0 or -errno as scfs_state_file_open. */
SCFS_API int scfs_state_file_read(int dirfd, const char *name, size_t max, char **ret, size_t *ret_len);
/* Text for a reader's error: the refusals above in words, else strerror. */
SCFS_API const char *scfs_state_strerror(int r);

/* A read-only view of a target's state for readers. */
struct scfs_state_view {
	char *dir;
	int dirfd;                       /* the directory, opened as above */
	pid_t pid;
	struct scfs_counters_header hdr; /* a copy taken at open */
	struct scfs_counter *ctr;        /* hdr.used entries */
	char *info;                      /* contents of "info" ("" when unreadable) */
};

/* Open a view: the counters header, checked against the file's real size
 * (-EBADMSG for a malformed counters.bin), the entries in use, and "info".
 * Returns 0 or -errno; on failure the view holds nothing (done is a no-op). */
SCFS_API int scfs_state_view_open(struct scfs_state_view *v, const char *base, pid_t pid);
SCFS_API void scfs_state_view_done(struct scfs_state_view *v);
/* Value of KEY in the view's "info" (key<TAB>value lines), malloc'd, or NULL. */
SCFS_API char *scfs_state_view_info(const struct scfs_state_view *v, const char *key);
/* Whether the supervising scfs process is still alive. */
SCFS_API bool scfs_state_view_supervised(const struct scfs_state_view *v);
/* Whether the state is a container's (info "kind" is "container", written
 * by the agent); a target of scfs run says "target" or (older state)
 * nothing. */
SCFS_API bool scfs_state_view_is_container(const struct scfs_state_view *v);
/* The name a reader lists the state by, malloc'd, unescaped (NULL when
 * none): a target's "name"; a container's "container_name", else its id
 * shortened to SCFS_CONTAINER_SHORT_ID characters. */
#define SCFS_CONTAINER_SHORT_ID 12
SCFS_API char *scfs_state_view_label(const struct scfs_state_view *v);
/* Whether @who names this state as a reader's argument may: its label, or
 * for a container its full id or a prefix of it of at least
 * SCFS_CONTAINER_SHORT_ID characters. */
SCFS_API bool scfs_state_view_named(const struct scfs_state_view *v, const char *who);
/**
 * scfs_state_view_open() with a choice: without @with_counters the view holds no counter entries
 * (hdr.used is set to 0), enough for scfs_render_status(), not for
 * scfs_render_counters(): what a reader that renders status many times a
 * second wants.  Returns 0 or -errno (-ENOENT when the target has no state,
 * -EBADMSG for a malformed counters.bin, the refusals of
 * scfs_state_file_open()); on failure the view needs no release.
 */
SCFS_API int scfs_state_view_open_light(struct scfs_state_view *v, const char *base, pid_t pid, bool with_counters);

/* ---- which targets there are (core/state/state_list.c) ----------------- */

/* Whether directory entry @s names a target as the writer names them
 * (decimal, no leading zero, a valid pid); the pid in *ret (may be NULL). */
SCFS_API bool scfs_state_pid_name(const char *s, pid_t *ret);
/* Whether the state directory open at @dirfd is a target's (holds
 * counters.bin; one without is being created, or is not a target). */
SCFS_API bool scfs_state_dir_is_target(int dirfd);
/* The targets' pids in @base, ascending, from directory entries alone (no
 * file is opened; a link is never a target).  No base yet: none.
 * Returns 0 or -errno; *ret is malloc'd. */
SCFS_API int scfs_state_pids(const char *base, pid_t **ret, size_t *ret_n);

/* A target in the state directory, as scfs ps lists them. */
struct scfs_target_ref {
	pid_t pid;
	int64_t start_ns;
	char *name; /* --name, or the command's basename; NULL if unknown */
};

/* Called for an entry whose state is refused or malformed (-errno in @r). */
typedef void (*scfs_state_report_fn)(void *userdata, pid_t pid, int r);

/* The targets under @base, oldest start first (pid breaks ties), from
 * each one's counters header and info.  @report (may be NULL) hears of
 * every entry that is refused or malformed.  Returns how many; *ret is
 * freed with scfs_state_targets_free(). */
SCFS_API size_t scfs_state_targets(const char *base, scfs_state_report_fn report, void *userdata,
				   struct scfs_target_ref **ret);
SCFS_API void scfs_state_targets_free(struct scfs_target_ref *v, size_t n);
/* The latest started of @v (as scfs_state_targets orders them) named
 * @name, or of all with @name NULL; 0 if none. */
SCFS_API pid_t scfs_state_latest(const struct scfs_target_ref *v, size_t n, const char *name);
/* The target a reader's argument names: a pid, "last", a name (the latest
 * started of that name, as scfs_state_latest), or a container's id or a
 * prefix of it of at least SCFS_CONTAINER_SHORT_ID characters; 0 if none. */
SCFS_API pid_t scfs_state_find(const char *base, const char *who);
