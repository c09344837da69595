/* Internal: the denial log's own thread.  The supervisor notes each denial
 * as a raw record (registers, the strings it read while it held the
 * notification, the thread's id and comm, verdict, rule, time), answers,
 * and hands the record over; this thread decodes the call, formats the
 * `denied` line and the denied.jsonl object and writes them
 * (scfs_log_writer), so the target never waits for any of that.
 *
 * Ownership: the ring and the counts handed back are shared under @mu;
 * the writer and the scratch buffers are the thread's while it runs (the
 * supervisor's before it starts, when it could not start, and after it is
 * stopped); everything else is the supervisor's. */
#pragma once

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "scfs/decode.h"
#include "scfs/observe.h"
#include "scfs/state.h"

/* Records in flight; the thread is woken when DLOG_BATCH wait, or when the
 * oldest has waited DLOG_DELAY_NS (the most a line waits before it is
 * written, doc/state-format.md). */
#define DLOG_RING 1024u
#define DLOG_BATCH 256u
#define DLOG_DELAY_NS (10 * 1000000LL)
/* How long the supervisor waits for room in a full ring before it counts
 * the denial as dropped: only a writer stuck in write(2) takes this long. */
#define DLOG_ROOM_NS (2000 * 1000000LL)
/* The decoded call as a log field: each string at most
 * SCFS_DECODE_STR_MAX bytes escaped 4 to 1, and the rest of the call. */
#define DLOG_CALL_MAX (6 * (4 * SCFS_DECODE_STR_MAX + 32) + 256)

struct dlog_string {
	uint64_t addr;
	int r; /* its length (SCFS_DECODE_STR_MAX + 1: longer), or -errno */
	char buf[SCFS_DECODE_STR_MAX + 1];
};

/* One denial as noted before (and just after) the answer. */
struct dlog_rec {
	/* A kernel record, formatted already (malloc'd; the log frees them);
	 * NULL for a notification, made from the fields below. */
	char *line, *json;
	struct timespec when; /* CLOCK_REALTIME, for the line */
	int pid, tid, nr;
	uint32_t token, verdict, rule;
	uint64_t args[6], ip;
	bool compat32, launcher;
	bool dead;  /* the notification was gone after the reads: strings unread */
	unsigned n; /* strings read, in str[] */
	char comm[32];
	char name[48]; /* the syscall's name, "?" when it has none */
	struct dlog_string str[6];
};

struct dlog {
	/* Set before the thread starts, read only after; the writer and
	 * the rule's label are the thread's. */
	const struct scfs_profile *profile;
	enum scfs_mode mode;
	struct scfs_log_writer w;
	bool rule_set;       /* the last rule's label, kept */
	uint32_t rule;
	char rule_label[32];
	/* Shared, under @mu. */
	pthread_mutex_t mu;
	pthread_cond_t wake, room;
	struct dlog_rec *ring;
	unsigned head, tail; /* running counts: head - tail records wait */
	int64_t first_ns;    /* CLOCK_MONOTONIC: none of them came earlier */
	enum { DLOG_BUSY, DLOG_IDLE, DLOG_GATHER } waiting;
	bool stop;
	uint64_t logged, failed; /* the writer's counts as of its last batch */
	_Atomic unsigned batches; /* batches written: read without @mu to see
				   * whether there is anything to merge */
	int error;
	char error_file[32];
	/* The supervisor's own. */
	bool started, threaded;
	bool stalled; /* the ring stayed full for DLOG_ROOM_NS */
	pthread_t thread;
	uint64_t accepted; /* records below the cap, less those lost */
	uint64_t merged_logged, merged_failed;
	unsigned merged_batches;
};

/* Decode @r's call from the strings it holds (none read again), with
 * SCFS_DECODE_* @flags; as scfs_decode_call_flags. */
size_t dlog_call(const struct dlog_rec *r, unsigned flags, char *out, size_t len);
/* Whether the log is at its cap (SCFS_DENIED_MAX_LINES). */
bool dlog_full(const struct dlog *l);
/* Hand @r over (copied).  The first call starts the thread, with @s's
 * files, @p and @mode; without a thread the record is written at once. */
void dlog_push(struct dlog *l, struct scfs_state *s, const struct scfs_profile *p, enum scfs_mode mode,
	       const struct dlog_rec *r);
/* The thread's counts into @s's header; returns how long (ms) the caller
 * may wait before it looks again, -1 when nothing is outstanding. */
int dlog_merge(struct dlog *l, struct scfs_state *s);
/* Everything handed over written, the thread ended, its counts merged. */
void dlog_stop(struct dlog *l, struct scfs_state *s);
/* dlog_stop, then free what the log holds. */
void dlog_done(struct dlog *l, struct scfs_state *s);
