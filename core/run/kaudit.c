/* Parsing the kernel's seccomp audit records from /dev/kmsg.  No library
 * reads the kernel log's record format or the audit text fields, so this
 * is done by hand; the format is the kernel's documented /dev/kmsg ABI
 * (Documentation/ABI/testing/dev-kmsg) and audit's "key=value" text. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <unistd.h>

#include "scfs/kaudit.h"

/* The value of " KEY=" in @msg (length @len), or NULL. */
static const char *field(const char *msg, size_t len, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = msg; p + kl + 1 < msg + len; p++)
		if ((p == msg || p[-1] == ' ') && memcmp(p, key, kl) == 0 && p[kl] == '=')
			return p + kl + 1;
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* An unsigned number in [s, end), "0x" allowed in base 16.  strtoull
 * would need a NUL after the digits, and a record read from /dev/kmsg has
 * none: it would read on past the record. */
static bool parse_num(const char *s, const char *end, int base, uint64_t *v)
{
	const char *start;
	uint64_t x = 0;
	int d;

	if (base == 16 && end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (start = s; s < end && (d = hexval(*s)) >= 0 && d < base; s++) {
		if (x > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		x = x * (uint64_t)base + (uint64_t)d;
	}
	*v = x;
	return s > start;
}

static bool field_num(const char *msg, size_t len, const char *key, int base, uint64_t *v)
{
	const char *s = field(msg, len, key);

	return s && parse_num(s, msg + len, base, v);
}

/* audit writes comm quoted, or as hex when it holds a blank, a quote or a
 * control character. */
static void decode_comm(const char *s, const char *end, char *out, size_t size)
{
	size_t n = 0;

	/* A comm holds no NUL, so one (raw, or hex "00") ends it rather than
	 * leave the name empty or cut short behind the caller's back. */
	if (s < end && *s == '"') {
		for (s++; s < end && *s != '"' && *s && n + 1 < size; s++)
			out[n++] = *s;
	} else {
		for (; s + 1 < end && hexval(s[0]) >= 0 && hexval(s[1]) >= 0 && n + 1 < size; s += 2) {
			out[n] = (char)(hexval(s[0]) << 4 | hexval(s[1]));
			if (!out[n])
				break;
			n++;
		}
	}
	out[n] = '\0';
	if (!n)
		snprintf(out, size, "?");
}

/* "kauditd_printk_skb: 12 callbacks suppressed": the printk rate limit
 * dropped that many audit messages, ours possibly among them. */
static bool parse_suppressed(const char *msg, size_t len, unsigned long *n)
{
	static const char pre[] = "kauditd_printk_skb: ", post[] = " callbacks suppressed";
	const char *s = msg + sizeof(pre) - 1, *end = msg + len, *digits = s;
	uint64_t v;

	if (len < sizeof(pre) || memcmp(msg, pre, sizeof(pre) - 1) != 0)
		return false;
	while (digits < end && *digits >= '0' && *digits <= '9')
		digits++;
	if (!parse_num(s, digits, 10, &v) || v > ULONG_MAX || (size_t)(end - digits) < sizeof(post) - 1 ||
	    memcmp(digits, post, sizeof(post) - 1) != 0)
		return false;
	*n = (unsigned long)v;
	return true;
}

/* The record's prefix "PRI,SEQ,TS,FLAGS": only facility 0 (PRI >> 3) is
 * the kernel's own.  Anyone allowed to write /dev/kmsg can add a line, but
 * the kernel gives it facility 1 (user) at least: it never lets a writer
 * choose 0. */
static bool from_kernel(const char *pre, size_t len)
{
	unsigned long pri = 0;
	size_t i = 0;

	for (; i < len && pre[i] >= '0' && pre[i] <= '9' && pri < 1024; i++)
		pri = pri * 10 + (unsigned long)(pre[i] - '0');
	return i > 0 && i < len && pre[i] == ',' && (pri >> 3) == 0;
}

enum scfs_kaudit_kind scfs_kaudit_parse(const char *rec, size_t len, struct scfs_kaudit_rec *out, unsigned long *n)
{
	const char *semi = memchr(rec, ';', len), *msg, *nl, *comm;
	uint64_t pid, arch, nr, code, ip = 0;
	size_t mlen;

	if (!semi || !from_kernel(rec, (size_t)(semi - rec)))
		return SCFS_KAUDIT_OTHER;
	msg = semi + 1;
	nl = memchr(msg, '\n', (size_t)(rec + len - msg));
	mlen = (size_t)((nl ? nl : rec + len) - msg);
	if (n && parse_suppressed(msg, mlen, n))
		return SCFS_KAUDIT_SUPPRESSED;
	if (mlen < 17 || memcmp(msg, "audit: type=1326 ", 17) != 0)
		return SCFS_KAUDIT_OTHER;
	if (!field_num(msg, mlen, "pid", 10, &pid) || !field_num(msg, mlen, "arch", 16, &arch) ||
	    !field_num(msg, mlen, "syscall", 10, &nr) || !field_num(msg, mlen, "code", 16, &code))
		return SCFS_KAUDIT_OTHER;
	(void)field_num(msg, mlen, "ip", 16, &ip);
	*out = (struct scfs_kaudit_rec){ .pid = (pid_t)pid, .audit_arch = (uint32_t)arch, .nr = (int)nr,
					 .action = (uint32_t)code & SECCOMP_RET_ACTION_FULL, .ip = ip };
	comm = field(msg, mlen, "comm");
	if (comm)
		decode_comm(comm, msg + mlen, out->comm, sizeof(out->comm));
	else
		snprintf(out->comm, sizeof(out->comm), "?");
	return SCFS_KAUDIT_SECCOMP;
}

int scfs_kaudit_open(void)
{
	int fd = open(SCFS_KMSG_PATH, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* Only what happens from now on: the target does not exist yet. */
	if (lseek(fd, 0, SEEK_END) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

bool scfs_kaudit_action_logged(const char *path, uint32_t action)
{
	static const struct {
		uint32_t action;
		const char *word;
	} words[] = {
		{ SECCOMP_RET_KILL_PROCESS, "kill_process" }, { SECCOMP_RET_KILL_THREAD, "kill_thread" },
		{ SECCOMP_RET_TRAP, "trap" },
	};
	_cleanup_free_ char *text = NULL;
	size_t len = 0;

	if (scfs_read_file(path ? path : SCFS_ACTIONS_LOGGED_PATH, 4096, &text, &len) < 0)
		return false;
	for (size_t i = 0; i < ELEMENTSOF(words); i++) {
		if (words[i].action != action)
			continue;
		for (char *tok = strtok(text, " \n"); tok; tok = strtok(NULL, " \n"))
			if (strcmp(tok, words[i].word) == 0)
				return true;
	}
	return false;
}
