/* Atomic report files (see output.h). */
#include "output.h"
#include "sandbox_broker.h"
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

bool output_inside_root(const char *path, const char *audit_root)
{
	struct stat root, top, st;
	if (!audit_root || stat(audit_root, &root) != 0 || stat("/", &top) != 0)
		return false;
	if (root.st_dev == top.st_dev && root.st_ino == top.st_ino)
		return false; /* a live audit of "/": kensa's reports go somewhere on it */
	/* The nearest existing ancestor: where a write to path would land, links followed. */
	char *probe = xstrdup(path);
	int fd;
	for (;;) {
		fd = open(*probe ? probe : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0)
			break;
		char *slash = strrchr(probe, '/');
		if (!slash) {
			probe[0] = '\0'; /* relative: the working directory */
			continue;
		}
		if (slash == probe) {
			fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			break;
		}
		*slash = '\0';
	}
	free(probe);
	/* Up through ".." to "/", comparing each directory with the root by device and inode: a
	 * bind mount of the root elsewhere is the same directory under another name. */
	bool inside = false;
	for (int steps = 0; fd >= 0 && steps < 4096; steps++) {
		if (fstat(fd, &st) != 0)
			break;
		if (st.st_dev == root.st_dev && st.st_ino == root.st_ino) {
			inside = true;
			break;
		}
		if (st.st_dev == top.st_dev && st.st_ino == top.st_ino)
			break;
		int up = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = up;
	}
	if (fd >= 0)
		close(fd);
	return inside;
}

/* A decimal id from sudo's environment: digits only, below (uid_t)-1 and 2^31. */
static bool sudo_id(const char *name, unsigned long *id)
{
	const char *v = getenv(name);
	if (!v)
		return false;
	size_t n = strlen(v);
	bool ok = n > 0 && n <= 10 && strspn(v, "0123456789") == n && !(n > 1 && v[0] == '0');
	unsigned long x = ok ? strtoul(v, NULL, 10) : 0;
	if (!ok || x >= 0x7fffffffUL) {
		fprintf(stderr, _("kensa: warning: %s is not a user or group id; the report stays root's\n"),
			name);
		return false;
	}
	*id = x;
	return true;
}

/* Run as root through sudo, a report file kensa creates goes to the user who ran sudo (still
 * mode 0600), so their own browser can open it. Only --output files: --report-dir is the root
 * job's directory. */
static void give_to_sudo_user(int fd)
{
	unsigned long uid, gid;
	if (geteuid() != 0 || getuid() != 0 || !getenv("SUDO_UID"))
		return;
	if (!sudo_id("SUDO_UID", &uid) || !sudo_id("SUDO_GID", &gid) || uid == 0)
		return;
	if (fchown(fd, (uid_t)uid, (gid_t)gid) != 0)
		fprintf(stderr, _("kensa: warning: cannot give the report to uid %lu: %s\n"), uid,
			kensa_strerror(errno));
}

/* A character device or FIFO: opened for writing as it is (no create, no truncate), and only
 * if it is still the node that was looked at. Opening a FIFO waits for its reader, as a shell
 * redirection does. */
static int fdopen_direct(struct output *out, const char *path, int fd, char *err, size_t errlen)
{
	out->fp = fdopen(fd, "w");
	if (!out->fp) {
		msg_snprintf(err, errlen, "%s: %s", path, kensa_strerror(errno));
		close(fd);
		return -1;
	}
	out->direct = true;
	out->path = xstrdup(path);
	return 0;
}

/* kensa's own stdout or stderr under another name: written through a copy of the descriptor
 * (appending where the shell left it, as the redirection meant). */
static int open_fd_direct(struct output *out, const char *path, int std_fd, char *err,
			  size_t errlen)
{
	int fd = fcntl(std_fd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0) {
		msg_snprintf(err, errlen, "%s: %s", path, kensa_strerror(errno));
		return -1;
	}
	return fdopen_direct(out, path, fd, err, errlen);
}

static int open_direct(struct output *out, const char *path, const struct stat *seen, char *err,
		       size_t errlen)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		msg_snprintf(err, errlen, "%s: %s", path, kensa_strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (st.st_dev != seen->st_dev || st.st_ino != seen->st_ino) {
		msg_snprintf(err, errlen, _("%s: changed while kensa opened it"), path);
		close(fd);
		return -1;
	}
	return fdopen_direct(out, path, fd, err, errlen);
}

