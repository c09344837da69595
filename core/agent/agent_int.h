/* Internal: the agent's connection reader (server.c) and its serving loop
 * (agent.c). */
#pragma once

#include <sys/socket.h>

#include "scfs/agent.h"

/* One connection: the message text and its fds. */
struct conn {
	char *buf;
	size_t len;
	int fd;       /* the first fd received, or -1 */
	size_t n_fds; /* how many came (anything but exactly 1 is refused) */
};

int agent_receive(int cfd, struct conn *c, char **why);
int agent_peer_ok(int cfd, struct ucred *uc, char **why);
