/* Kernel interfaces newer than the build machine's headers (Debian 12
 * ships linux-libc-dev 6.1): the numbers are the kernel's ABI, so they are
 * defined here once for whoever lacks them.  Header-only: the standalone
 * benchmarks include it without linking libscfs. */
#pragma once

#include <linux/seccomp.h>
#include <sys/syscall.h>

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5) /* Linux 5.19 */
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64) /* Linux 6.6 */
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0) /* Linux 6.6 */
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 /* the same number on every arch */
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
