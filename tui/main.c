/* sctui: options, then model + runner + screen, wired together. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "config.h"
#include "env.h"
#include "ui.h"
#include "watch.h"

static const char usage[] =
	"Usage: sctui [-p PROFILE] [--caps LIST] [--state-dir DIR] [--watch WHO] [-- COMMAND [ARGS...]]\n"
	"Browse and edit a seccomp profile (Docker, OCI or Podman JSON) syscall by\n"
	"syscall, run COMMAND under the edited profile and watch its denials live.\n"
	"Without -p the shipped default profile is opened (w then asks for a path).\n\n"
	"  -p, --profile FILE   the profile to edit\n"
	"  --watch WHO          watch a target of scfs run or a container (as scfs ps\n"
	"                       lists them) instead: PID, NAME or last, as scfs show\n"
	"                       takes them; its profile from its state fills the table\n"
	"                       (L inside sctui lists them and picks one)\n"
	"  --caps LIST          expand for this capability set and hold runs to it, as\n"
	"                       scfs run --caps: docker, containerd, podman, all, none,\n"
	"                       CAP_A,CAP_B or a mix (default: this process's)\n"
	"  --state-dir DIR      the state base of the runs, as scfs run --state-dir\n"
	"                       (default: scfs's, so scfs ps and the FUSE view see them)\n"
	"  --bench-startup      exit after the first full frame; print the time\n"
	"  --bench-filter WORD  time the incremental filter for each prefix of WORD,\n"
	"                       then toggling the syscall WORD\n"
	"  -h, --help           this help; ? inside sctui lists the keys\n\n"
	"Exit status: 0, or 125 when the profile cannot be loaded, the state base is\n"
	"refused, --watch names no target, or stdin or stdout is not a terminal.\n";

enum { OPT_STATE_DIR = 0x100, OPT_BENCH_STARTUP, OPT_BENCH_FILTER, OPT_CAPS, OPT_WATCH };

/* This host, and --caps as scfs run takes it: the set to expand for, and
 * whether runs drop the bounding set to it (or need not: see
 * scfs_caps_enforce_plan).  Returns 0, or < 0 after one line on stderr. */
static int host_setup(const char *spec, struct scfs_host *host, bool *drop)
{
	_cleanup_free_ char *bad = NULL;
	int r = scfs_host_detect(host);

	if (r < 0) {
		fprintf(stderr, "sctui: cannot read this host's arch, capabilities or kernel: %s\n", strerror(-r));
		return r;
	}
	if (!spec)
		return 0;
	if (scfs_caps_parse(spec, &host->caps, &bad) < 0) {
		fprintf(stderr, "sctui: --caps: unknown capability \"%s\"\n", bad ? bad : spec);
		return -EINVAL;
	}
	r = scfs_caps_enforce_plan(host->caps, drop);
	if (r < 0)
		fprintf(stderr, "sctui: --caps %s: %s\n", spec,
			r == -EPERM ? "this process has capabilities outside the set and cannot drop them (no CAP_SETPCAP)"
				    : strerror(-r));
	return r;
}


static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The message line at start: load warnings, else the note scfs's verbs
 * give when a profile's rules depend on capabilities and no --caps says
 * which set. */
static void first_message(struct sctui_ui *ui, const struct scfs_diag *diag, const struct sctui_model *model,
			  bool caps_given)
{
	if (diag->n_warnings)
		sctui_ui_message(ui, false, "%zu warning%s loading the profile (scfs check %s lists them)",
				 diag->n_warnings, diag->n_warnings == 1 ? "" : "s", model->path);
	else if (!caps_given && scfs_profile_depends_on_caps(model->src))
		sctui_ui_message(ui, false, "expanded for this process's %d capabilities; a container's: --caps "
				 "docker or C", __builtin_popcountll(model->host.caps));
}

struct args {
	const char *profile, *state_dir, *bench_word, *caps, *watch;
	bool bench_startup;
};

