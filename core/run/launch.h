/* Internal: the child side of scfs_run and the listener handoff. */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "scfs/observe.h"
#include "scfs/run.h"

/* What the child tells the parent through the setup pipe before execve. */
enum launch_stage {
	LAUNCH_READY = 1,   /* fd: the number the listener will get */
	LAUNCH_FAILED = 2,  /* err: errno; code: exit status it will use */
};

struct launch_msg {
	int stage;
	int fd;
	int err;
	int code;
	char what[64]; /* which step failed */
};

struct launch {
	const struct scfs_run_spec *spec;
	const struct scfs_observer *obs;
	int setup_w;   /* child -> parent, close-on-exec */
	int exec_w;    /* closes at a successful execve */
	unsigned flags; /* seccomp(2) flags, NEW_LISTENER added */
};

/* Never returns. */
void launch_child(const struct launch *l) __attribute__((noreturn));

/* Take fd @n from @pid once the child has loaded the filter; gives up if
 * @setup_r reports a failure or the child dies.  Returns the fd or -errno
 * (with *msg filled on a reported failure). */
int launch_take_listener(pid_t pid, int n, int setup_r, struct launch_msg *msg);
