/* Raw kernel calls: seccomp(2), prctl(2) and /proc/sys/kernel/seccomp. */
#include <errno.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "scfs/sys.h"

bool scfs_sys_filter_flags_supported(unsigned flags)
{
	/* With a NULL program the kernel checks the flags first: EFAULT means
	 * it got as far as reading the program, so the flags are known. */
	return syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, NULL) < 0 && errno == EFAULT;
}

bool scfs_sys_action_available(const char *name)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/sys/kernel/seccomp/actions_avail", "re");
	char word[64];

	if (!f)
		return false;
	while (fscanf(f, "%63s", word) == 1)
		if (strcmp(word, name) == 0)
			return true;
	return false;
}

int scfs_sys_load_filter(const struct sock_filter *prog, size_t len, unsigned flags)
{
	struct sock_fprog fp = { .len = (unsigned short)len, .filter = (struct sock_filter *)prog };
	long r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	r = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fp);
	return r < 0 ? -errno : (int)r;
}

int scfs_sys_load_filter_marked(const struct sock_filter *prog, size_t len, unsigned flags, uint64_t cookie)
{
	struct sock_fprog fp = { .len = (unsigned short)len, .filter = (struct sock_filter *)prog };
	long r = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fp, cookie, 0, 0);

	return r < 0 ? -errno : (int)r;
}
