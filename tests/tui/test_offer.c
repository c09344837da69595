/* sctui's model without a terminal: another capability set (rules with
 * includes/excludes.caps come and go, edits and their marks stay), and a
 * change scfs suggest offers for a denied call, applied as an edit: the
 * call is then allowed, nothing else is, undo takes it back, and the edit
 * replays right after an earlier edit went.
 *
 *   test_offer SHARED_DIR
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "model.h"
#include "support.h"

static struct scfs_host host;

static bool open_text(struct sctui_model *m, const char *text, uint64_t caps)
{
	struct scfs_host h = host;

	h.caps = caps;
	return open_text_for(m, text, &h);
}

static bool set_caps(struct sctui_model *m, const char *spec)
{
	uint64_t caps = 0;
	struct scfs_diag d;
	int r;

	if (scfs_caps_parse(spec, &caps, NULL) < 0)
		return false;
	scfs_diag_init(&d, "inline");
	r = sctui_model_set_caps(m, caps, &d);
	scfs_diag_done(&d);
	return r == 0;
}

static bool row_says(struct sctui_model *m, const char *name, uint32_t action, long rule)
{
	struct sctui_row *r = row_named(m, name);

	if (!r)
		return false;
	if (r->action != action || r->rule != rule)
		tap_diag("%s: action %#x rule %ld, want %#x rule %ld", name, r->action, r->rule, action, rule);
	return r->action == action && r->rule == rule;
}

#define EPERM_WORD (SECCOMP_RET_ERRNO | EPERM)

/* mount only with CAP_SYS_ADMIN, chroot only without CAP_SYS_CHROOT. */
static const char caps_profile[] =
	"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
	"{\"names\":[\"read\",\"write\",\"getpid\"],\"action\":\"SCMP_ACT_ALLOW\"},"
	"{\"names\":[\"mount\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"caps\":[\"CAP_SYS_ADMIN\"]}},"
	"{\"names\":[\"chroot\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"caps\":[\"CAP_SYS_CHROOT\"]}}]}";

static void test_caps(void)
{
	struct sctui_model m;
	struct scfs_diag d;
	_cleanup_free_ char *text = NULL;
	int r;

	if (!tap_ok(open_text(&m, caps_profile, 0), "caps: the profile loads for no capability"))
		return;
	tap_ok(row_says(&m, "mount", EPERM_WORD, SCTUI_RULE_DEFAULT) && row_says(&m, "chroot", SECCOMP_RET_ALLOW, 2),
	       "caps none: mount denied by default, chroot allowed by syscalls[2]");
	sctui_model_select_name(&m, "mount");
	tap_ok(set_caps(&m, "docker"), "caps docker: expanded and compiled again");
	tap_ok(row_says(&m, "mount", EPERM_WORD, SCTUI_RULE_DEFAULT) && row_says(&m, "chroot", EPERM_WORD, SCTUI_RULE_DEFAULT),
	       "caps docker: mount still denied (no CAP_SYS_ADMIN), chroot now denied (CAP_SYS_CHROOT)");
	tap_ok(set_caps(&m, "all"), "caps all");
	tap_ok(row_says(&m, "mount", SECCOMP_RET_ALLOW, 1) && row_says(&m, "chroot", EPERM_WORD, SCTUI_RULE_DEFAULT),
	       "caps all: mount allowed by syscalls[1], chroot denied");
	tap_ok(sctui_model_selected(&m) && strcmp(sctui_model_selected(&m)->name, "mount") == 0,
	       "the selected syscall stays selected");

	/* An edit, then another set: the edit stays, so does its mark, and
	 * the document is the same text. */
	scfs_diag_init(&d, "inline");
	r = sctui_model_toggle(&m, row_index(&m, "getpid"), false, &d);
	scfs_diag_done(&d);
	text = scfs_xstrdup(m.text);
	tap_ok(r == 0 && row_named(&m, "getpid")->changed && sctui_model_n_changed(&m) == 1,
	       "getpid denied: marked, one change");
	tap_ok(set_caps(&m, "none"), "back to caps none with the edit");
	tap_ok(row_says(&m, "mount", EPERM_WORD, SCTUI_RULE_DEFAULT) && row_says(&m, "chroot", SECCOMP_RET_ALLOW, 2),
	       "caps none again: mount denied, chroot allowed");
	tap_ok(sctui_row_denied(row_named(&m, "getpid")) && row_named(&m, "getpid")->orig_action == SECCOMP_RET_ALLOW &&
		       row_named(&m, "getpid")->changed && sctui_model_n_changed(&m) == 1,
	       "the edit is kept: getpid denied, allowed as loaded, the only row marked");
	tap_ok(strcmp(text, m.text) == 0 && sctui_model_dirty(&m), "the edited document is the same text");
	tap_ok(sctui_model_undo(&m) == 0 && !sctui_row_denied(row_named(&m, "getpid")) &&
		       row_says(&m, "mount", EPERM_WORD, SCTUI_RULE_DEFAULT) && sctui_model_n_changed(&m) == 0,
	       "undo under caps none: getpid allowed, mount still denied, nothing marked");
	sctui_model_done(&m);
}

