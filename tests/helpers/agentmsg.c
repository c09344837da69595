/* SPDX-License-Identifier: Apache-2.0 */
/*
 * agentmsg - test helper that plays a container runtime (or an attacker)
 * on the scfs agent's socket: it sends one message with chosen fds.
 *
 *   agentmsg SOCKET MSGFILE FDS [REPEAT]
 *   FDS := none | listener | null | two   (two: a listener and /dev/null)
 *
 * MSGFILE's text is sent (REPEAT times over, for a huge message) with the
 * fds in the first sendmsg; "-" sends nothing at all.  A listener is made
 * by loading an allow-all filter with SECCOMP_FILTER_FLAG_NEW_LISTENER
 * into this process.  Exit 0 when sent (the agent's verdict is in its
 * log), 1 on a local failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

static int make_listener(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;

	*len = 0;
	if (!f)
		return NULL;
	buf = malloc(1 << 20);
	if (buf)
		*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static int send_msg(int s, const char *text, size_t len, const int *fds, int n_fds)
{
	char cbuf[CMSG_SPACE(2 * sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = (void *)text, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (n_fds) {
		struct cmsghdr *cm;

		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(n_fds * sizeof(int));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(n_fds * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, n_fds * sizeof(int));
	}
	return sendmsg(s, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fds[2], n_fds = 0, s, repeat = argc > 4 ? atoi(argv[4]) : 1;
	size_t len = 0;
	char *text;

	if (argc < 4) {
		fprintf(stderr, "usage: agentmsg SOCKET MSGFILE none|listener|null|two [REPEAT]\n");
		return 2;
	}
	text = strcmp(argv[2], "-") == 0 ? strdup("") : read_all(argv[2], &len);
	if (!text)
		return perror(argv[2]), 1;
	if (strcmp(argv[3], "listener") == 0 || strcmp(argv[3], "two") == 0) {
		fds[n_fds] = make_listener();
		if (fds[n_fds++] < 0)
			return perror("seccomp"), 1;
	}
	if (strcmp(argv[3], "null") == 0 || strcmp(argv[3], "two") == 0)
		fds[n_fds++] = open("/dev/null", O_RDONLY);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return perror("connect"), 1;
	for (int i = 0; i < repeat; i++)
		if (send_msg(s, text, len, fds, i == 0 ? n_fds : 0) < 0)
			break; /* the agent may close early on a huge message */
	/* Wait for the agent to close: its verdict is logged by then. */
	{
		char c;

		shutdown(s, SHUT_WR);
		while (read(s, &c, 1) > 0)
			;
	}
	close(s);
	return 0;
}
