/* The environment, read once by a program's main (scfs, scfs-fs, sctui,
 * scfs-runtime) and passed down: the library never reads it (scfs/env.h). */
#pragma once

#include "scfs/env.h"

const struct scfs_env *cli_env(void);
