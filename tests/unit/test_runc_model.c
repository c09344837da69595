/* The runc model (core/agent/runc_model.c): what the wrapper writes into a
 * bundle for runc, and the agent's check of it: the NOTIFY form of the
 * original profile is taken, anything else is refused. */
#include <json-c/json.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "scfs/agent.h"

/* A deny default, an ERRNO rule naming keyctl and write (split: write
 * stays the kernel's), an allow rule. */
#define ORIGINAL                                                                                   \
	"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,"                             \
	"\"architectures\":[\"SCMP_ARCH_X86_64\"],\"syscalls\":["                                  \
	"{\"names\":[\"keyctl\",\"write\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13},"        \
	"{\"names\":[\"read\",\"exit_group\",\"execve\",\"getpid\"],\"action\":\"SCMP_ACT_ALLOW\"}]}"

static char dir[] = "/tmp/scfs-runc-model.XXXXXX";

static char *path_of(const char *name)
{
	return scfs_xasprintf("%s/%s", dir, name);
}

static void put(const char *text)
{
	_cleanup_free_ char *p = path_of("config.json");
	FILE *f = fopen(p, "we");

	fputs(text, f);
	fclose(f);
}

static char *get(void)
{
	_cleanup_free_ char *p = path_of("config.json");
	char *text = NULL;
	size_t len;

	if (scfs_read_file(p, SCFS_BUNDLE_CONFIG_MAX, &text, &len) < 0)
		return scfs_xstrdup("");
	return text;
}

/* The wrapper's side: parse, prepare, compile, transform, rewrite. */
static int wrapper(void)
{
	_cleanup_free_ char *p = path_of("config.json"), *text = get(), *why = NULL;
	struct scfs_bundle b;
	struct scfs_diag d;
	int r;

	scfs_diag_init(&d, p);
	r = scfs_bundle_parse(&b, text, strlen(text), p, false, &d);
	if (r == 0)
		r = scfs_bundle_runc_prepare(&b, &why);
	if (r == 0)
		r = scfs_bundle_compile(&b, NULL, &d);
	if (r == 0)
		r = scfs_bundle_runc_transform(&b, &why);
	if (r == 0)
		r = scfs_bundle_rewrite(&b, "/run/scfs/agent.sock", &why);
	if (r < 0)
		printf("#   wrapper: %d %s\n", r, why ? why : "");
	scfs_bundle_done(&b);
	scfs_diag_done(&d);
	return r;
}

/* The agent's side on the file as it is now: 0 when taken.  @unobs gets
 * what the state would say is unobservable. */
static int agent(char **unobs, char **why)
{
	_cleanup_free_ char *p = path_of("config.json"), *text = get();
	struct scfs_bundle b;
	struct scfs_diag d;
	int r;

	scfs_diag_init(&d, p);
	r = scfs_bundle_parse(&b, text, strlen(text), p, true, &d);
	if (r == 0)
		r = scfs_bundle_runc_check(&b, why);
	if (r == 0)
		r = scfs_bundle_compile(&b, NULL, &d);
	if (r == 0 && !scfs_bundle_program_matches(&b, why))
		r = -EBADMSG;
	if (r == 0 && unobs)
		*unobs = b.unobservable ? scfs_xstrdup(b.unobservable) : NULL;
	if (r == 0 && !(b.runc_model && b.enosys_stub))
		r = -EINVAL;
	scfs_bundle_done(&b);
	scfs_diag_done(&d);
	return r;
}

static json_object *seccomp_of(json_object *doc)
{
	return json_object_object_get(json_object_object_get(doc, "linux"), "seccomp");
}

