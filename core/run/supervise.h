/* Internal: the supervisor behind scfs_run (supervise.c), shared with the
 * denial log's lines (supervise_log.c) and the kernel's records of kills
 * and traps (supervise_kernel.c). */
#pragma once

#include <linux/seccomp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "denial.h"
#include "denial_log.h"
#include "scfs/decode.h"
#include "ptree.h"
#include "scfs/observe.h"
#include "scfs/run.h"
#include "scfs/state.h"

#define COMM_CACHE 64
#define NAME_CACHE 256

/* tid -> (tgid, its /proc/TID/comm open): comm changes on exec and with
 * PR_SET_NAME, so it is read again (one pread) for every line; the open
 * file belongs to that thread only, so a reused tid fails the read.  With
 * the process-event connector (ptree.h) the read is skipped while no event
 * has said the thread was renamed, exec'd, exited or its tid reused. */
struct comm_entry {
	pid_t tid, tgid;
	bool open;
	bool watched; /* @comm is current unless an event says otherwise */
	int fd;
	char comm[32];
};

/* Further listeners of one container (exec'd processes) open at once at
 * most; more are closed (their calls fail with ENOSYS) and counted. */
#define SV_MAX_EXTRA 64

struct supervisor {
	const struct scfs_run_spec *spec;
	const struct scfs_container *ct; /* a container's (scfs_attach), NULL for scfs_run */
	struct scfs_observer obs;
	struct scfs_state state;
	int base_fd;      /* the checked state base, until the state takes it */
	bool state_error_said;
	pid_t pid;
	int listener, sigfd, exec_r, setup_r;
	/* scfs_attach: more listeners of the same container arrive on
	 * @control (SCM_RIGHTS); -1 for scfs_run. */
	int control;
	int extra[SV_MAX_EXTRA];
	size_t n_extra, extra_open;
	uint64_t extra_total;   /* every further listener taken */
	uint64_t extra_refused; /* listeners past SV_MAX_EXTRA, closed */
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	bool exec_done, main_exited, listener_done;
	int exec_errno; /* execve failed in the launcher, 0 if not */
	char *setup_failure; /* the child failed before loading the filter */
	int setup_code;
	int wait_status;
	bool execve_denied;
	uint32_t execve_rule;
	struct last_denial {
		bool set;
		uint32_t verdict, rule, arch;
		int nr;
		bool decoded; /* @call holds its strings (not a kernel record, not past the cap) */
		bool compat32;
		uint64_t args[6];
	} last;
	/* The denial being recorded: noted before the answer (its strings
	 * read from the target while it waits), handed to the log after. */
	struct dlog_rec call;
	struct dlog log; /* the denial log's thread (denial_log.h) */
	int64_t start_ns;  /* CLOCK_REALTIME at the fork */
	struct comm_entry comm[COMM_CACHE];
	struct name_entry {
		bool set;
		uint32_t token;
		int nr;
		char *name; /* NULL: not a name on that arch */
		unsigned strings; /* its string arguments (scfs_decode_string_args) */
	} names[NAME_CACHE];
	/* Kills and traps, from the kernel's records (scfs/kaudit.h). */
	int kmsg;        /* /dev/kmsg, or -1 */
	int kmsg_error;  /* why not, as an errno */
	struct ptree tree;
	uint64_t kernel_records, kernel_lost, kernel_suppressed;
	pid_t sigsys_pids[64]; /* died of SIGSYS, no record yet */
	uint64_t sigsys_overflow; /* more of those than the list holds */
	pid_t recorded[64];    /* the last processes with a kernel record */
	size_t n_sigsys;
};

static inline int64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline const struct scfs_arch_info *arch_of(const struct seccomp_data *d, uint32_t *token)
{
	*token = denial_arch_token(d->arch, (int)d->nr);
	return scfs_arch_from_token(*token);
}

static inline void rule_label(const struct supervisor *s, uint32_t rule, char *buf, size_t len)
{
	denial_rule_label(s->obs.filter->profile, rule, buf, len);
}

static inline uint32_t source_rule(const struct supervisor *s, uint32_t rule)
{
	return denial_source_rule(s->obs.filter->profile, rule);
}

static inline void sv_put_text(struct supervisor *s, const char *name, const char *text)
{
	(void)scfs_state_put(&s->state, name, text, strlen(text));
}

/* supervise.c: the loop both scfs_run and scfs_attach run. */
int sv_loop(struct supervisor *s);
int sv_alloc_notif(struct supervisor *s);
void sv_teardown(struct supervisor *s);
void sv_report_state_error(struct supervisor *s);
/* The last denial for the summary and "exit"; malloc'd. */
char *sv_describe_last(struct supervisor *s);

/* supervise_files.c: "info", and the profile's files; for scfs_run the
 * whole directory, written by a thread from the fork on (sv_state_end
 * joins it). */
void sv_write_info(struct supervisor *s);
void sv_write_files(struct supervisor *s);
struct sv_state_job {
	struct supervisor *s;
	pthread_t th;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int go; /* 0 until sv_state_go: 1 write the files, -1 do not */
};
void sv_state_begin(struct sv_state_job *j, struct supervisor *s);
void sv_state_go(struct sv_state_job *j, bool go);
int sv_state_end(struct sv_state_job *j, bool made);

/* supervise_log.c: a denial's line.  note_denial comes before the answer
 * (returns the comm entry, or NULL when the log is full and only the count
 * moves), log_denial after it. */
const struct comm_entry *sv_note_denial(struct supervisor *s, int listener, const struct seccomp_notif *req,
					uint32_t verdict, uint32_t rule);
void sv_log_denial(struct supervisor *s, const struct seccomp_notif *req, const struct comm_entry *c,
		   uint32_t verdict, uint32_t rule);
/* A kernel record's @line and @json (malloc'd, taken), in order with the
 * rest, or counted as dropped past the cap. */
void sv_log_line(struct supervisor *s, char *line, char *json);
/* The log thread's counts into the header; how long (ms) the loop may
 * wait before it calls again, -1: as long as it likes. */
int sv_log_merge(struct supervisor *s);
/* Every line handed over written and counted (before "exit"). */
void sv_log_flush(struct supervisor *s);
/* The log thread stopped, the caches freed: before the state is closed. */
void sv_log_done(struct supervisor *s);
/* Let the connector's events keep the comm cache true (ptree.h), when it
 * speaks of our pids; after ptree_open, before the fork. */
void sv_comm_watch(struct supervisor *s);
/* The last denial's call for the summary, "unshare(CLONE_NEWUSER)", or
 * its name alone when its arguments are not known; malloc'd. */
char *sv_last_call(struct supervisor *s, const char *name);
/* Read a NUL-terminated string of thread @tid at @addr into @buf (@len
 * bytes): its length, @len when it is longer, or -errno. */
int sv_read_string(pid_t tid, uint64_t addr, char *buf, size_t len);

/* supervise_kernel.c: kills and traps, from the kernel's records. */
void sv_kernel_log_open(struct supervisor *s);
char *sv_kernel_log_status(const struct supervisor *s);
void sv_tree_events(struct supervisor *s);
void sv_read_kernel_log(struct supervisor *s);
void sv_drain_kernel_log(struct supervisor *s);
void sv_expect_record(struct supervisor *s, pid_t pid);
size_t sv_unrecorded_count(const struct supervisor *s);
char *sv_describe_unrecorded(const struct supervisor *s);