static struct scfs_suggest_call call_of(const char *name, int nr, uint64_t a0)
{
	struct scfs_suggest_call c = { .audit_arch = scfs_arch_audit(scfs_arch_lookup("x86_64")), .nr = nr,
				       .args = { a0 } };

	snprintf(c.name, sizeof(c.name), "%s", name);
	return c;
}

/* The edited filter's answer for @c. */
static uint32_t answer(const struct sctui_model *m, const struct scfs_suggest_call *c)
{
	struct seccomp_data d = { .nr = c->nr, .arch = c->audit_arch };
	uint32_t w = 0;

	memcpy(d.args, c->args, sizeof(d.args));
	if (scfs_bpf_run(m->filter->prog, m->filter->prog_len, &d, &w) < 0)
		return SECCOMP_RET_KILL_PROCESS;
	return w;
}

/* Every row but @except answers as loaded. */
static bool others_as_loaded(const struct sctui_model *m, const char *except)
{
	for (size_t i = 0; i < m->n_rows; i++)
		if (strcmp(m->rows[i].name, except) != 0 && m->rows[i].action != m->rows[i].orig_action) {
			tap_diag("%s: %#x, loaded %#x", m->rows[i].name, m->rows[i].action, m->rows[i].orig_action);
			return false;
		}
	return true;
}

static int suggest_accept(struct sctui_model *m, const struct scfs_suggest_call *c, char **what)
{
	struct scfs_suggestion s;
	struct scfs_diag d;
	int r;

	scfs_diag_init(&d, "inline");
	r = sctui_model_suggest(m, c, &s, &d);
	if (r == 0 && s.n_changes != 1)
		r = -ENOENT;
	if (r == 0) {
		*what = scfs_xstrdup(s.changes[0].what);
		r = sctui_model_accept(m, &s.changes[0], c, &d);
	}
	scfs_diag_done(&d);
	scfs_suggestion_done(&s);
	return r;
}

