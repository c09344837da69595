/* sctui's model without a terminal: groups, filtering, sorting, toggling
 * with siblings, undo, explicit actions, diff, detail, counters, a save
 * round trip of Docker's default profile, toggling back to the loaded
 * rules, and which rows count as changed.
 *
 *   test_model PROFILES_DIR SHARED_DIR
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "linediff.h"
#include "model.h"
#include "runner.h"
#include "support.h"

static struct scfs_host host;
static char tmpdir[] = "/tmp/sctui-test-XXXXXX";

static bool open_text(struct sctui_model *m, const char *text)
{
	return open_text_for(m, text, &host);
}

static bool open_file(struct sctui_model *m, const char *path)
{
	struct scfs_diag d;
	int r;

	scfs_diag_init(&d, path);
	r = sctui_model_open(m, path, false, &host, &d);
	scfs_diag_done(&d);
	return r == 0;
}

static void test_groups(void)
{
	static const char *const arches[] = { "x86_64", "x86", "x32", "aarch64", "arm", "riscv64", "s390x", "ppc64le" };
	static const char *const unclassified[] = { "multiplexer", "syscall" };
	const char *const *sib;
	size_t missing = 0, seen = 0;
	char first_missing[64] = "";

	/* Every name libseccomp knows is classified: this also proves the
	 * table is sorted, since lookups are binary searches. */
	for (size_t a = 0; a < ELEMENTSOF(arches); a++) {
		uint32_t tok = seccomp_arch_resolve_name(arches[a]);
		int off = tok == SCMP_ARCH_X32 ? 0x40000000 : 0;

		for (int nr = off; tok && nr < off + 1024; nr++) {
			_cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(tok, nr);
			bool skip = false;

			if (!name)
				continue;
			for (size_t k = 0; k < ELEMENTSOF(unclassified); k++)
				skip |= strcmp(name, unclassified[k]) == 0;
			seen++;
			if (!skip && scfs_syscall_groups(name) == 0 && missing++ == 0)
				snprintf(first_missing, sizeof(first_missing), "%s", name);
		}
	}
	tap_ok(seen > 2000 && missing == 0, "every syscall libseccomp knows has a group (%zu names, %zu missing%s%s)",
	       seen, missing, missing ? ", first " : "", first_missing);
	for (const struct scfs_newsys *ns; (ns = scfs_newsys_get(missing)); missing++)
		if (scfs_syscall_groups(ns->name) == 0)
			break;
	tap_ok(scfs_newsys_get(missing) == NULL, "every syscall of scfs's newer-syscall table has a group");
	tap_ok(scfs_syscall_groups("mkdir") & (1u << SCFS_GROUP_FILE_SYSTEM), "mkdir is in @file-system");
	tap_ok((scfs_syscall_groups("mount") & (1u << SCFS_GROUP_MOUNT)) &&
		       (scfs_syscall_groups("mount") & (1u << SCFS_GROUP_PRIVILEGED)),
	       "mount is in @mount and @privileged");
	tap_ok(scfs_group_lookup("@network-io") == SCFS_GROUP_NETWORK_IO && scfs_group_lookup("timer") == SCFS_GROUP_TIMER &&
		       scfs_group_lookup("@nope") == _SCFS_GROUP_INVALID,
	       "groups are found with or without '@'");
	sib = scfs_syscall_siblings("openat");
	tap_ok(sib && sib[0] && strcmp(sib[0], "open") == 0 && strcmp(sib[2], "openat2") == 0,
	       "openat's siblings are open, openat, openat2, creat");
	tap_ok(scfs_syscall_siblings("getpid") == NULL, "getpid has no siblings");
}

