/* Shared parts of denial-log lines. */
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <time.h>

#include "denial.h"
#include "scfs/escape.h"

#define X32_SYSCALL_BIT 0x40000000u

void denial_time(char *buf, size_t len)
{
	/* The calendar part changes once a second; a storm formats thousands
	 * of lines a second. */
	static time_t last_sec = -1;
	static char day[40];
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != last_sec) {
		struct tm tm;

		gmtime_r(&ts.tv_sec, &tm);
		strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
		last_sec = ts.tv_sec;
	}
	snprintf(buf, len, "%s.%06ldZ", day, ts.tv_nsec / 1000);
}

void denial_comm_field(const char *comm, size_t len, char *out, size_t size)
{
	/* Blanks and '=' would split the field; a comm is the target's to
	 * choose, controls and invalid UTF-8 included. */
	scfs_escape_buf(out, size, comm, len, 0, " =");
}

void denial_rule_label(const struct scfs_profile *p, uint32_t rule, char *buf, size_t len)
{
	if (rule == SCFS_RULE_DEFAULT)
		snprintf(buf, len, "default");
	else if (rule == SCFS_RULE_ENOSYS)
		snprintf(buf, len, "enosys");
	else if (rule < p->n_rules)
		snprintf(buf, len, "syscalls[%zu]", p->rules[rule].index);
	else
		snprintf(buf, len, "unknown");
}

uint32_t denial_source_rule(const struct scfs_profile *p, uint32_t rule)
{
	return rule < p->n_rules ? (uint32_t)p->rules[rule].index : rule;
}

uint32_t denial_arch_token(uint32_t audit_arch, int nr)
{
	if (audit_arch == AUDIT_ARCH_X86_64 && ((uint32_t)nr & X32_SYSCALL_BIT))
		return SCMP_ARCH_X32;
	return audit_arch;
}
