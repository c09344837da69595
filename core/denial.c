/* Shared parts of denial-log lines. */
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <json-c/json.h>
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

static json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

char *denial_json(const struct denial_record *r)
{
	json_object *o = json_object_new_object(), *args = NULL;
	char *out;

	if (r->args) {
		args = json_object_new_array_ext(6);
		for (int i = 0; i < 6; i++)
			json_object_array_add(args, json_object_new_uint64(r->args[i]));
	}
	json_object_object_add(o, "time", json_object_new_string(r->time));
	json_object_object_add(o, "pid", json_object_new_int(r->pid));
	json_object_object_add(o, "tid", r->tid < 0 ? NULL : json_object_new_int(r->tid));
	json_object_object_add(o, "comm", json_object_new_string(r->comm));
	json_object_object_add(o, "arch", json_object_new_string(r->arch));
	json_object_object_add(o, "syscall", json_object_new_string(r->syscall));
	json_object_object_add(o, "nr", json_object_new_int(r->nr));
	json_object_object_add(o, "args", args);
	json_object_object_add(o, "call", str_or_null(r->call));
	json_object_object_add(o, "action", json_object_new_string(r->action));
	json_object_object_add(o, "errno", r->err < 0 ? NULL : json_object_new_int(r->err));
	json_object_object_add(o, "errname", r->err < 0 ? NULL : str_or_null(r->errname));
	json_object_object_add(o, "rule", str_or_null(r->rule));
	if (r->candidates)
		json_object_object_add(o, "candidates", json_object_new_string(r->candidates));
	json_object_object_add(o, "mode", json_object_new_string(r->mode));
	json_object_object_add(o, "source", json_object_new_string(r->source));
	json_object_object_add(o, "ip", json_object_new_uint64(r->ip));
	if (r->launcher)
		json_object_object_add(o, "phase", json_object_new_string("launcher"));
	out = scfs_xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return out;
}
