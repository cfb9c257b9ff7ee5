/* See ifaddr.h. */
#include "ifaddr.h"
#include "xalloc.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

/* "name addr/prefix" for an AF_INET or AF_INET6 entry; "" when it is neither. */
void ifaddr_format(const struct ifaddrs *ifa, char *buf, size_t len)
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

void ifaddr_join(char **list, const char *item)
{
	char *joined = *list ? xasprintf("%s, %s", *list, item) : xstrdup(item);
	free(*list);
	*list = joined;
}
