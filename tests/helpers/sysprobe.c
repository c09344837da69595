/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sysprobe - test helper that issues raw system calls, optionally under a
 * seccomp filter, and reports what each call returned.
 *
 *   sysprobe [-f FILTER.bpf] [-n] [-k] CALL [; CALL ...]
 *   CALL := NAME|NUMBER [ARG ...]        (at most 6 arguments)
 *   ARG  := integer (decimal, 0x hex, 0 octal; may be negative)
 *         | s:TEXT                       (pointer to a NUL-terminated copy)
 *         | b:N                          (pointer to N zeroed writable bytes)
 *
 * Every argument buffer is prepared before the filter is installed, so that
 * between the seccomp() call and the first probed call nothing else runs.
 * One line is printed (and flushed) per call:
 *
 *   NAME ret=R errno=E [(ENAME)]      or, with -n, just   E
 *
 * Exit status: 0 when all calls ran, 2 for usage errors, 125 when the filter
 * could not be read or installed, 1 for other setup failures.  A process
 * killed by the filter shows up as a signal in the wait status.  With a
 * filter installed the program ends with a bare exit_group after the last
 * call.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <seccomp.h>

#define MAX_ARGS 6

#define EXIT_USAGE 2
#define EXIT_LOAD 125

struct probe_call {
	const char *label;          /* the NAME or NUMBER as written */
	long nr;                    /* resolved syscall number */
	int nargs;
	uint64_t args[MAX_ARGS];
};

/* Static stdout buffer: avoids a malloc()/fstat() on the first printf(),
 * which would otherwise happen after the filter is already in place. */
static char stdout_buf[8192];

static void usage(FILE *out)
{
	fputs("Usage: sysprobe [-f FILTER.bpf] [-n] [-k] CALL [';' CALL ...]\n"
	      "\n"
	      "Make system calls in order and print one result line per call:\n"
	      "  NAME ret=R errno=E [(ENAME)]\n"
	      "\n"
	      "  CALL := NAME|NUMBER [ARG ...]   (up to 6 arguments)\n"
	      "  ARG  := integer                 decimal, 0x-hex or 0-octal, may be negative\n"
	      "        | s:TEXT                  pointer to a NUL-terminated copy of TEXT\n"
	      "        | b:N                     pointer to a zeroed writable buffer of N bytes\n"
	      "\n"
	      "Options:\n"
	      "  -f FILE  install the raw seccomp BPF program in FILE before the calls\n"
	      "  -n       print only the errno number (0 on success) per call\n"
	      "  -k       use the 32-bit int $0x80 ABI (x86_64 only); names resolve\n"
	      "           for SCMP_ARCH_X86 and arguments are truncated to 32 bits\n"
	      "  -h, --help  show this text\n"
	      "\n"
	      "Calls are separated by a lone ';' argument.  Exit status: 0 after all\n"
	      "calls ran, 2 on usage errors, 125 if the filter cannot be loaded.\n",
	      out);
}

static _Noreturn void die_usage(const char *msg, const char *what)
{
	fprintf(stderr, "sysprobe: %s: '%s'\n", msg, what);
	fputs("Try 'sysprobe --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

/* Parse an integer argument.  Accepts what strtoull/strtoll accept with
 * base 0 (decimal, 0x hex, leading-0 octal), optionally negative; negative
 * values become their 64-bit two's complement.  No whitespace, no trailing
 * junk, no overflow. */
static bool parse_integer(const char *s, bool allow_negative, uint64_t *out)
{
	const char *digits = s[0] == '-' ? s + 1 : s;
	char *end = NULL;

	if (digits[0] < '0' || digits[0] > '9')
		return false;
	if (s[0] == '-' && !allow_negative)
		return false;

	errno = 0;
	if (s[0] == '-') {
		long long v = strtoll(s, &end, 0);
		if (errno != 0 || *end != '\0')
			return false;
		*out = (uint64_t)v;
	} else {
		unsigned long long v = strtoull(s, &end, 0);
		if (errno != 0 || *end != '\0')
			return false;
		*out = (uint64_t)v;
	}
	return true;
}

/* Argument memory comes from mmap() so that, with -k, it can be placed in
 * the low 4 GiB where a truncated 32-bit pointer still refers to it.  The
 * mappings are deliberately never unmapped: munmap() after the calls might
 * be refused by the filter, and the kernel reclaims them at exit. */
static void *alloc_arg_memory(size_t len, bool low)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	void *p;

	if (len == 0)
		len = 1;
#ifdef MAP_32BIT
	if (low)
		flags |= MAP_32BIT;
#else
	(void)low;
#endif
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "sysprobe: cannot map %zu bytes: %s\n", len,
			strerror(errno));
		exit(1);
	}
	return p;
}