static void test_view(const char *profiles)
{
	_cleanup_free_ char *path = scfs_xasprintf("%s/default.json", profiles);
	struct sctui_model m;
	struct sctui_filter f;
	bool ok = true;

	if (!tap_ok(open_file(&m, path), "the shipped default profile loads")) {
		sctui_model_done(&m);
		return;
	}
	tap_ok(m.n_rows > 350 && row_named(&m, "read") && row_named(&m, "read")->nr == 0,
	       "x86_64 table: %zu syscalls, read is 0", m.n_rows);
	tap_ok(row_named(&m, "statmount") && row_named(&m, "statmount")->nr == 457 &&
		       row_named(&m, "statmount")->newsys && row_named(&m, "statmount")->newsys->since.minor == 8,
	       "newer syscalls come from scfs's table with their kernel version");
	tap_ok(m.n_vis == m.n_rows, "no filter shows every row");

	for (size_t i = 1; i < m.n_vis; i++)
		ok &= strcmp(m.rows[m.vis[i - 1]].name, m.rows[m.vis[i]].name) < 0;
	tap_ok(ok, "sorted by name");
	sctui_model_set_sort(&m, SCTUI_SORT_NR);
	ok = true;
	for (size_t i = 1; i < m.n_vis; i++)
		ok &= m.rows[m.vis[i - 1]].nr < m.rows[m.vis[i]].nr;
	tap_ok(ok && m.rows[m.vis[0]].nr == 0, "sorted by number");

	tap_ok(sctui_filter_parse("mkdir", &f) == 0 && f.kind == SCTUI_FILTER_TEXT, "a word is a text filter");
	sctui_model_set_filter(&m, &f);
	tap_ok(m.n_vis == 2 && strcmp(m.rows[m.vis[0]].name, "mkdir") == 0 && strcmp(m.rows[m.vis[1]].name, "mkdirat") == 0,
	       "text filter \"mkdir\": mkdir, mkdirat");
	(void)sctui_filter_parse("denied", &f);
	sctui_model_set_filter(&m, &f);
	ok = m.n_vis > 0;
	for (size_t i = 0; i < m.n_vis; i++)
		ok &= sctui_row_denied(&m.rows[m.vis[i]]);
	tap_ok(ok, "filter denied: %zu rows, all denied", m.n_vis);
	tap_ok(sctui_filter_parse("@mount", &f) == 0 && f.kind == SCTUI_FILTER_GROUP, "@mount is a group filter");
	sctui_model_set_filter(&m, &f);
	ok = m.n_vis > 5;
	for (size_t i = 0; i < m.n_vis; i++)
		ok &= (m.rows[m.vis[i]].groups & (1u << SCFS_GROUP_MOUNT)) != 0;
	tap_ok(ok, "filter @mount: %zu rows, all in the group", m.n_vis);
	tap_ok(sctui_filter_parse("@nosuch", &f) == -EINVAL, "an unknown group is refused");
	(void)sctui_filter_parse("changed", &f);
	sctui_model_set_filter(&m, &f);
	tap_ok(m.n_vis == 0 && !sctui_model_dirty(&m), "nothing changed after loading");
	(void)sctui_filter_parse("", &f);
	sctui_model_set_filter(&m, &f);
	tap_ok(sctui_model_select_name(&m, "openat") == 0 && strcmp(sctui_model_selected(&m)->name, "openat") == 0,
	       "select by name");
	sctui_model_set_sort(&m, SCTUI_SORT_NAME);
	tap_ok(strcmp(sctui_model_selected(&m)->name, "openat") == 0, "the selection survives a re-sort");
	{
		long i = sctui_model_find(&m, "kdir", 0, 1), j;

		j = i >= 0 ? sctui_model_find(&m, "kdir", (size_t)i + 1, 1) : -1;
		tap_ok(i >= 0 && strcmp(m.rows[m.vis[i]].name, "mkdir") == 0 && j >= 0 &&
			       strcmp(m.rows[m.vis[j]].name, "mkdirat") == 0 &&
			       sctui_model_find(&m, "kdir", (size_t)j + 1, 1) == i,
		       "search finds mkdir, then mkdirat, then wraps");
		tap_ok(sctui_model_find(&m, "kdir", (size_t)i, -1) == i && sctui_model_find(&m, "kdir", (size_t)i - 1, -1) == j,
		       "search backwards wraps too");
	}

	/* Other arches of the expanded profile (archMap: x86_64 + x86 + x32). */
	tap_ok(sctui_model_n_arches(&m) == 3 && sctui_model_set_arch_name(&m, "x86") == 0 && row_named(&m, "read") &&
		       row_named(&m, "read")->nr == 3 && row_named(&m, "mmap2"),
	       "arch x86: read is 3, mmap2 exists");
	tap_ok(sctui_model_set_arch_name(&m, "x32") == 0 && row_named(&m, "read") &&
		       row_named(&m, "read")->nr == 0x40000000 && !sctui_row_denied(row_named(&m, "read")),
	       "arch x32: numbers carry the x32 bit, read is allowed");
	{
		struct sctui_row *acc = row_named(&m, "accept");
		_cleanup_free_ char *det = acc ? sctui_model_detail(&m, (size_t)(acc - m.rows)) : NULL;
		char nr[24];

		tap_ok(acc && acc->nr == 0x4000002b && strcmp(sctui_nr_label(&m, acc->nr, nr, sizeof(nr)), "x32:43") == 0 &&
			       det && strncmp(det, "accept: syscall x32:43 on ", 26) == 0 && !strstr(det, "1073741867"),
		       "arch x32: accept shows as x32:43, in the detail too (\"%.*s\"), not 1073741867",
		       det ? (int)strcspn(det, "\n") : 0, det ? det : "");
	}
	tap_ok(sctui_model_set_arch_name(&m, "aarch64") == -ENOENT, "an arch the profile does not cover is refused");
	(void)sctui_model_set_arch(&m, 0);
	{
		char nr[24];

		tap_ok(strcmp(sctui_nr_label(&m, 43, nr, sizeof(nr)), "43") == 0, "arch x86_64: accept is plain 43");
	}

	/* Live counters: two denials of mkdir, one of a newer call. */
	{
		struct scfs_counter ctr[] = {
			{ SCTUI_RULE_DEFAULT & 0xffff, SCMP_ARCH_X86_64, 83, SCMP_ACT_ERRNO(1), 2 },
			{ 0xffff, SCMP_ARCH_X86, 20, SCMP_ACT_ERRNO(1), 5 },
			{ 0xffff, SCMP_ARCH_X86_64, 457, SCMP_ACT_ERRNO(1), 1 },
		};
		struct scfs_state_view v = { .hdr = { .used = 3 }, .ctr = ctr };

		sctui_model_set_counters(&m, &v);
		sctui_model_set_sort(&m, SCTUI_SORT_HITS);
		tap_ok(row_named(&m, "mkdir")->hits == 2 && row_named(&m, "mkdir")->denials == 2 &&
			       strcmp(m.rows[m.vis[0]].name, "mkdir") == 0 && strcmp(m.rows[m.vis[1]].name, "statmount") == 0,
		       "counters: mkdir 2 hits sorts first, statmount next; x86's entry stays on x86");
		(void)sctui_filter_parse("hits", &f);
		sctui_model_set_filter(&m, &f);
		tap_ok(m.n_vis == 2, "filter hits: 2 rows");
		(void)sctui_model_set_arch_name(&m, "x86");
		tap_ok(m.n_vis == 1 && row_named(&m, "getpid")->hits == 5, "on x86 the x86 counter shows (getpid, 5)");
		sctui_model_set_counters(&m, NULL);
		tap_ok(m.n_vis == 0, "counters cleared");
	}
	sctui_model_done(&m);
}

