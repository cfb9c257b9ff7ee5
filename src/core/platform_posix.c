/* Portable implementation of the platform layer (Cygwin, BSD): no openat2, no Landlock. */
#include "platform.h"
#include <errno.h>

int platform_open_in_root(int root_fd, const char *path, int flags)
{
	(void)root_fd; (void)path; (void)flags;
	return -ENOSYS;
}

int platform_fd_on_pseudo_fs(int fd, const char **type)
{
	(void)fd; (void)type;
	return PLATFORM_FS_STORAGE; /* no portable way to tell a file system's kind */
}

bool platform_is_linux_host(void)
{
	return false;
}

int platform_clock_synchronized(bool *synced, long *max_error_us)
{
	*synced = false;
	*max_error_us = 0;
	return -ENOSYS;
}
