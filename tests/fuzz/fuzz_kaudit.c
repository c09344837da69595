/* libFuzzer target: one input is one /dev/kmsg record as read() returns
 * it (no NUL after it), through the kernel-record parser.
 *
 * Besides "no crash, no over-read, no UB" it checks what the supervisor
 * relies on, and aborts when one fails:
 *   - a seccomp record carries a NUL-terminated comm and an action with no
 *     data bits;
 *   - the suppressed count is only set for a suppressed-count record;
 *   - the verdict does not depend on whether the caller asks for the count
 *     (apart from the suppressed kind itself). */
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scfs/kaudit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scfs_kaudit_rec a, b;
	unsigned long n = 0xdeadbeef;
	enum scfs_kaudit_kind ka, kb;

	/* The supervisor reads records into a buffer of this size. */
	if (size > 8192)
		return 0;
	ka = scfs_kaudit_parse((const char *)data, size, &a, &n);
	kb = scfs_kaudit_parse((const char *)data, size, &b, NULL);
	if (ka != SCFS_KAUDIT_SUPPRESSED && n != 0xdeadbeef)
		abort();
	if (ka == SCFS_KAUDIT_SUPPRESSED ? kb != SCFS_KAUDIT_OTHER : kb != ka)
		abort();
	if (ka == SCFS_KAUDIT_SECCOMP) {
		if (!memchr(a.comm, 0, sizeof(a.comm)) || !a.comm[0])
			abort();
		if (a.action & ~SECCOMP_RET_ACTION_FULL)
			abort();
		if (a.pid != b.pid || a.audit_arch != b.audit_arch || a.nr != b.nr || a.action != b.action ||
		    a.ip != b.ip || strcmp(a.comm, b.comm) != 0)
			abort();
	}
	return 0;
}
