/* Line streaming over plain and gzip log files (see logstream.h). zlib's gzread reads a plain
 * file transparently; the magic bytes are looked at first only to say which it was. */
#include "logstream.h"
#include "rootfs.h"
#include "xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (64 * 1024)

struct logstream {
	gzFile gz;
	bool compressed, eof, failed;
	char err[128];
	char buf[CHUNK];
	size_t len, pos;             /* unread bytes are buf[pos..len) */
	char line[LOGSTREAM_LINE_MAX + 1];
	uint64_t lines, cut;
};

int logstream_open(const struct rootfs *root, const char *path, struct logstream **out)
{
	int fd;
	struct stat st;
	*out = NULL;
	int rc = rootfs_open_file(root, path, &fd, &st);
	if (rc < 0)
		return rc;
	unsigned char magic[2];
	ssize_t n = pread(fd, magic, sizeof magic, 0);
	struct logstream *s = xcalloc(1, sizeof *s);
	s->compressed = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
	s->gz = gzdopen(fd, "rb");
	if (!s->gz) {
		close(fd);
		free(s);
		return -ENOMEM;
	}
	gzbuffer(s->gz, CHUNK);
	*out = s;
	return 0;
}

static int fill(struct logstream *s)
{
	if (s->eof)
		return 0;
	int n = gzread(s->gz, s->buf, CHUNK);
	if (n < 0) {
		int zerr;
		const char *msg = gzerror(s->gz, &zerr);
		snprintf(s->err, sizeof s->err, "%s", zerr == Z_ERRNO ? strerror(errno) : msg);
		s->failed = true;
		return -1;
	}
	if (n == 0) {
		int zerr;
		const char *msg = gzerror(s->gz, &zerr);
		s->eof = true;
		/* a truncated .gz (rotation interrupted, disk full) ends with Z_BUF_ERROR */
		if (zerr != Z_OK && zerr != Z_STREAM_END) {
			snprintf(s->err, sizeof s->err, "%s", zerr == Z_ERRNO ? strerror(errno) : msg);
			s->failed = true;
			return -1;
		}
		return 0;
	}
	s->len = (size_t)n;
	s->pos = 0;
	return 1;
}

int logstream_next(struct logstream *s, const char **line, size_t *len)
{
	size_t n = 0;
	bool cut = false, any = false;
	for (;;) {
		if (s->pos >= s->len) {
			int rc = fill(s);
			if (rc < 0)
				return -1;
			if (rc == 0)
				break;
		}
		any = true;
		const char *start = s->buf + s->pos;
		size_t avail = s->len - s->pos;
		const char *nl = memchr(start, '\n', avail);
		size_t take = nl ? (size_t)(nl - start) : avail;
		size_t room = LOGSTREAM_LINE_MAX - n;
		if (take > room) {
			cut = true;
			memcpy(s->line + n, start, room);
			n += room;
		} else {
			memcpy(s->line + n, start, take);
			n += take;
		}
		s->pos += take + (nl ? 1 : 0);
		if (nl)
			goto done;
	}
	if (!any || (n == 0 && !cut))
		return 0;
done:
	s->line[n] = '\0';
	s->lines++;
	if (cut)
		s->cut++;
	*line = s->line;
	*len = n;
	return 1;
}

const char *logstream_error(const struct logstream *s)
{
	return s->failed ? s->err : "";
}

bool logstream_compressed(const struct logstream *s)
{
	return s->compressed;
}

uint64_t logstream_lines(const struct logstream *s)
{
	return s->lines;
}

uint64_t logstream_cut_lines(const struct logstream *s)
{
	return s->cut;
}

void logstream_close(struct logstream *s)
{
	if (!s)
		return;
	gzclose(s->gz);
	free(s);
}