static void test_offer_flags(void)
{
	static const char text[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
		"{\"names\":[\"read\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		"{\"names\":[\"unshare\",\"mount\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"caps\":[\"CAP_SYS_ADMIN\"]}}]}";
	struct scfs_suggest_call user = call_of("unshare", 272, CLONE_NEWUSER), ns = call_of("unshare", 272, CLONE_NEWNS),
				 both = call_of("unshare", 272, CLONE_NEWUSER | CLONE_NEWNS);
	_cleanup_free_ char *what = NULL, *loaded = NULL;
	struct sctui_model m;
	int r;

	if (!tap_ok(open_text(&m, text, 0), "offer: the profile loads for caps none"))
		return;
	loaded = scfs_xstrdup(m.text);
	tap_ok(answer(&m, &user) == EPERM_WORD, "unshare(CLONE_NEWUSER) is denied as loaded");
	r = suggest_accept(&m, &user, &what);
	tap_ok(r == 0 && what && strstr(what, "CLONE_NEWUSER"), "the offer names the flag: %s (%d)", what ? what : "-", r);
	tap_ok(answer(&m, &user) == SECCOMP_RET_ALLOW, "accepted: unshare(CLONE_NEWUSER) allowed");
	tap_ok(answer(&m, &ns) == EPERM_WORD && answer(&m, &both) == EPERM_WORD,
	       "unshare(CLONE_NEWNS) and unshare(CLONE_NEWUSER|CLONE_NEWNS) still denied");
	tap_ok(others_as_loaded(&m, "unshare") && row_named(&m, "unshare")->changed && sctui_model_n_changed(&m) == 1,
	       "no other row changed; unshare is marked");
	tap_ok(m.n_undo == 1 && sctui_model_dirty(&m), "one undo step, unsaved");
	tap_ok(set_caps(&m, "all") && answer(&m, &ns) == SECCOMP_RET_ALLOW && set_caps(&m, "none") &&
		       answer(&m, &ns) == EPERM_WORD && answer(&m, &user) == SECCOMP_RET_ALLOW,
	       "caps all allows every unshare (its CAP_SYS_ADMIN rule); back at none only the accepted one");
	tap_ok(sctui_model_undo(&m) == 0 && answer(&m, &user) == EPERM_WORD && strcmp(m.text, loaded) == 0,
	       "undo: denied again, the document as loaded");
	sctui_model_done(&m);
}

/* ptrace denied by a rule of its own under an ALLOW default: only taking
 * it out of that rule allows it (scfs suggest's last resort).  An earlier
 * edit that removed a whole rule goes after the change was accepted: the
 * change, replayed on a document whose rules moved, still touches ptrace
 * alone. */
static void test_offer_unshadow(void)
{
	static const char text[] =
		"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
		"{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\"},"
		"{\"names\":[\"mount\"],\"action\":\"SCMP_ACT_ERRNO\"},"
		"{\"names\":[\"ptrace\",\"kexec_load\"],\"action\":\"SCMP_ACT_ERRNO\"}]}";
	struct scfs_suggest_call pt = call_of("ptrace", 101, 0);
	_cleanup_free_ char *what = NULL;
	struct sctui_model m;
	struct scfs_diag d;
	int r;

	if (!tap_ok(open_text(&m, text, 0), "unshadow: the profile loads"))
		return;
	scfs_diag_init(&d, "inline");
	r = sctui_model_toggle(&m, row_index(&m, "getpid"), false, &d);
	scfs_diag_done(&d);
	tap_ok(r == 0 && !sctui_row_denied(row_named(&m, "getpid")), "getpid allowed by an edit (its rule goes)");
	r = suggest_accept(&m, &pt, &what);
	tap_ok(r == 0 && answer(&m, &pt) == SECCOMP_RET_ALLOW, "ptrace: %s (%d)", what ? what : "-", r);
	scfs_diag_init(&d, "inline");
	r = sctui_model_toggle(&m, row_index(&m, "getpid"), false, &d);
	scfs_diag_done(&d);
	tap_ok(r == 0 && sctui_row_denied(row_named(&m, "getpid")) && !row_named(&m, "getpid")->changed,
	       "getpid back as loaded: its rule is back before the others");
	tap_ok(answer(&m, &pt) == SECCOMP_RET_ALLOW && sctui_row_denied(row_named(&m, "mount")) &&
		       sctui_row_denied(row_named(&m, "kexec_load")) && others_as_loaded(&m, "ptrace"),
	       "the change replayed: ptrace allowed; mount, kexec_load and every other row as loaded");
	sctui_model_done(&m);
}

/* Docker's default for a container (caps docker): socket(AF_VSOCK) and
 * unshare are denied; the offers allow the calls and nothing else. */
static void test_offer_docker(const char *shared)
{
	_cleanup_free_ char *path = scfs_xasprintf("%s/upstream-profiles/moby-profiles--seccomp-default.json", shared);
	struct scfs_suggest_call vsock = call_of("socket", 41, 40), packet = call_of("socket", 41, 17);
	_cleanup_free_ char *what = NULL;
	struct sctui_model m;
	struct scfs_diag d;
	struct scfs_host h = host;
	int r;

	if (access(path, R_OK) < 0) {
		tap_skip("%s is absent: Docker's default not tested", path);
		return;
	}
	(void)scfs_caps_parse("docker", &h.caps, NULL);
	scfs_diag_init(&d, path);
	r = sctui_model_open(&m, path, false, &h, &d);
	scfs_diag_done(&d);
	if (!tap_ok(r == 0, "Docker's default loads for caps docker"))
		return;
	vsock.args[1] = 1;
	tap_ok(answer(&m, &vsock) == EPERM_WORD && answer(&m, &packet) == SECCOMP_RET_ALLOW,
	       "socket(AF_VSOCK) denied, socket(AF_PACKET) allowed");
	r = suggest_accept(&m, &vsock, &what);
	tap_ok(r == 0 && strstr(what, "AF_VSOCK") && answer(&m, &vsock) == SECCOMP_RET_ALLOW,
	       "accepted: %s (%d)", what ? what : "-", r);
	packet.args[0] = 39; /* AF_SMC: allowed by its own rule */
	tap_ok(answer(&m, &packet) == SECCOMP_RET_ALLOW && others_as_loaded(&m, "socket"),
	       "every other row answers as loaded");
	sctui_model_done(&m);
}

int main(int argc, char **argv)
{
	const char *shared = argc > 1 ? argv[1] : "../shared";

	if (scfs_host_detect(&host) < 0) {
		printf("Bail out! cannot read the host\n");
		return 1;
	}
	/* The same answers on any machine: x86_64, kernel 6.18. */
	host.arch = scfs_arch_lookup("x86_64");
	host.kernel = (struct scfs_kver){ 6, 18 };
	test_caps();
	test_offer_flags();
	test_offer_unshadow();
	test_offer_docker(shared);
	return tap_done();
}
