/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parity - the differential test's helper (tests/parity/parity.sh).
 *
 *   parity readback PID OUT.set     every seccomp filter of PID, read back
 *                                   from the kernel (root, attaches with ptrace)
 *   parity catch OUT.set CMD...     run CMD (a runtime) traced; at the first
 *                                   system call of a process that holds a
 *                                   filter, read its filters back, kill it
 *   parity strip IN.json OUT.json   IN without the syscall names libseccomp
 *                                   does not know (what crun and runc drop)
 *   parity compare ...              see compare.c
 *   parity plan PROG CALL...        which probe calls PROG lets the probe
 *                                   survive, and how it should then wait
 *   parity check PROG HOST CT CALL...  real calls against the evaluator
 *
 * CALL is "[i:]NR,A0,...,A5" in hex, as parity-hold takes it ("i:": i386).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>
#include <linux/audit.h>
#include <seccomp.h>

#include "parity.h"
#include "scfs/bpf.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif

/* "parity: WHAT: WHY: strerror(errno)", exit 2. */
static _Noreturn void die(const char *why, const char *what)
{
	fprintf(stderr, "parity: %s: %s: %s\n", what, why, strerror(errno));
	exit(2);
}

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		die("cannot open", path);
	for (;;) {
		if (n == cap && !(buf = realloc(buf, cap = cap ? 2 * cap : 65536)))
			die("out of memory reading", path);
		size_t r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void add_prog(struct progset *s, const void *ins, size_t len, const char *path)
{
	if (s->n == PARITY_MAX_FILTERS || scfs_bpf_check(ins, len) < 0) {
		errno = EINVAL;
		die("too many filters, or one the kernel would refuse", path);
	}
	s->f[s->n].ins = malloc(len * sizeof(struct sock_filter));
	memcpy(s->f[s->n].ins, ins, len * sizeof(struct sock_filter));
	s->f[s->n++].len = len;
}

void progset_load(struct progset *s, const char *path)
{
	size_t len, l = strlen(path);
	char *buf = read_file(path, &len), *p = buf;

	memset(s, 0, sizeof(*s));
	if (l < 4 || strcmp(path + l - 4, ".set")) {
		add_prog(s, buf, len / sizeof(struct sock_filter), path);
		free(buf);
		return;
	}
	while (p + 4 <= buf + len) {
		uint32_t n;

		memcpy(&n, p, 4);
		p += 4;
		if (n * sizeof(struct sock_filter) > (size_t)(buf + len - p)) {
			errno = EINVAL;
			die("truncated", path);
		}
		add_prog(s, p, n, path);
		p += n * sizeof(struct sock_filter);
	}
	free(buf);
}

void progset_done(struct progset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->f[i].ins);
	s->n = 0;
}

uint32_t progset_run(const struct progset *s, const struct seccomp_data *d)
{
	uint32_t ret = SECCOMP_RET_ALLOW;

	for (size_t i = 0; i < s->n; i++) {
		uint32_t cur;

		if (scfs_bpf_run_unchecked(s->f[i].ins, s->f[i].len, d, &cur) < 0)
			cur = SECCOMP_RET_KILL_PROCESS; /* cannot happen: checked on load */
		/* The kernel compares the action bits as a signed number. */
		if ((int32_t)(cur & SECCOMP_RET_ACTION_FULL) < (int32_t)(ret & SECCOMP_RET_ACTION_FULL))
			ret = cur;
	}
	return ret;
}

const char *action_str(uint32_t ret)
{
	static char buf[48];
	uint32_t data = ret & SECCOMP_RET_DATA;

	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: return "KILL_PROCESS";
	case SECCOMP_RET_KILL_THREAD: return "KILL_THREAD";
	case SECCOMP_RET_TRAP: snprintf(buf, sizeof(buf), "TRAP(%u)", data); return buf;
	case SECCOMP_RET_ERRNO: snprintf(buf, sizeof(buf), "ERRNO(%u)", data); return buf;
	case SECCOMP_RET_USER_NOTIF: return "NOTIFY";
	case SECCOMP_RET_TRACE: snprintf(buf, sizeof(buf), "TRACE(%u)", data); return buf;
	case SECCOMP_RET_LOG: return "LOG";
	case SECCOMP_RET_ALLOW: return "ALLOW";
	}
	snprintf(buf, sizeof(buf), "0x%08x", ret);
	return buf;
}

/* ---- readback ----------------------------------------------------------- */

/* Dump every filter of the stopped tracee @pid into @path. */
static long dump_filters(pid_t pid, const char *path)
{
	static struct sock_filter buf[BPF_MAXINSNS];
	FILE *out = fopen(path, "wb");
	long i;

	if (!out)
		die("cannot create", path);
	for (i = 0;; i++) {
		long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, i, NULL);

		if (n < 0 && errno == ENOENT)
			break;
		if (n <= 0 || n > BPF_MAXINSNS || ptrace(PTRACE_SECCOMP_GET_FILTER, pid, i, buf) != n)
			die("PTRACE_SECCOMP_GET_FILTER", path);
		uint32_t len = (uint32_t)n;
		fwrite(&len, 4, 1, out);
		fwrite(buf, sizeof(buf[0]), len, out);
	}
	if (fclose(out) != 0)
		die("cannot write", path);
	return i;
}

