/* Walking a systemd journal file's entries (see journal_entries.h). Layouts from systemd's
 * src/libsystemd/sd-journal/journal-def.h and docs/JOURNAL_FILE_FORMAT.md: all integers little
 * endian, objects 8-byte aligned, an entry array chain from the header in append order. */
#include "journal_entries.h"
#include "journal_payload.h"
#include <string.h>

#define OBJECT_DATA 1
#define OBJECT_ENTRY 3
#define OBJECT_ENTRY_ARRAY 6
#define OBJECT_COMPRESSION_MASK 7 /* XZ 1, LZ4 2, ZSTD 4 */

#define INCOMPAT_KNOWN (1u | 2u | 4u | 8u | 16u) /* XZ, LZ4, KEYED_HASH, ZSTD, COMPACT */
#define INCOMPAT_COMPACT 16u

#define HEADER_MIN 184     /* through entry_array_offset (176 + 8) */
#define MAX_ENTRY_ITEMS 4096

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct walk {
	journal_read_fn read;
	void *io;
	uint64_t file_size, header_size;
	bool compact;
	const char *why;
	struct journal_payload *z; /* the decompressors, made at the first compressed field */
};

/* The object header at off: type and size, checked against the file. */
static bool object_at(struct walk *w, uint64_t off, int want_type, uint64_t *size,
		      unsigned char *flags)
{
	unsigned char h[16];
	if (off < w->header_size || off % 8 || off > w->file_size - 16) {
		w->why = "an object offset outside the file";
		return false;
	}
	if (w->read(w->io, off, h, sizeof h) != 0) {
		w->why = "a read failed";
		return false;
	}
	*size = le64(h + 8);
	if (h[0] != want_type || *size < 16 || *size > w->file_size - off) {
		w->why = "an object of the wrong type or size";
		return false;
	}
	if (flags)
		*flags = h[1];
	return true;
}

static const char msg_key[] = "MESSAGE=", id_key[] = "SYSLOG_IDENTIFIER=";

/* Whether a (decompressed) payload is one of the two fields: the name is checked on what was
 * decoded, since a compressed object does not say which field it holds. */
static bool wanted_field(const char *p, size_t n)
{
	return (n >= sizeof msg_key - 1 && memcmp(p, msg_key, sizeof msg_key - 1) == 0) ||
	       (n >= sizeof id_key - 1 && memcmp(p, id_key, sizeof id_key - 1) == 0);
}

/* A compressed payload of len bytes at off into buf (at most max bytes): its length, or -1 when
 * it is not read (another field, a codec not built in, damaged: counted), or -2 (read error). */
static long read_compressed(struct walk *w, int codec, uint64_t off, uint64_t len, char *buf,
			    size_t max, struct journal_walk_stats *st)
{
	if (codec & (codec - 1)) { /* two flags: systemd refuses it too */
		st->compressed_damaged++;
		return -1;
	}
	if (!journal_payload_supported(codec)) {
		st->compressed_unsupported++;
		st->codecs_unsupported |= (unsigned)codec;
		return -1;
	}
	if (!w->z)
		w->z = journal_payload_new();
	long n = journal_payload_decode(w->z, codec, w->read, w->io, off, len, buf, max,
					sizeof id_key - 1, wanted_field);
	switch (n) {
	case JOURNAL_PAYLOAD_READ_ERROR:
		w->why = "a read failed";
		return -2;
	case JOURNAL_PAYLOAD_OTHER:
		return -1;
	case JOURNAL_PAYLOAD_BEYOND:
		st->compressed_beyond++;
		st->codecs_beyond |= (unsigned)codec;
		return -1;
	case JOURNAL_PAYLOAD_DAMAGED:
	case JOURNAL_PAYLOAD_UNSUPPORTED:
		st->compressed_damaged++;
		st->codecs_damaged |= (unsigned)codec;
		return -1;
	default:
		st->compressed_read++;
		st->codecs_read |= (unsigned)codec;
		return n;
	}
}

