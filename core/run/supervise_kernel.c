/* Kills and traps in the denial log: the kernel applies them and records
 * each one (scfs/kaudit.h); these read the records while the target runs,
 * keep the ones of the target's processes (ptree.h), and count what the
 * kernel did not record. */
#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "killrec.h"
#include "scfs/kaudit.h"
#include "supervise.h"

static void forget_sigsys(struct supervisor *s, pid_t pid)
{
	for (size_t i = 0; i < s->n_sigsys; i++)
		if (s->sigsys_pids[i] == pid) {
			s->sigsys_pids[i] = s->sigsys_pids[--s->n_sigsys];
			return;
		}
}

/* A process scfs reaped was killed by SIGSYS: its kernel record is awaited
 * before the end, unless it came already. */
void sv_expect_record(struct supervisor *s, pid_t pid)
{
	for (size_t i = 0; i < ELEMENTSOF(s->recorded); i++)
		if (s->recorded[i] == pid)
			return;
	for (size_t i = 0; i < s->n_sigsys; i++)
		if (s->sigsys_pids[i] == pid)
			return;
	if (s->kmsg < 0)
		return;
	if (s->n_sigsys < ELEMENTSOF(s->sigsys_pids))
		s->sigsys_pids[s->n_sigsys++] = pid;
	else
		s->sigsys_overflow++; /* counted as unrecorded, not awaited */
}

/* Fork and exit events: the tree grows, and SIGSYS deaths await a record. */
void sv_tree_events(struct supervisor *s)
{
	pid_t dead[64];
	size_t n;

	ptree_drain(&s->tree);
	n = ptree_take_sigsys(&s->tree, dead, ELEMENTSOF(dead));
	for (size_t i = 0; i < n; i++)
		sv_expect_record(s, dead[i]);
}

/* A kill or trap the kernel carried out and recorded. */
static void record_kernel(struct supervisor *s, const struct scfs_kaudit_rec *rec)
{
	struct killrec k;

	killrec_make(&s->obs, rec, s->spec->mode, &k);
	s->kernel_records++;
	s->recorded[s->kernel_records % ELEMENTSOF(s->recorded)] = rec->pid;
	forget_sigsys(s, rec->pid);
	scfs_state_count(&s->state, source_rule(s, k.rule), k.token, rec->nr, k.verdict, true);
	s->last = (struct last_denial){ .set = true, .verdict = k.verdict, .rule = k.rule, .arch = rec->audit_arch, .nr = rec->nr };
	sv_log_line(s, k.line, k.json); /* or counted as dropped past the cap */
}

static bool kernel_denial(uint32_t action)
{
	return action == SECCOMP_RET_KILL_PROCESS || action == SECCOMP_RET_KILL_THREAD || action == SECCOMP_RET_TRAP;
}

static bool profile_kills(const struct scfs_profile *p)
{
	if (kernel_denial(scfs_action_word(&p->default_action) & SECCOMP_RET_ACTION_FULL))
		return true;
	for (size_t i = 0; i < p->n_rules; i++)
		if (kernel_denial(scfs_action_word(&p->rules[i].action) & SECCOMP_RET_ACTION_FULL))
			return true;
	return false;
}

/* Whether any kill or trap of the target is the kernel's to apply (and to
 * record): else no record the kernel suppresses can be the target's. */
static bool kernel_applies(const struct supervisor *s)
{
	return s->spec->mode != SCFS_MODE_COMPLAIN && profile_kills(s->obs.filter->profile);
}

