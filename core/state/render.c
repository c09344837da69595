/* Text views of a target's state. */
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/wait.h>
#include <time.h>

#include "scfs/escape.h"
#include "scfs/names.h"
#include "scfs/render.h"

const char *scfs_state_name(const struct scfs_state_view *v)
{
	bool live = scfs_state_view_supervised(v);

	switch (v->hdr.state) {
	case SCFS_TARGET_STARTING:
		return live ? "starting" : "lost";
	case SCFS_TARGET_RUNNING:
		return live ? "running" : "lost";
	case SCFS_TARGET_EXITED:
		return "exited";
	case SCFS_TARGET_ENDED:
		/* The agent is not a container's parent: it sees the listeners
		 * hang up, never an exit status. */
		return "ended";
	default:
		return "failed";
	}
}

static void iso_time(int64_t ns, char *buf, size_t len)
{
	time_t t = (time_t)(ns / 1000000000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The kernel's own view of a running target's seccomp state. */
static void proc_fields(FILE *m, pid_t pid)
{
	_cleanup_free_ char *path = scfs_xasprintf("/proc/%d/status", (int)pid);
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	char line[256];

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "Seccomp:", 8) == 0 || strncmp(line, "Seccomp_filters:", 16) == 0 ||
		    strncmp(line, "NoNewPrivs:", 11) == 0)
			fputs(line, m);
}

/* A value of "info" and its newline: the file is its owner's to write, and
 * status goes to terminals (scfs show, the FUSE view). */
static void put_value(FILE *m, const char *val)
{
	if (!val)
		val = "?";
	scfs_escape_put(m, val, strlen(val), SCFS_ESC_SHOW, NULL);
	fputc('\n', m);
}

/* A container's names and where it runs (absent keys are left out). */
static void container_fields(FILE *m, const struct scfs_state_view *v)
{
	static const char *const keys[][2] = {
		{ "container_name", "Container" }, { "container_id", "Container id" }, { "pod", "Pod" },
		{ "namespace", "Namespace" },      { "runtime", "Runtime" },          { "unobservable", "Unobservable" },
	};

	fputs("Kind:\tcontainer\n", m);
	for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
		_cleanup_free_ char *val = scfs_state_view_info(v, keys[i][0]);

		if (!val || !*val || strcmp(val, "-") == 0) /* "-": not passed */
			continue;
		fprintf(m, "%s:\t", keys[i][1]);
		put_value(m, val);
	}
}

/* How the run ended: a target's exit status, or for a container that the
 * agent only saw its listener close. */
static void exit_fields(FILE *m, const struct scfs_state_view *v)
{
	int ws = v->hdr.wait_status;
	char when[64];

	iso_time(v->hdr.end_ns, when, sizeof(when));
	fprintf(m, "End:\t%s\n", when);
	if (v->hdr.state == SCFS_TARGET_ENDED)
		fputs("Exit:\tunknown (its listeners closed; the agent is not the container's parent)\n", m);
	else if (WIFSIGNALED(ws))
		fprintf(m, "Exit:\tsignal %d (%s)\n", WTERMSIG(ws), sigabbrev_np(WTERMSIG(ws)) ?: "?");
	else
		fprintf(m, "Exit:\t%d\n", WEXITSTATUS(ws));
}

char *scfs_render_status(const struct scfs_state_view *v)
{
	static const char *const keys[] = { "name", "command", "profile", "arches", "rules" };
	char *out = NULL, when[64];
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	const char *st = scfs_state_name(v);
	_cleanup_free_ char *mode = scfs_state_view_info(v, "mode"), *klog = scfs_state_view_info(v, "kernel_log");
	_cleanup_free_ char *record = scfs_state_view_info(v, "record");

	fprintf(m, "Pid:\t%d\nState:\t%s\n", (int)v->pid, st);
	if (scfs_state_view_is_container(v))
		container_fields(m, v);
	fputs("Mode:\t", m);
	put_value(m, mode);
	for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
		_cleanup_free_ char *val = scfs_state_view_info(v, keys[i]);

		fprintf(m, "%c%s:\t", keys[i][0] - 32, keys[i] + 1);
		put_value(m, val);
	}
	/* Where kills and traps come from (older state has no such key). */
	if (klog) {
		fputs("Kernel log:\t", m);
		put_value(m, klog);
	}
	/* Whether the target could rewrite these files (older state: no key). */
	if (record) {
		fputs("Record:\t", m);
		put_value(m, record);
	}
	if (strcmp(st, "running") == 0)
		proc_fields(m, v->pid);
	fprintf(m, "Hits:\t%llu\nDenials:\t%llu\nLogged:\t%llu\nDropped:\t%llu\n", (unsigned long long)v->hdr.hits,
		(unsigned long long)v->hdr.denials, (unsigned long long)v->hdr.logged,
		(unsigned long long)v->hdr.dropped);
	iso_time(v->hdr.start_ns, when, sizeof(when));
	fprintf(m, "Start:\t%s\n", when);
	if (v->hdr.state == SCFS_TARGET_EXITED || v->hdr.state == SCFS_TARGET_FAILED ||
	    v->hdr.state == SCFS_TARGET_ENDED)
		exit_fields(m, v);
	fclose(m);
	return out;
}

static void action_text(uint32_t w, char *buf, size_t len)
{
	uint32_t act = w & SECCOMP_RET_ACTION_FULL, data = w & SECCOMP_RET_DATA;

	if (act == SECCOMP_RET_ERRNO || act == SECCOMP_RET_TRACE)
		snprintf(buf, len, "%s(%u)", scfs_action_word_name(w), data);
	else
		snprintf(buf, len, "%s", scfs_action_word_name(w));
}

char *scfs_render_counters(const struct scfs_state_view *v)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	for (uint32_t i = 0; i < v->hdr.used; i++) {
		const struct scfs_counter *c = &v->ctr[i];
		const struct scfs_arch_info *a = scfs_arch_from_token(c->arch_token);
		_cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(c->arch_token, c->nr);
		char rule[32], act[32];

		if (c->rule == SCFS_RULE_DEFAULT)
			snprintf(rule, sizeof(rule), "default");
		else if (c->rule == SCFS_RULE_ENOSYS)
			snprintf(rule, sizeof(rule), "enosys");
		else if (c->rule == SCFS_RULE_UNKNOWN)
			snprintf(rule, sizeof(rule), "unknown");
		else
			snprintf(rule, sizeof(rule), "syscalls[%u]", c->rule);
		action_text(c->action, act, sizeof(act));
		if (name)
			fprintf(m, "%s\t%s\t%s\t%s\t%llu\n", rule, name, a ? a->scmp_name : "?", act,
				(unsigned long long)c->hits);
		else
			fprintf(m, "%s\t#%d\t%s\t%s\t%llu\n", rule, c->nr, a ? a->scmp_name : "?", act,
				(unsigned long long)c->hits);
	}
	if (v->hdr.overflow_hits)
		fprintf(m, "overflow\t-\t-\t-\t%u\n", v->hdr.overflow_hits);
	fclose(m);
	return out;
}
