/* The agent's checks on what reaches its socket (core/agent/message.c) and
 * on crun's program annotation (core/agent/bundle_io.c): every hostile
 * variant is refused, the messages crun really sends are taken. */
#include <string.h>

#include "../tap.h"
#include "scfs/agent.h"

/* crun 1.8.1's message for a container's init, as captured here. */
#define STATE(id, status, pid, bundle)                                                                     \
	"{\"ociVersion\":\"0.2.0\",\"fds\":[\"seccompFd\"],\"pid\":" pid ",\"metadata\":\"scfs\","         \
	"\"state\":{\"ociVersion\":\"0.2.0\",\"id\":\"" id "\",\"status\":\"" status "\",\"pid\":" pid "," \
	"\"bundle\":\"" bundle "\"}}"

static void refused(const char *what, const char *text, size_t len, const char *want)
{
	struct scfs_agent_msg m;
	char *why = NULL;
	int r = scfs_agent_msg_parse(text, len, &m, &why);

	if (!tap_ok(r == -EINVAL && why && strstr(why, want), "refused: %s", what))
		printf("#   r=%d why='%s' (want '%s')\n", r, why ? why : "(none)", want);
	free(why);
	scfs_agent_msg_done(&m);
}

#define REFUSED(what, lit, want) refused(what, lit, sizeof(lit) - 1, want)

static void taken(void)
{
	static const char init[] = STATE("c1", "creating", "4242", "/var/lib/b/userdata");
	static const char exec_form[] = STATE("c1", "running", "0", ".");
	struct scfs_agent_msg m;
	char *why = NULL;

	tap_ok(scfs_agent_msg_parse(init, sizeof(init) - 1, &m, &why) == 0 && m.pid == 4242 && m.init_pid == 4242 &&
		       strcmp(m.id, "c1") == 0 && strcmp(m.bundle, "/var/lib/b/userdata") == 0 && !m.exec_form,
	       "crun's message for a container's init is taken");
	scfs_agent_msg_done(&m);
	free(why);
	why = NULL;
	tap_ok(scfs_agent_msg_parse(exec_form, sizeof(exec_form) - 1, &m, &why) == 0 && m.exec_form && !m.bundle,
	       "crun's message for an exec'd process is taken as the exec form");
	scfs_agent_msg_done(&m);
	free(why);
}

static void hostile(void)
{
	static const char nul[] = "{\"ociVersion\":\"1\"\0}";
	char *huge = malloc(SCFS_AGENT_MSG_MAX + 2);

	REFUSED("empty", "", "JSON");
	REFUSED("not JSON", "{\"ociVersion\": ", "JSON");
	REFUSED("an array", "[1,2]", "JSON object");
	refused("a NUL inside", nul, sizeof(nul) - 1, "JSON");
	REFUSED("a duplicate key", "{\"pid\":1,\"pid\":2}", "JSON");
	REFUSED("an unknown key", "{\"hello\":1}", "unexpected key");
	REFUSED("fds naming another fd",
		"{\"ociVersion\":\"1\",\"fds\":[\"other\"],\"pid\":1,\"metadata\":\"scfs\",\"state\":{}}", "fds");
	REFUSED("no ociVersion", "{\"fds\":[\"seccompFd\"]}", "ociVersion");
	REFUSED("a negative pid", STATE("c1", "creating", "-5", "/b"), "pid");
	REFUSED("a pid beyond int", STATE("c1", "creating", "4294967296", "/b"), "pid");
	REFUSED("a pid as a string", STATE("c1", "creating", "\"7\"", "/b"), "pid");
	REFUSED("pid 0 with a bundle", STATE("c1", "creating", "0", "/b"), "pid");
	REFUSED("pid 0 and . but creating", STATE("c1", "creating", "0", "."), "pid");
	REFUSED("an id with /", STATE("a/b", "creating", "1", "/b"), "state.id");
	REFUSED("an empty id", STATE("", "creating", "1", "/b"), "state.id");
	REFUSED("an id with a blank", STATE("a b", "creating", "1", "/b"), "state.id");
	REFUSED("a relative bundle", STATE("c1", "creating", "1", "b/c"), "state.bundle");
	REFUSED("a bundle with ..", STATE("c1", "creating", "1", "/b/../etc"), "state.bundle");
	REFUSED("a bundle with .", STATE("c1", "creating", "1", "/b/./c"), "state.bundle");
	REFUSED("a bundle with //", STATE("c1", "creating", "1", "/b//c"), "state.bundle");
	REFUSED("a bundle ending in /", STATE("c1", "creating", "1", "/b/"), "state.bundle");
	REFUSED("another listenerMetadata",
		"{\"ociVersion\":\"1\",\"fds\":[\"seccompFd\"],\"pid\":1,\"metadata\":\"x\",\"state\":{}}", "metadata");
	REFUSED("two fds named", "{\"ociVersion\":\"1\",\"fds\":[\"seccompFd\",\"seccompFd\"],\"pid\":1}", "fds");
	REFUSED("an unknown key in state",
		"{\"ociVersion\":\"1\",\"fds\":[\"seccompFd\"],\"pid\":1,\"metadata\":\"scfs\",\"state\":{\"x\":1}}",
		"unexpected key");
	memset(huge, ' ', SCFS_AGENT_MSG_MAX + 1);
	huge[SCFS_AGENT_MSG_MAX + 1] = 0;
	refused("larger than 64 KiB", huge, SCFS_AGENT_MSG_MAX + 1, "64 KiB");
	free(huge);
	{
		char id[140];

		memset(id, 'a', 129);
		id[129] = 0;
		char *t = scfs_xasprintf(STATE("%s", "creating", "1", "/b"), id);

		refused("an id of 129 characters", t, strlen(t), "state.id");
		free(t);
	}
}