/* Returns 0, 1 after --help, or 2 after a bad option (usage printed). */
static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "profile", required_argument, NULL, 'p' },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "caps", required_argument, NULL, OPT_CAPS },
		{ "watch", required_argument, NULL, OPT_WATCH },
		{ "bench-startup", no_argument, NULL, OPT_BENCH_STARTUP },
		{ "bench-filter", required_argument, NULL, OPT_BENCH_FILTER },
		{ 0 },
	};
	int c;

	*a = (struct args){ 0 };
	while ((c = getopt_long(argc, argv, "+hp:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return 1;
		case 'p':
			a->profile = optarg;
			break;
		case OPT_STATE_DIR:
			a->state_dir = optarg;
			break;
		case OPT_CAPS:
			a->caps = optarg;
			break;
		case OPT_WATCH:
			a->watch = optarg;
			break;
		case OPT_BENCH_STARTUP:
			a->bench_startup = true;
			break;
		case OPT_BENCH_FILTER:
			a->bench_word = optarg;
			break;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	return 0;
}

/* The key file: $SCTUI_KEYS, else under $XDG_CONFIG_HOME or $HOME
 * (sctui(1)).  Malloc'd, or NULL. */
static char *keyfile_path(void)
{
	const char *env = getenv("SCTUI_KEYS"), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (env && *env)
		return scfs_xstrdup(env);
	if (xdg && *xdg)
		return scfs_xasprintf("%s/sctui/keys", xdg);
	if (home && *home)
		return scfs_xasprintf("%s/.config/sctui/keys", home);
	return NULL;
}

/* The runner and the terminal interface over a loaded model, until the
 * user quits.  Returns the exit status. */
static int interact(const struct args *a, struct sctui_model *model, const struct scfs_diag *diag, bool drop_caps,
		    char **command, const struct timespec *t0)
{
	_cleanup_free_ char *keyfile = keyfile_path();
	const struct sctui_ui_opts opts = { .no_color = getenv("NO_COLOR") != NULL, .keyfile = keyfile };
	struct sctui_runner runner;
	struct sctui_ui ui;
	int r = sctui_runner_init(&runner, a->state_dir, cli_env());

	if (r < 0) {
		fprintf(stderr, "sctui: %s\n", runner.error);
		return 125;
	}
	/* Before the screen: a name that matches nothing is a one-line error. */
	if (a->watch && !sctui_watch_resolve(runner.base, a->watch)) {
		fprintf(stderr, "sctui: --watch %s: no target %s in %s (scfs ps lists them)\n", a->watch,
			strcmp(a->watch, "last") == 0 ? "has run" : "of that name", runner.base);
		sctui_runner_done(&runner);
		return 125;
	}
	runner.drop_caps = drop_caps;
	r = sctui_ui_init(&ui, model, &runner, command, &opts);
	if (r < 0) {
		fprintf(stderr, "sctui: cannot start the terminal interface\n");
	} else {
		sctui_caps_init(&ui, a->caps);
		first_message(&ui, diag, model, a->caps != NULL);
		if (a->watch)
			(void)sctui_watch(&ui, a->watch);
		sctui_ui_run(&ui, a->bench_startup);
		double startup_ms = ms_since(t0);

		sctui_ui_done(&ui);
		if (a->bench_startup)
			fprintf(stderr, "first full frame after %.2f ms\n", startup_ms);
	}
	sctui_runner_done(&runner);
	return r < 0 ? 125 : 0;
}

int main(int argc, char **argv)
{
	const char *path;
	bool drop_caps = false;
	struct sctui_model model;
	struct scfs_host host;
	struct scfs_diag diag;
	struct timespec t0;
	struct args a;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	(void)setlocale(LC_ALL, "");
	r = parse_args(argc, argv, &a);
	if (r)
		return r == 1 ? 0 : r;
	if (host_setup(a.caps, &host, &drop_caps) < 0)
		return 125;
	/* Without a terminal curses reads end-of-file forever: the main loop
	 * would spin.  Say so once instead (the benchmark of the filter draws
	 * nothing and needs none). */
	if (!a.bench_word && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "sctui: needs a terminal on stdin and stdout (%s is not one)\n",
			!isatty(STDIN_FILENO) ? "stdin" : "stdout");
		return 125;
	}
	path = a.profile ? a.profile : scfs_default_profile_path(cli_env());
	scfs_diag_init(&diag, path);
	r = sctui_model_open(&model, path, !a.profile, &host, &diag);
	if (r < 0) {
		scfs_diag_print(&diag, stderr, SCFS_DIAG_WARNING);
		scfs_diag_done(&diag);
		return 125;
	}
	if (a.bench_word) {
		sctui_bench_filter(&model, a.bench_word, 1000);
		sctui_bench_toggle(&model, a.bench_word, 50);
		r = 0;
	} else {
		r = interact(&a, &model, &diag, drop_caps, optind < argc ? argv + optind : NULL, &t0);
	}
	scfs_diag_done(&diag);
	sctui_model_done(&model);
	return r;
}
