/* The listener's thread: it sits in SECCOMP_IOCTL_NOTIF_RECV on the first
 * listener and answers each notification as it comes (sv_answer), while
 * the loop (supervise.c) waits in epoll for everything else.
 *
 * Why: with the listener's synchronous wake-up the kernel wakes a task
 * waiting in the receive on the CPU of the calling thread, and the answer
 * wakes that thread on the supervisor's: the two take turns on one CPU
 * with no scheduler round between them.  A task waiting in epoll_wait is
 * woken the ordinary way, and the loop paid an epoll_wait per
 * notification besides; the thread is how the bare notify bound answers.
 *
 * Sharing: the supervisor's mutex is held for every answer and for every
 * turn of the loop, so what both touch (counts, the comm and name caches,
 * the process tree, the log's ring, the launcher's state) has one owner at
 * a time; only the receive itself runs without it, into buffers of the
 * thread's own.
 *
 * Its end: the kernel ends a waiting receive when the filter has no task
 * left (ENOENT, and the listener hangs up), and the thread returns then.
 * The loop sees the hang-up too (the listener stays in its set for that
 * alone).  On any other path (an error in the loop, a kernel that leaves
 * the receive waiting), sv_rx_stop sets the stop flag and sends the
 * thread SV_WAKE_SIG, whose handler does nothing but interrupt the
 * receive (EINTR), again until it has returned: a signal sent just before
 * the thread entered the receive is not lost that way. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "supervise.h"

/* A real-time signal, taken for as long as the thread runs: the only one
 * the thread does not block, and blocked in the loop's thread. */
#define SV_WAKE_SIG (SIGRTMIN + 4)
#define SV_STOP_RETRY_NS (20 * 1000000L)

static void wake_handler(int sig)
{
	(void)sig; /* its delivery interrupted the receive: enough */
}

static bool hung_up(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR));
}

static void tell_loop(struct supervisor *s)
{
	uint64_t one = 1;

	s->main_idle = false;
	(void)!write(s->wake_fd, &one, sizeof(one));
}

void sv_rx_poke(struct supervisor *s)
{
	if (s->main_idle && s->wake_fd >= 0)
		tell_loop(s);
}

static void *rx_main(void *arg)
{
	struct supervisor *s = arg;
	sigset_t wake;

	sigemptyset(&wake);
	sigaddset(&wake, SV_WAKE_SIG);
	pthread_sigmask(SIG_UNBLOCK, &wake, NULL);
	while (!atomic_load(&s->rx_stop)) {
		memset(s->rx_req, 0, sizeof(*s->rx_req));
		if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, s->rx_req) < 0) {
			/* ENOENT also when the call was withdrawn (a fatal signal)
			 * between the wake-up and the receive: the listener tells. */
			if (errno == EINTR || (errno == ENOENT && !hung_up(s->listener)))
				continue;
			break;
		}
		pthread_mutex_lock(&s->mu);
		sv_answer(s, s->listener, s->rx_req, s->rx_resp);
		sv_rx_poke(s);
		pthread_mutex_unlock(&s->mu);
	}
	pthread_mutex_lock(&s->mu);
	s->rx_ended = true;
	tell_loop(s); /* idle or not, the loop must hear of the end */
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

bool sv_rx_start(struct supervisor *s)
{
	struct sigaction sa = { .sa_handler = wake_handler }; /* no SA_RESTART: the receive returns */
	sigset_t all, old;

	atomic_store(&s->rx_stop, false);
	s->rx_ended = false;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SV_WAKE_SIG, &sa, &s->rx_old_act) < 0)
		return false;
	/* The loop's thread (and the log's) never take it. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	s->rx_started = pthread_create(&s->rx, NULL, rx_main, s) == 0;
	s->rx_sig_blocked = sigismember(&old, SV_WAKE_SIG) == 1;
	if (s->rx_started)
		sigaddset(&old, SV_WAKE_SIG);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!s->rx_started)
		(void)sigaction(SV_WAKE_SIG, &s->rx_old_act, NULL);
	return s->rx_started;
}

void sv_rx_stop(struct supervisor *s)
{
	sigset_t wake;

	if (!s->rx_started)
		return;
	atomic_store(&s->rx_stop, true);
	for (;;) {
		struct timespec ts;

		(void)pthread_kill(s->rx, SV_WAKE_SIG);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += SV_STOP_RETRY_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_timedjoin_np(s->rx, NULL, &ts) == 0)
			break;
	}
	s->rx_started = false;
	/* A wake signal still pending for the process (only another process
	 * sends one) is taken here, not by the old disposition. */
	sigemptyset(&wake);
	sigaddset(&wake, SV_WAKE_SIG);
	{
		struct timespec zero = { 0 };

		while (sigtimedwait(&wake, NULL, &zero) == SV_WAKE_SIG)
			;
	}
	(void)sigaction(SV_WAKE_SIG, &s->rx_old_act, NULL);
	if (!s->rx_sig_blocked)
		pthread_sigmask(SIG_UNBLOCK, &wake, NULL);
}
