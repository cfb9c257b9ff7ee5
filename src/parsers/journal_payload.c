/* Decompressing a journal DATA payload into a fixed buffer (see journal_payload.h). systemd
 * decompresses a whole field into a growing buffer; kensa wants the first bytes of two fields,
 * so it streams: the output never grows past out_max and the input is read in chunks. */
#include "config.h"
#include "journal_payload.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if HAVE_LZMA
#include <lzma.h>
#endif
#if HAVE_LZ4
#include <lz4.h>
#endif
#if HAVE_ZSTD
#include <zstd.h>
#include <zstd_errors.h>
#endif

#define CHUNK 16384
/* systemd's xz fields use a 1 MiB dictionary; its zstd frames a window of the field's size */
#define XZ_MEMLIMIT (16u << 20)
#define ZSTD_WINDOW_LOG_MAX 23 /* 8 MiB: a field longer than that in one frame is not read */
/* LZ4 blocks decode from memory: JOURNAL_PAYLOAD_IN_MAX bytes hold the start of a field even when
 * the sequence that crosses JOURNAL_FIELD_MAX is a match of up to 64 MiB (255 to a length byte) */
#define LZ4_IN_MAX JOURNAL_PAYLOAD_IN_MAX

struct journal_payload {
	unsigned char in[CHUNK];
#if HAVE_LZMA
	lzma_stream xz;
	bool xz_used;
#endif
#if HAVE_ZSTD
	ZSTD_DCtx *zstd;
#endif
#if HAVE_LZ4
	char *lz4_in;
#endif
};

struct journal_payload *journal_payload_new(void)
{
	struct journal_payload *z = xcalloc(1, sizeof *z);
#if HAVE_LZMA
	lzma_stream init = LZMA_STREAM_INIT;
	z->xz = init;
#endif
	return z;
}

void journal_payload_free(struct journal_payload *z)
{
	if (!z)
		return;
#if HAVE_LZMA
	if (z->xz_used)
		lzma_end(&z->xz);
#endif
#if HAVE_ZSTD
	ZSTD_freeDCtx(z->zstd);
#endif
#if HAVE_LZ4
	free(z->lz4_in);
#endif
	free(z);
}

bool journal_payload_supported(int codec)
{
	switch (codec) {
	case JOURNAL_COMPRESSED_XZ:
		return HAVE_LZMA;
	case JOURNAL_COMPRESSED_LZ4:
		return HAVE_LZ4;
	case JOURNAL_COMPRESSED_ZSTD:
		return HAVE_ZSTD;
	default:
		return false;
	}
}

const char *journal_payload_codec_name(int codec)
{
	switch (codec) {
	case JOURNAL_COMPRESSED_XZ:
		return "xz";
	case JOURNAL_COMPRESSED_LZ4:
		return "lz4";
	case JOURNAL_COMPRESSED_ZSTD:
		return "zstd";
	default:
		return "?";
	}
}

/* What a decoder is told: where to write, how far for now, and the one question to ask. */
struct sink {
	char *out;
	size_t out_max, limit; /* limit: the probe first, then out_max */
	size_t probe;
	journal_payload_want_fn want;
	bool asked;
};

static void sink_init(struct sink *k, char *out, size_t out_max, size_t probe,
		      journal_payload_want_fn want)
{
	k->out = out;
	k->out_max = out_max;
	k->probe = probe && probe < out_max ? probe : out_max;
	k->limit = k->probe;
	k->want = want;
	k->asked = !want;
}

#if HAVE_LZMA || HAVE_LZ4 || HAVE_ZSTD
/* The output reached k->limit (or the field ended at n): 1 go on to out_max, 0 done, or
 * JOURNAL_PAYLOAD_OTHER. */
static int sink_full(struct sink *k, size_t n)
{
	if (!k->asked) {
		k->asked = true;
		if (!k->want(k->out, n))
			return JOURNAL_PAYLOAD_OTHER;
		if (n == k->limit && k->limit < k->out_max) {
			k->limit = k->out_max;
			return 1;
		}
	}
	return 0;
}
#endif

