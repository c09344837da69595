/* scfs agent: receive containers' seccomp listeners and observe them. */
#include <fcntl.h>
#include <sys/stat.h>

#include "cli.h"

#define AGENT_DEFAULT_SOCKET "/run/scfs/agent.sock"

static const char agent_help[] =
	"Usage: scfs agent [--socket PATH] [--state-dir BASE] [--daemon]\n"
	"Observe containers: container runtimes started through scfs-runtime hand\n"
	"the agent their seccomp listener (linux.seccomp.listenerPath).  Each is\n"
	"checked (the peer is root or this user; one message, one listener fd;\n"
	"its bundle's config.json owned by root and compiling to exactly the\n"
	"program the runtime loaded) and gets a supervisor process that answers\n"
	"every notification from the real filter and keeps the container's state\n"
	"as scfs run does for its targets (scfs ps, scfs show).  Listeners it\n"
	"refuses, or that outlive the agent, fail their calls with ENOSYS.\n\n"
	"  --socket PATH      the socket (default " AGENT_DEFAULT_SOCKET "; made 0600,\n"
	"                     its directory 0700 when missing)\n"
	"  --state-dir BASE   where state goes (default $SCFS_STATE_DIR, /run/scfs\n"
	"                     for root, else $XDG_RUNTIME_DIR/scfs)\n"
	"  --daemon           serve in the background once the socket is ready;\n"
	"                     messages go to BASE/agent.log\n\n"
	"Exit status: 0 when stopped by SIGTERM or SIGINT, 125 if it cannot serve.\n";

enum { OPT_SOCKET = 0x100, OPT_STATE_DIR, OPT_DAEMON };

/* Detach: the caller (often scfs-runtime, inside a container manager
 * that waits for its output to close) gets its exit once the socket
 * listens; the agent keeps no descriptor of the caller's. */
static int daemonize(const char *base, int *log_fd)
{
	_cleanup_free_ char *log = scfs_xasprintf("%s/agent.log", base);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	pid_t pid;

	*log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (null < 0 || *log_fd < 0)
		return cli_error("agent", "%s: %s", null < 0 ? "/dev/null" : log, strerror(errno));
	pid = fork();
	if (pid < 0)
		return cli_error("agent", "fork: %s", strerror(errno));
	if (pid > 0)
		_exit(0);
	(void)setsid();
	/* Not the caller's directory (often a container's bundle, which a
	 * daemon there would keep busy). */
	if (chdir("/") < 0)
		return cli_error("agent", "chdir /: %s", strerror(errno));
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	close(null);
	return 0;
}

int cmd_agent(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "socket", required_argument, NULL, OPT_SOCKET },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "daemon", no_argument, NULL, OPT_DAEMON },
		{ 0 },
	};
	const char *sock = AGENT_DEFAULT_SOCKET, *state_dir = NULL;
	_cleanup_free_ char *base = NULL, *why = NULL;
	struct scfs_agent_opts o = { .log_fd = 2, .runtime = "crun" };
	bool daemon = false;
	int c, lfd, bfd, r;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(agent_help, stdout);
			return 0;
		case OPT_SOCKET:
			sock = optarg;
			break;
		case OPT_STATE_DIR:
			state_dir = optarg;
			break;
		case OPT_DAEMON:
			daemon = true;
			break;
		default:
			return cli_error("agent", "bad option (see scfs agent --help)");
		}
	}
	if (optind < argc)
		return cli_error("agent", "unexpected argument \"%s\"", argv[optind]);
	base = scfs_state_base(state_dir, cli_env());
	/* The base is checked (and made) now: refused, nothing listens. */
	bfd = scfs_state_base_open(base, &why);
	if (bfd < 0)
		return cli_error("agent", "state directory %s", why);
	close(bfd);
	lfd = scfs_agent_listen(sock, &why);
	if (lfd < 0)
		return cli_error("agent", "%s", why);
	if (daemon && (r = daemonize(base, &o.log_fd)) != 0) {
		close(lfd);
		unlink(sock);
		return r;
	}
	o.socket = sock;
	o.state_base = base;
	r = scfs_agent_serve(&o, lfd);
	close(lfd);
	unlink(sock);
	if (r < 0)
		return cli_error("agent", "%s", strerror(-r));
	return 0;
}
