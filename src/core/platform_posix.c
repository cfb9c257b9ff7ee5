/* Portable implementation of the platform layer (Cygwin, BSD): no openat2, no Landlock. */
#include "platform.h"
#include "ifaddr.h"
#include "xalloc.h"
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
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

/* getifaddrs gives no link-layer addresses here: MACs stay unknown. */
int platform_interfaces(char **addresses, char **macs)
{
	*addresses = *macs = NULL;
	struct ifaddrs *list;
	if (getifaddrs(&list) != 0)
		return -errno;
	for (struct ifaddrs *ifa = list; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || (ifa->ifa_flags & IFF_LOOPBACK))
			continue;
		char buf[INET6_ADDRSTRLEN + IFNAMSIZ + 16];
		ifaddr_format(ifa, buf, sizeof buf);
		if (buf[0])
			ifaddr_join(addresses, buf);
	}
	freeifaddrs(list);
	return 0;
}
