/* A runc-style command line: global options, the subcommand, its options
 * and operands.  Only what scfs-runtime needs is read; nothing is changed. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "runtime.h"

/* Options of runc and crun that take a value as the next argument (or
 * after '='), before the subcommand and after it (create/run).  Go's flag
 * parser takes them with one dash too. */
static const char *const global_values[] = { "root", "log", "log-format", "log-level", "criu", "rootless",
					     "cgroup-manager", NULL };
static const char *const create_values[] = { "bundle", "b", "console-socket", "pid-file", "preserve-fds",
					     "config", "f", "notify-socket", NULL };

static bool takes_value(const char *arg, const char *const *names, const char **name)
{
	const char *s = arg + (arg[1] == '-' ? 2 : 1);
	size_t n = strcspn(s, "=");

	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == n && strncmp(s, names[i], n) == 0) {
			*name = names[i];
			return s[n] != '='; /* "--x=v" carries its own */
		}
	*name = NULL;
	return false;
}

/* The value of option @arg (whose name is @name): after '=', or next. */
static const char *value_of(char **argv, int *i, int argc)
{
	const char *eq = strchr(argv[*i], '=');

	if (eq)
		return eq + 1;
	return *i + 1 < argc ? argv[++*i] : NULL;
}

static void read_create(int argc, char **argv, int i, struct rt_cmd *cmd)
{
	for (; i < argc; i++) {
		const char *a = argv[i], *name = NULL;

		if (strcmp(a, "--") == 0) {
			if (i + 1 < argc)
				cmd->id = argv[argc - 1];
			return;
		}
		if (a[0] != '-' || !a[1]) {
			cmd->id = a;
			continue;
		}
		/* -bDIR, crun's short form with the value attached */
		if (a[1] == 'b' && a[2] && a[2] != '=' && a[1] != '-') {
			cmd->bundle = a + 2;
			continue;
		}
		(void)takes_value(a, create_values, &name);
		if (!name)
			continue;
		a = value_of(argv, &i, argc);
		if (strcmp(name, "bundle") == 0 || strcmp(name, "b") == 0)
			cmd->bundle = a;
		else if (strcmp(name, "config") == 0 || strcmp(name, "f") == 0)
			cmd->config = a;
	}
}

void rt_parse_args(int argc, char **argv, struct rt_cmd *cmd)
{
	*cmd = (struct rt_cmd){ 0 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name;

		if (a[0] == '-' && a[1]) {
			const char *v;

			(void)takes_value(a, global_values, &name);
			if (!name)
				continue;
			v = value_of(argv, &i, argc);
			if (strcmp(name, "log") == 0)
				cmd->log = v;
			else if (strcmp(name, "log-format") == 0)
				cmd->log_format = v;
			continue;
		}
		cmd->verb = a;
		cmd->creates = strcmp(a, "create") == 0 || strcmp(a, "run") == 0;
		if (cmd->creates)
			read_create(argc, argv, i + 1, cmd);
		return;
	}
}