/* Attach without disturbing the tracee beyond a stop (SEIZE + INTERRUPT),
 * dump each filter, detach.  PTRACE_SECCOMP_GET_FILTER needs CAP_SYS_ADMIN
 * and a caller that is not itself under seccomp. */
static int cmd_readback(int argc, char **argv)
{
	int st;

	if (argc != 3)
		return fputs("usage: parity readback PID OUT.set\n", stderr), 2;
	pid_t pid = atoi(argv[1]);
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0 || ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0)
		die("cannot attach (PTRACE_SEIZE/INTERRUPT)", argv[1]);
	while (waitpid(pid, &st, __WALL) < 0)
		if (errno != EINTR)
			die("waitpid", argv[1]);
	if (!WIFSTOPPED(st)) {
		errno = ESRCH;
		die("exited", argv[1]);
	}
	int inject = (st >> 16) == PTRACE_EVENT_STOP ? 0 : WSTOPSIG(st);
	long n = dump_filters(pid, argv[2]);
	(void)ptrace(PTRACE_DETACH, pid, 0, inject);
	printf("%ld\n", n);
	return n > 0 ? 0 : 1;
}

/* For a runtime that cannot start a process under a profile (it denies
 * execve, or a call the runtime makes after loading the filter): the
 * filter is in the kernel from the seccomp() call on, and a syscall-entry
 * stop comes before seccomp runs, so the first stop of a process in
 * seccomp mode shows the program exactly as loaded.  The runtime and every
 * process and thread it makes are traced (the tracer's death kills them:
 * PTRACE_O_EXITKILL); once dumped, that process is killed and the rest
 * runs on untraced to its own error exit.  Exit 0 if a program was read. */
static int cmd_catch(int argc, char **argv)
{
	long got = 0;
	int st;

	if (argc < 3)
		return fputs("usage: parity catch OUT.set CMD...\n", stderr), 2;
	pid_t child = fork();
	if (child == 0) {
		(void)ptrace(PTRACE_TRACEME, 0, 0, 0);
		(void)raise(SIGSTOP);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (child < 0 || waitpid(child, &st, 0) != child)
		die("cannot start", argv[2]);
	if (ptrace(PTRACE_SETOPTIONS, child, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
			   PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL) < 0)
		die("PTRACE_SETOPTIONS", argv[2]);
	(void)ptrace(PTRACE_SYSCALL, child, 0, 0);
	for (;;) {
		pid_t pid = waitpid(-1, &st, __WALL);
		int sig = 0;

		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		if (!WIFSTOPPED(st))
			continue;
		if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
			if (!got && ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, NULL) > 0) {
				got = dump_filters(pid, argv[1]);
				(void)kill(pid, SIGKILL);
			}
		} else if ((st >> 16) == 0 && WSTOPSIG(st) != SIGSTOP) {
			sig = WSTOPSIG(st); /* a real signal: deliver it (new tracees start with SIGSTOP) */
		}
		(void)ptrace(got ? PTRACE_CONT : PTRACE_SYSCALL, pid, 0, sig);
	}
	printf("%ld\n", got);
	return got > 0 ? 0 : 1;
}

/* ---- strip -------------------------------------------------------------- */

/* crun and runc resolve each name with seccomp_syscall_resolve_name() and
 * skip the ones libseccomp does not know (a warning at most); scfs adds
 * the newer ones from its own table.  The stripped profile is what the
 * runtimes effectively compile.  Removed names go to stdout. */
static int cmd_strip(int argc, char **argv)
{
	if (argc != 3)
		return fputs("usage: parity strip IN.json OUT.json\n", stderr), 2;
	json_object *root = json_object_from_file(argv[1]), *rules = NULL, *kept = json_object_new_array();
	if (!root) {
		errno = EINVAL;
		die("cannot parse", argv[1]);
	}
	(void)json_object_object_get_ex(root, "syscalls", &rules);
	for (size_t i = 0; json_object_is_type(rules, json_type_array) && i < json_object_array_length(rules); i++) {
		json_object *r = json_object_array_get_idx(rules, i), *names, *keep = json_object_new_array();

		if (!json_object_object_get_ex(r, "names", &names))
			continue;
		for (size_t j = 0; j < json_object_array_length(names); j++) {
			json_object *nm = json_object_array_get_idx(names, j);
			const char *s = json_object_get_string(nm);

			if (seccomp_syscall_resolve_name(s) == __NR_SCMP_ERROR)
				printf("%s\n", s);
			else
				json_object_array_add(keep, json_object_get(nm));
		}
		if (json_object_array_length(keep) == 0) {
			json_object_put(keep);
			continue;
		}
		json_object_object_add(r, "names", keep);
		json_object_array_add(kept, json_object_get(r));
	}
	if (rules)
		json_object_object_add(root, "syscalls", kept);
	else
		json_object_put(kept);
	if (json_object_to_file_ext(argv[2], root, JSON_C_TO_STRING_PRETTY) < 0)
		die("cannot write", argv[2]);
	json_object_put(root);
	return 0;
}

