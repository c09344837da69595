/* A profile's way from a file (or bytes) to a filter, as every user of
 * one takes it: read -> parse -> expand for a host -> compile, through the
 * filter cache when given one.  The CLI verbs, sctui (its table and its
 * runs), record and suggest all go this way, so that what they show and
 * what scfs run loads come from one code path. */
#pragma once

#include <stddef.h>

#include "compile.h"
#include "diag.h"
#include "host.h"
#include "profile.h"

struct scfs_pipeline {
	struct scfs_host host;       /* what it was expanded for */
	struct scfs_diag diag;       /* for callers that keep the diagnostics here (the CLI) */
	char *text;                  /* the bytes parsed, exactly (the cache's key, run's profile.json) */
	size_t len;
	struct scfs_profile *src;    /* as written */
	struct scfs_profile *eff;    /* expanded for @host */
	struct scfs_filter *filter;  /* compiled, after scfs_pipeline_compile */
};

/**
 * Read @path once and parse those bytes (the cache key and what run keeps
 * must be what was compiled, even if the file changes), then expand for
 * @host.  Diagnostics go to @diag (may be &pl->diag).  Returns 0 or
 * -errno; what was made so far stays in @pl for scfs_pipeline_done().
 */
SCFS_API int scfs_pipeline_load(struct scfs_pipeline *pl, const char *path, const struct scfs_host *host,
				struct scfs_diag *diag);
/* The same from @text (copied), named @name in messages. */
SCFS_API int scfs_pipeline_parse(struct scfs_pipeline *pl, const char *text, size_t len, const char *name,
				 const struct scfs_host *host, struct scfs_diag *diag);
/**
 * Compile the expanded profile with @o (NULL: defaults) through the
 * filter cache in @cache_dir (NULL: afresh, no cache; scfs_fcache_dir()
 * says where it is).  Returns what scfs_compile returns.
 */
SCFS_API int scfs_pipeline_compile(struct scfs_pipeline *pl, const struct scfs_compile_opts *o,
				   const char *cache_dir, struct scfs_diag *diag);
/**
 * scfs run's way on a filter-cache hit, the profile parsed while the
 * launcher loads the filter: read @path, then look its bytes up for @host
 * and @o (scfs_fcache_lookup; its notes go to @notes).  Returns 0 with
 * pl->filter from the cache (its profile not yet known), 1 when it is not
 * a hit (take the way above), or -errno when the file cannot be read
 * (@diag says why).
 */
SCFS_API int scfs_pipeline_peek(struct scfs_pipeline *pl, const char *path, const struct scfs_host *host,
				const struct scfs_compile_opts *o, const char *cache_dir, struct scfs_diag *notes,
				struct scfs_diag *diag);
/**
 * After scfs_pipeline_peek: parse and expand the bytes read, then check
 * the entry against the expanded profile (scfs_fcache_verify).  Returns 0
 * (pl->filter's profile is pl->eff), -errno when the profile is invalid
 * (@diag says why), or 1 when the entry fails its checks (start again
 * from scfs_pipeline_load: its compile finds the entry bad too).
 */
SCFS_API int scfs_pipeline_settle(struct scfs_pipeline *pl, const char *name, struct scfs_diag *diag);
/* Free what @pl holds (a zeroed pipeline is fine). */
SCFS_API void scfs_pipeline_done(struct scfs_pipeline *pl);