static void test_edits(const char *profiles)
{
	_cleanup_free_ char *path = scfs_xasprintf("%s/default.json", profiles);
	_cleanup_free_ char *loaded = NULL, *diff = NULL, *saved = NULL, *text = NULL, *out = NULL;
	struct sctui_model m;
	struct scfs_diag d;
	struct scfs_action a;
	size_t mk, sib[8], n;
	size_t len;

	if (!tap_ok(open_file(&m, path), "the shipped default profile loads for editing"))
		return;
	loaded = scfs_xstrdup(m.text);
	mk = row_index(&m, "mkdir");
	n = sctui_model_siblings(&m, mk, sib, ELEMENTSOF(sib));
	tap_ok(n == 1 && strcmp(m.rows[sib[0]].name, "mkdirat") == 0, "mkdir's sibling in the same state: mkdirat");
	n = sctui_model_siblings(&m, row_index(&m, "openat"), sib, ELEMENTSOF(sib));
	tap_ok(n == 3, "openat's siblings: open, openat2, creat (%zu)", n);

	scfs_diag_init(&d, path);
	tap_ok(sctui_model_toggle(&m, mk, true, &d) == 0, "toggle mkdir with siblings");
	tap_ok(sctui_row_denied(&m.rows[mk]) && m.rows[mk].action == SCMP_ACT_ERRNO(EPERM) &&
		       m.rows[mk].rule == SCTUI_RULE_DEFAULT && m.rows[mk].changed,
	       "mkdir: ERRNO(EPERM) by the default action, marked changed");
	tap_ok(sctui_row_denied(row_named(&m, "mkdir" "at")) && row_named(&m, "mkdirat")->changed,
	       "mkdirat denied with it");
	tap_ok(sctui_model_n_changed(&m) == 2 && sctui_model_dirty(&m), "two rows changed, document dirty");
	tap_ok(!strstr(m.text, "\"mkdir\"") && !strstr(m.text, "\"mkdirat\""), "the names left the document");
	diff = sctui_model_diff(&m);
	tap_ok(strstr(diff, "\n-        \"mkdir\",\n-        \"mkdirat\",\n") && !strstr(diff, "\n+"),
	       "the diff removes the two names and adds nothing");
	tap_ok(sctui_model_toggle(&m, mk, false, &d) == 0 && !sctui_row_denied(&m.rows[mk]) &&
		       sctui_row_denied(row_named(&m, "mkdirat")),
	       "toggling mkdir alone allows only mkdir");
	tap_ok(m.rows[mk].rule == m.rows[mk].orig_rule && !m.rows[mk].changed && row_named(&m, "mkdirat")->changed &&
		       sctui_model_n_changed(&m) == 1,
	       "mkdir went back into the rule it was loaded in (syscalls[%ld]): only mkdirat counts as changed",
	       m.rows[mk].rule);
	free(diff);
	diff = sctui_model_diff(&m);
	tap_ok(strstr(diff, "\n-        \"mkdirat\",\n") && !strstr(diff, "\n-        \"mkdir\",") && !strstr(diff, "\n+"),
	       "the diff removes mkdirat alone");
	tap_ok(sctui_model_undo(&m) == 0 && sctui_row_denied(&m.rows[mk]), "undo: mkdir denied again");
	tap_ok(sctui_model_undo(&m) == 0 && !sctui_row_denied(&m.rows[mk]) && !sctui_row_denied(row_named(&m, "mkdirat")),
	       "undo: both allowed");
	tap_ok(strcmp(m.text, loaded) == 0 && !sctui_model_dirty(&m) && sctui_model_n_changed(&m) == 0,
	       "after undoing everything the document is as loaded");
	tap_ok(sctui_model_undo(&m) == -ENOENT, "nothing more to undo");

	/* Explicit actions. */
	tap_ok(sctui_action_parse("errno eacces", &m.src->default_action, &a) == 0 && a.kind == SCFS_ACT_ERRNO &&
		       a.data == EACCES,
	       "parse \"errno eacces\"");
	tap_ok(sctui_action_parse("SCMP_ACT_KILL_PROCESS", NULL, &a) == 0 && a.kind == SCFS_ACT_KILL_PROCESS,
	       "parse SCMP_ACT_KILL_PROCESS");
	tap_ok(sctui_action_parse("allow 3", NULL, &a) == -EINVAL && sctui_action_parse("bogus", NULL, &a) == -EINVAL &&
		       sctui_action_parse("errno 5000", NULL, &a) == -EINVAL,
	       "bad actions are refused");
	{
		size_t ch = row_index(&m, "chmod");

		(void)sctui_action_parse("ERRNO EACCES", &m.src->default_action, &a);
		tap_ok(sctui_model_set_action(&m, &ch, 1, &a, &d) == 0 && m.rows[ch].action == SCMP_ACT_ERRNO(EACCES) &&
			       m.rows[ch].rule >= 0,
		       "chmod set to ERRNO(EACCES) by a new rule syscalls[%ld]", m.rows[ch].rule);
		tap_ok(strstr(m.text, "\"errnoRet\": 13"), "the new rule carries errnoRet 13");
		(void)sctui_action_parse("log", NULL, &a);
		tap_ok(sctui_model_set_action(&m, &ch, 1, &a, &d) == 0 && m.rows[ch].action == SCMP_ACT_LOG &&
			       !strstr(m.text, "\"errnoRet\": 13"),
		       "chmod set to LOG: the one-name EACCES rule is gone");
		(void)sctui_action_parse("default", &m.src->default_action, &a);
		tap_ok(sctui_model_set_action(&m, &ch, 1, &a, &d) == 0 && m.rows[ch].action == SCMP_ACT_ERRNO(EPERM) &&
			       m.rows[ch].rule == SCTUI_RULE_DEFAULT,
		       "chmod set to default: no rule names it");
	}
	/* A NOTIFY rule needs listenerPath: the edit is refused and undone. */
	{
		size_t gp = row_index(&m, "getpid");
		_cleanup_free_ char *before = scfs_xstrdup(m.text);
		size_t undo = m.n_undo;

		(void)sctui_action_parse("notify", NULL, &a);
		tap_ok(sctui_model_set_action(&m, &gp, 1, &a, &d) < 0 && strcmp(before, m.text) == 0 && m.n_undo == undo &&
			       d.n_errors > 0,
		       "an edit that makes the profile invalid is refused and leaves nothing behind");
	}
	scfs_diag_done(&d);

	/* Save, then reload what was saved. */
	saved = scfs_xasprintf("%s/saved.json", tmpdir);
	tap_ok(sctui_model_save(&m, saved) == 0 && !sctui_model_dirty(&m) && strcmp(m.path, saved) == 0,
	       "save as: clean, and the new file is the profile's path");
	tap_ok(scfs_read_file(saved, 1 << 20, &text, &len) == 0 && len == m.text_len && memcmp(text, m.text, len) == 0,
	       "the file holds the rendered document");
	out = sctui_model_detail(&m, mk);
	tap_ok(strstr(out, "mkdir: syscall 83 on x86_64") && strstr(out, "syscalls[11]") && strstr(out, "@file-system"),
	       "detail names the syscall, its rule and its group");
	sctui_model_done(&m);
}