/* The decimal PID of a "SYSLOG_PID=" or "_PID=" payload; 0 when it is not one. */
static long field_pid(const char *s, size_t n)
{
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v >= 100000000)
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The payload of the DATA object at off when it is NAME=value for one of the fields handed out;
 * pids[0] gets SYSLOG_PID, pids[1] _PID. */
static bool read_field(struct walk *w, uint64_t off, char *ident, char *message, long pids[2],
		       struct journal_walk_stats *st)
{
	uint64_t size;
	unsigned char flags;
	if (!object_at(w, off, OBJECT_DATA, &size, &flags))
		return false;
	uint64_t payload = w->compact ? 72 : 64;
	if (size < payload)
		return true; /* no payload */
	char buf[JOURNAL_FIELD_MAX + sizeof id_key];
	uint64_t n = size - payload;
	if (flags & OBJECT_COMPRESSION_MASK) {
		long r = read_compressed(w, flags & OBJECT_COMPRESSION_MASK, off + payload, n, buf,
					 sizeof buf - 1, st);
		if (r == -2)
			return false;
		if (r < 0)
			return true;
		n = (uint64_t)r;
	} else {
		if (n > sizeof buf - 1)
			n = sizeof buf - 1;
		if (w->read(w->io, off + payload, buf, (size_t)n) != 0) {
			w->why = "a read failed";
			return false;
		}
	}
	buf[n] = '\0';
	static const char syslog_pid[] = "SYSLOG_PID=", pid_key[] = "_PID=";
	if (n >= sizeof syslog_pid - 1 && memcmp(buf, syslog_pid, sizeof syslog_pid - 1) == 0) {
		pids[0] = field_pid(buf + sizeof syslog_pid - 1, (size_t)n - (sizeof syslog_pid - 1));
		return true;
	}
	if (n >= sizeof pid_key - 1 && memcmp(buf, pid_key, sizeof pid_key - 1) == 0) {
		pids[1] = field_pid(buf + sizeof pid_key - 1, (size_t)n - (sizeof pid_key - 1));
		return true;
	}
	char *dst = NULL;
	size_t skip = 0;
	if (n >= sizeof msg_key - 1 && memcmp(buf, msg_key, sizeof msg_key - 1) == 0) {
		dst = message;
		skip = sizeof msg_key - 1;
	} else if (n >= sizeof id_key - 1 && memcmp(buf, id_key, sizeof id_key - 1) == 0) {
		dst = ident;
		skip = sizeof id_key - 1;
	}
	if (!dst)
		return true;
	size_t len = (size_t)n - skip;
	if (len > JOURNAL_FIELD_MAX - 1)
		len = JOURNAL_FIELD_MAX - 1;
	memcpy(dst, buf + skip, len);
	dst[len] = '\0';
	for (size_t i = 0; i < len; i++) /* a binary field's NUL, a multi-line message's newline */
		if (dst[i] == '\0' || dst[i] == '\n')
			dst[i] = ' ';
	return true;
}

/* One ENTRY object: its realtime, then (when in range) its two fields. 1 handed out, 0 skipped,
 * -1 error, 2 stop. */
static int entry(struct walk *w, uint64_t off, uint64_t since, journal_entry_fn fn, void *ud,
		 struct journal_walk_stats *st)
{
	uint64_t size;
	if (!object_at(w, off, OBJECT_ENTRY, &size, NULL))
		return -1;
	unsigned char h[64];
	if (size < sizeof h) {
		w->why = "an entry object too small";
		return -1;
	}
	if (w->read(w->io, off, h, sizeof h) != 0) {
		w->why = "a read failed";
		return -1;
	}
	uint64_t realtime = le64(h + 24);
	if (realtime < since) {
		st->skipped_before++;
		return 0;
	}
	size_t item = w->compact ? 4 : 16;
	uint64_t n = (size - 64) / item;
	if (n > MAX_ENTRY_ITEMS)
		n = MAX_ENTRY_ITEMS;
	char ident[JOURNAL_FIELD_MAX], message[JOURNAL_FIELD_MAX];
	ident[0] = message[0] = '\0';
	long pids[2] = { 0, 0 };
	unsigned char items[16 * 64];
	for (uint64_t i = 0; i < n;) {
		uint64_t batch = n - i;
		if (batch > sizeof items / item)
			batch = sizeof items / item;
		if (w->read(w->io, off + 64 + i * item, items, (size_t)(batch * item)) != 0) {
			w->why = "a read failed";
			return -1;
		}
		for (uint64_t k = 0; k < batch; k++) {
			const unsigned char *p = items + k * item;
			uint64_t data = w->compact ? le32(p) : le64(p);
			if (data == 0)
				continue;
			if (!read_field(w, data, ident, message, pids, st))
				return -1;
		}
		i += batch;
	}
	st->entries++;
	return fn(ud, realtime, ident, message, pids[0] ? pids[0] : pids[1]) ? 1 : 2;
}

