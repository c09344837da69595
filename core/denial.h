/* Internal: the pieces of a denial-log line (doc/state-format.md) shared by
 * the two sources of denials, notifications and the kernel's records. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "scfs/observe.h"

/* "2026-11-24T14:48:46.834498Z": now, UTC, microseconds. */
void denial_time(char *buf, size_t len);
/* A comm as a log field: blanks become '_' so the line splits on blanks. */
void denial_comm_field(char *comm);
/* The rule as users know it, spelled as every scfs output spells it (one
 * token, the JSON path lint and explain print): "syscalls[12]", "default",
 * "enosys" or "unknown". */
void denial_rule_label(const struct scfs_profile *p, uint32_t rule, char *buf, size_t len);
/* The same index as a number for the counters (SCFS_RULE_* kept). */
uint32_t denial_source_rule(const struct scfs_profile *p, uint32_t rule);
/* libseccomp's token for the ABI of (@audit_arch, @nr): x32 calls come
 * with x86_64's audit arch and a marked number. */
uint32_t denial_arch_token(uint32_t audit_arch, int nr);
