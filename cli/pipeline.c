/* The options of every profile verb, and the core pipeline (scfs/pipeline.h)
 * with its diagnostics printed. */
#include <errno.h>
#include <stdarg.h>

#include "config.h"
#include "cli.h"

int cli_error(const char *verb, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	/* Errors quote paths, names and state files: one line, escaped. */
	fprintf(stderr, "scfs %s: ", verb);
	if (msg)
		scfs_escape_put(stderr, msg, strlen(msg), SCFS_ESC_SHOW, NULL);
	fputc('\n', stderr);
	free(msg);
	return EXIT_SCFS_FAILURE;
}

void pipeline_opts_init(struct pipeline_opts *o)
{
	*o = (struct pipeline_opts){ .optimize = true, .enosys = SCFS_ENOSYS_STUB };
}

int pipeline_opt(struct pipeline_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'A':
		o->arch = arg;
		return 1;
	case 'C':
		o->caps = arg;
		return 1;
	case 'K':
		o->kernel = arg;
		return 1;
	case 'S':
		o->strict = true;
		return 1;
	case 'O':
		o->optimize = false;
		return 1;
	case 'v':
		o->verbose = true;
		return 1;
	case 'N':
		o->no_cache = true;
		return 1;
	case 'E':
		if (strcmp(arg, "stub") == 0)
			o->enosys = SCFS_ENOSYS_STUB;
		else if (strcmp(arg, "none") == 0)
			o->enosys = SCFS_ENOSYS_NONE;
		else
			return -1;
		return 1;
	}
	return 0;
}

static int host_setup(struct scfs_host *h, const struct pipeline_opts *o)
{
	int r = scfs_host_detect(h);

	if (r < 0)
		return cli_error("host", "cannot read this host's arch, capabilities or kernel: %s", strerror(-r));
	if (o->arch) {
		/* The Go spelling too: it is what users see in includes.arches. */
		h->arch = scfs_arch_lookup(o->arch);
		if (!h->arch)
			h->arch = scfs_arch_lookup_go(o->arch);
		if (!h->arch)
			return cli_error("host", "--arch: unknown architecture \"%s\"", o->arch);
	}
	if (o->caps) {
		_cleanup_free_ char *bad = NULL;

		if (scfs_caps_parse(o->caps, &h->caps, &bad) < 0)
			return cli_error("host", "--caps: unknown capability \"%s\"", bad ? bad : o->caps);
	}
	if (o->kernel && scfs_kver_parse(o->kernel, &h->kernel) < 0)
		return cli_error("host", "--kernel: expected MAJOR.MINOR, got \"%s\"", o->kernel);
	return 0;
}

static void compile_opts(struct scfs_compile_opts *co, const struct pipeline_opts *o)
{
	scfs_compile_opts_init(co);
	co->strict = o->strict;
	co->optimize = o->optimize;
	co->enosys = o->enosys;
}

static int compile(struct scfs_pipeline *pl, const struct pipeline_opts *o)
{
	_cleanup_free_ char *dir = o->no_cache ? NULL : scfs_fcache_dir(cli_env());
	struct scfs_compile_opts co;

	compile_opts(&co, o);
	return scfs_pipeline_compile(pl, &co, dir, &pl->diag);
}

int pipeline_peek(struct scfs_pipeline *pl, const char *path, const struct pipeline_opts *o,
		  struct scfs_diag *notes)
{
	_cleanup_free_ char *dir = o->no_cache ? NULL : scfs_fcache_dir(cli_env());
	struct scfs_compile_opts co;
	struct scfs_host host;
	int r;

	*pl = (struct scfs_pipeline){ 0 };
	scfs_diag_init(&pl->diag, path);
	if (!dir)
		return 1;
	r = host_setup(&host, o);
	if (r)
		return r;
	compile_opts(&co, o);
	/* A file that cannot be read is pipeline_run's to report. */
	return scfs_pipeline_peek(pl, path, &host, &co, dir, notes, &pl->diag) == 0 ? 0 : 1;
}

void pipeline_caps_note(const struct scfs_profile *p, const struct pipeline_opts *o, const struct scfs_host *h)
{
	static bool said; /* once per command, though diff expands two */
	uint64_t docker = 0, podman = 0;

	(void)scfs_caps_parse("docker", &docker, NULL);
	(void)scfs_caps_parse("podman", &podman, NULL);
	if (said || o->caps || !p || !scfs_profile_depends_on_caps(p) || h->caps == docker)
		return;
	said = true;
	fprintf(stderr,
		"scfs: expanding for this process's %d capabilities; a Docker or containerd container has %d "
		"(--caps docker), a Podman one %d (--caps podman)\n",
		__builtin_popcountll(h->caps), __builtin_popcountll(docker), __builtin_popcountll(podman));
}

int pipeline_run(struct scfs_pipeline *pl, const char *path, const struct pipeline_opts *o, bool compile_it)
{
	struct scfs_host host;
	int r;

	*pl = (struct scfs_pipeline){ 0 };
	scfs_diag_init(&pl->diag, path);
	r = host_setup(&host, o);
	if (r)
		return r;
	r = scfs_pipeline_load(pl, path, &host, &pl->diag);
	pipeline_caps_note(pl->src, o, &pl->host);
	if (r == 0)
		scfs_profile_check_portable(pl->src, pl->eff, &pl->diag);
	if (r == 0 && compile_it)
		r = compile(pl, o);
	scfs_diag_print(&pl->diag, stderr, o->verbose ? SCFS_DIAG_NOTE : SCFS_DIAG_WARNING);
	if (r < 0 && !scfs_diag_failed(&pl->diag))
		fprintf(stderr, "%s: %s\n", path, strerror(-r));
	return r < 0 ? EXIT_SCFS_FAILURE : 0;
}

void pipeline_done(struct scfs_pipeline *pl)
{
	scfs_pipeline_done(pl);
}
