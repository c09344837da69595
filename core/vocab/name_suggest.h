/* "Did you mean": the known syscall name nearest to an unknown one.
 * Internal to core: lint.c, and scfs_syscall_suggest (scfs/names.h). */
#pragma once

#include <stddef.h>

/* Every name a suggestion can be: libseccomp's, over arches whose
 * numbering covers them all, and scfs's table of newer ones; sorted,
 * without repeats.  Built once per lint run, not once per unknown name. */
struct suggest_candidates {
	char **v;
	size_t n, cap;
};

void suggest_candidates_build(struct suggest_candidates *c);
void suggest_candidates_done(struct suggest_candidates *c);
/* The candidate nearest to @name if close enough to be a typo (malloc'd),
 * else NULL. */
char *suggest_in(const struct suggest_candidates *c, const char *name);
