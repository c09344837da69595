/* scfs-runtime: an OCI runtime wrapper.  Container managers call it as they
 * call runc or crun; it passes every command through unchanged to the real
 * runtime (execv) and, on create and run, first rewrites the bundle's
 * config.json so that the runtime loads the observed program and hands its
 * listener to the scfs agent (runtime_crun.c).  A container it cannot have
 * observed does not start: exit 125 and one line saying why. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "runtime.h"

#define RUNTIME_CONF "/etc/scfs/runtime.conf"

/* key=value lines; '#' starts a comment; unknown keys are errors (a typo
 * must not silently select another runtime or socket). */
static int read_conf(struct rt_conf *c)
{
	_cleanup_fclose_ FILE *f = fopen(RUNTIME_CONF, "re");
	char line[PATH_MAX + 64];
	unsigned no = 0;

	if (!f)
		return errno == ENOENT ? 0 : rt_fail("%s: %s", RUNTIME_CONF, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *eq, *v, *end = line + strcspn(line, "\r\n");

		no++;
		*end = 0;
		if (!line[strspn(line, " \t")] || line[strspn(line, " \t")] == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq)
			return rt_fail("%s:%u: expected key=value", RUNTIME_CONF, no);
		*eq = 0;
		v = eq + 1;
		if (strcmp(line, "runtime") == 0 && *v)
			snprintf(c->runtime, sizeof(c->runtime), "%s", v);
		else if (strcmp(line, "socket") == 0 && *v == '/')
			snprintf(c->socket, sizeof(c->socket), "%s", v);
		else
			return rt_fail("%s:%u: unknown key or bad value \"%s\" (runtime=crun|runc|/path, socket=/path)",
				       RUNTIME_CONF, no, line);
	}
	return 0;
}

static int load_conf(struct rt_conf *c)
{
	const char *e;
	int r;

	snprintf(c->runtime, sizeof(c->runtime), "crun");
	snprintf(c->socket, sizeof(c->socket), "%s", RT_DEFAULT_SOCKET);
	r = read_conf(c);
	if (r)
		return r;
	if ((e = cli_env()->runtime) && *e)
		snprintf(c->runtime, sizeof(c->runtime), "%s", e);
	if ((e = cli_env()->agent_socket) && *e) {
		if (*e != '/')
			return rt_fail("SCFS_AGENT_SOCKET: not an absolute path: %s", e);
		snprintf(c->socket, sizeof(c->socket), "%s", e);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct rt_conf conf;
	struct rt_cmd cmd;
	char real[PATH_MAX];
	int r;

	rt_parse_args(argc, argv, &cmd);
	rt_log_to(cmd.log, cmd.log_format);
	r = load_conf(&conf);
	if (r)
		return r;
	if (rt_find_program(conf.runtime, real, sizeof(real)) < 0)
		return rt_fail("the runtime \"%s\" is not found (runtime= in %s or SCFS_RUNTIME)", conf.runtime,
			       RUNTIME_CONF);
	if (cmd.creates) {
		r = rt_prepare_crun(&conf, &cmd, real);
		if (r)
			return r;
	}
	argv[0] = real;
	execv(real, argv);
	return rt_fail("cannot execute %s: %s", real, strerror(errno));
}