/* ---- real calls --------------------------------------------------------- */

struct call {
	uint64_t a[7]; /* nr, then the arguments */
	bool i386;     /* "i:" - made through int $0x80 */
};

static struct call parse_call(const char *s)
{
	struct call c = { .i386 = false };

	if (s[0] == 'i' && s[1] == ':') {
		c.i386 = true;
		s += 2;
	}

	for (int i = 0; i < 7 && *s; i++) {
		c.a[i] = strtoull(s, (char **)&s, 16);
		if (*s == ',')
			s++;
	}
	return c;
}

static uint32_t predict(const struct progset *s, const struct call *c)
{
	struct seccomp_data d = { .nr = (int)c->a[0], .arch = c->i386 ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64 };

	for (int i = 0; i < 6; i++)
		d.args[i] = c->i386 ? (uint32_t)c->a[i + 1] : c->a[i + 1];
	return progset_run(s, &d);
}

static bool survives(uint32_t ret)
{
	uint32_t a = ret & SECCOMP_RET_ACTION_FULL;

	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG || a == SECCOMP_RET_ERRNO || a == SECCOMP_RET_TRACE;
}

/* Print "MODE CALL..." for parity-hold: the calls PROG lets the probe
 * survive (none when it may not exec or write its results), and "pause" when
 * pause(2) is allowed, else "spin". */
static int cmd_plan(int argc, char **argv)
{
	struct progset s;
	struct call w = { .a = { 1, 1 } }, p = { .a = { 34 } }, x = { .a = { 59 } };

	if (argc < 2)
		return fputs("usage: parity plan PROG CALL...\n", stderr), 2;
	progset_load(&s, argv[1]);
	uint32_t px = predict(&s, &x) & SECCOMP_RET_ACTION_FULL;
	/* No calls when the probe cannot even start. */
	uint32_t pw = px == SECCOMP_RET_ALLOW || px == SECCOMP_RET_LOG ? predict(&s, &w) & SECCOMP_RET_ACTION_FULL : SECCOMP_RET_ERRNO;
	uint32_t pp = predict(&s, &p) & SECCOMP_RET_ACTION_FULL;
	printf("%s", pp == SECCOMP_RET_ALLOW || pp == SECCOMP_RET_LOG ? "pause" : "spin");
	for (int i = 2; i < argc && (pw == SECCOMP_RET_ALLOW || pw == SECCOMP_RET_LOG); i++) {
		struct call c = parse_call(argv[i]);

		if (survives(predict(&s, &c)))
			printf(" %s", argv[i]);
	}
	putchar('\n');
	progset_done(&s);
	return 0;
}

/* The result parity-hold printed in @path for @call, or -99999. */
static long result_of(const char *path, const char *call)
{
	FILE *f = fopen(path, "r");
	char spec[128];
	long r = -99999, v;

	if (!f)
		return r;
	while (fscanf(f, "%127s %ld", spec, &v) == 2)
		if (!strcmp(spec, call))
			r = v;
	fclose(f);
	return r;
}

/* For each call the probe made in the container: the kernel's result must
 * be what the evaluator predicts from the program read back.  ERRNO(e)
 * gives -e; ALLOW and LOG give what the same call gave unfiltered on the
 * host (HOST); TRACE with no tracer gives -ENOSYS.  One line per call:
 * "PASS|FAIL nr=.. predicted=.. got=.. (unfiltered ..)". */
static int cmd_check(int argc, char **argv)
{
	struct progset s;
	int bad = 0;

	if (argc < 4)
		return fputs("usage: parity check PROG HOST.out CT.out CALL...\n", stderr), 2;
	progset_load(&s, argv[1]);
	for (int i = 4; i < argc; i++) {
		struct call c = parse_call(argv[i]);
		uint32_t act = predict(&s, &c);
		long host = result_of(argv[2], argv[i]), got = result_of(argv[3], argv[i]);
		long want = host;

		switch (act & SECCOMP_RET_ACTION_FULL) {
		case SECCOMP_RET_ERRNO: want = -(long)(act & SECCOMP_RET_DATA); break;
		case SECCOMP_RET_TRACE: want = -ENOSYS; break;
		}
		/* Descriptors differ between host and container: compare
		 * success as success. */
		bool same = got == want || (got >= 0 && want >= 0 && host >= 0);
		printf("%s nr=%ld args=%s predicted=%s want=%ld got=%ld unfiltered=%ld\n", same ? "PASS" : "FAIL",
		       (long)c.a[0], argv[i], action_str(act), want, got, host);
		bad += !same;
	}
	progset_done(&s);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "readback", cmd_readback }, { "catch", cmd_catch }, { "strip", cmd_strip }, { "compare", cmd_compare },
		{ "plan", cmd_plan },         { "check", cmd_check },
	};

	for (size_t i = 0; argc > 1 && i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fputs("usage: parity readback|strip|compare|plan|check ...\n", stderr);
	return 2;
}
