/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parity-hold - the process the differential test runs inside a container.
 *
 *   parity-hold MODE [[i:]NR,A0,A1,A2,A3,A4,A5 ...]     (numbers in hex)
 *
 * "i:" makes the call through int $0x80, the i386 ABI (five arguments,
 * 32 bits each; the sixth would need %ebp, which the compiler owns).
 *
 * Makes each raw x86_64 system call in order and writes one line per call,
 * "CALL RET" (the argument as given; RET is the kernel's raw return, -errno
 * on failure), then
 * "READY".  MODE says what to do next: "pause" waits in pause(2) (in a
 * loop, should a signal or a denial return it), "spin" loops without any
 * system call (for profiles that deny or kill pause), "exit" ends.
 *
 * Freestanding (no libc, -nostdlib -static): after execve the only system
 * calls it makes are the ones asked for, write(2) for the results and
 * pause(2), so a profile that allows little still lets it start and stay
 * alive while the test reads its filter back from the kernel.
 */
#include <stddef.h>
#include <stdint.h>

#define NR_WRITE 1
#define NR_PAUSE 34
#define NR_EXIT_GROUP 231

static long raw6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	long ret;
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	register long r9 __asm__("r9") = a5;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}


static long raw_int80(long nr, long a0, long a1, long a2, long a3, long a4)
{
	int ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3), "D"(a4)
			 : "memory");
	return ret; /* the i386 ABI returns 32 bits */
}

static int seq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void out(const char *s, size_t n)
{
	(void)raw6(NR_WRITE, 1, (long)s, (long)n, 0, 0, 0);
}

/* Hex digits up to a ',' or the end; *s is moved past the ','. */
static uint64_t hex(const char **s)
{
	uint64_t v = 0;
	const char *p = *s;

	for (; *p && *p != ','; p++) {
		unsigned d = *p >= 'a' ? (unsigned)(*p - 'a' + 10) : *p >= 'A' ? (unsigned)(*p - 'A' + 10) : (unsigned)(*p - '0');
		v = v << 4 | (d & 15);
	}
	*s = *p == ',' ? p + 1 : p;
	return v;
}

/* "-" and decimal digits of @v at the end of buf; returns the start. */
static char *dec(char *end, long v)
{
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	do
		*--end = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--end = '-';
	return end;
}

static void one_call(const char *spec)
{
	uint64_t a[7];
	char buf[32], *end = buf + sizeof(buf), *p = end;
	const char *s = spec;
	size_t n = 0;

	int i386 = s[0] == 'i' && s[1] == ':';

	s += i386 ? 2 : 0;
	for (int i = 0; i < 7; i++)
		a[i] = hex(&s);
	long ret = i386 ? raw_int80((long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5])
			: raw6((long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5], (long)a[6]);

	*--p = '\n';
	p = dec(p, ret);
	*--p = ' ';
	while (spec[n])
		n++;
	out(spec, n);
	out(p, (size_t)(end - p));
}

void hold_main(long *sp) __attribute__((used, noreturn));
void hold_main(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	const char *mode = argc > 1 ? argv[1] : "exit";

	for (long i = 2; i < argc; i++)
		one_call(argv[i]);
	out("READY\n", 6);
	if (seq(mode, "pause"))
		for (;;)
			(void)raw6(NR_PAUSE, 0, 0, 0, 0, 0, 0);
	if (seq(mode, "spin"))
		for (;;)
			__asm__ volatile("pause" ::: "memory");
	for (;;)
		(void)raw6(NR_EXIT_GROUP, 0, 0, 0, 0, 0, 0);
}

/* The kernel starts us with argc at (%rsp); keep the stack aligned. */
__asm__(".globl _start\n"
	"_start:\n"
	"  xor %rbp, %rbp\n"
	"  mov %rsp, %rdi\n"
	"  and $-16, %rsp\n"
	"  call hold_main\n"
	"  hlt\n");
