/* Root-relative, read-only file access. Every open resolves symlinks inside the audited root:
 * openat2(RESOLVE_IN_ROOT) where the kernel has it, otherwise a component walk that treats
 * absolute link targets and ".." as relative to the root, as the kernel does. */
#include "rootfs.h"
#include "i18n.h"
#include "platform.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SYMLINKS 40
#define MAX_DEPTH 256

struct rootfs {
	int fd;
	char *path;
	bool portable;
	bool allow_pseudo;
	/* Lookups refused for lack of privilege (EACCES/EPERM), counted through a pointer so the
	 * const handle every reader gets can still count: main.c tells which checks were refused. */
	unsigned long *denied;
	unsigned long denied_count;
	dev_t dev; /* the root directory's own file system */
};

/* 0 when fd may be read from, -ROOTFS_EPSEUDOFS when it lies on a kernel pseudo file system
 * an offline audit must not cross into (platform.h says which), or on a tmpfs or ramfs other
 * than the root's own: mounted inside an image, that is a running system's /run, /tmp,
 * /dev/shm or /dev (the host's, in a chroot build), never the image's stored files. fstatfs
 * failing is an error too: never read what could not be vetted. */
static int vet_fs(const struct rootfs *root, int fd)
{
	if (root->allow_pseudo)
		return 0;
	int rc = platform_fd_on_pseudo_fs(fd, NULL);
	if (rc == PLATFORM_FS_MEMORY) {
		struct stat st;
		if (fstat(fd, &st) != 0)
			return -errno;
		return st.st_dev == root->dev ? 0 : -ROOTFS_EPSEUDOFS;
	}
	return rc == PLATFORM_FS_PSEUDO ? -ROOTFS_EPSEUDOFS : rc;
}

