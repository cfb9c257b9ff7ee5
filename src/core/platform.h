/* The small platform layer: Linux-only facilities behind functions that report ENOSYS elsewhere. */
#ifndef KENSA_PLATFORM_H
#define KENSA_PLATFORM_H
#include <stdbool.h>

/* openat2(dirfd, path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS). Returns an fd, or -errno
 * (-ENOSYS where the kernel or platform lacks openat2). */
int platform_open_in_root(int root_fd, const char *path, int flags);

/* Whether the open file fd lives on a kernel pseudo file system (proc, sysfs, devpts, cgroup,
 * debugfs, tracefs, securityfs, bpf, configfs, mqueue, pstore, efivarfs, fusectl, binfmt_misc,
 * hugetlbfs, autofs, nsfs, selinuxfs, ...): 1 if so (*type names it), 0 if not, -errno when
 * fstatfs fails. tmpfs and ramfs are ordinary storage (an image may itself live in one) and are
 * not pseudo; devtmpfs reports tmpfs's magic and holds only device nodes and links, which the
 * rootfs layer refuses anyway. 0 where the platform cannot tell (no fstatfs magic numbers). */
int platform_fd_on_pseudo_fs(int fd, const char **type);

/* Whether the running kernel is Linux (procfs facts, modules). */
bool platform_is_linux_host(void);

/* The kernel's NTP discipline status, read-only (adjtimex/ntp_adjtime with modes 0): *synced is
 * false when STA_UNSYNC is set or the clock state is TIME_ERROR. Returns 0 or -errno (-ENOSYS
 * where the platform has no such call). Live audits only: it describes the running kernel. */
int platform_clock_synchronized(bool *synced, long *max_error_us);

#endif
