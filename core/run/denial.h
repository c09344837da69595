/* Internal: the pieces of a denial-log line (doc/state-format.md) shared by
 * the two sources of denials, notifications and the kernel's records. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scfs/observe.h"

/* "2026-11-24T14:48:46.834498Z": now, UTC, microseconds. */
void denial_time(char *buf, size_t len);
/* The same for @ts (CLOCK_REALTIME). */
struct timespec;
void denial_time_at(const struct timespec *ts, char *buf, size_t len);
/* The longest comm field: a comm of at most 31 bytes (the kernel's is 15,
 * TASK_COMM_LEN), each escaped as 4. */
#define DENIAL_COMM_FIELD_MAX 128
/* @len bytes of a comm as a log field, escaped (scfs/escape.h, with ' '
 * and '=' as separators) into @out of @size bytes. */
void denial_comm_field(const char *comm, size_t len, char *out, size_t size);
/* The rule as users know it, spelled as every scfs output spells it (one
 * token, the JSON path lint and explain print): "syscalls[12]", "default",
 * "enosys" or "unknown". */
void denial_rule_label(const struct scfs_profile *p, uint32_t rule, char *buf, size_t len);
/* The same index as a number for the counters (SCFS_RULE_* kept). */
uint32_t denial_source_rule(const struct scfs_profile *p, uint32_t rule);
/* libseccomp's token for the ABI of (@audit_arch, @nr): x32 calls come
 * with x86_64's audit arch and a marked number. */
uint32_t denial_arch_token(uint32_t audit_arch, int nr);

/* Every field of one denial, for its object in denied.jsonl
 * (doc/state-format.md).  Strings are already escaped (scfs/escape.h), so
 * the JSON holds valid UTF-8 whatever the target's bytes were. */
struct denial_record {
	const char *time, *comm, *arch, *syscall, *action, *rule, *mode, *source;
	int pid, tid;            /* tid < 0: unknown (a kernel record) */
	int nr;
	const uint64_t *args;    /* six registers, NULL: unknown */
	const char *call;        /* the decoded call, NULL: unknown */
	int err;                 /* errno answered, < 0: none */
	const char *errname;
	uint64_t ip;
	const char *candidates;  /* kernel records whose rule is unknown; NULL: none */
	bool launcher;           /* the target's own execve (phase=launcher) */
};
/* One line of JSON (no newline) into @buf (@size bytes, always
 * terminated when @size > 0): returns the length it has, as snprintf
 * does (a larger one: @buf was too small).  Byte for byte json-c's
 * rendering of the same object (denial.c says why it is not json-c's). */
size_t denial_json_put(char *buf, size_t size, const struct denial_record *r);
/* The same, malloc'd. */
char *denial_json(const struct denial_record *r);
