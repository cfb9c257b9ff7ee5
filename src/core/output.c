/* Atomic report files (see output.h). */
#include "output.h"
#include "i18n.h"
#include "xalloc.h"
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool path_inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int output_open(struct output *out, const char *path, const char *audit_root, char *err,
		size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (!path) {
		out->fp = stdout;
		return 0;
	}
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	const char *base = slash ? slash + 1 : path;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		snprintf(err, errlen, _("%s: names a directory, not a file"), path);
		free(dir);
		return -1;
	}
	char real_dir[PATH_MAX], real_root[PATH_MAX];
	if (!realpath(dir, real_dir)) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	if (audit_root && realpath(audit_root, real_root) && strcmp(real_root, "/") != 0 &&
	    path_inside(real_dir, real_root)) {
		snprintf(err, errlen, _("%s: is inside the audited root %s; kensa never writes there"),
			 path, audit_root);
		return -1;
	}
	out->dir = xstrdup(real_dir);
	out->path = xasprintf("%s/%s", real_dir, base);
	out->tmp_path = xasprintf("%s/.%s.XXXXXX", real_dir, base);
	int fd = mkstemp(out->tmp_path);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", real_dir, strerror(errno));
		free(out->dir);
		free(out->path);
		free(out->tmp_path);
		return -1;
	}
	(void)fchmod(fd, 0600);
	out->fp = fdopen(fd, "w");
	if (!out->fp) {
		snprintf(err, errlen, "%s: %s", out->tmp_path, strerror(errno));
		close(fd);
		unlink(out->tmp_path);
		return -1;
	}
	return 0;
}

int output_commit(struct output *out, int write_rc, char *err, size_t errlen)
{
	int rc = 0;
	if (!out->path) {
		if (fflush(stdout) != 0 || write_rc != 0) {
			snprintf(err, errlen, "stdout: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (write_rc != 0 || fflush(out->fp) != 0 || fsync(fileno(out->fp)) != 0) {
		snprintf(err, errlen, "%s: write failed: %s", out->tmp_path, strerror(errno));
		rc = -1;
	}
	if (fclose(out->fp) != 0 && rc == 0) {
		snprintf(err, errlen, "%s: %s", out->tmp_path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(out->tmp_path, out->path) != 0) {
		snprintf(err, errlen, "%s: %s", out->path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(out->tmp_path);
	free(out->dir);
	free(out->path);
	free(out->tmp_path);
	return rc;
}
