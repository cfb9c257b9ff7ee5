/* Portable implementation of the platform layer (Cygwin, BSD): no openat2, no Landlock. */
#include "platform.h"
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

/* "name addr/prefix" for an AF_INET or AF_INET6 entry; "" when it is neither. */
static void iface_address(const struct ifaddrs *ifa, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "";
	unsigned prefix = 0;
	buf[0] = '\0';
	if (ifa->ifa_addr->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ifa->ifa_addr)->sin_addr,
			  addr, sizeof addr);
		if (ifa->ifa_netmask) {
			uint32_t m = ntohl(((const struct sockaddr_in *)(const void *)ifa->ifa_netmask)
						   ->sin_addr.s_addr);
			while (m & 0x80000000u) {
				prefix++;
				m <<= 1;
			}
		}
	} else if (ifa->ifa_addr->sa_family == AF_INET6) {
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)(const void *)ifa->ifa_addr)->sin6_addr, addr,
			  sizeof addr);
		if (ifa->ifa_netmask) {
			const unsigned char *m = ((const struct sockaddr_in6 *)(const void *)
							  ifa->ifa_netmask)->sin6_addr.s6_addr;
			for (size_t i = 0; i < 16 && m[i]; i++)
				for (unsigned char b = m[i]; b & 0x80; b = (unsigned char)(b << 1))
					prefix++;
		}
	} else {
		return;
	}
	snprintf(buf, len, "%s %s/%u", ifa->ifa_name, addr, prefix);
}

static void join(char **list, const char *item)
{
	char *joined = *list ? xasprintf("%s, %s", *list, item) : xstrdup(item);
	free(*list);
	*list = joined;
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
		iface_address(ifa, buf, sizeof buf);
		if (buf[0])
			join(addresses, buf);
	}
	freeifaddrs(list);
	return 0;
}
