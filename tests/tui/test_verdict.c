/* sctui's verdict column and scfs explain agree: for every syscall of
 * every arch of Docker's default profile (upstream's, and the shipped
 * default), expanded for several hosts, the table's action and deciding
 * rule (core/verdict through the model) equal what explain computes (the
 * observation program's attribution over the same call with zero
 * arguments, on the filter explain compiles).
 *
 *   test_verdict PROFILES_DIR SHARED_DIR
 */
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "model.h"

/* What scfs explain says for (@a, @nr) with zero arguments, the rule as a
 * source index or SCTUI_RULE_*. */
static void explain_call(struct scfs_observer *obs, const struct scfs_profile *eff, const struct scfs_arch_info *a,
			 int nr, uint32_t *action, long *rule)
{
	struct seccomp_data d = { .nr = nr, .arch = scfs_arch_audit(a) };
	uint32_t r;

	*action = scfs_observer_verdict(obs, &d);
	r = scfs_observer_rule(obs, &d, *action);
	if (r < eff->n_rules)
		*rule = (long)eff->rules[r].index;
	else
		*rule = r == SCFS_RULE_DEFAULT ? SCTUI_RULE_DEFAULT
			: r == SCFS_RULE_ENOSYS ? SCTUI_RULE_ENOSYS
						: SCTUI_RULE_UNKNOWN;
}

/* Every row of every arch of @m against explain on @pl's filter. */
static void compare(struct sctui_model *m, struct scfs_pipeline *pl, const char *label)
{
	struct scfs_observer obs;

	if (scfs_observer_init_eager(&obs, pl->filter, SCFS_MODE_ENFORCE, 0, &pl->diag) < 0) {
		tap_ok(false, "%s: the attribution program builds", label);
		return;
	}
	for (size_t i = 0; i < sctui_model_n_arches(m); i++) {
		const struct scfs_arch_info *a = sctui_model_arch(m, i);
		size_t bad = 0;

		(void)sctui_model_set_arch(m, i);
		for (size_t k = 0; k < m->n_rows; k++) {
			const struct sctui_row *row = &m->rows[k];
			uint32_t action;
			long rule;

			explain_call(&obs, pl->eff, a, row->nr, &action, &rule);
			if (action == row->action && rule == row->rule)
				continue;
			if (bad++ < 5)
				tap_diag("%s %s: sctui %#x rule %ld, explain %#x rule %ld", a->oci, row->name,
					 row->action, row->rule, action, rule);
		}
		tap_ok(m->n_rows > 0 && bad == 0, "%s, %s: sctui and explain agree on all %zu syscalls (%zu differ)",
		       label, a->oci, m->n_rows, bad);
	}
	scfs_observer_done(&obs);
}

static void test_profile(const char *path, const char *host_arch)
{
	_cleanup_free_ char *label = scfs_xasprintf("%s on %s", strrchr(path, '/') + 1, host_arch);
	struct scfs_pipeline pl = { 0 };
	struct sctui_model m;
	struct scfs_host host;
	struct scfs_diag d;

	if (scfs_host_detect(&host) < 0 || !(host.arch = scfs_arch_lookup(host_arch))) {
		tap_skip("%s: no such arch here", label);
		return;
	}
	(void)scfs_caps_parse("docker", &host.caps, NULL);
	host.kernel = (struct scfs_kver){ 6, 1 };
	scfs_diag_init(&d, path);
	/* explain's filter: the CLI's pipeline with its default options. */
	scfs_diag_init(&pl.diag, path);
	if (sctui_model_open(&m, path, false, &host, &d) < 0 ||
	    scfs_pipeline_load(&pl, path, &host, &pl.diag) < 0 || scfs_pipeline_compile(&pl, NULL, NULL, &pl.diag) < 0) {
		scfs_diag_print(&d, stdout, SCFS_DIAG_WARNING);
		scfs_diag_print(&pl.diag, stdout, SCFS_DIAG_WARNING);
		tap_ok(false, "%s: loads", label);
	} else {
		compare(&m, &pl, label);
		sctui_model_done(&m);
	}
	scfs_pipeline_done(&pl);
	scfs_diag_done(&d);
}

int main(int argc, char **argv)
{
	/* Not s390x: scfs explain fails there ("cannot build the attribution
	 * program", for both profiles), so there is nothing to compare with. */
	static const char *const hosts[] = { "x86_64", "aarch64", "ppc64le", "riscv64" };
	const char *profiles = argc > 1 ? argv[1] : "profiles";
	const char *shared = argc > 2 ? argv[2] : "../shared";
	_cleanup_free_ char *shipped = scfs_xasprintf("%s/default.json", profiles);
	_cleanup_free_ char *docker = scfs_xasprintf("%s/upstream-profiles/moby-profiles--seccomp-default.json", shared);

	for (size_t h = 0; h < ELEMENTSOF(hosts); h++) {
		test_profile(shipped, hosts[h]);
		if (access(docker, R_OK) == 0)
			test_profile(docker, hosts[h]);
		else
			tap_skip("Docker's default profile not found at %s", docker);
	}
	return tap_done();
}