/* Everything the kernel logged since the last call. */
void sv_read_kernel_log(struct supervisor *s)
{
	char buf[8192];

	while (s->kmsg >= 0) {
		ssize_t n = read(s->kmsg, buf, sizeof(buf));
		struct scfs_kaudit_rec rec;
		unsigned long dropped = 0;

		if (n < 0 && errno == EPIPE) {
			s->kernel_lost++; /* the ring buffer overwrote records before we read them */
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		switch (scfs_kaudit_parse(buf, (size_t)n, &rec, &dropped)) {
		case SCFS_KAUDIT_SUPPRESSED:
			/* Host-wide: counted only when some could be the target's. */
			if (kernel_applies(s))
				s->kernel_suppressed += dropped;
			break;
		case SCFS_KAUDIT_SECCOMP:
			/* Forks first: the fork of a recorded process was queued
			 * before it ran, so the tree knows it once they are read. */
			sv_tree_events(s);
			if (kernel_denial(rec.action) && ptree_has(&s->tree, rec.pid))
				record_kernel(s, &rec);
			break;
		case SCFS_KAUDIT_OTHER:
			break;
		}
	}
}

/* The kernel writes its records from a thread of its own, so the last ones
 * can come after the target is gone: wait for those of processes known to
 * have died of SIGSYS, and, if the profile kills or traps at all, until the
 * log has been quiet for a moment. */
void sv_drain_kernel_log(struct supervisor *s)
{
	int64_t deadline = now_ns(CLOCK_MONOTONIC) + 500000000;
	bool quiet_wait = profile_kills(s->obs.filter->profile);

	sv_tree_events(s);
	sv_read_kernel_log(s);
	sv_tree_events(s);
	while (s->kmsg >= 0 && (s->n_sigsys || quiet_wait)) {
		int64_t left = (deadline - now_ns(CLOCK_MONOTONIC)) / 1000000;
		struct pollfd p = { .fd = s->kmsg, .events = POLLIN };
		uint64_t before = s->kernel_records;

		if (left <= 0)
			break;
		if (poll(&p, 1, s->n_sigsys ? (int)left : 20) <= 0 && !s->n_sigsys)
			break;
		sv_read_kernel_log(s);
		quiet_wait = quiet_wait && s->kernel_records != before;
	}
}

/* Before the fork, so no record of the target can be missed. */
void sv_kernel_log_open(struct supervisor *s)
{
	s->kmsg = scfs_kaudit_open();
	if (s->kmsg < 0) {
		s->kmsg_error = -s->kmsg;
		s->kmsg = -1;
		return;
	}
	ptree_open(&s->tree);
	sv_comm_watch(s);
}

/* Which of the kernel-applied actions the kernel is set not to log
 * (sysctl kernel.seccomp.actions_logged): " (not logged by this kernel:
 * trap)", or "". */
static char *unlogged_actions(void)
{
	static const uint32_t acts[] = { SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP };
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	for (size_t i = 0; i < ELEMENTSOF(acts); i++)
		if (!scfs_kaudit_action_logged(NULL, acts[i]))
			fprintf(m, "%s%s", ftell(m) ? ", " : " (not logged by this kernel: ", scfs_action_word_name(acts[i]));
	if (ftell(m))
		fputc(')', m);
	fclose(m);
	return out;
}

/* "/dev/kmsg, process events" or "unavailable: /dev/kmsg: Permission denied". */
char *sv_kernel_log_status(const struct supervisor *s)
{
	_cleanup_free_ char *unlogged = NULL;

	if (s->kmsg < 0)
		return scfs_xasprintf("unavailable: %s: %s", SCFS_KMSG_PATH, strerror(s->kmsg_error));
	unlogged = unlogged_actions();
	if (s->tree.nl < 0)
		return scfs_xasprintf("%s, processes from /proc (process events: %s)%s", SCFS_KMSG_PATH,
				      strerror(s->tree.nl_error), unlogged);
	return scfs_xasprintf("%s, process events%s", SCFS_KMSG_PATH, unlogged);
}

/* Processes scfs saw die of SIGSYS without a kernel record of the call:
 * those still awaited, or the main one when the kernel log is closed. */
size_t sv_unrecorded_count(const struct supervisor *s)
{
	bool main_sigsys = s->exec_done && WIFSIGNALED(s->wait_status) && WTERMSIG(s->wait_status) == SIGSYS;

	return s->kmsg < 0 ? main_sigsys : s->n_sigsys + s->sigsys_overflow;
}

/* What the summary adds when kills may be missing from the log. */
char *sv_describe_unrecorded(const struct supervisor *s)
{
	size_t n = sv_unrecorded_count(s);

	if (s->kmsg < 0 && n)
		return scfs_xasprintf("; the killing call is not known: kills and traps are read from %s, "
				      "which scfs cannot read (%s)", SCFS_KMSG_PATH, strerror(s->kmsg_error));
	if (n)
		return scfs_xasprintf("; %zu process%s died of SIGSYS without a kernel record of a seccomp kill "
				      "(the kernel drops records under load, or the signal was sent)%s",
				      n, n == 1 ? "" : "es",
				      s->kernel_suppressed ? "; its rate limit suppressed some" : "");
	if (s->kernel_suppressed)
		return scfs_xasprintf("; the kernel suppressed %llu records while the target ran (rate limit), "
				      "some may be its kills or traps", (unsigned long long)s->kernel_suppressed);
	return scfs_xstrdup("");
}

