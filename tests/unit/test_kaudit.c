/* The kernel-record parser (core/run/kaudit.c) on records as /dev/kmsg gives
 * them; the first is copied from this machine's log. */
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "scfs/kaudit.h"

static enum scfs_kaudit_kind parse(const char *rec, struct scfs_kaudit_rec *r, unsigned long *n)
{
	return scfs_kaudit_parse(rec, strlen(rec), r, n);
}

static void kill_process(void)
{
	const char *rec = "5,1041,15895682863,-;audit: type=1326 audit(1795544238.986:285): auid=4294967295 uid=0 "
			  "gid=0 ses=4294967295 pid=17037 comm=\"sysprobe\" exe=\"/work/main/build/tests/helpers/sysprobe\" "
			  "sig=31 arch=c000003e syscall=83 compat=0 ip=0x7f0f02c8d829 code=0x80000000\n";
	struct scfs_kaudit_rec r;
	unsigned long n = 0;

	tap_ok(parse(rec, &r, &n) == SCFS_KAUDIT_SECCOMP, "a kill record is a seccomp record");
	tap_ok(r.pid == 17037 && strcmp(r.comm, "sysprobe") == 0, "pid and quoted comm (%d %s)", (int)r.pid, r.comm);
	tap_ok(r.audit_arch == AUDIT_ARCH_X86_64 && r.nr == 83, "arch and syscall number");
	tap_ok(r.action == SECCOMP_RET_KILL_PROCESS && r.ip == 0x7f0f02c8d829ULL, "action and ip");
}

static void trap_and_thread(void)
{
	struct scfs_kaudit_rec r;

	/* comm with a blank is hex-encoded by audit; "a b" */
	tap_ok(parse("5,7,1,-;audit: type=1326 audit(1.2:3): auid=1 uid=0 gid=0 ses=1 pid=42 comm=612062 exe=\"/x\" "
		     "sig=0 arch=40000003 syscall=20 compat=1 ip=0x8048000 code=0x30000\n",
		     &r, NULL) == SCFS_KAUDIT_SECCOMP &&
		       r.action == SECCOMP_RET_TRAP && strcmp(r.comm, "a b") == 0 && r.audit_arch == AUDIT_ARCH_I386,
	       "a trap record, hex comm decoded, 32-bit arch (%s)", r.comm);
	tap_ok(parse("5,7,1,-;audit: type=1326 audit(1.2:3): pid=42 comm=00 arch=40000003 syscall=20 code=0x30000\n", &r,
		     NULL) == SCFS_KAUDIT_SECCOMP &&
		       strcmp(r.comm, "?") == 0,
	       "a hex comm that decodes to a NUL byte is shown as unknown, not empty (%s)", r.comm);
	tap_ok(parse("5,8,1,-;audit: type=1326 audit(1.2:4): pid=43 comm=\"t\" sig=31 arch=c000003e syscall=39 "
		     "compat=0 ip=0x1 code=0x0\n",
		     &r, NULL) == SCFS_KAUDIT_SECCOMP &&
		       r.action == SECCOMP_RET_KILL_THREAD,
	       "code 0x0 is KILL_THREAD");
	/* A field named like another's tail must not match: "ppid" is not "pid". */
	tap_ok(parse("5,9,1,-;audit: type=1326 audit(1.2:5): ppid=7 pid=44 comm=\"t\" arch=c000003e syscall=1 code=0x0\n",
		     &r, NULL) == SCFS_KAUDIT_SECCOMP && r.pid == 44,
	       "pid= is not read from ppid=");
}

static void others(void)
{
	struct scfs_kaudit_rec r;
	unsigned long n = 0;

	tap_ok(parse("4,10,1,-;kauditd_printk_skb: 12 callbacks suppressed\n", &r, &n) == SCFS_KAUDIT_SUPPRESSED &&
		       n == 12,
	       "the rate limit's message gives the number suppressed");
	tap_ok(parse("6,11,1,-;audit: type=1400 audit(1.2:6): apparmor=\"DENIED\"\n", &r, &n) == SCFS_KAUDIT_OTHER,
	       "other audit types are not seccomp records");
	tap_ok(parse("6,12,1,-;audit: type=1326 audit(1.2:7): pid=1 comm=\"x\"\n", &r, &n) == SCFS_KAUDIT_OTHER,
	       "a record without arch/syscall/code is refused");
	tap_ok(parse("no separator at all", &r, &n) == SCFS_KAUDIT_OTHER, "a malformed record is ignored");
}

/* Records come from a read() into a buffer with no NUL after them: the
 * parser must stop at @len.  Each record is copied into a heap block of
 * exactly its length, so ASan sees a read past it. */
