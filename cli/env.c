/* The one reader of the environment for the library's settings. */
#include <stdlib.h>

#include "env.h"

const struct scfs_env *cli_env(void)
{
	static struct scfs_env env;
	static int done;

	if (!done) {
		env = (struct scfs_env){
			.state_dir = getenv("SCFS_STATE_DIR"),
			.runtime_dir = getenv("XDG_RUNTIME_DIR"),
			.default_profile = getenv("SCFS_DEFAULT_PROFILE"),
			.tmp_dir = getenv("TMPDIR"),
			.no_cache = secure_getenv("SCFS_NO_CACHE"),
			.cache_dir = secure_getenv("SCFS_CACHE_DIR"),
			.cache_home = secure_getenv("XDG_CACHE_HOME"),
			.home = secure_getenv("HOME"),
			.runtime = getenv("SCFS_RUNTIME"),
			.agent_socket = getenv("SCFS_AGENT_SOCKET"),
			.path = getenv("PATH"),
		};
		done = 1;
	}
	return &env;
}
