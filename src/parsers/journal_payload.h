/* A journal DATA object's compressed payload, decompressed as systemd's src/basic/compress.c
 * writes it: an xz stream (OBJECT_COMPRESSED_XZ), an LZ4 block after an 8-byte little-endian
 * size (OBJECT_COMPRESSED_LZ4), zstd frames (OBJECT_COMPRESSED_ZSTD). Bounded: the payload is read
 * through a callback in chunks, decoding stops when the fixed output buffer is full, at most
 * JOURNAL_PAYLOAD_IN_MAX bytes of a payload are read (an LZ4 block: from memory), and the
 * decoders' memory is capped (xz memlimit 16 MiB, zstd window 8 MiB), so a decompression bomb
 * costs a bounded time and memory. Each codec
 * is there when kensa was built with its library (HAVE_LZMA, HAVE_LZ4, HAVE_ZSTD). */
#ifndef KENSA_JOURNAL_PAYLOAD_H
#define KENSA_JOURNAL_PAYLOAD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JOURNAL_COMPRESSED_XZ 1
#define JOURNAL_COMPRESSED_LZ4 2
#define JOURNAL_COMPRESSED_ZSTD 4

#define JOURNAL_PAYLOAD_IN_MAX (256u * 1024) /* above a zstd block (128 KiB) and its header */

enum journal_payload_rc {
	JOURNAL_PAYLOAD_OTHER = -1,       /* decoded far enough to see a field not wanted */
	JOURNAL_PAYLOAD_DAMAGED = -2,     /* not a valid payload of its codec, or cut short */
	JOURNAL_PAYLOAD_UNSUPPORTED = -3, /* a codec this kensa was built without (or two flags) */
	JOURNAL_PAYLOAD_READ_ERROR = -4,  /* the read callback failed */
	JOURNAL_PAYLOAD_BEYOND = -5,      /* needs more than kensa spends: over JOURNAL_PAYLOAD_IN_MAX
					   * of input before the field's start is out, or a zstd
					   * window / xz dictionary over the memory cap */
};

/* Read len bytes at off into buf: 0, or -1 (as journal_read_fn). */
typedef int (*journal_payload_read_fn)(void *io, uint64_t off, void *buf, size_t len);
/* Whether a field whose first n decoded bytes (n < probe only when the field is that short) are
 * p is wanted: decoding goes on only then. */
typedef bool (*journal_payload_want_fn)(const char *p, size_t n);

/* Decoders and buffers kept across the fields of one walk (allocated when first needed). */
struct journal_payload;
struct journal_payload *journal_payload_new(void);
void journal_payload_free(struct journal_payload *z);

/* Decode the payload of len bytes at off, compressed with codec (one JOURNAL_COMPRESSED_ flag),
 * into out (at most out_max bytes; a longer field is cut). The first probe bytes are handed to
 * want first. Returns the number of bytes decoded (>= 0) or an enum journal_payload_rc. */
long journal_payload_decode(struct journal_payload *z, int codec, journal_payload_read_fn read,
			    void *io, uint64_t off, uint64_t len, char *out, size_t out_max,
			    size_t probe, journal_payload_want_fn want);

/* Whether this kensa reads the codec; its name ("xz", "lz4", "zstd"; "?" for others). */
bool journal_payload_supported(int codec);
const char *journal_payload_codec_name(int codec);

#endif
