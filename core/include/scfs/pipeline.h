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
/* Free what @pl holds (a zeroed pipeline is fine). */
SCFS_API void scfs_pipeline_done(struct scfs_pipeline *pl);
