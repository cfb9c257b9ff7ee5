/* The per-audit file cache (see filecache.h): an open-addressed table keyed by the device and
 * inode of the descriptor rootfs opened, holding each file's contents (within a memory bound) and
 * small memos of values derived from them. */
#include "filecache.h"
#include "context.h"
#include "i18n.h"
#include "rootfs.h"
#include "xalloc.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Contents kept for the whole audit; a file read after this is handed out as its own copy. */
#define KEEP_BYTES_MAX (64u << 20)
/* Files known to the cache: the table (and memos) stop growing here, so a root with a million
 * homes costs a bounded table, and later files are simply read each time. */
#define ENTRIES_MAX 16384
#define MEMOS_PER_FILE 4

struct memo {
	const char *tag; /* a string literal of the caller's: compared by address and text */
	long long value;
};

struct entry {
	bool used;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct stat st;
	char *data; /* NULL when not kept */
	size_t len;
	struct memo memos[MEMOS_PER_FILE];
	size_t n_memos;
};

struct filecache {
	struct entry *slots;
	size_t cap, n;
	size_t kept_bytes;
};

static struct filecache *cache_of(struct audit_context *ctx)
{
	if (!ctx->files)
		ctx->files = xcalloc(1, sizeof *ctx->files);
	return ctx->files;
}

static size_t slot_hash(dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)dev * 0x9e3779b97f4a7c15ull ^ (uint64_t)ino * 0xc2b2ae3d27d4eb4full;
	return (size_t)(h ^ (h >> 29));
}

static bool same_version(const struct entry *e, const struct stat *st)
{
	return e->size == st->st_size && e->mtime.tv_sec == st->st_mtim.tv_sec &&
	       e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* The entry for st's file, or NULL: a new one is made when room remains and CREATE is set. An
 * entry whose file changed since (size or mtime) starts over. */
static struct entry *lookup(struct filecache *fc, const struct stat *st, bool create)
{
	if (create && fc->n < ENTRIES_MAX && (fc->n + 1) * 2 > fc->cap) {
		size_t cap = fc->cap ? fc->cap * 2 : 64;
		struct entry *slots = xcalloc(cap, sizeof *slots);
		for (size_t i = 0; i < fc->cap; i++) {
			if (!fc->slots[i].used)
				continue;
			size_t h = slot_hash(fc->slots[i].dev, fc->slots[i].ino) & (cap - 1);
			while (slots[h].used)
				h = (h + 1) & (cap - 1);
			slots[h] = fc->slots[i];
		}
		free(fc->slots);
		fc->slots = slots;
		fc->cap = cap;
	}
	if (!fc->cap)
		return NULL;
	size_t h = slot_hash(st->st_dev, st->st_ino) & (fc->cap - 1);
	while (fc->slots[h].used) {
		struct entry *e = &fc->slots[h];
		if (e->dev == st->st_dev && e->ino == st->st_ino) {
			if (!same_version(e, st)) {
				if (e->data)
					fc->kept_bytes -= e->len;
				free(e->data);
				e->data = NULL;
				e->len = 0;
				e->n_memos = 0;
				e->size = st->st_size;
				e->mtime = st->st_mtim;
				e->st = *st;
			}
			return e;
		}
		h = (h + 1) & (fc->cap - 1);
	}
	if (!create || fc->n >= ENTRIES_MAX)
		return NULL;
	struct entry *e = &fc->slots[h];
	memset(e, 0, sizeof *e);
	e->used = true;
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->size = st->st_size;
	e->mtime = st->st_mtim;
	e->st = *st;
	fc->n++;
	return e;
}

/* Read the whole of fd, at most max bytes, as rootfs_read_file does. */
static int read_fd(int fd, const struct stat *st, size_t max, char **data_out, size_t *len_out)
{
	if (st->st_size > 0 && (unsigned long long)st->st_size > max)
		return -ROOTFS_ETOOLARGE;
	size_t cap = 4096, len = 0;
	if (st->st_size > 0 && (size_t)st->st_size + 1 > cap)
		cap = (size_t)st->st_size + 1; /* +1: seeing EOF needs no second buffer */
	char *data = malloc(cap + 1);
	if (!data)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				free(data);
				return -ROOTFS_ETOOLARGE;
			}
			cap = cap > max / 2 ? max + 1 : cap * 2;
			char *grown = realloc(data, cap + 1);
			if (!grown) {
				free(data);
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
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		free(data);
		return -ROOTFS_ETOOLARGE;
	}
	data[len] = '\0';
	*data_out = data;
	*len_out = len;
	return 0;
}

