/* Test support: build a filter from JSON text for a fixed host, and run
 * one syscall under it in a forked child, checking the BPF evaluator's
 * verdict against what the kernel did. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "scfs/scfs.h"

struct built {
	struct scfs_diag diag;
	struct scfs_profile *src, *eff;
	struct scfs_filter *filter;
	int rc; /* first failing step's result, 0 if compiled */
};

/* The host used by the tests: native arch, empty bounding set, this kernel. */
void test_host(struct scfs_host *h);

/* Parse, expand for @h (NULL: test_host) and compile @json. */
void build(struct built *b, const char *json, const struct scfs_host *h, bool strict);
void built_done(struct built *b);
/* Whether any diagnostic of @level has a message containing @needle. */
bool diag_has(const struct built *b, enum scfs_diag_level level, const char *needle);

struct outcome {
	bool returned; /* the call returned (not killed) */
	long ret;
	int err;       /* errno when ret == -1 */
	int sig;       /* killing signal, or 0 */
	bool sim_agrees;
};

/**
 * Load @f in a forked child, make syscall @name (native ABI) with @args,
 * report what happened.  compat32 makes the call through int $0x80 with
 * the x86 number of @name (x86_64 only; see compat32_missing()).  When the
 * evaluator says ALLOW, sim_agrees also needs the same result and errno as
 * the call made with no filter, so the call must be repeatable.
 */
struct outcome probe(const struct scfs_filter *f, const char *name, const uint64_t args[6], bool compat32);

/* The same call (native ABI) in a forked child with no filter loaded. */
struct outcome probe_unfiltered(const char *name, const uint64_t args[6]);
/* errno the call got with no filter, or 0, or -SIG if killed. */
int bare_errno(const char *name, uint64_t a0, uint64_t a1, uint64_t a2);

/* NULL if 32-bit syscalls (int $0x80) work on this host with no filter;
 * otherwise why not, for a TAP SKIP.  SCFS_TEST_NO_COMPAT32=1 in the
 * environment makes it say they do not, to test the skips. */
const char *compat32_missing(void);

/* errno the call got, or 0 if it succeeded, or -SIG if killed. */
int probe_errno(const struct scfs_filter *f, const char *name, uint64_t a0, uint64_t a1, uint64_t a2);

/* Probes made through probe_errno, and how often the evaluator disagreed. */
extern int sim_disagreements, sim_probes;
 /* Denied probes also run through `scfs run` ($SCFS_BIN, $SYSPROBE_BIN set)
 * where the profile lets sysprobe start,
 * and how often its answer differed from the bare filter's. */
extern int observed_probes, observed_disagreements;