/* vet_fs for a freshly opened fd the caller gets: closed when refused. */
static int vet_opened(const struct rootfs *root, int fd)
{
	if (fd < 0)
		return fd;
	int rc = vet_fs(root, fd);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* Count a refusal for lack of privilege; returns rc unchanged. */
static int count_denied(const struct rootfs *root, int rc)
{
	if (rc == -EACCES || rc == -EPERM)
		(*root->denied)++;
	return rc;
}

void rootfs_note_denied(const struct rootfs *root, int rc)
{
	count_denied(root, rc);
}

unsigned long rootfs_denied(const struct rootfs *root)
{
	return *root->denied;
}

int rootfs_open(const char *dir, struct rootfs **out)
{
	struct stat st;
	/* "link/" would make lstat and open follow the link: look at the name without the slash */
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	char *name = strndup(dir, n);
	if (!name)
		return -ENOMEM;
	int rc = lstat(name, &st) != 0 ? -errno : 0;
	if (rc == 0 && S_ISLNK(st.st_mode))
		rc = -ELOOP; /* a symlinked root would hide where the audit really reads */
	else if (rc == 0 && !S_ISDIR(st.st_mode))
		rc = -ENOTDIR;
	int fd = rc == 0 ? open(name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
	if (rc == 0 && fd < 0)
		rc = -errno;
	free(name);
	if (rc < 0)
		return rc;
	struct rootfs *root = calloc(1, sizeof *root);
	if (!root || !(root->path = strdup(dir))) {
		free(root);
		close(fd);
		return -ENOMEM;
	}
	root->fd = fd;
	/* The host's own "/" may read its own /proc: that is a live audit (main.c says so
	 * explicitly too). Any other root is an image, whose pseudo mounts are the host's. */
	struct stat host_root;
	root->allow_pseudo = stat("/", &host_root) == 0 && fstat(fd, &st) == 0 &&
			     st.st_dev == host_root.st_dev && st.st_ino == host_root.st_ino;
	root->denied = &root->denied_count;
	root->dev = st.st_dev;
	/* Probe openat2 once; fall back to the walk where the kernel lacks it. */
	int probe = platform_open_in_root(fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (probe >= 0)
		close(probe);
	else
		root->portable = true;
	/* KENSA_ROOTFS_WALK=1 forces the component walk, so the test suites can run the binary
	 * against both resolvers on a kernel that has openat2. */
	const char *force = getenv("KENSA_ROOTFS_WALK");
	if (force && strcmp(force, "1") == 0)
		root->portable = true;
	*out = root;
	return 0;
}

void rootfs_close(struct rootfs *root)
{
	if (!root)
		return;
	close(root->fd);
	free(root->path);
	free(root);
}

const char *rootfs_path(const struct rootfs *root)
{
	return root->path;
}

void rootfs_set_portable_walk(struct rootfs *root, bool portable)
{
	root->portable = portable;
}

bool rootfs_uses_openat2(const struct rootfs *root)
{
	return !root->portable;
}

void rootfs_allow_pseudo_fs(struct rootfs *root, bool allow)
{
	root->allow_pseudo = allow;
}

/* Resolve path inside the root to (directory fd, final name). With follow_last the final name is
 * guaranteed not to be a symlink at the time of the walk; the caller opens it with O_NOFOLLOW so a
 * later swap fails instead of escaping. */
static int walk(const struct rootfs *root, const char *path, bool follow_last, int *dirfd_out,
		char name_out[NAME_MAX + 1])
{
	int stack[MAX_DEPTH];
	int depth = 0, links = 0, rc = 0;
	size_t cap = strlen(path) + 1;
	char *rest = malloc(cap), *pos;
	if (!rest)
		return -ENOMEM;
	memcpy(rest, path, cap);
	pos = rest;
	stack[0] = dup(root->fd);
	if (stack[0] < 0) {
		free(rest);
		return -errno;
	}
	if ((rc = vet_fs(root, stack[0])) < 0)
		goto out;
	for (;;) {
		while (*pos == '/')
			pos++;
		if (*pos == '\0') {
			strcpy(name_out, ".");
			break;
		}
		char *end = strchr(pos, '/');
		size_t len = end ? (size_t)(end - pos) : strlen(pos);
		if (len > NAME_MAX) {
			rc = -ENAMETOOLONG;
			goto out;
		}
		char comp[NAME_MAX + 1];
		memcpy(comp, pos, len);
		comp[len] = '\0';
		pos += len;
		const char *after = pos;
		while (*after == '/')
			after++;
		bool is_last = *after == '\0';
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (depth > 0)
				close(stack[depth--]);
			continue;
		}
		if (is_last && !follow_last) {
			strcpy(name_out, comp);
			break;
		}
		struct stat st;
		if (fstatat(stack[depth], comp, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (is_last && errno == ENOENT) {
				strcpy(name_out, comp);
				break;
			}
			rc = -errno;
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			if (++links > MAX_SYMLINKS) {
				rc = -ELOOP;
				goto out;
			}
			ssize_t n = readlinkat(stack[depth], comp, target, sizeof target - 1);
			if (n < 0) {
				rc = -errno;
				goto out;
			}
			if (n == 0) {
				rc = -ENOENT; /* an empty symlink resolves to nothing, as in the kernel */
				goto out;
			}
			target[n] = '\0';
			size_t restlen = strlen(pos);
			char *next = malloc((size_t)n + 1 + restlen + 1);
			if (!next) {
				rc = -ENOMEM;
				goto out;
			}
			memcpy(next, target, (size_t)n);
			next[n] = '/';
			memcpy(next + n + 1, pos, restlen + 1);
			free(rest);
			rest = pos = next;
			if (target[0] == '/')
				while (depth > 0)
					close(stack[depth--]);
			continue;
		}
		if (is_last) {
			strcpy(name_out, comp);
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			rc = -ENOTDIR;
			goto out;
		}
		if (depth + 1 >= MAX_DEPTH) {
			rc = -ENAMETOOLONG;
			goto out;
		}
		int fd = openat(stack[depth], comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			rc = -errno;
			goto out;
		}
		stack[++depth] = fd;
		/* each directory stepped into: a mount of /proc or /sys inside the root ends here */
		if ((rc = vet_fs(root, fd)) < 0)
			goto out;
	}
	*dirfd_out = dup(stack[depth]);
	if (*dirfd_out < 0)
		rc = -errno;
out:
	while (depth >= 0)
		close(stack[depth--]);
	free(rest);
	return rc;
}

/* Open with the final component followed inside the root. */
static int open_in_root(const struct rootfs *root, const char *path, int flags)
{
	flags |= O_CLOEXEC | O_NOCTTY;
	/* RESOLVE_IN_ROOT crosses mounts: vet what it reached (a bind-mounted proc file too) */
	if (!root->portable)
		return count_denied(root, vet_opened(root, platform_open_in_root(root->fd, path, flags)));
	int dirfd;
	char name[NAME_MAX + 1];
	int rc = walk(root, path, true, &dirfd, name);
	if (rc < 0)
		return count_denied(root, rc);
	int fd = openat(dirfd, name, flags | O_NOFOLLOW);
	rc = fd < 0 ? -errno : vet_opened(root, fd);
	close(dirfd);
	return count_denied(root, rc);
}

/* Open the directory holding path's final component, which is returned unresolved. */
static int open_parent(const struct rootfs *root, const char *path, int *dirfd_out,
		       char name_out[NAME_MAX + 1])
{
	if (root->portable)
		return count_denied(root, walk(root, path, false, dirfd_out, name_out));
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	size_t slash = len;
	while (slash > 0 && path[slash - 1] != '/')
		slash--;
	size_t namelen = len - slash;
	if (namelen == 0 || namelen > NAME_MAX)
		return namelen ? -ENAMETOOLONG : -EINVAL;
	memcpy(name_out, path + slash, namelen);
	name_out[namelen] = '\0';
	char *dir = strndup(path, slash ? slash : 0);
	if (!dir)
		return -ENOMEM;
	int fd = vet_opened(root, platform_open_in_root(root->fd, slash ? dir : ".",
							O_PATH | O_DIRECTORY | O_CLOEXEC));
	free(dir);
	if (fd < 0)
		return count_denied(root, fd);
	*dirfd_out = fd;
	return 0;
}

int rootfs_open_file(const struct rootfs *root, const char *path, int *fd_out, struct stat *st_out)
{
	/* Look before opening: opening a device has effects of its own (a watchdog arms and may
	 * reboot the host when closed, a tape rewinds), and opening a FIFO for reading wakes a
	 * writer blocked on it. Only a regular file is ever opened for reading. */
	struct stat pre;
	int rc = rootfs_stat(root, path, &pre);
	if (rc < 0)
		return rc;
	if (!S_ISREG(pre.st_mode))
		return -ROOTFS_ENOTREG;
	/* O_NONBLOCK: should a FIFO be swapped in after the look, the open still cannot hang. */
	int fd = open_in_root(root, path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	if (!S_ISREG(st.st_mode) || st.st_dev != pre.st_dev || st.st_ino != pre.st_ino) {
		close(fd);
		return -ROOTFS_ENOTREG; /* replaced between the look and the open */
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	if (st_out)
		*st_out = st;
	*fd_out = fd;
	return 0;
}

int rootfs_read_file(const struct rootfs *root, const char *path, size_t max_bytes,
		     struct file_buf *out)
{
	int fd;
	struct stat st;
	out->data = NULL;
	out->len = 0;
	int rc = rootfs_open_file(root, path, &fd, &st);
	if (rc < 0)
		return rc;
	/* Refuse by size before reading (a sparse multi-GB file costs nothing to refuse), and never
	 * grow the buffer past the bound: memory stays within max_bytes however the file grows. */
	if (st.st_size > 0 && (unsigned long long)st.st_size > max_bytes) {
		close(fd);
		return -ROOTFS_ETOOLARGE;
	}
	size_t cap = 4096, len = 0;
	if (st.st_size > 0 && (size_t)st.st_size + 1 > cap)
		cap = (size_t)st.st_size + 1; /* +1: seeing EOF needs no second buffer */
	char *data = malloc(cap + 1);
	if (!data) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (len == cap) {
			if (cap > max_bytes) {
				free(data);
				close(fd);
				return -ROOTFS_ETOOLARGE;
			}
			cap = cap > max_bytes / 2 ? max_bytes + 1 : cap * 2;
			char *grown = realloc(data, cap + 1);
			if (!grown) {
				free(data);
				close(fd);
				return -ENOMEM;
			}
			data = grown;
		}
		ssize_t n = read(fd, data + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;
			free(data);
			close(fd);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max_bytes) {
			free(data);
			close(fd);
			return -ROOTFS_ETOOLARGE;
		}
	}
	close(fd);
	data[len] = '\0';
	out->data = data;
	out->len = len;
	return 0;
}

int rootfs_open_dir(const struct rootfs *root, const char *path, DIR **out)
{
	int fd = open_in_root(root, path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = -errno;
		close(fd);
		return e;
	}
	*out = d;
	return 0;
}

/* The walk vets every directory it steps into, but a stat of the last name looks one step
 * further: when that name is on another device (a mount point, a bind-mounted file), vet its
 * file system too, through an O_PATH descriptor that opens nothing. */
static int vet_mount_point(const struct rootfs *root, int dirfd, const char *name,
			   const struct stat *st)
{
	struct stat dst;
	if (root->allow_pseudo || fstat(dirfd, &dst) != 0 || dst.st_dev == st->st_dev)
		return 0;
#ifdef O_PATH
	int fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = vet_fs(root, fd);
	close(fd);
	return rc;
#else
	(void)name;
	return 0;
#endif
}

int rootfs_stat(const struct rootfs *root, const char *path, struct stat *st)
{
	if (root->portable) {
		int dirfd;
		char name[NAME_MAX + 1];
		int rc = walk(root, path, true, &dirfd, name);
		if (rc < 0)
			return count_denied(root, rc);
		rc = fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : -errno;
		if (rc == 0)
			rc = vet_mount_point(root, dirfd, name, st);
		close(dirfd);
		return count_denied(root, rc);
	}
	int fd = vet_opened(root, platform_open_in_root(root->fd, path, O_PATH | O_CLOEXEC));
	if (fd < 0)
		return count_denied(root, fd);
	int rc = fstat(fd, st) == 0 ? 0 : -errno;
	close(fd);
	return rc;
}

static bool is_dot_name(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

int rootfs_lstat(const struct rootfs *root, const char *path, struct stat *st)
{
	int dirfd;
	char name[NAME_MAX + 1];
	int rc = open_parent(root, path, &dirfd, name);
	if (rc == -EINVAL)
		return rootfs_stat(root, path, st); /* "/" */
	if (rc < 0)
		return rc;
	if (is_dot_name(name)) {
		close(dirfd);
		return rootfs_stat(root, path, st);
	}
	rc = fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : -errno;
	close(dirfd);
	return rc;
}

int rootfs_readlink(const struct rootfs *root, const char *path, char *buf, size_t len)
{
	int dirfd;
	char name[NAME_MAX + 1];
	if (len == 0)
		return -EINVAL;
	int rc = open_parent(root, path, &dirfd, name);
	if (rc < 0)
		return rc;
	ssize_t n = readlinkat(dirfd, name, buf, len - 1);
	rc = n < 0 ? -errno : 0;
	if (n >= 0)
		buf[n] = '\0';
	close(dirfd);
	return rc;
}

bool rootfs_exists(const struct rootfs *root, const char *path)
{
	struct stat st;
	return rootfs_stat(root, path, &st) == 0;
}

void file_buf_free(struct file_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
}

const char *rootfs_strerror(int negative_err)
{
	switch (-negative_err) {
	case ROOTFS_ENOTREG:
		return _("not a regular file");
	case ROOTFS_ETOOLARGE:
		return _("file larger than kensa reads");
	case ROOTFS_EPSEUDOFS:
		return _("on a kernel file system mounted inside the root (proc, sysfs, ...): the host's "
			 "live state, not the image's; an offline audit never reads it");
	case EACCES:
	case EPERM:
		return _("permission denied (run as root)");
	case EXDEV:
		return _("path leaves the audited root");
	default:
		return kensa_strerror(-negative_err);
	}
}

void line_iter_init(struct line_iter *it, const struct file_buf *buf)
{
	it->pos = buf->data;
	it->end = buf->data + buf->len;
	it->lineno = 0;
}

const char *line_iter_next(struct line_iter *it, char *scratch, size_t scratch_len, bool *truncated)
{
	if (it->pos >= it->end || scratch_len == 0)
		return NULL;
	const char *nl = memchr(it->pos, '\n', (size_t)(it->end - it->pos));
	const char *line_end = nl ? nl : it->end;
	size_t len = (size_t)(line_end - it->pos);
	if (len > 0 && it->pos[len - 1] == '\r')
		len--;
	*truncated = len >= scratch_len;
	if (*truncated)
		len = scratch_len - 1;
	memcpy(scratch, it->pos, len);
	scratch[len] = '\0';
	it->pos = nl ? nl + 1 : it->end;
	it->lineno++;
	return scratch;
}
