/* The entries of a systemd journal file, walked as systemd's JOURNAL_FILE_FORMAT documents it:
 * the header's entry array chain, each ENTRY object's items, their DATA objects — regular and
 * compact (systemd 252+) layouts. Only what logs.review needs is handed out: an entry's realtime,
 * SYSLOG_IDENTIFIER, MESSAGE and PID (SYSLOG_PID, else _PID). Compressed DATA payloads (journald
 * compresses fields of 512 bytes and more: a long "Invalid user NAME" line too) are decompressed
 * (xz, lz4, zstd, see journal_payload.h) far enough to see the field name, and only MESSAGE and
 * SYSLOG_IDENTIFIER further, to at most JOURNAL_FIELD_MAX bytes; a codec kensa was built
 * without, or a damaged payload, is counted. The file is read through a callback, with every
 * offset and size checked against the file, so any input ends in an error, not a crash. */
#ifndef KENSA_JOURNAL_ENTRIES_H
#define KENSA_JOURNAL_ENTRIES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Read len bytes at off into buf: 0, or -1 (short read, I/O error). */
typedef int (*journal_read_fn)(void *io, uint64_t off, void *buf, size_t len);
/* One entry: realtime in µs since the epoch; identifier and message NUL-terminated ("" when the
 * entry has none); pid the entry's SYSLOG_PID (the syslog tag's), else its _PID, else 0. Return
 * false to stop the walk. */
typedef bool (*journal_entry_fn)(void *ud, uint64_t realtime_usec, const char *identifier,
				  const char *message, long pid);

struct journal_walk_stats {
	uint64_t entries;          /* entries handed out */
	uint64_t skipped_before;   /* entries older than the start, not looked at */
	uint64_t compressed_read;  /* compressed MESSAGE/SYSLOG_IDENTIFIER fields decompressed */
	uint64_t compressed_unsupported; /* compressed with a codec this kensa lacks: not read */
	uint64_t compressed_damaged;     /* compressed payloads that do not decompress: not read */
	uint64_t compressed_beyond;      /* past kensa's decoding bounds (journal_payload.h) */
	/* which codecs (JOURNAL_COMPRESSED_ flags) each count saw */
	unsigned codecs_read, codecs_unsupported, codecs_damaged, codecs_beyond;
	bool compact;
};

#define JOURNAL_FIELD_MAX 2048 /* a longer MESSAGE is cut here */

/* Walk the entries of a journal file of file_size bytes, oldest first, from since_usec on.
 * Returns 0, or -1 with *why set (not a journal, truncated, an offset out of the file, an
 * unknown incompatible feature). Entries before the error have been handed out. */
int journal_walk(journal_read_fn read, void *io, uint64_t file_size, uint64_t since_usec,
		 journal_entry_fn fn, void *ud, struct journal_walk_stats *stats, const char **why);

#endif
