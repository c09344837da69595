/* systemd's own settings for socket's family and personality's persona
 * (core/tools/export_sd.c), for scfs export --to systemd. */
#pragma once

#include <stdbool.h>

#include "scfs/compile.h"

struct scfs_sd_arg {
	char *setting; /* "RestrictAddressFamilies=AF_UNIX AF_INET", "LockPersonality=yes", or NULL (none needed) */
	char *approx;  /* what the setting does otherwise than the profile (lines), or NULL */
	bool list;     /* the call goes in SystemCallFilter='s allow list (the setting restricts it) */
};

/* What @f allows of socket(FAMILY, ...), as RestrictAddressFamilies=.
 * ret->list false: the profile allows no family.  Returns 0. */
int scfs_sd_socket(const struct scfs_filter *f, struct scfs_sd_arg *ret);
/* personality as LockPersonality=yes, when @f allows PER_LINUX (else
 * ret->list false).  Returns 0. */
int scfs_sd_personality(const struct scfs_filter *f, struct scfs_sd_arg *ret);
void scfs_sd_arg_done(struct scfs_sd_arg *a);
