/* Reading a text log inside the audited root line by line, plain or gzip-compressed (logrotate's
 * NAME.N.gz), through a fixed buffer: memory stays flat whatever the file's size. */
#ifndef KENSA_LOGSTREAM_H
#define KENSA_LOGSTREAM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rootfs;
struct logstream;

#define LOGSTREAM_LINE_MAX 8192 /* a longer line is returned cut here (the rest is skipped) */

/* Open PATH inside the root (refused when it leaves the root or is not a regular file); gzip is
 * recognised by its magic bytes, not the name. 0 or a negative errno / ROOTFS_* error. */
int logstream_open(const struct rootfs *root, const char *path, struct logstream **out);
/* The next line without its newline (*len bytes, NUL-terminated, may hold NUL bytes): 1, 0 at
 * the end, -1 on a read or decompression error (logstream_error says which). */
int logstream_next(struct logstream *s, const char **line, size_t *len);
const char *logstream_error(const struct logstream *s);
bool logstream_compressed(const struct logstream *s);
uint64_t logstream_lines(const struct logstream *s);
uint64_t logstream_cut_lines(const struct logstream *s); /* lines longer than the maximum */
void logstream_close(struct logstream *s);

#endif
