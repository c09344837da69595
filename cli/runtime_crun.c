/* The crun model: crun loads a raw program (run.oci.seccomp_bpf_data), so
 * the container gets exactly the observed program of its own profile and
 * every decision stays the profile's. */
#include <errno.h>
#include <json-c/json.h>
#include <string.h>

#include "env.h"
#include "runtime.h"

/* A listener this wrapper set up before (the same config.json prepared
 * twice): listenerMetadata says so. */
static bool prepared_by_scfs(const char *text)
{
	return strstr(text, "\"listenerMetadata\"") && strstr(text, "\"" SCFS_LISTENER_METADATA "\"") &&
	       strstr(text, "\"" SCFS_ANN_BPF "\"");
}

static int bundle_path(const struct rt_cmd *cmd, char **ret)
{
	char cwd[PATH_MAX];

	if (cmd->config)
		return rt_fail("--config %s: scfs-runtime reads the bundle's config.json only", cmd->config);
	if (cmd->bundle && cmd->bundle[0] == '/') {
		*ret = scfs_xasprintf("%s/config.json", cmd->bundle);
		return 0;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		return rt_fail("cannot read the current directory: %s", strerror(errno));
	*ret = cmd->bundle ? scfs_xasprintf("%s/%s/config.json", cwd, cmd->bundle) : scfs_xasprintf("%s/config.json", cwd);
	return 0;
}

/* Compile and write; 0 or the exit status after one line. */
static int rewrite(struct scfs_bundle *b, const char *sock, struct scfs_diag *d)
{
	/* The cache saves most of the compile on the container's start; the
	 * agent compiles afresh and refuses a program that differs. */
	_cleanup_free_ char *why = NULL, *cache = scfs_fcache_dir(cli_env());

	if (scfs_bundle_compile(b, cache, d) < 0) {
		if (!scfs_diag_failed(d))
			return rt_fail("%s: cannot compile linux.seccomp", b->config_path);
		return rt_diag(d);
	}
	if (scfs_bundle_rewrite(b, sock, &why) < 0)
		return rt_fail("%s", why);
	return 0;
}

int rt_prepare_crun(const struct rt_conf *conf, const struct rt_cmd *cmd, const char *runtime_path)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	struct scfs_bundle b;
	struct scfs_diag d;
	size_t len = 0;
	int r = bundle_path(cmd, &path);
	bool ours;

	if (r)
		return r;
	r = scfs_read_file(path, SCFS_BUNDLE_CONFIG_MAX, &text, &len);
	if (r < 0)
		return rt_fail("%s: %s", path, strerror(-r));
	ours = prepared_by_scfs(text);
	scfs_diag_init(&d, path);
	r = scfs_bundle_parse(&b, text, len, path, ours, &d);
	if (r < 0) {
		r = rt_diag(&d);
	} else if (!b.has_seccomp) {
		r = 0; /* no filter: nothing to observe */
	} else if (b.own_listener) {
		rt_note("%s: its profile hands calls to a listener of its own: scfs does not observe this container",
			path);
		r = 0;
	} else if (!strstr(runtime_path, "crun")) {
		r = rt_prepare_runc(conf, cmd, &b, &d); /* runc: explicit denials only */
	} else {
		r = rt_ensure_agent(conf->socket);
		if (r == 0)
			r = rewrite(&b, conf->socket, &d);
	}
	scfs_bundle_done(&b);
	scfs_diag_done(&d);
	return r;
}
