/* Lookup of the data built into kensa (embedded_data.h) and the shared data-file reader. */
#include "embedded_data.h"
#include "xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct embedded_file *find_in(const struct embedded_file *table, const char *name)
{
	for (const struct embedded_file *f = table; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const struct embedded_file *embedded_find(const char *name)
{
	return find_in(embedded_files, name);
}

const struct embedded_file *embedded_from_path(const char *path)
{
	size_t n = strlen(EMBEDDED_PREFIX);
	if (strncmp(path, EMBEDDED_PREFIX, n) != 0)
		return NULL;
	return embedded_find(path + n);
}

const struct embedded_file *embedded_catalog(const char *lang)
{
	return find_in(embedded_catalogs, lang);
}

int data_file_read(const char *path, size_t max, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	if (strncmp(path, EMBEDDED_PREFIX, strlen(EMBEDDED_PREFIX)) == 0) {
		const struct embedded_file *f = embedded_from_path(path);
		if (!f)
			return -ENOENT;
		if (f->len > max)
			return -EFBIG;
		*buf = xmalloc(f->len + 1);
		memcpy(*buf, f->data, f->len);
		(*buf)[f->len] = '\0';
		*len = f->len;
		return 0;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	/* Read up to MAX + 1 bytes whatever st_size says: a file may grow while it is read. */
	char *b = xmalloc(max + 1);
	size_t got = 0;
	while (got <= max) {
		ssize_t n = read(fd, b + got, max + 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			free(b);
			return -e;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got > max) {
		free(b);
		return -EFBIG;
	}
	b[got] = '\0';
	*buf = b;
	*len = got;
	return 0;
}