/* The filter's answer for personality(@a0) on x86_64 (135), and for
 * clone with arguments @a0, @a1. */
static uint32_t answer_nr(const struct sctui_model *m, int nr, uint64_t a0, uint64_t a1)
{
	struct seccomp_data sd = { .nr = nr, .arch = scfs_arch_audit(scfs_arch_lookup("x86_64")),
				   .args = { a0, a1 } };
	uint32_t w = 0;

	if (scfs_bpf_run(m->filter->prog, m->filter->prog_len, &sd, &w) < 0)
		return SECCOMP_RET_KILL_PROCESS;
	return w;
}

/* The detail view says what the filter does with several conditions: on
 * one argument they are alternatives (the real filter allows either
 * value), on different arguments all must hold. */
static void test_detail_conditions(void)
{
	struct sctui_model m;
	struct sctui_row *r;
	_cleanup_free_ char *pers = NULL, *cl = NULL;

	if (!tap_ok(open_text(&m, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
				  " {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [\n"
				  "  {\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"},\n"
				  "  {\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]},\n"
				  " {\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [\n"
				  "  {\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"},\n"
				  "  {\"index\": 1, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]}]}\n"),
		    "a profile with two conditions on one argument loads"))
		return;
	/* What the real filter does first: the text must match it. */
	tap_ok(answer_nr(&m, 135, 0, 0) == SCMP_ACT_ALLOW && answer_nr(&m, 135, 8, 0) == SCMP_ACT_ALLOW &&
		       answer_nr(&m, 135, 4, 0) != SCMP_ACT_ALLOW,
	       "the filter allows personality(0) and personality(8) (OR'ed), not personality(4)");
	tap_ok(answer_nr(&m, 56, 1, 2) == SCMP_ACT_ALLOW && answer_nr(&m, 56, 1, 0) != SCMP_ACT_ALLOW &&
		       answer_nr(&m, 56, 0, 2) != SCMP_ACT_ALLOW,
	       "the filter allows clone(1, 2) only (conditions on two arguments AND'ed)");
	r = row_named(&m, "personality");
	pers = r ? sctui_model_detail(&m, (size_t)(r - m.rows)) : NULL;
	tap_ok(pers && !strstr(pers, "when all of") && strstr(pers, "OR'ed") && strstr(pers, "arg0, any of:\n") &&
		       strstr(pers, "arg0 SCMP_CMP_EQ 0 ") && strstr(pers, "arg0 SCMP_CMP_EQ 8 "),
	       "detail: two conditions on arg0 read as alternatives, not \"when all of\"");
	if (pers && (strstr(pers, "when all of") || !strstr(pers, "any of")))
		tap_diag("%s", pers);
	r = row_named(&m, "clone");
	cl = r ? sctui_model_detail(&m, (size_t)(r - m.rows)) : NULL;
	tap_ok(cl && strstr(cl, "when all of:\n") && !strstr(cl, "any of"),
	       "detail: conditions on arg0 and arg1 read \"when all of\"");
	sctui_model_done(&m);
}

/* The labels and colour classes the table shows come from core/vocab. */
static void test_action_labels(void)
{
	char b[48];

	tap_ok(strcmp(sctui_action_label(SCMP_ACT_ERRNO(EPERM), b, sizeof(b)), "ERRNO(EPERM)") == 0 &&
		       strcmp(sctui_action_label(SCMP_ACT_ERRNO(4000), b, sizeof(b)), "ERRNO(4000)") == 0 &&
		       strcmp(sctui_action_label(SCMP_ACT_TRACE(3), b, sizeof(b)), "TRACE(3)") == 0 &&
		       strcmp(sctui_action_label(SCMP_ACT_KILL_PROCESS, b, sizeof(b)), "KILL_PROCESS") == 0 &&
		       strcmp(sctui_action_label(SCMP_ACT_NOTIFY, b, sizeof(b)), "NOTIFY") == 0 &&
		       strcmp(sctui_action_label(SCMP_ACT_ALLOW, b, sizeof(b)), "ALLOW") == 0,
	       "action labels: ERRNO(EPERM), ERRNO(4000), TRACE(3), KILL_PROCESS, NOTIFY, ALLOW");
	tap_ok(scfs_action_word_class(SCMP_ACT_ALLOW) == SCFS_ACTION_CLASS_ALLOW &&
		       scfs_action_word_class(SCMP_ACT_LOG) == SCFS_ACTION_CLASS_RECORD &&
		       scfs_action_word_class(SCMP_ACT_NOTIFY) == SCFS_ACTION_CLASS_RECORD &&
		       scfs_action_word_class(SCMP_ACT_ERRNO(1)) == SCFS_ACTION_CLASS_DENY &&
		       scfs_action_word_class(SCMP_ACT_TRACE(1)) == SCFS_ACTION_CLASS_DENY &&
		       scfs_action_word_class(SCMP_ACT_TRAP) == SCFS_ACTION_CLASS_KILL &&
		       scfs_action_word_class(SCMP_ACT_KILL_THREAD) == SCFS_ACTION_CLASS_KILL &&
		       scfs_action_word_class(SCMP_ACT_KILL_PROCESS) == SCFS_ACTION_CLASS_KILL,
	       "action classes: allow, record (LOG, NOTIFY), deny (ERRNO, TRACE), kill (TRAP, KILL_*)");
}

