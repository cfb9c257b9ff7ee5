/* A streaming, bounded reader of Windows XML Event Log (.evtx) files: the file header, 64 KiB
 * chunks with their CRC32s, event records and the Binary XML (templates and substitutions) in
 * them, reduced to what an audit needs: EventID, TimeCreated and the EventData items by name. */
#ifndef KENSA_EVTX_H
#define KENSA_EVTX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVTX_CHUNK_SIZE 65536
#define EVTX_HEADER_SIZE 4096
#define EVTX_MAX_DATA 48     /* EventData items kept per record (4624 has 27) */
#define EVTX_NAME_MAX 64     /* longer names and values are cut (UTF-8, never mid-character) */
#define EVTX_VALUE_MAX 256

struct evtx_data {
	char name[EVTX_NAME_MAX];
	char value[EVTX_VALUE_MAX];
};

struct evtx_event {
	uint64_t record_id;
	uint64_t written;      /* the record header's FILETIME */
	bool has_event_id, has_time;
	uint32_t event_id;
	uint64_t time_created; /* System/TimeCreated/@SystemTime as a FILETIME (100 ns since 1601) */
	size_t n_data;
	struct evtx_data data[EVTX_MAX_DATA];
};

struct evtx_stats {
	uint64_t chunks, bad_chunks; /* chunks read; chunks skipped (bad signature or CRC32) */
	uint64_t records, bad_records; /* records delivered; records whose BinXML was refused */
	bool dirty, full;            /* the file header's flags */
};

/* Reads len bytes at off into buf; returns the bytes read (short at end of file) or -1. */
typedef long (*evtx_read_fn)(void *src, uint64_t off, void *buf, size_t len);
/* Called for each record; a non-zero return stops the walk and is returned by evtx_read. */
typedef int (*evtx_event_fn)(const struct evtx_event *ev, void *arg);

/* Walks every chunk of the file, in file order, and every record in each; memory is one chunk
 * and one event, whatever the file's size; max_chunks bounds the work (0: no bound). Returns 0,
 * the callback's non-zero value, or -1 with why set (not an .evtx file, a read error). */
int evtx_read(evtx_read_fn read, void *src, uint64_t max_chunks, evtx_event_fn cb, void *arg,
	      struct evtx_stats *stats, char *why, size_t whylen);

/* One chunk already in memory (len must be EVTX_CHUNK_SIZE): its records to cb. Returns 0, the
 * callback's value, or -1 when the chunk is refused (signature, CRC32), with why set. */
int evtx_parse_chunk(const unsigned char *chunk, size_t len, evtx_event_fn cb, void *arg,
		     struct evtx_stats *stats, char *why, size_t whylen);

/* The value of the EventData item called name, or NULL. */
const char *evtx_event_data(const struct evtx_event *ev, const char *name);

/* FILETIME -> seconds since the epoch (floor). */
int64_t evtx_filetime_epoch(uint64_t filetime);

uint32_t evtx_crc32(const unsigned char *p, size_t n, uint32_t crc);

#endif