static int charge(struct read_budget *b, size_t bytes)
{
	if (!b)
		return 0;
	if (b->files_left == 0 || bytes > b->bytes_left) {
		b->exhausted = true;
		return -FILECACHE_EBUDGET;
	}
	b->files_left--;
	b->bytes_left -= bytes;
	return 0;
}

int filecache_read(struct audit_context *ctx, const char *path, size_t max,
		   struct read_budget *budget, struct cached_file *out)
{
	memset(out, 0, sizeof *out);
	if (budget && budget->files_left == 0) {
		budget->exhausted = true;
		return -FILECACHE_EBUDGET; /* not even opened */
	}
	struct filecache *fc = cache_of(ctx);
	int fd;
	struct stat st;
	int rc = rootfs_open_file(ctx->root, path, &fd, &st);
	if (rc < 0)
		return rc;
	struct entry *e = lookup(fc, &st, true);
	if (e && e->data) {
		close(fd);
		if (e->len > max)
			return -ROOTFS_ETOOLARGE;
		if ((rc = charge(budget, e->len)) < 0)
			return rc;
		out->data = e->data;
		out->len = e->len;
		out->st = e->st;
		return 0;
	}
	/* before a byte is read: the size the file claims must fit what is left */
	if (budget && st.st_size > 0 && (unsigned long long)st.st_size > budget->bytes_left) {
		close(fd);
		budget->exhausted = true;
		return -FILECACHE_EBUDGET;
	}
	char *data = NULL;
	size_t len = 0;
	size_t bound = max;
	if (budget && budget->bytes_left < bound)
		bound = budget->bytes_left; /* a file that grows past its fstat size stops here too */
	rc = read_fd(fd, &st, bound, &data, &len);
	close(fd);
	if (rc == -ROOTFS_ETOOLARGE && bound < max) {
		budget->exhausted = true;
		return -FILECACHE_EBUDGET;
	}
	if (rc < 0)
		return rc;
	if ((rc = charge(budget, len)) < 0) {
		free(data);
		return rc;
	}
	out->data = data;
	out->len = len;
	out->st = st;
	if (e && fc->kept_bytes + len <= KEEP_BYTES_MAX) {
		e->data = data;
		e->len = len;
		fc->kept_bytes += len;
	} else {
		out->owned = data;
	}
	return 0;
}

void filecache_release(struct cached_file *f)
{
	free(f->owned);
	memset(f, 0, sizeof *f);
}

long long *filecache_memo(struct audit_context *ctx, const struct stat *st, const char *tag)
{
	struct entry *e = lookup(cache_of(ctx), st, true);
	if (!e)
		return NULL;
	for (size_t i = 0; i < e->n_memos; i++)
		if (e->memos[i].tag == tag || strcmp(e->memos[i].tag, tag) == 0)
			return &e->memos[i].value;
	if (e->n_memos == MEMOS_PER_FILE)
		return NULL;
	e->memos[e->n_memos] = (struct memo){ tag, -1 };
	return &e->memos[e->n_memos++].value;
}

const char *filecache_strerror(int negative_err)
{
	if (negative_err == -FILECACHE_EBUDGET)
		return _("the source's read budget is spent");
	return rootfs_strerror(negative_err);
}

void filecache_free(struct filecache *fc)
{
	if (!fc)
		return;
	for (size_t i = 0; i < fc->cap; i++)
		free(fc->slots[i].data);
	free(fc->slots);
	free(fc);
}