static uint64_t parse_arg(const char *s, bool low)
{
	uint64_t v;
	void *p;

	if (strncmp(s, "s:", 2) == 0) {
		size_t len = strlen(s + 2) + 1;

		p = alloc_arg_memory(len, low);
		memcpy(p, s + 2, len);
		return (uint64_t)(uintptr_t)p;
	}
	if (strncmp(s, "b:", 2) == 0) {
		if (!parse_integer(s + 2, false, &v) || v > SIZE_MAX / 2)
			die_usage("invalid buffer size", s);
		p = alloc_arg_memory((size_t)v, low);
		return (uint64_t)(uintptr_t)p;
	}
	if (!parse_integer(s, true, &v))
		die_usage("invalid argument", s);
	return v;
}

static long resolve_call(const char *s, bool compat)
{
	uint64_t v;
	int nr;

	if (parse_integer(s, true, &v))
		return (long)v;

	if (compat)
		nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, s);
	else
		nr = seccomp_syscall_resolve_name(s);
	/* __NR_SCMP_ERROR (-1) means unknown; other negative values are
	 * libseccomp pseudo numbers for calls absent on this architecture. */
	if (nr < 0) {
		fprintf(stderr, "sysprobe: unknown system call '%s'%s\n", s,
			compat ? " (x86 32-bit ABI)" : "");
		exit(EXIT_USAGE);
	}
	return nr;
}

/* Split argv into calls at lone ";" arguments.  Returns the call count. */
static size_t parse_calls(int argc, char **argv, bool compat,
			  struct probe_call *calls)
{
	size_t n = 0;
	int i = 0;

	while (i < argc) {
		struct probe_call *c = &calls[n];

		if (strcmp(argv[i], ";") == 0)
			die_usage("empty call", ";");
		c->label = argv[i];
		c->nr = resolve_call(argv[i], compat);
		c->nargs = 0;
		for (i++; i < argc && strcmp(argv[i], ";") != 0; i++) {
			if (c->nargs == MAX_ARGS)
				die_usage("more than 6 arguments for call",
					  c->label);
			c->args[c->nargs++] = parse_arg(argv[i], compat);
		}
		n++;
		if (i < argc) {
			/* skip the separator; a trailing one is an error */
			i++;
			if (i == argc)
				die_usage("empty call", ";");
		}
	}
	return n;
}

static _Noreturn void load_failed(int err)
{
	fprintf(stderr, "sysprobe: load: %s\n", strerror(err));
	exit(EXIT_LOAD);
}

/* Read the whole filter file; its size must be a whole number of
 * struct sock_filter entries that fits in sock_fprog.len. */
static struct sock_filter *read_filter(const char *path, unsigned short *count)
{
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		load_failed(errno);
	for (;;) {
		ssize_t r;

		if (len == cap) {
			unsigned char *nb;

			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap);
			if (nb == NULL)
				load_failed(ENOMEM);
			buf = nb;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			load_failed(errno);
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);

	if (len == 0 || len % sizeof(struct sock_filter) != 0 ||
	    len / sizeof(struct sock_filter) > USHRT_MAX) {
		free(buf);
		load_failed(EINVAL);
	}
	*count = (unsigned short)(len / sizeof(struct sock_filter));
	return (struct sock_filter *)(void *)buf;
}

static void install_filter(struct sock_filter *insns, unsigned short count)
{
	struct sock_fprog prog = { .len = count, .filter = insns };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		load_failed(errno);
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		load_failed(errno);
}

#if defined(__x86_64__)
/*
 * Issue a system call through the i386 int $0x80 gate.  Arguments go in
 * ebx, ecx, edx, esi, edi, ebp; the result comes back in eax.  ebp cannot be
 * named as an asm operand (it may be the frame pointer), so the sixth
 * argument travels in r12 and rbp is saved in r13 around the trap.  Kernels
 * before 4.17 zeroed r8-r11 on return from int $0x80, hence the clobbers;
 * the argument registers are in/out in case anything else is not preserved.
 */
