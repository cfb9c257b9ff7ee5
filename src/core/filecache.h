/* Read each file of the audited root once per audit, and bound what one source may read before
 * any byte of it is read. Layered over the rootfs read API (every open goes through
 * rootfs_open_file, so confinement is rootfs's): a file is known by the device and inode of the
 * descriptor rootfs opened, so two paths or symlinks to one file, or one file included a thousand
 * times, are read from disk once. */
#ifndef KENSA_FILECACHE_H
#define KENSA_FILECACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

struct audit_context;
struct filecache;

/* Returned, negated, when a read would exceed the caller's read_budget; nothing was read. */
#define FILECACHE_EBUDGET 10101

/* What one source (one program's configuration with its includes) may read in one load. Every
 * read is charged, also one served from memory: parsing a file twice costs twice. */
struct read_budget {
	size_t files_left;
	size_t bytes_left;
	bool exhausted; /* a read was refused: the caller reports it once */
};

/* One file's contents as read. data is NUL-terminated and may contain NUL bytes; it belongs to
 * the cache (or to this struct when the cache is full) until filecache_release(). */
struct cached_file {
	const char *data;
	size_t len;
	struct stat st; /* fstat of the descriptor the contents were read from */
	char *owned;    /* non-NULL when the cache did not keep this copy */
};

/* Read PATH inside the root, at most MAX bytes (-ROOTFS_ETOOLARGE beyond, like
 * rootfs_read_file), charging BUDGET (may be NULL) before reading. Returns 0 or a negative
 * errno / ROOTFS_* / FILECACHE_EBUDGET. */
int filecache_read(struct audit_context *ctx, const char *path, size_t max,
		   struct read_budget *budget, struct cached_file *out);
void filecache_release(struct cached_file *f);

/* A per-audit memo attached to one file (by device and inode, size and modification time) for a
 * value derived from its contents, so the derivation runs once: returns the slot for TAG, -1 when
 * nothing was stored yet. The slot lives until the audit ends. */
long long *filecache_memo(struct audit_context *ctx, const struct stat *st, const char *tag);

/* The error text for FILECACHE_EBUDGET, else rootfs_strerror(). */
const char *filecache_strerror(int negative_err);

/* Owned by the audit context (ctx->files); frees every kept copy and memo. */
void filecache_free(struct filecache *fc);

#endif
