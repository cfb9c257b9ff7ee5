/* The small platform layer: Linux-only facilities behind functions that report ENOSYS elsewhere. */
#ifndef KENSA_PLATFORM_H
#define KENSA_PLATFORM_H
#include <stdbool.h>

/* openat2(dirfd, path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS). Returns an fd, or -errno
 * (-ENOSYS where the kernel or platform lacks openat2). */
int platform_open_in_root(int root_fd, const char *path, int flags);

/* Which kind of file system the open file fd lives on: PLATFORM_FS_PSEUDO for a kernel pseudo
 * file system (proc, sysfs, devpts, cgroup, debugfs, tracefs, securityfs, bpf, configfs,
 * mqueue, pstore, efivarfs, fusectl, binfmt_misc, hugetlbfs, autofs, nsfs, selinuxfs, ...),
 * PLATFORM_FS_MEMORY for tmpfs and ramfs (ordinary files, but only in memory: an image may
 * live in one, while one mounted inside an image is a running system's /run, /tmp or /dev;
 * devtmpfs reports tmpfs's magic), PLATFORM_FS_STORAGE otherwise, or -errno when fstatfs
 * fails. *type (may be NULL) names a pseudo or memory file system. STORAGE where the platform
 * cannot tell (no fstatfs magic numbers). */
#define PLATFORM_FS_STORAGE 0
#define PLATFORM_FS_PSEUDO 1
#define PLATFORM_FS_MEMORY 2
int platform_fd_on_pseudo_fs(int fd, const char **type);

/* Whether the running kernel is Linux (procfs facts, modules). */
bool platform_is_linux_host(void);

/* The kernel's NTP discipline status, read-only (adjtimex/ntp_adjtime with modes 0): *synced is
 * false when STA_UNSYNC is set or the clock state is TIME_ERROR. Returns 0 or -errno (-ENOSYS
 * where the platform has no such call). Live audits only: it describes the running kernel. */
int platform_clock_synchronized(bool *synced, long *max_error_us);

/* The live host's network interfaces (loopback left out), as getifaddrs(3) gives them:
 * *addresses "eth0 192.0.2.10/24, eth0 2001:db8::10/64", *macs "eth0 52:54:00:12:34:56" (Linux
 * only: AF_PACKET), each NULL when there is none. Returns 0 or -errno. The caller frees both. */
int platform_interfaces(char **addresses, char **macs);

#endif