static void test_inline_rules(void)
{
	struct sctui_model m;
	struct scfs_diag d;
	size_t gp, rd;

	scfs_diag_init(&d, "inline");
	if (!tap_ok(open_text(&m, "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [\n"
				  "    {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\", \"comment\": \"one\"},\n"
				  "    {\"names\": [\"exit_group\", \"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\","
				  " \"comment\": \"ü\", \"x-extra\": {\"k\": []}}\n  ]\n}\n"),
		    "an inline profile loads")) {
		scfs_diag_done(&d);
		return;
	}
	gp = row_index(&m, "getpid");
	rd = row_index(&m, "read");
	tap_ok(sctui_model_toggle(&m, gp, false, &d) == 0 && sctui_row_denied(&m.rows[gp]) && !strstr(m.text, "\"one\"") &&
		       m.src->n_rules == 1,
	       "denying the only name of a rule removes the rule");
	tap_ok(m.rows[rd].rule == 0 && strstr(m.text, "\"x-extra\": {\n        \"k\": []\n      }") && strstr(m.text, "\"ü\""),
	       "the next rule is syscalls[0] now; unknown keys and UTF-8 comments stay");
	rd = row_index(&m, "gettid");
	tap_ok(sctui_model_toggle(&m, rd, false, &d) == 0 && !sctui_row_denied(&m.rows[rd]) &&
		       strstr(m.text, "\"exit_group\",\n        \"gettid\",\n        \"read\""),
	       "allowing gettid inserts it in sorted position in the plain ALLOW rule");
	tap_ok(sctui_model_toggle(&m, gp, false, &d) == 0 && !sctui_row_denied(&m.rows[gp]) && m.rows[gp].rule == 0 &&
		       !m.rows[gp].changed && strstr(m.text, "{\n      \"names\": [\n        \"getpid\",") &&
		       strstr(m.text, "\"one\"") && sctui_model_n_changed(&m) == 1,
	       "allowing getpid again gives it back its own rule, comment and all; only gettid counts as changed");
	sctui_model_done(&m);

	/* A deny-list profile: denying has to add a rule. */
	tap_ok(open_text(&m, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": []}"), "an allow-by-default profile loads");
	gp = row_index(&m, "getpid");
	tap_ok(sctui_model_toggle(&m, gp, false, &d) == 0 && m.rows[gp].action == SCMP_ACT_ERRNO(EPERM) &&
		       m.rows[gp].rule == 0 && strstr(m.text, "\"errnoRet\": 1"),
	       "denying under ALLOW adds an ERRNO(EPERM) rule");
	tap_ok(sctui_model_toggle(&m, gp, false, &d) == 0 && m.rows[gp].action == SCMP_ACT_ALLOW &&
		       m.rows[gp].rule == SCTUI_RULE_DEFAULT && strstr(m.text, "\"syscalls\": []"),
	       "allowing it again removes that rule");
	sctui_model_done(&m);

	/* Attribution: the first unconditional rule decides; conditional
	 * rules alone make the row conditional. */
	tap_ok(open_text(&m, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
			     "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_LOG\", \"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]},"
			     "{\"names\": [\"getpid\", \"gettid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
			     "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_LOG\", \"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}"),
	       "a profile with conditional and unconditional rules loads");
	gp = row_index(&m, "getpid");
	rd = row_index(&m, "getppid");
	tap_ok(m.rows[gp].action == SCMP_ACT_ALLOW && m.rows[gp].rule == 1 && !m.rows[gp].conditional,
	       "getpid: the unconditional ALLOW (syscalls[1]) decides, not conditional");
	tap_ok(m.rows[rd].action == SCMP_ACT_LOG && m.rows[rd].rule == 2 && m.rows[rd].conditional,
	       "getppid: only a conditional rule, which holds for zero: LOG by syscalls[2], conditional");
	sctui_model_done(&m);

	/* ERRNO default with another errno: deny uses it. */
	tap_ok(open_text(&m, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, \"syscalls\": "
			     "[{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}"),
	       "a profile with defaultErrnoRet 38 loads");
	gp = row_index(&m, "getpid");
	tap_ok(sctui_model_toggle(&m, gp, false, &d) == 0 && m.rows[gp].action == SCMP_ACT_ERRNO(ENOSYS),
	       "deny means the default errno (ENOSYS)");
	sctui_model_done(&m);
	scfs_diag_done(&d);
}

static bool rule_equal(const struct scfs_rule *a, const struct scfs_rule *b, const char *without)
{
	size_t j = 0;

	if (a->action.kind != b->action.kind || a->action.data != b->action.data ||
	    a->action.data_set != b->action.data_set || a->n_args != b->n_args || a->legacy_name != b->legacy_name ||
	    !!a->comment != !!b->comment || (a->comment && strcmp(a->comment, b->comment) != 0) ||
	    !scfs_cond_equal(&a->includes, &b->includes) || !scfs_cond_equal(&a->excludes, &b->excludes))
		return false;
	for (size_t i = 0; i < a->n_args; i++)
		if (memcmp(&a->args[i], &b->args[i], sizeof(a->args[i])) != 0)
			return false;
	/* Names in order, @without skipped on the original side. */
	for (size_t i = 0; i < a->n_names; i++) {
		if (without && strcmp(a->names[i], without) == 0)
			continue;
		if (j >= b->n_names || strcmp(a->names[i], b->names[j]) != 0)
			return false;
		j++;
	}
	return j == b->n_names;
}

