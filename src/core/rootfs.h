/* Root-relative, read-only file access: every path a check reads is resolved inside the audited
 * root and can never escape it (openat2 RESOLVE_IN_ROOT on Linux, a component walk elsewhere). */
#ifndef KENSA_ROOTFS_H
#define KENSA_ROOTFS_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <dirent.h>

/* Errors beyond errno, returned negated like errno values. */
#define ROOTFS_ENOTREG   10001 /* not a regular file (FIFO, device, socket, directory) */
#define ROOTFS_ETOOLARGE 10002 /* larger than the caller's bound */
#define ROOTFS_EPSEUDOFS 10003 /* on a kernel pseudo file system (proc, sysfs, ...) inside the root */

struct rootfs;

struct file_buf {
	char *data;   /* NUL-terminated for convenience; may contain NUL bytes */
	size_t len;
};

int rootfs_open(const char *dir, struct rootfs **out);
void rootfs_close(struct rootfs *root);
const char *rootfs_path(const struct rootfs *root);
/* Force the portable component walk even where openat2 exists (tests). */
void rootfs_set_portable_walk(struct rootfs *root, bool portable);
bool rootfs_uses_openat2(const struct rootfs *root);
/* An offline root never crosses into a kernel pseudo file system mounted inside it (a chroot
 * build's live /proc, /sys, /dev/pts): those hold the HOST's processes and kernel state, not
 * the image's. Refused (-ROOTFS_EPSEUDOFS) by default for every root but the host's own "/". */
void rootfs_allow_pseudo_fs(struct rootfs *root, bool allow);
/* How many lookups were refused for lack of privilege (EACCES/EPERM) since the root was opened:
 * the audit driver compares it around each check to say which checks need root. */
unsigned long rootfs_denied(const struct rootfs *root);
/* Count rc again when it is a refusal: a loader shared between checks returning its cached
 * error, so every check it fails is named, not only the first. */
void rootfs_note_denied(const struct rootfs *root, int rc);

/* All functions take paths inside the root ("/etc/shadow") and return 0 or a negative errno. */
int rootfs_open_file(const struct rootfs *root, const char *path, int *fd_out, struct stat *st_out);
int rootfs_read_file(const struct rootfs *root, const char *path, size_t max_bytes,
		     struct file_buf *out);
int rootfs_open_dir(const struct rootfs *root, const char *path, DIR **out);
int rootfs_stat(const struct rootfs *root, const char *path, struct stat *st);
int rootfs_lstat(const struct rootfs *root, const char *path, struct stat *st);
int rootfs_readlink(const struct rootfs *root, const char *path, char *buf, size_t len);
bool rootfs_exists(const struct rootfs *root, const char *path);

void file_buf_free(struct file_buf *buf);
const char *rootfs_strerror(int negative_err);

/* Iterate over the lines of a buffer: CRLF tolerated, NUL bytes end a line's text. */
struct line_iter {
	const char *pos, *end;
	unsigned lineno;
};
void line_iter_init(struct line_iter *it, const struct file_buf *buf);
/* Returns a pointer to a NUL-terminated copy in scratch (truncated to scratch_len-1, *truncated
 * set), or NULL at the end. */
const char *line_iter_next(struct line_iter *it, char *scratch, size_t scratch_len, bool *truncated);

#endif
