/* The fixed header of a systemd journal file (journal-def.h struct Header): only the fields a
 * retention estimate needs, read from the first bytes of the file, never the whole journal. */
#ifndef KENSA_JOURNAL_HEADER_H
#define KENSA_JOURNAL_HEADER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes to read: everything up to and including tail_entry_monotonic (offset 200 + 8). */
#define JOURNAL_HEADER_MIN 208

enum journal_state { JOURNAL_OFFLINE = 0, JOURNAL_ONLINE = 1, JOURNAL_ARCHIVED = 2 };

struct journal_header {
	uint8_t state;
	uint64_t header_size, arena_size;
	uint64_t n_entries;
	uint64_t head_realtime_usec; /* first entry, CLOCK_REALTIME µs; 0 when the file is empty */
	uint64_t tail_realtime_usec; /* last entry */
};

/* Returns false with *why set when buf is not a journal header ("LPKSHHRH"), is truncated, or
 * declares a header smaller than the fields read. */
bool journal_header_parse(const void *buf, size_t len, struct journal_header *out,
			  const char **why);

#endif