static void test_docker_round_trip(const char *shared)
{
	_cleanup_free_ char *docker = scfs_xasprintf("%s/upstream-profiles/moby-profiles--seccomp-default.json", shared);
	_cleanup_free_ char *orig = NULL, *back = NULL, *copy = NULL, *same = NULL, *diff = NULL;
	struct scfs_profile *a = NULL, *b = NULL;
	struct sctui_model m;
	struct scfs_diag d;
	size_t olen, blen, changed = 0, mk;
	bool others = true;
	char *line;

	if (access(docker, R_OK) != 0) {
		tap_skip("Docker's default profile not found at %s: round trip not tested", docker);
		return;
	}
	if (scfs_read_file(docker, SCFS_PROFILE_MAX_BYTES, &orig, &olen) < 0 || !open_file(&m, docker)) {
		tap_ok(false, "Docker's default profile loads");
		return;
	}
	/* Unedited, a save gives the file back byte for byte. */
	same = scfs_xasprintf("%s/docker-same.json", tmpdir);
	tap_ok(sctui_model_save(&m, same) == 0 && scfs_read_file(same, SCFS_PROFILE_MAX_BYTES, &back, &blen) == 0 &&
		       blen == olen && memcmp(orig, back, olen) == 0,
	       "Docker's default saved unedited is byte-identical (%zu bytes)", olen);
	free(back);
	back = NULL;

	mk = row_index(&m, "mkdir");
	scfs_diag_init(&d, docker);
	tap_ok(sctui_model_toggle(&m, mk, false, &d) == 0 && sctui_row_denied(&m.rows[mk]), "deny mkdir in Docker's default");
	scfs_diag_done(&d);
	copy = scfs_xasprintf("%s/docker-edited.json", tmpdir);
	tap_ok(sctui_model_save(&m, copy) == 0, "save the edited profile");
	tap_ok(scfs_read_file(copy, SCFS_PROFILE_MAX_BYTES, &back, &blen) == 0 && blen == olen - strlen("\t\t\t\t\"mkdir\",\n"),
	       "the saved file is one line shorter");
	diff = sctui_diff(orig, back, 0);
	line = strchr(diff, '\n');
	tap_ok(line && strcmp(line + 1, "-\t\t\t\t\"mkdir\",\n") == 0, "and that line is \"mkdir\"");

	scfs_diag_init(&d, "round trip");
	if (!tap_ok(scfs_profile_parse(orig, olen, "orig", &a, &d) == 0 && scfs_profile_parse(back, blen, "saved", &b, &d) == 0,
		    "both parse")) {
		scfs_diag_done(&d);
		scfs_profile_free(a);
		sctui_model_done(&m);
		return;
	}
	scfs_diag_done(&d);
	tap_ok(a->n_rules == b->n_rules && a->n_arch_map == b->n_arch_map && a->n_arches == b->n_arches &&
		       scfs_action_equal(&a->default_action, &b->default_action) && a->flags == b->flags,
	       "same number of rules, archMap, default action and flags");
	for (size_t i = 0; i < a->n_rules && i < b->n_rules; i++) {
		bool names_mkdir = false;

		for (size_t j = 0; j < a->rules[i].n_names; j++)
			names_mkdir |= strcmp(a->rules[i].names[j], "mkdir") == 0;
		if (names_mkdir) {
			changed++;
			others &= rule_equal(&a->rules[i], &b->rules[i], "mkdir");
		} else {
			others &= rule_equal(&a->rules[i], &b->rules[i], NULL);
		}
	}
	tap_ok(changed == 1 && others, "every other rule is identical; the one naming mkdir lost only mkdir");
	{
		size_t sy = row_index(&m, "_sysctl");
		_cleanup_free_ char *d2 = NULL;

		scfs_diag_init(&d, docker);
		tap_ok(sctui_model_toggle(&m, sy, false, &d) == 0 && !sctui_row_denied(&m.rows[sy]), "allow _sysctl");
		scfs_diag_done(&d);
		d2 = sctui_diff(back, m.text, 1);
		tap_ok(strstr(d2, "\t\t\t\t\"syncfs\",\n+\t\t\t\t\"_sysctl\",\n \t\t\t\t\"sysinfo\",\n") != NULL,
		       "it goes between syncfs and sysinfo, where Docker's order puts it");
	}
	scfs_profile_free(a);
	scfs_profile_free(b);
	sctui_model_done(&m);
}

/* Whether profile texts @a and @b decide every syscall alike on every arch
 * of their filters, expanded for the test host with capabilities @caps:
 * the comparison scfs diff makes. */
static bool same_decisions(const char *a, const char *b, uint64_t caps)
{
	const char *text[2] = { a, b };
	struct scfs_profile *src[2] = { 0 }, *eff[2] = { 0 };
	struct scfs_filter *f[2] = { 0 };
	struct scfs_decisions ds[2] = { 0 };
	struct scfs_host h = host;
	struct scfs_diff d = { 0 };
	struct scfs_compile_opts co;
	struct scfs_diag diag;
	bool ok = true, equal = false;

	h.caps = caps;
	scfs_compile_opts_init(&co);
	scfs_diag_init(&diag, "same_decisions");
	for (int i = 0; i < 2 && ok; i++)
		ok = scfs_profile_parse(text[i], strlen(text[i]), "p", &src[i], &diag) == 0 &&
		     scfs_profile_expand(src[i], &h, &eff[i]) == 0 && scfs_compile(eff[i], &co, &f[i], &diag) == 0 &&
		     scfs_decisions_build(f[i], &ds[i]) == 0;
	if (ok && scfs_diff_compute(&ds[0], &ds[1], &d) == 0)
		equal = d.equal;
	scfs_diff_done(&d);
	for (int i = 0; i < 2; i++) {
		scfs_decisions_done(&ds[i]);
		scfs_filter_free(f[i]);
		scfs_profile_free(eff[i]);
		scfs_profile_free(src[i]);
	}
	scfs_diag_done(&diag);
	return equal;
}

static bool toggle(struct sctui_model *m, const char *name, bool siblings)
{
	struct scfs_diag d;
	int r;

	scfs_diag_init(&d, "toggle");
	r = sctui_model_toggle(m, row_index(m, name), siblings, &d);
	scfs_diag_done(&d);
	return r == 0;
}

