/* See statefile.h. */
#include "statefile.h"
#include "xalloc.h"
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t r = read(fd, (char *)buf + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

ssize_t pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	size_t got = 0;
	while (got < len) {
		ssize_t r = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

long state_file_read(int dirfd, const char *name, size_t max, char **out)
{
	*out = NULL;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		close(fd);
		return -EINVAL;
	}
	char *buf = xmalloc((size_t)st.st_size + 1);
	/* one byte more than fstat said: a file that grew while read is not taken in part */
	ssize_t got = read_full(fd, buf, (size_t)st.st_size + 1);
	int e = errno;
	close(fd);
	if (got < 0 || (size_t)got > max) {
		free(buf);
		return got < 0 ? -e : -EINVAL;
	}
	buf[got] = '\0';
	*out = buf;
	return (long)got;
}