#if HAVE_LZMA || HAVE_ZSTD
/* The next chunk of the payload: bytes read (0 at the end or the bound) or -1. */
static long next_chunk(struct journal_payload *z, journal_payload_read_fn read, void *io,
		       uint64_t off, uint64_t len, uint64_t *consumed)
{
	uint64_t left = len - *consumed;
	if (left > CHUNK)
		left = CHUNK;
	if (left == 0)
		return 0;
	if (read(io, off + *consumed, z->in, (size_t)left) != 0)
		return -1;
	*consumed += left;
	return (long)left;
}
#endif

#if HAVE_ZSTD
static long decode_zstd(struct journal_payload *z, journal_payload_read_fn read, void *io,
			uint64_t off, uint64_t len, struct sink *k)
{
	if (!z->zstd) {
		z->zstd = ZSTD_createDCtx();
		if (!z->zstd) {
			fputs("kensa: out of memory\n", stderr); /* as xmalloc */
			exit(1);
		}
		ZSTD_DCtx_setParameter(z->zstd, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX);
	}
	ZSTD_DCtx_reset(z->zstd, ZSTD_reset_session_only);
	uint64_t consumed = 0, bound = len < JOURNAL_PAYLOAD_IN_MAX ? len : JOURNAL_PAYLOAD_IN_MAX;
	ZSTD_inBuffer ib = { z->in, 0, 0 };
	ZSTD_outBuffer ob = { k->out, k->limit, 0 };
	size_t k_last = 1;
	for (;;) {
		if (ib.pos == ib.size) {
			long n = next_chunk(z, read, io, off, bound, &consumed);
			if (n < 0)
				return JOURNAL_PAYLOAD_READ_ERROR;
			if (n == 0) {
				/* all input given: a frame decoded to its end, else cut short (or past
				 * what kensa reads before the field's start is out) */
				if (consumed < len)
					return JOURNAL_PAYLOAD_BEYOND;
				if (k_last != 0)
					return JOURNAL_PAYLOAD_DAMAGED;
				break;
			}
			ib.size = (size_t)n;
			ib.pos = 0;
		}
		size_t in_before = ib.pos, out_before = ob.pos;
		k_last = ZSTD_decompressStream(z->zstd, &ob, &ib);
		if (ZSTD_isError(k_last))
			return ZSTD_getErrorCode(k_last) == ZSTD_error_frameParameter_windowTooLarge
				       ? JOURNAL_PAYLOAD_BEYOND
				       : JOURNAL_PAYLOAD_DAMAGED;
		if (ob.pos == ob.size) {
			int rc = sink_full(k, ob.pos);
			if (rc < 0)
				return rc;
			if (rc == 0)
				return (long)ob.pos; /* the limit: the rest is not decoded */
			ob.size = k->limit;
			continue;
		}
		if (ib.pos == in_before && ob.pos == out_before && ib.pos < ib.size)
			return JOURNAL_PAYLOAD_DAMAGED; /* no progress */
	}
	int rc = sink_full(k, ob.pos);
	return rc < 0 ? rc : (long)ob.pos;
}
#endif

#if HAVE_LZMA
static long decode_xz(struct journal_payload *z, journal_payload_read_fn read, void *io,
		      uint64_t off, uint64_t len, struct sink *k)
{
	/* systemd: lzma_stream_decoder(&s, UINT64_MAX, 0); kensa caps the decoder's memory */
	if (lzma_stream_decoder(&z->xz, XZ_MEMLIMIT, 0) != LZMA_OK)
		return JOURNAL_PAYLOAD_DAMAGED;
	z->xz_used = true;
	uint64_t consumed = 0, bound = len < JOURNAL_PAYLOAD_IN_MAX ? len : JOURNAL_PAYLOAD_IN_MAX;
	lzma_stream *s = &z->xz;
	s->next_in = NULL;
	s->avail_in = 0;
	s->next_out = (uint8_t *)k->out;
	s->avail_out = k->limit;
	for (;;) {
		if (s->avail_in == 0) {
			long n = next_chunk(z, read, io, off, bound, &consumed);
			if (n < 0)
				return JOURNAL_PAYLOAD_READ_ERROR;
			if (n == 0 && consumed < len)
				return JOURNAL_PAYLOAD_BEYOND; /* past the bound with no end in sight */
			s->next_in = z->in;
			s->avail_in = (size_t)n;
		}
		lzma_ret ret = lzma_code(s, consumed == len ? LZMA_FINISH : LZMA_RUN);
		size_t done = (size_t)((char *)s->next_out - k->out);
		if (ret == LZMA_STREAM_END)
			break;
		if (ret == LZMA_MEMLIMIT_ERROR)
			return JOURNAL_PAYLOAD_BEYOND;
		if (ret != LZMA_OK)
			return JOURNAL_PAYLOAD_DAMAGED; /* corrupt or cut short */
		if (s->avail_out == 0) {
			int rc = sink_full(k, done);
			if (rc < 0)
				return rc;
			if (rc == 0)
				return (long)done;
			s->avail_out = k->limit - done;
		}
	}
	size_t done = (size_t)((char *)s->next_out - k->out);
	int rc = sink_full(k, done);
	return rc < 0 ? rc : (long)done;
}
#endif

