/* Formatting getifaddrs(3) entries for the inventory row, shared by the Linux and the POSIX
 * (Cygwin) platform layers: "name addr/prefix" and ", "-joined lists. */
#ifndef KENSA_IFADDR_H
#define KENSA_IFADDR_H
#include <ifaddrs.h>
#include <stddef.h>

/* "name addr/prefix" for an AF_INET or AF_INET6 entry into BUF; "" when it is neither. */
void ifaddr_format(const struct ifaddrs *ifa, char *buf, size_t len);
/* Appends ITEM to the ", "-joined *LIST (allocated; NULL: empty). */
void ifaddr_join(char **list, const char *item);

#endif
