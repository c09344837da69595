/* Launching the command under the edited profile and following it live.
 *
 * Each launch forks a supervisor process that calls scfs_run() in its own
 * session, with stdin from /dev/null and stdout/stderr going to a log
 * file: the target cannot write over the UI or read the terminal, and
 * scfs_run's signal handling and subreaper flag stay out of the UI
 * process.  Runs keep their state where scfs run keeps it (the same state
 * base, --state-dir or scfs's default), so scfs ps, scfs show and the FUSE
 * view see them; the output logs go to a private directory removed at the
 * end.  The UI finds its target's directory by the supervisor's pid in
 * its "info" and polls it: counters.bin for the table, the tail of
 * "denied" for the denials pane.  No curses here. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model.h"

/* Denials kept for the pane (newest first); older ones scroll away. */
#define SCTUI_DENIALS_MAX 256

struct sctui_denial {
	char time[16];    /* "14:48:46.834" (UTC, as logged) */
	char comm[20];
	char syscall[40];
	char call[160];   /* the decoded call, "unshare(CLONE_NEWUSER)" */
	int tid;          /* the calling thread, 0 when the record has none */
	char result[24];  /* "EPERM", "KILL_PROCESS", ... */
	char rule[24];    /* "syscalls[12]", "default", "enosys" */
	int pid;
	bool complain;    /* allowed: complain mode */
};

struct sctui_runner {
	char *base;           /* the state base the runs' state goes to */
	char *cache_dir;      /* the filter cache, as scfs run's (NULL: none) */
	const char *search_path; /* $PATH, where a run's command is looked up */
	char *log_dir;        /* a private directory for the output logs, removed at the end */
	char error[512];      /* why init failed */
	unsigned run_no;      /* launches so far */
	pid_t pid;            /* the supervisor of the current run, 0 if none */
	bool finished;        /* the current run's supervisor has been reaped */
	int wait_status;      /* its wait status, once finished */
	enum scfs_mode mode;  /* of the current run */
	char *log_path;       /* <log_dir>/runN.log */
	long long launched_ns; /* CLOCK_REALTIME of the launch */
	pid_t target;         /* the target's pid once its state dir exists */
	uint64_t denials;     /* from counters.bin */
	uint64_t hits;
	uint64_t dropped;
	int target_state;     /* enum scfs_target_state */
	off_t denied_off;     /* bytes of "denied" consumed */
	char partial[1024];   /* an incomplete last line of "denied" */
	size_t partial_len;
	struct sctui_denial ring[SCTUI_DENIALS_MAX];
	size_t n_seen;        /* denial lines read this run */
	bool drained;         /* the run is over and its log read to the end */
	bool drop_caps;       /* reduce the targets' bounding set to the model's (--caps) */
	/* Watching a target sctui did not launch (sctui_runner_watch): its
	 * state is followed as a run's, and nothing is ever sent to it. */
	bool watching;
	bool watch_gone;      /* its state went away (removed, or taken by another pid's) */
	bool watch_container;
	char watch_label[48]; /* escaped for a terminal */
	char watch_state[12]; /* scfs_state_name: running, exited, lost, ended... */
	int64_t watch_start_ns; /* its start, telling it from a later target of the same pid */
};

/**
 * Prepare: the state base is scfs_state_base(@state_dir, @env), checked
 * as scfs run checks it; the logs go to a new private directory under
 * @env's $TMPDIR (or /tmp); runs compile through scfs run's filter cache.
 * Returns 0, or -errno with r->error saying why.
 */
int sctui_runner_init(struct sctui_runner *r, const char *state_dir, const struct scfs_env *env);
/* End any run and remove a private directory. */
void sctui_runner_done(struct sctui_runner *r);

/**
 * Launch @argv under @m's current profile in @mode, ending the previous
 * run first.  The profile is compiled (optimised) in the supervisor.
 * Returns 0 or -errno.
 */
int sctui_runner_start(struct sctui_runner *r, const struct sctui_model *m, char *const *argv, enum scfs_mode mode);
/* End the current run: SIGTERM to the supervisor (forwarded to the
 * target), SIGKILL to its session after a second. */
void sctui_runner_stop(struct sctui_runner *r);
/**
 * Follow the target (or container) @pid of the state base instead of a
 * run: its counters and its "denied" from the start, live.  A run of
 * sctui's own must have ended (-EBUSY); the next launch ends the watch.
 * Returns 0 or -errno (no state for @pid: the state readers' error).
 */
int sctui_runner_watch(struct sctui_runner *r, pid_t pid);
/* Stop watching (the target itself is left alone). */
void sctui_runner_unwatch(struct sctui_runner *r);
/* What the pane follows, for titles: "run 2" or "pid 1234 (target demo)". */
const char *sctui_runner_source(const struct sctui_runner *r, char *buf, size_t size);

/* Whether a run is in progress. */
bool sctui_runner_active(const struct sctui_runner *r);

/**
 * Catch up: reap the supervisor, find the target's state, read new
 * denials and give the counters to @m.  Returns true when anything shown
 * changed.
 */
bool sctui_runner_poll(struct sctui_runner *r, struct sctui_model *m);

/* Denial @i, newest first, or NULL past the kept ones. */
const struct sctui_denial *sctui_runner_denial(const struct sctui_runner *r, size_t i);
/**
 * Denial @i (newest first) as scfs suggest takes it: from the line of
 * "denied.jsonl" written with it (the same order, doc/state-format.md),
 * checked to be the same call; its arch's libseccomp name goes to @arch.
 * Returns 0, -ENODATA for a kernel record (kills, traps: no registers),
 * -ENOENT when the line is not there, or another -errno.
 */
int sctui_runner_denial_call(const struct sctui_runner *r, size_t i, struct scfs_suggest_call *ret, char *arch,
			     size_t arch_size);
/* One line: "run 2: pid 1234 running, 3 denials" and the like. */
const char *sctui_runner_status(const struct sctui_runner *r, char *buf, size_t size);
/* The last @max bytes of the run's output (stdout and stderr), malloc'd. */
char *sctui_runner_output(const struct sctui_runner *r, size_t max);

/* Parse one line of "denied" (doc/state-format.md).  Returns 0 or -EINVAL. */
int sctui_denial_parse(const char *line, struct sctui_denial *ret);
