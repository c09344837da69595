/* The runc model of scfs-runtime: runc takes no raw program, so only the
 * profile's explicit deny rules can be handed to the agent (as NOTIFY
 * rules, answered with the real filter's errno); what stays the kernel's
 * (the default action, runc's ENOSYS stub, rules on write) is said once
 * per container here and recorded in the state (core/agent/runc_model.c). */
#include <errno.h>
#include <string.h>

#include "env.h"
#include "runtime.h"

int rt_prepare_runc(const struct rt_conf *conf, const struct rt_cmd *cmd, struct scfs_bundle *b, struct scfs_diag *d)
{
	_cleanup_free_ char *why = NULL, *cache = scfs_fcache_dir(cli_env()); /* as the crun model */
	int r;

	/* Count mode needs every allowed call too: NOTIFY on allow rules
	 * would change nothing runc can express for the default action. */
	if (b->mode == SCFS_MODE_COUNT)
		return rt_fail("%s: io.scfs.mode=count needs crun (runc cannot hand over the calls a profile allows)",
			       b->config_path);
	if (scfs_bundle_runc_prepare(b, &why) < 0)
		return rt_fail("%s", why);
	r = rt_ensure_agent(conf->socket);
	if (r)
		return r;
	if (scfs_bundle_compile(b, cache, d) < 0) {
		if (!scfs_diag_failed(d))
			return rt_fail("%s: cannot compile linux.seccomp", b->config_path);
		return rt_diag(d);
	}
	if (scfs_bundle_runc_transform(b, &why) < 0 || scfs_bundle_rewrite(b, conf->socket, &why) < 0)
		return rt_fail("%s", why);
	if (b->unobservable)
		rt_note("container %s under runc: the kernel alone decides %s; those denials are not "
			"seen or counted%s (crun shows every one)",
			cmd->id ? cmd->id : "?", b->unobservable,
			b->mode == SCFS_MODE_COMPLAIN ? ", and complain mode does not allow them" : "");
	return 0;
}