/* Saved, the model's document is the file @orig byte for byte. */
static bool saves_as(struct sctui_model *m, const char *orig, size_t olen)
{
	_cleanup_free_ char *path = scfs_xasprintf("%s/toggled.json", tmpdir), *back = NULL;
	size_t blen = 0;

	return sctui_model_save(m, path) == 0 && scfs_read_file(path, SCFS_PROFILE_MAX_BYTES, &back, &blen) == 0 &&
	       blen == olen && memcmp(back, orig, olen) == 0;
}

/* Allowing unshare without the rule's capability: on this host (every
 * capability) the row still says ALLOW, but it is a change.  Then several
 * syscalls, undo, and siblings. */
static void test_moved_and_undone(const char *docker, const char *orig)
{
	struct scfs_action a = { .kind = SCFS_ACT_ALLOW };
	uint64_t all = 0;
	struct sctui_model m;
	struct scfs_diag d;
	size_t us;

	(void)scfs_caps_parse("all", &all, NULL);
	if (!open_file(&m, docker))
		return;
	us = row_index(&m, "unshare");
	scfs_diag_init(&d, docker);
	tap_ok(sctui_model_set_action(&m, &us, 1, &a, &d) == 0 && m.rows[us].action == SCMP_ACT_ALLOW &&
		       m.rows[us].rule == 0 && m.rows[us].changed && sctui_model_n_changed(&m) == 1,
	       "e ALLOW on unshare: syscalls[0] allows it, the row still says ALLOW and is marked and counted");
	tap_ok(!same_decisions(orig, m.text, 0) && same_decisions(orig, m.text, all),
	       "(scfs diff agrees: a change with no capability, none with all)");
	{
		_cleanup_free_ char *det = sctui_model_detail(&m, us);

		tap_ok(strstr(det, "Edited: as loaded it was ALLOW (syscalls[17])") &&
			       strstr(det, "The same here, not everywhere"),
		       "the detail view says it was ALLOW by syscalls[17] and differs elsewhere");
	}
	scfs_diag_done(&d);
	tap_ok(sctui_model_undo(&m) == 0 && sctui_model_n_changed(&m) == 0 && strcmp(m.text, orig) == 0,
	       "u undoes it: as loaded");

	tap_ok(toggle(&m, "unshare", false) && toggle(&m, "mkdir", false) && toggle(&m, "unshare", false) &&
		       !row_named(&m, "unshare")->changed && row_named(&m, "mkdir")->changed && sctui_model_n_changed(&m) == 1,
	       "unshare, mkdir, unshare: only mkdir is changed");
	{
		_cleanup_free_ char *diff = sctui_diff(orig, m.text, 0);
		const char *line = strchr(diff, '\n');

		tap_ok(line && strcmp(line + 1, "-\t\t\t\t\"mkdir\",\n") == 0, "and the document lost the mkdir line only");
	}
	tap_ok(sctui_model_undo(&m) == 0 && row_named(&m, "unshare")->changed && sctui_model_n_changed(&m) == 2,
	       "u: unshare denied again, two changes");
	tap_ok(sctui_model_undo(&m) == 0 && sctui_model_undo(&m) == 0 && sctui_model_n_changed(&m) == 0 &&
		       strcmp(m.text, orig) == 0 && sctui_model_undo(&m) == -ENOENT,
	       "u, u: as loaded, and nothing more to undo");
	tap_ok(toggle(&m, "clone", true) && sctui_model_n_changed(&m) >= 2 && toggle(&m, "clone", true) &&
		       sctui_model_n_changed(&m) == 0 && strcmp(m.text, orig) == 0,
	       "clone and its siblings denied then allowed (Space, y twice): as loaded");
	sctui_model_done(&m);
}

/* Docker's default allows unshare in syscalls[17], only with CAP_SYS_ADMIN.
 * Space twice must give that back, whatever the host's capabilities; an
 * edit that only matters without CAP_SYS_ADMIN is a change. */
static void test_toggle_back(const char *shared)
{
	_cleanup_free_ char *docker = scfs_xasprintf("%s/upstream-profiles/moby-profiles--seccomp-default.json", shared);
	_cleanup_free_ char *orig = NULL;
	uint64_t all = 0, saved_caps = host.caps;
	struct sctui_model m;
	size_t olen, us;

	if (access(docker, R_OK) != 0 || scfs_read_file(docker, SCFS_PROFILE_MAX_BYTES, &orig, &olen) < 0) {
		tap_skip("Docker's default profile not found at %s: toggling back not tested", docker);
		return;
	}
	(void)scfs_caps_parse("all", &all, NULL);
	for (int pass = 0; pass < 2; pass++) {
		const char *hc = pass == 0 ? "every capability" : "no capability";
		uint32_t was;

		host.caps = pass == 0 ? all : 0;
		if (!tap_ok(open_file(&m, docker), "Docker's default loads (host with %s)", hc))
			continue;
		us = row_index(&m, "unshare");
		was = m.rows[us].action;
		tap_ok(was == (pass == 0 ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(EPERM)) &&
			       m.rows[us].rule == (pass == 0 ? 17 : SCTUI_RULE_DEFAULT),
		       "%s: unshare is %s", hc, pass == 0 ? "ALLOW by syscalls[17]" : "ERRNO(EPERM) by default");
		tap_ok(toggle(&m, "unshare", false) && m.rows[us].action != was && m.rows[us].changed &&
			       sctui_model_n_changed(&m) == 1,
		       "%s: Space on unshare changes it, marked and counted once", hc);
		tap_ok(toggle(&m, "unshare", false) && m.rows[us].action == was && m.rows[us].rule == m.rows[us].orig_rule &&
			       !m.rows[us].changed && sctui_model_n_changed(&m) == 0 && !sctui_model_dirty(&m),
		       "%s: Space again: unshare as loaded, by the rule it was loaded with, nothing counted, nothing to save",
		       hc);
		tap_ok(strcmp(m.text, orig) == 0 && saves_as(&m, orig, olen),
		       "%s: saved, the profile is Docker's default byte for byte", hc);
		tap_ok(same_decisions(orig, m.text, 0) && same_decisions(orig, m.text, all),
		       "%s: it decides every syscall as Docker's default, with no capability and with all", hc);
		sctui_model_done(&m);
	}
	host.caps = saved_caps;
	test_moved_and_undone(docker, orig);
}