#if HAVE_LZ4
static long decode_lz4(struct journal_payload *z, journal_payload_read_fn read, void *io,
		       uint64_t off, uint64_t len, struct sink *k)
{
	/* systemd: the decompressed size, 8 bytes little endian, then one LZ4 block */
	unsigned char head[8];
	if (len <= 8)
		return JOURNAL_PAYLOAD_DAMAGED;
	if (read(io, off, head, sizeof head) != 0)
		return JOURNAL_PAYLOAD_READ_ERROR;
	uint64_t size = 0;
	for (int i = 7; i >= 0; i--)
		size = size << 8 | head[i];
	uint64_t block = len - 8;
	if (size > INT32_MAX || block > INT32_MAX)
		return JOURNAL_PAYLOAD_DAMAGED; /* systemd: EFBIG */
	size_t in_n = block < LZ4_IN_MAX ? (size_t)block : LZ4_IN_MAX;
	if (!z->lz4_in)
		z->lz4_in = xmalloc(LZ4_IN_MAX);
	if (read(io, off + 8, z->lz4_in, in_n) != 0)
		return JOURNAL_PAYLOAD_READ_ERROR;
	for (;;) {
		size_t target = size < k->limit ? (size_t)size : k->limit;
		int r;
		if (in_n == block && target == size)
			/* the whole block and room for all of it: exactly systemd's check */
			r = LZ4_decompress_safe(z->lz4_in, k->out, (int)in_n, (int)target);
		else
			/* the first target bytes only (liblz4 >= 1.9 stops there; it reads no more
			 * input than it was given) */
			r = LZ4_decompress_safe_partial(z->lz4_in, k->out, (int)in_n, (int)target,
							(int)k->out_max);
		if (r < 0 || (size_t)r != target)
			/* from the first LZ4_IN_MAX bytes of a longer block, kensa cannot tell a
			 * damaged block from a sequence that crosses the bound */
			return in_n < block ? JOURNAL_PAYLOAD_BEYOND : JOURNAL_PAYLOAD_DAMAGED;
		int rc = sink_full(k, target);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return (long)target;
	}
}
#endif

long journal_payload_decode(struct journal_payload *z, int codec, journal_payload_read_fn read,
			    void *io, uint64_t off, uint64_t len, char *out, size_t out_max,
			    size_t probe, journal_payload_want_fn want)
{
	struct sink k;
	if (out_max == 0)
		return JOURNAL_PAYLOAD_DAMAGED;
	sink_init(&k, out, out_max, probe, want);
	(void)z;
	(void)read;
	(void)io;
	(void)off;
	(void)len;
	switch (codec) {
#if HAVE_LZMA
	case JOURNAL_COMPRESSED_XZ:
		return decode_xz(z, read, io, off, len, &k);
#endif
#if HAVE_LZ4
	case JOURNAL_COMPRESSED_LZ4:
		return decode_lz4(z, read, io, off, len, &k);
#endif
#if HAVE_ZSTD
	case JOURNAL_COMPRESSED_ZSTD:
		return decode_zstd(z, read, io, off, len, &k);
#endif
	default:
		return JOURNAL_PAYLOAD_UNSUPPORTED;
	}
}