static long int80_syscall(long nr, const uint64_t a[MAX_ARGS])
{
	uint32_t eax = (uint32_t)nr;
	uint32_t ebx = (uint32_t)a[0], ecx = (uint32_t)a[1];
	uint32_t edx = (uint32_t)a[2], esi = (uint32_t)a[3];
	uint32_t edi = (uint32_t)a[4];
	register uint64_t r12 __asm__("r12") = (uint32_t)a[5];

	__asm__ volatile("movq %%rbp, %%r13\n\t"
			 "movl %%r12d, %%ebp\n\t"
			 "int $0x80\n\t"
			 "movq %%r13, %%rbp\n\t"
			 : "+a"(eax), "+b"(ebx), "+c"(ecx), "+d"(edx),
			   "+S"(esi), "+D"(edi), "+r"(r12)
			 :
			 : "r8", "r9", "r10", "r11", "r13", "memory", "cc");
	return (long)(int32_t)eax;
}
#endif

/* Make each call and print its result.  Under a filter: nothing but the
 * probed calls and the writes of their results. */
static void run_calls(const struct probe_call *calls, size_t ncalls, bool compat, bool errno_only)
{
	for (size_t i = 0; i < ncalls; i++) {
		const struct probe_call *c = &calls[i];
		long ret;
		int err;

#if defined(__x86_64__)
		if (compat) {
			ret = int80_syscall(c->nr, c->args);
			/* mirror syscall(): -1 and errno for -4095..-1 */
			if ((unsigned long)ret >= (unsigned long)-4095L) {
				err = (int)-ret;
				ret = -1;
			} else {
				err = 0;
			}
		} else
#endif
		{
			errno = 0;
			ret = syscall(c->nr, (long)c->args[0], (long)c->args[1],
				      (long)c->args[2], (long)c->args[3],
				      (long)c->args[4], (long)c->args[5]);
			err = ret == -1 ? errno : 0;
		}

		if (errno_only) {
			printf("%d\n", err);
		} else {
			const char *ename = err ? strerrorname_np(err) : NULL;

			printf("%s ret=%ld errno=%d%s%s%s\n", c->label, ret, err,
			       ename ? " (" : "", ename ? ename : "",
			       ename ? ")" : "");
		}
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *filter_path = NULL;
	bool errno_only = false, compat = false;
	struct sock_filter *insns = NULL;
	unsigned short ninsns = 0;
	struct probe_call *calls;
	size_t ncalls;
	int opt;

	/* "+": stop at the first CALL, so negative ARGs are not options. */
	while ((opt = getopt_long(argc, argv, "+f:nkh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			filter_path = optarg;
			break;
		case 'n':
			errno_only = true;
			break;
		case 'k':
			compat = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
#if !defined(__x86_64__)
	if (compat) {
		fputs("sysprobe: -k is only supported on x86_64\n", stderr);
		return EXIT_USAGE;
	}
#endif
	if (optind >= argc) {
		fputs("sysprobe: no call given\n", stderr);
		usage(stderr);
		return EXIT_USAGE;
	}

	calls = calloc((size_t)(argc - optind), sizeof(*calls));
	if (calls == NULL) {
		perror("sysprobe");
		return 1;
	}
	ncalls = parse_calls(argc - optind, argv + optind, compat, calls);

	if (filter_path != NULL)
		insns = read_filter(filter_path, &ninsns);

	if (setvbuf(stdout, stdout_buf, _IOFBF, sizeof(stdout_buf)) != 0) {
		fputs("sysprobe: cannot set up stdout\n", stderr);
		return 1;
	}

	if (insns != NULL)
		install_filter(insns, ninsns);

	/* From here on: only the probed calls and the output of results. */
	run_calls(calls, ncalls, compat, errno_only);

	free(calls);
	if (insns != NULL) {
		/* Under a filter, skip exit handlers and sanitizer hooks: they
		 * make syscalls the filter may deny (LeakSanitizer's exit check
		 * spins forever if getpid fails; ASan's _exit interceptor calls
		 * sigaltstack).  stdout is already flushed, so exit_group is the
		 * only syscall left; _exit is just a fallback. */
		free(insns);
		syscall(__NR_exit_group, 0);
		_exit(0);
	}
	return 0;
}