/* Conditions other than capabilities: minKernel and the native arch. */
static void test_changed_conditions(void)
{
	struct sctui_model m;
	struct scfs_action a = { .kind = SCFS_ACT_ALLOW };
	struct scfs_diag d;
	_cleanup_free_ char *loaded = NULL;
	size_t gp, gt, n;

	if (!tap_ok(open_text(&m, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
				  "{\"names\": [\"getppid\", \"read\"], \"action\": \"SCMP_ACT_ALLOW\"},"
				  "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"5.0\"}},"
				  "{\"names\": [\"gettid\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"arches\": [\"arm64\"]}},"
				  "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"comment\": \"again\"}]}\n"),
		    "a profile with minKernel and arch conditions loads"))
		return;
	loaded = scfs_xstrdup(m.text);
	gp = row_index(&m, "getpid");
	gt = row_index(&m, "gettid");
	scfs_diag_init(&d, "conditions");
	tap_ok(sctui_model_set_action(&m, &gp, 1, &a, &d) == 0 && m.rows[gp].action == SCMP_ACT_ALLOW &&
		       m.rows[gp].changed,
	       "getpid out of its minKernel 5.0 rule into a plain one: still ALLOW on 6.18, marked changed");
	tap_ok(sctui_model_set_action(&m, &gt, 1, &a, &d) == 0 && m.rows[gt].action == SCMP_ACT_ALLOW &&
		       m.rows[gt].changed && sctui_model_n_changed(&m) == 2,
	       "gettid out of its not-on-arm64 rule: still ALLOW on x86_64, marked changed");
	tap_ok(sctui_model_set_action(&m, &gp, 1, &a, &d) == 0 && sctui_model_set_action(&m, &gt, 1, &a, &d) == 0 &&
		       sctui_model_n_changed(&m) == 0 && strcmp(m.text, loaded) == 0,
	       "ALLOW again on each (the action they had): their rules come back, as loaded");
	n = m.n_undo;
	gp = row_index(&m, "read");
	tap_ok(sctui_model_set_action(&m, &gp, 1, &a, &d) == 0 && strcmp(m.text, loaded) == 0 && m.n_undo == n &&
		       !m.rows[gp].changed,
	       "ALLOW on read, allowed twice already: nothing changes, not even the text, and no undo step");
	scfs_diag_done(&d);
	sctui_model_done(&m);
}

static void test_denial_and_diff(void)
{
	struct sctui_denial dn;
	_cleanup_free_ char *d1 = sctui_diff("a\nb\nc\n", "a\nB\nc\nd\n", 1), *d2 = sctui_diff("x\n", "x\n", 3);

	tap_ok(sctui_denial_parse("2026-11-24T14:48:46.834498Z pid=20801 tid=20801 comm=unshare arch=x86_64 "
				  "syscall=mount nr=165 call=mount(\"a\\x20b\",\"/mnt\",\"tmpfs\",0,NULL) "
				  "action=ERRNO errno=1 errname=EPERM rule=12 mode=enforce",
				  &dn) == 0 &&
		       strcmp(dn.time, "14:48:46.834") == 0 && strcmp(dn.syscall, "mount") == 0 &&
		       strcmp(dn.call, "mount(\"a\\x20b\",\"/mnt\",\"tmpfs\",0,NULL)") == 0 && strcmp(dn.result, "EPERM") == 0 &&
		       strcmp(dn.rule, "syscalls[12]") == 0 && dn.pid == 20801 && !dn.complain,
	       "a denial line is parsed");
	tap_ok(sctui_denial_parse("2026-11-24T14:48:46.834498Z pid=20801 tid=20805 comm=worker arch=x86_64 "
				  "syscall=unshare nr=272 args=0x10000000,0x0,0x0,0x0,0x0,0x0 action=ERRNO errno=1 "
				  "errname=EPERM rule=default mode=enforce",
				  &dn) == 0 && dn.pid == 20801 && dn.tid == 20805,
	       "the thread id of a denial is kept (pid 20801, tid 20805)");
	tap_ok(sctui_denial_parse("2026-11-24T14:48:46.834498Z pid=20801 comm=x arch=x86_64 syscall=reboot nr=169 "
				  "action=KILL_PROCESS rule=default mode=enforce source=kernel",
				  &dn) == 0 && dn.tid == 0,
	       "a kernel record without a thread: tid 0 (not shown)");
	tap_ok(strcmp(d1, "@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n") == 0, "line diff with context");
	tap_ok(strcmp(d2, "") == 0, "equal texts: empty diff");
}

int main(int argc, char **argv)
{
	const char *profiles = argc > 1 ? argv[1] : "profiles";
	const char *shared = argc > 2 ? argv[2] : "../shared";

	if (scfs_host_detect(&host) < 0 || !mkdtemp(tmpdir)) {
		printf("Bail out! cannot set up\n");
		return 1;
	}
	/* The same answers on any machine: x86_64 with every capability. */
	host.arch = scfs_arch_lookup("x86_64");
	(void)scfs_caps_parse("all", &host.caps, NULL);
	host.kernel = (struct scfs_kver){ 6, 18 };

	test_groups();
	test_view(profiles);
	test_edits(profiles);
	test_inline_rules();
	test_detail_conditions();
	test_action_labels();
	test_docker_round_trip(shared);
	test_toggle_back(shared);
	test_changed_conditions();
	test_denial_and_diff();
	{
		_cleanup_free_ char *cmd = scfs_xasprintf("rm -rf '%s'", tmpdir);

		(void)!system(cmd);
	}
	return tap_done();
}