static int walk_file(struct walk *w, uint64_t since_usec, journal_entry_fn fn, void *ud,
		     struct journal_walk_stats *stats, const char **why)
{
	journal_read_fn read = w->read;
	void *io = w->io;
	uint64_t file_size = w->file_size;
	unsigned char h[HEADER_MIN];
	if (file_size < sizeof h || read(io, 0, h, sizeof h) != 0) {
		*why = "shorter than a journal header";
		return -1;
	}
	if (memcmp(h, "LPKSHHRH", 8) != 0) {
		*why = "not a journal file (no LPKSHHRH signature)";
		return -1;
	}
	uint32_t incompat = le32(h + 12);
	if (incompat & ~INCOMPAT_KNOWN) {
		*why = "uses a journal feature kensa does not know";
		return -1;
	}
	w->compact = incompat & INCOMPAT_COMPACT;
	stats->compact = w->compact;
	w->header_size = le64(h + 88);
	uint64_t n_entries = le64(h + 152);
	uint64_t array = le64(h + 176);
	if (w->header_size < HEADER_MIN || w->header_size > file_size) {
		*why = "a header size outside the file";
		return -1;
	}
	uint64_t seen = 0;
	size_t item = w->compact ? 4 : 8;
	while (array && seen < n_entries) {
		uint64_t size;
		if (!object_at(w, array, OBJECT_ENTRY_ARRAY, &size, NULL) || size < 24) {
			*why = w->why ? w->why : "an entry array too small";
			return -1;
		}
		unsigned char next_buf[8];
		if (read(io, array + 16, next_buf, 8) != 0) {
			*why = "a read failed";
			return -1;
		}
		uint64_t next = le64(next_buf);
		uint64_t n = (size - 24) / item;
		unsigned char items[8 * 128];
		for (uint64_t i = 0; i < n && seen < n_entries;) {
			uint64_t batch = n - i;
			if (batch > sizeof items / item)
				batch = sizeof items / item;
			if (read(io, array + 24 + i * item, items, (size_t)(batch * item)) != 0) {
				*why = "a read failed";
				return -1;
			}
			for (uint64_t k = 0; k < batch && seen < n_entries; k++) {
				const unsigned char *p = items + k * item;
				uint64_t e = w->compact ? le32(p) : le64(p);
				if (e == 0) { /* the unused tail of the last array */
					n = 0;
					break;
				}
				seen++;
				int rc = entry(w, e, since_usec, fn, ud, stats);
				if (rc < 0) {
					*why = w->why;
					return -1;
				}
				if (rc == 2)
					return 0;
			}
			i += batch;
		}
		/* arrays are appended: a chain that does not move forward is corrupt (or a loop) */
		if (next && next <= array) {
			*why = "an entry array chain that goes backwards";
			return -1;
		}
		array = next;
	}
	return 0;
}

int journal_walk(journal_read_fn read, void *io, uint64_t file_size, uint64_t since_usec,
		 journal_entry_fn fn, void *ud, struct journal_walk_stats *stats, const char **why)
{
	memset(stats, 0, sizeof *stats);
	struct walk w = { .read = read, .io = io, .file_size = file_size };
	int rc = walk_file(&w, since_usec, fn, ud, stats, why);
	journal_payload_free(w.z);
	return rc;
}
