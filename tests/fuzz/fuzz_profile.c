/* libFuzzer target: one input is one profile document, run through the
 * whole pipeline a profile verb uses (parse -> expand -> compile) for a
 * fixed host, so that a finding reproduces the same on every machine.
 *
 * Besides "no crash, no leak, no UB" it checks two properties every input
 * must have, and aborts when one fails:
 *   - a compiled program passes the syntax check the kernel makes on load
 *     and returns an action for any syscall;
 *   - a profile that parses renders (scfs_profile_to_json) to JSON that
 *     parses again and renders to the same text;
 *   - giving libseccomp every repeated rule (no_dedupe) gives the same
 *     verdict, the same number of errors and the same program;
 *   - the size floor a profile is refused on before libseccomp runs
 *     (core/filter/insns.c) is never above the size of a program built.
 * Nothing is printed and no filter is ever loaded. */
#include <linux/audit.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scfs/scfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct scfs_host *fuzz_host(void)
{
	static struct scfs_host h;

	if (!h.arch) {
		h.arch = scfs_arch_lookup("x86_64");
		h.caps = 0;
		h.kernel = (struct scfs_kver){ 6, 1 };
		if (!h.arch)
			abort();
	}
	return &h;
}

/* The program scfs would load must be one the kernel takes, and must end
 * in an action for a known call, an unknown one and a foreign arch. */
static void check_program(const struct scfs_filter *f)
{
	static const struct seccomp_data probes[] = {
		{ .nr = 39, .arch = AUDIT_ARCH_X86_64 },              /* getpid */
		{ .nr = 41, .arch = AUDIT_ARCH_X86_64, .args = { 2, 1, 0 } }, /* socket */
		{ .nr = 100000, .arch = AUDIT_ARCH_X86_64 },
		{ .nr = 20, .arch = AUDIT_ARCH_I386 },
		{ .nr = 0, .arch = 0xdeadbeef },
	};
	uint32_t ret;

	if (scfs_bpf_check(f->prog, f->prog_len) < 0 || f->stub_len > f->prog_len)
		abort();
	for (size_t i = 0; i < ELEMENTSOF(probes); i++)
		if (scfs_bpf_run(f->prog, f->prog_len, &probes[i], &ret) < 0)
			abort();
}

static void compile_once(const struct scfs_profile *eff, bool strict)
{
	struct scfs_compile_opts o;
	struct scfs_filter *f = NULL, *g = NULL;
	struct scfs_diag d, e;
	size_t floor = 0;
	int rf, rg;

	scfs_diag_init(&d, "fuzz.json");
	scfs_diag_init(&e, "fuzz.json");
	scfs_compile_opts_init(&o);
	o.strict = strict;
	rf = scfs_compile(eff, &o, &f, &d);
	if (rf == 0) {
		/* Success and errors do not go together. */
		if (!f || scfs_diag_failed(&d))
			abort();
		check_program(f);
	}
	o.no_dedupe = true;
	o.floor_out = &floor;
	rg = scfs_compile(eff, &o, &g, &e);
	if (rf != rg || d.n_errors != e.n_errors || d.n_warnings != e.n_warnings)
		abort();
	if (rg == 0 && floor > g->prog_len - g->stub_len)
		abort();
	if (rf == 0 && (f->prog_len != g->prog_len || memcmp(f->prog, g->prog, f->prog_len * sizeof(*f->prog)) != 0))
		abort();
	scfs_filter_free(g);
	scfs_filter_free(f);
	scfs_diag_done(&e);
	scfs_diag_done(&d);
}

/* parse(render(p)) must succeed and render to the same text.  An expanded
 * profile renders in the effective form, which parses as an unexpanded one:
 * it is expanded again for the same host before the comparison. */
static void check_roundtrip(const struct scfs_profile *p)
{
	struct scfs_profile *again = NULL, *again_eff = NULL;
	struct scfs_diag d;
	char *j1, *j2;

	j1 = scfs_profile_to_json(p);
	scfs_diag_init(&d, "roundtrip.json");
	if (scfs_profile_parse(j1, strlen(j1), "roundtrip.json", &again, &d) < 0)
		abort();
	if (p->expanded && scfs_profile_expand(again, fuzz_host(), &again_eff) < 0)
		abort();
	j2 = scfs_profile_to_json(again_eff ? again_eff : again);
	if (strcmp(j1, j2) != 0)
		abort();
	free(j2);
	free(j1);
	scfs_profile_free(again_eff);
	scfs_profile_free(again);
	scfs_diag_done(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scfs_profile *src = NULL, *eff = NULL;
	struct scfs_diag d;

	/* scfs_profile_load refuses larger files before parsing. */
	if (size > SCFS_PROFILE_MAX_BYTES)
		return 0;
	scfs_diag_init(&d, "fuzz.json");
	if (scfs_profile_parse((const char *)data, size, "fuzz.json", &src, &d) == 0) {
		if (!src || scfs_diag_failed(&d))
			abort();
		check_roundtrip(src);
		if (scfs_profile_expand(src, fuzz_host(), &eff) == 0) {
			check_roundtrip(eff);
			compile_once(eff, false);
			compile_once(eff, true);
		}
	}
	scfs_profile_free(eff);
	scfs_profile_free(src);
	scfs_diag_done(&d);
	return 0;
}
