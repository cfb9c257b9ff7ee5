/* Linux implementation of the platform layer (openat2). */
#include "config.h"
#include "platform.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <unistd.h>
#if HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#endif

int platform_open_in_root(int root_fd, const char *path, int flags)
{
#if HAVE_LINUX_OPENAT2_H && defined(SYS_openat2)
	struct open_how how;
	memset(&how, 0, sizeof how);
	how.flags = (unsigned long long)flags;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	/* RESOLVE_IN_ROOT fails with EAGAIN when any rename or mount on the host raced a ".."
	 * step; retry, but boundedly, so a host busy renaming cannot stall the audit forever. */
	for (int tries = 0;; tries++) {
		long fd = syscall(SYS_openat2, root_fd, path, &how, sizeof how);
		if (fd >= 0)
			return (int)fd;
		if ((errno == EAGAIN || errno == EINTR) && tries < 1000)
			continue;
		return -errno;
	}
#else
	(void)root_fd; (void)path; (void)flags;
	return -ENOSYS;
#endif
}

bool platform_is_linux_host(void)
{
	return true;
}

int platform_clock_synchronized(bool *synced, long *max_error_us)
{
	struct timex tx;
	memset(&tx, 0, sizeof tx); /* modes 0: query only, never changes the clock */
	int state = adjtimex(&tx);
	if (state < 0)
		return -errno;
	*synced = !(tx.status & STA_UNSYNC) && state != TIME_ERROR;
	*max_error_us = tx.maxerror;
	return 0;
}
