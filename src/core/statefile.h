/* The small files kensa keeps beside the reports in --report-dir (password.defaults' memo and
 * key, the account snapshot): read whole, never through a link, bounded; and the loops that
 * read until a buffer is full, for those and for the logs read at an offset. */
#ifndef KENSA_STATEFILE_H
#define KENSA_STATEFILE_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* read(2) until len bytes or the end of the file, retrying on EINTR: the bytes read, or -1. */
ssize_t read_full(int fd, void *buf, size_t len);
/* pread(2) the same way, from offset off (the fd's position is not moved). */
ssize_t pread_full(int fd, void *buf, size_t len, uint64_t off);

/* Read NAME in the directory DIRFD (O_NOFOLLOW) into *out (malloc'd, NUL-terminated, to free):
 * the length, or -errno (*out NULL); -EINVAL when it is not a regular file or holds more than
 * max bytes. */
long state_file_read(int dirfd, const char *name, size_t max, char **out);

#endif
