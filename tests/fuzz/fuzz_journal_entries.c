/* libFuzzer harness: systemd journal entries (src/parsers/journal_entries.c) and their compressed
 * fields (journal_payload.c: xz, lz4, zstd; seeds with each), the file read from the input
 * buffer through the parser's read callback; every entry handed out feeds the auth.log message
 * classifier as logs.review does. */
#include "parsers/auth_log.h"
#include "parsers/journal_entries.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mem {
	const uint8_t *data;
	size_t size;
};

static int mem_read(void *io, uint64_t off, void *buf, size_t len)
{
	const struct mem *m = io;
	if (off > m->size || len > m->size - off)
		return -1;
	memcpy(buf, m->data + off, len);
	return 0;
}

static bool on_entry(void *ud, uint64_t realtime, const char *ident, const char *message,
		     long pid)
{
	unsigned long *n = ud;
	if (strlen(ident) >= JOURNAL_FIELD_MAX || strlen(message) >= JOURNAL_FIELD_MAX || pid < 0 ||
	    pid > 999999999)
		abort();
	struct auth_event ev;
	memset(&ev, 0, sizeof ev);
	ev.time = (int64_t)(realtime / 1000000);
	snprintf(ev.program, sizeof ev.program, "%s", ident);
	auth_log_classify(message, &ev);
	return ++*n < 100000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct journal_walk_stats st;
	const char *why = NULL;
	unsigned long n = 0;
	int rc = journal_walk(mem_read, &m, size, 0, on_entry, &n, &st, &why);
	if (rc != 0 && (!why || !*why))
		abort();
	if (st.entries != n)
		abort();
	if ((st.codecs_read | st.codecs_unsupported | st.codecs_damaged | st.codecs_beyond) & ~7u)
		abort();
	return 0;
}
