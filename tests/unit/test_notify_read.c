/* The supervisor's decoded call for a real pending notification
 * (core/run/supervise_log.c): the string argument read from the caller while
 * the notification is pending, and marked unread when the notification is
 * gone after the read, even though the memory was still readable.  A
 * signal with a handler takes a notification back (the call restarts with
 * a new id) while the caller, and its memory, stay: the same situation,
 * for the reader, as a pid that died and was reused between the receive
 * and the read. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tap.h"
#include "../../core/run/supervise.h"

static const char path[] = "/nonexistent/scfs-test/a b";

static void on_usr1(int sig)
{
	(void)sig;
}

/* mkdir(path) goes to the listener, handed up the pipe; repeated until the
 * parent kills the child. */
static void child(int up)
{
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mkdir, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fp = { .len = sizeof(prog) / sizeof(prog[0]), .filter = prog };
	struct sigaction sa = { .sa_handler = on_usr1 };
	int lfd;

	sigaction(SIGUSR1, &sa, NULL); /* no SA_RESTART: the notification is withdrawn */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		_exit(10);
	lfd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fp);
	if (lfd < 0 || write(up, &lfd, sizeof(lfd)) != sizeof(lfd))
		_exit(11);
	for (;;)
		syscall(SYS_mkdir, path, 0755);
}

static int take_listener(pid_t pid, int up)
{
	int cfd, pidfd;

	if (read(up, &cfd, sizeof(cfd)) != sizeof(cfd))
		return -1;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	return pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, cfd, 0);
}

int main(void)
{
	static struct supervisor s;
	struct scfs_counters_header hdr = { 0 };
	struct seccomp_notif req;
	char field[DLOG_CALL_MAX];
	int up[2], st, tries;
	pid_t pid;

	if (pipe(up) < 0 || (pid = fork()) < 0)
		return tap_ok(false, "fork"), tap_done();
	if (pid == 0)
		child(up[1]);
	s.listener = take_listener(pid, up[0]);
	if (s.listener < 0) {
		printf("1..0 # SKIP no seccomp listener here (user notification or pidfd_getfd missing)\n");
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return 0;
	}
	s.state.hdr = &hdr;
	memset(&req, 0, sizeof(req));
	tap_ok(ioctl(s.listener, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0 && req.data.nr == SYS_mkdir,
	       "the child's mkdir is pending");
	tap_ok(sv_note_denial(&s, s.listener, &req, SECCOMP_RET_ERRNO | EPERM, 0) != NULL, "noted");
	/* The log's thread decodes the record later, from what was read now. */
	dlog_call(&s.call, SCFS_DECODE_FIELD, field, sizeof(field));
	if (!tap_ok(strcmp(field, "mkdir(\"/nonexistent/scfs-test/a\\x20b\",0755)") == 0,
		    "pending: the path read from the caller, escaped as a log field"))
		tap_diag("got %s", field);
	/* Withdraw it: the child stays, with the path at the same address. */
	kill(pid, SIGUSR1);
	for (tries = 0; tries < 1000 && ioctl(s.listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req.id) == 0; tries++)
		usleep(1000);
	tap_ok(tries < 1000, "the signal withdrew the notification");
	tap_ok(sv_note_denial(&s, s.listener, &req, SECCOMP_RET_ERRNO | EPERM, 0) != NULL, "noted again, the id now stale");
	{
		char want[96];

		snprintf(want, sizeof(want), "mkdir(%#llx(unread:ESRCH),0755)", (unsigned long long)req.data.args[0]);
		dlog_call(&s.call, SCFS_DECODE_FIELD, field, sizeof(field));
		if (!tap_ok(strcmp(field, want) == 0,
			    "a stale notification: the string is not kept although it could be read"))
			tap_diag("got %s, want %s", field, want);
	}
	{
		char *last = sv_last_call(&s, "mkdir");

		tap_ok(strstr(last, "(unread: ESRCH), 0755)") != NULL, "the summary's form says so too (%s)", last);
		free(last);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	sv_log_done(&s);
	return tap_done();
}