/* The annotation must decode, strictly, to exactly the observed program. */
static void annotation(void)
{
	static const char profile[] = "{\"ociVersion\":\"1.0.2\",\"linux\":{\"seccomp\":{\"defaultAction\":"
				      "\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"acct\"],\"action\":\"SCMP_ACT_ERRNO\"}]}}}";
	struct scfs_bundle b;
	struct scfs_diag d;
	char *good, *why = NULL;
	bool ok;

	scfs_diag_init(&d, "config.json");
	if (!tap_ok(scfs_bundle_parse(&b, profile, sizeof(profile) - 1, "config.json", true, &d) == 0 &&
			    scfs_bundle_compile(&b, NULL, &d) == 0,
		    "a one-rule bundle compiles")) {
		scfs_diag_print(&d, stdout, SCFS_DIAG_ERROR);
		return;
	}
	good = scfs_bundle_program_base64(&b);
	b.bpf_data = good;
	tap_ok(scfs_bundle_program_matches(&b, &why), "its own base64 matches");
	free(why);
	{
		size_t n = strlen(good);
		char *t = scfs_xasprintf("%s", good);

		t[n / 2] = t[n / 2] == 'A' ? 'B' : 'A';
		b.bpf_data = t;
		ok = !scfs_bundle_program_matches(&b, &why);
		tap_ok(ok && strstr(why, "differs"), "one character changed: refused (%s)", why);
		free(why);
		t[n / 2] = ' ';
		b.bpf_data = t;
		ok = !scfs_bundle_program_matches(&b, &why);
		tap_ok(ok && strstr(why, "strict base64"), "a blank inside: refused as not strict base64");
		free(why);
		free(t);
		t = scfs_xasprintf("%sAAAA", good);
		b.bpf_data = t;
		ok = !scfs_bundle_program_matches(&b, &why);
		tap_ok(ok && (strstr(why, "bytes") || strstr(why, "strict")), "four more characters: refused (%s)", why);
		free(why);
		free(t);
	}
	b.bpf_data = NULL;
	ok = !scfs_bundle_program_matches(&b, &why);
	tap_ok(ok && strstr(why, "no run.oci"), "no annotation: refused");
	free(why);
	free(good);
	scfs_bundle_done(&b);
	scfs_diag_done(&d);
}

int main(void)
{
	taken();
	hostile();
	annotation();
	return tap_done();
}
