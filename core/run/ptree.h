/* Internal: which processes belong to a target, for records that name only
 * a pid (the kernel's kill records arrive after the process may be gone).
 *
 * The kernel's process-event connector (open to any user of the initial
 * namespaces since Linux 6.6, to CAP_NET_ADMIN before) reports every fork,
 * queued before the child first runs, so a record about a process is
 * always preceded by its fork: the tree is exact.  In any case a process
 * is also the target's if it is still in /proc and its parent chain leads to
 * the target (or to scfs, the subreaper of its orphans). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct ptree_slot {
	pid_t pid;
	int64_t gone_ns; /* when it exited (CLOCK_MONOTONIC), 0 while alive */
};

struct ptree {
	int nl;       /* process-event connector socket, or -1 */
	int nl_error; /* why there is none (errno), 0 if there is */
	pid_t root;   /* the target's main process */
	pid_t self;   /* scfs: orphans are re-parented to it (subreaper) */
	struct ptree_slot *slots;
	size_t cap, used;
	uint64_t lost; /* connector messages the kernel could not queue */
	/* Processes of the target that died of SIGSYS, seen by the connector,
	 * not yet taken by ptree_take_sigsys. */
	pid_t sigsys[64];
	size_t n_sigsys;
	/* Told of every thread whose name or identity may have changed since
	 * an event read earlier (its fork, exec, rename or exit), or of tid 0
	 * when events were lost; a cache of names keyed by tid stays true by
	 * it (supervise_log.c).  NULL: nobody asks. */
	void (*task_changed)(void *ud, pid_t tid);
	void *ud;
	/* The connector's pids are the ones scfs sees (ptree_check_pids). */
	bool pids_ours;
};

/* Start listening (before the target is forked).  Never fails: without the
 * connector it falls back to /proc. */
void ptree_open(struct ptree *t);
void ptree_close(struct ptree *t);
/* The target's main process, once forked. */
void ptree_set_root(struct ptree *t, pid_t root);
/* Whether the connector speaks of this pid namespace's pids: scfs renames
 * itself to its own name and looks for the event with its own tid. */
void ptree_check_pids(struct ptree *t);
/* Read the queued connector events. */
void ptree_drain(struct ptree *t);
/* Move up to @max pids of processes that died of SIGSYS to @out. */
size_t ptree_take_sigsys(struct ptree *t, pid_t *out, size_t max);
/* Whether @pid is (or, shortly before, was) one of the target's processes,
 * as far as the events read so far (ptree_drain) and /proc tell. */
bool ptree_has(struct ptree *t, pid_t pid);
