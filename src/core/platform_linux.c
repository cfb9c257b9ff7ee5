/* Linux implementation of the platform layer (openat2). */
#include "config.h"
#include "platform.h"
#include "ifaddr.h"
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/timex.h>
#include <unistd.h>
#include "xalloc.h"
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
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

/* The kernel's magic numbers (include/uapi/linux/magic.h), spelled out: older headers lack some,
 * and the values are ABI that never changes. Every file system here exposes kernel or host state
 * rather than stored data. */
static const struct {
	unsigned long magic;
	const char *name;
} pseudo_fs[] = {
	{ 0x9fa0UL, "proc" },           { 0x62656572UL, "sysfs" },
	{ 0x1cd1UL, "devpts" },         { 0x27e0ebUL, "cgroup" },
	{ 0x63677270UL, "cgroup2" },    { 0x73636673UL, "securityfs" },
	{ 0x64626720UL, "debugfs" },    { 0x74726163UL, "tracefs" },
	{ 0xcafe4a11UL, "bpf" },        { 0x62656570UL, "configfs" },
	{ 0x19800202UL, "mqueue" },     { 0x6165676cUL, "pstore" },
	{ 0xde5e81e4UL, "efivarfs" },   { 0xf995e849UL, "efivarfs" },
	{ 0x65735543UL, "fusectl" },    { 0x42494e4dUL, "binfmt_misc" },
	{ 0x958458f6UL, "hugetlbfs" },  { 0x0187UL, "autofs" },
	{ 0x6e736673UL, "nsfs" },       { 0xf97cff8cUL, "selinuxfs" },
	{ 0x43415d53UL, "smackfs" },    { 0x67596969UL, "rpc_pipefs" },
	{ 0x6e667364UL, "nfsd" },       { 0x6c6f6f70UL, "binderfs" },
	{ 0x5a3c69f0UL, "aafs" },       { 0x454d444dUL, "devmem" },
	{ 0x50495045UL, "pipefs" },     { 0x534f434bUL, "sockfs" },
};

int platform_fd_on_pseudo_fs(int fd, const char **type)
{
	struct statfs sfs;
	if (fstatfs(fd, &sfs) != 0)
		return -errno;
	/* f_type is signed on some ABIs: compare the low 32 bits, as the magic numbers are */
	unsigned long magic = (unsigned long)sfs.f_type & 0xffffffffUL;
	for (size_t i = 0; i < sizeof pseudo_fs / sizeof pseudo_fs[0]; i++)
		if (pseudo_fs[i].magic == magic) {
			if (type)
				*type = pseudo_fs[i].name;
			return PLATFORM_FS_PSEUDO;
		}
	if (magic == 0x01021994UL || magic == 0x858458f6UL) { /* TMPFS_MAGIC, RAMFS_MAGIC */
		if (type)
			*type = magic == 0x01021994UL ? "tmpfs" : "ramfs";
		return PLATFORM_FS_MEMORY;
	}
	return PLATFORM_FS_STORAGE;
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
		if (ifa->ifa_addr->sa_family == AF_PACKET) {
			const struct sockaddr_ll *ll = (const struct sockaddr_ll *)(const void *)ifa->ifa_addr;
			if (ll->sll_halen != 6)
				continue;
			snprintf(buf, sizeof buf, "%s %02x:%02x:%02x:%02x:%02x:%02x", ifa->ifa_name,
				 ll->sll_addr[0], ll->sll_addr[1], ll->sll_addr[2], ll->sll_addr[3],
				 ll->sll_addr[4], ll->sll_addr[5]);
			ifaddr_join(macs, buf);
			continue;
		}
		ifaddr_format(ifa, buf, sizeof buf);
		if (buf[0])
			ifaddr_join(addresses, buf);
	}
	freeifaddrs(list);
	return 0;
}