static void written(void)
{
	_cleanup_free_ char *text = get();
	json_object *doc = json_tokener_parse(text), *sec = seccomp_of(doc), *rules, *ann, *orig, *want;
	const char *r0, *r1;

	rules = json_object_object_get(sec, "syscalls");
	r0 = json_object_to_json_string_ext(json_object_array_get_idx(rules, 0), JSON_C_TO_STRING_PLAIN);
	r1 = json_object_to_json_string_ext(json_object_array_get_idx(rules, 1), JSON_C_TO_STRING_PLAIN);
	tap_ok(json_object_array_length(rules) == 3, "the rule naming keyctl and write is split in two");
	tap_ok(strcmp(r0, "{\"names\":[\"keyctl\"],\"action\":\"SCMP_ACT_NOTIFY\"}") == 0,
	       "keyctl: SCMP_ACT_NOTIFY, without its errno (%s)", r0);
	tap_ok(strcmp(r1, "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13}") == 0,
	       "write keeps its action (runc refuses NOTIFY on it) (%s)", r1);
	tap_ok(strcmp(json_object_get_string(json_object_object_get(sec, "defaultAction")), "SCMP_ACT_ERRNO") == 0,
	       "the default action is left as it is");
	tap_ok(!json_object_object_get(sec, "flags"), "no seccomp flags added (runc 1.1.5 refuses unknown ones)");
	tap_ok(strcmp(json_object_get_string(json_object_object_get(sec, "listenerPath")), "/run/scfs/agent.sock") == 0,
	       "listenerPath is the agent's socket");
	ann = json_object_object_get(doc, "annotations");
	tap_ok(strcmp(json_object_get_string(json_object_object_get(ann, SCFS_ANN_MODEL)), "runc") == 0,
	       "annotation %s says runc", SCFS_ANN_MODEL);
	orig = json_tokener_parse(json_object_get_string(json_object_object_get(ann, SCFS_ANN_SECCOMP)));
	want = json_tokener_parse(ORIGINAL);
	tap_ok(json_object_equal(orig, want), "annotation %s holds the original profile", SCFS_ANN_SECCOMP);
	json_object_put(orig);
	json_object_put(want);
	json_object_put(doc);
}

/* Rewrite config.json with @from replaced by @to (once). */
static void tamper(const char *from, const char *to)
{
	_cleanup_free_ char *text = get(), *out = NULL;
	char *at = strstr(text, from);

	if (!at) {
		printf("#   tamper: \"%s\" not found\n", from);
		return;
	}
	*at = 0;
	out = scfs_xasprintf("%s%s%s", text, to, at + strlen(from));
	put(out);
}

static void refused(const char *what, const char *from, const char *to, const char *want)
{
	_cleanup_free_ char *saved = get(), *why = NULL;
	int r;

	tamper(from, to);
	r = agent(NULL, &why);
	if (!tap_ok(r < 0 && why && strstr(why, want), "refused: %s", what))
		printf("#   r=%d why='%s'\n", r, why ? why : "(none)");
	put(saved);
}

int main(void)
{
	_cleanup_free_ char *unobs = NULL, *why = NULL;

	if (!mkdtemp(dir))
		return 1;
	put("{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"/probe\"]},\"linux\":{\"seccomp\":" ORIGINAL "}}");
	tap_ok(wrapper() == 0, "the wrapper prepares a bundle for runc");
	written();
	tap_ok(agent(&unobs, &why) == 0, "the agent takes it (%s)", why ? why : "");
	tap_ok(unobs && strcmp(unobs, "the default action (SCMP_ACT_ERRNO(1)), the ENOSYS stub (calls newer than the "
				      "profile), write (syscalls[0])") == 0,
	       "unobservable: the default action, the stub and write (%s)", unobs ? unobs : "(none)");
	free(why);
	why = NULL;
	tap_ok(wrapper() == 0 && agent(NULL, &why) == 0, "prepared twice (create retried): the same bundle, taken (%s)",
	       why ? why : "");
	refused("keyctl turned back into ERRNO (not the NOTIFY form)", "\"names\":[\"keyctl\"],\"action\":\"SCMP_ACT_NOTIFY\"",
		"\"names\":[\"keyctl\"],\"action\":\"SCMP_ACT_ALLOW\"", "not the runc model");
	refused("a rule dropped from the loaded profile", "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13},",
		"", "not the runc model");
	refused("an original that is not the loaded one's", "\\\"errnoRet\\\":13", "\\\"errnoRet\\\":14",
		"not the runc model");
	refused("another model named", "\"io.scfs.model\":\"runc\"", "\"io.scfs.model\":\"crun\"", "expected runc");
	refused("an original that is not JSON", "\"io.scfs.seccomp\":\"{", "\"io.scfs.seccomp\":\"[{", "not a JSON object");
	{
		_cleanup_free_ char *p = path_of("config.json");

		unlink(p);
		rmdir(dir);
	}
	return tap_done();
}
