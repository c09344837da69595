/* The targets and containers of the state base, for sctui to watch one it
 * did not launch: listed as scfs ps lists them, named as scfs show names
 * them (PID, NAME or "last"), and the profile the state keeps.  Every
 * file is read through core's state readers (scfs/state.h): the state is
 * its owner's to write, so nothing here trusts it.  No curses here. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* One line of the list. */
struct sctui_watch_entry {
	pid_t pid;
	bool container;   /* kind "container" (the agent's), else "target" */
	char label[48];   /* scfs_state_view_label, escaped for a terminal */
	char mode[12];
	char state[12];   /* scfs_state_name: running, exited, lost, ended... */
	unsigned long long denials, dropped;
};

/* The entries under @base, oldest start first (as scfs ps).  Returns how
 * many; *@ret is malloc'd (NULL when none). */
size_t sctui_watch_list(const char *base, struct sctui_watch_entry **ret);
/* The list as text for a view: a heading and one line per entry (an empty
 * base says so).  Malloc'd. */
char *sctui_watch_list_text(const char *base);
/* @who as scfs show takes it: a pid, "last" (the latest started), a name
 * (the latest of that name), or a container's full id or an id prefix of
 * SCFS_CONTAINER_SHORT_ID characters or more.  Returns the pid, or 0. */
pid_t sctui_watch_resolve(const char *base, const char *who);
/**
 * The profile the state of @pid keeps: "profile.json" (the file as given
 * to scfs run; for a container, its linux.seccomp as the engine wrote it:
 * the rule indices of its denials count in it), else "effective.json".
 * *@which names the file read.  Returns 0 or -errno (the state readers').
 */
int sctui_watch_profile(const char *base, pid_t pid, char **text, size_t *len, const char **which);