/* The temporary file dir/.NAME.XXXXXX, mode 0600, that becomes the report when complete. */
static int create_temp(struct output *out, const char *dir, const char *name, char *err,
		       size_t errlen)
{
	out->dir = xstrdup(dir);
	out->tmp_path = xasprintf("%s/.%s.XXXXXX", dir, name);
	int fd = mkstemp(out->tmp_path);
	if (fd < 0) {
		msg_snprintf(err, errlen, "%s: %s", dir, kensa_strerror(errno));
		goto fail;
	}
	(void)fchmod(fd, 0600);
	out->fp = fdopen(fd, "w");
	if (!out->fp) {
		msg_snprintf(err, errlen, "%s: %s", out->tmp_path, kensa_strerror(errno));
		close(fd);
		unlink(out->tmp_path);
		goto fail;
	}
	return 0;
fail:
	free(out->dir);
	free(out->path);
	free(out->tmp_path);
	memset(out, 0, sizeof *out);
	return -1;
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
		msg_snprintf(err, errlen, _("%s: names a directory, not a file"), path);
		free(dir);
		return -1;
	}
	char real_dir[PATH_MAX];
	if (!realpath(dir, real_dir)) {
		msg_snprintf(err, errlen, "%s: %s", dir, kensa_strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	/* the directory, and for a link to a device or FIFO where it leads */
	char real_path[PATH_MAX];
	if (output_inside_root(real_dir, audit_root) ||
	    (realpath(path, real_path) && output_inside_root(real_path, audit_root))) {
		msg_snprintf(err, errlen, _("%s: is inside the audited root %s; kensa never writes there"),
			 path, audit_root);
		return -1;
	}
	/* What is there now decides how it is written: a regular file (or nothing) is replaced
	 * atomically; a device or FIFO is written in place. */
	struct stat lst, st;
	bool exists = lstat(path, &lst) == 0;
	if (!exists && errno != ENOENT) {
		msg_snprintf(err, errlen, "%s: %s", path, kensa_strerror(errno));
		return -1;
	}
	if (exists && S_ISLNK(lst.st_mode)) {
		/* /dev/stdout and /dev/fd/N are links to a terminal or a pipe: write there; or to the
		 * file the shell redirected kensa's own stdout or stderr to */
		bool ok = stat(path, &st) == 0;
		for (int sfd = 1; ok && S_ISREG(st.st_mode) && sfd <= 2; sfd++) {
			struct stat fst;
			if (fstat(sfd, &fst) == 0 && fst.st_dev == st.st_dev && fst.st_ino == st.st_ino)
				return open_fd_direct(out, path, sfd, err, errlen);
		}
		if (!ok || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
			msg_snprintf(err, errlen,
				 _("%s: is a symbolic link; give the file itself (kensa replaces a report "
				   "file atomically and never writes through a link)"),
				 path);
			return -1;
		}
		lst = st;
	}
	if (exists && (S_ISCHR(lst.st_mode) || S_ISFIFO(lst.st_mode)))
		return open_direct(out, path, &lst, err, errlen);
	if (exists && !S_ISREG(lst.st_mode)) {
		msg_snprintf(err, errlen,
			 S_ISDIR(lst.st_mode) ? _("%s: names a directory, not a file")
					      : _("%s: is a block device or socket, not a file kensa writes"),
			 path);
		return -1;
	}
	out->path = xasprintf("%s/%s", real_dir, base);
	if (create_temp(out, real_dir, base, err, errlen) != 0)
		return -1;
	give_to_sudo_user(fileno(out->fp));
	return 0;
}

int output_open_temp(struct output *out, const char *dir, const char *label, char *err,
		     size_t errlen)
{
	memset(out, 0, sizeof *out);
	return create_temp(out, dir, label, err, errlen);
}

void output_set_path(struct output *out, const char *path)
{
	free(out->path);
	out->path = xstrdup(path);
}

void output_use_broker(struct output *out, struct broker *b, const char *final_dir)
{
	if (out->direct || !out->tmp_path)
		return; /* written in place: nothing to rename */
	int index = broker_expect(b, out->tmp_path, final_dir ? NULL : out->path, final_dir);
	if (index >= 0) {
		out->broker = b;
		out->broker_index = index;
	}
}

int output_commit(struct output *out, int write_rc, char *err, size_t errlen)
{
	int rc = 0;
	if (!out->path && !out->tmp_path) {
		if (fflush(stdout) != 0 || write_rc != 0) {
			msg_snprintf(err, errlen, "stdout: %s", kensa_strerror(errno));
			return -1;
		}
		return 0;
	}
	if (out->direct) {
		if ((write_rc != 0 || fflush(out->fp) != 0) && rc == 0) {
			msg_snprintf(err, errlen, "%s: write failed: %s", out->path, kensa_strerror(errno));
			rc = -1;
		}
		if (fclose(out->fp) != 0 && rc == 0) {
			msg_snprintf(err, errlen, "%s: %s", out->path, kensa_strerror(errno));
			rc = -1;
		}
		free(out->path);
		return rc;
	}
	if (write_rc != 0 || fflush(out->fp) != 0 || fsync(fileno(out->fp)) != 0) {
		msg_snprintf(err, errlen, "%s: write failed: %s", out->tmp_path, kensa_strerror(errno));
		rc = -1;
	}
	if (fclose(out->fp) != 0 && rc == 0) {
		msg_snprintf(err, errlen, "%s: %s", out->tmp_path, kensa_strerror(errno));
		rc = -1;
	}
	if (rc == 0 && broker_active(out->broker)) {
		/* sandboxed: the broker renames, and removes the temporary file of a failure */
		const char *slash = strrchr(out->path, '/');
		int e = broker_commit(out->broker, out->broker_index, slash ? slash + 1 : out->path);
		if (e != 0) {
			msg_snprintf(err, errlen, "%s: %s", out->path, kensa_strerror(e));
			rc = -1;
		}
	} else if (rc == 0 && rename(out->tmp_path, out->path) != 0) {
		msg_snprintf(err, errlen, "%s: %s", out->path, kensa_strerror(errno));
		rc = -1;
	}
	if (rc != 0 && !broker_active(out->broker))
		unlink(out->tmp_path);
	free(out->dir);
	free(out->path);
	free(out->tmp_path);
	return rc;
}

void output_abandon(struct output *out)
{
	if (!out->path && !out->tmp_path)
		return;
	if (out->fp != stdout)
		fclose(out->fp);
	if (out->tmp_path && !out->broker)
		unlink(out->tmp_path); /* a brokered one is the broker's to remove */
	free(out->dir);
	free(out->path);
	free(out->tmp_path);
	memset(out, 0, sizeof *out);
}
