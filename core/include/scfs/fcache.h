/* The compiled-filter cache.  libseccomp takes about 16 ms to compile
 * Docker's default profile, which is most of what `scfs run` costs before
 * the target starts.  The cache keeps exactly what scfs_compile produced
 * (the program, flags, ENOSYS stub, what became of every name on every
 * arch, the diagnostics, libseccomp's PFC listing) under a key made of
 * everything the result depends on: the profile's bytes, the host it was
 * expanded for, the compile options, the versions and build ids of scfs
 * and libseccomp, and the running kernel.
 *
 * A hit is taken only when the entry's whole stored key equals ours byte
 * for byte, its checksum, lengths and program check out, and the entry
 * and its directory belong to us and nobody else can write them: a
 * tampered entry would weaken a security filter.  Anything else is a
 * miss, and a miss is a normal compile.  The cache never makes a command
 * fail.  Entries are not evicted: removing the directory is always safe. */
#pragma once

#include "compile.h"
#include "diag.h"
#include "env.h"
#include "host.h"
#include "profile.h"

/* What the expanded profile was made from. */
struct scfs_fcache_key {
	const char *text; /* the profile's bytes, exactly those that were parsed */
	size_t len;
	const struct scfs_host *host; /* what it was expanded for */
};

/**
 * The cache directory: $SCFS_CACHE_DIR, else /var/cache/scfs for root,
 * else $XDG_CACHE_HOME/scfs or ~/.cache/scfs.  NULL when $SCFS_NO_CACHE is
 * set (to anything but "" or "0") or no place is known (the variables
 * from @env, may be NULL).  malloc'd.
 */
SCFS_API char *scfs_fcache_dir(const struct scfs_env *env);

/**
 * scfs_compile through the cache in @dir; with @dir NULL, or options the
 * cache cannot key (map_action, map_default), a plain scfs_compile.
 * @eff must be the expansion of @k->text for @k->host.  A hit gives what a
 * fresh compile gives, its diagnostics replayed into @diag; the filter has
 * no libseccomp context (ctx is NULL, pfc holds the listing).  Notes in
 * @diag say when the filter came from the cache, was stored, or why an
 * entry or the directory was not used.  Returns what scfs_compile returns.
 */
SCFS_API int scfs_compile_cached(const struct scfs_profile *eff, const struct scfs_compile_opts *o,
				 const struct scfs_fcache_key *k, const char *dir, struct scfs_filter **ret,
				 struct scfs_diag *diag);

/**
 * A hit of scfs_compile_cached before the profile is parsed: the entry
 * for @k's bytes and host, with every check but those against the
 * expanded profile (the filter's profile is NULL), which
 * scfs_fcache_verify makes once there is one; @k->text must then be
 * parsed and expanded for @k->host.  Until then the filter may be loaded
 * only where nothing runs under it (scfs run's launcher, held before its
 * execve).  Returns 0, or -ENOENT for anything but a hit (@diag gets the
 * same notes as scfs_compile_cached's lookup).
 */
SCFS_API int scfs_fcache_lookup(const struct scfs_compile_opts *o, const struct scfs_fcache_key *k, const char *dir,
				struct scfs_filter **ret, struct scfs_diag *diag);
/* The checks of an entry against @eff; 0 (and the filter's profile is
 * @eff) or -EINVAL: the entry is no hit. */
SCFS_API int scfs_fcache_verify(struct scfs_filter *f, const struct scfs_profile *eff);
