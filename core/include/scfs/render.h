/* Text renderings of a target's state, as `scfs show` prints them and as
 * the FUSE view serves them.  Formats: doc/state-format.md. */
#pragma once

#include "state.h"

/* "starting", "running", "exited", "failed", "ended" (a container whose
 * listener closed: the agent has no exit status), or "lost" when the supervising
 * scfs is gone while the target may still run. */
SCFS_API const char *scfs_state_name(const struct scfs_state_view *v);
/* procfs-style "Key:\tvalue" lines.  Returns a malloc'd string. */
SCFS_API char *scfs_render_status(const struct scfs_state_view *v);
/* One line per (rule, syscall): "RULE\tSYSCALL\tARCH\tACTION\tHITS".  Malloc'd. */
SCFS_API char *scfs_render_counters(const struct scfs_state_view *v);
