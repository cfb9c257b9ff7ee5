/* libFuzzer harness: the .evtx reader (src/parsers/evtx.c). The input is taken as a whole file
 * (header, chunks); a second pass recomputes each chunk's CRC32s and feeds the chunk alone, so the
 * fuzzer reaches the Binary XML walk without having to forge checksums. */
#include "parsers/evtx.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct mem {
	const uint8_t *p;
	size_t n;
};

static long mem_read(void *src, uint64_t off, void *buf, size_t len)
{
	struct mem *m = src;
	if (off >= m->n)
		return 0;
	size_t n = m->n - off < len ? m->n - (size_t)off : len;
	memcpy(buf, m->p + off, n);
	return (long)n;
}

static int count(const struct evtx_event *ev, void *arg)
{
	if (ev->n_data > EVTX_MAX_DATA)
		abort();
	for (size_t i = 0; i < ev->n_data; i++)
		if (strlen(ev->data[i].name) >= EVTX_NAME_MAX || strlen(ev->data[i].value) >= EVTX_VALUE_MAX)
			abort();
	(*(size_t *)arg)++;
	return 0;
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> 8 * i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct evtx_stats st;
	char why[128] = "";
	size_t n = 0;
	if (evtx_read(mem_read, &m, 64, count, &n, &st, why, sizeof why) < 0 && !why[0])
		abort(); /* every refusal says why */

	unsigned char *chunk = calloc(1, EVTX_CHUNK_SIZE);
	memcpy(chunk, "ElfChnk", 8);
	size_t body = size < EVTX_CHUNK_SIZE - 8 ? size : EVTX_CHUNK_SIZE - 8;
	memcpy(chunk + 8, data, body);
	uint32_t free_off = (uint32_t)chunk[48] | (uint32_t)chunk[49] << 8 |
			    (uint32_t)chunk[50] << 16 | (uint32_t)chunk[51] << 24;
	if (free_off >= 512 && free_off <= EVTX_CHUNK_SIZE)
		put32(chunk + 52, evtx_crc32(chunk + 512, free_off - 512, 0));
	put32(chunk + 124, evtx_crc32(chunk + 128, 384, evtx_crc32(chunk, 120, 0)));
	memset(&st, 0, sizeof st);
	evtx_parse_chunk(chunk, EVTX_CHUNK_SIZE, count, &n, &st, why, sizeof why);
	free(chunk);
	return 0;
}
