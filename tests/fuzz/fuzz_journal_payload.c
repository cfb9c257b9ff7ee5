/* libFuzzer harness: a journal DATA object's compressed payload (src/parsers/journal_payload.c)
 * on arbitrary bytes, each codec in turn (the first byte picks it), with a want callback that
 * takes every field: whatever the bytes, the result is a length within the buffer or one of the
 * documented codes, and the decoders are reused across calls as a walk reuses them. */
#include "parsers/journal_payload.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct mem {
	const uint8_t *p;
	size_t n;
};

static int mem_read(void *io, uint64_t off, void *buf, size_t len)
{
	const struct mem *m = io;
	if (off > m->n || len > m->n - off)
		return -1;
	memcpy(buf, m->p + off, len);
	return 0;
}

static bool want_all(const char *p, size_t n)
{
	(void)p;
	(void)n;
	return true;
}

static struct journal_payload *z;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (!z)
		z = journal_payload_new();
	static const int codecs[] = { JOURNAL_COMPRESSED_XZ, JOURNAL_COMPRESSED_LZ4,
				      JOURNAL_COMPRESSED_ZSTD };
	int codec = codecs[data[0] % 3];
	struct mem m = { data + 1, size - 1 };
	char out[2048];
	/* the payload as given, and claimed one byte longer than the file holds */
	for (uint64_t extra = 0; extra <= 1; extra++) {
		long n = journal_payload_decode(z, codec, mem_read, &m, 0, m.n + extra, out,
						sizeof out - 1, 8, want_all);
		if (n > (long)(sizeof out - 1) || n < JOURNAL_PAYLOAD_BEYOND)
			abort();
	}
	return 0;
}