static enum scfs_kaudit_kind parse_exact(const char *rec, struct scfs_kaudit_rec *r, unsigned long *n)
{
	size_t len = strlen(rec);
	char *copy = malloc(len);
	enum scfs_kaudit_kind k;

	if (!copy)
		abort();
	memcpy(copy, rec, len);
	k = scfs_kaudit_parse(copy, len, r, n);
	free(copy);
	return k;
}

static void unterminated(void)
{
	struct scfs_kaudit_rec r;
	unsigned long n = 0;

	/* 28 bytes: the count runs to the end of the record. */
	tap_ok(parse_exact("4,1,1,-;kauditd_printk_skb: 1", &r, &n) == SCFS_KAUDIT_OTHER,
	       "a suppressed-count record cut after the number is not read past its end");
	tap_ok(parse_exact("4,1,1,-;kauditd_printk_skb: 12 callbacks suppressed", &r, &n) == SCFS_KAUDIT_SUPPRESSED &&
		       n == 12,
	       "a suppressed-count record without a newline still counts");
	tap_ok(parse_exact("4,1,1,-;kauditd_printk_skb: 12 callbacks supp", &r, &n) == SCFS_KAUDIT_OTHER,
	       "a suppressed-count record cut in its text is not one");
	tap_ok(parse_exact("5,1,1,-;audit: type=1326 audit(1.2:3): pid=42 comm=\"t\" arch=c000003e syscall=1 code=0x7",
			   &r, NULL) == SCFS_KAUDIT_SECCOMP &&
		       r.pid == 42 && r.nr == 1 && r.action == 0,
	       "a seccomp record whose last number runs to the end is read within it");
	tap_ok(parse_exact("5,1,1,-;audit: type=1326 audit(1.2:3): pid=42 comm=\"t\" arch=c000003e syscall=1 code=",
			   &r, NULL) == SCFS_KAUDIT_OTHER,
	       "a seccomp record cut after \"code=\" is refused");
	tap_ok(parse_exact("5,1,1,-;audit: type=1326 audit(1.2:3): pid=42 comm=\"t\" arch=c000003e syscall=1 "
			   "code=0x00000000000000000000000000000000000000000000000000000007fff0000",
			   &r, NULL) == SCFS_KAUDIT_SECCOMP &&
		       r.action == SECCOMP_RET_ALLOW,
	       "a long run of leading zeros is read whole");
}

/* A process that may write /dev/kmsg can add audit-looking lines, but the
 * kernel gives them facility 1 (user) or higher: only facility 0 counts. */
static void forged(void)
{
	struct scfs_kaudit_rec r;
	unsigned long n = 0;

	tap_ok(parse("12,13,1,-;audit: type=1326 audit(1.2:8): pid=45 comm=\"t\" sig=31 arch=c000003e syscall=83 "
		     "compat=0 ip=0x1 code=0x80000000\n",
		     &r, &n) == SCFS_KAUDIT_OTHER,
	       "a seccomp record written by a user process (facility 1) is not the kernel's");
	tap_ok(parse("13,14,1,-;kauditd_printk_skb: 99 callbacks suppressed\n", &r, &n) == SCFS_KAUDIT_OTHER && n == 0,
	       "a user's \"callbacks suppressed\" line is not the kernel's");
	tap_ok(parse("5x,15,1,-;audit: type=1326 audit(1.2:9): pid=46 comm=\"t\" arch=c000003e syscall=1 code=0x0\n",
		     &r, &n) == SCFS_KAUDIT_OTHER &&
		       parse(";audit: type=1326 audit(1.2:9): pid=46 comm=\"t\" arch=c000003e syscall=1 code=0x0\n", &r,
			     &n) == SCFS_KAUDIT_OTHER,
	       "a record without a numeric priority is refused");
	tap_ok(parse("7,16,1,-;audit: type=1326 audit(1.2:10): pid=47 comm=\"t\" arch=c000003e syscall=1 code=0x0\n",
		     &r, &n) == SCFS_KAUDIT_SECCOMP,
	       "facility 0 at any level is the kernel's");
}

static void actions_logged(void)
{
	char path[] = "/tmp/scfs-actions-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, "kill_process trap errno\n", 24) != 24) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		tap_skip("cannot write a temporary file");
		return;
	}
	close(fd);
	tap_ok(scfs_kaudit_action_logged(path, SECCOMP_RET_KILL_PROCESS) &&
		       scfs_kaudit_action_logged(path, SECCOMP_RET_TRAP) &&
		       !scfs_kaudit_action_logged(path, SECCOMP_RET_KILL_THREAD),
	       "actions_logged is read word by word");
	unlink(path);
}

int main(void)
{
	kill_process();
	trap_and_thread();
	others();
	unterminated();
	forged();
	actions_logged();
	return tap_done();
}
